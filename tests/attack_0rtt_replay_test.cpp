// tls13-0rtt-replay (sim/attack/tls13_0rtt_replay.cpp): the attacker records the resumed
// connection's ClientHello and 0-RTT records and replays them to the server in a connection of
// its own. Without a defense the server runs the request twice; with each of the server's
// defenses (RFC 8446 8.1, 8.2, no 0-RTT) the exact place where the replay is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "net/simulation.hpp"
#include "sim_fixtures.hpp"
#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

namespace {

using namespace sim;

const char* kAttack = "tls13-0rtt-replay";

ScenarioOptions replay_attack(const std::string& defense = "") {
  ScenarioOptions o;
  o.attack = kAttack;
  if (!defense.empty()) o.defenses[defense] = true;
  o.client_min_version = o.server_min_version = kTls13;
  o.client_max_version = o.server_max_version = kTls13;
  return o;
}

using simfix::run_attack;

std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// A note `key` that `side` wrote on the event ("server: ...").
bool has_note(const Event& e, Actor side, const std::string& key) {
  for (const Message& n : e.notes) {
    if (n.key != "note.by_side") continue;
    const Message::Param* s = n.param("side");
    const Message::Param* inner = n.param("note");
    if (!s || !inner || inner->message.empty()) continue;
    std::string who = s->message.empty() ? s->text : s->message[0].english();
    if (who == actor_message(side).english() && inner->message[0].key == key) return true;
  }
  return false;
}

std::vector<const Event*> in_connection(const Trace& t, int c) {
  std::vector<const Event*> out;
  for (const Event& e : t.events)
    if (e.connection == c) out.push_back(&e);
  return out;
}

// The client's first flight of connection `c` as the client sent it: its records before the
// server's first one.
Bytes client_first_flight(const Trace& t, int c) {
  Bytes out;
  for (const Event* e : in_connection(t, c)) {
    if (e->attack) continue;  // the attacker's copies
    if (e->from == Actor::server) break;
    if (e->from == Actor::client) out.insert(out.end(), e->bytes.begin(), e->bytes.end());
  }
  return out;
}

// The records the attacker's own connection sent to the server.
std::vector<const Event*> replayed(const Trace& t, int c) {
  std::vector<const Event*> out;
  for (const Event* e : in_connection(t, c))
    if (e->from == Actor::attacker && e->to == Actor::server && !e->attack) out.push_back(e);
  return out;
}

// The 0-RTT data records (application data under the client's early keys) that reached the
// server in connection `c`, whoever put them on the wire there. Their plaintext is the server's
// view when an attacker sent them on (empty: the server did not decrypt them).
std::vector<const Event*> early_records_to_server(const Trace& t, int c) {
  std::vector<const Event*> out;
  for (const Event* e : in_connection(t, c))
    if (e->to == Actor::server && e->delivered && e->protection.phase == ProtectionPhase::early &&
        e->layer == ContentType::application_data)
      out.push_back(e);
  return out;
}

const Event* client_hello_to_server(const Trace& t, int c) {
  for (const Event* e : in_connection(t, c))
    if (e->to == Actor::server && e->delivered && e->bytes.size() > 5 && e->bytes[0] == 22 && e->bytes[5] == 1) return e;
  return nullptr;
}

using simfix::attack_evidence;

TEST(ZeroRttReplay, UndefendedTheServerRunsTheEarlyRequestTwice) {
  Trace t = run_attack(replay_attack());
  ASSERT_TRUE(t.attack);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  EXPECT_TRUE(t.attack->defenses_on.empty());
  // The victims' connections went through: connection 2 resumed with 0-RTT accepted.
  EXPECT_EQ(t.outcome, OutcomeKind::completed) << t.outcome.reason;
  EXPECT_EQ(t.negotiated.early_data, "accepted");
  ASSERT_EQ(t.events.back().connection, 3);

  // What the attacker sent in connection 3 is the client's first flight of connection 2, byte
  // for byte: ClientHello, compatibility ChangeCipherSpec, 0-RTT data.
  Bytes flight = client_first_flight(t, 2);
  Bytes sent;
  for (const Event* e : replayed(t, 3)) sent.insert(sent.end(), e->bytes.begin(), e->bytes.end());
  ASSERT_FALSE(flight.empty());
  EXPECT_EQ(sent, flight);
  auto* ev = attack_evidence(t, "records_replayed");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->value, flight);

  // The server decrypted the money transfer in both connections: the same request, run twice.
  auto first = early_records_to_server(t, 2), again = early_records_to_server(t, 3);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(again.size(), 1u);
  std::string read1 = text(first[0]->plaintext), read2 = text(again[0]->plaintext);
  EXPECT_EQ(count(read1, "POST /transfer HTTP/1.1\r\n"), 1u) << read1;
  EXPECT_NE(read1.find("to=mallory&amount=500"), std::string::npos);
  EXPECT_EQ(read2, read1);
  // No record was skipped; the server said, on reading each ClientHello, that it took 0-RTT.
  for (int c : {2, 3}) {
    const Event* ch = client_hello_to_server(t, c);
    ASSERT_TRUE(ch);
    EXPECT_TRUE(has_note(*ch, Actor::server, "note.early_data_accepted")) << "connection " << c;
    for (const Event* e : in_connection(t, c)) EXPECT_FALSE(has_note(*e, Actor::server, "note.early_data_skipped")) << c << " " << e->name;
  }
  // The attacker could not finish: the server of connection 3 got no Finished and no alert.
  for (const Event* e : replayed(t, 3)) EXPECT_NE(e->name.find("Finished"), 0u);
  for (const Event& e : t.events) EXPECT_FALSE(e.alert && e.alert->level == AlertLevel::fatal) << e.name;
  auto* twice = attack_evidence(t, "request_executed_again");
  ASSERT_TRUE(twice);
  EXPECT_EQ(text(twice->value).rfind("POST /transfer", 0), 0u);
}

TEST(ZeroRttReplay, SingleUseTicketsRefuseTheReplayedPsk) {
  Trace t = run_attack(replay_attack("single-use-tickets"));
  ASSERT_TRUE(t.attack);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.tls13-0rtt-replay.failed_psk_refused");
  EXPECT_FALSE(t.attack->stopped_by_alert);  // no alert: a full handshake instead
  EXPECT_EQ(t.attack->defenses_on, std::vector<std::string>{"single-use-tickets"});
  // Connection 2, the ticket's first use, still had its 0-RTT request run once.
  auto first = early_records_to_server(t, 2);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_NE(text(first[0]->plaintext).find("POST /transfer"), std::string::npos);
  const Event* ch2 = client_hello_to_server(t, 2);
  ASSERT_TRUE(ch2);
  EXPECT_TRUE(has_note(*ch2, Actor::server, "note.ticket_accepted"));
  // Connection 3: the server refuses the ticket at the ClientHello...
  ASSERT_EQ(t.events.back().connection, 3);
  const Event* ch3 = client_hello_to_server(t, 3);
  ASSERT_TRUE(ch3);
  EXPECT_EQ(ch3->from, Actor::attacker);
  EXPECT_TRUE(has_note(*ch3, Actor::server, "note.ticket_already_used"));
  EXPECT_FALSE(has_note(*ch3, Actor::server, "note.ticket_accepted"));
  // ... answers with a full handshake (a Certificate, no PSK) ...
  bool certificate = false;
  for (const Event* e : in_connection(t, 3)) certificate = certificate || (e->from == Actor::server && e->name.find("Certificate") != std::string::npos);
  EXPECT_TRUE(certificate);
  // ... and skips the 0-RTT record unread.
  auto again = early_records_to_server(t, 3);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_TRUE(again[0]->plaintext.empty());
  EXPECT_TRUE(has_note(*again[0], Actor::server, "note.early_data_skipped"));
}

TEST(ZeroRttReplay, TheAntiReplayWindowRejectsTheDuplicateClientHellosEarlyData) {
  Trace t = run_attack(replay_attack("anti-replay-window"));
  ASSERT_TRUE(t.attack);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.tls13-0rtt-replay.failed_early_data_rejected");
  EXPECT_FALSE(t.attack->stopped_by_alert);
  EXPECT_EQ(early_records_to_server(t, 2).size(), 1u);
  EXPECT_FALSE(early_records_to_server(t, 2)[0]->plaintext.empty());
  const Event* ch2 = client_hello_to_server(t, 2);
  ASSERT_TRUE(ch2);
  EXPECT_FALSE(has_note(*ch2, Actor::server, "note.client_hello_replayed"));
  // The replayed ClientHello keeps its PSK (RFC 8446 8.2) but loses its 0-RTT.
  const Event* ch3 = client_hello_to_server(t, 3);
  ASSERT_TRUE(ch3);
  EXPECT_TRUE(has_note(*ch3, Actor::server, "note.ticket_accepted"));
  EXPECT_TRUE(has_note(*ch3, Actor::server, "note.client_hello_replayed"));
  auto again = early_records_to_server(t, 3);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_TRUE(again[0]->plaintext.empty());
  EXPECT_TRUE(has_note(*again[0], Actor::server, "note.early_data_skipped"));
  for (const Event* e : in_connection(t, 3))
    EXPECT_FALSE(e->from == Actor::server && e->name.find("Certificate") != std::string::npos) << e->name;
}

TEST(ZeroRttReplay, WithoutZeroRttTheRequestGoesOnceAfterTheHandshake) {
  ScenarioOptions o = replay_attack("no-early-data");
  Simulation s(o);
  s.run_to_end();
  const Trace& t = s.trace();
  ASSERT_TRUE(t.attack);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.tls13-0rtt-replay.failed_no_early_data");
  // Two connections only: the attacker had nothing to replay.
  EXPECT_EQ(t.events.back().connection, 2);
  EXPECT_EQ(t.negotiated.early_data, "");  // the client offered none: its ticket allowed none
  EXPECT_TRUE(early_records_to_server(t, 2).empty());
  EXPECT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_EQ(count(text(s.server().app_received()), "POST /transfer"), 1u);
  EXPECT_EQ(count(text(t.server_app_received), "POST /transfer"), 1u);
}

TEST(ZeroRttReplay, NeedsTls13OnBothSides) {
  ScenarioOptions o;
  o.attack = kAttack;  // the default versions stop at TLS 1.2
  auto errors = validate_attack(o);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].text.en.find("TLS 1.3"), std::string::npos) << errors[0].text.en;
  o = replay_attack();
  o.defenses["single-use-ticket"] = true;  // misspelt
  errors = validate_attack(o);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].text.en.find("single-use-tickets"), std::string::npos) << errors[0].text.en;
}

TEST(ZeroRttReplay, StepBackReplaysTheAttackersConnectionToo) {
  Simulation s(replay_attack());
  s.run_to_end();
  std::string full = trace_json_text(s.trace());
  size_t n = s.step_count();
  s.replay_to(5);
  EXPECT_LT(s.trace().events.back().connection, 3);
  s.replay_to(n);
  EXPECT_EQ(trace_json_text(s.trace()), full);
  auto back = trace_from_json_text(full);
  ASSERT_TRUE(back.ok()) << back.error().reason;
  ASSERT_TRUE(back->attack);
  EXPECT_EQ(*back->attack, *s.trace().attack);
}

// The independent checker (tests/tools/verify_trace.py) recomputes every connection, the
// attacker's too: the replayed records are the bytes the client sealed, and the server's opening
// of them (or its skipping) checks out.
TEST(ZeroRttReplay, TheTraceVerifiesIndependently) {
  if (testutil::run("python3 --version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("0rtt-replay-verify");
  for (std::string d : {"", "single-use-tickets", "anti-replay-window", "no-early-data"}) {
    SCOPED_TRACE(d.empty() ? "undefended" : d);
    Simulation s(replay_attack(d));
    s.run_to_end();
    auto file = dir / ((d.empty() ? "undefended" : d) + ".json");
    testutil::write_file(file, trace_json_text(s.trace()));
    auto r = testutil::run("python3 " + testutil::shell_quote(std::string(TLSLAB_SOURCE_DIR) + "/tests/tools/verify_trace.py") + " " +
                           testutil::shell_quote(file.string()) + " 2>&1");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find(" passed, 0 failed"), std::string::npos) << r.output;
  }
  std::filesystem::remove_all(dir);
}

TEST(ZeroRttReplay, BuiltInScenarios) {
  for (auto [name, won] : {std::pair{"attack-tls13-0rtt-replay-undefended", true}, {"attack-tls13-0rtt-replay-defended", false}}) {
    SCOPED_TRACE(name);
    auto o = load_scenario(name);
    ASSERT_TRUE(o.ok()) << o.error().reason;
    EXPECT_EQ(o->attack, kAttack);
    Simulation s(*o);
    s.run_to_end();
    ASSERT_TRUE(s.trace().attack);
    EXPECT_EQ(s.trace().attack->succeeded, std::optional<bool>(won));
  }
}

}  // namespace

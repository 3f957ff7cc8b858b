// The network of sim/net: attackers that drop, replay, reorder, split and coalesce records, and
// a man in the middle terminating both connections. Each test asserts what the receiving
// endpoint did (its alert, its state), not what our recorder wrote.
#include <gtest/gtest.h>

#include <filesystem>

#include "net/mitm.hpp"
#include "sim_fixtures.hpp"
#include "tshark_util.hpp"

namespace {

using namespace sim;
using namespace simfix;

// An attacker whose decision is a lambda over the record and the wire.
class ScriptAttacker : public Attacker {
 public:
  using Fn = std::function<void(const Event&, Wire&)>;
  explicit ScriptAttacker(Fn fn) : fn_(std::move(fn)) {}
  void on_record(const Event& e, Wire& w) override { fn_(e, w); }

 private:
  Fn fn_;
};

Trace run(std::shared_ptr<Attacker> a, ScenarioOptions o = {}) {
  Simulation s(o, std::move(a));
  s.run_to_end();
  return s.trace();
}

TEST(Network, DroppingTheServerFinishedLeavesTheClientWaiting) {
  ScenarioOptions o;
  auto a = std::make_shared<ScriptAttacker>([](const Event& e, Wire& w) {
    if (e.from == Actor::server && e.name.find("Finished") != std::string::npos) w.drop(attack_reason::drop());
  });
  Simulation s(o, a);
  s.run_to_end();
  EXPECT_FALSE(s.client().handshake_complete());
  EXPECT_FALSE(s.client().failed());
  EXPECT_TRUE(s.server().handshake_complete());
  const Event* drop = find_event(s.trace(), [](const Event& e) { return e.attack && e.attack->kind == AttackAction::Kind::drop; });
  ASSERT_NE(drop, nullptr);
  EXPECT_EQ(drop->from, Actor::attacker);
  EXPECT_TRUE(drop->bytes.empty());
  EXPECT_FALSE(drop->attack->before.empty());
}

TEST(Network, ReplayedApplicationRecordGivesBadRecordMac) {
  // RFC 5246 6.2.3.3: the replayed record's sequence number no longer matches its MAC.
  Bytes first_app;
  auto a = std::make_shared<ScriptAttacker>([&](const Event& e, Wire& w) {
    if (e.from == Actor::client && e.layer == sim::ContentType::application_data && first_app.empty()) {
      first_app = e.bytes;
      w.pass();
      w.inject(Actor::server, first_app, attack_reason::replay());
    }
  });
  Trace t = run(a);
  const Event* alert = fatal_alert_from(t, Actor::server);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::bad_record_mac);
}

TEST(Network, SplitSegmentsAndRecordsCompleteWithTheSameKeys) {
  Trace clean = run(nullptr);
  ASSERT_EQ(clean.outcome, OutcomeKind::completed);
  // Every unprotected record cut in two records, and every record in three TCP segments.
  auto a = std::make_shared<ScriptAttacker>([](const Event& e, Wire& w) {
    if (!e.protection.is_protected() && e.layer == sim::ContentType::handshake && e.bytes.size() > 12) {
      ASSERT_TRUE(w.split_records({(e.bytes.size() - 5) / 2}, attack_reason::split()));
    } else {
      w.split_segments({3, 4}, attack_reason::split());
    }
  });
  Trace t = run(a);
  EXPECT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_EQ(t.keylog, clean.keylog);
  EXPECT_EQ(t.client_app_received, clean.client_app_received);
  EXPECT_EQ(t.server_app_received, clean.server_app_received);
}

TEST(Network, CoalescedRecordsCompleteWithTheSameKeys) {
  Trace clean = run(nullptr);
  // The server's unprotected handshake records two by two: in one segment, or in one record.
  for (bool one_record : {false, true}) {
    std::optional<size_t> held;
    auto a = std::make_shared<ScriptAttacker>([&](const Event& e, Wire& w) {
      if (e.from != Actor::server || e.protection.is_protected() || e.layer != sim::ContentType::handshake) return;
      if (!held) {
        held = w.hold(attack_reason::hold());
      } else {
        ASSERT_TRUE(w.coalesce(*held, one_record, attack_reason::coalesce()));
        held.reset();
      }
    });
    Simulation s(ScenarioOptions{}, a);
    s.run_to_end();
    if (held) continue;  // an odd count leaves one held: not this scenario
    EXPECT_EQ(s.trace().outcome, OutcomeKind::completed) << one_record;
    EXPECT_EQ(s.trace().keylog, clean.keylog) << one_record;
  }
}

TEST(Network, ReorderedHandshakeRecordsGiveUnexpectedMessage) {
  // Holding ServerHello back and releasing it after Certificate: the client expects ServerHello
  // first (RFC 5246 7.3) and answers unexpected_message.
  std::optional<size_t> held;
  auto a = std::make_shared<ScriptAttacker>([&](const Event& e, Wire& w) {
    if (e.from != Actor::server) return;
    if (e.name == "ServerHello") held = w.hold(attack_reason::hold());
    else if (held) {
      w.pass();
      w.release(*held, attack_reason::release());
      held.reset();
    }
  });
  ScenarioOptions o;
  o.one_message_per_record = true;  // the server's messages in records of their own, to reorder
  Trace t = run(a, o);
  const Event* alert = fatal_alert_from(t, Actor::client);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::unexpected_message);
}

TEST(Network, OldOnTransitAttackerStillReplaces) {
  auto a = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.from != Actor::client || e.layer != sim::ContentType::application_data) return std::nullopt;
    Bytes b = e.bytes;
    b.back() ^= 1;
    return b;
  });
  Trace t = run(a);
  const Event* alt = find_event(t, [](const Event& e) { return e.from == Actor::attacker; });
  ASSERT_NE(alt, nullptr);
  ASSERT_TRUE(alt->attack.has_value());
  EXPECT_EQ(alt->attack->kind, AttackAction::Kind::replace);
  EXPECT_NE(alt->attack->before, alt->bytes);
  const Event* alert = fatal_alert_from(t, Actor::server);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::bad_record_mac);
}

// The client validates nothing here (verify_certificate off), so it accepts the attacker's
// certificate.
std::shared_ptr<MitmAttacker> mitm(const ScenarioOptions& o, MitmAttacker::Rewrite rw = {}) {
  return mitm_attacker(o, std::move(rw));
}

class Mitm : public testing::TestWithParam<uint16_t> {};

// Both sides at `version`; the client accepts any certificate, so the man in the middle's too.
ScenarioOptions unverified(uint16_t version) {
  ScenarioOptions o;
  o.client_max_version = o.server_max_version = version;
  o.verify_certificate = false;
  return o;
}

// The rewrite the attacker applies to the server's page.
Bytes pwned(Actor from, Bytes b) {
  if (from != Actor::server) return b;
  std::string s(b.begin(), b.end());
  if (auto p = s.find("Hello"); p != std::string::npos) s.replace(p, 5, "Pwned");
  return Bytes(s.begin(), s.end());
}

TEST_P(Mitm, RelaysTheHttpExchange) {
  ScenarioOptions o = unverified(GetParam());
  auto m = mitm(o);
  Simulation s(o, m);
  s.run_to_end();
  EXPECT_EQ(s.trace().outcome, OutcomeKind::completed);
  EXPECT_EQ(s.client().app_received(), http_response_for(o.host));
  EXPECT_EQ(s.server().app_received(), http_request_for(o.host));
  // Two connections, each with its own keys.
  EXPECT_NE(s.client().keylog_line(), m->facing_server().keylog_line());
}

TEST_P(Mitm, RewritesThePage) {
  ScenarioOptions o = unverified(GetParam());
  auto m = mitm(o, pwned);
  Simulation s(o, m);
  s.run_to_end();
  std::string got(s.client().app_received().begin(), s.client().app_received().end());
  EXPECT_NE(got.find("<h1>Pwned from www.example.com</h1>"), std::string::npos) << got;
  std::string sent(s.server().app_received().begin(), s.server().app_received().end());
  EXPECT_EQ(sent.rfind("GET ", 0), 0u);
}

// The capture of a man in the middle holds two TCP streams, client-attacker and
// attacker-server, and tshark decrypts each with the keys in the capture: the client's stream
// carries what the client sent and got, the server's what the server got and sent.
TEST_P(Mitm, CaptureHasTwoStreamsTsharkDecrypts) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  ScenarioOptions o = unverified(GetParam());
  auto m = mitm(o, pwned);
  Simulation s(o, m);
  s.run_to_end();
  ASSERT_EQ(s.trace().outcome.kind, OutcomeKind::completed);
  auto dir = testutil::temp_dir("mitm-pcap");
  auto file = write_capture(dir, "mitm.pcapng", s.trace());
  EXPECT_EQ(capture_file(s.trace()).streams, 2u);
  Followed client_side = follow_tls(file, 0), server_side = follow_tls(file, 1);
  EXPECT_EQ(client_side.to_server, to_hex(m->facing_client().app_received()));
  EXPECT_EQ(client_side.to_client, to_hex(s.client().app_received()));
  EXPECT_EQ(server_side.to_server, to_hex(s.server().app_received()));
  EXPECT_EQ(server_side.to_client, to_hex(m->facing_server().app_received()));
  // The rewrite shows: what the server sent is not what the client got.
  EXPECT_NE(server_side.to_client, client_side.to_client);
  ASSERT_FALSE(client_side.to_client.empty());
  EXPECT_EQ(problems(file), "");
  if (!HasFailure()) std::filesystem::remove_all(dir);
}

// Each of the man in the middle's two connections, as a trace of its own, passes the
// independent verifier (tests/tools/verify_trace.py recomputes every key and record).
TEST_P(Mitm, BothConnectionsVerify) {
  if (testutil::run("python3 --version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "no python3";
  ScenarioOptions o = unverified(GetParam());
  auto m = mitm(o);
  Simulation s(o, m);
  s.run_to_end();
  ASSERT_EQ(s.trace().outcome.kind, OutcomeKind::completed);
  auto dir = testutil::temp_dir("mitm-verify");
  for (auto [side, real] : {std::pair{Actor::client, &s.client()}, std::pair{Actor::server, &s.server()}}) {
    Trace half = m->link_trace(s.trace(), side, *real);
    ASSERT_TRUE(half.handshake_complete);
    auto file = dir / (std::string(name_of(side)) + ".json");
    testutil::write_file(file, trace_json_text(half));
    auto r = testutil::run("python3 " + testutil::shell_quote(std::string(TLSLAB_SOURCE_DIR) + "/tests/tools/verify_trace.py") +
                           " " + testutil::shell_quote(file.string()) + " 2>&1");
    EXPECT_EQ(r.status, 0) << name_of(side) << ":\n" << r.output;
    EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << r.output;
  }
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Versions, Mitm, testing::Values(kTls12, kTls13),
                         [](const auto& i) { return i.param == kTls12 ? std::string("TLS1_2") : std::string("TLS1_3"); });

}  // namespace

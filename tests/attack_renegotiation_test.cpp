// renegotiation-injection (CVE-2009-3555): the attacker splices the client's handshake into its
// own session as a renegotiation. Undefended, the server executes the attacker's request line
// with the client's cookie; with RFC 5746 on the server (3.7) or a client that requires it (4.1),
// the exact alert, its sender and the message it answered.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "hs/config.hpp"
#include "net/simulation.hpp"
#include "sim_fixtures.hpp"
#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"
#include "test_util.hpp"

namespace {

using namespace sim;

constexpr const char* kCookie = "session=victim-7d1e";
const std::string kAttackerLine = "GET /transfer?to=attacker HTTP/1.1";

ScenarioOptions reneg(uint16_t version, bool server_defense, bool client_defense) {
  ScenarioOptions o;
  o.attack = "renegotiation-injection";
  o.defenses["secure-renegotiation-server"] = server_defense;
  o.defenses["secure-renegotiation-client"] = client_defense;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  o.http_cookie = kCookie;
  return o;
}

using simfix::run_attack;

std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// The alert that stopped the attack, checked against the event the report points at, and the
// record that side was answering.
const Event& expect_stopped(const Trace& t, AlertDescription alert, Actor by, const std::string& reason_key) {
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false)) << t.attack->summary.english();
  EXPECT_TRUE(t.attack->stopped_by_alert) << t.attack->summary.english();
  EXPECT_EQ(t.attack->stopped_by_alert, std::optional<AlertDescription>(alert));
  EXPECT_EQ(t.attack->stopped_by, std::optional<Actor>(by));
  const Event& e = t.events.at(t.attack->stopped_at_event.value_or(0));
  EXPECT_TRUE(e.alert);
  EXPECT_EQ(e.from, by);
  if (e.alert) {
    EXPECT_EQ(e.alert->level, AlertLevel::fatal);
    EXPECT_EQ(e.alert->reason.key, reason_key) << e.alert->reason.english();
  }
  // The alert went on the wire in the step that delivered the record it answers.
  for (size_t i = *t.attack->stopped_at_event; i-- > 0;)
    if (t.events[i].to == by && !t.events[i].attack && t.events[i].delivered == e.step) return t.events[i];
  ADD_FAILURE() << "no record reached the side that stopped the attack";
  return e;
}

class RenegotiationInjection : public testing::TestWithParam<uint16_t> {};

// Without RFC 5746 on the server and with a client that does not require it, the server reads the
// attacker's prefix and the client's request as one stream and executes the attacker's line.
TEST_P(RenegotiationInjection, UndefendedTheServerRunsTheAttackersLineWithTheClientsCookie) {
  Trace t = run_attack(reneg(GetParam(), false, false));
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  // What the server read: the attacker's line first, its open header swallowing the client's
  // request line, then the client's headers with its cookie.
  std::string server_read = text(t.server_app_received);
  EXPECT_EQ(server_read.rfind(kAttackerLine + "\r\nX-Ignore: GET / HTTP/1.1\r\nHost: www.example.com\r\n", 0), 0u) << server_read;
  EXPECT_TRUE(has(server_read, std::string("\r\nCookie: ") + kCookie + "\r\n")) << server_read;
  // What the server did, as the client displayed it: that request line, for that session.
  std::string page = text(t.client_app_received);
  EXPECT_TRUE(has(page, "Executed: " + kAttackerLine)) << page;
  EXPECT_TRUE(has(page, std::string("For the session: ") + kCookie)) << page;
  // The client made one handshake and sent its cookie only under keys the attacker never had:
  // no record the attacker sent holds it on the wire, nor in what it sealed itself (a relayed
  // record's plaintext is its receiver's view).
  EXPECT_EQ(t.negotiated.handshakes, 1);
  for (auto& e : t.events) {
    if (e.from != Actor::attacker) continue;
    EXPECT_FALSE(has(text(e.bytes), kCookie));
    if (e.protection.phase != ProtectionPhase::unknown) {
      EXPECT_FALSE(has(text(e.plaintext), kCookie)) << e.name;
    }
  }
  // The attacker's evidence: the prefix it sent in its own session, and the client's ClientHello
  // sealed there as a renegotiation.
  auto find = [&](const std::string& n) {
    return std::find_if(t.attack->evidence.begin(), t.attack->evidence.end(), [&](auto& e) { return e.name == n; });
  };
  auto prefix = find("prefix_sent");
  ASSERT_NE(prefix, t.attack->evidence.end());
  EXPECT_EQ(text(prefix->value), kAttackerLine + "\r\nX-Ignore: ");
  ASSERT_TRUE(prefix->event);
  EXPECT_EQ(t.events[*prefix->event].to, Actor::server);
  EXPECT_TRUE(t.events[*prefix->event].protection.is_protected());
  auto hello = find("client_hello_spliced");
  ASSERT_NE(hello, t.attack->evidence.end());
  ASSERT_FALSE(hello->value.empty());
  EXPECT_EQ(hello->value[0], uint8_t(HandshakeType::client_hello));
  // The client's own ClientHello record (to the attacker, in clear) carried those same bytes.
  bool found = false;
  for (auto& e : t.events)
    if (e.from == Actor::client && e.to == Actor::attacker && e.bytes.size() > 5 && e.bytes[5] == 1)
      found = found || Bytes(e.bytes.begin() + 5, e.bytes.end()) == hello->value;
  EXPECT_TRUE(found);
  ASSERT_TRUE(hello->event);
  EXPECT_TRUE(t.events[*hello->event].protection.is_protected());
  EXPECT_GT(*hello->event, *prefix->event);
}

// RFC 5746 on the server: the client's ClientHello, arriving as a renegotiation of the attacker's
// secure session, lacks that session's client verify_data (3.7); an SSL 3.0 client's is marked
// with the SCSV, which a renegotiation must not carry.
TEST_P(RenegotiationInjection, TheServerWithRfc5746RefusesTheSplicedClientHello) {
  for (bool client_defense : {false, true}) {
    SCOPED_TRACE(client_defense ? "both sides" : "server only");
    Trace t = run_attack(reneg(GetParam(), true, client_defense));
    const Event& answered = expect_stopped(t, AlertDescription::handshake_failure, Actor::server,
                                           GetParam() == kSsl3 ? "reason.scsv_in_renegotiation" : "reason.reneg_info_wrong_client_verify_data");
    EXPECT_EQ(answered.from, Actor::attacker);
    EXPECT_TRUE(answered.protection.is_protected());  // inside the attacker's session
    EXPECT_TRUE(has(answered.name, "ClientHello")) << answered.name;
    EXPECT_FALSE(has(text(t.server_app_received), "Cookie"));
    EXPECT_FALSE(has(text(t.client_app_received), "Executed"));
  }
}

// A server without RFC 5746 sends no renegotiation_info: a client that requires it refuses the
// ServerHello (4.1) before it sends anything of its own.
TEST_P(RenegotiationInjection, AClientThatRequiresRfc5746RefusesTheServerWithoutIt) {
  Trace t = run_attack(reneg(GetParam(), false, true));
  const Event& answered = expect_stopped(t, AlertDescription::handshake_failure, Actor::client, "reason.server_lacks_secure_renegotiation");
  EXPECT_EQ(answered.from, Actor::attacker);
  EXPECT_FALSE(answered.protection.is_protected());  // opened by the attacker for the client
  EXPECT_EQ(answered.name.rfind("ServerHello", 0), 0u);  // first in the server's packed flight
  const Event& alert = t.events[*t.attack->stopped_at_event];
  ASSERT_TRUE(alert.states.sender);
  EXPECT_EQ(name_of(alert.states.sender->before), "ReadServerHello");
  // The server accepted the renegotiation, but no request reached it.
  EXPECT_EQ(text(t.server_app_received), kAttackerLine + "\r\nX-Ignore: ");
}

INSTANTIATE_TEST_SUITE_P(Versions, RenegotiationInjection, testing::Values(kSsl3, kTls10, kTls11, kTls12),
                         [](const auto& info) { return version_name(info.param) == "SSL 3.0" ? std::string("SSL30") : "TLS1" + std::to_string((info.param & 0xff) - 1); });

TEST(RenegotiationInjectionTable, ModernEndpointsAreDefendedByDefault) {
  const AttackInfo* a = attack_info("renegotiation-injection");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->max_version, kTls12);
  ASSERT_EQ(a->defenses.size(), 2u);
  for (auto& d : a->defenses) EXPECT_TRUE(d.on_by_default) << d.name;
  ScenarioOptions o;
  o.attack = "renegotiation-injection";
  ScenarioOptions e = effective_options(o);
  EXPECT_TRUE(e.server_secure_renegotiation);
  EXPECT_FALSE(e.accept_unsafe_renegotiation);
  EXPECT_TRUE(e.require_secure_renegotiation);
  EXPECT_FALSE(e.http_cookie.empty());  // the setup logs the client in
  // TLS 1.3 has no renegotiation: the attack does not apply.
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls13;
  auto problems = validate(o);
  EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [](auto& p) { return p.key == "attack" && has(p.text.en, "renegotiation-injection"); }));
}

TEST(RenegotiationInjectionTable, ACookieWithALineBreakIsRefused) {
  auto o = scenario_from_json(R"({"format": "tlslab-scenario", "version": 1, "http_cookie": "a=1\r\nX-Evil: 2"})", "cookie.json");
  ASSERT_FALSE(o.ok());
  EXPECT_TRUE(has(o.error().reason, "http_cookie")) << o.error().reason;
  EXPECT_TRUE(has(o.error().reason, "line break")) << o.error().reason;
  auto fine = scenario_from_json(R"({"format": "tlslab-scenario", "version": 1, "http_cookie": "a=1"})", "cookie.json");
  ASSERT_TRUE(fine.ok()) << fine.error().reason;
  EXPECT_EQ(fine->http_cookie, "a=1");
}

TEST(RenegotiationInjectionTable, TheBuiltInScenariosPlayBothOutcomes) {
  auto undefended = load_scenario("attack-renegotiation-injection-undefended");
  ASSERT_TRUE(undefended.ok()) << undefended.error().reason;
  Trace t = run_attack(*undefended);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  auto defended = load_scenario("attack-renegotiation-injection-defended");
  ASSERT_TRUE(defended.ok()) << defended.error().reason;
  t = run_attack(*defended);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->stopped_by_alert, std::optional<AlertDescription>(AlertDescription::handshake_failure));
  EXPECT_EQ(t.attack->stopped_by, std::optional<Actor>(Actor::server));
}

}  // namespace

// ---- the server's RFC 5746 4.4 check, engine to engine -----------------------------------------

// RFC 5746 4.4: a server that allows legacy renegotiation on a session without RFC 5746 must still
// refuse a renegotiating ClientHello that carries renegotiation_info or the SCSV: it comes from a
// client that believes it is making a first handshake. An SSL 3.0 client signals with the SCSV.
TEST(RenegotiationInjectionEngine, ALegacySessionRefusesARenegotiationCarryingTheScsv) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kSsl3;
  o.allow_legacy_renegotiation = true;
  ClientConfig legacy = client_config(o);
  legacy.offer_renegotiation_info = false;
  legacy.send_http_request = false;
  auto client = make_client(legacy, 3);
  auto server = make_server(server_config(o), 3);
  client->start();
  simfix::pump(*client, *server);
  ASSERT_TRUE(client->handshake_complete());
  ASSERT_TRUE(server->handshake_complete());
  ASSERT_FALSE(server->negotiated().secure_renegotiation);
  // A patched SSL 3.0 client's first ClientHello, whose suites end with TLS_EMPTY_RENEGOTIATION_INFO_SCSV.
  ClientConfig patched = client_config(o);
  auto victim = make_client(patched, 4);
  victim->start();
  Bytes hello = simfix::wire_of(victim->take_sent());
  const Bytes scsv{0x00, 0xff};
  ASSERT_NE(std::search(hello.begin(), hello.end(), scsv.begin(), scsv.end()), hello.end());
  // Sent inside the legacy session as a renegotiation.
  client->send_record(ContentType::handshake, ByteView(hello).subspan(5));
  server->receive(simfix::wire_of(client->take_sent()));
  ASSERT_TRUE(server->failed());
  EXPECT_EQ(server->failure()->alert, AlertDescription::handshake_failure);
  EXPECT_EQ(server->failure()->message().key, "reason.reneg_info_in_insecure_renegotiation_server");
  // Without the SCSV (a legacy client's ClientHello), the same server renegotiates.
  auto client2 = make_client(legacy, 5);
  auto server2 = make_server(server_config(o), 5);
  client2->start();
  simfix::pump(*client2, *server2);
  auto plain = make_client(legacy, 6);
  plain->start();
  Bytes hello2 = simfix::wire_of(plain->take_sent());
  client2->send_record(ContentType::handshake, ByteView(hello2).subspan(5));
  server2->receive(simfix::wire_of(client2->take_sent()));
  EXPECT_FALSE(server2->failed());
  EXPECT_EQ(name_of(server2->hs_state()), "ReadClientKeyExchange");
}

// ---- OpenSSL as the client the defense stands for -------------------------------------------

namespace {

// The port a `tlslab serve` or `tlslab intercept` started with --port 0 prints, 0 if none came.
int listening_port(const std::filesystem::path& out) {
  for (int i = 0; i < 200; ++i) {
    std::string text = testutil::read_file(out);
    auto at = text.find("listening on 127.0.0.1:");
    if (at != std::string::npos && text.find(" as ", at) != std::string::npos) return std::atoi(text.c_str() + at + 23);
    ::usleep(50000);
  }
  return 0;
}

// The injection with real peers: OpenSSL 3's s_client is the victim (its request carries its
// Cookie), `tlslab serve` the server, `tlslab intercept` the attacker between them.
TEST(RenegotiationInjectionInterop, OpenSslClientThroughTheAttackerToTlslabServe) {
  auto dir = testutil::temp_dir("reneg-inject");
  struct Case {
    const char* name;
    const char* serve_flags;   // the server, with or without RFC 5746
    const char* client_flags;  // s_client, requiring RFC 5746 (its default) or not
  } cases[] = {
      {"undefended", " --server-no-secure-renegotiation --accept-unsafe-renegotiation", " -legacy_server_connect"},
      {"server-defense", "", " -legacy_server_connect"},
      {"client-defense", " --server-no-secure-renegotiation --accept-unsafe-renegotiation", ""},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto serve_out = dir / (std::string(c.name) + "-serve.log");
    auto mitm_out = dir / (std::string(c.name) + "-intercept.log");
    testutil::Background serve(std::string(TLSLAB_BIN) + " serve --once --timeout 20 --port 0 --version tls1.2 --host www.example.com" +
                               c.serve_flags + " > " + serve_out.string() + " 2>&1");
    int server_port = listening_port(serve_out);
    ASSERT_NE(server_port, 0) << testutil::read_file(serve_out);
    testutil::Background mitm(std::string(TLSLAB_BIN) + " intercept --timeout 20 --port 0 --version tls1.2 --to 127.0.0.1:" +
                              std::to_string(server_port) + " --attack renegotiation-injection > " + mitm_out.string() + " 2>&1");
    int mitm_port = listening_port(mitm_out);
    ASSERT_NE(mitm_port, 0) << testutil::read_file(mitm_out);
    auto r = testutil::run("printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\nCookie: session=real-peer-42\\r\\n\\r\\n'"
                           " | timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(mitm_port) +
                           " -servername www.example.com -tls1_2 -ign_eof" + c.client_flags + " 2>&1");
    mitm.wait_exit(10000);
    serve.wait_exit(10000);
    std::string served = testutil::read_file(serve_out), relayed = testutil::read_file(mitm_out);
    if (std::string(c.name) == "undefended") {
      // The page s_client shows: the server executed the attacker's request line for s_client's session.
      EXPECT_TRUE(has(r.output, "Executed: GET /transfer?to=attacker HTTP/1.1")) << r.output << relayed << served;
      EXPECT_TRUE(has(r.output, "For the session: session=real-peer-42")) << r.output;
      EXPECT_TRUE(has(served, "executed the request GET /transfer?to=attacker HTTP/1.1 for the session Cookie: session=real-peer-42")) << served;
      EXPECT_TRUE(has(served, "handshakes:             2")) << served;
    } else if (std::string(c.name) == "server-defense") {
      EXPECT_TRUE(has(served, "handshake_failure")) << served;
      EXPECT_TRUE(has(served, "RFC 5746 3.7")) << served;
      EXPECT_TRUE(has(r.output, "handshake failure")) << r.output;
      EXPECT_FALSE(has(r.output, "Executed:")) << r.output;
    } else {
      EXPECT_TRUE(has(r.output, "unsafe legacy renegotiation disabled")) << r.output;
      EXPECT_FALSE(has(served, "executed the request")) << served;
    }
  }
  std::filesystem::remove_all(dir);
}

// `tlslab serve` with the server defense off (no RFC 5746) and OpenSSL 3's s_client: by default
// it refuses the ServerHello without renegotiation_info with handshake_failure, as
// require_secure_renegotiation does (RFC 5746 4.1); with -legacy_server_connect it goes on, as a
// client without the defense does.
TEST(RenegotiationInjectionInterop, OpenSsl3ClientRefusesAServerWithoutRfc5746) {
  auto dir = testutil::temp_dir("reneg-interop");
  for (bool legacy : {false, true}) {
    SCOPED_TRACE(legacy ? "-legacy_server_connect" : "default");
    auto out = dir / (legacy ? "serve-legacy.log" : "serve.log");
    testutil::Background serve(std::string(TLSLAB_BIN) + " serve --once --timeout 20 --port 0 --version tls1.2" +
                               " --host www.example.com --server-no-secure-renegotiation > " + out.string() + " 2>&1");
    int port = 0;
    for (int i = 0; i < 200 && port == 0; ++i) {
      std::string text = testutil::read_file(out);
      auto at = text.find("listening on 127.0.0.1:");
      if (at != std::string::npos && text.find(" as ", at) != std::string::npos) port = std::atoi(text.c_str() + at + 23);
      else ::usleep(50000);
    }
    ASSERT_NE(port, 0) << testutil::read_file(out);
    auto r = testutil::run("printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\n\\r\\n' | timeout 20 openssl s_client -connect 127.0.0.1:" +
                           std::to_string(port) + " -servername www.example.com -tls1_2 -ign_eof" +
                           (legacy ? " -legacy_server_connect" : "") + " 2>&1");
    serve.wait_exit(10000);
    std::string served = testutil::read_file(out);
    Bytes page = http_response_for("www.example.com");
    if (legacy) {
      EXPECT_TRUE(has(r.output, std::string(page.begin(), page.end()))) << r.output;
      EXPECT_TRUE(has(r.output, "Secure Renegotiation IS NOT supported")) << r.output;
    } else {
      EXPECT_TRUE(has(r.output, "unsafe legacy renegotiation disabled")) << r.output;
      EXPECT_FALSE(has(r.output, std::string(page.begin(), page.end()))) << r.output;
      EXPECT_TRUE(has(served, "handshake_failure")) << served;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

// version-rollback (sim/attack/version_rollback.cpp): the attacker breaks each handshake above
// SSL 3.0 and the falling-back client ends at SSL 3.0, unless TLS_FALLBACK_SCSV (RFC 7507) or
// the TLS 1.3 downgrade sentinel (RFC 8446 4.1.3) stops the first retry.
#include <gtest/gtest.h>

#include "net/simulation.hpp"
#include "present/present.hpp"
#include "scenario/attacks.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

namespace {

using namespace sim;

ScenarioOptions rollback(std::vector<std::string> off, uint16_t client_max = kTls13, uint16_t server_max = kTls13) {
  ScenarioOptions o;
  o.attack = "version-rollback";
  for (auto& d : off) o.defenses[d] = false;
  o.client_max_version = client_max;
  o.server_max_version = server_max;
  o.client_min_version = o.server_min_version = kTls10;  // the attack's setup lowers both to SSL 3.0
  return o;
}

using simfix::run_attack;

// The ClientHellos the client sent, as they left it (before the attacker).
std::vector<const Event*> client_hellos(const Trace& t) {
  std::vector<const Event*> out;
  for (auto& e : t.events)
    if (e.from == Actor::client && !e.attack && e.name == "ClientHello") out.push_back(&e);
  return out;
}

uint16_t legacy_version(const Event& ch) { return uint16_t(ch.bytes.at(9) << 8 | ch.bytes.at(10)); }

bool has_fallback_scsv(const Event& ch) {
  size_t p = 5 + 4 + 2 + 32;
  p += 1 + ch.bytes.at(p);
  size_t n = size_t(ch.bytes.at(p)) << 8 | ch.bytes.at(p + 1);
  for (size_t i = 0; i < n; i += 2)
    if (ch.bytes.at(p + 2 + i) == 0x56 && ch.bytes.at(p + 3 + i) == 0x00) return true;
  return false;
}

void expect_stopped(const Trace& t, AlertDescription alert, Actor by, int connection) {
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(false)) << t.attack->summary.english();
  ASSERT_TRUE(t.attack->stopped_by_alert);
  EXPECT_EQ(*t.attack->stopped_by_alert, alert) << name_of(*t.attack->stopped_by_alert);
  EXPECT_EQ(t.attack->stopped_by, by);
  const Event& e = t.events.at(*t.attack->stopped_at_event);
  EXPECT_EQ(e.connection, connection);
  EXPECT_EQ(e.from, by);
  // No retry after the refusal: the run ends with that connection.
  EXPECT_EQ(t.events.back().connection, connection);
}

TEST(VersionRollback, WithoutDefensesTheClientFallsBackToSsl3) {
  Trace t = run_attack(rollback({"fallback-scsv", "downgrade-sentinel"}));
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  // Five ClientHellos, one per connection, each one version lower: TLS 1.3 (legacy_version
  // 0x0303 and supported_versions), then 1.2, 1.1, 1.0 and SSL 3.0; none marked as a fallback.
  auto chs = client_hellos(t);
  ASSERT_EQ(chs.size(), 5u);
  std::vector<uint16_t> want = {kTls12, kTls12, kTls11, kTls10, kSsl3};
  for (size_t i = 0; i < chs.size(); ++i) {
    EXPECT_EQ(chs[i]->connection, int(i + 1));
    EXPECT_EQ(legacy_version(*chs[i]), want[i]) << i;
    EXPECT_FALSE(has_fallback_scsv(*chs[i])) << i;
  }
  // The attacker broke the first four: each ClientHello dropped and a forged fatal alert sent
  // to the client instead, which the client took as the server's.
  int drops = 0, forged = 0;
  for (auto& e : t.events) {
    if (!e.attack) continue;
    drops += e.attack->kind == AttackAction::Kind::drop;
    if (e.attack->kind == AttackAction::Kind::inject) {
      ++forged;
      EXPECT_EQ(e.to, Actor::client);
      EXPECT_EQ(e.bytes, (Bytes{21, e.bytes.at(1), e.bytes.at(2), 0, 2, 2, 40}));
    }
  }
  EXPECT_EQ(drops, 4);
  EXPECT_EQ(forged, 4);
  // The trace says why each later connection exists.
  ASSERT_EQ(t.connections.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(t.connections[i].connection, int(i + 2));
    EXPECT_EQ(t.connections[i].kind, ConnectionStart::Kind::fallback);
    EXPECT_EQ(t.connections[i].max_version, want[i + 1]);
  }
  EXPECT_EQ(present::connection_heading(t, 5), "connection 5 (fallback: the client retries with SSL 3.0 at most)");
  // The session that went through is SSL 3.0, used to the end.
  EXPECT_EQ(t.negotiated.version, kSsl3);
  EXPECT_EQ(t.server_app_received, http_request_for("www.example.com"));
  EXPECT_EQ(t.outcome, OutcomeKind::completed);
  auto used = std::find_if(t.attack->evidence.begin(), t.attack->evidence.end(), [](auto& e) { return e.name == "version_used"; });
  ASSERT_NE(used, t.attack->evidence.end());
  EXPECT_EQ(std::string(used->value.begin(), used->value.end()), "SSL 3.0");
}

// The attacker lets nothing above SSL 3.0 through, so the SSL 3.0 retry is the first the server
// sees, and the one a defense must catch.
TEST(VersionRollback, FallbackScsvMakesTheServerRefuseTheRetryThatGetsThrough) {
  Trace t = run_attack(rollback({"downgrade-sentinel"}));
  auto chs = client_hellos(t);
  ASSERT_EQ(chs.size(), 5u);
  EXPECT_FALSE(has_fallback_scsv(*chs[0]));  // the first attempt is not a fallback
  for (size_t i = 1; i < chs.size(); ++i) EXPECT_TRUE(has_fallback_scsv(*chs[i])) << i;
  EXPECT_EQ(legacy_version(*chs[4]), kSsl3);
  expect_stopped(t, AlertDescription::inappropriate_fallback, Actor::server, 5);
  EXPECT_NE(t.negotiated.version, kSsl3);
}

TEST(VersionRollback, TheDowngradeSentinelMakesATls13ClientAbort) {
  Trace t = run_attack(rollback({"fallback-scsv"}));
  ASSERT_EQ(client_hellos(t).size(), 5u);
  expect_stopped(t, AlertDescription::illegal_parameter, Actor::client, 5);
  // It aborted on the ServerHello of the SSL 3.0 retry, whose random a TLS 1.3 server ends
  // with DOWNGRD 00 (RFC 8446 4.1.3: TLS 1.1 or below).
  const Event* sh = simfix::find_event(t, [](const Event& e) { return e.connection == 5 && e.name.rfind("ServerHello", 0) == 0; });
  ASSERT_TRUE(sh);
  EXPECT_EQ(uint16_t(sh->bytes.at(9) << 8 | sh->bytes.at(10)), kSsl3);
  Bytes tail(sh->bytes.begin() + 11 + 24, sh->bytes.begin() + 11 + 32);
  EXPECT_EQ(tail, (Bytes{'D', 'O', 'W', 'N', 'G', 'R', 'D', 0}));
}

TEST(VersionRollback, TheSentinelNeedsATls13Server) {
  // Only a TLS 1.3 server marks its random (RFC 8446 4.1.3: TLS 1.2 servers SHOULD for TLS 1.1
  // and below; this one does not), so without the SCSV the TLS 1.3 client is rolled back
  // unnoticed by a TLS 1.2 server.
  Trace t = run_attack(rollback({"fallback-scsv"}, kTls13, kTls12));
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  EXPECT_EQ(t.negotiated.version, kSsl3);
  // With the SCSV the TLS 1.2 server refuses the SSL 3.0 retry.
  Trace scsv = run_attack(rollback({"downgrade-sentinel"}, kTls13, kTls12));
  expect_stopped(scsv, AlertDescription::inappropriate_fallback, Actor::server, 5);
}

TEST(VersionRollback, TheConnectionsRoundTripThroughTheTraceFile) {
  Trace t = run_attack(rollback({"fallback-scsv", "downgrade-sentinel"}));
  auto back = trace_from_json_text(trace_json_text(t));
  ASSERT_TRUE(back.ok()) << back.error().reason;
  ASSERT_EQ(back.value().connections.size(), t.connections.size());
  for (size_t i = 0; i < t.connections.size(); ++i) {
    EXPECT_EQ(back.value().connections[i].connection, t.connections[i].connection);
    EXPECT_EQ(back.value().connections[i].kind, t.connections[i].kind);
    EXPECT_EQ(back.value().connections[i].max_version, t.connections[i].max_version);
  }
  // A broken entry is an error naming it.
  auto j = nlohmann::json::parse(trace_json_text(t));
  j["connections"][1]["kind"] = "teleport";
  auto bad = trace_from_json_text(j.dump());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().reason.find("connections[1].kind"), std::string::npos) << bad.error().reason;
}

TEST(VersionRollback, AClientThatFallsBackDoesNotRetryWhatItRefusedItself) {
  // Browsers retried when the server seemed not to speak the version; a certificate the client
  // rejects is its own verdict, and a retry would meet the same certificate.
  ScenarioOptions o;
  o.client_fallback = true;
  o.client_min_version = o.server_min_version = kSsl3;
  o.certificate_profile = "expired";
  Simulation s(o);
  s.run_to_end();
  const Trace& t = s.trace();
  EXPECT_TRUE(t.connections.empty());
  const Event* alert = simfix::find_event(t, [](const Event& e) { return e.from == Actor::client && e.alert; });
  ASSERT_TRUE(alert);
  EXPECT_EQ(alert->alert->description, AlertDescription::certificate_expired);
}

}  // namespace

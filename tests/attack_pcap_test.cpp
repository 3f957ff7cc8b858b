// Scripted attacks exported as pcapng and judged by tshark: each connection of the run is its
// own TCP stream, and tshark decrypts each with the keys the capture carries.
#include <gtest/gtest.h>

#include <algorithm>

#include "net/simulation.hpp"
#include "test_util.hpp"
#include "tshark_util.hpp"

using namespace sim;

namespace {

Trace run_attack(ScenarioOptions o) {
  Simulation s(std::move(o));
  s.run_to_end();
  return s.trace();
}

int stream_count(const std::filesystem::path& file) {
  std::string streams = tshark("-r " + file.string() + " -T fields -e tcp.stream");
  int most = -1;
  for (size_t p = 0; p < streams.size();) {
    size_t nl = streams.find('\n', p);
    std::string line = streams.substr(p, nl - p);
    if (!line.empty()) most = std::max(most, std::stoi(line));
    p = nl == std::string::npos ? streams.size() : nl + 1;
  }
  return most + 1;
}

}  // namespace

TEST(AttackPcap, AManInTheMiddleGivesTwoStreamsThatEachDecrypt) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  ScenarioOptions o;
  o.attack = "mitm-forged-cert";
  o.defenses["certificate-validation"] = false;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  Trace t = run_attack(o);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true));
  auto dir = testutil::temp_dir("attack-pcap");
  auto file = write_capture(dir, "mitm.pcapng", t);
  ASSERT_EQ(stream_count(file), 2);
  // The client's connection (to the attacker) and the attacker's (to the server), each
  // decrypted by tshark: the request crosses both, the forged page only the client's.
  Followed victim = follow_tls(file, 0), relay = follow_tls(file, 1);
  EXPECT_EQ(victim.to_server, to_hex(http_request_for("www.example.com")));
  EXPECT_EQ(relay.to_server, to_hex(http_request_for("www.example.com")));
  EXPECT_EQ(victim.to_client, to_hex(t.client_app_received));
  EXPECT_NE(victim.to_client, relay.to_client);  // the attacker's page, not the server's
  EXPECT_FALSE(relay.to_client.empty());
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

TEST(AttackPcap, AVersionRollbackGivesOneStreamPerAttemptAndTheLastDecryptsInSsl3) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  ScenarioOptions o;
  o.attack = "version-rollback";
  o.defenses["fallback-scsv"] = false;
  o.defenses["downgrade-sentinel"] = false;
  o.client_max_version = o.server_max_version = kTls13;
  Trace t = run_attack(o);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true));
  auto dir = testutil::temp_dir("attack-pcap");
  auto file = write_capture(dir, "rollback.pcapng", t);
  ASSERT_EQ(stream_count(file), 5);
  // The four broken attempts end with the alert the attacker forged (handshake_failure, 40,
  // from the server's address); the fifth with both close_notify (0), which tshark decrypted.
  std::string alerts = tshark("-r " + file.string() + " -Y tls.alert_message.desc -T fields -e tcp.stream -e ip.src -e tls.alert_message.desc");
  EXPECT_EQ(alerts, "0\t10.0.0.2\t40\n1\t10.0.0.2\t40\n2\t10.0.0.2\t40\n3\t10.0.0.2\t40\n4\t10.0.0.2\t0\n4\t10.0.0.1\t0\n");
  // tshark sees SSL 3.0 in the fifth and decrypts it.
  std::string version = tshark("-r " + file.string() + " -Y 'tcp.stream == 4 and tls.handshake.type == 2' -T fields -e tls.handshake.version");
  EXPECT_EQ(version, "0x0300\n");
  Followed last = follow_tls(file, 4);
  EXPECT_EQ(last.to_server, to_hex(t.server_app_received));
  EXPECT_EQ(last.to_client, to_hex(t.client_app_received));
  std::filesystem::remove_all(dir);
}

// A cryptanalytic attack's queries to fresh server instances are streams of their own, after
// the run's connections: tshark reads a ClientHello in each (here CRIME's two probes, which
// find compression off and stop).
TEST(AttackPcap, TheAttackersQueriesAreStreamsOfTheirOwn) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  ScenarioOptions o;
  o.attack = "crime";
  o.http_cookie = "t=9";
  Trace t = run_attack(o);
  ASSERT_TRUE(t.attack);
  size_t queries = t.attack->queries.size();
  ASSERT_GE(queries, 2u);
  auto dir = testutil::temp_dir("attack-pcap-queries");
  auto file = write_capture(dir, "crime.pcapng", t);
  EXPECT_EQ(stream_count(file), int(1 + queries));
  std::string hellos = tshark("-r " + file.string() + " -Y 'tls.handshake.type == 1' -T fields -e tcp.stream");
  EXPECT_EQ(size_t(std::count(hellos.begin(), hellos.end(), '\n')), 1 + queries) << hellos;
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

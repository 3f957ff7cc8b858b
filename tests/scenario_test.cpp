// Scenario files: every built-in one runs, files round-trip, broken ones name file and field.
#include <gtest/gtest.h>

#include <set>

#include "scenario/scenario_io.hpp"
#include "test_util.hpp"

using namespace sim;

TEST(Scenarios, EveryBuiltInScenarioLoadsAndCompletes) {
  auto list = list_scenarios();
  ASSERT_GE(list.size(), 10u);
  std::set<uint16_t> versions;
  std::set<KeyExchange> kxs;
  for (auto& s : list) {
    auto o = load_scenario(s.name);
    ASSERT_TRUE(o.ok()) << s.name << ": " << o.error().reason;
    EXPECT_FALSE(o->description.empty()) << s.name;
    Simulation sim(*o);
    sim.run_to_end();
    EXPECT_EQ(sim.trace().outcome, "completed") << s.name;
    versions.insert(sim.trace().negotiated.version);
    kxs.insert(suite_by_id(sim.trace().negotiated.cipher_suite)->kx);
  }
  // At least one per supported version and key exchange.
  EXPECT_EQ(versions, (std::set<uint16_t>{kSsl3, kTls10, kTls11, kTls12}));
  EXPECT_EQ(kxs.size(), 4u);
}

TEST(Scenarios, JsonRoundTrips) {
  ScenarioOptions o;
  o.name = "x";
  o.description = "a test";
  o.seed = 77;
  o.host = "lab.example";
  o.client_min_version = kSsl3;
  o.server_max_version = kTls11;
  o.client_suites = {suite_by_name("SSL_RSA_WITH_RC4_128_MD5")->id};
  o.client_groups = {NamedGroup::secp256r1};
  o.deflate = true;
  o.renegotiation = ScenarioOptions::Renegotiation::server;
  std::string text = scenario_to_json(o);
  auto back = scenario_from_json(text, "t.json");
  ASSERT_TRUE(back.ok()) << back.error().reason;
  EXPECT_EQ(scenario_to_json(*back), text);
  EXPECT_EQ(back->seed, 77u);
  EXPECT_EQ(back->client_min_version, kSsl3);
  EXPECT_EQ(back->renegotiation, ScenarioOptions::Renegotiation::server);
}

TEST(Scenarios, BrokenFilesNameTheFileTheFieldAndTheProblem) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"[1, 2]", "b.json: expected a JSON object"},
      {"{\"seed\": ", "b.json: not valid JSON"},
      {"{\"seed\": -3}", "b.json: seed: expected a non-negative integer"},
      {"{\"host\": 5}", "b.json: host: expected a string"},
      {"{\"colour\": \"red\"}", "b.json: colour: unknown field"},
      {"{\"client_suites\": [\"TLS_NOPE\"]}", "b.json: client_suites[0]: unknown cipher suite 'TLS_NOPE'"},
      {"{\"client_groups\": \"x25519\"}", "b.json: client_groups: expected a list of group names"},
      {"{\"client_versions\": [\"tls1.2\", \"ssl3\"]}", "b.json: client_versions: the first version must not be above the second"},
      {"{\"server_versions\": [\"tls1.2\", \"tls9\"]}", "b.json: server_versions[1]: unknown version 'tls9'"},
      {"{\"renegotiation\": \"sometimes\"}", "b.json: renegotiation: expected \"none\", \"client\" or \"server\""},
      {"{\"version\": 2}", "b.json: version: this tlslab reads scenario version 1"},
      {"{\"client_versions\": \"ssl3\", \"client_suites\": [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]}",
       "b.json: client_suites[0]: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 cannot be used"},
  };
  for (auto& c : cases) {
    auto r = scenario_from_json(c.text, "b.json");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().reason.find(c.message), std::string::npos) << c.text << " -> " << r.error().reason;
  }
}

TEST(Scenarios, CliLoadsAScenarioAndLetsOptionsOverrideIt) {
  std::string bin = TLSLAB_BIN;
  auto r = testutil::run(bin + " run --scenario tls10-rsa 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("version:                TLS 1.0"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("TLS_RSA_WITH_AES_128_CBC_SHA"), std::string::npos);
  auto dir = testutil::temp_dir("scenario");
  auto a = dir / "a.json", b = dir / "b.json";
  testutil::run(bin + " run --scenario tls10-rsa --json " + a.string());
  testutil::run(bin + " run --scenario tls10-rsa --seed 9 --json " + b.string());
  std::string ja = testutil::read_file(a), jb = testutil::read_file(b);
  EXPECT_NE(ja.find("\"seed\": 1"), std::string::npos);
  EXPECT_NE(jb.find("\"seed\": 9"), std::string::npos);
  // A broken file: exit 2 with the file and field named.
  testutil::write_file(dir / "broken.json", "{\"client_suites\": [\"TLS_NOPE\"]}");
  auto bad = testutil::run(bin + " run --scenario " + (dir / "broken.json").string() + " 2>&1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("broken.json: client_suites[0]: unknown cipher suite 'TLS_NOPE'"), std::string::npos) << bad.output;
  auto missing = testutil::run(bin + " run --scenario no-such-scenario 2>&1");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("no scenario named 'no-such-scenario'"), std::string::npos);
  auto list = testutil::run(bin + " list scenarios");
  EXPECT_EQ(list.status, 0);
  EXPECT_NE(list.output.find("ssl3-rsa-rc4"), std::string::npos);
  std::filesystem::remove_all(dir);
}

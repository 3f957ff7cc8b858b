// Scenario files: every built-in one runs, files round-trip, broken ones name file and field.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

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
    if (!o->attack.empty()) {
      // An attack's built-ins come in pairs: "-undefended" succeeds, "-defended" fails.
      ASSERT_TRUE(sim.trace().attack) << s.name;
      bool undefended = s.name.size() > 11 && s.name.rfind("-undefended") == s.name.size() - 11;
      EXPECT_EQ(sim.trace().attack->succeeded, std::optional<bool>(undefended)) << s.name;
      continue;
    }
    EXPECT_EQ(sim.trace().outcome, OutcomeKind::completed) << s.name;
    versions.insert(sim.trace().negotiated.version);
    kxs.insert(suite_by_id(sim.trace().negotiated.cipher_suite)->kx);
  }
  // At least one per supported version and key exchange (RSA, RSA_EXPORT, DHE, ECDHE_RSA,
  // ECDHE_ECDSA, TLS 1.3).
  EXPECT_EQ(versions, (std::set<uint16_t>{kSsl3, kTls10, kTls11, kTls12, kTls13}));
  EXPECT_EQ(kxs.size(), 6u);
}

// The TLS 1.3 built-ins each show what their name promises.
TEST(Scenarios, Tls13BuiltInsShowWhatTheirNamesSay) {
  struct Expect {
    const char* name;
    uint16_t version;
    const char* mode;  // negotiated key_exchange_mode
    bool hrr;
    const char* early;
    int connections;
    const char* message;  // an event name the trace must contain
  } cases[] = {
      {"tls13-full", kTls13, "(EC)DHE", false, "", 1, "EncryptedExtensions"},
      {"tls13-hello-retry", kTls13, "(EC)DHE", true, "", 1, "HelloRetryRequest"},
      {"tls13-resumption", kTls13, "psk_dhe_ke", false, "", 2, "NewSessionTicket"},
      {"tls13-psk-ke", kTls13, "psk_ke", false, "", 2, "NewSessionTicket"},
      {"tls13-0rtt", kTls13, "psk_dhe_ke", false, "accepted", 2, "EndOfEarlyData"},
      {"tls13-0rtt-rejected", kTls13, "psk_dhe_ke", false, "rejected", 2, "ServerHello"},
      {"tls13-client-auth", kTls13, "(EC)DHE", false, "", 1, "CertificateRequest"},
      {"tls13-key-update", kTls13, "(EC)DHE", false, "", 1, "KeyUpdate"},
      {"tls13-downgrade-negotiation", kTls12, "", false, "", 1, "ServerHelloDone"},
      {"tls13-ffdhe", kTls13, "(EC)DHE", false, "", 1, "EncryptedExtensions"},
      {"tls13-ed25519", kTls13, "(EC)DHE", false, "", 1, "CertificateVerify"},
  };
  auto list = list_scenarios();
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(std::any_of(list.begin(), list.end(), [&](auto& s) { return s.name == c.name; }));
    auto o = load_scenario(c.name);
    ASSERT_TRUE(o.ok()) << o.error().reason;
    Simulation sim(*o);
    sim.run_to_end();
    const Trace& t = sim.trace();
    EXPECT_EQ(t.outcome, OutcomeKind::completed);
    EXPECT_EQ(t.negotiated.version, c.version);
    EXPECT_EQ(t.negotiated.key_exchange_mode, c.mode);
    EXPECT_EQ(t.negotiated.hello_retry_request, c.hrr);
    EXPECT_EQ(t.negotiated.early_data, c.early);
    ASSERT_FALSE(t.events.empty());
    EXPECT_EQ(t.events.back().connection, c.connections);
    // The message in a record of its own, or first in a server flight packed into one record.
    EXPECT_TRUE(std::any_of(t.events.begin(), t.events.end(),
                            [&](const Event& e) { return (", " + e.name + ", ").find(", " + std::string(c.message) + ", ") != std::string::npos; }));
  }
  // Specific points: the HRR ends on the server's group, client auth authenticates, the
  // downgrade scenario carries the sentinel, ffdhe uses ffdhe2048.
  auto run = [](const char* name) {
    Simulation s(*load_scenario(name));
    s.run_to_end();
    return s.trace();
  };
  EXPECT_EQ(run("tls13-hello-retry").negotiated.group, NamedGroup::secp256r1);
  EXPECT_EQ(run("tls13-ed25519").negotiated.signature_scheme, SignatureScheme::ed25519);
  EXPECT_TRUE(run("tls13-client-auth").negotiated.client_authenticated);
  EXPECT_EQ(run("tls13-ffdhe").negotiated.group, NamedGroup::ffdhe2048);
  EXPECT_EQ(run("tls13-psk-ke").negotiated.group, std::nullopt);
  Trace d = run("tls13-downgrade-negotiation");
  ASSERT_GE(d.events.size(), 2u);
  ASSERT_EQ(d.events[1].name.rfind("ServerHello", 0), 0u);  // first in the server's packed flight
  // record header 5 + handshake header 4 + server_version 2 + random 32: the last 8 bytes.
  Bytes tail(d.events[1].bytes.begin() + 5 + 4 + 2 + 24, d.events[1].bytes.begin() + 5 + 4 + 2 + 32);
  EXPECT_EQ(to_hex(tail), "444f574e47524401");  // "DOWNGRD" 01
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
      {"{\"client_key_shares\": [\"x448\"]}", "b.json: client_key_shares[0]: unknown group 'x448'"},
      {"{\"resumption\": \"always\"}", "b.json: resumption: expected one of \"none\", \"psk_dhe_ke\", \"psk_ke\", \"session_id\", \"ticket\", found \"always\""},
      {"{\"early_data\": \"accepted\"}", "b.json: early_data: 0-RTT needs \"resumption\""},
      {"{\"record_padding\": 300}", "b.json: record_padding: at most 255 zero bytes per record"},
      {"{\"middlebox_compat\": 3}", "b.json: middlebox_compat: expected true or false"},
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

// Every built-in scenario is described in both languages, and the two lines differ (a copied
// English line would pass for French otherwise).
TEST(Scenarios, EveryBuiltInScenarioHasAFrenchDescription) {
  auto list = list_scenarios();
  ASSERT_EQ(list.size(), 69u);
  for (auto& s : list) {
    SCOPED_TRACE(s.name);
    EXPECT_FALSE(s.description.empty());
    EXPECT_FALSE(s.description_fr.empty());
    EXPECT_NE(s.description_fr, s.description);
    EXPECT_EQ(s.description_in(Lang::fr), s.description_fr);
    EXPECT_EQ(s.description_in(Lang::en), s.description);
    auto o = load_scenario(s.name);
    ASSERT_TRUE(o.ok()) << o.error().reason;
    EXPECT_EQ(description_in(*o, Lang::fr), s.description_fr);
    // Saved again, the scenario keeps its French line.
    EXPECT_EQ(nlohmann::json::parse(scenario_to_json(*o))["description_fr"], s.description_fr);
  }
}

// A file from before the French descriptions: a plain English string, still read, and shown
// in English to a French reader rather than nothing.
TEST(Scenarios, AnOldFileWithOnlyAnEnglishDescriptionLoads) {
  auto o = scenario_from_json(R"({"format": "tlslab-scenario", "version": 1, "description": "an old test", "seed": 3})", "old.json");
  ASSERT_TRUE(o.ok()) << o.error().reason;
  EXPECT_EQ(o->description, "an old test");
  EXPECT_TRUE(o->description_fr.empty());
  EXPECT_EQ(description_in(*o, Lang::fr), "an old test");
  EXPECT_EQ(scenario_to_json(*o).find("description_fr"), std::string::npos);
  // Both, round-tripped; a French description must be a string like the English one.
  o->description_fr = "un ancien essai";
  auto back = scenario_from_json(scenario_to_json(*o), "new.json");
  ASSERT_TRUE(back.ok()) << back.error().reason;
  EXPECT_EQ(back->description_fr, "un ancien essai");
  EXPECT_EQ(description_in(*back, Lang::en), "an old test");
  auto bad = scenario_from_json(R"({"description_fr": 5})", "b.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().reason.find("b.json: description_fr: expected a string"), std::string::npos) << bad.error().reason;
}

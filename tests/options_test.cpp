// The scenario option table: every row round-trips through scenario files, validate() refuses
// an option where it cannot apply, and both front ends (tlslab, tlslab-gui) say so with exit 2.
#include <gtest/gtest.h>

#include <set>

#include "scenario/option_table.hpp"
#include "scenario/scenario_io.hpp"
#include "test_util.hpp"

using namespace sim;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

const Diagnostic* find(const std::vector<Diagnostic>& ds, const std::string& key, const std::string& message_key) {
  for (auto& d : ds)
    if (d.key == key && d.message_key == message_key) return &d;
  return nullptr;
}

size_t errors(const std::vector<Diagnostic>& ds) {
  size_t n = 0;
  for (auto& d : ds) n += d.severity == Severity::error;
  return n;
}

void set_versions(ScenarioOptions& o, uint16_t v) {
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = v;
}

}  // namespace

TEST(OptionTable, KeysAreUniqueAndEveryTextHasBothLanguages) {
  std::set<std::string> keys, flags;
  for (auto& row : option_table()) {
    SCOPED_TRACE(row.key);
    EXPECT_TRUE(keys.insert(row.key).second);
    EXPECT_TRUE(row.to_json && row.from_json && row.sample);
    if (row.widget != Widget::none) {  // drawn: labelled in both languages
      EXPECT_FALSE(row.label.en.empty());
      EXPECT_FALSE(row.label.fr.empty());
    }
    EXPECT_EQ(row.help.en.empty(), row.help.fr.empty());
    for (auto& c : row.choices) EXPECT_FALSE(c.label.en.empty() || c.label.fr.empty()) << c.name;
    if (row.widget == Widget::combo) {
      EXPECT_FALSE(row.choices.empty());
    }
    for (auto& f : row.flags) {
      EXPECT_TRUE(flags.insert(f.name).second) << f.name;
      EXPECT_EQ(f.name.rfind("--", 0), 0u) << f.name;
      EXPECT_FALSE(f.help.en.empty() || f.help.fr.empty()) << f.name;
      EXPECT_NE(f.help.en, f.help.fr) << f.name;
    }
    if (!row.flags.empty()) {
      EXPECT_TRUE(row.apply_cli);
    }
    EXPECT_EQ(row.needs.empty(), row.needs_text.en.empty());
    if (!row.needs.empty()) {
      EXPECT_NE(option_row(row.needs), nullptr) << row.needs;
    }
  }
  // Every member of ScenarioOptions that scenario files carry has a row.
  for (const char* k : {"seed", "host", "client_versions", "server_versions", "client_suites", "server_suites",
                        "client_groups", "server_groups", "extended_master_secret", "deflate", "client_certificate",
                        "request_client_certificate", "secure_renegotiation", "renegotiation",
                        "allow_legacy_renegotiation", "pki_seed", "client_key_shares", "middlebox_compat", "resumption",
                        "early_data", "key_update", "key_update_request", "record_padding", "certificate_profile",
                        "server_key_type", "verify_certificate", "revocation_hard_fail", "ocsp_stapling", "clock"})
    EXPECT_NE(option_row(k), nullptr) << k;
}

// Driven by the table: a row added later is covered without touching this test.
TEST(OptionTable, EveryRowRoundTripsThroughAScenarioFile) {
  for (auto& row : option_table()) {
    SCOPED_TRACE(row.key);
    ScenarioOptions o;
    row.sample(o);
    ASSERT_FALSE(row.is_default(o)) << "the sample must differ from the default";
    ASSERT_EQ(errors(validate(o)), 0u) << "the sample must be a valid scenario";
    std::string text = scenario_to_json(o);
    EXPECT_TRUE(has(text, "\"" + row.key + "\"")) << text;
    auto back = scenario_from_json(text, "t.json");
    ASSERT_TRUE(back.ok()) << back.error().reason << "\n" << text;
    EXPECT_TRUE(*back == o) << text;
    EXPECT_EQ(row.to_json(*back), row.to_json(o));
    // And through the row alone: reset, then set from its JSON value.
    ScenarioOptions r = o;
    row.reset(r);
    EXPECT_TRUE(row.is_default(r));
    EXPECT_TRUE(row.set(r, nlohmann::json(row.to_json(o))));
    EXPECT_EQ(row.to_json(r), row.to_json(o));
  }
}

TEST(OptionTable, ACodecRefusesABadValueAndLeavesTheOptionsAlone) {
  ScenarioOptions o;
  EXPECT_FALSE(option_row("resumption")->set(o, "always"));
  EXPECT_FALSE(option_row("record_padding")->set(o, 256));
  EXPECT_FALSE(option_row("deflate")->set(o, "yes"));
  EXPECT_FALSE(option_row("client_suites")->set(o, nlohmann::json::array({"TLS_NOPE"})));
  EXPECT_TRUE(o == ScenarioOptions{});
  EXPECT_TRUE(option_row("record_padding")->set(o, 255));
  EXPECT_EQ(o.record_padding, 255u);
}

// Each row limited to some versions: set (with its sample) in a run limited to a version
// outside them, it is an error that says which versions it needs and what the run has.
TEST(Validate, EveryVersionLimitedRowIsRefusedOutsideItsVersions) {
  int limited = 0;
  for (auto& row : option_table()) {
    if (row.min_version == kSsl3 && row.max_version == kTls13) continue;
    SCOPED_TRACE(row.key);
    ++limited;
    ScenarioOptions o;
    row.sample(o);
    EXPECT_EQ(errors(validate(o)), 0u);
    uint16_t outside = row.min_version > kSsl3 ? uint16_t(row.min_version - 1) : uint16_t(row.max_version + 1);
    set_versions(o, outside);
    auto ds = validate(o);
    const Diagnostic* d = find(ds, row.key, "option.versions");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->severity, Severity::error);
    std::string range = row.min_version == row.max_version
                            ? version_name(row.min_version)
                            : version_name(row.min_version) + " to " + version_name(row.max_version);
    EXPECT_TRUE(has(d->text.en, "applies only to " + range + "; this run is limited to " + version_name(outside)))
        << d->text.en;
    EXPECT_TRUE(has(d->text.fr, "ne s'applique qu'à")) << d->text.fr;
    EXPECT_TRUE(has(d->text.fr, "cette exécution est limitée à " + version_name(outside))) << d->text.fr;
    // The GUI disables the row for the same reason, whatever its value.
    ScenarioOptions plain;
    row.sample(plain);  // its prerequisites
    row.reset(plain);
    set_versions(plain, outside);
    auto why = not_applicable(row, plain);
    ASSERT_TRUE(why.has_value());
    EXPECT_EQ(why->text.en, d->text.en);
  }
  EXPECT_GE(limited, 12);
}

TEST(Validate, TheThreeCasesOfTheIssueInBothLanguages) {
  ScenarioOptions a;
  set_versions(a, kTls12);
  a.resumption = ScenarioOptions::Resumption::psk_ke;
  auto da = validate(a);
  ASSERT_EQ(da.size(), 1u);
  EXPECT_EQ(da[0].key, "resumption");
  EXPECT_EQ(da[0].text.en, "applies only to TLS 1.3; this run is limited to TLS 1.2");
  EXPECT_EQ(da[0].text.fr, "ne s'applique qu'à TLS 1.3 ; cette exécution est limitée à TLS 1.2");

  ScenarioOptions b;
  set_versions(b, kTls12);
  b.key_update = ScenarioOptions::KeyUpdate::client;
  auto db = validate(b);
  ASSERT_EQ(db.size(), 1u);
  EXPECT_EQ(db[0].key, "key_update");

  ScenarioOptions c;
  set_versions(c, kTls13);
  c.deflate = true;
  auto dc = validate(c);
  ASSERT_EQ(dc.size(), 1u);
  EXPECT_EQ(dc[0].key, "deflate");
  EXPECT_EQ(dc[0].text.en, "applies only to SSL 3.0 to TLS 1.2; this run is limited to TLS 1.3");
}

TEST(Validate, PrerequisitesSuitesSidesAndVersionMismatches) {
  // 0-RTT without resumption; update_requested without a KeyUpdate.
  ScenarioOptions e;
  set_versions(e, kTls13);
  e.early_data = ScenarioOptions::EarlyData::accepted;
  e.key_update_request = true;
  auto de = validate(e);
  const Diagnostic* ed = find(de, "early_data", "option.needs");
  ASSERT_NE(ed, nullptr);
  EXPECT_EQ(render(ed->text, false, [](const std::string& k) { return "<" + k + ">"; }),
            "0-RTT needs <resumption> (a ticket from a first connection)");
  EXPECT_TRUE(has(render(ed->text, true, [](const std::string& k) { return "<" + k + ">"; }), "nécessite <resumption>"));
  EXPECT_NE(find(de, "key_update_request", "option.needs"), nullptr);
  EXPECT_EQ(errors(de), 2u);
  // A server alone (tlslab serve) takes 0-RTT from any client with a ticket.
  EXPECT_EQ(find(validate(e, Sides::server), "early_data", "option.needs"), nullptr);

  // A suite the client offers outside its versions.
  ScenarioOptions s;
  set_versions(s, kSsl3);
  s.client_suites = {suite_by_name("SSL_RSA_WITH_RC4_128_MD5")->id, suite_by_name("TLS_AES_128_GCM_SHA256")->id};
  auto ds = validate(s);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].key, "client_suites");
  EXPECT_EQ(ds[0].path, "[1]");
  EXPECT_TRUE(has(ds[0].text.en, "TLS_AES_128_GCM_SHA256 cannot be used with the client's versions ssl3 to ssl3"));

  // An option for an endpoint the run does not simulate: a warning, not an error.
  ScenarioOptions w;
  w.request_client_certificate = true;
  w.verify_certificate = false;
  auto client_only = validate(w, Sides::client);
  ASSERT_EQ(client_only.size(), 1u);
  EXPECT_EQ(client_only[0].key, "request_client_certificate");
  EXPECT_EQ(client_only[0].severity, Severity::warning);
  EXPECT_EQ(client_only[0].text.en, "applies only to the server; this run simulates only the client");
  auto server_only = validate(w, Sides::server);
  ASSERT_EQ(server_only.size(), 1u);
  EXPECT_EQ(server_only[0].key, "verify_certificate");
  EXPECT_TRUE(validate(w).empty());
  // --suite sets both sides' lists: serving with it is no warning.
  ScenarioOptions both;
  both.client_suites = both.server_suites = {suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id};
  EXPECT_TRUE(validate(both, Sides::server).empty());

  // No common version: the run shows the mismatch, and no option is judged by version.
  ScenarioOptions m;
  m.client_min_version = m.client_max_version = kTls13;
  m.server_min_version = m.server_max_version = kTls12;
  m.deflate = true;
  EXPECT_TRUE(validate(m).empty());
  // The range is the intersection of both sides: TLS 1.2 only here.
  ScenarioOptions n;
  n.client_min_version = kTls12, n.client_max_version = kTls13;
  n.server_min_version = kTls10, n.server_max_version = kTls12;
  n.middlebox_compat = false;
  ASSERT_NE(find(validate(n), "middlebox_compat", "option.versions"), nullptr);
  // ...but tlslab connect judges the client's range alone.
  EXPECT_TRUE(validate(n, Sides::client).empty());
}

TEST(Validate, DropInapplicableResetsWhatNoLongerApplies) {
  ScenarioOptions o;
  set_versions(o, kTls13);
  o.client_min_version = kTls12;
  o.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  o.early_data = ScenarioOptions::EarlyData::accepted;
  o.record_padding = 32;
  o.client_suites = {suite_by_name("TLS_AES_128_GCM_SHA256")->id, suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id};
  ASSERT_TRUE(validate(o).empty());
  set_versions(o, kTls12);
  drop_inapplicable(o);
  EXPECT_TRUE(validate(o).empty());
  EXPECT_EQ(o.resumption, ScenarioOptions::Resumption::none);
  EXPECT_EQ(o.early_data, ScenarioOptions::EarlyData::none);
  EXPECT_EQ(o.record_padding, 0u);
  EXPECT_EQ(o.client_suites, std::vector<uint16_t>{suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id});
}

TEST(Validate, ScenarioFilesWithAnOptionThatCannotApplyNameTheFileAndTheKey) {
  auto r = scenario_from_json(R"({"client_versions": "tls1.2", "server_versions": "tls1.2", "resumption": "psk_ke"})",
                              "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "x.json: resumption: applies only to TLS 1.3; this run is limited to TLS 1.2");
  auto k = scenario_from_json(R"({"client_versions": "tls1.3", "server_versions": "tls1.3", "key_update_request": true})",
                              "y.json");
  ASSERT_FALSE(k.ok());
  EXPECT_TRUE(has(k.error().reason, "y.json: key_update_request: ")) << k.error().reason;
  EXPECT_TRUE(has(k.error().reason, "needs \"key_update\"")) << k.error().reason;
  // Every built-in scenario still loads (and names nothing inapplicable).
  for (auto& s : list_scenarios()) {
    auto o = load_scenario(s.name);
    ASSERT_TRUE(o.ok()) << s.name << ": " << o.error().reason;
    EXPECT_TRUE(validate(*o).empty()) << s.name;
  }
}

// ---- the command line --------------------------------------------------------------------

TEST(OptionsCli, AnOptionThatCannotApplyExitsWith2AndSaysWhy) {
  std::string bin = TLSLAB_BIN;
  struct Case {
    const char* args;
    const char* message;
  } cases[] = {
      {"--version tls1.2 --resume psk_ke", "error: --resume: applies only to TLS 1.3; this run is limited to TLS 1.2"},
      {"--version tls1.2 --key-update client", "error: --key-update: applies only to TLS 1.3; this run is limited to TLS 1.2"},
      {"--version tls1.3 --deflate", "error: --deflate: applies only to SSL 3.0 to TLS 1.2; this run is limited to TLS 1.3"},
      {"--version tls1.3 --no-ems", "error: --no-ems: applies only to TLS 1.0 to TLS 1.2"},
      {"--max-version tls1.2 --key-type ecdsa", "error: --key-type: applies only to TLS 1.3"},
      {"--version tls1.3 --early-data accepted", "error: --early-data: 0-RTT needs --resume"},
      {"--version tls1.3 --key-update-request", "error: --key-update-request: update_requested is a field of the KeyUpdate: it needs --key-update"},
      {"--version ssl3 --suite TLS_AES_128_GCM_SHA256", "error: --suite: TLS_AES_128_GCM_SHA256 cannot be used"},
      {"--scenario tls13-resumption --version tls1.2", "resumption (scenario tls13-resumption): applies only to TLS 1.3"},
  };
  for (auto& c : cases) {
    auto r = testutil::run(bin + " run " + c.args + " 2>&1");
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
    EXPECT_TRUE(has(r.output, c.message)) << c.args << "\n" << r.output;
    EXPECT_FALSE(has(r.output, "ClientHello")) << "nothing ran: " << c.args;
  }
  // The same options where they apply run to completion.
  for (const char* ok : {"--version tls1.3 --resume psk_ke", "--version tls1.3 --key-update client", "--version tls1.2 --deflate"}) {
    auto r = testutil::run(bin + " run " + std::string(ok) + " 2>&1");
    EXPECT_EQ(r.status, 0) << ok << "\n" << r.output;
  }
  // A scenario file that asks for one: the file and key are named.
  auto dir = testutil::temp_dir("options");
  auto file = dir / "bad.json";
  testutil::write_file(file, R"({"client_versions": "tls1.2", "server_versions": "tls1.2", "key_update": "server"})");
  auto f = testutil::run(bin + " run --scenario " + file.string() + " 2>&1");
  EXPECT_EQ(f.status, 2) << f.output;
  EXPECT_TRUE(has(f.output, "bad.json: key_update: applies only to TLS 1.3; this run is limited to TLS 1.2")) << f.output;
  std::filesystem::remove_all(dir);
}

TEST(OptionsCli, HelpListsTheTableFlagsWithTheirHelp) {
  auto r = testutil::run(std::string(TLSLAB_BIN) + " run --help 2>&1");
  ASSERT_EQ(r.status, 0);
  for (auto& row : option_table())
    for (auto& f : row.flags) {
      EXPECT_TRUE(has(r.output, f.name)) << f.name;
      // CLI11 may wrap long help: the first words are on the flag's line.
      EXPECT_TRUE(has(r.output, f.help.en.substr(0, 20))) << f.name;
    }
  for (const char* other : {"--scenario", "--cert", "--key", "--trust", "--json", "--pcap", "--event", "--derivations"})
    EXPECT_TRUE(has(r.output, other)) << other;
}

#ifdef TLSLAB_GUI_BIN
// tlslab-gui takes the same flags and refuses the same things before opening a window.
TEST(OptionsCli, TheGuiRefusesTheSameOptionsWithTheSameMessage) {
  std::string gui = TLSLAB_GUI_BIN;
  auto r = testutil::run(gui + " --version tls1.2 --resume psk_ke 2>&1");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(has(r.output, "error: --resume: applies only to TLS 1.3; this run is limited to TLS 1.2")) << r.output;
  auto d = testutil::run(gui + " --version tls1.3 --deflate 2>&1");
  EXPECT_EQ(d.status, 2) << d.output;
  EXPECT_TRUE(has(d.output, "--deflate: applies only to SSL 3.0 to TLS 1.2")) << d.output;
  auto h = testutil::run(gui + " --help 2>&1");
  EXPECT_EQ(h.status, 0);
  for (const char* flag : {"--suite", "--group", "--seed", "--version", "--resume", "--deflate", "--key-update", "--host"})
    EXPECT_TRUE(has(h.output, flag)) << flag;
}
#endif

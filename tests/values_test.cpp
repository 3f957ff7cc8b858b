// Readable values (issue 15): text as text, numbers and enums by name, hex only for bytes; the
// certificate checks named and gathered under one row of the Keys panel; notes coloured by a
// typed severity; the Scenario panel's rows following the option table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string>

#include "core/message.hpp"
#include "derivation_runs.hpp"
#include "model/view_model.hpp"
#include "pki/validate.hpp"
#include "scenario/option_table.hpp"
#include "test_util.hpp"
#include "trace/note_severity.hpp"
#include "trace/value_text.hpp"

namespace {

using sim::Derivation;
using sim::NamedBytes;

// Bytes a person would read as words: four or more printable ASCII bytes with at least two
// letters, not one byte repeated (SSL 3.0's pad_1 is 0x36 "666..." and pad_2 0x5c: bytes, not text).
bool reads_as_words(const sim::Bytes& b) {
  if (b.size() < 2) return false;
  size_t letters = 0;
  for (uint8_t c : b) {
    if (c < 0x20 || c > 0x7e) return false;
    if (std::isalpha(c)) ++letters;
  }
  if (std::all_of(b.begin(), b.end(), [&](uint8_t c) { return c == b[0]; }) && b.size() > 3) return false;
  return b.size() >= 4 && letters >= 2;
}

std::string text_of(const sim::Bytes& b) { return std::string(b.begin(), b.end()); }

// Runs covering SSL 3.0, TLS 1.0 to 1.3, client authentication, resumption and revocation.
const std::vector<std::pair<std::string, sim::Trace>>& traces() {
  static const auto all = [] {
    std::vector<std::pair<std::string, sim::Trace>> out;
    for (auto& [name, o] : testutil::runs()) {
      if (!o.attack.empty()) continue;  // the attacks' long searches: not needed for values
      out.emplace_back(name, testutil::trace_of(o));
    }
    return out;
  }();
  return all;
}

}  // namespace

// Every input and step of every derivation (record protection aside: its values are the
// records' bytes, whatever they hold) whose bytes read as words is flagged as text, so no view
// shows the hex of its ASCII (the issue saw `prf = 53534c332d4b4446`, `keyUsage = 35`).
TEST(Values, EveryWordValueOfEveryBuiltInScenarioIsText) {
  std::set<std::string> seen_scenarios;
  size_t text_values = 0;
  for (auto& [name, t] : traces()) {
    seen_scenarios.insert(name);
    for (auto& e : t.events)
      for (const Derivation& d : sim::all_derivations(e)) {
        if (sim::record_stage(d.kind) != sim::RecordStage::none) continue;
        auto check = [&](const std::vector<NamedBytes>& v, const char* what) {
          for (auto& n : v) {
            if (n.is_text) ++text_values;
            // A secret is random bytes, whatever they happen to spell ("l3I", an export key's half).
            bool input = std::string_view(what) == "input";
            if (input ? sim::is_secret_input(d.kind, d.actor, n.name) : sim::is_secret_step(d.kind, d.actor, n.name)) continue;
            EXPECT_FALSE(!n.is_text && reads_as_words(n.value))
                << name << ": " << d.id << " " << what << " " << n.name << " = \"" << text_of(n.value) << "\" is not is_text";
          }
        };
        check(d.inputs, "input");
        check(d.steps, "step");
        if (d.kind == sim::DerivationKind::certificate_check) {
          // The verdict reads as a word, and is typed.
          EXPECT_TRUE(sim::output_is_text(d)) << d.id;
          EXPECT_EQ(sim::output_display(d), "\"" + text_of(d.output) + "\"");
          ASSERT_TRUE(sim::check_passed(d).has_value()) << d.id;
          EXPECT_EQ(text_of(d.output), *sim::check_passed(d) ? "pass" : "fail");
        } else {
          EXPECT_FALSE(sim::output_is_text(d)) << d.id;
        }
      }
  }
  for (const char* s : {"ssl3-rsa-rc4", "ssl3-client-auth", "tls12-rsa", "tls13-full", "tls13-client-auth", "tls12 revoked ocsp", "tls12 revoked crl"})
    EXPECT_TRUE(seen_scenarios.count(s)) << s;
  EXPECT_GT(text_values, 100u);
}

// keyUsage reads as its RFC 5280 4.2.1.3 bit names, not as a number.
TEST(Values, KeyUsageReadsAsItsBitNames) {
  const std::set<std::string> rfc5280 = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
                                         "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};
  // Bits 0 and 2 (RFC 5280: digitalSignature (0), keyEncipherment (2)); 5 and 6.
  EXPECT_EQ(sim::pki::key_usage_names(0x05), "digitalSignature, keyEncipherment");
  EXPECT_EQ(sim::pki::key_usage_names(0x60), "keyCertSign, cRLSign");
  EXPECT_EQ(sim::pki::key_usage_names(0), "none");
  size_t seen = 0;
  for (auto& [name, t] : traces())
    for (auto& e : t.events)
      for (const Derivation& d : sim::all_derivations(e))
        for (auto& in : d.inputs)
          if (in.name == "keyUsage" && text_of(in.value) != "absent") {
            ++seen;
            EXPECT_TRUE(in.is_text);
            std::stringstream ss(text_of(in.value));
            for (std::string w; std::getline(ss, w, ',');) {
              if (!w.empty() && w[0] == ' ') w.erase(0, 1);
              EXPECT_TRUE(rfc5280.count(w)) << name << " " << d.id << ": \"" << w << "\"";
            }
          }
  EXPECT_GT(seen, 0u);
}

// The Keys panel's list: the checks under one row, after pre_master_secret and master_secret,
// with a summary that counts the failed ones.
TEST(Values, KeysListGathersTheCertificateChecksAfterTheKeyDerivations) {
  for (auto& [name, t] : traces()) {
    if (name != "ssl3-rsa-rc4" && name != "tls12-rsa" && name != "tls12 revoked ocsp") continue;
    auto all = gui::all_derivations(t);
    auto rows = gui::keys_rows(t, all);
    EXPECT_EQ(rows.size(), all.size() + 1) << name;  // every derivation once, plus the group's row
    size_t groups = 0, group_at = 0, checks = 0, failed = 0, counted = 0, failed_counted = 0;
    std::optional<size_t> master_at, pms_at;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].kind == gui::KeysRow::Kind::check_group) {
        ++groups, group_at = i, checks = rows[i].checks, failed = rows[i].failed;
        continue;
      }
      const Derivation& d = sim::derivation_at(t.events[rows[i].event], rows[i].derivation);
      EXPECT_EQ(rows[i].kind == gui::KeysRow::Kind::check, gui::in_check_group(d)) << name << " " << d.id;
      if (rows[i].kind == gui::KeysRow::Kind::check) {
        // Inside the group, right after its row.
        EXPECT_GT(i, group_at);
        if (d.kind == sim::DerivationKind::certificate_check) {
          ++counted;
          if (d.text.key == "check.fail") ++failed_counted;
          // Named by the check, not "certificate_check 3".
          std::string shown = gui::check_name(d).english();
          EXPECT_EQ(shown.find("certificate_check"), std::string::npos) << shown;
          EXPECT_FALSE(shown.empty());
        }
      }
      if (d.id == "client/master_secret") master_at = i;
      if (d.id == "client/pre_master_secret") pms_at = i;
    }
    EXPECT_EQ(groups, 1u) << name;
    EXPECT_EQ(checks, counted) << name;
    EXPECT_EQ(failed, failed_counted) << name;
    if (name == "tls12 revoked ocsp") {
      EXPECT_EQ(failed, 1u);
    } else {
      EXPECT_NE(rows.front().kind, gui::KeysRow::Kind::check_group) << name;
      EXPECT_EQ(failed, 0u) << name;
      ASSERT_TRUE(master_at && pms_at) << name;
      EXPECT_GT(group_at, *master_at) << name;
      EXPECT_GT(group_at, *pms_at) << name;
    }
  }
}

TEST(Values, CheckNamesAreTheCatalogsCheckMessages) {
  for (auto& [name, t] : traces()) {
    if (name != "tls12-rsa") continue;
    std::set<std::string> keys;
    for (auto& e : t.events)
      for (const Derivation& d : sim::all_derivations(e))
        if (d.kind == sim::DerivationKind::certificate_check) keys.insert(gui::check_name(d).key);
    for (const char* k : {"check.signature_of", "check.validity_of", "check.leaf_usage", "check.host_name", "check.revocation_status"})
      EXPECT_TRUE(keys.count(k)) << k;
    for (auto& k : keys) EXPECT_NE(sim::catalog_entry(k), nullptr) << k;
  }
}

// Notes: a typed severity, from the note's key.
TEST(Values, NoteSeverityTableNamesCatalogKeys) {
  for (auto& r : sim::note_severity_table()) EXPECT_NE(sim::catalog_entry(r.key), nullptr) << r.key;
  // The side wrapper does not hide the note's own key.
  sim::Message soft = sim::side_note(sim::Actor::client, sim::msg("note.revocation_soft_fail").arg("why", sim::msg("note.revocation_no_answer")));
  EXPECT_EQ(sim::note_severity(soft), sim::NoteSeverity::warning);
  EXPECT_EQ(sim::note_severity(sim::side_note(sim::Actor::server, sim::msg("note.client_finished_matches"))), sim::NoteSeverity::info);
  EXPECT_EQ(sim::note_severity(sim::Message::untranslated("something failed")), sim::NoteSeverity::info);
}

TEST(Values, ASuccessfulRunHasNoErrorNoteAndTheSoftFailIsAWarning) {
  for (auto& [name, t] : traces()) {
    bool failed = t.outcome.kind == sim::OutcomeKind::client_failed || t.outcome.kind == sim::OutcomeKind::server_failed ||
                  t.outcome.kind == sim::OutcomeKind::failed;
    size_t errors = 0, warnings = 0;
    for (auto& line : gui::notes_of(t)) {
      EXPECT_EQ(line.severity, sim::note_severity(line.text));
      errors += line.severity == sim::NoteSeverity::error;
      warnings += line.severity == sim::NoteSeverity::warning;
    }
    if (name == "tls12-rsa") {
      // The default policy: no revocation answer is a soft-fail warning, not an error.
      EXPECT_EQ(t.outcome.kind, sim::OutcomeKind::completed);
      EXPECT_GE(warnings, 1u);
    }
    if (!failed) {
      EXPECT_EQ(errors, 0u) << name;
    }
  }
}

// A rejected record is an error (the server's bad_record_mac after a tampered record).
TEST(Values, ARejectedRecordIsAnError) {
  sim::Message m = sim::side_note(sim::Actor::server, sim::msg("note.rejected").arg("reason", "x").arg("alert", "bad_record_mac"));
  EXPECT_EQ(sim::note_severity(m), sim::NoteSeverity::error);
}

// The Scenario panel disables a row by the option table's version ranges: these are the rows the
// issue saw enabled where they do not apply.
TEST(Values, OptionTableSaysWhichRowsDoNotApplyToTheVersions) {
  auto only = [](uint16_t v) {
    sim::ScenarioOptions o;
    o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = v;
    return o;
  };
  auto na = [](const char* key, const sim::ScenarioOptions& o) {
    const sim::OptionRow* r = sim::option_row(key);
    EXPECT_NE(r, nullptr) << key;
    auto d = r ? sim::not_applicable(*r, o) : std::nullopt;
    return d && d->severity == sim::Severity::error;
  };
  EXPECT_TRUE(na("extended_master_secret", only(sim::kSsl3)));
  EXPECT_FALSE(na("extended_master_secret", only(sim::kTls12)));
  EXPECT_TRUE(na("deflate", only(sim::kTls13)));
  EXPECT_TRUE(na("secure_renegotiation", only(sim::kTls13)));
  EXPECT_FALSE(na("deflate", only(sim::kSsl3)));
  EXPECT_TRUE(na("middlebox_compat", only(sim::kSsl3)));
  // The rows the panel lacked now have a widget.
  for (const char* k : {"pki_seed", "clock"}) {
    const sim::OptionRow* r = sim::option_row(k);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->widget, sim::Widget::number) << k;
    EXPECT_FALSE(r->help.en.empty());
    EXPECT_FALSE(r->help.fr.empty());
  }
}

#ifdef TLSLAB_GUI_BIN
// The French GUI on the course's SSL 3.0 scenario: the Keys panel opens on the key derivations
// with the checks gathered in one row, and the suite table starts with SSL 3.0's suites.
TEST(Values, GuiGroupsTheChecksAndListsTheVersionsSuitesFirst) {
  if (testutil::run("command -v xvfb-run >/dev/null 2>&1").status != 0) GTEST_SKIP() << "xvfb-run is not installed";
  static auto dir = testutil::temp_dir("gui-values");
  auto png = dir / "ssl3.png", txt = dir / "ssl3.txt";
  auto r = testutil::run("xvfb-run -a -s '-screen 0 1920x1080x24' " + std::string(TLSLAB_GUI_BIN) + " --screenshot " + png.string() +
                         " --dump-ui " + txt.string() + " --lang fr --size 1920x1080 --scenario ssl3-rsa-rc4 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  std::string ui = testutil::read_file(txt);
  EXPECT_NE(ui.find("Validation du certificat : 15 vérifications réussies"), std::string::npos);
  EXPECT_EQ(ui.find("certificate_check"), std::string::npos);  // no unnamed check row
  // The table as --dump-ui writes it, one "| cell | cell |" line per row.
  size_t ours = ui.find("| SSL_RSA RC4_128_MD5 |"), others = ui.find("| Suites d'autres versions |"), aead = ui.find("| AES_128_GCM_SHA256 |");
  ASSERT_NE(ours, std::string::npos);
  ASSERT_NE(others, std::string::npos);
  ASSERT_NE(aead, std::string::npos);
  EXPECT_LT(ours, others);
  EXPECT_LT(others, aead);
  // The Keys list (its headers as "### ... ###"): pre_master_secret and master_secret before
  // the checks' row.
  size_t pms = ui.find("client/pre_master_secret"), ms = ui.find("client/master_secret"),
         group = ui.find("### Validation du certificat");
  ASSERT_NE(pms, std::string::npos);
  ASSERT_NE(ms, std::string::npos);
  ASSERT_NE(group, std::string::npos);
  EXPECT_LT(pms, group);
  EXPECT_LT(ms, group);
}
#endif

// The exports draw one set of rows (sim/present): the text ladder and summary, the SVG ladder
// and the HTML and Markdown reports each show every ladder row and every summary row, so a run
// reads the same whichever file a teacher hands out.
#include "present/present.hpp"

#include <set>

#include <gtest/gtest.h>

#include "export/report.hpp"
#include "export/svg.hpp"
#include "export/text.hpp"
#include "export_fixtures.hpp"
#include "present/glossary.hpp"

using namespace sim;

namespace {

Trace tls13_resumed() {
  ScenarioOptions o;
  o.seed = 7;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls13;
  o.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

void expect_same_rows(const Trace& t) {
  const std::string text = ladder_text(t) + negotiated_text(t);
  const std::string svg = ladder_svg(t);
  const std::string html = report_html(t);
  const std::string md = report_markdown(t);
  auto rows = present::ladder_rows(t);
  ASSERT_EQ(rows.size(), t.events.size());
  for (const auto& r : rows) {
    SCOPED_TRACE("row " + std::to_string(r.index) + ": " + r.title);
    EXPECT_NE(text.find(r.title), std::string::npos);
    EXPECT_NE(html.find(xml_escape(r.title)), std::string::npos);
    EXPECT_NE(md.find(r.title), std::string::npos);
    EXPECT_NE(svg.find("id=\"event-" + std::to_string(r.index) + "\""), std::string::npos);
    EXPECT_NE(html.find("p-" + std::string(r.keys)), std::string::npos);
    if (!r.reason.empty()) {
      EXPECT_NE(text.find("reason: " + r.reason), std::string::npos);
      EXPECT_NE(svg.find(xml_escape(r.reason)), std::string::npos);
      EXPECT_NE(html.find(xml_escape(r.reason)), std::string::npos);
    }
    if (r.connection_start) {
      std::string heading = present::connection_heading(t, r.connection);
      EXPECT_NE(text.find("--- " + heading + " ---"), std::string::npos);
      EXPECT_NE(svg.find(xml_escape(heading)), std::string::npos);
      EXPECT_NE(html.find(xml_escape(heading)), std::string::npos);
      EXPECT_NE(md.find(heading), std::string::npos);
    }
  }
  for (const auto& s : present::summary_rows(t)) {
    SCOPED_TRACE("summary " + s.key);
    std::string label = s.label + ":";
    label.resize(std::max<size_t>(label.size() + 1, 24), ' ');
    EXPECT_NE(text.find(label + s.value + "\n"), std::string::npos);
    EXPECT_NE(html.find("<tr><th>" + xml_escape(s.label) + "</th><td>" + xml_escape(s.value) + "</td></tr>"), std::string::npos);
    EXPECT_NE(md.find("| " + s.label + " | " + s.value + " |"), std::string::npos);
  }
}

}  // namespace

TEST(Present, ExportsShowTheSameRowsTls12) { expect_same_rows(exportfix::completed_trace(exportfix::kSuites[0])); }

TEST(Present, ExportsShowTheSameRowsWithAnAlert) {
  Trace t = exportfix::failed_trace();
  bool alert = false;
  for (const auto& r : present::ladder_rows(t)) alert |= r.alert && r.colour_class() == "alert";
  EXPECT_TRUE(alert);
  expect_same_rows(t);
}

TEST(Present, ExportsShowTheSameRowsTls13WithTwoConnections) {
  Trace t = tls13_resumed();
  bool second = false;
  for (const auto& r : present::ladder_rows(t)) second |= r.connection_start && r.connection == 2;
  EXPECT_TRUE(second);
  expect_same_rows(t);
}

// TLS 1.2 summaries carry what TLS 1.2 negotiates, TLS 1.3 summaries what TLS 1.3 does.
TEST(Present, SummaryRowsFollowTheVersion) {
  auto keys = [](const Trace& t) {
    std::string k;
    for (const auto& r : present::summary_rows(t)) k += r.key + " ";
    return k;
  };
  std::string k12 = keys(exportfix::completed_trace(exportfix::kSuites[0]));
  std::string k13 = keys(tls13_resumed());
  for (const char* only12 : {"extended_master_secret", "secure_renegotiation", "compression", "handshakes"}) {
    EXPECT_NE(k12.find(only12), std::string::npos) << only12;
    EXPECT_EQ(k13.find(only12), std::string::npos) << only12;
  }
  for (const char* only13 : {"key_exchange_mode", "hello_retry_request", "early_data", "connections"}) {
    EXPECT_NE(k13.find(only13), std::string::npos) << only13;
    EXPECT_EQ(k12.find(only13), std::string::npos) << only13;
  }
}

TEST(Glossary, EveryEntryHasBothLanguagesAndAUniqueKey) {
  std::set<std::string> keys;
  for (const auto& g : present::glossary()) {
    EXPECT_TRUE(keys.insert(g.key).second) << "duplicate key " << g.key;
    ASSERT_NE(g.en, nullptr) << g.key;
    ASSERT_NE(g.fr, nullptr) << g.key;
    EXPECT_FALSE(std::string(g.en).empty()) << g.key;
    EXPECT_FALSE(std::string(g.fr).empty()) << g.key;
  }
  EXPECT_GT(keys.size(), 150u);
  // Numbered names share an entry; a name with none has none.
  ASSERT_NE(present::glossary_entry("client_application_traffic_secret_12"), nullptr);
  EXPECT_STREQ(present::glossary_entry("client_application_traffic_secret_12")->key, "client_application_traffic_secret_N");
  EXPECT_STREQ(present::glossary_entry("A(3)")->key, "A(i)");
  EXPECT_STREQ(present::glossary_for_derivation("record_seal client_write seq 0")->key, "record_seal");
  EXPECT_EQ(present::glossary_entry("no-such-field"), nullptr);
}

TEST(Glossary, ReportsExplainTheMasterSecretInTls12AndSsl3) {
  const present::GlossaryEntry* ms = present::glossary_entry("master_secret");
  ASSERT_NE(ms, nullptr);
  ASSERT_STREQ(ms->key, "master_secret");
  auto run = [](uint16_t version) {
    ScenarioOptions o;
    o.seed = 3;
    o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
    Simulation s(o);
    s.run_to_end();
    return s.trace();
  };
  for (uint16_t v : {kTls12, kSsl3}) {
    SCOPED_TRACE(version_name(v));
    Trace t = run(v);
    ASSERT_TRUE(t.handshake_complete) << t.outcome;
    bool derived = false;
    for (const auto& e : t.events)
      for (const Derivation& d : all_derivations(e)) derived |= d.name == "master_secret";
    ASSERT_TRUE(derived);
    const std::string html = report_html(t), md = report_markdown(t);
    // The explanation for this version (SSL 3.0's master_secret is not the TLS PRF's), with its
    // spec reference when the glossary has one.
    const present::GlossaryContext ctx = present::glossary_context(t, t.events.back());
    const present::GlossaryEntry* g = present::glossary_entry("master_secret", ctx);
    ASSERT_NE(g, nullptr);
    const std::string spec = g->spec ? std::string(g->spec) : std::string();
    EXPECT_NE(html.find("<p class=\"explain\">" + xml_escape(g->en) + (spec.empty() ? "</p>" : " <span class=\"spec\">" + xml_escape(spec) + "</span></p>")),
              std::string::npos);
    EXPECT_NE(md.find(std::string(g->en) + (spec.empty() ? "" : " (" + spec + ")") + "\n\n- id: "), std::string::npos);
    // Fields are explained too, under the field: the ClientHello's random.
    const present::GlossaryEntry* random = present::glossary_entry("random", present::glossary_context(t, t.events.front()));
    ASSERT_NE(random, nullptr);
    size_t field = html.find("<span class=\"fname\">random</span>");
    ASSERT_NE(field, std::string::npos);
    EXPECT_EQ(html.find("<p class=\"explain field\">" + xml_escape(random->en), field), html.find("<p class=\"explain field\">", field));
  }
}

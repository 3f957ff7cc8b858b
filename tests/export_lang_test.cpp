// tlslab run --lang fr --svg --report: the SVG ladder and the HTML/Markdown report in French,
// with none of the engine's English sentences (the English renderings of the notes, alert
// reasons, outcome, certificate checks, derivation formulas and input/step notes of the same run),
// and the handout's own parts and the glossary's explanations of every field in French only.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "core/message.hpp"
#include "lang_check.hpp"
#include "export/svg.hpp"
#include "present/glossary.hpp"
#include "trace/derivation_kind.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

namespace {

std::string bin() { return TLSLAB_BIN; }

using testutil::english_only_sentences;

}  // namespace

TEST(ExportLang, FrenchReportAndSvgHoldNoEnglishEngineSentence) {
  struct Case {
    std::string args;
    int status;
  };
  const Case cases[] = {
      {"--scenario tls12-ecdhe-x25519", 0},
      {"--scenario tls13-full", 0},
      {"--scenario tls13-hello-retry", 0},
      {"--cert-profile expired", 1},     // a failing run: the client's reason and certificate checks
      {"--cert-profile wrong-host", 1},
  };
  auto dir = testutil::temp_dir("export-lang");
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    std::string html = (dir / "r.html").string(), md = (dir / "r.md").string(), svg = (dir / "l.svg").string(),
                json = (dir / "t.json").string();
    auto r = testutil::run(bin() + " run --lang fr " + c.args + " --json " + json + " --report " + html + " --svg " + svg + " 2>&1");
    ASSERT_EQ(r.status, c.status) << r.output;
    auto r2 = testutil::run(bin() + " run --lang fr " + c.args + " --report " + md + " 2>&1");
    ASSERT_EQ(r2.status, c.status) << r2.output;
    auto trace = sim::trace_from_json_text(testutil::read_file(json));
    ASSERT_TRUE(trace.ok()) << trace.error().reason;
    std::string h = testutil::read_file(html), m = testutil::read_file(md), s = testutil::read_file(svg);
    // French texts of the exports themselves.
    for (const char* fr : {"Échelle", "Enregistrements", "résultat", "octets", "calculé par le"})
      EXPECT_NE(h.find(fr), std::string::npos) << fr;
    EXPECT_NE(h.find("<html lang=\"fr\">"), std::string::npos);
    for (const char* fr : {"## Échelle", "## Alertes", "Arbre des champs :"}) EXPECT_NE(m.find(fr), std::string::npos) << fr;
    for (const char* fr : {"poignée de main", "résultat :", "Client", "Serveur", "en clair"}) EXPECT_NE(s.find(fr), std::string::npos) << fr;
    // And none of the English ones.
    for (const char* en : {"computed by the", "No alert was sent", "record bytes", "handshake keys", "not protected", "outcome:",
                           "tlslab trace report"}) {
      EXPECT_EQ(h.find(en), std::string::npos) << en;
      EXPECT_EQ(m.find(en), std::string::npos) << en;
    }
    // The handout's parts and notes, and the glossary's explanations, in French only.
    for (const char* fr : {"Sommaire", "Dérivations", "Dérivations de cet enregistrement", "sont masquées"})
      EXPECT_NE(h.find(fr), std::string::npos) << fr;
    bool secret = false;
    for (auto& e : trace->events)
      for (const sim::Derivation& d : sim::all_derivations(e)) secret |= sim::info(d.kind).secret_output;
    if (secret) EXPECT_NE(h.find("masqué ("), std::string::npos);
    for (const char* fr : {"## Sommaire", "## Messages", "## Dérivations", "sont masquées"}) EXPECT_NE(m.find(fr), std::string::npos) << fr;
    // Contents link to the anchors GitHub gives the headings (accented capitals lowered).
    EXPECT_NE(m.find("1. [Échelle](#échelle)"), std::string::npos);
    EXPECT_NE(m.find("[Événement 0 : ClientHello (client → serveur)](#événement-0--clienthello-client--serveur)"), std::string::npos);
    for (const char* en : {"Contents", "Derivations of this record", "Secret values", "hidden (", "At event", "Each record as it was sent"}) {
      EXPECT_EQ(h.find(en), std::string::npos) << en;
      EXPECT_EQ(m.find(en), std::string::npos) << en;
    }
    size_t explained = 0;
    std::function<void(const sim::Field&, const sim::present::GlossaryContext&)> walk = [&](const sim::Field& f, const auto& ctx) {
      // A value with words ("37 bytes") in French, not as its English.
      if (!f.text.empty()) {
        std::string en = f.text.render(sim::Lang::en), fr = f.text.render(sim::Lang::fr);
        if (en != fr) {  // delimited as the report writes a value: no false match on a short word
          EXPECT_EQ(h.find(">" + sim::xml_escape(en) + "<"), std::string::npos) << "English value of " << f.name << ": " << en;
          EXPECT_EQ(m.find("`" + en + "`"), std::string::npos) << "English value of " << f.name << ": " << en;
        }
      }
      if (const sim::present::GlossaryEntry* g = sim::present::glossary_entry(f.name, ctx)) {
        ++explained;
        EXPECT_NE(h.find(sim::xml_escape(g->fr)), std::string::npos) << f.name;
        EXPECT_NE(m.find(g->fr), std::string::npos) << f.name;
        if (std::string(g->en) != g->fr) {
          EXPECT_EQ(h.find(sim::xml_escape(g->en)), std::string::npos) << "English explanation of " << f.name;
          EXPECT_EQ(m.find(g->en), std::string::npos) << "English explanation of " << f.name;
        }
      }
      for (auto& c : f.children) walk(c, ctx);
    };
    for (auto& e : trace->events) walk(e.tree, sim::present::glossary_context(*trace, e));
    EXPECT_GT(explained, 10u);
    auto sentences = english_only_sentences(*trace);
    EXPECT_FALSE(sentences.empty());
    for (auto& en : sentences) {
      for (const std::string* out : {&h, &m, &s}) {
        EXPECT_EQ(out->find(en), std::string::npos) << "English sentence in a French export: " << en;
        EXPECT_EQ(out->find(sim::xml_escape(en)), std::string::npos) << "English sentence in a French export: " << en;
      }
    }
  }
  if (!HasFailure()) std::filesystem::remove_all(dir);
}

// The same exports in English (the default) keep their English texts word for word.
TEST(ExportLang, EnglishStaysTheDefault) {
  auto dir = testutil::temp_dir("export-lang-en");
  std::string html = (dir / "r.html").string();
  auto r = testutil::run(bin() + " run --cert-profile expired --report " + html + " 2>&1");
  ASSERT_EQ(r.status, 1) << r.output;
  std::string h = testutil::read_file(html);
  for (const char* en : {"id=\"ladder\">Ladder</h2>", "computed by the client", "certificate check: validity of", "FAIL: expired: notAfter"})
    EXPECT_NE(h.find(en), std::string::npos) << en;
  std::filesystem::remove_all(dir);
}

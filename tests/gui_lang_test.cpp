// tlslab-gui in French shows no English: --dump-ui lists every string drawn in the last frame
// (ImGui's own text log, the labels that went through tr(), and text the panels draw
// themselves), and none of it may be an English sentence of the run's trace (notes, reasons,
// checks, formulas, sources, protections, the outcome) or an English label of the catalog's
// GUI part. Cases cover each panel's content: derivations of every kind open in Keys, records
// with protection stages, alerts, certificate checks, TLS 1.3 and SSL 3.0.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/catalog_parts.hpp"
#include "lang_check.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

#ifdef TLSLAB_GUI_BIN

namespace {

struct Case {
  const char* args;   // the scenario
  const char* shown;  // what to select: --derivation ID or --select N
};

// The drawn strings of one French frame, one per line.
std::string dump_fr(const std::string& name, const std::string& args, const std::string& size) {
  static auto dir = testutil::temp_dir("gui-lang");
  auto png = dir / (name + ".png"), txt = dir / (name + ".txt");
  auto r = testutil::run("xvfb-run -a -s '-screen 0 1920x1080x24' " + std::string(TLSLAB_GUI_BIN) + " --screenshot " +
                         png.string() + " --dump-ui " + txt.string() + " --lang fr --size " + size + " " + args + " 2>&1");
  EXPECT_EQ(r.status, 0) << args << "\n" << r.output;
  return testutil::read_file(txt);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST(GuiLang, FrenchShowsNoEnglishSentenceOfTheEngineOrTheInterface) {
  if (testutil::run("command -v xvfb-run >/dev/null 2>&1").status != 0) GTEST_SKIP() << "xvfb-run is not installed";
  const Case cases[] = {
      {"--scenario ssl3-rsa-rc4", "--derivation client/master_secret"},
      {"--scenario ssl3-rsa-rc4", "--derivation client/key_block"},
      {"--scenario ssl3-rsa-rc4", "--select 7"},  // application data: SSL 3.0 MAC and RC4 stages
      {"--scenario ssl3-rsa-3des", "--select 7"},  // SSL 3.0 CBC padding
      {"--scenario tls12-ecdhe-x25519", "--derivation client/pre_master_secret"},
      {"--scenario tls12-client-auth", "--select 2"},  // the client's Certificate
      {"--scenario tls13-full", "--derivation client/handshake_secret"},
      {"--scenario tls13-full", "--select 6"},
      {"--scenario tls13-hello-retry", "--select 2"},
      {"--cert-profile expired", "--select 1"},  // a failed run: certificate checks (on the server's packed flight)
  };
  // The interface's own labels in English, where French differs: a whole drawn line that is one
  // of them, or a longer one anywhere, is a label left untranslated.
  std::set<std::string> en_labels;
  for (auto& e : sim::catalog_ui())
    if (std::string(e.en) != e.fr) en_labels.insert(e.en);
  // English prose words the engine could put in field values, record titles or notes; protocol
  // identifiers (application_data, close_notify, keyCertSign) are not words here: "_" and
  // camelCase keep them apart. Field names ("TLS record", "decrypted") are paths of the trace,
  // like Wireshark's, and stay as they are.
  const std::regex english(R"re(\b(bytes|byte|the|with|of|and|from|ends|special|critical|inner|parsed|verified|Alert|Data|warning|fatal|none|unknown|key)\b)re");
  const std::regex tight_colon(R"re([A-Za-z\)]: )re");
  auto dir = testutil::temp_dir("gui-lang-trace");
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.args) + " " + c.shown);
    std::string json = (dir / "t.json").string();
    auto r = testutil::run(std::string(TLSLAB_BIN) + " run " + c.args + " --json " + json + " 2>&1");
    ASSERT_LE(r.status, 1) << r.output;
    auto trace = sim::trace_from_json_text(testutil::read_file(json));
    ASSERT_TRUE(trace.ok()) << trace.error().reason;
    std::string ui = dump_fr("case" + std::to_string(n++), std::string(c.args) + " " + c.shown, "1920x1080");
    ASSERT_NE(ui.find("lang fr"), std::string::npos);
    // Something of the engine is on screen in French.
    EXPECT_NE(ui.find("Clés et dérivations"), std::string::npos);
    for (auto& en : testutil::english_only_sentences(*trace))
      EXPECT_EQ(ui.find(en), std::string::npos) << "English sentence of the engine on the French screen: " << en;
    for (auto& l : lines(ui)) {
      if (l.rfind("step ", 0) == 0 || l.rfind("selected_event ", 0) == 0) continue;  // the dump's own header
      std::smatch m;
      // French typography: a space before ":" (the label "Protégé par :", not "Protégé par:").
      // (Application data previews hold the page's own HTTP headers.)
      if (l.find("\\r\\n") == std::string::npos)
        EXPECT_FALSE(std::regex_search(l, m, tight_colon)) << "French colon without a space: " << l;
      EXPECT_FALSE(std::regex_search(l, m, english)) << "English word \"" << m.str() << "\" on the French screen: " << l;
      EXPECT_FALSE(en_labels.count(l)) << "English label on the French screen: " << l;
      for (auto& en : en_labels)
        if (en.size() > 16) EXPECT_EQ(l.find(en), std::string::npos) << "English label on the French screen: " << en << "\n  in: " << l;
    }
  }
}

#endif  // TLSLAB_GUI_BIN

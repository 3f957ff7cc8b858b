// The message catalog (sim/core/message.hpp): every key in both languages with the same
// placeholders, every key the sources use present, and no key left unused.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/message.hpp"
#include "core/result.hpp"

#include <type_traits>

using namespace sim;

namespace {

std::set<std::string> placeholders(std::string_view t) {
  std::set<std::string> out;
  for (size_t i = t.find('{'); i != std::string_view::npos; i = t.find('{', i + 1)) {
    size_t close = t.find('}', i);
    if (close != std::string_view::npos) out.emplace(t.substr(i + 1, close - i - 1));
  }
  return out;
}

// Every C++ source of the engine and the front ends, but the catalog itself.
std::vector<std::pair<std::string, std::string>> sources() {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* dir : {"sim", "app"}) {
    for (auto& f : fs::recursive_directory_iterator(fs::path(TLSLAB_SOURCE_DIR) / dir)) {
      auto ext = f.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      if (f.path().filename().string().rfind("catalog", 0) == 0 && f.path().parent_path().filename() == "core") continue;
      std::ifstream in(f.path());
      std::stringstream s;
      s << in.rdbuf();
      out.emplace_back(f.path().string(), s.str());
    }
  }
  return out;
}

}  // namespace

TEST(Catalog, EveryKeyHasBothLanguagesAndTheSamePlaceholders) {
  std::set<std::string> seen;
  ASSERT_FALSE(catalog().empty());
  for (auto& e : catalog()) {
    EXPECT_TRUE(seen.insert(e.key).second) << "duplicate key " << e.key;
    EXPECT_NE(std::string(e.en), "") << e.key;
    EXPECT_NE(std::string(e.fr), "") << e.key;
    EXPECT_EQ(placeholders(e.en), placeholders(e.fr)) << e.key;
  }
}

TEST(Catalog, RendersParametersAndNestedMessagesInTheirLanguage) {
  Message m = Message::untranslated("a peer's text");
  EXPECT_EQ(m.render(Lang::en), "a peer's text");
  EXPECT_EQ(m.render(Lang::fr), "a peer's text");
  // Unknown keys show themselves (a newer trace), never an empty line.
  Message unknown = msg("no.such.key").arg("x", "1");
  EXPECT_EQ(unknown.render(Lang::fr), "no.such.key x=1");
  EXPECT_EQ(lang_named("fr"), Lang::fr);
  // Parameters are sorted by name (as JSON stores them) so a message read back compares equal.
  Message a = msg("k").arg("b", "2").arg("a", "1"), b = msg("k").arg("a", "1").arg("b", "2");
  EXPECT_EQ(a, b);
  EXPECT_EQ(lang_named("de"), std::nullopt);
}

// Keys are written as msg("key") (or tr("key") in the GUI): each must be in the catalog, and
// each catalog key must appear as a literal somewhere, or it is dead text nobody translates.
TEST(Catalog, EveryUsedKeyExistsAndNoKeyIsUnused) {
  auto files = sources();
  std::regex use(R"re(\bmsg\("([^"]+)"\))re");
  for (auto& [path, text] : files) {
    for (std::sregex_iterator it(text.begin(), text.end(), use), end; it != end; ++it) {
      EXPECT_NE(catalog_entry((*it)[1].str()), nullptr) << path << ": msg(\"" << (*it)[1] << "\") is not in the catalog";
    }
  }
  for (auto& e : catalog()) {
    std::string quoted = "\"" + std::string(e.key) + "\"";
    bool used = false;
    for (auto& f : files) used = used || f.second.find(quoted) != std::string::npos;
    EXPECT_TRUE(used) << "catalog key " << e.key << " is used nowhere";
  }
}

// A failure's reason is a catalog message, never an English sentence: Failure, fail() and
// decode_error() take only a Message, and no engine source turns English text into a message
// with Message::untranslated() but where the text comes from outside the engine (an older
// trace, a scenario file's diagnostics, a lesson's attacker).
static_assert(!std::is_constructible_v<Failure, AlertDescription, std::string>);
static_assert(!std::is_constructible_v<Failure, AlertDescription, const char*>);
static_assert(std::is_constructible_v<Failure, AlertDescription, Message>);
static_assert(!std::is_invocable_v<decltype(&decode_error), std::string>);

TEST(Catalog, NoFailureReasonIsAnEnglishLiteral) {
  // fail(ALERT, "..."), Failure{ALERT, "..."}, decode_error("..."); not DerReader::fail (r.fail),
  // whose parse error is a parameter of reason.malformed_certificate.
  std::regex literal_reason(R"re((^|[^.\w])((fail\(|Failure\{|Failure\()\s*[\w:]+\s*,|decode_error\()\s*(std::string\()?")re");
  std::regex untranslated(R"re(Message::untranslated\()re");
  // Where untranslated text is legitimate: it was not written by the engine.
  const std::set<std::string> may_hold_foreign_text = {
      "message.hpp", "message.cpp",  // the definition
      "trace_io.cpp",                // notes and reasons of a version 1 trace; the JSON reader's own errors
      "trace.cpp",                   // an actor with no name in the catalog
  };
  for (auto& [path, text] : sources()) {
    if (path.find("/sim/") == std::string::npos) continue;
    std::string name = std::filesystem::path(path).filename().string();
    std::smatch m;
    std::string::const_iterator from = text.cbegin();
    while (std::regex_search(from, text.cend(), m, literal_reason)) {
      ADD_FAILURE() << path << ": a failure built from a literal: " << m.str();
      from = m.suffix().first;
    }
    if (!may_hold_foreign_text.count(name)) {
      EXPECT_FALSE(std::regex_search(text, untranslated)) << path << ": Message::untranslated() in engine code";
    }
  }
}

// Every failure reason key has a French text that differs from the English one (a sentence
// left untranslated would pass the placeholder test).
TEST(Catalog, FailureReasonsAreTranslated) {
  size_t n = 0;
  for (auto& e : catalog()) {
    std::string k = e.key;
    if (k.rfind("reason.", 0) != 0) continue;
    ++n;
    EXPECT_NE(std::string(e.en), std::string(e.fr)) << k;
  }
  EXPECT_GT(n, 100u);
}

// The same for the engine's other sentences a user reads in French: alert meanings, the
// attacker's reasons and labels, scenario option errors, DER and certificate details, fetches.
TEST(Catalog, EngineNotesAreTranslated) {
  size_t n = 0;
  for (auto& e : catalog()) {
    std::string k = e.key;
    bool note = false;
    for (const char* prefix : {"alert.meaning.", "attack.", "option.error.", "der.", "cert.", "fetch.", "revocation."})
      note = note || k.rfind(prefix, 0) == 0;
    if (!note) continue;
    ++n;
    EXPECT_NE(std::string(e.en), std::string(e.fr)) << k;
  }
  EXPECT_GT(n, 90u);
}

TEST(Catalog, AServerCertificateWithAContextSaysItMustBeEmpty) {
  // The reason used to claim the context was empty when it was not.
  const char* en = catalog_text("reason.server_cert_context_not_empty", Lang::en);
  const char* fr = catalog_text("reason.server_cert_context_not_empty", Lang::fr);
  ASSERT_NE(en, nullptr);
  EXPECT_NE(std::string(en).find("must have an empty certificate_request_context"), std::string::npos);
  EXPECT_NE(std::string(fr).find("doit avoir un certificate_request_context vide"), std::string::npos);
}

// Issue 15, "French everywhere": every built-in scenario, run to its end, holds no text a French
// reader would see in English. Every sentence of its trace (notes, alert reasons, protections,
// derivation titles, formulas, notes and sources, field values with words, the outcome) is a
// catalog message whose French differs from its English wherever it has a word to translate;
// text that is not a message (field values, text-valued inputs) holds no English prose word.
// The catalog is the judge of the first part, an English word list of the second.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>

#include "core/message.hpp"
#include "net/simulation.hpp"
#include "present/present.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/record_keys.hpp"
#include "trace/trace.hpp"
#include "trace/value_text.hpp"

namespace {

using namespace sim;

// A template that reads the same in both languages but has a word to translate: lowercase
// words of three letters or more, outside {placeholders}, that are not identifiers (snake_case,
// camelCase, hex) or the names of protocols and functions.
bool has_translatable_word(std::string en) {
  en = std::regex_replace(en, std::regex(R"(\{[^}]*\})"), " ");
  en = std::regex_replace(en, std::regex(R"("[^"]*")"), " ");  // quoted labels stay as they are
  static const std::regex word(R"((^|[^A-Za-z0-9_])([a-z]{3,})(?=$|[^A-Za-z0-9_(]))");
  static const std::set<std::string> notation = {"mod", "xor", "len", "seq", "max", "min", "null", "pad", "sha", "md5", "hmac", "prf",
                                                 "key", "iv", "tls", "ssl", "rsa", "ecdhe", "dhe", "http", "https", "url"};
  for (std::sregex_iterator it(en.begin(), en.end(), word), end; it != end; ++it)
    if (!notation.count((*it)[2].str())) return true;
  return false;
}

// Entries that read the same in both languages and are right to: reviewed one by one.
const std::set<std::string> kSameInFrench = {
    "actor.client",           // "client" is the French word too
    "check.key_bits",         // "{type} {bits} bits": "bits" is French too
    "formula.derive_secret",  // RFC 8446 7.1 notation: messages, label are the RFC's argument names
    "formula.hkdf_extract",   // RFC 5869 notation: salt, IKM
};

struct Finding {
  std::set<std::string> where;
};

class Walker {
 public:
  explicit Walker(std::string scenario) : scenario_(std::move(scenario)) {}

  void message(const Message& m, const std::string& where) {
    if (m.empty()) return;
    if (m.key == kUntranslatedKey) {
      const Message::Param* p = m.param("text");
      add("untranslated text: " + (p ? p->text : std::string()), where);
    } else if (m.key == kTwoLanguagesKey) {
      const Message::Param *en = m.param("en"), *fr = m.param("fr");
      if (!en || !fr || (en->text == fr->text && has_translatable_word(en->text)))
        add("only in English: " + (en ? en->text : std::string()), where);
    } else if (const CatalogEntry* e = catalog_entry(m.key); !e) {
      add("not in the catalog: " + m.key, where);
    } else if (std::string(e->en) == e->fr && has_translatable_word(e->en) && !kSameInFrench.count(m.key)) {
      add("the catalog has it only in English: " + m.key + " \"" + e->en + "\"", where);
    }
    for (const Message::Param& p : m.params)
      for (const Message& n : p.message) message(n, where);
  }

  // Text shown as is in every language must hold no English prose word.
  void plain(const std::string& text, const std::string& where) {
    static const std::regex english(
        R"re((?:^|[^-\w])(bytes|byte|the|with|of|and|from|ends|special|critical|inner|parsed|verified|warning|fatal|none|unknown|pass|fail|set|not|absent|yes|no|true|false|repeated|times|random|seconds|implicit)\b)re");
    std::smatch m;
    if (std::regex_search(text, m, english)) add("English word \"" + m[1].str() + "\" in: " + text, where);
  }

  void field(const Field& f, const std::string& where) {
    const std::string here = where + "/" + f.name;
    // What the application sends (the web server's page, HTTP bodies) is data carried, not text
    // of the tool: it is shown as it was sent, like Wireshark does.
    const bool payload = f.name == "application_data" || (f.name == "body" && where.find(" HTTP") != std::string::npos);
    if (!f.text.empty()) message(f.text, here);
    else if (!payload) plain(f.value, here);
    for (const Field& c : f.children) field(c, here);
  }

  void trace(const Trace& t) {
    for (size_t i = 0; i < t.events.size(); ++i) {
      const Event& e = t.events[i];
      const std::string at = "event " + std::to_string(i) + " " + e.name;
      for (const Message& n : e.notes) message(n, at + " note");
      if (e.alert) message(e.alert->reason, at + " alert reason");
      message(protection_message(e.protection), at + " protection");
      field(e.tree, at);
      for (const Derivation& d : all_derivations(e)) {
        const std::string dat = at + " derivation " + d.id;
        message(d.title, dat + " title");
        message(d.text, dat + " formula");
        if (output_is_text(d)) plain(output_display(d, Lang::fr), dat + " output");
        for (auto* list : {&d.inputs, &d.steps})
          for (const NamedBytes& n : *list) {
            message(n.note, dat + " " + n.name + " note");
            if (n.from.kind != Source::Kind::none) message(source_message(n.from), dat + " " + n.name + " source");
            if (n.is_text) plain(value_display(n, Lang::fr), dat + " " + n.name);
          }
      }
    }
    message(t.outcome.message(), "outcome");
  }

  void add(const std::string& what, const std::string& where) { found_[what].where.insert(scenario_ + ": " + where); }
  const std::map<std::string, Finding>& found() const { return found_; }

 private:
  std::string scenario_;
  std::map<std::string, Finding> found_;
};

TEST(FrenchEverywhere, EveryBuiltInScenarioHasOnlyFrenchTextForAFrenchReader) {
  std::map<std::string, Finding> all;
  size_t scenarios = 0;
  for (const NamedScenario& s : list_scenarios()) {
    auto o = load_scenario(s.name);
    ASSERT_TRUE(o.ok()) << s.name << ": " << o.error().reason;
    Simulation sim(*o);
    sim.run_to_end();
    Walker w(s.name);
    w.trace(sim.trace());
    for (auto& [what, f] : w.found()) all[what].where.insert(f.where.begin(), f.where.end());
    // The scenario's own description, as the panel and `list scenarios --lang fr` show it.
    EXPECT_NE(s.description_fr, s.description) << s.name;
    ++scenarios;
  }
  EXPECT_EQ(scenarios, list_scenarios().size());
  for (auto& [what, f] : all) {
    std::string places;
    size_t n = 0;
    for (auto& w : f.where) {
      if (++n > 3) break;
      places += "\n    " + w;
    }
    ADD_FAILURE() << what << "  (" << f.where.size() << " places, e.g.)" << places;
  }
}

// The rule above can fail: a sentence the catalog has only in English is caught.
TEST(FrenchEverywhere, TheWordRuleSeesEnglishAndLeavesNotationAlone) {
  EXPECT_TRUE(has_translatable_word("accepted under the soft-fail policy"));
  EXPECT_TRUE(has_translatable_word("{n} bytes"));
  EXPECT_FALSE(has_translatable_word("{a} || {b}"));
  EXPECT_FALSE(has_translatable_word("HMAC-{hash}(key, seq)"));
  EXPECT_FALSE(has_translatable_word("PRF(master_secret, \"key expansion\", server_random + client_random)"));
  EXPECT_FALSE(has_translatable_word("client_write_key"));
}

}  // namespace

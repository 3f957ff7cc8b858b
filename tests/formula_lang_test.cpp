// Derivation formulas and the notes of their inputs and steps are catalog messages: over every
// built-in scenario (and the runs derivation_runs.hpp adds), a formula with a word in it has a
// message, every note is a message, their French renderings hold none of a fixed list of English
// prose words, and the trace JSON keeps the messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/message.hpp"
#include "derivation_runs.hpp"
#include "trace/trace.hpp"
#include "trace/trace_io.hpp"

namespace {

using sim::Derivation;
using sim::Lang;
using sim::Message;

// English prose words: none may appear in a French rendering, nor in notation. Field names
// such as ServerKeyExchange.signature or verify_data are one token (dots, underscores and
// dashes join), and quoted text (labels, signed strings) is left out. Words French writes the
// same way ("signature", "messages", "secret") cannot tell the languages apart and are not listed,
// nor "random", an RFC field name (ClientHello.random, PreMasterSecret.random).
const std::set<std::string> kProse = {
    "with", "over", "repeated", "times", "decrypt", "valid", "invalid", "bytes", "removed",
    "verify", "verification", "check", "sent", "never", "every", "first", "second", "half", "inner",
    "outer", "output", "the", "and", "of", "from", "likewise", "leading", "last", "strip", "compress",
    "used", "failed", "through", "before", "own", "peer", "private", "public", "key", "shared",
    "spaces", "zeros", "zero", "header", "truncated", "cut", "replaces", "continuing", "keystream",
    "implicit", "explicit", "chained", "found", "arbitrary", "only", "value", "what", "signed",
    "signs", "ephemeral", "this", "all", "no", "is", "prefixed", "group", "suite's", "function"};

// The prose words of a text, outside quotes.
std::vector<std::string> prose_words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  bool quoted = false;
  auto flush = [&] {
    std::string w = word;
    word.clear();
    // Trailing dots end a sentence; inside a token they join a field name.
    while (!w.empty() && w.back() == '.') w.pop_back();
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (kProse.count(w)) out.push_back(w);
  };
  for (char c : text) {
    if (c == '"') {
      flush();
      quoted = !quoted;
      continue;
    }
    if (quoted) continue;
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '\'' || c == '#')
      word += c;
    else
      flush();
  }
  flush();
  return out;
}

// Checks a message and the ones nested in it: a known key, and where the catalog's French
// template differs from its English one, a French rendering that differs too.
void expect_catalog_message(const Message& m, const std::string& where) {
  ASSERT_FALSE(m.key.empty()) << where;
  EXPECT_NE(m.key, sim::kUntranslatedKey) << where << ": untranslated text " << m.english();
  const sim::CatalogEntry* e = sim::catalog_entry(m.key);
  ASSERT_NE(e, nullptr) << where << ": " << m.key << " is not in the catalog";
  if (std::string(e->en) != e->fr) EXPECT_NE(m.render(Lang::fr), m.render(Lang::en)) << where << ": " << m.key;
  for (auto& p : m.params)
    for (auto& nested : p.message)  // an empty nested message is an optional part left out
      if (!nested.empty()) expect_catalog_message(nested, where + " {" + p.name + "}");
}

void expect_no_prose(const std::string& text, const std::string& where) {
  auto words = prose_words(text);
  EXPECT_TRUE(words.empty()) << where << ": English word '" << (words.empty() ? "" : words[0]) << "' in: " << text;
}

// Certificate checks (sim/pki) are another part's; their notes carry decoded values and are
// not checked here (their formula and title already are messages).
bool is_certificate_check(const Derivation& d) {
  return d.kind == sim::DerivationKind::certificate_check || d.id.find("revocation_fetch") != std::string::npos;
}

}  // namespace

TEST(FormulaLang, EveryFormulaAndNoteIsACatalogMessageWithoutEnglishInFrench) {
  size_t formulas = 0, messages = 0, notes = 0;
  for (auto& [name, options] : testutil::runs()) {
    SCOPED_TRACE(name);
    sim::Trace t = testutil::trace_of(options);
    for (auto& e : t.events) {
      for (const Derivation& d : sim::all_derivations(e)) {
        if (d.id.find("revocation_fetch") != std::string::npos) continue;  // sim/pki's, not yet a message
        std::string where = name + " " + d.id;
        ++formulas;
        if (d.text.empty()) {
          // Notation only: no word of prose (else it must be a message).
          expect_no_prose(d.formula, where + " formula");
        } else {
          ++messages;
          expect_catalog_message(d.text, where + " formula");
          EXPECT_EQ(d.formula, d.text.english()) << where;  // the JSON's English formula
          expect_no_prose(d.text.render(Lang::fr), where + " French formula");
        }
        if (is_certificate_check(d)) continue;
        for (auto* list : {&d.inputs, &d.steps}) {
          for (auto& n : *list) {
            if (n.note.empty()) continue;
            ++notes;
            std::string w = where + " " + n.name;
            expect_catalog_message(n.note, w);
            expect_no_prose(n.note.render(Lang::fr), w + " French note");
            // Notation reads the same in both languages: it must hold no English prose.
            if (n.note.key == "note_in.notation") expect_no_prose(n.note.english(), w + " notation");
          }
        }
      }
    }
  }
  // The runs cover many derivations, most with a formula message and notes.
  EXPECT_GT(formulas, 500u);
  EXPECT_GT(messages, 200u);
  EXPECT_GT(notes, 1000u);
}

// The prose detector itself: field names and quoted labels are not prose; words are.
TEST(FormulaLang, ProseWordsIgnoreFieldNamesAndQuotedText) {
  EXPECT_TRUE(prose_words("PRF(master_secret, \"key expansion\", seed) = P_SHA256(...)").empty());
  EXPECT_TRUE(prose_words("ServerKeyExchange.signature").empty());
  EXPECT_TRUE(prose_words("verify_data = HMAC(finished_key, Transcript-Hash(ClientHello))").empty());
  EXPECT_EQ(prose_words("RSA-PSS signature with the key over handshake_messages"), (std::vector<std::string>{"with", "the", "key", "over"}));
  EXPECT_EQ(prose_words("0x36 repeated 48 times."), (std::vector<std::string>{"repeated", "times"}));
}

// The trace JSON keeps the formula and note messages (with English beside them for readers
// without the catalog), and a trace written before them reads its English notes as untranslated.
TEST(FormulaLang, JsonRoundTripKeepsFormulaAndNoteMessages) {
  sim::ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = sim::kSsl3;
  sim::Trace t = testutil::trace_of(o);
  nlohmann::json j = nlohmann::json::parse(sim::trace_json_text(t));
  // Compact text: the reader does not depend on the writer's layout.
  auto back = sim::trace_from_json_text(j.dump());
  ASSERT_TRUE(back.ok()) << back.error().reason;
  ASSERT_EQ(back->events.size(), t.events.size());
  size_t notes = 0;
  for (size_t i = 0; i < t.events.size(); ++i) {
    ASSERT_EQ(sim::derivation_count(back->events[i]), sim::derivation_count(t.events[i]));
    for (size_t k = 0; k < sim::derivation_count(t.events[i]); ++k) {
      const Derivation &a = sim::derivation_at(t.events[i], k), &b = sim::derivation_at(back->events[i], k);
      EXPECT_EQ(b.text, a.text) << a.id;
      EXPECT_EQ(b.formula, a.formula) << a.id;
      ASSERT_EQ(b.steps.size(), a.steps.size());
      for (size_t s = 0; s < a.steps.size(); ++s, ++notes) EXPECT_EQ(b.steps[s].note, a.steps[s].note) << a.id;
      ASSERT_EQ(b.inputs.size(), a.inputs.size());
      for (size_t s = 0; s < a.inputs.size(); ++s, ++notes) EXPECT_EQ(b.inputs[s].note, a.inputs[s].note) << a.id;
    }
  }
  EXPECT_GT(notes, 50u);
  // The SSL 3.0 MAC pads are in the JSON as English and as a message.
  std::string text = j.dump();
  EXPECT_NE(text.find("\"source\":\"0x36 repeated 48 times\""), std::string::npos);
  EXPECT_NE(text.find("\"source_message\":{\"key\":\"note_in.repeated\""), std::string::npos);
  // An older trace: only the English source, read back as untranslated text.
  for (auto& e : j["events"])
    for (const char* list : {"derivations", "receiver_derivations"})
      if (e.contains(list))
        for (auto& d : e[list])
          for (const char* part : {"inputs", "steps"})
            for (auto& n : d[part]) n.erase("source_message");
  auto old = sim::trace_from_json_text(j.dump());
  ASSERT_TRUE(old.ok()) << old.error().reason;
  bool found = false;
  for (auto& e : old->events)
    for (const Derivation& d : sim::all_derivations(e))
      for (auto& n : d.steps)
        if (n.note.english() == "0x36 repeated 48 times") {
          found = true;
          EXPECT_EQ(n.note.key, sim::kUntranslatedKey);
        }
  EXPECT_TRUE(found);
}

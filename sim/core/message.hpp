// Every sentence the engine shows a user is a Message: a catalog key and its parameters,
// rendered in English or French by one catalog (core/message.cpp). The engine never stores the
// sentence itself, so a front end can show the same trace in either language.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sim {

enum class Lang : uint8_t { en, fr };
std::string_view lang_code(Lang l);                     // "en", "fr"
std::optional<Lang> lang_named(std::string_view code);  // "en" / "fr", else none

struct Message {
  // A parameter is either a plain value (a suite name, a number, a state: never translated) or
  // a nested message (rendered in the same language as its parent).
  struct Param {
    std::string name;
    std::string text;
    std::vector<Message> message;  // empty, or exactly one nested message
  };
  std::string key;  // "note.server_chose"; empty for no message
  std::vector<Param> params;

  bool empty() const { return key.empty(); }
  std::string render(Lang l) const;
  // The English rendering: what the trace JSON stores beside the key, for readers (and logs,
  // tests, error output) without the catalog.
  std::string english() const { return render(Lang::en); }
  // A sentence that has no key: text read from an older trace (written before the catalog), or
  // from a peer. Rendered as is in every language.
  static Message untranslated(std::string text);
  // A sentence some table already holds in both languages (the scenario options' diagnostics,
  // sim/scenario/option_table.hpp): rendered as `en` or `fr`.
  static Message in_two_languages(std::string en, std::string fr);

  Message& arg(std::string name, std::string text);
  Message& arg(std::string name, Message m);
  const Param* param(std::string_view name) const;
  bool operator==(const Message&) const;
};
bool operator==(const Message::Param& a, const Message::Param& b);
std::ostream& operator<<(std::ostream& os, const Message& m);  // English, for logs and tests

// msg(KEY).arg("suite", s): the one way engine code names a sentence. KEY must be a string
// literal, so the catalog test (tests/catalog_test.cpp) finds every key used.
Message msg(const char* key);

// The key of untranslated text; its single parameter is "text".
inline constexpr const char* kUntranslatedKey = "text";
// The key of a sentence in both languages; its parameters are "en" and "fr".
inline constexpr const char* kTwoLanguagesKey = "text.two_languages";

struct CatalogEntry {
  const char* key;
  const char* en;
  const char* fr;
};
// The whole catalog, in key order of the source (for tests, --dump-ui and the GUI's tr()).
const std::vector<CatalogEntry>& catalog();
const CatalogEntry* catalog_entry(std::string_view key);
// The template of key in a language, "{name}" placeholders unreplaced; nullptr when unknown.
const char* catalog_text(std::string_view key, Lang l);

}  // namespace sim

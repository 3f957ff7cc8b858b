#include "core/message.hpp"

#include <ostream>
#include <unordered_map>

namespace sim {

std::string_view lang_code(Lang l) { return l == Lang::fr ? "fr" : "en"; }

std::optional<Lang> lang_named(std::string_view code) {
  if (code == "en") return Lang::en;
  if (code == "fr") return Lang::fr;
  return std::nullopt;
}

Message Message::untranslated(std::string text) { return msg(kUntranslatedKey).arg("text", std::move(text)); }

Message Message::in_two_languages(std::string en, std::string fr) {
  return Message{kTwoLanguagesKey, {}}.arg("en", std::move(en)).arg("fr", std::move(fr));
}

Message msg(const char* key) { return Message{key, {}}; }

// Parameters are kept sorted by name, as JSON objects store them, so a message read back from
// a trace equals the one the engine made.
static void insert_sorted(std::vector<Message::Param>& ps, Message::Param p) {
  auto it = ps.begin();
  while (it != ps.end() && it->name < p.name) ++it;
  if (it != ps.end() && it->name == p.name) *it = std::move(p);
  else ps.insert(it, std::move(p));
}

Message& Message::arg(std::string name, std::string text) {
  insert_sorted(params, {std::move(name), std::move(text), {}});
  return *this;
}

Message& Message::arg(std::string name, Message m) {
  insert_sorted(params, {std::move(name), {}, {std::move(m)}});
  return *this;
}

const Message::Param* Message::param(std::string_view name) const {
  for (auto& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

bool operator==(const Message::Param& a, const Message::Param& b) {
  return a.name == b.name && a.text == b.text && a.message == b.message;
}
bool Message::operator==(const Message& o) const { return key == o.key && params == o.params; }

std::ostream& operator<<(std::ostream& os, const Message& m) { return os << m.english(); }

namespace {
const std::unordered_map<std::string_view, const CatalogEntry*>& index() {
  static const auto m = [] {
    std::unordered_map<std::string_view, const CatalogEntry*> m;
    for (auto& e : catalog()) m.emplace(e.key, &e);
    return m;
  }();
  return m;
}
}  // namespace

const CatalogEntry* catalog_entry(std::string_view key) {
  auto it = index().find(key);
  return it == index().end() ? nullptr : it->second;
}

const char* catalog_text(std::string_view key, Lang l) {
  const CatalogEntry* e = catalog_entry(key);
  return e ? (l == Lang::fr ? e->fr : e->en) : nullptr;
}

std::string Message::render(Lang l) const {
  if (key.empty()) return "";
  if (key == kTwoLanguagesKey) {
    const Param* p = param(l == Lang::fr ? "fr" : "en");
    return p ? p->text : "";
  }
  const char* tmpl = catalog_text(key, l);
  // An unknown key (a newer trace's) shows itself and its parameters rather than nothing.
  if (!tmpl) {
    std::string out = key;
    for (auto& p : params) out += " " + p.name + "=" + (p.message.empty() ? p.text : p.message[0].render(l));
    return out;
  }
  std::string out;
  std::string_view t(tmpl);
  for (size_t i = 0; i < t.size();) {
    size_t close = t[i] == '{' ? t.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += t[i++];
      continue;
    }
    std::string_view name = t.substr(i + 1, close - i - 1);
    if (const Param* p = param(name)) {
      out += p->message.empty() ? p->text : p->message[0].render(l);
    } else {
      out += t.substr(i, close - i + 1);  // a missing parameter stays visible (the catalog test catches it)
    }
    i = close + 1;
  }
  return out;
}

}  // namespace sim

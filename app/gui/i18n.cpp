#include "i18n.hpp"

#include "present/glossary.hpp"
#include "trace/trace.hpp"

#include <cctype>
#include <unordered_map>

namespace gui {

namespace {

Lang g_lang = Lang::en;
std::vector<std::string>* g_recorder = nullptr;

const char* pick(std::string_view key) { return sim::catalog_text(key, g_lang); }

}  // namespace

void set_lang(Lang l) { g_lang = l; }
Lang lang() { return g_lang; }

bool parse_lang(std::string_view s, Lang* out) {
  auto l = sim::lang_named(s);
  if (l) *out = *l;
  return l.has_value();
}

const char* tr(std::string_view key) {
  const char* s = pick(key);
  if (!s) {
    // Missing keys show themselves, so they are easy to spot; tests catch them first.
    static std::unordered_map<std::string, std::string> missing;
    s = missing.try_emplace(std::string(key), std::string(key)).first->second.c_str();
  }
  if (g_recorder) g_recorder->emplace_back(s);
  return s;
}

std::string tr_msg(const sim::Message& m) {
  std::string s = m.render(g_lang);
  if (g_recorder) g_recorder->push_back(s);
  return s;
}

std::string label_value(std::string_view label, std::string_view value) {
  return std::string(label) + tr("word.colon") + std::string(value);
}

namespace {
// An entry's text in the current language, with its spec reference on a line of its own
// ("Spécification : RFC 6101 5.2.3.1"); kept for the program's life, as tooltips hold the pointer.
const char* explanation(const sim::present::GlossaryEntry* e) {
  if (!e) return nullptr;
  const char* text = g_lang == Lang::fr ? e->fr : e->en;
  if (!e->spec) return text;
  const char* label = pick("keys.spec");
  const char* colon = pick("word.colon");
  if (!label || !colon) return text;
  std::string full = std::string(text) + "\n" + label + colon + e->spec;
  static std::unordered_map<std::string, std::string> shown;
  return shown.try_emplace(full, full).first->second.c_str();
}
}  // namespace

const char* help(std::string_view name) {
  // The explanations are the engine's glossary (sim/present/glossary.hpp), which the reports use too.
  return explanation(sim::present::glossary_entry(name));
}

const char* help(std::string_view name, const sim::present::GlossaryContext& c) {
  return explanation(sim::present::glossary_entry(name, c));
}

const char* help_for(std::string_view name, const sim::Trace& t, size_t event, const std::vector<size_t>* hello_events) {
  if (event >= t.events.size()) return help(name);
  if (hello_events) return help(name, sim::present::glossary_context(t, t.events[event], *hello_events));
  return help(name, sim::present::glossary_context(t, t.events[event]));
}

void set_tr_recorder(std::vector<std::string>* out) { g_recorder = out; }
void record_drawn(std::string_view s) {
  if (g_recorder) g_recorder->emplace_back(s);
}

}  // namespace gui

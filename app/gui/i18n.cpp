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

const char* help(std::string_view name) {
  // The explanations are the engine's glossary (sim/present/glossary.hpp), which the reports use too.
  const sim::present::GlossaryEntry* e = sim::present::glossary_entry(name);
  if (!e) return nullptr;
  return g_lang == Lang::fr ? e->fr : e->en;
}

const char* help(std::string_view name, const sim::present::GlossaryContext& c) {
  const sim::present::GlossaryEntry* e = sim::present::glossary_entry(name, c);
  if (!e) return nullptr;
  return g_lang == Lang::fr ? e->fr : e->en;
}

const char* help_for(std::string_view name, const sim::Trace& t, size_t event) {
  if (event >= t.events.size()) return help(name);
  return help(name, sim::present::glossary_context(t, t.events[event]));
}

void set_tr_recorder(std::vector<std::string>* out) { g_recorder = out; }
void record_drawn(std::string_view s) {
  if (g_recorder) g_recorder->emplace_back(s);
}

}  // namespace gui

#include "export/text.hpp"

#include <algorithm>
#include <cstdio>

#include "present/present.hpp"
#include "trace/value_text.hpp"

namespace sim {

// Pads to `width` characters, not bytes (French words hold accents).
static std::string pad(std::string s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  if (chars < width) s.append(width - chars, ' ');
  return s;
}

// "client   -> server  ": the direction column, the parties named in `lang`, each padded to
// the longest name of the run ("répondeur OCSP").
static std::string arrow(const present::LadderRow& r, Lang lang, size_t width) {
  return pad(actor_message(r.from).render(lang), width) + " -> " + pad(actor_message(r.to).render(lang), width);
}

static size_t chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string connection_separator(const Trace& t, int connection, Lang lang) {
  return "--- " + present::connection_heading(t, connection, lang) + " ---\n";
}

std::string ladder_text(const Trace& t, Lang lang) {
  std::string out;
  char buf[512];
  auto word = [&](const char* key) { return msg(key).render(lang); };
  const std::vector<present::LadderRow> rows = present::ladder_rows(t, lang);
  size_t width = 8;
  for (const auto& r : rows)
    width = std::max({width, chars(actor_message(r.from).render(lang)), chars(actor_message(r.to).render(lang))});
  std::snprintf(buf, sizeof buf, "%4s %4s  %s  %-48s %6s  %s\n", "#", word("text.col_step").c_str(),
                pad(word("text.col_direction"), 2 * width + 4).c_str(), word("text.col_record").c_str(),
                word("text.col_bytes").c_str(), word("text.col_protection").c_str());
  out += buf;
  for (const auto& r : rows) {
    if (r.connection_start) out += connection_separator(t, r.connection, lang);
    // The title padded by characters: "…Certificate…" and accented French titles.
    std::snprintf(buf, sizeof buf, "%4zu %4u  %s  %s %6zu  %s\n", r.index, r.step, arrow(r, lang, width).c_str(),
                  pad(r.title, 48).c_str(), r.bytes, r.protection.c_str());
    out += buf;
    if (!r.reason.empty()) out += "             " + msg("text.reason").arg("reason", r.reason).render(lang) + "\n";
    for (auto& n : r.notes) out += "             " + n + "\n";
  }
  return out;
}

std::string negotiated_text(const Trace& t, Lang lang) {
  std::string out;
  for (const auto& r : present::summary_rows(t, lang)) {
    std::string label = r.label + (lang == Lang::fr ? " :" : ":");
    // Padded by characters, not bytes (French labels hold accents).
    size_t chars = 0;
    for (unsigned char c : label) chars += (c & 0xC0) != 0x80;
    label.append(chars + 1 >= 24 ? 1 : 24 - chars, ' ');
    out += label + r.value + "\n";
  }
  return out;
}

std::string field_tree_text(const Field& f, int depth) {
  std::string out(depth * 2, ' ');
  char range[64];
  std::snprintf(range, sizeof range, "  [%s %u+%u]", f.space == ByteSpace::wire ? "wire" : f.space == ByteSpace::plaintext ? "plain" : "reasm", f.offset, f.length);
  std::string value = f.value.size() > 100 ? f.value.substr(0, 97) + "..." : f.value;
  out += f.name + (value.empty() ? "" : ": " + value) + range + "\n";
  for (auto& c : f.children) out += field_tree_text(c, depth + 1);
  return out;
}

std::string derivation_text(const Derivation& d, Lang lang) {
  std::string name = d.title.empty() ? d.name : d.title.render(lang);
  std::string formula = d.text.empty() ? d.formula : d.text.render(lang);
  std::string out = "[" + actor_message(d.actor).render(lang) + "] " + name + "  (" + d.spec + ")\n";
  out += "  " + msg("text.formula").arg("formula", formula).render(lang) + "\n";
  auto list = [&](bool inputs, const std::vector<NamedBytes>& v) {
    for (auto& n : v) {
      std::string hex = value_display(n, lang);
      if (hex.size() > 128) hex = hex.substr(0, 128) + msg("text.more_bytes").arg("n", std::to_string(n.value.size())).render(lang);
      out += "  " + msg(inputs ? "text.input" : "text.step").arg("name", n.name).arg("value", hex).render(lang) +
             (n.note.empty() ? "" : "   <- " + n.note.render(lang)) + "\n";
      if (n.from.kind != Source::Kind::none && inputs) out += "        <- " + source_message(n.from).render(lang) + "\n";
    }
  };
  list(true, d.inputs);
  list(false, d.steps);
  out += "  " + msg("text.output").arg("value", output_display(d, lang)).render(lang) + "\n";
  for (auto& p : d.parts)
    out += "    " + p.name + " = " + to_hex(ByteView(d.output).subspan(p.offset, p.length)) + "\n";
  return out;
}

std::string keylog_text(const std::vector<std::string>& lines) {
  std::string out = "# NSS key log written by tlslab (SSLKEYLOGFILE format)\n";
  for (auto& l : lines) out += l;
  return out;
}

}  // namespace sim

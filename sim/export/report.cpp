#include "export/report.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "export/svg.hpp"
#include "export/text.hpp"
#include "present/glossary.hpp"
#include "trace/value_text.hpp"
#include "present/present.hpp"
#include "trace/derivation_kind.hpp"

namespace sim {

std::optional<ReportFormat> report_format_for_path(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return std::nullopt;
  std::string ext;
  for (char c : path.substr(dot + 1)) ext += char(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "html" || ext == "htm") return ReportFormat::html;
  if (ext == "md" || ext == "markdown") return ReportFormat::markdown;
  return std::nullopt;
}

namespace {

// The report being written (set by report_html/markdown): its language and secrets.
Lang g_lang = Lang::en;
bool g_show_secrets = false;
std::string tx(const Message& m) { return m.render(g_lang); }
std::string tx(const char* key) { return msg(key).render(g_lang); }
const char* gloss(const present::GlossaryEntry* g) { return g_lang == Lang::fr ? g->fr : g->en; }

std::string arrow_text(const Event& e) {
  return tx(actor_message(e.from)) + " \xe2\x86\x92 " + tx(actor_message(e.to));
}

// A derivation's formula in the language (a certificate check's verdict); notation as is.
std::string formula_text(const Derivation& d) { return d.text.empty() ? d.formula : tx(d.text); }
std::string name_text(const Derivation& d) { return d.title.empty() ? d.name : tx(d.title); }
// A value's source column; a certificate check's verdict step carries the verdict's detail.
std::string note_text(const Derivation* d, const NamedBytes& n) {
  if (d && n.name == "verdict" && !d->text.empty())
    if (const Message::Param* p = d->text.param("detail")) return p->message.empty() ? p->text : tx(p->message[0]);
  return tx(n.note);
}

using present::record_title;

// Offset, then 16 bytes per line.
std::string hex_dump(ByteView b) {
  std::string out;
  char buf[32];
  for (size_t i = 0; i < b.size(); i += 16) {
    std::snprintf(buf, sizeof buf, "%04zx ", i);
    out += buf;
    for (size_t j = i; j < i + 16 && j < b.size(); ++j) {
      std::snprintf(buf, sizeof buf, " %02x", b[j]);
      out += buf;
    }
    out += "\n";
  }
  return out;
}

std::string elide(const std::string& s, size_t max) {
  return s.size() <= max ? s : s.substr(0, max) + "\xe2\x80\xa6 " + tx(msg("report.characters").arg("n", std::to_string(s.size())));
}

// "connection 2 (resumes connection 1 with its ticket)" when event i starts a new connection.
std::string connection_start(const Trace& t, size_t i) {
  int c = t.events[i].connection, before = i ? t.events[i - 1].connection : 1;
  return c == before ? "" : present::connection_heading(t, c, g_lang);
}

size_t derivation_count(const Trace& t) {
  size_t n = 0;
  for (auto& e : t.events) n += sim::derivation_count(e);
  return n;
}

std::string event_heading(const Trace& t, size_t i) {
  return tx(msg("report.event_heading").arg("n", std::to_string(i)).arg("title", record_title(t.events[i], g_lang)));
}
std::string derivations_heading(const Trace& t, size_t i) {
  return tx(msg("report.derivations_at").arg("n", std::to_string(i)).arg("title", record_title(t.events[i], g_lang)));
}

// The glossary's explanation of a name as it applies to this event's version and suite.
const present::GlossaryEntry* explain(const Trace& t, const Event& e, std::string_view name) {
  return present::glossary_entry(name, present::glossary_context(t, e));
}
const present::GlossaryEntry* explain_derivation(const Trace& t, const Event& e, const Derivation& d) {
  return explain(t, e, std::string_view(d.name).substr(0, d.name.find(' ')));
}

// Secrets, as the derivation's kind declares them (the GUI masks the same ones).
enum class Item : uint8_t { input, step, output };
bool secret(const Derivation& d, Item k, std::string_view name = {}) {
  switch (k) {
    case Item::input: return is_secret_input(d.kind, d.actor, name);
    case Item::step: return is_secret_step(d.kind, d.actor, name);
    case Item::output: return info(d.kind).secret_output;
  }
  return false;
}
bool masked(const Derivation& d, Item k, std::string_view name = {}) { return !g_show_secrets && secret(d, k, name); }
std::string masked_text(size_t n) { return tx(msg("report.masked").arg("n", std::to_string(n))); }
std::string shown_value(const Derivation& d, Item k, const NamedBytes& n) {
  return masked(d, k, n.name) ? masked_text(n.value.size()) : value_display(n, g_lang);
}

// ---- HTML ----------------------------------------------------------------------------

std::string h(std::string_view s) { return xml_escape(s); }

std::string html_explain(const present::GlossaryEntry* g, const char* cls = "explain") {
  return std::string("<p class=\"") + cls + "\">" + h(gloss(g)) + (g->spec ? " <span class=\"spec\">" + h(g->spec) + "</span>" : "") + "</p>\n";
}

// A field, its value and range; the glossary's explanation under its first occurrence in the
// record (a second "length" is explained by the first).
void html_tree(std::string& o, const Field& f, const present::GlossaryContext& ctx, std::set<std::string>& explained) {
  o += "<li><span class=\"fname\">" + h(f.name) + "</span>";
  if (!f.value.empty()) o += ": <span class=\"fvalue\">" + h(elide(f.shown(g_lang), 160)) + "</span>";
  o += " <span class=\"range\">[" + tx(f.space == ByteSpace::wire ? "report.space_wire" : f.space == ByteSpace::plaintext ? "report.space_plaintext" : "report.space_reassembled") + " " +
       std::to_string(f.offset) + "+" + std::to_string(f.length) + "]</span>\n";
  if (const present::GlossaryEntry* g = present::glossary_entry(f.name, ctx); g && explained.insert(g->key).second)
    o += html_explain(g, "explain field");
  if (!f.children.empty()) {
    o += "<ul>";
    for (auto& c : f.children) html_tree(o, c, ctx, explained);
    o += "</ul>";
  }
  o += "</li>\n";
}

void html_values(std::string& o, const Trace& t, const Event& e, const char* head, const std::vector<NamedBytes>& v, const Derivation& d,
                 Item k) {
  if (v.empty()) return;
  o += "<table class=\"values\"><tr><th>" + tx(head) + "</th><th>" + tx("report.bytes") + "</th><th>" + tx("report.value_hex") +
       "</th><th>" + tx("report.source") + "</th></tr>\n";
  for (auto& n : v) {
    const present::GlossaryEntry* g = explain(t, e, n.name);
    bool hide = masked(d, k, n.name);
    o += "<tr><td><span class=\"fname\">" + h(n.name) + "</span>" + (g ? "<br><small class=\"explain\">" + h(gloss(g)) + "</small>" : "") +
         "</td><td class=\"num\">" + std::to_string(n.value.size()) + "</td><td class=\"" + (hide ? "masked" : "hex") + "\">" +
         h(shown_value(d, k, n)) + "</td><td>" + h(note_text(k == Item::step ? &d : nullptr, n)) +
         (n.from.kind == Source::Kind::none ? "" : "<br><small>" + h(tx(source_message(n.from))) + "</small>") + "</td></tr>\n";
  }
  o += "</table>\n";
}

void html_derivation(std::string& o, const Trace& t, const Event& e, const Derivation& d) {
  o += "<div class=\"derivation\" id=\"" + h(d.id) + "\">\n";
  o += "<h4>" + h(name_text(d)) + " <small>" + h(tx(msg("report.computed_by").arg("side", actor_message(d.actor)))) + " \xc2\xb7 " + h(d.id) +
       (d.spec.empty() ? "" : " \xc2\xb7 " + h(d.spec)) + "</small></h4>\n";
  if (const present::GlossaryEntry* g = explain_derivation(t, e, d)) o += html_explain(g);
  o += "<p class=\"formula\"><code>" + h(formula_text(d)) + "</code></p>\n";
  html_values(o, t, e, "report.input", d.inputs, d, Item::input);
  html_values(o, t, e, "report.step", d.steps, d, Item::step);
  bool hide = masked(d, Item::output);
  o += "<p>" + tx(msg("report.output_html").arg("n", std::to_string(d.output.size()))) + " <code class=\"" + (hide ? "masked" : "hex") + "\">" +
       h(hide ? masked_text(d.output.size()) : output_display(d, g_lang)) + "</code></p>\n";
  if (!d.parts.empty()) {
    o += "<table class=\"values\"><tr><th>" + tx("report.part") + "</th><th>" + tx("report.offset") + "</th><th>" + tx("report.length") +
         "</th><th>" + tx("report.value_hex") + "</th></tr>\n";
    for (auto& p : d.parts) {
      const present::GlossaryEntry* g = explain(t, e, p.name);
      o += "<tr><td><span class=\"fname\">" + h(p.name) + "</span>" + (g ? "<br><small class=\"explain\">" + h(gloss(g)) + "</small>" : "") +
           "</td><td class=\"num\">" + std::to_string(p.offset) + "</td><td class=\"num\">" + std::to_string(p.length) + "</td><td class=\"" +
           (hide ? "masked" : "hex") + "\">" + h(hide ? masked_text(p.length) : to_hex(ByteView(d.output).subspan(p.offset, p.length))) +
           "</td></tr>\n";
    }
    o += "</table>\n";
  }
  o += "</div>\n";
}

// Screen: a readable column. Print: black on white, no boxes or backgrounds that waste ink,
// each part (contents, ladder, messages, derivations) from a new page, a heading never alone
// at the foot of a page, and the hex dumps (folded on screen) left out.
const char* kCss = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; background: #fff; line-height: 1.4; }
h1 { font-size: 1.8em; } h2 { border-bottom: 2px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
h3 { margin-top: 1.8em; } h4 { margin-bottom: .3em; } h4 small { font-weight: normal; color: #666; }
table { border-collapse: collapse; margin: .5em 0; } th, td { border: 1px solid #ccc; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; }
.hex { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85em; word-break: break-all; }
.masked { font-style: italic; color: #777; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: .5em; overflow-x: auto; font-size: .85em; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.formula code { background: #f3f6fb; padding: .2em .4em; display: inline-block; }
.derivation { border-left: 4px solid #1f6fd1; padding-left: 1em; margin: 1em 0; }
.explain { color: #333; } p.explain { margin: .2em 0 .5em; } p.explain.field { margin: 0 0 .2em; font-size: .95em; color: #444; }
.spec { color: #777; font-size: .85em; white-space: nowrap; }
.note { border: 1px solid #e0c060; background: #fff8e0; padding: .4em .8em; }
.alert { color: #b00; font-weight: bold; }
.p-none { color: #555; } .p-handshake { color: #1f6fd1; } .p-application { color: #1a7a40; } .p-protected { color: #6a3d9a; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2em; margin: 0; }
ul.tree { font-size: .9em; } .fname { font-weight: bold; } .range { color: #888; font-size: .85em; }
.fvalue, td.hex { overflow-wrap: anywhere; word-break: break-all; }
nav.toc ol { margin: .2em 0; } nav.toc ol ol { font-size: .9em; }
.ladder svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
@media print {
  @page { margin: 15mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; color: #000; background: #fff; }
  a { color: inherit; text-decoration: none; }
  th, pre, .formula code, .note { background: none; }
  .ladder svg { border: none; width: 100%; }
  h2.part { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, p.explain, .formula { break-inside: avoid; page-break-inside: avoid; }
  details.bytes { display: none; }
  details { display: block; }
}
)";

// ---- Markdown ------------------------------------------------------------------------

// Text from the trace as Markdown text: a trace file is anyone's, and Markdown passes raw HTML
// through (CommonMark 4.6, 6.6), so '<' becomes an entity; a viewer then shows "<script>" as
// text, as the HTML and SVG exports do. Not for code spans, which show entities literally.
std::string md_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else out += c;
  }
  return out;
}

// One line of a table cell, without its code span (md_code).
std::string cell_raw(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string cell(std::string_view s) { return md_text(cell_raw(s)); }

// A fenced block that no backtick run in `body` can end (CommonMark 4.5).
std::string md_fence(const std::string& info, const std::string& body) {
  size_t run = 0, longest = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence + info + "\n" + body + fence + "\n";
}

std::string md_code(std::string_view s) {
  // Inline code with a fence longer than any backtick run inside.
  size_t run = 0, longest = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  return fence + (longest ? " " : "") + cell_raw(s) + (longest ? " " : "") + fence;
}

// The anchor a Markdown renderer (GitHub, GitLab, pandoc's gfm) gives a heading: lower case
// (accented capitals too: "Échelle" is #échelle), spaces to hyphens, punctuation and symbols
// (":", "'", the arrow, the middle dot) dropped, letters outside ASCII kept.
std::string md_anchor(std::string_view heading) {
  std::string a;
  for (size_t i = 0; i < heading.size(); ++i) {
    auto u = static_cast<unsigned char>(heading[i]);
    if (u < 0x80) {
      if (std::isalnum(u) || u == '-' || u == '_') a += char(std::tolower(u));
      else if (u == ' ') a += '-';
      continue;
    }
    size_t len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
    std::string ch(heading.substr(i, len));
    i += len - 1;
    if (u == 0xC2 || u == 0xE2) continue;  // Latin-1 symbols, general punctuation, arrows
    // Latin-1 capitals (U+00C0..U+00DE but the multiplication sign) to small letters.
    if (u == 0xC3 && ch.size() == 2) {
      auto v = static_cast<unsigned char>(ch[1]);
      if (v >= 0x80 && v <= 0x9E && v != 0x97) ch[1] = char(v + 0x20);
    }
    a += ch;
  }
  return a;
}
std::string md_link(const std::string& heading) { return "[" + cell(heading) + "](#" + md_anchor(heading) + ")"; }

std::string md_explain(const present::GlossaryEntry* g) {
  return std::string(gloss(g)) + (g->spec ? " (" + std::string(g->spec) + ")" : "");
}

void md_tree(std::string& o, const Field& f, const present::GlossaryContext& ctx, std::set<std::string>& explained, int depth) {
  o += std::string(size_t(depth) * 2, ' ') + "- **" + cell(f.name) + "**";
  if (!f.value.empty()) o += tx("word.colon") + md_code(elide(f.shown(g_lang), 160));
  o += " [" + tx(f.space == ByteSpace::wire ? "report.space_wire" : f.space == ByteSpace::plaintext ? "report.space_plaintext" : "report.space_reassembled") +
       " " + std::to_string(f.offset) + "+" + std::to_string(f.length) + "]";
  if (const present::GlossaryEntry* g = present::glossary_entry(f.name, ctx); g && explained.insert(g->key).second)
    o += " \xe2\x80\x94 " + cell(md_explain(g));
  o += "\n";
  for (auto& c : f.children) md_tree(o, c, ctx, explained, depth + 1);
}

void md_values(std::string& o, const Trace& t, const Event& e, const char* head, const std::vector<NamedBytes>& v, const Derivation& d, Item k) {
  if (v.empty()) return;
  o += "\n| " + tx(head) + " | " + tx("report.bytes") + " | " + tx("report.value_hex") + " | " + tx("report.source") + " |\n|---|---:|---|---|\n";
  for (auto& n : v) {
    const present::GlossaryEntry* g = explain(t, e, n.name);
    bool hide = masked(d, k, n.name);
    o += "| **" + cell(n.name) + "**" + (g ? "<br>" + cell(gloss(g)) : "") + " | " + std::to_string(n.value.size()) + " | " +
         (hide ? "_" + cell(masked_text(n.value.size())) + "_" : md_code(value_display(n, g_lang))) + " | " + cell(note_text(k == Item::step ? &d : nullptr, n)) +
         (n.from.kind == Source::Kind::none ? "" : " (" + cell(tx(source_message(n.from))) + ")") + " |\n";
  }
}

void md_derivation(std::string& o, const Trace& t, const Event& e, const Derivation& d) {
  o += "\n#### " + cell(name_text(d)) + " (" + tx(msg("report.computed_by").arg("side", actor_message(d.actor))) + ")\n\n";
  if (const present::GlossaryEntry* g = explain_derivation(t, e, d)) o += md_explain(g) + "\n\n";
  o += "- id: " + md_code(d.id) + "\n";
  if (!d.spec.empty()) o += "- " + tx(msg("report.spec").arg("spec", md_text(d.spec))) + "\n";
  o += "- " + tx(msg("report.formula").arg("formula", md_code(formula_text(d)))) + "\n";
  md_values(o, t, e, "report.input", d.inputs, d, Item::input);
  md_values(o, t, e, "report.step", d.steps, d, Item::step);
  bool hide = masked(d, Item::output);
  o += "\n" + tx(msg("report.output_md").arg("n", std::to_string(d.output.size()))) + " " +
       (hide ? "_" + masked_text(d.output.size()) + "_" : md_code(output_display(d, g_lang))) + "\n";
  if (!d.parts.empty()) {
    o += "\n| " + tx("report.part") + " | " + tx("report.offset") + " | " + tx("report.length") + " | " + tx("report.value_hex") +
         " |\n|---|---:|---:|---|\n";
    for (auto& p : d.parts)
      o += "| " + cell(p.name) + " | " + std::to_string(p.offset) + " | " + std::to_string(p.length) + " | " +
           (hide ? "_" + masked_text(p.length) + "_" : md_code(to_hex(ByteView(d.output).subspan(p.offset, p.length)))) + " |\n";
  }
}

std::string report_title(const Trace& t) {
  std::string title = tx("report.title");
  if (t.negotiated.cipher_suite) title = tx(msg("report.title_suite").arg("title", title).arg("suite", suite_name(t.negotiated.cipher_suite)));
  return title;
}

}  // namespace

std::optional<bool> report_secrets_named(std::string_view s) {
  if (s == "shown") return true;
  if (s == "masked") return false;
  return std::nullopt;
}

std::string report_html(const Trace& t, const ReportOptions& opts) {
  g_lang = opts.lang;
  g_show_secrets = opts.show_secrets;
  const std::string title = report_title(t);
  std::string o = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_code(g_lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + h(title) +
                  "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  o += "<h1>" + h(title) + "</h1>\n";
  o += "<table class=\"summary\">\n";
  for (const auto& r : present::summary_rows(t, g_lang)) o += "<tr><th>" + h(r.label) + "</th><td>" + h(r.value) + "</td></tr>\n";
  o += "</table>\n";
  o += "<p class=\"note\">" + h(tx(g_show_secrets ? "report.secrets_shown" : "report.secrets_masked")) + "</p>\n";

  // Contents: the parts, every message and every event with derivations.
  o += "<nav class=\"toc\">\n<h2>" + tx("report.contents") + "</h2>\n<ol>\n";
  o += "<li><a href=\"#ladder\">" + tx("report.ladder") + "</a></li>\n<li><a href=\"#alerts\">" + tx("report.alerts") + "</a></li>\n";
  o += "<li><a href=\"#messages\">" + tx("report.messages") + "</a>\n<ol start=\"0\">\n";
  for (size_t i = 0; i < t.events.size(); ++i)
    o += "<li><a href=\"#event-" + std::to_string(i) + "-details\">" + h(record_title(t.events[i], g_lang)) + "</a> <small>(" +
         h(arrow_text(t.events[i])) + ")</small></li>\n";
  o += "</ol></li>\n<li><a href=\"#derivations\">" + tx("report.derivations") + "</a>\n<ul>\n";
  for (size_t i = 0; i < t.events.size(); ++i)
    if (size_t n = sim::derivation_count(t.events[i]))
      o += "<li><a href=\"#derivations-" + std::to_string(i) + "\">" + h(derivations_heading(t, i)) + "</a> <small>(" + std::to_string(n) +
           ")</small></li>\n";
  o += "</ul></li>\n";
  if (!t.keylog.empty()) o += "<li><a href=\"#keylog\">" + tx("report.key_log") + "</a></li>\n";
  o += "</ol>\n</nav>\n";

  // Part 1: the ladder, its records and the alerts.
  o += "<h2 class=\"part\" id=\"ladder\">" + tx("report.ladder") + "</h2>\n<div class=\"ladder\">\n";
  std::string svg = ladder_svg(t, g_lang);
  if (auto p = svg.find("<svg"); p != std::string::npos) svg = svg.substr(p);  // inline: no XML declaration
  o += svg + "</div>\n";
  o += "<h3>" + tx("report.records") + "</h3>\n";
  o += "<table class=\"records\"><tr><th>#</th><th>" + tx("text.col_step") + "</th><th>" + tx("text.col_direction") + "</th><th>" +
       tx("text.col_record") + "</th><th>" + tx("text.col_bytes") + "</th><th>" + tx("text.col_protection") + "</th></tr>\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "<tr><th colspan=\"6\" class=\"connection\">" + h(c) + "</th></tr>\n";
    o += "<tr><td class=\"num\"><a href=\"#event-" + std::to_string(i) + "-details\">" + std::to_string(i) + "</a></td><td class=\"num\">" +
         h(present::step_text(e)) + "</td><td>" + h(arrow_text(e)) + "</td><td" + (e.alert ? " class=\"alert\"" : "") + ">" +
         h(record_title(e, g_lang)) + "</td><td class=\"num\">" + std::to_string(e.bytes.size()) + "</td><td class=\"p-" +
         std::string(protection_class(e)) + "\">" + h(tx(protection_message(e.protection))) + "</td></tr>\n";
  }
  o += "</table>\n";

  o += "<h2 id=\"alerts\">" + tx("report.alerts") + "</h2>\n";
  bool any_alert = false;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!e.alert) continue;
    if (!any_alert) o += "<ul>\n";
    any_alert = true;
    o += "<li><a href=\"#event-" + std::to_string(i) + "-details\">" + h(tx(msg("report.event").arg("n", std::to_string(i)))) + "</a>, " + h(arrow_text(e)) +
         ": <span class=\"alert\">" + h(name_of(e.alert->level)) + " " + h(name_of(e.alert->description)) + " (" +
         std::to_string(int(e.alert->description)) + ")</span>" + h(tx("word.colon")) + h(tx(e.alert->reason)) + "<br><small>" +
         h(tx(alert_meaning(e.alert->description))) + "</small></li>\n";
  }
  o += any_alert ? "</ul>\n" : "<p>" + tx("report.no_alert") + "</p>\n";

  // Part 2: every message, its fields explained.
  o += "<h2 class=\"part\" id=\"messages\">" + tx("report.messages") + "</h2>\n<p>" + tx("report.messages_intro") + " " +
       tx(msg("report.counts").arg("records", std::to_string(t.events.size())).arg("derivations", std::to_string(derivation_count(t)))) + "</p>\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "<h3 class=\"connection\">" + h(c) + "</h3>\n";
    o += "<section id=\"event-" + std::to_string(i) + "-details\">\n";
    o += "<h3>" + h(event_heading(t, i)) + " <small>(" + h(arrow_text(e)) + ")</small></h3>\n";
    o += "<p>" + h(tx(msg("report.event_line").arg("step", present::step_text(e)).arg("layer", layer_name(e.layer)).arg("n", std::to_string(e.bytes.size())))) +
         " <span class=\"p-" + std::string(protection_class(e)) + "\">" + h(tx(protection_message(e.protection))) + "</span></p>\n";
    if (e.alert)
      o += "<p class=\"alert\">" + h(tx(msg("report.alert_line").arg("level", name_of(e.alert->level)).arg("alert", name_of(e.alert->description))
                                          .arg("reason", e.alert->reason))) + "</p>\n";
    if (!e.notes.empty()) {
      o += "<ul class=\"notes\">\n";
      for (auto& n : e.notes) o += "<li>" + h(tx(n)) + "</li>\n";
      o += "</ul>\n";
    }
    std::set<std::string> explained;
    o += "<h4>" + tx("report.field_tree") + "</h4>\n<ul class=\"tree\">\n";
    html_tree(o, e.tree, present::glossary_context(t, e), explained);
    o += "</ul>\n";
    o += "<details class=\"bytes\"><summary>" + tx(msg("report.record_bytes").arg("n", std::to_string(e.bytes.size()))) + "</summary>\n<pre class=\"hex\">" +
         h(hex_dump(e.bytes)) + "</pre>\n</details>\n";
    if (!e.plaintext.empty())
      o += "<details class=\"bytes\"><summary>" + tx(msg("report.decrypted").arg("n", std::to_string(e.plaintext.size()))) + "</summary>\n<pre class=\"hex\">" +
           h(hex_dump(e.plaintext)) + "</pre>\n</details>\n";
    if (sim::derivation_count(e)) {
      o += "<p>" + tx("report.derivations_here");
      bool first = true;
      for (const sim::Derivation& d : sim::all_derivations(e)) {
        o += std::string(first ? " " : ", ") + "<a href=\"#" + h(d.id) + "\">" + h(name_text(d)) + "</a> <small>(" + h(tx(actor_message(d.actor))) + ")</small>";
        first = false;
      }
      o += "</p>\n";
    }
    o += "</section>\n";
  }

  // Part 3: every derivation, by the event that carries it.
  o += "<h2 class=\"part\" id=\"derivations\">" + tx("report.derivations") + "</h2>\n<p>" + tx("report.derivations_intro") + "</p>\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!sim::derivation_count(e)) continue;
    o += "<section id=\"derivations-" + std::to_string(i) + "\">\n<h3>" + h(derivations_heading(t, i)) + " <small>(" + h(arrow_text(e)) + ")</small></h3>\n";
    for (const sim::Derivation& d : sim::all_derivations(e)) html_derivation(o, t, e, d);
    o += "</section>\n";
  }

  if (!t.keylog.empty()) {
    o += "<h2 id=\"keylog\">" + tx("report.key_log") + "</h2>\n";
    if (g_show_secrets) {
      o += "<p>" + tx("report.key_log_hint") + "</p>\n<pre class=\"hex\">";
      for (auto& l : t.keylog) o += h(l) + "\n";
      o += "</pre>\n";
    } else {
      o += "<p class=\"masked\">" + h(tx("report.key_log_masked")) + "</p>\n";
    }
  }
  o += "<p><small>" + h(tx(msg("report.written_by").arg("version", std::to_string(Trace::kVersion)))) + "</small></p>\n</body>\n</html>\n";
  return o;
}

std::string report_markdown(const Trace& t, const ReportOptions& opts) {
  g_lang = opts.lang;
  g_show_secrets = opts.show_secrets;
  std::string o = "# " + md_text(report_title(t)) + "\n\n| | |\n|---|---|\n";
  for (const auto& r : present::summary_rows(t, g_lang)) o += "| " + cell(r.label) + " | " + cell(r.value) + " |\n";
  o += "\n> " + tx(g_show_secrets ? "report.secrets_shown" : "report.secrets_masked") + "\n";

  const std::string ladder = tx("report.ladder"), alerts = tx("report.alerts"), messages = tx("report.messages"),
                    derivations = tx("report.derivations"), keylog = tx("report.key_log");
  std::vector<std::string> event_heads(t.events.size());
  for (size_t i = 0; i < t.events.size(); ++i) event_heads[i] = event_heading(t, i) + " (" + arrow_text(t.events[i]) + ")";
  o += "\n## " + tx("report.contents") + "\n\n1. " + md_link(ladder) + "\n2. " + md_link(alerts) + "\n3. " + md_link(messages) + "\n";
  for (size_t i = 0; i < t.events.size(); ++i) o += "   - " + md_link(event_heads[i]) + "\n";
  o += "4. " + md_link(derivations) + "\n";
  for (size_t i = 0; i < t.events.size(); ++i)
    if (size_t n = sim::derivation_count(t.events[i])) o += "   - " + md_link(derivations_heading(t, i)) + " (" + std::to_string(n) + ")\n";
  if (!t.keylog.empty()) o += "5. " + md_link(keylog) + "\n";

  o += "\n## " + ladder + "\n\n### " + tx("report.records") + "\n\n| # | " + tx("text.col_step") + " | " + tx("text.col_direction") + " | " + tx("text.col_record") +
       " | " + tx("text.col_bytes") + " | " + tx("text.col_protection") + " |\n|---:|---:|---|---|---:|---|\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    std::string rec = cell(record_title(e, g_lang));
    if (e.alert) rec = "**" + rec + "**";
    if (auto c = connection_start(t, i); !c.empty()) o += "| | | | **" + cell(c) + "** | | |\n";
    o += "| " + std::to_string(i) + " | " + present::step_text(e) + " | " + arrow_text(e) + " | " + rec + " | " +
         std::to_string(e.bytes.size()) + " | " + cell(tx(protection_message(e.protection))) + " |\n";
  }

  o += "\n## " + alerts + "\n\n";
  bool any_alert = false;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!e.alert) continue;
    any_alert = true;
    o += "- " + tx(msg("report.event").arg("n", std::to_string(i))) + ", " + arrow_text(e) + tx("word.colon") + "**" + name_of(e.alert->level) + " " +
         name_of(e.alert->description) + " (" + std::to_string(int(e.alert->description)) + ")**" + tx("word.colon") + cell(tx(e.alert->reason)) +
         ". " + tx(alert_meaning(e.alert->description)) + "\n";
  }
  if (!any_alert) o += tx("report.no_alert") + "\n";

  o += "\n## " + messages + "\n\n" + tx("report.messages_intro") + " " +
       tx(msg("report.counts").arg("records", std::to_string(t.events.size())).arg("derivations", std::to_string(derivation_count(t)))) + "\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "\n**" + cell(c) + "**\n";
    o += "\n### " + cell(event_heads[i]) + "\n\n";
    o += tx(msg("report.event_line").arg("step", present::step_text(e)).arg("layer", layer_name(e.layer)).arg("n", std::to_string(e.bytes.size()))) +
         tx("word.colon") + cell(tx(protection_message(e.protection))) + "\n";
    if (e.alert)
      o += "\n" + md_text(tx(msg("report.alert_line_md").arg("level", name_of(e.alert->level)).arg("alert", name_of(e.alert->description))
                         .arg("reason", e.alert->reason))) + "\n";
    if (!e.notes.empty()) {
      o += "\n";
      for (auto& n : e.notes) o += "- " + md_text(tx(n)) + "\n";
    }
    std::set<std::string> explained;
    o += "\n" + tx("report.field_tree_md") + "\n\n";
    md_tree(o, e.tree, present::glossary_context(t, e), explained, 0);
    o += "\n" + tx("report.record_bytes_md") + "\n\n```text\n" + hex_dump(e.bytes) + "```\n";
    if (!e.plaintext.empty()) o += "\n" + tx("report.decrypted_md") + "\n\n```text\n" + hex_dump(e.plaintext) + "```\n";
    if (sim::derivation_count(e)) {
      o += "\n" + tx("report.derivations_here") + " ";
      bool first = true;
      for (const sim::Derivation& d : sim::all_derivations(e)) {
        o += std::string(first ? "" : ", ") + md_code(name_text(d)) + " (" + tx(actor_message(d.actor)) + ")";
        first = false;
      }
      o += " \xe2\x86\x92 " + md_link(derivations_heading(t, i)) + "\n";
    }
  }

  o += "\n## " + derivations + "\n\n" + tx("report.derivations_intro") + "\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!sim::derivation_count(e)) continue;
    o += "\n### " + cell(derivations_heading(t, i)) + "\n";
    for (const sim::Derivation& d : sim::all_derivations(e)) md_derivation(o, t, e, d);
  }

  if (!t.keylog.empty()) {
    o += "\n## " + keylog + "\n\n";
    if (g_show_secrets) {
      std::string lines;
      for (auto& l : t.keylog) lines += l + "\n";
      o += tx("report.key_log_hint") + "\n\n" + md_fence("text", lines);
    } else {
      o += "_" + tx("report.key_log_masked") + "_\n";
    }
  }
  return o;
}

}  // namespace sim

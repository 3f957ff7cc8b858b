#include "export/report.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "export/svg.hpp"
#include "export/text.hpp"
#include "present/glossary.hpp"
#include "present/present.hpp"

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

Lang g_lang = Lang::en;  // the language of the report being written (set by report_html/markdown)
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

// ---- HTML ----------------------------------------------------------------------------

std::string h(std::string_view s) { return xml_escape(s); }

void html_tree(std::string& o, const Field& f) {
  // The glossary's explanation as a tooltip, where it has one.
  const present::GlossaryEntry* g = present::glossary_entry(f.name);
  o += "<li><span class=\"fname\"" + (g ? " title=\"" + h(gloss(g)) + "\"" : std::string()) + ">" + h(f.name) + "</span>";
  if (!f.value.empty()) o += ": <span class=\"fvalue\">" + h(elide(f.value, 160)) + "</span>";
  o += " <span class=\"range\">[" + tx(f.space == ByteSpace::wire ? "report.space_wire" : f.space == ByteSpace::plaintext ? "report.space_plaintext" : "report.space_reassembled") + " " +
       std::to_string(f.offset) + "+" + std::to_string(f.length) + "]</span>";
  if (!f.children.empty()) {
    o += "<ul>";
    for (auto& c : f.children) html_tree(o, c);
    o += "</ul>";
  }
  o += "</li>\n";
}

void html_values(std::string& o, const char* head, const std::vector<NamedBytes>& v, const Derivation* d = nullptr) {
  if (v.empty()) return;
  o += "<table class=\"values\"><tr><th>" + tx(head) + "</th><th>" + tx("report.bytes") + "</th><th>" + tx("report.value_hex") +
       "</th><th>" + tx("report.source") + "</th></tr>\n";
  for (auto& n : v)
    o += "<tr><td>" + h(n.name) + "</td><td class=\"num\">" + std::to_string(n.value.size()) + "</td><td class=\"hex\">" +
         h(value_display(n)) + "</td><td>" + h(note_text(d, n)) +
         (n.from.kind == Source::Kind::none ? "" : "<br><small>" + h(tx(source_message(n.from))) + "</small>") + "</td></tr>\n";
  o += "</table>\n";
}

void html_derivation(std::string& o, const Derivation& d) {
  o += "<div class=\"derivation\" id=\"" + h(d.id) + "\">\n";
  o += "<h4>" + h(name_text(d)) + " <small>" + h(tx(msg("report.computed_by").arg("side", actor_message(d.actor)))) + " \xc2\xb7 " + h(d.id) +
       (d.spec.empty() ? "" : " \xc2\xb7 " + h(d.spec)) + "</small></h4>\n";
  if (const present::GlossaryEntry* g = present::glossary_for_derivation(d.name))
    o += "<p class=\"explain\">" + h(gloss(g)) + "</p>\n";
  o += "<p class=\"formula\"><code>" + h(formula_text(d)) + "</code></p>\n";
  html_values(o, "report.input", d.inputs);
  html_values(o, "report.step", d.steps, &d);
  o += "<p>" + tx(msg("report.output_html").arg("n", std::to_string(d.output.size()))) + " <code class=\"hex\">" + h(to_hex(d.output)) + "</code></p>\n";
  if (!d.parts.empty()) {
    o += "<table class=\"values\"><tr><th>" + tx("report.part") + "</th><th>" + tx("report.offset") + "</th><th>" + tx("report.length") +
         "</th><th>" + tx("report.value_hex") + "</th></tr>\n";
    for (auto& p : d.parts)
      o += "<tr><td>" + h(p.name) + "</td><td class=\"num\">" + std::to_string(p.offset) + "</td><td class=\"num\">" +
           std::to_string(p.length) + "</td><td class=\"hex\">" + h(to_hex(ByteView(d.output).subspan(p.offset, p.length))) +
           "</td></tr>\n";
    o += "</table>\n";
  }
  o += "</div>\n";
}

const char* kCss = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.8em; } h2 { border-bottom: 2px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
h3 { margin-top: 1.8em; } h4 { margin-bottom: .3em; } h4 small { font-weight: normal; color: #666; }
table { border-collapse: collapse; margin: .5em 0; } th, td { border: 1px solid #ccc; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; }
.hex { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85em; word-break: break-all; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: .5em; overflow-x: auto; font-size: .85em; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.formula code { background: #f3f6fb; padding: .2em .4em; display: inline-block; }
.derivation { border-left: 4px solid #1f6fd1; padding-left: 1em; margin: 1em 0; }
.alert { color: #b00; font-weight: bold; }
.p-none { color: #555; } .p-handshake { color: #1f6fd1; } .p-application { color: #1a7a40; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2em; margin: 0; }
ul.tree { font-size: .9em; } .fname { font-weight: bold; } .range { color: #888; font-size: .85em; }
.ladder svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
@media print { .ladder svg { border: none; } details { display: block; } }
)";

// ---- Markdown ------------------------------------------------------------------------

std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string md_code(std::string_view s) {
  // Inline code with a fence longer than any backtick run inside.
  size_t run = 0, longest = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  return fence + (longest ? " " : "") + cell(s) + (longest ? " " : "") + fence;
}

void md_values(std::string& o, const char* head, const std::vector<NamedBytes>& v, const Derivation* d = nullptr) {
  if (v.empty()) return;
  o += "\n| " + tx(head) + " | " + tx("report.bytes") + " | " + tx("report.value_hex") + " | " + tx("report.source") + " |\n|---|---:|---|---|\n";
  for (auto& n : v)
    o += "| " + cell(n.name) + " | " + std::to_string(n.value.size()) + " | " + md_code(value_display(n)) + " | " + cell(note_text(d, n)) +
         (n.from.kind == Source::Kind::none ? "" : " (" + cell(tx(source_message(n.from))) + ")") + " |\n";
}

void md_derivation(std::string& o, const Derivation& d) {
  o += "\n#### " + cell(name_text(d)) + " (" + tx(msg("report.computed_by").arg("side", actor_message(d.actor))) + ")\n\n";
  if (const present::GlossaryEntry* g = present::glossary_for_derivation(d.name)) o += std::string(gloss(g)) + "\n\n";
  o += "- id: " + md_code(d.id) + "\n";
  if (!d.spec.empty()) o += "- " + tx(msg("report.spec").arg("spec", d.spec)) + "\n";
  o += "- " + tx(msg("report.formula").arg("formula", md_code(formula_text(d)))) + "\n";
  md_values(o, "report.input", d.inputs);
  md_values(o, "report.step", d.steps, &d);
  o += "\n" + tx(msg("report.output_md").arg("n", std::to_string(d.output.size()))) + " " + md_code(to_hex(d.output)) + "\n";
  if (!d.parts.empty()) {
    o += "\n| " + tx("report.part") + " | " + tx("report.offset") + " | " + tx("report.length") + " | " + tx("report.value_hex") +
         " |\n|---|---:|---:|---|\n";
    for (auto& p : d.parts)
      o += "| " + cell(p.name) + " | " + std::to_string(p.offset) + " | " + std::to_string(p.length) + " | " +
           md_code(to_hex(ByteView(d.output).subspan(p.offset, p.length))) + " |\n";
  }
}

}  // namespace

std::string report_html(const Trace& t, Lang lang) {
  g_lang = lang;
  std::string title = tx("report.title");
  if (t.negotiated.cipher_suite) title = tx(msg("report.title_suite").arg("title", title).arg("suite", suite_name(t.negotiated.cipher_suite)));
  std::string o = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_code(lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + h(title) +
                  "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  o += "<h1>" + h(title) + "</h1>\n";
  o += "<table class=\"summary\">\n";
  for (const auto& r : present::summary_rows(t, lang)) o += "<tr><th>" + h(r.label) + "</th><td>" + h(r.value) + "</td></tr>\n";
  o += "</table>\n";

  o += "<h2>" + tx("report.ladder") + "</h2>\n<div class=\"ladder\">\n";
  std::string svg = ladder_svg(t, lang);
  if (auto p = svg.find("<svg"); p != std::string::npos) svg = svg.substr(p);  // inline: no XML declaration
  o += svg + "</div>\n";
  o += "<table class=\"records\"><tr><th>#</th><th>" + tx("text.col_step") + "</th><th>" + tx("text.col_direction") + "</th><th>" +
       tx("text.col_record") + "</th><th>" + tx("text.col_bytes") + "</th><th>" + tx("text.col_protection") + "</th></tr>\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "<tr><th colspan=\"6\" class=\"connection\">" + h(c) + "</th></tr>\n";
    o += "<tr><td class=\"num\"><a href=\"#event-" + std::to_string(i) + "-details\">" + std::to_string(i) + "</a></td><td class=\"num\">" +
         std::to_string(e.step) + "</td><td>" + h(arrow_text(e)) + "</td><td" + (e.alert ? " class=\"alert\"" : "") + ">" +
         h(record_title(e, g_lang)) + "</td><td class=\"num\">" + std::to_string(e.bytes.size()) + "</td><td class=\"p-" +
         std::string(protection_class(e)) + "\">" + h(tx(protection_message(e.protection))) + "</td></tr>\n";
  }
  o += "</table>\n";

  o += "<h2>" + tx("report.alerts") + "</h2>\n";
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

  if (!t.keylog.empty()) {
    o += "<h2>" + tx("report.key_log") + "</h2>\n<p>" + tx("report.key_log_hint") + "</p>\n<pre class=\"hex\">";
    for (auto& l : t.keylog) o += h(l) + "\n";
    o += "</pre>\n";
  }

  o += "<h2>" + tx("report.records") + "</h2>\n<p>" +
       tx(msg("report.counts").arg("records", std::to_string(t.events.size())).arg("derivations", std::to_string(derivation_count(t)))) + "</p>\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "<h2 class=\"connection\">" + h(c) + "</h2>\n";
    o += "<section id=\"event-" + std::to_string(i) + "-details\">\n";
    o += "<h3>" + h(tx(msg("report.event_heading").arg("n", std::to_string(i)).arg("title", record_title(e, g_lang)))) + " <small>(" + h(arrow_text(e)) + ")</small></h3>\n";
    o += "<p>" + h(tx(msg("report.event_line").arg("step", std::to_string(e.step)).arg("layer", layer_name(e.layer)).arg("n", std::to_string(e.bytes.size())))) +
         " <span class=\"p-" + std::string(protection_class(e)) + "\">" + h(tx(protection_message(e.protection))) + "</span></p>\n";
    if (e.alert)
      o += "<p class=\"alert\">" + h(tx(msg("report.alert_line").arg("level", name_of(e.alert->level)).arg("alert", name_of(e.alert->description))
                                          .arg("reason", e.alert->reason))) + "</p>\n";
    if (!e.notes.empty()) {
      o += "<ul class=\"notes\">\n";
      for (auto& n : e.notes) o += "<li>" + h(tx(n)) + "</li>\n";
      o += "</ul>\n";
    }
    o += "<details open><summary>" + tx("report.field_tree") + "</summary>\n<ul class=\"tree\">\n";
    html_tree(o, e.tree);
    o += "</ul>\n</details>\n";
    o += "<details><summary>" + tx(msg("report.record_bytes").arg("n", std::to_string(e.bytes.size()))) + "</summary>\n<pre class=\"hex\">" +
         h(hex_dump(e.bytes)) + "</pre>\n</details>\n";
    if (!e.plaintext.empty())
      o += "<details><summary>" + tx(msg("report.decrypted").arg("n", std::to_string(e.plaintext.size()))) + "</summary>\n<pre class=\"hex\">" +
           h(hex_dump(e.plaintext)) + "</pre>\n</details>\n";
    for (const sim::Derivation& d : sim::all_derivations(e)) html_derivation(o, d);
    o += "</section>\n";
  }
  o += "<p><small>" + h(tx(msg("report.written_by").arg("version", std::to_string(Trace::kVersion)))) + "</small></p>\n</body>\n</html>\n";
  return o;
}

std::string report_markdown(const Trace& t, Lang lang) {
  g_lang = lang;
  std::string o = "# " + tx("report.title");
  if (t.negotiated.cipher_suite) o = "# " + tx(msg("report.title_suite").arg("title", tx("report.title")).arg("suite", suite_name(t.negotiated.cipher_suite)));
  o += "\n\n| | |\n|---|---|\n";
  for (const auto& r : present::summary_rows(t, lang)) o += "| " + cell(r.label) + " | " + cell(r.value) + " |\n";

  o += "\n## " + tx("report.ladder") + "\n\n| # | " + tx("text.col_step") + " | " + tx("text.col_direction") + " | " + tx("text.col_record") +
       " | " + tx("text.col_bytes") + " | " + tx("text.col_protection") + " |\n|---:|---:|---|---|---:|---|\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    std::string rec = cell(record_title(e, g_lang));
    if (e.alert) rec = "**" + rec + "**";
    if (auto c = connection_start(t, i); !c.empty()) o += "| | | | **" + cell(c) + "** | | |\n";
    o += "| " + std::to_string(i) + " | " + std::to_string(e.step) + " | " + arrow_text(e) + " | " + rec + " | " +
         std::to_string(e.bytes.size()) + " | " + cell(tx(protection_message(e.protection))) + " |\n";
  }

  o += "\n## " + tx("report.alerts") + "\n\n";
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

  if (!t.keylog.empty()) {
    o += "\n## " + tx("report.key_log") + "\n\n```text\n";
    for (auto& l : t.keylog) o += l + "\n";
    o += "```\n";
  }

  o += "\n## " + tx("report.records") + "\n\n" +
       tx(msg("report.counts").arg("records", std::to_string(t.events.size())).arg("derivations", std::to_string(derivation_count(t)))) + "\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "\n## " + c + "\n";
    o += "\n### " + cell(tx(msg("report.event_heading").arg("n", std::to_string(i)).arg("title", record_title(e, g_lang)))) + " (" + arrow_text(e) + ")\n\n";
    o += tx(msg("report.event_line").arg("step", std::to_string(e.step)).arg("layer", layer_name(e.layer)).arg("n", std::to_string(e.bytes.size()))) +
         tx("word.colon") + cell(tx(protection_message(e.protection))) + "\n";
    if (e.alert)
      o += "\n" + tx(msg("report.alert_line_md").arg("level", name_of(e.alert->level)).arg("alert", name_of(e.alert->description))
                         .arg("reason", e.alert->reason)) + "\n";
    if (!e.notes.empty()) {
      o += "\n";
      for (auto& n : e.notes) o += "- " + tx(n) + "\n";
    }
    o += "\n" + tx("report.field_tree_md") + "\n\n```text\n" + field_tree_text(e.tree) + "```\n";
    o += "\n" + tx("report.record_bytes_md") + "\n\n```text\n" + hex_dump(e.bytes) + "```\n";
    if (!e.plaintext.empty()) o += "\n" + tx("report.decrypted_md") + "\n\n```text\n" + hex_dump(e.plaintext) + "```\n";
    for (const sim::Derivation& d : sim::all_derivations(e)) md_derivation(o, d);
  }
  return o;
}

}  // namespace sim

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

std::string arrow_text(const Event& e) {
  return std::string(name_of(e.from)) + " \xe2\x86\x92 " + std::string(name_of(e.to));
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
  return s.size() <= max ? s : s.substr(0, max) + "\xe2\x80\xa6 (" + std::to_string(s.size()) + " characters)";
}

// "connection 2 (resumes connection 1 with its ticket)" when event i starts a new connection.
std::string connection_start(const Trace& t, size_t i) {
  int c = t.events[i].connection, before = i ? t.events[i - 1].connection : 1;
  return c == before ? "" : present::connection_heading(c);
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
  o += "<li><span class=\"fname\"" + (g ? " title=\"" + h(g->en) + "\"" : std::string()) + ">" + h(f.name) + "</span>";
  if (!f.value.empty()) o += ": <span class=\"fvalue\">" + h(elide(f.value, 160)) + "</span>";
  o += " <span class=\"range\">[" + std::string(f.space == ByteSpace::wire ? "wire" : "plaintext") + " " +
       std::to_string(f.offset) + "+" + std::to_string(f.length) + "]</span>";
  if (!f.children.empty()) {
    o += "<ul>";
    for (auto& c : f.children) html_tree(o, c);
    o += "</ul>";
  }
  o += "</li>\n";
}

void html_values(std::string& o, const char* head, const std::vector<NamedBytes>& v) {
  if (v.empty()) return;
  o += "<table class=\"values\"><tr><th>" + std::string(head) + "</th><th>bytes</th><th>value (hex)</th><th>source</th></tr>\n";
  for (auto& n : v)
    o += "<tr><td>" + h(n.name) + "</td><td class=\"num\">" + std::to_string(n.value.size()) + "</td><td class=\"hex\">" +
         h(to_hex(n.value)) + "</td><td>" + h(n.note) + "</td></tr>\n";
  o += "</table>\n";
}

void html_derivation(std::string& o, const Derivation& d) {
  o += "<div class=\"derivation\" id=\"" + h(d.id) + "\">\n";
  o += "<h4>" + h(d.name) + " <small>computed by the " + h(name_of(d.actor)) + " \xc2\xb7 " + h(d.id) +
       (d.spec.empty() ? "" : " \xc2\xb7 " + h(d.spec)) + "</small></h4>\n";
  if (const present::GlossaryEntry* g = present::glossary_for_derivation(d.name))
    o += "<p class=\"explain\">" + h(g->en) + "</p>\n";
  o += "<p class=\"formula\"><code>" + h(d.formula) + "</code></p>\n";
  html_values(o, "input", d.inputs);
  html_values(o, "step", d.steps);
  o += "<p><b>output</b> (" + std::to_string(d.output.size()) + " bytes): <code class=\"hex\">" + h(to_hex(d.output)) + "</code></p>\n";
  if (!d.parts.empty()) {
    o += "<table class=\"values\"><tr><th>part</th><th>offset</th><th>length</th><th>value (hex)</th></tr>\n";
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

void md_values(std::string& o, const char* head, const std::vector<NamedBytes>& v) {
  if (v.empty()) return;
  o += std::string("\n| ") + head + " | bytes | value (hex) | source |\n|---|---:|---|---|\n";
  for (auto& n : v)
    o += "| " + cell(n.name) + " | " + std::to_string(n.value.size()) + " | " + md_code(to_hex(n.value)) + " | " + cell(n.note) + " |\n";
}

void md_derivation(std::string& o, const Derivation& d) {
  o += "\n#### " + cell(d.name) + " (computed by the " + std::string(name_of(d.actor)) + ")\n\n";
  if (const present::GlossaryEntry* g = present::glossary_for_derivation(d.name)) o += std::string(g->en) + "\n\n";
  o += "- id: " + md_code(d.id) + "\n";
  if (!d.spec.empty()) o += "- spec: " + d.spec + "\n";
  o += "- formula: " + md_code(d.formula) + "\n";
  md_values(o, "input", d.inputs);
  md_values(o, "step", d.steps);
  o += "\n**output** (" + std::to_string(d.output.size()) + " bytes): " + md_code(to_hex(d.output)) + "\n";
  if (!d.parts.empty()) {
    o += "\n| part | offset | length | value (hex) |\n|---|---:|---:|---|\n";
    for (auto& p : d.parts)
      o += "| " + cell(p.name) + " | " + std::to_string(p.offset) + " | " + std::to_string(p.length) + " | " +
           md_code(to_hex(ByteView(d.output).subspan(p.offset, p.length))) + " |\n";
  }
}

}  // namespace

std::string report_html(const Trace& t) {
  std::string title = "tlslab trace report";
  if (t.negotiated.cipher_suite) title += ": " + suite_name(t.negotiated.cipher_suite);
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + h(title) +
                  "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  o += "<h1>" + h(title) + "</h1>\n";
  o += "<table class=\"summary\">\n";
  for (const auto& r : present::summary_rows(t)) o += "<tr><th>" + h(r.label) + "</th><td>" + h(r.value) + "</td></tr>\n";
  o += "</table>\n";

  o += "<h2>Ladder</h2>\n<div class=\"ladder\">\n";
  std::string svg = ladder_svg(t);
  if (auto p = svg.find("<svg"); p != std::string::npos) svg = svg.substr(p);  // inline: no XML declaration
  o += svg + "</div>\n";
  o += "<table class=\"records\"><tr><th>#</th><th>step</th><th>direction</th><th>record</th><th>bytes</th><th>protection</th></tr>\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "<tr><th colspan=\"6\" class=\"connection\">" + h(c) + "</th></tr>\n";
    o += "<tr><td class=\"num\"><a href=\"#event-" + std::to_string(i) + "-details\">" + std::to_string(i) + "</a></td><td class=\"num\">" +
         std::to_string(e.step) + "</td><td>" + h(arrow_text(e)) + "</td><td" + (e.alert ? " class=\"alert\"" : "") + ">" +
         h(record_title(e)) + "</td><td class=\"num\">" + std::to_string(e.bytes.size()) + "</td><td class=\"p-" +
         std::string(protection_class(e)) + "\">" + h(protection_text(e.protection)) + "</td></tr>\n";
  }
  o += "</table>\n";

  o += "<h2>Alerts</h2>\n";
  bool any_alert = false;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!e.alert) continue;
    if (!any_alert) o += "<ul>\n";
    any_alert = true;
    o += "<li><a href=\"#event-" + std::to_string(i) + "-details\">event " + std::to_string(i) + "</a>, " + h(arrow_text(e)) +
         ": <span class=\"alert\">" + h(name_of(e.alert->level)) + " " + h(name_of(e.alert->description)) + " (" +
         std::to_string(int(e.alert->description)) + ")</span>: " + h(e.alert->reason.english()) + "<br><small>" +
         h(alert_meaning(e.alert->description)) + "</small></li>\n";
  }
  o += any_alert ? "</ul>\n" : "<p>No alert was sent.</p>\n";

  if (!t.keylog.empty()) {
    o += "<h2>Key log</h2>\n<p>NSS key log lines (what Wireshark needs to decrypt the records):</p>\n<pre class=\"hex\">";
    for (auto& l : t.keylog) o += h(l) + "\n";
    o += "</pre>\n";
  }

  o += "<h2>Records</h2>\n<p>" + std::to_string(t.events.size()) + " records, " + std::to_string(derivation_count(t)) +
       " derivations.</p>\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "<h2 class=\"connection\">" + h(c) + "</h2>\n";
    o += "<section id=\"event-" + std::to_string(i) + "-details\">\n";
    o += "<h3>Event " + std::to_string(i) + ": " + h(record_title(e)) + " <small>(" + h(arrow_text(e)) + ")</small></h3>\n";
    o += "<p>step " + std::to_string(e.step) + " \xc2\xb7 layer " + h(layer_name(e.layer)) + " \xc2\xb7 " + std::to_string(e.bytes.size()) +
         " bytes \xc2\xb7 protection <span class=\"p-" + std::string(protection_class(e)) + "\">" + h(protection_text(e.protection)) + "</span></p>\n";
    if (e.alert)
      o += "<p class=\"alert\">" + h(name_of(e.alert->level)) + " alert " + h(name_of(e.alert->description)) + ": " +
           h(e.alert->reason.english()) + "</p>\n";
    if (!e.notes.empty()) {
      o += "<ul class=\"notes\">\n";
      for (auto& n : e.notes) o += "<li>" + h(n.english()) + "</li>\n";
      o += "</ul>\n";
    }
    o += "<details open><summary>field tree</summary>\n<ul class=\"tree\">\n";
    html_tree(o, e.tree);
    o += "</ul>\n</details>\n";
    o += "<details><summary>record bytes (" + std::to_string(e.bytes.size()) + ")</summary>\n<pre class=\"hex\">" +
         h(hex_dump(e.bytes)) + "</pre>\n</details>\n";
    if (!e.plaintext.empty())
      o += "<details><summary>decrypted (" + std::to_string(e.plaintext.size()) + " bytes)</summary>\n<pre class=\"hex\">" +
           h(hex_dump(e.plaintext)) + "</pre>\n</details>\n";
    for (const sim::Derivation& d : sim::all_derivations(e)) html_derivation(o, d);
    o += "</section>\n";
  }
  o += "<p><small>Written by tlslab from a trace (format tlslab-trace version " + std::to_string(Trace::kVersion) +
       ").</small></p>\n</body>\n</html>\n";
  return o;
}

std::string report_markdown(const Trace& t) {
  std::string o = "# tlslab trace report";
  if (t.negotiated.cipher_suite) o += ": " + suite_name(t.negotiated.cipher_suite);
  o += "\n\n| | |\n|---|---|\n";
  for (const auto& r : present::summary_rows(t)) o += "| " + cell(r.label) + " | " + cell(r.value) + " |\n";

  o += "\n## Ladder\n\n| # | step | direction | record | bytes | protection |\n|---:|---:|---|---|---:|---|\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    std::string rec = cell(record_title(e));
    if (e.alert) rec = "**" + rec + "**";
    if (auto c = connection_start(t, i); !c.empty()) o += "| | | | **" + cell(c) + "** | | |\n";
    o += "| " + std::to_string(i) + " | " + std::to_string(e.step) + " | " + arrow_text(e) + " | " + rec + " | " +
         std::to_string(e.bytes.size()) + " | " + cell(protection_text(e.protection)) + " |\n";
  }

  o += "\n## Alerts\n\n";
  bool any_alert = false;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!e.alert) continue;
    any_alert = true;
    o += "- event " + std::to_string(i) + ", " + arrow_text(e) + ": **" + name_of(e.alert->level) + " " +
         name_of(e.alert->description) + " (" + std::to_string(int(e.alert->description)) + ")**: " + cell(e.alert->reason.english()) +
         ". " + std::string(alert_meaning(e.alert->description)) + "\n";
  }
  if (!any_alert) o += "No alert was sent.\n";

  if (!t.keylog.empty()) {
    o += "\n## Key log\n\n```text\n";
    for (auto& l : t.keylog) o += l + "\n";
    o += "```\n";
  }

  o += "\n## Records\n\n" + std::to_string(t.events.size()) + " records, " + std::to_string(derivation_count(t)) + " derivations.\n";
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (auto c = connection_start(t, i); !c.empty()) o += "\n## " + c + "\n";
    o += "\n### Event " + std::to_string(i) + ": " + cell(record_title(e)) + " (" + arrow_text(e) + ")\n\n";
    o += "step " + std::to_string(e.step) + " \xc2\xb7 layer " + layer_name(e.layer) + " \xc2\xb7 " + std::to_string(e.bytes.size()) +
         " bytes \xc2\xb7 protection: " + cell(protection_text(e.protection)) + "\n";
    if (e.alert) o += "\n**" + name_of(e.alert->level) + " alert " + name_of(e.alert->description) + "**: " + e.alert->reason.english() + "\n";
    if (!e.notes.empty()) {
      o += "\n";
      for (auto& n : e.notes) o += "- " + n.english() + "\n";
    }
    o += "\nField tree:\n\n```text\n" + field_tree_text(e.tree) + "```\n";
    o += "\nRecord bytes:\n\n```text\n" + hex_dump(e.bytes) + "```\n";
    if (!e.plaintext.empty()) o += "\nDecrypted:\n\n```text\n" + hex_dump(e.plaintext) + "```\n";
    for (const sim::Derivation& d : sim::all_derivations(e)) md_derivation(o, d);
  }
  return o;
}

}  // namespace sim

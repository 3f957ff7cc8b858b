// A trace as a handout: a self-contained HTML page (styles and the SVG ladder inline, no
// external resources, a print style sheet) or a Markdown document with the same parts, in
// order: a table of contents; the ladder (the SVG picture and the table of records) and the
// alerts; every message with its field tree and the glossary's explanation of each field; every
// derivation with its explanation, formula, inputs, steps and output. Pure functions of the
// trace.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "trace/trace.hpp"

namespace sim {

enum class ReportFormat : uint8_t { html, markdown };

// From the file name's extension: .html/.htm or .md/.markdown (case-insensitive).
std::optional<ReportFormat> report_format_for_path(std::string_view path);

struct ReportOptions {
  // Headings, labels, notes, reasons, glossary and certificate checks in `lang`.
  Lang lang = Lang::en;
  // The values derivation_kind declares secret (private keys, pre_master_secret, master and
  // traffic secrets, keys and the key log) shown, or masked with their length. Masked by
  // default: a handout is given to students, who work the secrets out from the public values
  // it shows; the lecturer writes the answer key with them shown (docs/report.md).
  bool show_secrets = false;
};

std::string report_html(const Trace& t, const ReportOptions& o);
std::string report_markdown(const Trace& t, const ReportOptions& o);
inline std::string report_html(const Trace& t, Lang lang = Lang::en) { return report_html(t, ReportOptions{lang}); }
inline std::string report_markdown(const Trace& t, Lang lang = Lang::en) { return report_markdown(t, ReportOptions{lang}); }
inline std::string report_text(const Trace& t, ReportFormat f, const ReportOptions& o) {
  return f == ReportFormat::html ? report_html(t, o) : report_markdown(t, o);
}
inline std::string report_text(const Trace& t, ReportFormat f, Lang lang = Lang::en) { return report_text(t, f, ReportOptions{lang}); }

// "shown" or "masked" (the --report-secrets values); nullopt for anything else.
std::optional<bool> report_secrets_named(std::string_view s);

}  // namespace sim

// A trace as a handout: a self-contained HTML page (styles and the SVG ladder inline, no
// external resources) or a Markdown document, with the negotiated parameters, the ladder, the
// alerts and, for every record, its field tree, bytes and derivations (formula, inputs, steps,
// output). Pure functions of the trace.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "trace/trace.hpp"

namespace sim {

enum class ReportFormat : uint8_t { html, markdown };

// From the file name's extension: .html/.htm or .md/.markdown (case-insensitive).
std::optional<ReportFormat> report_format_for_path(std::string_view path);

// Headings, labels, notes, reasons, glossary and certificate checks in `lang`.
std::string report_html(const Trace& t, Lang lang = Lang::en);
std::string report_markdown(const Trace& t, Lang lang = Lang::en);
inline std::string report_text(const Trace& t, ReportFormat f, Lang lang = Lang::en) {
  return f == ReportFormat::html ? report_html(t, lang) : report_markdown(t, lang);
}

}  // namespace sim

// The JSON trace importer (`tlslab show`), and what `show` does with a trace it accepted:
// export it again as JSON, ladder text, Markdown and HTML report, SVG and pcapng.
#include "export/pcapng.hpp"
#include "export/report.hpp"
#include "export/svg.hpp"
#include "export/text.hpp"
#include "trace/trace_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto t = sim::trace_from_json_text(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!t.ok()) return 0;
  (void)sim::trace_json_text(*t);
  (void)sim::ladder_text(*t, sim::Lang::fr);
  (void)sim::report_markdown(*t);
  (void)sim::report_html(*t, sim::Lang::fr);
  (void)sim::ladder_svg(*t);
  (void)sim::capture_file(*t);
  return 0;
}

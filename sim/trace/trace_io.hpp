// Reading a trace back from its JSON form (docs/trace-format.md), the inverse of
// trace_json_text(): importing a file the exporter wrote and exporting it again gives the same
// bytes. Anything else (another format or version, a truncated file, a wrong type, a value out
// of range) is a Failure whose reason starts with the JSON path of the offending value, e.g.
// "events[3].tree.children[0].offset: expected a number, found a string". Never throws.
#pragma once
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "trace/trace.hpp"

namespace sim {

Result<Trace> trace_from_json_text(std::string_view text);

// The trace in the file at `path`, read in pieces and imported as they come, so the file's text
// is never whole in memory beside the trace (for a big trace that was a third of the peak). When
// it cannot be read as JSON, the file is read whole (read_file_capped, kMaxTraceFileBytes) and
// imported from its text, so the reasons are theirs; a JSON document that is not a trace gets
// the reason trace_from_json_text gives.
struct TraceFileRead {
  // The failure is the text's (not a trace) rather than the file's (no such file, not a regular
  // file, too large, the system's reason, which name the file).
  bool content_error = false;
  bool read_whole = false;  // the pieces were not JSON (or not readable) and the file was read whole
};
Result<Trace> trace_from_json_file(const std::string& path, TraceFileRead* how = nullptr);

}  // namespace sim

// Reading a trace back from its JSON form (docs/trace-format.md), the inverse of
// trace_json_text(): importing a file the exporter wrote and exporting it again gives the same
// bytes. Anything else (another format or version, a truncated file, a wrong type, a value out
// of range) is a Failure whose reason starts with the JSON path of the offending value, e.g.
// "events[3].tree.children[0].offset: expected a number, found a string". Never throws.
#pragma once
#include <string_view>

#include "core/result.hpp"
#include "trace/trace.hpp"

namespace sim {

Result<Trace> trace_from_json_text(std::string_view text);

}  // namespace sim

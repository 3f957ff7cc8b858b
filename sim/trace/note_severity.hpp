// How serious a note of the trace is, as data: a table keyed by the note's catalog key
// (docs/trace-format.md "Note severity"), so a view colours a note without reading its words.
// The trace JSON does not carry it: a reader derives it from the note's "key".
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "core/message.hpp"

namespace sim {

enum class NoteSeverity : uint8_t {
  info,     // what a side did or learned; the run goes on as designed
  warning,  // accepted with a weakness: a policy let something through, a lenient knob, data in clear
  error,    // something failed: a record or message was rejected
};
std::string_view name_of(NoteSeverity s);

struct NoteSeverityRow {
  std::string_view key;  // a catalog key ("note.revocation_soft_fail")
  NoteSeverity severity;
};
// The notes that are not information; every other key is NoteSeverity::info.
std::span<const NoteSeverityRow> note_severity_table();

// The severity of a note: that of its key, looked up through the side that said it
// ("note.by_side" wraps the note it names); info for a key not in the table and for text
// without a key (a trace written before the catalog).
NoteSeverity note_severity(const Message& note);

}  // namespace sim

// The ladder of a trace as a standalone SVG for slides: one lane per party (client, attacker
// when present, server), one arrow per record labelled with its messages, coloured by what
// protects it, alerts in red. Pure function of the trace.
#pragma once
#include <string>

#include "trace/trace.hpp"

namespace sim {

// What protects a record, for colouring: "none", "handshake" (handshake keys) or
// "application" (application keys). A protection string naming handshake or application
// traffic keys decides (TLS 1.3); otherwise (TLS 1.2 and earlier, one key set per direction)
// protected handshake-layer records (Finished) count as handshake and the rest as application.
std::string_view protection_class(const Event& e);

// Titles, lanes, legend, notes and reasons in `lang`.
std::string ladder_svg(const Trace& t, Lang lang = Lang::en);

// XML/HTML text escaping (& < > " ').
std::string xml_escape(std::string_view s);

}  // namespace sim

// Plain-text views of a trace for the CLI: the ladder (one line per record) and the details of
// one event (field tree and derivations).
#pragma once
#include <string>

#include "trace/trace.hpp"

namespace sim {

std::string ladder_text(const Trace& t, Lang lang = Lang::en);
// The ladder line that announces a new connection in the same trace (TLS 1.3 resumption).
std::string connection_separator(const Trace& t, int connection, Lang lang = Lang::en);
std::string negotiated_text(const Trace& t, Lang lang = Lang::en);
std::string field_tree_text(const Field& f, int depth = 0);
// A certificate check's name and verdict in `lang`; other derivations as recorded.
std::string derivation_text(const Derivation& d, Lang lang = Lang::en);
std::string keylog_text(const std::vector<std::string>& lines);

}  // namespace sim

// Catalog part: The command-line tool's own lines (app/cli): status, summaries, pki verify.
// Same rules as catalog.cpp: both languages, the same {placeholders}, every key used.
#include "core/catalog_parts.hpp"

namespace sim {

// clang-format off
const std::vector<CatalogEntry>& catalog_cli() {
  static const std::vector<CatalogEntry> k = {
  // A scenario file that does not load, in place of its description (scenario/scenario_io.cpp).
  {"io.broken_scenario", "(broken: {error})",
   "(défectueux : {error})"},
  };
  return k;
}
// clang-format on

}  // namespace sim

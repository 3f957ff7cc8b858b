// Catalog part: Alert meanings, attacker actions, scenario options and descriptions, certificate parse details.
// Same rules as catalog.cpp: both languages, the same {placeholders}, every key used.
#include "core/catalog_parts.hpp"

namespace sim {

// clang-format off
const std::vector<CatalogEntry>& catalog_notes() {
  static const std::vector<CatalogEntry> k = {
  };
  return k;
}
// clang-format on

}  // namespace sim

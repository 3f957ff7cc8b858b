// Catalog part: Derivation formulas and the notes of their inputs and steps.
// Same rules as catalog.cpp: both languages, the same {placeholders}, every key used.
#include "core/catalog_parts.hpp"

namespace sim {

// clang-format off
const std::vector<CatalogEntry>& catalog_formulas() {
  static const std::vector<CatalogEntry> k = {
  };
  return k;
}
// clang-format on

}  // namespace sim

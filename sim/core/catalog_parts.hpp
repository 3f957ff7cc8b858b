// The catalog's parts, one per area (core/catalog*.cpp); catalog() joins them in this order.
#pragma once
#include <vector>

#include "core/message.hpp"

namespace sim {

const std::vector<CatalogEntry>& catalog_engine();    // notes, reasons, checks, exports (catalog.cpp)
const std::vector<CatalogEntry>& catalog_formulas();  // derivation formulas and input/step notes
const std::vector<CatalogEntry>& catalog_notes();     // alerts, attacker actions, options, parse details
const std::vector<CatalogEntry>& catalog_cli();       // the command-line tool's own lines
const std::vector<CatalogEntry>& catalog_ui();        // the GUI's own labels
const std::vector<CatalogEntry>& catalog_attacks();   // scripted attacks, defenses, results
const std::vector<CatalogEntry>& catalog_exports();   // the handout report and the whole-ladder PNG
const std::vector<CatalogEntry>& catalog_lessons();   // the lesson loader, checker and player

}  // namespace sim

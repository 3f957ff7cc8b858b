// Scenario files: the loader, the option table's judgement of what it loaded, and writing it
// back.
#include "scenario/option_table.hpp"
#include "scenario/scenario_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto o = sim::scenario_from_json(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  if (!o.ok()) return 0;
  (void)sim::validate(*o);
  (void)sim::scenario_to_json(*o);
  return 0;
}

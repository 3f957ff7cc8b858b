// The recorder locates derivation inputs incrementally, as the trace grows (SourceResolver):
// every built-in scenario's events (where the sources are) must come out byte for byte as with
// the reference, resolve_sources run over the whole trace at every step.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "net/simulation.hpp"
#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/sources.hpp"

namespace {

using namespace sim;

// The events (where sources live) as JSON text. The attack report is left out: a key search's
// wall time and the candidates its threads tried differ between two runs.
std::string events_text(const ScenarioOptions& o, bool from_scratch) {
  SourceResolver::from_scratch = from_scratch;
  Simulation s(o);
  s.run_to_end();
  SourceResolver::from_scratch = false;
  return nlohmann::json::parse(trace_json_text(s.trace()))["events"].dump(1);
}

TEST(SourceResolver, EveryScenarioAsFromScratch) {
  auto list = list_scenarios();
  ASSERT_GT(list.size(), 50u);
  for (const NamedScenario& n : list) {
    auto o = load_scenario(n.path);
    ASSERT_TRUE(o) << n.name;
    // A cryptanalytic attack's long work (seconds of queries) adds no source to locate that its
    // short scenarios lack; run twice, it would only make the suite slow.
    if (cryptanalytic_attack(*o)) continue;
    std::string inc = events_text(*o, false), ref = events_text(*o, true);
    if (inc == ref) continue;
    size_t at = std::mismatch(inc.begin(), inc.end(), ref.begin(), ref.end()).first - inc.begin();
    size_t from = at > 300 ? at - 300 : 0;
    ADD_FAILURE() << n.name << " differs at byte " << at << ":\n" << inc.substr(from, 400) << "\n---- reference:\n"
                  << ref.substr(from, 400);
  }
}

}  // namespace

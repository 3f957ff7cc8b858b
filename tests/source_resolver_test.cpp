// The recorder locates derivation inputs incrementally, as the trace grows (SourceResolver):
// every built-in scenario's trace must come out byte for byte as it does with the reference,
// resolve_sources run over the whole trace at every step.
#include <gtest/gtest.h>

#include <algorithm>

#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/sources.hpp"

namespace {

using namespace sim;

std::string trace_text(const ScenarioOptions& o, bool from_scratch) {
  SourceResolver::from_scratch = from_scratch;
  Simulation s(o);
  s.run_to_end();
  SourceResolver::from_scratch = false;
  Trace t = s.trace();
  if (t.attack) t.attack->seconds = 0;  // wall time, the one value that differs between runs
  return trace_json_text(t);
}

TEST(SourceResolver, EveryScenarioAsFromScratch) {
  auto list = list_scenarios();
  ASSERT_GT(list.size(), 50u);
  for (const NamedScenario& n : list) {
    auto o = load_scenario(n.path);
    ASSERT_TRUE(o) << n.name;
    std::string inc = trace_text(*o, false), ref = trace_text(*o, true);
    if (inc == ref) continue;
    size_t at = std::mismatch(inc.begin(), inc.end(), ref.begin(), ref.end()).first - inc.begin();
    size_t from = at > 300 ? at - 300 : 0;
    ADD_FAILURE() << n.name << " differs at byte " << at << ":\n" << inc.substr(from, 400) << "\n---- reference:\n"
                  << ref.substr(from, 400);
  }
}

}  // namespace

// Re-simulating each built-in scenario, as the GUI does after an option change (the goal:
// under 5 ms each). The demo certificates are minted once per process and seed (pki/demo.hpp), so
// a warm-up run outside the timed loop leaves what a lecturer waits for after a click.
#include <benchmark/benchmark.h>

#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"

namespace {

void BM_Scenario(benchmark::State& state, sim::ScenarioOptions o) {
  {
    sim::Simulation warm(o);
    warm.run_to_end();
  }
  // A cryptanalytic attack (one with long-work options: thousands of queries or candidates) runs
  // in the GUI's background with progress; the 5 ms goal is for the rest. Told apart by the attack
  // table, not by what one run did, so every repetition gets the same label.
  if (sim::cryptanalytic_attack(o)) state.SetLabel("cryptanalytic attack");
  for (auto _ : state) {
    sim::Simulation s(o);
    s.run_to_end();
    benchmark::DoNotOptimize(s.trace().events.size());
  }
}

}  // namespace

// Called by main() before the flags are read: the list comes from the scenario folder.
void register_scenario_benchmarks() {
  for (const sim::NamedScenario& n : sim::list_scenarios()) {
    auto o = sim::load_scenario(n.path);
    if (!o) continue;
    benchmark::RegisterBenchmark(("BM_Scenario/" + n.name).c_str(), BM_Scenario, *o)->Unit(benchmark::kMillisecond);
  }
}

// Scenario options shared by the benchmark files.
#pragma once
#include "scenario/options.hpp"

namespace benchopt {

// Both sides pinned to one version and one suite.
inline sim::ScenarioOptions pinned(uint16_t version, const char* suite) {
  sim::ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  o.client_suites = o.server_suites = {sim::suite_by_name(suite)->id};
  return o;
}

}  // namespace benchopt

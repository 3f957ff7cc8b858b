// Scenario files: the options of `tlslab run` as a small JSON document, so a lesson, a lecture
// or a bug report can name a situation and replay it byte for byte. Built-in scenarios live in
// assets/scenarios/*.json.
#pragma once
#include <string>
#include <vector>

#include "core/result.hpp"
#include "net/simulation.hpp"

namespace sim {

struct NamedScenario {
  std::string name;            // file stem, e.g. "tls12-ecdhe"
  std::string description;     // one line, English
  std::string description_fr;  // the same in French; empty when the file has none
  std::string path;
  // The description in `l`: the French one when there is one, else the English.
  const std::string& description_in(Lang l) const { return l == Lang::fr && !description_fr.empty() ? description_fr : description; }
};

// A scenario's description in `l`, as NamedScenario::description_in.
const std::string& description_in(const ScenarioOptions& o, Lang l);

// Pretty JSON with "format": "tlslab-scenario" and "version": 1 at the top.
std::string scenario_to_json(const ScenarioOptions& o);
// Parses a scenario. Every field is optional (defaults as in ScenarioOptions). Unknown fields,
// wrong types and unknown names are errors whose reason names `source`, the field and the
// problem, e.g. "x.json: client_suites[1]: unknown cipher suite 'TLS_FOO'".
Result<ScenarioOptions> scenario_from_json(std::string_view text, const std::string& source);
// A built-in scenario name (see list_scenarios) or a path to a JSON file.
Result<ScenarioOptions> load_scenario(const std::string& name_or_path);
std::vector<NamedScenario> list_scenarios();
// Where the built-in scenarios are: $TLSLAB_ASSETS/scenarios, then the installed and source
// asset folders.
std::string scenarios_dir();

}  // namespace sim

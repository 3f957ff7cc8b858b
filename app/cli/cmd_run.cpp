#include "common.hpp"

#include <iostream>

namespace app {

using namespace sim;

namespace {

int cmd_run(const CommonOptions& o) {
  if (std::string err = validate(o); !err.empty()) {
    print_error(o.language(), Message::untranslated(err));
    return 2;
  }
  Simulation sim(scenario_from(o));
  sim.run_to_end();
  // An edit that could not be applied (no such record or field, a protected field): the run is
  // not the one asked for, so it is a usage error like a malformed option.
  if (auto errors = sim.edit_errors(); !errors.empty()) {
    for (auto& e : errors) print_error(o.language(), e.message);
    return 2;
  }
  if (!print_trace(sim.trace(), o)) return 2;
  if (!write_outputs(o, sim.trace(), sim.keylog())) return 1;
  return sim.trace().outcome == OutcomeKind::completed ? 0 : 1;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto* cmd = app.add_subcommand("run", "simulate a client and a server in-process and print the ladder");
  add_common(cmd, *o);
  return {cmd, [o] { return cmd_run(*o); }};
}

}  // namespace app

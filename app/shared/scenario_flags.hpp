// The scenario options on a command line, for tlslab (run, connect, serve) and tlslab-gui
// alike: every flag comes from the option table (sim/scenario/option_table.hpp), and the result
// goes through the engine's validate(), so both programs accept and refuse the same things.
#pragma once
#include <CLI/CLI.hpp>
#include <deque>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "scenario/option_table.hpp"

namespace app {

class ScenarioFlags {
 public:
  // Adds --scenario and the table's flags to cmd (English help, as CLI11 prints one language).
  void add_to(CLI::App* cmd);
  // The options of the run: the --scenario file (or the defaults), then each flag given. False
  // when the scenario does not load or validate() reports an error for a run simulating
  // `simulated`; `errors` then says why, naming each option as the user gave it (a flag, or the
  // scenario's key). Warnings (an option for an endpoint not simulated) go to `warnings`. Both in
  // `lang`.
  bool build(sim::Sides simulated, sim::ScenarioOptions* out, std::vector<std::string>* errors,
             std::vector<std::string>* warnings, sim::Lang lang = sim::Lang::en) const;
  // The options without validating (after build() succeeded, or for a best effort).
  sim::ScenarioOptions options() const;
  bool given(const std::string& flag) const;
  std::string scenario;  // --scenario

 private:
  struct Bound {
    const sim::OptionRow* row;
    std::string flag;
    sim::CliFlag::Kind kind;
    CLI::Option* opt = nullptr;
    bool on = false;
    std::string value;
    std::vector<std::string> values;
  };
  std::string name_of(const std::string& key) const;
  std::deque<Bound> bound_;  // a deque: CLI11 keeps pointers to the members
};

}  // namespace app

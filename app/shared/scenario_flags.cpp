#include "scenario_flags.hpp"

#include "scenario/scenario_io.hpp"

namespace app {

using sim::CliFlag;

void ScenarioFlags::add_to(CLI::App* cmd) {
  cmd->add_option("--scenario", scenario,
                  "start from a scenario: a built-in name (tlslab list scenarios) or a JSON file; "
                  "options given on the command line override it");
  for (const sim::OptionRow& row : sim::option_table())
    for (const CliFlag& f : row.flags) {
      Bound& b = bound_.emplace_back(Bound{&row, f.name, f.kind, nullptr, false, "", {}});
      switch (f.kind) {
        case CliFlag::Kind::flag: b.opt = cmd->add_flag(f.name, b.on, f.help.en); break;
        case CliFlag::Kind::value: b.opt = cmd->add_option(f.name, b.value, f.help.en); break;
        case CliFlag::Kind::list: b.opt = cmd->add_option(f.name, b.values, f.help.en); break;
      }
      if (!f.choices.empty()) b.opt->check(CLI::IsMember(f.choices));
      if (f.check) {
        auto check = f.check;
        b.opt->check(CLI::Validator([check](std::string& v) { return check(v); }, "VALUE"));
      }
      if (!f.default_text.empty()) b.opt->default_str(f.default_text);
    }
}

bool ScenarioFlags::given(const std::string& flag) const {
  for (auto& b : bound_)
    if (b.flag == flag) return b.opt && b.opt->count() > 0;
  return false;
}

sim::ScenarioOptions ScenarioFlags::options() const {
  sim::ScenarioOptions s;
  if (!scenario.empty())
    if (auto loaded = sim::load_scenario(scenario)) s = *loaded;
  for (const sim::OptionRow& row : sim::option_table()) {
    sim::CliGiven given;
    for (auto& b : bound_) {
      if (b.row != &row || !b.opt || b.opt->count() == 0) continue;
      switch (b.kind) {
        case CliFlag::Kind::flag: given.push_back({b.flag, {}}); break;
        case CliFlag::Kind::value: given.push_back({b.flag, {b.value}}); break;
        case CliFlag::Kind::list: given.push_back({b.flag, b.values}); break;
      }
    }
    if (!given.empty() && row.apply_cli) row.apply_cli(s, given);
  }
  return s;
}

// As the user named the option: the flag given, else the scenario's key.
std::string ScenarioFlags::name_of(const std::string& key) const {
  const sim::OptionRow* row = sim::option_row(key);
  if (row) {
    for (auto& f : row->flags)
      if (given(f.name)) return f.name;
    if (!scenario.empty()) return key + " (scenario " + scenario + ")";
    if (!row->flags.empty()) return row->flags.front().name;
  }
  return key;
}

bool ScenarioFlags::build(sim::Sides simulated, sim::ScenarioOptions* out, std::vector<std::string>* errors,
                          std::vector<std::string>* warnings, sim::Lang lang) const {
  if (!scenario.empty()) {
    auto loaded = sim::load_scenario(scenario);
    if (!loaded) {
      errors->push_back(loaded.error().render(lang));
      return false;
    }
  }
  *out = options();
  // Another option a reason refers to ("needs --resume"): the flag that sets it.
  auto name = [&](const std::string& key) {
    const sim::OptionRow* row = sim::option_row(key);
    return row && !row->flags.empty() ? row->flags.front().name : key;
  };
  for (auto& d : sim::validate(*out, simulated)) {
    // A flag stands for the whole list it set; a scenario key is followed by the element's path.
    std::string subject = name_of(d.key);
    if (subject.rfind("--", 0) != 0) subject += d.path;
    std::string text = subject + (lang == sim::Lang::fr ? " : " : ": ") + sim::render(d.text, lang == sim::Lang::fr, name);
    (d.severity == sim::Severity::error ? errors : warnings)->push_back(text);
  }
  return errors->empty();
}

}  // namespace app

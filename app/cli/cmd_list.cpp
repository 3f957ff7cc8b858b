#include <cstdio>

#include "common.hpp"
#include "scenario/scenario_io.hpp"

namespace app {

using namespace sim;

namespace {

int cmd_list(const std::string& what, Lang lang) {
  if (what == "suites") {
    for (auto& s : all_suites()) {
      std::string versions = version_option_name(s.min_version) +
                             (s.min_version == s.max_version ? "" : ".." + version_option_name(s.max_version));
      std::printf("0x%04x  %-45s %-10s %s\n", s.id, std::string(s.name).c_str(),
                  std::string(name_of(s.kx)).c_str(), versions.c_str());
    }
  } else if (what == "groups") {
    for (auto g : all_groups()) std::printf("0x%04x  %s\n", unsigned(g), name_of(g).c_str());
  } else {
    auto list = list_scenarios();
    if (list.empty()) {
      print_error(lang, msg("cli.no_scenario_folder"));
      return 1;
    }
    for (auto& s : list) std::printf("%-28s %s\n", s.name.c_str(), s.description_in(lang).c_str());
  }
  return 0;
}

}  // namespace

Command add_list_command(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>("en");
  auto* cmd = app.add_subcommand("list", "list supported cipher suites, groups or built-in scenarios");
  cmd->add_option("what", *what, "suites | groups | scenarios")
      ->required()
      ->check(CLI::IsMember({"suites", "groups", "scenarios"}));
  add_lang(cmd, *lang);  // the scenarios' descriptions
  return {cmd, [what, lang] { return cmd_list(*what, lang_of(*lang)); }};
}

}  // namespace app

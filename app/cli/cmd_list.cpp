#include "common.hpp"
#include <cstdio>

namespace app {

using namespace sim;

namespace {

int cmd_list(const std::string& what) {
  if (what == "suites") {
    for (auto& s : all_suites()) {
      std::printf("0x%04x  %-45s %-9s %s\n", s.id, std::string(s.name).c_str(),
                  std::string(name_of(s.kx)).c_str(), std::string(name_of(s.prf_hash)).c_str());
    }
  } else {
    for (auto g : all_groups()) std::printf("0x%04x  %s\n", unsigned(g), name_of(g).c_str());
  }
  return 0;
}

}  // namespace

Command add_list_command(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("list", "list supported cipher suites or groups");
  cmd->add_option("what", *what, "suites | groups")->required()->check(CLI::IsMember({"suites", "groups"}));
  return {cmd, [what] { return cmd_list(*what); }};
}

}  // namespace app

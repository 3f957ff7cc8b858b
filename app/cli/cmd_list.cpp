#include <cstdio>

#include "common.hpp"
#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"

#include <nlohmann/json.hpp>

namespace app {

using namespace sim;

namespace {

const char* sides_name(Sides s) { return s == Sides::client ? "client" : s == Sides::server ? "server" : "both"; }

Message sides_message(Sides s) {
  return s == Sides::client ? msg("cli.attacks.side_client") : s == Sides::server ? msg("cli.attacks.side_server") : msg("cli.attacks.side_both");
}

// For scripts: each attack's name, versions, variants, defenses (which are on by default).
void list_attacks_json(Lang lang) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (auto& a : attack_table()) {
    nlohmann::ordered_json j;
    j["name"] = a.name;
    j["title"] = a.title.render(lang);
    j["versions"] = {version_option_name(a.min_version), version_option_name(a.max_version)};
    j["variants"] = nlohmann::ordered_json::array();
    for (auto& v : a.variants) j["variants"].push_back(v.name);
    j["defenses"] = nlohmann::ordered_json::array();
    for (auto& d : a.defenses)
      j["defenses"].push_back({{"name", d.name},
                               {"sides", sides_name(d.sides)},
                               {"on_by_default", d.on_by_default},
                               {"switchable", d.switchable()},
                               {"mechanism", d.how.render(lang)}});
    j["expected"] = {{"undefended", a.expect_undefended.render(lang)}, {"defended", a.expect_defended.render(lang)}};
    out.push_back(std::move(j));
  }
  std::printf("%s\n", out.dump(2).c_str());
}

void list_attacks(Lang lang) {
  for (auto& a : attack_table()) {
    std::string versions = a.min_version == a.max_version
                               ? version_name(a.min_version)
                               : msg("cli.attacks.versions").arg("min", version_name(a.min_version)).arg("max", version_name(a.max_version)).render(lang);
    std::printf("%s  %s (%s)\n", a.name.c_str(), a.title.render(lang).c_str(), versions.c_str());
    if (!a.variants.empty()) {
      std::string vs;
      for (size_t i = 0; i < a.variants.size(); ++i)
        vs += (i ? ", " : "") + a.variants[i].name + (i == 0 ? " " + msg("cli.attacks.default").render(lang) : "");
      std::printf("    %s\n", msg("cli.attacks.variants").arg("list", vs).render(lang).c_str());
    }
    for (auto& d : a.defenses) {
      Message state = !d.switchable() ? msg("cli.attacks.always_on") : d.on_by_default ? msg("cli.attacks.on_by_default") : msg("cli.attacks.off_by_default");
      std::printf("    %s\n", msg("cli.attacks.defense").arg("name", d.name).arg("side", sides_message(d.sides)).arg("state", state).arg("how", d.how).render(lang).c_str());
    }
    std::printf("    %s\n", msg("cli.attacks.expect_undefended").arg("text", a.expect_undefended).render(lang).c_str());
    std::printf("    %s\n\n", msg("cli.attacks.expect_defended").arg("text", a.expect_defended).render(lang).c_str());
  }
}

int cmd_list(const std::string& what, Lang lang, bool json) {
  if (what == "attacks") {
    json ? list_attacks_json(lang) : list_attacks(lang);
    return 0;
  }
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
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("list", "list supported cipher suites, groups, built-in scenarios or scripted attacks");
  cmd->add_option("what", *what, "suites | groups | scenarios | attacks")
      ->required()
      ->check(CLI::IsMember({"suites", "groups", "scenarios", "attacks"}));
  cmd->add_flag("--json", *json, "attacks: as JSON, for scripts");
  add_lang(cmd, *lang);  // the scenarios' descriptions, the attacks' texts
  return {cmd, [what, lang, json] {
            if (*json && *what != "attacks") {
              print_error(lang_of(*lang), msg("cli.attacks.json_only"));
              return 2;
            }
            return cmd_list(*what, lang_of(*lang), *json);
          }};
}

}  // namespace app

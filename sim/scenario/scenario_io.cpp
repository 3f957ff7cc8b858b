#include "scenario/scenario_io.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/file_io.hpp"
#include "core/json_syntax.hpp"
#include "scenario/option_table.hpp"

namespace sim {

using nlohmann::json;
using nlohmann::ordered_json;

std::string scenario_to_json(const ScenarioOptions& o) {
  ordered_json j;
  j["format"] = "tlslab-scenario";
  j["version"] = 1;
  // Options added later are written only away from their defaults, so older texts stay as they were.
  for (const OptionRow& row : option_table())
    if (row.always_written || !row.is_default(o))
      j[row.key] = row.to_json(o);
  return j.dump(2) + "\n";
}

Result<ScenarioOptions> scenario_from_json(std::string_view text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception&) {
    // The library says how far it read, which is past the bad token: the locator says where the
    // grammar broke and what was expected there, in the catalog's words.
    if (auto e = json_syntax_error(text))
      return Failure{AlertDescription::internal_error, msg("io.not_valid_json")
                                                           .arg("file", source)
                                                           .arg("line", std::to_string(e->line))
                                                           .arg("column", std::to_string(e->column))
                                                           .arg("error", e->what)};
    // Valid syntax the library still refuses: a number beyond a double (1e999).
    return Failure{AlertDescription::internal_error, msg("io.json_number_out_of_range").arg("file", source)};
  }
  if (!j.is_object()) return Failure{AlertDescription::internal_error, msg("io.expected_json_object").arg("file", source)};
  auto fail = [&](const std::string& field, Message what) {
    return Failure{AlertDescription::internal_error, msg("io.scenario_field").arg("file", source).arg("field", field).arg("error", std::move(what))};
  };
  for (auto& [k, v] : j.items())
    if (k != "format" && k != "version" && !option_row(k)) return fail(excerpt(k), msg("io.unknown_field"));  // a key can be kilobytes long
  if (j.contains("format") && j["format"] != "tlslab-scenario") return fail("format", msg("io.expected_scenario_format"));
  if (j.contains("version") && j["version"] != 1) return fail("version", msg("io.scenario_version"));
  ScenarioOptions o;
  for (const OptionRow& row : option_table()) {
    if (!j.contains(row.key)) continue;
    if (auto e = row.from_json(j[row.key], o)) return fail(row.key + e->path, std::move(e->what));
  }
  // Options that cannot apply to this scenario (a TLS 1.3 option in a TLS 1.2 one, 0-RTT without
  // resumption) are errors, as on the command line; the other option a reason names is its key.
  // The option table holds the diagnostic in both languages: the failure keeps both.
  auto quoted = [](const std::string& k) { return "\"" + k + "\""; };
  for (auto& d : validate(o))
    if (d.severity == Severity::error)
      return fail(d.key + d.path, Message::in_two_languages(render(d.text, false, quoted), render(d.text, true, quoted)));
  return o;
}

const std::string& description_in(const ScenarioOptions& o, Lang l) {
  return l == Lang::fr && !o.description_fr.empty() ? o.description_fr : o.description;
}

std::string scenarios_dir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("TLSLAB_ASSETS")) candidates.push_back(fs::path(env) / "scenarios");
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../share/tlslab/scenarios");
    candidates.push_back(exe.parent_path() / "../../assets/scenarios");  // build/app/tlslab
    candidates.push_back(exe.parent_path() / "../../../assets/scenarios");
  }
#ifdef TLSLAB_ASSETS_DIR
  candidates.push_back(fs::path(TLSLAB_ASSETS_DIR) / "scenarios");
#endif
  for (auto& c : candidates)
    if (fs::is_directory(c, ec)) return fs::weakly_canonical(c, ec).string();
  return "";
}

// Scenario files are a few kilobytes; anything larger is refused while it is read.
constexpr uint64_t kMaxScenarioBytes = 4u << 20;

std::vector<NamedScenario> list_scenarios() {
  namespace fs = std::filesystem;
  std::vector<NamedScenario> out;
  std::string dir = scenarios_dir();
  if (dir.empty()) return out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".json") continue;
    auto text = read_file_capped(e.path().string(), kMaxScenarioBytes);
    auto s = text ? scenario_from_json(*text, e.path().filename().string()) : Result<ScenarioOptions>(text.error());
    NamedScenario n{e.path().stem().string(), "", "", e.path().string()};
    if (s) {
      n.description = s->description;
      n.description_fr = s->description_fr;
    } else {
      n.description = msg("io.broken_scenario").arg("error", s.error().message()).english();
      n.description_fr = msg("io.broken_scenario").arg("error", s.error().message()).render(Lang::fr);
    }
    out.push_back(std::move(n));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

Result<ScenarioOptions> load_scenario(const std::string& name_or_path) {
  namespace fs = std::filesystem;
  std::string path = name_or_path;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    std::string dir = scenarios_dir();
    if (!dir.empty() && fs::exists(fs::path(dir) / (name_or_path + ".json"), ec))
      path = (fs::path(dir) / (name_or_path + ".json")).string();
    else
      return Failure{AlertDescription::internal_error, msg("io.no_such_scenario").arg("name", name_or_path)};
  }
  auto text = read_file_capped(path, kMaxScenarioBytes);
  if (!text) return text.error();
  auto s = scenario_from_json(*text, path);
  if (s && s->name.empty()) s->name = fs::path(path).stem().string();
  return s;
}

}  // namespace sim

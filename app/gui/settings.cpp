#include "settings.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"

namespace gui {

float clamp_scale(float s) { return std::clamp(s, 0.6f, 3.0f); }

std::string settings_path() {
  namespace fs = std::filesystem;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return (fs::path(x) / "tlslab" / "gui.json").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".config" / "tlslab" / "gui.json").string();
  return {};
}

Settings settings_from_json_text(const std::string& text) {
  Settings s;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return s;
  if (j.contains("width") && j["width"].is_number_integer()) s.width = std::clamp(j["width"].get<int>(), 640, 8192);
  if (j.contains("height") && j["height"].is_number_integer()) s.height = std::clamp(j["height"].get<int>(), 400, 8192);
  if (j.contains("font_scale") && j["font_scale"].is_number()) s.font_scale = clamp_scale(j["font_scale"].get<float>());
  if (j.contains("theme") && j["theme"].is_string()) s.theme = j["theme"] == "light" ? ThemeKind::light : ThemeKind::dark;
  if (j.contains("lang") && j["lang"].is_string()) parse_lang(j["lang"].get<std::string>(), &s.lang);
  return s;
}

std::string settings_to_json_text(const Settings& s) {
  nlohmann::json j;
  j["width"] = s.width;
  j["height"] = s.height;
  j["font_scale"] = s.font_scale;
  j["theme"] = s.theme == ThemeKind::light ? "light" : "dark";
  j["lang"] = std::string(gui::lang_code(s.lang));
  return j.dump(2) + "\n";
}

Settings load_settings(const std::string& path) {
  if (path.empty()) return {};
  return settings_from_json_text(read_config_file(path));
}

bool save_settings(const std::string& path, const Settings& s) { return write_config_file(path, settings_to_json_text(s)); }

std::string read_config_file(const std::string& path) {
  if (path.empty()) return "";
  // Settings are a few hundred bytes: a huge or special file is ignored like a missing one.
  auto text = sim::read_file_capped(path, 1u << 20);
  return text ? std::move(*text) : std::string();
}

bool write_config_file(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  if (path.empty()) return false;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  // Through a temporary file renamed over the old one: two windows or a full disk never leave
  // half a file.
  return sim::write_file_atomic(path, text).ok();
}

}  // namespace gui

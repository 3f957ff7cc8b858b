// Settings remembered between runs: window size, text scale, theme and language, kept as a
// small JSON file in $XDG_CONFIG_HOME/tlslab/gui.json (or ~/.config/tlslab/gui.json).
#pragma once
#include <string>

#include "i18n.hpp"
#include "ui_state.hpp"

namespace gui {

struct Settings {
  int width = 1600, height = 900;
  float font_scale = 1.0f;
  ThemeKind theme = ThemeKind::dark;
  Lang lang = Lang::en;
};

std::string settings_path();  // empty when no config directory can be found
// Missing or unreadable files give the defaults; unknown or bad fields are ignored.
Settings load_settings(const std::string& path);
Settings settings_from_json_text(const std::string& text);
std::string settings_to_json_text(const Settings& s);
bool save_settings(const std::string& path, const Settings& s);

float clamp_scale(float s);

// The user's small config files (settings, lesson progress): read whole (empty when missing), and
// written to a temporary file beside the target, then renamed over it, so a failed write leaves
// the old file intact.
std::string read_config_file(const std::string& path);
bool write_config_file(const std::string& path, const std::string& text);

}  // namespace gui

// Styles (a dark theme and a high-contrast light theme for projectors), the colour palette the
// panels share (key classes, alerts, highlights, key_block segments) and the fonts.
#pragma once
#include <string>

#include <imgui.h>

#include "model/view_model.hpp"
#include "ui_state.hpp"

namespace gui {

struct Palette {
  ImU32 keys_none, keys_handshake, keys_application, keys_epoch, alert, attacker;
  ImU32 lane, lane_text, current_bg, selected_bg, selected_border, dim_text;
  ImU32 byte_selected, byte_hover, byte_produced;
  ImU32 title_bg, title_text;
  ImU32 segments[8];  // indexed by SegmentRole
  ImVec4 good, bad, link, muted;
  ImVec4 warn;  // amber: a warning (sim::NoteSeverity::warning), never a failure
};

struct Fonts {
  ImFont* ui = nullptr;
  ImFont* mono = nullptr;
  ImFont* title = nullptr;
  float base_size = 17.0f;
};

// Applies the ImGui style for the theme and scale (sizes scaled), and returns its palette.
Palette apply_theme(ThemeKind theme, float scale);
const Palette& palette();

// Loads DejaVu Sans and DejaVu Sans Mono from assets/fonts (arrows, dingbats, Latin-1 and
// Latin Extended-A merged in) at base size * scale. Returns false if only the built-in
// ImGui font could be used.
bool load_fonts(const std::string& assets_dir, float scale, Fonts* out);
const Fonts& fonts();

ImU32 key_class_colour(KeyClass k);
// The colour of a note of this severity: `neutral` (the text colour) for information, amber for
// a warning, red for an error.
inline ImVec4 severity_colour(const Palette& p, sim::NoteSeverity s, ImVec4 neutral) {
  return s == sim::NoteSeverity::error ? p.bad : s == sim::NoteSeverity::warning ? p.warn : neutral;
}
// A note as a bullet line in its severity's colour (the ladder's tooltip, the Inspector).
inline void note_bullet(const Palette& p, sim::NoteSeverity s, const char* text) {
  if (s != sim::NoteSeverity::info) ImGui::PushStyleColor(ImGuiCol_Text, severity_colour(p, s, ImVec4()));
  // Wrapped, not cut at the panel's edge: a note is a sentence.
  ImGui::Bullet();
  ImGui::SameLine();
  ImGui::TextWrapped("%s", text);
  if (s != sim::NoteSeverity::info) ImGui::PopStyleColor();
}
ImU32 segment_colour(SegmentRole r);

}  // namespace gui

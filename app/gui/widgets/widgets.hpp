// Small reusable widgets: panel frames with a title bar, splitters, a clickable hex value that
// can be masked, a drawn padlock icon and tooltips. None of them knows about TLS.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace gui::widgets {

// A bordered child with a fixed title bar and a scrolling body. `id` is stable across
// languages; `title` is what is shown. Always pair with end_panel().
void begin_panel(const char* id, const char* title, ImVec2 size, ImU32 title_bg, ImU32 title_fg, ImFont* title_font,
                 ImGuiWindowFlags body_flags = 0);
void end_panel();

// A draggable bar between two regions. vertical_bar: the bar is vertical and splits left/right.
// *ratio is the first region's share of `total` pixels, kept within [min_ratio, 1 - min_ratio].
void splitter(const char* id, bool vertical_bar, float thickness, float length, float* ratio, float total,
              float min_ratio = 0.1f);

// Monospace hex of `bytes`, wrapped to the available width, at most max_bytes shown (the rest
// elided with its size). When masked, shows `mask_text` instead. Returns true when clicked.
bool hex_value(const char* id, std::span<const uint8_t> bytes, bool masked, const char* mask_text, ImFont* mono,
               size_t max_bytes = 96, ImU32 highlight = 0);

// A padlock drawn with primitives (DejaVu has no lock glyph in the BMP that ImGui's 16-bit
// glyph ranges can reach), height h, top-left at p.
void draw_lock(ImDrawList* dl, ImVec2 p, float h, ImU32 col);

// Tooltip with wrapped text when the last item is hovered.
void tooltip(const char* text);

// Labels fitted to a width: a text wider than max_w is shortened with an ellipsis, its full
// text shown in a tooltip when hovered, and recorded as cut for the frame (--dump-ui lists
// them so a test can assert that a layout cuts no word). `font` and `size` default to the
// current font. Returns what is drawn.
std::string fit_text(std::string_view text, float max_w, ImFont* font = nullptr, float size = 0, bool* cut = nullptr);
// As an item at the cursor (like TextUnformatted); max_w < 0: the available width.
void fitted_label(std::string_view text, float max_w = -1, bool disabled = false);
// Into a draw list at pos; the tooltip shows when the mouse is over the drawn text. Returns
// the drawn width.
float draw_fitted(ImDrawList* dl, ImVec2 pos, ImU32 col, std::string_view text, float max_w, ImFont* font = nullptr,
                  float size = 0);
// The full texts cut since clear_cuts() (App clears them at the start of each frame).
void clear_cuts();
const std::vector<std::string>& cuts();

}  // namespace gui::widgets

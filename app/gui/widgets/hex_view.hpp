// A hex viewer: offset / hex / ASCII rows with coloured highlight ranges, reporting the byte
// under the mouse and the byte clicked. It knows nothing about TLS.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <imgui.h>

namespace gui::widgets {

struct HexHighlight {
  size_t offset = 0, length = 0;
  ImU32 colour = 0;
};

struct HexViewResult {
  std::optional<size_t> hovered;
  std::optional<size_t> clicked;
};

struct HexViewStyle {
  ImFont* font = nullptr;  // a monospace font
  ImU32 offset_colour = 0, hover_colour = 0, ascii_dim_colour = 0;
};

// Draws inside the current window/child (which should scroll). scroll_to, when set, scrolls so
// that byte is visible. bytes_per_row adapts to the width: 32, 16, 8 or 4.
HexViewResult hex_view(const char* id, std::span<const uint8_t> data, const std::vector<HexHighlight>& highlights,
                       const HexViewStyle& style, std::optional<size_t> scroll_to = std::nullopt);

// How many bytes per row fit in `width` pixels for a monospace character width.
int hex_bytes_per_row(float width, float char_width);

}  // namespace gui::widgets

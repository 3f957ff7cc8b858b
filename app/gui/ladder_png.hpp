// The Export panel's PNG: the whole ladder drawn for print, offscreen, at a chosen width and
// theme, whatever the window shows (no buttons, no scroll position, no selection). The picture
// is laid out like the SVG ladder (sim/export/svg.cpp) from the same rows
// (present::ladder_rows), in an ImDrawList of its own, rendered by the ImGui OpenGL3 backend
// into a framebuffer object, in horizontal bands when it is taller than the GL limits.
#pragma once
#include <string>

#include "trace/trace.hpp"
#include "ui_state.hpp"

namespace gui {

struct LadderPngOptions {
  int width = 1920;                      // pixels; text and lines scale with it (1280 is the SVG's size)
  ThemeKind theme = ThemeKind::light;    // light: black on white for print and projectors
  sim::Lang lang = sim::Lang::en;
  std::string fonts_dir;                 // where DejaVuSans.ttf is (assets/fonts)
};

// The picture's height for a trace at a width (the layout alone: no GL needed).
int ladder_png_height(const sim::Trace& t, int width);

// Renders and writes the PNG. Needs the current OpenGL 3.3 context with the ImGui OpenGL3
// backend initialised; leaves the default framebuffer bound. False with *error on failure.
bool write_ladder_png(const std::string& path, const sim::Trace& t, const LadderPngOptions& o, std::string* error);

}  // namespace gui

#include "theme.hpp"

#include <cmath>
#include <filesystem>

namespace gui {

namespace {
Palette g_palette;
Fonts g_fonts;

ImU32 rgb(int r, int g, int b, int a = 255) { return IM_COL32(r, g, b, a); }
ImVec4 v4(int r, int g, int b, int a = 255) { return ImVec4(r / 255.f, g / 255.f, b / 255.f, a / 255.f); }
}  // namespace

const Palette& palette() { return g_palette; }
const Fonts& fonts() { return g_fonts; }

Palette apply_theme(ThemeKind theme, float scale) {
  ImGuiStyle style;
  Palette p;
  if (theme == ThemeKind::dark) {
    ImGui::StyleColorsDark(&style);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = v4(24, 26, 31);
    c[ImGuiCol_ChildBg] = v4(30, 33, 39);
    c[ImGuiCol_PopupBg] = v4(36, 39, 46, 250);
    c[ImGuiCol_Border] = v4(70, 76, 88);
    c[ImGuiCol_FrameBg] = v4(44, 48, 57);
    c[ImGuiCol_Header] = v4(52, 84, 130, 150);
    c[ImGuiCol_HeaderHovered] = v4(66, 104, 158);
    c[ImGuiCol_TableRowBgAlt] = v4(255, 255, 255, 10);
    p.keys_none = rgb(190, 196, 206);
    p.keys_handshake = rgb(255, 176, 59);
    p.keys_application = rgb(88, 196, 120);
    p.keys_epoch = rgb(96, 170, 255);
    p.alert = rgb(255, 82, 82);
    p.attacker = rgb(200, 120, 255);
    p.lane = rgb(120, 128, 140);
    p.lane_text = rgb(230, 233, 238);
    p.current_bg = rgb(255, 220, 90, 40);
    p.selected_bg = rgb(80, 140, 230, 70);
    p.selected_border = rgb(110, 170, 255);
    p.dim_text = rgb(150, 156, 168);
    p.byte_selected = rgb(70, 130, 230, 150);
    p.byte_hover = rgb(255, 255, 255, 45);
    p.byte_produced = rgb(255, 176, 59, 90);
    p.title_bg = rgb(46, 64, 96);
    p.title_text = rgb(240, 244, 250);
    p.good = v4(110, 220, 140);
    p.bad = v4(255, 100, 100);
    p.link = v4(120, 180, 255);
    p.muted = v4(150, 156, 168);
    p.warn = v4(240, 180, 60);
    const ImU32 segs[8] = {rgb(214, 96, 77), rgb(244, 165, 130), rgb(67, 147, 195), rgb(146, 197, 222),
                           rgb(90, 174, 97), rgb(166, 219, 160), rgb(170, 170, 170), rgb(90, 90, 90)};
    std::copy(std::begin(segs), std::end(segs), p.segments);
  } else {
    ImGui::StyleColorsLight(&style);
    ImVec4* c = style.Colors;
    // High contrast: pure white panels, black text, dark borders, saturated accents.
    c[ImGuiCol_Text] = v4(0, 0, 0);
    c[ImGuiCol_TextDisabled] = v4(70, 70, 70);
    c[ImGuiCol_WindowBg] = v4(236, 238, 242);
    c[ImGuiCol_ChildBg] = v4(255, 255, 255);
    c[ImGuiCol_PopupBg] = v4(255, 255, 255, 252);
    c[ImGuiCol_Border] = v4(60, 60, 60);
    c[ImGuiCol_FrameBg] = v4(228, 230, 235);
    c[ImGuiCol_FrameBgHovered] = v4(205, 220, 245);
    c[ImGuiCol_Button] = v4(205, 215, 235);
    c[ImGuiCol_ButtonHovered] = v4(170, 195, 240);
    c[ImGuiCol_ButtonActive] = v4(130, 165, 230);
    c[ImGuiCol_Header] = v4(160, 195, 245);
    c[ImGuiCol_HeaderHovered] = v4(185, 210, 248);
    c[ImGuiCol_HeaderActive] = v4(140, 180, 240);
    c[ImGuiCol_MenuBarBg] = v4(220, 224, 232);
    c[ImGuiCol_TableRowBgAlt] = v4(0, 0, 0, 12);
    c[ImGuiCol_TableHeaderBg] = v4(215, 220, 230);
    c[ImGuiCol_CheckMark] = v4(0, 60, 180);
    c[ImGuiCol_SliderGrab] = v4(0, 80, 200);
    p.keys_none = rgb(40, 40, 40);
    p.keys_handshake = rgb(200, 100, 0);
    p.keys_application = rgb(0, 130, 40);
    p.keys_epoch = rgb(0, 85, 200);
    p.alert = rgb(210, 0, 0);
    p.attacker = rgb(130, 0, 190);
    p.lane = rgb(60, 60, 60);
    p.lane_text = rgb(0, 0, 0);
    p.current_bg = rgb(255, 210, 0, 70);
    p.selected_bg = rgb(40, 110, 230, 55);
    p.selected_border = rgb(0, 70, 200);
    p.dim_text = rgb(80, 80, 80);
    p.byte_selected = rgb(40, 110, 230, 110);
    p.byte_hover = rgb(0, 0, 0, 30);
    p.byte_produced = rgb(255, 170, 0, 110);
    p.title_bg = rgb(30, 60, 120);
    p.title_text = rgb(255, 255, 255);
    p.good = v4(0, 120, 40);
    p.bad = v4(200, 0, 0);
    p.link = v4(0, 70, 200);
    p.muted = v4(70, 70, 70);
    p.warn = v4(170, 95, 0);  // dark amber: readable on white from the back of a hall
    const ImU32 segs[8] = {rgb(200, 60, 40), rgb(240, 140, 100), rgb(30, 110, 180), rgb(120, 180, 220),
                           rgb(40, 140, 60), rgb(140, 210, 130), rgb(150, 150, 150), rgb(200, 200, 200)};
    std::copy(std::begin(segs), std::end(segs), p.segments);
  }
  style.WindowRounding = 0;
  style.ChildRounding = 3;
  style.FrameRounding = 3;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.ItemSpacing = ImVec2(8, 5);
  style.CellPadding = ImVec2(5, 2);
  style.ScrollbarSize = 15;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  g_palette = p;
  return p;
}

bool load_fonts(const std::string& assets_dir, float scale, Fonts* out) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());  // Basic Latin + Latin-1 (é è à ç « »)
    static const ImWchar extra[] = {
        0x0100, 0x017F,  // Latin Extended-A (œ Œ)
        0x2000, 0x206F,  // General Punctuation (– — … ‘ ’ “ ” thin spaces)
        0x2190, 0x21FF,  // Arrows
        0x2200, 0x22FF,  // Mathematical operators (⊕ ≠ ≤)
        0x2300, 0x23FF,  // Miscellaneous technical
        0x25A0, 0x25FF,  // Geometric shapes (▶ ◀ ■ ●)
        0x2600, 0x26FF,  // Miscellaneous symbols (☼ ☾ ⚠)
        0x2700, 0x27BF,  // Dingbats (✓ ✗ ❚)
        0x27F0, 0x27FF,  // Supplemental arrows-A (⟲)
        0,
    };
    b.AddRanges(extra);
    b.BuildRanges(&ranges);
  }
  namespace fs = std::filesystem;
  std::string dirs[] = {assets_dir + "/fonts", "/usr/share/fonts/truetype/dejavu"};
  std::string sans, mono;
  for (auto& d : dirs) {
    if (sans.empty() && fs::exists(d + "/DejaVuSans.ttf")) sans = d + "/DejaVuSans.ttf";
    if (mono.empty() && fs::exists(d + "/DejaVuSansMono.ttf")) mono = d + "/DejaVuSansMono.ttf";
  }
  Fonts f;
  f.base_size = 17.0f;
  float size = std::round(f.base_size * scale);
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  bool ok = true;
  if (!sans.empty()) f.ui = io.Fonts->AddFontFromFileTTF(sans.c_str(), size, &cfg, ranges.Data);
  if (!mono.empty()) f.mono = io.Fonts->AddFontFromFileTTF(mono.c_str(), size, &cfg, ranges.Data);
  if (!sans.empty()) f.title = io.Fonts->AddFontFromFileTTF(sans.c_str(), std::round(size * 1.08f), &cfg, ranges.Data);
  if (!f.ui) {
    ImFontConfig d;
    d.SizePixels = size;
    f.ui = io.Fonts->AddFontDefault(&d);
    ok = false;
  }
  if (!f.mono) f.mono = f.ui;
  if (!f.title) f.title = f.ui;
  io.FontDefault = f.ui;
  io.Fonts->Build();
  g_fonts = f;
  if (out) *out = f;
  return ok;
}

ImU32 key_class_colour(KeyClass k) {
  switch (k) {
    case KeyClass::none: return g_palette.keys_none;
    case KeyClass::handshake: return g_palette.keys_handshake;
    case KeyClass::application: return g_palette.keys_application;
    case KeyClass::epoch: return g_palette.keys_epoch;
  }
  return g_palette.keys_none;
}

ImU32 segment_colour(SegmentRole r) { return g_palette.segments[int(r) & 7]; }

}  // namespace gui

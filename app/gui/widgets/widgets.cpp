#include "widgets/widgets.hpp"

#include <cmath>
#include <algorithm>
#include <cfloat>
#include <cstdio>

#include "i18n.hpp"

namespace gui::widgets {

void begin_panel(const char* id, const char* title, ImVec2 size, ImU32 title_bg, ImU32 title_fg, ImFont* title_font,
                 ImGuiWindowFlags body_flags) {
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::BeginChild(id, size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (title_font) ImGui::PushFont(title_font);
  float h = ImGui::GetTextLineHeight() + ImGui::GetStyle().FramePadding.y * 2;
  ImVec2 p = ImGui::GetCursorScreenPos();
  dl->AddRectFilled(p, ImVec2(p.x + ImGui::GetWindowWidth(), p.y + h), title_bg, ImGui::GetStyle().ChildRounding,
                    ImDrawFlags_RoundCornersTop);
  const float tx = ImGui::GetStyle().FramePadding.x * 2;
  draw_fitted(dl, ImVec2(p.x + tx, p.y + ImGui::GetStyle().FramePadding.y), title_fg, title, ImGui::GetWindowWidth() - 2 * tx);
  if (title_font) ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, h));
  ImGui::SetCursorPosY(h + 1);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().FramePadding.x * 2, 6));
  // The panel has painted its background: the body and any child inside it are transparent,
  // so software OpenGL fills each pixel once, not once per nested child.
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
  ImGui::BeginChild("body", ImVec2(0, 0), false, body_flags | ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PopStyleVar();
}

void end_panel() {
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::EndChild();
}

void splitter(const char* id, bool vertical_bar, float thickness, float length, float* ratio, float total, float min_ratio) {
  ImVec2 size = vertical_bar ? ImVec2(thickness, length) : ImVec2(length, thickness);
  ImGui::InvisibleButton(id, size);
  bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  if (hovered || active) ImGui::SetMouseCursor(vertical_bar ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
  if (active && total > 1) {
    float d = vertical_bar ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
    *ratio = std::clamp(*ratio + d / total, min_ratio, 1.0f - min_ratio);
  }
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  // The gap shows the window background (the screen is cleared to the panels' colour).
  ImGui::GetWindowDrawList()->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_WindowBg));
  ImU32 col = ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive : hovered ? ImGuiCol_SeparatorHovered : ImGuiCol_Separator);
  if (vertical_bar) {
    float x = (a.x + b.x) * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, a.y + 4), ImVec2(x, b.y - 4), col, hovered || active ? 3.0f : 1.0f);
  } else {
    float y = (a.y + b.y) * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x + 4, y), ImVec2(b.x - 4, y), col, hovered || active ? 3.0f : 1.0f);
  }
}

bool hex_value(const char* id, std::span<const uint8_t> bytes, bool masked, const char* mask_text, ImFont* mono,
               size_t max_bytes, ImU32 highlight) {
  ImGui::PushID(id);
  std::string s;
  if (masked) {
    s = "\u2022\u2022\u2022\u2022 ";
    s += mask_text;
  } else if (bytes.empty()) {
    s = "\u2014";
  } else {
    size_t n = std::min(bytes.size(), max_bytes);
    s.reserve(n * 2 + 32);
    char b[4];
    for (size_t i = 0; i < n; ++i) {
      std::snprintf(b, sizeof b, "%02x", bytes[i]);
      s += b;
      if (i % 4 == 3 && i + 1 < n) s += " ";  // groups of 4 bytes: easier to read, wraps cleanly
    }
    if (n < bytes.size()) s += "\u2026 (" + tr_msg(sim::msg("field.bytes").arg("n", std::to_string(bytes.size()))) + ")";
  }
  if (mono) ImGui::PushFont(mono);
  ImVec2 p = ImGui::GetCursorScreenPos();
  float wrap = ImGui::GetContentRegionAvail().x;
  ImVec2 sz = ImGui::CalcTextSize(s.c_str(), nullptr, false, wrap);
  if (highlight) ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + sz.x, p.y + sz.y), highlight, 2);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopTextWrapPos();
  if (mono) ImGui::PopFont();
  bool hovered = ImGui::IsItemHovered();
  if (hovered) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_ButtonHovered), 2);
  }
  bool clicked = hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  ImGui::PopID();
  return clicked;
}

void draw_lock(ImDrawList* dl, ImVec2 p, float h, ImU32 col) {
  float w = h * 0.72f;
  float body_top = p.y + h * 0.45f;
  // Shackle: a rounded arch above the body.
  float r = w * 0.30f;
  ImVec2 c(p.x + w * 0.5f, body_top);
  dl->PathArcTo(ImVec2(c.x, c.y - h * 0.12f), r, 3.14159f, 2 * 3.14159f, 10);
  dl->PathStroke(col, 0, std::max(1.5f, h * 0.12f));
  dl->AddLine(ImVec2(c.x - r, body_top - h * 0.12f), ImVec2(c.x - r, body_top), col, std::max(1.5f, h * 0.12f));
  dl->AddLine(ImVec2(c.x + r, body_top - h * 0.12f), ImVec2(c.x + r, body_top), col, std::max(1.5f, h * 0.12f));
  dl->AddRectFilled(ImVec2(p.x, body_top), ImVec2(p.x + w, p.y + h), col, h * 0.08f);
}

void tooltip(const char* text) {
  if (!text || !ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

namespace {
std::vector<std::string> g_cuts;
}

void clear_cuts() { g_cuts.clear(); }
const std::vector<std::string>& cuts() { return g_cuts; }

std::string fit_text(std::string_view text, float max_w, ImFont* font, float size, bool* cut) {
  if (!font) font = ImGui::GetFont();
  if (size <= 0) size = ImGui::GetFontSize();
  if (cut) *cut = false;
  const char* b = text.data();
  const char* e = b + text.size();
  if (font->CalcTextSizeA(size, FLT_MAX, 0, b, e).x <= max_w + 0.5f) return std::string(text);
  if (cut) *cut = true;
  if (std::find(g_cuts.begin(), g_cuts.end(), text) == g_cuts.end()) g_cuts.emplace_back(text);
  static const char kEllipsis[] = "\u2026";
  const float ew = font->CalcTextSizeA(size, FLT_MAX, 0, kEllipsis).x;
  // The longest prefix (whole UTF-8 characters) that fits with the ellipsis.
  const char* end = b;
  if (max_w > ew) {
    const char* fit = nullptr;
    font->CalcTextSizeA(size, max_w - ew, 0, b, e, &fit);
    end = fit ? fit : b;
    while (end > b && (static_cast<unsigned char>(*end) & 0xC0) == 0x80) --end;
  }
  std::string out(b, end);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + kEllipsis;
}

void fitted_label(std::string_view text, float max_w, bool disabled) {
  if (max_w < 0) max_w = ImGui::GetContentRegionAvail().x;
  bool cut = false;
  std::string shown = fit_text(text, max_w, nullptr, 0, &cut);
  if (disabled) ImGui::TextDisabled("%s", shown.c_str());
  else ImGui::TextUnformatted(shown.c_str());
  if (cut) tooltip(std::string(text).c_str());
}

float draw_fitted(ImDrawList* dl, ImVec2 pos, ImU32 col, std::string_view text, float max_w, ImFont* font, float size) {
  if (!font) font = ImGui::GetFont();
  if (size <= 0) size = ImGui::GetFontSize();
  bool cut = false;
  std::string shown = fit_text(text, max_w, font, size, &cut);
  ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, shown.c_str());
  dl->AddText(font, size, pos, col, shown.c_str());
  if (cut && ImGui::IsMouseHoveringRect(pos, ImVec2(pos.x + ts.x, pos.y + ts.y))) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
    ImGui::TextUnformatted(std::string(text).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return ts.x;
}

}  // namespace gui::widgets

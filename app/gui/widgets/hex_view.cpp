#include "widgets/hex_view.hpp"

#include <cmath>
#include <cstdio>

namespace gui::widgets {

int hex_bytes_per_row(float width, float cw) {
  // "000000  " + n * "xx " + " " + n ascii chars
  for (int n : {32, 16, 8}) {
    float need = cw * (8 + n * 3 + 1 + n) + 8;
    if (need <= width) return n;
  }
  return 4;
}

HexViewResult hex_view(const char* id, std::span<const uint8_t> data, const std::vector<HexHighlight>& highlights,
                       const HexViewStyle& st, std::optional<size_t> scroll_to) {
  HexViewResult res;
  ImGui::PushID(id);
  if (st.font) ImGui::PushFont(st.font);
  const float cw = ImGui::CalcTextSize("0").x;
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  const int per_row = hex_bytes_per_row(ImGui::GetContentRegionAvail().x, cw);
  const size_t rows = (data.size() + per_row - 1) / per_row;
  const float x_hex = cw * 8, x_ascii = x_hex + cw * (per_row * 3 + 1);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);

  auto colour_of = [&](size_t i) -> ImU32 {
    ImU32 c = 0;
    for (auto& h : highlights)
      if (i >= h.offset && i < h.offset + h.length) c = h.colour;  // later ranges win
    return c;
  };

  if (scroll_to && *scroll_to < data.size()) {
    float y = float(*scroll_to / per_row) * lh;
    float top = ImGui::GetScrollY(), h = ImGui::GetWindowHeight();
    if (y < top || y > top + h - 2 * lh) ImGui::SetScrollY(std::max(0.0f, y - h * 0.3f));
  }

  ImGuiListClipper clip;
  clip.Begin(int(rows), lh);
  char buf[16];
  while (clip.Step()) {
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      ImVec2 p = ImGui::GetCursorScreenPos();
      size_t base = size_t(r) * per_row;
      std::snprintf(buf, sizeof buf, "%06zx", base);
      dl->AddText(p, st.offset_colour ? st.offset_colour : text_col, buf);
      ImGui::InvisibleButton("row", ImVec2(std::max(x_ascii + cw * per_row, 1.0f), lh));
      bool hovered = ImGui::IsItemHovered();
      std::optional<size_t> under;
      if (hovered) {
        float mx = ImGui::GetIO().MousePos.x - p.x;
        int col = -1;
        if (mx >= x_hex && mx < x_ascii - cw) col = int((mx - x_hex) / (cw * 3));
        else if (mx >= x_ascii) col = int((mx - x_ascii) / cw);
        if (col >= 0 && col < per_row && base + col < data.size()) under = base + col;
      }
      if (under) {
        res.hovered = under;
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) res.clicked = under;
      }
      for (int c = 0; c < per_row && base + c < data.size(); ++c) {
        size_t i = base + c;
        ImVec2 hx(p.x + x_hex + c * cw * 3, p.y), ax(p.x + x_ascii + c * cw, p.y);
        ImU32 bg = colour_of(i);
        // Extend the hex highlight over the gap when the next byte has the same colour.
        bool joined = c + 1 < per_row && i + 1 < data.size() && bg && colour_of(i + 1) == bg;
        if (bg) {
          dl->AddRectFilled(ImVec2(hx.x - cw * 0.25f, hx.y), ImVec2(hx.x + cw * (joined ? 2.75f : 2.25f), hx.y + lh - 1), bg);
          dl->AddRectFilled(ax, ImVec2(ax.x + cw, ax.y + lh - 1), bg);
        }
        if (under && *under == i && st.hover_colour) {
          dl->AddRect(ImVec2(hx.x - cw * 0.25f, hx.y), ImVec2(hx.x + cw * 2.25f, hx.y + lh - 1), st.hover_colour, 0, 0, 2);
          dl->AddRect(ax, ImVec2(ax.x + cw, ax.y + lh - 1), st.hover_colour, 0, 0, 2);
        }
        std::snprintf(buf, sizeof buf, "%02x", data[i]);
        dl->AddText(hx, text_col, buf);
        char a = (data[i] >= 0x20 && data[i] < 0x7f) ? char(data[i]) : '.';
        buf[0] = a;
        buf[1] = 0;
        dl->AddText(ax, a == '.' && data[i] != '.' ? (st.ascii_dim_colour ? st.ascii_dim_colour : text_col) : text_col, buf);
      }
    }
  }
  clip.End();
  if (st.font) ImGui::PopFont();
  ImGui::PopID();
  return res;
}

}  // namespace gui::widgets

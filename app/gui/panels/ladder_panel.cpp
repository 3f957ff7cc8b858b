// Ladder diagram: one lane per party, one arrow per record labelled with its messages,
// coloured by the keys protecting it; alerts in red; the records sent at the current step
// highlighted; clicking a row selects the record.
#include <cmath>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "panels/panel.hpp"
#include "present/present.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

void legend_item(ImU32 col, const char* text, bool lock, bool first) {
  float h = ImGui::GetTextLineHeight();
  // Wrap to the next line when the item does not fit.
  if (!first) {
    float need = h * 2.6f + ImGui::CalcTextSize(text).x;
    if (ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
  }
  // A line of its own still too narrow: the text wraps under itself.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  dl->AddLine(ImVec2(p.x, p.y + h * 0.55f), ImVec2(p.x + h * 1.4f, p.y + h * 0.55f), col, std::max(2.0f, h * 0.16f));
  if (lock) widgets::draw_lock(dl, ImVec2(p.x + h * 0.45f, p.y + h * 0.05f), h * 0.5f, col);
  ImGui::Dummy(ImVec2(h * 1.6f, h));
  ImGui::SameLine(0, 2);
  if (ImGui::CalcTextSize(text).x > ImGui::GetContentRegionAvail().x) {
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(ImGui::GetContentRegionAvail().x, h * 4));
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  } else {
    ImGui::TextUnformatted(text);
  }
  ImGui::SameLine(0, h);
}

}  // namespace

void draw_ladder_panel(FrameContext& ctx) {
  widgets::begin_panel("ladder", tr("panel.ladder"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title);
  {
    ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    ctx.ui.ladder_rect[0] = p.x, ctx.ui.ladder_rect[1] = p.y, ctx.ui.ladder_rect[2] = s.x, ctx.ui.ladder_rect[3] = s.y;
  }
  const Palette& pal = ctx.pal;
  const auto& t = ctx.trace;

  // The legend follows the version (present::legend_entries, as the exports draw it): SSL 3.0 to
  // TLS 1.2 one set of write keys per direction, made current by ChangeCipherSpec; TLS 1.3
  // handshake then application traffic keys.
  bool first = true;
  std::vector<sim::present::LegendEntry> computed_legend;  // only without App's cache (tests)
  if (!ctx.data.legend) computed_legend = sim::present::legend_entries(t);
  const auto& legend = ctx.data.legend ? *ctx.data.legend : computed_legend;
  for (const sim::present::LegendEntry& entry : legend) {
    const std::string_view c = entry.colour_class;
    const ImU32 col = c == "alert" ? pal.alert : c == "handshake" ? pal.keys_handshake : c == "application" ? pal.keys_application
                      : c == "protected" ? pal.keys_epoch : pal.keys_none;
    const std::string text = tr_msg(sim::msg(entry.key));
    legend_item(col, text.c_str(), c != "none" && c != "alert", first);
    first = false;
  }
  // Compare with another run (a built-in scenario, or this one with one change).
  {
    const char* label = tr("compare.with");
    float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    else ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
    if (ctx.ui.presenting) ImGui::NewLine();  // no comparing in front of a class
    else if (ImGui::SmallButton(label)) ImGui::OpenPopup("cmpPick");
    widgets::tooltip(tr("compare.hint"));
    if (ImGui::BeginPopup("cmpPick")) {
      compare_menu_items(ctx);
      ImGui::EndPopup();
    }
  }
  ImGui::NewLine();

  // One lane per actor present (the CA and the OCSP responder when the client fetched
  // revocation data), left to right as sim::ladder_lanes orders them.
  std::vector<sim::Actor> computed_lanes;
  if (!ctx.data.lanes) computed_lanes = sim::ladder_lanes(t.events);
  const std::vector<sim::Actor>& lanes = ctx.data.lanes ? *ctx.data.lanes : computed_lanes;
  float fs = ImGui::GetFontSize();
  float margin = fs * 3.2f;
  float width = ImGui::GetContentRegionAvail().x;
  const float x_first = margin + fs * 2.0f, x_last = width - fs * 1.2f;
  const float lane_gap = lanes.size() > 1 ? (x_last - x_first) / float(lanes.size() - 1) : 0.0f;
  auto lane_x = [&](sim::Actor a) {
    size_t i = size_t(std::find(lanes.begin(), lanes.end(), a) - lanes.begin());
    return x_first + lane_gap * float(std::min(i, lanes.size() - 1));
  };
  auto lane_label = [&](sim::Actor a) -> const char* {
    switch (a) {
      case sim::Actor::client: return tr("ladder.client");
      case sim::Actor::server: return tr("ladder.server");
      case sim::Actor::attacker: return tr("ladder.attacker");
      default: return actor_label(a);
    }
  };

  // Lane headers, each within its share of the width.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 hp = ImGui::GetCursorScreenPos();
  // Names wider than the space between lanes (four or five lanes in a narrow panel) go on two
  // staggered rows instead of over each other, and are fitted to twice that space.
  ImGui::PushFont(ctx.fonts.title);
  bool stagger = false;
  for (sim::Actor a : lanes) stagger = stagger || (lanes.size() > 1 && ImGui::CalcTextSize(lane_label(a)).x > lane_gap * 0.95f);
  const float header_h = ImGui::GetTextLineHeight();
  for (size_t k = 0; k < lanes.size(); ++k) {
    const char* s = lane_label(lanes[k]);
    float room = lanes.size() > 1 ? std::min(lane_gap * (stagger ? 1.9f : 0.95f), width) : width;
    float w = std::min(ImGui::CalcTextSize(s).x, room);
    float x = std::clamp(lane_x(lanes[k]) - w * 0.5f, 0.0f, std::max(0.0f, width - w));
    widgets::draw_fitted(dl, ImVec2(hp.x + x, hp.y + (stagger ? header_h * float(k % 2) : 0.0f)), pal.lane_text, s, room);
    record_drawn(s);
  }
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeightWithSpacing() * 1.2f + (stagger ? header_h : 0.0f)));

  ImGui::BeginChild("rows", ImVec2(0, 0), false);
  dl = ImGui::GetWindowDrawList();
  const auto& rows = ctx.data.ladder;  // cached per trace revision
  if (rows.empty()) ImGui::TextDisabled("%s", tr("ladder.empty"));
  const float row_h = std::round(ImGui::GetTextLineHeight() * 2.7f);
  // Display lines: the records, with a separator line before the first record of each later
  // connection (a resumption, a fallback retry). disp[k] >= 0 is a row index; -1 - c is "connection c starts".
  std::vector<int> disp;
  disp.reserve(rows.size() + 2);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].connection_start) disp.push_back(-1 - rows[i].connection);
    disp.push_back(int(i));
  }
  ImVec2 origin = ImGui::GetCursorScreenPos();
  float total_h = std::max(row_h * float(disp.size()), ImGui::GetContentRegionAvail().y);
  // Lanes, drawn over the whole visible height.
  {
    ImVec2 wp = ImGui::GetWindowPos();
    float y0 = wp.y, y1 = wp.y + ImGui::GetWindowHeight();
    for (sim::Actor a : lanes)
      dl->AddLine(ImVec2(origin.x + lane_x(a), y0), ImVec2(origin.x + lane_x(a), y1),
                  a == sim::Actor::attacker ? pal.attacker : pal.lane, 2.0f);
  }

  // Scroll so the newest record stays in view while stepping.
  if (ctx.ui.ladder_seen_step != ctx.ui.step) {
    ctx.ui.ladder_seen_step = ctx.ui.step;
    ctx.ui.ladder_follow = 3;
  }
  if (ctx.ui.ladder_follow > 0) {
    --ctx.ui.ladder_follow;
    auto did_now = [&](const LadderRow& row) {
      const auto& d = t.events[row.event].delivered;
      return row.current || (d && *d == ctx.ui.step);
    };
    for (size_t k = disp.size(); k-- > 0;)
      if (disp[k] >= 0 && did_now(rows[size_t(disp[k])])) {
        float y = row_h * float(k);
        float top = ImGui::GetScrollY(), h = ImGui::GetWindowHeight();
        if (y < top || y + row_h > top + h) ImGui::SetScrollY(std::max(0.0f, y - h + row_h * 1.5f));
        break;
      }
  }

  ImGuiListClipper clip;
  clip.Begin(int(disp.size()), row_h);
  while (clip.Step()) {
    for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
      if (disp[size_t(k)] < 0) {
        // Where connection N starts: a dashed line across the lanes and its name.
        int conn = -1 - disp[size_t(k)];
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(width, row_h));
        float y = p.y + row_h * 0.5f, lh = ImGui::GetTextLineHeight();
        for (float x = p.x; x < p.x + width; x += lh * 0.9f)
          dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + lh * 0.5f, p.x + width), y), pal.selected_border, 2.0f);
        // Its name as the trace says it came about (a resumption, a fallback retry).
        std::string heading = sim::present::connection_heading(t, conn, lang());
        const char* head = heading.c_str();
        const float right = std::min(p.x + width, dl->GetClipRectMax().x) - 2;  // not under the scrollbar
        // Too long for the ladder, the heading shrinks a little before it is shortened.
        float size = fs;
        ImVec2 ts;
        for (float k : {1.0f, 0.9f, 0.8f}) {
          size = fs * k;
          ts = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0, head);
          if (ts.x + 12 <= right - p.x) break;
        }
        float tx = p.x + std::max(6.0f, (right - p.x - ts.x) * 0.5f), ty = y - lh * 0.5f;
        dl->AddRectFilled(ImVec2(tx - 4, ty - 1), ImVec2(std::min(tx + ts.x + 4, right), ty + lh + 1), pal.title_bg, 3);
        widgets::draw_fitted(dl, ImVec2(tx, ty + (fs - size) * 0.5f), pal.title_text, heading, right - tx - 4, nullptr, size);
        record_drawn(head);
        continue;
      }
      const int r = disp[size_t(k)];
      const LadderRow& row = rows[size_t(r)];
      const sim::Event& ev = t.events[row.event];
      ImGui::PushID(r);
      ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::InvisibleButton("row", ImVec2(width, row_h));
      bool hovered = ImGui::IsItemHovered();
      if (ImGui::IsItemClicked()) ctx.emit(Command::of(Command::Kind::select_event, long(row.event)));
      bool selected = ctx.ui.sel.event == int(row.event);
      ImVec2 a(p.x, p.y + 1), b(p.x + width, p.y + row_h - 1);
      // What the current step did: the records it put on the wire and the one it delivered.
      if (row.current || (ev.delivered && *ev.delivered == ctx.ui.step)) dl->AddRectFilled(a, b, pal.current_bg, 3);
      if (selected) {
        dl->AddRectFilled(a, b, pal.selected_bg, 3);
        dl->AddRect(a, b, pal.selected_border, 3, 0, 2);
      } else if (hovered) {
        dl->AddRect(a, b, pal.selected_bg, 3, 0, 1.5f);
      }
      ImU32 col = row.alert ? pal.alert : key_class_colour(row.keys);
      if (ev.from == sim::Actor::attacker) col = pal.attacker;

      // Index and step in the margin.
      char idx[32];
      const float small = ImGui::GetFontSize() * 0.8f;
      const float left = std::max(fs, lane_x(lanes.front()) - fs * 0.6f);
      std::snprintf(idx, sizeof idx, "#%zu", row.event);
      widgets::draw_fitted(dl, ImVec2(p.x + 2, p.y + row_h * 0.12f), pal.dim_text, idx, left, nullptr, small * 1.1f);
      const std::string steps = step_span(ev);
      widgets::draw_fitted(dl, ImVec2(p.x + 2, p.y + row_h * 0.55f), pal.dim_text, steps, left, nullptr, small);
      record_drawn(steps);

      // The arrow.
      float x0 = p.x + lane_x(row.from), x1 = p.x + lane_x(row.to);
      float y = p.y + row_h * 0.58f;
      float thick = std::max(2.0f, ImGui::GetFontSize() * 0.13f);
      float dir = x1 > x0 ? 1.0f : -1.0f;
      float head = ImGui::GetFontSize() * 0.55f;
      dl->AddLine(ImVec2(x0, y), ImVec2(x1 - dir * head * 0.8f, y), col, thick);
      dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - dir * head, y - head * 0.5f), ImVec2(x1 - dir * head, y + head * 0.5f), col);
      dl->AddCircleFilled(ImVec2(x0, y), thick * 1.3f, col);

      // Label above the arrow, centred; a padlock when protected.
      float lh = ImGui::GetTextLineHeight();
      float lock_w = row.keys != KeyClass::none ? lh * 0.75f : 0.0f;
      float span = std::max(0.0f, std::abs(x1 - x0) - head);
      // The label may reach past its arrow's ends, over a neighbouring lane, as far as the row
      // goes (a record between the attacker and the server has half the width of the ladder).
      const float row_l = p.x + left + 2, row_r = std::min(p.x + width, dl->GetClipRectMax().x) - 4;
      float room = std::max(span, row_r - row_l);
      // A packed record too long to name in full: its first message and how many more. Still too
      // long, the text shrinks a little, then ends with an ellipsis (the tooltip has it whole).
      const std::string& label =
          !row.short_label.empty() && ImGui::CalcTextSize(row.label.c_str()).x + lock_w > room ? row.short_label : row.label;
      float size = fs;
      for (float k : {1.0f, 0.9f, 0.8f}) {
        size = fs * k;
        if (ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0, label.c_str()).x + lock_w <= room) break;
      }
      std::string shown = widgets::fit_text(label, room - lock_w, nullptr, size);
      ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0, shown.c_str());
      float cx = (x0 + x1) * 0.5f;
      float tx = std::clamp(cx - (ts.x + lock_w) * 0.5f, row_l, std::max(row_l, row_r - ts.x - lock_w));
      float ty = y - lh - thick - 1;
      ImU32 text_col = row.alert ? pal.alert : pal.lane_text;
      if (lock_w > 0) widgets::draw_lock(dl, ImVec2(tx, ty + lh * 0.12f), lh * 0.72f, col);
      dl->AddText(ImGui::GetFont(), size, ImVec2(tx + lock_w, ty + (fs - size)), text_col, shown.c_str());
      record_drawn(shown);

      // Size under the arrow, on the sender's side.
      char sz[48];
      std::snprintf(sz, sizeof sz, "%zu %s", ev.bytes.size(), tr("ladder.bytes"));
      float sw = std::min(ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, sz).x, span);
      float sx = dir > 0 ? x0 + head * 0.3f : x0 - head * 0.3f - sw;
      sw = widgets::draw_fitted(dl, ImVec2(sx, y + thick + 1), pal.dim_text, sz, span, nullptr, small);
      // TLS 1.3: the real content type, hidden inside the encryption, on the receiver's side.
      if (!row.inner_type.empty()) {
        char it[96];
        std::snprintf(it, sizeof it, "%s", label_value(tr("ladder.inner"), row.inner_type).c_str());
        float iw = ImGui::GetFont()->CalcTextSizeA(small, FLT_MAX, 0, it).x;
        float ix = dir > 0 ? x1 - head * 0.3f - iw : x1 + head * 0.3f;
        float lo = std::min(x0, x1), hi = std::max(x0, x1);
        ix = std::clamp(ix, lo, std::max(lo, hi - iw));
        // Only when it stays clear of the size label (the tooltip always has it).
        bool overlaps = ix < sx + sw + small * 0.5f && sx < ix + iw + small * 0.5f;
        if (!overlaps) dl->AddText(ImGui::GetFont(), small, ImVec2(ix, y + thick + 1), pal.dim_text, it);
        record_drawn(it);
      }

      if (hovered) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
        ImGui::Text("#%zu  %s \u2192 %s  (%s)", row.event, actor_label(ev.from), actor_label(ev.to), step_span(ev).c_str());
        ImGui::TextDisabled("%s", tr("ladder.step_hint"));
        ImGui::TextUnformatted(row.label.c_str());
        if (ev.protection.is_protected()) ImGui::Text("%s", label_value(tr("ladder.protected_by"), tr_msg(sim::protection_message(ev.protection))).c_str());
        if (!row.inner_type.empty()) {
          ImGui::Text("%s", label_value(tr("ladder.inner"), row.inner_type).c_str());
          ImGui::TextDisabled("%s", tr("ladder.inner_hint"));
        }
        if (ev.alert) ImGui::TextColored(ctx.pal.bad, "%s", tr_msg(ev.alert->reason).c_str());
        for (auto& n : ev.notes) note_bullet(ctx.pal, sim::note_severity(n), tr_msg(n).c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      ImGui::PopID();
    }
  }
  clip.End();
  (void)total_h;
  ImGui::EndChild();
  widgets::end_panel();
}

}  // namespace gui

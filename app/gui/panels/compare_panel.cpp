// Compare: the current run (A) and a second run (B, chosen with "Compare with…") as two
// ladders side by side, aligned row by row (model/compare.hpp). Rows whose messages differ are
// tinted, the first one is marked, rows whose protection differs are outlined. Both runs
// follow the step cursor; clicking a record of A selects it in the other panels.
#include <cmath>
#include <cstdio>

#include "present/present.hpp"
#include "core/enums.hpp"
#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

ImU32 with_alpha(ImU32 c, int a) { return (c & 0x00FFFFFFu) | (ImU32(a) << 24); }

// One arrow between the client lane x0 and the server lane x1 of a half row.
void arrow(FrameContext& ctx, ImDrawList* dl, float xc, float xs, float top, float row_h, const LadderRow& row) {
  const Palette& pal = ctx.pal;
  ImU32 col = row.alert ? pal.alert : key_class_colour(row.keys);
  if (row.from == sim::Actor::attacker) col = pal.attacker;
  float x0 = row.from == sim::Actor::client ? xc : xs, x1 = row.to == sim::Actor::client ? xc : xs;
  if (x0 == x1) x1 = x0 + (xs - xc) * 0.5f;
  float y = top + row_h * 0.62f;
  float thick = std::max(2.0f, ImGui::GetFontSize() * 0.12f);
  float dir = x1 > x0 ? 1.0f : -1.0f;
  float head = ImGui::GetFontSize() * 0.5f;
  dl->AddLine(ImVec2(x0, y), ImVec2(x1 - dir * head * 0.8f, y), col, thick);
  dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - dir * head, y - head * 0.5f), ImVec2(x1 - dir * head, y + head * 0.5f), col);
  float lh = ImGui::GetTextLineHeight();
  float lock_w = row.keys != KeyClass::none ? lh * 0.7f : 0.0f;
  float span = std::abs(x1 - x0) - head;
  ImVec2 ts = ImGui::CalcTextSize(row.label.c_str());
  float tx = (x0 + x1) * 0.5f - (ts.x + lock_w) * 0.5f, ty = y - lh - thick;
  bool clip = ts.x + lock_w > span;
  if (clip) {
    tx = std::min(x0, x1) + head * 0.5f;
    dl->PushClipRect(ImVec2(tx, ty), ImVec2(tx + span, ty + lh), true);
  }
  if (lock_w > 0) widgets::draw_lock(dl, ImVec2(tx, ty + lh * 0.12f), lh * 0.68f, col);
  dl->AddText(ImVec2(tx + lock_w, ty), row.alert ? pal.alert : pal.lane_text, row.label.c_str());
  if (clip) dl->PopClipRect();
  record_drawn(row.label);
}

void event_tooltip(FrameContext& ctx, const char* side, const sim::Event* ev, size_t index) {
  if (!ev) {
    ImGui::TextDisabled("%s", label_value(side, tr("compare.absent")).c_str());
    return;
  }
  ImGui::Text("%s  #%zu  %s \u2192 %s  (%s)", side, index, actor_label(ev->from), actor_label(ev->to), step_span(*ev).c_str());
  ImGui::TextUnformatted(sim::present::record_title(*ev, lang()).c_str());
  ImGui::TextDisabled("%s  \u00b7  %zu %s", label_value(tr("ladder.protected_by"), tr_msg(sim::protection_message(ev->protection))).c_str(),
                      ev->bytes.size(), tr("ladder.bytes"));
}

}  // namespace

void compare_menu_items(FrameContext& ctx) {
  using K = Command::Kind;
  if (ImGui::BeginMenu(tr("compare.builtin"))) {
    for (auto& sc : ctx.data.builtin) {
      if (ImGui::MenuItem(sc.name.c_str())) {
        Command c = Command::of(K::compare_file);
        c.text = sc.path.empty() ? sc.name : sc.path;
        ctx.emit(c);
      }
      widgets::tooltip(sc.description_in(lang()).c_str());
    }
    if (ctx.data.builtin.empty()) ImGui::TextDisabled("%s", tr("scenario.no_builtin"));
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("compare.one_change"))) {
    for (auto& v : one_change_variants(ctx.scenario)) {
      std::string label = tr(v.label_key);
      if (!v.arg.empty()) label += " " + v.arg;
      if (ImGui::MenuItem(label.c_str())) {
        Command c = Command::of(K::compare_with);
        c.scenario = v.options;
        c.text = label;
        ctx.emit(c);
      }
    }
    ImGui::EndMenu();
  }
  if (ctx.data.other) {
    ImGui::Separator();
    if (ImGui::MenuItem(tr("compare.stop"))) ctx.emit(Command::of(K::compare_off));
  }
}

void draw_compare_panel(FrameContext& ctx) {
  widgets::begin_panel("compare", tr("panel.compare"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title,
                       ImGuiWindowFlags_NoScrollbar);
  const Palette& pal = ctx.pal;
  const FrameData& d = ctx.data;
  if (!d.other || !d.comparison || !d.other_ladder) {
    widgets::end_panel();
    return;
  }
  const Comparison& cmp = *d.comparison;
  const sim::Trace& a = ctx.trace;
  const sim::Trace& b = *d.other;

  // Which runs, and the way to change or stop.
  std::string a_name = ctx.scenario.name.empty() ? tr("compare.current") : ctx.scenario.name;
  if (d.imported) a_name = d.imported_file;
  ImGui::TextColored(pal.link, "A");
  ImGui::SameLine();
  ImGui::TextUnformatted(a_name.c_str());
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  ImGui::TextColored(pal.link, "B");
  ImGui::SameLine();
  ImGui::TextUnformatted(d.other_label.c_str());
  record_drawn("B: " + d.other_label);
  if (d.other_step < ctx.ui.step) {
    ImGui::SameLine();
    char ended[96];
    std::snprintf(ended, sizeof ended, "(%s %zu)", tr("compare.ended_at"), d.other_total);
    ImGui::TextDisabled("%s", ended);
  }
  if (ImGui::SmallButton(tr("compare.change"))) ImGui::OpenPopup("cmpPick");
  ImGui::SameLine();
  if (ImGui::SmallButton(tr("compare.stop"))) ctx.emit(Command::of(Command::Kind::compare_off));
  if (ImGui::BeginPopup("cmpPick")) {
    compare_menu_items(ctx);
    ImGui::EndPopup();
  }

  // Summary: the first difference, or none so far.
  const float row_h = std::round(ImGui::GetTextLineHeight() * 2.3f);
  bool jump = false;
  if (cmp.first_difference) {
    const CompareRow& r = cmp.rows[*cmp.first_difference];
    char line[160];
    std::snprintf(line, sizeof line, "%s %zu", tr("compare.first_difference"), *cmp.first_difference + 1);
    ImGui::TextColored(pal.bad, "\u25B6 %s", line);
    ImGui::SameLine();
    jump = ImGui::SmallButton(tr("compare.show"));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      event_tooltip(ctx, "A", r.left ? &a.events[*r.left] : nullptr, r.left.value_or(0));
      event_tooltip(ctx, "B", r.right ? &b.events[*r.right] : nullptr, r.right.value_or(0));
      ImGui::EndTooltip();
    }
  } else {
    ImGui::TextColored(pal.good, "%s", tr("compare.same_messages"));
  }
  if (cmp.protection_differing > 0) {
    char line[160];
    std::snprintf(line, sizeof line, "%s", label_value(tr("compare.protection_rows"), std::to_string(cmp.protection_differing)).c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.keys_handshake), "%s", line);
  }

  // Headers: A's and B's lanes (the rows below always keep room for their scrollbar).
  float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
  float fs = ImGui::GetFontSize();
  float num_w = fs * 2.4f;              // row number
  float half = (width - num_w) * 0.5f;  // each ladder
  float pad = fs * 1.6f;
  auto lanes = [&](int side, float* xc, float* xs) {
    float x = num_w + half * float(side);
    *xc = x + pad;
    *xs = x + half - pad;
  };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 hp = ImGui::GetCursorScreenPos();
  for (int side = 0; side < 2; ++side) {
    float xc, xs;
    lanes(side, &xc, &xs);
    const char* c = tr("ladder.client");
    const char* s = tr("ladder.server");
    dl->AddText(ImVec2(hp.x + xc - ImGui::CalcTextSize(c).x * 0.5f + fs * 0.6f, hp.y), pal.lane_text, c);
    dl->AddText(ImVec2(hp.x + xs - ImGui::CalcTextSize(s).x * 0.5f - fs * 0.6f, hp.y), pal.lane_text, s);
    const char* tag = side == 0 ? "A" : "B";
    dl->AddText(ImVec2(hp.x + (xc + xs) * 0.5f - ImGui::CalcTextSize(tag).x * 0.5f, hp.y), ImGui::GetColorU32(pal.link), tag);
  }
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeightWithSpacing()));

  ImGui::BeginChild("rows", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  dl = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  {
    ImVec2 wp = ImGui::GetWindowPos();
    float y0 = wp.y, y1 = wp.y + ImGui::GetWindowHeight();
    for (int side = 0; side < 2; ++side) {
      float xc, xs;
      lanes(side, &xc, &xs);
      dl->AddLine(ImVec2(origin.x + xc, y0), ImVec2(origin.x + xc, y1), pal.lane, 2.0f);
      dl->AddLine(ImVec2(origin.x + xs, y0), ImVec2(origin.x + xs, y1), pal.lane, 2.0f);
    }
    float xm = origin.x + num_w + half;
    dl->AddLine(ImVec2(xm, y0), ImVec2(xm, y1), pal.dim_text, 1.0f);
  }
  if (jump && cmp.first_difference) ImGui::SetScrollY(std::max(0.0f, row_h * float(*cmp.first_difference) - row_h * 2));
  if (cmp.rows.empty()) ImGui::TextDisabled("%s", tr("ladder.empty"));

  const auto& la = ctx.data.ladder;
  const auto& lb = *d.other_ladder;
  ImGuiListClipper clip;
  clip.Begin(int(cmp.rows.size()), row_h);
  while (clip.Step()) {
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      const CompareRow& row = cmp.rows[size_t(r)];
      ImGui::PushID(r);
      ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::InvisibleButton("row", ImVec2(width, row_h));
      bool hovered = ImGui::IsItemHovered();
      if (ImGui::IsItemClicked() && row.left) ctx.emit(Command::of(Command::Kind::select_event, long(*row.left)));
      ImVec2 r0(p.x, p.y + 1), r1(p.x + width, p.y + row_h - 1);
      bool first = cmp.first_difference && *cmp.first_difference == size_t(r);
      bool current = (row.left && *row.left < la.size() && la[*row.left].current) ||
                     (row.right && *row.right < lb.size() && lb[*row.right].current);
      if (current) dl->AddRectFilled(r0, r1, pal.current_bg, 3);
      if (row.differs) dl->AddRectFilled(r0, r1, with_alpha(pal.alert, first ? 80 : 40), 3);
      if (row.left && ctx.ui.sel.event == int(*row.left)) dl->AddRect(r0, r1, pal.selected_border, 3, 0, 2);
      else if (row.protection_differs) dl->AddRect(r0, r1, pal.keys_handshake, 3, 0, 2);
      else if (hovered) dl->AddRect(r0, r1, pal.selected_bg, 3, 0, 1.5f);
      if (first) dl->AddRect(r0, r1, pal.alert, 3, 0, 2.5f);

      char num[16];
      std::snprintf(num, sizeof num, "%d", r + 1);
      dl->AddText(ImVec2(p.x + 2, p.y + row_h * 0.3f), first ? pal.alert : pal.dim_text, num);
      for (int side = 0; side < 2; ++side) {
        const auto& idx = side == 0 ? row.left : row.right;
        const auto& rows = side == 0 ? la : lb;
        float xc, xs;
        lanes(side, &xc, &xs);
        if (idx && *idx < rows.size()) {
          arrow(ctx, dl, p.x + xc, p.x + xs, p.y, row_h, rows[*idx]);
        } else {
          const char* gap = tr("compare.absent");
          float tw = ImGui::CalcTextSize(gap).x;
          dl->AddText(ImVec2(p.x + (xc + xs) * 0.5f - tw * 0.5f, p.y + row_h * 0.3f), pal.dim_text, gap);
        }
      }
      if (hovered) {
        ImGui::BeginTooltip();
        if (first) ImGui::TextColored(pal.bad, "%s", tr("compare.first_difference_tip"));
        else if (row.differs) ImGui::TextColored(pal.bad, "%s", tr("compare.differs"));
        else if (row.protection_differs) ImGui::TextUnformatted(tr("compare.protection_differs"));
        event_tooltip(ctx, "A", row.left ? &a.events[*row.left] : nullptr, row.left.value_or(0));
        event_tooltip(ctx, "B", row.right ? &b.events[*row.right] : nullptr, row.right.value_or(0));
        ImGui::EndTooltip();
      }
      ImGui::PopID();
    }
  }
  clip.End();
  ImGui::EndChild();
  widgets::end_panel();
}

}  // namespace gui

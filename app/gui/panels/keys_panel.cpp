// Keys and derivations: every derivation so far (formula, inputs, intermediate steps, output;
// the key_block as coloured segments). Clicking an input jumps to where it came from (a field
// of a record or another derivation); clicking a produced value focuses it.
#include <cmath>
#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

std::string first_word(const std::string& s) { return s.substr(0, s.find(' ')); }

bool icontains(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(uint8_t(a)) == std::tolower(uint8_t(b)); });
  return it != hay.end();
}

void segments_bar(FrameContext& ctx, size_t e, size_t di, const sim::Derivation& d) {
  auto segs = output_segments(d);
  if (segs.empty() || d.output.empty()) return;
  ImGui::TextDisabled("%s", tr("keys.parts"));
  float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight() * 1.5f;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::InvisibleButton("segbar", ImVec2(w, h));
  bool hovered = ImGui::IsItemHovered();
  float mx = ImGui::GetIO().MousePos.x;
  const Segment* under = nullptr;
  for (auto& s : segs) {
    float x0 = p.x + w * float(s.offset) / float(d.output.size());
    float x1 = p.x + w * float(s.offset + s.length) / float(d.output.size());
    dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1, p.y + h), segment_colour(s.role));
    dl->AddRect(ImVec2(x0, p.y), ImVec2(x1, p.y + h), IM_COL32(0, 0, 0, 160));
    bool sel = ctx.ui.sel.item && ctx.ui.sel.item->event == e && ctx.ui.sel.item->derivation == di &&
               ctx.ui.sel.item->kind == ItemKind::part && ctx.ui.sel.item->item == s.name;
    if (sel) dl->AddRect(ImVec2(x0, p.y - 1), ImVec2(x1, p.y + h + 1), ctx.pal.selected_border, 0, 0, 3);
    char lbl[48];
    std::snprintf(lbl, sizeof lbl, "%zu", s.length);
    float tw = ImGui::CalcTextSize(lbl).x;
    if (tw + 4 < x1 - x0)
      dl->AddText(ImVec2((x0 + x1 - tw) * 0.5f, p.y + (h - ImGui::GetTextLineHeight()) * 0.5f), IM_COL32(0, 0, 0, 255), lbl);
    if (hovered && mx >= x0 && mx < x1) under = &s;
  }
  if (under) {
    ImGui::BeginTooltip();
    ImGui::Text("%s  [%zu+%zu]", under->role == SegmentRole::unused ? tr("keys.unused") : under->name.c_str(),
                under->offset, under->length);
    if (const char* hlp = help(under->name)) ImGui::TextColored(ctx.pal.link, "%s", hlp);
    ImGui::EndTooltip();
    if (ImGui::IsItemClicked() && under->role != SegmentRole::unused) {
      Command c = Command::of(Command::Kind::focus_item);
      c.item = ItemRef{e, di, ItemKind::part, under->name, 0, true};
      ctx.emit(c);
    }
  }
  // Legend: one swatch per part.
  for (auto& s : segs) {
    if (s.role == SegmentRole::unused) continue;
    ImVec2 q = ImGui::GetCursorScreenPos();
    float lh = ImGui::GetTextLineHeight();
    dl->AddRectFilled(ImVec2(q.x, q.y + lh * 0.2f), ImVec2(q.x + lh * 0.6f, q.y + lh * 0.8f), segment_colour(s.role));
    ImGui::Dummy(ImVec2(lh * 0.7f, lh));
    ImGui::SameLine(0, 3);
    ImGui::Text("%s", s.name.c_str());
    ImGui::SameLine(0, lh);
    if (ImGui::GetContentRegionAvail().x < lh * 9) ImGui::NewLine();
  }
  ImGui::NewLine();
}

}  // namespace

void draw_keys_panel(FrameContext& ctx) {
  widgets::begin_panel("keys", tr("panel.keys"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title,
                       ImGuiWindowFlags_NoScrollbar);
  const auto& t = ctx.trace;
  const auto& all = ctx.data.derivations;  // cached per trace revision
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  ImGui::InputTextWithHint("##filter", tr("keys.filter"), &ctx.ui.keys_filter);
  ImGui::SameLine();
  ImGui::Checkbox(tr("keys.only_selected"), &ctx.ui.keys_only_selected);
  widgets::tooltip(tr("keys.jump_hint"));

  ImGui::BeginChild("list", ImVec2(0, 0), false);
  if (all.empty()) ImGui::TextWrapped("%s", tr("keys.none"));
  const bool reveal = ctx.ui.reveal_secrets;
  const auto& sel = ctx.ui.sel;
  // A long trace has thousands of derivations: a closed header outside the visible area is
  // not drawn, only its height is reserved (consecutive ones in one Dummy).
  const float header_h = ImGui::GetFrameHeight(), spacing = ImGui::GetStyle().ItemSpacing.y;
  const float view_top = ImGui::GetScrollY() - header_h * 2,
              view_bottom = ImGui::GetScrollY() + ImGui::GetWindowHeight() + header_h;
  const bool filtering = !ctx.ui.keys_filter.empty();
  float skipped = 0;
  auto flush_skipped = [&] {
    if (skipped > 0) ImGui::Dummy(ImVec2(1, skipped - spacing));
    skipped = 0;
  };
  ImGuiStorage* storage = ImGui::GetStateStorage();
  for (auto [e, di] : all) {
    const sim::Derivation& d = t.events[e].derivations[di];
    bool focused = sel.item && sel.item->event == e && sel.item->derivation == di;
    if (ctx.ui.keys_only_selected && sel.event != int(e) && !focused) continue;
    if (filtering && !icontains(d.id, ctx.ui.keys_filter) && !icontains(d.formula, ctx.ui.keys_filter) && !focused) continue;
    ImGui::PushID(int(e * 1000 + di));
    {
      float y = ImGui::GetCursorPosY() + skipped;
      bool open_now = storage->GetInt(ImGui::GetID("###d"), 0) != 0;
      if (!focused && !open_now && (y < view_top || y > view_bottom)) {
        skipped += header_h + spacing;
        ImGui::PopID();
        continue;
      }
      flush_skipped();
    }
    char header[256];
    std::snprintf(header, sizeof header, "%s %u \u00b7 %s   (#%zu %s)###d", tr("ladder.step"), t.events[e].step, d.id.c_str(), e,
                  t.events[e].name.c_str());
    if (focused && ctx.ui.scroll_keys) ImGui::SetNextItemOpen(true);
    if (focused) ImGui::PushStyleColor(ImGuiCol_Header, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    bool open = ImGui::CollapsingHeader(header);
    if (focused) ImGui::PopStyleColor();
    if (focused && ctx.ui.scroll_keys) {
      ImGui::SetScrollHereY(0.1f);
      ctx.ui.scroll_keys = false;
    }
    if (const char* h = help(first_word(d.name))) widgets::tooltip(h);
    if (open) {
      ImGui::Indent(ImGui::GetFontSize() * 0.5f);
      ImGui::PushFont(ctx.fonts.mono);
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.link);
      ImGui::TextWrapped("%s", d.formula.c_str());
      ImGui::PopStyleColor();
      ImGui::PopFont();
      if (!d.spec.empty()) ImGui::TextDisabled("%s: %s  \u00b7  %s %s", tr("keys.spec"), d.spec.c_str(), tr("keys.by"), actor_label(d.actor));
      if (focused && sel.source_missing) ImGui::TextColored(ctx.pal.bad, "%s", tr("keys.source_not_found"));

      ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
      auto section = [&](const char* title_key, ItemKind kind, const std::vector<sim::NamedBytes>* items) {
        if (items && items->empty()) return;
        ImGui::TextDisabled("%s", tr(title_key));
        if (!ImGui::BeginTable(title_key, 3, tf)) return;
        ImGui::TableSetupColumn(tr("keys.name"), ImGuiTableColumnFlags_WidthStretch, 0.22f);
        ImGui::TableSetupColumn(tr("keys.value"), ImGuiTableColumnFlags_WidthStretch, 0.50f);
        ImGui::TableSetupColumn(tr("keys.source"), ImGuiTableColumnFlags_WidthStretch, 0.28f);
        auto row = [&](const std::string& name, ItemKind k, sim::ByteView value, const std::string& note) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(name.c_str());
          if (const char* h = help(name)) widgets::tooltip(h);
          ImGui::TableNextColumn();
          ItemRef ref{e, di, k, k == ItemKind::output ? std::string() : name, 0, true};
          bool is_sel = sel.item && sel.item->event == e && sel.item->derivation == di && sel.item->kind == k &&
                        sel.item->item == ref.item;
          bool masked = !reveal && is_secret(d.name, k == ItemKind::output ? std::string_view() : std::string_view(name));
          if (widgets::hex_value(name.c_str(), value, masked, tr("keys.hidden"), ctx.fonts.mono, 64,
                                 is_sel ? ctx.pal.byte_produced : 0)) {
            Command c = Command::of(k == ItemKind::input ? Command::Kind::jump_to_source : Command::Kind::focus_item);
            c.item = ref;
            ctx.emit(c);
          }
          ImGui::TableNextColumn();
          ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
          ImGui::TextWrapped("%s", note.c_str());
          ImGui::PopStyleColor();
        };
        if (items) {
          for (auto& nb : *items) row(nb.name, kind, sim::view(nb.value), nb.note);
        } else {
          row(tr("keys.output"), ItemKind::output, sim::view(d.output), "");
        }
        ImGui::EndTable();
      };
      section("keys.inputs", ItemKind::input, &d.inputs);
      section("keys.steps", ItemKind::step, &d.steps);
      section("keys.output", ItemKind::output, nullptr);
      if (!d.parts.empty()) {
        segments_bar(ctx, e, di, d);
        if (ImGui::BeginTable("parts", 2, tf)) {
          ImGui::TableSetupColumn(tr("keys.name"), ImGuiTableColumnFlags_WidthStretch, 0.3f);
          ImGui::TableSetupColumn(tr("keys.value"), ImGuiTableColumnFlags_WidthStretch, 0.7f);
          for (auto& p : d.parts) {
            if (p.offset + p.length > d.output.size()) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.name.c_str());
            if (const char* h = help(p.name)) widgets::tooltip(h);
            ImGui::TableNextColumn();
            bool is_sel = sel.item && sel.item->event == e && sel.item->derivation == di &&
                          sel.item->kind == ItemKind::part && sel.item->item == p.name;
            bool masked = !reveal && is_secret(d.name, p.name);
            if (widgets::hex_value(p.name.c_str(), sim::ByteView(d.output.data() + p.offset, p.length), masked,
                                   tr("keys.hidden"), ctx.fonts.mono, 64, is_sel ? ctx.pal.byte_produced : 0)) {
              Command c = Command::of(Command::Kind::focus_item);
              c.item = ItemRef{e, di, ItemKind::part, p.name, 0, true};
              ctx.emit(c);
            }
          }
          ImGui::EndTable();
        }
      }
      ImGui::Unindent(ImGui::GetFontSize() * 0.5f);
      ImGui::Spacing();
    }
    ImGui::PopID();
  }
  flush_skipped();
  ImGui::EndChild();
  widgets::end_panel();
}

}  // namespace gui

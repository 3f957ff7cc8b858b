// Inspector: the selected record's dissected field tree, Wireshark style (name: value),
// with offset and length. Selecting a field highlights its bytes in the Bytes panel;
// hovering explains what the field is for.
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "present/present.hpp"
#include "scenario/edit_spec.hpp"
#include "trace/sources.hpp"
#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

bool is_prefix(const FieldPath& a, const FieldPath& b) {  // a is an ancestor of (or equal to) b
  if (a.size() > b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

void draw_node(FrameContext& ctx, size_t event, const sim::Field& f, FieldPath& path, int depth) {
  const auto& sel = ctx.ui.sel;
  bool selected = sel.event == int(event) && sel.field && *sel.field == path;
  bool on_path = ctx.ui.reveal_field && sel.field && is_prefix(path, *sel.field) && !selected;
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGuiTreeNodeFlags fl = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_OpenOnDoubleClick |
                          ImGuiTreeNodeFlags_SpanFullWidth;
  if (f.children.empty()) fl |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (depth < 3) fl |= ImGuiTreeNodeFlags_DefaultOpen;
  if (selected) fl |= ImGuiTreeNodeFlags_Selected;
  if (on_path) ImGui::SetNextItemOpen(true);
  // Long values are elided here; the full value is in the tooltip and in the Bytes panel.
  std::string value = f.shown(lang());
  if (value.size() > 64) value = value.substr(0, 60) + "\u2026";
  std::string label = value.empty() ? f.name : label_value(f.name, value);
  // Wider than the column: the value wraps under itself, right of the name; a name alone too
  // long is shortened with an ellipsis (the tooltip has it whole).
  const float room = ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing();
  const float x_start = ImGui::GetCursorPosX();
  const bool wrap_value = !value.empty() && ImGui::CalcTextSize(label.c_str()).x > room;
  if (wrap_value) label = label_value(f.name, "");
  label = widgets::fit_text(label, room);
  ImGui::PushID(int(path.empty() ? -1 : path.back()));
  bool open = ImGui::TreeNodeEx("node", fl, "%s", label.c_str());
  if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) {
    Command c = Command::of(Command::Kind::select_field, long(event));
    c.path = path;
    ctx.emit(c);
  }
  if (selected && ctx.ui.reveal_field) {
    ImGui::SetScrollHereY(0.35f);
    ctx.ui.reveal_field = false;
  }
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
    ImGui::TextUnformatted(f.name.c_str());
    if (const char* h = help_for(f.name, ctx.trace, event, ctx.data.hello_events)) ImGui::TextColored(ctx.pal.link, "%s", h);
    // An extension is named by its value ("key_share", "pre_shared_key"): explain that too.
    if (f.name == "extension" || f.name == "type") {
      std::string what = f.value.substr(0, f.value.find(' '));
      if (const char* h = what.empty() ? nullptr : help_for(what, ctx.trace, event, ctx.data.hello_events)) ImGui::TextColored(ctx.pal.link, "%s", h);
    }
    if (std::string shown = f.shown(lang()); !shown.empty()) {
      ImGui::PushFont(ctx.fonts.mono);
      ImGui::TextUnformatted(shown.size() > 600 ? (shown.substr(0, 600) + "\u2026").c_str() : shown.c_str());
      ImGui::PopFont();
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (wrap_value) {
    // On the next line, under the name, wrapped at the column's right edge.
    const float indent = ImGui::GetTreeNodeToLabelSpacing();
    ImGui::SetCursorPosX(x_start + indent);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::TableNextColumn();
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::TextDisabled("%s%u+%u", f.space == sim::ByteSpace::plaintext ? "p:" : f.space == sim::ByteSpace::reassembled ? "r:" : "", f.offset, f.length);
  ImGui::PopFont();
  if (open && !f.children.empty()) {
    for (size_t i = 0; i < f.children.size(); ++i) {
      path.push_back(int(i));
      draw_node(ctx, event, f.children[i], path, depth + 1);
      path.pop_back();
    }
    ImGui::TreePop();
  }
  ImGui::PopID();
}

// Tamper by hand: the selected field gets new bytes, and the run replays with the edit (the
// scenario's "edits", applied on the wire by net/edit.hpp, which re-encodes the lengths).
// How many lines it takes, to keep room for it under the tree.
float hand_edit_height(const FrameContext& ctx) {
  if (ctx.data.imported) return 0;
  size_t lines = ctx.scenario.edits.size() + (ctx.data.edit_errors ? ctx.data.edit_errors->size() : 0);
  if (ctx.ui.sel.field) lines += 2 + !ctx.ui.edit_error.empty();
  return lines ? ImGui::GetFrameHeightWithSpacing() * float(std::min<size_t>(lines, 6) + 1) : 0;
}

// Replays the scenario with these hand edits.
void rerun_with_edits(FrameContext& ctx, std::vector<std::string> edits) {
  sim::ScenarioOptions next = ctx.scenario;
  next.edits = std::move(edits);
  Command c = Command::of(Command::Kind::set_scenario);
  c.scenario = std::move(next);
  ctx.emit(std::move(c));
}

void draw_hand_edit(FrameContext& ctx, size_t event, const sim::Event& ev) {
  if (ctx.data.imported) return;
  auto& ui = ctx.ui;
  const sim::ScenarioOptions& o = ctx.scenario;
  ImGui::Separator();
  if (ui.sel.field) {
    ImGui::TextDisabled("%s", tr("inspector.edit"));
    std::optional<std::string> path = sim::field_path(ev.tree, *ui.sel.field);
    const sim::Field* f = path ? sim::field_at(ev.tree, *path) : nullptr;
    // The record's number among those the endpoints sent (the attacker's own events, which
    // edits add, do not count): what an edit names (scenario/edit_spec.hpp).
    size_t record = 0;
    for (size_t i = 0; i < event; ++i) record += !ctx.trace.events[i].attack;
    const char* why_not = !o.attack.empty()          ? "inspector.edit_attack_on"
                          : ev.attack                ? "inspector.edit_attacker"
                          : !f                       ? "inspector.edit_attacker"
                          : f->space == sim::ByteSpace::reassembled ? "inspector.edit_reassembled"
                          : f->space != sim::ByteSpace::wire ? "inspector.edit_plaintext"
                                                     : nullptr;
    if (why_not) {
      ImGui::TextWrapped("%s", tr(why_not));
    } else {
      if (ui.edit_event != int(event) || ui.edit_field != *ui.sel.field) {
        // A new field: start from its current bytes (a vector's body, without its length).
        ui.edit_event = int(event);
        ui.edit_field = *ui.sel.field;
        auto now = sim::field_bytes(ctx.trace, uint32_t(event), *path);
        ui.edit_hex = now ? sim::to_hex(*now) : "";
        ui.edit_error.clear();
      }
      ImGui::PushFont(ctx.fonts.mono);
      ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr("inspector.edit_apply")).x - ImGui::GetStyle().FramePadding.x * 4);
      bool enter = ImGui::InputText("##edit", &ui.edit_hex, ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsHexadecimal | ImGuiInputTextFlags_AutoSelectAll);
      ImGui::PopFont();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("inspector.edit_help"));
      ImGui::SameLine();
      if (ImGui::Button(tr("inspector.edit_apply")) || enter) {
        std::string text = std::to_string(record) + ":" + *path + "=" + ui.edit_hex;
        auto parsed = sim::parse_edit(text);
        if (auto* e = std::get_if<sim::EditError>(&parsed)) {
          ui.edit_error = tr_msg(e->message);
        } else {
          std::vector<std::string> edits = o.edits;
          edits.push_back(text);
          rerun_with_edits(ctx, std::move(edits));
          ui.edit_error.clear();
        }
      }
      if (!ui.edit_error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ctx.pal.alert), "%s", ui.edit_error.c_str());
    }
  }
  // The run's edits, each removable, and those the run could not apply.
  if (!o.edits.empty()) ImGui::TextDisabled("%s", tr("inspector.edits"));
  for (size_t i = 0; i < o.edits.size(); ++i) {
    ImGui::PushID(int(i));
    if (ImGui::SmallButton(tr("inspector.edit_remove"))) {
      std::vector<std::string> edits = o.edits;
      edits.erase(edits.begin() + long(i));
      rerun_with_edits(ctx, std::move(edits));
    }
    ImGui::SameLine();
    std::string shown = o.edits[i].size() > 90 ? o.edits[i].substr(0, 86) + "\u2026" : o.edits[i];
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopID();
  }
  if (ctx.data.edit_errors)
    for (auto& e : *ctx.data.edit_errors) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ctx.pal.alert), "%s", tr_msg(e.message).c_str());
}

}  // namespace

void draw_inspector_panel(FrameContext& ctx) {
  widgets::begin_panel("inspector", tr("panel.inspector"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title);
  const sim::Event* ev = ctx.selected_event();
  if (!ev) {
    ImGui::TextWrapped("%s", tr("inspector.no_event"));
    widgets::end_panel();
    return;
  }
  size_t idx = size_t(ctx.ui.sel.event);
  ImGui::PushFont(ctx.fonts.title);
  ImGui::TextWrapped("#%zu  %s", idx, sim::present::record_title(*ev, lang()).c_str());
  ImGui::PopFont();
  // Wrapped: a narrow panel (large text, presenter mode) must not cut these lines.
  auto dim_wrapped = [](const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", s.c_str());
    ImGui::PopStyleColor();
  };
  dim_wrapped(std::string(actor_label(ev->from)) + " \u2192 " + actor_label(ev->to) + " \u00b7 " + step_span(*ev) + " \u00b7 " +
              std::to_string(ev->bytes.size()) + " " + tr("ladder.bytes"));
  widgets::tooltip(tr("ladder.step_hint"));
  if (ev->protection.is_protected()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(key_class_colour(key_class(*ev))));
    ImGui::TextWrapped("%s", label_value(tr("ladder.protected_by"), tr_msg(sim::protection_message(ev->protection))).c_str());
    ImGui::PopStyleColor();
  }
  // The handshake state of each endpoint before and after this record (sim/trace/hs_state.hpp).
  for (auto [key, a, c] : {std::tuple{"inspector.state_sender", ev->from, ev->states.sender},
                           std::tuple{"inspector.state_receiver", ev->to, ev->states.receiver}})
    if (c)
      dim_wrapped(label_value(std::string(tr(key)) + " (" + actor_label(a) + ")",
                              std::string(sim::name_of(c->before)) + " \u2192 " + std::string(sim::name_of(c->after))));
  float notes_h = ev->notes.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * float(std::min<size_t>(ev->notes.size(), 3) + 1.3);
  notes_h += hand_edit_height(ctx);
  ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                       ImGuiTableFlags_ScrollY | ImGuiTableFlags_NoBordersInBody;
  tf |= ImGuiTableFlags_Hideable;  // the offsets column hides while presenting
  if (ImGui::BeginTable("tree", 2, tf, ImVec2(0, -notes_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("inspector.field"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr("inspector.range"), ImGuiTableColumnFlags_WidthFixed,
                            std::max(ImGui::GetFontSize() * 5.0f, ImGui::CalcTextSize(tr("inspector.range")).x));  // the header whole
    // Presenting, the room goes to the fields' names and values (offsets are in the Bytes panel).
    ImGui::TableSetColumnEnabled(1, !ctx.ui.presenting);
    ImGui::TableHeadersRow();
    FieldPath path;
    draw_node(ctx, idx, ev->tree, path, 0);
    ImGui::EndTable();
  }
  draw_hand_edit(ctx, idx, *ev);
  if (!ev->notes.empty()) {
    ImGui::TextDisabled("%s", tr("inspector.notes"));
    ImGui::BeginChild("notes", ImVec2(0, 0), false);
    for (auto& n : ev->notes) note_bullet(ctx.pal, sim::note_severity(n), tr_msg(n).c_str());
    ImGui::EndChild();
  }
  widgets::end_panel();
}

}  // namespace gui

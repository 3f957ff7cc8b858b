// Record protection: for the selected protected record, the sender's record_seal and the
// receiver's record_open, stage by stage (content, MAC input, MAC, padding, IV or nonce,
// additional data, tag, ciphertext), straight from the derivations in the trace.
#include <cstdio>

#include "present/present.hpp"
#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

// The derivation's formula in the UI's language (notation only has no message).
std::string formula_text(const sim::Derivation& d) { return d.text.empty() ? d.formula : tr_msg(d.text); }

void stages_table(FrameContext& ctx, const char* id, size_t e, size_t di, const sim::Derivation& d,
                  const std::vector<Stage>& stages) {
  ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, 2, tf)) return;
  ImGui::TableSetupColumn(tr("record.stage"), ImGuiTableColumnFlags_WidthStretch, 0.36f);
  ImGui::TableSetupColumn(tr("record.bytes"), ImGuiTableColumnFlags_WidthStretch, 0.64f);
  int n = 1;
  for (auto& s : stages) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const char* name = s.kind == ItemKind::output ? tr("keys.output") : s.name.c_str();
    ImGui::Text("%d. %s", n++, name);
    if (ImGui::IsItemHovered()) widgets::tooltip(help_for(s.kind == ItemKind::output ? "output" : s.name, ctx.trace, e, ctx.data.hello_events));
    if (!s.note.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.muted);
      ImGui::TextWrapped("%s", tr_msg(s.note).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::TableNextColumn();
    bool masked = !ctx.ui.reveal_secrets && is_secret(d, s.kind, s.name);
    ItemRef ref{e, di, s.kind, s.kind == ItemKind::output ? std::string() : s.name, 0, true};
    if (widgets::hex_value(s.name.c_str(), sim::view(s.value), masked, tr("keys.hidden"), ctx.fonts.mono, 48)) {
      Command c = Command::of(s.kind == ItemKind::input ? Command::Kind::jump_to_source : Command::Kind::focus_item);
      c.item = ref;
      ctx.emit(c);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_record_panel(FrameContext& ctx) {
  widgets::begin_panel("record", tr("panel.record"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title);
  const sim::Event* ev = ctx.selected_event();
  Pipeline p = ev ? record_pipeline(*ev) : Pipeline{};
  if (!ev || (!p.seal && !p.open)) {
    ImGui::TextWrapped("%s", tr("record.none"));
    widgets::end_panel();
    return;
  }
  size_t e = size_t(ctx.ui.sel.event);
  ImGui::TextWrapped("#%zu %s", e, sim::present::record_title(*ev, lang()).c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(key_class_colour(key_class(*ev))));
  ImGui::TextWrapped("%s", tr_msg(sim::protection_message(ev->protection)).c_str());
  ImGui::PopStyleColor();
  if (p.seal) {
    ImGui::Separator();
    ImGui::Text("%s (%s)", tr("record.seal"), actor_label(p.seal->actor));
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.link);
    ImGui::TextWrapped("%s", formula_text(*p.seal).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    stages_table(ctx, "seal", e, p.seal_index, *p.seal, p.seal_stages);
  }
  ImGui::Separator();
  if (p.open) {
    ImGui::Text("%s (%s)", tr("record.open"), actor_label(p.open->actor));
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.link);
    ImGui::TextWrapped("%s", formula_text(*p.open).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    stages_table(ctx, "open", e, p.open_index, *p.open, p.open_stages);
    if (p.mac_ok) ImGui::TextColored(*p.mac_ok ? ctx.pal.good : ctx.pal.bad, "%s %s", *p.mac_ok ? "\u2713" : "\u2717",
                                     tr(*p.mac_ok ? "record.mac_ok" : "record.mac_bad"));
  } else {
    ImGui::TextDisabled("%s", tr("record.not_opened"));
  }
  widgets::end_panel();
}

}  // namespace gui

// Alerts and log: every alert (level, description, the reason its sender gave, what the
// alert means in general) and every note each side recorded, in order. Clicking selects.
#include <cstdio>

#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

void draw_log_panel(FrameContext& ctx) {
  widgets::begin_panel("log", tr("panel.log"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title);
  const auto& t = ctx.trace;
  const auto& alerts = ctx.data.alerts;
  ImGui::TextDisabled("%s", tr("log.alerts"));
  if (alerts.empty()) {
    ImGui::TextUnformatted(tr("log.no_alerts"));
  } else if (ImGui::BeginTable("alerts", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(tr("log.from"), ImGuiTableColumnFlags_WidthStretch, 0.16f);
    ImGui::TableSetupColumn(tr("log.level"), ImGuiTableColumnFlags_WidthStretch, 0.16f);
    ImGui::TableSetupColumn(tr("log.description"), ImGuiTableColumnFlags_WidthStretch, 0.26f);
    ImGui::TableSetupColumn(tr("log.reason"), ImGuiTableColumnFlags_WidthStretch, 0.42f);
    ImGui::TableHeadersRow();
    for (size_t i : alerts) {
      const sim::Event& ev = t.events[i];
      const sim::AlertInfo& a = *ev.alert;
      bool fatal = a.level == sim::AlertLevel::fatal;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(int(i));
      char lbl[64];
      std::snprintf(lbl, sizeof lbl, "#%zu %s", i, actor_label(ev.from));
      if (ImGui::Selectable(lbl, ctx.ui.sel.event == int(i), ImGuiSelectableFlags_SpanAllColumns))
        ctx.emit(Command::of(Command::Kind::select_event, long(i)));
      ImGui::PopID();
      ImGui::TableNextColumn();
      // A fatal alert ends the connection: red. A warning-level one (no_renegotiation,
      // no_certificate) is amber, but close_notify is the orderly end, neutral.
      const bool orderly = !fatal && a.description == sim::AlertDescription::close_notify;
      ImGui::TextColored(fatal ? ctx.pal.bad : orderly ? ctx.pal.muted : ctx.pal.warn, "%s", tr(fatal ? "word.fatal" : "word.warning"));
      ImGui::TableNextColumn();
      ImGui::TextColored(fatal ? ctx.pal.bad : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s", sim::name_of(a.description).c_str());
      widgets::tooltip(tr_msg(sim::alert_meaning(a.description)).c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", tr_msg(a.reason).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  ImGui::TextDisabled("%s", tr("log.notes"));
  // One line per note (a long trace has thousands): clipped, full text in the tooltip.
  const auto& notes = ctx.data.notes;
  ImGui::BeginChild("notes", ImVec2(0, 0), false);
  // A short log wraps its lines; a long one is drawn one line per note, only the visible ones.
  const bool wrap = notes.size() <= 300;
  const float num_w = ImGui::GetFontSize() * 3.2f;
  ImGuiListClipper clip;
  if (!wrap) clip.Begin(int(notes.size()));
  // One log line: its event number (click to select) and the note, amber for a warning, red when something failed.
  auto draw_line = [&](size_t k) {
    const LogLine& line = notes[k];
    ImGui::PushID(int(k));
    char lbl[32];
    std::snprintf(lbl, sizeof lbl, "#%zu", line.event);
    if (ImGui::Selectable(lbl, ctx.ui.sel.event == int(line.event), 0, ImVec2(num_w, 0)))
      ctx.emit(Command::of(Command::Kind::select_event, long(line.event)));
    ImGui::SameLine();
    // Coloured by the note's typed severity (its catalog key), never by its words.
    std::string text = tr_msg(line.text);
    const bool plain = line.severity == sim::NoteSeverity::info;
    if (!plain) ImGui::PushStyleColor(ImGuiCol_Text, severity_colour(ctx.pal, line.severity, ImVec4()));
    if (wrap) {
      ImGui::TextWrapped("%s", text.c_str());
    } else {
      ImGui::TextUnformatted(text.c_str());
      if (ImGui::IsItemHovered() && ImGui::GetItemRectMax().x > ImGui::GetWindowPos().x + ImGui::GetWindowWidth())
        widgets::tooltip(text.c_str());
    }
    if (!plain) ImGui::PopStyleColor();
    ImGui::PopID();
  };
  while (!wrap && clip.Step())
    for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) draw_line(size_t(k));
  if (!wrap) clip.End();
  for (size_t k = 0; wrap && k < notes.size(); ++k) draw_line(k);
  ImGui::EndChild();
  widgets::end_panel();
}

}  // namespace gui

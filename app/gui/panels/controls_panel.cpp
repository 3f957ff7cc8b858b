// Controls: reset, step back, play/pause with speed, step, run to end, the step counter and
// a scrubber. Keyboard shortcuts are handled by App and emit the same commands.
#include <cstdio>

#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

void draw_controls_panel(FrameContext& ctx) {
  using K = Command::Kind;
  UiState& ui = ctx.ui;
  float h = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2 + 2;
  ImGui::BeginChild("pControls", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar);
  auto button = [&](const char* glyph, const char* key, K kind, bool enabled) {
    ImGui::BeginDisabled(!enabled);
    char label[64];
    std::snprintf(label, sizeof label, "%s##%s", glyph, key);
    if (ImGui::Button(label, ImVec2(ImGui::GetFrameHeight() * 1.6f, 0))) ctx.emit(Command::of(kind));
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(key));
    ImGui::SameLine();
  };
  bool at_start = ui.step == 0, at_end = ui.step >= ui.total_steps;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("panel.controls"));
  ImGui::SameLine();
  button("\u27F2", "controls.reset", K::reset, !at_start);
  button("\u25C0", "controls.back", K::step_back, !at_start);
  button(ui.playing ? "\u275A\u275A" : "\u25B6", ui.playing ? "controls.pause" : "controls.play", K::toggle_play, true);
  button("\u25B6|", "controls.step", K::step, !at_end);
  button("\u21E5", "controls.end", K::run_to_end, !at_end);

  // Step counter.
  char counter[96];
  std::snprintf(counter, sizeof counter, "%s %zu %s %zu%s%s", tr("controls.step_of"), ui.step, tr("controls.of"),
                ui.total_steps, at_end ? "  \u2014 " : "", at_end ? tr("controls.done") : "");
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(counter);
  ImGui::SameLine();

  // Scrubber.
  float speed_w = ImGui::GetFontSize() * 13;
  float scrub_w = std::max(80.0f, ImGui::GetContentRegionAvail().x - speed_w - ImGui::GetStyle().ItemSpacing.x * 2);
  ImGui::SetNextItemWidth(scrub_w);
  int s = int(ui.step);
  if (ImGui::SliderInt("##scrub", &s, 0, int(ui.total_steps), "%d")) {
    Command c = Command::of(K::goto_step, s);
    ctx.emit(c);
  }
  widgets::tooltip(tr("controls.scrub"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(speed_w * 0.45f);
  ImGui::SliderFloat("##speed", &ui.speed, 0.25f, 10.0f, "%.2g/s", ImGuiSliderFlags_Logarithmic);
  widgets::tooltip(tr("controls.speed"));
  ImGui::SameLine();
  widgets::fitted_label(tr("controls.speed"), -1, true);
  ImGui::EndChild();
}

}  // namespace gui

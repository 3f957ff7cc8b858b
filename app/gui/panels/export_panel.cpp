// Export: the JSON trace, the NSS key log, a capture, the SVG ladder, the HTML handout and the
// whole ladder as a PNG of the current state, written into a chosen folder; the panel shows
// the absolute path written (or the error). The report's secrets and the PNG's width and theme
// are chosen here.
#include <algorithm>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

void draw_export_panel(FrameContext& ctx) {
  widgets::begin_panel("export", tr("panel.export"), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("export.dir"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##dir", &ctx.ui.export_dir);
  bool first = true;
  // Buttons flow left to right and wrap where the panel ends.
  auto flow = [&first](float w) {
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (!first && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w < right) ImGui::SameLine();
    first = false;
  };
  for (auto [key, kind] : {std::pair{"export.trace", ExportKind::trace}, std::pair{"export.keylog", ExportKind::keylog},
                           std::pair{"export.pcapng", ExportKind::pcapng}, std::pair{"export.svg", ExportKind::svg},
                           std::pair{"export.report", ExportKind::report}, std::pair{"export.png", ExportKind::png}}) {
    const char* label = tr(key);
    flow(ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::Button(label)) {
      Command c = Command::of(Command::Kind::export_file, long(kind));
      c.text = ctx.ui.export_dir;
      ctx.emit(c);
    }
    if (kind == ExportKind::keylog || kind == ExportKind::pcapng) widgets::tooltip(tr("export.hint"));
    if (kind == ExportKind::png) widgets::tooltip(tr("export.png_hint"));
  }
  // Options: the report's secrets, the PNG's width and theme.
  first = true;
  const char* secrets = tr("export.report_secrets");
  flow(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(secrets).x);
  ImGui::Checkbox(secrets, &ctx.ui.report_secrets);
  widgets::tooltip(tr("export.report_secrets_hint"));
  static const int kWidths[] = {1280, 1920, 2560};
  const std::string width_now = std::to_string(ctx.ui.png_width);
  const char* width_label = tr("export.png_width");
  float combo_w = ImGui::CalcTextSize("00000").x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
  flow(combo_w + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(width_label).x);
  ImGui::SetNextItemWidth(combo_w);
  if (ImGui::BeginCombo(width_label, width_now.c_str())) {
    for (int w : kWidths)
      if (ImGui::Selectable(std::to_string(w).c_str(), w == ctx.ui.png_width)) ctx.ui.png_width = w;
    ImGui::EndCombo();
  }
  widgets::tooltip(tr("export.png_hint"));
  const char* theme_label = tr("export.png_theme");
  const char* light = tr("export.png_light");
  const char* dark = tr("export.png_dark");
  float theme_w = std::max(ImGui::CalcTextSize(light).x, ImGui::CalcTextSize(dark).x) + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
  flow(theme_w + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(theme_label).x);
  ImGui::SetNextItemWidth(theme_w);
  if (ImGui::BeginCombo(theme_label, ctx.ui.png_theme == ThemeKind::light ? light : dark)) {
    if (ImGui::Selectable(light, ctx.ui.png_theme == ThemeKind::light)) ctx.ui.png_theme = ThemeKind::light;
    if (ImGui::Selectable(dark, ctx.ui.png_theme == ThemeKind::dark)) ctx.ui.png_theme = ThemeKind::dark;
    ImGui::EndCombo();
  }
  if (!ctx.ui.export_status.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.ui.export_ok ? ctx.pal.good : ctx.pal.bad);
    ImGui::TextWrapped("%s", ctx.ui.export_status.c_str());
    ImGui::PopStyleColor();
  }
  widgets::end_panel();
}

}  // namespace gui

// Export: the JSON trace and the NSS key log of the current state, written into a chosen
// folder; the panel shows the absolute path written (or the error).
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
  for (auto [key, kind] : {std::pair{"export.trace", ExportKind::trace}, std::pair{"export.keylog", ExportKind::keylog},
                           std::pair{"export.pcapng", ExportKind::pcapng}, std::pair{"export.svg", ExportKind::svg},
                           std::pair{"export.report", ExportKind::report}, std::pair{"export.png", ExportKind::png}}) {
    const char* label = tr(key);
    float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (!first && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w < right) ImGui::SameLine();
    first = false;
    if (ImGui::Button(label)) {
      Command c = Command::of(Command::Kind::export_file, long(kind));
      c.text = ctx.ui.export_dir;
      ctx.emit(c);
    }
    if (kind == ExportKind::keylog || kind == ExportKind::pcapng) widgets::tooltip(tr("export.hint"));
  }
  if (!ctx.ui.export_status.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.ui.export_ok ? ctx.pal.good : ctx.pal.bad);
    ImGui::TextWrapped("%s", ctx.ui.export_status.c_str());
    ImGui::PopStyleColor();
  }
  widgets::end_panel();
}

}  // namespace gui

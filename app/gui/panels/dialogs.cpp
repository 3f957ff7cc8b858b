// Dialogs: File > Open trace (a JSON trace written by tlslab run --json or by Export) and
// Save scenario (the current options as a scenario file). Both are small modal windows with a
// path field; Open also lists the JSON files of the export folder. Errors come back from App
// (ui.open_error) and reopen the dialog with the reason.
#include <algorithm>
#include <filesystem>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {

namespace {

std::vector<std::string> json_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir.empty() ? "." : dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) out.push_back(it->path().filename().string());
  std::sort(out.begin(), out.end());
  if (out.size() > 200) out.resize(200);
  return out;
}

}  // namespace

void draw_dialogs(FrameContext& ctx) {
  UiState& ui = ctx.ui;
  namespace fs = std::filesystem;
  const char* open_id = tr("dialog.open_title");
  const char* save_id = tr("dialog.save_title");
  if (ui.open_dialog) {
    if (ui.open_path.empty()) ui.open_path = (fs::path(ui.export_dir) / "").string();
    ImGui::OpenPopup(open_id);
    ui.open_dialog = false;
  }
  if (ui.save_dialog) {
    std::string stem = ctx.scenario.name.empty() ? "my-scenario" : ctx.scenario.name;
    ui.save_path = (fs::path(ui.export_dir) / (stem + ".json")).string();
    ImGui::OpenPopup(save_id);
    ui.save_dialog = false;
  }
  const float w = ImGui::GetFontSize() * 36;
  ImVec2 centre = ImGui::GetMainViewport()->GetCenter();

  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal(open_id, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("%s", tr("dialog.open_hint"));
    ImGui::SetNextItemWidth(-1);
    bool enter = ImGui::InputText("##path", &ui.open_path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(-1);
    // The JSON files next to the exports: one click fills the path.
    fs::path dir = fs::path(ui.open_path).has_parent_path() ? fs::path(ui.open_path).parent_path() : fs::path(ui.export_dir);
    auto files = json_files(dir.string());
    ImGui::TextDisabled("%s %s", tr("dialog.files_in"), dir.string().c_str());
    ImGui::BeginChild("files", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 7), true);
    if (files.empty()) ImGui::TextDisabled("%s", tr("dialog.no_files"));
    for (auto& f : files)
      if (ImGui::Selectable(f.c_str(), fs::path(ui.open_path).filename() == f, ImGuiSelectableFlags_AllowDoubleClick)) {
        ui.open_path = (dir / f).string();
        if (ImGui::IsMouseDoubleClicked(0)) enter = true;
      }
    ImGui::EndChild();
    if (!ui.open_error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.bad);
      ImGui::TextWrapped("%s", ui.open_error.c_str());
      ImGui::PopStyleColor();
    }
    if (ImGui::Button(tr("dialog.open")) || enter) {
      Command c = Command::of(Command::Kind::open_trace);
      c.text = ui.open_path;
      ctx.emit(c);
      ui.open_error.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("dialog.cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ui.open_error.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }

  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal(save_id, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("%s", tr("dialog.save_hint"));
    ImGui::SetNextItemWidth(-1);
    bool enter = ImGui::InputText("##path", &ui.save_path, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere(-1);
    if ((ImGui::Button(tr("dialog.save")) || enter) && !ui.save_path.empty()) {
      Command c = Command::of(Command::Kind::save_scenario);
      c.text = ui.save_path;
      ctx.emit(c);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("dialog.cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace gui

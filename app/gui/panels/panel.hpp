// What every panel gets for one frame: the trace and the scenario (read only), the view state,
// and the command queue for anything it wants to change. Panels read nothing else, so a
// trace loaded from a file or produced by a later engine (SSLv3, TLS 1.3, attacks) shows the
// same way.
#pragma once
#include <vector>

#include <imgui.h>

#include "commands.hpp"
#include "i18n.hpp"
#include "theme.hpp"
#include "trace/trace.hpp"
#include "ui_state.hpp"

namespace gui {

struct FrameContext {
  const sim::Trace& trace;
  const sim::ScenarioOptions& scenario;
  UiState& ui;  // panels write only panel-local inputs here; selection changes go through emit()
  std::vector<Command>& commands;
  const Palette& pal;
  const Fonts& fonts;
  void emit(Command c) { commands.push_back(std::move(c)); }
  const sim::Event* selected_event() const {
    return ui.sel.event >= 0 && size_t(ui.sel.event) < trace.events.size() ? &trace.events[size_t(ui.sel.event)] : nullptr;
  }
};

void draw_controls_panel(FrameContext& ctx);
void draw_scenario_panel(FrameContext& ctx);
void draw_ladder_panel(FrameContext& ctx);
void draw_inspector_panel(FrameContext& ctx);
void draw_bytes_panel(FrameContext& ctx);
void draw_keys_panel(FrameContext& ctx);
void draw_record_panel(FrameContext& ctx);
void draw_log_panel(FrameContext& ctx);
void draw_export_panel(FrameContext& ctx);

// Shared by panels: "client", "server", "attacker" in the UI language.
const char* actor_label(sim::Actor a);

}  // namespace gui

// What every panel gets for one frame: the trace and the scenario (read only), the view state,
// and the command queue for anything it wants to change. Panels read nothing else, so a
// trace loaded from a file or produced by a later engine (SSLv3, TLS 1.3, attacks) shows the
// same way.
#pragma once
#include <optional>
#include <utility>
#include <vector>

#include <imgui.h>

#include "commands.hpp"
#include "i18n.hpp"
#include "lesson_session.hpp"
#include "model/compare.hpp"
#include "model/key_schedule.hpp"
#include "present/present.hpp"
#include "scenario/scenario_io.hpp"
#include "theme.hpp"
#include "trace/trace.hpp"
#include "ui_state.hpp"

namespace gui {

// The Keys panel's list as its filters leave it (keys_rows of the derivations they let through),
// owned by App and rebuilt by the panel only when the trace revision, the language or a filter
// changes: a long trace has tens of thousands of derivations, too many to filter every frame.
struct KeysList {
  bool built = false;
  uint64_t revision = 0;
  Lang lang = Lang::en;
  std::string filter;
  bool only_selected = false;
  int sel_event = -1;
  std::optional<std::pair<size_t, size_t>> focused;  // kept by the filters: part of the key when filtering
  std::vector<KeysRow> rows;
  // The certificate checks' rows, after their group's header row (group_begin - 1); none when equal.
  size_t group_begin = 0, group_end = 0;
};

// What App derives from the trace once per trace revision (not once per frame), and where the
// trace comes from. Panels read these instead of recomputing them over 2,000 events.
struct FrameData {
  const std::vector<LadderRow>& ladder;   // ladder_rows(trace, step)
  const std::vector<LogLine>& notes;      // notes_of(trace)
  const std::vector<size_t>& alerts;      // alert_events(trace)
  const std::vector<std::pair<size_t, size_t>>& derivations;  // all_derivations(trace)
  const std::vector<DerivationClass>& derivation_classes;     // per entry of derivations
  const std::vector<sim::NamedScenario>& builtin;  // the built-in scenarios
  // The events that carry a ServerHello (ViewLists::hellos), for help_for; null: look at all.
  const std::vector<size_t>* hello_events = nullptr;
  bool imported = false;                  // the trace was read from a file
  std::string imported_file{};
  // Compare: the second run (at the same step), its ladder and the alignment; null when off.
  const sim::Trace* other = nullptr;
  const std::vector<LadderRow>* other_ladder = nullptr;
  const Comparison* comparison = nullptr;
  std::string other_label{};
  size_t other_step = 0, other_total = 0;
  // The TLS 1.3 key schedule rows as the client [0] / server [1] computed them; null or empty
  // for TLS 1.2 traces.
  const std::vector<ScheduleRow>* schedule[2] = {nullptr, nullptr};
  // The live run's hand edits that could not be applied; null for an imported trace.
  const std::vector<sim::EditError>* edit_errors = nullptr;
  // The lessons and the one open (the Lesson panel); null when not shown.
  const LessonSession* lesson = nullptr;
  // The ladder's lanes (sim::ladder_lanes) and legend (present::legend_entries); null: the
  // panel computes them.
  const std::vector<sim::Actor>* lanes = nullptr;
  const std::vector<sim::present::LegendEntry>* legend = nullptr;
  // The trace's revision (Timeline::revision) and the Keys panel's list kept for it.
  uint64_t revision = 0;
  KeysList* keys_list = nullptr;
};

struct FrameContext {
  const sim::Trace& trace;
  const sim::ScenarioOptions& scenario;
  UiState& ui;  // panels write only panel-local inputs here; selection changes go through emit()
  std::vector<Command>& commands;
  const Palette& pal;
  const Fonts& fonts;
  const FrameData& data;
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
void draw_compare_panel(FrameContext& ctx);
// Lessons: the list with progress, or the lesson open (narration, question, feedback, Back/Next).
void draw_lesson_panel(FrameContext& ctx);
// The "Compare with…" choices (built-in scenarios, the current one with one change), as menu
// items: used in the menu bar and in the Ladder's popup.
void compare_menu_items(FrameContext& ctx);
// Modal dialogs (open a trace, save the scenario), drawn once per frame.
void draw_dialogs(FrameContext& ctx);

// Shared by panels: "client", "server", "attacker" in the UI language.
const char* actor_label(sim::Actor a);
// One meaning of "step" everywhere: step N is the state after the network's N-th move (the
// controls' "Step N of M"). A record is named by the step that put it on the wire and, once
// its receiver has read it, the step that delivered it: "step 4 \u2192 5" (sent at 4, read at 5).
std::string step_span(const sim::Event& e);

}  // namespace gui

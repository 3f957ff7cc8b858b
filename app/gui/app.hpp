// The GUI application: owns the run (a Timeline over the scenario's simulation, or over an
// imported trace), the optional second run it is compared with, the view state and the
// command queue. Panels emit commands while drawing; apply_commands() runs them between
// frames. No protocol logic here: only stepping, replaying and selecting.
#pragma once
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "lesson_session.hpp"
#include "model/compare.hpp"
#include "model/timeline.hpp"
#include "net/simulation.hpp"
#include "panels/panel.hpp"
#include "scenario/scenario_io.hpp"
#include "theme.hpp"
#include "ui_state.hpp"

namespace gui {

class App {
 public:
  explicit App(sim::ScenarioOptions opts);

  void push(Command c) { queue_.push_back(std::move(c)); }
  void apply_commands();
  // Advances play mode by dt seconds (queues steps).
  void update(double dt);
  // Draws the whole UI for one frame (between ImGui::NewFrame and ImGui::Render).
  void draw();
  // While set, draw() appends every line of text ImGui renders in the main window and its
  // panels (--dump-ui: what is on screen, not only what went through tr()).
  void set_text_capture(std::vector<std::string>* out) { text_capture_ = out; }
  // A key pressed (GLFW key code, GLFW_PRESS or GLFW_REPEAT), from the window's key callback:
  // handled at the next draw().
  void key_event(int key, int action) { keys_.emplace_back(key, action); }

  UiState& ui() { return ui_; }
  const sim::Trace& trace() const { return cur().view(); }
  const Timeline& timeline() const { return cur(); }
  const sim::ScenarioOptions& scenario() const { return opts_; }
  // Shows a trace read from a file instead of the live simulation (File > Open, --open).
  // Returns false and leaves everything as it was when the file cannot be used; *why says why.
  bool open_trace_file(const std::string& path, std::string* why);
  void open_trace(sim::Trace t, const std::string& path);
  bool showing_imported() const { return imported_.has_value(); }
  // The second run of Compare, or nullptr.
  const Timeline* other() const { return other_ ? &*other_ : nullptr; }
  void compare_with(const sim::ScenarioOptions& o, const std::string& label);
  bool quit_requested() const { return quit_; }
  // Lessons: where progress is saved (empty: not saved), and the lesson open.
  void set_progress_path(const std::string& path);
  const LessonSession& lesson() const { return lesson_; }
  // A run whose attack does long work (a key search, an oracle's queries) is computing off the
  // frame loop; the panels show the previous run meanwhile, with a progress window on top.
  bool busy() const { return pending_.valid(); }
  // Waits for that run and takes it in (a screenshot shows the finished run).
  void finish_pending() {
    if (pending_.valid()) pending_.wait();
    poll_pending();
  }
  // True once after a theme or text-scale change: main rebuilds fonts and style.
  bool take_style_dirty() {
    bool d = style_dirty_;
    style_dirty_ = false;
    return d;
  }

 private:
  std::vector<std::string>* text_capture_ = nullptr;
  std::vector<std::pair<int, int>> keys_;
  void apply(const Command& c);
  void rerun(const sim::ScenarioOptions& opts);
  // The run computing off the frame loop: taken in once it is ready; its progress window.
  void poll_pending();
  void adopt(Timeline t, size_t keep);
  void draw_progress();
  void go_to(size_t step);
  void after_move(bool select_newest);
  void select_field(size_t event, const FieldPath& path);
  void validate_selection();
  void focus_first_derivation(size_t event);
  void handle_shortcuts();
  void draw_menu();
  void export_file(ExportKind kind, const std::string& dir);
  void save_scenario(const std::string& path);
  void refresh_cache();
  // Lessons: load the list once; after the Player moved, show what it decided (run, step, event,
  // field, derivation, view) through the ordinary commands; record progress.
  void load_lessons_once();
  void lesson_moved();
  void lesson_sync();
  void save_progress();
  Timeline& cur() { return imported_ ? *imported_ : live_; }
  const Timeline& cur() const { return imported_ ? *imported_ : live_; }

  std::future<Timeline> pending_;
  std::shared_ptr<sim::Progress> pending_progress_;
  std::chrono::steady_clock::time_point pending_start_;
  size_t pending_keep_ = 0;
  sim::ScenarioOptions opts_;            // the live simulation's scenario
  Timeline live_;                        // the live simulation
  std::optional<Timeline> imported_;     // an imported trace, shown instead while set
  std::string imported_path_;
  sim::ScenarioOptions imported_opts_;   // the imported trace's scenario (for the panels)
  std::optional<Timeline> other_;        // Compare: the second run, at the same step
  sim::ScenarioOptions other_opts_;
  std::string other_label_;
  std::vector<sim::NamedScenario> builtin_;
  // Derived data, recomputed only when a trace revision changes.
  struct Cache {
    uint64_t revision = 0, other_revision = 0;
    Lang lang = Lang::en;
    std::vector<LadderRow> ladder;
    std::vector<sim::Actor> lanes;
    std::vector<sim::present::LegendEntry> legend;
    std::vector<uint64_t> ladder_made;  // per row: the Timeline::event_made() it was built from
    ViewLists lists;  // derivations, notes, alerts, lanes' actors and the legend's key phases
    std::vector<ScheduleRow> schedule[2];  // TLS 1.3 key schedule as the client / server computed it
    Comparison comparison;
    std::vector<LadderRow> other_ladder;
    KeysList keys_list;  // the Keys panel's filtered list, rebuilt by the panel when needed
  } cache_;
  UiState ui_;
  LessonSession lesson_;
  std::vector<Command> queue_;
  bool quit_ = false;
  bool style_dirty_ = false;
};

}  // namespace gui

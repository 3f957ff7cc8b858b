// The GUI application: owns the Simulation (the only source of the trace), the view state and
// the command queue. Panels emit commands while drawing; apply_commands() runs them between
// frames. No protocol logic here: only stepping, replaying and selecting.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "net/simulation.hpp"
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

  UiState& ui() { return ui_; }
  const sim::Trace& trace() const { return sim_->trace(); }
  const sim::Simulation& simulation() const { return *sim_; }
  bool quit_requested() const { return quit_; }
  // True once after a theme or text-scale change: main rebuilds fonts and style.
  bool take_style_dirty() {
    bool d = style_dirty_;
    style_dirty_ = false;
    return d;
  }

 private:
  void apply(const Command& c);
  void rerun(const sim::ScenarioOptions& opts);
  void go_to(size_t step);
  void after_move(bool select_newest);
  void select_field(size_t event, const FieldPath& path);
  void validate_selection();
  void focus_first_derivation(size_t event);
  void handle_shortcuts();
  void draw_menu();
  void export_file(ExportKind kind, const std::string& dir);

  std::unique_ptr<sim::Simulation> sim_;
  UiState ui_;
  std::vector<Command> queue_;
  bool quit_ = false;
  bool style_dirty_ = false;
};

}  // namespace gui

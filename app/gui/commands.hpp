// Intents emitted by panels and keyboard shortcuts. App applies them between frames, so a
// frame always draws one consistent state of the simulation and its trace.
#pragma once
#include <optional>
#include <string>

#include "model/view_model.hpp"
#include "net/simulation.hpp"
#include "ui_state.hpp"

namespace gui {

enum class ExportKind { trace, keylog, pcapng, svg, report, png };

struct Command {
  enum class Kind {
    reset,
    step,
    step_back,
    run_to_end,
    goto_step,        // n
    toggle_play,
    set_scenario,     // scenario
    select_event,     // n
    select_field,     // n (event), path
    select_byte,      // n (event), space, offset: selects the field and finds its producer
    focus_item,       // item: show this derivation item in the Keys panel
    focus_derivation, // text = derivation id ("client/master_secret"): select its event, open it in Keys
                      // (item->item: focus that part, input or step of it instead of the output)
    jump_to_source,   // item: go to where this input came from
    set_theme,        // theme
    set_lang,         // lang
    font_scale,       // scale (absolute)
    toggle_secrets,
    toggle_present,   // presenter mode on/off
    present_view,     // n: the presenter's detail view (0 inspector, 1 keys, 2 record)
    toggle_zoom,      // text: the panel to enlarge to the whole window, or back (empty: back)
    export_file,      // n = ExportKind, text = folder
    load_scenario,    // text = built-in name or file: replaces the scenario (errors shown, scenario kept)
    save_scenario,    // text = file: writes the current scenario as JSON
    open_trace,       // text = JSON trace file: shown instead of the live simulation
    close_trace,      // back to the live simulation
    compare_with,     // scenario (the second run), text = its label
    compare_file,     // text = built-in scenario name or file for the second run
    compare_off,
    // Lessons (the Player decides what each step shows; these only move it).
    lesson_panel,     // n: 1 show the Lesson panel, 0 hide it
    lesson_open,      // text = lesson id or file; n = the step to open at (0-based)
    lesson_close,     // back to the list of lessons
    lesson_go,        // n = step index (0-based)
    lesson_next,      // a predict step's question slide: reveal; else the next step
    lesson_back,
    lesson_check,     // text = the answer given (an option's number, 1-based, or typed text)
    lesson_show_answer,
    lesson_reset_progress,
    quit,
  };
  Kind kind = Kind::step;
  long long n = 0;
  std::optional<sim::ScenarioOptions> scenario;
  FieldPath path;
  sim::ByteSpace space = sim::ByteSpace::wire;
  size_t offset = 0;
  std::optional<ItemRef> item;
  ThemeKind theme = ThemeKind::dark;
  Lang lang = Lang::en;
  float scale = 1.0f;
  std::string text;

  static Command of(Kind k, long long n = 0) {
    Command c;
    c.kind = k;
    c.n = n;
    return c;
  }
};

}  // namespace gui

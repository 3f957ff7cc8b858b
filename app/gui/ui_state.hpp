// Pure view state (what is selected, scrolled, shown): no simulation state lives here. The
// simulation and its trace are owned by App; panels read them and change this state only
// through commands (commands.hpp), applied by App between frames.
#pragma once
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "i18n.hpp"
#include "model/view_model.hpp"

namespace gui {

enum class ThemeKind { dark, light };

struct Selection {
  int event = -1;                    // index in trace.events, -1 for none
  std::optional<FieldPath> field;    // selected field of that event
  std::optional<ItemRef> item;       // derivation item focused in the Keys panel
  std::optional<ItemRef> producer;   // what produced the last clicked bytes (shown in Bytes)
  bool producer_searched = false;    // a byte was clicked and no producer was found
  bool source_missing = false;       // a derivation input was clicked and has no known origin
};

struct UiState {
  // Timeline.
  size_t step = 0;         // the state shown: events with step <= this
  size_t total_steps = 0;  // steps of the full run of this scenario
  bool playing = false;
  float speed = 1.5f;      // steps per second
  double play_accum = 0;

  Selection sel;
  // One-shot requests from commands to panels, cleared by the panel that honours them.
  bool reveal_field = false;   // Inspector: open the selected field's parents and scroll to it
  bool scroll_keys = false;    // Keys: open and scroll to sel.item
  size_t ladder_seen_step = size_t(-1);  // Ladder: scroll to the newest record when the step changes
  int ladder_follow = 0;  // frames left to keep it in view (a new layout knows its height a frame late)
  int bytes_tab = 0;           // 0 wire, 1 plaintext
  bool bytes_tab_request = false;

  // Presentation.
  ThemeKind theme = ThemeKind::dark;
  float font_scale = 1.0f;
  bool reveal_secrets = false;
  // Presenter mode (--present, F5): the ladder and one detail view, large text, light theme.
  bool presenting = false;
  int present_view = 0;   // 0 inspector, 1 keys and derivations, 2 record protection
  int compact_view = 0;   // the detail panel shown when the window is too narrow for three columns
  std::string zoomed;     // the panel enlarged to the whole window (F11 / F), empty for none
  std::string hovered_panel, focused_panel;  // panels under the mouse / last clicked, for F11
  float applied_scale = 1.0f;  // the text scale the fonts were last built for
  // The text scale in effect: presenting, at least what makes body text 24 px at 720 px of
  // window height (DejaVu at 17 px * scale), growing with the window.
  float effective_scale(float window_h) const {
    if (!presenting) return font_scale;
    float want = std::max(1.0f, window_h / 720.0f) * 25.0f / 17.0f;
    return std::clamp(std::max(font_scale, want), 0.6f, 3.0f);
  }
  ThemeKind effective_theme() const { return presenting ? ThemeKind::light : theme; }

  // Layout (fractions of the available space, kept when the window is resized).
  float col_a = 0.215f;       // scenario + export column
  float col_b = 0.265f;       // ladder + log column
  float a_split = 0.70f;     // scenario / export
  float b_split = 0.62f;     // ladder / log
  float c_split = 0.50f;     // top (inspector | bytes) / bottom (keys | record)
  float c_top_split = 0.50f; // inspector / bytes
  float c_bot_split = 0.53f; // keys / record protection

  // Panel-local inputs.
  // Text rows (the host name, the cookie): per row key, the text being typed (applied when the
  // field is left) or the one refused; the key of the row being typed in.
  std::map<std::string, std::string> text_edit;
  std::string text_editing;
  std::string text_error_key, text_error;  // why a text row (its key) refused the last value typed
  std::string keys_filter;
  // Inspector: the hex being typed for a hand edit, and the field it is for (event, path).
  std::string edit_hex;
  int edit_event = -1;
  FieldPath edit_field;
  std::string edit_error;  // why the last edit typed was refused
  bool keys_only_selected = false;
  // The Keys panel's derivations shown open, as (event, derivation index).
  std::set<std::pair<size_t, size_t>> keys_open;
  int keys_view = 0;  // TLS 1.3 traces: 0 key schedule, 1 every derivation
  int keys_side = 0;  // key schedule as computed by 0 the client, 1 the server
  // Scenario files and imported traces.
  std::string scenario_error;   // why the last scenario chosen could not be loaded
  std::string scenario_status;  // "Written: …" after Save scenario
  bool scenario_status_ok = true;
  std::string open_error;       // why the last trace file could not be opened
  // The ladder panel's screen rectangle (x, y, w, h), and a PNG of it the frame loop must write
  // after rendering (only the frame loop can read pixels).
  float ladder_rect[4] = {0, 0, 0, 0};
  std::string pending_ladder_png;
  bool open_dialog = false, save_dialog = false;  // requests to open the dialogs
  std::string open_path, save_path;
  // Compare.
  float col_b_compare = 0.40f;  // the ladder column while comparing
  float col_present = 0.48f;    // the ladder's share when presenting or narrow
  std::string compare_error;

  // Lessons: the panel shown (in place of Scenario, or beside the detail view when narrow or
  // presenting), the option picked and the answer being typed for the current question.
  bool lesson_panel = false;
  int lesson_choice = -1;
  std::string lesson_typed;
  float lesson_split = 0.52f;  // the Lesson panel's share of the right column (narrow, presenting)
  bool lesson_scroll_top = false;  // a new step: scroll the panel back to its top

  std::string export_dir;
  std::string export_status;
  bool export_ok = true;
  // Export options: the report's secrets (masked unless ticked), the whole-ladder PNG's width
  // and theme (light, for print, unless chosen).
  bool report_secrets = false;
  int png_width = 1920;
  ThemeKind png_theme = ThemeKind::light;
};

}  // namespace gui

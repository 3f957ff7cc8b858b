#include "app.hpp"

#include <cmath>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // GImGui->LogBuffer: the text ImGui rendered (--dump-ui)

#include "core/file_io.hpp"
#include "export/pcapng.hpp"
#include "export/report.hpp"
#include "export/svg.hpp"
#include "trace/trace_io.hpp"
#include "i18n.hpp"
#include "panels/panel.hpp"
#include "settings.hpp"
#include "widgets/widgets.hpp"

namespace gui {

App::App(sim::ScenarioOptions opts) {
  std::error_code ec;
  ui_.export_dir = std::filesystem::current_path(ec).string();
  builtin_ = sim::list_scenarios();
  rerun(opts);
}

void App::rerun(const sim::ScenarioOptions& opts) {
  // One full run (deterministic); every step of it is then shown without running again.
  size_t keep = ui_.step;
  opts_ = opts;
  if (pending_.valid()) {
    // A newer scenario replaces the one still computing.
    pending_progress_->cancel();
    pending_.wait();
    pending_ = {};
  }
  if (Timeline::has_long_work(opts)) {
    pending_progress_ = std::make_shared<sim::Progress>();
    pending_start_ = std::chrono::steady_clock::now();
    pending_keep_ = keep;
    pending_ = std::async(std::launch::async, [opts, p = pending_progress_] { return Timeline::run(opts, 100000, p); });
    return;
  }
  adopt(Timeline::run(opts), keep);
}

void App::poll_pending() {
  if (!pending_.valid() || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  Timeline t = pending_.get();
  pending_ = {};
  adopt(std::move(t), pending_keep_);
  // A lesson's run that computed off the frame loop: its step and selection apply now.
  if (lesson_.player) lesson_sync();
}

void App::adopt(Timeline t, size_t keep) {
  live_ = std::move(t);
  ui_.scenario_error.clear();
  if (other_) other_->go_to(keep);
  if (imported_) return;  // the live run is ready for "back to the live simulation"
  live_.go_to(keep);
  ui_.total_steps = live_.total_steps();
  ui_.step = live_.step();
  validate_selection();
}

void App::go_to(size_t step) {
  Timeline& tl = cur();
  step = std::min(step, tl.total_steps());
  if (other_) other_->go_to(step);
  if (!tl.go_to(step)) return;
  after_move(true);
}

void App::after_move(bool select_newest) {
  ui_.step = cur().step();
  ui_.total_steps = cur().total_steps();
  if (select_newest) {
    // Follow the action: select the first record sent at this step, else the one it delivered.
    const auto& ev = trace().events;
    bool sent_now = false;
    for (size_t i = ev.size(); i-- > 0 && ev[i].step >= ui_.step;) sent_now |= ev[i].step == ui_.step;
    if (!sent_now)
      for (size_t i = 0; i < ev.size(); ++i)
        if (ev[i].delivered && *ev[i].delivered == ui_.step) {
          if (ui_.sel.event != int(i)) {
            ui_.sel.event = int(i);
            ui_.sel.field.reset();
            ui_.sel.producer.reset();
            ui_.sel.producer_searched = false;
          }
          break;
        }
    for (size_t i = ev.size(); i-- > 0;) {
      if (ev[i].step < ui_.step) break;
      if (ev[i].step == ui_.step && (i == 0 || ev[i - 1].step != ui_.step)) {
        if (ui_.sel.event != int(i)) {
          ui_.sel.event = int(i);
          ui_.sel.field.reset();
          ui_.sel.producer.reset();
          ui_.sel.producer_searched = false;
          focus_first_derivation(i);
        }
        break;
      }
    }
    if (ui_.sel.event < 0 && !ev.empty()) ui_.sel.event = int(ev.size()) - 1;
  }
  validate_selection();
}

bool App::open_trace_file(const std::string& path, std::string* why) {
  sim::TraceFileRead how;
  auto r = sim::trace_from_json_file(path, &how);
  if (!r) {
    // The file's own errors (not a regular file, too large, the system's reason) name it already.
    *why = how.content_error ? label_value(path, tr_msg(r.error().message())) : tr_msg(r.error().message());
    return false;
  }
  open_trace(std::move(r.value()), path);
  return true;
}

void App::open_trace(sim::Trace t, const std::string& path) {
  imported_opts_ = opts_;
  if (auto o = sim::scenario_from_json(t.scenario, path); o) imported_opts_ = o.value();
  imported_ = Timeline::imported(std::move(t));
  imported_path_ = path;
  ui_.open_error.clear();
  ui_.playing = false;
  ui_.sel = Selection{};
  imported_->go_to(imported_->total_steps());
  after_move(false);
  if (!trace().events.empty()) ui_.sel.event = 0;
  validate_selection();
}

void App::compare_with(const sim::ScenarioOptions& o, const std::string& label) {
  other_opts_ = o;
  other_label_ = label;
  other_ = Timeline::run(o);
  other_->go_to(ui_.step);
  ui_.compare_error.clear();
}

void App::save_scenario(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path(), ec);
  // Through a temporary file renamed over the target: a failed save keeps the old scenario.
  sim::Status w = sim::write_file_atomic(path, sim::scenario_to_json(opts_));
  ui_.scenario_status_ok = w.ok();
  ui_.scenario_status = w ? label_value(tr("export.written"), fs::absolute(path, ec).string()) : tr_msg(w.error().message());
}

void App::refresh_cache() {
  const Timeline& tl = cur();
  uint64_t orev = other_ ? other_->revision() : 0;
  // The ladder rows hold titles rendered in the language: a switch redraws them.
  const bool lang_changed = cache_.lang != lang();
  if (cache_.revision == tl.revision() && cache_.other_revision == orev && !lang_changed) return;
  cache_.lang = lang();
  const sim::Trace& t = tl.view();
  if (cache_.revision != tl.revision() || lang_changed) {
    // A step remakes only the events it sent or delivered: their rows alone are rendered again.
    if (lang_changed) cache_.ladder.clear();
    update_ladder_rows(cache_.ladder, cache_.ladder_made, t, tl.event_made(), ui_.step, lang());
    update_view_lists(cache_.lists, t, tl.event_made());
    cache_.lanes = sim::ladder_lanes(cache_.lists.actors);
    cache_.legend = sim::present::legend_entries(cache_.lists.key_phases, t.negotiated.version);
    // Only a run that derives a TLS 1.3 key schedule has one at some step: others skip the search.
    cache_.schedule[0] = tl.has_key_schedule() ? key_schedule_rows(t, sim::Actor::client) : std::vector<ScheduleRow>{};
    cache_.schedule[1] = tl.has_key_schedule() ? key_schedule_rows(t, sim::Actor::server) : std::vector<ScheduleRow>{};
  }
  if (other_) {
    cache_.other_ladder = ladder_rows(other_->view(), other_->step(), lang());
    cache_.comparison = compare_traces(t, other_->view());
  }
  cache_.revision = tl.revision();
  cache_.other_revision = orev;
}

void App::focus_first_derivation(size_t event) {
  const auto& t = trace();
  if (event < t.events.size() && !(sim::derivation_count(t.events[event]) == 0)) {
    ui_.sel.item = ItemRef{event, 0, ItemKind::output, "", 0, true};
    ui_.sel.source_missing = false;
    ui_.scroll_keys = true;
  }
}

void App::validate_selection() {
  const auto& t = trace();
  auto& s = ui_.sel;
  if (s.event >= int(t.events.size())) {
    s.event = t.events.empty() ? -1 : int(t.events.size()) - 1;
    s.field.reset();
  }
  if (s.event >= 0 && s.field && !field_at_path(t.events[size_t(s.event)].tree, *s.field)) s.field.reset();
  auto valid = [&](const std::optional<ItemRef>& r) {
    return r && r->event < t.events.size() && r->derivation < sim::derivation_count(t.events[r->event]);
  };
  if (!valid(s.item)) s.item.reset();
  if (!valid(s.producer)) s.producer.reset();
}

void App::select_field(size_t event, const FieldPath& path) {
  const auto& t = trace();
  if (event >= t.events.size()) return;
  ui_.sel.event = int(event);
  ui_.sel.field = path;
  ui_.reveal_field = true;
  if (const sim::Field* f = field_at_path(t.events[event].tree, path)) {
    ui_.bytes_tab = int(f->space);
    ui_.bytes_tab_request = true;
  }
}

void App::export_file(ExportKind kind, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path d = dir.empty() ? fs::current_path(ec) : fs::path(dir);
  const auto& t = trace();
  std::string suite = sim::suite_name(t.negotiated.cipher_suite);
  if (t.negotiated.cipher_suite == 0) suite = "handshake";
  std::string base = "tlslab-" + suite + (imported_ ? std::string("-imported") : "-seed" + std::to_string(opts_.seed)) +
                     "-step" + std::to_string(ui_.step);
  static const char* const ext[] = {".json", ".keys", ".pcapng", ".svg", ".html", ".png"};
  fs::path p = d / (base + ext[int(kind)]);
  std::string text;
  switch (kind) {
    case ExportKind::trace: text = sim::trace_json_text(t); break;
    case ExportKind::keylog:
      text = cur().keylog_text();
      if (text.empty()) {
        ui_.export_ok = false;
        ui_.export_status = tr("export.no_keys");
        return;
      }
      if (text.back() != '\n') text += '\n';
      break;
    case ExportKind::pcapng: {
      auto cap = sim::capture_file(t);
      text.assign(cap.file.begin(), cap.file.end());
      break;
    }
    case ExportKind::svg: text = sim::ladder_svg(t, gui::lang() == gui::Lang::fr ? sim::Lang::fr : sim::Lang::en); break;
    case ExportKind::report: text = sim::report_html(t, sim::ReportOptions{gui::lang(), ui_.report_secrets}); break;
    case ExportKind::png:
      // Pixels exist only after rendering: the frame loop writes the file and the status.
      fs::create_directories(d, ec);
      ui_.pending_ladder_png = fs::absolute(p, ec).string();
      return;
  }
  fs::create_directories(d, ec);
  sim::Status w = sim::write_file_atomic(p.string(), text);
  ui_.export_ok = w.ok();
  ui_.export_status = w ? label_value(tr("export.written"), fs::absolute(p, ec).string()) : tr_msg(w.error().message());
}

void App::apply(const Command& c) {
  using K = Command::Kind;
  const auto& t = trace();
  switch (c.kind) {
    case K::reset:
      ui_.playing = false;
      go_to(0);
      break;
    case K::step:
      go_to(ui_.step + 1);
      break;
    case K::step_back:
      ui_.playing = false;
      if (ui_.step > 0) go_to(ui_.step - 1);
      break;
    case K::run_to_end:
      ui_.playing = false;
      go_to(ui_.total_steps);
      break;
    case K::goto_step:
      go_to(size_t(std::max(0LL, c.n)));
      break;
    case K::toggle_play:
      ui_.playing = !ui_.playing;
      ui_.play_accum = 0;
      if (ui_.playing && ui_.step >= ui_.total_steps) go_to(0);
      break;
    case K::set_scenario:
      if (c.scenario && !imported_) rerun(*c.scenario);
      break;
    case K::load_scenario: {
      if (imported_) break;
      auto r = sim::load_scenario(c.text);
      if (!r) {
        ui_.scenario_error = tr_msg(r.error().message());  // the current scenario stays
        break;
      }
      rerun(r.value());
      break;
    }
    case K::save_scenario:
      save_scenario(c.text);
      break;
    case K::open_trace: {
      std::string why;
      if (!open_trace_file(c.text, &why)) {
        ui_.open_error = why;  // reopens the dialog with the reason; the current trace stays
        ui_.open_dialog = true;
      }
      break;
    }
    case K::close_trace:
      if (!imported_) break;
      imported_.reset();
      imported_path_.clear();
      ui_.sel = Selection{};
      live_.go_to(std::min(ui_.step, live_.total_steps()));
      if (other_) other_->go_to(live_.step());
      after_move(false);
      break;
    case K::compare_with:
      if (c.scenario) compare_with(*c.scenario, c.text);
      break;
    case K::compare_file: {
      auto r = sim::load_scenario(c.text);
      if (!r) {
        ui_.compare_error = tr_msg(r.error().message());
        break;
      }
      std::string label = r.value().name.empty() ? c.text : r.value().name;
      compare_with(r.value(), label);
      break;
    }
    case K::compare_off:
      other_.reset();
      ui_.compare_error.clear();
      break;
    case K::select_event:
      if (c.n >= 0 && size_t(c.n) < t.events.size()) {
        ui_.sel.event = int(c.n);
        ui_.sel.field.reset();
        ui_.sel.producer.reset();
        ui_.sel.producer_searched = false;
        ui_.bytes_tab = 0;
        ui_.bytes_tab_request = true;
        focus_first_derivation(size_t(c.n));
      }
      break;
    case K::select_field:
      select_field(size_t(c.n), c.path);
      ui_.sel.producer.reset();
      ui_.sel.producer_searched = false;
      break;
    case K::select_byte: {
      if (c.n < 0 || size_t(c.n) >= t.events.size()) break;
      const sim::Event& e = t.events[size_t(c.n)];
      auto path = field_at_offset(e.tree, c.space, c.offset);
      if (!path) break;
      select_field(size_t(c.n), *path);
      ui_.bytes_tab = int(c.space);
      const sim::Field* f = field_at_path(e.tree, *path);
      ui_.sel.producer.reset();
      ui_.sel.producer_searched = true;
      if (auto b = f ? field_bytes(e, *f) : std::nullopt) {
        if (auto prod = find_producer(t, *b, e.from)) {
          ui_.sel.producer = prod;
          ui_.sel.item = prod;
          ui_.scroll_keys = true;
        }
      }
      break;
    }
    case K::focus_derivation:
      if (auto at = find_derivation(t, c.text)) {
        ui_.sel.event = int(at->first);
        ui_.sel.item = ItemRef{at->first, at->second, ItemKind::output, "", 0, true};
        // An item named in c.item (a lesson's "item"): the part, input or step of that name.
        if (c.item && !c.item->item.empty() && c.item->item != "output") {
          const sim::Derivation& d = sim::derivation_at(t.events[at->first], at->second);
          const std::string& n = c.item->item;
          bool part = std::any_of(d.parts.begin(), d.parts.end(), [&](auto& p) { return p.name == n; });
          if (part || d.input(n) || d.step(n))
            ui_.sel.item = ItemRef{at->first, at->second, part ? ItemKind::part : d.input(n) ? ItemKind::input : ItemKind::step, n, 0, true};
        }
        ui_.sel.source_missing = false;
        ui_.scroll_keys = true;
      }
      break;
    case K::focus_item:
      ui_.sel.item = c.item;
      ui_.sel.source_missing = false;
      ui_.scroll_keys = true;
      break;
    case K::jump_to_source: {
      if (!c.item) break;
      ui_.sel.source_missing = false;
      auto loc = find_source(t, *c.item);
      if (!loc) {
        ui_.sel.item = c.item;
        ui_.sel.source_missing = true;
        break;
      }
      if (loc->kind == Location::Kind::field) {
        ui_.sel.item = c.item;
        select_field(loc->event, loc->field);
      } else {
        ui_.sel.item = loc->item;
        ui_.sel.event = int(loc->event);
        ui_.sel.field.reset();
        ui_.scroll_keys = true;
      }
      break;
    }
    case K::set_theme:
      ui_.theme = c.theme;
      style_dirty_ = true;
      break;
    case K::set_lang:
      set_lang(c.lang);
      break;
    case K::font_scale:
      ui_.font_scale = clamp_scale(c.scale);
      style_dirty_ = true;
      break;
    case K::toggle_secrets:
      ui_.reveal_secrets = !ui_.reveal_secrets;
      break;
    case K::toggle_present:
      ui_.presenting = !ui_.presenting;
      // In front of a class, secrets stay hidden until the lecturer reveals them.
      if (ui_.presenting) ui_.reveal_secrets = false;
      ui_.zoomed.clear();
      style_dirty_ = true;
      break;
    case K::present_view:
      ui_.present_view = int(std::clamp(c.n, 0LL, 2LL));
      break;
    case K::toggle_zoom:
      ui_.zoomed = ui_.zoomed.empty() ? c.text : std::string();
      break;
    case K::export_file:
      export_file(ExportKind(std::clamp(int(c.n), 0, 5)), c.text);
      break;
    case K::lesson_panel:
      ui_.lesson_panel = c.n != 0;
      if (ui_.lesson_panel) load_lessons_once();
      break;
    case K::lesson_open: {
      load_lessons_once();
      lesson_.open_errors.clear();
      auto r = sim::lesson::find_lesson(c.text);
      if (auto* errs = std::get_if<std::vector<sim::lesson::LessonError>>(&r)) {
        lesson_.open_errors = *errs;
        ui_.lesson_panel = true;
        break;
      }
      lesson_.player.emplace(std::get<sim::lesson::Lesson>(std::move(r)));
      ui_.lesson_panel = true;
      if (imported_) push(Command::of(K::close_trace));  // a lesson drives the live simulation
      // Opened from the list: where the student left it; from the command line: the step asked.
      size_t at = c.n >= 0 ? size_t(c.n) : 0;
      if (c.n < 0)
        if (auto it = lesson_.progress.lessons.find(lesson_.player->lesson().id); it != lesson_.progress.lessons.end())
          at = it->second.current;
      if (at >= lesson_.player->count()) at = lesson_.player->count() ? lesson_.player->count() - 1 : 0;
      lesson_.player->go(at);
      lesson_moved();
      break;
    }
    case K::lesson_close:
      lesson_.player.reset();
      lesson_.feedback.reset();
      break;
    case K::lesson_go:
      if (lesson_.player && c.n >= 0 && lesson_.player->go(size_t(c.n))) lesson_moved();
      break;
    case K::lesson_next:
      if (!lesson_.player) break;
      if (lesson_.slide()) {
        // The prediction's reveal: the step's move is shown, the question stays.
        lesson_.player->reveal();
        lesson_sync();
      } else if (lesson_.player->next()) {
        lesson_moved();
      }
      break;
    case K::lesson_back:
      if (lesson_.player && lesson_.player->back()) lesson_moved();
      break;
    case K::lesson_check: {
      if (!lesson_.player || !lesson_.player->step().question || lesson_.settled) break;
      lesson_.feedback = lesson_.player->check(c.text);
      if (lesson_.feedback->correct) {
        lesson_.settled = true;
        auto& r = lesson_.progress.lessons[lesson_.player->lesson().id];
        r.answered[lesson_.player->step().id] = LessonAnswer{true, lesson_.player->attempts()};
        save_progress();
      }
      // Answering a prediction shows what happens.
      if (lesson_.slide() && lesson_.feedback->correct) {
        lesson_.player->reveal();
        lesson_sync();
      }
      break;
    }
    case K::lesson_show_answer: {
      if (!lesson_.player || !lesson_.player->step().question) break;
      auto a = lesson_.player->answer();
      lesson_.shown_answer = a ? a.value() : std::string();
      lesson_.settled = lesson_.gave_up = true;
      auto& r = lesson_.progress.lessons[lesson_.player->lesson().id];
      if (!r.answered.count(lesson_.player->step().id))
        r.answered[lesson_.player->step().id] = LessonAnswer{false, lesson_.player->attempts()};
      save_progress();
      if (lesson_.slide()) {
        lesson_.player->reveal();
        lesson_sync();
      }
      break;
    }
    case K::lesson_reset_progress:
      lesson_.progress = LessonProgress{};
      if (lesson_.player) lesson_moved();  // the step shown is reached again
      else save_progress();
      break;
    case K::quit:
      quit_ = true;
      break;
  }
}

void App::set_progress_path(const std::string& path) {
  lesson_.progress_path = path;
  lesson_.progress = load_lesson_progress(path);
}

void App::load_lessons_once() {
  if (lesson_.loaded) return;
  lesson_.set = sim::lesson::load_lessons();
  lesson_.loaded = true;
}

void App::save_progress() { save_lesson_progress(lesson_.progress_path, lesson_.progress); }

void App::lesson_moved() {
  const auto& p = *lesson_.player;
  lesson_.feedback.reset();
  lesson_.settled = lesson_.gave_up = false;
  lesson_.shown_answer.clear();
  ui_.lesson_choice = -1;
  ui_.lesson_typed.clear();
  ui_.lesson_scroll_top = true;
  auto& r = lesson_.progress.lessons[p.lesson().id];
  r.current = p.index();
  r.reached = std::max(r.reached, p.index() + 1);
  r.count = p.count();
  save_progress();
  lesson_sync();
}

void App::lesson_sync() {
  using K = Command::Kind;
  const auto& p = *lesson_.player;
  // The Player decides; the GUI shows it with the same commands a click would emit.
  const sim::ScenarioOptions& o = p.options();
  if (sim::scenario_to_json(o) != sim::scenario_to_json(opts_)) {
    Command c = Command::of(K::set_scenario);
    c.scenario = o;
    push(c);
  }
  ui_.playing = false;
  push(Command::of(K::goto_step, long(p.position())));
  if (auto ev = p.event()) push(Command::of(K::select_event, long(*ev)));
  if (auto ev = p.event(); ev && p.field()) {
    Command c = Command::of(K::select_field, long(*ev));
    c.path = *p.field();
    push(c);
  }
  if (!p.derivation().empty()) {
    Command c = Command::of(K::focus_derivation);
    c.text = p.derivation();
    if (!p.item().empty()) c.item = ItemRef{0, 0, ItemKind::output, p.item(), 0, true};  // found by name when applied
    push(c);
  }
  if (p.step().view != sim::lesson::View::none) {
    static const int views[] = {0, 0, 1, 2};  // none, inspector, keys, record
    push(Command::of(K::present_view, views[int(p.step().view)]));
    ui_.compact_view = views[int(p.step().view)];  // the narrow layout's switches share the first three
  }
}

void App::apply_commands() {
  // Commands may queue more commands (none do today); take the batch first.
  std::vector<Command> batch;
  batch.swap(queue_);
  for (auto& c : batch) apply(c);
  validate_selection();
}

void App::update(double dt) {
  if (!ui_.playing) return;
  if (ui_.step >= ui_.total_steps) {
    ui_.playing = false;
    return;
  }
  ui_.play_accum += dt * ui_.speed;
  if (ui_.play_accum >= 1.0) {
    ui_.play_accum -= 1.0;
    push(Command::of(Command::Kind::step));
  }
}

void App::handle_shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  using K = Command::Kind;
  std::vector<std::pair<int, int>> keys;
  keys.swap(keys_);
  if (io.KeyCtrl) {
    // GLFW key codes: '=' (with or without shift, '+' on US layouts), keypad +, '-', keypad -, '0'.
    if (ImGui::IsKeyPressed('=') || ImGui::IsKeyPressed(334)) {
      Command c = Command::of(K::font_scale);
      c.scale = ui_.font_scale * 1.1f;
      push(c);
    }
    if (ImGui::IsKeyPressed('-') || ImGui::IsKeyPressed(333)) {
      Command c = Command::of(K::font_scale);
      c.scale = ui_.font_scale / 1.1f;
      push(c);
    }
    if (ImGui::IsKeyPressed('0') || ImGui::IsKeyPressed(320)) {
      Command c = Command::of(K::font_scale);
      c.scale = 1.0f;
      push(c);
    }
    return;
  }
  // The keys pressed since the last frame, from GLFW's own callback: ImGui 1.86 samples key
  // state once per frame and misses a press and release that arrive together (a presenter's
  // clicker, xdotool), so these keys are taken from the event queue.
  for (auto [key, action] : keys) {
    const bool press = action == GLFW_PRESS;  // else a repeat: only the step keys repeat
    if (key == GLFW_KEY_F5 && press) push(Command::of(K::toggle_present));
    if (io.WantTextInput) continue;
    if ((key == GLFW_KEY_F11 || key == GLFW_KEY_F) && press) {
      Command c = Command::of(K::toggle_zoom);
      c.text = !ui_.hovered_panel.empty() ? ui_.hovered_panel : !ui_.focused_panel.empty() ? ui_.focused_panel : "pLadder";
      push(c);
    }
    if (key == GLFW_KEY_ESCAPE && press && !ui_.zoomed.empty()) push(Command::of(K::toggle_zoom));
    // Lecture mode: the clicker moves through the lesson's steps (a predict step's slide, then
    // its reveal), not the simulation's.
    if (ui_.presenting && lesson_.player && ui_.lesson_panel) {
      if ((key == GLFW_KEY_SPACE || key == GLFW_KEY_RIGHT || key == GLFW_KEY_PAGE_DOWN || key == GLFW_KEY_DOWN) && press)
        push(Command::of(K::lesson_next));
      if ((key == GLFW_KEY_LEFT || key == GLFW_KEY_PAGE_UP || key == GLFW_KEY_UP) && press) push(Command::of(K::lesson_back));
      if (key >= GLFW_KEY_1 && key <= GLFW_KEY_3 && press) push(Command::of(K::present_view, key - GLFW_KEY_1));
      if (key == GLFW_KEY_TAB && press) push(Command::of(K::present_view, (ui_.present_view + (io.KeyShift ? 2 : 1)) % 3));
      continue;
    }
    // A presenter's clicker sends Page Down / Page Up (some send Space or the arrows): one step each.
    if (key == GLFW_KEY_SPACE && press) push(Command::of(ui_.presenting ? K::step : K::toggle_play));
    if (key == GLFW_KEY_RIGHT || key == GLFW_KEY_PAGE_DOWN || key == GLFW_KEY_DOWN) push(Command::of(K::step));
    if (key == GLFW_KEY_LEFT || key == GLFW_KEY_PAGE_UP || key == GLFW_KEY_UP) push(Command::of(K::step_back));
    if (key == GLFW_KEY_HOME && press) push(Command::of(K::reset));
    if (key == GLFW_KEY_END && press) push(Command::of(K::run_to_end));
    if (ui_.presenting && press) {
      if (key >= GLFW_KEY_1 && key <= GLFW_KEY_3) push(Command::of(K::present_view, key - GLFW_KEY_1));
      if (key == GLFW_KEY_TAB) push(Command::of(K::present_view, (ui_.present_view + (io.KeyShift ? 2 : 1)) % 3));
    }
  }
}

void App::draw_menu() {
  using K = Command::Kind;
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu(tr("menu.file"))) {
    if (ImGui::MenuItem(tr("menu.open_trace"), "Ctrl+O")) ui_.open_dialog = true;
    if (imported_ && ImGui::MenuItem(tr("imported.back"))) push(Command::of(K::close_trace));
    if (ImGui::MenuItem(tr("menu.save_scenario"), nullptr, false, !imported_)) ui_.save_dialog = true;
    ImGui::Separator();
    for (auto [key, kind] : {std::pair{"export.trace", ExportKind::trace}, std::pair{"export.keylog", ExportKind::keylog},
                             std::pair{"export.pcapng", ExportKind::pcapng}, std::pair{"export.svg", ExportKind::svg},
                             std::pair{"export.report", ExportKind::report}}) {
      if (ImGui::MenuItem(tr(key))) {
        Command c = Command::of(K::export_file, long(kind));
        c.text = ui_.export_dir;
        push(c);
      }
    }
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.quit"), "Ctrl+Q")) push(Command::of(K::quit));
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.view"))) {
    if (ImGui::MenuItem(tr("menu.theme_dark"), nullptr, ui_.theme == ThemeKind::dark)) {
      Command c = Command::of(K::set_theme);
      c.theme = ThemeKind::dark;
      push(c);
    }
    if (ImGui::MenuItem(tr("menu.theme_light"), nullptr, ui_.theme == ThemeKind::light)) {
      Command c = Command::of(K::set_theme);
      c.theme = ThemeKind::light;
      push(c);
    }
    ImGui::Separator();
    auto scale_item = [&](const char* key, const char* sc, float s) {
      if (ImGui::MenuItem(tr(key), sc)) {
        Command c = Command::of(K::font_scale);
        c.scale = s;
        push(c);
      }
    };
    scale_item("menu.font_bigger", "Ctrl +", ui_.font_scale * 1.1f);
    scale_item("menu.font_smaller", "Ctrl -", ui_.font_scale / 1.1f);
    scale_item("menu.font_reset", "Ctrl 0", 1.0f);
    ImGui::Separator();
    if (ImGui::MenuItem(tr("menu.reveal"), nullptr, ui_.reveal_secrets)) push(Command::of(K::toggle_secrets));
    if (ImGui::MenuItem(tr("menu.present"), "F5", ui_.presenting)) push(Command::of(K::toggle_present));
    if (ImGui::MenuItem(tr("menu.zoom"), "F11", !ui_.zoomed.empty())) {
      Command c = Command::of(K::toggle_zoom);
      c.text = !ui_.focused_panel.empty() ? ui_.focused_panel : "pLadder";
      push(c);
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.compare"))) {
    std::vector<Command> emitted;
    FrameData data{cache_.ladder, cache_.lists.notes, cache_.lists.alerts, cache_.lists.derivations, cache_.lists.classes, builtin_};
    FrameContext ctx{trace(), opts_, ui_, emitted, palette(), fonts(), data};
    data.other = other_ ? &other_->view() : nullptr;
    compare_menu_items(ctx);
    for (auto& c : emitted) push(std::move(c));
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("ui.lesson.menu"))) {
    load_lessons_once();
    if (ImGui::MenuItem(tr("ui.lesson.menu_panel"), nullptr, ui_.lesson_panel)) push(Command::of(K::lesson_panel, !ui_.lesson_panel));
    ImGui::Separator();
    for (const auto& l : lesson_.set.lessons) {
      std::string item = std::to_string(l.number) + ". " + l.title.in(lang());
      ImGui::PushID(l.id.c_str());
      if (ImGui::MenuItem(item.c_str(), nullptr, lesson_.player && lesson_.player->lesson().id == l.id)) {
        Command c = Command::of(K::lesson_open, -1);
        c.text = l.path.empty() ? l.id : l.path;
        push(c);
      }
      ImGui::PopID();
    }
    if (lesson_.set.lessons.empty()) ImGui::TextDisabled("%s", tr("ui.lesson.none"));
    if (lesson_.player) {
      ImGui::Separator();
      if (ImGui::MenuItem(tr("ui.lesson.close"))) push(Command::of(K::lesson_close));
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.language"))) {
    if (ImGui::MenuItem(tr("menu.lang_en"), nullptr, lang() == Lang::en)) {
      Command c = Command::of(K::set_lang);
      c.lang = Lang::en;
      push(c);
    }
    if (ImGui::MenuItem(tr("menu.lang_fr"), nullptr, lang() == Lang::fr)) {
      Command c = Command::of(K::set_lang);
      c.lang = Lang::fr;
      push(c);
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr("menu.help"))) {
    ImGui::TextUnformatted(tr("menu.shortcuts"));
    ImGui::TextUnformatted(tr("menu.shortcuts_present"));
    ImGui::EndMenu();
  }
  // Right side: quick toggles a presenter reaches without opening a menu.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float box = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x;
  float w = ImGui::CalcTextSize(tr("menu.present_short")).x + ImGui::CalcTextSize(tr("menu.reveal")).x +
            ImGui::CalcTextSize("FR").x + ImGui::CalcTextSize("\u263C").x + st.FramePadding.x * 6 + box + st.ItemSpacing.x * 5;
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - w));
  if (ImGui::Selectable(tr("menu.present_short"), ui_.presenting, 0, ImVec2(ImGui::CalcTextSize(tr("menu.present_short")).x, 0)))
    push(Command::of(K::toggle_present));
  widgets::tooltip(tr("menu.present_hint"));
  ImGui::SameLine();
  bool reveal = ui_.reveal_secrets;
  if (ImGui::Checkbox(tr("menu.reveal"), &reveal)) push(Command::of(K::toggle_secrets));
  ImGui::SameLine();
  if (ImGui::SmallButton(lang() == Lang::en ? "FR" : "EN")) {
    Command c = Command::of(K::set_lang);
    c.lang = lang() == Lang::en ? Lang::fr : Lang::en;
    push(c);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(ui_.theme == ThemeKind::dark ? "\u263C" : "\u263E")) {
    Command c = Command::of(K::set_theme);
    c.theme = ui_.theme == ThemeKind::dark ? ThemeKind::light : ThemeKind::dark;
    push(c);
  }
  widgets::tooltip(tr(ui_.theme == ThemeKind::dark ? "menu.theme_light" : "menu.theme_dark"));
  ImGui::EndMenuBar();
}

void App::draw_progress() {
  if (!pending_.valid()) return;
  const sim::Progress& p = *pending_progress_;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - pending_start_).count();
  uint64_t done = p.done(), total = p.total();
  double rate = secs > 0 ? double(done) / secs : 0;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.8f, ImGui::GetFontSize() * 36), 0));
  ImGui::Begin(tr("progress.title"), nullptr,
               ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoMove);
  float fraction = total ? float(double(done) / double(total)) : 0.0f;
  std::string counts = total ? std::to_string(done) + " / " + std::to_string(total) : std::to_string(done);
  ImGui::ProgressBar(total ? fraction : -1.0f * float(ImGui::GetTime()), ImVec2(-1, 0), counts.c_str());
  char line[160];
  if (total && rate > 0)
    std::snprintf(line, sizeof line, "%s %.0f/s   %s %.0f s", tr("progress.rate"), rate, tr("progress.left"),
                  double(total > done ? total - done : 0) / rate);
  else
    std::snprintf(line, sizeof line, "%s %.0f/s", tr("progress.rate"), rate);
  ImGui::TextUnformatted(line);
  std::string partial = p.partial();
  if (!partial.empty()) {
    ImGui::TextUnformatted(tr("progress.recovered"));
    ImGui::PushFont(fonts().mono);
    ImGui::TextWrapped("%s", partial.c_str());
    ImGui::PopFont();
  }
  if (p.cancelled()) ImGui::TextUnformatted(tr("progress.cancelling"));
  else if (ImGui::Button(tr("progress.cancel"))) pending_progress_->cancel();
  ImGui::End();
}

void App::draw() {
  widgets::clear_cuts();
  poll_pending();
  handle_shortcuts();
  if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed('Q', false)) push(Command::of(Command::Kind::quit));
  if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed('O', false)) ui_.open_dialog = true;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Presenting, the text grows with the window: fonts are rebuilt between frames.
  if (std::abs(ui_.effective_scale(vp->Size.y) - ui_.applied_scale) > 0.01f) style_dirty_ = true;
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 4));
  ImGui::Begin("##tlslab", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                   ImGuiWindowFlags_NoBackground);  // glClear paints it
  ImGui::PopStyleVar();
  // ImGui's text log spans one top-level window (End() stops it): this one holds every panel.
  // Depth 0: capturing opens no tree node.
  if (text_capture_) ImGui::LogToBuffer(0);
  draw_menu();

  refresh_cache();
  FrameData data{cache_.ladder, cache_.lists.notes, cache_.lists.alerts, cache_.lists.derivations, cache_.lists.classes, builtin_};
  data.lanes = &cache_.lanes;
  data.hello_events = &cache_.lists.hellos;
  data.legend = &cache_.legend;
  data.revision = cur().revision();
  data.keys_list = &cache_.keys_list;
  data.schedule[0] = &cache_.schedule[0];
  data.schedule[1] = &cache_.schedule[1];
  data.imported = imported_.has_value();
  data.imported_file = imported_path_;
  if (!imported_) data.edit_errors = &live_.edit_errors();
  if (ui_.lesson_panel) data.lesson = &lesson_;
  if (other_) {
    data.other = &other_->view();
    data.other_ladder = &cache_.other_ladder;
    data.comparison = &cache_.comparison;
    data.other_label = other_label_;
    data.other_step = other_->step();
    data.other_total = other_->total_steps();
  }
  std::vector<Command> emitted;
  FrameContext ctx{trace(), imported_ ? imported_opts_ : opts_, ui_, emitted, palette(), fonts(), data};

  // The screen is cleared to the panels' colour (so software OpenGL fills each pixel once);
  // the margins and the gaps between panels (the splitters) show the window background.
  ImDrawList* wdl = ImGui::GetWindowDrawList();
  const ImU32 wbg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize(), c0 = ImGui::GetCursorScreenPos();
  const float pad_y = ImGui::GetStyle().WindowPadding.y;
  const float right = wp.x + ImGui::GetWindowContentRegionMax().x;
  wdl->AddRectFilled(ImVec2(wp.x, c0.y - pad_y), ImVec2(wp.x + ws.x, c0.y), wbg);
  wdl->AddRectFilled(ImVec2(wp.x, c0.y), ImVec2(c0.x, wp.y + ws.y), wbg);
  wdl->AddRectFilled(ImVec2(right, c0.y), ImVec2(wp.x + ws.x, wp.y + ws.y), wbg);
  draw_controls_panel(ctx);
  {
    ImVec2 below = ImGui::GetCursorScreenPos();
    wdl->AddRectFilled(ImVec2(c0.x, ImGui::GetItemRectMax().y), ImVec2(right, below.y), wbg);
  }

  // Three columns: scenario + export | ladder + log | (inspector | bytes) over (keys | record),
  // with draggable splitters. Positions are explicit so panel contents keep the normal spacing.
  // Too narrow for that (a small screen, large text) or presenting: the ladder and one detail
  // panel, chosen by a row of switches; F11 enlarges one panel to the whole window.
  const float gap = std::round(6.0f * ui_.applied_scale);
  ImVec2 o = ImGui::GetCursorPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float W = avail.x, H = avail.y - 2;
  float inner = W - 2 * gap;
  std::string hovered;
  auto panel_at = [&](const char* id, float x, float y, float w, float h, void (*fn)(FrameContext&)) {
    ImGui::SetCursorPos(ImVec2(x, y));
    // A transparent frame: the panel inside paints its own background (one fill per pixel).
    ImGui::BeginChild(id, ImVec2(std::max(w, 1.0f), std::max(h, 1.0f)), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    fn(ctx);
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) hovered = id;
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows)) ui_.focused_panel = id;
    ImGui::EndChild();
  };
  auto bar = [&](const char* id, bool vertical, float x, float y, float len, float* ratio, float total) {
    ImGui::SetCursorPos(ImVec2(x, y));
    widgets::splitter(id, vertical, gap, len, ratio, total, 0.12f);
  };
  struct PanelDef {
    const char* id;
    const char* title;  // catalog key
    void (*fn)(FrameContext&);
  };
  const PanelDef panels[] = {
      {"pInspector", "panel.inspector", draw_inspector_panel}, {"pKeys", "panel.keys", draw_keys_panel},
      {"pRecord", "panel.record", draw_record_panel},          {"pBytes", "panel.bytes", draw_bytes_panel},
      {"pLog", "panel.log", draw_log_panel},                   {"pScenario", "panel.scenario", draw_scenario_panel},
      {"pExport", "panel.export", draw_export_panel},          {"pLadder", "panel.ladder", other_ ? draw_compare_panel : draw_ladder_panel},
      {"pLesson", "ui.lesson.panel", draw_lesson_panel},
  };
  const PanelDef* zoomed = nullptr;
  for (auto& p : panels)
    if (ui_.zoomed == p.id) zoomed = &p;
  const bool narrow = W < ImGui::GetFontSize() * 70;  // 1280 px at scale 1.0 keeps three columns
  float y = o.y;
  if (zoomed) {
    panel_at(zoomed->id, o.x, y, W, H, zoomed->fn);
  } else if (ui_.presenting || narrow) {
    // The ladder on the left; on the right a row of switches and the panel chosen.
    const int count = ui_.presenting ? 3 : 7;
    int& view = ui_.presenting ? ui_.present_view : ui_.compact_view;
    view = std::clamp(view, 0, count - 1);
    float& col = other_ ? ui_.col_b_compare : ui_.col_present;
    if (other_) col = std::max(col, 0.5f);
    float wl = std::floor(inner * col), wr = W - gap - wl;
    float xr = o.x + wl + gap;
    panel_at("pLadder", o.x, y, wl, H, panels[7].fn);
    bar("sLR", true, o.x + wl, y, H, &col, W - gap);
    const ImGuiStyle& st = ImGui::GetStyle();
    float x = xr, row_y = y;
    // The Lesson panel above the detail view; a prediction's question slide takes the column.
    if (ui_.lesson_panel) {
      if (ui_.presenting && lesson_.slide()) {
        panel_at("pLesson", xr, y, wr, H, draw_lesson_panel);
        row_y = -1;
      } else {
        float hl = std::floor((H - gap) * ui_.lesson_split);
        panel_at("pLesson", xr, y, wr, hl, draw_lesson_panel);
        bar("sLesson", false, xr, y + hl, wr, &ui_.lesson_split, H - gap);
        row_y = y + hl + gap;
      }
    }
    if (row_y >= 0) {
    for (int i = 0; i < count; ++i) {
      const char* label = tr(panels[i].title);
      float bw = ImGui::CalcTextSize(label).x + st.FramePadding.x * 2;
      if (x > xr && x + bw > xr + wr) x = xr, row_y += ImGui::GetFrameHeightWithSpacing();
      ImGui::SetCursorPos(ImVec2(x, row_y));
      const bool on = view == i;
      if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      ImGui::PushID(i);
      if (ImGui::Button(label)) {
        if (ui_.presenting) push(Command::of(Command::Kind::present_view, i));
        else view = i;
      }
      ImGui::PopID();
      if (on) ImGui::PopStyleColor();
      if (ui_.presenting) widgets::tooltip(tr("present.switch_hint"));
      x += bw + st.ItemSpacing.x;
    }
    row_y += ImGui::GetFrameHeightWithSpacing();
    panel_at(panels[view].id, xr, row_y, wr, H - (row_y - y), panels[view].fn);
    }
  } else {
    // Comparing: the ladder column is wider (two ladders side by side).
    float& col_b = other_ ? ui_.col_b_compare : ui_.col_b;
    float wa = std::floor(inner * ui_.col_a), wb = std::floor(inner * col_b), wc = inner - wa - wb;
    float xa = o.x, xb = xa + wa + gap, xc = xb + wb + gap;
    // Column A.
    float ha = std::floor((H - gap) * ui_.a_split);
    if (ui_.lesson_panel) panel_at("pLesson", xa, y, wa, ha, draw_lesson_panel);
    else panel_at("pScenario", xa, y, wa, ha, draw_scenario_panel);
    bar("sA", false, xa, y + ha, wa, &ui_.a_split, H - gap);
    panel_at("pExport", xa, y + ha + gap, wa, H - gap - ha, draw_export_panel);
    {
      float before = ui_.col_a;
      bar("sAB", true, xa + wa, y, H, &ui_.col_a, inner);
      col_b = std::max(0.12f, col_b - (ui_.col_a - before));
    }
    // Column B.
    float hb = std::floor((H - gap) * ui_.b_split);
    panel_at("pLadder", xb, y, wb, hb, panels[7].fn);
    bar("sB", false, xb, y + hb, wb, &ui_.b_split, H - gap);
    panel_at("pLog", xb, y + hb + gap, wb, H - gap - hb, draw_log_panel);
    bar("sBC", true, xb + wb, y, H, &col_b, inner);
    col_b = std::min(col_b, 0.88f - ui_.col_a);
    // Column C.
    float hc = std::floor((H - gap) * ui_.c_split);
    float wi = std::floor((wc - gap) * ui_.c_top_split);
    panel_at("pInspector", xc, y, wi, hc, draw_inspector_panel);
    bar("sIB", true, xc + wi, y, hc, &ui_.c_top_split, wc - gap);
    panel_at("pBytes", xc + wi + gap, y, wc - gap - wi, hc, draw_bytes_panel);
    bar("sC", false, xc, y + hc, wc, &ui_.c_split, H - gap);
    float wk = std::floor((wc - gap) * ui_.c_bot_split);
    float yb = y + hc + gap, hbot = H - gap - hc;
    panel_at("pKeys", xc, yb, wk, hbot, draw_keys_panel);
    bar("sKR", true, xc + wk, yb, hbot, &ui_.c_bot_split, wc - gap);
    panel_at("pRecord", xc + wk + gap, yb, wc - gap - wk, hbot, draw_record_panel);
  }
  ui_.hovered_panel = hovered;
  {
    float bottom = ImGui::GetWindowPos().y + o.y - ImGui::GetScrollY() + H;
    wdl->AddRectFilled(ImVec2(c0.x, bottom), ImVec2(right, wp.y + ws.y), wbg);
  }
  draw_dialogs(ctx);
  if (text_capture_ && GImGui->LogEnabled) {
    std::istringstream rendered(GImGui->LogBuffer.c_str());
    for (std::string line; std::getline(rendered, line);)
      if (size_t b = line.find_first_not_of(' '); b != std::string::npos) text_capture_->push_back(line.substr(b));
    ImGui::LogFinish();
  }
  ImGui::End();
  draw_progress();
  for (auto& c : emitted) push(std::move(c));
}

}  // namespace gui

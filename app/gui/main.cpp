// tlslab-gui: GLFW + OpenGL 3.3 + Dear ImGui bootstrap and the frame loop. Everything else is
// in App (state and commands) and the panels (drawing).
//
//   tlslab-gui [--scenario NAME|FILE | --open TRACE.json] [--compare NAME|FILE]
//              [--step N] [--select EVENT] [--derivation ID] [--lang fr|en] [--theme light|dark] [--scale F]
//              [--size WxH] [--present [--view inspector|keys|record]] [--lesson ID|FILE [--lesson-step N]] [the scenario options of tlslab run: --version, --suite, --seed ...]
//              [--screenshot FILE.png [--frames N] [--dump-ui FILE]] [--bench-frames N [--bench-events E]]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <numeric>
#include <sstream>
#include <filesystem>
#include <optional>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include "app.hpp"
#include "core/enums.hpp"
#include "core/file_io.hpp"
#include "i18n.hpp"
#include "ladder_png.hpp"
#include "model/timeline.hpp"
#include "scenario_flags.hpp"
#include "scenario/scenario_io.hpp"
#include "lesson/lesson.hpp"
#include "model/lesson_progress.hpp"
#include "settings.hpp"
#include "theme.hpp"
#include "trace/trace_io.hpp"
#include "widgets/widgets.hpp"

#ifndef TLSLAB_ASSETS_DIR
#define TLSLAB_ASSETS_DIR "assets"
#endif

namespace {

std::string assets_dir() {
  if (const char* e = std::getenv("TLSLAB_ASSETS_DIR"); e && *e) return e;
  return TLSLAB_ASSETS_DIR;
}

// Draws the frame ImGui built into the back buffer. The clear colour is the panels' own, so each
// pixel is painted once (software OpenGL is fill-rate bound).
void render_draw_data(GLFWwindow* window, int* fw, int* fh) {
  glfwGetFramebufferSize(window, fw, fh);
  glViewport(0, 0, *fw, *fh);
  ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_ChildBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// Writes the framebuffer region (x, y, w, h), in top-left pixel coordinates, as a PNG.
bool write_png_region(const std::string& path, int fb_h, int x, int y, int w, int h) {
  if (w <= 0 || h <= 0) return false;
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(x, fb_h - y - h, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  // OpenGL's origin is bottom-left; PNG rows go top-down.
  std::vector<unsigned char> flipped(px.size());
  const size_t row = size_t(w) * 4;
  for (int r = 0; r < h; ++r) std::copy_n(&px[size_t(h - 1 - r) * row], row, &flipped[size_t(r) * row]);
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;  // opaque
  // Encoded in memory, then written through a temporary file: a failure keeps an older picture.
  std::string png;
  auto append = [](void* to, void* data, int size) { static_cast<std::string*>(to)->append(static_cast<const char*>(data), size_t(size)); };
  if (!stbi_write_png_to_func(append, &png, w, h, 4, flipped.data(), int(row))) return false;
  sim::Status written = sim::write_file_atomic(path, png);
  if (!written) std::fprintf(stderr, "tlslab-gui: %s\n", written.error().reason.c_str());
  return written.ok();
}

bool write_png(const std::string& path, int w, int h) { return write_png_region(path, h, 0, 0, w, h); }

// One frame, start to finish: commands, UI, rendering, and glFinish so that software OpenGL's
// work is counted too. Returns its duration in milliseconds. g_ui_cpu_ms gets tlslab's own CPU
// time in the frame (commands, our panels and ImGui's layout, this thread only): what the user
// interface costs apart from the OpenGL rasterizer, and what other processes disturb least.
double g_ui_ms = 0, g_gl_ms = 0, g_ui_cpu_ms = 0;
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}
double render_frame(GLFWwindow* window, gui::App& app) {
  auto t0 = std::chrono::steady_clock::now();
  const double c0 = thread_cpu_ms();
  glfwPollEvents();
  app.apply_commands();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  app.draw();
  ImGui::Render();
  g_ui_cpu_ms = thread_cpu_ms() - c0;
  auto t1 = std::chrono::steady_clock::now();
  int fw = 0, fh = 0;
  render_draw_data(window, &fw, &fh);
  glfwSwapBuffers(window);
  glFinish();
  auto t2 = std::chrono::steady_clock::now();
  g_ui_ms += std::chrono::duration<double, std::milli>(t1 - t0).count();
  g_gl_ms += std::chrono::duration<double, std::milli>(t2 - t1).count();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

struct Stats {
  double mean = 0, median = 0, p95 = 0, p99 = 0, max = 0;
};
Stats stats_of(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(double(v.size()) * q))]; };
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  s.median = at(0.5);
  s.p95 = at(0.95);
  s.p99 = at(0.99);
  s.max = v.back();
  return s;
}

// --bench-frames N [--bench-events E]: a trace of about E events (default 2,000) built with the
// engine (a TLS 1.2 handshake and application records each way), written as JSON and opened
// from that file as --open does (timed), shown at its last step, drawn N times; then the
// latency of a step, a step back (the command applied and the next frame drawn) and a scenario
// change on the live simulation, and a step back there at its start and at its end.
int run_bench(GLFWwindow* window, gui::App& app, int frames, size_t want_events) {
  using K = gui::Command::Kind;
  auto ms_since = [](auto t) { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count(); };
  auto t0 = std::chrono::steady_clock::now();
  sim::Trace built = gui::long_trace(want_events > 14 ? (want_events - 14) / 2 : 1, 1);
  double build_ms = ms_since(t0);
  const std::string file = (std::filesystem::temp_directory_path() / "tlslab-bench-frames.json").string();
  if (sim::Status w = sim::write_file_atomic(file, sim::trace_json_text(built)); !w) {
    std::fprintf(stderr, "tlslab-gui: %s\n", w.error().reason.c_str());
    return 1;
  }
  built = sim::Trace{};
  const auto file_bytes = std::filesystem::file_size(file);
  // What --open does: read, import, show; then the first frame.
  t0 = std::chrono::steady_clock::now();
  auto imported = sim::trace_from_json_file(file);
  const double import_ms = ms_since(t0);  // read in pieces and imported as they come
  std::filesystem::remove(file);
  if (!imported) {
    std::fprintf(stderr, "tlslab-gui: %s\n", imported.error().reason.c_str());
    return 1;
  }
  const size_t events = imported->events.size();
  const auto t_show = std::chrono::steady_clock::now();
  app.open_trace(std::move(*imported), "benchmark");
  const double show_ms = ms_since(t_show);
  render_frame(window, app);
  const double open_ms = ms_since(t0);
  app.push(gui::Command::of(K::select_event, long(events / 2)));
  for (int i = 0; i < 3; ++i) render_frame(window, app);  // warm up: fonts, caches
  std::vector<double> ft, cpu;
  g_ui_ms = g_gl_ms = 0;
  for (int i = 0; i < frames; ++i) {
    ft.push_back(render_frame(window, app));
    cpu.push_back(g_ui_cpu_ms);
  }
  const double ui_ms = g_ui_ms / frames, gl_ms = g_gl_ms / frames;
  // A command's latency (wall time of the frame that shows it); its own CPU time goes to *own.
  auto measure = [&](K kind, int n, Stats* own = nullptr) {
    std::vector<double> v, c;
    for (int i = 0; i < n; ++i) {
      app.push(gui::Command::of(kind));
      v.push_back(render_frame(window, app));
      c.push_back(g_ui_cpu_ms);
    }
    if (own) *own = stats_of(c);
    return stats_of(v);
  };
  int n = std::min(frames, 50);
  Stats back_own, fwd_own;
  Stats back = measure(K::step_back, n, &back_own);
  Stats fwd = measure(K::step, n, &fwd_own);
  // Scrubbing across the whole trace: from the end to the start and back.
  std::vector<double> jumps;
  for (int i = 0; i < std::max(2, n / 10); ++i) {
    app.push(gui::Command::of(K::goto_step, i % 2 ? long(app.timeline().total_steps()) : 0L));
    jumps.push_back(render_frame(window, app));
  }
  Stats jump = stats_of(jumps);
  // A scenario change re-runs the live simulation (a full TLS 1.2 handshake).
  app.push(gui::Command::of(K::close_trace));
  render_frame(window, app);
  std::vector<double> sc;
  for (int i = 0; i < std::max(2, n / 5); ++i) {
    gui::Command c = gui::Command::of(K::set_scenario);
    sim::ScenarioOptions o = app.scenario();
    o.extended_master_secret = !o.extended_master_secret;
    c.scenario = o;
    app.push(c);
    sc.push_back(render_frame(window, app));
  }
  Stats scen = stats_of(sc);
  // Step back on the live simulation near its start and at its end: the GUI shows the trace
  // the engine recorded up to a step (no replay), so both cost the same.
  app.push(gui::Command::of(K::goto_step, 2L));
  render_frame(window, app);
  Stats live_back_start = measure(K::step_back, 2);
  app.push(gui::Command::of(K::run_to_end));
  render_frame(window, app);
  Stats live_back = measure(K::step_back, 5);
  Stats f = stats_of(ft), c = stats_of(cpu);
  int fw = 0, fh = 0;
  glfwGetFramebufferSize(window, &fw, &fh);
  std::printf("tlslab-gui benchmark: %zu events (built in %.0f ms), %dx%d, %s\n", events, build_ms, fw, fh,
              reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  std::printf("open (read %.1f MB of JSON, import, first frame, as --open): %.0f ms (read and import %.0f, the GUI's "
              "own model %.0f, first frame %.0f)\n",
              double(file_bytes) / 1e6, open_ms, import_ms, show_ms, open_ms - import_ms - show_ms);
  std::printf("frames %d: median %.2f ms, p99 %.2f ms, mean %.2f ms, max %.2f ms (%.0f fps)\n", frames, f.median, f.p99,
              f.mean, f.max, f.mean > 0 ? 1000.0 / f.mean : 0.0);
  std::printf("tlslab's own CPU time per frame (commands, panels, ImGui layout; no rasterizer): median %.2f ms, p99 %.2f ms\n",
              c.median, c.p99);
  std::printf("  wall time: UI %.2f ms, OpenGL (draw, swap, finish) %.2f ms; %d vertices, %d draw lists\n",
              ui_ms, gl_ms, ImGui::GetDrawData()->TotalVtxCount, ImGui::GetDrawData()->CmdListsCount);
  std::printf("step back: mean %.2f ms, p95 %.2f ms, max %.2f ms (command + the frame showing it); own CPU median %.2f ms\n",
              back.mean, back.p95, back.max, back_own.median);
  std::printf("step: mean %.2f ms, p95 %.2f ms, max %.2f ms; own CPU median %.2f ms\n", fwd.mean, fwd.p95, fwd.max, fwd_own.median);
  std::printf("jump end <-> start: mean %.2f ms, max %.2f ms\n", jump.mean, jump.max);
  std::printf("scenario change (live re-run): mean %.2f ms, max %.2f ms\n", scen.mean, scen.max);
  std::printf("live step back: at its start mean %.2f ms, at its end mean %.2f ms, max %.2f ms\n", live_back_start.mean,
              live_back.mean, live_back.max);
  std::printf("60 fps budget (16.7 ms): %s\n", f.p95 <= 1000.0 / 60 ? "met" : "MISSED");
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}

// Key presses reach App through GLFW's event queue (ImGui's backend chains to this callback).
gui::App* g_app = nullptr;
void key_callback(GLFWwindow*, int key, int, int action, int) {
  if (g_app && action != GLFW_RELEASE) g_app->key_event(key, action);
}

void glfw_error(int code, const char* msg) { std::fprintf(stderr, "tlslab-gui: GLFW error %d: %s\n", code, msg); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"tlslab-gui: step through real TLS handshakes and see every message, key and record"};
  std::string screenshot, size_arg, lang_arg, theme_arg, dump_ui, open_arg, compare_arg, derivation_arg;
  int frames = 4, bench_frames = 0;
  size_t bench_events = 2000;
  bool present = false;
  long step = -1, select = -1;
  float scale = 0;
  // --scenario and every scenario option, from the same table as tlslab's flags.
  app::ScenarioFlags scenario_flags;
  cli.add_option("--screenshot", screenshot, "render, write this PNG and exit");
  cli.add_option("--frames", frames, "frames to render before the screenshot (default 4)")->check(CLI::Range(1, 1000));
  cli.add_option("--size", size_arg, "window size WxH (default: remembered, or 1600x900)");
  cli.add_option("--step", step, "go to this step (default 0; the end with --screenshot)");
  cli.add_option("--select", select, "select this event (record index)");
  cli.add_option("--derivation", derivation_arg, "open this derivation in Keys and select its event, e.g. client/master_secret");
  cli.add_option("--lang", lang_arg, "UI language: en or fr")->check(CLI::IsMember({"en", "fr"}));
  cli.add_option("--theme", theme_arg, "light (projector) or dark")->check(CLI::IsMember({"light", "dark"}));
  cli.add_option("--scale", scale, "text scale, e.g. 1.5")->check(CLI::Range(0.6, 3.0));
  cli.add_flag("--present", present, "presenter mode: the ladder and one detail view, large text, light theme (F5)");
  std::string view_arg;
  cli.add_option("--view", view_arg, "presenter mode's detail view: inspector, keys or record (keys 1, 2, 3)")
      ->check(CLI::IsMember({"inspector", "keys", "record"}));
  std::string lesson_arg;
  long lesson_step = 0;
  cli.add_option("--lesson", lesson_arg, "open a lesson (its id, e.g. ssl3-handshake, or a lesson file); with --present, lecture mode");
  cli.add_option("--lesson-step", lesson_step, "with --lesson: open it at this step (1 for the first)")->check(CLI::Range(1L, 100000L));
  cli.add_option("--open", open_arg, "show a JSON trace (tlslab run --json, or Export) instead of a live simulation");
  cli.add_option("--compare", compare_arg, "compare with a second run: a built-in scenario or a scenario file");
  cli.add_option("--bench-frames", bench_frames,
                 "benchmark: render this many frames of a long trace offscreen, print frame times and exit")
      ->check(CLI::Range(1, 100000));
  cli.add_option("--bench-events", bench_events, "with --bench-frames: about this many events in the trace (default 2000)")
      ->check(CLI::Range(size_t(100), size_t(1000000)));
  scenario_flags.add_to(&cli);
  cli.add_option("--dump-ui", dump_ui, "with --screenshot: also write the UI strings drawn in the last frame");
  std::vector<std::string> exports;
  std::string export_dir;
  cli.add_option("--export", exports, "with --screenshot: press Export's button for trace, keylog, pcapng, svg, report or png")
      ->check(CLI::IsMember({"trace", "keylog", "pcapng", "svg", "report", "png"}));
  cli.add_option("--export-dir", export_dir, "the folder --export writes into (default: the current folder)");
  int png_width = 0;
  std::string png_theme;
  cli.add_option("--png-width", png_width, "the width of --export png (default 1920)")->check(CLI::Range(320, 8192));
  cli.add_option("--png-theme", png_theme, "the theme of --export png: light (default) or dark")->check(CLI::IsMember({"light", "dark"}));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = cli.exit(e);
    return code == 0 ? 0 : 2;  // like tlslab: bad usage exits with 2
  }

  // The same judge as tlslab run: an option that cannot apply is an error (exit 2).
  sim::ScenarioOptions opts;
  std::vector<std::string> errors, warnings;
  bool scenario_ok = scenario_flags.build(sim::Sides::both, &opts, &errors, &warnings);
  for (auto& w : warnings) std::fprintf(stderr, "tlslab-gui: warning: %s\n", w.c_str());
  if (!scenario_ok) {
    for (auto& e : errors) std::fprintf(stderr, "tlslab-gui: error: %s\n", e.c_str());
    return 2;
  }
  std::optional<sim::Trace> imported;
  if (!open_arg.empty()) {
    sim::TraceFileRead how;
    auto r = sim::trace_from_json_file(open_arg, &how);
    if (!r) {
      // The file's own errors name it already.
      if (how.content_error) std::fprintf(stderr, "tlslab-gui: %s: %s\n", open_arg.c_str(), r.error().reason.c_str());
      else std::fprintf(stderr, "tlslab-gui: %s\n", r.error().reason.c_str());
      return 2;
    }
    imported = std::move(r.value());
  }
  if (!lesson_arg.empty()) {
    auto r = sim::lesson::find_lesson(lesson_arg);
    if (auto* errs = std::get_if<std::vector<sim::lesson::LessonError>>(&r)) {
      for (auto& e : *errs) std::fprintf(stderr, "tlslab-gui: %s\n", e.render(sim::Lang::en).c_str());
      return 2;
    }
  }
  std::optional<sim::ScenarioOptions> compare_opts;
  if (!compare_arg.empty()) {
    auto r = sim::load_scenario(compare_arg);
    if (!r) {
      std::fprintf(stderr, "tlslab-gui: %s\n", r.error().reason.c_str());
      return 2;
    }
    compare_opts = r.value();
  }
  const bool bench = bench_frames > 0;
  const bool shot = !screenshot.empty() || bench;
  // Screenshots are reproducible: they neither read nor write the remembered settings.
  const std::string settings_file = shot ? std::string() : gui::settings_path();
  gui::Settings settings = gui::load_settings(settings_file);
  if (!size_arg.empty()) {
    int w = 0, h = 0;
    if (std::sscanf(size_arg.c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 240 || w > 8192 || h > 8192) {
      std::fprintf(stderr, "tlslab-gui: --size wants WxH, e.g. 1920x1080 (got '%s')\n", size_arg.c_str());
      return 2;
    }
    settings.width = w;
    settings.height = h;
  } else if (shot) {
    settings.width = 1920;
    settings.height = 1080;
  }
  if (shot) settings.font_scale = 1.0f, settings.theme = gui::ThemeKind::dark, settings.lang = gui::Lang::en;
  if (scale > 0) settings.font_scale = scale;
  if (!theme_arg.empty()) settings.theme = theme_arg == "light" ? gui::ThemeKind::light : gui::ThemeKind::dark;
  if (!lang_arg.empty()) gui::parse_lang(lang_arg, &settings.lang);

  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "tlslab-gui: cannot initialise GLFW (no display? try xvfb-run -a)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  if (shot) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(settings.width, settings.height, "tlslab", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "tlslab-gui: cannot create an OpenGL 3.3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(shot ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is ours; size and scale go to the settings file
  glfwSetKeyCallback(window, key_callback);  // before ImGui's backend, which then chains to it
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330");

  gui::set_lang(settings.lang);
  gui::App app(opts);
  g_app = &app;
  gui::UiState& ui = app.ui();
  ui.theme = settings.theme;
  ui.font_scale = gui::clamp_scale(settings.font_scale);
  ui.presenting = present;
  ui.present_view = view_arg == "keys" ? 1 : view_arg == "record" ? 2 : 0;
  ui.applied_scale = ui.effective_scale(float(settings.height));
  if (!gui::load_fonts(assets_dir(), ui.applied_scale, nullptr))
    std::fprintf(stderr, "tlslab-gui: DejaVu fonts not found under %s/fonts; using the built-in font\n", assets_dir().c_str());
  gui::apply_theme(ui.effective_theme(), ui.applied_scale);
  glfwSetWindowTitle(window, gui::tr("app.title"));

  using K = gui::Command::Kind;
  if (imported) app.open_trace(std::move(*imported), open_arg);
  if (compare_opts) app.compare_with(*compare_opts, compare_opts->name.empty() ? compare_arg : compare_opts->name);
  if (bench) return run_bench(window, app, bench_frames, bench_events);
  if (shot) app.finish_pending();
  if (step >= 0) app.push(gui::Command::of(K::goto_step, step));
  else if (shot) app.push(gui::Command::of(K::run_to_end));
  if (select >= 0) app.push(gui::Command::of(K::select_event, select));
  if (!derivation_arg.empty()) {
    gui::Command c = gui::Command::of(K::focus_derivation);
    c.text = derivation_arg;
    app.push(c);
  }
  // Lessons: progress is the user's (screenshots included: a lesson shown is a step reached).
  if (!bench) app.set_progress_path(gui::lesson_progress_path());
  if (!lesson_arg.empty()) {
    // The lesson decides the run and the step; it comes after --step and --select.
    gui::Command c = gui::Command::of(K::lesson_open, lesson_step > 0 ? lesson_step - 1 : 0);
    c.text = lesson_arg;
    app.push(c);
  }
  if (png_width) ui.png_width = png_width;
  if (!png_theme.empty()) ui.png_theme = png_theme == "dark" ? gui::ThemeKind::dark : gui::ThemeKind::light;
  for (auto& kind : exports) {
    static const char* const kinds[] = {"trace", "keylog", "pcapng", "svg", "report", "png"};
    long n = long(std::find(std::begin(kinds), std::end(kinds), kind) - std::begin(kinds));
    gui::Command c = gui::Command::of(K::export_file, n);
    c.text = export_dir.empty() ? app.ui().export_dir : export_dir;
    app.push(c);
  }

  std::vector<std::string> drawn;
  int frame = 0;
  int status = 0;
  double last = glfwGetTime();
  gui::Lang title_lang = settings.lang;
  while (!glfwWindowShouldClose(window)) {
    if (shot || ui.playing) glfwPollEvents();
    else glfwWaitEventsTimeout(0.1);
    double now = glfwGetTime();
    app.update(now - last);
    last = now;
    app.apply_commands();
    // A lesson's step can start a run that computes off the frame loop: a screenshot waits for it.
    if (shot) app.finish_pending();
    if (app.quit_requested()) break;
    if (app.take_style_dirty()) {
      int ww = 0, wh = 0;
      glfwGetWindowSize(window, &ww, &wh);
      ui.applied_scale = ui.effective_scale(float(wh));
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      gui::load_fonts(assets_dir(), ui.applied_scale, nullptr);
      ImGui_ImplOpenGL3_CreateFontsTexture();
      gui::apply_theme(ui.effective_theme(), ui.applied_scale);
    }
    if (gui::lang() != title_lang) {
      title_lang = gui::lang();
      glfwSetWindowTitle(window, gui::tr("app.title"));
    }

    const bool last_frame = shot && frame == frames - 1;
    if (last_frame && !dump_ui.empty()) gui::set_tr_recorder(&drawn);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // A screenshot shows no tooltip of wherever the display's pointer happens to be.
    if (shot) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    app.set_text_capture(last_frame && !dump_ui.empty() ? &drawn : nullptr);
    app.draw();
    ImGui::Render();
    gui::set_tr_recorder(nullptr);
    int fw = 0, fh = 0;
    render_draw_data(window, &fw, &fh);
    if (!ui.pending_ladder_png.empty()) {  // Export > Write ladder (PNG): the whole ladder, offscreen
      std::string why;
      bool ok = gui::write_ladder_png(ui.pending_ladder_png, app.trace(),
                                      {ui.png_width, ui.png_theme, gui::lang(), assets_dir() + "/fonts"}, &why);
      if (!ok) std::fprintf(stderr, "tlslab-gui: ladder PNG: %s\n", why.c_str());
      ui.export_ok = ok;
      ui.export_status = ok ? gui::label_value(gui::tr("export.written"), ui.pending_ladder_png)
                            : gui::label_value(gui::tr("export.failed"), why);
      ui.pending_ladder_png.clear();
    }
    if (last_frame) {
      if (!write_png(screenshot, fw, fh)) {
        std::fprintf(stderr, "tlslab-gui: cannot write %s\n", screenshot.c_str());
        status = 1;
      }
      if (!dump_ui.empty()) {
        std::ostringstream f;
        std::set<std::string> seen;
        f << "step " << ui.step << " of " << ui.total_steps << "\n";
        f << "selected_event " << ui.sel.event << "\n";
        f << "lang " << gui::lang_code(gui::lang()) << "\n";
        f << "font_px " << int(std::lround(ImGui::GetIO().FontDefault ? ImGui::GetIO().FontDefault->FontSize : ImGui::GetFontSize())) << "\n";
        for (auto& s : drawn)
          if (seen.insert(s).second) f << s << "\n";
        // The labels drawn shortened to fit (widgets::fit_text), whole: a layout test wants none.
        f << "--- cut labels ---\n";
        for (auto& s : gui::widgets::cuts()) f << s << "\n";
        sim::Status written = sim::write_file_atomic(dump_ui, f.str());
        if (!written) {
          std::fprintf(stderr, "tlslab-gui: %s\n", written.error().reason.c_str());
          status = 1;
        }
      }
      break;
    }
    glfwSwapBuffers(window);
    ++frame;
  }

  if (!shot) {
    gui::Settings out;
    glfwGetWindowSize(window, &out.width, &out.height);
    out.font_scale = ui.font_scale;
    out.theme = ui.theme;
    out.lang = gui::lang();
    gui::save_settings(settings_file, out);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

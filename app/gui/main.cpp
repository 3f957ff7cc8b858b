// tlslab-gui: GLFW + OpenGL 3.3 + Dear ImGui bootstrap and the frame loop. Everything else is
// in App (state and commands) and the panels (drawing).
//
//   tlslab-gui [--step N] [--select EVENT] [--lang fr|en] [--theme light|dark] [--scale F]
//              [--size WxH] [--seed N] [--suite NAME]... [--group NAME]...
//              [--screenshot FILE.png [--frames N] [--dump-ui FILE]]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
#include "i18n.hpp"
#include "settings.hpp"
#include "theme.hpp"
#include "wire/enums.hpp"

#ifndef TLSLAB_ASSETS_DIR
#define TLSLAB_ASSETS_DIR "assets"
#endif

namespace {

std::string assets_dir() {
  if (const char* e = std::getenv("TLSLAB_ASSETS_DIR"); e && *e) return e;
  return TLSLAB_ASSETS_DIR;
}

bool write_png(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  // OpenGL's origin is bottom-left; PNG rows go top-down.
  std::vector<unsigned char> flipped(px.size());
  const size_t row = size_t(w) * 4;
  for (int y = 0; y < h; ++y) std::copy_n(&px[size_t(h - 1 - y) * row], row, &flipped[size_t(y) * row]);
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;  // opaque
  return stbi_write_png(path.c_str(), w, h, 4, flipped.data(), int(row)) != 0;
}

void glfw_error(int code, const char* msg) { std::fprintf(stderr, "tlslab-gui: GLFW error %d: %s\n", code, msg); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"tlslab-gui: step through real TLS handshakes and see every message, key and record"};
  std::string screenshot, size_arg, lang_arg, theme_arg, dump_ui;
  int frames = 4;
  long step = -1, select = -1;
  float scale = 0;
  uint64_t seed = 1;
  std::vector<std::string> suites, groups;
  cli.add_option("--screenshot", screenshot, "render, write this PNG and exit");
  cli.add_option("--frames", frames, "frames to render before the screenshot (default 4)")->check(CLI::Range(1, 1000));
  cli.add_option("--size", size_arg, "window size WxH (default: remembered, or 1600x900)");
  cli.add_option("--step", step, "go to this step (default 0; the end with --screenshot)");
  cli.add_option("--select", select, "select this event (record index)");
  cli.add_option("--lang", lang_arg, "UI language: en or fr")->check(CLI::IsMember({"en", "fr"}));
  cli.add_option("--theme", theme_arg, "light (projector) or dark")->check(CLI::IsMember({"light", "dark"}));
  cli.add_option("--scale", scale, "text scale, e.g. 1.5")->check(CLI::Range(0.6, 3.0));
  cli.add_option("--seed", seed, "scenario seed (default 1)");
  cli.add_option("--suite", suites, "cipher suite both sides use (repeatable)");
  cli.add_option("--group", groups, "group both sides use (repeatable)");
  cli.add_option("--dump-ui", dump_ui, "with --screenshot: also write the UI strings drawn in the last frame");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = cli.exit(e);
    return code == 0 ? 0 : 2;  // like tlslab: bad usage exits with 2
  }

  sim::ScenarioOptions opts;
  opts.seed = seed;
  if (!suites.empty()) {
    opts.client_suites.clear();
    for (auto& s : suites) {
      auto* info = sim::suite_by_name(s);
      if (!info) {
        std::fprintf(stderr, "tlslab-gui: unknown cipher suite '%s' (see tlslab list suites)\n", s.c_str());
        return 2;
      }
      opts.client_suites.push_back(info->id);
    }
    opts.server_suites = opts.client_suites;
  }
  if (!groups.empty()) {
    opts.client_groups.clear();
    for (auto& g : groups) {
      auto ng = sim::group_by_name(g);
      if (!ng) {
        std::fprintf(stderr, "tlslab-gui: unknown group '%s' (see tlslab list groups)\n", g.c_str());
        return 2;
      }
      opts.client_groups.push_back(*ng);
    }
    opts.server_groups = opts.client_groups;
  }

  const bool shot = !screenshot.empty();
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
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330");

  gui::set_lang(settings.lang);
  gui::App app(opts);
  gui::UiState& ui = app.ui();
  ui.theme = settings.theme;
  ui.font_scale = gui::clamp_scale(settings.font_scale);
  if (!gui::load_fonts(assets_dir(), ui.font_scale, nullptr))
    std::fprintf(stderr, "tlslab-gui: DejaVu fonts not found under %s/fonts; using the built-in font\n", assets_dir().c_str());
  gui::apply_theme(ui.theme, ui.font_scale);
  glfwSetWindowTitle(window, gui::tr("app.title"));

  using K = gui::Command::Kind;
  if (step >= 0) app.push(gui::Command::of(K::goto_step, step));
  else if (shot) app.push(gui::Command::of(K::run_to_end));
  if (select >= 0) app.push(gui::Command::of(K::select_event, select));

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
    if (app.quit_requested()) break;
    if (app.take_style_dirty()) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      gui::load_fonts(assets_dir(), ui.font_scale, nullptr);
      ImGui_ImplOpenGL3_CreateFontsTexture();
      gui::apply_theme(ui.theme, ui.font_scale);
    }
    if (gui::lang() != title_lang) {
      title_lang = gui::lang();
      glfwSetWindowTitle(window, gui::tr("app.title"));
    }

    const bool last_frame = shot && frame == frames - 1;
    if (last_frame && !dump_ui.empty()) gui::set_tr_recorder(&drawn);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app.draw();
    ImGui::Render();
    gui::set_tr_recorder(nullptr);
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (last_frame) {
      if (!write_png(screenshot, fw, fh)) {
        std::fprintf(stderr, "tlslab-gui: cannot write %s\n", screenshot.c_str());
        status = 1;
      }
      if (!dump_ui.empty()) {
        std::ofstream f(dump_ui);
        std::set<std::string> seen;
        f << "step " << ui.step << " of " << ui.total_steps << "\n";
        f << "selected_event " << ui.sel.event << "\n";
        f << "lang " << gui::lang_code(gui::lang()) << "\n";
        for (auto& s : drawn)
          if (seen.insert(s).second) f << s << "\n";
        if (!f) status = 1;
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

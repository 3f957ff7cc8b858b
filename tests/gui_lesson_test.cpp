// The GUI's lessons: the progress file (written whole or not at all, read back, bad files
// ignored), and lecture mode on every lesson found: `tlslab-gui --lesson ID --present
// --lesson-step N` at 1280x720, scale 1.5, in French, draws a real picture whose text holds the
// step's French part title and prompt or narration, none of it cut to fit;
// and the step shown is recorded as reached in $XDG_CONFIG_HOME/tlslab/lessons.json. The
// expected texts are read from the lesson files with a JSON parser of their own, not from the
// GUI's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/lesson_progress.hpp"
#include "test_util.hpp"

#ifdef TLSLAB_GUI_BIN
#include <stb/stb_image.h>
#endif

namespace fs = std::filesystem;

TEST(GuiLesson, ProgressIsWrittenWholeAndReadBack) {
  auto dir = testutil::temp_dir("lesson-progress");
  fs::path file = dir / "tlslab" / "lessons.json";
  gui::LessonProgress p;
  auto& r = p.lessons["ssl3-handshake"];
  r.current = 4;
  r.reached = 6;
  r.count = 9;
  r.answered["predict-suite"] = gui::LessonAnswer{true, 2};
  p.lessons["why-tls"].reached = 3;
  p.lessons["why-tls"].count = 3;
  ASSERT_TRUE(gui::save_lesson_progress(file.string(), p));
  // Nothing but the file itself is left in its folder (the temporary one was renamed over it).
  size_t files = 0;
  for (auto& e : fs::directory_iterator(file.parent_path())) files += e.is_regular_file(), (void)e;
  EXPECT_EQ(files, 1u);
  // An independent reading of what was written.
  auto j = nlohmann::json::parse(testutil::read_file(file));
  EXPECT_EQ(j["lessons"]["ssl3-handshake"]["step"], 5);  // 1-based, as "step 5 of 9"
  EXPECT_EQ(j["lessons"]["ssl3-handshake"]["reached"], 6);
  EXPECT_EQ(j["lessons"]["ssl3-handshake"]["answered"]["predict-suite"]["correct"], true);
  EXPECT_EQ(j["lessons"]["why-tls"]["finished"], true);
  EXPECT_EQ(j["lessons"]["ssl3-handshake"]["finished"], false);

  gui::LessonProgress back = gui::load_lesson_progress(file.string());
  ASSERT_EQ(back.lessons.size(), 2u);
  EXPECT_EQ(back.lessons["ssl3-handshake"].current, 4u);
  EXPECT_EQ(back.lessons["ssl3-handshake"].reached, 6u);
  EXPECT_EQ(back.lessons["ssl3-handshake"].answered["predict-suite"].attempts, 2);
  EXPECT_TRUE(back.lessons["why-tls"].finished());

  // A broken file is no progress, not a crash; a bad entry is skipped, the others kept.
  EXPECT_TRUE(gui::lesson_progress_from_json_text("{not json").lessons.empty());
  auto mixed = gui::lesson_progress_from_json_text(R"({"lessons": {"a": 3, "b": {"reached": 2, "steps": 5}}})");
  EXPECT_EQ(mixed.lessons.count("a"), 0u);
  EXPECT_EQ(mixed.lessons["b"].reached, 2u);
  // A folder that cannot be created: false, nothing thrown.
  testutil::write_file(dir / "plain", "x");
  EXPECT_FALSE(gui::save_lesson_progress((dir / "plain" / "sub" / "lessons.json").string(), p));
}

#ifdef TLSLAB_GUI_BIN

namespace {

bool xvfb() { return testutil::run("command -v xvfb-run >/dev/null 2>&1").status == 0; }

struct LessonFile {
  fs::path path;
  nlohmann::json j;
};

// Every shipped lesson that parses as JSON, and the GUI tests' own sample.
std::vector<LessonFile> lesson_files() {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(fs::path(TLSLAB_SOURCE_DIR) / "lessons", ec))
    if (e.path().extension() == ".json") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  paths.push_back(fs::path(TLSLAB_SOURCE_DIR) / "tests" / "data" / "lessons" / "gui-sample.json");
  std::vector<LessonFile> out;
  for (auto& p : paths) {
    auto j = nlohmann::json::parse(testutil::read_file(p), nullptr, false);
    if (j.is_object()) out.push_back({p, j});
  }
  return out;
}

// The steps of all parts in order, each with its part's French title.
std::vector<std::pair<nlohmann::json, std::string>> steps_of(const nlohmann::json& lesson) {
  std::vector<std::pair<nlohmann::json, std::string>> v;
  for (auto& part : lesson["parts"])
    for (auto& s : part["steps"]) v.emplace_back(s, part["title"]["fr"].get<std::string>());
  return v;
}

// Spaces and line breaks as one space: the dump breaks wrapped text into lines.
std::string squeeze(std::string s) {
  // French text keeps its spaces before ; : ! ? with a no-break space (U+00A0) on screen.
  for (size_t at; (at = s.find("\u00a0")) != std::string::npos;) s.replace(at, 2, " ");
  std::string o;
  for (char c : s) {
    bool sp = c == ' ' || c == '\n' || c == '\t';
    if (sp && (o.empty() || o.back() == ' ')) continue;
    o += sp ? ' ' : c;
  }
  return o;
}

// The first words of a narration, before any marked span: plain text as the panel draws it.
std::string first_words(const std::string& narration, size_t n) {
  std::string plain = narration.substr(0, narration.find_first_of("*`\n"));
  if (plain.rfind("- ", 0) == 0) plain = plain.substr(2);
  std::istringstream in(plain);
  std::string w, out;
  for (size_t i = 0; i < n && in >> w; ++i) out += (out.empty() ? "" : " ") + w;
  return out;
}

struct Picture {
  int w = 0, h = 0;
  size_t distinct = 0;  // distinct colours (a blank or one-colour frame has 1)
};

Picture picture(const fs::path& png) {
  Picture p;
  int n = 0;
  unsigned char* px = stbi_load(png.string().c_str(), &p.w, &p.h, &n, 3);
  if (!px) return p;
  std::vector<uint32_t> colours;
  for (size_t i = 0; i < size_t(p.w) * size_t(p.h); i += 7)
    colours.push_back(uint32_t(px[i * 3]) << 16 | uint32_t(px[i * 3 + 1]) << 8 | px[i * 3 + 2]);
  stbi_image_free(px);
  std::sort(colours.begin(), colours.end());
  p.distinct = size_t(std::unique(colours.begin(), colours.end()) - colours.begin());
  return p;
}

}  // namespace

TEST(GuiLesson, LectureModeShowsEachLessonsStepInFrenchUncut) {
  if (!xvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  auto dir = testutil::temp_dir("gui-lesson");
  auto lessons = lesson_files();
  ASSERT_FALSE(lessons.empty());
  for (auto& l : lessons) {
    SCOPED_TRACE(l.path.string());
    auto steps = steps_of(l.j);
    ASSERT_FALSE(steps.empty());
    // A step with a question shows its prompt (a prediction's as a slide); else the second step.
    size_t at = steps.size() > 1 ? 1 : 0;
    for (size_t i = 0; i < steps.size(); ++i)
      if (steps[i].first.contains("question")) {
        at = i;
        break;
      }
    const auto& st = steps[at].first;
    std::string expect = st.contains("question") ? st["question"]["prompt"]["fr"].get<std::string>()
                                                 : first_words(st["text"]["fr"].get<std::string>(), 4);
    std::string id = l.j.value("id", l.path.stem().string());
    fs::path png = dir / (id + ".png"), txt = dir / (id + ".txt");
    auto r = testutil::run("XDG_CONFIG_HOME=" + testutil::shell_quote((dir / "config").string()) +
                           " xvfb-run -a -s '-screen 0 1920x1080x24' " + std::string(TLSLAB_GUI_BIN) +
                           " --size 1280x720 --scale 1.5 --lang fr --present --lesson " +
                           testutil::shell_quote(l.path.string()) + " --lesson-step " + std::to_string(at + 1) +
                           " --screenshot " + png.string() + " --dump-ui " + txt.string() + " 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
    Picture p = picture(png);
    EXPECT_EQ(p.w, 1280);
    EXPECT_EQ(p.h, 720);
    EXPECT_GT(p.distinct, 20u) << "a blank picture";
    std::string ui = testutil::read_file(txt);
    std::string flat = squeeze(ui);
    EXPECT_NE(ui.find("lang fr"), std::string::npos);
    EXPECT_NE(flat.find(squeeze(steps[at].second)), std::string::npos) << "the part's title\n" << ui;
    EXPECT_NE(flat.find(squeeze(expect)), std::string::npos) << "'" << expect << "' not on screen\n" << ui;
    EXPECT_NE(flat.find("Étape " + std::to_string(at + 1) + " sur " + std::to_string(steps.size())), std::string::npos)
        << ui;
    size_t marker = ui.find("--- cut labels ---\n");
    ASSERT_NE(marker, std::string::npos);
    // Nothing is shortened to fit: not the lesson, not the ladder (a three-lane run's record names
    // reach past their arrows, over the neighbouring lane).
    std::vector<std::string> lesson_texts = {l.j["title"]["fr"].get<std::string>(), steps[at].second};
    if (st.contains("question")) {
      lesson_texts.push_back(st["question"]["prompt"]["fr"].get<std::string>());
      for (auto& o : st["question"].value("options", nlohmann::json::array()))
        lesson_texts.push_back(o.is_string() ? o.get<std::string>()
                               : o.contains("fr") ? o["fr"].get<std::string>()
                               : o.contains("text") && o["text"].is_object() ? o["text"]["fr"].get<std::string>()
                               : o.value("text", std::string()));
    }
    std::istringstream cuts(ui.substr(marker + 19));
    for (std::string c; std::getline(cuts, c);) {
      if (c.empty()) continue;
      bool ours = false;
      for (auto& t : lesson_texts) ours |= !t.empty() && (c.find(t) != std::string::npos || t.find(c) != std::string::npos);
      for (const char* key : {"Étape ", "Précédent", "Suivant", "Révéler", "Prédisez", "Question"}) ours |= c.rfind(key, 0) == 0;
      if (ours) ADD_FAILURE() << "lesson text cut to fit: " << c;
      else ADD_FAILURE() << id << ": the ladder shortens '" << c << "'";
    }
  }
}

TEST(GuiLesson, TheStepShownIsSavedAsReachedInTheUsersConfigFolder) {
  if (!xvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  auto dir = testutil::temp_dir("gui-lesson-progress");
  fs::path sample = fs::path(TLSLAB_SOURCE_DIR) / "tests" / "data" / "lessons" / "gui-sample.json";
  auto run = [&](int step) {
    auto r = testutil::run("XDG_CONFIG_HOME=" + testutil::shell_quote((dir / "config").string()) +
                           " xvfb-run -a -s '-screen 0 1920x1080x24' " + std::string(TLSLAB_GUI_BIN) +
                           " --size 1024x768 --lang fr --lesson " + testutil::shell_quote(sample.string()) +
                           " --lesson-step " + std::to_string(step) + " --screenshot " + (dir / "p.png").string() + " 2>&1");
    EXPECT_EQ(r.status, 0) << r.output;
    return nlohmann::json::parse(testutil::read_file(dir / "config" / "tlslab" / "lessons.json"), nullptr, false);
  };
  auto j = run(3);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["lessons"]["gui-sample"]["step"], 3) << j.dump();
  EXPECT_EQ(j["lessons"]["gui-sample"]["reached"], 3) << j.dump();
  EXPECT_EQ(j["lessons"]["gui-sample"]["steps"], 4) << j.dump();
  // Going back keeps the furthest step reached.
  j = run(1);
  EXPECT_EQ(j["lessons"]["gui-sample"]["step"], 1) << j.dump();
  EXPECT_EQ(j["lessons"]["gui-sample"]["reached"], 3) << j.dump();
}

#endif  // TLSLAB_GUI_BIN

// tlslab-gui run headless under xvfb-run: --screenshot writes a PNG of the requested size that
// is not blank, and --step, --select, --lang and --theme change what is drawn. --dump-ui lists
// the UI strings drawn in the last frame, so the panels and the language can be checked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <stb/stb_image.h>

#include "test_util.hpp"

#ifdef TLSLAB_GUI_BIN

namespace {

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  bool ok() const { return w > 0 && h > 0; }
  double mean() const {
    double s = 0;
    for (auto c : rgb) s += c;
    return rgb.empty() ? 0 : s / double(rgb.size());
  }
  double variance() const {
    double m = mean(), v = 0;
    for (auto c : rgb) v += (c - m) * (c - m);
    return rgb.empty() ? 0 : v / double(rgb.size());
  }
  // Fraction of pixels that differ from another image of the same size, in a region given as
  // fractions of the width and height.
  double diff(const Image& o, double x0 = 0, double y0 = 0, double x1 = 1, double y1 = 1) const {
    if (w != o.w || h != o.h) return 1.0;
    size_t n = 0, d = 0;
    for (int y = int(y0 * h); y < int(y1 * h); ++y)
      for (int x = int(x0 * w); x < int(x1 * w); ++x) {
        size_t i = (size_t(y) * w + x) * 3;
        ++n;
        if (rgb[i] != o.rgb[i] || rgb[i + 1] != o.rgb[i + 1] || rgb[i + 2] != o.rgb[i + 2]) ++d;
      }
    return n ? double(d) / double(n) : 0;
  }
};

Image load(const std::string& path) {
  Image im;
  int n = 0;
  unsigned char* px = stbi_load(path.c_str(), &im.w, &im.h, &n, 3);
  if (!px) return Image{};
  im.rgb.assign(px, px + size_t(im.w) * im.h * 3);
  stbi_image_free(px);
  return im;
}

bool have_xvfb() { return testutil::run("command -v xvfb-run >/dev/null 2>&1").status == 0; }

struct Shot {
  int status = -1;
  std::string output;
  Image image;
  std::string ui;  // --dump-ui text
};

Shot shoot(const std::string& name, const std::string& args) {
  static auto dir = testutil::temp_dir("gui");
  auto png = dir / (name + ".png"), txt = dir / (name + ".txt");
  std::string cmd = "xvfb-run -a -s '-screen 0 1920x1080x24' " + std::string(TLSLAB_GUI_BIN) + " --screenshot " +
                    png.string() + " --dump-ui " + txt.string() + " " + args + " 2>&1";
  Shot s;
  auto r = testutil::run(cmd);
  s.status = r.status;
  s.output = r.output;
  s.image = load(png.string());
  s.ui = testutil::read_file(txt);
  return s;
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

class GuiHeadless : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  }
};

TEST_F(GuiHeadless, ScreenshotHasTheSizeAndShowsEveryPanel) {
  auto s = shoot("en720", "--size 1280x720 --step 5 --select 5");
  ASSERT_EQ(s.status, 0) << s.output;
  ASSERT_TRUE(s.image.ok());
  EXPECT_EQ(s.image.w, 1280);
  EXPECT_EQ(s.image.h, 720);
  EXPECT_GT(s.image.variance(), 200.0) << "the screenshot looks blank";
  for (const char* title : {"Scenario", "Controls", "Ladder diagram", "Inspector", "Bytes", "Keys and derivations",
                            "Record protection", "Alerts and log", "Export"})
    EXPECT_TRUE(has(s.ui, std::string(title) + "\n")) << title << "\n" << s.ui;
  EXPECT_TRUE(has(s.ui, "step 5 of 14")) << s.ui;
  EXPECT_TRUE(has(s.ui, "selected_event 5")) << s.ui;
}

TEST_F(GuiHeadless, FrenchStepsSelectionAndThemesChangeTheImage) {
  auto en = shoot("en", "--step 8 --select 7");
  auto fr = shoot("fr", "--step 8 --select 7 --lang fr");
  auto other = shoot("sel", "--step 8 --select 2");
  auto start = shoot("start", "--step 0");
  auto light = shoot("light", "--step 8 --select 7 --theme light");
  for (auto* s : {&en, &fr, &other, &start, &light}) {
    ASSERT_EQ(s->status, 0) << s->output;
    ASSERT_TRUE(s->image.ok());
    EXPECT_EQ(s->image.w, 1920);
    EXPECT_EQ(s->image.h, 1080);
  }
  // French: the panel titles come from the French table, and the English ones are gone.
  for (const char* t : {"Diagramme en échelle", "Inspecteur", "Octets", "Clés et dérivations", "Alertes et journal",
                        "Protection des enregistrements", "Scénario"})
    EXPECT_TRUE(has(fr.ui, std::string(t) + "\n")) << t;
  EXPECT_FALSE(has(fr.ui, "Ladder diagram\n"));
  EXPECT_TRUE(has(fr.ui, "lang fr"));
  EXPECT_GT(en.image.diff(fr.image), 0.005);

  // Another selected record: the Inspector/Bytes area (right half, top) changes.
  EXPECT_TRUE(has(other.ui, "selected_event 2"));
  EXPECT_GT(en.image.diff(other.image, 0.5, 0.05, 1.0, 0.5), 0.01);
  // Step 0: only the ClientHello in the ladder; no derivation yet.
  EXPECT_TRUE(has(start.ui, "step 0 of 14"));
  EXPECT_TRUE(has(start.ui, "No key derivation yet")) << start.ui;
  EXPECT_GT(en.image.diff(start.image), 0.01);
  // The projector theme is much brighter.
  EXPECT_GT(light.image.mean(), en.image.mean() + 60);
}

TEST_F(GuiHeadless, BadArgumentsExitWith2) {
  for (const char* args : {"--size banana", "--lang de", "--theme pink", "--suite TLS_NOPE", "--frobnicate"}) {
    auto r = testutil::run(std::string(TLSLAB_GUI_BIN) + " " + args + " 2>&1");
    EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
  }
}

#endif  // TLSLAB_GUI_BIN

// The layout reads at the sizes a lecture hall uses: tlslab-gui in French, at 1280x720 with
// --scale 1.5, at 1024x768 with --scale 1.0 and in presenter mode at 1280x720, on the built-in
// SSL 3.0, TLS 1.2 and TLS 1.3 scenarios, shortens no label to fit. Every label that can be too
// long goes through widgets::fit_text, which records the whole text it had to cut; --dump-ui
// lists them under "--- cut labels ---". A window far too small for its text must list some
// (the check can fail).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.hpp"
#include "trace/trace_io.hpp"

#ifdef TLSLAB_GUI_BIN

namespace {

const char kMarker[] = "--- cut labels ---";

struct Dump {
  std::string text;
  std::vector<std::string> cut;  // the lines after the marker
  bool has_marker = false;
};

Dump dump(const std::string& name, const std::string& args) {
  static auto dir = testutil::temp_dir("gui-layout");
  auto png = dir / (name + ".png"), txt = dir / (name + ".txt");
  auto r = testutil::run("xvfb-run -a -s '-screen 0 1920x1080x24' " + std::string(TLSLAB_GUI_BIN) + " --screenshot " +
                         png.string() + " --dump-ui " + txt.string() + " --lang fr " + args + " 2>&1");
  EXPECT_EQ(r.status, 0) << args << "\n" << r.output;
  Dump d;
  d.text = testutil::read_file(txt);
  std::istringstream in(d.text);
  for (std::string l; std::getline(in, l);) {
    if (l == kMarker) d.has_marker = true;
    else if (d.has_marker && !l.empty()) d.cut.push_back(l);
  }
  return d;
}

bool xvfb() { return testutil::run("command -v xvfb-run >/dev/null 2>&1").status == 0; }

}  // namespace

TEST(GuiLayout, NoLabelIsCutAtLectureHallSizesInFrench) {
  if (!xvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  const char* scenarios[] = {"ssl3-rsa-rc4", "tls12-ecdhe-x25519", "tls13-full"};
  const char* layouts[] = {"--size 1280x720 --scale 1.5", "--size 1024x768 --scale 1.0", "--size 1280x720 --present",
                           "--size 1280x720 --present --view keys --derivation client/master_secret",
                           "--size 1280x720 --present --view record --select 4"};
  int n = 0;
  for (const char* sc : scenarios)
    for (const char* layout : layouts) {
      std::string args = std::string("--scenario ") + sc + " " + layout;
      SCOPED_TRACE(args);
      Dump d = dump("case" + std::to_string(n++), args);
      ASSERT_TRUE(d.has_marker) << d.text;
      EXPECT_NE(d.text.find("lang fr"), std::string::npos);
      for (auto& c : d.cut) ADD_FAILURE() << "label cut to fit: " << c;
    }
}

TEST(GuiLayout, ATooSmallWindowReportsItsCutLabels) {
  if (!xvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  // 640x480 at scale 2.5: the ladder's arrows cannot hold "ServerHelloDone"-sized names.
  Dump d = dump("small", "--scenario ssl3-rsa-rc4 --size 640x480 --scale 2.5");
  ASSERT_TRUE(d.has_marker) << d.text;
  EXPECT_FALSE(d.cut.empty()) << "nothing recorded as cut in a 640x480 window at scale 2.5";
}

TEST(GuiLayout, PresenterModeUsesLargeTextAndTheChosenDetailView) {
  if (!xvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  Dump d = dump("present", "--scenario ssl3-rsa-rc4 --size 1280x720 --present");
  // The three detail views are offered as switches; only the ladder and one panel are drawn.
  EXPECT_NE(d.text.find("Inspecteur"), std::string::npos);
  EXPECT_NE(d.text.find("Clés et dérivations"), std::string::npos);
  EXPECT_NE(d.text.find("Protection des enregistrements"), std::string::npos);
  EXPECT_EQ(d.text.find("Alertes et journal"), std::string::npos) << "the log panel is not part of the presenter layout";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(d.text, m, std::regex(R"(font_px (\d+))"))) << d.text;
  EXPECT_GE(std::stoi(m[1]), 24) << "body text below 24 px at 720 px in presenter mode";
  // Not presenting, the same window keeps the text size asked for.
  Dump normal = dump("normal", "--scenario ssl3-rsa-rc4 --size 1280x720");
  ASSERT_TRUE(std::regex_search(normal.text, m, std::regex(R"(font_px (\d+))"))) << normal.text;
  EXPECT_LT(std::stoi(m[1]), 24);
}

// One meaning of "step": the controls' "Pas N sur M" is the state after the network's N-th move;
// every record on screen is named by the step that sent it and the step that delivered it
// ("pas 4 \u2192 5"), none from after N, and the record selected is what step N did (sent or
// delivered at N), as the run's own trace says.
TEST(GuiLayout, StepMeansTheSameInTheControlsTheLadderAndTheSelection) {
  if (!xvfb()) GTEST_SKIP() << "xvfb-run is not installed";
  auto dir = testutil::temp_dir("gui-step");
  std::string json = (dir / "t.json").string();
  auto r = testutil::run(std::string(TLSLAB_BIN) + " run --scenario ssl3-rsa-rc4 --json " + json + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  auto trace = sim::trace_from_json_text(testutil::read_file(json));
  ASSERT_TRUE(trace.ok()) << trace.error().reason;
  uint32_t total = 0;
  for (auto& e : trace->events) total = std::max(total, e.delivered.value_or(e.step));
  ASSERT_GE(total, 8u);
  const std::regex span("^pas (\\d+)(?: \u2192 (\\d+))?$");  // UTF-8 bytes of the arrow
  for (uint32_t n : {1u, 4u, 5u, total}) {
    SCOPED_TRACE("step " + std::to_string(n));
    Dump d = dump("step" + std::to_string(n), "--scenario ssl3-rsa-rc4 --size 1920x1080 --step " + std::to_string(n));
    EXPECT_NE(d.text.find("step " + std::to_string(n) + " of " + std::to_string(total) + "\n"), std::string::npos) << d.text;
    EXPECT_NE(d.text.find("Pas " + std::to_string(n) + " sur " + std::to_string(total)), std::string::npos) << d.text;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(d.text, m, std::regex(R"(selected_event (\d+))")));
    const sim::Event& sel = trace->events.at(std::stoul(m[1]));
    EXPECT_TRUE(sel.step == n || sel.delivered == std::optional<uint32_t>(n))
        << "selected #" << m[1] << " was sent at " << sel.step << ", not at step " << n << " nor delivered then";
    bool names_n = false;
    int spans = 0;
    std::istringstream in(d.text);
    for (std::string l; std::getline(in, l) && l != kMarker;) {
      if (!std::regex_match(l, m, span)) continue;
      ++spans;
      uint32_t sent = uint32_t(std::stoul(m[1])), got = m[2].matched ? uint32_t(std::stoul(m[2])) : sent;
      EXPECT_LE(sent, n) << l;
      EXPECT_LE(got, n) << l << ": delivered after the step shown";
      EXPECT_LE(sent, got) << l;
      names_n |= sent == n || (m[2].matched && got == n);
    }
    EXPECT_GE(spans, 2) << d.text;
    EXPECT_TRUE(names_n) << "no record on the ladder says what step " << n << " did";
  }
}

#endif  // TLSLAB_GUI_BIN

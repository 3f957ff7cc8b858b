// tlslab-gui run headless under xvfb-run: --screenshot writes a PNG of the requested size that
// is not blank, and --step, --select, --lang and --theme change what is drawn. --dump-ui lists
// the UI strings drawn in the last frame, so the panels and the language can be checked.
#include <gtest/gtest.h>

#include <array>
#include <map>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <stb/stb_image.h>

#include "sim_fixtures.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

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
  EXPECT_TRUE(has(s.ui, "step 5 of 11")) << s.ui;
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
  EXPECT_TRUE(has(start.ui, "step 0 of 11"));
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


// ---- scenarios, imported traces, compare, benchmark --------------------------------------

#include <nlohmann/json.hpp>

TEST_F(GuiHeadless, OpensATraceWrittenByTlslabRun) {
  auto dir = testutil::temp_dir("gui-open");
  auto json = dir / "run.json";
  auto r = testutil::run(std::string(TLSLAB_BIN) + " run --seed 4 --json " + json.string() + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  auto s = shoot("open", "--open " + json.string() + " --step 1 --select 1");
  ASSERT_EQ(s.status, 0) << s.output;
  ASSERT_TRUE(s.image.ok());
  EXPECT_GT(s.image.variance(), 200.0);
  // The note replaces the scenario editor; the imported records are in the ladder.
  EXPECT_TRUE(has(s.ui, "Imported trace: " + json.string() + "\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "Back to the live simulation\n")) << s.ui;
  // The negotiated block is the engine's summary rows (sim/present), as `tlslab run` prints them.
  EXPECT_TRUE(has(s.ui, "\nextended master secret\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "\nsecure renegotiation\n")) << s.ui;
  EXPECT_FALSE(has(s.ui, "Cipher suites\n")) << "the scenario editor is replaced";
  EXPECT_TRUE(has(s.ui, "\nClientHello\n")) << s.ui;
  // The server's flight in one record: its four messages, or its first and a count when the
  // arrow is too short for all of them.
  EXPECT_TRUE(has(s.ui, "\nServerHello, Certificate, ServerKeyExchange, ServerHelloDone\n") ||
              has(s.ui, "\nServerHello +3\n"))
      << s.ui;
  EXPECT_TRUE(has(s.ui, "step 1 of ")) << s.ui;
  EXPECT_TRUE(has(s.ui, "selected_event 1")) << s.ui;
  // Step 1 of the imported run: the client has not answered yet (its records come later).
  EXPECT_FALSE(has(s.ui, "\nClientKeyExchange\n")) << s.ui;
  // French: the note is translated.
  auto fr = shoot("open-fr", "--open " + json.string() + " --lang fr");
  ASSERT_EQ(fr.status, 0) << fr.output;
  EXPECT_TRUE(has(fr.ui, "Trace importée : " + json.string() + "\n")) << fr.ui;
}

// A man in the middle's trace opens with a third lane between client and server: its header
// (in French) and its colour, which a run without an attacker does not show.
TEST_F(GuiHeadless, ManInTheMiddleTraceShowsTheAttackerLane) {
  auto dir = testutil::temp_dir("gui-mitm");
  sim::ScenarioOptions o;
  o.verify_certificate = false;
  sim::Simulation sim_run(o, simfix::mitm_attacker(o));
  sim_run.run_to_end();
  ASSERT_EQ(sim_run.trace().outcome.kind, sim::OutcomeKind::completed);
  auto json = dir / "mitm.json";
  testutil::write_file(json, sim::trace_json_text(sim_run.trace()));
  auto plain = dir / "plain.json";
  sim::Simulation alone(o);
  alone.run_to_end();
  testutil::write_file(plain, sim::trace_json_text(alone.trace()));
  // The dark theme's attacker colour (app/gui/theme.cpp), counted in the ladder.
  auto attacker_pixels = [](const Image& im) {
    size_t n = 0;
    for (size_t i = 0; i + 2 < im.rgb.size(); i += 3)
      if (im.rgb[i] == 200 && im.rgb[i + 1] == 120 && im.rgb[i + 2] == 255) ++n;
    return n;
  };
  auto m = shoot("mitm-fr", "--open " + json.string() + " --lang fr --size 1280x720");
  ASSERT_EQ(m.status, 0) << m.output;
  EXPECT_TRUE(has(m.ui, "\nAttaquant\n")) << m.ui;
  auto p = shoot("plain-fr", "--open " + plain.string() + " --lang fr --size 1280x720");
  ASSERT_EQ(p.status, 0) << p.output;
  EXPECT_FALSE(has(p.ui, "\nAttaquant\n")) << p.ui;
  EXPECT_GT(attacker_pixels(m.image), 300u);
  EXPECT_EQ(attacker_pixels(p.image), 0u);
}

TEST_F(GuiHeadless, BadTraceFileExitsWith2AndNamesTheJsonPath) {
  auto dir = testutil::temp_dir("gui-bad");
  auto json = dir / "run.json";
  auto r = testutil::run(std::string(TLSLAB_BIN) + " run --json " + json.string() + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  auto j = nlohmann::json::parse(testutil::read_file(json));
  j["events"][2]["step"] = "three";
  auto bad = dir / "bad.json";
  testutil::write_file(bad, j.dump());
  auto b = testutil::run(std::string(TLSLAB_GUI_BIN) + " --open " + bad.string() + " 2>&1");
  EXPECT_EQ(b.status, 2) << b.output;
  EXPECT_TRUE(has(b.output, "bad.json")) << b.output;
  EXPECT_TRUE(has(b.output, "events[2].step")) << b.output;
  auto missing = testutil::run(std::string(TLSLAB_GUI_BIN) + " --open " + (dir / "nope.json").string() + " 2>&1");
  EXPECT_EQ(missing.status, 2) << missing.output;
  EXPECT_TRUE(has(missing.output, "nope.json")) << missing.output;
}

TEST_F(GuiHeadless, ScenarioByNameAndBrokenScenarioFile) {
  auto s = shoot("scen", "--scenario tls12-rsa --size 1280x720 --step 3");
  ASSERT_EQ(s.status, 0) << s.output;
  EXPECT_TRUE(has(s.ui, "\ntls12-rsa\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "Save\u2026\n")) << s.ui;
  // RSA key transport: no ServerKeyExchange in the server's flight (one record, packed).
  EXPECT_TRUE(has(s.ui, "\nServerHello, Certificate, ServerHelloDone\n") || has(s.ui, "\nServerHello +2\n")) << s.ui;
  EXPECT_FALSE(has(s.ui, "\nServerHello, Certificate, ServerKeyExchange") || has(s.ui, "\nServerHello +3\n")) << s.ui;
  auto ecdhe = shoot("scen-ecdhe", "--scenario tls12-ecdhe-x25519 --size 1280x720 --step 3");
  ASSERT_EQ(ecdhe.status, 0) << ecdhe.output;
  EXPECT_TRUE(has(ecdhe.ui, "\nServerHello, Certificate, ServerKeyExchange, ServerHelloDone\n") ||
              has(ecdhe.ui, "\nServerHello +3\n"))
      << ecdhe.ui;

  auto dir = testutil::temp_dir("gui-scen");
  auto broken = dir / "broken.json";
  testutil::write_file(broken, R"({"format": "tlslab-scenario", "version": 1, "client_suites": ["TLS_FOO"]})");
  auto b = testutil::run(std::string(TLSLAB_GUI_BIN) + " --scenario " + broken.string() + " 2>&1");
  EXPECT_EQ(b.status, 2) << b.output;
  EXPECT_TRUE(has(b.output, "broken.json")) << b.output;
  EXPECT_TRUE(has(b.output, "client_suites")) << b.output;
  EXPECT_TRUE(has(b.output, "TLS_FOO")) << b.output;
  auto unknown = testutil::run(std::string(TLSLAB_GUI_BIN) + " --scenario no-such-scenario 2>&1");
  EXPECT_EQ(unknown.status, 2) << unknown.output;
  auto bad_cmp = testutil::run(std::string(TLSLAB_GUI_BIN) + " --compare " + broken.string() + " 2>&1");
  EXPECT_EQ(bad_cmp.status, 2) << bad_cmp.output;
}

// The Scenario panel's rows come from the engine's option table: a row that cannot apply to
// this run is disabled, with the engine's reason as its tooltip (--dump-ui lists the reason
// of each disabled row, as hovering is not possible headless).
TEST_F(GuiHeadless, ScenarioRowsThatCannotApplyAreDisabledWithTheReason) {
  auto s = shoot("disabled", "--scenario tls13-full --size 1280x720");
  ASSERT_EQ(s.status, 0) << s.output;
  EXPECT_TRUE(has(s.ui, "DEFLATE compression\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "Applies only to SSL 3.0 to TLS 1.2; this run is limited to TLS 1.3.\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "Applies only to TLS 1.0 to TLS 1.2; this run is limited to TLS 1.3.\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "0-RTT needs \"Resumption\" (a ticket from a first connection).\n")) << s.ui;
  auto fr = shoot("disabled-fr", "--scenario tls13-full --size 1280x720 --lang fr");
  ASSERT_EQ(fr.status, 0) << fr.output;
  EXPECT_TRUE(has(fr.ui, "Compression DEFLATE\n")) << fr.ui;
  EXPECT_TRUE(has(fr.ui, "Ne s'applique qu'à SSL 3.0 à TLS 1.2 ; cette exécution est limitée à TLS 1.3.\n")) << fr.ui;
  EXPECT_TRUE(has(fr.ui, "Le 0-RTT nécessite \u00ab\u00a0Reprise\u00a0\u00bb (un ticket d'une première connexion).\n")) << fr.ui;
  EXPECT_FALSE(has(fr.ui, "Applies only")) << fr.ui;
  // A TLS 1.2 client and a server up to TLS 1.3: the TLS 1.3 rows are shown, disabled.
  auto d = shoot("disabled13", "--scenario tls13-downgrade-negotiation --size 1280x720");
  ASSERT_EQ(d.status, 0) << d.output;
  EXPECT_TRUE(has(d.ui, "TLS 1.3 options\n")) << d.ui;
  EXPECT_TRUE(has(d.ui, "Applies only to TLS 1.3; this run is limited to TLS 1.2.\n")) << d.ui;
  EXPECT_TRUE(has(d.ui, "Applies only to TLS 1.3; this run is limited to TLS 1.2 (in TLS 1.2 the cipher suite picks the key: ECDHE_ECDSA suites use an ECDSA certificate).\n")) << d.ui;
  // Where everything applies, nothing is disabled.
  auto t12 = shoot("enabled12", "--scenario tls12-rsa --size 1280x720");
  ASSERT_EQ(t12.status, 0) << t12.output;
  EXPECT_FALSE(has(t12.ui, "Applies only")) << t12.ui;
}

TEST_F(GuiHeadless, CompareShowsTwoLaddersAndTheFirstDifference) {
  auto plain = shoot("cmp-none", "--scenario tls12-rsa");
  auto s = shoot("cmp", "--scenario tls12-rsa --compare tls12-client-auth");
  ASSERT_EQ(s.status, 0) << s.output;
  ASSERT_EQ(plain.status, 0) << plain.output;
  EXPECT_TRUE(has(s.ui, "Compare two runs\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "B: tls12-client-auth\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "First difference: row\n")) << s.ui;
  EXPECT_FALSE(has(plain.ui, "Compare two runs\n"));
  // The ladder column is wider and drawn twice: the left part of the image changes a lot.
  EXPECT_GT(s.image.diff(plain.image, 0.2, 0.1, 0.6, 0.6), 0.05);
  auto fr = shoot("cmp-fr", "--scenario tls12-rsa --compare tls12-client-auth --lang fr");
  ASSERT_EQ(fr.status, 0) << fr.output;
  EXPECT_TRUE(has(fr.ui, "Comparer deux exécutions\n")) << fr.ui;
  EXPECT_TRUE(has(fr.ui, "Première différence : ligne\n")) << fr.ui;
}

TEST_F(GuiHeadless, BenchmarkModePrintsFrameTimes) {
  auto r = testutil::run("xvfb-run -a -s '-screen 0 1920x1080x24' " + std::string(TLSLAB_GUI_BIN) + " --bench-frames 20 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(r.output, "frames 20: median ")) << r.output;
  auto pos = r.output.find("benchmark: ");
  ASSERT_NE(pos, std::string::npos) << r.output;
  const unsigned long events = std::stoul(r.output.substr(pos + 11));  // "benchmark: 1993 events"
  EXPECT_GE(events, 1900u) << r.output;
  EXPECT_LE(events, 2100u) << r.output;
  for (const char* k : {"step back: mean ", "step: mean ", "scenario change (live re-run): mean ",
                        "no rasterizer): median ", "live step back: at its start mean ", "as --open): "}) {
    auto p = r.output.find(k);
    ASSERT_NE(p, std::string::npos) << k << "\n" << r.output;
    double ms = std::stod(r.output.substr(p + std::string(k).size()));
    EXPECT_GT(ms, 0.0) << k;
  }
}

TEST_F(GuiHeadless, ExportButtonsWriteEveryFormatIncludingTheLadderAsPng) {
  auto dir = testutil::temp_dir("gui-export");
  auto s = shoot("export", "--step 10 --export trace --export keylog --export pcapng --export svg --export report "
                           "--export png --export-dir " + dir.string());
  ASSERT_EQ(s.status, 0) << s.output;
  std::map<std::string, std::filesystem::path> written;
  for (auto& e : std::filesystem::directory_iterator(dir)) written[e.path().extension().string()] = e.path();
  for (const char* ext : {".json", ".keys", ".pcapng", ".svg", ".html", ".png"})
    EXPECT_TRUE(written.count(ext)) << ext << " was not written";
  // The JSON trace is a trace; the key log has the CLIENT_RANDOM line.
  EXPECT_TRUE(has(testutil::read_file(written[".json"]), "\"format\": \"tlslab-trace\""));
  EXPECT_TRUE(has(testutil::read_file(written[".keys"]), "CLIENT_RANDOM "));
  // The PNG is the whole ladder drawn offscreen at the default width (1920), not the window's
  // panel: taller than the window for eleven events, and not blank.
  Image ladder = load(written[".png"].string());
  ASSERT_TRUE(ladder.ok());
  EXPECT_EQ(ladder.w, 1920);
  EXPECT_GT(ladder.h, 1080);
  EXPECT_GT(ladder.variance(), 200.0);
  std::filesystem::remove_all(dir);
}

// Issue 17 item 5: an export that cannot be written says so with the system's reason, in the
// UI's language, and never "Written" (before: "Failed" and the path, with no reason).
TEST_F(GuiHeadless, AFailedExportGivesTheSystemsReason) {
  auto s = shoot("export-fails", "--lang fr --export trace --export-dir /dev/null/x");
  ASSERT_EQ(s.status, 0) << s.output;
  EXPECT_TRUE(has(s.ui, "impossible d'écrire /dev/null/x/")) << s.ui;
  EXPECT_TRUE(has(s.ui, ".json : Not a directory")) << s.ui;
  EXPECT_FALSE(has(s.ui, "Écrit")) << s.ui;
}

namespace {

struct LadderPng {
  Image image;
  size_t events = 0;  // in the trace exported with it
};
// tlslab-gui --export png (and trace, to count the events drawn) into a fresh folder.
LadderPng ladder_png(const std::string& name, const std::string& args) {
  auto dir = testutil::temp_dir("gui-png-" + name);
  auto s = shoot("png-" + name, args + " --export png --export trace --export-dir " + dir.string());
  LadderPng out;
  EXPECT_EQ(s.status, 0) << s.output;
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".png") out.image = load(e.path().string());
    if (e.path().extension() == ".json")
      if (auto t = sim::trace_from_json_text(testutil::read_file(e.path())); t.ok()) out.events = t.value().events.size();
  }
  std::filesystem::remove_all(dir);
  return out;
}

// The colour of a pixel, for the background: the image's top-left and bottom-right corners.
std::array<int, 3> pixel(const Image& im, int x, int y) {
  size_t i = (size_t(y) * im.w + x) * 3;
  return {im.rgb[i], im.rgb[i + 1], im.rgb[i + 2]};
}

}  // namespace

// The whole-ladder PNG: exactly the chosen width, whatever the window; taller for a longer
// run; white (print) by default and dark on request; the same at any window size.
TEST_F(GuiHeadless, LadderPngIsTheWholeLadderAtTheChosenWidthAndTheme) {
  auto short_run = ladder_png("short", "--size 1280x720 --step 4");
  auto full = ladder_png("full", "--size 1280x720");
  auto wide = ladder_png("wide", "--size 1024x768 --png-width 2560");
  auto dark = ladder_png("dark", "--size 1280x720 --png-width 1280 --png-theme dark");
  auto longer = ladder_png("longer", "--size 1280x720 --scenario tls13-hello-retry");
  for (auto* p : {&short_run, &full, &wide, &dark, &longer}) {
    ASSERT_TRUE(p->image.ok());
    EXPECT_GT(p->events, 0u);
    EXPECT_GT(p->image.variance(), 200.0) << "blank ladder";
  }
  EXPECT_EQ(short_run.image.w, 1920);
  EXPECT_EQ(full.image.w, 1920);
  EXPECT_EQ(wide.image.w, 2560);
  EXPECT_EQ(dark.image.w, 1280);
  // More events, taller; the same events at a larger width, proportionally taller.
  ASSERT_LT(short_run.events, full.events);
  EXPECT_LT(short_run.image.h, full.image.h);
  ASSERT_LT(full.events, longer.events);
  EXPECT_LT(full.image.h, longer.image.h);
  EXPECT_NEAR(double(wide.image.h) / full.image.h, 2560.0 / 1920.0, 0.01);
  // Light by default: white corners; dark on request: dark corners.
  for (auto* p : {&short_run, &full, &wide, &longer})
    for (auto [x, y] : {std::pair{0, 0}, std::pair{p->image.w - 1, p->image.h - 1}}) {
      auto c = pixel(p->image, x, y);
      EXPECT_EQ(c, (std::array<int, 3>{255, 255, 255})) << x << "," << y;
    }
  auto c = pixel(dark.image, 0, 0);
  EXPECT_LT(c[0] + c[1] + c[2], 3 * 64);
  // Dark text on white: most pixels are the background, and some are dark (text, arrows).
  size_t darkish = 0;
  for (size_t i = 0; i < full.image.rgb.size(); i += 3) darkish += full.image.rgb[i] + full.image.rgb[i + 1] + full.image.rgb[i + 2] < 200;
  EXPECT_GT(darkish, 2000u);
}

// TLS 1.3 with a resumed second connection: the Keys panel draws the key schedule (RFC 8446
// 7.1 order, connection 2 after connection 1, transcripts named), the ladder a separator.
TEST_F(GuiHeadless, Tls13KeyScheduleAndTheResumedConnection) {
  auto dir = testutil::temp_dir("gui-tls13");
  auto scen = dir / "tls13-resume.json";
  testutil::write_file(scen, R"({"format": "tlslab-scenario", "version": 1, "name": "gui-test-tls13", "seed": 3,
    "client_versions": ["tls1.3", "tls1.3"], "server_versions": ["tls1.3", "tls1.3"],
    "resumption": "psk_dhe_ke", "early_data": "accepted"})");
  // Step 14 delivers connection 2's ClientHello: its early secret, binder and 0-RTT keys exist.
  auto s = shoot("tls13", "--scenario " + scen.string() + " --step 14");
  ASSERT_EQ(s.status, 0) << s.output;
  ASSERT_TRUE(s.image.ok());
  EXPECT_TRUE(has(s.ui, "Key schedule\n")) << s.ui;
  // The TLS 1.3 options offer the server's key type (the CertificateVerify scheme follows it).
  EXPECT_TRUE(has(s.ui, "Server key\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "RSA (rsa_pss_rsae_sha256)")) << s.ui;
  auto at = [&](const std::string& line, size_t from = 0) { return s.ui.find("\n" + line + "\n", from); };
  size_t es = at("early_secret"), de = at("derived_early"), hs = at("handshake_secret"), chts = at("client_handshake_traffic_secret"),
         ms = at("master_secret"), cats = at("client_application_traffic_secret_0"), rms = at("resumption_master_secret"),
         psk = at("ticket_psk_0");
  for (size_t p : {es, de, hs, chts, ms, cats, rms, psk}) ASSERT_NE(p, std::string::npos) << s.ui;
  EXPECT_LT(es, de);
  EXPECT_LT(de, hs);
  EXPECT_LT(hs, chts);
  EXPECT_LT(chts, ms);
  EXPECT_LT(ms, cats);
  EXPECT_LT(cats, rms);
  EXPECT_LT(rms, psk);
  // Connection 2 comes after the ticket PSK, and starts again from an early_secret whose IKM is
  // connection 1's ticket PSK (--dump-ui lists each string once: its other names are repeats).
  // The heading of connection 2 is the trace's (Trace::connections), in the ladder and in Keys.
  size_t c2 = s.ui.find("connection 2 (resumes connection 1 with its ticket)\n");
  ASSERT_NE(c2, std::string::npos) << s.ui;
  size_t ikm = s.ui.find("\n+ IKM = ticket_psk_0  (Connection 1)\n");
  EXPECT_NE(ikm, std::string::npos) << s.ui;
  EXPECT_GT(ikm, psk);
  EXPECT_NE(at("binder_key", ikm), std::string::npos);
  EXPECT_NE(at("client_early_traffic_secret", ikm), std::string::npos);
  // The transcript each secret covers.
  EXPECT_TRUE(has(s.ui, "\nClientHello, ServerHello\n")) << s.ui;
  // TLS 1.3 options in the scenario panel.
  EXPECT_TRUE(has(s.ui, "TLS 1.3 options\n")) << s.ui;
  EXPECT_TRUE(has(s.ui, "psk_dhe_ke (PSK + (EC)DHE)\n")) << s.ui;

  auto fr = shoot("tls13-fr", "--scenario " + scen.string() + " --step 14 --lang fr --size 1280x720");
  ASSERT_EQ(fr.status, 0) << fr.output;
  EXPECT_TRUE(has(fr.ui, "Calendrier des clés\n")) << fr.ui;
  EXPECT_TRUE(has(fr.ui, "connexion 2 (reprend la connexion 1 avec son ticket)\n")) << fr.ui;
  EXPECT_TRUE(has(fr.ui, "Options TLS 1.3\n")) << fr.ui;

  // TLS 1.2: no schedule view, no TLS 1.3 options.
  auto t12 = shoot("tls12-noschedule", "--scenario tls12-rsa --step 8");
  ASSERT_EQ(t12.status, 0) << t12.output;
  EXPECT_FALSE(has(t12.ui, "Key schedule\n")) << t12.ui;
  EXPECT_FALSE(has(t12.ui, "TLS 1.3 options\n")) << t12.ui;
  std::filesystem::remove_all(dir);
}

// An option the chosen attack sets for the run (its setup, its defenses) shows the run's value,
// locked, with the reason: the undefended renegotiation injection runs a server without RFC 5746
// whatever the scenario's own switch says.
TEST_F(GuiHeadless, RowsTheAttackSetsShowTheRunsValueLockedWithTheReason) {
  auto s = shoot("attack-locked", "--scenario attack-renegotiation-injection-undefended");
  ASSERT_EQ(s.status, 0) << s.output;
  EXPECT_TRUE(has(s.ui, "Set by the attack \"Renegotiation injection (CVE-2009-3555)\" for this run")) << s.ui;
  auto fr = shoot("attack-locked-fr", "--scenario attack-renegotiation-injection-undefended --lang fr");
  ASSERT_EQ(fr.status, 0) << fr.output;
  EXPECT_TRUE(has(fr.ui, "Fixé par l'attaque « Injection par renégociation (CVE-2009-3555) »")) << fr.ui;
  auto plain = shoot("no-attack", "--scenario tls12-renegotiation");
  ASSERT_EQ(plain.status, 0) << plain.output;
  EXPECT_FALSE(has(plain.ui, "Set by the attack")) << plain.ui;
}

#endif  // TLSLAB_GUI_BIN (every test here runs tlslab-gui: none without it)

#include "ladder_png.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <vector>

#define GLFW_INCLUDE_GLEXT
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>
#include <stb_image_write.h>

#include "core/file_io.hpp"
#include "core/message.hpp"
#include "present/present.hpp"

namespace gui {

namespace {

// The SVG ladder's geometry (present::ladder_geometry), scaled by width / 1280.
constexpr float kBaseWidth = float(sim::present::LadderGeometry::kBaseWidth);
constexpr float kSeparator = float(sim::present::LadderGeometry::kSeparator);

float unit(int width) { return float(width) / kBaseWidth; }

bool has_attacker(const sim::Trace& t) {
  return std::any_of(t.events.begin(), t.events.end(),
                     [](const sim::Event& e) { return e.from == sim::Actor::attacker || e.to == sim::Actor::attacker; });
}


struct Colours {
  ImU32 bg, text, sub, lane_fill, lane_line, lifeline, index, detail;
  ImU32 none, handshake, application, application_text, alert;
  ImU32 protected_ = 0;  // SSL 3.0 to TLS 1.2: the one set of write keys (the SVG's purple)
};
Colours colours(ThemeKind k) {
  // Light: the SVG's colours (print). Dark: the same hues, lighter, on the GUI's dark grey.
  if (k == ThemeKind::light)
    return {IM_COL32(255, 255, 255, 255), IM_COL32(0x22, 0x22, 0x22, 255), IM_COL32(0x44, 0x44, 0x44, 255), IM_COL32(0xf2, 0xf2, 0xf2, 255),
            IM_COL32(0x33, 0x33, 0x33, 255),  IM_COL32(0x99, 0x99, 0x99, 255), IM_COL32(0x66, 0x66, 0x66, 255), IM_COL32(0x55, 0x55, 0x55, 255),
            IM_COL32(0x55, 0x55, 0x55, 255),  IM_COL32(0x1f, 0x6f, 0xd1, 255), IM_COL32(0x1a, 0x98, 0x50, 255), IM_COL32(0x1a, 0x7a, 0x40, 255),
            IM_COL32(0xd7, 0x19, 0x1c, 255), IM_COL32(0x6a, 0x3d, 0x9a, 255)};
  return {IM_COL32(0x1e, 0x21, 0x27, 255), IM_COL32(0xe6, 0xe6, 0xe6, 255), IM_COL32(0xb8, 0xb8, 0xb8, 255), IM_COL32(0x2d, 0x32, 0x3b, 255),
          IM_COL32(0xc0, 0xc0, 0xc0, 255), IM_COL32(0x6a, 0x6a, 0x6a, 255), IM_COL32(0x9a, 0x9a, 0x9a, 255), IM_COL32(0xb8, 0xb8, 0xb8, 255),
          IM_COL32(0xb0, 0xb0, 0xb0, 255), IM_COL32(0x5a, 0xa0, 0xff, 255), IM_COL32(0x4c, 0xc3, 0x7a, 255), IM_COL32(0x4c, 0xc3, 0x7a, 255),
          IM_COL32(0xff, 0x5a, 0x5a, 255), IM_COL32(0xb3, 0x8c, 0xe6, 255)};
}

struct Fonts {
  ImFont *title = nullptr, *lane = nullptr, *label = nullptr, *small = nullptr, *detail = nullptr;
};

// DejaVu Sans at the picture's sizes (a bitmap font scaled up would blur), bold where the
// system has it. The glyph ranges cover what the catalog writes (Latin-1, Latin Extended-A,
// punctuation, arrows).
bool load_fonts(ImFontAtlas& atlas, const std::string& dir, float u, Fonts* f) {
  namespace fs = std::filesystem;
  std::string sans, bold;
  for (const std::string& d : {dir, std::string("/usr/share/fonts/truetype/dejavu")}) {
    if (sans.empty() && fs::exists(d + "/DejaVuSans.ttf")) sans = d + "/DejaVuSans.ttf";
    if (bold.empty() && fs::exists(d + "/DejaVuSans-Bold.ttf")) bold = d + "/DejaVuSans-Bold.ttf";
  }
  if (sans.empty()) return false;
  if (bold.empty()) bold = sans;
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0};
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  auto add = [&](const std::string& file, float px) { return atlas.AddFontFromFileTTF(file.c_str(), std::round(px * u), &cfg, ranges); };
  f->title = add(bold, 28);
  f->lane = add(bold, 22);
  f->label = add(sans, 19);
  f->small = add(sans, 16);
  f->detail = add(sans, 14);
  return f->title && f->lane && f->label && f->small && f->detail && atlas.Build();
}

std::string ellipsize(ImFont* font, const std::string& s, float max_w) {
  if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x <= max_w) return s;
  std::string cut = s;
  while (!cut.empty()) {
    do cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80);  // whole UTF-8 characters
    if (!cut.empty()) cut.pop_back();
    std::string t = cut + "\xe2\x80\xa6";
    if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.c_str()).x <= max_w) return t;
  }
  return "\xe2\x80\xa6";
}

float text_w(ImFont* f, const std::string& s) { return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.c_str()).x; }

// Text with its baseline at y (as the SVG places it), anchored left, centred or right.
enum class Anchor { left, middle };
void text(ImDrawList& dl, ImFont* f, ImVec2 pos, ImU32 col, const std::string& s, Anchor a = Anchor::left, ImU32 halo = 0, float pad = 0) {
  float w = text_w(f, s);
  ImVec2 p(a == Anchor::middle ? pos.x - w / 2 : pos.x, pos.y - f->Ascent);
  if (halo) dl.AddRectFilled(ImVec2(p.x - pad, p.y - pad / 2), ImVec2(p.x + w + pad, p.y + f->FontSize + pad / 2), halo);
  dl.AddText(f, f->FontSize, ImVec2(std::round(p.x), std::round(p.y)), col, s.c_str());
}

void dashed(ImDrawList& dl, ImVec2 a, ImVec2 b, ImU32 col, float thick, float on, float off) {
  float len = std::hypot(b.x - a.x, b.y - a.y);
  if (len <= 0) return;
  ImVec2 d((b.x - a.x) / len, (b.y - a.y) / len);
  for (float s = 0; s < len; s += on + off) {
    float e = std::min(len, s + on);
    dl.AddLine(ImVec2(a.x + d.x * s, a.y + d.y * s), ImVec2(a.x + d.x * e, a.y + d.y * e), col, thick);
  }
}

void arrow(ImDrawList& dl, float x1, float x2, float y, ImU32 col, float u, bool dashes) {
  float dir = x2 > x1 ? 1.f : -1.f, head = 11 * u;
  ImVec2 a(x1 + 4 * u * dir, y), tip(x2 - 4 * u * dir, y), base(tip.x - head * dir, y);
  if (dashes) dashed(dl, a, base, col, 3 * u, 10 * u, 5 * u);
  else dl.AddLine(a, base, col, 3 * u);
  dl.AddTriangleFilled(tip, ImVec2(base.x, y - head * 0.5f), ImVec2(base.x, y + head * 0.5f), col);
}

// Fills dl with the ladder, as ladder_svg lays it out.
void draw_ladder(ImDrawList& dl, const sim::Trace& t, const Fonts& f, const Colours& c, sim::Lang lang, int width, int height) {
  auto tx = [lang](const sim::Message& m) { return m.render(lang); };
  const float u = unit(width), W = float(width);
  dl.AddRectFilled(ImVec2(0, 0), ImVec2(W, float(height)), c.bg);
  const bool attacker = has_attacker(t);
  // The lanes of the actors present (the CA and the OCSP responder when the client fetched
  // revocation data), spread over the SVG's span between the client's and the server's lanes.
  const std::vector<sim::Actor> lane_order = sim::ladder_lanes(t.events);
  auto lane_x = [&](sim::Actor a) -> float {
    const size_t n = lane_order.size(), k = size_t(std::find(lane_order.begin(), lane_order.end(), a) - lane_order.begin());
    if (n < 2) return 300 * u;
    return (300 + 860 * float(std::min(k, n - 1)) / float(n - 1)) * u;
  };
  const float box_half = std::min(90.0f, 860.0f / float(std::max<size_t>(lane_order.size(), 2) - 1) * 0.45f) * u;
  const sim::present::LadderGeometry geometry = sim::present::ladder_geometry(t);
  const float bottom = float(geometry.bottom);
  auto row_y = [&](size_t i) { return float(geometry.row_y[i]); };

  const sim::Negotiated& n = t.negotiated;
  std::string title = tx(sim::msg("svg.title").arg("version", n.version ? sim::version_name(n.version) : std::string("TLS")));
  if (n.cipher_suite) title = tx(sim::msg("svg.title_suite").arg("title", title).arg("suite", sim::suite_name(n.cipher_suite)));
  std::string sub = tx(sim::msg("svg.outcome").arg("outcome", t.outcome.message()));
  if (n.group) sub += "  \xc2\xb7  " + tx(sim::msg("svg.group").arg("group", sim::name_of(*n.group)));
  if (!n.server_name.empty()) sub += "  \xc2\xb7  " + tx(sim::msg("svg.server_name").arg("name", n.server_name));
  text(dl, f.title, ImVec2(40 * u, 44 * u), c.text, ellipsize(f.title, title, W - 80 * u));
  text(dl, f.small, ImVec2(40 * u, 74 * u), c.sub, ellipsize(f.small, sub, W - 80 * u));

  for (sim::Actor a : lane_order) {
    const char* key = a == sim::Actor::client     ? "svg.lane_client"
                      : a == sim::Actor::server   ? "svg.lane_server"
                      : a == sim::Actor::attacker ? "svg.lane_attacker"
                      : a == sim::Actor::ca       ? "svg.lane_ca"
                                                  : "svg.lane_ocsp_responder";
    const std::string label = tx(sim::msg(key));
    float x = lane_x(a);
    dashed(dl, ImVec2(x, 144 * u), ImVec2(x, bottom * u), c.lifeline, 2 * u, 6 * u, 6 * u);
    dl.AddRectFilled(ImVec2(x - box_half, 100 * u), ImVec2(x + box_half, 144 * u), c.lane_fill, 6 * u);
    dl.AddRect(ImVec2(x - box_half, 100 * u), ImVec2(x + box_half, 144 * u), c.lane_line, 6 * u, 0, 2 * u);
    text(dl, f.lane, ImVec2(x, 130 * u), c.text, ellipsize(f.lane, label, 2 * box_half - 10 * u), Anchor::middle);
  }

  auto class_colour = [&](std::string_view cls, bool for_text) {
    if (cls == "alert") return c.alert;
    if (cls == "handshake") return c.handshake;
    if (cls == "protected") return c.protected_;
    if (cls == "application") return for_text ? c.application_text : c.application;
    return for_text ? c.text : c.none;
  };
  for (const auto& r : sim::present::ladder_rows(t, lang)) {
    const sim::Event& e = t.events[r.index];
    const float y = row_y(r.index) * u;
    if (r.connection_start) {
      float sy = y - (20 + kSeparator - 16) * u;
      dashed(dl, ImVec2(20 * u, sy), ImVec2(W - 20 * u, sy), c.lane_line, 2 * u, 2 * u, 4 * u);
      text(dl, f.label, ImVec2(W / 2, sy + 6 * u), c.text, ellipsize(f.label, sim::present::connection_heading(t, r.connection, lang), W - 80 * u),
           Anchor::middle, c.bg, 8 * u);
    }
    float x1 = lane_x(e.from), x2 = lane_x(e.to);
    if (x1 == x2) x2 = x1 + 120 * u;  // a record to itself: never happens, but stay drawable
    std::string_view cls = r.colour_class();
    text(dl, f.small, ImVec2(30 * u, y + 5 * u), c.index,
         tx(sim::msg("svg.index").arg("event", std::to_string(r.index)).arg("step", std::to_string(e.step))));
    arrow(dl, x1, x2, y, class_colour(cls, false), u, e.from == sim::Actor::attacker);
    const float mid = (x1 + x2) / 2, span = std::abs(x2 - x1) - 16 * u;
    // The whole title when it fits, else the first message and how many follow, else cut.
    std::string label = r.title;
    if (text_w(f.label, label) > span && !r.short_title.empty()) label = r.short_title;
    text(dl, f.label, ImVec2(mid, y - 9 * u), class_colour(cls, true), ellipsize(f.label, label, span), Anchor::middle, c.bg, 3 * u);
    std::string detail = r.reason.empty() ? tx(sim::msg("svg.detail")
                                                   .arg("n", std::to_string(r.bytes))
                                                   .arg("protection", r.protection.empty() ? tx(sim::msg("svg.no_protection")) : r.protection))
                                          : r.reason;
    text(dl, f.detail, ImVec2(mid, y + 22 * u), r.alert ? c.alert : c.detail, ellipsize(f.detail, detail, span), Anchor::middle, c.bg, 3 * u);
  }

  // Legend: each entry as wide as its words.
  float ly = (bottom + 55) * u, lx = 40 * u;
  for (const sim::present::LegendEntry& entry : sim::present::legend_entries(t)) {
    const std::string_view cls = entry.colour_class;
    std::string s = tx(sim::msg(entry.key));
    // An entry that would run past the right edge starts a second line (the height leaves room).
    if (lx > 40 * u && lx + 62 * u + text_w(f.small, s) > W - 20 * u) lx = 40 * u, ly += 30 * u;
    arrow(dl, lx, lx + 50 * u, ly - 6 * u, class_colour(cls, false), u, false);
    text(dl, f.small, ImVec2(lx + 62 * u, ly), c.text, s);
    lx += 62 * u + text_w(f.small, s) + 40 * u;
  }
  if (attacker) {
    std::string s = tx(sim::msg("svg.legend_attacker"));
    dashed(dl, ImVec2(lx, ly - 6 * u), ImVec2(lx + 50 * u, ly - 6 * u), c.none, 3 * u, 10 * u, 5 * u);
    text(dl, f.small, ImVec2(lx + 62 * u, ly), c.text, s);
  }
}

// Framebuffer objects are OpenGL 3.0: through GLFW's loader, as the headers give only 1.x.
struct FboFns {
  PFNGLGENFRAMEBUFFERSPROC gen = nullptr;
  PFNGLBINDFRAMEBUFFERPROC bind = nullptr;
  PFNGLFRAMEBUFFERTEXTURE2DPROC texture = nullptr;
  PFNGLCHECKFRAMEBUFFERSTATUSPROC status = nullptr;
  PFNGLDELETEFRAMEBUFFERSPROC del = nullptr;
  bool load() {
    gen = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
    bind = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
    texture = reinterpret_cast<PFNGLFRAMEBUFFERTEXTURE2DPROC>(glfwGetProcAddress("glFramebufferTexture2D"));
    status = reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(glfwGetProcAddress("glCheckFramebufferStatus"));
    del = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
    return gen && bind && texture && status && del;
  }
};

GLuint make_texture(int w, int h, const unsigned char* rgba, bool linear) {
  GLuint tex = 0;
  glGenTextures(1, &tex);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, linear ? GL_LINEAR : GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, linear ? GL_LINEAR : GL_NEAREST);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  return tex;
}

}  // namespace

int ladder_png_height(const sim::Trace& t, int width) {
  return int(std::ceil((sim::present::ladder_geometry(t).bottom + 110) * unit(width)));
}

bool write_ladder_png(const std::string& path, const sim::Trace& t, const LadderPngOptions& o, std::string* error) {
  auto fail = [&](const char* why) {
    if (error) *error = why;
    return false;
  };
  const int W = o.width, H = ladder_png_height(t, W);
  GLint max_tex = 0, max_vp[2] = {0, 0};
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_tex);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, max_vp);
  if (W < 320 || W > max_tex || W > max_vp[0]) return fail("width out of range for this OpenGL");
  const int band = std::min({H, int(max_tex), int(max_vp[1]), 4096});
  FboFns fbo;
  if (!fbo.load()) return fail("no framebuffer objects");

  ImFontAtlas atlas;
  Fonts fonts;
  if (!load_fonts(atlas, o.fonts_dir, unit(W), &fonts)) return fail("DejaVu Sans not found");
  unsigned char* atlas_px = nullptr;
  int aw = 0, ah = 0;
  atlas.GetTexDataAsRGBA32(&atlas_px, &aw, &ah);
  GLint last_tex = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_tex);
  GLuint font_tex = make_texture(aw, ah, atlas_px, true);
  atlas.SetTexID(reinterpret_cast<ImTextureID>(intptr_t(font_tex)));

  // A draw list of our own, on our atlas's white pixel and line textures.
  ImDrawListSharedData shared;
  shared.Font = fonts.label;
  shared.FontSize = fonts.label->FontSize;
  shared.TexUvWhitePixel = atlas.TexUvWhitePixel;
  shared.TexUvLines = atlas.TexUvLines;
  shared.CurveTessellationTol = 1.25f;
  shared.SetCircleTessellationMaxError(0.30f);
  shared.ClipRectFullscreen = ImVec4(0, 0, float(W), float(H));
  shared.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill | ImDrawListFlags_AllowVtxOffset;
  if (!(atlas.Flags & ImFontAtlasFlags_NoBakedLines)) shared.InitialFlags |= ImDrawListFlags_AntiAliasedLinesUseTex;
  ImDrawList dl(&shared);
  dl._ResetForNewFrame();
  dl.PushClipRect(ImVec2(0, 0), ImVec2(float(W), float(H)));
  dl.PushTextureID(atlas.TexID);
  draw_ladder(dl, t, fonts, colours(o.theme), o.lang, W, H);
  dl.PopTextureID();
  dl.PopClipRect();

  // Render band by band into one texture-backed framebuffer; read each back into the image.
  GLuint target = make_texture(W, band, nullptr, false), fb = 0;
  fbo.gen(1, &fb);
  fbo.bind(GL_FRAMEBUFFER, fb);
  fbo.texture(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0);
  bool ok = fbo.status(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  std::vector<unsigned char> image(size_t(W) * size_t(H) * 4), px(size_t(W) * size_t(band) * 4);
  const size_t row = size_t(W) * 4;
  ImDrawList* lists[] = {&dl};
  for (int y0 = 0; ok && y0 < H; y0 += band) {
    const int h = std::min(band, H - y0);
    ImDrawData dd;
    dd.Valid = true;
    dd.CmdLists = lists;
    dd.CmdListsCount = 1;
    dd.TotalIdxCount = dl.IdxBuffer.Size;
    dd.TotalVtxCount = dl.VtxBuffer.Size;
    dd.DisplayPos = ImVec2(0, float(y0));
    dd.DisplaySize = ImVec2(float(W), float(h));
    dd.FramebufferScale = ImVec2(1, 1);
    glViewport(0, 0, W, h);
    glDisable(GL_SCISSOR_TEST);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(colours(o.theme).bg);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(&dd);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glReadPixels(0, 0, W, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    // OpenGL's rows go bottom-up; PNG rows top-down.
    for (int r = 0; r < h; ++r) std::copy_n(&px[size_t(h - 1 - r) * row], row, &image[size_t(y0 + r) * row]);
  }
  fbo.bind(GL_FRAMEBUFFER, 0);
  fbo.del(1, &fb);
  glDeleteTextures(1, &target);
  glDeleteTextures(1, &font_tex);
  glBindTexture(GL_TEXTURE_2D, GLuint(last_tex));
  if (!ok) return fail("framebuffer incomplete");
  for (size_t i = 3; i < image.size(); i += 4) image[i] = 255;  // opaque
  // Encoded in memory, then written through a temporary file: a failure keeps an older picture.
  std::string png;
  auto append = [](void* to, void* data, int size) { static_cast<std::string*>(to)->append(static_cast<const char*>(data), size_t(size)); };
  if (!stbi_write_png_to_func(append, &png, W, H, 4, image.data(), int(row))) return fail("cannot encode the picture");
  sim::Status w = sim::write_file_atomic(path, png);
  if (!w) return fail(w.error().reason.c_str());  // fail() copies it
  return true;
}

}  // namespace gui

#include "export/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "present/present.hpp"

namespace sim {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters are not allowed in XML 1.0 text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
        else out += c;
    }
  }
  return out;
}

std::string_view protection_class(const Event& e) { return present::protection_class(e); }

namespace {

std::string fmt(const char* f, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}
std::string num(double v) { return fmt("%.0f", v); }

std::string shorten(const std::string& s, size_t max) {
  return s.size() <= max ? s : s.substr(0, max - 3) + "...";
}

constexpr double kBaseWidth = present::LadderGeometry::kBaseWidth, kSeparator = present::LadderGeometry::kSeparator;

}  // namespace

std::string ladder_svg(const Trace& t, Lang lang) {
  auto tx = [lang](const Message& m) { return m.render(lang); };
  bool attacker = std::any_of(t.events.begin(), t.events.end(), [](const Event& e) {
    return e.from == Actor::attacker || e.to == Actor::attacker;
  });
  // The lanes of the actors present; the CA and the OCSP responder (revocation fetches) come
  // before the client, each widening the picture by one lane.
  const std::vector<Actor> lane_order = ladder_lanes(t.events);
  const size_t extra = size_t(std::count_if(lane_order.begin(), lane_order.end(),
                                            [](Actor a) { return a == Actor::ca || a == Actor::ocsp_responder; }));
  const double kLaneGap = 400, kWidth = kBaseWidth + kLaneGap * double(extra);
  auto lane_x = [&](Actor a) -> double {
    double shift = kLaneGap * double(extra);
    switch (a) {
      case Actor::client: return shift + 300;
      case Actor::attacker: return shift + 730;
      case Actor::server: return shift + 1160;
      case Actor::ca:
      case Actor::ocsp_responder: {
        size_t k = size_t(std::find(lane_order.begin(), lane_order.end(), a) - lane_order.begin());
        return 300 + kLaneGap * double(k);
      }
    }
    return 0;
  };
  // A second connection in the same trace (a resumption) gets a separator row.
  const present::LadderGeometry geometry = present::ladder_geometry(t);
  const std::vector<double>& row_y = geometry.row_y;
  double bottom = geometry.bottom;
  double height = bottom + 110;

  std::string o;
  o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(kWidth) + "\" height=\"" + num(height) +
       "\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) + "\">\n";
  o += R"(<style>
  text { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; fill: #222222; }
  .title { font-size: 28px; font-weight: bold; }
  .subtitle { font-size: 18px; fill: #444444; }
  .lane-box { fill: #f2f2f2; stroke: #333333; stroke-width: 2; }
  .lane-name { font-size: 22px; font-weight: bold; text-anchor: middle; }
  .lifeline { stroke: #999999; stroke-width: 2; stroke-dasharray: 6 6; }
  .index { font-size: 16px; fill: #666666; }
  .label { font-size: 19px; text-anchor: middle; }
  .detail { font-size: 14px; text-anchor: middle; fill: #555555; }
  .label, .detail { paint-order: stroke; stroke: #ffffff; stroke-width: 5px; stroke-linejoin: round; }
  .arrow { stroke-width: 3; fill: none; }
  .by-attacker { stroke-dasharray: 10 5; }
  .p-none { stroke: #555555; }
  .p-handshake { stroke: #1f6fd1; }
  .p-application { stroke: #1a9850; }
  .p-alert { stroke: #d7191c; }
  .t-handshake { fill: #1f6fd1; }
  .t-application { fill: #1a7a40; }
  .p-protected { stroke: #6a3d9a; }
  .t-protected { fill: #6a3d9a; }
  .t-alert { fill: #d7191c; font-weight: bold; }
  .legend { font-size: 16px; }
  .separator { stroke: #333333; stroke-width: 2; stroke-dasharray: 2 4; }
  .separator-text { font-size: 18px; font-weight: bold; text-anchor: middle; paint-order: stroke; stroke: #ffffff; stroke-width: 8px; }
</style>
<defs>
)";
  for (auto [cls, colour] : {std::pair{"none", "#555555"}, {"handshake", "#1f6fd1"}, {"application", "#1a9850"}, {"protected", "#6a3d9a"}, {"alert", "#d7191c"}})
    o += std::string("  <marker id=\"head-") + cls +
         "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
         "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + colour + "\"/></marker>\n";
  o += "</defs>\n";
  o += "<rect x=\"0\" y=\"0\" width=\"" + num(kWidth) + "\" height=\"" + num(height) + "\" fill=\"#ffffff\"/>\n";

  // Title: version and suite, then the outcome.
  const Negotiated& n = t.negotiated;
  std::string title = tx(msg("svg.title").arg("version", n.version ? version_name(n.version) : std::string("TLS")));
  if (n.cipher_suite) title = tx(msg("svg.title_suite").arg("title", title).arg("suite", suite_name(n.cipher_suite)));
  std::string sub = tx(msg("svg.outcome").arg("outcome", t.outcome.message()));
  if (n.group) sub += "  \xc2\xb7  " + tx(msg("svg.group").arg("group", name_of(*n.group)));
  if (!n.server_name.empty()) sub += "  \xc2\xb7  " + tx(msg("svg.server_name").arg("name", n.server_name));
  o += "<text class=\"title\" x=\"40\" y=\"44\">" + xml_escape(title) + "</text>\n";
  o += "<text class=\"subtitle\" x=\"40\" y=\"74\">" + xml_escape(shorten(sub, 120)) + "</text>\n";

  std::vector<std::pair<Actor, std::string>> lanes;
  for (Actor a : lane_order) {
    const char* key = a == Actor::client ? "svg.lane_client" : a == Actor::server ? "svg.lane_server"
                      : a == Actor::attacker ? "svg.lane_attacker" : a == Actor::ca ? "svg.lane_ca" : "svg.lane_ocsp_responder";
    lanes.push_back({a, tx(msg(key))});
  }
  for (auto& [a, label] : lanes) {
    double x = lane_x(a);
    // "Répondeur OCSP" needs a wider box than the three TLS lanes' names.
    double half = a == Actor::ca || a == Actor::ocsp_responder ? 120 : 90;
    o += "<rect class=\"lane-box\" x=\"" + num(x - half) + "\" y=\"100\" width=\"" + num(2 * half) + "\" height=\"44\" rx=\"6\"/>\n";
    o += "<text class=\"lane-name\" x=\"" + num(x) + "\" y=\"130\">" + xml_escape(label) + "</text>\n";
    o += "<line class=\"lifeline\" x1=\"" + num(x) + "\" y1=\"144\" x2=\"" + num(x) + "\" y2=\"" + num(bottom) + "\"/>\n";
  }

  for (const auto& r : present::ladder_rows(t, lang)) {
    const size_t i = r.index;
    const Event& e = t.events[i];
    double y = row_y[i];
    if (r.connection_start) {
      double sy = y - 20 - kSeparator + 16;
      std::string text = present::connection_heading(t, r.connection, lang);
      o += "<g class=\"connection-start\">\n";
      o += "  <line class=\"separator\" x1=\"20\" y1=\"" + num(sy) + "\" x2=\"" + num(kWidth - 20) + "\" y2=\"" + num(sy) + "\"/>\n";
      o += "  <text class=\"separator-text\" x=\"" + num(kWidth / 2) + "\" y=\"" + num(sy + 6) + "\">" + xml_escape(text) + "</text>\n";
      o += "</g>\n";
    }
    double x1 = lane_x(e.from), x2 = lane_x(e.to);
    if (x1 == x2) x2 = x1 + 120;  // a record to itself: never happens, but stay drawable
    double dir = x2 > x1 ? 1 : -1;
    std::string cls(r.colour_class());
    const std::string& label = r.title;
    std::string detail = tx(msg("svg.detail").arg("n", std::to_string(r.bytes))
                                .arg("protection", r.protection.empty() ? tx(msg("svg.no_protection")) : r.protection));
    if (!r.reason.empty()) detail = r.reason;
    // The GUI's meaning of step: sent at N, read by its receiver at M ("4 \u2192 5").
    std::string step = present::step_text(e);
    std::string tip = tx(msg("svg.tip").arg("event", std::to_string(i)).arg("step", step).arg("name", e.attack && !e.attack->label.empty() ? r.title : e.name));
    for (auto& note : r.notes) tip += "\n" + note;
    o += "<g id=\"event-" + std::to_string(i) + "\">\n";
    o += "  <title>" + xml_escape(tip) + "</title>\n";
    o += "  <text class=\"index\" x=\"30\" y=\"" + num(y + 5) + "\">" + xml_escape(tx(msg("svg.index").arg("event", std::to_string(i)).arg("step", step))) + "</text>\n";
    o += "  <line class=\"arrow p-" + cls + (e.from == Actor::attacker ? " by-attacker" : "") + "\" x1=\"" + num(x1 + 4 * dir) +
         "\" y1=\"" + num(y) + "\" x2=\"" + num(x2 - 4 * dir) + "\" y2=\"" + num(y) + "\" marker-end=\"url(#head-" + cls + ")\"/>\n";
    double mid = (x1 + x2) / 2;
    size_t max_label = size_t(std::abs(x2 - x1) / 9.5);
    std::string tcls = cls == "none" ? "" : " t-" + cls;
    o += "  <text class=\"label" + tcls + "\" x=\"" + num(mid) + "\" y=\"" + num(y - 9) + "\">" +
         xml_escape(shorten(label, std::max<size_t>(max_label, 30))) + "</text>\n";
    o += "  <text class=\"detail\" x=\"" + num(mid) + "\" y=\"" + num(y + 22) + "\">" +
         xml_escape(shorten(detail, std::max<size_t>(size_t(std::abs(x2 - x1) / 7.5), 40))) + "</text>\n";
    o += "</g>\n";
  }

  // Legend.
  double ly = bottom + 55;
  double lx = 40;
  // It follows the version, read from the records' typed protection: SSL 3.0 to TLS 1.2 have one
  // set of write keys per direction, made current by ChangeCipherSpec; TLS 1.3 handshake then
  // application traffic keys.
  const std::vector<present::LegendEntry> entries = present::legend_entries(t);
  // An entry that would run past the right edge starts a second line (the height leaves room).
  auto room_for = [&](const std::string& text) {
    double w = 62 + 8.6 * double(text.size()) + 30;
    if (lx > 40 && lx + w > kWidth - 20) lx = 40, ly += 30;
    return std::max(250.0, w);
  };
  for (const present::LegendEntry& entry : entries) {
    const std::string cls(entry.colour_class);
    const char* key = entry.key;
    double w = room_for(tx(msg(key)));
    std::string text = xml_escape(tx(msg(key)));
    o += "<line class=\"arrow p-" + std::string(cls) + "\" x1=\"" + num(lx) + "\" y1=\"" + num(ly - 6) + "\" x2=\"" + num(lx + 50) +
         "\" y2=\"" + num(ly - 6) + "\" marker-end=\"url(#head-" + cls + ")\"/>\n";
    o += "<text class=\"legend\" x=\"" + num(lx + 62) + "\" y=\"" + num(ly) + "\">" + text + "</text>\n";
    lx += w;
  }
  if (attacker) {
    room_for(tx(msg("svg.legend_attacker")));
    o += "<line class=\"arrow p-none by-attacker\" x1=\"" + num(lx) + "\" y1=\"" + num(ly - 6) + "\" x2=\"" + num(lx + 50) +
         "\" y2=\"" + num(ly - 6) + "\"/>\n";
    o += "<text class=\"legend\" x=\"" + num(lx + 62) + "\" y=\"" + num(ly) + "\">" + xml_escape(tx(msg("svg.legend_attacker"))) + "</text>\n";
  }
  o += "</svg>\n";
  return o;
}

}  // namespace sim

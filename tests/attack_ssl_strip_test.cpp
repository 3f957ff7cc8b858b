// The browser visit over http:// (ScenarioOptions::http_first) and the ssl-strip attack: the
// plain HTTP leg is events of its own (Event::http), the site's redirect leads to TLS, an SSL
// stripper keeps the browser on plain HTTP and reads its password, and HSTS leaves it nothing
// to strip. tshark judges the capture: HTTP on port 80, TLS streams it decrypts.
#include <gtest/gtest.h>

#include "net/http_leg.hpp"
#include "net/simulation.hpp"
#include "scenario/attacks.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"
#include "tshark_util.hpp"

using namespace sim;

namespace {

std::string text(ByteView b) { return std::string(b.begin(), b.end()); }

ScenarioOptions visit(uint16_t version = kTls12) {
  ScenarioOptions o;
  o.http_first = true;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  return o;
}

Trace run(const ScenarioOptions& o) {
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

// Everything that crossed in clear, as plain HTTP, in either direction.
std::string plain_text(const Trace& t) {
  std::string out;
  for (auto& e : t.events)
    if (e.http) out += text(e.bytes);
  return out;
}

const std::string kPassword = "password=correct-horse-battery";

}  // namespace

TEST(BrowserVisit, PlainRequestGetsARedirectThenThePageAndTheLoginGoOverTls) {
  Trace t = run(visit());
  ASSERT_GE(t.events.size(), 3u);
  // Connection 1: the request in clear to port 80, the site's 301 to https.
  const Event &get = t.events[0], &moved = t.events[1];
  EXPECT_TRUE(get.http);
  EXPECT_EQ(get.from, Actor::client);
  EXPECT_EQ(get.to, Actor::server);
  EXPECT_EQ(get.name, "HTTP GET / HTTP/1.1");
  EXPECT_TRUE(moved.http);
  EXPECT_EQ(http_status(moved.bytes), 301);
  EXPECT_EQ(http_header(moved.bytes, "location"), "https://www.example.com/");
  ASSERT_NE(moved.tree.find("Location"), nullptr);
  // Then two TLS connections: the page (after the redirect), then the login form.
  ASSERT_EQ(t.connections.size(), 2u);
  EXPECT_EQ(t.connections[0].connection, 2);
  EXPECT_EQ(t.connections[0].kind, ConnectionStart::Kind::redirect);
  EXPECT_EQ(t.connections[1].connection, 3);
  EXPECT_EQ(t.connections[1].kind, ConnectionStart::Kind::request);
  for (auto& e : t.events) {
    if (e.connection == 1) EXPECT_TRUE(e.http) << e.name;
    else EXPECT_FALSE(e.http) << e.name;
  }
  // The server got the login over TLS (it is its last connection's request); nothing of it in clear.
  EXPECT_NE(text(t.server_app_received).find("POST /login HTTP/1.1"), std::string::npos);
  EXPECT_NE(text(t.server_app_received).find(kPassword), std::string::npos);
  EXPECT_EQ(plain_text(t).find("password="), std::string::npos);
  EXPECT_EQ(t.outcome.kind, OutcomeKind::completed);
  EXPECT_EQ(t.keylog.size(), 2u);  // one line per TLS connection
}

TEST(BrowserVisit, HstsGoesStraightToTlsAndNeverSpeaksPlainHttp) {
  ScenarioOptions o = visit();
  o.hsts = true;
  Trace t = run(o);
  EXPECT_EQ(plain_text(t), "");
  ASSERT_EQ(t.connections.size(), 1u);
  EXPECT_EQ(t.connections[0].kind, ConnectionStart::Kind::request);
  EXPECT_NE(text(t.server_app_received).find(kPassword), std::string::npos);
}

TEST(BrowserVisit, HstsWithoutTheVisitIsRefused) {
  ScenarioOptions o;
  o.hsts = true;
  auto d = validate(o);
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].key, "hsts");
}

TEST(SslStrip, UndefendedTheBrowserStaysOnPlainHttpAndThePasswordCrossesInClear) {
  for (uint16_t v : {kSsl3, kTls12, kTls13}) {
    SCOPED_TRACE(version_name(v));
    ScenarioOptions o = visit(v);
    o.attack = "ssl-strip";
    Trace t = run(o);
    ASSERT_TRUE(t.attack);
    EXPECT_EQ(t.attack->succeeded, std::optional<bool>(true));
    EXPECT_EQ(t.attack->summary.key, "attack.ssl-strip.succeeded");
    // The client sent nothing but plain HTTP, all of it to the attacker.
    for (auto& e : t.events)
      if (e.from == Actor::client) {
        EXPECT_TRUE(e.http) << e.name;
        EXPECT_EQ(e.to, Actor::attacker);
      }
    // Its password crossed in clear; the attacker's evidence holds exactly that request.
    std::string plain = plain_text(t);
    EXPECT_NE(plain.find("POST /login HTTP/1.1"), std::string::npos);
    EXPECT_NE(plain.find(kPassword), std::string::npos);
    const AttackEvidence* read = nullptr;
    for (auto& ev : t.attack->evidence)
      if (ev.name == "requests_read") read = &ev;
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(text(read->value), text(browser_visit(o.host, "")[0]) + text(browser_visit(o.host, "")[1]));
    // The attacker fetched both over TLS on connections of its own; the server ran the login.
    ASSERT_EQ(t.connections.size(), 2u);
    EXPECT_EQ(t.connections[0].kind, ConnectionStart::Kind::attacker);
    EXPECT_EQ(t.connections[1].kind, ConnectionStart::Kind::attacker);
    EXPECT_NE(text(t.server_app_received).find(kPassword), std::string::npos);
    // The browser got the site's own page, in clear, and never a redirect.
    EXPECT_NE(plain.find("Hello from www.example.com"), std::string::npos);
    EXPECT_EQ(plain.find("301 Moved"), std::string::npos);
    // The attacker's two connections' keys, once each (TLS 1.3: five secrets per connection).
    EXPECT_EQ(t.keylog.size(), v == kTls13 ? 10u : 2u);
  }
}

TEST(SslStrip, HstsLeavesNothingToStrip) {
  ScenarioOptions o = visit();
  o.attack = "ssl-strip";
  o.defenses["hsts"] = true;
  Trace t = run(o);
  ASSERT_TRUE(t.attack);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.ssl-strip.failed_hsts");
  EXPECT_EQ(plain_text(t), "");
  // The browser's own TLS connections completed through the attacker, who read nothing.
  EXPECT_EQ(t.outcome.kind, OutcomeKind::completed);
  EXPECT_NE(text(t.server_app_received).find(kPassword), std::string::npos);
  bool counted = false;
  for (auto& ev : t.attack->evidence)
    if (ev.name == "tls_records_passed") counted = std::stoi(text(ev.value)) > 4;
  EXPECT_TRUE(counted);
  for (auto& e : t.events) EXPECT_NE(e.to, Actor::attacker) << e.name;
}

TEST(SslStrip, TheHttpLegSurvivesTheJsonTrace) {
  ScenarioOptions o = visit();
  o.attack = "ssl-strip";
  Trace t = run(o);
  auto read = trace_from_json_text(trace_json_text(t));
  ASSERT_TRUE(read);
  const Trace& back = *read;
  ASSERT_EQ(back.events.size(), t.events.size());
  for (size_t i = 0; i < t.events.size(); ++i) {
    EXPECT_EQ(back.events[i].http, t.events[i].http);
    EXPECT_EQ(back.events[i].connection, t.events[i].connection);
  }
  ASSERT_EQ(back.connections.size(), t.connections.size());
  EXPECT_EQ(back.attack, t.attack);
}

TEST(SslStrip, TsharkSeesHttpOnPort80AndDecryptsTheAttackersTls) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  ScenarioOptions o = visit();
  o.attack = "ssl-strip";
  Trace t = run(o);
  auto dir = testutil::temp_dir("ssl-strip-pcap");
  auto file = write_capture(dir, "strip.pcapng", t);
  // tshark's own HTTP dissector: the plain requests to port 80, and (with the capture's keys)
  // the same requests inside the attacker's TLS connections.
  std::string plain = tshark("-r " + file.string() + " -Y 'http.request and tcp.dstport == 80' -T fields -e http.request.method");
  EXPECT_EQ(plain, "GET\nPOST\n");
  std::string in_tls = tshark("-r " + file.string() + " -Y 'http.request and tls' -T fields -e http.request.method");
  EXPECT_EQ(in_tls, "GET\nPOST\n");
  std::string form = tshark("-r " + file.string() + " -Y 'http.request.method == \"POST\" and tcp.dstport == 80' -T fields -e urlencoded-form.value");
  EXPECT_NE(form.find("correct-horse-battery"), std::string::npos) << form;
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

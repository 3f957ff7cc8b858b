// Revocation on the ladder (issue 15, item 7): the client's CRL fetch and OCSP query are trace
// events between the client and the CA's or the OCSP responder's lane, at the step where the
// client validates the server's certificate, with the CRL, the OCSPRequest and the OCSPResponse
// dissected. The dissected values are judged by openssl reading the same DER (`openssl crl
// -text`, `openssl ocsp -reqin/-respin -text`); the capture by tshark; the trace by
// verify_trace.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>
#include <sstream>
#include <set>

#include "export/svg.hpp"
#include "export/text.hpp"
#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"
#include "tshark_util.hpp"

namespace fs = std::filesystem;
using namespace sim;

namespace {

Trace run(ScenarioOptions o) {
  Simulation s(std::move(o));
  s.run_to_end();
  return s.trace();
}

Trace run_profile(const std::string& profile) {
  ScenarioOptions o;
  o.seed = 1;
  o.host = "www.example.com";
  o.certificate_profile = profile;
  return run(std::move(o));
}

Trace run_named(const std::string& name) {
  auto o = load_scenario(name);
  EXPECT_TRUE(o) << name;
  return run(*o);
}

// The events that involve `lane`, in order.
std::vector<size_t> events_with(const Trace& t, Actor lane) {
  std::vector<size_t> out;
  for (size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].from == lane || t.events[i].to == lane) out.push_back(i);
  return out;
}

size_t first_named(const Trace& t, Actor from, const std::string& name) {
  for (size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].from == from && t.events[i].name.find(name) != std::string::npos) return i;
  return t.events.size();
}

// The DER body of an HTTP message (after the empty line).
Bytes body_of(const Bytes& m) {
  std::string s(m.begin(), m.end());
  size_t p = s.find("\r\n\r\n");
  return p == std::string::npos ? Bytes{} : Bytes(m.begin() + long(p + 4), m.end());
}

std::string value(const Field& root, const std::string& name) {
  const Field* f = root.find(name);
  EXPECT_TRUE(f) << "no field " << name;
  return f ? f->value : "";
}

// Upper-case hex digits only: "ab:cd" and "ABCD" compare equal.
std::string hex_only(const std::string& s) {
  std::string o;
  for (char c : s)
    if (std::isxdigit(static_cast<unsigned char>(c))) o += char(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

// The hex of a value shown as "<decimal> (0x<HEX>)".
std::string serial_hex(const std::string& v) {
  auto p = v.find("(0x");
  return p == std::string::npos ? "" : hex_only(v.substr(p + 3));
}

// openssl's "Jun  1 00:00:00 2026 GMT" as our "2026-06-01 00:00:00 UTC".
std::string openssl_time(const std::string& s) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::smatch m;
  if (!std::regex_search(s, m, std::regex(R"(([A-Z][a-z]{2}) +(\d+) (\d\d:\d\d:\d\d) (\d{4}) GMT)"))) return "?" + s;
  int month = 0;
  for (int i = 0; i < 12; ++i)
    if (m[1] == kMonths[i]) month = i + 1;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%02d-%02d %s UTC", m[4].str().c_str(), month, std::stoi(m[2]), m[3].str().c_str());
  return buf;
}

// Every "Label: value" line of openssl's text (the value may be on the next line).
std::vector<std::string> openssl_values(const std::string& text, const std::string& label) {
  std::vector<std::string> out;
  std::regex re(label + R"(:[ \t]*\n?[ \t]*([^\n]*))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

bool have_openssl() { return testutil::run("command -v openssl >/dev/null 2>&1 && echo yes").output == "yes\n"; }

class RevocationLadder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = new fs::path(testutil::temp_dir("revocation-ladder")); }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  static fs::path write(const std::string& name, const Bytes& b) {
    fs::path p = *dir_ / name;
    testutil::write_file(p, std::string(b.begin(), b.end()));
    return p;
  }
  static fs::path* dir_;
};
fs::path* RevocationLadder::dir_ = nullptr;

}  // namespace

// revoked-crl names only a CRL: the client GETs it from the CA while it reads the server's
// Certificate, before it answers; the CA's lane holds the request and the CRL, in order.
TEST_F(RevocationLadder, CrlFetchIsOnTheCaLane) {
  Trace t = run_profile("revoked-crl");
  auto ca = events_with(t, Actor::ca);
  ASSERT_EQ(ca.size(), 2u);
  EXPECT_TRUE(events_with(t, Actor::ocsp_responder).empty());
  const Event& req = t.events[ca[0]];
  const Event& resp = t.events[ca[1]];
  EXPECT_EQ(ca[1], ca[0] + 1);
  EXPECT_EQ(req.from, Actor::client);
  EXPECT_EQ(req.to, Actor::ca);
  EXPECT_EQ(resp.from, Actor::ca);
  EXPECT_EQ(resp.to, Actor::client);
  EXPECT_TRUE(req.http && resp.http);
  std::string get(req.bytes.begin(), req.bytes.end());
  EXPECT_EQ(get.rfind("GET /", 0), 0u) << get;
  EXPECT_NE(get.find("\r\nHost: "), std::string::npos);
  std::string head(resp.bytes.begin(), resp.bytes.end());
  EXPECT_NE(head.find("Content-Type: application/pkix-crl"), std::string::npos);

  // At the step the client read the server's Certificate, after it and before the client's
  // answer (the alert for the revoked certificate).
  size_t cert = first_named(t, Actor::server, "Certificate");
  ASSERT_LT(cert, t.events.size());
  ASSERT_TRUE(t.events[cert].delivered);
  EXPECT_GT(ca[0], cert);
  EXPECT_EQ(req.step, *t.events[cert].delivered);
  EXPECT_EQ(resp.step, req.step);
  EXPECT_EQ(resp.delivered, std::optional<uint32_t>(req.step));
  size_t alert = first_named(t, Actor::client, "Alert");
  ASSERT_LT(alert, t.events.size());
  EXPECT_GT(alert, ca[1]);
  ASSERT_TRUE(t.events[alert].alert);
  EXPECT_EQ(t.events[alert].alert->description, AlertDescription::certificate_revoked);

  // The check still says what it read, and the CRL it read is the event's body.
  Bytes der = body_of(resp.bytes);
  ASSERT_FALSE(der.empty());
  bool found = false;
  for (const Derivation& d : all_derivations(t.events[cert]))
    for (auto& in : d.inputs)
      if (in.name == "CRL") found = found || in.value == der;
  EXPECT_TRUE(found);

  // The tree: HTTP start line and headers, then the CertificateList over the body's bytes.
  const Field* list = resp.tree.find("CertificateList");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->offset + list->length, resp.bytes.size());
  EXPECT_EQ(Bytes(resp.bytes.begin() + list->offset, resp.bytes.end()), der);
  for (const char* n : {"tbsCertList", "version", "signature", "issuer", "thisUpdate", "nextUpdate", "revokedCertificates",
                        "userCertificate", "revocationDate", "crlEntryExtensions", "crlExtensions", "signatureAlgorithm",
                        "signatureValue"})
    EXPECT_TRUE(list->find(n)) << n;
  EXPECT_EQ(value(*list, "version"), "v2 (1)");

  if (!have_openssl()) GTEST_SKIP() << "openssl not available";
  auto r = testutil::run("openssl crl -inform DER -noout -text -in " + testutil::shell_quote(write("crl.der", der).string()) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string& o = r.output;
  ASSERT_EQ(openssl_values(o, "Last Update").size(), 1u) << o;
  EXPECT_EQ(value(*list, "thisUpdate"), openssl_time(openssl_values(o, "Last Update")[0]));
  EXPECT_EQ(value(*list, "nextUpdate"), openssl_time(openssl_values(o, "Next Update")[0]));
  // Each revoked entry, in order: serial, date and reason ("keyCompromise (1)" against openssl's
  // "Key Compromise").
  auto serials = openssl_values(o, "Serial Number");
  auto dates = openssl_values(o, "Revocation Date");
  auto reasons = openssl_values(o, "X509v3 CRL Reason Code");
  std::vector<const Field*> entries;
  for (auto& c : list->find("revokedCertificates")->children) entries.push_back(&c);
  ASSERT_EQ(entries.size(), serials.size()) << o;
  ASSERT_EQ(dates.size(), serials.size());
  ASSERT_EQ(reasons.size(), serials.size());
  ASSERT_GE(entries.size(), 1u);
  auto letters = [](std::string s) {
    s = s.substr(0, s.find(" ("));
    std::string l;
    for (char c : s)
      if (std::isalpha(static_cast<unsigned char>(c))) l += char(std::tolower(static_cast<unsigned char>(c)));
    return l;
  };
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(serial_hex(value(*entries[i], "userCertificate")), hex_only(serials[i])) << i;
    EXPECT_EQ(value(*entries[i], "revocationDate"), openssl_time(dates[i])) << i;
    EXPECT_EQ(letters(value(*entries[i], "reasonCode")), letters(reasons[i])) << i;
  }
  EXPECT_EQ(value(*list, "cRLNumber"), openssl_values(o, "X509v3 CRL Number")[0].substr(0, value(*list, "cRLNumber").size()));
  // Issuer: every "type=value" of ours appears in openssl's "CN = ..., O = ..." line.
  std::string issuer = openssl_values(o, "Issuer")[0];
  std::string our_issuer = value(*list, "issuer");
  ASSERT_FALSE(our_issuer.empty());
  ASSERT_NE(our_issuer.find("CN="), std::string::npos) << our_issuer;
  std::string cn = our_issuer.substr(our_issuer.find("CN=") + 3);
  cn = cn.substr(0, cn.find(','));
  EXPECT_NE(issuer.find("CN = " + cn), std::string::npos) << issuer << " / " << our_issuer;
}

// revoked-ocsp names only a responder: the client POSTs its OCSPRequest, the responder's
// OCSPResponse says revoked; both dissected as openssl reads them.
TEST_F(RevocationLadder, OcspQueryIsOnTheResponderLane) {
  Trace t = run_profile("revoked-ocsp");
  auto lane = events_with(t, Actor::ocsp_responder);
  ASSERT_EQ(lane.size(), 2u);
  EXPECT_TRUE(events_with(t, Actor::ca).empty());
  const Event& req = t.events[lane[0]];
  const Event& resp = t.events[lane[1]];
  EXPECT_EQ(req.name, "OCSPRequest");
  EXPECT_EQ(resp.name, "OCSPResponse");
  EXPECT_EQ(req.to, Actor::ocsp_responder);
  EXPECT_EQ(resp.from, Actor::ocsp_responder);
  std::string head(req.bytes.begin(), req.bytes.end());
  EXPECT_EQ(head.rfind("POST /", 0), 0u);
  EXPECT_NE(head.find("Content-Type: application/ocsp-request"), std::string::npos);
  size_t cert = first_named(t, Actor::server, "Certificate");
  ASSERT_LT(cert, lane[0]);
  EXPECT_EQ(req.step, *t.events[cert].delivered);

  Bytes qder = body_of(req.bytes), rder = body_of(resp.bytes);
  const Field* q = req.tree.find("OCSPRequest");
  const Field* a = resp.tree.find("OCSPResponse");
  ASSERT_TRUE(q && a);
  for (const char* n : {"tbsRequest", "requestList", "reqCert", "hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber"})
    EXPECT_TRUE(q->find(n)) << n;
  for (const char* n : {"responseStatus", "responseBytes", "responseType", "BasicOCSPResponse", "tbsResponseData", "responderID",
                        "byKey", "producedAt", "responses", "certID", "certStatus", "revocationTime", "thisUpdate", "nextUpdate",
                        "signatureAlgorithm", "signature"})
    EXPECT_TRUE(a->find(n)) << n;
  EXPECT_EQ(value(*a, "responseStatus"), "successful (0)");
  EXPECT_EQ(value(*a, "certStatus").rfind("revoked", 0), 0u);

  if (!have_openssl()) GTEST_SKIP() << "openssl not available";
  auto rq = testutil::run("openssl ocsp -reqin " + testutil::shell_quote(write("req.der", qder).string()) + " -req_text 2>&1");
  ASSERT_EQ(rq.status, 0) << rq.output;
  EXPECT_EQ(hex_only(value(*q, "issuerNameHash")), hex_only(openssl_values(rq.output, "Issuer Name Hash").at(0)));
  EXPECT_EQ(hex_only(value(*q, "issuerKeyHash")), hex_only(openssl_values(rq.output, "Issuer Key Hash").at(0)));
  EXPECT_EQ(serial_hex(value(*q, "serialNumber")), hex_only(openssl_values(rq.output, "Serial Number").at(0)));
  EXPECT_NE(value(*q, "hashAlgorithm").find("sha1"), std::string::npos);

  auto rs = testutil::run("openssl ocsp -respin " + testutil::shell_quote(write("resp.der", rder).string()) + " -resp_text -noverify 2>&1");
  ASSERT_EQ(rs.status, 0) << rs.output;
  const std::string& o = rs.output;
  EXPECT_NE(o.find("OCSP Response Status: successful"), std::string::npos) << o;
  EXPECT_EQ(value(*a, "producedAt"), openssl_time(openssl_values(o, "Produced At").at(0)));
  EXPECT_EQ(hex_only(value(*a, "byKey")), hex_only(openssl_values(o, "Responder Id").at(0)));
  EXPECT_EQ(value(*a, "certStatus").substr(0, 7), openssl_values(o, "Cert Status").at(0).substr(0, 7));
  EXPECT_EQ(value(*a, "revocationTime"), openssl_time(openssl_values(o, "Revocation Time").at(0)));
  EXPECT_EQ(value(*a, "thisUpdate"), openssl_time(openssl_values(o, "This Update").at(0)));
  EXPECT_EQ(value(*a, "time"), openssl_time(openssl_values(o, "Next Update").at(0)));
  EXPECT_EQ(serial_hex(value(*a, "serialNumber")), hex_only(openssl_values(o, "Serial Number").at(0)));
  EXPECT_EQ(hex_only(value(*a, "issuerKeyHash")), hex_only(openssl_values(o, "Issuer Key Hash").at(0)));
  // "keyCompromise (1)" against openssl's "keyCompromise (0x1)".
  auto why = openssl_values(o, "Revocation Reason");
  ASSERT_EQ(why.size(), 1u);
  EXPECT_EQ(value(*a, "CRLReason").substr(0, value(*a, "CRLReason").find(' ')), why[0].substr(0, why[0].find(' ')));
}

// The attacker on the client's path drops the responder's answer: the answer never reaches the
// client, and the attacker's drop is in its own lane right after it.
TEST_F(RevocationLadder, AttackerDropsTheAnswerInItsLane) {
  Trace t = run_named("attack-revocation-block-undefended");
  auto lane = events_with(t, Actor::ocsp_responder);
  ASSERT_EQ(lane.size(), 2u);
  const Event& resp = t.events[lane[1]];
  EXPECT_FALSE(resp.delivered);
  ASSERT_LT(lane[1] + 1, t.events.size());
  const Event& drop = t.events[lane[1] + 1];
  EXPECT_EQ(drop.from, Actor::attacker);
  EXPECT_EQ(drop.to, Actor::client);
  ASSERT_TRUE(drop.attack);
  EXPECT_EQ(drop.attack->kind, AttackAction::Kind::drop);
  EXPECT_EQ(drop.attack->before, resp.bytes);
  EXPECT_TRUE(drop.bytes.empty());
  EXPECT_TRUE(t.handshake_complete);  // soft-fail: the client went on
}

// The lanes survive JSON, and every view draws them: the SVG has the CA's lane, the text
// ladder names it, verify_trace.py still checks the trace, tshark reads the capture and sees
// the OCSP exchange over HTTP.
TEST_F(RevocationLadder, JsonSvgTextCaptureAndVerifier) {
  Trace crl = run_profile("revoked-crl");
  Trace ocsp = run_profile("revoked-ocsp");
  for (const Trace* t : {&crl, &ocsp}) {
    std::string text = trace_json_text(*t);
    auto back = trace_from_json_text(text);
    ASSERT_TRUE(back) << back.error().message().english();
    ASSERT_EQ(back->events.size(), t->events.size());
    for (size_t i = 0; i < t->events.size(); ++i) {
      EXPECT_EQ(back->events[i].from, t->events[i].from) << i;
      EXPECT_EQ(back->events[i].to, t->events[i].to) << i;
      EXPECT_EQ(back->events[i].bytes, t->events[i].bytes) << i;
      EXPECT_EQ(field_tree_text(back->events[i].tree), field_tree_text(t->events[i].tree)) << i;
    }
    EXPECT_EQ(trace_json_text(*back), text);
  }
  std::string svg = ladder_svg(crl, Lang::fr);
  EXPECT_NE(svg.find(">AC (CRL)</text>"), std::string::npos);
  EXPECT_EQ(testutil::count_of(svg, "class=\"lane-box\""), 3u);
  EXPECT_NE(ladder_svg(ocsp, Lang::en).find(">OCSP responder</text>"), std::string::npos);
  {
    // The direction column is as wide as the longest party's name: every "->" lines up.
    const std::string text = ladder_text(ocsp, Lang::fr);
    EXPECT_TRUE(std::regex_search(text, std::regex("client +-> répondeur OCSP"))) << text;
    std::set<size_t> columns;
    std::istringstream lines(text);
    for (std::string l; std::getline(lines, l);) {
      size_t at = l.find(" -> ");
      if (at == std::string::npos || !std::regex_search(l, std::regex(R"(^ *[0-9]+ +[0-9]+  )"))) continue;  // records, not notes
      size_t chars = 0;
      for (size_t i = 0; i < at; ++i) chars += (static_cast<unsigned char>(l[i]) & 0xC0) != 0x80;
      columns.insert(chars);
    }
    EXPECT_EQ(columns.size(), 1u) << text;
  }

  // verify_trace.py judges completed handshakes (a refused certificate leaves no key schedule
  // to check): the responder answering good, and the attacker dropping the answer.
  Trace good = run_profile("valid");
  ASSERT_EQ(events_with(good, Actor::ocsp_responder).size(), 2u);
  Trace blocked = run_named("attack-revocation-block-undefended");
  if (testutil::run("python3 --version >/dev/null 2>&1").status == 0) {
    for (auto [name, t] : {std::pair{"good", &good}, {"blocked", &blocked}}) {
      fs::path p = *dir_ / (std::string(name) + ".json");
      testutil::write_file(p, trace_json_text(*t));
      auto v = testutil::run("python3 " + testutil::shell_quote(std::string(TLSLAB_SOURCE_DIR) + "/tests/tools/verify_trace.py") + " " +
                             testutil::shell_quote(p.string()) + " 2>&1");
      EXPECT_EQ(v.status, 0) << v.output;
    }
  }

  if (!have_tshark()) GTEST_SKIP() << "tshark not available";
  auto file = write_capture(*dir_, "ocsp.pcapng", ocsp);
  EXPECT_EQ(problems(file), "");
  std::string o = tshark("-r " + file.string() + " -Y ocsp -T fields -e frame.number");
  EXPECT_EQ(testutil::count_of(o, "\n"), 2u) << o;  // the request and the response
  std::string http = tshark("-r " + file.string() + " -Y http.request -T fields -e ip.dst -e http.request.method");
  EXPECT_NE(http.find("POST"), std::string::npos) << http;
  auto cfile = write_capture(*dir_, "crl.pcapng", crl);
  EXPECT_EQ(problems(cfile), "");
  std::string get = tshark("-r " + cfile.string() + " -Y http.request -T fields -e http.request.method");
  EXPECT_EQ(get, "GET\n");
  // The TLS stream is still read as TLS.
  EXPECT_NE(tshark("-r " + cfile.string() + " -Y tls.handshake.type==11 -T fields -e frame.number"), "");
}

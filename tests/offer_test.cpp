// "Offer anything" (issue 14): a client offers cipher suites and extensions by code point, the
// engine implements or not; the ClientHello carries exactly the list, the dissection names every
// code point from the IANA table, and the server picks by its own preference among what it
// implements. Judged on the raw bytes, by tshark (its own names and its own reading of the
// capture) and by OpenSSL as the server.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/iana.hpp"
#include "export/pcapng.hpp"
#include "hs/offer.hpp"
#include "net/simulation.hpp"
#include "scenario/option_table.hpp"
#include "scenario/scenario_io.hpp"
#include "test_util.hpp"
#include "tshark_util.hpp"

using namespace sim;
using testutil::Background;

namespace {

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

Trace run(const ScenarioOptions& o) {
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

// The ClientHello read by hand from the first record's bytes (RFC 5246 7.4.1.2: record header
// 5, handshake header 4, client_version 2, random 32, session_id<0..32>, cipher_suites<2..>,
// compression_methods<1..>, extensions<0..>).
struct RawHello {
  std::vector<uint16_t> suites;
  std::vector<std::pair<uint16_t, Bytes>> extensions;
};
RawHello raw_hello(const Bytes& b) {
  RawHello h;
  size_t at = 5 + 4 + 2 + 32;
  at += 1 + b.at(at);
  size_t len = size_t(b.at(at)) << 8 | b.at(at + 1);
  for (size_t i = at + 2; i < at + 2 + len; i += 2) h.suites.push_back(uint16_t(b.at(i) << 8 | b.at(i + 1)));
  at += 2 + len;
  at += 1 + b.at(at);
  if (at >= b.size()) return h;
  size_t end = at + 2 + (size_t(b.at(at)) << 8 | b.at(at + 1));
  for (at += 2; at < end;) {
    uint16_t type = uint16_t(b.at(at) << 8 | b.at(at + 1));
    size_t n = size_t(b.at(at + 2)) << 8 | b.at(at + 3);
    h.extensions.push_back({type, Bytes(b.begin() + long(at + 4), b.begin() + long(at + 4 + n))});
    at += 4 + n;
  }
  return h;
}

const Event* first_named(const Trace& t, const std::string& name) {
  for (auto& e : t.events)
    if (has(e.name, name)) return &e;
  return nullptr;
}

// The extension nodes of a dissected ClientHello, by their shown name.
std::vector<const Field*> extension_nodes(const Event& ch) {
  std::vector<const Field*> out;
  const Field* block = ch.tree.find("extensions");
  if (block)
    for (auto& c : block->children)
      if (c.name == "extension") out.push_back(&c);
  return out;
}

// IANA names without the SSL_/TLS_ prefix: the engine keeps RFC 6101's SSL_ names for the
// suites SSL 3.0 defined; the registry says TLS_ for all.
std::string stem(std::string_view n) {
  if (n.substr(0, 4) == "SSL_" || n.substr(0, 4) == "TLS_") n.remove_prefix(4);
  return std::string(n);
}

const std::vector<uint16_t> kLectureSuites = {
    0xc014, 0xc00a, 0x0039, 0x0038, 0x0088, 0x0087, 0xc00f, 0xc005, 0x0035, 0x0084, 0xc012, 0xc008,
    0x0016, 0x0013, 0xc00d, 0xc003, 0x000a, 0xc013, 0xc009, 0x0033, 0x0032, 0x0045, 0x0044, 0xc00e,
    0xc004, 0x002f, 0x0041, 0xc011, 0xc007, 0xc00c, 0xc002, 0x0005, 0x0004, 0x00ff};

}  // namespace

// ---- the IANA table --------------------------------------------------------------------------

TEST(Iana, TablesAreSortedAndNameWhatTheEngineDoesNotImplement) {
  for (auto table : {iana::cipher_suites(), iana::extension_types()})
    for (size_t i = 1; i < table.size(); ++i) EXPECT_LT(table[i - 1].code, table[i].code) << table[i].name;
  EXPECT_GT(iana::cipher_suites().size(), 300u);
  EXPECT_EQ(iana::cipher_suite_name(0x0004), "TLS_RSA_WITH_RC4_128_MD5");
  EXPECT_EQ(iana::cipher_suite_name(0x00ff), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  EXPECT_EQ(iana::extension_name(35), "session_ticket");
  EXPECT_EQ(iana::extension_name(0xff01), "renegotiation_info");
  // Not implemented by the engine: the registry's name instead of a number.
  EXPECT_EQ(suite_by_id(0xc014), nullptr);
  EXPECT_EQ(suite_name(0xc014), "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
  EXPECT_EQ(suite_name(0x0096), "TLS_RSA_WITH_SEED_CBC_SHA");
  EXPECT_EQ(name_of(ExtensionType(15)), "heartbeat");
  EXPECT_EQ(name_of(ExtensionType(16)), "application_layer_protocol_negotiation");
  // Implemented ones keep the engine's names; unregistered values stay numbers.
  EXPECT_EQ(suite_name(0x0004), "SSL_RSA_WITH_RC4_128_MD5");
  EXPECT_EQ(suite_name(0x0047), "unknown (0x0047)");  // reserved, not a suite
  EXPECT_EQ(name_of(ExtensionType(0x1234)), "unknown (0x1234)");
  // RFC 8701: the sixteen GREASE values, in both spaces, and nothing else.
  int grease = 0;
  for (unsigned v = 0; v <= 0xffff; ++v) grease += iana::is_grease(uint16_t(v));
  EXPECT_EQ(grease, 16);
  EXPECT_TRUE(iana::is_grease(0x0a0a));
  EXPECT_TRUE(iana::is_grease(0xfafa));
  EXPECT_FALSE(iana::is_grease(0x0a1a));
  EXPECT_EQ(suite_name(0x2a2a), "GREASE");
  EXPECT_EQ(name_of(ExtensionType(0xdada)), "GREASE");
}

// tshark's own value tables as an independent source: every suite of ours has its name there,
// and every extension it knows has the same name (RFC 8447 renamed two; tshark 4.0 lacks some
// newer registrations, which are not compared).
TEST(Iana, NamesAgreeWithTshark) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  std::string values = testutil::run("tshark -G values 2>/dev/null").output;
  std::map<std::string, std::map<unsigned, std::string>> known;
  std::istringstream in(values);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, '\t');) cols.push_back(c);
    if (cols.size() == 4 && cols[0] == "V" &&
        (cols[1] == "tls.handshake.ciphersuite" || cols[1] == "tls.handshake.extension.type"))
      known[cols[1]][unsigned(std::stoul(cols[2]))] = cols[3];
  }
  auto& suites = known["tls.handshake.ciphersuite"];
  auto& exts = known["tls.handshake.extension.type"];
  ASSERT_FALSE(suites.empty());
  ASSERT_FALSE(exts.empty());
  for (auto& e : iana::cipher_suites()) EXPECT_EQ(suites[e.code], e.name) << std::hex << e.code;
  int compared = 0;
  for (auto& e : iana::extension_types()) {
    auto it = exts.find(e.code);
    if (it == exts.end() || e.name == "Reserved" || e.code == 34) continue;  // 34: "delegated_credential" (IANA)
    EXPECT_EQ(it->second, e.name) << e.code;
    ++compared;
  }
  EXPECT_GT(compared, 45);
}

// ---- the ClientHello ------------------------------------------------------------------------

TEST(Offer, TheExplicitListIsOfferedByteForByteAndNamedInTheDissection) {
  ScenarioOptions o;
  o.seed = 14;
  // Unknown to the engine: c014, 0x0a0a (GREASE), 0x0096 (SEED), 0x0047 (reserved, unregistered).
  o.offer_suites = {0xc014, 0x0a0a, 0x0096, 0x0047, 0x002f, 0x0035};
  o.offer_extensions = {{0x0023, std::nullopt}, {0x000f, Bytes{0x01}}, {0x1a1a, Bytes{}}, {0x0000, std::nullopt}};
  Trace t = run(o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed) << t.outcome;
  const Event& ch = t.events.at(0);
  ASSERT_EQ(ch.name, "ClientHello");
  RawHello raw = raw_hello(ch.bytes);
  EXPECT_EQ(raw.suites, o.offer_suites);
  // The client's own extensions first (server_name moved to its place in the list), then the
  // listed ones in order with their bodies.
  ASSERT_GE(raw.extensions.size(), 4u);
  size_t n = raw.extensions.size();
  EXPECT_EQ(raw.extensions[n - 4], (std::pair<uint16_t, Bytes>{0x0023, {}}));
  EXPECT_EQ(raw.extensions[n - 3], (std::pair<uint16_t, Bytes>{0x000f, {0x01}}));
  EXPECT_EQ(raw.extensions[n - 2], (std::pair<uint16_t, Bytes>{0x1a1a, {}}));
  EXPECT_EQ(raw.extensions[n - 1].first, 0x0000);
  EXPECT_TRUE(has(std::string(raw.extensions[n - 1].second.begin(), raw.extensions[n - 1].second.end()), "www.example.com"));
  for (size_t i = 0; i + 1 < n; ++i) EXPECT_NE(raw.extensions[i].first, 0x0000);
  // The dissection names every suite offered.
  const Field* list = ch.tree.find("cipher_suites");
  ASSERT_NE(list, nullptr);
  std::vector<std::string> shown;
  for (auto& c : list->children)
    if (c.name == "cipher_suite") shown.push_back(c.value);
  ASSERT_EQ(shown.size(), 6u);
  EXPECT_EQ(shown[0], "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA (0xc014)");
  EXPECT_EQ(shown[1], "GREASE (0x0a0a)");
  EXPECT_EQ(shown[2], "TLS_RSA_WITH_SEED_CBC_SHA (0x0096)");
  EXPECT_TRUE(has(shown[3], "unknown (0x0047)")) << shown[3];  // not registered: a number only
  EXPECT_EQ(shown[4], "TLS_RSA_WITH_AES_128_CBC_SHA (0x002f)");
  EXPECT_EQ(shown[5], "TLS_RSA_WITH_AES_256_CBC_SHA (0x0035)");
  // ... and every extension, an unknown body shown as opaque bytes under its name.
  std::vector<std::string> names;
  for (const Field* e : extension_nodes(ch)) names.push_back(e->value);
  ASSERT_GE(names.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(names.end() - 4, names.end()),
            (std::vector<std::string>{"session_ticket", "heartbeat", "GREASE", "server_name"}));
  const Field* heartbeat = extension_nodes(ch)[names.size() - 3];
  EXPECT_EQ(heartbeat->find("type")->value, "heartbeat (15)");
  const Field* data = heartbeat->find("data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->length, 1u);
  EXPECT_EQ(ch.bytes.at(data->offset), 0x01);
  // The server chose by its own preference among the suites it implements.
  EXPECT_EQ(t.negotiated.cipher_suite, 0x002f);
}

TEST(Offer, TheServerIgnoresWhatItDoesNotImplement) {
  ScenarioOptions o;
  o.seed = 15;
  o.server_suites = {0x0035, 0x002f};
  o.offer_suites = {0x1301, 0xc030, 0xcca9, 0x002f, 0xc0ff, 0x0035};  // 1301: TLS 1.3 only here
  o.offer_extensions = {{0x0010, Bytes{0x00, 0x03, 0x02, 'h', '2'}}, {0x4444, Bytes{0xde, 0xad}}};
  Trace t = run(o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed) << t.outcome;
  EXPECT_EQ(t.negotiated.cipher_suite, 0x0035);  // the server's first choice, not the client's
  // Nothing the engine implements: the server finds no common suite.
  o.offer_suites = {0xc014, 0x0096, 0x0a0a};
  Trace none = run(o);
  EXPECT_EQ(none.outcome, OutcomeKind::failed);
  EXPECT_TRUE(has(none.outcome.english(), "no cipher suite in common")) << none.outcome;
}

TEST(Offer, TheClientRefusesAServerChoosingASuiteItCannotRun) {
  ClientHello ch;
  ch.cipher_suites = {0xc014, 0x002f};
  auto f = refuse_unimplemented_suite(ch, 0xc014);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->alert, AlertDescription::handshake_failure);
  EXPECT_TRUE(has(f->reason, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA")) << f->reason;
  EXPECT_TRUE(has(f->reason, "does not implement")) << f->reason;
  EXPECT_NE(f->render(Lang::fr), f->reason);
  EXPECT_FALSE(refuse_unimplemented_suite(ch, 0x002f));  // implemented
  EXPECT_FALSE(refuse_unimplemented_suite(ch, 0xc013));  // not offered: another check's reason
  // On the wire: an attacker rewrites the ServerHello's choice to the offered c014.
  ScenarioOptions o;
  o.seed = 16;
  o.offer_suites = {0xc014, 0x002f};
  o.edits = {"1:fragment/ServerHello/cipher_suite=c014"};
  Trace t = run(o);
  EXPECT_EQ(t.outcome, OutcomeKind::failed);
  EXPECT_TRUE(has(t.outcome.english(), "offered only as a code point")) << t.outcome;
  EXPECT_TRUE(has(t.outcome.english(), "handshake_failure")) << t.outcome;
}

TEST(Offer, OptionsReadHexCodePointsAndRefuseBadInput) {
  const OptionRow* suites = option_row("offer_suites");
  const OptionRow* exts = option_row("offer_extensions");
  ASSERT_NE(suites, nullptr);
  ASSERT_NE(exts, nullptr);
  ScenarioOptions o;
  EXPECT_TRUE(suites->set(o, nlohmann::json::array({"0004", "0x0005", "C02F"})));
  EXPECT_EQ(o.offer_suites, (std::vector<uint16_t>{0x0004, 0x0005, 0xc02f}));
  for (const char* bad : {"004", "00004", "zz04", "", "0x04"}) EXPECT_FALSE(suites->set(o, nlohmann::json::array({bad}))) << bad;
  EXPECT_FALSE(suites->set(o, nlohmann::json("0004")));
  EXPECT_TRUE(exts->set(o, nlohmann::json::array({"0023", "000f=01", "1a1a="})));
  ASSERT_EQ(o.offer_extensions.size(), 3u);
  EXPECT_FALSE(o.offer_extensions[0].body);
  EXPECT_EQ(o.offer_extensions[1].body, Bytes{1});
  EXPECT_EQ(o.offer_extensions[2].body, Bytes{});
  for (const char* bad : {"0023=0", "0023=zz", "23", "=01"}) EXPECT_FALSE(exts->set(o, nlohmann::json::array({bad}))) << bad;
  EXPECT_FALSE(exts->set(o, nlohmann::json::array({"0023", "0023=00"})));  // twice
  // The command line says why, in words.
  std::string bin = TLSLAB_BIN;
  for (auto [args, why] : std::vector<std::pair<std::string, std::string>>{
           {"--offer-suites 00z4", "'00z4' is not a code point"},
           {"--offer-suites 004,0005", "'004' is not a code point"},
           {"--offer-suites ''", "the list is empty"},
           {"--offer-suites 0004,,0005", "'' is not a code point"},
           {"--offer-extensions 0023=abc", "'abc' is not an extension body in hexadecimal"},
           {"--offer-extensions 0023,0023", "extension 0023 is listed twice"}}) {
    auto r = testutil::run(bin + " run " + args + " 2>&1");
    EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
    EXPECT_TRUE(has(r.output, why)) << args << "\n" << r.output;
  }
  auto ok = testutil::run(bin + " run --offer-suites 0004,0005,c02f --offer-extensions 0023,000f=01 2>&1");
  EXPECT_EQ(ok.status, 0) << ok.output;
}

// ---- the course's capture ------------------------------------------------------------------

TEST(Offer, LectureCaptureOffersTheCapturesSuitesAndTheServerPicksRc4Md5) {
  auto o = load_scenario("lecture-capture");
  ASSERT_TRUE(o.ok()) << o.error().reason;
  EXPECT_TRUE(validate(*o).empty());
  Trace t = run(*o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed) << t.outcome;
  const Event& ch = t.events.at(0);
  ASSERT_EQ(ch.name, "ClientHello");
  EXPECT_EQ(ch.tree.find("client_version")->value, "TLS 1.0 (0x0301)");
  EXPECT_EQ(raw_hello(ch.bytes).suites, kLectureSuites);
  // The field tree: 34 cipher suites in the capture's order, each by its IANA name.
  const Field* list = ch.tree.find("cipher_suites");
  ASSERT_NE(list, nullptr);
  std::vector<const Field*> suites;
  for (auto& c : list->children)
    if (c.name == "cipher_suite") suites.push_back(&c);
  ASSERT_EQ(suites.size(), 34u);
  for (size_t i = 0; i < suites.size(); ++i) {
    SCOPED_TRACE(suites[i]->value);
    auto iana_name = iana::cipher_suite_name(kLectureSuites[i]);
    ASSERT_TRUE(iana_name);
    std::string code = fmt_hex(kLectureSuites[i], 4);
    ASSERT_TRUE(has(suites[i]->value, " (" + code + ")"));
    EXPECT_EQ(stem(suites[i]->value.substr(0, suites[i]->value.size() - code.size() - 3)), stem(*iana_name));
  }
  EXPECT_EQ(suites[32]->value, "SSL_RSA_WITH_RC4_128_MD5 (0x0004)");
  EXPECT_EQ(suites[33]->value, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00ff)");
  // The capture's extensions, in its order, the SessionTicket one empty.
  std::vector<std::string> names;
  for (const Field* e : extension_nodes(ch)) names.push_back(e->value);
  EXPECT_EQ(names, (std::vector<std::string>{"server_name", "ec_point_formats", "supported_groups", "session_ticket"}));
  EXPECT_EQ(extension_nodes(ch)[3]->find("extension_data")->length, 2u);  // just its length, 0
  // The server's choice.
  const Event* sh = first_named(t, "ServerHello");
  ASSERT_NE(sh, nullptr);
  const Field* chosen = sh->tree.find("cipher_suite");
  ASSERT_NE(chosen, nullptr);
  EXPECT_EQ(chosen->value, "SSL_RSA_WITH_RC4_128_MD5 (0x0004)");
  EXPECT_EQ(t.negotiated.cipher_suite, 0x0004);
  EXPECT_EQ(t.negotiated.version, kTls10);
  EXPECT_TRUE(t.negotiated.secure_renegotiation);  // signalled by the SCSV alone
}

// tshark reads the exported capture's ClientHello as we do: the same suites and extensions.
TEST(Offer, TsharkSeesTheSameOfferInTheExportedCapture) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  auto o = load_scenario("lecture-capture");
  ASSERT_TRUE(o.ok());
  o->offer_extensions.push_back({0x000f, Bytes{0x01}});  // and an extension the engine lacks
  Trace t = run(*o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed) << t.outcome;
  auto dir = testutil::temp_dir("offer");
  auto file = write_capture(dir, "lecture.pcapng", t);
  std::string out = tshark("-r " + file.string() +
                           " -Y tls.handshake.type==1 -T fields -E 'separator=;' -e tls.handshake.ciphersuite"
                           " -e tls.handshake.extension.type");
  std::string want_suites, want_exts;
  for (uint16_t s : kLectureSuites) want_suites += (want_suites.empty() ? "" : ",") + fmt_hex(s, 4);
  want_exts = "0,11,10,35,15";
  EXPECT_EQ(out, want_suites + ";" + want_exts + "\n");
  // tshark's verbose names match our dissection's, in order (SSL_ names as TLS_).
  std::string verbose = tshark("-r " + file.string() + " -Y tls.handshake.type==1 -V");
  std::vector<std::string> theirs, ours;
  std::istringstream lines(verbose);
  for (std::string l; std::getline(lines, l);)
    if (auto at = l.find("Cipher Suite: "); at != std::string::npos) theirs.push_back(l.substr(at + 14));
  const Field* list = t.events.at(0).tree.find("cipher_suites");
  ASSERT_NE(list, nullptr);
  for (auto& c : list->children)
    if (c.name == "cipher_suite") ours.push_back("TLS_" + stem(c.value));
  EXPECT_EQ(theirs, ours);
  EXPECT_TRUE(has(verbose, "Type: session_ticket (35)")) << verbose.substr(0, 4000);
  EXPECT_TRUE(has(verbose, "Type: heartbeat (15)"));
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

// ---- OpenSSL as the server -------------------------------------------------------------------

TEST(Offer, EngineClientOfferingUnknownCodePointsCompletesWithOpenSsl) {
  auto dir = testutil::temp_dir("offer-interop");
  auto r0 = testutil::run("cd " + dir.string() +
                          " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem"
                          " -days 30 -subj /CN=localhost 2>&1");
  ASSERT_EQ(r0.status, 0) << r0.output;
  std::string offer = " --host localhost --timeout 20 --offer-suites 0a0a,0096,c07a,0047,c014,002f,00ff"
                      " --offer-extensions 000f=01,1a1a,5678=c0ffee 2>&1";
  // GREASE, suites OpenSSL 3 does not have (SEED, Camellia-GCM, an unassigned value), c014 which
  // it has but this engine does not, and extensions it ignores (heartbeat, GREASE, unassigned).
  auto connect = [&](const std::string& server_args) {
    int port = testutil::free_port();
    std::string log = (dir / ("s_server-" + std::to_string(port) + ".log")).string();
    Background server("exec openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                      (dir / "cert.pem").string() + " -key " + (dir / "key.pem").string() + " -tls1_2 -www " +
                      server_args + " > " + log + " 2>&1");
    EXPECT_TRUE(testutil::wait_for_port(port, 5000)) << testutil::read_file(log);
    return testutil::run(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) + offer);
  };
  // OpenSSL prefers its own order: AES128-SHA, which the engine runs.
  auto r = connect("-serverpref -cipher AES128-SHA:ECDHE-RSA-AES256-SHA");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(r.output, "cipher suite:           TLS_RSA_WITH_AES_128_CBC_SHA")) << r.output;
  EXPECT_TRUE(has(r.output, "outcome:                completed")) << r.output;
  EXPECT_TRUE(has(r.output, "</pre></BODY></HTML>")) << r.output;
  // s_server -www's page lists the suites both offered, in the client's order: OpenSSL read c014.
  EXPECT_TRUE(has(r.output, "Ciphers common between both SSL end points:\nECDHE-RSA-AES256-SHA ")) << r.output;
  // Following the client's order, OpenSSL picks c014: the engine cannot run it and says so.
  auto refused = connect("-cipher AES128-SHA:ECDHE-RSA-AES256-SHA");
  EXPECT_NE(refused.status, 0) << refused.output;
  EXPECT_TRUE(has(refused.output, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, which the client offered only as a code point"))
      << refused.output;
  std::filesystem::remove_all(dir);
}

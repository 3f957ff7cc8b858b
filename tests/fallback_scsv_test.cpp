// TLS_FALLBACK_SCSV (RFC 7507): the client marks a fallback ClientHello, a server whose highest
// version is above the one offered refuses it with inappropriate_fallback(86). Judged on the
// raw bytes (RFC 7507 2 and 3) in-process, and by OpenSSL, which implements RFC 7507, as the peer.
#include <gtest/gtest.h>

#include <algorithm>

#include "net/simulation.hpp"
#include "scenario/option_table.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"

using namespace sim;
using simfix::fatal_alert_from;
using testutil::Background;

namespace {

Trace run(uint16_t client_min, uint16_t client_max, uint16_t server_min, uint16_t server_max, bool scsv,
          bool server_checks = true) {
  ScenarioOptions o;
  o.seed = 7507;
  o.client_min_version = client_min;
  o.client_max_version = client_max;
  o.server_min_version = server_min;
  o.server_max_version = server_max;
  o.fallback_scsv = scsv;
  o.server_checks_fallback_scsv = server_checks;
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

// The cipher_suites of the first ClientHello, read from the record bytes by hand (RFC 5246
// 7.4.1.2: record header 5, handshake header 4, client_version 2, random 32, session_id<0..32>).
std::vector<uint16_t> offered_suites(const Trace& t) {
  const Bytes& b = t.events.at(0).bytes;
  size_t at = 5 + 4 + 2 + 32;
  at += 1 + b.at(at);
  size_t len = size_t(b.at(at)) << 8 | b.at(at + 1);
  std::vector<uint16_t> out;
  for (size_t i = at + 2; i < at + 2 + len; i += 2) out.push_back(uint16_t(b.at(i) << 8 | b.at(i + 1)));
  return out;
}

const Event* alert_from(const Trace& t, Actor a) { return fatal_alert_from(t, a); }

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

// ---- in-process ----------------------------------------------------------------------------

TEST(FallbackScsv, ClientHelloEndsWithTheScsvOnlyWhenAsked) {
  auto with = offered_suites(run(kTls10, kTls11, kTls10, kTls11, true));
  ASSERT_FALSE(with.empty());
  EXPECT_EQ(with.back(), 0x5600);  // RFC 7507 2: {0x56, 0x00}, at the end (4: SHOULD)
  for (size_t i = 0; i + 1 < with.size(); ++i) EXPECT_NE(with[i], 0x5600);
  // The trace names it where it lies, and explains it in both languages.
  Trace t = run(kTls10, kTls11, kTls10, kTls11, true);
  const Field* list = t.events.at(0).tree.find("cipher_suites");
  ASSERT_NE(list, nullptr);
  const Field& last = list->children.back();
  EXPECT_EQ(last.name, "cipher_suite");
  ASSERT_EQ(last.length, 2u);
  EXPECT_EQ(t.events[0].bytes.at(last.offset), 0x56);
  EXPECT_EQ(t.events[0].bytes.at(last.offset + 1), 0x00);
  EXPECT_TRUE(has(last.shown(Lang::en), "TLS_FALLBACK_SCSV (0x5600)")) << last.shown(Lang::en);
  EXPECT_NE(last.shown(Lang::en), last.shown(Lang::fr));
  auto without = offered_suites(run(kTls10, kTls11, kTls10, kTls11, false));
  EXPECT_EQ(std::count(without.begin(), without.end(), 0x5600), 0);
  EXPECT_EQ(without.size() + 1, with.size());
}

TEST(FallbackScsv, ServerAboveTheClientsVersionSendsInappropriateFallback) {
  Trace t = run(kTls10, kTls11, kTls10, kTls12, true);
  // The server fails with the alert it sends, the client with the alert it receives.
  EXPECT_EQ(t.outcome, OutcomeKind::failed) << t.outcome;
  EXPECT_FALSE(t.handshake_complete);
  const Event* a = alert_from(t, Actor::server);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::inappropriate_fallback);
  // On the wire: alert record, ClientHello.client_version as record version (RFC 7507 3),
  // level fatal(2), description 86.
  EXPECT_EQ(to_hex(a->bytes), "1503020002" "0256");
  std::string why = a->alert->reason.english();
  EXPECT_TRUE(has(why, "TLS 1.1") && has(why, "TLS 1.2")) << why;
  // No ServerHello went out.
  for (auto& e : t.events) EXPECT_FALSE(e.from == Actor::server && e.name.find("ServerHello") != std::string::npos);
}

TEST(FallbackScsv, Ssl3ClientHelloIsCheckedToo) {
  Trace t = run(kSsl3, kSsl3, kSsl3, kTls12, true);
  auto suites = offered_suites(t);
  ASSERT_GE(suites.size(), 2u);
  EXPECT_EQ(suites[suites.size() - 2], 0x00ff);  // RFC 5746's SCSV (SSL 3.0 has no extensions)
  EXPECT_EQ(suites.back(), 0x5600);
  EXPECT_EQ(t.outcome, OutcomeKind::failed) << t.outcome;
  const Event* a = alert_from(t, Actor::server);
  ASSERT_NE(a, nullptr);
  // The alert is 86 even in an SSL 3.0 record: RFC 7507 3 covers every ClientHello with the SCSV.
  EXPECT_EQ(to_hex(a->bytes), "1503000002" "0256");
}

TEST(FallbackScsv, UnsupportedVersionGetsProtocolVersionFirst) {
  // RFC 7507 3: "unless it responds with a fatal protocol_version alert because the version
  // indicated in ClientHello.client_version is unsupported".
  Trace t = run(kSsl3, kSsl3, kTls10, kTls12, true);
  const Event* a = alert_from(t, Actor::server);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->bytes.back(), 70);
}

TEST(FallbackScsv, ClientAtTheServersHighestVersionCompletes) {
  Trace t = run(kTls10, kTls11, kTls10, kTls11, true);
  EXPECT_EQ(t.outcome, OutcomeKind::completed) << t.outcome;
  EXPECT_EQ(t.negotiated.version, kTls11);
  EXPECT_EQ(alert_from(t, Actor::server), nullptr);
}

TEST(FallbackScsv, TlsThirteenClientIsNoFallback) {
  // supported_versions carries TLS 1.3, the server's highest (RFC 8446 4.2.1: legacy_version,
  // 0x0303, is ignored): the SCSV does not make this a fallback.
  Trace t = run(kTls12, kTls13, kTls12, kTls13, true);
  EXPECT_EQ(t.outcome, OutcomeKind::completed) << t.outcome;
  EXPECT_EQ(t.negotiated.version, kTls13);
  EXPECT_EQ(offered_suites(t).back(), 0x5600);
  // A TLS 1.2 client with the SCSV is a fallback for a TLS 1.3 server.
  Trace down = run(kTls10, kTls12, kTls12, kTls13, true);
  const Event* a = alert_from(down, Actor::server);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::inappropriate_fallback);
  EXPECT_EQ(to_hex(a->bytes), "1503030002" "0256");
}

TEST(FallbackScsv, ServerThatDoesNotCheckCompletesAtTheLowerVersion) {
  Trace t = run(kTls10, kTls11, kTls10, kTls12, true, false);
  EXPECT_EQ(t.outcome, OutcomeKind::completed) << t.outcome;
  EXPECT_EQ(t.negotiated.version, kTls11);
  EXPECT_EQ(alert_from(t, Actor::server), nullptr);
}

TEST(FallbackScsv, ScenarioFlagsSetTheOptions) {
  auto apply = [](const std::string& key, const std::string& flag) {
    ScenarioOptions o;
    const OptionRow* r = option_row(key);
    EXPECT_NE(r, nullptr) << key;
    if (r) r->apply_cli(o, {{flag, {}}});
    return o;
  };
  EXPECT_TRUE(apply("fallback_scsv", "--fallback-scsv").fallback_scsv);
  EXPECT_FALSE(apply("server_checks_fallback_scsv", "--no-fallback-scsv-check").server_checks_fallback_scsv);
  ScenarioOptions d;
  EXPECT_FALSE(d.fallback_scsv);
  EXPECT_TRUE(d.server_checks_fallback_scsv);  // correct servers check
  EXPECT_TRUE(client_config(apply("fallback_scsv", "--fallback-scsv")).send_fallback_scsv);
  EXPECT_FALSE(server_config(apply("server_checks_fallback_scsv", "--no-fallback-scsv-check")).check_fallback_scsv);
}

// ---- OpenSSL as the peer -------------------------------------------------------------------

namespace {

class FallbackScsvInterop : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = testutil::temp_dir("fallback-scsv");
    auto r = testutil::run("cd " + dir_.string() +
                           " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem"
                           " -days 30 -subj /CN=localhost 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  void SetUp() override {
    // OpenSSL 3 takes TLS 1.1 only at security level 0 (../shared/ENVIRONMENT.md).
    auto r = testutil::run("openssl s_client -help 2>&1");
    if (!has(r.output, "-tls1_1") || !has(r.output, "-fallback_scsv")) GTEST_SKIP() << "openssl lacks -tls1_1 or -fallback_scsv";
  }

  // openssl s_server with every version it has enabled (TLS 1.1 through 1.3 at SECLEVEL=0).
  static int start_openssl(std::unique_ptr<Background>* out, const std::filesystem::path& log) {
    int port = testutil::free_port();
    *out = std::make_unique<Background>("exec openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                                        (dir_ / "cert.pem").string() + " -key " + (dir_ / "key.pem").string() +
                                        " -www -cipher ALL@SECLEVEL=0 > " + log.string() + " 2>&1");
    return testutil::wait_for_port(port, 5000) ? port : 0;
  }

  static int start_serve(std::unique_ptr<Background>* out, const std::filesystem::path& log, const std::string& opts) {
    *out = std::make_unique<Background>(std::string(TLSLAB_BIN) + " serve --once --timeout 20 --port 0 " + opts + " > " +
                                        log.string() + " 2>&1");
    return testutil::served_port(log, 10000);
  }

  static testutil::CommandResult s_client(int port, const std::string& opts) {
    return testutil::run("printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\n\\r\\n' | timeout 20 openssl s_client "
                         "-connect 127.0.0.1:" + std::to_string(port) + " -cipher ALL@SECLEVEL=0 -ign_eof " + opts + " 2>&1");
  }

  static std::filesystem::path dir_;
};
std::filesystem::path FallbackScsvInterop::dir_;

}  // namespace

TEST_F(FallbackScsvInterop, OpenSslServerRefusesOurFallbackClient) {
  std::unique_ptr<Background> server;
  auto slog = dir_ / "s_server.log";
  int port = start_openssl(&server, slog);
  ASSERT_NE(port, 0) << testutil::read_file(slog);
  std::string connect = std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                        " --host localhost --max-version tls1.1 --suite TLS_RSA_WITH_AES_128_CBC_SHA";
  // Without the SCSV, OpenSSL takes TLS 1.1: the refusal below is the SCSV's doing.
  auto plain = testutil::run(connect + " 2>&1");
  EXPECT_EQ(plain.status, 0) << plain.output;
  EXPECT_TRUE(has(plain.output, "version:                TLS 1.1")) << plain.output;
  auto r = testutil::run(connect + " --fallback-scsv 2>&1");
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_TRUE(testutil::has_line(r.output, {"server   -> client", "Alert: fatal inappropriate_fallback"})) << r.output;
  EXPECT_TRUE(testutil::wait_for_text(slog, "inappropriate fallback", 5000)) << testutil::read_file(slog);
}

TEST_F(FallbackScsvInterop, OurServerRefusesOpenSslFallbackClient) {
  {
    auto lg = dir_ / "serve-fallback.log";
    std::unique_ptr<Background> serve;
    int port = start_serve(&serve, lg, "--suite TLS_RSA_WITH_AES_128_CBC_SHA");
    ASSERT_NE(port, 0) << testutil::read_file(lg);
    auto r = s_client(port, "-tls1_1 -fallback_scsv");
    serve->wait_exit(10000);
    // OpenSSL names alert 86 itself ("tlsv1 alert inappropriate fallback").
    EXPECT_TRUE(has(r.output, "alert inappropriate fallback")) << r.output;
    EXPECT_FALSE(has(r.output, "HTTP/1.1 200 OK")) << r.output;
    EXPECT_TRUE(has(testutil::read_file(lg), "inappropriate_fallback")) << testutil::read_file(lg);
  }
  // Without the SCSV, and with it at our highest version (TLS 1.2): normal handshakes.
  for (auto [name, opts] : {std::pair{"tls11", "-tls1_1"}, std::pair{"tls12-scsv", "-tls1_2 -fallback_scsv"}}) {
    SCOPED_TRACE(opts);
    auto lg = dir_ / (std::string("serve-") + name + ".log");
    std::unique_ptr<Background> serve;
    int port = start_serve(&serve, lg, "--suite TLS_RSA_WITH_AES_128_CBC_SHA");
    ASSERT_NE(port, 0) << testutil::read_file(lg);
    auto r = s_client(port, opts);
    EXPECT_EQ(serve->wait_exit(10000), 0) << testutil::read_file(lg);
    EXPECT_TRUE(has(r.output, "HTTP/1.1 200 OK")) << r.output;
    EXPECT_FALSE(has(r.output, "inappropriate fallback")) << r.output;
  }
}

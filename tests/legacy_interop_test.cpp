// SSL 3.0, TLS 1.0 and 1.1 judged by independent implementations: tshark decrypts our captures
// of every suite, and OpenSSL talks TLS 1.0/1.1 and renegotiates with our client and server.
#include <gtest/gtest.h>

#include "net/simulation.hpp"
#include "test_util.hpp"
#include "tshark_util.hpp"

using namespace sim;
using testutil::Background;

namespace {

struct VersionSuite {
  uint16_t version;
  const char* suite;
};

std::string case_name(const testing::TestParamInfo<VersionSuite>& i) {
  std::string n = version_option_name(i.param.version) + "_" + std::string(i.param.suite).substr(4);
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

Trace run(uint16_t version, const char* suite) {
  ScenarioOptions o;
  o.seed = 21;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  o.client_suites = o.server_suites = {suite_by_name(suite)->id};
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

std::vector<VersionSuite> decryptable_cases() {
  std::vector<VersionSuite> v;
  for (uint16_t ver : {kSsl3, kTls10, kTls11})
    for (auto& s : all_suites())
      if (s.allowed_in(ver)) v.push_back({ver, s.name.data()});
  return v;
}

}  // namespace

class LegacyCapture : public testing::TestWithParam<VersionSuite> {};

TEST_P(LegacyCapture, TsharkDecryptsTheExactHttpBytes) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  Trace t = run(GetParam().version, GetParam().suite);
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  auto dir = testutil::temp_dir("legacy-pcap");
  auto file = write_capture(dir, "t.pcapng", t);
  Followed f = follow_tls(file, 0);
  EXPECT_EQ(f.to_server, to_hex(t.server_app_received));
  EXPECT_EQ(f.to_client, to_hex(t.client_app_received));
  ASSERT_FALSE(f.to_server.empty());
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(EverySuite, LegacyCapture, testing::ValuesIn(decryptable_cases()), case_name);

// ---- OpenSSL as the peer -------------------------------------------------------------------

namespace {

class OpenSslLegacy : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = testutil::temp_dir("legacy-interop");
    auto r = testutil::run("cd " + dir_.string() +
                           " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem"
                           " -days 30 -subj /CN=localhost 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  // openssl s_server with extra options; returns its port once it listens.
  static int start_server(std::unique_ptr<Background>* out, const std::string& opts) {
    int port = testutil::free_port();
    *out = std::make_unique<Background>("exec openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                                        (dir_ / "cert.pem").string() + " -key " + (dir_ / "key.pem").string() +
                                        " -www " + opts + " > /dev/null 2>&1");
    return testutil::wait_for_port(port, 5000) ? port : 0;
  }

  // tlslab serve --port 0 with options; returns the port it printed.
  static int start_tlslab_server(std::unique_ptr<Background>* out, const std::filesystem::path& log, const std::string& opts) {
    *out = std::make_unique<Background>(std::string(TLSLAB_BIN) + " serve --once --timeout 20 --port 0 " + opts + " > " +
                                        log.string() + " 2>&1");
    for (int i = 0; i < 200; ++i) {
      std::string text = testutil::read_file(log);
      auto at = text.find("listening on 127.0.0.1:");
      if (at != std::string::npos && text.find(" as ", at) != std::string::npos) return std::atoi(text.c_str() + at + 23);
      ::usleep(50000);
    }
    return 0;
  }

  static std::filesystem::path dir_;
};
std::filesystem::path OpenSslLegacy::dir_;

const char* kOldSuites[] = {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
                            "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"};

}  // namespace

TEST_F(OpenSslLegacy, EngineClientTalksTls10And11ToOpenSsl) {
  for (auto [ours, theirs] : {std::pair{"tls1.0", "-tls1"}, std::pair{"tls1.1", "-tls1_1"}}) {
    std::unique_ptr<Background> server;
    int port = start_server(&server, std::string(theirs) + " -cipher ALL@SECLEVEL=0");
    ASSERT_NE(port, 0);
    for (const char* suite : kOldSuites) {
      auto r = testutil::run(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                             " --host localhost --version " + ours + " --suite " + suite + " 2>&1");
      EXPECT_EQ(r.status, 0) << ours << " " << suite << "\n" << r.output;
      EXPECT_NE(r.output.find("version:                " + version_name(*version_by_option_name(ours))), std::string::npos) << r.output;
      EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << ours << " " << suite;
    }
  }
}

TEST_F(OpenSslLegacy, OpenSslClientTalksTls10And11ToEngineServer) {
  for (auto [ours, theirs] : {std::pair{"tls1.0", "-tls1"}, std::pair{"tls1.1", "-tls1_1"}}) {
    for (const char* suite : kOldSuites) {
      auto log = dir_ / (std::string("serve-") + ours + suite + ".log");
      std::unique_ptr<Background> serve;
      int port = start_tlslab_server(&serve, log, std::string("--version ") + ours + " --suite " + suite);
      ASSERT_NE(port, 0) << testutil::read_file(log);
      auto r = testutil::run("printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\n\\r\\n' | timeout 20 openssl s_client -connect 127.0.0.1:" +
                             std::to_string(port) + " " + theirs + " -cipher ALL@SECLEVEL=0 -ign_eof 2>&1");
      EXPECT_EQ(serve->wait_exit(10000), 0) << testutil::read_file(log);
      Bytes page = http_response_for("www.example.com");
      EXPECT_NE(r.output.find(std::string(page.begin(), page.end())), std::string::npos) << r.output;
      std::string served = testutil::read_file(log);
      EXPECT_NE(served.find("version:                " + version_name(*version_by_option_name(ours))), std::string::npos) << served;
      EXPECT_NE(served.find("cipher suite:           " + std::string(suite)), std::string::npos) << served;
    }
  }
}

TEST_F(OpenSslLegacy, EngineClientRenegotiatesWithOpenSslServer) {
  std::unique_ptr<Background> server;
  // OpenSSL 3 servers refuse client-initiated renegotiation unless told otherwise.
  int port = start_server(&server, "-client_renegotiation");
  ASSERT_NE(port, 0);
  auto r = testutil::run(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                         " --host localhost --renegotiate 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("handshakes:             2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("secure renegotiation:   yes"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;
}

TEST_F(OpenSslLegacy, LegacyRenegotiationNeedsOpenSslsExplicitConsent) {
  // Without RFC 5746, OpenSSL refuses to renegotiate (no_renegotiation) and the connection goes on.
  {
    std::unique_ptr<Background> server;
    int port = start_server(&server, "-client_renegotiation");
    ASSERT_NE(port, 0);
    auto r = testutil::run(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                           " --host localhost --renegotiate --no-secure-renegotiation --legacy-renegotiation 2>&1");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("no_renegotiation"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("handshakes:             1"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("secure renegotiation:   no"), std::string::npos) << r.output;
  }
  {
    std::unique_ptr<Background> server;
    int port = start_server(&server, "-client_renegotiation -legacy_renegotiation");
    ASSERT_NE(port, 0);
    auto r = testutil::run(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                           " --host localhost --renegotiate --no-secure-renegotiation --legacy-renegotiation 2>&1");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("handshakes:             2"), std::string::npos) << r.output;
  }
}

TEST_F(OpenSslLegacy, OpenSslClientRenegotiatesWithEngineServer) {
  auto log = dir_ / "serve-reneg.log";
  std::unique_ptr<Background> serve;
  int port = start_tlslab_server(&serve, log, "");
  ASSERT_NE(port, 0) << testutil::read_file(log);
  // s_client's "R" command renegotiates; the request follows once it is done.
  auto r = testutil::run("(sleep 1; printf 'R\\n'; sleep 1; printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\n\\r\\n'; sleep 1) | "
                         "timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " -tls1_2 2>&1");
  EXPECT_EQ(serve->wait_exit(10000), 0) << testutil::read_file(log);
  EXPECT_NE(r.output.find("RENEGOTIATING"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Hello from www.example.com"), std::string::npos) << r.output;
  std::string served = testutil::read_file(log);
  EXPECT_NE(served.find("handshakes:             2"), std::string::npos) << served;
  EXPECT_NE(served.find("renegotiation_info matches the previous client verify_data"), std::string::npos) << served;
}

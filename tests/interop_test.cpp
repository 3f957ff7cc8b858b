// Interop with OpenSSL as an independent peer on loopback: `tlslab connect` against
// `openssl s_server`, and `openssl s_client` against `tlslab serve`, for every suite and group.
#include <gtest/gtest.h>

#include "core/enums.hpp"
#include "hs/config.hpp"
#include "test_util.hpp"

using namespace sim;
using testutil::Background;

namespace {

struct Combo {
  const char* suite;
  const char* group;
};

std::string combo_name(const testing::TestParamInfo<Combo>& info) {
  return std::string(info.param.suite).substr(4) + "_" + info.param.group;
}

const std::vector<Combo> kCombos = {
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519"},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "secp256r1"},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "x25519"},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "secp256r1"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "x25519"},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "x25519"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "secp256r1"},
    {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "ffdhe2048"},
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "x25519"},
    {"TLS_RSA_WITH_AES_256_CBC_SHA256", "x25519"},
};

// OpenSSL's names for our suites (openssl ciphers -stdname).
std::string openssl_cipher(const std::string& iana) {
  static const std::map<std::string, std::string> m = {
      {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
      {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
      {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
      {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
      {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256"},
      {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
      {"TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"},
  };
  return m.at(iana);
}

class OpenSslInterop : public testing::TestWithParam<Combo> {
 protected:
  static void SetUpTestSuite() {
    dir_ = testutil::temp_dir("interop");
    auto r = testutil::run("cd " + dir_.string() +
                           " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem"
                           " -days 30 -subj /CN=localhost 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::filesystem::path dir_;
};
std::filesystem::path OpenSslInterop::dir_;

}  // namespace

TEST_P(OpenSslInterop, EngineClientAgainstOpenSslServer) {
  int port = testutil::free_port();
  std::string log = (dir_ / ("s_server-" + std::to_string(port) + ".log")).string();
  Background server("exec openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                    (dir_ / "cert.pem").string() + " -key " + (dir_ / "key.pem").string() +
                    " -tls1_2 -www -cipher " + openssl_cipher(GetParam().suite) + " > " + log + " 2>&1");
  ASSERT_TRUE(testutil::wait_for_port(port, 5000)) << testutil::read_file(log);
  auto r = testutil::run(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                         " --host localhost --timeout 20 --suite " + GetParam().suite + " --group " +
                         GetParam().group + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("cipher suite:           " + std::string(GetParam().suite)), std::string::npos) << r.output;
  // s_server -www answers with a status page; both its first and last lines arrived intact.
  EXPECT_NE(r.output.find("HTTP/1.0 200 ok\r\nContent-type: text/html"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("outcome:                completed"), std::string::npos) << r.output;
}

TEST_P(OpenSslInterop, OpenSslClientAgainstEngineServer) {
  auto out = dir_ / ("serve-" + std::string(GetParam().suite) + GetParam().group + ".log");
  // Port 0: the server picks a free port and prints it, so there is no race for a port.
  Background serve(std::string(TLSLAB_BIN) + " serve --once --timeout 20 --port 0" +
                   " --host www.example.com --suite " + GetParam().suite + " --group " + GetParam().group +
                   " > " + out.string() + " 2>&1");
  int port2 = 0;
  for (int i = 0; i < 200 && port2 == 0; ++i) {
    std::string text = testutil::read_file(out);
    auto at = text.find("listening on 127.0.0.1:");
    if (at != std::string::npos && text.find(" as ", at) != std::string::npos)
      port2 = std::atoi(text.c_str() + at + 23);
    else
      ::usleep(50000);
  }
  ASSERT_NE(port2, 0) << testutil::read_file(out);
  auto r = testutil::run("printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\n\\r\\n' | timeout 20 openssl s_client"
                         " -connect 127.0.0.1:" + std::to_string(port2) +
                         " -servername www.example.com -tls1_2 -ign_eof 2>&1");
  int serve_status = serve.wait_exit(10000);
  std::string served = testutil::read_file(out);
  Bytes expected = http_response_for("www.example.com");
  EXPECT_NE(r.output.find(std::string(expected.begin(), expected.end())), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Cipher is " + openssl_cipher(GetParam().suite)), std::string::npos) << r.output;
  EXPECT_EQ(serve_status, 0) << served;
  EXPECT_NE(served.find("cipher suite:           " + std::string(GetParam().suite)), std::string::npos) << served;
  EXPECT_NE(served.find("server received:        41 bytes"), std::string::npos) << served;
}

INSTANTIATE_TEST_SUITE_P(AllSuitesAndGroups, OpenSslInterop, testing::ValuesIn(kCombos), combo_name);

// TLS 1.3 interop with OpenSSL 3 on loopback: `tlslab connect` against `openssl s_server
// -tls1_3` and `openssl s_client -tls1_3` against `tlslab serve`, for every suite and group,
// HelloRetryRequest, resumption, client authentication, KeyUpdate, 0-RTT and version
// negotiation. Each test checks what OpenSSL itself printed (its -www status page, s_client's
// summary, -msg message logs), not only what our side says.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "hs/config.hpp"
#include "test_util.hpp"

using namespace sim;
using testutil::Background;
using testutil::has_line;

namespace {

const std::string kGet = "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n";  // 41 bytes, what s_client sends

struct Combo {
  const char* suite;
  const char* group;
};

std::vector<Combo> all_combos() {
  std::vector<Combo> v;
  for (const char* s : {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    for (const char* g : {"x25519", "secp256r1", "ffdhe2048"}) v.push_back({s, g});
  return v;
}

void PrintTo(const Combo& c, std::ostream* os) { *os << c.suite << " " << c.group; }

std::string combo_name(const testing::TestParamInfo<Combo>& i) {
  return std::string(i.param.suite).substr(4) + "_" + i.param.group;
}

// OpenSSL's -groups name for our group, and how s_client describes its key ("Server Temp Key: ...").
std::string openssl_group(const std::string& g) {
  return g == "x25519" ? "X25519" : g == "secp256r1" ? "P-256" : "ffdhe2048";
}
std::string openssl_temp_key(const std::string& g) {
  return g == "x25519" ? "X25519, 253 bits" : g == "secp256r1" ? "ECDH, prime256v1, 256 bits" : "DH, 2048 bits";
}

std::string tlslab() { return std::string(TLSLAB_BIN); }

// A named pipe feeding a process's stdin, held open read-write so neither side blocks.
class Fifo {
 public:
  explicit Fifo(std::filesystem::path p) : path_(std::move(p)) {
    ::mkfifo(path_.c_str(), 0600);
    fd_ = ::open(path_.c_str(), O_RDWR);
  }
  ~Fifo() { close(); }
  void write(const std::string& s) { (void)!::write(fd_, s.data(), s.size()); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// The part of `tlslab serve` output about connection n.
std::string connection_section(const std::string& out, int n) {
  auto at = out.find("=== connection " + std::to_string(n) + " ===");
  if (at == std::string::npos) return "";
  auto end = out.find("=== connection " + std::to_string(n + 1) + " ===", at);
  return out.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// An attacker between client and server on loopback: relays one connection to `target`, but
// renames the supported_versions extension of the first ClientHello to a GREASE type (same
// length), so a TLS 1.3 server believes the client speaks TLS 1.2 at most (RFC 8446 4.1.3).
class DowngradeProxy {
 public:
  explicit DowngradeProxy(int target) {
    lfd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(lfd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    ::listen(lfd_, 1);
    socklen_t len = sizeof sa;
    ::getsockname(lfd_, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.sin_port);
    thread_ = std::thread([this, target] { relay(target); });
  }
  ~DowngradeProxy() {
    stop_ = true;
    thread_.join();
    ::close(lfd_);
  }
  int port() const { return port_; }
  bool rewrote() const { return rewrote_; }

 private:
  static bool read_n(int fd, uint8_t* p, size_t n) {
    while (n > 0) {
      ssize_t r = ::recv(fd, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= size_t(r);
    }
    return true;
  }
  static void rename_supported_versions(std::vector<uint8_t>& rec) {
    // record(5) handshake(4) legacy_version(2) random(32) session_id cipher_suites compression extensions
    size_t p = 5 + 4 + 2 + 32;
    auto u16 = [&](size_t at) { return size_t(rec[at]) << 8 | rec[at + 1]; };
    if (p >= rec.size()) return;
    p += 1 + rec[p];
    if (p + 2 > rec.size()) return;
    p += 2 + u16(p);
    if (p >= rec.size()) return;
    p += 1 + rec[p];
    size_t end = p + 2 + (p + 2 <= rec.size() ? u16(p) : 0);
    for (p += 2; p + 4 <= end && p + 4 <= rec.size(); p += 4 + u16(p + 2))
      if (u16(p) == 0x002b) rec[p] = rec[p + 1] = 0x1a;  // 0x1a1a: a GREASE extension, ignored
  }
  bool wait_readable(int fd, int ms) {
    for (int waited = 0; waited < ms && !stop_; waited += 100) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) return true;
    }
    return false;
  }
  void relay(int target) {
    if (!wait_readable(lfd_, 20000)) return;
    int c = ::accept(lfd_, nullptr, nullptr);
    if (c < 0) return;
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(uint16_t(target));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::vector<uint8_t> rec(5);
    if (::connect(s, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 && read_n(c, rec.data(), 5)) {
      rec.resize(5 + (size_t(rec[3]) << 8 | rec[4]));
      if (read_n(c, rec.data() + 5, rec.size() - 5)) {
        auto before = rec;
        rename_supported_versions(rec);
        rewrote_ = rec != before;
        ::send(s, rec.data(), rec.size(), MSG_NOSIGNAL);
        pollfd p[2] = {{c, POLLIN, 0}, {s, POLLIN, 0}};
        uint8_t buf[16384];
        for (bool open = true; open && !stop_;) {
          if (::poll(p, 2, 100) <= 0) continue;
          for (int i = 0; i < 2 && open; ++i)
            if (p[i].revents) {
              ssize_t n = ::recv(p[i].fd, buf, sizeof buf, 0);
              open = n > 0 && ::send(p[1 - i].fd, buf, size_t(n), MSG_NOSIGNAL) == n;
            }
        }
      }
    }
    ::close(s);
    ::close(c);
  }
  int lfd_ = -1, port_ = 0;
  std::atomic<bool> stop_{false}, rewrote_{false};
  std::thread thread_;
};

class Interop13Base {
 protected:
  static void make_credentials() {
    dir_ = testutil::temp_dir("interop13");
    // The server's certificate, and a client certificate for s_client -cert.
    auto r = testutil::run("cd " + dir_.string() +
                           " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem"
                           " -days 30 -subj /CN=localhost 2>&1"
                           " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ckey.pem -out ccert.pem"
                           " -days 30 -subj /CN=openssl-client 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static std::string file(const std::string& name) { return (dir_ / name).string(); }

  // openssl s_server -tls1_3 (unless `opts` says otherwise) writing to `log`; returns its port.
  static int start_openssl_server(std::unique_ptr<Background>* out, const std::string& log, const std::string& opts,
                                  const std::string& stdin_from = "/dev/null") {
    int port = testutil::free_port();
    // stdbuf: s_server writes received data straight to fd 1 but its notes through stdio;
    // unbuffered, the log keeps their order ("Early data received:", the data, "End of ...").
    *out = std::make_unique<Background>("exec timeout 30 stdbuf -o0 openssl s_server -accept 127.0.0.1:" + std::to_string(port) +
                                        " -cert " + file("cert.pem") + " -key " + file("key.pem") + " " + opts + " < " +
                                        stdin_from + " > " + log + " 2>&1");
    return testutil::wait_for_text(log, "ACCEPT", 10000) ? port : 0;
  }

  // tlslab serve --port 0 --version tls1.3 with options; returns the port it printed.
  static int start_serve(std::unique_ptr<Background>* out, const std::string& log, const std::string& opts) {
    *out = std::make_unique<Background>(tlslab() + " serve --timeout 10 --port 0 --version tls1.3 " + opts + " > " + log +
                                        " 2>&1");
    return testutil::served_port(log, 15000);
  }

  // s_client -tls1_3 sending `input` (then waiting for the server to close, -ign_eof).
  static testutil::CommandResult s_client(int port, const std::string& opts, const std::string& input = kGet) {
    return testutil::run("printf '%s' " + testutil::shell_quote(input) + " | timeout 20 openssl s_client -connect 127.0.0.1:" +
                         std::to_string(port) + " -tls1_3 -ign_eof " + opts + " 2>&1");
  }

  static testutil::CommandResult connect(int port, const std::string& opts) {
    return testutil::run(tlslab() + " connect 127.0.0.1:" + std::to_string(port) + " --host localhost --timeout 10 " +
                         opts + " 2>&1");
  }

  static std::filesystem::path dir_;
};
std::filesystem::path Interop13Base::dir_;

class OpenSsl13 : public testing::TestWithParam<Combo>, protected Interop13Base {
 protected:
  static void SetUpTestSuite() { make_credentials(); }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
};

class Interop13 : public testing::Test, protected Interop13Base {
 protected:
  static void SetUpTestSuite() { make_credentials(); }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  std::string log(const std::string& name) const {
    return file(std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + name);
  }
};

}  // namespace

// ---- every suite and group, both directions ------------------------------------------------

TEST_P(OpenSsl13, EngineClientAgainstOpenSslServer) {
  auto [suite, group] = GetParam();
  std::string slog = file(std::string("s_server-") + suite + group + ".log");
  std::unique_ptr<Background> server;
  int port = start_openssl_server(&server, slog,
                                  "-tls1_3 -www -ciphersuites " + std::string(suite) + " -groups " + openssl_group(group));
  ASSERT_NE(port, 0) << testutil::read_file(slog);
  auto r = connect(port, std::string("--version tls1.3 --suite ") + suite + " --group " + group);
  EXPECT_EQ(r.status, 0) << r.output;
  // OpenSSL's own status page: its version and suite, and the only group both sides share.
  EXPECT_NE(r.output.find("New, TLSv1.3, Cipher is " + std::string(suite) + "\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Shared groups: " + std::string(group) + "\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("HTTP/1.0 200 ok\r\nContent-type: text/html"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("outcome:                completed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("group:                  " + std::string(group)), std::string::npos) << r.output;
}

TEST_P(OpenSsl13, OpenSslClientAgainstEngineServer) {
  auto [suite, group] = GetParam();
  std::string log = file(std::string("serve-") + suite + group + ".log");
  std::unique_ptr<Background> serve;
  int port = start_serve(&serve, log, std::string("--once --suite ") + suite + " --group " + group);
  ASSERT_NE(port, 0) << testutil::read_file(log);
  auto r = s_client(port, "-ciphersuites " + std::string(suite) + " -groups " + openssl_group(group));
  EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log);
  EXPECT_NE(r.output.find("New, TLSv1.3, Cipher is " + std::string(suite) + "\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Server Temp Key: " + openssl_temp_key(group) + "\n"), std::string::npos) << r.output;
  Bytes page = http_response_for("www.example.com");
  EXPECT_NE(r.output.find(std::string(page.begin(), page.end())), std::string::npos) << r.output;
  std::string served = testutil::read_file(log);
  EXPECT_NE(served.find("cipher suite:           " + std::string(suite)), std::string::npos) << served;
  EXPECT_NE(served.find("server received:        41 bytes"), std::string::npos) << served;
}

INSTANTIATE_TEST_SUITE_P(Interop13, OpenSsl13, testing::ValuesIn(all_combos()), combo_name);

// ---- HelloRetryRequest ---------------------------------------------------------------------

TEST_F(Interop13, EngineClientRetriesForOpenSslsGroup) {
  // We send only an x25519 share; s_server takes P-256 only, so it must ask again.
  std::unique_ptr<Background> server;
  int port = start_openssl_server(&server, log("s_server.log"), "-tls1_3 -www -msg -groups P-256");
  ASSERT_NE(port, 0);
  auto r = connect(port, "--version tls1.3 --group x25519 --group secp256r1 --key-share x25519");
  EXPECT_EQ(r.status, 0) << r.output;
  std::string s = testutil::read_file(log("s_server.log"));
  EXPECT_EQ(testutil::count_of(s, "], ClientHello"), 2u) << s;  // OpenSSL read ClientHello1 and ClientHello2
  EXPECT_TRUE(has_line(r.output, {"server   -> client", "HelloRetryRequest"})) << r.output;
  EXPECT_NE(r.output.find("HelloRetryRequest:      yes"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("group:                  secp256r1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Shared groups: secp256r1\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;
}

TEST_F(Interop13, EngineServerAsksOpenSslForAnotherShare) {
  // s_client sends a share for its first group (X25519) only; our server takes P-256 only.
  std::unique_ptr<Background> serve;
  int port = start_serve(&serve, log("serve.log"), "--once --group secp256r1");
  ASSERT_NE(port, 0) << testutil::read_file(log("serve.log"));
  auto r = s_client(port, "-groups X25519:P-256 -msg");
  EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve.log"));
  EXPECT_EQ(testutil::count_of(r.output, "], ClientHello"), 2u) << r.output;
  EXPECT_NE(r.output.find("Server Temp Key: ECDH, prime256v1, 256 bits"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Hello from www.example.com"), std::string::npos) << r.output;
  std::string served = testutil::read_file(log("serve.log"));
  EXPECT_TRUE(has_line(served, {"server   -> client", "HelloRetryRequest"})) << served;
  EXPECT_NE(served.find("HelloRetryRequest:      yes"), std::string::npos) << served;
}

// ---- resumption ----------------------------------------------------------------------------

TEST_F(Interop13, EngineClientResumesWithOpenSslTickets) {
  struct Case {
    const char* mode;
    const char* server_opts;
    bool resumed;
  };
  // OpenSSL refuses psk_ke (no forward secrecy) unless told -allow_no_dhe_kex: then it does a
  // full handshake, which proves the mode really reached it.
  for (Case c : {Case{"psk_dhe_ke", "", true}, Case{"psk_ke", "-allow_no_dhe_kex", true}, Case{"psk_ke", "", false}}) {
    SCOPED_TRACE(std::string(c.mode) + " " + c.server_opts);
    std::unique_ptr<Background> server;
    std::string slog = log(std::string(c.mode) + c.server_opts + ".log");
    int port = start_openssl_server(&server, slog, "-tls1_3 -www -naccept 2 " + std::string(c.server_opts));
    ASSERT_NE(port, 0);
    auto r = connect(port, std::string("--version tls1.3 --resume ") + c.mode);
    EXPECT_EQ(r.status, 0) << r.output;
    // The page printed is the second connection's, as OpenSSL saw it.
    EXPECT_NE(r.output.find(c.resumed ? "Reused, TLSv1.3, Cipher is" : "New, TLSv1.3, Cipher is"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("connections:            2"), std::string::npos) << r.output;
    std::string mode = c.resumed ? c.mode : "(EC)DHE";
    EXPECT_NE(r.output.find("key exchange mode:      " + mode + "\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;
  }
}

TEST_F(Interop13, OpenSslClientResumesWithEngineTickets) {
  std::unique_ptr<Background> serve;
  int port = start_serve(&serve, log("serve.log"), "--connections 2");
  ASSERT_NE(port, 0) << testutil::read_file(log("serve.log"));
  auto first = s_client(port, "-sess_out " + log("sess.pem"));
  auto second = s_client(port, "-sess_in " + log("sess.pem"));
  EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve.log"));
  EXPECT_NE(first.output.find("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"), std::string::npos) << first.output;
  EXPECT_NE(second.output.find("Reused, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Hello from www.example.com"), std::string::npos) << second.output;
  std::string served = testutil::read_file(log("serve.log"));
  EXPECT_NE(connection_section(served, 1).find("key exchange mode:      (EC)DHE"), std::string::npos) << served;
  EXPECT_NE(connection_section(served, 2).find("key exchange mode:      psk_dhe_ke"), std::string::npos) << served;
  EXPECT_NE(connection_section(served, 2).find("ticket accepted, binder valid"), std::string::npos) << served;
}

// ---- client authentication -----------------------------------------------------------------

TEST_F(Interop13, EngineClientAuthenticatesToOpenSsl) {
  std::unique_ptr<Background> server;
  int port = start_openssl_server(&server, log("s_server.log"), "-tls1_3 -www -Verify 1");
  ASSERT_NE(port, 0);
  auto r = connect(port, "--version tls1.3 --client-cert");
  EXPECT_EQ(r.status, 0) << r.output;
  // s_server's page shows the certificate it received (and accepted the CertificateVerify for).
  EXPECT_NE(r.output.find("Client certificate\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Subject: CN=client.tlslab.test"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("client authenticated:   yes"), std::string::npos) << r.output;
}

TEST_F(Interop13, OpenSslClientAuthenticatesToEngine) {
  {
    std::unique_ptr<Background> serve;
    int port = start_serve(&serve, log("serve.log"), "--once --client-cert");
    ASSERT_NE(port, 0) << testutil::read_file(log("serve.log"));
    auto r = s_client(port, "-msg -cert " + file("ccert.pem") + " -key " + file("ckey.pem"));
    EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve.log"));
    EXPECT_NE(r.output.find("Requested Signature Algorithms: RSA-PSS+SHA256"), std::string::npos) << r.output;
    EXPECT_TRUE(has_line(r.output, {">>> TLS 1.3, Handshake", "], CertificateVerify"})) << r.output;
    EXPECT_NE(r.output.find("Hello from www.example.com"), std::string::npos) << r.output;
    std::string served = testutil::read_file(log("serve.log"));
    EXPECT_NE(served.find("client certificate proven: CertificateVerify signature is valid"), std::string::npos) << served;
    EXPECT_NE(served.find("client authenticated:   yes"), std::string::npos) << served;
  }
  {
    // No certificate: s_client answers the request with an empty Certificate and no CertificateVerify.
    std::unique_ptr<Background> serve;
    int port = start_serve(&serve, log("serve-nocert.log"), "--once --request-client-cert");
    ASSERT_NE(port, 0) << testutil::read_file(log("serve-nocert.log"));
    auto r = s_client(port, "-msg");
    EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve-nocert.log"));
    EXPECT_TRUE(has_line(r.output, {">>> TLS 1.3, Handshake", "], Certificate"})) << r.output;
    EXPECT_FALSE(has_line(r.output, {">>> TLS 1.3, Handshake", "], CertificateVerify"})) << r.output;
    EXPECT_NE(r.output.find("Hello from www.example.com"), std::string::npos) << r.output;
    std::string served = testutil::read_file(log("serve-nocert.log"));
    EXPECT_NE(served.find("the client sent an empty Certificate"), std::string::npos) << served;
    EXPECT_NE(served.find("client authenticated:   no"), std::string::npos) << served;
  }
}

// ---- KeyUpdate -----------------------------------------------------------------------------

TEST_F(Interop13, OpenSslKeyUpdateCommandsAgainstEngine) {
  // s_client's "k" sends KeyUpdate(update_not_requested), "K" KeyUpdate(update_requested);
  // the request follows once the update is out, so it travels under the new keys.
  for (char cmd : {'k', 'K'}) {
    SCOPED_TRACE(std::string(1, cmd));
    std::string out = log(std::string("s_client-") + (cmd == 'k' ? "lower" : "upper") + ".log");
    std::string slog = log(std::string("serve-") + (cmd == 'k' ? "lower" : "upper") + ".log");
    std::unique_ptr<Background> serve;
    int port = start_serve(&serve, slog, "--once --derivations");
    ASSERT_NE(port, 0) << testutil::read_file(slog);
    Fifo in(out + ".in");
    Background client("exec timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " -tls1_3 -msg < " +
                      in.path().string() + " > " + out + " 2>&1");
    ASSERT_TRUE(testutil::wait_for_text(out, "Verify return code", 10000)) << testutil::read_file(out);
    in.write(std::string(1, cmd) + "\n");
    ASSERT_TRUE(testutil::wait_for_text(out, "KEYUPDATE", 10000)) << testutil::read_file(out);
    in.write(kGet);
    EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(slog);
    client.wait_exit(5000);
    std::string o = testutil::read_file(out), served = testutil::read_file(slog);
    EXPECT_TRUE(has_line(o, {">>> TLS 1.3, Handshake", "], KeyUpdate"})) << o;
    // With K, OpenSSL received our KeyUpdate answer and still read the page under the new keys.
    EXPECT_EQ(has_line(o, {"<<< TLS 1.3, Handshake", "], KeyUpdate"}), cmd == 'K') << o;
    EXPECT_NE(o.find("Hello from www.example.com"), std::string::npos) << o;
    EXPECT_NE(served.find("KeyUpdate: records from the client now use client_application_traffic_1 keys"), std::string::npos) << served;
    EXPECT_NE(served.find("client_application_traffic_secret_1"), std::string::npos) << served;  // the new secret's derivation
    EXPECT_EQ(served.find("server_application_traffic_secret_1") != std::string::npos, cmd == 'K') << served;
    EXPECT_TRUE(has_line(served, {"client   -> server", "Application Data", "client_application_traffic_1 keys"})) << served;
    EXPECT_EQ(has_line(served, {"server   -> client", "KeyUpdate"}), cmd == 'K') << served;
    EXPECT_EQ(has_line(served, {"server   -> client", "Application Data", "server_application_traffic_1 keys"}), cmd == 'K') << served;
    EXPECT_NE(served.find("server received:        41 bytes"), std::string::npos) << served;
  }
}

TEST_F(Interop13, EngineKeyUpdatesWithOpenSsl) {
  // Our client updates (asking OpenSSL to update too, or not) before its request.
  for (bool request : {true, false}) {
    SCOPED_TRACE(request ? "update_requested" : "update_not_requested");
    std::unique_ptr<Background> server;
    std::string slog = log(std::string("s_server-") + (request ? "req" : "noreq") + ".log");
    int port = start_openssl_server(&server, slog, "-tls1_3 -www -msg");
    ASSERT_NE(port, 0);
    auto r = connect(port, std::string("--version tls1.3 --key-update client") + (request ? " --key-update-request" : ""));
    EXPECT_EQ(r.status, 0) << r.output;
    std::string s = testutil::read_file(slog);
    EXPECT_TRUE(has_line(s, {"<<< TLS 1.3, Handshake", "], KeyUpdate"})) << s;
    EXPECT_EQ(has_line(s, {">>> TLS 1.3, Handshake", "], KeyUpdate"}), request) << s;
    EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;  // served after the update
    EXPECT_EQ(has_line(r.output, {"server   -> client", "Application Data", "server_application_traffic_1 keys"}), request)
        << r.output;
  }
  // Our server updates (update_requested) just before its response. s_client reads the page
  // under the new keys; it owes its own update only before it next sends application data
  // (RFC 8446 4.6.3), and OpenSSL sends nothing more, so no answer is expected.
  std::unique_ptr<Background> serve;
  int port = start_serve(&serve, log("serve.log"), "--once --key-update server --key-update-request");
  ASSERT_NE(port, 0) << testutil::read_file(log("serve.log"));
  auto r = s_client(port, "-msg");
  EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve.log"));
  EXPECT_TRUE(has_line(r.output, {"<<< TLS 1.3, Handshake", "], KeyUpdate"})) << r.output;
  EXPECT_NE(r.output.find("Hello from www.example.com"), std::string::npos) << r.output;
  std::string served = testutil::read_file(log("serve.log"));
  EXPECT_TRUE(has_line(served, {"server   -> client", "Application Data", "server_application_traffic_1 keys"})) << served;
}

// ---- 0-RTT ---------------------------------------------------------------------------------

TEST_F(Interop13, EngineClientSendsEarlyDataToOpenSsl) {
  // s_server takes early data only in its echo mode (not with -www): it prints what it reads
  // and sends what it reads from stdin. That mode can only end a connection by closing TCP
  // ("q"), without close_notify, so both connections end truncated (exit status 1).
  // With a HelloRetryRequest (s_server wants P-256, we send an x25519 share) 0-RTT is rejected
  // and our client sends the request again after the handshake.
  for (bool hrr : {false, true}) {
    SCOPED_TRACE(hrr ? "after HelloRetryRequest" : "accepted");
    std::string slog = log(hrr ? "s_server-hrr.log" : "s_server.log"), out = log(hrr ? "connect-hrr.log" : "connect.log");
    Fifo in(slog + ".in");
    std::unique_ptr<Background> server;
    // -no_anti_replay: by default OpenSSL lets a 0-RTT ticket be used once, and ClientHello1
    // has used it, so ClientHello2 could not resume (a full handshake, which we also handle).
    int port = start_openssl_server(&server, slog,
                                    std::string("-tls1_3 -early_data -naccept 2") + (hrr ? " -groups P-256 -no_anti_replay" : ""),
                                    in.path().string());
    ASSERT_NE(port, 0) << testutil::read_file(slog);
    Background client(tlslab() + " connect 127.0.0.1:" + std::to_string(port) +
                      " --host localhost --timeout 10 --version tls1.3 --resume psk_dhe_ke --early-data accepted" +
                      (hrr ? " --group x25519 --group secp256r1 --key-share x25519" : "") + " > " + out + " 2>&1");
    // Connection 1: the request arrives after the handshake; then s_server drops the connection.
    ASSERT_TRUE(testutil::wait_for_text(slog, "Connection: close", 10000)) << testutil::read_file(slog);
    in.write("q\n");
    // Connection 2: the request arrives as 0-RTT data (or, rejected, after the handshake);
    // s_server answers with a line of ours.
    ASSERT_TRUE(testutil::wait_for_text(slog, hrr ? "Early data was rejected" : "End of early data", 10000)) << testutil::read_file(slog);
    if (hrr) {  // the request comes again once the handshake is done
      for (int i = 0; i < 200 && testutil::count_of(testutil::read_file(slog), "Connection: close") < 2; ++i) ::usleep(50000);
    }
    in.write("HTTP/1.0 200 ok\r\n\r\nanswer to the second request\n");
    ::usleep(300000);
    in.write("q\n");
    EXPECT_EQ(client.wait_exit(15000), 1);
    std::string s = testutil::read_file(slog), o = testutil::read_file(out);
    Bytes req = http_request_for("localhost");
    std::string request(req.begin(), req.end());
    if (hrr) {
      EXPECT_EQ(testutil::count_of(s, "No early data received"), 1u) << s;  // connection 1
      EXPECT_EQ(testutil::count_of(s, "Early data was rejected"), 1u) << s;
      EXPECT_EQ(testutil::count_of(s, request), 2u) << s;  // once per connection, never as early data
      EXPECT_NE(o.find("0-RTT early data:       rejected"), std::string::npos) << o;
      EXPECT_NE(o.find("HelloRetryRequest:      yes"), std::string::npos) << o;
      EXPECT_EQ(testutil::count_of(s, "Reused session-id"), 1u) << s;  // OpenSSL resumed after the HRR
    } else {
      EXPECT_EQ(testutil::count_of(s, "No early data received"), 1u) << s;  // connection 1
      EXPECT_NE(s.find("Early data received:\n" + request + "\nEnd of early data"), std::string::npos) << s;
      EXPECT_NE(o.find("0-RTT early data:       accepted"), std::string::npos) << o;
      EXPECT_TRUE(has_line(o, {"client   -> server", "EndOfEarlyData"})) << o;
    }
    EXPECT_TRUE(has_line(o, {"client   -> server", "Application Data", "client_early_traffic keys"})) << o;
    EXPECT_NE(o.find("connection 1: client failed: close_notify"), std::string::npos) << o;
    EXPECT_NE(o.find("key exchange mode:      psk_dhe_ke"), std::string::npos) << o;
    EXPECT_NE(o.find("answer to the second request"), std::string::npos) << o;
    EXPECT_NE(o.find("the transport closed before close_notify"), std::string::npos) << o;
  }
}

TEST_F(Interop13, OpenSslClientSendsEarlyDataToEngine) {
  std::unique_ptr<Background> serve;
  int port = start_serve(&serve, log("serve.log"), "--connections 2 --resume psk_dhe_ke --early-data accepted");
  ASSERT_NE(port, 0) << testutil::read_file(log("serve.log"));
  testutil::write_file(log("req.txt"), kGet);
  auto first = s_client(port, "-sess_out " + log("sess.pem"));
  EXPECT_NE(first.output.find("Max Early Data: 16384"), std::string::npos) << first.output;
  auto second = s_client(port, "-sess_in " + log("sess.pem") + " -early_data " + log("req.txt"), "");
  EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve.log"));
  EXPECT_NE(second.output.find("Reused, TLSv1.3"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Early data was accepted"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Hello from www.example.com"), std::string::npos) << second.output;
  std::string c2 = connection_section(testutil::read_file(log("serve.log")), 2);
  EXPECT_NE(c2.find("0-RTT early data:       accepted"), std::string::npos) << c2;
  EXPECT_TRUE(has_line(c2, {"client   -> server", "Application Data", "client_early_traffic keys"})) << c2;
  EXPECT_TRUE(has_line(c2, {"client   -> server", "EndOfEarlyData"})) << c2;
  EXPECT_NE(c2.find("server received:        41 bytes"), std::string::npos) << c2;
}

TEST_F(Interop13, OpenSslEarlyDataRejectedAfterHelloRetry) {
  // The ticket allows 0-RTT, but s_client's share (X25519) is not the group our server wants:
  // after the HelloRetryRequest the server must skip the early data, and s_client sends the
  // request again (from stdin) once the handshake is done.
  std::unique_ptr<Background> serve;
  int port = start_serve(&serve, log("serve.log"), "--connections 2 --group secp256r1 --resume psk_dhe_ke --early-data accepted");
  ASSERT_NE(port, 0) << testutil::read_file(log("serve.log"));
  testutil::write_file(log("req.txt"), kGet);
  auto first = s_client(port, "-groups P-256 -sess_out " + log("sess.pem"));
  EXPECT_NE(first.output.find("Max Early Data: 16384"), std::string::npos) << first.output;
  auto second = s_client(port, "-msg -groups X25519:P-256 -sess_in " + log("sess.pem") + " -early_data " + log("req.txt"));
  EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve.log"));
  EXPECT_EQ(testutil::count_of(second.output, "], ClientHello"), 2u) << second.output;
  EXPECT_NE(second.output.find("Reused, TLSv1.3"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Early data was rejected"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Hello from www.example.com"), std::string::npos) << second.output;
  std::string c2 = connection_section(testutil::read_file(log("serve.log")), 2);
  EXPECT_NE(c2.find("HelloRetryRequest:      yes"), std::string::npos) << c2;
  EXPECT_NE(c2.find("0-RTT early data:       rejected"), std::string::npos) << c2;
  EXPECT_TRUE(has_line(c2, {"client   -> server", "0-RTT application data (skipped)"})) << c2;
  EXPECT_NE(c2.find("server received:        41 bytes"), std::string::npos) << c2;  // the request once, after the handshake
}

// ---- version negotiation and the downgrade sentinel ----------------------------------------

TEST_F(Interop13, VersionNegotiationAndDowngradeSentinel) {
  // A server configured for TLS 1.2 only is no downgrade: OpenSSL sets no sentinel, and our
  // client (offering 1.3) settles for TLS 1.2.
  for (const char* opts : {"-tls1_2", "-no_tls1_3"}) {
    SCOPED_TRACE(opts);
    std::unique_ptr<Background> server;
    int port = start_openssl_server(&server, log(std::string(opts) + ".log"), std::string("-www ") + opts);
    ASSERT_NE(port, 0);
    auto r = connect(port, "--max-version tls1.3");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("New, TLSv1.2, Cipher is"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("version:                TLS 1.2"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("no downgrade sentinel in ServerHello.random"), std::string::npos) << r.output;
  }
  // A TLS 1.3 OpenSSL answering a TLS 1.2 client marks its random with "DOWNGRD" 01 (RFC 8446
  // 4.1.3); a TLS 1.2 client does not act on that value.
  {
    std::unique_ptr<Background> server;
    int port = start_openssl_server(&server, log("capable.log"), "-www");
    ASSERT_NE(port, 0);
    auto r = connect(port, "--max-version tls1.2 --event 1");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("444f574e47524401"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("New, TLSv1.2, Cipher is"), std::string::npos) << r.output;
  }
  // A real downgrade: an attacker hides our supported_versions from a TLS 1.3 OpenSSL, which
  // answers TLS 1.2 with the sentinel; our client (offering 1.3) must refuse.
  {
    std::unique_ptr<Background> server;
    std::string slog = log("attacked.log");
    int port = start_openssl_server(&server, slog, "-www");
    ASSERT_NE(port, 0);
    DowngradeProxy proxy(port);
    auto r = connect(proxy.port(), "--max-version tls1.3");
    EXPECT_TRUE(proxy.rewrote());
    EXPECT_NE(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("downgrade sentinel \"DOWNGRD\" 01"), std::string::npos) << r.output;
    EXPECT_TRUE(has_line(r.output, {"client   -> server", "Alert: fatal illegal_parameter"})) << r.output;
    EXPECT_TRUE(testutil::wait_for_text(slog, "alert illegal parameter", 5000)) << testutil::read_file(slog);
  }
}

// ---- Server certificate key types and certificate checks in TLS 1.3 --------------------------

TEST_F(Interop13, OpenSslVerifiesEcdsaAndEd25519CertificateVerify) {
  // Our server's leaf key follows --key-type; OpenSSL checks the CertificateVerify signature.
  for (auto [type, openssl_name] : {std::pair{"ecdsa", "ECDSA"}, std::pair{"ed25519", "ed25519"}}) {
    std::string lg = log(std::string("serve-") + type + ".log");
    std::unique_ptr<Background> serve;
    int port = start_serve(&serve, lg, std::string("--once --key-type ") + type);
    ASSERT_NE(port, 0) << testutil::read_file(lg);
    auto r = s_client(port, "");
    EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(lg);
    EXPECT_NE(r.output.find(std::string("Peer signature type: ") + openssl_name + "\n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("HTTP/1.1 200 OK"), std::string::npos) << r.output;
  }
}

TEST_F(Interop13, EngineClientVerifiesOpenSslEcdsaAndEd25519Keys) {
  auto made = testutil::run("cd " + dir_.string() +
                            " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout eckey.pem"
                            " -out eccert.pem -days 30 -subj /CN=localhost 2>&1"
                            " && openssl req -x509 -newkey ed25519 -nodes -keyout edkey.pem -out edcert.pem -days 30"
                            " -subj /CN=localhost 2>&1");
  ASSERT_EQ(made.status, 0) << made.output;
  for (auto [prefix, scheme] : {std::pair{"ec", "ecdsa_secp256r1_sha256"}, std::pair{"ed", "ed25519"}}) {
    std::string lg = log(std::string("s_server-") + prefix + ".log");
    int port = testutil::free_port();
    Background server("exec timeout 30 openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                      file(std::string(prefix) + "cert.pem") + " -key " + file(std::string(prefix) + "key.pem") +
                      " -tls1_3 -www < /dev/null > " + lg + " 2>&1");
    ASSERT_TRUE(testutil::wait_for_text(lg, "ACCEPT", 10000)) << testutil::read_file(lg);
    auto r = connect(port, "--version tls1.3");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find(std::string("signature scheme:       ") + scheme), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;
  }
}

TEST_F(Interop13, OpenSslReadsTheOcspResponseStapledInTheCertificateEntry) {
  // TLS 1.3 staples inside the leaf's CertificateEntry (RFC 8446 4.4.2.1); s_client -status
  // parses it and prints the responder's verdict.
  std::unique_ptr<Background> serve;
  int port = start_serve(&serve, log("serve-ocsp.log"), "--once --cert-profile valid --ocsp-stapling");
  ASSERT_NE(port, 0) << testutil::read_file(log("serve-ocsp.log"));
  auto r = s_client(port, "-status");
  EXPECT_EQ(serve->wait_exit(15000), 0) << testutil::read_file(log("serve-ocsp.log"));
  EXPECT_NE(r.output.find("OCSP Response Status: successful"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Cert Status: good"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("TLSv1.3"), std::string::npos) << r.output;
}

// Real peers, probed as an attacker would (issue 17 items 1, 2, 6 and --bind): fresh randomness
// on the network, a server that hostile clients cannot stall, a client deadline that a silent or
// dripping server cannot stretch, and --bind with IPv6 and names. Every peer here is on
// loopback, and every wait is bounded so each test stays within a few seconds.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "test_util.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Bytes = std::vector<uint8_t>;

std::string bin() { return TLSLAB_BIN; }

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A loopback listener; backlog as given.
int listen_on(int* port, int backlog = 16) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, backlog) != 0) return -1;
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  *port = ntohs(sa.sin_port);
  return fd;
}

int connect_to(int port, bool nonblocking = false) {
  int fd = ::socket(AF_INET, SOCK_STREAM | (nonblocking ? SOCK_NONBLOCK : 0), 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(uint16_t(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  if (rc != 0 && !(nonblocking && errno == EINPROGRESS)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads one whole TLS record (header + body) within timeout_ms; empty if none came.
Bytes read_record(int fd, int timeout_ms) {
  Bytes got;
  auto until = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < until) {
    if (got.size() >= 5 && got.size() >= 5u + ((got[3] << 8) | got[4])) {
      got.resize(5u + ((got[3] << 8) | got[4]));
      return got;
    }
    pollfd p{fd, POLLIN, 0};
    int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
    if (::poll(&p, 1, std::max(left, 1)) <= 0) break;
    uint8_t buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.insert(got.end(), buf, buf + n);
  }
  return {};
}

// The ClientHello that `tlslab connect ARGS` sends, caught by a listener that then closes.
Bytes client_hello_of(const std::string& args, std::string* output = nullptr) {
  int port = 0;
  int lfd = listen_on(&port);
  Bytes hello;
  std::thread catcher([&] {
    pollfd p{lfd, POLLIN, 0};
    if (::poll(&p, 1, 8000) <= 0) return;
    int fd = ::accept(lfd, nullptr, nullptr);
    hello = read_record(fd, 5000);
    ::close(fd);
  });
  auto r = testutil::run("timeout 15 " + bin() + " connect 127.0.0.1:" + std::to_string(port) + " --timeout 5 " + args + " 2>&1");
  catcher.join();
  ::close(lfd);
  if (output) *output = r.output;
  return hello;
}

// Fields of a ClientHello or ServerHello record, read by hand (RFC 8446 4.1.2, 4.1.3, 4.2.8):
// the random, and the key_exchange of the first key_share entry (empty when none).
struct Hello {
  Bytes random, key_share;
};
Hello parse_hello(const Bytes& rec) {
  Hello h;
  if (rec.size() < 5 + 4 + 2 + 32 || rec[0] != 22) return h;
  bool client = rec[5] == 1;
  size_t at = 5 + 4 + 2;
  h.random.assign(rec.begin() + long(at), rec.begin() + long(at + 32));
  at += 32;
  auto need = [&](size_t n) { return at + n <= rec.size(); };
  if (!need(1)) return h;
  at += 1 + rec[at];  // legacy_session_id
  if (client) {
    if (!need(2)) return h;
    at += 2 + ((rec[at] << 8) | rec[at + 1]);  // cipher_suites
    if (!need(1)) return h;
    at += 1 + rec[at];  // compression methods
  } else {
    at += 2 + 1;  // cipher_suite, compression method
  }
  if (!need(2)) return h;
  size_t end = at + 2 + ((rec[at] << 8) | rec[at + 1]);
  at += 2;
  while (at + 4 <= end && end <= rec.size()) {
    unsigned type = (rec[at] << 8) | rec[at + 1], len = (rec[at + 2] << 8) | rec[at + 3];
    size_t body = at + 4;
    if (type == 51) {
      // A client's list is prefixed with its length; a server's single entry is not.
      size_t e = client ? body + 2 : body;
      if (e + 4 <= rec.size()) {
        size_t klen = (rec[e + 2] << 8) | rec[e + 3];
        if (e + 4 + klen <= rec.size()) h.key_share.assign(rec.begin() + long(e + 4), rec.begin() + long(e + 4 + klen));
      }
    }
    at = body + len;
  }
  return h;
}

// `tlslab serve` in the background, its output in a file; port() waits for its "listening" line.
struct Served {
  std::filesystem::path dir = testutil::temp_dir("net-hostile");
  std::filesystem::path log = dir / "serve.log";
  testutil::Background proc;
  explicit Served(const std::string& args)
      : proc("exec " + bin() + " serve --port 0 " + args + " > " + (dir / "serve.log").string() + " 2>&1") {}
  ~Served() {
    proc.stop();
    std::filesystem::remove_all(dir);
  }
  int port() { return testutil::served_port(log, 8000); }
};

// Sends `bytes` and says whether the server answered (an alert) or closed within timeout_ms.
bool answered_or_closed(int port, const std::string& bytes, int timeout_ms) {
  int fd = connect_to(port);
  if (fd < 0) return false;
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  pollfd p{fd, POLLIN, 0};
  bool ok = ::poll(&p, 1, timeout_ms) > 0;
  ::close(fd);
  return ok;
}

}  // namespace

// Item 1: without --seed, two runs of `tlslab connect` send different randoms and key shares; with
// --seed the run is reproducible and says that anyone can then decrypt it.
TEST(NetHostile, ConnectDrawsFreshRandomnessUnlessSeedIsGiven) {
  Hello a = parse_hello(client_hello_of("--version tls1.3"));
  Hello b = parse_hello(client_hello_of("--version tls1.3"));
  ASSERT_EQ(a.random.size(), 32u);
  ASSERT_EQ(b.random.size(), 32u);
  ASSERT_FALSE(a.key_share.empty());
  ASSERT_FALSE(b.key_share.empty());
  EXPECT_NE(a.random, b.random);
  EXPECT_NE(a.key_share, b.key_share);

  std::string out1, out2;
  Bytes s1 = client_hello_of("--version tls1.3 --seed 7", &out1);
  Bytes s2 = client_hello_of("--version tls1.3 --seed 7", &out2);
  ASSERT_FALSE(s1.empty());
  EXPECT_EQ(s1, s2);
  EXPECT_NE(out1.find("anyone who captures the traffic can decrypt it"), std::string::npos) << out1;
  client_hello_of("--version tls1.3 --seed 7 --lang fr", &out2);
  EXPECT_NE(out2.find("n'importe qui capturant le trafic peut donc le déchiffrer"), std::string::npos) << out2;
  // Without --seed there is no such warning.
  std::string quiet;
  client_hello_of("--version tls1.3", &quiet);
  EXPECT_EQ(quiet.find("decrypt it"), std::string::npos) << quiet;
}

// The ServerHellos a fresh `tlslab serve ARGS` answers `hello` with, on `connections` connections
// in turn; *log receives its output.
std::vector<Hello> server_hellos(const Bytes& hello, const std::string& args, int connections, std::string* log = nullptr) {
  Served serve("--version tls1.3 --timeout 5 --handshake-timeout 5 " + args);
  std::vector<Hello> answers;
  int port = serve.port();
  for (int i = 0; port != 0 && i < connections; ++i) {
    int fd = connect_to(port);
    if (fd < 0) break;
    ::send(fd, hello.data(), hello.size(), MSG_NOSIGNAL);
    answers.push_back(parse_hello(read_record(fd, 5000)));
    ::close(fd);
  }
  if (log) *log = testutil::read_file(serve.log);
  return answers;
}

// Item 1, the server side: the same ClientHello gets different server randoms and key shares
// from two runs of `tlslab serve`, and from two connections to one; with --seed two runs answer
// alike, with the warning.
TEST(NetHostile, ServeDrawsFreshRandomnessUnlessSeedIsGiven) {
  Bytes hello = client_hello_of("--version tls1.3 --seed 3");
  ASSERT_FALSE(hello.empty());
  std::string log;
  auto first = server_hellos(hello, "", 2, &log);
  auto second = server_hellos(hello, "", 1);
  ASSERT_EQ(first.size(), 2u) << log;
  ASSERT_EQ(second.size(), 1u);
  for (auto* h : {&first[0], &first[1], &second[0]}) {
    ASSERT_EQ(h->random.size(), 32u) << log;
    ASSERT_FALSE(h->key_share.empty()) << log;
  }
  EXPECT_NE(first[0].random, second[0].random);
  EXPECT_NE(first[0].key_share, second[0].key_share);
  EXPECT_NE(first[0].random, first[1].random);
  EXPECT_NE(first[0].key_share, first[1].key_share);
  EXPECT_EQ(log.find("decrypt it"), std::string::npos) << log;

  auto seeded1 = server_hellos(hello, "--seed 5", 1, &log);
  auto seeded2 = server_hellos(hello, "--seed 5", 1);
  ASSERT_EQ(seeded1.size(), 1u) << log;
  ASSERT_EQ(seeded2.size(), 1u);
  EXPECT_EQ(seeded1[0].random, seeded2[0].random);
  EXPECT_NE(log.find("anyone who captures the traffic can decrypt it"), std::string::npos) << log;
}

// Simulations keep their deterministic seed.
TEST(NetHostile, SimulationsStayDeterministic) {
  auto a = testutil::run(bin() + " run --version tls1.3 2>&1");
  auto b = testutil::run(bin() + " run --version tls1.3 2>&1");
  ASSERT_EQ(a.status, 0) << a.output;
  EXPECT_EQ(a.output, b.output);
}

// Item 2: a record header no record can have (plain HTTP, an SSLv2 hello, random bytes) is
// refused at once, not after the 30 s idle timeout.
TEST(NetHostile, ServeRefusesAnImpossibleRecordHeaderAtOnce) {
  Served serve("--timeout 30");
  int port = serve.port();
  ASSERT_NE(port, 0) << testutil::read_file(serve.log);
  const std::string cases[] = {
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n",                        // type 'G', version "ET"
      std::string("\x80\x2e\x01\x00\x02\x00\x15\x00\x00", 9),     // SSLv2-style hello
      std::string("\x16\x07\x01\x00\x40", 5),                     // handshake, major version 7
      std::string("\x63\x03\x03\x00\x40", 5),                     // content type 99
      std::string("\x16\x03\x03\x48\x01", 5),                     // 2^14 + 2049 bytes announced
  };
  for (auto& c : cases) {
    auto t = Clock::now();
    EXPECT_TRUE(answered_or_closed(port, c, 3000)) << testutil::read_file(serve.log);
    EXPECT_LT(seconds_since(t), 2.0);
  }
}

// Item 2: ten hostile clients (idle, alert flood, slow 1 byte/s, garbage, plain HTTP) are connected while a
// valid `openssl s_client` completes its handshake within a few seconds; only that completed
// handshake counts toward --connections 1, so serve then exits.
TEST(NetHostile, ServeServesAValidClientWhileHostileOnesAreConnected) {
  Served serve("--connections 1 --timeout 30 --handshake-timeout 20");
  int port = serve.port();
  ASSERT_NE(port, 0) << testutil::read_file(serve.log);
  std::vector<int> hostile;
  for (int i = 0; i < 2; ++i) hostile.push_back(connect_to(port));  // idle
  for (int i = 0; i < 2; ++i) {
    // 2,000 warning alerts (user_canceled) before any ClientHello, then silence.
    int fd = connect_to(port);
    std::string flood;
    for (int k = 0; k < 2000; ++k) flood += std::string("\x15\x03\x03\x00\x02\x01\x5a", 7);
    ::send(fd, flood.data(), flood.size(), MSG_NOSIGNAL);
    hostile.push_back(fd);
  }
  for (int i = 0; i < 2; ++i) {
    int fd = connect_to(port);
    std::string http = "GET / HTTP/1.0\r\n";  // plain HTTP, no end of headers
    ::send(fd, http.data(), http.size(), MSG_NOSIGNAL);
    hostile.push_back(fd);
  }
  for (int i = 0; i < 2; ++i) {
    int fd = connect_to(port);
    ::send(fd, "\x16\x03", 2, MSG_NOSIGNAL);  // a record header never finished
    hostile.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::vector<int> slow = {connect_to(port), connect_to(port)};
  // A ClientHello header announcing 512 bytes, then one byte per second.
  std::thread dripper([&] {
    const uint8_t header[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03};
    for (size_t i = 0; !stop; ++i) {
      for (int fd : slow) ::send(fd, &header[i % sizeof header], 1, MSG_NOSIGNAL);
      for (int t = 0; t < 10 && !stop; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  for (int fd : hostile) ASSERT_GE(fd, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto t = Clock::now();
  auto r = testutil::run("timeout 15 openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                         " -servername tlslab.test -brief < /dev/null 2>&1");
  double took = seconds_since(t);
  stop = true;
  dripper.join();
  EXPECT_NE(r.output.find("CONNECTION ESTABLISHED"), std::string::npos) << r.output;
  EXPECT_LT(took, 5.0) << r.output;
  // The count is reached: serve exits although the hostile clients are still connected.
  EXPECT_NE(serve.proc.wait_exit(5000), -1) << testutil::read_file(serve.log);
  for (int fd : hostile) ::close(fd);
  for (int fd : slow) ::close(fd);
}

// Item 2: a client dripping one byte per second is cut at the handshake deadline.
TEST(NetHostile, ServeCutsASlowHandshakeAtItsDeadline) {
  Served serve("--timeout 30 --handshake-timeout 2");
  int port = serve.port();
  ASSERT_NE(port, 0) << testutil::read_file(serve.log);
  int fd = connect_to(port);
  ASSERT_GE(fd, 0);
  const uint8_t header[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03};
  auto t = Clock::now();
  bool closed = false;
  for (size_t i = 0; i < sizeof header && !closed; ++i) {
    ::send(fd, &header[i], 1, MSG_NOSIGNAL);
    pollfd p{fd, POLLIN, 0};
    closed = ::poll(&p, 1, 1000) > 0;
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(seconds_since(t), 4.0);
  ::close(fd);
  EXPECT_TRUE(testutil::wait_for_text(serve.log, "did not complete its handshake within 2 s", 2000)) << testutil::read_file(serve.log);
}

// Item 6: --timeout is an overall deadline: it covers a TCP connect that is never answered (a
// full accept queue) and a server that drips one byte per second.
TEST(NetHostile, ConnectTimeoutIsAnOverallDeadline) {
  // A listener that never accepts, its queue filled: further SYNs go unanswered.
  int port = 0;
  int lfd = listen_on(&port, 0);
  ASSERT_GE(lfd, 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) fillers.push_back(connect_to(port, true));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto t = Clock::now();
  auto r = testutil::run("timeout 20 " + bin() + " connect 127.0.0.1:" + std::to_string(port) + " --timeout 2 2>&1");
  double took = seconds_since(t);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_LT(took, 4.0) << r.output;
  EXPECT_NE(r.output.find("no answer within 2 s"), std::string::npos) << r.output;
  for (int fd : fillers) ::close(fd);
  ::close(lfd);

  // A server that answers one byte per second: a record header, then its body, slowly.
  lfd = listen_on(&port);
  std::atomic<bool> stop{false};
  std::thread dripper([&] {
    pollfd p{lfd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    int fd = ::accept(lfd, nullptr, nullptr);
    const uint8_t bytes[] = {0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00, 0x00, 0x3c, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00};
    for (size_t i = 0; i < sizeof bytes && !stop; ++i) {
      ::send(fd, &bytes[i], 1, MSG_NOSIGNAL);
      for (int k = 0; k < 10 && !stop; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::close(fd);
  });
  t = Clock::now();
  r = testutil::run("timeout 20 " + bin() + " connect 127.0.0.1:" + std::to_string(port) + " --timeout 2 2>&1");
  took = seconds_since(t);
  stop = true;
  dripper.join();
  ::close(lfd);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_LT(took, 4.0) << r.output;
  EXPECT_NE(r.output.find("no complete answer within 2 s"), std::string::npos) << r.output;
}

// Items 8 and 10, --bind: IPv6 and names work, an unknown address is a usage error, a port out of
// range too, and an address reachable from the network gets a warning about the public demo key.
TEST(NetHostile, BindTakesIpv6AndNamesAndWarnsWhenReachableFromTheNetwork) {
  auto dir = testutil::temp_dir("net-bind");
  for (const char* addr : {"::1", "localhost", "0.0.0.0"}) {
    SCOPED_TRACE(addr);
    auto log = dir / (std::string(addr == std::string("::1") ? "ipv6" : addr) + ".log");
    {
      testutil::Background serve("exec " + bin() + " serve --port 0 --once --bind " + addr + " > " + log.string() + " 2>&1");
      std::string listening = std::string("listening on ") + addr + ":";
      EXPECT_TRUE(testutil::wait_for_text(log, " as ", 8000)) << testutil::read_file(log);
      std::string text = testutil::read_file(log);
      auto at = text.find(listening);
      ASSERT_NE(at, std::string::npos) << text;
      // The engine's client completes a handshake with it (over IPv6 for ::1).
      std::string port = std::to_string(std::atoi(text.c_str() + at + listening.size()));
      std::string a = addr;
      std::string target = (a == "::1" ? "[::1]" : a == "localhost" ? a : std::string("127.0.0.1")) + ":" + port;
      auto c = testutil::run("timeout 10 " + bin() + " connect " + target + " --timeout 5 2>&1");
      EXPECT_EQ(c.status, 0) << c.output;
      EXPECT_EQ(serve.wait_exit(5000), 0) << testutil::read_file(log);
    }
    std::string text = testutil::read_file(log);
    bool network = std::string(addr) == "0.0.0.0";
    EXPECT_EQ(text.find("whose private key is public") != std::string::npos, network) << text;
  }
  // With --lang fr the warning is French.
  {
    auto log = dir / "fr.log";
    testutil::Background serve("exec " + bin() + " serve --port 0 --bind 0.0.0.0 --lang fr > " + log.string() + " 2>&1");
    EXPECT_TRUE(testutil::wait_for_text(log, "dont la clé privée est publique", 8000)) << testutil::read_file(log);
  }
  struct Case {
    std::string args, message;
  } cases[] = {
      {"serve --bind no-such-host.invalid", "cannot listen on 'no-such-host.invalid'"},
      {"serve --bind 127.0.0.1:80", "cannot listen on '127.0.0.1:80'"},
      {"intercept --attack mitm-forged-cert --to 127.0.0.1:443 --bind nowhere.invalid", "cannot listen on 'nowhere.invalid'"},
      {"connect 127.0.0.1:99999", "not a TCP port (1 to 65535): '99999'"},
      {"connect 127.0.0.1:0", "not a TCP port"},
      {"connect 127.0.0.1:https", "not a TCP port"},
      {"intercept --attack mitm-forged-cert --to 127.0.0.1:70000", "not a TCP port"},
      {"serve --port 99999", "not in range 0 to 65535"},
      {"serve --port -1", "not in range 0 to 65535"},
  };
  for (auto& c : cases) {
    auto r = testutil::run("timeout 10 " + bin() + " " + c.args + " 2>&1");
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
  }
  std::filesystem::remove_all(dir);
}

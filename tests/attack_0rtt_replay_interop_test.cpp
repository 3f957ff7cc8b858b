// The 0-RTT replay against a real server: OpenSSL's s_server. Our client (`tlslab connect
// --resume --early-data accepted`) resumes and sends its request as 0-RTT data; the test then
// plays the attacker with the bytes of that connection's first flight, as the trace recorded
// them, sent verbatim to s_server on a new TCP connection. With -no_anti_replay s_server reads
// the same early request a second time; with its default anti-replay (a ticket resumes once,
// RFC 8446 8.1) it rejects the replayed 0-RTT data.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hs/config.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

using namespace sim;
using testutil::Background;

namespace {

// s_server's stdin, held open read-write so neither side blocks: what it sends in echo mode,
// and "q" to drop the current connection.
class Fifo {
 public:
  explicit Fifo(std::filesystem::path p) : path_(std::move(p)) {
    ::mkfifo(path_.c_str(), 0600);
    fd_ = ::open(path_.c_str(), O_RDWR);
  }
  ~Fifo() {
    if (fd_ >= 0) ::close(fd_);
  }
  void write(const std::string& s) { (void)!::write(fd_, s.data(), s.size()); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// The client's first flight of connection `c`: the records it sent before the server's first.
Bytes first_flight(const Trace& t, int c) {
  Bytes out;
  for (const Event& e : t.events) {
    if (e.connection != c) continue;
    if (e.from != Actor::client) break;
    out.insert(out.end(), e.bytes.begin(), e.bytes.end());
  }
  return out;
}

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(uint16_t(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class ZeroRttReplayOpenSsl : public testing::TestWithParam<bool> {
 protected:
  static void SetUpTestSuite() {
    dir_ = testutil::temp_dir("0rtt-replay-interop");
    auto r = testutil::run("cd " + dir_.string() +
                           " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 30 -subj /CN=localhost 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::string file(const std::string& n) { return (dir_ / n).string(); }
  static std::filesystem::path dir_;
};
std::filesystem::path ZeroRttReplayOpenSsl::dir_;

TEST_P(ZeroRttReplayOpenSsl, TheReplayedEarlyRequestRunsAgainUnlessAntiReplayIsOn) {
  bool anti_replay = GetParam();
  std::string tag = anti_replay ? "anti-replay" : "no-anti-replay";
  std::string slog = file("s_server-" + tag + ".log"), out = file("connect-" + tag + ".log"), json = file("trace-" + tag + ".json");
  Fifo in(slog + ".in");
  int port = testutil::free_port();
  // Echo mode: s_server takes early data only there, and prints it ("Early data received:").
  Background server("exec timeout 40 stdbuf -o0 openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                    file("cert.pem") + " -key " + file("key.pem") + " -tls1_3 -early_data -naccept 3" +
                    (anti_replay ? "" : " -no_anti_replay") + " < " + in.path().string() + " > " + slog + " 2>&1");
  ASSERT_TRUE(testutil::wait_for_text(slog, "ACCEPT", 10000)) << testutil::read_file(slog);

  // The victim: connection 1, then connection 2 resuming with its request as 0-RTT data.
  Background client(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                    " --host localhost --timeout 10 --version tls1.3 --resume psk_dhe_ke --early-data accepted --json " + json +
                    " > " + out + " 2>&1");
  ASSERT_TRUE(testutil::wait_for_text(slog, "Connection: close", 10000)) << testutil::read_file(slog);
  in.write("q\n");
  ASSERT_TRUE(testutil::wait_for_text(slog, "End of early data", 10000)) << testutil::read_file(slog);
  in.write("HTTP/1.0 200 ok\r\n\r\nanswer\n");
  ::usleep(300000);
  in.write("q\n");
  client.wait_exit(15000);
  auto trace = trace_from_json_text(testutil::read_file(json));
  ASSERT_TRUE(trace.ok()) << trace.error().reason << testutil::read_file(out);
  Bytes flight = first_flight(*trace, 2);
  ASSERT_GT(flight.size(), 300u);  // ClientHello, ChangeCipherSpec, 0-RTT data

  // The attacker: the recorded bytes, verbatim, on a new connection. It has no keys and stops there.
  Bytes req = http_request_for("localhost");
  std::string request(req.begin(), req.end()), early = "Early data received:\n" + request;
  EXPECT_EQ(testutil::count_of(testutil::read_file(slog), early), 1u);
  int fd = connect_to(port);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::send(fd, flight.data(), flight.size(), MSG_NOSIGNAL), ssize_t(flight.size()));
  if (anti_replay) {
    EXPECT_TRUE(testutil::wait_for_text(slog, "Early data was rejected", 10000)) << testutil::read_file(slog);
  } else {
    for (int i = 0; i < 200 && testutil::count_of(testutil::read_file(slog), early) < 2; ++i) ::usleep(50000);
  }
  ::close(fd);
  in.write("q\n");
  server.wait_exit(10000);
  std::string s = testutil::read_file(slog);
  // Without anti-replay OpenSSL decrypted and handed the same request to its application twice.
  EXPECT_EQ(testutil::count_of(s, early), anti_replay ? 1u : 2u) << s;
  EXPECT_EQ(testutil::count_of(s, "Early data was rejected"), anti_replay ? 1u : 0u) << s;
}

INSTANTIATE_TEST_SUITE_P(AntiReplay, ZeroRttReplayOpenSsl, testing::Bool(),
                         [](const testing::TestParamInfo<bool>& i) { return i.param ? std::string("On") : std::string("Off"); });

}  // namespace

#include "common.hpp"
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "net.hpp"

namespace app {

using namespace sim;

namespace {

// Connections served at once: enough that a handful of slow or idle clients cannot lock out a
// valid one, few enough that a flood cannot exhaust threads and memory.
constexpr int kMaxConcurrent = 16;

// What the connection threads share with the accepting loop.
struct ServeState {
  std::mutex mu;
  std::condition_variable changed;
  int active = 0;
  std::set<int> fds;        // the open connections, shut down when the count is reached
  uint64_t completed = 0;   // completed handshakes: only these count toward --connections
  bool done = false;
  bool wrote_complete = false;  // the output files hold a completed handshake's trace
  int status = 0;
  std::string keylog;
};

int cmd_serve(const CommonOptions& o, const std::string& bind, int port, int count, int timeout_s, int handshake_s) {
  Lang l = o.language();
  if (std::string err = validate(o); !err.empty()) {
    print_error(l, Message::untranslated(err));
    return 2;
  }
  ScenarioOptions s = scenario_from(o);
  auto warn = [&](const Message& m) { std::cerr << msg("cli.warning").arg("text", m.render(l)).render(l) << "\n"; };
  // Real clients: fresh randomness from the operating system, unless --seed fixes it.
  bool fixed_seed = o.scenario.given("--seed");
  if (fixed_seed) warn(msg("cli.fixed_seed_network"));
  Message err;
  int bound = 0;
  bool bad_address = false, loopback = true;
  int lfd = app::tcp_listen(bind, port, &bound, &err, &bad_address, &loopback);
  if (lfd < 0) {
    print_error(l, err);
    return bad_address ? 2 : 1;
  }
  if (!loopback && o.cert_file.empty()) warn(msg("cli.bind_exposed").arg("address", bind));
  ServerConfig cfg = server_config(s);
  if (!fixed_seed && !cfg.ticket_key.empty()) cfg.ticket_key = Rng::from_os("server ticket key").bytes(32);
  std::cout << msg("cli.listening").arg("address", bind).arg("port", std::to_string(bound)).arg("host", s.host).render(l) << std::endl;

  ServeState st;
  // The engine is not thread-safe (the servers share cfg's session cache): connections wait for
  // their peers concurrently, but their engines run one at a time.
  std::mutex engine;
  auto serve_one = [&](int fd, uint64_t n) {
    std::unique_ptr<Connection> server;
    {
      std::lock_guard<std::mutex> lock(engine);
      server = make_server(cfg, s.seed + n);
      if (!fixed_seed) server->set_rng(Rng::from_os("server"));
    }
    // The handshake has an overall deadline (a client dripping bytes cannot hold it), then the
    // idle timeout alone.
    auto run = app::drive(*server, fd, timeout_s * 1000, false, Deadline::in(handshake_s, true), &engine);
    ::shutdown(fd, SHUT_RDWR);
    run.trace.scenario = s.to_json_text();
    bool complete = server->handshake_complete();
    std::lock_guard<std::mutex> lock(st.mu);
    st.fds.erase(fd);
    ::close(fd);
    std::cout << "\n" << msg("cli.connection_heading").arg("n", std::to_string(n + 1)).render(l) << "\n";
    print_trace(run.trace, o);
    std::cout << std::flush;
    st.keylog += server->keylog_line();
    // A hostile or broken connection ending later does not replace a completed one's files.
    if (complete || !st.wrote_complete) {
      if (!write_outputs(o, run.trace, st.keylog)) st.status = 1;
      st.wrote_complete = st.wrote_complete || complete;
    }
    std::cout << std::flush;
    if (!complete || server->failed()) st.status = 1;
    if (complete && count > 0 && ++st.completed >= uint64_t(count)) st.done = true;
    --st.active;
    st.changed.notify_all();
  };

  for (uint64_t n = 0;;) {
    {
      std::unique_lock<std::mutex> lock(st.mu);
      st.changed.wait(lock, [&] { return st.done || st.active < kMaxConcurrent; });
      if (st.done) break;
    }
    // Polled with a short timeout, so the loop sees `done` set by a connection thread.
    pollfd p{lfd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int fd = ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    // A client that never reads cannot hold its thread in send() either.
    timeval tv{timeout_s, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    std::lock_guard<std::mutex> lock(st.mu);
    if (st.done) {
      ::close(fd);
      break;
    }
    ++st.active;
    st.fds.insert(fd);
    std::thread(serve_one, fd, n++).detach();
  }
  ::close(lfd);
  // The count is reached: the connections still open (hostile or slow ones) are cut short.
  std::unique_lock<std::mutex> lock(st.mu);
  for (int fd : st.fds) ::shutdown(fd, SHUT_RDWR);
  st.changed.wait(lock, [&] { return st.active == 0; });
  return st.status;
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto bind = std::make_shared<std::string>("127.0.0.1");
  auto port = std::make_shared<int>(4433);
  auto timeout = std::make_shared<int>(30);
  auto handshake_timeout = std::make_shared<int>(10);
  auto once = std::make_shared<bool>(false);
  auto count = std::make_shared<int>(0);
  auto* cmd = app.add_subcommand("serve", "run the engine's server for real TLS clients");
  cmd->add_option("--port", *port, "TCP port (0 picks a free one)")->check(CLI::Range(0, 65535))->capture_default_str();
  cmd->add_option("--bind", *bind, "address to listen on (IPv4, IPv6 or a name such as localhost)")->capture_default_str();
  cmd->add_flag("--once", *once, "serve one completed handshake, then exit (same as --connections 1)");
  cmd->add_option("--connections", *count,
                  "exit after this many completed handshakes (exit status 0 only if every connection completed its handshake)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--timeout", *timeout, "seconds to wait for a client's next bytes")->check(CLI::Range(1, 3600));
  cmd->add_option("--handshake-timeout", *handshake_timeout, "seconds a client has to complete its handshake")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  add_common(cmd, *o);
  return {cmd, [=] { return cmd_serve(*o, *bind, *port, *once ? 1 : *count, *timeout, *handshake_timeout); }};
}

}  // namespace app

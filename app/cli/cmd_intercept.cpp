// tlslab intercept: a scripted attack between two real peers, a TLS client that connects here and
// the server at --to (e.g. renegotiation-injection with openssl s_client as the victim and
// tlslab serve as the server). Only the attacks whose attacker terminates connections run here:
// the others act on the simulated wire's records.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "common.hpp"
#include "net.hpp"
#include "scenario/attacks.hpp"

namespace app {

using namespace sim;

namespace {

int cmd_intercept(const CommonOptions& o, const std::string& bind, int port, const std::string& to, int timeout_s) {
  Lang l = o.language();
  if (std::string err = validate(o); !err.empty()) {
    print_error(l, Message::untranslated(err));
    return 2;
  }
  ScenarioOptions s = scenario_from(o);
  if (s.attack.empty()) {
    print_error(l, msg("cli.intercept_needs_attack"));
    return 2;
  }
  std::shared_ptr<Attacker> attacker = make_scripted_attacker(effective_options(s));
  Endpoint* ep = attacker ? attacker->endpoint() : nullptr;
  if (!ep) {
    print_error(l, msg("cli.intercept_not_mitm").arg("attack", s.attack));
    return 2;
  }
  size_t colon = to.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == to.size()) {
    print_error(l, msg("cli.expected_host_port").arg("target", to));
    return 2;
  }
  if (!valid_port(to.substr(colon + 1))) {
    print_error(l, msg("cli.bad_port").arg("port", to.substr(colon + 1, 16)));
    return 2;
  }
  Message err;
  int bound = 0;
  bool bad_address = false, loopback = true;
  int lfd = tcp_listen(bind, port, &bound, &err, &bad_address, &loopback);
  if (lfd < 0) {
    print_error(l, err);
    return bad_address ? 2 : 1;
  }
  if (!loopback) std::cerr << msg("cli.warning").arg("text", msg("cli.bind_exposed").arg("address", bind).render(l)).render(l) << "\n";
  std::cout << msg("cli.listening").arg("address", bind).arg("port", std::to_string(bound)).arg("host", s.host).render(l) << std::endl;
  int fds[2] = {-1, -1};  // the client's, the server's
  while ((fds[0] = ::accept(lfd, nullptr, nullptr)) < 0 && errno == EINTR) {
  }
  ::close(lfd);
  if (fds[0] < 0) return 1;
  // A server that never completes the TCP handshake does not hold the client forever.
  fds[1] = tcp_connect(to.substr(0, colon), to.substr(colon + 1), &err, Deadline::in(timeout_s));
  if (fds[1] < 0) {
    print_error(l, err);
    ::close(fds[0]);
    return 1;
  }
  std::cout << msg("cli.intercept_relaying").arg("target", to).render(l) << std::endl;
  const Actor from[2] = {Actor::client, Actor::server};
  bool open[2] = {true, true};
  int status = 0;
  auto flush = [&] {
    for (Actor a : from) ep->take_received(a);  // its own connection's views: not shown here
    for (auto& ev : ep->take_sent()) {
      int i = ev.to == Actor::client ? 0 : 1;
      if (open[i]) send_all(fds[i], ev.bytes);
      std::cout << msg("cli.intercept_record").arg("to", actor_message(ev.to)).arg("name", ev.name).render(l) << "\n";
      for (auto& n : ev.notes) std::cout << "    " << n.render(l) << "\n";
    }
    std::cout << std::flush;
  };
  uint8_t buf[16384];
  while (open[0] || open[1]) {
    pollfd p[2] = {{fds[0], short(open[0] ? POLLIN : 0), 0}, {fds[1], short(open[1] ? POLLIN : 0), 0}};
    int r = ::poll(p, 2, timeout_s * 1000);
    if (r == 0) {
      print_error(l, msg("net.timed_out").arg("seconds", std::to_string(timeout_s)));
      status = 1;
      break;
    }
    if (r < 0) {
      if (errno == EINTR) continue;
      print_error(l, msg("net.poll_failed").arg("error", std::strerror(errno)));
      status = 1;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (!open[i] || !(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::recv(fds[i], buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        // One side closed: what was relayed is flushed, then the other side sees the close.
        open[i] = false;
        flush();
        if (open[1 - i]) ::shutdown(fds[1 - i], SHUT_WR);
        continue;
      }
      ep->receive(from[i], ByteView(buf, size_t(n)));
      flush();
    }
  }
  for (int fd : fds) ::close(fd);
  if (auto r = attacker->report(Trace{}, true))
    for (auto& e : r->evidence) {
      std::string v = e.is_text ? std::string(e.value.begin(), e.value.end()) : to_hex(e.value);
      std::cout << e.label.render(l) << ": " << v << "\n";
    }
  std::cout << msg("cli.intercept_outcome").render(l) << std::endl;
  return status;
}

}  // namespace

Command add_intercept_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto bind = std::make_shared<std::string>("127.0.0.1");
  auto port = std::make_shared<int>(4434);
  auto to = std::make_shared<std::string>();
  auto timeout = std::make_shared<int>(30);
  auto* cmd = app.add_subcommand("intercept", "play a scripted man-in-the-middle attack between a real client and a real server");
  cmd->add_option("--to", *to, "the real server, HOST:PORT")->required();
  cmd->add_option("--port", *port, "TCP port the client connects to (0 picks a free one)")->check(CLI::Range(0, 65535))->capture_default_str();
  cmd->add_option("--bind", *bind, "address to listen on (IPv4, IPv6 or a name such as localhost)")->capture_default_str();
  cmd->add_option("--timeout", *timeout, "seconds to wait for either side's next bytes")->check(CLI::Range(1, 3600));
  add_common(cmd, *o);
  return {cmd, [=] { return cmd_intercept(*o, *bind, *port, *to, *timeout); }};
}

}  // namespace app

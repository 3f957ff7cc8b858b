#include "net.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace app {

using namespace sim;

bool send_all(int fd, const Bytes& b) {
  size_t off = 0;
  while (off < b.size()) {
    ssize_t n = ::send(fd, b.data() + off, b.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += size_t(n);
  }
  return true;
}

Message drive(Connection& conn, int fd, int timeout_ms, bool start, Recorder& rec) {
  Message error;
  // Steps number the events: a socket run has no simulated clock.
  auto flush = [&]() -> bool {
    for (auto& ev : conn.take_received()) rec.received(std::move(ev), uint32_t(rec.trace().events.size()));
    for (auto& ev : conn.take_sent()) {
      bool ok = send_all(fd, ev.bytes);
      rec.sent(std::move(ev), uint32_t(rec.trace().events.size()));
      if (!ok) return false;
    }
    return true;
  };
  if (start) conn.start();
  if (!flush()) error = msg("net.send_failed").arg("error", std::strerror(errno));
  uint8_t buf[16384];
  while (error.empty() && !conn.finished()) {
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r == 0) {
      error = msg("net.timed_out").arg("seconds", std::to_string(timeout_ms / 1000));
      break;
    }
    if (r < 0) {
      if (errno == EINTR) continue;
      error = msg("net.poll_failed").arg("error", std::strerror(errno));
      break;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      conn.transport_closed();
      flush();
      break;
    }
    conn.receive(ByteView(buf, size_t(n)));
    if (!flush()) error = msg("net.send_failed").arg("error", std::strerror(errno));
  }
  return error;
}

SocketRun drive(Connection& conn, int fd, int timeout_ms, bool start) {
  SocketRun run;
  Recorder rec(run.trace);
  run.error = drive(conn, fd, timeout_ms, start, rec);
  Recorder::Parties p;
  (conn.self() == Actor::client ? p.client : p.server) = &conn;
  p.transport_error = run.error;
  rec.summarize(p);
  return run;
}

int tcp_connect(const std::string& host, const std::string& port, Message* error) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0) {
    *error = msg("cli.cannot_resolve").arg("host", host).arg("error", gai_strerror(rc));
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = res; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    *error = msg("cli.cannot_connect").arg("host", host).arg("port", port).arg("error", std::strerror(errno));
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  if (fd >= 0) *error = Message{};
  return fd;
}

int tcp_listen(const std::string& addr, int port, int* bound_port, Message* error) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(uint16_t(port));
  if (::inet_pton(AF_INET, addr.c_str(), &sa.sin_addr) != 1) {
    *error = msg("cli.not_ipv4").arg("address", addr);
    return -1;
  }
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, 8) != 0) {
    *error = msg("cli.cannot_listen").arg("address", addr).arg("port", std::to_string(port)).arg("error", std::strerror(errno));
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  *bound_port = ntohs(sa.sin_port);
  return fd;
}

}  // namespace app

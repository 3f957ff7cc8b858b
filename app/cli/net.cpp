#include "net.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
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

// How long poll() may wait: the idle timeout (negative: none), shortened to what is left of the
// deadline (0 once it has passed); *by_deadline says which one it is.
static int wait_ms(int timeout_ms, const Deadline& d, bool* by_deadline) {
  *by_deadline = false;
  if (d.at == Clock::time_point::max()) return timeout_ms;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(d.at - Clock::now()).count();
  if (timeout_ms < 0 || left <= timeout_ms) {
    *by_deadline = true;
    return int(std::max<decltype(left)>(left, 0));
  }
  return timeout_ms;
}

Message drive(Connection& conn, int fd, int timeout_ms, bool start, Recorder& rec, const Deadline& deadline,
              std::mutex* engine) {
  // Held while the engine runs (never while waiting on the socket), when it is shared.
  auto hold = [engine] { return engine ? std::unique_lock<std::mutex>(*engine) : std::unique_lock<std::mutex>(); };
  Message error;
  // Steps number the events: a socket run has no simulated clock.
  auto flush = [&]() -> bool {
    std::vector<Event> received, sent;
    {
      auto lock = hold();
      received = conn.take_received();
      sent = conn.take_sent();
    }
    for (auto& ev : received) rec.received(std::move(ev), uint32_t(rec.trace().events.size()));
    for (auto& ev : sent) {
      bool ok = send_all(fd, ev.bytes);
      rec.sent(std::move(ev), uint32_t(rec.trace().events.size()));
      if (!ok) return false;
    }
    return true;
  };
  if (start) {
    auto lock = hold();
    conn.start();
  }
  if (!flush()) error = msg("net.send_failed").arg("error", std::strerror(errno));
  uint8_t buf[16384];
  while (error.empty() && !conn.finished()) {
    bool by_deadline = false;
    bool bounded = !deadline.handshake_only || !conn.handshake_complete();
    int wait = wait_ms(timeout_ms, bounded ? deadline : Deadline{}, &by_deadline);
    pollfd p{fd, POLLIN, 0};
    int r = wait == 0 ? 0 : ::poll(&p, 1, wait);
    if (r == 0) {
      if (by_deadline)
        error = msg(deadline.handshake_only ? "net.handshake_deadline" : "net.deadline").arg("seconds", std::to_string(deadline.seconds));
      else
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
      {
        auto lock = hold();
        conn.transport_closed();
      }
      flush();
      break;
    }
    {
      auto lock = hold();
      conn.receive(ByteView(buf, size_t(n)));
    }
    if (!flush()) error = msg("net.send_failed").arg("error", std::strerror(errno));
  }
  return error;
}

SocketRun drive(Connection& conn, int fd, int timeout_ms, bool start, const Deadline& deadline, std::mutex* engine) {
  SocketRun run;
  Recorder rec(run.trace);
  run.error = drive(conn, fd, timeout_ms, start, rec, deadline, engine);
  Recorder::Parties p;
  (conn.self() == Actor::client ? p.client : p.server) = &conn;
  p.transport_error = run.error;
  rec.summarize(p);
  return run;
}

bool valid_port(const std::string& port) {
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  int v = std::stoi(port);
  return v >= 1 && v <= 65535;
}

// connect() bounded by the deadline: non-blocking, then poll for writability. *late says the
// deadline passed (poll may wake a fraction of a millisecond before it, so the clock is not asked).
static int connect_until(const addrinfo* a, const Deadline& d, int* err, bool* late) {
  *late = false;
  int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
  if (fd < 0) {
    *err = errno;
    return -1;
  }
  int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
  if (rc != 0 && errno != EINPROGRESS) {
    *err = errno;
    ::close(fd);
    return -1;
  }
  while (rc != 0) {
    bool by_deadline = false;
    int wait = wait_ms(-1, d, &by_deadline);
    pollfd p{fd, POLLOUT, 0};
    int r = wait == 0 ? 0 : ::poll(&p, 1, wait);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      *late = r == 0;
      *err = r == 0 ? ETIMEDOUT : errno;
      ::close(fd);
      return -1;
    }
    int so = 0;
    socklen_t len = sizeof so;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len);
    if (so != 0) {
      *err = so;
      ::close(fd);
      return -1;
    }
    rc = 0;
  }
  // drive() polls before every read: blocking mode from here on.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

int tcp_connect(const std::string& host, const std::string& port, Message* error, const Deadline& deadline) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res);
  if (rc != 0) {
    *error = msg("cli.cannot_resolve").arg("host", host).arg("error", gai_strerror(rc));
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = res; a; a = a->ai_next) {
    int err = 0;
    bool late = false;
    fd = connect_until(a, deadline, &err, &late);
    if (fd >= 0) break;
    if (late)
      *error = msg("net.connect_deadline").arg("host", host).arg("port", port).arg("seconds", std::to_string(deadline.seconds));
    else
      *error = msg("cli.cannot_connect").arg("host", host).arg("port", port).arg("error", std::strerror(err));
  }
  ::freeaddrinfo(res);
  if (fd >= 0) *error = Message{};
  return fd;
}

static bool is_loopback(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) return (ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr) >> 24) == 127;
  if (sa->sa_family == AF_INET6) {
    const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&a)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&a)) return a.s6_addr[12] == 127;
  }
  return false;
}

int tcp_listen(const std::string& addr, int port, int* bound_port, Message* error, bool* bad_address, bool* loopback) {
  if (bad_address) *bad_address = false;
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  std::string service = std::to_string(port);
  int rc = addr.empty() ? EAI_NONAME : ::getaddrinfo(addr.c_str(), service.c_str(), &hints, &res);
  if (rc != 0) {
    *error = msg("cli.bad_bind_address").arg("address", addr).arg("error", gai_strerror(rc));
    if (bad_address) *bad_address = true;
    return -1;
  }
  int fd = -1;
  // A name such as localhost may give ::1 and 127.0.0.1: the first that binds is used.
  for (addrinfo* a = res; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // Room for hostile clients to queue without filling the accept queue (the server accepts
    // them at once and serves them concurrently).
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      *error = msg("cli.cannot_listen").arg("address", addr).arg("port", service).arg("error", std::strerror(errno));
      ::close(fd);
      fd = -1;
      continue;
    }
    if (loopback) *loopback = is_loopback(a->ai_addr);
  }
  ::freeaddrinfo(res);
  if (fd < 0) return -1;
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  *bound_port = ntohs(sa.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&sa)->sin6_port
                                               : reinterpret_cast<sockaddr_in*>(&sa)->sin_port);
  *error = Message{};
  return fd;
}

}  // namespace app

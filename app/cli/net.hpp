// Drives a sans-IO Connection over a real TCP socket (the only place with sockets and clocks).
#pragma once
#include <chrono>
#include <mutex>
#include <string>

#include "hs/connection.hpp"
#include "net/recorder.hpp"

namespace app {

struct SocketRun {
  sim::Trace trace;
  sim::Message error;  // transport problem (connect refused, timeout...), empty when none
};

using Clock = std::chrono::steady_clock;
// An overall deadline on top of the idle timeout, so a peer dripping bytes cannot hold us.
struct Deadline {
  Clock::time_point at = Clock::time_point::max();
  int seconds = 0;              // for the message
  bool handshake_only = false;  // serve: only the handshake is bounded, then the idle timeout
  static Deadline in(int s, bool handshake_only = false) { return {Clock::now() + std::chrono::seconds(s), s, handshake_only}; }
};
// Runs `conn` over connected socket fd until it finishes, the peer closes, timeout_ms of silence
// or the deadline. Records every record sent and received as trace events, and summarizes.
// `engine`, when given, is locked while the engine runs (connections served concurrently).
SocketRun drive(sim::Connection& conn, int fd, int timeout_ms, bool start, const Deadline& deadline = {},
                std::mutex* engine = nullptr);
// The same, recording into `rec` (several connections in one trace) without summarizing.
// Returns the transport's problem (connect refused, timeout...), empty when none.
sim::Message drive(sim::Connection& conn, int fd, int timeout_ms, bool start, sim::Recorder& rec,
                   const Deadline& deadline = {}, std::mutex* engine = nullptr);

// Sends all of `b` (false when the peer is gone).
bool send_all(int fd, const sim::Bytes& b);
// Returns a connected socket or -1 with *error set (a catalog message).
// The deadline covers the TCP handshake (a full accept queue never answers); resolving a name
// is left to the system resolver's own timeouts.
int tcp_connect(const std::string& host, const std::string& port, sim::Message* error, const Deadline& deadline = {});
// Returns a listening socket or -1 with *error set; *bound_port receives the actual port.
// addr is an IPv4 or IPv6 address or a name (localhost); *bad_address is set when it is none
// of these (a usage error), *loopback when it is reachable only from this machine.
int tcp_listen(const std::string& addr, int port, int* bound_port, sim::Message* error, bool* bad_address = nullptr,
               bool* loopback = nullptr);
// A TCP port given as text: digits only, 1..65535.
bool valid_port(const std::string& port);

}  // namespace app

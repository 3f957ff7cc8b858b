// Drives a sans-IO Connection over a real TCP socket (the only place with sockets and clocks).
#pragma once
#include <string>

#include "hs/connection.hpp"
#include "net/recorder.hpp"

namespace app {

struct SocketRun {
  sim::Trace trace;
  sim::Message error;  // transport problem (connect refused, timeout...), empty when none
};

// Runs `conn` over connected socket fd until it finishes, the peer closes, or timeout_ms of
// silence. Records every record sent and received as trace events, and summarizes.
SocketRun drive(sim::Connection& conn, int fd, int timeout_ms, bool start);
// The same, recording into `rec` (several connections in one trace) without summarizing.
// Returns the transport's problem (connect refused, timeout...), empty when none.
sim::Message drive(sim::Connection& conn, int fd, int timeout_ms, bool start, sim::Recorder& rec);

// Sends all of `b` (false when the peer is gone).
bool send_all(int fd, const sim::Bytes& b);
// Returns a connected socket or -1 with *error set (a catalog message).
int tcp_connect(const std::string& host, const std::string& port, sim::Message* error);
// Returns a listening socket or -1 with *error set; *bound_port receives the actual port.
int tcp_listen(const std::string& addr, int port, int* bound_port, sim::Message* error);

}  // namespace app

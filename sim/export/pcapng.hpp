// A trace as a packet capture Wireshark opens decrypted (docs/pcapng.md). Each connection
// becomes a TCP stream between synthetic hosts (Ethernet + IPv4 + TCP with valid checksums,
// three-way handshake, sequence and acknowledgement numbers, FIN exchange), one TCP segment
// per TLS record (split at the MSS when larger). In pcapng the trace's key log travels in a
// Decryption Secrets Block, so no key file is needed. Pure function of the trace: timestamps
// come from the step numbers, never from a clock.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace.hpp"

namespace sim {

enum class CaptureFormat : uint8_t { pcapng, pcap };

struct CaptureOptions {
  CaptureFormat format = CaptureFormat::pcapng;
  std::array<uint8_t, 4> client_ip{10, 0, 0, 1};
  std::array<uint8_t, 4> server_ip{10, 0, 0, 2};
  uint16_t server_port = 443;
  uint16_t client_port = 49152;  // first stream; stream i uses client_port + i
  uint16_t mss = 1460;           // largest TCP payload per segment
  bool include_secrets = true;   // pcapng only: the Decryption Secrets Block
  bool comments = true;          // pcapng only: "event N: name" comment on each record's packet
  uint64_t start_time_us = 1704067200ull * 1000000;  // 2024-01-01T00:00:00Z, then by step
};

// How an event maps onto the synthetic network: which TCP stream, and in which direction.
// Without an impersonating attacker there is one stream and an attacker's record appears as
// sent by the side it impersonates (the peer of its recipient). When the attacker terminates
// connections (some record is addressed *to* the attacker), each side gets its own stream:
// stream 0 between the client and the attacker posing as the server, stream 1 between the
// attacker posing as the client and the server, each with its own keys.
//
// Each connection of the trace (Event::connection: a TLS 1.3 resumption is connection 2) gets
// its own stream(s), after those of the connection before, with the next client port; the
// earlier connection's streams are closed (FIN) before the next one opens.
struct StreamPlacement {
  size_t stream = 0;
  bool client_to_server = true;
  int connection = 1;
};
std::vector<StreamPlacement> place_events(const Trace& t);

struct Capture {
  Bytes file;              // the pcapng or pcap file
  size_t packets = 0;      // packets written
  size_t streams = 0;      // TCP streams
};
Capture capture_file(const Trace& t, const CaptureOptions& o = {});

}  // namespace sim

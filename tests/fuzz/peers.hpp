// What the handshake and record fuzz targets share: a few real configurations (every version,
// key exchange and record protection family), and for each the flights a real handshake sends
// to either side, recorded once. A target builds a fresh endpoint with the recorded seed, feeds
// it the real flights up to some point (it then stands exactly where it stood in the real run)
// and then the fuzzer's bytes, so mutations reach the parsers of every handshake state and of
// established connections, not only the first message.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "hs/connection.hpp"
#include "net/simulation.hpp"

namespace fuzz {

struct Peers {
  sim::ClientConfig client;
  sim::ServerConfig server;
  std::vector<sim::Bytes> to_client, to_server;  // each flight as it went on the wire
  // What each side would receive next once all flights are in: application data, then
  // close_notify (the seeds of the record target).
  sim::Bytes next_to_client, next_to_server;
};

// The configurations, made and recorded on first use.
const std::vector<Peers>& peers();

// A fresh endpoint (client when `client_side`) fed the first `flights` recorded flights.
std::unique_ptr<sim::Connection> replay(const Peers& p, bool client_side, size_t flights);

// Feeds `data` to `c` in pieces of `piece` bytes (0: at once), as TCP may cut it, then takes
// what it made of it (events, notes, alerts) and closes the transport.
void feed(sim::Connection& c, const uint8_t* data, size_t size, size_t piece);

}  // namespace fuzz

#include "peers.hpp"

#include "core/enums.hpp"

namespace fuzz {
using namespace sim;

namespace {

constexpr uint64_t kClientSeed = 1, kServerSeed = 2;

struct Shape {
  uint16_t version;
  uint16_t suite;
  bool deflate = false, client_certificate = false;
};

// One of each family: SSL 3.0 stream and CBC (pad_1/pad_2 MAC), TLS 1.0 CBC with DEFLATE,
// TLS 1.1 ECDHE CBC (explicit IV), TLS 1.2 ECDHE GCM, DHE GCM with a client certificate,
// ChaCha20-Poly1305, and TLS 1.3 with and without a client certificate.
const Shape kShapes[] = {
    {kSsl3, 0x0005},                          // SSL_RSA_WITH_RC4_128_SHA
    {kSsl3, 0x000A},                          // SSL_RSA_WITH_3DES_EDE_CBC_SHA
    {kTls10, 0x002F, true},                   // TLS_RSA_WITH_AES_128_CBC_SHA, DEFLATE
    {kTls11, 0xC013},                         // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
    {kTls12, 0xC02F},                         // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    {kTls12, 0x009E, false, true},            // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
    {kTls12, 0xCCA8},                         // TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    {kTls13, 0x1301},                         // TLS_AES_128_GCM_SHA256
    {kTls13, 0x1303, false, true},            // TLS_CHACHA20_POLY1305_SHA256
};

Peers record(const Shape& s) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = s.version;
  o.client_suites = o.server_suites = {s.suite};
  o.deflate = s.deflate;
  o.client_certificate = s.client_certificate;
  Peers p{client_config(o), server_config(o), {}, {}, {}, {}};
  // No HTTP exchange: the connection stays open for the record target's bytes.
  p.client.send_http_request = false;
  auto c = make_client(p.client, kClientSeed);
  auto sv = make_server(p.server, kServerSeed);
  c->start();
  for (int round = 0; round < 12; ++round) {
    Bytes out;
    for (auto& e : c->take_sent()) append(out, e.bytes);
    if (!out.empty()) p.to_server.push_back(out), sv->receive(out);
    out.clear();
    for (auto& e : sv->take_sent()) append(out, e.bytes);
    if (!out.empty()) p.to_client.push_back(out), c->receive(out);
  }
  const std::string ping = "ping\r\n";
  for (auto* side : {c.get(), sv.get()}) {
    side->send_application_data(ByteView(reinterpret_cast<const uint8_t*>(ping.data()), ping.size()));
    side->close();
    Bytes& next = side == c.get() ? p.next_to_server : p.next_to_client;
    for (auto& e : side->take_sent()) append(next, e.bytes);
  }
  return p;
}

}  // namespace

const std::vector<Peers>& peers() {
  static const std::vector<Peers> all = [] {
    std::vector<Peers> v;
    for (auto& s : kShapes) v.push_back(record(s));
    return v;
  }();
  return all;
}

std::unique_ptr<Connection> replay(const Peers& p, bool client_side, size_t flights) {
  auto c = client_side ? make_client(p.client, kClientSeed) : make_server(p.server, kServerSeed);
  c->start();
  const auto& in = client_side ? p.to_client : p.to_server;
  for (size_t i = 0; i < flights && i < in.size(); ++i) c->receive(in[i]);
  (void)c->take_sent();
  (void)c->take_received();
  return c;
}

void feed(Connection& c, const uint8_t* data, size_t size, size_t piece) {
  if (piece == 0) piece = size;
  for (size_t at = 0; at < size; at += piece) c.receive(ByteView(data + at, std::min(piece, size - at)));
  (void)c.take_sent();
  (void)c.take_received();
  c.transport_closed();
  (void)c.take_sent();
  (void)c.take_received();
}

}  // namespace fuzz

// A man in the middle that terminates both connections: to the client it is a server, to the
// server a client, each connection with its own keys. It relays the plaintext between them,
// through a rewrite function when it is given one. Its records are in the attacker's lane; its
// connections' derivation ids end in "@attacker".
#pragma once
#include <functional>
#include <memory>

#include "net/network.hpp"

namespace sim {

class MitmAttacker : public Attacker, public Endpoint {
 public:
  // Plaintext on its way from `from` (client or server) to the other side; returns what to send on.
  using Rewrite = std::function<Bytes(Actor from, Bytes plaintext)>;
  // `to_client` configures its server side, `to_server` its client side. Neither answers or
  // asks on its own (send_http_response/request are turned off): they only relay.
  MitmAttacker(ServerConfig to_client, ClientConfig to_server, uint64_t seed, Rewrite rewrite = {});

  // As an Attacker.
  Endpoint* endpoint() override { return this; }
  std::vector<const Connection*> connections() const override { return {to_client_.get(), to_server_.get()}; }
  Message describe() const override { return attack_reason::mitm(); }
  // As an Endpoint.
  Actor actor() const override { return Actor::attacker; }
  void receive(Actor from, ByteView bytes) override;
  std::vector<Event> take_sent() override;
  std::vector<Event> take_received(Actor from) override;
  std::string derivation_tag() const override { return "@attacker"; }

  const Connection& facing_client() const { return *to_client_; }
  const Connection& facing_server() const { return *to_server_; }

  // One of its two connections as an ordinary trace, the attacker shown in the role it plays
  // there: `side` is the real endpoint (client or server) and `real` its Connection. Both halves
  // of a run verify on their own (tests/tools/verify_trace.py).
  Trace link_trace(const Trace& full, Actor side, const Connection& real) const;

 private:
  void relay();

  std::unique_ptr<Connection> to_client_, to_server_;
  Rewrite rewrite_;
  bool server_side_started_ = false;
  size_t from_client_ = 0, from_server_ = 0;  // application bytes already relayed
  Bytes for_server_, for_client_;             // relayed plaintext waiting for a handshake
};

}  // namespace sim

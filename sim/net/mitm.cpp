#include "net/mitm.hpp"

#include "trace/sources.hpp"

namespace sim {

MitmAttacker::MitmAttacker(ServerConfig to_client, ClientConfig to_server, uint64_t seed, Rewrite rewrite)
    : rewrite_(std::move(rewrite)) {
  to_client.send_http_response = false;
  to_server.send_http_request = false;
  to_server.send_early_data = false;
  // Its own randoms and keys on each side, never the real endpoints'.
  to_client_ = make_server(to_client, seed ^ 0x6d69746d00000001ull);
  to_server_ = make_client(to_server, seed ^ 0x6d69746d00000002ull);
}

void MitmAttacker::receive(Actor from, ByteView bytes) {
  if (from == Actor::client) {
    to_client_->receive(bytes);
    // The client spoke: now open the connection to the real server.
    if (!server_side_started_) {
      server_side_started_ = true;
      to_server_->start();
    }
  } else {
    to_server_->receive(bytes);
  }
  relay();
}

void MitmAttacker::relay() {
  auto take_new = [&](const Connection& c, size_t& seen, Actor from, Bytes& out) {
    const Bytes& all = c.app_received();
    if (all.size() <= seen) return;
    Bytes fresh(all.begin() + long(seen), all.end());
    seen = all.size();
    if (rewrite_) fresh = rewrite_(from, std::move(fresh));
    out.insert(out.end(), fresh.begin(), fresh.end());
  };
  take_new(*to_client_, from_client_, Actor::client, for_server_);
  take_new(*to_server_, from_server_, Actor::server, for_client_);
  if (!for_server_.empty() && to_server_->handshake_complete() && !to_server_->finished()) {
    to_server_->send_application_data(for_server_);
    for_server_.clear();
  }
  if (!for_client_.empty() && to_client_->handshake_complete() && !to_client_->finished()) {
    to_client_->send_application_data(for_client_);
    for_client_.clear();
  }
  // A close on one side closes the other, once what came before it is relayed.
  if (to_server_->received_close_notify() && for_client_.empty() && to_client_->handshake_complete()) to_client_->close();
  if (to_client_->received_close_notify() && for_server_.empty() && to_server_->handshake_complete()) to_server_->close();
}

std::vector<Event> MitmAttacker::take_sent() {
  std::vector<Event> out = to_client_->take_sent();
  for (auto& ev : to_server_->take_sent()) out.push_back(std::move(ev));
  return out;
}

std::vector<Event> MitmAttacker::take_received(Actor from) {
  auto views = (from == Actor::client ? to_client_ : to_server_)->take_received();
  for (auto& v : views) v.to = Actor::attacker;
  return views;
}

Trace MitmAttacker::link_trace(const Trace& full, Actor side, const Connection& real) const {
  Trace t;
  t.scenario = full.scenario;
  const Connection& mine = side == Actor::client ? *to_client_ : *to_server_;
  std::vector<std::optional<uint32_t>> index(full.events.size());  // full trace -> this link's
  for (size_t i = 0; i < full.events.size(); ++i) {
    const Event& e = full.events[i];
    if (e.attack) continue;
    bool out = e.from == side && e.to == Actor::attacker, in = e.from == Actor::attacker && e.to == side;
    if (!out && !in) continue;
    Event c = e;
    (out ? c.to : c.from) = mine.self();
    index[i] = uint32_t(t.events.size());
    t.events.push_back(std::move(c));
  }
  renumber_sources(t, index);
  Recorder rec(t);
  Recorder::Parties p;
  p.client = side == Actor::client ? &real : &mine;
  p.server = side == Actor::client ? &mine : &real;
  rec.summarize(p);
  return t;
}

}  // namespace sim

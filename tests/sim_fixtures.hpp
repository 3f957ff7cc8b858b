// Shared by the engine tests: an attacker defined by a lambda, and lookups in a trace.
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>

#include "net/mitm.hpp"
#include "net/simulation.hpp"
#include "scenario/option_table.hpp"

namespace simfix {

using namespace sim;

class LambdaAttacker : public Attacker {
 public:
  using Fn = std::function<std::optional<Bytes>(const Event&)>;
  explicit LambdaAttacker(Fn fn) : fn_(std::move(fn)) {}
  std::optional<Bytes> on_transit(const Event& e) override { return fn_(e); }
  Message describe() const override { return attack_reason::replace(); }

 private:
  Fn fn_;
};

// A man in the middle for scenario o. The client must not validate (verify_certificate off): the
// attacker presents a chain of the simulated PKI for another host.
inline std::shared_ptr<MitmAttacker> mitm_attacker(const ScenarioOptions& o, MitmAttacker::Rewrite rw = {}) {
  ScenarioOptions evil = o;
  evil.host = "evil.example.net";
  return std::make_shared<MitmAttacker>(server_config(evil), client_config(o), 777, std::move(rw));
}

// The bytes of records as they go on the wire, one after the other.
inline Bytes wire_of(const std::vector<Event>& evs) {
  Bytes out;
  for (auto& e : evs) append(out, e.bytes);
  return out;
}

// Two connections wired back to back, without a network: what each sends goes to the other,
// for a few rounds (enough for any handshake and its data).
inline void pump(Connection& client, Connection& server, int rounds = 10) {
  for (int round = 0; round < rounds; ++round) {
    Bytes c = wire_of(client.take_sent());
    if (!c.empty()) server.receive(c);
    Bytes s = wire_of(server.take_sent());
    if (!s.empty()) client.receive(s);
  }
}

// A client and a server made from these configurations, wired back to back and pumped until
// their handshake (and what follows it) is over.
struct Endpoints {
  std::unique_ptr<Connection> client, server;
};
inline Endpoints handshake(const ClientConfig& cc, const ServerConfig& sc, uint64_t client_seed = 1,
                           uint64_t server_seed = 2) {
  Endpoints e{make_client(cc, client_seed), make_server(sc, server_seed)};
  e.client->start();
  pump(*e.client, *e.server);
  return e;
}

// A scripted attack's run: its options valid, run to the end, with the attack's report.
inline Trace run_attack(const ScenarioOptions& o) {
  auto problems = validate(o);
  EXPECT_TRUE(problems.empty()) << problems.front().text.en;
  Simulation s(o);
  s.run_to_end();
  EXPECT_TRUE(s.trace().attack.has_value());
  return s.trace();
}

// The evidence of that name in a run's attack report, or null.
inline const AttackEvidence* attack_evidence(const Trace& t, const std::string& name) {
  for (auto& e : t.attack->evidence)
    if (e.name == name) return &e;
  return nullptr;
}

inline const Event* find_event(const Trace& t, const std::function<bool(const Event&)>& pred) {
  for (auto& e : t.events)
    if (pred(e)) return &e;
  return nullptr;
}

inline const Event* fatal_alert_from(const Trace& t, Actor a) {
  return find_event(t, [&](const Event& e) { return e.from == a && e.alert && e.alert->level == AlertLevel::fatal; });
}

// The nth derivation with this id ("client/master_secret"), in trace order.
inline const Derivation* find_derivation(const Trace& t, const std::string& id, int nth = 0) {
  for (auto& e : t.events)
    for (const sim::Derivation& d : sim::all_derivations(e))
      if (d.id == id && nth-- == 0) return &d;
  return nullptr;
}

// A handshake record cut to `keep` bytes with its record and handshake lengths rewritten to
// match, so the framing is consistent and only the message body is short.
inline Bytes truncated_handshake_record(const Bytes& record, size_t keep) {
  Bytes b(record.begin(), record.begin() + std::min(keep, record.size()));
  store_be(&b[3], b.size() - 5, 2);
  store_be(&b[6], b.size() - 9, 3);
  return b;
}

// A run whose attack's long work is cancelled before it starts: what the report says then.
inline Trace run_cancelled(const ScenarioOptions& o) {
  Simulation s(o);
  s.progress()->cancel();
  s.run_to_end();
  return s.trace();
}

}  // namespace simfix

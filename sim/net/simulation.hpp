// A deterministic in-process simulation: a client, a server and the wire between them, with a
// slot where an attacker sits. step() delivers one record; stepping back is a replay.
#pragma once
#include <deque>
#include <functional>
#include <memory>

#include "crypto/keys.hpp"
#include "hs/connection.hpp"
#include "scenario/options.hpp"

namespace sim {

// The attacker slot: sees each record in transit and may replace its bytes. Returning nullopt
// forwards the record unchanged.
class Attacker {
 public:
  virtual ~Attacker() = default;
  virtual std::optional<Bytes> on_transit(const Event& record) = 0;
  virtual std::string describe() const = 0;
};

class Simulation {
 public:
  explicit Simulation(ScenarioOptions opts, std::shared_ptr<Attacker> attacker = nullptr);
  // Delivers the next record in flight. Returns false when nothing is left to deliver.
  bool step();
  void run_to_end(size_t max_steps = 100000);
  void reset();
  // Replays from the start to step n (used for "step back").
  void replay_to(size_t n);
  size_t step_count() const { return steps_; }
  bool done() const { return in_flight_.empty(); }
  const Trace& trace() const { return trace_; }
  const Connection& client() const { return *client_; }
  const Connection& server() const { return *server_; }
  std::string keylog() const;
  const ScenarioOptions& options() const { return opts_; }

 private:
  void collect(Connection& c);
  void refresh_summary();
  void start_connection(int n);
  // Derivation ids stay unique when a second connection repeats the first one's names.
  void tag_connection(Event& ev) const;

  ScenarioOptions opts_;
  std::shared_ptr<Attacker> attacker_;
  std::unique_ptr<Connection> client_, server_;
  Trace trace_;
  std::deque<size_t> in_flight_;  // event indices not yet delivered, in send order
  size_t steps_ = 0;
  int connection_ = 1;
  std::string first_keylog_;
};

ClientConfig client_config(const ScenarioOptions& o);
// The client's certificate validation policy for a scenario (trust store, clock, host, CRL and
// OCSP sources of the simulated PKI).
pki::ValidationPolicy certificate_policy(const ScenarioOptions& o);
ServerConfig server_config(const ScenarioOptions& o);
bool uses_tls13(const ScenarioOptions& o);

}  // namespace sim

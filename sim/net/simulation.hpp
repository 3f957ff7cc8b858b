// A deterministic in-process simulation of a scenario: a client and a server on the network of
// sim/net/network.hpp, with a slot where an attacker sits. step() delivers one segment;
// stepping back is a replay.
#pragma once
#include <deque>
#include <functional>
#include <memory>

#include "crypto/keys.hpp"
#include "hs/connection.hpp"
#include "net/edit.hpp"
#include "net/network.hpp"
#include "scenario/options.hpp"

namespace sim {

class PlainHttpClient;
class PlainHttpServer;

class Simulation {
 public:
  // The attacker (sim/net/network.hpp) sits on the link between client and server; one that
  // terminates connections (a man in the middle, sim/net/mitm.hpp) is linked to both instead.
  // Without an attacker, the scripted attack the options choose (ScenarioOptions::attack), made
  // afresh at each reset; the endpoints run with effective_options() (its defenses applied).
  // Without either, the options' hand edits (ScenarioOptions::edits) get an EditAttacker.
  explicit Simulation(ScenarioOptions opts, std::shared_ptr<Attacker> attacker = nullptr);
  ~Simulation();
  // Delivers the next segment in flight; once nothing is left, runs the attacker's long work
  // (Attacker::analyze) if it has any. Returns false when nothing is left to do.
  bool step();
  // Where the attacker's long work reports its progress and is cancelled (another thread may
  // read it). By default one of its own.
  void set_progress(std::shared_ptr<Progress> p) { progress_ = std::move(p); }
  const std::shared_ptr<Progress>& progress() const { return progress_; }
  void run_to_end(size_t max_steps = 100000);
  void reset();
  // Replays from the start to step n (used for "step back").
  void replay_to(size_t n);
  size_t step_count() const { return run_->net.steps(); }
  bool done() const { return run_->net.idle(); }
  const Trace& trace() const { return run_->trace; }
  // The client's and server's TLS connection (the current one). A browser visit that never
  // reached TLS (kept on plain HTTP) has none: has_tls() is false.
  bool has_tls() const { return client_ != nullptr; }
  const Connection& client() const { return *client_; }
  const Connection& server() const { return *server_; }
  std::string keylog() const;
  const ScenarioOptions& options() const { return opts_; }
  // What the endpoints run with: the options with the attack's setup and defenses applied.
  const ScenarioOptions& effective() const { return eff_; }
  // The hand edits that could not be applied so far (after run_to_end(), also those whose
  // record never came); empty when there are none, or another attacker was given.
  std::vector<EditError> edit_errors() const;

 private:
  void refresh_summary();
  // Connection n: the first, a resumption (2, with the first's ticket), or a fallback retry
  // whose client offers at most `fallback_max`.
  void start_connection(int n, uint16_t fallback_max = 0);
  // The version a fallback retry offers at most now that this connection failed; 0 when the
  // client does not retry (ScenarioOptions::client_fallback).
  uint16_t fallback_version() const;
  void start_attacker_connection(Endpoint* attacker_client);
  // A browser visit (ScenarioOptions::http_first): its plain HTTP connection, and the next step
  // of the visit once nothing is in flight (true when a connection started).
  void start_plain_connection();
  bool continue_visit();
  // The run's server configuration; `resumed`: for a connection that resumes with the ticket
  // (the early_data option then decides whether 0-RTT is taken).
  ServerConfig run_server_config(bool resumed) const;

  // The run's state, at a stable address (the recorder and network point into it).
  struct Run {
    Trace trace;
    Recorder rec{trace};
    Network net{rec};
  };
  ScenarioOptions opts_, eff_;
  std::shared_ptr<Attacker> attacker_;
  bool scripted_ = false;  // attacker_ is the options' scripted attack, remade at each reset
  // The options' edits' attacker, made anew for each replay (it counts the records it sees).
  bool edits_attack_ = false;
  std::shared_ptr<EditAttacker> edits_;
  std::unique_ptr<Connection> client_, server_;
  std::unique_ptr<TlsEndpoint> client_ep_, server_ep_;
  // The server of the attacker's own connection (Attacker::client_endpoint), kept apart: the
  // summary stays the victims' connection.
  std::unique_ptr<Connection> attacked_server_;
  std::unique_ptr<TlsEndpoint> attacked_server_ep_;
  // The server side's 0-RTT anti-replay memory, one per run, shared by its server instances.
  std::shared_ptr<AntiReplay> anti_replay_;
  std::shared_ptr<SessionCache> session_cache_;  // the run's server cache (SSL 3.0-TLS 1.2 session IDs)
  std::unique_ptr<Run> run_;
  std::shared_ptr<Progress> progress_ = std::make_shared<Progress>();
  bool analyzed_ = false;  // the attacker's long work has run
  // A browser visit: its requests, the one the current TLS connection carries, and its plain
  // HTTP leg (the browser and the site's port 80).
  std::vector<Bytes> visit_;
  size_t visit_next_ = 0;
  std::unique_ptr<PlainHttpClient> plain_client_;
  std::unique_ptr<PlainHttpServer> plain_server_;
  int connection_ = 1;
  uint16_t offered_max_ = 0;  // the highest version this connection's client offers
  std::string first_keylog_;
};

// The scripted attacker for effective options that choose an attack (sim/attack/registry.cpp);
// null without one.
std::shared_ptr<Attacker> make_scripted_attacker(const ScenarioOptions& effective);

ClientConfig client_config(const ScenarioOptions& o);
// The client's certificate validation policy for a scenario (trust store, clock, host, CRL and
// OCSP sources of the simulated PKI).
pki::ValidationPolicy certificate_policy(const ScenarioOptions& o);
ServerConfig server_config(const ScenarioOptions& o);
bool uses_tls13(const ScenarioOptions& o);

}  // namespace sim

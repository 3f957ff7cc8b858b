// What the oracle attacks (POODLE, CRIME) share: one exchange of the victim's browser with the
// site, on fresh endpoints of the run's configuration, driven byte for byte, with the attacker on
// the wire in between. The attacker chooses what the victim's page script can choose (the
// request's path and body) and sees the records; the cookie stays inside the browser, which adds
// it to every request to the site as browsers do.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "attack/script.hpp"
#include "net/simulation.hpp"

namespace sim::attack {

// The victim's browser: what it sends when a script asks for a request to `path` with `body`.
// The layout is public (the attacker knows every header but the cookie's value); the cookie is
// the session the browser holds for the site (ClientConfig::http_cookie), never handed out.
class VictimBrowser {
 public:
  explicit VictimBrowser(ClientConfig cfg) : cfg_(std::move(cfg)) {}
  // The client of one exchange, sending that request once its handshake completes.
  std::unique_ptr<Connection> client_for(const std::string& path, const std::string& body, uint64_t seed) const;
  const std::string& host() const { return cfg_.host; }

  // The request's text around the cookie's value, as the attacker knows it.
  static std::string head_before_cookie(const std::string& host, const std::string& path, const std::string& body);
  static std::string tail_after_cookie(const std::string& body);

 private:
  ClientConfig cfg_;
};

// One exchange on the wire: each record is whole (header and fragment).
struct Exchange {
  Bytes to_server, to_client;  // every byte delivered each way
  std::vector<Bytes> client_records, server_records;
  bool client_failed = false, server_failed = false;
};

// Runs a fresh client and server to the end, delivering each client record through `tamper`
// (its replacement, or nullopt to forward it). Server records go to the client unchanged.
// `stop_after_answer`: stop once the server has answered the first tampered record.
using Tamper = std::function<std::optional<Bytes>(const Bytes& record, size_t index)>;
Exchange run_exchange(Connection& client, Connection& server, const Tamper& tamper = nullptr);

// The version and suite the server chose, read from its ServerHello in the clear (the first
// server record); nullopt when it sent none (it refused the ClientHello).
struct ServerChoice {
  uint16_t version = 0;
  const CipherSuiteInfo* suite = nullptr;
};
std::optional<ServerChoice> server_choice(const Exchange& x);

// The content type byte of a whole record.
inline uint8_t record_type(const Bytes& r) { return r.empty() ? 0 : r[0]; }

// An oracle attack that makes the victim's browser send requests (POODLE, CRIME): the victim's
// own session passes untouched (a browser whose session works), then run() sends the requests,
// each on fresh endpoints, counted, timed and kept for the report.
class BrowserRequestAttack : public Script {
 public:
  void on_record(const Event& record, Wire& wire) override;
  bool has_analysis() const override { return saw_request_; }
  void analyze(const Trace&, Progress& progress) override;

 protected:
  // `seed_step` spaces the requests' seeds (each request its own randoms and keys).
  BrowserRequestAttack(const ScenarioOptions& o, uint64_t seed_step) : opts_(o), seed_step_(seed_step) {}
  virtual void run(Progress& progress) = 0;
  // One request of the victim's browser to `path` with `body`; `tamper` may change the client's
  // records on their way.
  Exchange request(const VictimBrowser& browser, const ServerConfig& sc, const std::string& path, const std::string& body,
                   Progress& progress, const Tamper& tamper = nullptr);
  // The report's work fields: the requests sent, the time, and the first ones' bytes.
  void set_request_work(AttackReport& r) const;

  ScenarioOptions opts_;
  bool cancelled_ = false;
  uint64_t requests_ = 0;

 private:
  uint64_t seed_step_;
  bool saw_request_ = false;
  double seconds_ = 0;
  std::vector<AttackQuery> queries_;
};

}  // namespace sim::attack

// Traces for the export tests: completed handshakes per suite, and a failed one where an
// attacker flips a byte of the client's Finished in flight.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "net/simulation.hpp"
#include "trace/trace_io.hpp"

namespace exportfix {

// Why importing `text` fails, or "(accepted)".
inline std::string reason_of(const std::string& text) {
  auto r = sim::trace_from_json_text(text);
  return r.ok() ? std::string("(accepted)") : r.error().reason;
}

inline sim::Trace completed_trace(const char* suite, uint64_t seed = 3) {
  sim::ScenarioOptions o;
  o.seed = seed;
  o.client_suites = o.server_suites = {sim::suite_by_name(suite)->id};
  sim::Simulation s(o);
  s.run_to_end();
  return s.trace();
}

class FlipAttacker : public sim::Attacker {
 public:
  using Pick = std::function<bool(const sim::Event&)>;
  explicit FlipAttacker(Pick pick, size_t offset_from_end = 3) : pick_(std::move(pick)), back_(offset_from_end) {}
  std::optional<sim::Bytes> on_transit(const sim::Event& e) override {
    if (done_ || !pick_(e) || e.bytes.size() <= back_) return std::nullopt;
    done_ = true;
    sim::Bytes b = e.bytes;
    b[b.size() - back_] ^= 0x01;
    return b;
  }
  sim::Message describe() const override { return sim::attack_reason::flip_bit(); }

 private:
  Pick pick_;
  size_t back_;
  bool done_ = false;
};

// The client's Finished is altered in flight: the server answers with bad_record_mac.
inline sim::Trace failed_trace(const char* suite = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") {
  sim::ScenarioOptions o;
  o.seed = 5;
  o.client_suites = o.server_suites = {sim::suite_by_name(suite)->id};
  auto attacker = std::make_shared<FlipAttacker>(
      [](const sim::Event& e) { return e.from == sim::Actor::client && e.name == "Finished"; });
  sim::Simulation s(o, attacker);
  s.run_to_end();
  return s.trace();
}

inline const char* const kSuites[] = {
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
};

}  // namespace exportfix

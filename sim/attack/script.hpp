// What every scripted attack shares (the attacks themselves: one file each in this folder).
// A scripted attack is an Attacker (net/network.hpp) that acts only on what crosses the wire,
// and judges its own result from what it did and saw there, plus what the victims visibly did
// (an alert they sent, the page a client displays). It never reads a victim's secrets.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "net/simulation.hpp"
#include "scenario/attacks.hpp"

namespace sim::attack {

class Script : public Attacker {
 public:
  // The result so far; `over` when nothing is left to deliver.
  std::optional<AttackReport> report(const Trace& t, bool over) const override;

 protected:
  // Did the attack reach its goal (judged from the trace and the script's own notes)? Called
  // when the run is over, and earlier (a goal reached stays reached).
  virtual bool succeeded(const Trace& t) const = 0;
  // The evidence: what the attacker read, injected or changed, tied to events.
  virtual std::vector<AttackEvidence> evidence(const Trace& t) const = 0;
  // What the report says when the attack reached its goal, and when it failed with no alert.
  Message won_, lost_;
};

// The report of attack `name`: succeeded when `won`; else, once the run is over or an alert
// stopped it, failed (with the alert that stopped it); else in progress.
AttackReport make_report(const Message& won_text, const Message& lost_text, const Trace& t, bool over, bool won,
                         std::vector<AttackEvidence> evidence);

// The first fatal alert of the run (sent by the client or the server, possibly to a man in the
// middle): what stopped an attack that failed. Its event index is set.
struct StoppingAlert {
  AlertDescription alert;
  Actor by;
  uint32_t event;
};
std::optional<StoppingAlert> first_fatal_alert(const Trace& t);

// Does `hay` hold `needle` (not empty) anywhere? What a script looks for in a page or a stream.
bool contains(ByteView hay, ByteView needle);
inline bool contains(ByteView hay, std::string_view needle) {
  return contains(hay, ByteView(reinterpret_cast<const uint8_t*>(needle.data()), needle.size()));
}

// The first event where the attacker did `kind` (dropped, replaced, cut ...): where evidence points.
std::optional<uint32_t> first_attack_event(const Trace& t, AttackAction::Kind kind);

// A cryptanalytic attack's long work: its wall time (for the report's `seconds`, the one value
// of a trace that is not deterministic), and the report's work fields.
template <class F>
double timed(F&& work) {
  auto t0 = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
void set_work(AttackReport& r, uint64_t count, const char* unit, bool cancelled, double seconds,
              std::vector<AttackQuery> kept = {});

// Evidence helpers.
AttackEvidence text_evidence(std::string name, Message label, ByteView value, std::optional<uint32_t> event = std::nullopt);
AttackEvidence hex_evidence(std::string name, Message label, ByteView value, std::optional<uint32_t> event = std::nullopt);

// The record's handshake message type, if the record is an unprotected handshake record.
std::optional<HandshakeType> handshake_type(const Event& record);
// Is the record application data, as the wire shows it (TLS 1.3: under application traffic keys)?
bool is_application_record(const Event& record);

// The attacks (one factory per file), given the effective options of the run.
std::shared_ptr<Attacker> mitm_forged_cert(const ScenarioOptions& o);
std::shared_ptr<Attacker> suite_rollback(const ScenarioOptions& o);
std::shared_ptr<Attacker> version_rollback(const ScenarioOptions& o);
std::shared_ptr<Attacker> record_tamper(const ScenarioOptions& o);
std::shared_ptr<Attacker> record_replay(const ScenarioOptions& o);
std::shared_ptr<Attacker> record_reorder(const ScenarioOptions& o);
std::shared_ptr<Attacker> record_drop(const ScenarioOptions& o);
std::shared_ptr<Attacker> truncation(const ScenarioOptions& o);
std::shared_ptr<Attacker> revocation_block(const ScenarioOptions& o);
std::shared_ptr<Attacker> early_ccs(const ScenarioOptions& o);
std::shared_ptr<Attacker> renegotiation_injection(const ScenarioOptions& o);
std::shared_ptr<Attacker> tls13_0rtt_replay(const ScenarioOptions& o);
std::shared_ptr<Attacker> ssl_strip(const ScenarioOptions& o);
std::shared_ptr<Attacker> poodle(const ScenarioOptions& o);
std::shared_ptr<Attacker> crime(const ScenarioOptions& o);
std::shared_ptr<Attacker> bleichenbacher(const ScenarioOptions& o);
std::shared_ptr<Attacker> export_bruteforce(const ScenarioOptions& o);

}  // namespace sim::attack

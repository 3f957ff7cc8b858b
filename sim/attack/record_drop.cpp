// record-drop: the attacker drops the server's page. The next record (the close_notify) carries
// the next sequence number in its MAC (RFC 5246 6.2.3.1; SSL 3.0 RFC 6101 5.2.3.1; the AEAD nonce
// in TLS 1.3, RFC 8446 5.3): the client, still expecting the dropped one, fails with
// bad_record_mac instead of taking a page that never came as an empty one.
#include "attack/script.hpp"

namespace sim::attack {

namespace {

class RecordDrop : public Script {
 public:
  RecordDrop() { won_ = msg("attack.record-drop.succeeded");
    lost_ = msg("attack.record-drop.failed"); }
  void on_record(const Event& record, Wire& wire) override {
    if (dropped_ || record.from != Actor::server || !is_application_record(record)) return wire.pass();
    dropped_ = true;
    wire.drop(AttackReason(attack_reason::drop()));
  }

 protected:
  // The client closed normally without the page: the loss went unnoticed.
  bool succeeded(const Trace& t) const override {
    return dropped_ && t.outcome == OutcomeKind::completed && t.client_app_received.empty();
  }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    auto i = first_attack_event(t, AttackAction::Kind::drop);
    if (!i) return {};
    return {hex_evidence("record_dropped", msg("evidence.record_dropped"), t.events[*i].attack->before, *i)};
  }

 private:
  bool dropped_ = false;
};

}  // namespace

std::shared_ptr<Attacker> record_drop(const ScenarioOptions&) { return std::make_shared<RecordDrop>(); }

}  // namespace sim::attack

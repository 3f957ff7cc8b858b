// truncation: once the server's page has passed, the attacker cuts the TCP connection and the
// server's close_notify never arrives. Since SSL 3.0 (RFC 6101 5.4.1; RFC 5246 7.2.1) a side
// that sees the transport close without close_notify knows the data may be cut short and
// reports it; SSL 2.0 had no close_notify, so the end of TCP was the end of the data, and an
// attacker decided where a response ended.
#include "attack/script.hpp"

namespace sim::attack {

namespace {

class Truncation : public Script {
 public:
  Truncation() { won_ = msg("attack.truncation.succeeded");
    lost_ = msg("attack.truncation.failed"); }
  void on_record(const Event& record, Wire& wire) override {
    if (cut_ || record.from != Actor::server || !record.protection.is_protected()) return wire.pass();
    if (!seen_data_) {
      seen_data_ = is_application_record(record);
      return wire.pass();
    }
    // The record after the page: the server's close_notify (its length gives it away in TLS 1.3).
    cut_ = true;
    wire.cut(AttackReason(attack_reason::cut()));
  }

 protected:
  // The client took the cut as the end of the data.
  bool succeeded(const Trace& t) const override { return cut_ && t.outcome == OutcomeKind::completed; }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    auto i = first_attack_event(t, AttackAction::Kind::cut);
    if (!i) return {};
    return {hex_evidence("record_cut", msg("evidence.record_cut"), t.events[*i].attack->before, *i)};
  }

 private:
  bool seen_data_ = false, cut_ = false;
};

}  // namespace

std::shared_ptr<Attacker> truncation(const ScenarioOptions&) { return std::make_shared<Truncation>(); }

}  // namespace sim::attack

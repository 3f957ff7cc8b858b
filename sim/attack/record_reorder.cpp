// record-reorder: the attacker holds the server's page back and lets the record after it (the
// close_notify) through first. Each record's MAC covers its sequence number (RFC 5246 6.2.3.1;
// SSL 3.0 RFC 6101 5.2.3.1; the AEAD nonce in TLS 1.3, RFC 8446 5.3), so the client, expecting
// record n, fails on record n+1 with bad_record_mac.
#include "attack/script.hpp"

namespace sim::attack {

namespace {

class RecordReorder : public Script {
 public:
  RecordReorder() { won_ = msg("attack.record-reorder.succeeded");
    lost_ = msg("attack.record-reorder.failed"); }
  void on_record(const Event& record, Wire& wire) override {
    if (record.from != Actor::server || !record.protection.is_protected()) return wire.pass();
    if (!handle_ && !released_ && is_application_record(record)) {
      handle_ = wire.hold(AttackReason(attack_reason::hold()));
      return;
    }
    if (handle_ && !released_) {
      wire.pass();
      wire.release(*handle_, AttackReason(attack_reason::release()));
      released_ = true;
      return;
    }
    wire.pass();
  }
  void on_idle(Wire& wire) override {
    // Nothing came after it: deliver it anyway, unreordered.
    if (handle_ && !released_) {
      wire.release(*handle_, AttackReason(attack_reason::release()));
      released_ = true;
    }
  }

 protected:
  // The client took the records in the attacker's order: it got the page and no error.
  bool succeeded(const Trace& t) const override { return released_ && !t.client_app_received.empty() && !first_fatal_alert(t); }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    std::vector<AttackEvidence> ev;
    for (size_t i = 0; i < t.events.size(); ++i)
      if (t.events[i].attack && t.events[i].attack->kind == AttackAction::Kind::release)
        ev.push_back(hex_evidence("record_delivered_late", msg("evidence.record_delivered_late"), t.events[i].bytes, uint32_t(i)));
    return ev;
  }

 private:
  std::optional<size_t> handle_;
  bool released_ = false;
};

}  // namespace

std::shared_ptr<Attacker> record_reorder(const ScenarioOptions&) { return std::make_shared<RecordReorder>(); }

}  // namespace sim::attack

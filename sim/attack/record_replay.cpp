// record-replay: the attacker sends the client's request record to the server a second time. The
// MAC covers an implicit sequence number (RFC 5246 6.2.3.1; SSL 3.0 RFC 6101 5.2.3.1; the AEAD
// nonce in TLS 1.3, RFC 8446 5.3): the copy arrives as record n+1 with record n's MAC, and the
// server answers bad_record_mac instead of running the request twice.
#include "attack/script.hpp"

namespace sim::attack {

namespace {

class RecordReplay : public Script {
 public:
  RecordReplay() { won_ = msg("attack.record-replay.succeeded");
    lost_ = msg("attack.record-replay.failed"); }
  void on_record(const Event& record, Wire& wire) override {
    if (done_ || record.from != Actor::client || !is_application_record(record)) return wire.pass();
    done_ = true;
    copy_ = record.bytes;
    wire.pass();
    wire.inject(Actor::server, copy_, AttackReason(attack_reason::replay()));
  }

 protected:
  // The request reached the server's application twice.
  bool succeeded(const Trace& t) const override {
    const Bytes& got = t.server_app_received;
    if (got.empty() || got.size() % 2) return false;
    size_t h = got.size() / 2;
    return std::equal(got.begin(), got.begin() + long(h), got.begin() + long(h));
  }
  std::vector<AttackEvidence> evidence(const Trace&) const override {
    if (copy_.empty()) return {};
    return {hex_evidence("record_replayed", msg("evidence.record_replayed"), copy_)};
  }

 private:
  bool done_ = false;
  Bytes copy_;
};

}  // namespace

std::shared_ptr<Attacker> record_replay(const ScenarioOptions&) { return std::make_shared<RecordReplay>(); }

}  // namespace sim::attack

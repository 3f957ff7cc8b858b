// record-tamper: the attacker flips one bit of the ciphertext of the client's request. Every
// protected record carries a MAC (HMAC in TLS, RFC 5246 6.2.3.1; the pad_1/pad_2 MAC in SSL 3.0,
// RFC 6101 5.2.3.1) or an AEAD tag (RFC 5246 6.2.3.3, RFC 8446 5.2) over its content: the server
// answers bad_record_mac, whatever the cipher and the version.
#include "attack/script.hpp"

namespace sim::attack {

namespace {

class RecordTamper : public Script {
 public:
  RecordTamper() { won_ = msg("attack.record-tamper.succeeded");
    lost_ = msg("attack.record-tamper.failed"); }
  void on_record(const Event& record, Wire& wire) override {
    if (done_ || record.from != Actor::client || !is_application_record(record) || record.bytes.size() < 6) return wire.pass();
    done_ = true;
    Bytes b = record.bytes;
    at_ = 5 + (b.size() - 5) / 2;  // a byte in the middle of the fragment
    b[at_] ^= 0x01;
    wire.replace(std::move(b), AttackReason(msg("attack.record-tamper.action").arg("offset", std::to_string(at_))));
  }

 protected:
  // The server took the altered record as the client's data.
  bool succeeded(const Trace& t) const override { return done_ && !t.server_app_received.empty() && !first_fatal_alert(t); }
  std::vector<AttackEvidence> evidence(const Trace&) const override {
    if (!done_) return {};
    return {text_evidence("bit_flipped", msg("evidence.bit_flipped"), to_bytes(std::to_string(at_)))};
  }

 private:
  bool done_ = false;
  size_t at_ = 0;
};

}  // namespace

std::shared_ptr<Attacker> record_tamper(const ScenarioOptions&) { return std::make_shared<RecordTamper>(); }

}  // namespace sim::attack

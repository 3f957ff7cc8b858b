// revocation-block: the server's certificate was revoked, and the attacker, on the client's path
// to the CA and its OCSP responder, drops their answers. A soft-fail client (as browsers are)
// goes on without knowing; a hard-fail client refuses a certificate whose status it cannot
// learn (RFC 5280 6.3, RFC 6960); with OCSP stapling the server hands over the signed answer
// inside the handshake (RFC 6066 8), where the attacker cannot remove it without breaking the
// Finished check, and the client sees the revocation.
#include "attack/script.hpp"

namespace sim::attack {

namespace {

class RevocationBlock : public Script {
 public:
  RevocationBlock() {
    won_ = msg("attack.revocation-block.succeeded");
    lost_ = msg("attack.revocation-block.failed");
  }
  void on_record(const Event&, Wire& wire) override { wire.pass(); }
  std::optional<Bytes> on_fetch(const std::string& kind, const std::string& url, std::optional<Bytes> answer) override {
    if (answer) blocked_.push_back(kind + " " + url);
    return std::nullopt;
  }

 protected:
  // The client went on with the revoked certificate.
  bool succeeded(const Trace& t) const override { return !blocked_.empty() && t.handshake_complete && !first_fatal_alert(t); }
  std::vector<AttackEvidence> evidence(const Trace&) const override {
    std::vector<AttackEvidence> ev;
    for (auto& b : blocked_) ev.push_back(text_evidence("answer_dropped", msg("evidence.answer_dropped"), to_bytes(b)));
    return ev;
  }

 private:
  std::vector<std::string> blocked_;
};

}  // namespace

std::shared_ptr<Attacker> revocation_block(const ScenarioOptions&) { return std::make_shared<RevocationBlock>(); }

}  // namespace sim::attack

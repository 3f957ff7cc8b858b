// version-rollback: the attacker breaks every handshake the client starts above SSL 3.0: it
// drops the ClientHello and answers, in the server's name, with a fatal handshake_failure
// (plaintext before the keys exist, so anyone on the path can forge it). A client that falls
// back after a failed handshake, as browsers did until 2015, retries one version lower each
// time until SSL 3.0 gets through. Two defenses stop it: TLS_FALLBACK_SCSV in the retries,
// which a server that supports more refuses with inappropriate_fallback (RFC 7507 3), and the
// TLS 1.3 downgrade sentinel in ServerHello.random, which a TLS 1.3 client checks against its
// real highest version (RFC 8446 4.1.3).
#include <algorithm>

#include "attack/script.hpp"
#include "trace/field.hpp"
#include "wire/messages.hpp"

namespace sim::attack {

namespace {

constexpr uint16_t kTarget = kSsl3;

// The highest version a ClientHello record offers (supported_versions, else client_version).
std::optional<uint16_t> offered_version(const Event& record) {
  const Bytes& b = record.bytes;
  if (b.size() < 9) return std::nullopt;
  Field scratch;
  Dissector d(ByteReader(ByteView(b).subspan(9)), &scratch);
  auto ch = parse_client_hello(d);
  if (!ch.ok()) return std::nullopt;
  uint16_t best = 0;
  if (ch.value().supported_versions)
    for (uint16_t v : *ch.value().supported_versions)
      if (v >= kSsl3 && v <= kTls13) best = std::max(best, v);
  return best ? best : ch.value().client_version;
}

class VersionRollback : public Script {
 public:
  VersionRollback() {
    won_ = msg("attack.version-rollback.succeeded");
    lost_ = msg("attack.version-rollback.failed");
  }

  void on_record(const Event& record, Wire& wire) override {
    if (record.from != Actor::client || handshake_type(record) != HandshakeType::client_hello) return wire.pass();
    auto v = offered_version(record);
    if (!v) return wire.pass();
    if (!first_offered_) first_offered_ = *v;
    if (*v <= kTarget) return wire.pass();  // low enough: let it reach the server
    // An alert in the record version the client used, as the server would answer.
    Bytes alert = make_record(uint8_t(ContentType::alert), record.bytes[1], record.bytes[2],
                              Bytes{uint8_t(AlertLevel::fatal), uint8_t(AlertDescription::handshake_failure)});
    wire.drop(AttackReason(msg("attack.version-rollback.drop").arg("version", version_name(*v))));
    wire.inject(Actor::client, std::move(alert), AttackReason(msg("attack.version-rollback.alert")));
  }

 protected:
  // The version the server answered with in the last ServerHello that crossed the wire.
  static std::optional<std::pair<uint16_t, uint32_t>> server_version(const Trace& t) {
    for (size_t i = t.events.size(); i-- > 0;) {
      const Event& e = t.events[i];
      if (e.from == Actor::server && !e.attack && handshake_type(e) == HandshakeType::server_hello && e.bytes.size() >= 11)
        return std::pair{uint16_t(e.bytes[9] << 8 | e.bytes[10]), uint32_t(i)};
    }
    return std::nullopt;
  }
  // The client went on at the target version below what it first offered: the handshake
  // completed in SSL 3.0 and the page came back.
  bool succeeded(const Trace& t) const override {
    auto sv = server_version(t);
    return first_offered_ > kTarget && sv && sv->first == kTarget && t.handshake_complete && !t.client_app_received.empty();
  }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    std::vector<AttackEvidence> ev;
    std::optional<uint32_t> first_drop = first_attack_event(t, AttackAction::Kind::drop);
    auto broken = std::count_if(t.events.begin(), t.events.end(),
                                [](const Event& e) { return e.attack && e.attack->kind == AttackAction::Kind::drop; });
    if (first_offered_)
      ev.push_back(text_evidence("first_offered", msg("evidence.first_offered"), to_bytes(version_name(first_offered_)), first_drop));
    if (broken) ev.push_back(text_evidence("handshakes_broken", msg("evidence.handshakes_broken"), to_bytes(std::to_string(broken))));
    if (auto sv = server_version(t); sv && succeeded(t))
      ev.push_back(text_evidence("version_used", msg("evidence.version_used"), to_bytes(version_name(sv->first)), sv->second));
    return ev;
  }

 private:
  uint16_t first_offered_ = 0;
};

}  // namespace

std::shared_ptr<Attacker> version_rollback(const ScenarioOptions&) { return std::make_shared<VersionRollback>(); }

}  // namespace sim::attack

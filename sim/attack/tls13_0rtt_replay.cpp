// tls13-0rtt-replay: the attacker records the resumed connection's first flight as it passes (the
// ClientHello and the 0-RTT records behind it) and, once that connection is over, sends the same
// bytes to the server in a connection of its own. 0-RTT keys come from the ticket's PSK and the
// ClientHello alone, with nothing from the server (RFC 8446 2.3, 8), so a server without
// anti-replay decrypts and runs the request a second time, although the attacker holds no key and
// cannot finish that handshake. The defenses are the server's: single-use tickets (8.1),
// ClientHello recording (8.2), or no 0-RTT at all.
#include <utility>

#include "attack/script.hpp"

namespace sim::attack {

namespace {

// A record as the attacker saw it on the wire.
struct Captured {
  Bytes bytes;
  std::string name;
  std::optional<ContentType> layer;
  Protection protection;
};

bool outer_application_data(const Bytes& record) { return !record.empty() && record[0] == uint8_t(ContentType::application_data); }

// The content of a TLS 1.3 record's decrypted TLSInnerPlaintext: without its zero padding and
// inner content type (RFC 8446 5.2).
Bytes inner_content(const Bytes& inner) {
  size_t n = inner.size();
  while (n > 0 && inner[n - 1] == 0) --n;
  return Bytes(inner.begin(), inner.begin() + long(n ? n - 1 : 0));
}

// Does the ServerHello in this record accept a PSK (a pre_shared_key extension, RFC 8446 4.2.11)?
// It travels in the clear, so the attacker sees whether its replayed ticket was taken.
std::optional<bool> server_hello_accepts_psk(const Bytes& r) {
  // record header 5, handshake header 4, legacy_version 2, random 32
  size_t p = 5 + 4 + 2 + 32;
  if (r.size() < p + 1 || r[0] != uint8_t(ContentType::handshake) || r[5] != uint8_t(HandshakeType::server_hello)) return std::nullopt;
  p += 1 + r[p];  // legacy_session_id_echo
  p += 2 + 1;     // cipher_suite, legacy_compression_method
  if (r.size() < p + 2) return std::nullopt;
  size_t end = std::min(r.size(), p + 2 + ((size_t(r[p]) << 8) | r[p + 1]));
  for (p += 2; p + 4 <= end;) {
    uint16_t type = uint16_t((r[p] << 8) | r[p + 1]);
    size_t len = (size_t(r[p + 2]) << 8) | r[p + 3];
    if (type == uint16_t(ExtensionType::pre_shared_key)) return true;
    p += 4 + len;
  }
  return false;
}

class ZeroRttReplay : public Script, public Endpoint {
 public:
  ZeroRttReplay() { won_ = msg("attack.tls13-0rtt-replay.succeeded");
    lost_ = msg("attack.tls13-0rtt-replay.failed"); }

  // ---- on the path between the client and the server ----
  void on_record(const Event& record, Wire& wire) override {
    if (record.from == Actor::attacker || replaying_) {
      // Its own connection: it reads the ServerHello the server answers with.
      if (replaying_ && record.from == Actor::server && !psk_taken_) psk_taken_ = server_hello_accepts_psk(record.bytes);
      return wire.pass();
    }
    if (record.from == Actor::server) {
      flight_open_ = false;  // the client's first flight is complete
      return wire.pass();
    }
    if (handshake_type(record) == HandshakeType::client_hello) {
      flight_.clear();
      flight_open_ = true;
    }
    if (!flight_open_) return wire.pass();
    flight_.push_back({record.bytes, record.name, record.layer, record.protection});
    // Protected data right behind a ClientHello, before any answer, can only be 0-RTT data.
    if (outer_application_data(record.bytes)) captured_ = flight_;
    wire.forward(AttackReason(msg("attack.record_for_replay")));
  }

  Endpoint* client_endpoint() override { return captured_.empty() ? nullptr : this; }

  // ---- its own connection: the client's first flight, replayed verbatim ----
  Actor actor() const override { return Actor::attacker; }
  void start() override {
    replaying_ = true;
    for (const Captured& c : captured_) {
      Event ev;
      ev.to = Actor::server;
      ev.name = c.name;
      ev.layer = c.layer;
      ev.protection = c.protection;
      ev.bytes = c.bytes;
      ev.notes.push_back(msg("attack.replay_0rtt"));
      sent_.push_back(std::move(ev));
    }
  }
  // It has no keys: what the server answers goes unread, and it stops there.
  void receive(Actor, ByteView) override {}
  std::vector<Event> take_sent() override { return std::exchange(sent_, {}); }
  std::vector<Event> take_received(Actor) override { return {}; }

  std::optional<AttackReport> report(const Trace& t, bool over) const override {
    AttackReport r = make_report(won_, lost_, t, over, succeeded(t), evidence(t));
    if (r.succeeded == false && !r.stopped_by_alert) {
      // Why, from what the attacker saw: no 0-RTT to record, its ticket refused, or the data ignored.
      r.summary = captured_.empty()          ? msg("attack.tls13-0rtt-replay.failed_no_early_data")
                  : psk_taken_ == false      ? msg("attack.tls13-0rtt-replay.failed_psk_refused")
                                             : msg("attack.tls13-0rtt-replay.failed_early_data_rejected");
    }
    return r;
  }

 protected:
  // The server's own view of the 0-RTT records the attacker passed on in connection `c`, or sent
  // itself there: the request as the server decrypted it (empty when it did not).
  static Bytes server_read(const Trace& t, int c, std::optional<uint32_t>* first = nullptr) {
    Bytes out;
    for (size_t i = 0; i < t.events.size(); ++i) {
      const Event& e = t.events[i];
      if (e.connection != c || e.from != Actor::attacker || e.to != Actor::server || !e.delivered ||
          !outer_application_data(e.bytes) || e.plaintext.empty())
        continue;
      if (first && !*first) *first = uint32_t(i);
      Bytes part = inner_content(e.plaintext);
      out.insert(out.end(), part.begin(), part.end());
    }
    return out;
  }
  // The server decrypted the same early request in the victim's connection and in the attacker's.
  bool succeeded(const Trace& t) const override {
    if (!replaying_) return false;
    Bytes again = server_read(t, t.events.empty() ? 0 : t.events.back().connection);
    return !again.empty() && again == server_read(t, t.events.back().connection - 1);
  }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    std::vector<AttackEvidence> out;
    if (captured_.empty()) return out;
    Bytes replayed;
    for (const Captured& c : captured_) replayed.insert(replayed.end(), c.bytes.begin(), c.bytes.end());
    out.push_back(hex_evidence("records_replayed", msg("evidence.records_replayed"), replayed));
    if (!replaying_ || t.events.empty()) return out;
    int own = t.events.back().connection;
    std::optional<uint32_t> at_first, at_again;
    Bytes first = server_read(t, own - 1, &at_first), again = server_read(t, own, &at_again);
    if (!first.empty()) out.push_back(text_evidence("request_executed", msg("evidence.request_executed"), first, at_first));
    if (!again.empty())
      out.push_back(text_evidence("request_executed_again", msg("evidence.request_executed_again"), again, at_again));
    return out;
  }

 private:
  std::vector<Captured> flight_, captured_;
  bool flight_open_ = false, replaying_ = false;
  std::optional<bool> psk_taken_;
  std::vector<Event> sent_;
};

}  // namespace

std::shared_ptr<Attacker> tls13_0rtt_replay(const ScenarioOptions&) { return std::make_shared<ZeroRttReplay>(); }

}  // namespace sim::attack

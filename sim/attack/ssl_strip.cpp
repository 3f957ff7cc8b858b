// ssl-strip (Marlinspike, 2009; the lecture's "redirection" attack): a browser given an
// http:// address first asks over plain HTTP. The attacker on the path answers that plain
// connection itself and never lets the site's redirect to https through: it fetches each page
// over TLS on its own connections to the server, rewrites https links to http, and hands the
// pages back in clear. The browser never sees TLS, so the login form it fills in posts the
// password in clear, to the attacker, who relays it to the server and keeps it.
// Defense: HSTS (RFC 6797). A browser that has the host in its HSTS list turns http:// into
// https:// itself, before anything is sent; its TLS connections only pass the attacker, who
// cannot strip them (it has no certificate for the host).
#include "attack/script.hpp"
#include "net/http_leg.hpp"

namespace sim::attack {

namespace {

// The page as the attacker hands it on: https links made http, and no Strict-Transport-Security
// header (which would pin the host for the browser's next visits).
Bytes stripped(Bytes page) {
  std::string s(page.begin(), page.end());
  for (size_t p; (p = s.find("https://")) != std::string::npos;) s.replace(p, 8, "http://");
  size_t end = s.find("\r\n\r\n");
  for (size_t p = s.find("\r\n"); p != std::string::npos && p < end;) {
    size_t next = s.find("\r\n", p + 2);
    std::string line = s.substr(p + 2, next - p - 2);
    if (line.rfind("Strict-Transport-Security:", 0) == 0) {
      s.erase(p, next - p);
      end -= next - p;
      continue;
    }
    p = next;
  }
  // A changed body length would make the browser wait or cut the page.
  std::string head = s.substr(0, end + 4), body = s.substr(end + 4);
  size_t cl = head.find("Content-Length: ");
  if (cl != std::string::npos) {
    size_t eol = head.find("\r\n", cl);
    head.replace(cl, eol - cl, "Content-Length: " + std::to_string(body.size()));
  }
  return to_bytes(head + body);
}

class SslStrip : public Script, public Endpoint {
 public:
  explicit SslStrip(const ScenarioOptions& o) : o_(o) {
    won_ = msg("attack.ssl-strip.succeeded");
    lost_ = msg("attack.ssl-strip.failed");
  }

  // ---- as an attacker: it answers plain HTTP itself; TLS only passes it ----
  Endpoint* endpoint() override { return this; }
  bool terminates_tls() const override { return false; }
  void on_record(const Event& record, Wire& wire) override {
    if (!record.http && record.from != Actor::attacker) ++tls_seen_;  // ciphertext it can only pass on
    wire.pass();
  }
  // A request read in clear and not yet fetched: it opens a TLS connection of its own for it.
  Endpoint* client_endpoint() override { return pending_ ? this : nullptr; }
  std::vector<const Connection*> connections() const override {
    std::vector<const Connection*> out;
    for (auto& c : fetches_) out.push_back(c.get());
    return out;
  }

  // ---- as an endpoint: the browser's plain HTTP peer, and a TLS client of the server ----
  Actor actor() const override { return Actor::attacker; }
  std::string derivation_tag() const override { return "@attacker"; }
  void start() override {
    // The request as the browser sent it, over TLS this time.
    ClientConfig cc = client_config(o_);
    cc.http_request = *pending_;
    cc.certificate = {};
    cc.send_early_data = false;
    pending_.reset();
    fetches_.push_back(make_client(cc, o_.seed ^ (0x7374726970000000ull + fetches_.size())));  // "strip"
    fetches_.back()->start();
    relayed_ = false;
  }
  void receive(Actor from, ByteView bytes) override {
    if (from == Actor::client) {
      plain_in_.insert(plain_in_.end(), bytes.begin(), bytes.end());
      while (auto n = http_message_length(plain_in_)) {
        Bytes request(plain_in_.begin(), plain_in_.begin() + long(*n));
        plain_in_.erase(plain_in_.begin(), plain_in_.begin() + long(*n));
        read_.insert(read_.end(), request.begin(), request.end());
        views_.push_back(http_view({msg("attack.strip_request_read")}));
        pending_ = std::move(request);
      }
      return;
    }
    if (fetches_.empty()) return;
    Connection& tls = *fetches_.back();
    tls.receive(bytes);
    // The page over TLS: handed to the browser in clear, stripped.
    const Bytes& got = tls.app_received();
    if (!relayed_ && http_message_length(got)) {
      relayed_ = true;
      Bytes page = stripped(Bytes(got.begin(), got.begin() + long(*http_message_length(got))));
      Event ev = http_event(Actor::client, page, 1);
      ev.notes.push_back(msg("attack.strip_page_relayed"));
      served_.insert(served_.end(), page.begin(), page.end());
      plain_out_.push_back(std::move(ev));
    }
  }
  std::vector<Event> take_sent() override {
    std::vector<Event> out = std::exchange(plain_out_, {});
    if (!fetches_.empty())
      for (auto& ev : fetches_.back()->take_sent()) out.push_back(std::move(ev));
    return out;
  }
  std::vector<Event> take_received(Actor from) override {
    if (from == Actor::client) return std::exchange(views_, {});
    if (fetches_.empty()) return {};
    auto views = fetches_.back()->take_received();
    for (auto& v : views) v.to = Actor::attacker;
    return views;
  }

  std::optional<AttackReport> report(const Trace& t, bool over) const override {
    AttackReport r = make_report(won_, lost_, t, over, succeeded(t), evidence(t));
    if (r.succeeded == false && !r.stopped_by_alert && read_.empty()) r.summary = msg("attack.ssl-strip.failed_hsts");
    return r;
  }

 protected:
  // The login form's password crossed in clear to the attacker.
  bool succeeded(const Trace&) const override { return contains(read_, "password=" + visit_password()); }
  std::vector<AttackEvidence> evidence(const Trace& t) const override {
    std::vector<AttackEvidence> out;
    auto last_plain = [&](Actor from) -> std::optional<uint32_t> {
      for (size_t i = t.events.size(); i-- > 0;)
        if (t.events[i].http && t.events[i].from == from) return uint32_t(i);
      return std::nullopt;
    };
    if (!read_.empty()) out.push_back(text_evidence("requests_read", msg("evidence.requests_read_plain"), read_, last_plain(Actor::client)));
    if (!served_.empty()) out.push_back(text_evidence("pages_stripped", msg("evidence.pages_stripped"), served_, last_plain(Actor::attacker)));
    if (read_.empty())
      out.push_back(text_evidence("tls_records_passed", msg("evidence.tls_records_passed"), to_bytes(std::to_string(tls_seen_))));
    return out;
  }

 private:
  ScenarioOptions o_;
  std::vector<std::unique_ptr<Connection>> fetches_;  // its own TLS connections, one per request
  std::optional<Bytes> pending_;
  bool relayed_ = false;
  Bytes plain_in_, read_, served_;
  std::vector<Event> plain_out_, views_;
  size_t tls_seen_ = 0;
};

}  // namespace

std::shared_ptr<Attacker> ssl_strip(const ScenarioOptions& o) { return std::make_shared<SslStrip>(o); }

}  // namespace sim::attack

#include "attack/victim_exchange.hpp"

namespace sim::attack {

// A script's XMLHttpRequest: a POST to the site; the browser adds its headers and the cookie.
std::string VictimBrowser::head_before_cookie(const std::string& host, const std::string& path, const std::string&) {
  return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tlslab\r\nAccept: text/html\r\nCookie: ";
}

std::string VictimBrowser::tail_after_cookie(const std::string& body) {
  return "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::unique_ptr<Connection> VictimBrowser::client_for(const std::string& path, const std::string& body, uint64_t seed) const {
  ClientConfig c = cfg_;
  c.http_request = to_bytes(head_before_cookie(c.host, path, body) + c.http_cookie + tail_after_cookie(body));
  return make_client(c, seed);
}

Exchange run_exchange(Connection& client, Connection& server, const Tamper& tamper) {
  Exchange x;
  // Only the records' bytes and each side's failure are read: nothing else is recorded.
  client.set_recording(false);
  server.set_recording(false);
  client.start();
  server.start();
  // Until neither side has anything left to send: each record delivered whole, in order.
  for (int quiet = 0; quiet < 2;) {
    bool moved = false;
    for (Event& e : client.take_sent()) {
      moved = true;
      size_t index = x.client_records.size();
      x.client_records.push_back(e.bytes);
      Bytes out = e.bytes;
      if (tamper)
        if (auto r = tamper(e.bytes, index)) out = std::move(*r);
      append(x.to_server, out);
      if (!server.finished()) server.receive(out);
    }
    server.take_received();
    for (Event& e : server.take_sent()) {
      moved = true;
      x.server_records.push_back(e.bytes);
      append(x.to_client, e.bytes);
      if (!client.finished()) client.receive(e.bytes);
    }
    client.take_received();
    quiet = moved ? 0 : quiet + 1;
  }
  x.client_failed = client.failed();
  x.server_failed = server.failed();
  return x;
}

std::optional<ServerChoice> server_choice(const Exchange& x) {
  if (x.server_records.empty()) return std::nullopt;
  const Bytes& r = x.server_records.front();
  // record header 5, handshake header 4, server_version 2, random 32, session_id
  if (r.size() < 44 || r[0] != uint8_t(ContentType::handshake) || r[5] != uint8_t(HandshakeType::server_hello)) return std::nullopt;
  size_t at = 44 + r[43];
  if (r.size() < at + 2) return std::nullopt;
  ServerChoice c;
  c.version = uint16_t(r[9] << 8 | r[10]);
  c.suite = suite_by_id(uint16_t(r[at] << 8 | r[at + 1]));
  if (!c.suite) return std::nullopt;
  return c;
}

void BrowserRequestAttack::on_record(const Event& record, Wire& wire) {
  if (record.from == Actor::client && is_application_record(record)) saw_request_ = true;
  wire.pass();
}

void BrowserRequestAttack::analyze(const Trace&, Progress& progress) {
  seconds_ = timed([&] { run(progress); });
  cancelled_ = progress.cancelled();
}

Exchange BrowserRequestAttack::request(const VictimBrowser& browser, const ServerConfig& sc, const std::string& path,
                                       const std::string& body, Progress& progress, const Tamper& tamper) {
  constexpr size_t kKeptQueries = 64;
  uint64_t seed = opts_.seed * 1000003u + seed_step_ * (requests_ + 1);
  auto client = browser.client_for(path, body, seed);
  auto server = make_server(sc, seed + 1);
  Exchange x = run_exchange(*client, *server, tamper);
  ++requests_;
  progress.add();
  if (queries_.size() < kKeptQueries) queries_.push_back({x.to_server, x.to_client});
  return x;
}

void BrowserRequestAttack::set_request_work(AttackReport& r) const {
  set_work(r, requests_, "requests", cancelled_, seconds_, queries_);
}

}  // namespace sim::attack

#include "net/revocation_fetch.hpp"

#include "net/http_leg.hpp"
#include "pki/dissect.hpp"

namespace sim {

namespace {

// "http://crl.example/ca.crl" -> host "crl.example", target "/ca.crl".
std::pair<std::string, std::string> host_and_target(const std::string& url) {
  std::string rest = url;
  if (auto p = rest.find("://"); p != std::string::npos) rest = rest.substr(p + 3);
  auto slash = rest.find('/');
  if (slash == std::string::npos) return {rest, "/"};
  return {rest.substr(0, slash), rest.substr(slash)};
}

Actor lane_of(const std::string& kind) { return kind == "OCSP" ? Actor::ocsp_responder : Actor::ca; }

}  // namespace

Bytes fetch_request_message(const std::string& kind, const std::string& url, const Bytes& ocsp_request) {
  auto [host, target] = host_and_target(url);
  if (kind != "OCSP") return to_bytes("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
  // RFC 6960 A.1: the DER request as the body of a POST, media type application/ocsp-request.
  Bytes m = to_bytes("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/ocsp-request\r\nContent-Length: " +
                     std::to_string(ocsp_request.size()) + "\r\n\r\n");
  append(m, ocsp_request);
  return m;
}

Bytes fetch_response_message(const std::string& kind, const Bytes& der) {
  // RFC 2585 3: a CRL over HTTP is application/pkix-crl; RFC 6960 A.1: application/ocsp-response.
  Bytes m = to_bytes(std::string("HTTP/1.1 200 OK\r\nContent-Type: ") + (kind == "OCSP" ? "application/ocsp-response" : "application/pkix-crl") +
                     "\r\nContent-Length: " + std::to_string(der.size()) + "\r\n\r\n");
  append(m, der);
  return m;
}

Event fetch_event(const std::string& kind, bool request, const std::string& url, Bytes message) {
  Event ev;
  ev.from = request ? Actor::client : lane_of(kind);
  ev.to = request ? lane_of(kind) : Actor::client;
  ev.http = true;
  ev.name = kind == "OCSP" ? (request ? "OCSPRequest" : "OCSPResponse") : (request ? "GET " + url : "CRL");
  // The dissection: start line and headers (as for any HTTP message), then the body as the
  // DER object it is.
  Field& root = ev.tree;
  const size_t body = http_head_tree(message, !request, root);
  if (body != std::string_view::npos) {
    ByteView der = ByteView(message).subspan(body);
    if (kind != "OCSP") pki::dissect_crl(der, body, root);
    else if (request) pki::dissect_ocsp_request(der, body, root);
    else pki::dissect_ocsp_response(der, body, root);
  }
  ev.bytes = std::move(message);
  return ev;
}

void record_fetches(pki::ValidationPolicy& policy, Network* net, std::shared_ptr<Attacker> attacker) {
  // One exchange: the request reaches the lane and is answered at once (the simulated CA and
  // responder are in-process); the answer passes the attacker, if any, on its way back.
  auto exchange = [net, attacker](const std::string& kind, const std::string& url, const Bytes& req,
                                  std::optional<Bytes> answer) -> std::optional<Bytes> {
    Recorder& rec = net->recorder();
    uint32_t step = net->steps();
    auto put = [&](Event ev, bool delivered) {
      ev.connection = rec.connection();
      if (delivered) ev.delivered = step;
      return rec.sent(std::move(ev), step);
    };
    put(fetch_event(kind, true, url, fetch_request_message(kind, url, req)), true);
    std::optional<size_t> answer_event;
    if (answer) answer_event = put(fetch_event(kind, false, url, fetch_response_message(kind, *answer)), true);
    if (!attacker) return answer;
    std::optional<Bytes> out = attacker->on_fetch(kind, url, answer);
    if (out == answer) return out;
    // The attacker changed what reaches the client: its action in its own lane, as for a record.
    Event ev;
    ev.from = Actor::attacker;
    ev.to = Actor::client;
    ev.http = true;
    ev.connection = rec.connection();
    Bytes before = answer ? rec.trace().events[*answer_event].bytes : Bytes{};
    std::string what = answer ? rec.trace().events[*answer_event].name : kind;
    Message reason = msg(!out ? "attack.fetch_drop" : !answer ? "attack.fetch_inject" : "attack.fetch_replace");
    AttackAction::Kind k = !out ? AttackAction::Kind::drop : !answer ? AttackAction::Kind::inject : AttackAction::Kind::replace;
    Message label = !out ? msg("attack.label.drop").arg("record", what)
                  : !answer ? msg("attack.label.inject").arg("record", kind)
                            : msg("attack.label.replace").arg("record", what);
    if (out) {
      Event forged = fetch_event(kind, false, url, fetch_response_message(kind, *out));
      ev.bytes = std::move(forged.bytes);
      ev.tree = std::move(forged.tree);
      ev.delivered = step;
    }
    if (answer && !out) rec.trace().events[*answer_event].delivered.reset();  // it never reached the client
    ev.name = label.english();
    ev.notes.push_back(reason);
    ev.attack = AttackAction{k, std::move(before), reason.key, reason.english(), std::move(label)};
    rec.attack(std::move(ev), step);
    return out;
  };
  if (auto crl = policy.fetch_crl)
    policy.fetch_crl = [crl, exchange](const std::string& url) { return exchange("CRL", url, {}, crl(url)); };
  if (auto ocsp = policy.query_ocsp)
    policy.query_ocsp = [ocsp, exchange](const std::string& url, const Bytes& req) { return exchange("OCSP", url, req, ocsp(url, req)); };
}

}  // namespace sim

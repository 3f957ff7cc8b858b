// The client's revocation fetches on the ladder: while it validates the server's certificate,
// the client asks the CA's CRL distribution point (an HTTP GET of the URL, RFC 5280 4.2.1.13)
// or the OCSP responder (an HTTP POST of the DER OCSPRequest, RFC 6960 A.1). Each request and
// each answer is a plain HTTP event (Event::http) between the client and the lane of the one it
// asks (Actor::ca, Actor::ocsp_responder), its DER dissected as a field tree, recorded at the
// step at which the client validates. An attacker on the path sees each answer on its way back
// (Attacker::on_fetch); what it does with it is an event in its own lane.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "net/network.hpp"
#include "pki/validate.hpp"

namespace sim {

// The HTTP messages of one exchange: the request for `kind` ("CRL" or "OCSP") to `url`, and a
// 200 answer carrying `der` with its media type (RFC 2585 3, RFC 6960 A.1).
Bytes fetch_request_message(const std::string& kind, const std::string& url, const Bytes& ocsp_request);
Bytes fetch_response_message(const std::string& kind, const Bytes& der);

// The trace event of one of those messages, dissected: start line, headers, and the body as a
// CRL, OCSPRequest or OCSPResponse field tree. `from`/`to` are the client and the lane.
Event fetch_event(const std::string& kind, bool request, const std::string& url, Bytes message);

// Wraps the policy's fetch callbacks so each exchange is recorded through `net`'s recorder (at
// its current step, in the current connection) and, when `attacker` is set, passes it.
void record_fetches(pki::ValidationPolicy& policy, Network* net, std::shared_ptr<Attacker> attacker);

}  // namespace sim

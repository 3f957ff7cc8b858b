// The server's hello machine, its handler bindings and what every version shares.
#include "hs/server.hpp"

namespace sim::detail {

Server::Server(const ServerConfig& cfg, uint64_t seed) : Connection(Actor::server, seed), cfg_(cfg) {
  record_version_ = std::min<uint16_t>(cfg_.max_version, kTls10);  // also picks SSL 3.0 alerts early
  lenient_ = cfg_.lenient;
  pack_flights_ = cfg_.records.pack_flights;
  max_fragment_ = std::clamp<size_t>(cfg_.records.max_plaintext, 1, kMaxPlaintext);
}

std::string Server::state_name() const {
  if (tls13()) return "TLS 1.3 server: " + std::string(name_of(hs_state()));
  return version_name(ctx_.version ? ctx_.version : cfg_.max_version) + " server: " + std::string(name_of(hs_state()));
}

void Server::renegotiate() {
  if (!handshake_complete() || handshaking() || failed()) return;
  if (tls13()) {
    note(msg("note.no_renegotiation_tls13"));
    return;
  }
  note(msg("note.sending_hello_request"));
  send_handshake(HandshakeType::hello_request, {});
  ctx_.transcript.clear();  // HelloRequest is not part of any handshake's transcript
}

// ---- handler bindings: state (and, where versions share a state name, machine) -> handler ----

Status Server::on_read(HsState s, HandshakeType t, Dissector& d) {
  switch (s) {
    case HsState::ReadClientHello: return read_client_hello(d);
    case HsState::ReadSecondClientHello: return read_second_client_hello(d);
    case HsState::ReadEndOfEarlyData: return read_end_of_early_data(d);
    case HsState::ReadClientCertificate: return tls13() ? read_client_certificate13(d) : read_client_certificate12(d);
    case HsState::ReadClientKeyExchange: return read_client_key_exchange(d);
    case HsState::ReadClientCertificateVerify: return tls13() ? read_client_certificate_verify13(d) : read_certificate_verify12(d);
    case HsState::ReadClientFinished: return tls13() ? read_client_finished13(d) : read_client_finished12(d);
    case HsState::Connected:
      if (t == HandshakeType::client_hello) return read_renegotiation_hello(d);
      if (t == HandshakeType::key_update) return read_key_update13(d, cfg_.record_padding);
      break;
    default: break;
  }
  return unexpected(name_of(t));
}

Status Server::on_send(HsState s) {
  switch (s) {
    case HsState::SendHelloRetryRequest: return send_hello_retry_request();
    case HsState::SendServerHello:
      if (tls13()) return send_server_hello13();
      send_server_hello12();
      return Ok{};
    case HsState::SendCompatChangeCipherSpec: send_compat_ccs13(); return Ok{};
    case HsState::SendEncryptedExtensions: send_encrypted_extensions(); return Ok{};
    case HsState::SendServerCertificate:
      if (tls13()) send_server_certificate13();
      else send_server_certificate12();
      return Ok{};
    case HsState::SendCertificateStatus: send_certificate_status(); return Ok{};
    case HsState::SendServerKeyExchange: return send_server_key_exchange();
    case HsState::SendCertificateRequest:
      if (tls13()) send_certificate_request13();
      else send_certificate_request12();
      return Ok{};
    case HsState::SendServerCertificateVerify: return send_certificate_verify13();
    case HsState::SendServerHelloDone: send_server_hello_done(); return Ok{};
    case HsState::SendServerChangeCipherSpec: send_change_cipher_spec(); return Ok{};
    case HsState::SendServerFinished:
      if (tls13()) send_server_finished13();
      else send_server_finished12();
      return Ok{};
    case HsState::SendNewSessionTicket:
      if (tls13()) send_tickets();
      else send_new_session_ticket12();
      return Ok{};
    default: break;
  }
  return fail(AlertDescription::internal_error, msg("reason.no_sender_for_state").arg("state", std::string(name_of(s))));
}

Status Server::on_change_cipher_spec() {
  if (tls13() && handshaking()) {  // after a HelloRetryRequest, before the client's keys are in use
    note(msg("note.compat_ccs_ignored"));
    return Ok{};
  }
  return handle_change_cipher_spec();
}

Status Server::on_warning_alert(AlertDescription a) {
  // SSL 3.0 clients without a certificate answer a CertificateRequest with this warning.
  if (a == AlertDescription::no_certificate && hs_state() == HsState::ReadClientCertificate) {
    if (cfg_.require_client_certificate)
      return fail(AlertDescription::handshake_failure, msg("reason.client_has_no_cert_required"));
    note(msg("note.client_no_certificate_warning"));
    clear_flags(kShapeClientCert);
    advance();
  }
  return Ok{};
}

void Server::maybe_respond() {
  if (!cfg_.send_http_response || responded_ || handshaking()) return;
  if (hello_request_sent_ && ctx_.neg.handshakes < 2) return;
  std::string_view text(reinterpret_cast<const char*>(app_in_.data()), app_in_.size());
  if (text.find("\r\n\r\n") == std::string_view::npos && text.find("\n\n") == std::string_view::npos) return;
  responded_ = true;
  // What the server executes is the whole stream it read, whoever put each part in it.
  HttpRequestSeen req = parse_http_request(app_in_);
  if (!req.target.empty() && req.target != "/")
    note(msg("note.http_request_executed").arg("request", req.request_line).arg("cookie", req.cookie.empty() ? "-" : req.cookie));
  send_application_data(http_response_for(cfg_.host, app_in_, cfg_.http_response_size));
  close();
}

void Server::after_record() {
  if (tls13()) return after_record13();
  if (cfg_.request_renegotiation && handshake_complete() && !handshaking() && ctx_.neg.handshakes == 1 &&
      !hello_request_sent_ && !sent_close_notify()) {
    hello_request_sent_ = true;
    renegotiate();
  }
  maybe_respond();
}

// ---- the hello machine ----

// ReadClientHello: TLS 1.3 when both offer it and share a TLS 1.3 suite; otherwise the
// highest older version. The choice picks the machine.
Status Server::read_client_hello(Dissector& d) {
  auto ch = parse_client_hello(d);
  if (!ch) return ch.error();
  handshaking_ = true;
  bool common13 = false;
  for (uint16_t id : cfg_.suites) common13 |= tls13::is_tls13_suite(id) && contains(ch->cipher_suites, id);
  if (cfg_.max_version >= kTls13 && initial() && ch->supported_versions && contains(*ch->supported_versions, kTls13) &&
      (common13 || cfg_.min_version >= kTls13)) {
    enter(Machine::server13, HsState::ReadClientHello);
    SIM_TRY(check_fallback_scsv(*ch));  // offering TLS 1.3, the client is at our highest: a note at most
    return read_client_hello13(*ch);
  }
  enter(Machine::server12, HsState::ReadClientHello);
  return read_client_hello12(*ch);
}

// Connected + ClientHello: a renegotiation (RFC 5746); accepted, it restarts the hello machine.
Status Server::read_renegotiation_hello(Dissector&) {
  SIM_TRY(count_renegotiation());  // refused or not, each request counts
  bool unsafe_ok = cfg_.allow_legacy_renegotiation || lenient_.accept_unsafe_renegotiation;
  if (!cfg_.accept_renegotiation || (!ctx_.neg.secure_renegotiation && !unsafe_ok)) {
    note(msg("note.renegotiation_refused"));
    // Name the side that caused the refusal: this server when it does not renegotiate at all, or
    // when the client offered RFC 5746 (the extension or the SCSV in the hello that made the
    // connection, still ctx_.client_hello here) and this server does not implement it; else the
    // client, which did not offer it.
    bool offered = contains(ctx_.client_hello.cipher_suites, kTlsEmptyRenegotiationInfoScsv);
    for (auto& e : ctx_.client_hello.extensions) offered |= e.type == uint16_t(ExtensionType::renegotiation_info);
    const char* why = !cfg_.accept_renegotiation || ctx_.neg.secure_renegotiation ? "reason.server_does_not_renegotiate"
                      : offered && !cfg_.support_renegotiation_info               ? "reason.server_without_secure_renegotiation"
                                                                                  : "reason.client_no_secure_renegotiation";
    send_alert(AlertLevel::warning, AlertDescription::no_renegotiation, msg(why));
    return Ok{};
  }
  if (!ctx_.neg.secure_renegotiation && !cfg_.allow_legacy_renegotiation)
    note(msg("note.lenient_unsafe_renegotiation"));
  // The ClientHello starts the new handshake's transcript.
  begin_handshake(ByteView(ctx_.transcript).subspan(ctx_.transcript_before));
  enter(Machine::server_hello, HsState::ReadClientHello);
  return Ok{};
}

}  // namespace sim::detail

namespace sim {

std::unique_ptr<Connection> make_server(const ServerConfig& cfg, uint64_t seed) {
  return std::make_unique<detail::Server>(cfg, seed);
}

}  // namespace sim

// The client's hello machine, its handler bindings and what every version shares.
#include "hs/client.hpp"

namespace sim::detail {

Client::Client(const ClientConfig& cfg, uint64_t seed) : Connection(Actor::client, seed), cfg_(cfg) {
  record_version_ = std::min<uint16_t>(cfg_.max_version, kTls10);
  lenient_ = cfg_.lenient;
  pack_flights_ = cfg_.records.pack_flights;
  max_fragment_ = std::clamp<size_t>(cfg_.records.max_plaintext, 1, kMaxPlaintext);
}

void Client::start() { begin_client_handshake(); }

void Client::begin_client_handshake() {
  enter(Machine::client_hello, HsState::SendClientHello);
  Status st = run_sends();
  if (!st.ok()) fail_with(st.error());
}

void Client::renegotiate() {
  if (!handshake_complete() || handshaking() || failed()) return;
  if (tls13()) {
    note(msg("note.no_renegotiation_tls13"));
    return;
  }
  if (!ctx_.neg.secure_renegotiation && !cfg_.allow_legacy_renegotiation) {
    note(msg(cfg_.offer_renegotiation_info ? "note.renegotiation_skipped" : "note.renegotiation_skipped_own"));
    return;
  }
  note(msg("note.starting_renegotiation"));
  begin_client_handshake();
}

std::string Client::state_name() const {
  if (tls13()) return "TLS 1.3 client: " + std::string(name_of(hs_state()));
  return version_name(ctx_.version ? ctx_.version : cfg_.max_version) + " client: " + std::string(name_of(hs_state()));
}

// ---- handler bindings: state (and, where versions share a state name, machine) -> handler ----

Status Client::on_read(HsState s, HandshakeType t, Dissector& d) {
  switch (s) {
    case HsState::ReadServerHello: return do_read_server_hello(d);
    case HsState::ReadSecondServerHello: return read_second_server_hello(d);
    case HsState::ReadEncryptedExtensions: return read_encrypted_extensions(d);
    case HsState::ReadServerCertificate: return tls13() ? read_certificate13(d) : read_certificate12(d);
    case HsState::ReadCertificateStatus: return read_certificate_status(d);
    case HsState::ReadServerKeyExchange: return read_server_key_exchange(d);
    case HsState::ReadCertificateRequest: return tls13() ? read_certificate_request13(d) : read_certificate_request12(d);
    case HsState::ReadServerCertificateVerify: return read_certificate_verify13(d);
    case HsState::ReadServerHelloDone: return read_server_hello_done(d);
    case HsState::ReadServerFinished: return tls13() ? read_finished13(d) : read_server_finished12(d);
    case HsState::ReadNewSessionTicket: return read_new_session_ticket12(d);
    case HsState::Connected:
      if (t == HandshakeType::hello_request) return read_hello_request(d);
      if (t == HandshakeType::new_session_ticket) return read_new_session_ticket(d);
      if (t == HandshakeType::key_update) return read_key_update13(d, cfg_.record_padding);
      break;
    default: break;
  }
  return unexpected(name_of(t));
}

Status Client::on_send(HsState s) {
  switch (s) {
    case HsState::SendClientHello:
      if (cfg_.max_version >= kTls13) send_client_hello13(false);
      else send_client_hello12();
      return Ok{};
    case HsState::SendEarlyData: send_early_data(); return Ok{};
    case HsState::SendSecondClientHello: send_client_hello13(true); return Ok{};
    case HsState::SendCompatChangeCipherSpec: send_compat_ccs13(); return Ok{};
    case HsState::SendEndOfEarlyData: send_end_of_early_data(); return Ok{};
    case HsState::SendClientCertificate:
      if (tls13()) send_client_certificate13();
      else return send_client_certificate12();
      return Ok{};
    case HsState::SendClientKeyExchange: return send_client_key_exchange();
    case HsState::SendClientCertificateVerify: return tls13() ? send_certificate_verify13() : send_certificate_verify12();
    case HsState::SendClientChangeCipherSpec: send_change_cipher_spec(); return Ok{};
    case HsState::SendClientFinished:
      if (tls13()) send_client_finished13();
      else return send_client_finished12();
      return Ok{};
    default: break;
  }
  return fail(AlertDescription::internal_error, msg("reason.no_sender_for_state").arg("state", std::string(name_of(s))));
}

Status Client::on_skip(HsState s) {
  // RFC 6066 8: the server may acknowledge status_request and still send no
  // CertificateStatus; then the chain is checked without a stapled answer.
  if (s == HsState::ReadCertificateStatus) return finish_certificate(std::nullopt);
  return Ok{};
}

Status Client::on_handshake(HandshakeType t, ByteView body) {
  if (t == HandshakeType::hello_request && !tls13()) {
    if (!body.empty()) return decode_error(msg("reason.message_must_be_empty").arg("message", "HelloRequest"));
    if (hs_state() != HsState::Connected) return Ok{};  // ignored during a handshake (RFC 5246 7.4.1.1)
  }
  return handle_handshake(t, body);
}

Status Client::on_change_cipher_spec() {
  if (tls13() && handshaking()) {  // after a HelloRetryRequest, before any key is in use
    note(msg("note.compat_ccs_ignored"));
    return Ok{};
  }
  return handle_change_cipher_spec();
}

Status Client::on_warning_alert(AlertDescription a) {
  // A refused renegotiation leaves the current session in place (RFC 5246 7.2.2).
  if (a == AlertDescription::no_renegotiation && handshaking() && !initial() && hs_state() == HsState::ReadServerHello) {
    note(msg("note.server_refused_renegotiation"));
    enter(Machine::client12, HsState::Connected);
    handshaking_ = false;
    ctx_.client_random = previous_client_random_;
  }
  return Ok{};
}

Bytes Client::http_request() const {
  return cfg_.http_request.empty() ? http_request_for(cfg_.host, cfg_.http_cookie) : cfg_.http_request;
}

void Client::after_record() {
  if (tls13()) return after_record13();
  if (!handshake_complete() || handshaking() || received_close_notify() || sent_close_notify()) return;
  if (cfg_.renegotiate && ctx_.neg.handshakes == 1 && !renegotiation_tried_) {
    renegotiation_tried_ = true;
    renegotiate();
    if (handshaking()) return;
  }
  if (cfg_.send_http_request && !request_sent_) {
    request_sent_ = true;
    send_application_data(http_request());
  }
}

// ---- the hello machine ----

// ReadServerHello: the version the server chose picks the machine.
Status Client::do_read_server_hello(Dissector& d) {
  auto sh = parse_server_hello(d);
  if (!sh) return sh.error();
  if (cfg_.max_version >= kTls13 && (sh->selected_version || sh->is_hello_retry_request())) {
    enter(Machine::client13, HsState::ReadServerHello);
    return on_server_hello13(*sh);
  }
  enter(Machine::client12, HsState::ReadServerHello);
  return read_server_hello12(*sh);
}

// Validates the chain (with a stapled OCSP answer, if any): one entry point for every
// client version (sim/pki/validate.hpp). Returns the leaf's key.
Result<Bytes> Client::validate_chain(const std::vector<Bytes>& chain, const std::optional<Bytes>& stapled_ocsp) {
  auto spki = pki::certificate_spki(chain[0]);
  if (!spki) return spki.error();
  if (cfg_.validation.enabled) {
    auto v = pki::validate_server_chain(chain, cfg_.validation, stapled_ocsp);
    for (auto& x : v.exchanges) add_check(pki::exchange_derivation(Actor::client, x));
    for (auto& d : v.checks) add_check(std::move(d));
    for (auto& n : v.notes) note(n);
    if (!v.ok()) return *v.failure;  // the alert is mapped for SSL 3.0 when sent
    note(msg("note.chain_validated").arg("n", std::to_string(v.checks.size())));
  } else {
    note(msg("note.key_from_leaf_no_validation"));
  }
  return *spki;
}

}  // namespace sim::detail

namespace sim {

std::unique_ptr<Connection> make_client(const ClientConfig& cfg, uint64_t seed) {
  return std::make_unique<detail::Client>(cfg, seed);
}

}  // namespace sim

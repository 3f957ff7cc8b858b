// The SSL 3.0 to TLS 1.2 client machine (RFC 6101 5.5, RFC 5246 7.3): one handler per state
// of the client12 table (handshake_shape.cpp). Renegotiation (RFC 5746) restarts the hello
// machine inside the channel.
#include "hs/client.hpp"
#include "hs/offer.hpp"

#include "crypto/keys.hpp"
#include "trace/spec_ref.hpp"

namespace sim::detail {

// SendClientHello when TLS 1.3 is not offered.
void Client::send_client_hello12() {
  previous_client_random_ = ctx_.client_random;
  begin_handshake();
  ClientHello ch;
  ch.client_version = cfg_.max_version;
  ch.random = rng_.bytes(32);
  ctx_.client_random = ch.random;
  for (uint16_t id : cfg_.suites) {
    const CipherSuiteInfo* s = suite_by_id(id);
    if (!s || !s->usable_in(cfg_.min_version, cfg_.max_version)) continue;
    ch.cipher_suites.push_back(id);
  }
  if (ch.cipher_suites.empty()) {
    fail_locally(fail(AlertDescription::handshake_failure, msg("reason.no_suite_for_versions").arg("min", version_name(cfg_.min_version)).arg("max", version_name(cfg_.max_version))));
    return;
  }
  ch.compression_methods = cfg_.offer_deflate ? Bytes{1, 0} : Bytes{0};
  // RFC 5246 7.4.1.2: offering a session's ID asks to resume it. RFC 5077 3.4: a ticket goes in
  // its extension with an ID the client makes up, which a server accepting the ticket repeats.
  const Session12* resume = initial() && cfg_.session ? &*cfg_.session : nullptr;
  bool ticket = resume && !resume->ticket.empty() && cfg_.max_version >= kTls10;
  if (resume) ch.session_id = ticket ? rng_.bytes(32) : resume->session_id;
  bool secure = cfg_.offer_renegotiation_info && (initial() || ctx_.neg.secure_renegotiation);
  if (cfg_.max_version == kSsl3) {
    // SSL 3.0 has no extensions: signal RFC 5746 with the SCSV (initial handshake only).
    ch.has_extensions_block = false;
    if (secure && initial()) ch.cipher_suites.push_back(kTlsEmptyRenegotiationInfoScsv);
    if (secure && !initial()) {
      ch.has_extensions_block = true;
      ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list(ctx_.client_verify_data)});
    }
  } else {
    ch.extensions.push_back({uint16_t(ExtensionType::server_name), ext_server_name(cfg_.host)});
    std::vector<uint16_t> groups;
    for (auto g : cfg_.groups) groups.push_back(uint16_t(g));
    ch.extensions.push_back({uint16_t(ExtensionType::supported_groups), ext_u16_list(groups)});
    ch.extensions.push_back({uint16_t(ExtensionType::ec_point_formats), ext_u8_list(Bytes{0})});
    if (cfg_.max_version >= kTls12) {
      std::vector<uint16_t> schemes;
      for (auto s : cfg_.signature_schemes) schemes.push_back(uint16_t(s));
      ch.extensions.push_back({uint16_t(ExtensionType::signature_algorithms), ext_u16_list(schemes)});
    }
    if (cfg_.offer_extended_master_secret)
      ch.extensions.push_back({uint16_t(ExtensionType::extended_master_secret), {}});
    if (cfg_.validation.request_ocsp_stapling)
      ch.extensions.push_back({uint16_t(ExtensionType::status_request), status_request_extension_data()});
    if (initial() && (ticket || cfg_.offer_session_ticket))
      ch.extensions.push_back({uint16_t(ExtensionType::session_ticket), ticket ? resume->ticket : Bytes{}});
    if (cfg_.max_fragment_length) ch.extensions.push_back({uint16_t(ExtensionType::max_fragment_length), Bytes{cfg_.max_fragment_length}});
    // RFC 5746 3.5: the renegotiating ClientHello carries the previous client verify_data.
    if (secure) ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list(initial() ? Bytes{} : ctx_.client_verify_data)});
  }
  // RFC 7507 4: the SCSV SHOULD come last, after every real suite (and the RFC 5746 SCSV).
  if (cfg_.send_fallback_scsv) ch.cipher_suites.push_back(kTlsFallbackScsv);
  apply_offer(cfg_, ch);  // an explicit list of suites and extensions, if configured
  ctx_.client_hello = ch;
  send_handshake(HandshakeType::client_hello, encode(ch));
}

Status Client::read_server_hello12(const ServerHello& shv) {
  const ServerHello* sh = &shv;
  SIM_TRY(check_downgrade(*sh));
  if (sh->server_version < cfg_.min_version || sh->server_version > cfg_.max_version)
    return fail(AlertDescription::protocol_version,
                msg("reason.server_version_not_offered").arg("version", version_name(sh->server_version)).arg("min", version_name(cfg_.min_version)).arg("max", version_name(cfg_.max_version)));
  if (!initial() && sh->server_version != ctx_.version)
    return fail(AlertDescription::protocol_version, msg("reason.version_changed_in_renegotiation"));
  if (auto refused = refuse_unimplemented_suite(ctx_.client_hello, sh->cipher_suite)) return *refused;
  bool offered = std::find(ctx_.client_hello.cipher_suites.begin(), ctx_.client_hello.cipher_suites.end(), sh->cipher_suite) != ctx_.client_hello.cipher_suites.end();
  const CipherSuiteInfo* suite = suite_by_id(sh->cipher_suite);
  if (!offered || !suite)
    return fail(AlertDescription::illegal_parameter, msg("reason.suite_not_offered").arg("suite", suite_name(sh->cipher_suite)));
  if (!suite->allowed_in(sh->server_version))
    return fail(AlertDescription::illegal_parameter, msg("reason.suite_not_for_version").arg("suite", std::string(suite->name)).arg("version", version_name(sh->server_version)));
  if (std::find(ctx_.client_hello.compression_methods.begin(), ctx_.client_hello.compression_methods.end(), sh->compression_method) == ctx_.client_hello.compression_methods.end())
    return fail(AlertDescription::illegal_parameter, msg("reason.compression_not_offered"));
  for (auto& e : sh->extensions) {
    bool ok = e.type == uint16_t(ExtensionType::renegotiation_info) &&
              (cfg_.offer_renegotiation_info ||
               std::find(ctx_.client_hello.cipher_suites.begin(), ctx_.client_hello.cipher_suites.end(), kTlsEmptyRenegotiationInfoScsv) != ctx_.client_hello.cipher_suites.end());  // SCSV counts
    for (auto& o : ctx_.client_hello.extensions) ok |= o.type == e.type;
    if (!ok) return fail(AlertDescription::unsupported_extension, msg("reason.extension_not_offered").arg("extension", name_of(ExtensionType(e.type))));
  }
  if (sh->extended_master_secret && sh->server_version == kSsl3)
    return fail(AlertDescription::illegal_parameter, msg("reason.ems_in_ssl3"));
  // RFC 5746 3.4 (initial) and 3.5 (renegotiation).
  if (initial()) {
    if (sh->renegotiation_info && !sh->renegotiation_info->empty())
      return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_not_empty_client"));
    if (!sh->renegotiation_info && cfg_.require_secure_renegotiation)
      return fail(AlertDescription::handshake_failure, msg("reason.server_lacks_secure_renegotiation"));
    ctx_.neg.secure_renegotiation = sh->renegotiation_info.has_value();
  } else if (ctx_.neg.secure_renegotiation) {
    Bytes expect = concat({ctx_.client_verify_data, ctx_.server_verify_data});
    if (!sh->renegotiation_info || *sh->renegotiation_info != expect)
      return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_wrong_verify_data"));
    note(msg("note.reneg_info_matches_both"));
  } else if (sh->renegotiation_info) {
    return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_in_insecure_renegotiation"));
  }
  ctx_.version = sh->server_version;
  record_version_ = ctx_.version;
  ctx_.suite = suite;
  ctx_.server_random = sh->random;
  ctx_.compression = sh->compression_method;
  ctx_.neg.version = ctx_.version;
  ctx_.neg.cipher_suite = sh->cipher_suite;
  ctx_.neg.compression_method = ctx_.compression;
  ctx_.neg.extended_master_secret = sh->extended_master_secret;
  // The shape of the rest: CertificateStatus if stapling was acknowledged, ServerKeyExchange
  // unless RSA key transport, and maybe a CertificateRequest (both optional for the server).
  if (std::any_of(sh->extensions.begin(), sh->extensions.end(),
                  [](const Extension& e) { return e.type == uint16_t(ExtensionType::status_request); }))
    set_flags(kShapeOcsp);
  if (ctx_.suite->kx != KeyExchange::rsa) set_flags(kShapeServerKx);
  set_flags(kShapeClientAuth);
  if (sh->session_ticket) set_flags(kShapeTickets);  // RFC 5077 3.2: a NewSessionTicket comes
  if (sh->max_fragment_length) {
    // RFC 6066 4: the server repeats the value asked for, and both sides keep to it.
    if (*sh->max_fragment_length != cfg_.max_fragment_length)
      return fail(AlertDescription::illegal_parameter, msg("reason.mfl_not_offered"));
    agree_max_fragment_length(*sh->max_fragment_length);
  }
  session_ = Session12{};
  session_.session_id = sh->session_id;
  if (initial() && cfg_.session && !ctx_.client_hello.session_id.empty()) {
    if (sh->session_id == ctx_.client_hello.session_id) SIM_TRY(resume_session12(*sh));
    else note(msg(cfg_.session->ticket.empty() ? "note.session_not_resumed" : "note.ticket_not_resumed"));
  }
  ctx_.neg.server_name = cfg_.host;
  ctx_.neg.group.reset();
  ctx_.neg.signature_scheme.reset();
  note(msg("note.server_chose").arg("version", version_name(ctx_.version)).arg("suite", std::string(ctx_.suite->name))
           .arg("group", Message{}).arg("extra", ctx_.compression ? msg("note.with_deflate") : Message{}));
  return Ok{};
}

Status Client::read_certificate12(Dissector& d) {
  auto c = parse_certificate(d);
  if (!c) return c.error();
  if (c->certificate_list.empty()) return fail(AlertDescription::bad_certificate, msg("reason.server_sent_no_certificate"));
  auto spki = pki::certificate_spki(c->certificate_list[0]);
  if (!spki) return spki.error();
  ctx_.peer_chain = c->certificate_list;
  if (has_flags(kShapeOcsp)) return Ok{};  // validated with the CertificateStatus, or without it
  return finish_certificate(std::nullopt);
}

Status Client::read_certificate_status(Dissector& d) {
  auto cs = parse_certificate_status(d);
  if (!cs) return cs.error();
  return finish_certificate(cs->ocsp_response);
}

Status Client::finish_certificate(const std::optional<Bytes>& stapled_ocsp) {
  auto spki = validate_chain(ctx_.peer_chain, stapled_ocsp);
  if (!spki) return spki.error();
  // RFC 8422 2.1 / 5.3: ECDHE_ECDSA needs an ECDSA-capable leaf (P-256 here); every other
  // suite of ours an RSA one.
  if (ctx_.suite && ctx_.suite->kx == KeyExchange::ecdhe_ecdsa) {
    if (crypto::key_type_of_spki(*spki) != crypto::KeyType::ecdsa_p256)
      return fail(AlertDescription::unsupported_certificate, msg("reason.server_key_not_ecdsa"));
  } else if (crypto::rsa_modulus_bytes(*spki) == 0) {
    return fail(AlertDescription::unsupported_certificate, msg("reason.server_key_not_rsa"));
  }
  ctx_.peer_spki = *spki;
  ctx_.key_transport_spki = *spki;
  return Ok{};
}

Status Client::read_server_key_exchange(Dissector& d) {
  auto ske = parse_server_key_exchange(d, parse_context());
  if (!ske) return ske.error();
  SignatureScheme scheme = SignatureScheme(ske->signature_algorithm);
  if (ctx_.version >= kTls12 && std::find(cfg_.signature_schemes.begin(), cfg_.signature_schemes.end(), scheme) == cfg_.signature_schemes.end())
    return fail(AlertDescription::illegal_parameter, msg("reason.ske_scheme_not_offered").arg("scheme", name_of(scheme)));
  // RFC 8422 5.4: an ECDHE_ECDSA ServerKeyExchange is signed with ECDSA.
  bool ecdsa = ctx_.suite->kx == KeyExchange::ecdhe_ecdsa;
  if (ecdsa && scheme != SignatureScheme::ecdsa_secp256r1_sha256)
    return fail(AlertDescription::illegal_parameter, msg("reason.ske_scheme_not_ecdsa").arg("scheme", name_of(scheme)));
  Bytes signed_data = concat({ctx_.client_random, ctx_.server_random, ske->params});
  bool ok = verify_handshake(ctx_.version, ctx_.peer_spki, scheme, signed_data, ske->signature);
  add_check(signature_check_derivation(Actor::client, ctx_.version, *ske, ctx_.client_random, ctx_.server_random, ok));
  if (!ok) return fail(AlertDescription::decrypt_error, msg("reason.ske_signature_invalid"));
  note(msg(ecdsa ? "note.ske_signature_verified_ecdsa" : "note.ske_signature_verified"));
  if (ctx_.version >= kTls12) ctx_.neg.signature_scheme = scheme;
  if (is_ecdhe(ctx_.suite->kx)) {
    bool group_offered = false;
    for (auto g : cfg_.groups) group_offered |= uint16_t(g) == ske->named_curve;
    if (!group_offered) return fail(AlertDescription::illegal_parameter, msg("reason.group_not_offered").arg("group", name_of(NamedGroup(ske->named_curve))));
    ctx_.neg.group = NamedGroup(ske->named_curve);
  } else if (ctx_.suite->kx == KeyExchange::dhe_rsa) {
    if (ske->dh_p.size() < 128) return fail(AlertDescription::insufficient_security, msg("reason.dhe_prime_too_short"));
    if (ske->dh_p == crypto::ffdhe2048().p) ctx_.neg.group = NamedGroup::ffdhe2048;
  } else {
    // RSA_EXPORT: the premaster secret goes under the temporary key, at most 512 bits.
    auto tmp = crypto::rsa_spki_from_components(ske->rsa_modulus, ske->rsa_exponent);
    if (!tmp) return fail(AlertDescription::illegal_parameter, msg("reason.temp_rsa_key_invalid"));
    if (crypto::rsa_modulus_bytes(*tmp) > 64)
      return fail(AlertDescription::illegal_parameter, msg("reason.export_rsa_key_too_big"));
    ctx_.key_transport_spki = *tmp;
    note(msg("note.rsa_export_temp_key"));
  }
  ctx_.server_key_exchange = *ske;
  return Ok{};
}

Status Client::read_certificate_request12(Dissector& d) {
  auto cr = parse_certificate_request(d, parse_context());
  if (!cr) return cr.error();
  ctx_.certificate_request = *cr;
  note(msg(cfg_.certificate.empty() ? "note.cert_requested_none" : "note.cert_requested"));
  return Ok{};
}

SignatureScheme Client::client_scheme() const {
  if (ctx_.certificate_request && ctx_.certificate_request->has_signature_algorithms)
    for (auto s : cfg_.signature_schemes)
      if (std::find(ctx_.certificate_request->signature_algorithms.begin(), ctx_.certificate_request->signature_algorithms.end(), uint16_t(s)) !=
          ctx_.certificate_request->signature_algorithms.end())
        return s;
  return SignatureScheme::rsa_pkcs1_sha256;
}

Status Client::read_server_hello_done(Dissector& d) {
  if (!d.reader().rest().empty()) return decode_error(msg("reason.message_must_be_empty").arg("message", "ServerHelloDone"));
  return Ok{};
}

// The client's flight (RFC 5246 7.3): Certificate, ClientKeyExchange, CertificateVerify,
// ChangeCipherSpec, Finished, one state each.
Status Client::send_client_certificate12() {
  if (cfg_.certificate.empty()) {
    if (ctx_.version == kSsl3) send_alert(AlertLevel::warning, AlertDescription::no_certificate, msg("reason.client_has_no_certificate"));
    else send_handshake(HandshakeType::certificate, encode(CertificateMsg{}));
  } else {
    set_flags(kShapeClientCert);
    send_handshake(HandshakeType::certificate, encode(CertificateMsg{cfg_.certificate.chain}));
  }
  return Ok{};
}

Status Client::send_client_key_exchange() {
  ClientKeyExchange cke;
  Bytes pms;
  auto take = [&](KeyExchangeResult& r) {
    cke.exchange = r.exchange;
    pms = r.pre_master_secret;
    for (auto& dv : r.derivations) {
      dv.spec = derivation_spec(dv.kind, ctx_.version);  // SSL 3.0 and each TLS cite their own RFC
      add_derivation(std::move(dv));
    }
  };
  if (ctx_.suite->kx == KeyExchange::rsa || ctx_.suite->kx == KeyExchange::rsa_export) {
    auto r = rsa_key_transport_client(rng_, ctx_.key_transport_spki, ctx_.client_hello.client_version,
                                      ctx_.suite->kx == KeyExchange::rsa_export
                                          ? msg("note_in.temporary_rsa_key")
                                          : notation("Certificate (leaf SubjectPublicKeyInfo)"),
                                      ctx_.suite->kx == KeyExchange::rsa_export
                                          ? Source::local("SubjectPublicKeyInfo built from ServerKeyExchange rsa_modulus and rsa_exponent")
                                          : Source::field_of("Certificate", "subjectPublicKeyInfo"));
    if (!r) return r.error();
    take(*r);
  } else {
    auto r = ephemeral_client(rng_, *ctx_.server_key_exchange);
    if (!r) return r.error();
    take(*r);
  }
  // master_secret and key_block are computed before sending so that they join the record
  // carrying ClientKeyExchange; the extended master secret hashes the transcript including it.
  Bytes cke_body = encode(cke, ctx_.suite->kx, ctx_.version);
  Bytes with_cke = concat({ctx_.transcript, handshake_message(HandshakeType::client_key_exchange, cke_body)});
  std::optional<ByteView> ems;
  if (ctx_.neg.extended_master_secret) ems = ByteView(with_cke);
  derive_and_install(pms, ems, false);
  send_handshake(HandshakeType::client_key_exchange, cke_body);
  return Ok{};
}

Status Client::send_client_finished12() {
  Derivation vd = derive_finished(Actor::client, ctx_.version, *ctx_.suite, ctx_.master_secret, true, ctx_.transcript);
  ctx_.client_verify_data = vd.output;
  add_derivation(std::move(vd));
  send_handshake(HandshakeType::finished, encode(Finished{ctx_.client_verify_data}));
  if (has_flags(kShapeResumed)) complete12();  // the abbreviated handshake ends with ours
  return Ok{};
}

Status Client::send_certificate_verify12() {
  CertificateVerify cv;
  cv.has_algorithm = ctx_.version >= kTls12;
  Derivation d;
  d.actor = Actor::client;
  d.kind = DerivationKind::certificate_verify_signature;
  d.name = "certificate_verify_signature";
  d.id = derivation_id(Actor::client, d.name);
  d.inputs = {{"handshake_messages", ctx_.transcript, notation("ClientHello .. ClientKeyExchange"), Source::transcript()}};
  std::optional<Bytes> sig;
  if (ctx_.version == kSsl3) {
    Derivation h = derive_ssl3_certificate_verify(Actor::client, ctx_.master_secret, ctx_.transcript);
    sig = crypto::rsa_sign_raw_pkcs1(cfg_.certificate.private_key_pkcs8, h.output);
    d.spec = "RFC 6101 5.6.8";
    d.set_text(msg("formula.ssl3_cv_sign"));
    add_derivation(std::move(h));
  } else {
    SignatureScheme s = client_scheme();
    cv.algorithm = uint16_t(s);
    sig = sign_handshake(ctx_.version, cfg_.certificate.private_key_pkcs8, s, ctx_.transcript, rng_);
    d.spec = derivation_spec(d.kind, ctx_.version);
    d.set_text(msg("formula.cv_sign").arg("scheme", signature_label(ctx_.version, s)));
  }
  if (!sig) return fail(AlertDescription::internal_error, msg("reason.signing_failed").arg("message", "CertificateVerify"));
  cv.signature = *sig;
  d.output = *sig;
  add_derivation(std::move(d));
  send_handshake(HandshakeType::certificate_verify, encode(cv));
  ctx_.neg.client_authenticated = true;
  return Ok{};
}

Status Client::read_server_finished12(Dissector& d) {
  auto f = parse_finished(d, parse_context());
  if (!f) return f.error();
  Derivation vd = derive_finished(Actor::client, ctx_.version, *ctx_.suite, ctx_.master_secret, false, transcript_before());
  bool ok = vd.output == f->verify_data;
  add_check(std::move(vd));
  if (!ok && lenient_.skip_finished_check) {
    note(msg("note.lenient_skip_finished").arg("side", actor_message(Actor::server)).arg("state", "ReadServerFinished"));
  } else if (!ok) {
    return fail(AlertDescription::decrypt_error, msg("reason.server_finished_mismatch"));
  } else {
    note(msg("note.server_finished_matches"));
  }
  ctx_.server_verify_data = f->verify_data;
  if (!has_flags(kShapeResumed)) complete12();  // resumed: our Finished comes last
  return Ok{};
}

// The ServerHello repeats the session ID we offered: an abbreviated handshake (RFC 5246 7.3).
Status Client::resume_session12(const ServerHello& sh) {
  const Session12& s = *cfg_.session;
  if (s.version != sh.server_version || s.cipher_suite != sh.cipher_suite || s.compression != sh.compression_method)
    return fail(AlertDescription::illegal_parameter,
                msg("reason.resumed_session_mismatch").arg("version", version_name(s.version)).arg("suite", suite_name(s.cipher_suite)));
  // RFC 7627 5.3: a session is resumed only with the extended master secret it was made with.
  if (s.extended_master_secret != sh.extended_master_secret)
    return fail(AlertDescription::handshake_failure, msg(s.extended_master_secret ? "reason.resumed_without_ems" : "reason.resumed_with_ems"));
  bool by_ticket = !s.ticket.empty();
  set_flags(kShapeResumed);
  Session12 kept = s;
  kept.session_id = sh.session_id;
  session_ = kept;
  ctx_.master_secret = s.master_secret;
  add_check(resumed_master_secret(Actor::client, ctx_.version, kept, by_ticket));
  install_key_block(true);
  note(msg(by_ticket ? "note.resumed_by_ticket_client" : "note.resumed_by_id_client"));
  return Ok{};
}

// RFC 5077 3.3: the ticket the server sealed for itself, kept to resume with.
Status Client::read_new_session_ticket12(Dissector& d) {
  auto t = parse_new_session_ticket12(d);
  if (!t) return t.error();
  session_.ticket = t->ticket;  // empty: the server keeps no ticket for us after all (3.3)
  note(msg(t->ticket.empty() ? "note.empty_ticket12" : "note.ticket_received12").arg("n", std::to_string(t->ticket.size()))
           .arg("hint", std::to_string(t->ticket_lifetime_hint)));
  return Ok{};
}

void Client::complete12() {
  Session12 now = current_session();
  now.session_id = std::move(session_.session_id);
  now.ticket = std::move(session_.ticket);
  now.connection = session_.connection;
  session_ = std::move(now);
  set_complete();
}

std::optional<Session12> Client::resumable_session() const {
  if (!handshake_complete() || tls13() || session_.master_secret.empty()) return std::nullopt;
  if (session_.session_id.empty() && session_.ticket.empty()) return std::nullopt;  // nothing to offer
  return session_;
}

// Connected + HelloRequest: the server asks for a renegotiation (RFC 5246 7.4.1.1).
Status Client::read_hello_request(Dissector&) {
  if (sent_close_notify() || received_close_notify()) return Ok{};  // the connection is closing
  SIM_TRY(count_renegotiation());  // refused or not, each request counts
  if (!cfg_.accept_renegotiation || (!ctx_.neg.secure_renegotiation && !cfg_.allow_legacy_renegotiation)) {
    note(msg("note.hello_request_refused"));
    // Name the side whose configuration refuses: this client's own, else the server's, which
    // did not answer RFC 5746.
    const char* why = !cfg_.accept_renegotiation || ctx_.neg.secure_renegotiation ? "reason.client_does_not_renegotiate"
                      : !cfg_.offer_renegotiation_info                            ? "reason.client_without_secure_renegotiation"
                                                                                  : "reason.server_no_secure_renegotiation";
    send_alert(AlertLevel::warning, AlertDescription::no_renegotiation, msg(why));
    return Ok{};
  }
  note(msg("note.hello_request_renegotiating"));
  enter(Machine::client_hello, HsState::SendClientHello);
  return Ok{};
}

}  // namespace sim::detail

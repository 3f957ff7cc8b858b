// The SSL 3.0 to TLS 1.2 client machine (RFC 6101 5.5, RFC 5246 7.3): one handler per state
// of the client12 table (handshake_shape.cpp). Renegotiation (RFC 5746) restarts the hello
// machine inside the channel.
#include "hs/client.hpp"

namespace sim::detail {

// SendClientHello when TLS 1.3 is not offered.
void Client::send_client_hello12() {
  previous_client_random_ = client_random_;
  begin_handshake();
  cert_request_.reset();
  ClientHello ch;
  ch.client_version = cfg_.max_version;
  ch.random = rng_.bytes(32);
  client_random_ = ch.random;
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
  bool secure = cfg_.offer_renegotiation_info && (initial() || neg_.secure_renegotiation);
  if (cfg_.max_version == kSsl3) {
    // SSL 3.0 has no extensions: signal RFC 5746 with the SCSV (initial handshake only).
    ch.has_extensions_block = false;
    if (secure && initial()) ch.cipher_suites.push_back(kTlsEmptyRenegotiationInfoScsv);
    if (secure && !initial()) {
      ch.has_extensions_block = true;
      ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list(client_verify_data_)});
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
    // RFC 5746 3.5: the renegotiating ClientHello carries the previous client verify_data.
    if (secure) ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list(initial() ? Bytes{} : client_verify_data_)});
  }
  offered_ = ch;
  send_handshake(HandshakeType::client_hello, encode(ch));
}

Status Client::read_server_hello12(const ServerHello& shv) {
  const ServerHello* sh = &shv;
  SIM_TRY(check_downgrade(*sh));
  if (sh->server_version < cfg_.min_version || sh->server_version > cfg_.max_version)
    return fail(AlertDescription::protocol_version,
                msg("reason.server_version_not_offered").arg("version", version_name(sh->server_version)).arg("min", version_name(cfg_.min_version)).arg("max", version_name(cfg_.max_version)));
  if (!initial() && sh->server_version != version_)
    return fail(AlertDescription::protocol_version, msg("reason.version_changed_in_renegotiation"));
  bool offered = std::find(offered_.cipher_suites.begin(), offered_.cipher_suites.end(), sh->cipher_suite) != offered_.cipher_suites.end();
  const CipherSuiteInfo* suite = suite_by_id(sh->cipher_suite);
  if (!offered || !suite)
    return fail(AlertDescription::illegal_parameter, msg("reason.suite_not_offered").arg("suite", suite_name(sh->cipher_suite)));
  if (!suite->allowed_in(sh->server_version))
    return fail(AlertDescription::illegal_parameter, msg("reason.suite_not_for_version").arg("suite", std::string(suite->name)).arg("version", version_name(sh->server_version)));
  if (std::find(offered_.compression_methods.begin(), offered_.compression_methods.end(), sh->compression_method) == offered_.compression_methods.end())
    return fail(AlertDescription::illegal_parameter, msg("reason.compression_not_offered"));
  for (auto& e : sh->extensions) {
    bool ok = e.type == uint16_t(ExtensionType::renegotiation_info) && cfg_.offer_renegotiation_info;  // SCSV counts
    for (auto& o : offered_.extensions) ok |= o.type == e.type;
    if (!ok) return fail(AlertDescription::unsupported_extension, msg("reason.extension_not_offered").arg("extension", name_of(ExtensionType(e.type))));
  }
  if (sh->extended_master_secret && sh->server_version == kSsl3)
    return fail(AlertDescription::illegal_parameter, msg("reason.ems_in_ssl3"));
  // RFC 5746 3.4 (initial) and 3.5 (renegotiation).
  if (initial()) {
    if (sh->renegotiation_info && !sh->renegotiation_info->empty())
      return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_not_empty_client"));
    neg_.secure_renegotiation = sh->renegotiation_info.has_value();
  } else if (neg_.secure_renegotiation) {
    Bytes expect = concat({client_verify_data_, server_verify_data_});
    if (!sh->renegotiation_info || *sh->renegotiation_info != expect)
      return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_wrong_verify_data"));
    note(msg("note.reneg_info_matches_both"));
  } else if (sh->renegotiation_info) {
    return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_in_insecure_renegotiation"));
  }
  version_ = sh->server_version;
  record_version_ = version_;
  suite_ = suite;
  server_random_ = sh->random;
  compression_ = sh->compression_method;
  neg_.version = version_;
  neg_.cipher_suite = sh->cipher_suite;
  neg_.compression_method = compression_;
  neg_.extended_master_secret = sh->extended_master_secret;
  // The shape of the rest: CertificateStatus if stapling was acknowledged, ServerKeyExchange
  // unless RSA key transport, and maybe a CertificateRequest (both optional for the server).
  if (std::any_of(sh->extensions.begin(), sh->extensions.end(),
                  [](const Extension& e) { return e.type == uint16_t(ExtensionType::status_request); }))
    set_flags(kShapeOcsp);
  if (suite_->kx != KeyExchange::rsa) set_flags(kShapeServerKx);
  set_flags(kShapeClientAuth);
  neg_.server_name = cfg_.host;
  neg_.group.reset();
  neg_.signature_scheme.reset();
  note(msg("note.server_chose").arg("version", version_name(version_)).arg("suite", std::string(suite_->name))
           .arg("group", Message{}).arg("extra", compression_ ? msg("note.with_deflate") : Message{}));
  return Ok{};
}

Status Client::read_certificate12(Dissector& d) {
  auto c = parse_certificate(d);
  if (!c) return c.error();
  if (c->certificate_list.empty()) return fail(AlertDescription::bad_certificate, msg("reason.server_sent_no_certificate"));
  auto spki = pki::certificate_spki(c->certificate_list[0]);
  if (!spki) return spki.error();
  server_chain_ = c->certificate_list;
  if (has_flags(kShapeOcsp)) return Ok{};  // validated with the CertificateStatus, or without it
  return finish_certificate(std::nullopt);
}

Status Client::read_certificate_status(Dissector& d) {
  auto cs = parse_certificate_status(d);
  if (!cs) return cs.error();
  return finish_certificate(cs->ocsp_response);
}

Status Client::finish_certificate(const std::optional<Bytes>& stapled_ocsp) {
  auto spki = validate_chain(server_chain_, stapled_ocsp);
  if (!spki) return spki.error();
  if (crypto::rsa_modulus_bytes(*spki) == 0)
    return fail(AlertDescription::unsupported_certificate, msg("reason.server_key_not_rsa"));
  server_spki_ = *spki;
  key_transport_spki_ = *spki;
  return Ok{};
}

Status Client::read_server_key_exchange(Dissector& d) {
  auto ske = parse_server_key_exchange(d, parse_context());
  if (!ske) return ske.error();
  SignatureScheme scheme = SignatureScheme(ske->signature_algorithm);
  if (version_ >= kTls12 && std::find(cfg_.signature_schemes.begin(), cfg_.signature_schemes.end(), scheme) == cfg_.signature_schemes.end())
    return fail(AlertDescription::illegal_parameter, msg("reason.ske_scheme_not_offered").arg("scheme", name_of(scheme)));
  Bytes signed_data = concat({client_random_, server_random_, ske->params});
  bool ok = verify_handshake(version_, server_spki_, scheme, signed_data, ske->signature);
  add_check(signature_check_derivation(Actor::client, version_, *ske, client_random_, server_random_, ok));
  if (!ok) return fail(AlertDescription::decrypt_error, msg("reason.ske_signature_invalid"));
  note(msg("note.ske_signature_verified"));
  if (version_ >= kTls12) neg_.signature_scheme = scheme;
  if (suite_->kx == KeyExchange::ecdhe_rsa) {
    bool group_offered = false;
    for (auto g : cfg_.groups) group_offered |= uint16_t(g) == ske->named_curve;
    if (!group_offered) return fail(AlertDescription::illegal_parameter, msg("reason.group_not_offered").arg("group", name_of(NamedGroup(ske->named_curve))));
    neg_.group = NamedGroup(ske->named_curve);
  } else if (suite_->kx == KeyExchange::dhe_rsa) {
    if (ske->dh_p.size() < 128) return fail(AlertDescription::insufficient_security, msg("reason.dhe_prime_too_short"));
    if (ske->dh_p == crypto::ffdhe2048().p) neg_.group = NamedGroup::ffdhe2048;
  } else {
    // RSA_EXPORT: the premaster secret goes under the temporary key, at most 512 bits.
    auto tmp = crypto::rsa_spki_from_components(ske->rsa_modulus, ske->rsa_exponent);
    if (!tmp) return fail(AlertDescription::illegal_parameter, msg("reason.temp_rsa_key_invalid"));
    if (crypto::rsa_modulus_bytes(*tmp) > 64)
      return fail(AlertDescription::illegal_parameter, msg("reason.export_rsa_key_too_big"));
    key_transport_spki_ = *tmp;
    note(msg("note.rsa_export_temp_key"));
  }
  ske_ = *ske;
  return Ok{};
}

Status Client::read_certificate_request12(Dissector& d) {
  auto cr = parse_certificate_request(d, parse_context());
  if (!cr) return cr.error();
  cert_request_ = *cr;
  note(msg(cfg_.certificate.empty() ? "note.cert_requested_none" : "note.cert_requested"));
  return Ok{};
}

SignatureScheme Client::client_scheme() const {
  if (cert_request_ && cert_request_->has_signature_algorithms)
    for (auto s : cfg_.signature_schemes)
      if (std::find(cert_request_->signature_algorithms.begin(), cert_request_->signature_algorithms.end(), uint16_t(s)) !=
          cert_request_->signature_algorithms.end())
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
    if (version_ == kSsl3) send_alert(AlertLevel::warning, AlertDescription::no_certificate, msg("reason.client_has_no_certificate"));
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
    for (auto& dv : r.derivations) add_derivation(std::move(dv));
  };
  if (suite_->kx == KeyExchange::rsa || suite_->kx == KeyExchange::rsa_export) {
    auto r = rsa_key_transport_client(rng_, key_transport_spki_, offered_.client_version,
                                      suite_->kx == KeyExchange::rsa_export
                                          ? msg("note_in.temporary_rsa_key")
                                          : notation("Certificate (leaf SubjectPublicKeyInfo)"),
                                      suite_->kx == KeyExchange::rsa_export
                                          ? Source::local("SubjectPublicKeyInfo built from ServerKeyExchange rsa_modulus and rsa_exponent")
                                          : Source::field_of("Certificate", "subjectPublicKeyInfo"));
    if (!r) return r.error();
    take(*r);
  } else {
    auto r = ephemeral_client(rng_, *ske_);
    if (!r) return r.error();
    take(*r);
  }
  // master_secret and key_block are computed before sending so that they join the record
  // carrying ClientKeyExchange; the extended master secret hashes the transcript including it.
  Bytes cke_body = encode(cke, suite_->kx, version_);
  Bytes with_cke = concat({transcript_, handshake_message(HandshakeType::client_key_exchange, cke_body)});
  std::optional<ByteView> ems;
  if (neg_.extended_master_secret) ems = ByteView(with_cke);
  derive_and_install(pms, ems, false);
  send_handshake(HandshakeType::client_key_exchange, cke_body);
  return Ok{};
}

Status Client::send_client_finished12() {
  Derivation vd = derive_finished(Actor::client, version_, *suite_, master_secret_, true, transcript_);
  client_verify_data_ = vd.output;
  add_derivation(std::move(vd));
  send_handshake(HandshakeType::finished, encode(Finished{client_verify_data_}));
  return Ok{};
}

Status Client::send_certificate_verify12() {
  CertificateVerify cv;
  cv.has_algorithm = version_ >= kTls12;
  Derivation d;
  d.actor = Actor::client;
  d.kind = DerivationKind::certificate_verify_signature;
  d.name = "certificate_verify_signature";
  d.id = derivation_id(Actor::client, d.name);
  d.inputs = {{"handshake_messages", transcript_, notation("ClientHello .. ClientKeyExchange"), Source::transcript()}};
  std::optional<Bytes> sig;
  if (version_ == kSsl3) {
    Derivation h = derive_ssl3_certificate_verify(Actor::client, master_secret_, transcript_);
    sig = crypto::rsa_sign_raw_pkcs1(cfg_.certificate.private_key_pkcs8, h.output);
    d.spec = "RFC 6101 5.6.8";
    d.set_text(msg("formula.ssl3_cv_sign"));
    add_derivation(std::move(h));
  } else {
    SignatureScheme s = client_scheme();
    cv.algorithm = uint16_t(s);
    sig = sign_handshake(version_, cfg_.certificate.private_key_pkcs8, s, transcript_, rng_);
    d.spec = version_ >= kTls12 ? "RFC 5246 7.4.8" : "RFC 2246 7.4.8";
    d.set_text(msg("formula.cv_sign").arg("scheme", signature_label(version_, s)));
  }
  if (!sig) return fail(AlertDescription::internal_error, msg("reason.signing_failed").arg("message", "CertificateVerify"));
  cv.signature = *sig;
  d.output = *sig;
  add_derivation(std::move(d));
  send_handshake(HandshakeType::certificate_verify, encode(cv));
  neg_.client_authenticated = true;
  return Ok{};
}

Status Client::read_server_finished12(Dissector& d) {
  auto f = parse_finished(d, parse_context());
  if (!f) return f.error();
  Derivation vd = derive_finished(Actor::client, version_, *suite_, master_secret_, false, transcript_before());
  bool ok = vd.output == f->verify_data;
  add_check(std::move(vd));
  if (!ok && lenient_.skip_finished_check) {
    note(msg("note.lenient_skip_finished").arg("side", actor_message(Actor::server)).arg("state", "ReadServerFinished"));
  } else if (!ok) {
    return fail(AlertDescription::decrypt_error, msg("reason.server_finished_mismatch"));
  } else {
    note(msg("note.server_finished_matches"));
  }
  server_verify_data_ = f->verify_data;
  set_complete();
  return Ok{};
}

// Connected + HelloRequest: the server asks for a renegotiation (RFC 5246 7.4.1.1).
Status Client::read_hello_request(Dissector&) {
  if (sent_close_notify() || received_close_notify()) return Ok{};  // the connection is closing
  if (!cfg_.accept_renegotiation || (!neg_.secure_renegotiation && !cfg_.allow_legacy_renegotiation)) {
    note(msg("note.hello_request_refused"));
    send_alert(AlertLevel::warning, AlertDescription::no_renegotiation,
               msg(neg_.secure_renegotiation ? "reason.client_does_not_renegotiate" : "reason.server_no_secure_renegotiation"));
    return Ok{};
  }
  note(msg("note.hello_request_renegotiating"));
  enter(Machine::client_hello, HsState::SendClientHello);
  return Ok{};
}

}  // namespace sim::detail

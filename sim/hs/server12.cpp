// The SSL 3.0 to TLS 1.2 server machine (RFC 6101 5.5, RFC 5246 7.3), with client
// authentication and renegotiation (RFC 5746): one handler per state of the server12 table
// (handshake_shape.cpp).
#include "hs/server.hpp"

#include "crypto/keys.hpp"
#include "trace/spec_ref.hpp"

namespace sim::detail {

// ReadClientHello: version, RFC 5746, signature scheme and suite; the flight's shape follows.
Status Server::read_client_hello12(const ClientHello& chv) {
  const ClientHello* ch = &chv;
  if (hrr_sent_) return fail(AlertDescription::illegal_parameter, msg("reason.ch2_not_tls13"));
  // Version: the highest both support (RFC 5246 E.1).
  uint16_t version = std::min({ch->client_version, cfg_.max_version, kTls12});
  if (cfg_.min_version >= kTls13)
    return fail(AlertDescription::protocol_version, msg("reason.client_no_tls13"));
  if (!initial() && version != ctx_.version)
    return fail(AlertDescription::protocol_version, msg("reason.version_changed_in_renegotiation"));
  if (ch->client_version < cfg_.min_version || (ch->client_version >> 8) != 3)
    return fail(AlertDescription::protocol_version, msg("reason.client_version_too_low").arg("version", version_name(ch->client_version)).arg("min", version_name(cfg_.min_version)).arg("max", version_name(cfg_.max_version)));
  SIM_TRY(check_fallback_scsv(*ch));  // after the version checks: protocol_version comes first (RFC 7507 3)
  if (!contains(ch->compression_methods, uint8_t(0)))
    return fail(AlertDescription::illegal_parameter, msg("reason.client_no_null_compression"));
  SIM_TRY(check_renegotiation_info12(*ch));
  ctx_.client_random = ch->random;
  bool by_ticket = false;
  auto resumed = find_session12(*ch, version, &by_ticket);
  if (!resumed) return resumed.error();
  if (*resumed) {
    // The abbreviated handshake: the session's suite and master_secret, fresh randoms.
    const Session12& s = **resumed;
    ctx_.suite = suite_by_id(s.cipher_suite);
    ctx_.group.reset();
    ctx_.compression = s.compression;
    ctx_.master_secret = s.master_secret;
    session_id_ = ch->session_id;
    set_flags(kShapeResumed);
    add_check(resumed_master_secret(Actor::server, version, s, by_ticket));
  } else {
    SIM_TRY(choose_suite12(*ch, version));
    ctx_.compression = cfg_.allow_deflate && contains(ch->compression_methods, uint8_t(1)) ? 1 : 0;
    // A new session (its ID is drawn with the ServerHello), and a ticket when the client asked
    // for one (RFC 5077 3.2).
    if (ch->session_ticket && !cfg_.ticket_key.empty() && cfg_.issue_tickets12 && version >= kTls10 && initial())
      set_flags(kShapeTickets);
  }
  SIM_TRY(negotiate_max_fragment_length(*ch, version));
  ctx_.version = version;
  record_version_ = version;
  ctx_.neg.version = version;
  ctx_.neg.cipher_suite = ctx_.suite->id;
  ctx_.neg.compression_method = ctx_.compression;
  ctx_.neg.group = ctx_.group;
  bool signs = ctx_.suite->kx == KeyExchange::dhe_rsa || is_ecdhe(ctx_.suite->kx);
  ctx_.neg.signature_scheme = signs && version >= kTls12 && !has_flags(kShapeResumed) ? std::optional(ctx_.signature_scheme) : std::nullopt;
  ctx_.neg.extended_master_secret = has_flags(kShapeResumed)
                                        ? (*resumed)->extended_master_secret
                                        : ch->extended_master_secret && cfg_.support_extended_master_secret && version >= kTls10;
  ctx_.neg.server_name = ch->server_name.value_or("");
  ctx_.neg.client_authenticated = false;
  ctx_.client_hello = *ch;
  note(msg("note.server_chose").arg("version", version_name(version)).arg("suite", std::string(ctx_.suite->name))
           .arg("group", ctx_.group ? msg("note.with_group").arg("group", name_of(*ctx_.group)) : Message{})
           .arg("extra", ctx_.compression ? msg("note.with_deflate") : Message{}));
  if (has_flags(kShapeResumed)) {
    note(msg(by_ticket ? "note.resumed_by_ticket_server" : "note.resumed_by_id_server"));
    return Ok{};  // no certificate, no key exchange, no client authentication
  }
  // The flight's shape. RFC 6066 8: staple only when the client asked and there is a response.
  bool staple = !cfg_.ocsp_response.empty() && version >= kTls10 &&
                std::any_of(ch->extensions.begin(), ch->extensions.end(),
                            [](const Extension& e) { return e.type == uint16_t(ExtensionType::status_request); });
  if (staple) set_flags(kShapeOcsp);
  if (ctx_.suite->kx != KeyExchange::rsa) set_flags(kShapeServerKx);
  if (cfg_.request_client_certificate) set_flags(kShapeClientAuth | kShapeClientCert);  // until the client sends none
  return Ok{};
}

// The session a ClientHello asks to resume: its ticket (RFC 5077 3.4), else its session ID in
// our cache (RFC 5246 7.4.1.2). Anything that does not fit gives a full handshake and a note.
Result<std::optional<Session12>> Server::find_session12(const ClientHello& ch, uint16_t version, bool* by_ticket) {
  std::optional<Session12> s;
  if (!initial()) return s;  // a renegotiation negotiates a new session
  if (ch.session_ticket && !ch.session_ticket->empty() && version >= kTls10) {
    if (cfg_.ticket_key.empty()) {
      note(msg("note.ticket_ignored_no_key"));
    } else {
      Derivation d;
      s = open_ticket12(Actor::server, cfg_.ticket_key, *ch.session_ticket, &d);
      add_check(std::move(d));
      if (!s) note(msg("note.ticket12_does_not_open"));
      else if (ch.session_id.empty()) {
        // RFC 5077 3.4: the ID the server repeats is how the client learns the ticket was taken.
        note(msg("note.ticket12_without_session_id"));
        s.reset();
      } else {
        *by_ticket = true;
        s->session_id = ch.session_id;
      }
    }
  }
  if (!s && !ch.session_id.empty()) {
    if (!cfg_.session_cache) {
      note(msg("note.session_cache_off"));
      return std::optional<Session12>{};
    }
    auto it = cfg_.session_cache->sessions.find(ch.session_id);
    if (it == cfg_.session_cache->sessions.end()) {
      note(msg("note.session_id_unknown"));
      return std::optional<Session12>{};
    }
    s = it->second;
  }
  if (!s) return s;
  if (s->version != version) {
    note(msg("note.session_other_version").arg("version", version_name(s->version)));
    return std::optional<Session12>{};
  }
  const CipherSuiteInfo* suite = suite_by_id(s->cipher_suite);
  if (!suite || !contains(ch.cipher_suites, s->cipher_suite) || !contains(cfg_.suites, s->cipher_suite) ||
      !contains(ch.compression_methods, s->compression)) {
    note(msg("note.session_suite_not_offered").arg("suite", suite_name(s->cipher_suite)));
    return std::optional<Session12>{};
  }
  // RFC 7627 5.3: a session made without the extended master secret is not resumed by a client
  // that now offers it (full handshake); one made with it cannot be resumed without it (abort).
  if (s->extended_master_secret && !ch.extended_master_secret)
    return fail(AlertDescription::handshake_failure, msg("reason.resume_ems_missing"));
  if (!s->extended_master_secret && ch.extended_master_secret && cfg_.support_extended_master_secret) {
    note(msg("note.session_without_ems"));
    return std::optional<Session12>{};
  }
  return s;
}

// RFC 6066 4: a client asking for smaller records (2^9 to 2^12 bytes) gets them, both ways.
Status Server::negotiate_max_fragment_length(const ClientHello& ch, uint16_t version) {
  mfl_echo_ = false;
  if (!ch.max_fragment_length || version < kTls10 || !cfg_.support_max_fragment_length) return Ok{};
  uint8_t v = *ch.max_fragment_length;
  if (!max_fragment_bytes(v)) return fail(AlertDescription::illegal_parameter, msg("reason.mfl_value").arg("value", std::to_string(v)));
  mfl_echo_ = true;
  agree_max_fragment_length(v);
  return Ok{};
}

// RFC 7507 3: TLS_FALLBACK_SCSV says the client retries below its highest version. When our
// highest is above what it now offers, someone (an attacker breaking its first attempts, as
// with POODLE) pushed it down: refuse with inappropriate_fallback.
Status Server::check_fallback_scsv(const ClientHello& ch) {
  if (!contains(ch.cipher_suites, kTlsFallbackScsv)) return Ok{};
  uint16_t client_max = highest_offered(ch), ours = std::min(cfg_.max_version, kTls13);
  if (client_max >= ours) {
    note(msg("note.fallback_scsv_no_downgrade").arg("version", version_name(client_max)));
    return Ok{};
  }
  if (!cfg_.check_fallback_scsv) {
    note(msg("note.fallback_scsv_ignored").arg("client", version_name(client_max)).arg("server", version_name(ours)));
    return Ok{};
  }
  // The alert's record carries ClientHello.client_version, as a ServerHello would (RFC 7507 3).
  if (initial()) record_version_ = ch.client_version;
  return fail(AlertDescription::inappropriate_fallback,
              msg("reason.inappropriate_fallback").arg("client", version_name(client_max)).arg("server", version_name(ours)));
}

// The client's highest version: supported_versions when present (RFC 8446 4.2.1: legacy_version
// is then ignored; unknown values such as GREASE are skipped), else client_version.
uint16_t Server::highest_offered(const ClientHello& ch) {
  uint16_t best = 0;
  if (ch.supported_versions)
    for (uint16_t v : *ch.supported_versions)
      if (v >= kSsl3 && v <= kTls13) best = std::max(best, v);
  return best ? best : ch.client_version;
}

// RFC 5746 3.6 (initial) and 3.7 (renegotiation).
Status Server::check_renegotiation_info12(const ClientHello& ch) {
  bool scsv = contains(ch.cipher_suites, kTlsEmptyRenegotiationInfoScsv);
  bool ext = false;
  for (auto& e : ch.extensions) ext |= e.type == uint16_t(ExtensionType::renegotiation_info);
  if (initial()) {
    if (ext && !ch.renegotiation_info->empty())
      return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_not_empty_server"));
    ctx_.neg.secure_renegotiation = cfg_.support_renegotiation_info && (ext || scsv);
  } else if (ctx_.neg.secure_renegotiation) {
    if (scsv) return fail(AlertDescription::handshake_failure, msg("reason.scsv_in_renegotiation"));
    if (!ext || *ch.renegotiation_info != ctx_.client_verify_data)
      return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_wrong_client_verify_data"));
    note(msg("note.reneg_info_matches_client"));
  } else if ((ext || scsv) && cfg_.support_renegotiation_info) {
    // RFC 5746 4.4: the SCSV (an SSL 3.0 client's signal) counts as the extension does.
    return fail(AlertDescription::handshake_failure, msg("reason.reneg_info_in_insecure_renegotiation_server"));
  }
  return Ok{};
}

// The signature scheme (TLS 1.2: first of ours the client accepts; the RFC 5246 default is
// SHA-1), then the suite: server preference among those valid in this version, skipping
// suites whose key exchange has no common group. An ECDHE_ECDSA suite needs our ECDSA
// credential and a client accepting ecdsa_secp256r1_sha256, then signs with that scheme.
Status Server::choose_suite12(const ClientHello& ch, uint16_t version) {
  ctx_.signature_scheme = SignatureScheme::rsa_pkcs1_sha1;
  if (version >= kTls12 && ch.signature_algorithms) {
    bool found = false;
    for (auto s : cfg_.signature_schemes)
      if (!found && contains(*ch.signature_algorithms, uint16_t(s))) {
        ctx_.signature_scheme = s;
        found = true;
      }
    if (!found) return fail(AlertDescription::handshake_failure, msg("reason.no_common_sigalg"));
  }
  auto main_key = crypto::key_type_of_pkcs8(cfg_.private_key_pkcs8);
  bool rsa_key = !main_key || *main_key == crypto::KeyType::rsa;
  for (uint16_t id : cfg_.suites) {
    if (!contains(ch.cipher_suites, id)) continue;
    const CipherSuiteInfo* s = suite_by_id(id);
    if (!s || !s->allowed_in(version)) continue;
    if (s->kx == KeyExchange::ecdhe_ecdsa && !ecdsa_suite_possible(ch, version)) continue;
    // A non-RSA main key (an ECDSA leaf alone) can neither sign for nor decrypt RSA suites.
    if (s->kx != KeyExchange::ecdhe_ecdsa && !rsa_key) continue;
    // An RSA signature needs an RSA scheme (a client listing only ECDSA gets an ECDSA suite).
    if (signs_with_rsa(s->kx) && version >= kTls12 && name_of(ctx_.signature_scheme).rfind("rsa_", 0) != 0) continue;
    std::optional<NamedGroup> g;
    if (is_ecdhe(s->kx)) {
      for (auto cand : cfg_.groups)
        if (!g && cand != NamedGroup::ffdhe2048 && (!ch.supported_groups || contains(*ch.supported_groups, uint16_t(cand))))
          g = cand;
      if (!g) continue;
    } else if (s->kx == KeyExchange::dhe_rsa) {
      bool client_lists_ffdhe = false;
      if (ch.supported_groups)
        for (uint16_t x : *ch.supported_groups) client_lists_ffdhe |= (x >> 8) == 0x01;
      // RFC 7919 4: a client listing FFDHE groups but not ours cannot use DHE with us.
      if (client_lists_ffdhe && !contains(*ch.supported_groups, uint16_t(NamedGroup::ffdhe2048))) continue;
      g = NamedGroup::ffdhe2048;
    }
    ctx_.suite = s;
    ctx_.group = g;
    if (s->kx == KeyExchange::ecdhe_ecdsa) ctx_.signature_scheme = SignatureScheme::ecdsa_secp256r1_sha256;
    return Ok{};
  }
  return fail(AlertDescription::handshake_failure, msg("reason.no_common_suite").arg("version", version_name(version)));
}

// RFC 8422 5.1.1 and RFC 5246 7.4.1.4.1: ECDHE_ECDSA needs our ECDSA P-256 certificate and,
// in TLS 1.2, a client listing ecdsa_secp256r1_sha256 (without signature_algorithms it
// implies ECDSA over SHA-1, which we do not sign with).
bool Server::ecdsa_suite_possible(const ClientHello& ch, uint16_t version) const {
  if (cfg_.ecdsa_credential.empty() || version < kTls12) return false;
  auto s = SignatureScheme::ecdsa_secp256r1_sha256;
  return contains(cfg_.signature_schemes, s) && ch.signature_algorithms && contains(*ch.signature_algorithms, uint16_t(s));
}

// The chain and key of the chosen suite: the ECDSA credential for ECDHE_ECDSA.
bool Server::serves_ecdsa_credential() const { return ctx_.suite && ctx_.suite->kx == KeyExchange::ecdhe_ecdsa; }

void Server::send_server_hello12() {
  uint16_t version = ctx_.version;
  ServerHello sh;
  sh.server_version = version;
  sh.random = rng_.bytes(32);
  if (cfg_.max_version >= kTls13 && initial()) {
    // RFC 8446 4.1.3: tell a TLS 1.3 client that it is being downgraded.
    const uint8_t* mark = version == kTls12 ? kDowngradeTls12 : kDowngradeTls11;
    std::copy(mark, mark + 8, sh.random.begin() + 24);
    note(msg("note.downgrade_sentinel").arg("suffix", version == kTls12 ? "01" : "00"));
  }
  ctx_.server_random = sh.random;
  // A new session's ID, to cache it under (a server without a cache still names it, as one
  // whose cache has expired it would).
  if (!has_flags(kShapeResumed)) session_id_ = rng_.bytes(32);
  sh.session_id = session_id_;
  sh.cipher_suite = ctx_.suite->id;
  sh.compression_method = ctx_.compression;
  if (ctx_.neg.secure_renegotiation)
    sh.extensions.push_back({uint16_t(ExtensionType::renegotiation_info),
                             ext_u8_list(initial() ? Bytes{} : concat({ctx_.client_verify_data, ctx_.server_verify_data}))});
  if (ctx_.neg.extended_master_secret) sh.extensions.push_back({uint16_t(ExtensionType::extended_master_secret), {}});
  if (is_ecdhe(ctx_.suite->kx) && ctx_.client_hello.ec_point_formats)
    sh.extensions.push_back({uint16_t(ExtensionType::ec_point_formats), ext_u8_list(Bytes{0})});
  if (has_flags(kShapeOcsp)) sh.extensions.push_back({uint16_t(ExtensionType::status_request), {}});
  if (has_flags(kShapeTickets)) sh.extensions.push_back({uint16_t(ExtensionType::session_ticket), {}});
  if (mfl_echo_) sh.extensions.push_back({uint16_t(ExtensionType::max_fragment_length), Bytes{*ctx_.client_hello.max_fragment_length}});
  send_handshake(HandshakeType::server_hello, encode(sh));
  // Resumed: the key_block comes from the session's master_secret and the new randoms now, as
  // our ChangeCipherSpec follows at once (RFC 5246 F.1.4).
  if (has_flags(kShapeResumed)) install_key_block(false);
}

// RFC 5077 3.3: after a full handshake, the session sealed into a ticket only we can open.
void Server::send_new_session_ticket12() {
  NewSessionTicket12 nst;
  nst.ticket_lifetime_hint = 7200;
  add_derivation(seal_ticket12(Actor::server, cfg_.ticket_key, current_session(), rng_, &nst.ticket));
  note(msg("note.ticket_sent12"));
  send_handshake(HandshakeType::new_session_ticket, encode(nst));
}

void Server::complete12() {
  if (cfg_.session_cache && !session_id_.empty() && !has_flags(kShapeResumed)) {
    Session12 s = current_session();
    s.session_id = session_id_;
    cfg_.session_cache->sessions[session_id_] = std::move(s);
  }
  set_complete();
}

void Server::send_server_certificate12() {
  if (serves_ecdsa_credential()) note(msg("note.server_ecdsa_certificate"));
  send_handshake(HandshakeType::certificate,
                 encode(CertificateMsg{serves_ecdsa_credential() ? cfg_.ecdsa_credential.chain : cfg_.certificate_chain}));
}

void Server::send_certificate_status() {
  send_handshake(HandshakeType::certificate_status, encode(CertificateStatus{1, cfg_.ocsp_response}));
  note(msg("note.stapled_ocsp12"));
}

Status Server::send_server_key_exchange() {
  uint16_t version = ctx_.version;
  ServerKeyExchange ske;
  ske.has_algorithm = version >= kTls12;
  if (ctx_.suite->kx == KeyExchange::rsa_export) {
    // RFC 6101 5.6.4: a certificate key longer than 512 bits may not carry export key
    // exchange, so the server signs a temporary 512-bit key.
    TemporaryRsaKey tmp = make_temporary_rsa_key(rng_);
    ske.kx = KeyExchange::rsa_export;
    ske.rsa_modulus = tmp.modulus;
    ske.rsa_exponent = tmp.exponent;
    ske.params = encode_server_params(ske);
    ctx_.temporary_key = tmp.private_pkcs8;
  } else {
    ctx_.ephemeral_private = ephemeral_server_generate(rng_, ctx_.suite->kx, *ctx_.group, &ske);
  }
  ske.has_algorithm = version >= kTls12;
  ske.signature_algorithm = uint16_t(ctx_.signature_scheme);
  ByteView key = serves_ecdsa_credential() ? ByteView(cfg_.ecdsa_credential.private_key_pkcs8) : ByteView(cfg_.private_key_pkcs8);
  auto sig = sign_handshake(version, key, ctx_.signature_scheme, concat({ctx_.client_random, ctx_.server_random, ske.params}), rng_);
  if (!sig) return fail(AlertDescription::internal_error, msg("reason.signing_failed").arg("message", "ServerKeyExchange"));
  ske.signature = *sig;
  add_derivation(signature_derivation(Actor::server, version, ske, ctx_.client_random, ctx_.server_random));
  ctx_.server_key_exchange = ske;
  send_handshake(HandshakeType::server_key_exchange, encode(ske));
  return Ok{};
}

void Server::send_certificate_request12() {
  CertificateRequest cr;
  cr.certificate_types = {1};  // rsa_sign
  cr.has_signature_algorithms = ctx_.version >= kTls12;
  for (auto s : cfg_.signature_schemes) cr.signature_algorithms.push_back(uint16_t(s));
  send_handshake(HandshakeType::certificate_request, encode(cr));
}

void Server::send_server_hello_done() { send_handshake(HandshakeType::server_hello_done, {}); }

Status Server::read_client_certificate12(Dissector& d) {
  auto c = parse_certificate(d);
  if (!c) return c.error();
  if (c->certificate_list.empty()) {
    if (cfg_.require_client_certificate)
      return fail(AlertDescription::handshake_failure, msg("reason.client_cert_required"));
    note(msg("note.client_empty_certificate"));
    clear_flags(kShapeClientCert);  // no CertificateVerify
    return Ok{};
  }
  auto spki = pki::certificate_spki(c->certificate_list[0]);
  if (!spki) return spki.error();
  if (crypto::rsa_modulus_bytes(*spki) == 0)
    return fail(AlertDescription::unsupported_certificate, msg("reason.client_key_not_rsa"));
  ctx_.peer_spki = *spki;
  return Ok{};
}

Status Server::read_client_key_exchange(Dissector& d) {
  auto cke = parse_client_key_exchange(d, parse_context());
  if (!cke) return cke.error();
  Bytes pms;
  if (ctx_.suite->kx == KeyExchange::rsa || ctx_.suite->kx == KeyExchange::rsa_export) {
    ByteView key = ctx_.suite->kx == KeyExchange::rsa_export ? ByteView(ctx_.temporary_key) : ByteView(cfg_.private_key_pkcs8);
    auto r = rsa_key_transport_server(rng_, key, cke->exchange, ctx_.client_hello.client_version,
                                      lenient_.reveal_rsa_padding_error);
    for (auto& dv : r.derivations) {
      dv.spec = derivation_spec(dv.kind, ctx_.version);
      add_check(std::move(dv));
    }
    // Leniency::reveal_rsa_padding_error: the malformed block gets its own alert at once, as
    // SSL 3.0 servers did in 1998 (decrypt_error: "unable to ... decrypt a key exchange",
    // RFC 2246 7.2.2; handshake_failure in SSL 3.0, which has no decrypt_error).
    if (r.padding_error) {
      note(msg("note.lenient_rsa_padding_error"));
      return fail(AlertDescription::decrypt_error, msg("reason.rsa_padding_not_conforming"));
    }
    pms = r.pre_master_secret;
  } else {
    auto r = ephemeral_server_agree(*ctx_.server_key_exchange, ctx_.ephemeral_private, cke->exchange);
    if (!r) return r.error();
    pms = r->pre_master_secret;
    for (auto& dv : r->derivations) {
      dv.spec = derivation_spec(dv.kind, ctx_.version);
      add_check(std::move(dv));
    }
  }
  std::optional<ByteView> ems;
  if (ctx_.neg.extended_master_secret) ems = ByteView(ctx_.transcript);
  derive_and_install(pms, ems, true);
  return Ok{};
}

Status Server::read_certificate_verify12(Dissector& d) {
  auto cv = parse_certificate_verify(d, parse_context());
  if (!cv) return cv.error();
  ByteView msgs = transcript_before();
  bool ok;
  Derivation chk;
  chk.actor = Actor::server;
  chk.kind = DerivationKind::certificate_verify_check;
  chk.name = "certificate_verify_check";
  chk.id = derivation_id(Actor::server, chk.name);
  chk.spec = derivation_spec(chk.kind, ctx_.version);
  chk.inputs = {{"handshake_messages", Bytes(msgs.begin(), msgs.end()), notation("ClientHello .. ClientKeyExchange"), Source::transcript()},
                {"signature", cv->signature, {}, Source::field_of("CertificateVerify", "signature")}};
  if (ctx_.version == kSsl3) {
    Derivation h = derive_ssl3_certificate_verify(Actor::server, ctx_.master_secret, msgs);
    ok = crypto::rsa_verify_raw_pkcs1(ctx_.peer_spki, h.output, cv->signature);
    add_check(std::move(h));
  } else {
    SignatureScheme s = SignatureScheme(cv->algorithm);
    if (ctx_.version >= kTls12 && !contains(cfg_.signature_schemes, s))
      return fail(AlertDescription::illegal_parameter, msg("reason.cv_scheme_not_requested"));
    ok = verify_handshake(ctx_.version, ctx_.peer_spki, s, msgs, cv->signature);
  }
  chk.set_text(msg("formula.cv_verify").arg("verdict", msg(ok ? "formula.valid" : "formula.invalid")));
  chk.output = Bytes{uint8_t(ok)};
  add_check(std::move(chk));
  if (!ok) return fail(AlertDescription::decrypt_error, msg("reason.client_cv_invalid"));
  note(msg("note.client_cert_proven"));
  ctx_.neg.client_authenticated = true;
  return Ok{};
}

Status Server::read_client_finished12(Dissector& d) {
  auto f = parse_finished(d, parse_context());
  if (!f) return f.error();
  Derivation vd = derive_finished(Actor::server, ctx_.version, *ctx_.suite, ctx_.master_secret, true, transcript_before());
  bool ok = vd.output == f->verify_data;
  add_check(std::move(vd));
  if (!ok && lenient_.skip_finished_check) {
    note(msg("note.lenient_skip_finished").arg("side", actor_message(Actor::client)).arg("state", "ReadClientFinished"));
  } else if (!ok) {
    return fail(AlertDescription::decrypt_error, msg("reason.client_finished_mismatch"));
  } else {
    note(msg("note.client_finished_matches"));
  }
  ctx_.client_verify_data = f->verify_data;
  if (has_flags(kShapeResumed)) complete12();  // the client's Finished ends an abbreviated handshake
  return Ok{};
}

// SendServerChangeCipherSpec is Connection::send_change_cipher_spec; then:
void Server::send_server_finished12() {
  Derivation svd = derive_finished(Actor::server, ctx_.version, *ctx_.suite, ctx_.master_secret, false, ctx_.transcript);
  ctx_.server_verify_data = svd.output;
  add_derivation(std::move(svd));
  send_handshake(HandshakeType::finished, encode(Finished{ctx_.server_verify_data}));
  if (!has_flags(kShapeResumed)) complete12();
}

}  // namespace sim::detail

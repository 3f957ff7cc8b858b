// The TLS 1.3 client machine (RFC 8446 2, 4): one ClientHello offers TLS 1.3 and the older
// versions the configuration allows; a TLS 1.3 ServerHello or HelloRetryRequest enters the
// client13 table (handshake_shape.cpp). One handler per state.
#include "crypto/crypto.hpp"
#include "hs/client.hpp"
#include "hs/offer.hpp"

namespace sim::detail {

namespace {
std::string modes_text(ByteView modes) {
  std::string s;
  for (uint8_t m : modes) s += (s.empty() ? "" : ", ") + std::string(m == 1 ? "psk_dhe_ke" : m == 0 ? "psk_ke" : "?");
  return s;
}
bool has(ByteView v, uint8_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }
}  // namespace

void Client::send_client_hello13(bool retry) {
  if (!retry) begin_handshake();
  ClientHello ch;
  ch.client_version = kTls12;  // legacy_version (RFC 8446 4.1.2)
  if (!retry) ctx_.client_random = rng_.bytes(32);
  ch.random = ctx_.client_random;
  // Middlebox compatibility: a non-empty legacy_session_id makes the exchange look like a
  // TLS 1.2 resumption to old middleboxes (RFC 8446 D.4).
  if (retry) ch.session_id = ctx_.client_hello.session_id;
  else if (cfg_.middlebox_compat) ch.session_id = rng_.bytes(32);
  for (uint16_t id : cfg_.suites) {
    const CipherSuiteInfo* s = suite_by_id(id);
    if (s && s->usable_in(cfg_.min_version, cfg_.max_version)) ch.cipher_suites.push_back(id);
  }
  bool any13 = false;
  for (uint16_t id : ch.cipher_suites) any13 |= tls13::is_tls13_suite(id);
  if (!any13) {
    fail_locally(fail(AlertDescription::handshake_failure, msg("reason.no_tls13_suite_configured")));
    return;
  }
  // Sent when configured, though a client offering TLS 1.3 is at its highest version (RFC 7507
  // 4 says it then MUST NOT): the server reads supported_versions and sees no fallback.
  if (cfg_.send_fallback_scsv) ch.cipher_suites.push_back(kTlsFallbackScsv);
  ch.extensions.push_back({uint16_t(ExtensionType::server_name), ext_server_name(cfg_.host)});
  std::vector<uint16_t> groups;
  for (auto g : cfg_.groups) groups.push_back(uint16_t(g));
  ch.extensions.push_back({uint16_t(ExtensionType::supported_groups), ext_u16_list(groups)});
  std::vector<uint16_t> schemes;
  for (auto s : cfg_.signature_schemes) schemes.push_back(uint16_t(s));
  ch.extensions.push_back({uint16_t(ExtensionType::signature_algorithms), ext_u16_list(schemes)});
  if (offered_tls12()) {
    ch.extensions.push_back({uint16_t(ExtensionType::ec_point_formats), ext_u8_list(Bytes{0})});
    if (cfg_.offer_extended_master_secret) ch.extensions.push_back({uint16_t(ExtensionType::extended_master_secret), {}});
    if (cfg_.offer_renegotiation_info) ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list(Bytes{})});
  }
  std::vector<uint16_t> versions;
  for (uint16_t v = cfg_.max_version; v >= std::max<uint16_t>(cfg_.min_version, kTls10); --v) versions.push_back(v);
  if (cfg_.min_version == kSsl3) versions.push_back(kSsl3);
  ch.extensions.push_back({uint16_t(ExtensionType::supported_versions), ext_supported_versions_client(versions)});
  if (!retry) {
    std::vector<NamedGroup> share_groups = cfg_.key_share_groups;
    if (share_groups.empty() && !cfg_.groups.empty()) share_groups.push_back(cfg_.groups.front());
    for (auto g : share_groups) ctx_.key_shares.push_back(tls13::generate_share(g, rng_));
  }
  std::vector<KeyShareEntry> entries;
  for (auto& k : ctx_.key_shares) entries.push_back({uint16_t(k.group), k.public_key});
  ch.extensions.push_back({uint16_t(ExtensionType::key_share), ext_key_share_client(entries)});
  ch.extensions.push_back({uint16_t(ExtensionType::psk_key_exchange_modes), ext_psk_key_exchange_modes(cfg_.psk_modes)});
  // OCSP stapling: in TLS 1.3 the answer comes inside the leaf's CertificateEntry (4.4.2.1).
  if (cfg_.validation.request_ocsp_stapling)
    ch.extensions.push_back({uint16_t(ExtensionType::status_request), status_request_extension_data()});
  if (retry && !ctx_.cookie.empty()) ch.extensions.push_back({uint16_t(ExtensionType::cookie), ext_cookie(ctx_.cookie)});

  apply_offer(cfg_, ch);  // before pre_shared_key, which stays last

  // Resumption: the ticket's PSK, if its suite's hash can still be negotiated.
  const SessionTicket* t = cfg_.ticket ? &*cfg_.ticket : nullptr;
  const CipherSuiteInfo* ts = t ? suite_by_id(t->cipher_suite) : nullptr;
  if (t && (!ts || (retry && suite_by_id(hrr_suite_)->prf_hash != ts->prf_hash))) t = nullptr;
  bool early = t && !retry && cfg_.send_early_data && t->max_early_data_size > 0;
  if (early) {
    ch.extensions.push_back({uint16_t(ExtensionType::early_data), {}});
    set_flags(kShapeEarlyData);  // SendEarlyData follows
  }
  psk_offered_ = t != nullptr;
  std::vector<Derivation> ds;
  if (t) {
    OfferedPsks psks;
    // The obfuscated age hides the ticket's age from observers (4.2.11.1).
    psks.identities.push_back({t->ticket, uint32_t(cfg_.ticket_age_ms + t->ticket_age_add)});
    psks.binders.push_back(Bytes(crypto::hash_len(ts->prf_hash), 0));
    ch.extensions.push_back({uint16_t(ExtensionType::pre_shared_key), ext_pre_shared_key_client(psks)});
    Bytes msg = handshake_message(HandshakeType::client_hello, encode(ch));
    Bytes truncated = concat({ctx_.transcript, Bytes(msg.begin(), msg.end() - binders_length(psks))});
    Source psk_from = Source::of(t->psk_derivation);
    psk_from.earlier_connection = true;
    ds.push_back(tls13::early_secret(Actor::client, ts->prf_hash, &t->psk, &ctx_.secrets, psk_from));
    Bytes binder;
    tls13::psk_binder(Actor::client, ctx_.secrets, truncated, &ds, &binder);
    psks.binders[0] = binder;
    ch.extensions.back().data = ext_pre_shared_key_client(psks);
    note(sim::msg("note.offering_ticket").arg("modes", modes_text(cfg_.psk_modes)));
  }
  for (auto& d : ds) add_derivation(std::move(d));
  ctx_.client_hello = ch;
  send_handshake(HandshakeType::client_hello, encode(ch));
}

// SendEarlyData: the request right after the ClientHello, under client_early_traffic keys.
void Client::send_early_data() {
  const CipherSuiteInfo* ts = suite_by_id(cfg_.ticket->cipher_suite);
  // 0-RTT: the request goes out at once under client_early_traffic_secret. Nothing in it
  // depends on the server, so whoever records it can replay it (RFC 8446 8).
  Derivation ce = tls13::derive_secret(Actor::client, ts->prf_hash, "client_early_traffic_secret",
                                       {"early_secret", ctx_.secrets.early}, "c e traffic", ctx_.transcript);
  ce.kind = DerivationKind::tls13_client_early_traffic_secret;
  ctx_.secrets.client_early = ce.output;
  keylog_.push_back(tls13::keylog_line("CLIENT_EARLY_TRAFFIC_SECRET", ctx_.client_random, ctx_.secrets.client_early));
  std::vector<Derivation> kd;
  CipherState cs = tls13::traffic_state(Actor::client, *ts, "client_early_traffic_secret", ctx_.secrets.client_early,
                                        tls13::early_keys(Actor::client), &kd);
  cs.tls13_padding = cfg_.record_padding;
  // Only the initial ClientHello may say 0x0301; every later record, this compatibility
  // ChangeCipherSpec included, says 0x0303 (RFC 8446 5.1). OpenSSL reads the 0-RTT flight
  // with its early keys installed and rejects a 0x0301 record (wrong_version_number).
  record_version_ = kTls12;
  if (cfg_.middlebox_compat) {
    send_compat_change_cipher_spec();
    compat_ccs_sent_ = true;
  }
  add_derivation(std::move(ce));
  for (auto& d : kd) add_derivation(std::move(d));
  install_write(std::move(cs));
  early_sent_ = true;
  note(msg("note.early_data_sent"));
  send_application_data(http_request());
}

Status Client::check_downgrade(const ServerHello& sh) {
  // RFC 8446 4.1.3: a TLS 1.3 server negotiating an older version marks its random; a client
  // that offered TLS 1.3 (or TLS 1.2, for the TLS 1.1 mark) sees the downgrade.
  if (hrr_seen_) return fail(AlertDescription::illegal_parameter, msg("reason.sh_after_hrr_not_tls13"));
  if (sh.random.size() != 32) return Ok{};
  ByteView tail = ByteView(sh.random).subspan(24);
  bool mark12 = std::equal(tail.begin(), tail.end(), kDowngradeTls12);
  bool mark11 = std::equal(tail.begin(), tail.end(), kDowngradeTls11);
  uint16_t highest = std::max(cfg_.highest_version, cfg_.max_version);
  if (highest >= kTls13 && (mark12 || mark11) && !cfg_.check_downgrade_sentinel) {
    note(msg("note.downgrade_sentinel_unchecked").arg("suffix", mark12 ? "01" : "00").arg("version", version_name(sh.server_version)));
    return Ok{};
  }
  if (highest >= kTls13 && (mark12 || mark11)) {
    // The alert goes out in the version the server chose, or a TLS 1.2 server (OpenSSL) drops
    // it as wrong_version_number and never learns why the handshake ended.
    record_version_ = sh.server_version;
    return fail(AlertDescription::illegal_parameter,
                msg("reason.downgrade_sentinel_tls13").arg("suffix", mark12 ? "01" : "00").arg("version", version_name(sh.server_version)));
  }
  if (highest == kTls12 && mark11 && sh.server_version < kTls12 && cfg_.check_downgrade_sentinel)
    return fail(AlertDescription::illegal_parameter,
                msg("reason.downgrade_sentinel_tls12"));
  if (highest >= kTls13) note(msg("note.no_downgrade_sentinel"));
  return Ok{};
}

Status Client::on_hello_retry_request(const ServerHello& sh) {
  if (hrr_seen_) return fail(AlertDescription::unexpected_message, msg("reason.second_hrr"));
  hrr_seen_ = true;
  set_flags(kShapeHrr);  // SendSecondClientHello, then ReadSecondServerHello
  if (!sh.selected_version || *sh.selected_version != kTls13)
    return fail(AlertDescription::illegal_parameter, msg("reason.hrr_not_tls13"));
  if (sh.session_id != ctx_.client_hello.session_id)
    return fail(AlertDescription::illegal_parameter, msg("reason.hrr_session_id_not_echoed"));
  if (auto refused = refuse_unimplemented_suite(ctx_.client_hello, sh.cipher_suite)) return *refused;
  if (!tls13::is_tls13_suite(sh.cipher_suite) ||
      std::find(ctx_.client_hello.cipher_suites.begin(), ctx_.client_hello.cipher_suites.end(), sh.cipher_suite) == ctx_.client_hello.cipher_suites.end())
    return fail(AlertDescription::illegal_parameter, msg("reason.hrr_suite_not_offered"));
  if (!sh.hrr_group && !sh.cookie)
    return fail(AlertDescription::illegal_parameter, msg("reason.hrr_changes_nothing"));
  if (sh.hrr_group) {
    NamedGroup g = NamedGroup(*sh.hrr_group);
    if (std::find(cfg_.groups.begin(), cfg_.groups.end(), g) == cfg_.groups.end())
      return fail(AlertDescription::illegal_parameter, msg("reason.hrr_group_not_offered").arg("group", name_of(g)));
    for (auto& k : ctx_.key_shares)
      if (k.group == g) return fail(AlertDescription::illegal_parameter, msg("reason.hrr_group_already_shared"));
    ctx_.key_shares.clear();
    ctx_.key_shares.push_back(tls13::generate_share(g, rng_));
    note(msg("note.hrr_server_wants").arg("group", name_of(g)));
  }
  ctx_.cookie = sh.cookie.value_or(Bytes{});
  hrr_suite_ = sh.cipher_suite;
  ctx_.suite = suite_by_id(sh.cipher_suite);
  ctx_.neg.hello_retry_request = true;
  // The transcript restarts from message_hash(ClientHello1) + HelloRetryRequest (4.4.1).
  ByteView ch1 = transcript_before();
  Bytes hrr(ctx_.transcript.begin() + ctx_.transcript_before, ctx_.transcript.end());
  Bytes synthetic;
  add_check(tls13::message_hash(Actor::client, ctx_.suite->prf_hash, ch1, &synthetic));
  ctx_.transcript = concat({synthetic, hrr});
  ctx_.transcript_before = synthetic.size();
  if (early_sent_) {
    note(msg("note.early_data_lost_hrr"));
    // Recorded here: early_sent_ is cleared below, so EncryptedExtensions would not say it.
    ctx_.neg.early_data = "rejected";
  }
  // Any 0-RTT keys are abandoned; ClientHello2 goes out in the clear.
  early_sent_ = false;
  drop_write_keys();
  // ClientHello2 is not an initial ClientHello: its record says 0x0303 (RFC 8446 5.1).
  record_version_ = kTls12;
  return Ok{};
}

// ReadSecondServerHello: after a HelloRetryRequest only a TLS 1.3 ServerHello may come.
Status Client::read_second_server_hello(Dissector& d) {
  auto sh = parse_server_hello(d);
  if (!sh) return sh.error();
  if (sh->selected_version || sh->is_hello_retry_request()) return on_server_hello13(*sh);
  return check_downgrade(*sh);  // fails: the version must be TLS 1.3 now
}

Status Client::on_server_hello13(const ServerHello& sh) {
  if (sh.is_hello_retry_request()) return on_hello_retry_request(sh);
  if (*sh.selected_version != kTls13)
    return fail(AlertDescription::illegal_parameter, msg("reason.supported_versions_not_tls13").arg("version", version_name(*sh.selected_version)));
  if (sh.server_version != kTls12) return fail(AlertDescription::illegal_parameter, msg("reason.legacy_version_not_0303"));
  if (sh.session_id != ctx_.client_hello.session_id)
    return fail(AlertDescription::illegal_parameter, msg("reason.sh_session_id_not_echoed"));
  if (auto refused = refuse_unimplemented_suite(ctx_.client_hello, sh.cipher_suite)) return *refused;
  const CipherSuiteInfo* suite = suite_by_id(sh.cipher_suite);
  if (!suite || suite->kx != KeyExchange::tls13 ||
      std::find(ctx_.client_hello.cipher_suites.begin(), ctx_.client_hello.cipher_suites.end(), sh.cipher_suite) == ctx_.client_hello.cipher_suites.end())
    return fail(AlertDescription::illegal_parameter, msg("reason.tls13_suite_not_offered").arg("suite", suite_name(sh.cipher_suite)));
  if (hrr_seen_ && sh.cipher_suite != hrr_suite_)
    return fail(AlertDescription::illegal_parameter, msg("reason.sh_suite_differs_from_hrr"));
  if (sh.compression_method != 0) return fail(AlertDescription::illegal_parameter, msg("reason.tls13_no_compression"));
  for (auto& e : sh.extensions) {
    auto t = ExtensionType(e.type);
    if (t != ExtensionType::key_share && t != ExtensionType::pre_shared_key && t != ExtensionType::supported_versions)
      return fail(AlertDescription::unsupported_extension, msg("reason.extension_not_in_sh13").arg("extension", name_of(t)));
  }
  ctx_.version = kTls13;
  record_version_ = kTls12;
  ctx_.suite = suite;
  ctx_.server_random = sh.random;
  ctx_.neg.version = kTls13;
  ctx_.neg.cipher_suite = suite->id;
  ctx_.neg.server_name = cfg_.host;
  ctx_.neg.group.reset();
  HashAlg h = suite->prf_hash;
  if (sh.selected_identity) {
    if (!psk_offered_ || *sh.selected_identity != 0)
      return fail(AlertDescription::illegal_parameter, msg("reason.psk_identity_not_offered"));
    if (suite_by_id(cfg_.ticket->cipher_suite)->prf_hash != h)
      return fail(AlertDescription::illegal_parameter, msg("reason.psk_hash_mismatch"));
    psk_accepted_ = true;
    set_flags(kShapePsk);  // no certificates
  }
  const Bytes* shared = nullptr;
  Bytes z;
  if (sh.key_share) {
    const tls13::KeyShareKey* own = nullptr;
    for (auto& k : ctx_.key_shares)
      if (uint16_t(k.group) == sh.key_share->group) own = &k;
    if (!own) return fail(AlertDescription::illegal_parameter, msg("reason.key_share_group_not_sent"));
    auto d = tls13::shared_secret(Actor::client, *own, sh.key_share->key_exchange);
    if (!d) return d.error();
    z = d->output;
    shared = &z;
    ctx_.neg.group = own->group;
    add_check(std::move(*d));
  } else if (!(psk_accepted_ && has(cfg_.psk_modes, 0))) {
    return fail(AlertDescription::missing_extension, msg("reason.sh13_without_key_share"));
  }
  ctx_.neg.key_exchange_mode = psk_accepted_ ? (shared ? "psk_dhe_ke" : "psk_ke") : "(EC)DHE";
  note(msg("note.server_chose").arg("version", "TLS 1.3").arg("suite", std::string(suite->name))
           .arg("group", ctx_.neg.group ? msg("note.with_group").arg("group", name_of(*ctx_.neg.group)) : Message{})
           .arg("extra", psk_accepted_ ? msg("note.resuming_with_ticket").arg("mode", ctx_.neg.key_exchange_mode) : Message{}));
  if (psk_offered_ && !psk_accepted_) note(msg("note.ticket_not_accepted"));
  if (!psk_accepted_) add_check(tls13::early_secret(Actor::client, h, nullptr, &ctx_.secrets));
  std::vector<Derivation> ds;
  tls13::handshake_secrets(Actor::client, shared, ctx_.neg.group.value_or(NamedGroup::x25519), ctx_.transcript, &ctx_.secrets, &ds);
  CipherState read = tls13::traffic_state(Actor::client, *suite, "server_handshake_traffic_secret", ctx_.secrets.server_hs,
                                          tls13::handshake_keys(Actor::server), &ds);
  client_hs_write_ = tls13::traffic_state(Actor::client, *suite, "client_handshake_traffic_secret", ctx_.secrets.client_hs,
                                          tls13::handshake_keys(Actor::client), &ds);
  client_hs_write_->tls13_padding = cfg_.record_padding;
  for (auto& d : ds) add_check(std::move(d));
  keylog_.push_back(tls13::keylog_line("CLIENT_HANDSHAKE_TRAFFIC_SECRET", ctx_.client_random, ctx_.secrets.client_hs));
  keylog_.push_back(tls13::keylog_line("SERVER_HANDSHAKE_TRAFFIC_SECRET", ctx_.client_random, ctx_.secrets.server_hs));
  install_read(std::move(read));
  note(msg("note.keys_now_protect").arg("keys", "server_handshake_traffic").arg("side", actor_message(Actor::server)));
  if (!early_sent_) {  // with 0-RTT the early keys stay until EndOfEarlyData
    install_write(std::move(*client_hs_write_));
    client_hs_write_.reset();
  }
  if (!psk_accepted_) set_flags(kShapeClientAuth);  // until a Certificate comes without a request
  return Ok{};
}

Status Client::read_encrypted_extensions(Dissector& d) {
  auto ee = parse_encrypted_extensions(d);
  if (!ee) return ee.error();
  for (auto& e : ee->extensions) {
    bool offered = false;
    for (auto& o : ctx_.client_hello.extensions) offered |= o.type == e.type;
    if (!offered) return fail(AlertDescription::unsupported_extension, msg("reason.ee_extension_not_offered").arg("extension", name_of(ExtensionType(e.type))));
    auto t = ExtensionType(e.type);
    if (t == ExtensionType::key_share || t == ExtensionType::pre_shared_key || t == ExtensionType::supported_versions)
      return fail(AlertDescription::illegal_parameter, msg("reason.extension_belongs_in_sh").arg("extension", name_of(t)));
  }
  if (ee->early_data) {
    if (!early_sent_ || !psk_accepted_) return fail(AlertDescription::illegal_parameter, msg("reason.early_data_not_sent"));
    early_accepted_ = true;
    note(msg("note.early_data_accepted_by_server"));
  } else if (early_sent_) {
    note(msg("note.early_data_rejected_by_server"));
  }
  if (early_sent_) ctx_.neg.early_data = early_accepted_ ? "accepted" : "rejected";
  if (early_accepted_) set_flags(kShapeEarlyAccepted);  // SendEndOfEarlyData
  return Ok{};
}

Status Client::read_certificate_request13(Dissector& d) {
  auto cr = parse_certificate_request13(d);
  if (!cr) return cr.error();
  ctx_.certificate_request13 = *cr;
  note(msg(cfg_.certificate.empty() ? "note.cert_requested_none" : "note.cert_requested"));
  return Ok{};
}

Status Client::read_certificate13(Dissector& d) {
  auto c = parse_certificate13(d);
  if (!c) return c.error();
  if (!c->request_context.empty()) return fail(AlertDescription::illegal_parameter, msg("reason.server_cert_context_not_empty"));
  if (c->entries.empty()) return fail(AlertDescription::decode_error, msg("reason.server_empty_certificate13"));
  std::vector<Bytes> chain;
  for (auto& e : c->entries) chain.push_back(e.cert_data);
  if (c->entries[0].ocsp_response && !cfg_.validation.request_ocsp_stapling)
    return fail(AlertDescription::unsupported_extension, msg("reason.ocsp_not_asked"));
  auto spki = validate_chain(chain, c->entries[0].ocsp_response);
  if (!spki) return spki.error();
  ctx_.peer_spki = *spki;
  return Ok{};
}

Status Client::read_certificate_verify13(Dissector& d) {
  auto cv = parse_certificate_verify(d, parse_context());
  if (!cv) return cv.error();
  SignatureScheme s = SignatureScheme(cv->algorithm);
  if (!tls13::scheme_allowed13(s) || std::find(cfg_.signature_schemes.begin(), cfg_.signature_schemes.end(), s) == cfg_.signature_schemes.end())
    return fail(AlertDescription::illegal_parameter, msg("reason.cv_scheme_not_offered13").arg("scheme", name_of(s)));
  ByteView msgs = transcript_before();
  Bytes th = crypto::transcript_hash(ctx_.suite->prf_hash, msgs);
  Bytes content = tls13::certificate_verify_content(true, th);
  bool ok = verify_handshake(kTls13, ctx_.peer_spki, s, content, cv->signature);
  add_check(tls13::certificate_verify(Actor::client, true, s, ctx_.suite->prf_hash, msgs, cv->signature, ok));
  if (!ok) return fail(AlertDescription::decrypt_error, msg("reason.server_cv_invalid"));
  note(msg("note.server_cv_valid"));
  ctx_.neg.signature_scheme = s;
  return Ok{};
}

Status Client::read_finished13(Dissector& d) {
  auto f = parse_finished(d, parse_context());
  if (!f) return f.error();
  HashAlg h = ctx_.suite->prf_hash;
  Derivation vd = tls13::finished(Actor::client, h, false, {"server_handshake_traffic_secret", ctx_.secrets.server_hs}, transcript_before());
  bool ok = vd.output == f->verify_data;
  add_check(std::move(vd));
  if (!ok && lenient_.skip_finished_check) {
    note(msg("note.lenient_skip_finished").arg("side", actor_message(Actor::server)).arg("state", "ReadServerFinished"));
  } else if (!ok) {
    return fail(AlertDescription::decrypt_error, msg("reason.server_finished_mismatch"));
  } else {
    note(msg("note.server_finished_matches"));
  }
  std::vector<Derivation> ds;
  tls13::application_secrets(Actor::client, ctx_.transcript, &ctx_.secrets, &ds);
  CipherState read = tls13::traffic_state(Actor::client, *ctx_.suite, "server_application_traffic_secret_0", ctx_.secrets.server_ap,
                                          tls13::application_keys(Actor::server, 0), &ds);
  for (auto& x : ds) add_derivation(std::move(x));
  keylog_.push_back(tls13::keylog_line("CLIENT_TRAFFIC_SECRET_0", ctx_.client_random, ctx_.secrets.client_ap));
  keylog_.push_back(tls13::keylog_line("SERVER_TRAFFIC_SECRET_0", ctx_.client_random, ctx_.secrets.server_ap));
  keylog_.push_back(tls13::keylog_line("EXPORTER_SECRET", ctx_.client_random, ctx_.secrets.exporter));
  install_read(std::move(read));
  // The client's second flight follows, one state per message.
  if (cfg_.middlebox_compat && !compat_ccs_sent_) set_flags(kShapeCompatCcs);
  return Ok{};
}

void Client::send_compat_ccs13() {
  send_compat_change_cipher_spec();
  compat_ccs_sent_ = true;
}

void Client::send_end_of_early_data() { send_handshake(HandshakeType::end_of_early_data, {}); }

// With 0-RTT the early keys protect the flight until EndOfEarlyData; then the handshake keys.
void Client::install_handshake_write13() {
  if (client_hs_write_) {
    install_write(std::move(*client_hs_write_));
    client_hs_write_.reset();
  }
}

void Client::send_client_certificate13() {
  install_handshake_write13();
  Certificate13 cert;
  cert.request_context = ctx_.certificate_request13->request_context;
  for (auto& der : cfg_.certificate.chain) cert.entries.push_back({der, {}, std::nullopt});
  send_handshake(HandshakeType::certificate, encode(cert));
  if (!cfg_.certificate.empty()) set_flags(kShapeClientCert);  // SendClientCertificateVerify
}

Status Client::send_certificate_verify13() {
  HashAlg h = ctx_.suite->prf_hash;
  SignatureScheme s = SignatureScheme::rsa_pss_rsae_sha256;
  for (auto c : cfg_.signature_schemes)
    if (tls13::scheme_allowed13(c) &&
        std::find(ctx_.certificate_request13->signature_algorithms.begin(), ctx_.certificate_request13->signature_algorithms.end(), uint16_t(c)) != ctx_.certificate_request13->signature_algorithms.end()) {
      s = c;
      break;
    }
  Bytes th = crypto::transcript_hash(h, ctx_.transcript);
  Bytes content = tls13::certificate_verify_content(false, th);
  auto sig = sign_handshake(kTls13, cfg_.certificate.private_key_pkcs8, s, content, rng_);
  if (!sig) return fail(AlertDescription::internal_error, msg("reason.signing_failed").arg("message", "CertificateVerify"));
  add_derivation(tls13::certificate_verify(Actor::client, false, s, h, ctx_.transcript, *sig, std::nullopt));
  send_handshake(HandshakeType::certificate_verify, encode(CertificateVerify{true, uint16_t(s), *sig}));
  ctx_.neg.client_authenticated = true;
  return Ok{};
}

void Client::send_client_finished13() {
  install_handshake_write13();
  HashAlg h = ctx_.suite->prf_hash;
  Derivation cf = tls13::finished(Actor::client, h, true, {"client_handshake_traffic_secret", ctx_.secrets.client_hs}, ctx_.transcript);
  Bytes finished_body = encode(Finished{cf.output});
  // Computed before the Finished leaves, so the trace lists them with it, in computation order.
  std::vector<Derivation> wd;
  CipherState write = tls13::traffic_state(Actor::client, *ctx_.suite, "client_application_traffic_secret_0", ctx_.secrets.client_ap,
                                           tls13::application_keys(Actor::client, 0), &wd);
  write.tls13_padding = cfg_.record_padding;
  wd.push_back(tls13::resumption_secret(
      Actor::client, concat({ctx_.transcript, handshake_message(HandshakeType::finished, finished_body)}), &ctx_.secrets));
  add_derivation(std::move(cf));
  for (auto& x : wd) add_derivation(std::move(x));
  send_handshake(HandshakeType::finished, finished_body);
  install_write(std::move(write));
  set_complete();
}

Status Client::read_new_session_ticket(Dissector& d) {
  auto nst = parse_new_session_ticket(d);
  if (!nst) return nst.error();
  if (!has(cfg_.psk_modes, 0) && !has(cfg_.psk_modes, 1)) return Ok{};
  Derivation psk = tls13::ticket_psk(Actor::client, ctx_.secrets, nst->ticket_nonce, int(tickets_.size()));
  SessionTicket t;
  t.ticket = nst->ticket;
  t.psk = psk.output;
  t.cipher_suite = ctx_.suite->id;
  t.ticket_age_add = nst->ticket_age_add;
  t.lifetime = nst->ticket_lifetime;
  t.max_early_data_size = nst->max_early_data_size.value_or(0);
  t.server_name = cfg_.host;
  t.psk_derivation = psk.id;
  add_check(std::move(psk));
  note(msg("note.ticket_stored").arg("lifetime", std::to_string(t.lifetime))
           .arg("early", t.max_early_data_size ? msg("note.ticket_allows_early").arg("bytes", std::to_string(t.max_early_data_size)) : Message{}));
  tickets_.push_back(std::move(t));
  return Ok{};
}

void Client::after_record13() {
  if (!handshake_complete() || received_close_notify() || sent_close_notify()) return;
  if (cfg_.key_update != ClientConfig::KeyUpdateMode::none && !key_update_done_) {
    key_update_done_ = true;
    send_key_update13(cfg_.key_update == ClientConfig::KeyUpdateMode::update_requested, cfg_.record_padding);
  }
  if (cfg_.send_http_request && !request_sent_) {
    request_sent_ = true;
    if (!early_accepted_) send_application_data(http_request());
  }
}

}  // namespace sim::detail

// The TLS 1.3 server machine (RFC 8446 2, 4): chosen when the ClientHello's
// supported_versions lists TLS 1.3 and this server allows it. One handler per state of the
// server13 table (handshake_shape.cpp).
#include "crypto/crypto.hpp"
#include "crypto/keys.hpp"
#include "hs/server.hpp"

namespace sim::detail {

namespace {
// Whether the certificate's key can make this TLS 1.3 signature (RSA: PSS; P-256: ECDSA; Ed25519).
bool scheme_fits_key(SignatureScheme s, ByteView spki) {
  auto t = crypto::key_type_of_spki(spki);
  if (!t) return false;
  // RSA-PSS needs emLen >= hLen + sLen + 2 with sLen = hLen (RFC 8017 9.1.1, RFC 8446 4.2.3).
  size_t hlen = s == SignatureScheme::rsa_pss_rsae_sha256 ? 32 : s == SignatureScheme::rsa_pss_rsae_sha384 ? 48 : 64;
  if (*t == crypto::KeyType::rsa && crypto::rsa_modulus_bytes(spki) < 2 * hlen + 2) return false;
  for (auto x : crypto::schemes_for(*t))
    if (x == s) return true;
  return false;
}
}  // namespace

Result<std::optional<Bytes>> Server::accept_psk(const ClientHello& ch, const CipherSuiteInfo& suite, uint32_t* max_early) {
  *max_early = 0;
  if (!ch.pre_shared_key) return std::optional<Bytes>{};
  if (!ch.psk_key_exchange_modes)
    return fail(AlertDescription::missing_extension, msg("reason.psk_without_modes"));
  const OfferedPsks& psks = *ch.pre_shared_key;
  if (psks.identities.size() != psks.binders.size() || psks.identities.empty())
    return fail(AlertDescription::illegal_parameter, msg("reason.psk_binder_count"));
  if (!cfg_.accept_resumption || cfg_.ticket_key.empty()) {
    note(msg("note.ticket_offered_no_resumption"));
    return std::optional<Bytes>{};
  }
  auto t = tls13::open_ticket(cfg_.ticket_key, psks.identities[0].identity);
  if (!t) {
    note(msg("note.ticket_does_not_open"));
    return std::optional<Bytes>{};
  }
  const CipherSuiteInfo* ts = suite_by_id(t->cipher_suite);
  if (!ts || ts->prf_hash != suite.prf_hash) {
    note(msg("note.ticket_hash_mismatch"));
    return std::optional<Bytes>{};
  }
  // Binder check (4.2.11.2): the binder covers the transcript up to the truncated ClientHello.
  Bytes truncated(ctx_.transcript.begin(), ctx_.transcript.end() - binders_length(psks));
  std::vector<Derivation> ds;
  ds.push_back(tls13::early_secret(Actor::server, suite.prf_hash, &t->psk, &ctx_.secrets, Source::of(derivation_id(Actor::server, "ticket_open"))));
  Derivation opened;
  opened.actor = Actor::server;
  opened.kind = DerivationKind::tls13_ticket_open;
  opened.name = "ticket_open";
  opened.id = derivation_id(Actor::server, opened.name);
  opened.spec = "RFC 8446 4.6.1 (ticket format chosen by the server)";
  opened.formula = "PSK + suite + ticket_age_add + max_early_data_size + server_name = AES-256-GCM-Decrypt(ticket_key, ticket)";
  opened.inputs = {{"ticket", psks.identities[0].identity, notation("pre_shared_key identity 0"), Source::field_of("ClientHello", "identity")},
                   {"ticket_key", cfg_.ticket_key, msg("note_in.ticket_key"), Source::local("this server's secret ticket key")}};
  opened.output = t->psk;
  ds.insert(ds.begin(), std::move(opened));
  Bytes expected;
  tls13::psk_binder(Actor::server, ctx_.secrets, truncated, &ds, &expected);
  ds.back().id += "/expected";
  bool ok = expected == psks.binders[0];
  for (auto& d : ds) add_check(std::move(d));
  if (!ok) return fail(AlertDescription::decrypt_error, msg("reason.psk_binder_mismatch"));
  // Anti-replay (RFC 8446 8), once the binder shows a ticket holder made the ClientHello. A
  // ClientHello2 is left alone: ClientHello1 was checked and recorded, and 0-RTT never follows a
  // HelloRetryRequest (4.2.10).
  bool replayed_hello = false;
  if (const auto& ar = cfg_.anti_replay; ar && !hrr_sent_) {
    if (ar->single_use_tickets && !ar->used_tickets.insert(psks.identities[0].identity).second) {
      note(msg("note.ticket_already_used"));
      return std::optional<Bytes>{};
    }
    if (ar->client_hello_recording) replayed_hello = !ar->seen_binders.insert(psks.binders[0]).second;
  }
  uint32_t age = psks.identities[0].obfuscated_ticket_age - t->ticket_age_add;
  note(msg("note.ticket_accepted").arg("age", std::to_string(age)));
  *max_early = t->max_early_data_size;
  if (replayed_hello && ch.early_data) {
    note(msg("note.client_hello_replayed"));
    *max_early = 0;
  }
  return std::optional<Bytes>(t->psk);
}

Status Server::send_hello_retry_request() {
  const ClientHello& ch = ctx_.client_hello;
  const CipherSuiteInfo& suite = *hrr_suite_info_;
  std::optional<NamedGroup> group = wanted_group_;
  hrr_sent_ = true;
  // Every record but the initial ClientHello says 0x0303 (RFC 8446 5.1): the HelloRetryRequest
  // and its ChangeCipherSpec too (they went out as 0x0301, which OpenSSL happens to tolerate).
  record_version_ = kTls12;
  hrr_suite_ = suite.id;
  hrr_group_ = group;
  first_random_ = ch.random;
  ctx_.suite = &suite;
  ctx_.neg.hello_retry_request = true;
  ServerHello hrr;
  hrr.server_version = kTls12;
  hrr.random.assign(kHelloRetryRequestRandom, kHelloRetryRequestRandom + 32);
  hrr.session_id = ch.session_id;
  hrr.cipher_suite = suite.id;
  hrr.extensions.push_back({uint16_t(ExtensionType::supported_versions), ext_supported_versions_server(kTls13)});
  if (group) hrr.extensions.push_back({uint16_t(ExtensionType::key_share), ext_key_share_hrr(uint16_t(*group))});
  // The transcript restarts from message_hash(ClientHello1) (4.4.1).
  Bytes synthetic;
  add_derivation(tls13::message_hash(Actor::server, suite.prf_hash, ctx_.transcript, &synthetic));
  if (cfg_.send_cookie) {
    // A stateless server would put its state here; ours binds ClientHello1's hash (4.2.2).
    ctx_.cookie = crypto::hmac(HashAlg::Sha256, cfg_.ticket_key.empty() ? to_bytes("tlslab cookie") : cfg_.ticket_key, synthetic);
    hrr.extensions.push_back({uint16_t(ExtensionType::cookie), ext_cookie(ctx_.cookie)});
  }
  ctx_.transcript = synthetic;
  note(group ? msg("note.hrr_no_key_share").arg("group", name_of(*group)) : msg("note.hrr_cookie"));
  if (ch.early_data) {
    skip_early_data_bytes_ = 1u << 16;  // 0-RTT is never accepted after HRR
    // Record the rejection here: ClientHello2 carries no early_data, so the check in
    // do_read_client_hello13 never sees it (the summary said "not offered").
    ctx_.neg.early_data = "rejected";
  }
  send_handshake(HandshakeType::server_hello, encode(hrr));
  if (compat_ && !compat_ccs_sent_) {
    send_compat_change_cipher_spec();
    compat_ccs_sent_ = true;
  }
  return Ok{};
}

// ReadSecondClientHello: after a HelloRetryRequest the client must still offer TLS 1.3.
Status Server::read_second_client_hello(Dissector& d) {
  auto ch = parse_client_hello(d);
  if (!ch) return ch.error();
  if (!ch->supported_versions || !contains(*ch->supported_versions, kTls13))
    return fail(AlertDescription::illegal_parameter, msg("reason.ch2_not_tls13"));
  return read_client_hello13(*ch);
}

// ReadClientHello (and ReadSecondClientHello): negotiates suite, group, PSK and 0-RTT, or
// decides on a HelloRetryRequest. The send states that follow build the flight.
Status Server::read_client_hello13(const ClientHello& ch) {
  if (hrr_sent_) {
    if (ch.random != first_random_) return fail(AlertDescription::illegal_parameter, msg("reason.ch2_random_changed"));
    if (!ctx_.cookie.empty() && (!ch.cookie || *ch.cookie != ctx_.cookie))
      return fail(AlertDescription::illegal_parameter, msg("reason.ch2_no_cookie"));
    if (ch.early_data) return fail(AlertDescription::illegal_parameter, msg("reason.early_data_after_hrr"));
  }
  if (ch.compression_methods != Bytes{0})
    return fail(AlertDescription::illegal_parameter, msg("reason.ch13_compression"));
  compat_ = !ch.session_id.empty();
  client_sent_psk_modes_ = ch.psk_key_exchange_modes.has_value();
  sni_ = ch.server_name.value_or("");
  // Suite: server preference among the client's TLS 1.3 suites.
  const CipherSuiteInfo* suite = nullptr;
  for (uint16_t id : cfg_.suites)
    if (!suite && tls13::is_tls13_suite(id) && contains(ch.cipher_suites, id)) suite = suite_by_id(id);
  if (!suite) return fail(AlertDescription::handshake_failure, msg("reason.no_common_tls13_suite"));
  if (hrr_sent_ && suite->id != hrr_suite_) return fail(AlertDescription::illegal_parameter, msg("reason.ch2_suite_dropped"));
  ctx_.client_random = ch.random;

  // Key share: a group both support for which the client already sent a share, else ask for one.
  std::optional<NamedGroup> group;
  const KeyShareEntry* share = nullptr;
  if (!ch.key_shares) return fail(AlertDescription::missing_extension, msg("reason.ch13_without_key_share"));
  for (auto g : cfg_.groups)
    for (auto& e : *ch.key_shares)
      if (!share && e.group == uint16_t(g) && (!ch.supported_groups || contains(*ch.supported_groups, uint16_t(g)))) {
        share = &e;
        group = g;
      }
  std::optional<NamedGroup> wanted;
  if (!share && ch.supported_groups)
    for (auto g : cfg_.groups)
      if (!wanted && contains(*ch.supported_groups, uint16_t(g))) wanted = g;
  if (hrr_sent_ && hrr_group_ && (!group || *group != *hrr_group_))
    return fail(AlertDescription::illegal_parameter, msg("reason.ch2_no_share_for_hrr_group"));

  uint32_t max_early = 0;
  auto psk = accept_psk(ch, *suite, &max_early);
  if (!psk) return psk.error();
  bool dhe_ok = group.has_value() || wanted.has_value();
  const Bytes& modes = ch.psk_key_exchange_modes ? *ch.psk_key_exchange_modes : Bytes{};
  bool use_psk = psk->has_value() && ((contains(modes, uint8_t(1)) && dhe_ok) || (contains(modes, uint8_t(0)) && cfg_.allow_psk_ke));
  bool psk_ke = use_psk && !(contains(modes, uint8_t(1)) && dhe_ok);
  if (!use_psk) {
    if (!ch.signature_algorithms) return fail(AlertDescription::missing_extension, msg("reason.ch13_without_sigalgs"));
    if (!ch.supported_groups) return fail(AlertDescription::missing_extension, msg("reason.ch13_without_groups"));
  }
  if (!psk_ke && !group) {
    if (!wanted) return fail(AlertDescription::handshake_failure, msg("reason.no_common_group"));
    if (hrr_sent_) return fail(AlertDescription::illegal_parameter, msg("reason.ch2_no_usable_share"));
    ctx_.client_hello = ch;
    hrr_suite_info_ = suite;
    wanted_group_ = wanted;
    set_flags(kShapeHrr);  // SendHelloRetryRequest, then ReadSecondClientHello
    return Ok{};
  }
  // Signature scheme for CertificateVerify (full handshakes only).
  SignatureScheme scheme{};
  if (!use_psk) {
    auto spki = pki::certificate_spki(cfg_.certificate_chain.at(0));
    bool found = false;
    for (auto s : cfg_.signature_schemes)
      if (!found && tls13::scheme_allowed13(s) && contains(*ch.signature_algorithms, uint16_t(s)) && spki && scheme_fits_key(s, *spki)) {
        scheme = s;
        found = true;
      }
    if (!found) {
      size_t bits = spki ? crypto::rsa_modulus_bytes(*spki) * 8 : 0;
      if (bits && bits < 8 * 66)
        return fail(AlertDescription::handshake_failure, msg("reason.rsa_key_too_small_for_pss").arg("bits", std::to_string(bits)));
      return fail(AlertDescription::handshake_failure, msg("reason.no_common_scheme13"));
    }
  }

  ctx_.suite = suite;
  ctx_.version = kTls13;
  record_version_ = kTls12;
  psk_mode_ = use_psk;
  ctx_.neg.version = kTls13;
  ctx_.neg.cipher_suite = suite->id;
  ctx_.neg.server_name = sni_;
  ctx_.neg.group = psk_ke ? std::nullopt : group;
  ctx_.neg.signature_scheme = use_psk ? std::nullopt : std::optional(scheme);
  ctx_.neg.key_exchange_mode = use_psk ? (psk_ke ? "psk_ke" : "psk_dhe_ke") : "(EC)DHE";
  ctx_.client_hello = ch;
  ctx_.group = group;
  ctx_.signature_scheme = scheme;
  ctx_.peer_share = share ? share->key_exchange : Bytes{};
  psk_ke_ = psk_ke;
  // 0-RTT: only on the first ClientHello, with an accepted ticket that allows it.
  accept_early_ = ch.early_data && use_psk && !hrr_sent_ && max_early > 0 && cfg_.max_early_data_size > 0;
  // The flight's shape.
  if (use_psk) set_flags(kShapePsk);
  else if (cfg_.request_client_certificate) set_flags(kShapeClientAuth | kShapeClientCert);  // until the client sends none
  if (accept_early_) set_flags(kShapeEarlyAccepted);
  if (compat_ && !compat_ccs_sent_) set_flags(kShapeCompatCcs);
  if (!cfg_.ticket_key.empty() && ch.psk_key_exchange_modes && cfg_.tickets_to_send > 0) set_flags(kShapeTickets);
  return Ok{};
}

Status Server::send_server_hello13() {
  const ClientHello& ch = ctx_.client_hello;
  const CipherSuiteInfo* suite = ctx_.suite;
  std::optional<NamedGroup> group = ctx_.group;
  bool use_psk = psk_mode_, psk_ke = psk_ke_, accept_early = accept_early_;
  HashAlg h = suite->prf_hash;

  ServerHello sh;
  sh.server_version = kTls12;
  sh.random = rng_.bytes(32);
  ctx_.server_random = sh.random;
  sh.session_id = ch.session_id;
  sh.cipher_suite = suite->id;
  sh.extensions.push_back({uint16_t(ExtensionType::supported_versions), ext_supported_versions_server(kTls13)});
  std::vector<Derivation> ds;
  Bytes z;
  if (!psk_ke) {
    auto own = tls13::generate_share(*group, rng_);
    auto d = tls13::shared_secret(Actor::server, own, ctx_.peer_share);
    if (!d) return d.error();
    z = d->output;
    ctx_.shared_secret = z;
    ds.push_back(std::move(*d));
    sh.extensions.push_back({uint16_t(ExtensionType::key_share), ext_key_share_server({uint16_t(*group), own.public_key})});
  }
  if (use_psk) sh.extensions.push_back({uint16_t(ExtensionType::pre_shared_key), ext_pre_shared_key_server(0)});
  note(msg("note.server_chose").arg("version", "TLS 1.3").arg("suite", std::string(suite->name))
           .arg("group", psk_ke ? Message{} : msg("note.with_group").arg("group", name_of(*group)))
           .arg("extra", use_psk ? msg("note.resuming_with_client_ticket").arg("mode", ctx_.neg.key_exchange_mode) : Message{}));

  if (ch.early_data) {
    ctx_.neg.early_data = accept_early ? "accepted" : "rejected";
    if (!accept_early) skip_early_data_bytes_ = 1u << 16;
  }
  if (accept_early) {
    Derivation ce = tls13::derive_secret(Actor::server, h, "client_early_traffic_secret", {"early_secret", ctx_.secrets.early},
                                         "c e traffic", ctx_.transcript);
    ce.kind = DerivationKind::tls13_client_early_traffic_secret;
    ctx_.secrets.client_early = ce.output;
    ds.push_back(std::move(ce));
    CipherState early = tls13::traffic_state(Actor::server, *suite, "client_early_traffic_secret", ctx_.secrets.client_early,
                                             tls13::early_keys(Actor::client), &ds);
    install_read(std::move(early));
    early_data_readable_ = true;
    keylog_.push_back(tls13::keylog_line("CLIENT_EARLY_TRAFFIC_SECRET", ctx_.client_random, ctx_.secrets.client_early));
  }
  for (auto& d : ds) add_check(std::move(d));
  send_handshake(HandshakeType::server_hello, encode(sh));
  return Ok{};
}

void Server::send_compat_ccs13() {
  send_compat_change_cipher_spec();
  compat_ccs_sent_ = true;
}

// SendEncryptedExtensions: the handshake keys take over first.
void Server::send_encrypted_extensions() {
  const ClientHello& ch = ctx_.client_hello;
  const CipherSuiteInfo* suite = ctx_.suite;
  bool use_psk = psk_mode_, psk_ke = psk_ke_, accept_early = accept_early_;
  HashAlg h = suite->prf_hash;
  std::vector<Derivation> ks;
  if (!use_psk) ks.push_back(tls13::early_secret(Actor::server, h, nullptr, &ctx_.secrets));
  tls13::handshake_secrets(Actor::server, psk_ke ? nullptr : &ctx_.shared_secret, ctx_.neg.group.value_or(NamedGroup::x25519), ctx_.transcript,
                           &ctx_.secrets, &ks);
  CipherState write = tls13::traffic_state(Actor::server, *suite, "server_handshake_traffic_secret", ctx_.secrets.server_hs,
                                           tls13::handshake_keys(Actor::server), &ks);
  write.tls13_padding = cfg_.record_padding;
  client_hs_read_ = tls13::traffic_state(Actor::server, *suite, "client_handshake_traffic_secret", ctx_.secrets.client_hs,
                                         tls13::handshake_keys(Actor::client), &ks);
  for (auto& d : ks) add_derivation(std::move(d));
  keylog_.push_back(tls13::keylog_line("CLIENT_HANDSHAKE_TRAFFIC_SECRET", ctx_.client_random, ctx_.secrets.client_hs));
  keylog_.push_back(tls13::keylog_line("SERVER_HANDSHAKE_TRAFFIC_SECRET", ctx_.client_random, ctx_.secrets.server_hs));
  install_write(std::move(write));

  EncryptedExtensions ee;
  std::vector<uint16_t> groups;
  for (auto g : cfg_.groups) groups.push_back(uint16_t(g));
  ee.extensions.push_back({uint16_t(ExtensionType::supported_groups), ext_u16_list(groups)});
  if (ch.server_name) ee.extensions.push_back({uint16_t(ExtensionType::server_name), {}});
  if (accept_early) ee.extensions.push_back({uint16_t(ExtensionType::early_data), {}});
  send_handshake(HandshakeType::encrypted_extensions, encode(ee));
}

void Server::send_certificate_request13() {
  {
    {
      CertificateRequest13 cr;
      std::vector<uint16_t> schemes;
      for (auto s : cfg_.signature_schemes)
        if (tls13::scheme_allowed13(s)) schemes.push_back(uint16_t(s));
      cr.extensions.push_back({uint16_t(ExtensionType::signature_algorithms), ext_u16_list(schemes)});
      send_handshake(HandshakeType::certificate_request, encode(cr));
    }
  }
}

void Server::send_server_certificate13() {
  const ClientHello& ch = ctx_.client_hello;
  {
    Certificate13 cert;
    for (auto& der : cfg_.certificate_chain) cert.entries.push_back({der, {}, std::nullopt});
    // OCSP stapling in TLS 1.3: a status_request extension in the leaf's entry (RFC 8446 4.4.2.1).
    if (ch.status_request && !cfg_.ocsp_response.empty() && !cert.entries.empty()) {
      cert.entries[0].extensions.push_back(
          {uint16_t(ExtensionType::status_request), encode(CertificateStatus{1, cfg_.ocsp_response})});
      note(msg("note.stapled_ocsp13"));
    }
    send_handshake(HandshakeType::certificate, encode(cert));
  }
}

Status Server::send_certificate_verify13() {
  HashAlg h = ctx_.suite->prf_hash;
  SignatureScheme scheme = ctx_.signature_scheme;
  {
    Bytes th = crypto::transcript_hash(h, ctx_.transcript);
    Bytes content = tls13::certificate_verify_content(true, th);
    auto sig = sign_handshake(kTls13, cfg_.private_key_pkcs8, scheme, content, rng_);
    if (!sig) return fail(AlertDescription::internal_error, msg("reason.signing_failed").arg("message", "CertificateVerify"));
    add_derivation(tls13::certificate_verify(Actor::server, true, scheme, h, ctx_.transcript, *sig, std::nullopt));
    send_handshake(HandshakeType::certificate_verify, encode(CertificateVerify{true, uint16_t(scheme), *sig}));
  }
  return Ok{};
}

void Server::send_server_finished13() {
  const CipherSuiteInfo* suite = ctx_.suite;
  bool accept_early = accept_early_;
  HashAlg h = suite->prf_hash;
  Derivation sf = tls13::finished(Actor::server, h, false, {"server_handshake_traffic_secret", ctx_.secrets.server_hs}, ctx_.transcript);
  Bytes finished_body = encode(Finished{sf.output});
  // The application secrets hash the transcript through this Finished; they are computed
  // before it is sent, so the trace shows them with it, in computation order.
  std::vector<Derivation> as;
  tls13::application_secrets(Actor::server, concat({ctx_.transcript, handshake_message(HandshakeType::finished, finished_body)}),
                             &ctx_.secrets, &as);
  CipherState app = tls13::traffic_state(Actor::server, *suite, "server_application_traffic_secret_0", ctx_.secrets.server_ap,
                                         tls13::application_keys(Actor::server, 0), &as);
  app.tls13_padding = cfg_.record_padding;
  add_derivation(std::move(sf));
  for (auto& d : as) add_derivation(std::move(d));
  send_handshake(HandshakeType::finished, finished_body);
  keylog_.push_back(tls13::keylog_line("CLIENT_TRAFFIC_SECRET_0", ctx_.client_random, ctx_.secrets.client_ap));
  keylog_.push_back(tls13::keylog_line("SERVER_TRAFFIC_SECRET_0", ctx_.client_random, ctx_.secrets.server_ap));
  keylog_.push_back(tls13::keylog_line("EXPORTER_SECRET", ctx_.client_random, ctx_.secrets.exporter));
  install_write(std::move(app));
  // 0.5-RTT: the server may send now; ours waits for the request.
  if (accept_early) {
    note(msg("note.early_data_accepted"));
  } else {
    install_client_handshake_read();
  }
}

void Server::install_client_handshake_read() {
  install_read(std::move(*client_hs_read_));
  client_hs_read_.reset();
  early_data_readable_ = false;
}

Status Server::read_end_of_early_data(Dissector& d) {
  if (!d.reader().rest().empty()) return decode_error(msg("reason.message_must_be_empty").arg("message", "EndOfEarlyData"));
  note(msg("note.end_of_early_data"));
  install_client_handshake_read();
  return Ok{};
}

Status Server::read_client_certificate13(Dissector& d) {
  auto c = parse_certificate13(d);
  if (!c) return c.error();
  if (!c->request_context.empty()) return fail(AlertDescription::illegal_parameter, msg("reason.cert_context_mismatch"));
  if (c->entries.empty()) {
    if (cfg_.require_client_certificate)
      return fail(AlertDescription::certificate_required, msg("reason.client_cert_required"));
    note(msg("note.client_empty_certificate"));
    clear_flags(kShapeClientCert);  // no CertificateVerify
    return Ok{};
  }
  auto spki = pki::certificate_spki(c->entries[0].cert_data);
  if (!spki) return spki.error();
  ctx_.peer_spki = *spki;
  return Ok{};
}

Status Server::read_client_certificate_verify13(Dissector& d) {
  auto cv = parse_certificate_verify(d, parse_context());
  if (!cv) return cv.error();
  SignatureScheme s = SignatureScheme(cv->algorithm);
  if (!tls13::scheme_allowed13(s) || !contains(cfg_.signature_schemes, s))
    return fail(AlertDescription::illegal_parameter, msg("reason.client_cv_scheme_not_requested").arg("scheme", name_of(s)));
  ByteView msgs = transcript_before();
  Bytes th = crypto::transcript_hash(ctx_.suite->prf_hash, msgs);
  Bytes content = tls13::certificate_verify_content(false, th);
  bool ok = verify_handshake(kTls13, ctx_.peer_spki, s, content, cv->signature);
  add_check(tls13::certificate_verify(Actor::server, false, s, ctx_.suite->prf_hash, msgs, cv->signature, ok));
  if (!ok) return fail(AlertDescription::decrypt_error, msg("reason.client_cv_invalid13"));
  note(msg("note.client_cert_proven"));
  ctx_.neg.client_authenticated = true;
  return Ok{};
}

Status Server::read_client_finished13(Dissector& d) {
  auto f = parse_finished(d, parse_context());
  if (!f) return f.error();
  Derivation vd = tls13::finished(Actor::server, ctx_.suite->prf_hash, true, {"client_handshake_traffic_secret", ctx_.secrets.client_hs},
                                  transcript_before());
  bool ok = vd.output == f->verify_data;
  add_check(std::move(vd));
  if (!ok && lenient_.skip_finished_check) {
    note(msg("note.lenient_skip_finished").arg("side", actor_message(Actor::client)).arg("state", "ReadClientFinished"));
  } else if (!ok) {
    return fail(AlertDescription::decrypt_error, msg("reason.client_finished_mismatch"));
  } else {
    note(msg("note.client_finished_matches"));
  }
  std::vector<Derivation> ds;
  CipherState read = tls13::traffic_state(Actor::server, *ctx_.suite, "client_application_traffic_secret_0", ctx_.secrets.client_ap,
                                          tls13::application_keys(Actor::client, 0), &ds);
  ds.push_back(tls13::resumption_secret(Actor::server, ctx_.transcript, &ctx_.secrets));
  for (auto& x : ds) add_check(std::move(x));
  install_read(std::move(read));
  set_complete();  // NewSessionTickets follow (SendNewSessionTicket)
  return Ok{};
}

void Server::send_tickets() {
  // RFC 8446 4.6.1: tickets only to a client that sent psk_key_exchange_modes.
  if (cfg_.ticket_key.empty() || !client_sent_psk_modes_) return;
  for (int i = 0; i < cfg_.tickets_to_send; ++i) {
    NewSessionTicket nst;
    nst.ticket_lifetime = 7200;
    nst.ticket_age_add = uint32_t(load_be(rng_.bytes(4)));
    nst.ticket_nonce = Bytes{uint8_t(i)};
    Derivation psk = tls13::ticket_psk(Actor::server, ctx_.secrets, nst.ticket_nonce, i);
    tls13::TicketContents tc{psk.output, ctx_.suite->id, nst.ticket_age_add, cfg_.max_early_data_size, sni_};
    nst.ticket = tls13::seal_ticket(cfg_.ticket_key, tc, rng_);
    if (cfg_.max_early_data_size > 0) {
      nst.extensions.push_back({uint16_t(ExtensionType::early_data), ext_early_data_max(cfg_.max_early_data_size)});
      nst.max_early_data_size = cfg_.max_early_data_size;
    }
    add_derivation(std::move(psk));
    note(msg("note.new_session_ticket").arg("n", std::to_string(i)));
    send_handshake(HandshakeType::new_session_ticket, encode(nst));
  }
}

void Server::after_record13() {
  if (!handshake_complete() || sent_close_notify()) return;
  // A server-initiated KeyUpdate goes out just before the response, so the response uses it.
  std::string_view text(reinterpret_cast<const char*>(app_in_.data()), app_in_.size());
  bool request_complete = text.find("\r\n\r\n") != std::string_view::npos;
  if (cfg_.key_update != ClientConfig::KeyUpdateMode::none && !key_update_done_ && request_complete && !responded_) {
    key_update_done_ = true;
    send_key_update13(cfg_.key_update == ClientConfig::KeyUpdateMode::update_requested, cfg_.record_padding);
  }
  maybe_respond();
}

}  // namespace sim::detail

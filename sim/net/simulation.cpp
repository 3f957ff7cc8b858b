#include "net/simulation.hpp"

#include "net/http_leg.hpp"
#include "net/revocation_fetch.hpp"

#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"
#include "pki/profiles.hpp"
#include "pki/validate.hpp"
#include "pki/demo.hpp"

namespace sim {

std::string ScenarioOptions::to_json_text() const { return scenario_to_json(*this); }

// The profile whose chain the server presents: the named one, or "valid" for a non-RSA key.
static std::optional<pki::CertProfile> server_profile(const ScenarioOptions& o) {
  auto p = pki::profile_by_name(o.certificate_profile);
  if (!p && o.server_key_type != crypto::KeyType::rsa) p = pki::CertProfile::valid;
  return p;
}

// Whether the scenario names a TLS 1.2 ECDHE_ECDSA suite for either side.
static bool names_ecdsa_suite(const ScenarioOptions& o) {
  for (auto* list : {&o.client_suites, &o.server_suites})
    for (uint16_t id : *list)
      if (auto* s = suite_by_id(id); s && s->kx == KeyExchange::ecdhe_ecdsa) return true;
  return false;
}

// The PKI bundle whose ECDSA P-256 leaf serves the ECDHE_ECDSA suites, when the server has
// one: the profile's (its leaf minted with an ECDSA key; the CAs, serial and so revocation
// status are the RSA leaf's), or, with the demo chain, the "valid" profile's. The demo chain
// gets one only when the scenario names an ECDHE_ECDSA suite: minting that PKI costs three
// RSA-2048 keys, which every other run would pay for nothing.
static const pki::PkiBundle* ecdsa_bundle(const ScenarioOptions& o) {
  auto p = server_profile(o);
  if (!p && !names_ecdsa_suite(o)) return nullptr;
  const auto& b = pki::profile_pki(p.value_or(pki::CertProfile::valid), o.host, o.pki_seed, crypto::KeyType::ecdsa_p256);
  if (crypto::key_type_of_pkcs8(b.leaf_key) != crypto::KeyType::ecdsa_p256) return nullptr;  // rsa-512 stays RSA
  return &b;
}

pki::ValidationPolicy certificate_policy(const ScenarioOptions& o) {
  pki::ValidationPolicy v;
  if (auto p = server_profile(o)) {
    v = pki::policy_for(pki::profile_pki(*p, o.host, o.pki_seed, o.server_key_type), o.host);
  } else if (auto* e = ecdsa_bundle(o)) {
    // The demo root for the RSA chain, the simulated PKI's root (and its CRL and responder)
    // for the ECDSA one.
    v = pki::policy_for(*e, o.host);
    v.trust_store.insert(v.trust_store.begin(), pki::demo_credentials(o.host, o.pki_seed).root_der);
  } else {
    v.trust_store = {pki::demo_credentials(o.host, o.pki_seed).root_der};
    v.host = o.host;
  }
  for (auto& t : o.extra_trust) v.trust_store.push_back(t);
  v.enabled = o.verify_certificate;
  if (o.clock) v.now = int64_t(o.clock);
  v.hard_fail = o.revocation_hard_fail;
  v.request_ocsp_stapling = o.ocsp_stapling;
  return v;
}

ClientConfig client_config(const ScenarioOptions& o) {
  ClientConfig c;
  c.host = o.host;
  c.min_version = o.client_min_version;
  c.max_version = o.client_max_version;
  c.suites = o.client_suites.empty() ? default_suites(c.min_version, c.max_version) : o.client_suites;
  c.offer_deflate = o.deflate;
  c.offer_renegotiation_info = o.secure_renegotiation;
  c.renegotiate = o.renegotiation == ScenarioOptions::Renegotiation::client;
  c.allow_legacy_renegotiation = o.allow_legacy_renegotiation;
  // With client_fallback the first ClientHello is not a fallback: only retries carry the SCSV.
  c.send_fallback_scsv = o.fallback_scsv && !o.client_fallback;
  c.check_downgrade_sentinel = o.check_downgrade_sentinel;
  c.require_secure_renegotiation = o.require_secure_renegotiation;
  c.http_cookie = o.http_cookie;
  if (o.client_certificate) {
    const auto& cc = pki::demo_credentials("client.tlslab.test", o.pki_seed);
    c.certificate = Credential{{cc.chain_der[0]}, cc.leaf_private_pkcs8};
  }
  c.groups = o.client_groups.empty() ? default_groups() : o.client_groups;
  c.signature_schemes = default_signature_schemes();
  c.offer_extended_master_secret = o.extended_master_secret;
  c.key_share_groups = o.client_key_shares;
  c.middlebox_compat = o.middlebox_compat;
  if (o.resumption == ScenarioOptions::Resumption::psk_ke) c.psk_modes = Bytes{0};
  c.send_early_data = o.early_data != ScenarioOptions::EarlyData::none;
  if (o.key_update == ScenarioOptions::KeyUpdate::client)
    c.key_update = o.key_update_request ? ClientConfig::KeyUpdateMode::update_requested : ClientConfig::KeyUpdateMode::update;
  c.record_padding = o.record_padding;
  // The client writes each message in a record of its own, as OpenSSL does; the server packs.
  c.records = RecordCutting{false, o.max_record_size};
  c.offer_session_ticket = o.resumption == ScenarioOptions::Resumption::ticket;
  c.max_fragment_length = max_fragment_code(o.max_fragment_length);
  c.validation = certificate_policy(o);
  c.lenient.accept_early_ccs = o.accept_early_ccs;
  c.lenient.accept_finished_without_ccs = o.accept_finished_without_ccs;
  c.lenient.skip_finished_check = o.skip_finished_check;
  c.lenient.accept_truncation = o.accept_truncation;
  c.lenient.skip_cbc_padding_check = o.skip_cbc_padding_check;
  c.offer_suites = o.offer_suites;
  c.offer_extensions = o.offer_extensions;
  return c;
}

bool uses_tls13(const ScenarioOptions& o) { return o.client_max_version >= kTls13 && o.server_max_version >= kTls13; }

ServerConfig server_config(const ScenarioOptions& o) {
  ServerConfig s;
  s.host = o.host;
  s.min_version = o.server_min_version;
  s.max_version = o.server_max_version;
  s.suites = o.server_suites.empty() ? default_suites(s.min_version, s.max_version) : o.server_suites;
  s.allow_deflate = o.deflate;
  s.support_renegotiation_info = o.secure_renegotiation && o.server_secure_renegotiation;
  s.request_client_certificate = o.request_client_certificate || o.client_certificate;
  s.request_renegotiation = o.renegotiation == ScenarioOptions::Renegotiation::server;
  s.allow_legacy_renegotiation = o.allow_legacy_renegotiation;
  s.check_fallback_scsv = o.server_checks_fallback_scsv;
  s.groups = o.server_groups.empty() ? default_groups() : o.server_groups;
  s.signature_schemes = default_signature_schemes();
  s.support_extended_master_secret = o.extended_master_secret;
  if (auto p = server_profile(o)) {
    const auto& b = pki::profile_pki(*p, o.host, o.pki_seed, o.server_key_type);
    s.certificate_chain = b.chain;
    s.private_key_pkcs8 = b.leaf_key;
    s.ocsp_response = o.ocsp_stapling ? pki::ocsp_response_for_leaf(b) : Bytes{};
  } else {
    const auto& creds = pki::demo_credentials(o.host, o.pki_seed);
    s.certificate_chain = creds.chain_der;
    s.private_key_pkcs8 = creds.leaf_private_pkcs8;
  }
  if (auto* e = ecdsa_bundle(o)) s.ecdsa_credential = Credential{e->chain, e->leaf_key};
  if (!o.server_chain_override.empty()) {
    s.certificate_chain = o.server_chain_override;
    s.private_key_pkcs8 = o.server_key_override;
    s.ocsp_response.clear();
    // A chain given on the command line replaces the minted ones: an ECDSA one serves the
    // ECDHE_ECDSA suites, an RSA one the others only.
    s.ecdsa_credential = {};
    if (crypto::key_type_of_pkcs8(s.private_key_pkcs8) == crypto::KeyType::ecdsa_p256)
      s.ecdsa_credential = Credential{s.certificate_chain, s.private_key_pkcs8};
  }
  // Tickets are sealed under a key of the scenario's seed, so its second connection can resume.
  s.ticket_key = Rng(o.seed, "server ticket key").bytes(32);
  s.lenient.accept_early_ccs = o.accept_early_ccs;
  s.lenient.accept_finished_without_ccs = o.accept_finished_without_ccs;
  s.lenient.skip_finished_check = o.skip_finished_check;
  s.lenient.accept_unsafe_renegotiation = o.accept_unsafe_renegotiation;
  s.lenient.skip_cbc_padding_check = o.skip_cbc_padding_check;
  s.lenient.reveal_rsa_padding_error = o.reveal_rsa_padding_error;
  s.allow_psk_ke = true;
  if (o.early_data != ScenarioOptions::EarlyData::none && !o.server_refuses_early_data) s.max_early_data_size = 16384;
  if (o.key_update == ScenarioOptions::KeyUpdate::server)
    s.key_update = o.key_update_request ? ClientConfig::KeyUpdateMode::update_requested : ClientConfig::KeyUpdateMode::update;
  s.record_padding = o.record_padding;
  s.records = RecordCutting{!o.one_message_per_record, o.max_record_size};
  s.http_response_size = o.http_response_size;
  s.issue_tickets12 = o.server_session_tickets;
  // One cache for every connection this configuration serves (tlslab serve); a simulation
  // gives its run's connections one of their own (Simulation::run_server_config).
  if (o.server_session_cache) s.session_cache = std::make_shared<SessionCache>();
  return s;
}

Simulation::Simulation(ScenarioOptions opts, std::shared_ptr<Attacker> attacker)
    : opts_(std::move(opts)), eff_(effective_options(opts_)), attacker_(std::move(attacker)) {
  scripted_ = !attacker_ && chosen_attack(opts_);
  edits_attack_ = !attacker_ && !scripted_ && !opts_.edits.empty();
  reset();
}

Simulation::~Simulation() = default;

void Simulation::reset() {
  if (scripted_) attacker_ = make_scripted_attacker(eff_);
  run_ = std::make_unique<Run>();
  analyzed_ = false;
  client_.reset();
  server_.reset();
  client_ep_.reset();
  server_ep_.reset();
  plain_client_.reset();
  plain_server_.reset();
  visit_next_ = 0;
  visit_ = eff_.http_first ? browser_visit(eff_.host, eff_.http_cookie) : std::vector<Bytes>{};
  bool plain = eff_.http_first && !eff_.hsts;
  attacked_server_ep_.reset();
  attacked_server_.reset();
  anti_replay_.reset();
  session_cache_ = std::make_shared<SessionCache>();
  if (eff_.single_use_tickets || eff_.client_hello_recording) {
    anti_replay_ = std::make_shared<AntiReplay>();
    anti_replay_->single_use_tickets = eff_.single_use_tickets;
    anti_replay_->client_hello_recording = eff_.client_hello_recording;
  }
  run_->trace.scenario = opts_.to_json_text();
  first_keylog_.clear();
  if (edits_attack_) attacker_ = edits_ = std::make_shared<EditAttacker>(parse_edits(opts_.edits));
  run_->net.set_attacker(attacker_);
  if (attacker_ && attacker_->endpoint() && (plain || attacker_->terminates_tls())) {
    run_->net.link(Actor::client, Actor::attacker);
    run_->net.link(Actor::attacker, Actor::server);
  } else {
    run_->net.link(Actor::client, Actor::server);
  }
  if (plain) start_plain_connection();
  else start_connection(1);
}

void Simulation::start_plain_connection() {
  connection_ = 1;
  run_->rec.set_connection(1);
  plain_client_ = std::make_unique<PlainHttpClient>(visit_, 1);
  plain_server_ = std::make_unique<PlainHttpServer>(eff_.host, 1);
  run_->net.add(plain_client_.get());
  run_->net.add(plain_server_.get());
  run_->net.start(Actor::client);
  refresh_summary();
}

bool Simulation::continue_visit() {
  if (visit_.empty()) return false;
  if (!client_) {
    // Still on plain HTTP: the browser goes on over TLS once the site redirected it.
    if (!plain_client_ || !plain_client_->redirected_at()) return false;
    visit_next_ = *plain_client_->redirected_at();
    start_connection(2);
    return true;
  }
  // The next request of the visit, once this one's answer came over a healthy connection.
  if (visit_next_ + 1 >= visit_.size() || !client_->handshake_complete() || client_->failed() || server_->failed())
    return false;
  ++visit_next_;
  start_connection(connection_ + 1);
  return true;
}

ServerConfig Simulation::run_server_config(bool resumed) const {
  ServerConfig sc = server_config(eff_);
  sc.anti_replay = anti_replay_;  // shared by the run's server instances
  if (eff_.server_session_cache) sc.session_cache = session_cache_;
  if (resumed && eff_.early_data == ScenarioOptions::EarlyData::rejected) sc.max_early_data_size = 0;
  return sc;
}

void Simulation::start_connection(int n, uint16_t fallback_max) {
  connection_ = n;
  run_->rec.set_connection(n);
  ClientConfig cc = client_config(eff_);
  ServerConfig sc = run_server_config(n == 2 && !fallback_max && visit_.empty());
  if (client_) first_keylog_ += client_->keylog_line();
  if (!visit_.empty()) {
    // A browser visit: this connection carries the visit's next request.
    cc.http_request = visit_[visit_next_];
    cc.send_early_data = false;
    if (n > 1)
      run_->trace.connections.push_back(
          {n, plain_client_ && plain_client_->redirected_at() == visit_next_ ? ConnectionStart::Kind::redirect
                                                                            : ConnectionStart::Kind::request,
           cc.max_version});
  } else if (fallback_max) {
    // A retry below the client's real highest version: marked with the SCSV when the client
    // does RFC 7507, still checking the TLS 1.3 sentinel against its real highest version.
    cc.highest_version = cc.max_version;
    cc.max_version = fallback_max;
    cc.send_fallback_scsv = eff_.fallback_scsv;
    cc.send_early_data = false;
    run_->trace.connections.push_back({n, ConnectionStart::Kind::fallback, fallback_max});
  } else if (n == 2) {
    // The resumed connection: the client brings the first connection's session (SSL 3.0 to
    // TLS 1.2: its ID or ticket) or TLS 1.3 ticket.
    if (auto s = client_->resumable_session()) {
      cc.session = *s;
      cc.session->connection = 1;
    } else {
      cc.ticket = client_->session_tickets().front();
    }
    cc.http_request = eff_.client_request;
    run_->trace.connections.push_back({n, ConnectionStart::Kind::resumption, cc.max_version});
  } else {
    cc.send_early_data = false;  // nothing to send early without a ticket
  }
  // The client's revocation fetches go on the ladder, in the CA's and the OCSP responder's
  // lanes, and cross the attacker's network too.
  record_fetches(cc.validation, &run_->net, attacker_);
  offered_max_ = cc.max_version;
  client_ = make_client(cc, opts_.seed + uint64_t(n - 1));
  server_ = make_server(sc, opts_.seed + uint64_t(n - 1));
  client_ep_ = std::make_unique<TlsEndpoint>(client_.get());
  server_ep_ = std::make_unique<TlsEndpoint>(server_.get());
  run_->net.add(client_ep_.get());
  run_->net.add(server_ep_.get());
  run_->net.start(Actor::client);
  refresh_summary();
}

void Simulation::start_attacker_connection(Endpoint* attacker_client) {
  connection_ += 1;
  run_->rec.set_connection(connection_);
  run_->trace.connections.push_back({connection_, ConnectionStart::Kind::attacker, eff_.client_max_version});
  // The same server as connection 2's, which the attacker's replay is aimed at.
  attacked_server_ = make_server(run_server_config(true), opts_.seed + uint64_t(connection_ - 1));
  attacked_server_ep_ = std::make_unique<TlsEndpoint>(attacked_server_.get());
  // The server now talks to the attacker alone.
  run_->net.unlink(Actor::client, Actor::server);
  run_->net.unlink(Actor::attacker, Actor::server);
  run_->net.link(Actor::attacker, Actor::server);
  run_->net.add(attacked_server_ep_.get());
  run_->net.add(attacker_client);
  run_->net.start(Actor::attacker);
  refresh_summary();
}

bool Simulation::step() {
  if (!run_->net.step()) {
    if (analyzed_ || !attacker_ || !attacker_->has_analysis()) return false;
    analyzed_ = true;
    attacker_->analyze(run_->trace, *progress_);
    refresh_summary();
    return true;
  }
  refresh_summary();
  if (!run_->net.idle()) return true;
  if (continue_visit()) return true;
  if (!client_) {
    // No TLS of the client's own (a browser kept on plain HTTP): an attacker that terminates
    // the plain connection may open TLS connections of its own to the server.
    if (attacker_ && attacker_->endpoint())
      if (Endpoint* e = attacker_->client_endpoint()) start_attacker_connection(e);
  } else if (visit_.empty() && connection_ == 1 && eff_.resumption != ScenarioOptions::Resumption::none &&  // resumption
      !(attacker_ && attacker_->endpoint()) && client_->handshake_complete() && server_->handshake_complete() &&
      (!client_->session_tickets().empty() || client_->resumable_session())) {
    start_connection(2);
  } else if (uint16_t v = attacked_server_ ? 0 : fallback_version()) {
    start_connection(connection_ + 1, v);
  } else if (!attacked_server_ && attacker_ && !attacker_->endpoint()) {
    // The scenario's connections are over: the attacker may open one of its own.
    if (Endpoint* e = attacker_->client_endpoint()) start_attacker_connection(e);
  }
  return true;
}

uint16_t Simulation::fallback_version() const {
  if (!client_ || !eff_.client_fallback || client_->handshake_complete() || offered_max_ <= eff_.client_min_version) return 0;
  // Browsers retried when the server seemed not to speak the version: an alert instead of a
  // ServerHello (or a connection reset, which a run does not model). A failure the client found
  // itself (a bad certificate, a downgrade sentinel) is no reason to retry, and
  // inappropriate_fallback says a retry was refused as a downgrade (RFC 7507 3).
  bool server_refused = false;
  for (const Event& e : run_->trace.events) {
    if (e.connection != connection_ || !e.alert || e.alert->level != AlertLevel::fatal) continue;
    if (e.from == Actor::client) return 0;
    if (e.to == Actor::client && e.alert->description == AlertDescription::inappropriate_fallback) return 0;
    if (e.to == Actor::client) server_refused = true;
  }
  if (!server_refused) return 0;
  return uint16_t(offered_max_ - 1);  // the next lower version: 0x0304 TLS 1.3 ... 0x0300 SSL 3.0
}

void Simulation::run_to_end(size_t max_steps) {
  while (step_count() < max_steps && step()) {
  }
}

void Simulation::replay_to(size_t n) {
  reset();
  while (step_count() < n && step()) {
  }
}

void Simulation::refresh_summary() {
  Recorder::Parties p;
  p.client = client_.get();
  // A browser kept on plain HTTP has no TLS connection: the server's is the attacker's.
  p.server = server_ ? server_.get() : attacked_server_.get();
  if (attacker_) p.others = attacker_->connections();
  p.earlier_keylog = first_keylog_;
  run_->rec.summarize(p);
  if (!attacker_) return;
  if (auto r = attacker_->report(run_->trace, run_->net.idle())) {
    r->name = opts_.attack;
    r->variant = attack_variant(opts_);
    r->defenses_on = defenses_on(opts_);
    run_->trace.attack = std::move(r);
  }
}

std::vector<EditError> Simulation::edit_errors() const { return edits_ ? edits_->errors() : std::vector<EditError>{}; }

std::string Simulation::keylog() const {
  std::string k = first_keylog_ + (client_ ? client_->keylog_line() : "");
  if (attacker_)
    for (const Connection* c : attacker_->connections()) k += c->keylog_line();
  return k;
}

}  // namespace sim

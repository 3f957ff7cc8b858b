#include "net/simulation.hpp"

#include "scenario/scenario_io.hpp"
#include "pki/profiles.hpp"
#include "pki/validate.hpp"
#include "x509/x509.hpp"

namespace sim {

std::string ScenarioOptions::to_json_text() const { return scenario_to_json(*this); }

pki::ValidationPolicy certificate_policy(const ScenarioOptions& o) {
  pki::ValidationPolicy v;
  if (auto p = pki::profile_by_name(o.certificate_profile)) {
    v = pki::policy_for(pki::profile_pki(*p, o.host, o.pki_seed), o.host);
  } else {
    v.trust_store = {x509::demo_credentials(o.host, o.pki_seed).root_der};
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
  if (o.client_certificate) {
    const auto& cc = x509::demo_credentials("client.tlslab.test", o.pki_seed);
    c.certificate = Credential{{cc.chain_der[0]}, cc.leaf_private_pkcs8};
  }
  c.groups = o.client_groups.empty() ? default_groups() : o.client_groups;
  c.signature_schemes = default_signature_schemes();
  c.offer_extended_master_secret = o.extended_master_secret;
  c.validation = certificate_policy(o);
  return c;
}

ServerConfig server_config(const ScenarioOptions& o) {
  ServerConfig s;
  s.host = o.host;
  s.min_version = o.server_min_version;
  s.max_version = o.server_max_version;
  s.suites = o.server_suites.empty() ? default_suites(s.min_version, s.max_version) : o.server_suites;
  s.allow_deflate = o.deflate;
  s.support_renegotiation_info = o.secure_renegotiation;
  s.request_client_certificate = o.request_client_certificate || o.client_certificate;
  s.request_renegotiation = o.renegotiation == ScenarioOptions::Renegotiation::server;
  s.allow_legacy_renegotiation = o.allow_legacy_renegotiation;
  s.groups = o.server_groups.empty() ? default_groups() : o.server_groups;
  s.signature_schemes = default_signature_schemes();
  s.support_extended_master_secret = o.extended_master_secret;
  if (auto p = pki::profile_by_name(o.certificate_profile)) {
    const auto& b = pki::profile_pki(*p, o.host, o.pki_seed);
    s.certificate_chain = b.chain;
    s.private_key_pkcs8 = b.leaf_key;
    s.ocsp_response = o.ocsp_stapling ? pki::ocsp_response_for_leaf(b) : Bytes{};
  } else {
    const auto& creds = x509::demo_credentials(o.host, o.pki_seed);
    s.certificate_chain = creds.chain_der;
    s.private_key_pkcs8 = creds.leaf_private_pkcs8;
  }
  if (!o.server_chain_override.empty()) {
    s.certificate_chain = o.server_chain_override;
    s.private_key_pkcs8 = o.server_key_override;
    s.ocsp_response.clear();
  }
  return s;
}

Simulation::Simulation(ScenarioOptions opts, std::shared_ptr<Attacker> attacker)
    : opts_(std::move(opts)), attacker_(std::move(attacker)) {
  reset();
}

void Simulation::reset() {
  client_ = make_client(client_config(opts_), opts_.seed);
  server_ = make_server(server_config(opts_), opts_.seed);
  trace_ = Trace{};
  trace_.scenario = opts_.to_json_text();
  in_flight_.clear();
  steps_ = 0;
  client_->start();
  collect(*client_);
  refresh_summary();
}

void Simulation::collect(Connection& c) {
  for (auto& ev : c.take_sent()) {
    ev.step = uint32_t(steps_);
    trace_.events.push_back(std::move(ev));
    in_flight_.push_back(trace_.events.size() - 1);
  }
}

bool Simulation::step() {
  if (in_flight_.empty()) return false;
  size_t idx = in_flight_.front();
  in_flight_.pop_front();
  ++steps_;
  Connection& to = trace_.events[idx].to == Actor::client ? *client_ : *server_;
  Connection& from = trace_.events[idx].from == Actor::client ? *client_ : *server_;
  Bytes wire = trace_.events[idx].bytes;
  if (attacker_) {
    if (auto altered = attacker_->on_transit(trace_.events[idx])) {
      // The original stays in the trace as sent; what is delivered is a new attacker event.
      Event a;
      a.step = uint32_t(steps_);
      a.from = Actor::attacker;
      a.to = trace_.events[idx].to;
      a.layer = trace_.events[idx].layer;
      a.name = "altered " + trace_.events[idx].name;
      a.protection = trace_.events[idx].protection;
      a.bytes = *altered;
      a.notes.push_back(attacker_->describe());
      trace_.events.push_back(std::move(a));
      idx = trace_.events.size() - 1;
      wire = *altered;
    }
  }
  to.receive(wire);
  // The receiver's view (notes, and derivations such as record_open or master_secret) joins
  // the event it received. For an altered record, its dissection is the receiver's.
  for (auto& rv : to.take_received()) {
    Event& ev = trace_.events[idx];
    if (ev.from == Actor::attacker) {
      ev.tree = rv.tree;
      ev.plaintext = rv.plaintext;
    }
    for (auto& d : rv.derivations) ev.derivations.push_back(std::move(d));
    for (auto& n : rv.notes) ev.notes.push_back(n);
    if (rv.alert && !ev.alert) ev.alert = rv.alert;
  }
  collect(to);
  collect(from);
  refresh_summary();
  return true;
}

void Simulation::run_to_end(size_t max_steps) {
  while (steps_ < max_steps && step()) {
  }
}

void Simulation::replay_to(size_t n) {
  reset();
  while (steps_ < n && step()) {
  }
}

void Simulation::refresh_summary() {
  trace_.negotiated = client_->negotiated();
  if (trace_.negotiated.version == 0) trace_.negotiated = server_->negotiated();
  trace_.handshake_complete = client_->handshake_complete() && server_->handshake_complete();
  trace_.client_app_received = client_->app_received();
  trace_.server_app_received = server_->app_received();
  // The key log of the connection: the client's line, or the server's when only it has keys.
  std::string keys = client_->keylog_line();
  if (keys.empty()) keys = server_->keylog_line();
  trace_.keylog = keylog_lines(keys);
  std::string cf = client_->failure_text(), sf = server_->failure_text();
  if (!cf.empty() || !sf.empty()) trace_.outcome = cf + (cf.empty() || sf.empty() ? "" : "; ") + sf;
  else if (trace_.handshake_complete && client_->finished() && server_->finished()) trace_.outcome = "completed";
  else if (trace_.handshake_complete) trace_.outcome = "connected";
  else trace_.outcome = "in progress";
}

std::string Simulation::keylog() const { return client_->keylog_line(); }

}  // namespace sim

#include "hs/tls13.hpp"

#include "crypto/crypto.hpp"
#include "hs/session12.hpp"

namespace sim::tls13 {

bool is_tls13_suite(uint16_t id) {
  const CipherSuiteInfo* s = suite_by_id(id);
  return s && s->kx == KeyExchange::tls13;
}

std::vector<uint16_t> default_suites13() { return {0x1301, 0x1302, 0x1303}; }

bool scheme_allowed13(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::rsa_pss_rsae_sha256:
    case SignatureScheme::rsa_pss_rsae_sha384:
    case SignatureScheme::rsa_pss_rsae_sha512:
    case SignatureScheme::ecdsa_secp256r1_sha256:
    case SignatureScheme::ed25519: return true;
    default: return false;
  }
}

KeyShareKey generate_share(NamedGroup g, Rng& rng) {
  KeyShareKey k;
  k.group = g;
  if (g == NamedGroup::ffdhe2048) {
    auto kp = crypto::dh_generate(crypto::ffdhe2048(), rng);
    k.private_key = kp.private_key;
    k.public_key = kp.public_key;
    size_t plen = crypto::ffdhe2048().p.size();
    if (k.public_key.size() < plen) k.public_key.insert(k.public_key.begin(), plen - k.public_key.size(), 0);
  } else {
    auto kp = crypto::ecdh_generate(g, rng);
    k.private_key = kp.private_key;
    k.public_key = kp.public_key;
  }
  return k;
}

std::string shared_secret_name(NamedGroup g) { return g == NamedGroup::ffdhe2048 ? "dhe_shared_secret" : "ecdhe_shared_secret"; }

Result<Derivation> shared_secret(Actor a, const KeyShareKey& own, ByteView peer_public) {
  Derivation d;
  d.actor = a;
  bool dh = own.group == NamedGroup::ffdhe2048;
  d.name = shared_secret_name(own.group);
  d.id = derivation_id(a, d.name);
  std::string self(name_of(a)), peer = a == Actor::client ? "server" : "client";
  std::optional<Bytes> z;
  if (dh) {
    const auto& p = crypto::ffdhe2048();
    if (peer_public.size() != p.p.size())
      return fail(AlertDescription::illegal_parameter, msg("reason.ffdhe_share_size"));
    z = crypto::dh_agree(p, own.private_key, peer_public);
    d.kind = DerivationKind::tls13_dhe_shared_secret;
    d.spec = "RFC 8446 7.4.1";
    d.set_text(msg("formula.tls13_dhe"));
    d.inputs = {{"dh_p", p.p, notation("ffdhe2048 (RFC 7919)"), Source::literal("ffdhe2048 p")},
                {"dh_g", p.g, notation("ffdhe2048"), Source::literal("ffdhe2048 g")}};
  } else {
    z = crypto::ecdh_agree(own.group, own.private_key, peer_public);
    d.kind = DerivationKind::tls13_ecdhe_shared_secret;
    d.spec = "RFC 8446 7.4.2";
    d.set_text(msg(own.group == NamedGroup::x25519 ? "formula.tls13_ecdhe_x25519" : "formula.tls13_ecdhe_nist")
                   .arg("group", name_of(own.group)));
  }
  if (!z) return fail(AlertDescription::illegal_parameter, msg("reason.key_share_invalid").arg("side", actor_message(a == Actor::client ? Actor::server : Actor::client)).arg("group", name_of(own.group)));
  std::string own_msg = a == Actor::client ? "ClientHello" : "ServerHello";
  std::string peer_msg = a == Actor::client ? "ServerHello" : "ClientHello";
  d.inputs.push_back(text_value("group", name_of(own.group), msg("note_in.key_share_group")));
  d.inputs.push_back({self + "_private_key", own.private_key, msg("note_in.ephemeral"), Source::local("ephemeral private key, never sent")});
  d.inputs.push_back({self + "_public_key", own.public_key, notation(own_msg + ".key_share"), Source::field_of(own_msg, "key_exchange")});
  d.inputs.push_back({peer + "_public_key", Bytes(peer_public.begin(), peer_public.end()), notation(peer_msg + ".key_share"),
                      Source::field_of(peer_msg, "key_exchange")});
  d.output = *z;
  return d;
}

static Named empty_context() { return {"\"\"", {}, Source::literal("")}; }

CipherState traffic_state(Actor a, const CipherSuiteInfo& s, const std::string& secret_name, ByteView secret,
                          const Protection& keys, std::vector<Derivation>* out) {
  HashAlg h = s.prf_hash;
  std::string state_name = tls13_key_set_name(keys);
  Named sec{secret_name, Bytes(secret.begin(), secret.end())};
  Derivation key = expand_label(a, h, state_name + "_key", sec, "key", empty_context(), s.key_len);
  Derivation iv = expand_label(a, h, state_name + "_iv", sec, "iv", empty_context(), 12);
  key.spec = iv.spec = "RFC 8446 7.3";
  key.kind = DerivationKind::tls13_traffic_key;
  iv.kind = DerivationKind::tls13_traffic_iv;
  CipherState cs = CipherState::make13(&s, keys, key.output, iv.output);
  cs.key_from = Source::of(key.id);
  cs.iv_from = Source::of(iv.id);
  out->push_back(std::move(key));
  out->push_back(std::move(iv));
  return cs;
}

Derivation certificate_verify(Actor a, bool signer_is_server, SignatureScheme s, HashAlg h, ByteView messages,
                              const Bytes& signature, std::optional<bool> verified) {
  std::string signer = signer_is_server ? "server" : "client";
  Derivation d;
  d.actor = a;
  d.kind = verified ? DerivationKind::tls13_certificate_verify_check : DerivationKind::tls13_certificate_verify_signature;
  d.name = signer + "_certificate_verify_" + (verified ? "check" : "signature");
  d.id = derivation_id(a, d.name);
  d.spec = "RFC 8446 4.4.3";
  Bytes th = crypto::transcript_hash(h, messages);
  Bytes content = certificate_verify_content(signer_is_server, th);
  Message side = actor_message(signer_is_server ? Actor::server : Actor::client);
  Message covered = msg("formula.tls13_signed_content").arg("side", signer).arg("messages", covered_message(messages));
  if (verified)
    d.set_text(msg("formula.tls13_cv_verify")
                   .arg("scheme", name_of(s))
                   .arg("content", covered)
                   .arg("signer", side)
                   .arg("verdict", msg(*verified ? "formula.valid" : "formula.invalid")));
  else
    d.set_text(msg("formula.tls13_cv_sign").arg("scheme", name_of(s)).arg("content", covered));
  d.inputs.push_back({"messages", Bytes(messages.begin(), messages.end()), covered_message(messages), Source::transcript()});
  if (verified) d.inputs.push_back({"signature", signature, {}, Source::field_of("CertificateVerify", "signature")});
  d.inputs.push_back(text_value("hash", hash_name(h), msg("note_in.suite_hash")));
  d.steps = {{"transcript_hash", th, {}},
             {"signed_content", content, msg(verified ? "note_in.what_side_signed" : "note_in.what_side_signs").arg("side", side)}};
  d.output = verified ? Bytes{uint8_t(*verified)} : signature;
  return d;
}

Bytes certificate_verify_content(bool server, ByteView transcript_hash) {
  Bytes out(64, 0x20);
  append(out, to_bytes(server ? "TLS 1.3, server CertificateVerify" : "TLS 1.3, client CertificateVerify"));
  out.push_back(0);
  append(out, transcript_hash);
  return out;
}

static Named zeros(HashAlg h) {
  size_t n = crypto::hash_len(h);
  return {"0 (Hash.length zero bytes)", Bytes(n, 0), Source::literal("00 \u00d7 " + std::to_string(n)), msg("note_in.hash_length_zeros")};
}

Derivation early_secret(Actor a, HashAlg h, const Bytes* psk, Secrets* s, const Source& psk_from) {
  s->hash = h;
  Derivation d = extract(a, h, "early_secret", zeros(h),
                         psk ? Named{"PSK (from the session ticket)", *psk, psk_from, msg("note_in.psk_from_ticket")} : zeros(h));
  d.kind = DerivationKind::tls13_early_secret;
  s->early = d.output;
  return d;
}

void handshake_secrets(Actor a, const Bytes* shared, NamedGroup group, ByteView transcript, Secrets* s,
                       std::vector<Derivation>* out) {
  HashAlg h = s->hash;
  Derivation derived = derive_secret(a, h, "derived_early", {"early_secret", s->early}, "derived", {});
  Derivation hs = extract(a, h, "handshake_secret", {"derived_early", derived.output},
                          shared ? Named{"(EC)DHE shared secret", *shared, Source::of(derivation_id(a, shared_secret_name(group))), msg("note_in.ecdhe_shared_secret")} : zeros(h));
  derived.kind = DerivationKind::tls13_derived_early;
  hs.kind = DerivationKind::tls13_handshake_secret;
  s->handshake = hs.output;
  Derivation c = derive_secret(a, h, "client_handshake_traffic_secret", {"handshake_secret", s->handshake}, "c hs traffic", transcript);
  Derivation sv = derive_secret(a, h, "server_handshake_traffic_secret", {"handshake_secret", s->handshake}, "s hs traffic", transcript);
  c.kind = sv.kind = DerivationKind::tls13_handshake_traffic_secret;
  s->client_hs = c.output;
  s->server_hs = sv.output;
  for (auto* d : {&derived, &hs, &c, &sv}) out->push_back(std::move(*d));
}

void application_secrets(Actor a, ByteView transcript, Secrets* s, std::vector<Derivation>* out) {
  HashAlg h = s->hash;
  Derivation derived = derive_secret(a, h, "derived_handshake", {"handshake_secret", s->handshake}, "derived", {});
  Derivation ms = extract(a, h, "master_secret", {"derived_handshake", derived.output}, zeros(h));
  derived.kind = DerivationKind::tls13_derived_handshake;
  ms.kind = DerivationKind::tls13_master_secret;
  s->master = ms.output;
  Named m{"master_secret", s->master};
  Derivation c = derive_secret(a, h, "client_application_traffic_secret_0", m, "c ap traffic", transcript);
  Derivation sv = derive_secret(a, h, "server_application_traffic_secret_0", m, "s ap traffic", transcript);
  Derivation ex = derive_secret(a, h, "exporter_master_secret", m, "exp master", transcript);
  c.kind = sv.kind = DerivationKind::tls13_application_traffic_secret_0;
  ex.kind = DerivationKind::tls13_exporter_master_secret;
  s->client_ap = c.output;
  s->server_ap = sv.output;
  s->exporter = ex.output;
  for (auto* d : {&derived, &ms, &c, &sv, &ex}) out->push_back(std::move(*d));
}

Derivation resumption_secret(Actor a, ByteView transcript, Secrets* s) {
  Derivation d = derive_secret(a, s->hash, "resumption_master_secret", {"master_secret", s->master}, "res master", transcript);
  d.kind = DerivationKind::tls13_resumption_master_secret;
  s->resumption = d.output;
  return d;
}

Derivation next_application_secret(Actor a, bool client_dir, Secrets* s) {
  int& gen = client_dir ? s->client_generation : s->server_generation;
  Bytes& cur = client_dir ? s->client_ap : s->server_ap;
  std::string base = client_dir ? "client_application_traffic_secret_" : "server_application_traffic_secret_";
  Derivation d = expand_label(a, s->hash, base + std::to_string(gen + 1), {base + std::to_string(gen), cur}, "traffic upd",
                              empty_context(), crypto::hash_len(s->hash));
  d.kind = DerivationKind::tls13_application_traffic_secret_update;
  d.spec = "RFC 8446 7.2";
  ++gen;
  cur = d.output;
  return d;
}

Derivation ticket_psk(Actor a, const Secrets& s, ByteView nonce, int index) {
  Derivation d = expand_label(a, s.hash, "ticket_psk_" + std::to_string(index), {"resumption_master_secret", s.resumption},
                              "resumption",
                              {"ticket_nonce", Bytes(nonce.begin(), nonce.end()), Source::field_of("NewSessionTicket", "ticket_nonce")},
                              crypto::hash_len(s.hash));
  d.kind = DerivationKind::tls13_ticket_psk;
  d.spec = "RFC 8446 4.6.1";
  return d;
}

void psk_binder(Actor a, const Secrets& s, ByteView truncated, std::vector<Derivation>* out, Bytes* binder) {
  Derivation bk = derive_secret(a, s.hash, "binder_key", {"early_secret", s.early}, "res binder", {});
  Derivation b = finished(a, s.hash, true, {"binder_key", bk.output}, truncated);
  bk.kind = DerivationKind::tls13_binder_key;
  b.kind = DerivationKind::tls13_psk_binder;
  b.name = "psk_binder";
  b.id = derivation_id(a, b.name);
  b.spec = "RFC 8446 4.2.11.2";
  b.set_text(msg("formula.psk_binder").arg("messages", covered_message(truncated)));
  *binder = b.output;
  out->push_back(std::move(bk));
  out->push_back(std::move(b));
}

Derivation message_hash(Actor a, HashAlg h, ByteView ch1, Bytes* synthetic) {
  Derivation d;
  d.actor = a;
  d.kind = DerivationKind::tls13_message_hash;
  d.name = "message_hash";
  d.id = derivation_id(a, d.name);
  d.spec = "RFC 8446 4.4.1";
  d.set_text(msg("formula.message_hash"));
  Bytes hh = crypto::hash(h, ch1);
  d.inputs = {{"messages", Bytes(ch1.begin(), ch1.end()), notation("ClientHello1"), Source::transcript()},
              text_value("hash", hash_name(h), msg("note_in.suite_hash"))};
  d.steps = {{"transcript_hash", hh, notation(hash_name(h) + "(ClientHello1)")}};
  d.output = concat({Bytes{254, 0, 0, uint8_t(hh.size())}, hh});
  *synthetic = d.output;
  return d;
}

std::string keylog_line(const std::string& label, ByteView cr, ByteView secret) {
  return label + " " + to_hex(cr) + " " + to_hex(secret) + "\n";
}

Bytes seal_ticket(ByteView key, const TicketContents& t, Rng& rng) {
  ByteWriter w;
  w.vec(1, t.psk);
  w.u16(t.cipher_suite);
  w.u32(t.ticket_age_add);
  w.u32(t.max_early_data_size);
  w.vec(1, to_bytes(t.server_name));
  return seal_for_self(key, "tlslab ticket", w.take(), rng);
}

std::optional<TicketContents> open_ticket(ByteView key, ByteView ticket) {
  auto pt = open_for_self(key, "tlslab ticket", ticket);
  if (!pt) return std::nullopt;
  ByteReader r(*pt, 0);
  TicketContents t;
  ByteReader psk, name;
  if (!r.prefixed(1, &psk) || !r.u16(&t.cipher_suite) || !r.u32(&t.ticket_age_add) || !r.u32(&t.max_early_data_size) ||
      !r.prefixed(1, &name) || !r.empty())
    return std::nullopt;
  ByteView pv = psk.rest(), nv = name.rest();
  t.psk.assign(pv.begin(), pv.end());
  t.server_name.assign(nv.begin(), nv.end());
  return t;
}

}  // namespace sim::tls13

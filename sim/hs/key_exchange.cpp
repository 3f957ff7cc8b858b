#include "hs/key_exchange.hpp"

#include "crypto/crypto.hpp"
#include "hs/key_schedule12.hpp"
#include "hs/signatures.hpp"
#include "trace/spec_ref.hpp"

namespace sim {

Result<KeyExchangeResult> rsa_key_transport_client(Rng& rng, ByteView spki, uint16_t client_version,
                                                   Message key_source, const Source& key_from) {
  KeyExchangeResult r;
  Bytes random46 = rng.bytes(46);
  Bytes version{uint8_t(client_version >> 8), uint8_t(client_version)};
  r.pre_master_secret = concat({version, random46});
  auto enc = crypto::rsa_encrypt_pkcs1(spki, r.pre_master_secret, rng);
  if (!enc) return fail(AlertDescription::internal_error, msg("reason.rsa_encryption_failed"));
  r.exchange = *enc;
  Derivation d;
  d.actor = Actor::client;
  d.name = "pre_master_secret";
  d.id = derivation_id(d.actor, d.name);
  d.kind = DerivationKind::rsa_pre_master_secret_encrypt;
  d.set_text(msg("formula.rsa_pms_encrypt"));
  d.spec = "RFC 5246 7.4.7.1";
  d.inputs = {{"client_version", version, {}, Source::field_of("ClientHello", "client_version")},
              {"random", random46, msg("note_in.random_bytes").arg("n", "46"), Source::local("46 bytes from the client's random generator")},
              {"server_public_key", Bytes(spki.begin(), spki.end()), std::move(key_source), key_from}};
  d.steps = {{"EncryptedPreMasterSecret", *enc, msg("note_in.sent_in").arg("message", "ClientKeyExchange")}};
  d.output = r.pre_master_secret;
  r.derivations.push_back(std::move(d));
  return r;
}

std::optional<Bytes> pkcs1_v15_unpad(ByteView b) {
  if (b.size() < 11) return std::nullopt;  // the key's length, public
  // Constant shape: every byte is read and each condition is folded in with masks, not
  // branches, so the check runs the same way whatever the block holds (Bleichenbacher's attack
  // needs only a difference between blocks; RFC 5246 7.4.7.1). Only the verdict is branched on.
  size_t bad = size_t(b[0]) | size_t(b[1] ^ 2);
  size_t found = 0, sep = 0;
  for (size_t i = 2; i < b.size(); ++i) {
    size_t zero = ((size_t(b[i]) - 1) >> 8) & 1;  // 1 when b[i] == 0
    size_t first = zero & (found ^ 1);
    sep |= (size_t(0) - first) & i;  // the first zero's index
    found |= zero;
  }
  bad |= found ^ 1;                                      // no separator
  bad |= ((sep - 10) >> (sizeof(size_t) * 8 - 1)) & 1;  // fewer than 8 padding bytes (sep < 10)
  if (bad) return std::nullopt;
  return Bytes(b.begin() + long(sep + 1), b.end());
}

KeyExchangeResult rsa_key_transport_server(Rng& rng, ByteView priv, ByteView encrypted, uint16_t client_version,
                                           bool reveal_padding_error) {
  KeyExchangeResult r;
  Bytes fallback = concat({Bytes{uint8_t(client_version >> 8), uint8_t(client_version)}, rng.bytes(46)});
  // One private-key operation; the block is then checked here, in the open, so the derivation
  // shows the check an oracle would leak.
  auto raw = crypto::rsa_raw_decrypt(priv, encrypted);
  std::optional<Bytes> pt;
  if (raw) pt = pkcs1_v15_unpad(*raw);
  Derivation d;
  d.actor = Actor::server;
  d.name = "pre_master_secret";
  d.id = derivation_id(d.actor, d.name);
  d.kind = DerivationKind::rsa_pre_master_secret_decrypt;
  d.spec = "RFC 5246 7.4.7.1";
  d.set_text(msg("formula.rsa_pms_decrypt"));
  d.inputs = {{"EncryptedPreMasterSecret", Bytes(encrypted.begin(), encrypted.end()), {},
               Source::field_of("ClientKeyExchange", "EncryptedPreMasterSecret")}};
  if (raw) d.steps.push_back({"decrypted block", *raw, msg("note_in.pkcs1_block")});
  d.steps.push_back({"PKCS#1 v1.5 conforming", Bytes{uint8_t(pt.has_value())},
                     msg(pt ? "note_in.pkcs1_conforming" : "note_in.pkcs1_not_conforming")});
  if (!pt && reveal_padding_error) {
    // The lenient server stops here and says why: Bleichenbacher's oracle (RFC 2246 7.4.7.1 note).
    r.padding_error = true;
    d.steps.push_back({"padding error revealed", Bytes{}, msg("note_in.rsa_padding_error_revealed")});
    d.output = Bytes{};
    r.derivations.push_back(std::move(d));
    return r;
  }
  bool ok = pt && pt->size() == 48 && (*pt)[0] == (client_version >> 8) && (*pt)[1] == uint8_t(client_version);
  if (ok) {
    r.pre_master_secret = *pt;
  } else {
    // Same timing and same path either way; the handshake then fails at Finished.
    r.pre_master_secret = fallback;
    d.steps.push_back({"random fallback", fallback, msg("note_in.bleichenbacher_fallback")});
  }
  d.output = r.pre_master_secret;
  r.derivations.push_back(std::move(d));
  return r;
}

static std::string group_label(const ServerKeyExchange& ske) {
  if (ske.kx == KeyExchange::dhe_rsa) return "DHE";
  return "ECDH " + name_of(NamedGroup(ske.named_curve));
}

// TLS 1.2 strips leading zero bytes of the DH shared secret (RFC 5246 8.1.2).
static Bytes strip_leading_zeros(Bytes z) {
  size_t i = 0;
  while (i + 1 < z.size() && z[i] == 0) ++i;
  return Bytes(z.begin() + i, z.end());
}

static Derivation agreement_derivation(Actor a, const ServerKeyExchange& ske, ByteView own_private,
                                       ByteView own_public, ByteView peer_public, const Bytes& z_raw,
                                       const Bytes& pms) {
  Derivation d;
  d.actor = a;
  d.name = "pre_master_secret";
  d.id = derivation_id(a, d.name);
  std::string peer = a == Actor::client ? "server" : "client";
  std::string self = std::string(name_of(a));
  if (ske.kx == KeyExchange::dhe_rsa) {
    d.set_text(msg("formula.dh_pms"));
    d.kind = DerivationKind::dh_pre_master_secret;
    d.spec = "RFC 5246 8.1.2";
    d.inputs = {{"dh_p", ske.dh_p, {}, Source::field_of("ServerKeyExchange", "dh_p")},
                {"dh_g", ske.dh_g, {}, Source::field_of("ServerKeyExchange", "dh_g")}};
    d.steps = {{"Z (padded to |p|)", z_raw, {}}};
  } else {
    d.set_text(msg(ske.named_curve == uint16_t(NamedGroup::x25519) ? "formula.ecdh_pms_x25519" : "formula.ecdh_pms_nist")
                   .arg("group", group_label(ske)));
    d.kind = DerivationKind::ecdh_pre_master_secret;
    d.spec = "RFC 8422 5.10";
  }
  const char* own_msg = a == Actor::client ? "ClientKeyExchange" : "ServerKeyExchange";
  const char* peer_msg = a == Actor::client ? "ServerKeyExchange" : "ClientKeyExchange";
  auto public_field = [&](const char* m) {
    if (std::string_view(m) == "ClientKeyExchange") return ske.kx == KeyExchange::dhe_rsa ? "dh_Yc" : "ecdh_Yc";
    return ske.kx == KeyExchange::dhe_rsa ? "dh_Ys" : "public (ECPoint)";
  };
  d.inputs.push_back({self + "_private_key", Bytes(own_private.begin(), own_private.end()), msg("note_in.ephemeral"),
                      Source::local("ephemeral private key, never sent")});
  d.inputs.push_back({self + "_public_key", Bytes(own_public.begin(), own_public.end()), {},
                      Source::field_of(own_msg, public_field(own_msg))});
  d.inputs.push_back({peer + "_public_key", Bytes(peer_public.begin(), peer_public.end()), {},
                      Source::field_of(peer_msg, public_field(peer_msg))});
  d.output = pms;
  return d;
}

Result<KeyExchangeResult> ephemeral_client(Rng& rng, const ServerKeyExchange& ske) {
  KeyExchangeResult r;
  if (is_ecdhe(ske.kx)) {
    NamedGroup g = NamedGroup(ske.named_curve);
    auto kp = crypto::ecdh_generate(g, rng);
    auto z = crypto::ecdh_agree(g, kp.private_key, ske.public_key);
    if (!z) return fail(AlertDescription::illegal_parameter, msg("reason.ecdh_point_invalid").arg("side", msg("actor.server")));
    r.exchange = kp.public_key;
    r.pre_master_secret = *z;
    r.derivations.push_back(agreement_derivation(Actor::client, ske, kp.private_key, kp.public_key, ske.public_key, *z, *z));
  } else {
    crypto::DhParams params{ske.dh_p, ske.dh_g};
    auto kp = crypto::dh_generate(params, rng);
    auto z = crypto::dh_agree(params, kp.private_key, ske.public_key);
    if (!z) return fail(AlertDescription::illegal_parameter, msg("reason.dh_value_out_of_range").arg("side", msg("actor.server")));
    r.exchange = strip_leading_zeros(kp.public_key);
    r.pre_master_secret = strip_leading_zeros(*z);
    r.derivations.push_back(agreement_derivation(Actor::client, ske, kp.private_key, r.exchange, ske.public_key, *z, r.pre_master_secret));
  }
  return r;
}

Bytes ephemeral_server_generate(Rng& rng, KeyExchange kx, NamedGroup group, ServerKeyExchange* ske) {
  ske->kx = kx;
  if (is_ecdhe(kx)) {
    auto kp = crypto::ecdh_generate(group, rng);
    ske->named_curve = uint16_t(group);
    ske->public_key = kp.public_key;
    ske->params = encode_server_params(*ske);
    return kp.private_key;
  }
  const auto& p = crypto::ffdhe2048();
  auto kp = crypto::dh_generate(p, rng);
  ske->dh_p = p.p;
  ske->dh_g = p.g;
  ske->public_key = kp.public_key;
  ske->params = encode_server_params(*ske);
  return kp.private_key;
}

Result<KeyExchangeResult> ephemeral_server_agree(const ServerKeyExchange& ske, ByteView priv, ByteView client_public) {
  KeyExchangeResult r;
  if (is_ecdhe(ske.kx)) {
    auto z = crypto::ecdh_agree(NamedGroup(ske.named_curve), priv, client_public);
    if (!z) return fail(AlertDescription::illegal_parameter, msg("reason.ecdh_point_invalid").arg("side", msg("actor.client")));
    r.pre_master_secret = *z;
    r.derivations.push_back(agreement_derivation(Actor::server, ske, priv, ske.public_key, client_public, *z, *z));
  } else {
    auto z = crypto::dh_agree(crypto::DhParams{ske.dh_p, ske.dh_g}, priv, client_public);
    if (!z) return fail(AlertDescription::illegal_parameter, msg("reason.dh_value_out_of_range").arg("side", msg("actor.client")));
    r.pre_master_secret = strip_leading_zeros(*z);
    r.derivations.push_back(agreement_derivation(Actor::server, ske, priv, ske.public_key, client_public, *z, r.pre_master_secret));
  }
  return r;
}

static Derivation sig_base(Actor a, uint16_t version, const ServerKeyExchange& ske, ByteView cr, ByteView sr) {
  Derivation d;
  d.actor = a;
  d.spec = derivation_spec(DerivationKind::server_key_exchange_signature, version);
  const char* params = ske.kx == KeyExchange::dhe_rsa ? "ServerDHParams"
                       : ske.kx == KeyExchange::rsa_export ? "ServerRSAParams" : "ServerECDHParams";
  d.inputs = {{"client_random", Bytes(cr.begin(), cr.end()), {}, client_random_from()},
              {"server_random", Bytes(sr.begin(), sr.end()), {}, server_random_from()},
              {"params", ske.params, {}, Source::field_of("ServerKeyExchange", params)}};
  Bytes signed_data = concat({cr, sr, ske.params});
  d.steps = {{"signed_data", signed_data, notation("client_random + server_random + params")}};
  if (version < kTls12) d.steps.push_back({"md5_hash + sha_hash", md5_sha1(signed_data), msg("note_in.md5_sha_signed")});
  return d;
}

Derivation signature_derivation(Actor a, uint16_t version, const ServerKeyExchange& ske, ByteView cr, ByteView sr) {
  Derivation d = sig_base(a, version, ske, cr, sr);
  d.kind = DerivationKind::server_key_exchange_signature;
  d.name = "server_key_exchange_signature";
  d.id = derivation_id(a, d.name);
  d.set_text(msg("formula.ske_sign").arg("scheme", signature_label(version, SignatureScheme(ske.signature_algorithm))));
  d.output = ske.signature;
  return d;
}

TemporaryRsaKey make_temporary_rsa_key(Rng& rng) {
  auto kp = crypto::rsa_generate(512, rng);
  TemporaryRsaKey k;
  k.private_pkcs8 = kp.private_pkcs8;
  crypto::rsa_components(kp.public_spki, &k.modulus, &k.exponent);
  return k;
}

Derivation signature_check_derivation(Actor a, uint16_t version, const ServerKeyExchange& ske, ByteView cr, ByteView sr, bool valid) {
  Derivation d = sig_base(a, version, ske, cr, sr);
  d.kind = DerivationKind::server_key_exchange_signature_check;
  d.name = "server_key_exchange_signature_check";
  d.id = derivation_id(a, d.name);
  d.set_text(msg("formula.ske_verify")
                 .arg("scheme", signature_label(version, SignatureScheme(ske.signature_algorithm)))
                 .arg("verdict", msg(valid ? "formula.valid" : "formula.invalid")));
  d.steps.push_back({"signature", ske.signature, notation("ServerKeyExchange.signature")});
  d.output = Bytes{uint8_t(valid)};
  return d;
}

}  // namespace sim

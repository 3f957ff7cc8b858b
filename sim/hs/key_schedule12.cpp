#include "hs/key_schedule12.hpp"

#include "crypto/crypto.hpp"

namespace sim {

Bytes p_hash(HashAlg h, ByteView secret, ByteView seed, size_t n, std::vector<NamedBytes>* steps) {
  Bytes out;
  Bytes a(seed.begin(), seed.end());  // A(0) = seed
  for (int i = 1; out.size() < n; ++i) {
    a = crypto::hmac(h, secret, a);
    Bytes block = crypto::hmac(h, secret, concat({a, seed}));
    if (steps) {
      steps->push_back({"A(" + std::to_string(i) + ")", a, notation("HMAC(secret, A(" + std::to_string(i - 1) + "))")});
      steps->push_back({"P_hash block " + std::to_string(i), block, notation("HMAC(secret, A(" + std::to_string(i) + ") + seed)")});
    }
    append(out, block);
  }
  out.resize(n);
  return out;
}

Bytes prf12(HashAlg h, ByteView secret, std::string_view label, ByteView seed, size_t n,
            std::vector<NamedBytes>* steps) {
  return p_hash(h, secret, concat({to_bytes(label), seed}), n, steps);
}

std::string prf_function_name(HashAlg h) {
  return h == HashAlg::Sha384 ? "TLS1.2-PRF-SHA384" : "TLS1.2-PRF-SHA256";
}

Source client_random_from() { return Source::field_of("ClientHello", "random"); }
Source server_random_from() { return Source::field_of("ServerHello", "random"); }
Source randoms_from(bool client_first) {
  return client_first ? Source::concat({client_random_from(), server_random_from()})
                      : Source::concat({server_random_from(), client_random_from()});
}
Source own_from(Actor a, const std::string& name, std::string part) { return Source::of(derivation_id(a, name), std::move(part)); }

static std::string hash_short(HashAlg h) { return h == HashAlg::Sha384 ? "SHA384" : "SHA256"; }

static Derivation prf_derivation(Actor a, HashAlg h, std::string name, std::string secret_name,
                                 ByteView secret, std::string label, ByteView seed,
                                 Message seed_source, size_t n, Source seed_from) {
  Derivation d;
  d.actor = a;
  d.name = std::move(name);
  d.id = derivation_id(a, d.name);
  d.inputs = {{secret_name, Bytes(secret.begin(), secret.end()), {}, own_from(a, secret_name)},
              text_value("label", label, notation("ASCII \"" + label + "\"")),
              {"seed", Bytes(seed.begin(), seed.end()), std::move(seed_source), std::move(seed_from)}};
  d.formula = "PRF(" + secret_name + ", \"" + label + "\", seed) = P_" + hash_short(h) + "(" +
              secret_name + ", \"" + label + "\" + seed)[0.." + std::to_string(n - 1) + "]";
  d.output = prf12(h, secret, label, seed, n, &d.steps);
  return d;
}

Derivation derive_master_secret(Actor a, HashAlg h, ByteView pms, ByteView cr, ByteView sr) {
  Derivation d = prf_derivation(a, h, "master_secret", "pre_master_secret", pms, "master secret",
                                concat({cr, sr}), notation("ClientHello.random + ServerHello.random"), 48, randoms_from(true));
  d.kind = DerivationKind::tls12_master_secret;
  d.spec = "RFC 5246 8.1";
  d.inputs.push_back({"client_random", Bytes(cr.begin(), cr.end()), {}, client_random_from()});
  d.inputs.push_back({"server_random", Bytes(sr.begin(), sr.end()), {}, server_random_from()});
  d.inputs.push_back(text_value("prf", prf_function_name(h), msg("note_in.suite_prf")));
  return d;
}

Derivation derive_extended_master_secret(Actor a, HashAlg h, ByteView pms, ByteView msgs) {
  Bytes session_hash = crypto::transcript_hash(h, msgs);
  Derivation d = prf_derivation(a, h, "master_secret", "pre_master_secret", pms,
                                "extended master secret", session_hash,
                                notation("session_hash = Hash(ClientHello .. ClientKeyExchange)"), 48, Source::step_of("session_hash"));
  d.kind = DerivationKind::tls12_extended_master_secret;
  d.spec = "RFC 7627 4";
  d.steps.insert(d.steps.begin(), {"session_hash", session_hash, notation(std::string(name_of(h)) + "(handshake_messages)")});
  d.inputs.push_back({"handshake_messages", Bytes(msgs.begin(), msgs.end()), msg("note_in.messages_through_cke"), Source::transcript()});
  d.inputs.push_back(text_value("prf", prf_function_name(h), msg("note_in.suite_prf")));
  return d;
}

Derivation derive_key_block(Actor a, const CipherSuiteInfo& s, ByteView ms, ByteView cr, ByteView sr) {
  size_t n = 2 * (s.mac_len + s.key_len + s.fixed_iv_len);
  Derivation d = prf_derivation(a, s.prf_hash, "key_block", "master_secret", ms, "key expansion",
                                concat({sr, cr}), notation("ServerHello.random + ClientHello.random"), n, randoms_from(false));
  d.kind = DerivationKind::tls12_key_block;
  d.spec = "RFC 5246 6.3";
  d.inputs.push_back(text_value("prf", prf_function_name(s.prf_hash), msg("note_in.suite_prf")));
  return d;
}

KeyBlock split_key_block(const Derivation& d) {
  KeyBlock k;
  for (auto& p : d.parts) {
    Bytes v(d.output.begin() + p.offset, d.output.begin() + p.offset + p.length);
    if (p.name == "client_write_MAC_key") k.client_write_mac_key = v;
    if (p.name == "server_write_MAC_key") k.server_write_mac_key = v;
    if (p.name == "client_write_key") k.client_write_key = v;
    if (p.name == "server_write_key") k.server_write_key = v;
    if (p.name == "client_write_IV") k.client_write_iv = v;
    if (p.name == "server_write_IV") k.server_write_iv = v;
  }
  return k;
}

Derivation derive_verify_data(Actor a, HashAlg h, ByteView ms, bool client, ByteView msgs) {
  Bytes hh = crypto::transcript_hash(h, msgs);
  std::string label = client ? "client finished" : "server finished";
  Derivation d = prf_derivation(a, h, client ? "client_verify_data" : "server_verify_data",
                                "master_secret", ms, label, hh,
                                notation(std::string(name_of(h)) + "(handshake_messages)"), 12, Source::step_of("handshake_hash"));
  d.id = finished_derivation_id(a, client, d.name);
  d.kind = DerivationKind::tls12_finished;
  d.spec = "RFC 5246 7.4.9";
  d.steps.insert(d.steps.begin(), {"handshake_hash", hh, notation(std::string(name_of(h)) + "(handshake_messages)")});
  d.inputs.push_back({"handshake_messages", Bytes(msgs.begin(), msgs.end()),
                      client ? msg("note_in.messages_before_client_finished") : msg("note_in.messages_through_client_finished"),
                      Source::transcript()});
  d.inputs.push_back(text_value("prf", prf_function_name(h), msg("note_in.suite_prf")));
  return d;
}

}  // namespace sim

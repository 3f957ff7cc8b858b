#include "hs/key_schedule.hpp"

#include "crypto/crypto.hpp"
#include "trace/spec_ref.hpp"

namespace sim {

using crypto::hash;
using crypto::ssl3_pad1;
using crypto::ssl3_pad2;

static Bytes bytes_of(ByteView v) { return Bytes(v.begin(), v.end()); }

Bytes prf10(ByteView secret, std::string_view label, ByteView seed, size_t n, std::vector<NamedBytes>* steps) {
  size_t half = (secret.size() + 1) / 2;
  ByteView s1 = secret.subspan(0, half), s2 = secret.subspan(secret.size() - half);
  Bytes ls = concat({to_bytes(label), seed});
  Bytes md5 = p_hash(HashAlg::Md5, s1, ls, n, nullptr);
  Bytes sha = p_hash(HashAlg::Sha1, s2, ls, n, nullptr);
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = md5[i] ^ sha[i];
  if (steps) {
    steps->push_back({"S1", bytes_of(s1), msg("note_in.secret_first_half")});
    steps->push_back({"S2", bytes_of(s2), msg("note_in.secret_second_half")});
    steps->push_back({"P_MD5(S1, label + seed)", md5, msg("note_in.p_hash_expansion").arg("hmac", "HMAC-MD5")});
    steps->push_back({"P_SHA1(S2, label + seed)", sha, msg("note_in.p_hash_expansion").arg("hmac", "HMAC-SHA1")});
  }
  return out;
}

Bytes ssl3_expand(ByteView secret, ByteView seed, size_t n, std::vector<NamedBytes>* steps) {
  Bytes out;
  for (int i = 1; out.size() < n; ++i) {
    std::string letters(size_t(i), char('A' + i - 1));  // "A", "BB", "CCC", ...
    Bytes inner = hash(HashAlg::Sha1, concat({to_bytes(letters), secret, seed}));
    Bytes block = hash(HashAlg::Md5, concat({secret, inner}));
    if (steps) {
      steps->push_back({"SHA('" + letters + "' + secret + seed)", inner, msg("note_in.ssl3_inner_sha")});
      steps->push_back({"MD5(secret + SHA('" + letters + "' ...))", block, msg("note_in.ssl3_outer_md5")});
    }
    append(out, block);
  }
  out.resize(n);
  return out;
}

Bytes handshake_hash(uint16_t version, const CipherSuiteInfo& s, ByteView msgs) {
  if (version >= kTls12) return hash(s.prf_hash, msgs);
  return concat({hash(HashAlg::Md5, msgs), hash(HashAlg::Sha1, msgs)});
}

static std::string prf_name(uint16_t version, const CipherSuiteInfo& s) {
  if (version == kSsl3) return "SSL3-KDF";
  if (version < kTls12) return "TLS1.0-PRF";
  return prf_function_name(s.prf_hash);
}

// The version's PRF(secret, label, seed) with its formula text.
static Bytes version_prf(uint16_t version, const CipherSuiteInfo& s, ByteView secret, const std::string& label,
                         ByteView seed, size_t n, std::vector<NamedBytes>* steps, std::string* formula,
                         const std::string& secret_name) {
  std::string range = "[0.." + std::to_string(n - 1) + "]";
  if (version >= kTls12) {
    *formula = "PRF(" + secret_name + ", \"" + label + "\", seed) = P_" +
               std::string(s.prf_hash == HashAlg::Sha384 ? "SHA384" : "SHA256") + "(" + secret_name +
               ", \"" + label + "\" + seed)" + range;
    return prf12(s.prf_hash, secret, label, seed, n, steps);
  }
  *formula = "PRF(" + secret_name + ", \"" + label + "\", seed) = P_MD5(S1, \"" + label +
             "\" + seed) XOR P_SHA1(S2, \"" + label + "\" + seed)" + range;
  return prf10(secret, label, seed, n, steps);
}

Derivation derive_master(Actor a, uint16_t version, const CipherSuiteInfo& s, ByteView pms, ByteView cr,
                         ByteView sr, std::optional<ByteView> ems) {
  if (version >= kTls12 && !ems) return derive_master_secret(a, s.prf_hash, pms, cr, sr);
  if (version >= kTls12) return derive_extended_master_secret(a, s.prf_hash, pms, *ems);
  Derivation d;
  d.actor = a;
  d.name = "master_secret";
  d.id = derivation_id(a, d.name);
  d.inputs.push_back({"pre_master_secret", bytes_of(pms), {}, own_from(a, "pre_master_secret")});
  if (version == kSsl3) {
    Bytes seed = concat({cr, sr});
    d.formula = "master_secret = MD5(pre_master_secret + SHA('A' + pre_master_secret + ClientHello.random + ServerHello.random)) + "
                        "MD5(pre_master_secret + SHA('BB' + ...)) + MD5(pre_master_secret + SHA('CCC' + ...))";
    d.kind = DerivationKind::ssl3_master_secret;
    d.spec = "RFC 6101 6.1";
    d.inputs.push_back({"seed", seed, notation("ClientHello.random + ServerHello.random"), randoms_from(true)});
    d.output = ssl3_expand(pms, seed, 48, &d.steps);
  } else {
    Bytes seed;
    std::string label;
    if (ems) {
      seed = handshake_hash(version, s, *ems);
      label = "extended master secret";
      d.kind = DerivationKind::tls10_extended_master_secret;
      d.spec = "RFC 7627 4";
      d.steps.push_back({"session_hash", seed, notation("MD5(handshake_messages) + SHA-1(handshake_messages)")});
    } else {
      seed = concat({cr, sr});
      label = "master secret";
      d.kind = DerivationKind::tls10_master_secret;
      d.spec = derivation_spec(d.kind, version);
    }
    d.inputs.push_back(text_value("label", label, notation("ASCII \"" + label + "\"")));
    d.inputs.push_back({"seed", seed, ems ? msg("note_in.tls10_session_hash") : notation("ClientHello.random + ServerHello.random"),
                        ems ? Source::step_of("session_hash") : randoms_from(true)});
    d.output = version_prf(version, s, pms, label, seed, 48, &d.steps, &d.formula, "pre_master_secret");
  }
  if (ems) d.inputs.push_back({"handshake_messages", bytes_of(*ems), msg("note_in.messages_through_cke"), Source::transcript()});
  else {
    d.inputs.push_back({"client_random", bytes_of(cr), {}, client_random_from()});
    d.inputs.push_back({"server_random", bytes_of(sr), {}, server_random_from()});
  }
  d.inputs.push_back(text_value("prf", prf_name(version, s), msg("note_in.version_kdf")));
  return d;
}

// Sizes of the key_block parts per version (RFC 6101 6.2.2, RFC 2246 6.3, RFC 4346 6.3, RFC 5246 6.3).
static size_t iv_part_len(uint16_t version, const CipherSuiteInfo& s) {
  if (s.aead()) return s.fixed_iv_len;
  if (s.exportable()) return 0;             // export IVs are derived from the randoms
  if (version <= kTls10) return s.block_len;  // implicit first IV, then CBC chaining
  return 0;                                 // TLS 1.1+: explicit IV in each record
}

Derivation derive_keys(Actor a, uint16_t version, const CipherSuiteInfo& s, ByteView ms, ByteView cr, ByteView sr) {
  size_t iv = iv_part_len(version, s);
  size_t n = 2 * (s.mac_len + s.key_len + iv);
  Derivation d;
  if (version >= kTls12) {
    d = derive_key_block(a, s, ms, cr, sr);
  } else {
    d.actor = a;
    d.name = "key_block";
    d.id = derivation_id(a, d.name);
    Bytes seed = concat({sr, cr});
    d.inputs = {{"master_secret", bytes_of(ms), {}, own_from(a, "master_secret")}};
    if (version == kSsl3) {
      d.kind = DerivationKind::ssl3_key_block;
      d.spec = "RFC 6101 6.2.2";
      d.formula = "key_block = MD5(master_secret + SHA('A' + master_secret + ServerHello.random + ClientHello.random)) + "
                          "MD5(master_secret + SHA('BB' + ...)) + ...[0.." + std::to_string(n - 1) + "]";
      d.inputs.push_back({"seed", seed, notation("ServerHello.random + ClientHello.random"), randoms_from(false)});
      d.output = ssl3_expand(ms, seed, n, &d.steps);
    } else {
      d.kind = DerivationKind::tls10_key_block;
      d.spec = derivation_spec(d.kind, version);
      d.inputs.push_back(text_value("label", "key expansion", notation("ASCII \"key expansion\"")));
      d.inputs.push_back({"seed", seed, notation("ServerHello.random + ClientHello.random"), randoms_from(false)});
      d.output = version_prf(version, s, ms, "key expansion", seed, n, &d.steps, &d.formula, "master_secret");
    }
    d.inputs.push_back(text_value("prf", prf_name(version, s), msg("note_in.version_kdf")));
  }
  d.parts.clear();
  size_t off = 0;
  auto part = [&](const char* name, size_t len) {
    if (len) d.parts.push_back({name, off, len});
    off += len;
  };
  part("client_write_MAC_key", s.mac_len);
  part("server_write_MAC_key", s.mac_len);
  part("client_write_key", s.key_len);
  part("server_write_key", s.key_len);
  part("client_write_IV", iv);
  part("server_write_IV", iv);
  return d;
}

std::vector<Derivation> derive_export_keys(Actor a, uint16_t version, const CipherSuiteInfo& s,
                                           const Derivation& kb, ByteView cr, ByteView sr) {
  std::vector<Derivation> out;
  if (!s.exportable()) return out;
  KeyBlock k = split_key_block(kb);
  NamedBytes cwk{"client_write_key", k.client_write_key, {}, Source::of(kb.id, "client_write_key")};
  NamedBytes swk{"server_write_key", k.server_write_key, {}, Source::of(kb.id, "server_write_key")};
  NamedBytes crn{"client_random", bytes_of(cr), {}, client_random_from()};
  NamedBytes srn{"server_random", bytes_of(sr), {}, server_random_from()};
  auto make = [&](DerivationKind kind, const std::string& name, std::string formula, std::vector<NamedBytes> inputs, Bytes value,
                  std::vector<NamedBytes> steps) {
    Derivation d;
    d.actor = a;
    d.kind = kind;
    d.name = name;
    d.id = derivation_id(a, name);
    d.formula = std::move(formula);
    d.spec = version == kSsl3 ? "RFC 6101 6.2.2.1" : "RFC 2246 6.3.1";
    d.inputs = std::move(inputs);
    d.steps = std::move(steps);
    d.output = std::move(value);
    out.push_back(std::move(d));
  };
  size_t klen = s.expanded_key_len, ivlen = s.block_len;
  if (version == kSsl3) {
    Bytes ck = hash(HashAlg::Md5, concat({k.client_write_key, cr, sr}));
    Bytes sk = hash(HashAlg::Md5, concat({k.server_write_key, sr, cr}));
    make(DerivationKind::ssl3_export_key, "final_client_write_key", "MD5(client_write_key + ClientHello.random + ServerHello.random)[0.." + std::to_string(klen - 1) + "]",
         {cwk, crn, srn},
         Bytes(ck.begin(), ck.begin() + klen), {{"MD5", ck, {}}});
    make(DerivationKind::ssl3_export_key, "final_server_write_key", "MD5(server_write_key + ServerHello.random + ClientHello.random)[0.." + std::to_string(klen - 1) + "]",
         {swk, srn, crn},
         Bytes(sk.begin(), sk.begin() + klen), {{"MD5", sk, {}}});
    if (ivlen) {
      Bytes civ = hash(HashAlg::Md5, concat({cr, sr})), siv = hash(HashAlg::Md5, concat({sr, cr}));
      make(DerivationKind::ssl3_export_iv, "client_write_IV", "MD5(ClientHello.random + ServerHello.random)[0.." + std::to_string(ivlen - 1) + "]",
           {crn, srn},
           Bytes(civ.begin(), civ.begin() + ivlen), {{"MD5", civ, {}}});
      make(DerivationKind::ssl3_export_iv, "server_write_IV", "MD5(ServerHello.random + ClientHello.random)[0.." + std::to_string(ivlen - 1) + "]",
           {srn, crn},
           Bytes(siv.begin(), siv.begin() + ivlen), {{"MD5", siv, {}}});
    }
  } else {
    Bytes seed = concat({cr, sr});
    std::vector<NamedBytes> cs, ss;
    Bytes ck = prf10(k.client_write_key, "client write key", seed, klen, &cs);
    Bytes sk = prf10(k.server_write_key, "server write key", seed, klen, &ss);
    make(DerivationKind::tls10_export_key, "final_client_write_key", "PRF(client_write_key, \"client write key\", ClientHello.random + ServerHello.random)[0.." + std::to_string(klen - 1) + "]",
         {cwk, text_value("label", "client write key", notation("ASCII")), {"seed", seed, notation("ClientHello.random + ServerHello.random"), randoms_from(true)}}, ck, cs);
    make(DerivationKind::tls10_export_key, "final_server_write_key", "PRF(server_write_key, \"server write key\", ClientHello.random + ServerHello.random)[0.." + std::to_string(klen - 1) + "]",
         {swk, text_value("label", "server write key", notation("ASCII")), {"seed", seed, notation("ClientHello.random + ServerHello.random"), randoms_from(true)}}, sk, ss);
    if (ivlen) {
      std::vector<NamedBytes> is;
      Bytes block = prf10({}, "IV block", seed, 2 * ivlen, &is);
      make(DerivationKind::tls10_export_iv_block, "iv_block", "PRF(\"\", \"IV block\", ClientHello.random + ServerHello.random)[0.." + std::to_string(2 * ivlen - 1) + "]",
           {text_value("label", "IV block", notation("ASCII")), {"seed", seed, notation("ClientHello.random + ServerHello.random"), randoms_from(true)}}, block, is);
      out.back().parts = {{"client_write_IV", 0, ivlen}, {"server_write_IV", ivlen, ivlen}};
    }
  }
  return out;
}

Derivation derive_finished(Actor a, uint16_t version, const CipherSuiteInfo& s, ByteView ms, bool client, ByteView msgs) {
  if (version >= kTls12) return derive_verify_data(a, s.prf_hash, ms, client, msgs);
  Derivation d;
  d.actor = a;
  d.name = client ? "client_verify_data" : "server_verify_data";
  d.id = finished_derivation_id(a, client, d.name);
  d.inputs.push_back({"master_secret", bytes_of(ms), {}, own_from(a, "master_secret")});
  if (version == kSsl3) {
    Bytes sender = client ? Bytes{0x43, 0x4c, 0x4e, 0x54} : Bytes{0x53, 0x52, 0x56, 0x52};
    d.kind = DerivationKind::ssl3_finished;
    d.spec = "RFC 6101 5.6.9";
    d.formula = "md5_hash = MD5(master_secret + pad_2 + MD5(handshake_messages + Sender + master_secret + pad_1)); "
                        "sha_hash = SHA(master_secret + pad_2 + SHA(handshake_messages + Sender + master_secret + pad_1)); "
                        "verify_data = md5_hash + sha_hash";
    d.inputs.push_back({"handshake_messages", bytes_of(msgs), client ? msg("note_in.messages_through_cke_cv") : msg("note_in.messages_through_client_finished"),
                        Source::transcript()});
    // Four ASCII letters: shown as text, their hex in the note.
    d.inputs.push_back(text_value("Sender", client ? "CLNT" : "SRVR", notation(client ? "0x434C4E54" : "0x53525652")));
    d.inputs.back().from = Source::literal(client ? "CLNT" : "SRVR");
    Bytes md5_inner = hash(HashAlg::Md5, concat({msgs, sender, ms, ssl3_pad1(HashAlg::Md5)}));
    Bytes md5 = hash(HashAlg::Md5, concat({ms, ssl3_pad2(HashAlg::Md5), md5_inner}));
    Bytes sha_inner = hash(HashAlg::Sha1, concat({msgs, sender, ms, ssl3_pad1(HashAlg::Sha1)}));
    Bytes sha = hash(HashAlg::Sha1, concat({ms, ssl3_pad2(HashAlg::Sha1), sha_inner}));
    d.steps = {{"pad_1 (MD5)", ssl3_pad1(HashAlg::Md5), msg("note_in.repeated").arg("byte", "0x36").arg("n", "48")},
               {"pad_2 (MD5)", ssl3_pad2(HashAlg::Md5), msg("note_in.repeated").arg("byte", "0x5c").arg("n", "48")},
               {"pad_1 (SHA)", ssl3_pad1(HashAlg::Sha1), msg("note_in.repeated").arg("byte", "0x36").arg("n", "40")},
               {"pad_2 (SHA)", ssl3_pad2(HashAlg::Sha1), msg("note_in.repeated").arg("byte", "0x5c").arg("n", "40")},
               {"inner MD5", md5_inner, notation("MD5(handshake_messages + Sender + master_secret + pad_1)")},
               {"md5_hash", md5, msg("note_in.ssl3_outer_hash").arg("hash", "MD5")},
               {"inner SHA", sha_inner, notation("SHA(handshake_messages + Sender + master_secret + pad_1)")},
               {"sha_hash", sha, msg("note_in.ssl3_outer_hash").arg("hash", "SHA")}};
    d.output = concat({md5, sha});
  } else {
    std::string label = client ? "client finished" : "server finished";
    Bytes hh = handshake_hash(version, s, msgs);
    d.kind = DerivationKind::tls10_finished;
    d.spec = derivation_spec(d.kind, version);
    d.inputs.push_back(text_value("label", label, notation("ASCII \"" + label + "\"")));
    d.inputs.push_back({"seed", hh, notation("MD5(handshake_messages) + SHA-1(handshake_messages)"), Source::step_of("handshake_hash")});
    d.inputs.push_back({"handshake_messages", bytes_of(msgs), client ? msg("note_in.messages_before_finished") : msg("note_in.messages_through_client_finished"),
                        Source::transcript()});
    d.inputs.push_back(text_value("prf", prf_name(version, s)));
    d.steps.push_back({"handshake_hash", hh, notation("MD5(handshake_messages) + SHA-1(handshake_messages)")});
    d.output = version_prf(version, s, ms, label, hh, 12, &d.steps, &d.formula, "master_secret");
  }
  return d;
}

Derivation derive_ssl3_certificate_verify(Actor a, ByteView ms, ByteView msgs) {
  Derivation d;
  d.actor = a;
  d.name = "certificate_verify_hashes";
  d.id = derivation_id(a, d.name);
  d.kind = DerivationKind::ssl3_certificate_verify_hashes;
  d.spec = "RFC 6101 5.6.8";
  d.set_text(msg("formula.ssl3_certificate_verify"));
  d.inputs = {{"master_secret", bytes_of(ms), {}, own_from(a, "master_secret")},
              {"handshake_messages", bytes_of(msgs), notation("ClientHello .. ClientKeyExchange"), Source::transcript()}};
  Bytes mi = hash(HashAlg::Md5, concat({msgs, ms, ssl3_pad1(HashAlg::Md5)}));
  Bytes m = hash(HashAlg::Md5, concat({ms, ssl3_pad2(HashAlg::Md5), mi}));
  Bytes si = hash(HashAlg::Sha1, concat({msgs, ms, ssl3_pad1(HashAlg::Sha1)}));
  Bytes sh = hash(HashAlg::Sha1, concat({ms, ssl3_pad2(HashAlg::Sha1), si}));
  d.steps = {{"inner MD5", mi, {}}, {"md5_hash", m, {}}, {"inner SHA", si, {}}, {"sha_hash", sh, {}}};
  d.output = concat({m, sh});
  return d;
}

Source key_material_from(const Derivation& kb, const std::vector<Derivation>& exp, const std::string& part) {
  for (auto& d : exp) {
    if (d.name == "final_" + part || d.name == part) return Source::of(d.id);
    for (auto& p : d.parts)
      if (p.name == part) return Source::of(d.id, part);
  }
  return Source::of(kb.id, part);
}

KeyBlock key_material(uint16_t version, const CipherSuiteInfo& s, const Derivation& kb,
                      const std::vector<Derivation>& exp) {
  KeyBlock k = split_key_block(kb);
  for (auto& d : exp) {
    if (d.name == "final_client_write_key") k.client_write_key = d.output;
    if (d.name == "final_server_write_key") k.server_write_key = d.output;
    if (d.name == "client_write_IV") k.client_write_iv = d.output;
    if (d.name == "server_write_IV") k.server_write_iv = d.output;
    if (d.name == "iv_block") {
      k.client_write_iv.assign(d.output.begin(), d.output.begin() + s.block_len);
      k.server_write_iv.assign(d.output.begin() + s.block_len, d.output.end());
    }
  }
  return k;
}

}  // namespace sim

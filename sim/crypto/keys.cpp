#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include "crypto/keys.hpp"

#include <crypto++/dsa.h>
#include <crypto++/eccrypto.h>
#include <crypto++/md5.h>
#include <crypto++/oids.h>
#include <crypto++/pssr.h>
#include <crypto++/queue.h>
#include <crypto++/rsa.h>
#include <crypto++/sha.h>
#include <crypto++/xed25519.h>

#include "asn1/der.hpp"
#include "asn1/pem.hpp"
#include "crypto/crypto.hpp"
#include "crypto/key_cache.hpp"
#include "crypto/rng_adapter.hpp"

namespace sim::crypto {

using namespace sim::der;
using pem::looks_like_pem;
using pem::parse_pem;
using CryptoPP::byte;

namespace {

constexpr const char* kOidEcPublicKey = "1.2.840.10045.2.1";
constexpr const char* kOidPrime256v1 = "1.2.840.10045.3.1.7";
constexpr const char* kOidEd25519 = "1.3.101.112";

using EcdsaP256 = CryptoPP::ECDSA<CryptoPP::ECP, CryptoPP::SHA256>;

template <class K>
Bytes save_der(const K& key) {
  CryptoPP::ByteQueue q;
  key.Save(q);
  Bytes out(size_t(q.MaxRetrievable()));
  q.Get(out.data(), out.size());
  return out;
}

template <class K>
bool load_der(K* key, ByteView der) {
  try {
    CryptoPP::ByteQueue q;
    q.Put(der.data(), der.size());
    q.MessageEnd();
    key->Load(q);
    return q.MaxRetrievable() == 0;
  } catch (const CryptoPP::Exception&) {
    return false;
  }
}

struct LoadWhole {};  // cache tag: keys read by load_der (the whole DER, nothing after it)
// The parsed key of this DER, from the per-thread cache (see key_cache.hpp); null if malformed.
template <class K>
std::shared_ptr<const K> parsed_der(ByteView der) {
  return cached_key<K, LoadWhole>(der, [](K* k, ByteView d) { return load_der(k, d); });
}

// The algorithm OID and its parameters (an OID, or empty) of an AlgorithmIdentifier.
struct AlgId {
  std::string oid, param_oid;
};

// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
std::optional<AlgId> spki_alg(ByteView spki, ByteView* key_bits_out) {
  DerError e;
  DerReader r(spki, 0, &e);
  Tlv s, a, o, bits;
  if (!r.expect(kSequence, &s, "spki") || !r.end("spki")) return std::nullopt;
  DerReader sr = r.enter(s);
  if (!sr.expect(kSequence, &a, "alg") || !sr.expect(kBitString, &bits, "key") || !sr.end("spki")) return std::nullopt;
  DerReader ar = sr.enter(a);
  if (!ar.expect(kOid, &o, "oid")) return std::nullopt;
  AlgId id;
  auto dotted = oid_to_string(o.body);
  if (!dotted) return std::nullopt;
  id.oid = *dotted;
  if (ar.peek() == kOid) {
    Tlv p;
    if (!ar.next(&p, "param")) return std::nullopt;
    if (auto pd = oid_to_string(p.body)) id.param_oid = *pd;
  }
  if (bits.body.empty() || bits.body[0] != 0) return std::nullopt;
  if (key_bits_out) *key_bits_out = bits.body.subspan(1);
  return id;
}

// PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
//   privateKey OCTET STRING, [0] attributes OPTIONAL, [1] publicKey OPTIONAL (v2, RFC 5958) }
std::optional<AlgId> pkcs8_alg(ByteView der, ByteView* private_key_out) {
  DerError e;
  DerReader r(der, 0, &e);
  Tlv s, v, a, o, pk;
  if (!r.expect(kSequence, &s, "pkcs8") || !r.end("pkcs8")) return std::nullopt;
  DerReader sr = r.enter(s);
  if (!sr.expect(kInteger, &v, "version") || !sr.expect(kSequence, &a, "alg") ||
      !sr.expect(kOctetString, &pk, "key"))
    return std::nullopt;
  DerReader ar = sr.enter(a);
  if (!ar.expect(kOid, &o, "oid")) return std::nullopt;
  AlgId id;
  auto dotted = oid_to_string(o.body);
  if (!dotted) return std::nullopt;
  id.oid = *dotted;
  if (ar.peek() == kOid) {
    Tlv p;
    if (!ar.next(&p, "param")) return std::nullopt;
    if (auto pd = oid_to_string(p.body)) id.param_oid = *pd;
  }
  if (private_key_out) *private_key_out = pk.body;
  return id;
}

std::optional<KeyType> type_of(const AlgId& id, bool pkcs8) {
  if (id.oid == kOidRsaEncryption) return KeyType::rsa;
  if (id.oid == kOidEd25519) return KeyType::ed25519;
  // A PKCS#8 EC key may carry its curve inside ECPrivateKey instead; Crypto++ checks it on load.
  if (id.oid == kOidEcPublicKey && (id.param_oid == kOidPrime256v1 || (pkcs8 && id.param_oid.empty())))
    return KeyType::ecdsa_p256;
  return std::nullopt;
}

// RFC 8410: the Ed25519 private key is CurvePrivateKey ::= OCTET STRING (32 bytes) inside the
// PKCS#8 privateKey OCTET STRING.
std::optional<Bytes> ed25519_seed(ByteView pkcs8) {
  ByteView inner;
  auto id = pkcs8_alg(pkcs8, &inner);
  if (!id || id->oid != kOidEd25519) return std::nullopt;
  DerError e;
  DerReader r(inner, 0, &e);
  Tlv k;
  if (!r.expect(kOctetString, &k, "CurvePrivateKey") || !r.end("CurvePrivateKey") || k.body.size() != 32)
    return std::nullopt;
  return Bytes(k.body.begin(), k.body.end());
}

Bytes ed25519_spki(ByteView pub32) { return seq({seq({der_oid(kOidEd25519)}), der_bits(pub32)}); }
Bytes ed25519_pkcs8(ByteView seed32) {
  return seq({der_small_int(0), seq({der_oid(kOidEd25519)}), der_octets(der_octets(seed32))});
}

std::optional<Bytes> ed25519_public(ByteView seed) {
  try {
    CryptoPP::ed25519Signer s(seed.data());
    const auto& k = dynamic_cast<const CryptoPP::ed25519PrivateKey&>(s.GetPrivateKey());
    return Bytes(k.GetPublicKeyBytePtr(), k.GetPublicKeyBytePtr() + 32);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<Bytes> ecdsa_sign(ByteView pkcs8, ByteView msg, Rng& rng) {
  auto k = parsed_der<EcdsaP256::PrivateKey>(pkcs8);
  if (!k) return std::nullopt;
  try {
    RngAdapter r(rng);
    EcdsaP256::Signer s(*k);
    Bytes raw(s.MaxSignatureLength());
    raw.resize(s.SignMessage(r, msg.data(), msg.size(), raw.data()));
    // Crypto++ gives IEEE P1363 r||s; TLS and X.509 carry the DER ECDSA-Sig-Value.
    Bytes der(raw.size() + 16);
    der.resize(CryptoPP::DSAConvertSignatureFormat(der.data(), der.size(), CryptoPP::DSA_DER, raw.data(),
                                                   raw.size(), CryptoPP::DSA_P1363));
    return der;
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

// Strict DER ECDSA-Sig-Value: exactly SEQUENCE { INTEGER r, INTEGER s }, minimal positive
// integers of at most 32 bytes of magnitude; returns r||s (64 bytes) for Crypto++.
std::optional<Bytes> ecdsa_der_to_p1363(ByteView sig) {
  DerError e;
  DerReader r(sig, 0, &e);
  Tlv s, ri, si;
  if (!r.expect(kSequence, &s, "sig") || !r.end("sig")) return std::nullopt;
  DerReader sr = r.enter(s);
  if (!sr.expect(kInteger, &ri, "r") || !sr.expect(kInteger, &si, "s") || !sr.end("sig")) return std::nullopt;
  Bytes out;
  for (const Tlv* t : {&ri, &si}) {
    ByteView b = t->body;
    if (b.empty() || (b[0] & 0x80)) return std::nullopt;               // negative or empty
    if (b.size() > 1 && b[0] == 0 && !(b[1] & 0x80)) return std::nullopt;  // non-minimal
    if (b[0] == 0) b = b.subspan(1);
    if (b.size() > 32) return std::nullopt;
    Bytes part(32 - b.size(), 0);
    part.insert(part.end(), b.begin(), b.end());
    append(out, part);
  }
  return out;
}

bool ecdsa_verify(ByteView spki, ByteView msg, ByteView sig) {
  auto k = parsed_der<EcdsaP256::PublicKey>(spki);
  if (!k) return false;
  auto raw = ecdsa_der_to_p1363(sig);
  if (!raw) return false;
  try {
    EcdsaP256::Verifier v(*k);
    return v.VerifyMessage(msg.data(), msg.size(), raw->data(), raw->size());
  } catch (const CryptoPP::Exception&) {
    return false;
  }
}

std::optional<Bytes> ed25519_sign(ByteView pkcs8, ByteView msg) {
  auto seed = ed25519_seed(pkcs8);
  if (!seed) return std::nullopt;
  try {
    CryptoPP::ed25519Signer s(seed->data());
    Bytes sig(s.MaxSignatureLength());
    Rng unused(0, "ed25519");  // Ed25519 signing is deterministic (RFC 8032 5.1.6)
    RngAdapter r(unused);
    sig.resize(s.SignMessage(r, msg.data(), msg.size(), sig.data()));
    return sig;
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

bool ed25519_verify(ByteView spki, ByteView msg, ByteView sig) {
  ByteView pub;
  auto id = spki_alg(spki, &pub);
  if (!id || id->oid != kOidEd25519 || pub.size() != 32 || sig.size() != 64) return false;
  try {
    CryptoPP::ed25519Verifier v(pub.data());
    return v.VerifyMessage(msg.data(), msg.size(), sig.data(), sig.size());
  } catch (const CryptoPP::Exception&) {
    return false;
  }
}

template <class Scheme>
std::optional<Bytes> rsa_sign_with(ByteView pkcs8, ByteView msg, Rng& rng) {
  auto k = parsed_der<CryptoPP::RSA::PrivateKey>(pkcs8);
  if (!k) return std::nullopt;
  try {
    RngAdapter r(rng);
    typename Scheme::Signer s(*k);
    Bytes sig(s.MaxSignatureLength());
    sig.resize(s.SignMessage(r, msg.data(), msg.size(), sig.data()));
    return sig;
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

template <class Scheme>
bool rsa_verify_with(ByteView spki, ByteView msg, ByteView sig) {
  auto k = parsed_der<CryptoPP::RSA::PublicKey>(spki);
  if (!k) return false;
  try {
    typename Scheme::Verifier v(*k);
    if (sig.size() != v.SignatureLength()) return false;
    return v.VerifyMessage(msg.data(), msg.size(), sig.data(), sig.size());
  } catch (const CryptoPP::Exception&) {
    return false;
  }
}

// PKCS#1 RSAPrivateKey -> PKCS#8 PrivateKeyInfo (RFC 5208 5, rsaEncryption with NULL params).
Bytes wrap_rsa_pkcs1(ByteView pkcs1) {
  return seq({der_small_int(0), seq({der_oid(kOidRsaEncryption), der_null()}), der_octets(pkcs1)});
}
// RFC 5915 ECPrivateKey -> PKCS#8 (RFC 5915 3: the curve goes in the AlgorithmIdentifier).
Bytes wrap_ec(ByteView ec) {
  return seq({der_small_int(0), seq({der_oid(kOidEcPublicKey), der_oid(kOidPrime256v1)}), der_octets(ec)});
}

}  // namespace

std::string key_type_option(KeyType t) {
  switch (t) {
    case KeyType::rsa: return "rsa";
    case KeyType::ecdsa_p256: return "ecdsa";
    case KeyType::ed25519: return "ed25519";
  }
  return "rsa";
}

std::optional<KeyType> key_type_by_option(std::string_view s) {
  for (auto t : {KeyType::rsa, KeyType::ecdsa_p256, KeyType::ed25519})
    if (key_type_option(t) == s) return t;
  return std::nullopt;
}

std::string name_of(KeyType t) {
  switch (t) {
    case KeyType::rsa: return "RSA";
    case KeyType::ecdsa_p256: return "ECDSA P-256";
    case KeyType::ed25519: return "Ed25519";
  }
  return "?";
}

KeyPairDer generate_key(KeyType type, Rng& rng, unsigned rsa_bits) {
  try {
    RngAdapter r(rng);
    switch (type) {
      case KeyType::rsa: {
        if (rsa_bits < 512 || rsa_bits > 4096) return {};
        CryptoPP::RSA::PrivateKey priv;
        priv.Initialize(r, rsa_bits, CryptoPP::Integer(65537));
        CryptoPP::RSA::PublicKey pub(priv);
        return {save_der(priv), save_der(pub)};
      }
      case KeyType::ecdsa_p256: {
        EcdsaP256::PrivateKey priv;
        priv.Initialize(r, CryptoPP::ASN1::secp256r1());
        priv.AccessGroupParameters().SetEncodeAsOID(true);  // namedCurve, as RFC 5480 requires
        EcdsaP256::PublicKey pub;
        priv.MakePublicKey(pub);
        pub.AccessGroupParameters().SetEncodeAsOID(true);
        return {save_der(priv), save_der(pub)};
      }
      case KeyType::ed25519: {
        Bytes seed = rng.bytes(32);
        auto pub = ed25519_public(seed);
        if (!pub) return {};
        return {ed25519_pkcs8(seed), ed25519_spki(*pub)};
      }
    }
  } catch (const CryptoPP::Exception&) {
  }
  return {};
}

std::optional<KeyType> key_type_of_spki(ByteView spki) {
  auto id = spki_alg(spki, nullptr);
  if (!id) return std::nullopt;
  return type_of(*id, false);
}

std::optional<KeyType> key_type_of_pkcs8(ByteView pkcs8) {
  auto id = pkcs8_alg(pkcs8, nullptr);
  if (!id) return std::nullopt;
  return type_of(*id, true);
}

unsigned key_bits(ByteView spki) {
  auto t = key_type_of_spki(spki);
  if (!t) return 0;
  if (*t != KeyType::rsa) return 256;
  Bytes n, e;
  if (!rsa_components(spki, &n, &e)) return 0;
  return unsigned(bit_length(n));
}

std::optional<Bytes> public_from_private(ByteView pkcs8) {
  auto t = key_type_of_pkcs8(pkcs8);
  if (!t) return std::nullopt;
  switch (*t) {
    case KeyType::rsa: return rsa_public_from_private(pkcs8);
    case KeyType::ecdsa_p256: {
      EcdsaP256::PrivateKey k;
      if (!load_der(&k, pkcs8)) return std::nullopt;
      try {
        EcdsaP256::PublicKey pub;
        k.MakePublicKey(pub);
        pub.AccessGroupParameters().SetEncodeAsOID(true);
        return save_der(pub);
      } catch (const CryptoPP::Exception&) {
        return std::nullopt;
      }
    }
    case KeyType::ed25519: {
      auto seed = ed25519_seed(pkcs8);
      if (!seed) return std::nullopt;
      auto pub = ed25519_public(*seed);
      if (!pub) return std::nullopt;
      return ed25519_spki(*pub);
    }
  }
  return std::nullopt;
}

bool is_supported_signature_scheme(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::ecdsa_secp256r1_sha256:
    case SignatureScheme::ed25519: return true;
    default: return is_supported_scheme(s);
  }
}

std::vector<SignatureScheme> schemes_for(KeyType t) {
  switch (t) {
    case KeyType::rsa:
      return {SignatureScheme::rsa_pss_rsae_sha256, SignatureScheme::rsa_pss_rsae_sha384,
              SignatureScheme::rsa_pkcs1_sha256, SignatureScheme::rsa_pkcs1_sha384, SignatureScheme::rsa_pkcs1_sha1};
    case KeyType::ecdsa_p256: return {SignatureScheme::ecdsa_secp256r1_sha256};
    case KeyType::ed25519: return {SignatureScheme::ed25519};
  }
  return {};
}

std::optional<Bytes> sign_scheme(ByteView pkcs8, SignatureScheme scheme, ByteView msg, Rng& rng) {
  auto t = key_type_of_pkcs8(pkcs8);
  if (!t) return std::nullopt;
  switch (scheme) {
    case SignatureScheme::ecdsa_secp256r1_sha256:
      return *t == KeyType::ecdsa_p256 ? ecdsa_sign(pkcs8, msg, rng) : std::nullopt;
    case SignatureScheme::ed25519: return *t == KeyType::ed25519 ? ed25519_sign(pkcs8, msg) : std::nullopt;
    default:
      if (*t != KeyType::rsa || !is_supported_scheme(scheme)) return std::nullopt;
      return rsa_sign(pkcs8, scheme, msg, rng);
  }
}

bool verify_scheme(ByteView spki, SignatureScheme scheme, ByteView msg, ByteView sig) {
  auto t = key_type_of_spki(spki);
  if (!t) return false;
  switch (scheme) {
    case SignatureScheme::ecdsa_secp256r1_sha256: return *t == KeyType::ecdsa_p256 && ecdsa_verify(spki, msg, sig);
    case SignatureScheme::ed25519: return *t == KeyType::ed25519 && ed25519_verify(spki, msg, sig);
    default: return *t == KeyType::rsa && is_supported_scheme(scheme) && rsa_verify(spki, scheme, msg, sig);
  }
}

std::string name_of(X509SigAlg a) {
  switch (a) {
    case X509SigAlg::sha256_rsa: return "sha256WithRSAEncryption";
    case X509SigAlg::sha1_rsa: return "sha1WithRSAEncryption";
    case X509SigAlg::md5_rsa: return "md5WithRSAEncryption";
    case X509SigAlg::ecdsa_sha256: return "ecdsa-with-SHA256";
    case X509SigAlg::ed25519: return "Ed25519";
  }
  return "?";
}

std::string oid_of(X509SigAlg a) {
  switch (a) {
    case X509SigAlg::sha256_rsa: return "1.2.840.113549.1.1.11";
    case X509SigAlg::sha1_rsa: return "1.2.840.113549.1.1.5";
    case X509SigAlg::md5_rsa: return "1.2.840.113549.1.1.4";
    case X509SigAlg::ecdsa_sha256: return "1.2.840.10045.4.3.2";
    case X509SigAlg::ed25519: return kOidEd25519;
  }
  return "";
}

std::optional<X509SigAlg> x509_sig_alg_by_oid(const std::string& dotted) {
  for (auto a : {X509SigAlg::sha256_rsa, X509SigAlg::sha1_rsa, X509SigAlg::md5_rsa, X509SigAlg::ecdsa_sha256,
                 X509SigAlg::ed25519})
    if (oid_of(a) == dotted) return a;
  return std::nullopt;
}

Bytes algorithm_identifier(X509SigAlg a) {
  // RFC 4055 / RFC 3279: the RSA algorithms have NULL parameters; RFC 5758 3.2 and RFC 8410 3:
  // ECDSA and Ed25519 omit them.
  switch (a) {
    case X509SigAlg::sha256_rsa:
    case X509SigAlg::sha1_rsa:
    case X509SigAlg::md5_rsa: return seq({der_oid(oid_of(a)), der_null()});
    default: return seq({der_oid(oid_of(a))});
  }
}

X509SigAlg default_x509_sig_alg(KeyType t) {
  switch (t) {
    case KeyType::rsa: return X509SigAlg::sha256_rsa;
    case KeyType::ecdsa_p256: return X509SigAlg::ecdsa_sha256;
    case KeyType::ed25519: return X509SigAlg::ed25519;
  }
  return X509SigAlg::sha256_rsa;
}

std::optional<Bytes> sign_x509(ByteView pkcs8, X509SigAlg alg, ByteView tbs, Rng& rng) {
  using namespace CryptoPP;
  auto t = key_type_of_pkcs8(pkcs8);
  if (!t) return std::nullopt;
  switch (alg) {
    case X509SigAlg::sha256_rsa:
      return *t == KeyType::rsa ? rsa_sign_with<RSASS<PKCS1v15, SHA256>>(pkcs8, tbs, rng) : std::nullopt;
    case X509SigAlg::sha1_rsa:
      return *t == KeyType::rsa ? rsa_sign_with<RSASS<PKCS1v15, SHA1>>(pkcs8, tbs, rng) : std::nullopt;
    case X509SigAlg::md5_rsa:
      return *t == KeyType::rsa ? rsa_sign_with<RSASS<PKCS1v15, Weak::MD5>>(pkcs8, tbs, rng) : std::nullopt;
    case X509SigAlg::ecdsa_sha256: return *t == KeyType::ecdsa_p256 ? ecdsa_sign(pkcs8, tbs, rng) : std::nullopt;
    case X509SigAlg::ed25519: return *t == KeyType::ed25519 ? ed25519_sign(pkcs8, tbs) : std::nullopt;
  }
  return std::nullopt;
}

bool verify_x509(ByteView spki, X509SigAlg alg, ByteView tbs, ByteView sig) {
  using namespace CryptoPP;
  auto t = key_type_of_spki(spki);
  if (!t) return false;
  switch (alg) {
    case X509SigAlg::sha256_rsa: return *t == KeyType::rsa && rsa_verify_with<RSASS<PKCS1v15, SHA256>>(spki, tbs, sig);
    case X509SigAlg::sha1_rsa: return *t == KeyType::rsa && rsa_verify_with<RSASS<PKCS1v15, SHA1>>(spki, tbs, sig);
    case X509SigAlg::md5_rsa: return *t == KeyType::rsa && rsa_verify_with<RSASS<PKCS1v15, Weak::MD5>>(spki, tbs, sig);
    case X509SigAlg::ecdsa_sha256: return *t == KeyType::ecdsa_p256 && ecdsa_verify(spki, tbs, sig);
    case X509SigAlg::ed25519: return *t == KeyType::ed25519 && ed25519_verify(spki, tbs, sig);
  }
  return false;
}

// Why a key block did not load, in the terms of its format (the file's reader shows it as is).
static Message why_unusable(const std::string& label, ByteView der, ByteView pkcs8, bool pem) {
  // An OID is quoted, cut short: a crafted one can be kilobytes long.
  auto short_oid = [](const std::string& o) { return o.size() > 40 ? o.substr(0, 37) + "..." : o; };
  if (label == "RSA PRIVATE KEY" && pem) return msg("key.rsa_block_invalid");
  if (label == "EC PRIVATE KEY" && pem) return msg("key.ec_block_invalid");
  if (!pem && label != "PRIVATE KEY") return msg("key.der_unknown");
  auto id = pkcs8_alg(der, nullptr);
  if (!id) return msg("key.not_pkcs8").arg("what", pem ? msg("key.what_private_key_block") : msg("key.what_der"));
  if (!type_of(*id, true)) {
    if (id->oid == kOidEcPublicKey) return msg("key.ec_curve").arg("oid", short_oid(id->param_oid)).arg("p256", kOidPrime256v1);
    static const std::pair<const char*, const char*> known[] = {
        {"1.3.101.113", "Ed448"}, {"1.3.101.110", "X25519"}, {"1.3.101.111", "X448"},
        {"1.2.840.10040.4.1", "DSA"}, {"1.2.840.113549.1.1.10", "RSASSA-PSS"}, {"1.2.840.113549.1.3.1", "DH"}};
    std::string name;
    for (auto& [oid, n] : known)
      if (id->oid == oid) name = std::string(" (") + n + ")";
    return msg("key.algorithm").arg("oid", short_oid(id->oid) + name);
  }
  auto t = key_type_of_pkcs8(pkcs8);
  if (t == KeyType::ed25519) return msg("key.ed25519_invalid");
  return msg("key.contents_invalid").arg("type", name_of(*t));
}

KeyLoad load_private_key(ByteView data) {
  KeyLoad out;
  std::vector<std::pair<std::string, Bytes>> candidates;
  if (looks_like_pem(data)) {
    auto p = parse_pem(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
    if (!p.error.empty()) {
      out.error = msg("key.malformed_pem").arg("error", p.error);
      return out;
    }
    for (auto& b : p.blocks) {
      if (b.label == "ENCRYPTED PRIVATE KEY") {
        out.error = msg("key.encrypted");
        return out;
      }
      if (b.label == "PRIVATE KEY" || b.label == "RSA PRIVATE KEY" || b.label == "EC PRIVATE KEY")
        candidates.emplace_back(b.label, std::move(b.der));
    }
    if (candidates.empty()) {
      out.error = msg("key.no_key_block");
      return out;
    }
  } else {
    if (data.empty() || data[0] != kSequence) {
      out.error = msg("key.neither_pem_nor_der");
      return out;
    }
    // DER: PKCS#8 if it parses as one, else try PKCS#1 RSA, then RFC 5915 EC.
    Bytes d(data.begin(), data.end());
    if (pkcs8_alg(d, nullptr)) candidates.emplace_back("PRIVATE KEY", d);
    else {
      candidates.emplace_back("RSA PRIVATE KEY", d);
      candidates.emplace_back("EC PRIVATE KEY", d);
    }
  }
  Message first_reason;
  for (auto& [label, der] : candidates) {
    Bytes pkcs8 = label == "PRIVATE KEY" ? der : label == "RSA PRIVATE KEY" ? wrap_rsa_pkcs1(der) : wrap_ec(der);
    auto t = key_type_of_pkcs8(pkcs8);
    // Prove the key is usable: derive its public key (Crypto++ validates the structure).
    if (t && public_from_private(pkcs8)) {
      out.pkcs8 = std::move(pkcs8);
      return out;
    }
    if (first_reason.empty()) first_reason = why_unusable(label, der, pkcs8, looks_like_pem(data));
  }
  out.error = first_reason.empty() ? msg("key.unusable") : first_reason;
  return out;
}

}  // namespace sim::crypto

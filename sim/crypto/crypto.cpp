#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include "crypto/crypto.hpp"

#include <crypto++/aes.h>
#include <crypto++/arc4.h>
#include <crypto++/des.h>
#include <crypto++/idea.h>
#include <crypto++/rc2.h>
#include <crypto++/asn.h>
#include <crypto++/chachapoly.h>
#include <crypto++/dh.h>
#include <crypto++/eccrypto.h>
#include <crypto++/gcm.h>
#include <crypto++/hmac.h>
#include <crypto++/md5.h>
#include <crypto++/modes.h>
#include <crypto++/nbtheory.h>
#include <crypto++/oids.h>
#include <crypto++/osrng.h>
#include <crypto++/pssr.h>
#include <crypto++/queue.h>
#include <crypto++/rsa.h>
#include <crypto++/sha.h>
#include <crypto++/xed25519.h>

#include "crypto/key_cache.hpp"
#include "crypto/rng_adapter.hpp"

namespace sim::crypto {

using CryptoPP::byte;

size_t hash_len(HashAlg h) {
  switch (h) {
    case HashAlg::Md5: return 16;
    case HashAlg::Sha1: return 20;
    case HashAlg::Sha256: return 32;
    case HashAlg::Sha384: return 48;
    case HashAlg::Sha512: return 64;
  }
  return 0;
}

template <class H>
static Bytes do_hash(ByteView d) {
  H h;
  Bytes out(H::DIGESTSIZE);
  h.CalculateDigest(out.data(), d.data(), d.size());
  return out;
}

Bytes hash(HashAlg h, ByteView d) {
  switch (h) {
    case HashAlg::Md5: return do_hash<CryptoPP::Weak::MD5>(d);
    case HashAlg::Sha1: return do_hash<CryptoPP::SHA1>(d);
    case HashAlg::Sha256: return do_hash<CryptoPP::SHA256>(d);
    case HashAlg::Sha384: return do_hash<CryptoPP::SHA384>(d);
    case HashAlg::Sha512: return do_hash<CryptoPP::SHA512>(d);
  }
  return {};
}

// A running hash of the transcripts this thread hashes. A handshake hashes its transcript again
// at each Derive-Secret, Finished and CertificateVerify, each time one or two messages longer;
// a memo of the bytes already absorbed and the hash state after them turns each of these into
// hashing only the new messages (the state is copied and finished, the running one goes on).
// Keyed by the content, so the result is always the hash of exactly `d`, whoever asks.
template <class H>
static Bytes running_hash(ByteView d) {
  struct Memo {
    Bytes seen;  // the transcript absorbed so far
    H state;     // the hash after `seen`
    uint64_t used = 0;
  };
  thread_local Memo memos[4];  // a client's and a server's, a renegotiation's, a second run's
  thread_local uint64_t clock = 0;
  Memo* m = nullptr;
  for (Memo& x : memos)
    if (!x.seen.empty() && x.seen.size() <= d.size() && std::equal(x.seen.begin(), x.seen.end(), d.begin()) &&
        (!m || x.seen.size() > m->seen.size()))
      m = &x;
  if (!m) {  // a new transcript: take the least recently used memo
    m = &memos[0];
    for (Memo& x : memos)
      if (x.used < m->used) m = &x;
    m->seen.clear();
    m->state.Restart();
  }
  m->used = ++clock;
  m->state.Update(d.data() + m->seen.size(), d.size() - m->seen.size());
  m->seen.insert(m->seen.end(), d.begin() + long(m->seen.size()), d.end());
  H snapshot(m->state);
  Bytes out(H::DIGESTSIZE);
  snapshot.Final(out.data());
  return out;
}

Bytes transcript_hash(HashAlg h, ByteView d) {
  switch (h) {
    case HashAlg::Sha256: return running_hash<CryptoPP::SHA256>(d);
    case HashAlg::Sha384: return running_hash<CryptoPP::SHA384>(d);
    default: return hash(h, d);
  }
}

static void digest_parts(CryptoPP::HashTransformation& t, std::initializer_list<ByteView> data, uint8_t* out) {
  for (ByteView p : data) t.Update(p.data(), p.size());
  t.Final(out);
}

void hash_into(HashAlg h, std::initializer_list<ByteView> data, uint8_t* out) {
  switch (h) {
    case HashAlg::Md5: { CryptoPP::Weak::MD5 t; return digest_parts(t, data, out); }
    case HashAlg::Sha1: { CryptoPP::SHA1 t; return digest_parts(t, data, out); }
    case HashAlg::Sha256: { CryptoPP::SHA256 t; return digest_parts(t, data, out); }
    case HashAlg::Sha384: { CryptoPP::SHA384 t; return digest_parts(t, data, out); }
    case HashAlg::Sha512: { CryptoPP::SHA512 t; return digest_parts(t, data, out); }
  }
}

void hmac_into(HashAlg h, ByteView key, std::initializer_list<ByteView> data, uint8_t* out) {
  const uint8_t* k = key.data();
  switch (h) {
    case HashAlg::Md5: { CryptoPP::HMAC<CryptoPP::Weak::MD5> t(k, key.size()); return digest_parts(t, data, out); }
    case HashAlg::Sha1: { CryptoPP::HMAC<CryptoPP::SHA1> t(k, key.size()); return digest_parts(t, data, out); }
    case HashAlg::Sha256: { CryptoPP::HMAC<CryptoPP::SHA256> t(k, key.size()); return digest_parts(t, data, out); }
    case HashAlg::Sha384: { CryptoPP::HMAC<CryptoPP::SHA384> t(k, key.size()); return digest_parts(t, data, out); }
    case HashAlg::Sha512: { CryptoPP::HMAC<CryptoPP::SHA512> t(k, key.size()); return digest_parts(t, data, out); }
  }
}

Bytes ssl3_pad1(HashAlg h) { return Bytes(h == HashAlg::Md5 ? 48 : 40, 0x36); }
Bytes ssl3_pad2(HashAlg h) { return Bytes(h == HashAlg::Md5 ? 48 : 40, 0x5c); }

Bytes hmac(HashAlg h, ByteView key, ByteView d) {
  Bytes out(hash_len(h));
  hmac_into(h, key, {d}, out.data());
  return out;
}

// ---- record ciphers ------------------------------------------------------------------

constexpr size_t kTagLen = 16;

// Each direction is keyed on first use: a connection's write state only seals, its read state
// only opens.
struct AeadCipher::Impl {
  BulkCipher cipher;
  Bytes key;
  std::unique_ptr<CryptoPP::AuthenticatedSymmetricCipher> enc, dec;

  template <bool Encrypt>
  std::unique_ptr<CryptoPP::AuthenticatedSymmetricCipher> make() const {
    std::unique_ptr<CryptoPP::AuthenticatedSymmetricCipher> m;
    if (cipher == BulkCipher::chacha20_poly1305) {
      if constexpr (Encrypt) m = std::make_unique<CryptoPP::ChaCha20Poly1305::Encryption>();
      else m = std::make_unique<CryptoPP::ChaCha20Poly1305::Decryption>();
    } else {
      if constexpr (Encrypt) m = std::make_unique<CryptoPP::GCM<CryptoPP::AES>::Encryption>();
      else m = std::make_unique<CryptoPP::GCM<CryptoPP::AES>::Decryption>();
    }
    // The IV is set again for each record; this one only completes the keying.
    const byte zero_iv[12] = {};
    m->SetKeyWithIV(key.data(), key.size(), zero_iv, sizeof zero_iv);
    return m;
  }
};

AeadCipher::AeadCipher(BulkCipher c, ByteView key) : impl_(new Impl{c, Bytes(key.begin(), key.end()), {}, {}}) {}
AeadCipher::~AeadCipher() { delete impl_; }

bool AeadCipher::keyed_with(BulkCipher c, ByteView key) const {
  return impl_->cipher == c && std::equal(key.begin(), key.end(), impl_->key.begin(), impl_->key.end());
}

void AeadCipher::seal(ByteView nonce, ByteView aad, std::initializer_list<ByteView> pt, uint8_t* out) {
  if (!impl_->enc) impl_->enc = impl_->make<true>();
  auto& e = *impl_->enc;
  size_t n = 0;
  for (ByteView p : pt) n += p.size();
  // What EncryptAndAuthenticate does, with the plaintext taken in parts.
  e.Resynchronize(nonce.data(), int(nonce.size()));
  e.SpecifyDataLengths(aad.size(), n, 0);
  e.Update(aad.data(), aad.size());
  size_t at = 0;
  for (ByteView p : pt) {
    e.ProcessData(out + at, p.data(), p.size());
    at += p.size();
  }
  e.TruncatedFinal(out + n, kTagLen);
}

bool AeadCipher::open(ByteView nonce, ByteView aad, ByteView ct, uint8_t* out) {
  if (ct.size() < kTagLen) return false;
  try {
    if (!impl_->dec) impl_->dec = impl_->make<false>();
    size_t n = ct.size() - kTagLen;
    return impl_->dec->DecryptAndVerify(out, ct.data() + n, kTagLen, nonce.data(), int(nonce.size()), aad.data(),
                                        aad.size(), ct.data(), n);
  } catch (const CryptoPP::Exception&) {
    return false;
  }
}

Bytes aead_seal(BulkCipher c, ByteView key, ByteView nonce, ByteView aad, ByteView pt) {
  Bytes out(pt.size() + kTagLen);
  AeadCipher(c, key).seal(nonce, aad, {pt}, out.data());
  return out;
}

std::optional<Bytes> aead_open(BulkCipher c, ByteView key, ByteView nonce, ByteView aad,
                               ByteView ct) {
  if (ct.size() < kTagLen) return std::nullopt;
  Bytes out(ct.size() - kTagLen);
  if (!AeadCipher(c, key).open(nonce, aad, ct, out.data())) return std::nullopt;
  return out;
}

// One place that maps a suite's block cipher to a Crypto++ CBC mode object, keyed with a
// zero IV (each use sets its own); null for a cipher that is not a CBC block cipher.
template <bool Encrypt>
static std::unique_ptr<CryptoPP::SymmetricCipher> cbc_mode(BulkCipher c, ByteView key) {
  using namespace CryptoPP;
  std::unique_ptr<SymmetricCipher> m;
  auto make = [&](auto* tag) {
    using Mode = std::remove_pointer_t<decltype(tag)>;
    if constexpr (Encrypt) m = std::make_unique<typename CBC_Mode<Mode>::Encryption>();
    else m = std::make_unique<typename CBC_Mode<Mode>::Decryption>();
  };
  switch (c) {
    case BulkCipher::aes_128_cbc:
    case BulkCipher::aes_256_cbc: make((AES*)nullptr); break;
    case BulkCipher::des_ede3_cbc: make((DES_EDE3*)nullptr); break;
    case BulkCipher::des_cbc:
    case BulkCipher::des40_cbc: make((DES*)nullptr); break;  // DES keyed with the export-expanded 8 bytes
    case BulkCipher::idea_cbc: make((IDEA*)nullptr); break;
    case BulkCipher::rc2_cbc_40: make((RC2*)nullptr); break;
    default: return nullptr;
  }
  Bytes zero_iv(m->IVSize(), 0);
  AlgorithmParameters p = MakeParameters(Name::IV(), ConstByteArrayParameter(static_cast<const CryptoPP::byte*>(zero_iv.data()), zero_iv.size()));
  // RFC 6101 A.6: the 5 bytes of key material expand to a 16-byte RC2 key. Its "effective
  // key bits 40" column counts the entropy fed in, not RC2's effective-key-length
  // parameter: implementations (OpenSSL, Wireshark) key RC2 with 128 effective bits.
  if (c == BulkCipher::rc2_cbc_40) m->SetKey(key.data(), key.size(), p(Name::EffectiveKeyLength(), int(key.size() * 8)));
  else m->SetKey(key.data(), key.size(), p);
  return m;
}

struct CbcCipher::Impl {
  BulkCipher cipher;
  Bytes key;
  std::unique_ptr<CryptoPP::SymmetricCipher> enc, dec;
  bool run(std::unique_ptr<CryptoPP::SymmetricCipher>& m, bool encrypt, ByteView iv, const uint8_t* in, size_t n,
           uint8_t* out) {
    if (!m) m = encrypt ? cbc_mode<true>(cipher, key) : cbc_mode<false>(cipher, key);
    if (!m) return false;
    m->Resynchronize(iv.data(), int(iv.size()));
    m->ProcessData(out, in, n);
    return true;
  }
};

CbcCipher::CbcCipher(BulkCipher c, ByteView key) : impl_(new Impl{c, Bytes(key.begin(), key.end()), {}, {}}) {}
CbcCipher::~CbcCipher() { delete impl_; }

bool CbcCipher::keyed_with(BulkCipher c, ByteView key) const {
  return impl_->cipher == c && std::equal(key.begin(), key.end(), impl_->key.begin(), impl_->key.end());
}
bool CbcCipher::encrypt(ByteView iv, const uint8_t* in, size_t n, uint8_t* out) {
  return impl_->run(impl_->enc, true, iv, in, n, out);
}
bool CbcCipher::decrypt(ByteView iv, const uint8_t* in, size_t n, uint8_t* out) {
  return impl_->run(impl_->dec, false, iv, in, n, out);
}

Bytes cbc_encrypt(BulkCipher c, ByteView key, ByteView iv, ByteView data) {
  Bytes out(data.size());
  if (!CbcCipher(c, key).encrypt(iv, data.data(), data.size(), out.data())) return {};
  return out;
}

Bytes cbc_decrypt(BulkCipher c, ByteView key, ByteView iv, ByteView data) {
  Bytes out(data.size());
  if (!CbcCipher(c, key).decrypt(iv, data.data(), data.size(), out.data())) return {};
  return out;
}

struct Rc4::Impl {
  CryptoPP::Weak::ARC4 cipher;
};

Rc4::Rc4(ByteView key) : impl_(new Impl) { impl_->cipher.SetKey(key.data(), key.size()); }
Rc4::~Rc4() { delete impl_; }
Bytes Rc4::process(ByteView data) {
  Bytes out(data.size());
  process(data.data(), data.size(), out.data());
  return out;
}
void Rc4::process(const uint8_t* in, size_t n, uint8_t* out) { impl_->cipher.ProcessData(out, in, n); }

// ---- key exchange --------------------------------------------------------------------

const DhParams& ffdhe2048() {
  static const DhParams p = [] {
    const char* hex =
        "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FBCC939DCE"
        "249B3EF97D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3"
        "B557135E7F57C935984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797ABC0AB182"
        "B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4AE56EDE76372BB190B07A7C8EE0A6D70"
        "9E02FCE1CDF7E2ECC03404CD28342F619172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC"
        "2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA886B423861285C97FFFFFFFFFFFFFFFF";
    return DhParams{*from_hex(hex), Bytes{0x02}};
  }();
  return p;
}

static const CryptoPP::OID& curve_oid() {
  static const CryptoPP::OID o = CryptoPP::ASN1::secp256r1();
  return o;
}

KeyPair ecdh_generate(NamedGroup g, Rng& rng) {
  RngAdapter r(rng);
  KeyPair kp;
  if (g == NamedGroup::x25519) {
    CryptoPP::x25519 x;
    kp.private_key.resize(32);
    kp.public_key.resize(32);
    x.GenerateKeyPair(r, kp.private_key.data(), kp.public_key.data());
  } else {
    CryptoPP::ECDH<CryptoPP::ECP>::Domain d(curve_oid());
    kp.private_key.resize(d.PrivateKeyLength());
    kp.public_key.resize(d.PublicKeyLength());
    d.GenerateKeyPair(r, kp.private_key.data(), kp.public_key.data());
  }
  return kp;
}

std::optional<Bytes> ecdh_agree(NamedGroup g, ByteView priv, ByteView peer) {
  try {
    if (g == NamedGroup::x25519) {
      if (priv.size() != 32 || peer.size() != 32) return std::nullopt;
      CryptoPP::x25519 x;
      Bytes z(32);
      if (!x.Agree(z.data(), priv.data(), peer.data(), true)) return std::nullopt;
      if (std::all_of(z.begin(), z.end(), [](uint8_t b) { return b == 0; })) return std::nullopt;
      return z;
    }
    CryptoPP::ECDH<CryptoPP::ECP>::Domain d(curve_oid());
    if (priv.size() != d.PrivateKeyLength() || peer.size() != d.PublicKeyLength())
      return std::nullopt;
    Bytes z(d.AgreedValueLength());
    if (!d.Agree(z.data(), priv.data(), peer.data(), true)) return std::nullopt;
    return z;
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

static CryptoPP::Integer to_int(ByteView b) { return CryptoPP::Integer(b.data(), b.size()); }
static Bytes from_int(const CryptoPP::Integer& i, size_t len) {
  Bytes out(len);
  i.Encode(out.data(), len);
  return out;
}

unsigned dh_private_bits(const DhParams& params) {
  // RFC 7919 5.2 (Short Exponents) lets a peer use a secret exponent shorter than the group when
  // the group is a safe prime: its appendix A gives each ffdhe group's estimated strength and the
  // shortest secret key that is safe, "at least 225 bits" for ffdhe2048 (strength 103 bits: the
  // exponent must be at least twice the security level, so that Pollard's lambda / kangaroo,
  // which costs the square root of the exponent range, is no cheaper than the group's NFS).
  // 256 bits covers it with a margin and costs a seventh of a full 2048-bit exponentiation.
  // Any other p (a server's own, which we cannot vouch for as a safe prime) gets the full length.
  if (params.p == ffdhe2048().p) return 256;
  return 0;
}

KeyPair dh_generate(const DhParams& params, Rng& rng) {
  // Y = g^x mod p, with Integer math so any server's (p, g) works. x: a short exponent of
  // exactly dh_private_bits bits (top bit set, so its length is what RFC 7919 asks) for a known
  // safe-prime group, else uniform in [2, p-2].
  CryptoPP::Integer p = to_int(params.p), g = to_int(params.g);
  RngAdapter r(rng);
  CryptoPP::Integer x;
  if (unsigned bits = dh_private_bits(params)) {
    x = CryptoPP::Integer(r, CryptoPP::Integer::Power2(bits - 1), CryptoPP::Integer::Power2(bits) - 1);
  } else {
    x = CryptoPP::Integer(r, CryptoPP::Integer::Two(), p - 2);
  }
  CryptoPP::Integer y = a_exp_b_mod_c(g, x, p);
  return KeyPair{from_int(x, params.p.size()), from_int(y, params.p.size())};
}

std::optional<Bytes> dh_agree(const DhParams& params, ByteView priv, ByteView peer) {
  CryptoPP::Integer p = to_int(params.p), y = to_int(peer);
  // RFC 7919 5.1: reject 1 < Y < p-1 violations (small subgroup confinement).
  if (y <= CryptoPP::Integer::One() || y >= p - 1) return std::nullopt;
  CryptoPP::Integer z = a_exp_b_mod_c(y, to_int(priv), p);
  return from_int(z, params.p.size());
}

// ---- RSA -----------------------------------------------------------------------------

template <class K>
static bool load_key(K* key, ByteView der) {
  try {
    CryptoPP::ByteQueue q;
    q.Put(der.data(), der.size());
    q.MessageEnd();
    key->BERDecode(q);
    return true;
  } catch (const CryptoPP::Exception&) {
    return false;
  }
}

struct BerBody {};  // cache tag: keys read by load_key
// The parsed key of this DER, from the per-thread cache (see key_cache.hpp); null if malformed.
template <class K>
static std::shared_ptr<const K> parsed_key(ByteView der) {
  return cached_key<K, BerBody>(der, [](K* k, ByteView d) { return load_key(k, d); });
}
using RsaPrivate = std::shared_ptr<const CryptoPP::RSA::PrivateKey>;
using RsaPublic = std::shared_ptr<const CryptoPP::RSA::PublicKey>;
static RsaPrivate rsa_private(ByteView der) { return parsed_key<CryptoPP::RSA::PrivateKey>(der); }
static RsaPublic rsa_public(ByteView der) { return parsed_key<CryptoPP::RSA::PublicKey>(der); }

template <class K>
static Bytes save_key(const K& key) {
  CryptoPP::ByteQueue q;
  key.DEREncode(q);
  Bytes out(q.MaxRetrievable());
  q.Get(out.data(), out.size());
  return out;
}

RsaKeyPair rsa_generate(unsigned bits, Rng& rng, unsigned e) {
  RngAdapter r(rng);
  CryptoPP::RSA::PrivateKey priv;
  priv.Initialize(r, bits, CryptoPP::Integer(e));
  CryptoPP::RSA::PublicKey pub(priv);
  return RsaKeyPair{save_key(priv), save_key(pub)};
}

std::optional<Bytes> rsa_public_from_private(ByteView der) {
  auto priv = rsa_private(der);
  if (!priv) return std::nullopt;
  CryptoPP::RSA::PublicKey pub(*priv);
  return save_key(pub);
}

std::optional<Bytes> rsa_spki_from_components(ByteView n, ByteView e) {
  try {
    CryptoPP::RSA::PublicKey pub;
    pub.Initialize(to_int(n), to_int(e));
    return save_key(pub);
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

bool rsa_components(ByteView spki, Bytes* n, Bytes* e) {
  auto pub = rsa_public(spki);
  if (!pub) return false;
  *n = from_int(pub->GetModulus(), pub->GetModulus().MinEncodedSize());
  *e = from_int(pub->GetPublicExponent(), pub->GetPublicExponent().MinEncodedSize());
  return true;
}

// EMSA-PKCS1-v1_5 block without DigestInfo: 00 01 FF..FF 00 data.
static std::optional<Bytes> type1_block(ByteView data, size_t k) {
  if (data.size() + 11 > k) return std::nullopt;
  Bytes em(k, 0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - data.size() - 1] = 0;
  std::copy(data.begin(), data.end(), em.end() - data.size());
  return em;
}

std::optional<Bytes> rsa_sign_raw_pkcs1(ByteView der, ByteView data) {
  auto key = rsa_private(der);
  if (!key) return std::nullopt;
  const auto& priv = *key;
  size_t k = priv.GetModulus().ByteCount();
  auto em = type1_block(data, k);
  if (!em) return std::nullopt;
  try {
    Rng seeded(0, "rsa-blinding");
    RngAdapter r(seeded);
    return from_int(priv.CalculateInverse(r, to_int(*em)), k);
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

bool rsa_verify_raw_pkcs1(ByteView spki, ByteView data, ByteView sig) {
  auto key = rsa_public(spki);
  if (!key) return false;
  const auto& pub = *key;
  size_t k = pub.GetModulus().ByteCount();
  if (sig.size() != k) return false;
  CryptoPP::Integer s = to_int(sig);
  if (s >= pub.GetModulus()) return false;
  auto em = type1_block(data, k);
  return em && from_int(pub.ApplyFunction(s), k) == *em;
}

size_t rsa_modulus_bytes(ByteView spki) {
  auto pub = rsa_public(spki);
  return pub ? pub->GetModulus().ByteCount() : 0;
}

std::optional<Bytes> rsa_encrypt_pkcs1(ByteView spki, ByteView msg, Rng& rng) {
  auto pub = rsa_public(spki);
  if (!pub) return std::nullopt;
  try {
    RngAdapter r(rng);
    CryptoPP::RSAES<CryptoPP::PKCS1v15>::Encryptor enc(*pub);
    Bytes out(enc.CiphertextLength(msg.size()));
    enc.Encrypt(r, msg.data(), msg.size(), out.data());
    return out;
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

std::optional<Bytes> rsa_decrypt_pkcs1(ByteView der, ByteView ct) {
  auto priv = rsa_private(der);
  if (!priv) return std::nullopt;
  try {
    // Blinding needs randomness but does not change the result; a fixed-seed generator keeps
    // the engine free of global randomness.
    Rng seeded(0, "rsa-blinding");
    RngAdapter r(seeded);
    CryptoPP::RSAES<CryptoPP::PKCS1v15>::Decryptor dec(*priv);
    Bytes out(dec.MaxPlaintextLength(ct.size()));
    auto res = dec.Decrypt(r, ct.data(), ct.size(), out.data());
    if (!res.isValidCoding) return std::nullopt;
    out.resize(res.messageLength);
    return out;
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

std::optional<Bytes> rsa_raw_decrypt(ByteView der, ByteView ct) {
  auto priv = rsa_private(der);
  if (!priv) return std::nullopt;
  try {
    Rng seeded(0, "rsa-blinding");
    RngAdapter r(seeded);
    CryptoPP::Integer m = priv->CalculateInverse(r, to_int(ct));
    return from_int(m, priv->GetModulus().ByteCount());
  } catch (const CryptoPP::Exception&) {
    return std::nullopt;
  }
}

bool is_supported_scheme(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::rsa_pkcs1_sha1:
    case SignatureScheme::rsa_pkcs1_sha256:
    case SignatureScheme::rsa_pkcs1_sha384:
    case SignatureScheme::rsa_pkcs1_sha512:
    case SignatureScheme::rsa_pss_rsae_sha256:
    case SignatureScheme::rsa_pss_rsae_sha384:
    case SignatureScheme::rsa_pss_rsae_sha512: return true;
    default: break;  // ECDSA and Ed25519: see keys.hpp
  }
  return false;
}

template <class Scheme>
static std::optional<Bytes> sign_with(const CryptoPP::RSA::PrivateKey& k, ByteView msg,
                                      Rng& rng) {
  RngAdapter r(rng);
  typename Scheme::Signer s(k);
  Bytes sig(s.MaxSignatureLength());
  size_t n = s.SignMessage(r, msg.data(), msg.size(), sig.data());
  sig.resize(n);
  return sig;
}

template <class Scheme>
static bool verify_with(const CryptoPP::RSA::PublicKey& k, ByteView msg, ByteView sig) {
  typename Scheme::Verifier v(k);
  if (sig.size() != v.SignatureLength()) return false;
  return v.VerifyMessage(msg.data(), msg.size(), sig.data(), sig.size());
}

using namespace CryptoPP;
std::optional<Bytes> rsa_sign(ByteView der, SignatureScheme s, ByteView msg, Rng& rng) {
  auto key = rsa_private(der);
  if (!key) return std::nullopt;
  const RSA::PrivateKey& k = *key;
  try {
    switch (s) {
      case SignatureScheme::rsa_pkcs1_sha1: return sign_with<RSASS<PKCS1v15, SHA1>>(k, msg, rng);
      case SignatureScheme::rsa_pkcs1_sha256: return sign_with<RSASS<PKCS1v15, SHA256>>(k, msg, rng);
      case SignatureScheme::rsa_pkcs1_sha384: return sign_with<RSASS<PKCS1v15, SHA384>>(k, msg, rng);
      case SignatureScheme::rsa_pkcs1_sha512: return sign_with<RSASS<PKCS1v15, SHA512>>(k, msg, rng);
      case SignatureScheme::rsa_pss_rsae_sha256: return sign_with<RSASS<PSS, SHA256>>(k, msg, rng);
      case SignatureScheme::rsa_pss_rsae_sha384: return sign_with<RSASS<PSS, SHA384>>(k, msg, rng);
      case SignatureScheme::rsa_pss_rsae_sha512: return sign_with<RSASS<PSS, SHA512>>(k, msg, rng);
      default: break;
    }
  } catch (const CryptoPP::Exception&) {
  }
  return std::nullopt;
}

bool rsa_verify(ByteView spki, SignatureScheme s, ByteView msg, ByteView sig) {
  auto key = rsa_public(spki);
  if (!key) return false;
  const RSA::PublicKey& k = *key;
  try {
    switch (s) {
      case SignatureScheme::rsa_pkcs1_sha1: return verify_with<RSASS<PKCS1v15, SHA1>>(k, msg, sig);
      case SignatureScheme::rsa_pkcs1_sha256: return verify_with<RSASS<PKCS1v15, SHA256>>(k, msg, sig);
      case SignatureScheme::rsa_pkcs1_sha384: return verify_with<RSASS<PKCS1v15, SHA384>>(k, msg, sig);
      case SignatureScheme::rsa_pkcs1_sha512: return verify_with<RSASS<PKCS1v15, SHA512>>(k, msg, sig);
      case SignatureScheme::rsa_pss_rsae_sha256: return verify_with<RSASS<PSS, SHA256>>(k, msg, sig);
      case SignatureScheme::rsa_pss_rsae_sha384: return verify_with<RSASS<PSS, SHA384>>(k, msg, sig);
      case SignatureScheme::rsa_pss_rsae_sha512: return verify_with<RSASS<PSS, SHA512>>(k, msg, sig);
      default: break;
    }
  } catch (const CryptoPP::Exception&) {
  }
  return false;
}

}  // namespace sim::crypto

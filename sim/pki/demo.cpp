#include "pki/demo.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "asn1/der.hpp"
#include "crypto/crypto.hpp"
#include "pki/cert.hpp"

namespace sim::pki {
namespace {

constexpr const char* kRootCn = "tlslab Demo Root CA";

struct PkiKeys {
  crypto::RsaKeyPair root, leaf;
  Bytes root_der;
};

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "tlslab pki: internal error: %s\n", what);
  std::abort();
}

// Positive 128-bit serial derived from the inputs (no randomness needed for uniqueness here).
Bytes serial_for(std::string_view role, const std::string& host, uint64_t seed) {
  ByteWriter w;
  w.bytes(to_bytes("tlslab-x509-serial"));  // the old label: the demo PKI keeps its bytes
  w.vec(1, to_bytes(role));
  w.u64(seed);
  w.vec(2, to_bytes(host));
  Bytes h = crypto::hash(HashAlg::Sha256, w.data());
  h.resize(16);
  h[0] = uint8_t((h[0] & 0x7f) | 0x40);  // positive, and no leading zero byte to strip
  return h;
}

Bytes mint(const std::string& role, const std::string& host, const std::string& subject_cn, ByteView spki,
           std::vector<Bytes> extensions, ByteView issuer_private, uint64_t seed) {
  CertSpec s;
  s.serial = serial_for(role, host, seed);
  s.issuer_name = make_name(kRootCn);
  s.subject_name = make_name(subject_cn);
  s.not_before = unix_time(2025, 1, 1);
  s.not_after = unix_time(2035, 1, 1);
  s.spki.assign(spki.begin(), spki.end());
  s.extensions = std::move(extensions);
  // PKCS#1 v1.5 signatures are deterministic; the Rng only feeds Crypto++'s blinding.
  Rng rng(seed, "pki");
  auto der = mint_certificate(s, issuer_private, rng);
  if (!der) die("RSA signing failed");
  return *der;
}

Bytes mint_root(const PkiKeys& k, uint64_t seed) {
  return mint("root", "", kRootCn, k.root.public_spki,
              {make_extension(der::kOidBasicConstraints, true, ext_basic_constraints(true, std::nullopt)),
               make_extension(der::kOidKeyUsage, true, ext_key_usage(kKeyCertSign | kCrlSign)),
               make_extension(der::kOidSubjectKeyId, false, ext_key_id(key_identifier(k.root.public_spki)))},
              k.root.private_pkcs8, seed);
}

Bytes mint_leaf(const PkiKeys& k, const std::string& host, uint64_t seed) {
  return mint("leaf", host, host, k.leaf.public_spki,
              {make_extension(der::kOidBasicConstraints, true, ext_basic_constraints(false, std::nullopt)),
               make_extension(der::kOidKeyUsage, true, ext_key_usage(kDigitalSignature | kKeyEncipherment)),
               make_extension(der::kOidExtKeyUsage, false, ext_ext_key_usage({kOidServerAuthEku})),
               make_extension(der::kOidSubjectAltName, false, ext_subject_alt_name({host}, {})),
               make_extension(der::kOidSubjectKeyId, false, ext_key_id(key_identifier(k.leaf.public_spki))),
               make_extension(der::kOidAuthorityKeyId, false,
                              ext_authority_key_id(key_identifier(k.root.public_spki)))},
              k.root.private_pkcs8, seed);
}

PkiKeys make_keys(uint64_t seed) {
  Rng rng(seed, "pki");
  PkiKeys k;
  k.root = crypto::rsa_generate(2048, rng, 65537);
  k.leaf = crypto::rsa_generate(2048, rng, 65537);
  k.root_der = mint_root(k, seed);
  return k;
}

Credentials assemble(const PkiKeys& k, const std::string& host, uint64_t seed) {
  Credentials c;
  c.root_der = k.root_der;
  c.chain_der = {mint_leaf(k, host, seed), k.root_der};
  c.leaf_private_pkcs8 = k.leaf.private_pkcs8;
  return c;
}

struct KeySlot {
  std::once_flag once;
  PkiKeys keys;
};

std::mutex& cache_mutex() {
  static std::mutex m;
  return m;
}

const PkiKeys& keys_for(uint64_t seed) {
  static std::map<uint64_t, std::unique_ptr<KeySlot>> slots;
  KeySlot* slot;
  {
    std::lock_guard<std::mutex> lock(cache_mutex());
    auto& p = slots[seed];
    if (!p) p = std::make_unique<KeySlot>();
    slot = p.get();
  }
  // Keygen runs outside the map lock: other seeds (and cached hosts) are not blocked.
  std::call_once(slot->once, [slot, seed] { slot->keys = make_keys(seed); });
  return slot->keys;
}

}  // namespace

Credentials mint_demo_credentials_uncached(const std::string& host, uint64_t pki_seed) {
  return assemble(make_keys(pki_seed), host, pki_seed);
}

const Credentials& demo_credentials(const std::string& host, uint64_t pki_seed) {
  using Key = std::pair<std::string, uint64_t>;
  static std::map<Key, std::unique_ptr<Credentials>> creds;
  Key key{host, pki_seed};
  {
    std::lock_guard<std::mutex> lock(cache_mutex());
    auto it = creds.find(key);
    if (it != creds.end()) return *it->second;
  }
  auto fresh = std::make_unique<Credentials>(assemble(keys_for(pki_seed), host, pki_seed));
  std::lock_guard<std::mutex> lock(cache_mutex());
  // If another thread won the race it produced identical bytes; keep the first.
  auto [it, inserted] = creds.emplace(key, std::move(fresh));
  return *it->second;
}

}  // namespace sim::pki

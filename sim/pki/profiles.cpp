#include "pki/profiles.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "asn1/der.hpp"
#include "crypto/crypto.hpp"
#include "pki/demo.hpp"

namespace sim::pki {

using crypto::KeyType;
using crypto::X509SigAlg;

namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "tlslab pki: internal error: %s\n", what);
  std::abort();
}

// Validity periods, all relative to kSimulatedNow (2026-06-01).
const int64_t kCaFrom = unix_time(2025, 1, 1), kCaTo = unix_time(2035, 1, 1);
const int64_t kLeafFrom = unix_time(2026, 1, 1), kLeafTo = unix_time(2027, 1, 1);
const int64_t kExpiredFrom = unix_time(2025, 1, 1), kExpiredTo = unix_time(2026, 1, 1);
const int64_t kFutureFrom = unix_time(2026, 9, 1), kFutureTo = unix_time(2027, 9, 1);
const int64_t kCrlThis = unix_time(2026, 5, 25), kCrlNext = unix_time(2026, 6, 25);
const int64_t kRevokedAt = unix_time(2026, 3, 1);

constexpr const char* kOrg = "tlslab";
constexpr const char* kRootCn = "tlslab Simulated Root CA";
constexpr const char* kInterCn = "tlslab Simulated Intermediate CA";
constexpr const char* kOtherRootCn = "Unknown Root CA";  // same O, another key: not trusted
constexpr const char* kCrlUrl = "http://crl.tlslab.test/intermediate.crl";
constexpr const char* kOcspUrl = "http://ocsp.tlslab.test/";

// Keys are the slow part (RSA keygen), so they are cached per seed, each from its own named
// Rng stream: adding a key never changes another.
struct KeySlot {
  std::once_flag once;
  crypto::KeyPairDer key;
};

const crypto::KeyPairDer& key_for(uint64_t seed, const std::string& role, KeyType type, unsigned bits) {
  static std::mutex m;
  static std::map<std::tuple<uint64_t, std::string>, std::unique_ptr<KeySlot>> slots;
  KeySlot* slot;
  {
    std::lock_guard<std::mutex> lock(m);
    auto& p = slots[{seed, role}];
    if (!p) p = std::make_unique<KeySlot>();
    slot = p.get();
  }
  std::call_once(slot->once, [&] {
    Rng rng(seed, "pki-" + role);
    slot->key = crypto::generate_key(type, rng, bits);
    if (slot->key.empty()) die("key generation failed");
  });
  return slot->key;
}

Bytes serial_for(const std::string& role, const std::string& host, uint64_t seed, CertProfile p) {
  ByteWriter w;
  w.bytes(to_bytes("tlslab-pki-serial"));
  w.vec(1, to_bytes(role));
  w.u64(seed);
  w.u8(uint8_t(p));
  w.vec(2, to_bytes(host));
  Bytes h = crypto::hash(HashAlg::Sha256, w.data());
  h.resize(16);
  h[0] = uint8_t((h[0] & 0x7f) | 0x40);  // positive, 16 bytes, no leading zero
  return h;
}

Bytes must(std::optional<Bytes> b) {
  if (!b) die("signing failed");
  return std::move(*b);
}

std::unique_ptr<PkiBundle> build(CertProfile p, const std::string& host, uint64_t seed, KeyType leaf_type) {
  auto b = std::make_unique<PkiBundle>();
  Rng sig_rng(seed, "pki-signatures");
  const auto& root_k = key_for(seed, "root", KeyType::rsa, 2048);
  const auto& inter_k = key_for(seed, "intermediate", KeyType::rsa, 2048);
  const auto& other_k = key_for(seed, "other-root", KeyType::rsa, 2048);
  const crypto::KeyPairDer* leaf_k;
  if (p == CertProfile::rsa_512) leaf_k = &key_for(seed, "leaf-rsa512", KeyType::rsa, 512);
  else if (leaf_type == KeyType::ecdsa_p256) leaf_k = &key_for(seed, "leaf-p256", KeyType::ecdsa_p256, 0);
  else if (leaf_type == KeyType::ed25519) leaf_k = &key_for(seed, "leaf-ed25519", KeyType::ed25519, 0);
  else leaf_k = &key_for(seed, "leaf-rsa", KeyType::rsa, 2048);

  // Root: self-signed, CA with pathLen 1 (one intermediate below it).
  bool unknown = p == CertProfile::unknown_ca;
  const auto& anchor_k = unknown ? other_k : root_k;
  auto mint_root = [&](const crypto::KeyPairDer& k, const char* cn) {
    CertSpec s;
    s.serial = serial_for(std::string("root:") + cn, "", seed, CertProfile::valid);
    s.issuer_name = s.subject_name = make_name(cn, kOrg);
    s.not_before = kCaFrom;
    s.not_after = kCaTo;
    s.spki = k.public_spki;
    s.extensions = {make_extension(der::kOidBasicConstraints, true, ext_basic_constraints(true, 1)),
                    make_extension(der::kOidKeyUsage, true, ext_key_usage(kKeyCertSign | kCrlSign)),
                    make_extension(der::kOidSubjectKeyId, false, ext_key_id(key_identifier(k.public_spki)))};
    return must(mint_certificate(s, k.private_pkcs8, sig_rng));
  };
  b->root = mint_root(root_k, kRootCn);
  b->root_key = root_k.private_pkcs8;
  Bytes anchor = unknown ? mint_root(other_k, kOtherRootCn) : b->root;

  // Intermediate: CA, pathLen 0, issued by the (possibly unknown) root.
  {
    CertSpec s;
    s.serial = serial_for("intermediate", "", seed, unknown ? p : CertProfile::valid);
    s.issuer_name = make_name(unknown ? kOtherRootCn : kRootCn, kOrg);
    s.subject_name = make_name(kInterCn, kOrg);
    s.not_before = kCaFrom;
    s.not_after = kCaTo;
    s.spki = inter_k.public_spki;
    if (p != CertProfile::ca_without_basic_constraints)
      s.extensions.push_back(make_extension(der::kOidBasicConstraints, true, ext_basic_constraints(true, 0)));
    s.extensions.push_back(make_extension(der::kOidKeyUsage, true, ext_key_usage(kKeyCertSign | kCrlSign)));
    s.extensions.push_back(make_extension(der::kOidSubjectKeyId, false, ext_key_id(key_identifier(inter_k.public_spki))));
    s.extensions.push_back(
        make_extension(der::kOidAuthorityKeyId, false, ext_authority_key_id(key_identifier(anchor_k.public_spki))));
    b->intermediate = must(mint_certificate(s, anchor_k.private_pkcs8, sig_rng));
    b->intermediate_key = inter_k.private_pkcs8;
  }

  // Leaf.
  {
    CertSpec s;
    s.serial = serial_for("leaf", host, seed, p);
    bool self = p == CertProfile::self_signed;
    s.subject_name = make_name(host, kOrg);
    s.issuer_name = self ? s.subject_name : make_name(kInterCn, kOrg);
    s.not_before = p == CertProfile::expired ? kExpiredFrom : p == CertProfile::not_yet_valid ? kFutureFrom : kLeafFrom;
    s.not_after = p == CertProfile::expired ? kExpiredTo : p == CertProfile::not_yet_valid ? kFutureTo : kLeafTo;
    s.spki = leaf_k->public_spki;
    std::string name = p == CertProfile::wrong_host ? "www.wrong-host.test" : host;
    bool must_staple = p == CertProfile::must_staple || p == CertProfile::revoked_must_staple;
    uint16_t ku = kDigitalSignature;
    if (leaf_type == KeyType::rsa || p == CertProfile::rsa_512) ku |= kKeyEncipherment;  // RSA key transport
    s.extensions = {make_extension(der::kOidBasicConstraints, true, ext_basic_constraints(false, std::nullopt)),
                    make_extension(der::kOidKeyUsage, true, ext_key_usage(ku)),
                    make_extension(der::kOidExtKeyUsage, false, ext_ext_key_usage({kOidServerAuthEku})),
                    make_extension(der::kOidSubjectAltName, false, ext_subject_alt_name({name}, {}))};
    s.extensions.push_back(make_extension(der::kOidSubjectKeyId, false, ext_key_id(key_identifier(leaf_k->public_spki))));
    if (!self) {
      s.extensions.push_back(
          make_extension(der::kOidAuthorityKeyId, false, ext_authority_key_id(key_identifier(inter_k.public_spki))));
      // revoked-crl names only a CRL, revoked-ocsp only a responder: each lesson shows one path.
      // The must-staple leaves name only the responder too: stapling is an OCSP mechanism.
      bool ocsp_only = p == CertProfile::revoked_ocsp || must_staple;
      if (!ocsp_only) s.extensions.push_back(make_extension("2.5.29.31", false, ext_crl_distribution_point(kCrlUrl)));
      if (p != CertProfile::revoked_crl) s.extensions.push_back(make_extension("1.3.6.1.5.5.7.1.1", false, ext_ocsp_aia(kOcspUrl)));
      b->crl_url = !ocsp_only ? kCrlUrl : "";
      b->ocsp_url = p != CertProfile::revoked_crl ? kOcspUrl : "";
    }
    // RFC 7633: TLS Feature { status_request }, not critical (as CAs issue it, so that a client
    // that does not know it still accepts the certificate).
    if (must_staple)
      s.extensions.push_back(make_extension(kOidTlsFeature, false, ext_tls_feature({uint16_t(ExtensionType::status_request)})));
    // A self-signed leaf signs itself, so with its own key's algorithm (an ECDSA leaf cannot
    // make an RSA signature); the others are signed by the RSA intermediate.
    s.sig_alg = p == CertProfile::md5_signature ? X509SigAlg::md5_rsa
                : self                          ? crypto::default_x509_sig_alg(leaf_type)
                                                : X509SigAlg::sha256_rsa;
    b->leaf = must(mint_certificate(s, self ? leaf_k->private_pkcs8 : inter_k.private_pkcs8, sig_rng));
    b->leaf_key = leaf_k->private_pkcs8;
  }
  b->chain = p == CertProfile::self_signed ? std::vector<Bytes>{b->leaf} : std::vector<Bytes>{b->leaf, b->intermediate};
  b->trust_store = {b->root};

  // Revocation data of the intermediate. The leaf is revoked in the revoked-* profiles; the
  // CRL always lists one other (made-up) revoked serial so that it is never empty.
  auto leaf = parse_certificate(b->leaf);
  auto inter = parse_certificate(b->intermediate);
  if (!leaf || !inter) die("minted certificate does not parse");
  bool revoked = p == CertProfile::revoked_crl || p == CertProfile::revoked_ocsp || p == CertProfile::revoked_must_staple;
  CrlSpec crl;
  crl.issuer_name = inter->subject_der;
  crl.issuer_spki = inter->spki;
  crl.this_update = kCrlThis;
  crl.next_update = kCrlNext;
  crl.revoked.push_back({serial_for("previously-revoked", "", seed, CertProfile::valid), unix_time(2025, 6, 1),
                         CrlReason::superseded});
  if (revoked) crl.revoked.push_back({leaf->serial, kRevokedAt, CrlReason::key_compromise});
  b->crl = must(mint_crl(crl, inter_k.private_pkcs8, sig_rng));

  OcspResponseSpec o;
  o.id = cert_id_for(*leaf, *inter);
  o.produced_at = o.this_update = unix_time(2026, 5, 31, 12);
  o.next_update = unix_time(2026, 6, 7, 12);
  o.responder_spki = inter->spki;
  b->ocsp_good = must(mint_ocsp_response(o, inter_k.private_pkcs8, sig_rng));
  o.status = OcspStatus::revoked;
  o.revocation_time = kRevokedAt;
  o.reason = CrlReason::key_compromise;
  b->ocsp_revoked = must(mint_ocsp_response(o, inter_k.private_pkcs8, sig_rng));
  b->ocsp_status = revoked ? OcspStatus::revoked : OcspStatus::good;
  return b;
}

}  // namespace

const std::vector<ProfileInfo>& certificate_profiles() {
  using A = AlertDescription;
  static const std::vector<ProfileInfo> k = {
      {CertProfile::valid, "valid", msg("profile.valid"), std::nullopt},
      {CertProfile::expired, "expired", msg("profile.expired"), A::certificate_expired},
      {CertProfile::not_yet_valid, "not-yet-valid", msg("profile.not_yet_valid"), A::certificate_expired},
      {CertProfile::wrong_host, "wrong-host", msg("profile.wrong_host"), A::bad_certificate},
      {CertProfile::self_signed, "self-signed", msg("profile.self_signed"), A::unknown_ca},
      {CertProfile::unknown_ca, "unknown-ca", msg("profile.unknown_ca"), A::unknown_ca},
      {CertProfile::revoked_crl, "revoked-crl", msg("profile.revoked_crl"), A::certificate_revoked},
      {CertProfile::revoked_ocsp, "revoked-ocsp", msg("profile.revoked_ocsp"), A::certificate_revoked},
      {CertProfile::ca_without_basic_constraints, "ca-without-basic-constraints", msg("profile.ca_without_basic_constraints"), A::bad_certificate},
      {CertProfile::rsa_512, "rsa-512", msg("profile.rsa_512"), A::unsupported_certificate},
      {CertProfile::md5_signature, "md5-signature", msg("profile.md5_signature"),
       A::unsupported_certificate},
      {CertProfile::must_staple, "must-staple", msg("profile.must_staple"), std::nullopt},
      {CertProfile::revoked_must_staple, "revoked-must-staple", msg("profile.revoked_must_staple"), A::certificate_revoked},
  };
  return k;
}

std::optional<CertProfile> profile_by_name(std::string_view name) {
  for (auto& p : certificate_profiles())
    if (p.name == name) return p.id;
  return std::nullopt;
}

const ProfileInfo& profile_info(CertProfile p) {
  for (auto& i : certificate_profiles())
    if (i.id == p) return i;
  return certificate_profiles()[0];
}

const PkiBundle& profile_pki(CertProfile p, const std::string& host, uint64_t seed, KeyType leaf_key) {
  using Key = std::tuple<int, std::string, uint64_t, int>;
  static std::mutex m;
  static std::map<Key, std::unique_ptr<PkiBundle>> cache;
  Key key{int(p), host, seed, int(leaf_key)};
  {
    std::lock_guard<std::mutex> lock(m);
    auto it = cache.find(key);
    if (it != cache.end()) return *it->second;
  }
  auto fresh = build(p, host, seed, leaf_key);
  std::lock_guard<std::mutex> lock(m);
  auto [it, inserted] = cache.emplace(key, std::move(fresh));
  return *it->second;
}

std::optional<Bytes> ocsp_respond(const PkiBundle& pki, ByteView request_der) {
  auto id = parse_ocsp_request(request_der);
  if (!id) return std::nullopt;
  auto leaf = parse_certificate(pki.leaf);
  auto inter = parse_certificate(pki.intermediate);
  if (!leaf || !inter) return std::nullopt;
  if (*id == cert_id_for(*leaf, *inter)) return ocsp_response_for_leaf(pki);
  // Not a certificate of ours: 'unknown' (RFC 6960 2.2), signed like the others.
  OcspResponseSpec o;
  o.id = *id;
  o.status = OcspStatus::unknown;
  o.produced_at = o.this_update = unix_time(2026, 5, 31, 12);
  o.next_update = unix_time(2026, 6, 7, 12);
  o.responder_spki = inter->spki;
  Rng rng(0, "ocsp-unknown");
  return mint_ocsp_response(o, pki.intermediate_key, rng);
}

const Bytes& ocsp_response_for_leaf(const PkiBundle& pki) {
  return pki.ocsp_status == OcspStatus::revoked ? pki.ocsp_revoked : pki.ocsp_good;
}

// Declared in pki/demo.hpp with the other demo credentials; defined here, next to the profile
// it draws from.

const Credentials& demo_credentials(const std::string& host, uint64_t pki_seed, crypto::KeyType key_type) {
  using Key = std::tuple<std::string, uint64_t, int>;
  static std::mutex m;
  static std::map<Key, std::unique_ptr<Credentials>> cache;
  Key key{host, pki_seed, int(key_type)};
  {
    std::lock_guard<std::mutex> lock(m);
    auto it = cache.find(key);
    if (it != cache.end()) return *it->second;
  }
  const auto& b = profile_pki(CertProfile::valid, host, pki_seed, key_type);
  auto c = std::make_unique<Credentials>();
  c->chain_der = {b.leaf, b.intermediate, b.root};
  c->leaf_private_pkcs8 = b.leaf_key;
  c->root_der = b.root;
  std::lock_guard<std::mutex> lock(m);
  auto [it, inserted] = cache.emplace(key, std::move(c));
  return *it->second;
}

}  // namespace sim::pki

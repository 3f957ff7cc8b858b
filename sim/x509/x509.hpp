// X.509 for the simulator: mints a deterministic demo PKI (root CA + server leaf) and reads
// DER certificates back (SPKI extraction, display name, Inspector dissection). The DER
// reader/writer is our own and small; Crypto++ is used only for RSA keys and signatures.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/keys.hpp"
#include "trace/field.hpp"

namespace sim::x509 {

struct Credentials {
  std::vector<Bytes> chain_der;  // leaf first, then root CA (root included as the last element)
  Bytes leaf_private_pkcs8;      // leaf RSA private key, PKCS#8 DER
  Bytes root_der;
};

// Demo PKI for `host`: root "CN=tlslab Demo Root CA" (self-signed, CA:TRUE) and a leaf with
// CN=host, SAN DNS:host, serverAuth (leaf basicConstraints CA:FALSE and keyUsage are marked
// critical, as public CAs do). Both RSA-2048 (e=65537), X.509 v3, sha256WithRSAEncryption,
// valid 2025-01-01 00:00:00Z .. 2035-01-01 00:00:00Z. Keys come only from Rng(pki_seed, "pki"),
// so the output is byte-identical for the same (host, pki_seed).
// Thread-safe. The key pairs are cached per pki_seed and the credentials per (host, pki_seed)
// for the lifetime of the process; the returned reference stays valid until exit.
const Credentials& demo_credentials(const std::string& host, uint64_t pki_seed);
// The chain of the simulated PKI (sim/pki/profiles.hpp, profile "valid") with a leaf key of
// `key_type`: chain_der = {leaf, intermediate CA, root CA}, root_der = the root, the leaf's
// PKCS#8 key. RSA-2048, ECDSA P-256 or Ed25519 leaf; both CAs RSA-2048 with
// sha256WithRSAEncryption. Valid 2026-01-01..2027-01-01 (the clock is pki::kSimulatedNow),
// SAN DNS:host, serverAuth. Cached per (host, pki_seed, key_type) like the overload above.
const Credentials& demo_credentials(const std::string& host, uint64_t pki_seed, crypto::KeyType key_type);
// The same minting without any cache (generates both RSA keys every call, so it is slow);
// exists so tests can check that two independent runs give identical bytes.
Credentials mint_demo_credentials_uncached(const std::string& host, uint64_t pki_seed);

// Full DER (SEQUENCE header + body) of tbsCertificate.subjectPublicKeyInfo. The certificate's
// DER structure is checked on the way (every element within its parent, no trailing bytes);
// malformed input gives Failure{bad_certificate, reason}. Never reads out of bounds.
Result<Bytes> certificate_spki(ByteView cert_der);

// For display: the subject CN, followed by " (DNS: a, b)" when the DNS subjectAltNames are not
// exactly {CN}; just the SANs when there is no CN. Empty string when the DER is malformed.
std::string certificate_subject_cn(ByteView cert_der);

// Appends to `out` (children inherit out.space), each node covering its whole DER element:
//   tbsCertificate {version "v3 (2)", serialNumber "60:2a:..", signature "sha256WithRSAEncryption"
//     {algorithm, parameters}, issuer "CN=tlslab Demo Root CA" {one child per attribute, e.g. CN},
//     validity {notBefore, notAfter "2035-01-01 00:00:00 UTC"}, subject,
//     subjectPublicKeyInfo "RSA 2048 bits" {algorithm "rsaEncryption", subjectPublicKey
//       "RSA 2048 bits" {modulus, publicExponent}},
//     extensions "6 extensions" {<name or dotted OID> "<summary>[ (critical)]"
//       {extnID, critical (only when encoded), extnValue}}}
//   signatureAlgorithm, signatureValue "256 bytes: <hex>"
// Known extensions get a summary ("CA:FALSE", "digitalSignature, keyEncipherment", "serverAuth",
// "DNS:host", "keyid:.."); others show their extnValue as hex. `base` is the absolute offset of
// cert_der[0] in the event buffer; all Field offsets are absolute. Returns false on malformed DER:
// what was dissected stays, and a last child "malformed" of `out` (range: from where parsing
// stopped to the end of cert_der) says where and why.
bool dissect_certificate(ByteView cert_der, size_t base, Field& out);

}  // namespace sim::x509

// Demo credentials for scenarios and tests: a deterministic root CA and server leaf minted with
// the certificate writer of pki/cert.hpp, or the chain of a simulated PKI profile.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "crypto/keys.hpp"

namespace sim::pki {

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
// The chain of the simulated PKI (pki/profiles.hpp, profile "valid") with a leaf key of
// `key_type`: chain_der = {leaf, intermediate CA, root CA}, root_der = the root, the leaf's
// PKCS#8 key. RSA-2048, ECDSA P-256 or Ed25519 leaf; both CAs RSA-2048 with
// sha256WithRSAEncryption. Valid 2026-01-01..2027-01-01 (the clock is pki::kSimulatedNow),
// SAN DNS:host, serverAuth. Cached per (host, pki_seed, key_type) like the overload above.
const Credentials& demo_credentials(const std::string& host, uint64_t pki_seed, crypto::KeyType key_type);
// The same minting without any cache (generates both RSA keys every call, so it is slow);
// exists so tests can check that two independent runs give identical bytes.
Credentials mint_demo_credentials_uncached(const std::string& host, uint64_t pki_seed);

}  // namespace sim::pki

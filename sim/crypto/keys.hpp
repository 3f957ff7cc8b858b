// Key pairs and signatures of every kind a certificate or a handshake uses: RSA (512..4096
// bits), ECDSA P-256 and Ed25519. Keys travel as DER: private keys as PKCS#8 PrivateKeyInfo
// (RFC 5208 / RFC 8410 for Ed25519), public keys as SubjectPublicKeyInfo (RFC 5280 4.1.2.7).
// Like crypto.hpp, nothing here throws: Crypto++ exceptions are caught in keys.cpp and become
// nullopt / false / an empty KeyPair.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/bytes.hpp"
#include "core/enums.hpp"
#include "core/message.hpp"
#include "core/rng.hpp"

namespace sim::crypto {

enum class KeyType { rsa, ecdsa_p256, ed25519 };
std::string name_of(KeyType t);  // "RSA", "ECDSA P-256", "Ed25519"
// Command-line and scenario spelling: "rsa", "ecdsa", "ed25519".
std::string key_type_option(KeyType t);
std::optional<KeyType> key_type_by_option(std::string_view s);

struct KeyPairDer {
  Bytes private_pkcs8;  // PrivateKeyInfo
  Bytes public_spki;    // SubjectPublicKeyInfo
  bool empty() const { return private_pkcs8.empty(); }
};

// Deterministic from `rng` (the same Rng state gives the same key). rsa_bits is used only for
// KeyType::rsa and must be within 512..4096 (RSA keys use e = 65537). Empty on failure.
KeyPairDer generate_key(KeyType type, Rng& rng, unsigned rsa_bits = 2048);

// The key type of a SubjectPublicKeyInfo or a PKCS#8 PrivateKeyInfo (from the algorithm OID;
// for id-ecPublicKey only the prime256v1 curve is accepted). nullopt for anything else or
// malformed DER.
std::optional<KeyType> key_type_of_spki(ByteView spki);
std::optional<KeyType> key_type_of_pkcs8(ByteView pkcs8);
// Key size in bits: the RSA modulus length, 256 for P-256 and Ed25519; 0 when unreadable.
unsigned key_bits(ByteView spki);
// SubjectPublicKeyInfo of a PKCS#8 private key (any of the three types).
std::optional<Bytes> public_from_private(ByteView private_pkcs8);

// TLS signatures by SignatureScheme (RFC 8446 4.2.3): rsa_pkcs1_sha1/256/384/512,
// rsa_pss_rsae_sha256/384/512, ecdsa_secp256r1_sha256 (the signature is a DER
// ECDSA-Sig-Value SEQUENCE { r INTEGER, s INTEGER }, as TLS and X.509 carry it) and ed25519
// (64 bytes, RFC 8032, no pre-hash). The scheme must match the key's type, else nullopt / false.
// `rng` feeds RSA blinding, PSS salts and ECDSA nonces; Ed25519 and PKCS#1 v1.5 are
// deterministic anyway.
std::optional<Bytes> sign_scheme(ByteView private_pkcs8, SignatureScheme scheme, ByteView msg, Rng& rng);
bool verify_scheme(ByteView spki, SignatureScheme scheme, ByteView msg, ByteView sig);
// Whether sign_scheme / verify_scheme implement this scheme.
bool is_supported_signature_scheme(SignatureScheme s);
// Schemes a key of this type can make, strongest first (for choosing in a handshake).
std::vector<SignatureScheme> schemes_for(KeyType t);

// X.509 signature algorithms (RFC 5280 4.1.1.2, RFC 5758, RFC 8410).
enum class X509SigAlg { sha256_rsa, sha1_rsa, md5_rsa, ecdsa_sha256, ed25519 };
std::string name_of(X509SigAlg a);          // "sha256WithRSAEncryption", ...
std::string oid_of(X509SigAlg a);           // dotted OID
std::optional<X509SigAlg> x509_sig_alg_by_oid(const std::string& dotted);
// The AlgorithmIdentifier DER: RSA algorithms carry NULL parameters, ECDSA and Ed25519 none.
Bytes algorithm_identifier(X509SigAlg a);
// The algorithm a key of this type signs certificates with by default.
X509SigAlg default_x509_sig_alg(KeyType t);
std::optional<Bytes> sign_x509(ByteView private_pkcs8, X509SigAlg alg, ByteView tbs, Rng& rng);
bool verify_x509(ByteView spki, X509SigAlg alg, ByteView tbs, ByteView sig);

// PEM and DER input, as files give them. Accepts "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY"
// (PKCS#1) and "EC PRIVATE KEY" (RFC 5915) as openssl writes them, or the DER of any of these;
// returns PKCS#8. The reason names what was wrong.
struct KeyLoad {
  std::optional<Bytes> pkcs8;
  Message error;  // empty when the key loaded
};
KeyLoad load_private_key(ByteView file_contents);

}  // namespace sim::crypto

// The crypto facade: the only place that includes Crypto++. Crypto++ throws on many failures;
// these functions catch and return empty optionals / false instead, so no exception crosses
// the engine boundary.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/enums.hpp"
#include "core/rng.hpp"

namespace sim::crypto {

using sim::HashAlg;

size_t hash_len(HashAlg h);
Bytes hash(HashAlg h, ByteView data);
Bytes hmac(HashAlg h, ByteView key, ByteView data);
// hash(h, transcript), for a handshake transcript hashed again each time it grows: SHA-256 and
// SHA-384 continue from the state of the longest transcript this thread hashed that is a
// prefix of this one, so only the new messages are hashed (same result as hash()).
Bytes transcript_hash(HashAlg h, ByteView transcript);
// SSL 3.0 pads (RFC 6101 5.2.3.1) of its MAC and Finished hashes: 48 bytes for MD5, 40 for SHA-1.
Bytes ssl3_pad1(HashAlg h);
Bytes ssl3_pad2(HashAlg h);

// ---- record ciphers ------------------------------------------------------------------
// AEAD: returns ciphertext || tag (16-byte tag).
Bytes aead_seal(BulkCipher c, ByteView key, ByteView nonce, ByteView aad, ByteView plaintext);
std::optional<Bytes> aead_open(BulkCipher c, ByteView key, ByteView nonce, ByteView aad,
                               ByteView ciphertext_and_tag);
// CBC without padding (the record layer pads); input is whole blocks. Any block cipher of
// the suite table: AES, 3DES, DES, DES40 (DES with the export-expanded key), IDEA, RC2-40.
Bytes cbc_encrypt(BulkCipher c, ByteView key, ByteView iv, ByteView data);
Bytes cbc_decrypt(BulkCipher c, ByteView key, ByteView iv, ByteView data);

// The same record ciphers keyed once, for a connection's many records: keying AES-GCM builds
// its multiplication tables, which costs as much as sealing a few KiB. The outputs go where the
// caller says, so a record is built in place.
class AeadCipher {
 public:
  AeadCipher(BulkCipher c, ByteView key);
  ~AeadCipher();
  AeadCipher(const AeadCipher&) = delete;
  AeadCipher& operator=(const AeadCipher&) = delete;
  bool keyed_with(BulkCipher c, ByteView key) const;
  // Seals the concatenation of `plaintext` parts: ciphertext || tag, their total + 16 bytes, to `out`.
  void seal(ByteView nonce, ByteView aad, std::initializer_list<ByteView> plaintext, uint8_t* out);
  // Writes ciphertext_and_tag.size() - 16 bytes to `out`; false if the tag does not verify.
  bool open(ByteView nonce, ByteView aad, ByteView ciphertext_and_tag, uint8_t* out);

 private:
  struct Impl;
  Impl* impl_;
};

// CBC without padding (as cbc_encrypt / cbc_decrypt) keyed once; the IV is given per record.
class CbcCipher {
 public:
  CbcCipher(BulkCipher c, ByteView key);
  ~CbcCipher();
  CbcCipher(const CbcCipher&) = delete;
  CbcCipher& operator=(const CbcCipher&) = delete;
  bool keyed_with(BulkCipher c, ByteView key) const;
  // `in` and `out` have n bytes, whole blocks; false for a cipher CBC does not know.
  bool encrypt(ByteView iv, const uint8_t* in, size_t n, uint8_t* out);
  bool decrypt(ByteView iv, const uint8_t* in, size_t n, uint8_t* out);

 private:
  struct Impl;
  Impl* impl_;
};

// Digests of data given in parts, without joining them first: HMAC (as hmac()) and a plain hash.
// `out` has hash_len(h) bytes.
void hmac_into(HashAlg h, ByteView key, std::initializer_list<ByteView> data, uint8_t* out);
void hash_into(HashAlg h, std::initializer_list<ByteView> data, uint8_t* out);

// RC4 keystream whose state carries across records (RFC 6101 5.2.3.1).
class Rc4 {
 public:
  explicit Rc4(ByteView key);
  ~Rc4();
  Rc4(const Rc4&) = delete;
  Rc4& operator=(const Rc4&) = delete;
  Bytes process(ByteView data);
  void process(const uint8_t* in, size_t n, uint8_t* out);

 private:
  struct Impl;
  Impl* impl_;
};

// ---- key exchange --------------------------------------------------------------------
struct KeyPair {
  Bytes private_key;
  Bytes public_key;  // wire form: x25519 32 bytes, P-256 uncompressed 65 bytes, DH Ys
};
// Finite-field DH group parameters (big-endian p and g).
struct DhParams {
  Bytes p;
  Bytes g;
};
const DhParams& ffdhe2048();  // RFC 7919 appendix A.1

KeyPair ecdh_generate(NamedGroup g, Rng& rng);
// Returns nullopt for an invalid peer point or an all-zero x25519 result.
std::optional<Bytes> ecdh_agree(NamedGroup g, ByteView private_key, ByteView peer_public);
// The private exponent's length in bits for these parameters: 256 for ffdhe2048 (a short
// exponent, RFC 7919 5.2 and appendix A.1), 0 for "full length" (any other p).
unsigned dh_private_bits(const DhParams& params);
// Private key: big-endian x padded to |p|; public key: Y = g^x mod p, padded to |p|.
KeyPair dh_generate(const DhParams& params, Rng& rng);
// Shared secret Z as a big-endian integer padded to |p| (TLS 1.2 strips leading zeros itself).
std::optional<Bytes> dh_agree(const DhParams& params, ByteView private_key, ByteView peer_public);

// ---- RSA -----------------------------------------------------------------------------
// Keys travel as DER: private as PKCS#8 PrivateKeyInfo, public as SubjectPublicKeyInfo.
struct RsaKeyPair {
  Bytes private_pkcs8;
  Bytes public_spki;
};
RsaKeyPair rsa_generate(unsigned bits, Rng& rng, unsigned public_exponent = 65537);
// Builds a SubjectPublicKeyInfo from a big-endian modulus and exponent (ServerRSAParams).
std::optional<Bytes> rsa_spki_from_components(ByteView modulus, ByteView exponent);
bool rsa_components(ByteView public_spki, Bytes* out_modulus, Bytes* out_exponent);
// PKCS#1 v1.5 block type 1 signature over raw bytes, without DigestInfo: what SSLv3, TLS 1.0
// and TLS 1.1 sign (the 36-byte MD5 + SHA-1 hash), RFC 5246 4.7 / RFC 2246 7.4.3.
std::optional<Bytes> rsa_sign_raw_pkcs1(ByteView private_pkcs8, ByteView data);
bool rsa_verify_raw_pkcs1(ByteView public_spki, ByteView data, ByteView sig);
std::optional<Bytes> rsa_public_from_private(ByteView private_pkcs8);
size_t rsa_modulus_bytes(ByteView public_spki);  // 0 if not an RSA key
std::optional<Bytes> rsa_encrypt_pkcs1(ByteView public_spki, ByteView msg, Rng& rng);
std::optional<Bytes> rsa_decrypt_pkcs1(ByteView private_pkcs8, ByteView ciphertext);
// scheme: a TLS SignatureScheme (rsa_pkcs1_* or rsa_pss_rsae_*).
std::optional<Bytes> rsa_sign(ByteView private_pkcs8, SignatureScheme scheme, ByteView msg, Rng& rng);
bool rsa_verify(ByteView public_spki, SignatureScheme scheme, ByteView msg, ByteView sig);
// Raw RSA private operation (for showing the decrypted PKCS#1 block in a derivation).
std::optional<Bytes> rsa_raw_decrypt(ByteView private_pkcs8, ByteView ciphertext);
bool is_supported_scheme(SignatureScheme s);

}  // namespace sim::crypto

// Protocol enumerations. Enum classes with a fixed underlying type are "open": an unknown
// value read off the wire stays representable and prints as hex.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.hpp"

namespace sim {

enum class ContentType : uint8_t {
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
};

enum class HandshakeType : uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  new_session_ticket = 4,      // TLS 1.3 (RFC 8446 4.6.1)
  end_of_early_data = 5,       // TLS 1.3
  encrypted_extensions = 8,    // TLS 1.3
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
  certificate_status = 22,     // RFC 6066 8 (OCSP stapling in TLS 1.2)
  key_update = 24,             // TLS 1.3
  message_hash = 254,          // TLS 1.3: stands for ClientHello1 after a HelloRetryRequest
};

enum class AlertLevel : uint8_t { warning = 1, fatal = 2 };

enum class AlertDescription : uint8_t {
  close_notify = 0,
  unexpected_message = 10,
  bad_record_mac = 20,
  record_overflow = 22,
  decompression_failure = 30,
  handshake_failure = 40,
  no_certificate = 41,  // SSLv3 only
  bad_certificate = 42,
  unsupported_certificate = 43,
  certificate_revoked = 44,
  certificate_expired = 45,
  certificate_unknown = 46,
  illegal_parameter = 47,
  unknown_ca = 48,
  decode_error = 50,
  decrypt_error = 51,
  protocol_version = 70,
  insufficient_security = 71,
  internal_error = 80,
  inappropriate_fallback = 86,  // RFC 7507 2
  user_canceled = 90,
  no_renegotiation = 100,
  missing_extension = 109,
  unsupported_extension = 110,
  unrecognized_name = 112,
  bad_certificate_status_response = 113,
  unknown_psk_identity = 115,   // TLS 1.3
  certificate_required = 116,   // TLS 1.3
};

enum class ExtensionType : uint16_t {
  server_name = 0,
  max_fragment_length = 1,  // RFC 6066 4
  status_request = 5,  // RFC 6066 8
  supported_groups = 10,
  ec_point_formats = 11,
  signature_algorithms = 13,
  encrypt_then_mac = 22,
  extended_master_secret = 23,
  session_ticket = 35,
  pre_shared_key = 41,          // TLS 1.3 (RFC 8446 4.2)
  early_data = 42,
  supported_versions = 43,
  cookie = 44,
  psk_key_exchange_modes = 45,
  signature_algorithms_cert = 50,
  key_share = 51,
  renegotiation_info = 0xff01,
};

enum class NamedGroup : uint16_t { secp256r1 = 0x0017, x25519 = 0x001d, ffdhe2048 = 0x0100 };

enum class SignatureScheme : uint16_t {
  rsa_pkcs1_sha1 = 0x0201,
  rsa_pkcs1_sha256 = 0x0401,
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  ecdsa_secp256r1_sha256 = 0x0403,
  ed25519 = 0x0807,
};

constexpr uint16_t kSsl3 = 0x0300, kTls10 = 0x0301, kTls11 = 0x0302, kTls12 = 0x0303, kTls13 = 0x0304;
constexpr uint16_t kTlsEmptyRenegotiationInfoScsv = 0x00ff;
constexpr uint16_t kTlsFallbackScsv = 0x5600;  // RFC 7507 2: a signal in cipher_suites, not a suite

std::string name_of(ContentType v);
std::string name_of(HandshakeType v);
std::string name_of(AlertLevel v);
std::string name_of(AlertDescription v);
std::string name_of(ExtensionType v);
std::string name_of(NamedGroup v);
std::string name_of(SignatureScheme v);
std::string version_name(uint16_t v);
std::string version_option_name(uint16_t v);  // "ssl3", "tls1.0", ... as on the command line
std::optional<uint16_t> version_by_option_name(std::string_view n);
std::optional<NamedGroup> group_by_name(std::string_view name);
const std::vector<NamedGroup>& all_groups();
// SSL 3.0 has fewer alerts than TLS (RFC 6101 5.4.2): map a TLS description to the one an SSL 3.0
// endpoint sends instead. Identity for TLS versions.
AlertDescription alert_for_version(AlertDescription a, uint16_t version);
// One-line "why would I see this" explanation of an alert, shown next to it in the trace: a
// catalog message ("alert.meaning.bad_record_mac"), rendered in the viewer's language.
Message alert_meaning(AlertDescription a);

// ---- cipher suites -------------------------------------------------------------------
// tls13: TLS 1.3 suites name only the AEAD and hash; the key exchange is negotiated apart.
// ecdhe_ecdsa: the ephemeral ECDH key signed with the certificate's ECDSA key (RFC 8422 2.1).
enum class KeyExchange { rsa, rsa_export, dhe_rsa, ecdhe_rsa, tls13, ecdhe_ecdsa };
// ECDHE_RSA and ECDHE_ECDSA share ServerECDHParams and the ECPoint ClientKeyExchange; they
// differ only in the certificate's key and so the ServerKeyExchange signature.
inline bool is_ecdhe(KeyExchange k) { return k == KeyExchange::ecdhe_rsa || k == KeyExchange::ecdhe_ecdsa; }
// Key exchanges whose ServerKeyExchange is signed with an RSA certificate key.
inline bool signs_with_rsa(KeyExchange k) {
  return k == KeyExchange::rsa_export || k == KeyExchange::dhe_rsa || k == KeyExchange::ecdhe_rsa;
}
enum class BulkCipher {
  aes_128_gcm, aes_256_gcm, chacha20_poly1305,        // AEAD
  aes_128_cbc, aes_256_cbc, des_ede3_cbc, des_cbc, idea_cbc, rc2_cbc_40, des40_cbc,  // block
  rc4_128, rc4_40,                                   // stream
};
// Record MAC: HMAC in TLS, the pad_1/pad_2 construction with the same hash in SSLv3.
enum class MacAlg { aead, md5, sha1, sha256, sha384 };
enum class HashAlg { Md5, Sha1, Sha256, Sha384, Sha512 };


struct CipherSuiteInfo {
  uint16_t id;
  std::string_view name;
  KeyExchange kx;
  BulkCipher cipher;
  MacAlg mac;
  HashAlg prf_hash;    // TLS 1.2 PRF and Finished hash
  size_t key_len;      // key material from key_block (5 for export ciphers)
  size_t expanded_key_len;  // the cipher's real key length (export ciphers expand 5 bytes)
  size_t fixed_iv_len; // AEAD implicit IV from key_block: 4 (GCM salt), 12 (ChaCha20)
  size_t record_iv_len;// AEAD explicit nonce per record: 8 (GCM), 0 (ChaCha20)
  size_t mac_len;      // 0 for AEAD
  size_t block_len;    // CBC block size (8 or 16), 0 for stream and AEAD ciphers
  uint16_t min_version, max_version;  // versions in which the suite may be negotiated
  bool aead() const { return mac == MacAlg::aead; }
  bool exportable() const { return kx == KeyExchange::rsa_export; }
  bool stream() const { return block_len == 0 && !aead(); }
  bool allowed_in(uint16_t v) const { return v >= min_version && v <= max_version; }
  // True when some version in [lo, hi] allows the suite.
  bool usable_in(uint16_t lo, uint16_t hi) const { return max_version >= lo && min_version <= hi; }
};

const std::vector<CipherSuiteInfo>& all_suites();
const CipherSuiteInfo* suite_by_id(uint16_t id);
const CipherSuiteInfo* suite_by_name(std::string_view name);
std::string suite_name(uint16_t id);
std::string_view name_of(KeyExchange k);
std::string_view name_of(HashAlg h);
std::string_view name_of(BulkCipher c);

}  // namespace sim

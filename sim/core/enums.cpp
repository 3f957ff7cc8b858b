#include "core/enums.hpp"

#include <cstdio>

#include "core/iana.hpp"

namespace sim {

static std::string hexname(unsigned v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "unknown (0x%0*x)", width, v);
  return buf;
}

std::string name_of(ContentType v) {
  switch (v) {
    case ContentType::change_cipher_spec: return "change_cipher_spec";
    case ContentType::alert: return "alert";
    case ContentType::handshake: return "handshake";
    case ContentType::application_data: return "application_data";
  }
  return hexname(unsigned(v), 2);
}

std::string name_of(HandshakeType v) {
  switch (v) {
    case HandshakeType::hello_request: return "HelloRequest";
    case HandshakeType::client_hello: return "ClientHello";
    case HandshakeType::server_hello: return "ServerHello";
    case HandshakeType::certificate: return "Certificate";
    case HandshakeType::server_key_exchange: return "ServerKeyExchange";
    case HandshakeType::certificate_request: return "CertificateRequest";
    case HandshakeType::server_hello_done: return "ServerHelloDone";
    case HandshakeType::certificate_verify: return "CertificateVerify";
    case HandshakeType::client_key_exchange: return "ClientKeyExchange";
    case HandshakeType::finished: return "Finished";
    case HandshakeType::new_session_ticket: return "NewSessionTicket";
    case HandshakeType::end_of_early_data: return "EndOfEarlyData";
    case HandshakeType::encrypted_extensions: return "EncryptedExtensions";
    case HandshakeType::certificate_status: return "CertificateStatus";
    case HandshakeType::key_update: return "KeyUpdate";
    case HandshakeType::message_hash: return "message_hash";
  }
  return hexname(unsigned(v), 2);
}

std::string name_of(AlertLevel v) {
  switch (v) {
    case AlertLevel::warning: return "warning";
    case AlertLevel::fatal: return "fatal";
  }
  return hexname(unsigned(v), 2);
}

struct AlertRow {
  AlertDescription a;
  const char* name;
  const char* meaning;  // the catalog key of its meaning (catalog_notes.cpp)
};
static const AlertRow kAlerts[] = {
    {AlertDescription::close_notify, "close_notify", "alert.meaning.close_notify"},
    {AlertDescription::unexpected_message, "unexpected_message", "alert.meaning.unexpected_message"},
    {AlertDescription::bad_record_mac, "bad_record_mac", "alert.meaning.bad_record_mac"},
    {AlertDescription::record_overflow, "record_overflow", "alert.meaning.record_overflow"},
    {AlertDescription::decompression_failure, "decompression_failure", "alert.meaning.decompression_failure"},
    {AlertDescription::handshake_failure, "handshake_failure", "alert.meaning.handshake_failure"},
    {AlertDescription::no_certificate, "no_certificate", "alert.meaning.no_certificate"},
    {AlertDescription::bad_certificate, "bad_certificate", "alert.meaning.bad_certificate"},
    {AlertDescription::unsupported_certificate, "unsupported_certificate", "alert.meaning.unsupported_certificate"},
    {AlertDescription::certificate_revoked, "certificate_revoked", "alert.meaning.certificate_revoked"},
    {AlertDescription::certificate_expired, "certificate_expired", "alert.meaning.certificate_expired"},
    {AlertDescription::certificate_unknown, "certificate_unknown", "alert.meaning.certificate_unknown"},
    {AlertDescription::illegal_parameter, "illegal_parameter", "alert.meaning.illegal_parameter"},
    {AlertDescription::unknown_ca, "unknown_ca", "alert.meaning.unknown_ca"},
    {AlertDescription::decode_error, "decode_error", "alert.meaning.decode_error"},
    {AlertDescription::decrypt_error, "decrypt_error", "alert.meaning.decrypt_error"},
    {AlertDescription::protocol_version, "protocol_version", "alert.meaning.protocol_version"},
    {AlertDescription::insufficient_security, "insufficient_security", "alert.meaning.insufficient_security"},
    {AlertDescription::internal_error, "internal_error", "alert.meaning.internal_error"},
    {AlertDescription::inappropriate_fallback, "inappropriate_fallback", "alert.meaning.inappropriate_fallback"},
    {AlertDescription::user_canceled, "user_canceled", "alert.meaning.user_canceled"},
    {AlertDescription::no_renegotiation, "no_renegotiation", "alert.meaning.no_renegotiation"},
    {AlertDescription::missing_extension, "missing_extension", "alert.meaning.missing_extension"},
    {AlertDescription::unsupported_extension, "unsupported_extension", "alert.meaning.unsupported_extension"},
    {AlertDescription::unrecognized_name, "unrecognized_name", "alert.meaning.unrecognized_name"},
    {AlertDescription::bad_certificate_status_response, "bad_certificate_status_response", "alert.meaning.bad_certificate_status_response"},
    {AlertDescription::unknown_psk_identity, "unknown_psk_identity", "alert.meaning.unknown_psk_identity"},
    {AlertDescription::certificate_required, "certificate_required", "alert.meaning.certificate_required"},
};

std::string name_of(AlertDescription v) {
  for (auto& r : kAlerts)
    if (r.a == v) return r.name;
  return hexname(unsigned(v), 2);
}

AlertDescription alert_for_version(AlertDescription a, uint16_t version) {
  if (version != kSsl3) return a;
  switch (a) {
    case AlertDescription::close_notify:
    case AlertDescription::unexpected_message:
    case AlertDescription::bad_record_mac:
    case AlertDescription::decompression_failure:
    case AlertDescription::handshake_failure:
    case AlertDescription::no_certificate:
    case AlertDescription::bad_certificate:
    case AlertDescription::unsupported_certificate:
    case AlertDescription::certificate_revoked:
    case AlertDescription::certificate_expired:
    case AlertDescription::certificate_unknown:
    case AlertDescription::illegal_parameter: return a;
    // RFC 7507 3 answers any ClientHello with the SCSV, SSL 3.0 ones included, with this alert
    // (OpenSSL's SSL 3.0 alert table keeps it too).
    case AlertDescription::inappropriate_fallback: return a;
    case AlertDescription::decode_error:
    case AlertDescription::record_overflow: return AlertDescription::illegal_parameter;
    case AlertDescription::unknown_ca: return AlertDescription::certificate_unknown;
    default: return AlertDescription::handshake_failure;
  }
}

Message alert_meaning(AlertDescription a) {
  for (auto& r : kAlerts)
    if (r.a == a) return msg(r.meaning);
  return msg("alert.meaning.unknown");
}

std::string name_of(ExtensionType v) {
  switch (v) {
    case ExtensionType::server_name: return "server_name";
    case ExtensionType::max_fragment_length: return "max_fragment_length";
    case ExtensionType::status_request: return "status_request";
    case ExtensionType::supported_groups: return "supported_groups";
    case ExtensionType::ec_point_formats: return "ec_point_formats";
    case ExtensionType::signature_algorithms: return "signature_algorithms";
    case ExtensionType::encrypt_then_mac: return "encrypt_then_mac";
    case ExtensionType::extended_master_secret: return "extended_master_secret";
    case ExtensionType::session_ticket: return "session_ticket";
    case ExtensionType::supported_versions: return "supported_versions";
    case ExtensionType::pre_shared_key: return "pre_shared_key";
    case ExtensionType::early_data: return "early_data";
    case ExtensionType::cookie: return "cookie";
    case ExtensionType::psk_key_exchange_modes: return "psk_key_exchange_modes";
    case ExtensionType::signature_algorithms_cert: return "signature_algorithms_cert";
    case ExtensionType::key_share: return "key_share";
    case ExtensionType::renegotiation_info: return "renegotiation_info";
  }
  // Offered by a client but not implemented here: its registered name, not just a number.
  if (auto n = iana::extension_name(uint16_t(v))) return std::string(*n);
  return hexname(unsigned(v), 4);
}

std::string name_of(NamedGroup v) {
  switch (v) {
    case NamedGroup::secp256r1: return "secp256r1";
    case NamedGroup::x25519: return "x25519";
    case NamedGroup::ffdhe2048: return "ffdhe2048";
  }
  return hexname(unsigned(v), 4);
}

const std::vector<NamedGroup>& all_groups() {
  static const std::vector<NamedGroup> g = {NamedGroup::x25519, NamedGroup::secp256r1,
                                            NamedGroup::ffdhe2048};
  return g;
}

std::optional<NamedGroup> group_by_name(std::string_view name) {
  for (auto g : all_groups())
    if (name_of(g) == name) return g;
  if (name == "p256" || name == "P-256" || name == "prime256v1") return NamedGroup::secp256r1;
  return std::nullopt;
}

std::string name_of(SignatureScheme v) {
  switch (v) {
    case SignatureScheme::rsa_pkcs1_sha1: return "rsa_pkcs1_sha1";
    case SignatureScheme::rsa_pkcs1_sha256: return "rsa_pkcs1_sha256";
    case SignatureScheme::rsa_pkcs1_sha384: return "rsa_pkcs1_sha384";
    case SignatureScheme::rsa_pkcs1_sha512: return "rsa_pkcs1_sha512";
    case SignatureScheme::rsa_pss_rsae_sha256: return "rsa_pss_rsae_sha256";
    case SignatureScheme::rsa_pss_rsae_sha384: return "rsa_pss_rsae_sha384";
    case SignatureScheme::rsa_pss_rsae_sha512: return "rsa_pss_rsae_sha512";
    case SignatureScheme::ecdsa_secp256r1_sha256: return "ecdsa_secp256r1_sha256";
    case SignatureScheme::ed25519: return "ed25519";
  }
  return hexname(unsigned(v), 4);
}

static std::string fmt_version_hex(uint16_t v) { return hexname(v, 4); }

std::string version_name(uint16_t v) {
  switch (v) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
  }
  return hexname(v, 4);
}

std::string_view name_of(KeyExchange k) {
  switch (k) {
    case KeyExchange::rsa: return "RSA";
    case KeyExchange::rsa_export: return "RSA_EXPORT";
    case KeyExchange::dhe_rsa: return "DHE_RSA";
    case KeyExchange::ecdhe_rsa: return "ECDHE_RSA";
    case KeyExchange::ecdhe_ecdsa: return "ECDHE_ECDSA";
    case KeyExchange::tls13: return "(EC)DHE or PSK (TLS 1.3)";
  }
  return "?";
}

std::string_view name_of(HashAlg h) {
  switch (h) {
    case HashAlg::Md5: return "MD5";
    case HashAlg::Sha1: return "SHA-1";
    case HashAlg::Sha256: return "SHA-256";
    case HashAlg::Sha384: return "SHA-384";
    case HashAlg::Sha512: return "SHA-512";
  }
  return "?";
}

// RFC 6101 appendix A.6/C, RFC 5246 appendix C, RFC 3268, RFC 5288, RFC 5289, RFC 7905,
// RFC 8422 6 (ECDHE_ECDSA).
// Columns: id, name, kx, cipher, mac, prf hash, key material, expanded key, AEAD fixed IV,
// AEAD explicit nonce, MAC length, block length, min and max version.
const std::vector<CipherSuiteInfo>& all_suites() {
  using K = KeyExchange;
  using C = BulkCipher;
  using M = MacAlg;
  using H = HashAlg;
  const uint16_t v3 = kSsl3, v10 = kTls10, v11 = kTls11, v12 = kTls12, v13 = kTls13;
  static const std::vector<CipherSuiteInfo> s = {
      // RFC 8446 B.4: the whole 12-byte IV comes from the key schedule (fixed_iv_len 12).
      {0x1301, "TLS_AES_128_GCM_SHA256", K::tls13, C::aes_128_gcm, M::aead, H::Sha256, 16, 16, 12, 0, 0, 0, v13, v13},
      {0x1302, "TLS_AES_256_GCM_SHA384", K::tls13, C::aes_256_gcm, M::aead, H::Sha384, 32, 32, 12, 0, 0, 0, v13, v13},
      {0x1303, "TLS_CHACHA20_POLY1305_SHA256", K::tls13, C::chacha20_poly1305, M::aead, H::Sha256, 32, 32, 12, 0, 0, 0, v13, v13},
      {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", K::ecdhe_rsa, C::aes_128_gcm, M::aead, H::Sha256, 16, 16, 4, 8, 0, 0, v12, v12},
      {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", K::ecdhe_rsa, C::aes_256_gcm, M::aead, H::Sha384, 32, 32, 4, 8, 0, 0, v12, v12},
      {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K::ecdhe_rsa, C::chacha20_poly1305, M::aead, H::Sha256, 32, 32, 12, 0, 0, 0, v12, v12},
      // ECDHE_ECDSA, after their RSA twins so that a server holding both keys still prefers
      // RSA by default. All TLS 1.2 only here, the CBC-SHA ones included although RFC 8422
      // allows them from TLS 1.0: below TLS 1.2 ServerKeyExchange is signed over SHA-1 alone
      // with ECDSA (RFC 4492 5.4), and our pre-1.2 signatures are RSA over MD5 + SHA-1 only.
      {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", K::ecdhe_ecdsa, C::aes_128_gcm, M::aead, H::Sha256, 16, 16, 4, 8, 0, 0, v12, v12},
      {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", K::ecdhe_ecdsa, C::aes_256_gcm, M::aead, H::Sha384, 32, 32, 4, 8, 0, 0, v12, v12},
      {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", K::ecdhe_ecdsa, C::chacha20_poly1305, M::aead, H::Sha256, 32, 32, 12, 0, 0, 0, v12, v12},
      {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", K::ecdhe_rsa, C::aes_128_cbc, M::sha1, H::Sha256, 16, 16, 0, 0, 20, 16, v10, v12},
      {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", K::ecdhe_ecdsa, C::aes_128_cbc, M::sha1, H::Sha256, 16, 16, 0, 0, 20, 16, v12, v12},
      {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", K::ecdhe_ecdsa, C::aes_256_cbc, M::sha1, H::Sha256, 32, 32, 0, 0, 20, 16, v12, v12},
      {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", K::ecdhe_ecdsa, C::aes_128_cbc, M::sha256, H::Sha256, 16, 16, 0, 0, 32, 16, v12, v12},
      // RFC 5289 3.2: HMAC-SHA384 records and the SHA-384 PRF.
      {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", K::ecdhe_ecdsa, C::aes_256_cbc, M::sha384, H::Sha384, 32, 32, 0, 0, 48, 16, v12, v12},
      {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", K::dhe_rsa, C::aes_128_gcm, M::aead, H::Sha256, 16, 16, 4, 8, 0, 0, v12, v12},
      {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", K::rsa, C::aes_128_cbc, M::sha1, H::Sha256, 16, 16, 0, 0, 20, 16, v3, v12},
      {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", K::rsa, C::aes_256_cbc, M::sha256, H::Sha256, 32, 32, 0, 0, 32, 16, v12, v12},
      {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", K::rsa, C::aes_256_cbc, M::sha1, H::Sha256, 32, 32, 0, 0, 20, 16, v3, v12},
      {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", K::dhe_rsa, C::aes_256_cbc, M::sha1, H::Sha256, 32, 32, 0, 0, 20, 16, v3, v12},
      {0x0016, "SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA", K::dhe_rsa, C::des_ede3_cbc, M::sha1, H::Sha256, 24, 24, 0, 0, 20, 8, v3, v12},
      {0x000a, "SSL_RSA_WITH_3DES_EDE_CBC_SHA", K::rsa, C::des_ede3_cbc, M::sha1, H::Sha256, 24, 24, 0, 0, 20, 8, v3, v12},
      {0x0004, "SSL_RSA_WITH_RC4_128_MD5", K::rsa, C::rc4_128, M::md5, H::Sha256, 16, 16, 0, 0, 16, 0, v3, v12},
      {0x0005, "SSL_RSA_WITH_RC4_128_SHA", K::rsa, C::rc4_128, M::sha1, H::Sha256, 16, 16, 0, 0, 20, 0, v3, v12},
      {0x0009, "SSL_RSA_WITH_DES_CBC_SHA", K::rsa, C::des_cbc, M::sha1, H::Sha256, 8, 8, 0, 0, 20, 8, v3, v11},
      {0x0007, "SSL_RSA_WITH_IDEA_CBC_SHA", K::rsa, C::idea_cbc, M::sha1, H::Sha256, 16, 16, 0, 0, 20, 8, v3, v11},
      {0x0003, "SSL_RSA_EXPORT_WITH_RC4_40_MD5", K::rsa_export, C::rc4_40, M::md5, H::Sha256, 5, 16, 0, 0, 16, 0, v3, v10},
      {0x0006, "SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5", K::rsa_export, C::rc2_cbc_40, M::md5, H::Sha256, 5, 16, 0, 0, 16, 8, v3, v10},
      {0x0008, "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", K::rsa_export, C::des40_cbc, M::sha1, H::Sha256, 5, 8, 0, 0, 20, 8, v3, v10},
  };
  return s;
}

const CipherSuiteInfo* suite_by_id(uint16_t id) {
  for (auto& s : all_suites())
    if (s.id == id) return &s;
  return nullptr;
}

const CipherSuiteInfo* suite_by_name(std::string_view name) {
  // Accept the SSL_ and TLS_ spellings of the same suite (RFC 6101 vs RFC 5246 names).
  auto stem = [](std::string_view n) { return n.substr(0, 4) == "TLS_" || n.substr(0, 4) == "SSL_" ? n.substr(4) : n; };
  for (auto& s : all_suites())
    if (s.name == name || stem(s.name) == stem(name)) return &s;
  return nullptr;
}

std::string_view name_of(BulkCipher c) {
  switch (c) {
    case BulkCipher::aes_128_gcm: return "AES-128-GCM";
    case BulkCipher::aes_256_gcm: return "AES-256-GCM";
    case BulkCipher::chacha20_poly1305: return "ChaCha20-Poly1305";
    case BulkCipher::aes_128_cbc: return "AES-128-CBC";
    case BulkCipher::aes_256_cbc: return "AES-256-CBC";
    case BulkCipher::des_ede3_cbc: return "3DES-EDE-CBC";
    case BulkCipher::des_cbc: return "DES-CBC";
    case BulkCipher::idea_cbc: return "IDEA-CBC";
    case BulkCipher::rc2_cbc_40: return "RC2-CBC-40";
    case BulkCipher::des40_cbc: return "DES40-CBC";
    case BulkCipher::rc4_128: return "RC4-128";
    case BulkCipher::rc4_40: return "RC4-40";
  }
  return "?";
}

std::string version_option_name(uint16_t v) {
  switch (v) {
    case kSsl3: return "ssl3";
    case kTls10: return "tls1.0";
    case kTls11: return "tls1.1";
    case kTls12: return "tls1.2";
    case kTls13: return "tls1.3";
  }
  return fmt_version_hex(v);
}

std::optional<uint16_t> version_by_option_name(std::string_view n) {
  for (uint16_t v : {kSsl3, kTls10, kTls11, kTls12, kTls13})
    if (version_option_name(v) == n) return v;
  if (n == "sslv3" || n == "ssl3.0") return kSsl3;
  if (n == "tls1") return kTls10;
  if (n == "tls13" || n == "tls1_3") return kTls13;
  return std::nullopt;
}

std::string suite_name(uint16_t id) {
  if (auto* s = suite_by_id(id)) return std::string(s->name);
  switch (id) {
    case kTlsEmptyRenegotiationInfoScsv: return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    case kTlsFallbackScsv: return "TLS_FALLBACK_SCSV";
  }
  if (auto n = iana::cipher_suite_name(id)) return std::string(*n);
  return hexname(id, 4);
}

}  // namespace sim

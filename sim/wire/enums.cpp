#include "wire/enums.hpp"

#include <cstdio>

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
  const char* meaning;
};
static const AlertRow kAlerts[] = {
    {AlertDescription::close_notify, "close_notify", "the sender will send no more data on this connection"},
    {AlertDescription::unexpected_message, "unexpected_message", "a message arrived that is not allowed in the current state"},
    {AlertDescription::bad_record_mac, "bad_record_mac", "a record failed its MAC or AEAD check: it was altered or the keys differ"},
    {AlertDescription::record_overflow, "record_overflow", "a record was longer than the protocol allows"},
    {AlertDescription::decompression_failure, "decompression_failure", "the decompression function received improper input"},
    {AlertDescription::handshake_failure, "handshake_failure", "no acceptable set of security parameters could be agreed"},
    {AlertDescription::bad_certificate, "bad_certificate", "a certificate was corrupt or its signature did not verify"},
    {AlertDescription::unsupported_certificate, "unsupported_certificate", "a certificate of an unsupported type"},
    {AlertDescription::certificate_revoked, "certificate_revoked", "a certificate was revoked by its signer"},
    {AlertDescription::certificate_expired, "certificate_expired", "a certificate has expired or is not yet valid"},
    {AlertDescription::certificate_unknown, "certificate_unknown", "some other certificate problem made it unacceptable"},
    {AlertDescription::illegal_parameter, "illegal_parameter", "a field was out of range or inconsistent with other fields"},
    {AlertDescription::unknown_ca, "unknown_ca", "the certificate chain does not lead to a trusted CA"},
    {AlertDescription::decode_error, "decode_error", "a message could not be decoded: a length or field is wrong"},
    {AlertDescription::decrypt_error, "decrypt_error", "a signature or Finished value did not verify"},
    {AlertDescription::protocol_version, "protocol_version", "the peer's protocol version is not supported"},
    {AlertDescription::insufficient_security, "insufficient_security", "the peer's parameters are weaker than required"},
    {AlertDescription::internal_error, "internal_error", "a local error unrelated to the peer"},
    {AlertDescription::user_canceled, "user_canceled", "the handshake was cancelled"},
    {AlertDescription::no_renegotiation, "no_renegotiation", "renegotiation is refused"},
    {AlertDescription::missing_extension, "missing_extension", "a required extension was not sent"},
    {AlertDescription::unsupported_extension, "unsupported_extension", "an extension was not offered or is not allowed here"},
    {AlertDescription::unrecognized_name, "unrecognized_name", "the server name is not served here"},
};

std::string name_of(AlertDescription v) {
  for (auto& r : kAlerts)
    if (r.a == v) return r.name;
  return hexname(unsigned(v), 2);
}

std::string_view alert_meaning(AlertDescription a) {
  for (auto& r : kAlerts)
    if (r.a == a) return r.meaning;
  return "unknown alert";
}

std::string name_of(ExtensionType v) {
  switch (v) {
    case ExtensionType::server_name: return "server_name";
    case ExtensionType::supported_groups: return "supported_groups";
    case ExtensionType::ec_point_formats: return "ec_point_formats";
    case ExtensionType::signature_algorithms: return "signature_algorithms";
    case ExtensionType::encrypt_then_mac: return "encrypt_then_mac";
    case ExtensionType::extended_master_secret: return "extended_master_secret";
    case ExtensionType::session_ticket: return "session_ticket";
    case ExtensionType::supported_versions: return "supported_versions";
    case ExtensionType::renegotiation_info: return "renegotiation_info";
  }
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
  }
  return hexname(unsigned(v), 4);
}

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
    case KeyExchange::dhe_rsa: return "DHE_RSA";
    case KeyExchange::ecdhe_rsa: return "ECDHE_RSA";
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

// RFC 5246 appendix C, RFC 5288, RFC 5289, RFC 7905 parameters.
const std::vector<CipherSuiteInfo>& all_suites() {
  using K = KeyExchange;
  using C = BulkCipher;
  using M = MacAlg;
  using H = HashAlg;
  static const std::vector<CipherSuiteInfo> s = {
      {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", K::ecdhe_rsa, C::aes_128_gcm, M::aead, H::Sha256, 16, 4, 8, 0, 0},
      {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", K::ecdhe_rsa, C::aes_256_gcm, M::aead, H::Sha384, 32, 4, 8, 0, 0},
      {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", K::ecdhe_rsa, C::chacha20_poly1305, M::aead, H::Sha256, 32, 12, 0, 0, 0},
      {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", K::ecdhe_rsa, C::aes_128_cbc, M::hmac_sha1, H::Sha256, 16, 0, 16, 20, 16},
      {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", K::dhe_rsa, C::aes_128_gcm, M::aead, H::Sha256, 16, 4, 8, 0, 0},
      {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", K::rsa, C::aes_128_cbc, M::hmac_sha1, H::Sha256, 16, 0, 16, 20, 16},
      {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", K::rsa, C::aes_256_cbc, M::hmac_sha256, H::Sha256, 32, 0, 16, 32, 16},
  };
  return s;
}

const CipherSuiteInfo* suite_by_id(uint16_t id) {
  for (auto& s : all_suites())
    if (s.id == id) return &s;
  return nullptr;
}

const CipherSuiteInfo* suite_by_name(std::string_view name) {
  for (auto& s : all_suites())
    if (s.name == name || s.name.substr(4) == name) return &s;
  return nullptr;
}

std::string suite_name(uint16_t id) {
  if (auto* s = suite_by_id(id)) return std::string(s->name);
  switch (id) {
    case 0x00ff: return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    case 0x5600: return "TLS_FALLBACK_SCSV";
  }
  return hexname(id, 4);
}

}  // namespace sim

#include "trace/spec_ref.hpp"

#include "core/enums.hpp"
#include "trace/derivation_kind.hpp"

namespace sim {

std::string_view version_rfc(uint16_t version) {
  switch (version) {
    case kSsl3: return "RFC 6101";
    case kTls10: return "RFC 2246";
    case kTls11: return "RFC 4346";
    case kTls12: return "RFC 5246";
    case kTls13: return "RFC 8446";
    default: return "";
  }
}

std::string derivation_spec(DerivationKind k, uint16_t version) {
  using K = DerivationKind;
  const std::string fallback(info(k).spec);
  if (version == kTls13 || version_rfc(version).empty()) return fallback;
  const bool ssl3 = version == kSsl3;
  // A TLS section with the same number in RFC 2246, 4346 and 5246; SSL 3.0's own section.
  auto pick = [&](std::string_view tls_section, std::string_view ssl3_section) {
    if (ssl3) return ssl3_section.empty() ? fallback : "RFC 6101 " + std::string(ssl3_section);
    return std::string(version_rfc(version)) + " " + std::string(tls_section);
  };
  switch (k) {
    case K::rsa_pre_master_secret_encrypt:
    case K::rsa_pre_master_secret_decrypt: return pick("7.4.7.1", "5.6.7.1");
    case K::dh_pre_master_secret: return pick("8.1.2", "6.1.2");
    case K::server_key_exchange_signature:
    case K::server_key_exchange_signature_check: return pick("7.4.3", "5.6.3");
    case K::certificate_verify_signature:
    case K::certificate_verify_check: return pick("7.4.8", "5.6.8");
    case K::tls10_master_secret: return pick("8.1", "");
    case K::tls10_key_block: return pick("6.3", "");
    case K::tls10_finished: return pick("7.4.9", "");
    case K::tls_stream_record_seal:
    case K::tls_stream_record_open: return pick("6.2.3.1", "5.2.3.1");
    case K::tls_cbc_record_seal:
    case K::tls_cbc_record_open: return pick("6.2.3.2", "5.2.3.2");
    default: return fallback;
  }
}

}  // namespace sim

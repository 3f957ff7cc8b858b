// Revocation data: CRLs (RFC 5280 5) and OCSP (RFC 6960), written by the simulated CA and
// read back by the validator. Both are signed by the issuing CA itself (for OCSP: the CA is its
// own responder, RFC 6960 4.2.2.2 case 1), so no delegated responder certificate is needed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "pki/cert.hpp"

namespace sim::pki {

// CRLReason (RFC 5280 5.3.1).
enum class CrlReason : uint8_t {
  unspecified = 0,
  key_compromise = 1,
  ca_compromise = 2,
  affiliation_changed = 3,
  superseded = 4,
  cessation_of_operation = 5,
  certificate_hold = 6,
};
std::string name_of(CrlReason r);  // "keyCompromise", ...

struct RevokedEntry {
  Bytes serial;  // INTEGER contents as in the certificate
  int64_t revocation_date = 0;
  std::optional<CrlReason> reason;
};

// ---- CRL -----------------------------------------------------------------------------
struct CrlSpec {
  Bytes issuer_name;  // the CA's subject Name DER
  Bytes issuer_spki;  // for authorityKeyIdentifier
  int64_t this_update = 0, next_update = 0;
  uint64_t crl_number = 1;
  std::vector<RevokedEntry> revoked;
  crypto::X509SigAlg sig_alg = crypto::X509SigAlg::sha256_rsa;
};
// v2 CRL with cRLNumber and authorityKeyIdentifier (RFC 5280 5.2.1, 5.2.3); entries carry a
// reasonCode when given.
std::optional<Bytes> mint_crl(const CrlSpec& spec, ByteView issuer_private_pkcs8, Rng& rng);

struct Crl {
  Bytes der, tbs, signature;
  std::string sig_oid;
  Bytes issuer_der;
  std::string issuer;
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
  std::vector<RevokedEntry> revoked;
};
Result<Crl> parse_crl(ByteView der);

// ---- OCSP ----------------------------------------------------------------------------
// CertID with SHA-1 (RFC 6960 4.1.1): hashes of the issuer's Name DER and of its public key
// BIT STRING contents, and the serial.
struct CertId {
  Bytes issuer_name_hash, issuer_key_hash, serial;
  bool operator==(const CertId&) const = default;
};
CertId cert_id_for(const Certificate& cert, const Certificate& issuer);
Bytes encode_ocsp_request(const CertId& id);
Result<CertId> parse_ocsp_request(ByteView der);

enum class OcspStatus { good, revoked, unknown };
std::string name_of(OcspStatus s);

struct OcspResponseSpec {
  CertId id;
  OcspStatus status = OcspStatus::good;
  int64_t revocation_time = 0;
  std::optional<CrlReason> reason;
  int64_t produced_at = 0, this_update = 0, next_update = 0;
  Bytes responder_spki;  // ResponderID byKey: SHA-1 of this key
  crypto::X509SigAlg sig_alg = crypto::X509SigAlg::sha256_rsa;
};
// OCSPResponse (successful) wrapping a BasicOCSPResponse signed with the responder key.
std::optional<Bytes> mint_ocsp_response(const OcspResponseSpec& spec, ByteView responder_private_pkcs8, Rng& rng);

struct OcspResponse {
  int response_status = 0;  // 0 successful; others carry no body
  Bytes tbs, signature;     // ResponseData DER and signature bits
  std::string sig_oid;
  Bytes responder_key_hash;  // byKey, or empty
  Bytes responder_name;      // byName DER, or empty
  int64_t produced_at = 0;
  CertId id;
  OcspStatus status = OcspStatus::unknown;
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
  int64_t revocation_time = 0;
  std::optional<CrlReason> reason;
};
// Reads the first SingleResponse. Malformed input: Failure{bad_certificate_status_response
// is TLS 1.2-only in spirit; we use bad_certificate} with the reason.
Result<OcspResponse> parse_ocsp_response(ByteView der);

}  // namespace sim::pki

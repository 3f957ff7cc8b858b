// A certificate as the validator needs it (RFC 5280 4.1): the signed bytes, names, validity
// as seconds since 1970, the key, and the extensions it understands, decoded. Display (the
// Field tree with byte ranges) stays x509::dissect_certificate; this is the model behind checks.
// Also the writer side: a TBSCertificate from a CertSpec, signed with any X509SigAlg.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/rng.hpp"
#include "crypto/keys.hpp"

namespace sim::pki {

struct Extension {
  std::string oid;
  bool critical = false;
  Bytes value;  // extnValue contents
};

struct Certificate {
  Bytes der;
  Bytes tbs;                      // full TBSCertificate DER: what the signature covers
  int version = 1;                // 1, 2 or 3
  Bytes serial;                   // INTEGER contents (two's complement, as encoded)
  std::string tbs_sig_oid;        // tbsCertificate.signature
  std::string sig_oid;            // signatureAlgorithm (must equal tbs_sig_oid, RFC 5280 4.1.1.2)
  Bytes signature;                // BIT STRING contents without the unused-bits byte
  Bytes issuer_der, subject_der;  // Name DER, compared byte for byte when building chains
  std::string issuer, subject;    // "CN=..., O=..." for display
  std::string subject_cn;
  int64_t not_before = 0, not_after = 0;  // seconds since 1970-01-01 UTC
  Bytes spki;
  std::vector<Extension> extensions;
  // Decoded extensions (present flags tell absence from default values).
  bool has_basic_constraints = false, is_ca = false;
  std::optional<uint64_t> path_len;
  bool has_key_usage = false;
  uint16_t key_usage = 0;  // bit i = KeyUsage bit i (0 digitalSignature .. 8 decipherOnly)
  bool has_ext_key_usage = false;
  std::vector<std::string> ext_key_usage;  // OIDs
  std::vector<std::string> san_dns;
  std::vector<Bytes> san_ip;
  Bytes subject_key_id, authority_key_id;
  std::vector<std::string> crl_urls;   // cRLDistributionPoints fullName URIs
  std::vector<std::string> ocsp_urls;  // authorityInfoAccess id-ad-ocsp URIs
  std::vector<std::string> unknown_critical;  // critical extensions we do not process

  bool self_issued() const { return issuer_der == subject_der; }
};

// KeyUsage bits (RFC 5280 4.2.1.3).
enum KeyUsageBit : uint16_t {
  kDigitalSignature = 1 << 0,
  kKeyEncipherment = 1 << 2,
  kKeyCertSign = 1 << 5,
  kCrlSign = 1 << 6,
};

// Parses a DER certificate. Malformed DER or an extension whose value does not decode gives
// Failure{bad_certificate, reason naming the element}.
Result<Certificate> parse_certificate(ByteView der);

// Time helpers: seconds since the epoch <-> UTCTime/GeneralizedTime text.
int64_t unix_time(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
std::string time_text(int64_t t);  // "2026-06-01 00:00:00 UTC"
// RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; full DER element.
Bytes der_time(int64_t t);
// Parses a UTCTime/GeneralizedTime element body (tag given); nullopt if not the DER form.
std::optional<int64_t> parse_der_time(uint8_t tag, ByteView body);

// ---- writing ---------------------------------------------------------------------------
// Name with CN and an optional O (each its own RDN, as openssl -subj writes them).
Bytes make_name(const std::string& cn, const std::string& org = "");
// Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
Bytes make_extension(const std::string& oid, bool critical, ByteView value);
Bytes ext_basic_constraints(bool ca, std::optional<uint64_t> path_len);
Bytes ext_key_usage(uint16_t bits);
Bytes ext_ext_key_usage(const std::vector<std::string>& oids);
Bytes ext_subject_alt_name(const std::vector<std::string>& dns, const std::vector<Bytes>& ips);
Bytes ext_key_id(ByteView id);            // subjectKeyIdentifier value
Bytes ext_authority_key_id(ByteView id);  // authorityKeyIdentifier value (keyIdentifier only)
Bytes ext_crl_distribution_point(const std::string& uri);
Bytes ext_ocsp_aia(const std::string& uri);
// RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING contents.
Bytes key_identifier(ByteView spki);

struct CertSpec {
  Bytes serial;  // positive magnitude
  Bytes issuer_name, subject_name;
  int64_t not_before = 0, not_after = 0;
  Bytes spki;
  std::vector<Bytes> extensions;  // each from make_extension
  crypto::X509SigAlg sig_alg = crypto::X509SigAlg::sha256_rsa;
};
// X.509 v3 certificate signed with the issuer's PKCS#8 key; nullopt if signing fails (key and
// algorithm do not match).
std::optional<Bytes> mint_certificate(const CertSpec& spec, ByteView issuer_private_pkcs8, Rng& rng);

// Well-known OIDs.
inline constexpr const char* kOidServerAuthEku = "1.3.6.1.5.5.7.3.1";
inline constexpr const char* kOidOcspSigningEku = "1.3.6.1.5.5.7.3.9";
inline constexpr const char* kOidAnyEku = "2.5.29.37.0";

}  // namespace sim::pki

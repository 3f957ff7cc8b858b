// The certificate model (RFC 5280 4.1): the signed bytes, names, validity as seconds since
// 1970, the key, and the extensions it understands, decoded. One reader fills the model and
// dissects as it parses (the Field tree with byte ranges the inspector shows), so the display
// and the checks never disagree on what the bytes are. Also the writer side: a TBSCertificate
// from a CertSpec, signed with any X509SigAlg. The demo credentials are in pki/demo.hpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/rng.hpp"
#include "crypto/keys.hpp"
#include "trace/field.hpp"

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
  Bytes tbs_sig_alg, sig_alg;     // both AlgorithmIdentifiers whole (OID and parameters), DER
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
  // TLS Feature (RFC 7633): the TLS extension numbers a server presenting this certificate must
  // use; status_request (5) is "OCSP must-staple".
  std::vector<uint64_t> tls_features;

  bool self_issued() const { return issuer_der == subject_der; }
  bool must_staple() const;
};

// KeyUsage bits (RFC 5280 4.2.1.3).
enum KeyUsageBit : uint16_t {
  kDigitalSignature = 1 << 0,
  kKeyEncipherment = 1 << 2,
  kKeyCertSign = 1 << 5,
  kCrlSign = 1 << 6,
};

// One reading of a DER certificate: a single pass fills the model and appends the Field tree
// of its dissection to `tree` (see dissect_certificate; `base` is the absolute offset of der[0]).
// The display is lenient where the model is not: a value the model refuses (an extension that
// does not decode or appears twice, a time not in DER form, unused signature bits) still shows,
// and only breaks `error`.
struct CertificateReading {
  Certificate cert;          // filled as far as the DER could be read
  bool well_formed = false;  // the DER structure is sound: the tree has no "malformed" node
  std::string error;         // first structural or model error (English); empty: `cert` is complete
  Message message;           // the same error as a catalog message ("der.truncated")
  std::string display_name;  // certificate_subject_cn's text; empty unless well_formed
};
CertificateReading read_certificate(ByteView der, size_t base, Field& tree);

// The model alone (read_certificate without keeping the tree unless `tree` is given). A
// non-empty error gives Failure{bad_certificate, reason.malformed_certificate with the error}.
Result<Certificate> parse_certificate(ByteView der, size_t base = 0, Field* tree = nullptr);

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
// der[0] in the event buffer; all Field offsets are absolute. Returns false on malformed DER:
// what was dissected stays, and a last child "malformed" of `out` (range: from where parsing
// stopped to the end of der) says where and why. Display is lenient where the model is not: an
// extension value that does not decode shows as hex (read_certificate's well_formed).
bool dissect_certificate(ByteView der, size_t base, Field& out);

// Full DER (SEQUENCE header + body) of tbsCertificate.subjectPublicKeyInfo. The certificate's
// DER structure is checked on the way (every element within its parent, no trailing bytes);
// malformed input gives Failure{bad_certificate, reason}. Never reads out of bounds.
Result<Bytes> certificate_spki(ByteView der);

// For display: the subject CN, followed by " (DNS: a, b)" when the DNS subjectAltNames are not
// exactly {CN}; just the SANs when there is no CN. Empty string when the DER is malformed.
std::string certificate_subject_cn(ByteView der);

// Time helpers: seconds since the epoch <-> UTCTime/GeneralizedTime text.
int64_t unix_time(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);
// "2026-06-01 00:00:00 UTC" for the years 0000 to 9999 (all a UTCTime or GeneralizedTime can
// hold); any other value as "@SECONDS" (as `date -d @N` reads it), never a date of more digits.
std::string time_text(int64_t t);
// The first and last seconds a certificate's validity can name (RFC 5280 4.1.2.5: UTCTime from
// 1950, GeneralizedTime up to 9999): 1950-01-01 00:00:00 and 9999-12-31 23:59:59 UTC. Clocks the
// user gives (--clock, --attime, the scenario's clock) must be within them.
inline constexpr int64_t kFirstX509Time = -631152000;
inline constexpr int64_t kLastX509Time = 253402300799;
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
// TLS Feature value (RFC 7633 6): SEQUENCE OF INTEGER, the TLS extension numbers.
Bytes ext_tls_feature(const std::vector<uint16_t>& features);
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
inline constexpr const char* kOidTlsFeature = "1.3.6.1.5.5.7.1.24";  // id-pe-tlsfeature (RFC 7633)

}  // namespace sim::pki

// Server certificate validation by a client (RFC 5280 6, RFC 6125 6, RFC 5246 7.4.2):
// the one entry point every client calls with the chain it received.
//
//   CertValidation v = pki::validate_server_chain(chain, cfg.validation, stapled_ocsp);
//   for (auto& d : v.checks) add_check(d);        // each check with its inputs and verdict
//   for (auto& x : v.exchanges) ...               // CRL fetches / OCSP queries that ran
//   if (!v.ok()) return *v.failure;               // Failure{alert, reason}
//   use v.leaf_spki                               // the validated leaf's public key
//
// Checks, in order (the first failure ends validation and decides the alert):
//   parse           every certificate is DER X.509                  -> bad_certificate
//   path            issuer by issuer from the leaf to a trust anchor  -> unknown_ca
//   signature       each certificate verifies with its issuer's key   -> bad_certificate
//   algorithm       the outer signatureAlgorithm equals tbsCertificate.signature
//                   (RFC 5280 4.1.1.2)                                -> bad_certificate;
//                   policy: no MD5 (nor SHA-1 unless allowed)         -> unsupported_certificate
//   key size        policy: RSA >= min_rsa_bits                        -> unsupported_certificate
//   validity        notBefore <= clock <= notAfter, for every cert    -> certificate_expired
//   ca              issuers have basicConstraints cA and keyCertSign  -> bad_certificate
//   path length     pathLenConstraint of each CA                      -> bad_certificate
//   extensions      no unknown critical extension                     -> unsupported_certificate
//   usage           leaf keyUsage / extendedKeyUsage allow TLS server -> unsupported_certificate
//   host            host matches a DNS subjectAltName (RFC 6125 wildcards; CN only without SAN)
//                                                                     -> bad_certificate
//   must-staple     a TLS Feature status_request leaf came with a stapled OCSP response
//                   (RFC 7633), whatever hard_fail says             -> bad_certificate_status_response
//   revocation      stapled OCSP, else OCSP query, else CRL           -> certificate_revoked;
//                   no answer: soft-fail (note) or hard-fail          -> certificate_unknown
// The caller maps the alert for SSL 3.0 with alert_for_version().
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "pki/profiles.hpp"
#include "trace/trace.hpp"

namespace sim::pki {

enum class RevocationMode {
  off,        // no revocation check
  crl,        // fetch the CRL named in cRLDistributionPoints
  ocsp,       // ask the responder named in authorityInfoAccess (a stapled answer counts)
  ocsp_then_crl,  // OCSP when the leaf names a responder, else the CRL (the default)
};
std::string name_of(RevocationMode m);
std::optional<RevocationMode> revocation_mode_by_name(std::string_view n);

struct ValidationPolicy {
  bool enabled = false;            // off: the key is taken from the leaf, and the trace says so
  std::vector<Bytes> trust_store;  // trust anchors (DER certificates)
  int64_t now = kSimulatedNow;     // the clock the validity periods are checked against
  std::string host;                // empty: no host name check
  unsigned min_rsa_bits = 1024;    // smaller RSA keys are refused
  bool allow_sha1 = true;          // sha1WithRSAEncryption accepted (MD5 never)
  RevocationMode revocation = RevocationMode::ocsp_then_crl;
  bool hard_fail = false;          // no revocation answer: fail (true) or go on with a note
  bool request_ocsp_stapling = false;  // the client offers status_request (TLS 1.2)
  // Sources of revocation data (the simulated CA and responder). Empty: nothing answers.
  std::function<std::optional<Bytes>(const std::string& url)> fetch_crl;
  std::function<std::optional<Bytes>(const std::string& url, const Bytes& request)> query_ocsp;
};

// A request/response exchange with the CA or responder, for the trace.
struct RevocationExchange {
  std::string kind;  // "CRL" (an HTTP GET of the url) or "OCSP"
  std::string url;
  Bytes request;     // the OCSP request (empty for a CRL fetch: an HTTP GET of the url)
  Bytes response;    // what came back (empty: no answer)
  Message summary;   // what came back, as a catalog message ("fetch.ocsp_answered")
};

struct CertValidation {
  std::optional<Failure> failure;  // nullopt: valid (or validation off)
  bool performed = false;          // false when the policy is off
  std::vector<Derivation> checks;  // one per check, name "certificate check: <what>"
  std::vector<bool> passed;        // passed[i]: the verdict of checks[i] (typed; the derivation holds it as text)
  std::vector<RevocationExchange> exchanges;
  std::vector<Message> notes;      // e.g. soft-fail, validation off
  Bytes leaf_spki;                 // the leaf's key (also when validation is off)
  bool ok() const { return !failure; }
};

// Validates `chain` (DER, leaf first, as the Certificate message carries it) under `policy`,
// with an optional stapled OCSP response (CertificateStatus). `actor` is who validates (for the
// derivation ids). Never throws; malformed input is a failure value.
CertValidation validate_server_chain(const std::vector<Bytes>& chain, const ValidationPolicy& policy,
                                     const std::optional<Bytes>& stapled_ocsp = std::nullopt,
                                     Actor actor = Actor::client);

// An out-of-band exchange as a trace entry: the CRL fetch or OCSP query is not a record on
// the TLS connection, so it joins the event (the server's Certificate) that caused it, as a
// derivation named "revocation fetch: CRL <url>" / "revocation fetch: OCSP <url>" whose input is
// the request and whose output is the answer.
Derivation exchange_derivation(Actor actor, const RevocationExchange& x);

// The KeyUsage bits set in `bits` by their RFC 5280 4.2.1.3 names, in bit order
// ("digitalSignature, keyEncipherment"); "none" when no bit is set.
std::string key_usage_names(uint16_t bits);

// RFC 6125 6.4: does a DNS subjectAltName (possibly "*.example.com") match the host name?
// The wildcard must be the whole left-most label and matches exactly one label; no wildcard
// on a public-suffix-like two-label name ("*.com"); comparison is case-insensitive.
bool host_matches(const std::string& pattern, const std::string& host);

// A policy for the simulated PKI of a profile bundle: trust its root, fetch its CRL, ask its
// responder (both in-process), check `host`.
ValidationPolicy policy_for(const PkiBundle& pki, const std::string& host);

}  // namespace sim::pki

// The simulated PKI: a root CA, an intermediate CA, a server leaf, the intermediate's CRL and
// OCSP answers, all minted deterministically from (profile, host, seed, leaf key type). Each
// certificate profile is one lesson about what can be wrong with a server certificate.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.hpp"
#include "crypto/keys.hpp"
#include "pki/revocation.hpp"

namespace sim::pki {

enum class CertProfile {
  valid,
  expired,
  not_yet_valid,
  wrong_host,
  self_signed,
  unknown_ca,
  revoked_crl,
  revoked_ocsp,
  ca_without_basic_constraints,
  rsa_512,
  md5_signature,
  must_staple,          // TLS Feature status_request (RFC 7633), responder says good
  revoked_must_staple,  // the same, responder says revoked
};

struct ProfileInfo {
  CertProfile id;
  std::string name;         // "revoked-crl", as on the command line and in scenarios
  Message description;  // one line, in the catalog (profile.*)
  // The alert a validating client sends (nullopt: the handshake succeeds). For the must-staple
  // profiles: when the client asks for stapling; without it, bad_certificate_status_response.
  std::optional<AlertDescription> expected_alert;
};
const std::vector<ProfileInfo>& certificate_profiles();
std::optional<CertProfile> profile_by_name(std::string_view name);
const ProfileInfo& profile_info(CertProfile p);

// The simulation's clock for certificate checks: a fixed instant, so that a run is the same
// whatever the wall clock says. Every CA and the valid leaf are valid at this time.
inline constexpr int64_t kSimulatedNow = 1780272000;  // 2026-06-01 00:00:00 UTC

struct PkiBundle {
  Bytes root, root_key;                  // the trust anchor (self-signed, CA, pathLen 1)
  Bytes intermediate, intermediate_key;  // issues the leaf, the CRL and the OCSP answers
  Bytes leaf, leaf_key;                  // PKCS#8 key of the leaf
  std::vector<Bytes> chain;              // what the server sends: leaf, intermediate
  std::vector<Bytes> trust_store;        // what a client of the scenario trusts: root
  std::string crl_url, ocsp_url;         // as in the leaf's cRLDistributionPoints / AIA
  Bytes crl;                             // the intermediate's current CRL
  Bytes ocsp_good, ocsp_revoked;         // signed answers about this leaf
  OcspStatus ocsp_status = OcspStatus::good;  // what the responder says about this leaf
};

// Cached for the process (thread-safe); the reference stays valid until exit.
const PkiBundle& profile_pki(CertProfile profile, const std::string& host, uint64_t seed,
                             crypto::KeyType leaf_key = crypto::KeyType::rsa);

// The simulated OCSP responder of the bundle's intermediate CA: answers a DER OCSPRequest
// (good / revoked / unknown for a serial it did not issue). nullopt for a malformed request.
std::optional<Bytes> ocsp_respond(const PkiBundle& pki, ByteView request_der);
// The response to staple for the bundle's leaf (TLS 1.2 CertificateStatus, TLS 1.3
// CertificateEntry status_request extension): the responder's current answer about the leaf.
const Bytes& ocsp_response_for_leaf(const PkiBundle& pki);

}  // namespace sim::pki

// OCSP stapling in TLS 1.2 (RFC 6066 8): the status_request extension and the
// CertificateStatus handshake message (type 22), sent by the server right after Certificate.
#pragma once
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "trace/field.hpp"

namespace sim {

// CertificateStatusRequest { status_type ocsp(1), ResponderID responder_id_list<0..2^16-1>,
// Extensions request_extensions<0..2^16-1> }, both lists empty: "any responder, no nonce".
Bytes status_request_extension_data();

// CertificateStatus { CertificateStatusType status_type = ocsp(1); opaque OCSPResponse<1..2^24-1> }.
struct CertificateStatus {
  uint8_t status_type = 1;
  Bytes ocsp_response;  // DER OCSPResponse
};
Bytes encode(const CertificateStatus& m);
// Dissects the message; the OCSP response gets its own field tree (sim/pki/dissect.hpp).
Result<CertificateStatus> parse_certificate_status(Dissector& d);

}  // namespace sim

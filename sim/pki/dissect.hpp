// Field trees (names, values, absolute byte ranges) of the revocation objects, in the same
// style as dissect_certificate (cert.hpp): CRLs (RFC 5280 5.1) and OCSP responses and requests
// (RFC 6960 4.1, 4.2). Each returns false on malformed DER, leaving what was dissected and a
// last child "malformed" that says where and why.
#pragma once
#include <cstddef>
#include <string>

#include "core/bytes.hpp"
#include "trace/field.hpp"

namespace sim::pki {

bool dissect_crl(ByteView der, size_t base, Field& out);
bool dissect_ocsp_response(ByteView der, size_t base, Field& out);
bool dissect_ocsp_request(ByteView der, size_t base, Field& out);

// What a file holds, guessed from its structure: "certificate", "crl", "ocsp-response",
// "ocsp-request", or "" when none parses.
std::string der_kind(ByteView der);

}  // namespace sim::pki

// OCSP responses and requests (DER, RFC 6960): both parsers read every input.
#include "pki/revocation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)sim::pki::parse_ocsp_response(sim::ByteView(data, size));
  (void)sim::pki::parse_ocsp_request(sim::ByteView(data, size));
  return 0;
}

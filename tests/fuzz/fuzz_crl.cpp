// Certificate revocation lists (DER, RFC 5280 5).
#include "pki/revocation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)sim::pki::parse_crl(sim::ByteView(data, size));
  return 0;
}

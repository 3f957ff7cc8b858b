// PEM armour (RFC 7468) and the certificate-file loader that takes PEM or DER.
#include "asn1/pem.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)sim::pem::parse_pem(std::string_view(reinterpret_cast<const char*>(data), size));
  std::string error;
  (void)sim::pem::load_certificates(sim::ByteView(data, size), &error);
  return 0;
}

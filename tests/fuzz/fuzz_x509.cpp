// X.509 certificates (DER): the parser, the field tree the GUI shows, and the helpers that read
// one part of a certificate.
#include "pki/cert.hpp"
#include "trace/field.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sim::ByteView der(data, size);
  sim::Field tree;
  (void)sim::pki::parse_certificate(der, 0, &tree);
  sim::Field dissected;
  (void)sim::pki::dissect_certificate(der, 0, dissected);
  (void)sim::pki::certificate_spki(der);
  (void)sim::pki::certificate_subject_cn(der);
  return 0;
}

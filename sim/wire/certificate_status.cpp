#include "wire/certificate_status.hpp"

#include "pki/dissect.hpp"

namespace sim {

Bytes status_request_extension_data() { return Bytes{1, 0, 0, 0, 0}; }

Bytes encode(const CertificateStatus& m) {
  ByteWriter w;
  w.u8(m.status_type);
  w.vec(3, m.ocsp_response);
  return w.take();
}

Result<CertificateStatus> parse_certificate_status(Dissector& d) {
  CertificateStatus m;
  if (!d.u8("status_type", &m.status_type, [](uint64_t v) { return v == 1 ? std::string("ocsp (1)") : fmt_dec(v); }))
    return decode_error(msg("reason.truncated").arg("what", "CertificateStatus"));
  if (m.status_type != 1) return fail(AlertDescription::illegal_parameter, msg("reason.status_type_not_ocsp"));
  Dissector body({}, nullptr);
  size_t at = d.offset() + 3;
  if (!d.vec("OCSPResponse", 3, &body, &m.ocsp_response) || m.ocsp_response.empty())
    return decode_error(msg("reason.ocsp_response_truncated"));
  if (!d.empty()) return decode_error(msg("reason.trailing_bytes").arg("what", "CertificateStatus"));
  Field& node = body.node();
  node.set(msg("field.bytes").arg("n", std::to_string(m.ocsp_response.size())));
  pki::dissect_ocsp_response(m.ocsp_response, at, node);
  return m;
}

}  // namespace sim

#include "hs/config.hpp"

namespace sim {

std::vector<uint16_t> default_suites(uint16_t min_version, uint16_t max_version) {
  std::vector<uint16_t> v;
  for (auto& s : all_suites()) {
    if (!s.usable_in(min_version, max_version)) continue;
    bool weak = s.exportable() || s.stream() || s.cipher == BulkCipher::des_cbc || s.cipher == BulkCipher::idea_cbc;
    if (weak && max_version > kSsl3) continue;
    v.push_back(s.id);
  }
  return v;
}

std::vector<NamedGroup> default_groups() { return all_groups(); }

std::vector<SignatureScheme> default_signature_schemes() {
  return {SignatureScheme::rsa_pkcs1_sha256, SignatureScheme::rsa_pss_rsae_sha256,
          SignatureScheme::rsa_pkcs1_sha384, SignatureScheme::rsa_pss_rsae_sha384,
          SignatureScheme::rsa_pkcs1_sha512, SignatureScheme::rsa_pss_rsae_sha512,
          SignatureScheme::rsa_pkcs1_sha1, SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ed25519};
}

Bytes http_request_for(const std::string& host) {
  return to_bytes("GET / HTTP/1.1\r\nHost: " + host +
                  "\r\nUser-Agent: tlslab\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
}

Bytes http_response_for(const std::string& host) {
  std::string body =
      "<!DOCTYPE html>\n<html><head><title>tlslab</title></head>\n<body><h1>Hello from " + host +
      "</h1><p>This page travelled over TLS, simulated by tlslab.</p></body></html>\n";
  return to_bytes("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
}

}  // namespace sim

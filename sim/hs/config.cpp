#include "hs/config.hpp"

#include <string_view>

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

Bytes http_request_for(const std::string& host, const std::string& cookie) {
  return to_bytes("GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tlslab\r\nAccept: text/html\r\n" +
                  (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n") + "Connection: close\r\n\r\n");
}

HttpRequestSeen parse_http_request(ByteView request) {
  std::string_view text(reinterpret_cast<const char*>(request.data()), request.size());
  HttpRequestSeen r;
  size_t eol = text.find("\r\n");
  r.request_line = std::string(text.substr(0, eol));
  // Headers run to the first empty line; a line "Cookie: v" gives the session.
  for (size_t pos = eol; pos != std::string_view::npos && pos + 2 < text.size();) {
    size_t next = text.find("\r\n", pos + 2);
    std::string_view line = text.substr(pos + 2, next == std::string_view::npos ? std::string_view::npos : next - pos - 2);
    if (line.empty()) break;
    if (line.size() > 8 && (line.substr(0, 8) == "Cookie: " || line.substr(0, 8) == "cookie: ")) r.cookie = std::string(line.substr(8));
    pos = next;
  }
  size_t sp1 = r.request_line.find(' '), sp2 = r.request_line.find(' ', sp1 == std::string::npos ? sp1 : sp1 + 1);
  if (sp1 != std::string::npos) r.target = r.request_line.substr(sp1 + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp1 - 1);
  return r;
}

Bytes http_response_for(const std::string& host, ByteView request, size_t size) {
  HttpRequestSeen req = parse_http_request(request);
  std::string body =
      req.target.empty() || req.target == "/"
          ? "<!DOCTYPE html>\n<html><head><title>tlslab</title></head>\n<body><h1>Hello from " + host +
                "</h1><p>This page travelled over TLS, simulated by tlslab.</p>\n"
                "<form method=\"post\" action=\"/login\">User <input name=\"user\"> Password "
                "<input name=\"password\" type=\"password\"></form></body></html>\n"
          : "<!DOCTYPE html>\n<html><head><title>tlslab</title></head>\n<body><h1>Done</h1><p>Executed: " + req.request_line +
                "</p><p>For the session: " + (req.cookie.empty() ? std::string("(none)") : req.cookie) + "</p></body></html>\n";
  auto response = [&] {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
  };
  if (size > response().size()) {
    // Filler paragraphs before </body>, numbered so a reader sees where each record cuts.
    std::string filler;
    size_t want = size - response().size();
    for (int i = 1; filler.size() < want; ++i)
      filler += "<p>" + std::to_string(i) + ". The record layer cuts this page into fragments of at most 2^14 bytes.</p>\n";
    body.insert(body.size() - std::string("</body></html>\n").size(), filler);
    std::string r = response();
    // Trim the filler to the exact size asked for (the Content-Length digits may have grown).
    while (r.size() > size && !filler.empty()) {
      size_t extra = std::min(r.size() - size, filler.size());
      body.erase(body.size() - std::string("</body></html>\n").size() - extra, extra);
      filler.resize(filler.size() - extra);
      r = response();
    }
    return to_bytes(r);
  }
  return to_bytes(response());
}

}  // namespace sim

#include "asn1/pem.hpp"

#include <algorithm>
#include <cctype>

#include "asn1/der.hpp"

namespace sim::pem {

using der::kSequence;

namespace {

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool base64_decode(std::string_view s, Bytes* out) {
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad) return false;  // data after padding
    int v = b64_value(c);
    if (v < 0) return false;
    acc = acc << 6 | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(uint8_t(acc >> bits));
    }
  }
  return pad <= 2;
}

}  // namespace

bool looks_like_pem(ByteView data) {
  std::string_view s(reinterpret_cast<const char*>(data.data()), data.size());
  return s.find("-----BEGIN ") != std::string_view::npos;
}

PemParse parse_pem(std::string_view text) {
  PemParse r;
  size_t pos = 0;
  while (true) {
    size_t b = text.find("-----BEGIN ", pos);
    if (b == std::string_view::npos) break;
    size_t le = text.find("-----", b + 11);
    if (le == std::string_view::npos) {
      r.error = "unterminated BEGIN line";
      return r;
    }
    std::string label(text.substr(b + 11, le - (b + 11)));
    size_t body = le + 5;
    std::string end_marker = "-----END " + label + "-----";
    size_t e = text.find(end_marker, body);
    if (e == std::string_view::npos) {
      r.error = "no '" + end_marker + "' line after BEGIN " + label;
      return r;
    }
    std::string_view b64 = text.substr(body, e - body);
    if (b64.find(':') != std::string_view::npos) {
      r.error = label + ": PEM headers (an encrypted key?) are not supported";
      return r;
    }
    PemBlock blk{label, {}};
    if (!base64_decode(b64, &blk.der) || blk.der.empty()) {
      r.error = label + ": invalid base64";
      return r;
    }
    r.blocks.push_back(std::move(blk));
    pos = e + end_marker.size();
  }
  return r;
}

std::vector<Bytes> load_certificates(ByteView data, std::string* error) {
  std::vector<Bytes> out;
  if (looks_like_pem(data)) {
    auto p = parse_pem(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
    if (!p.error.empty()) {
      *error = "malformed PEM: " + p.error;
      return {};
    }
    for (auto& b : p.blocks)
      if (b.label == "CERTIFICATE" || b.label == "TRUSTED CERTIFICATE") out.push_back(std::move(b.der));
    if (out.empty()) *error = "no CERTIFICATE block in the PEM file";
    return out;
  }
  if (data.empty() || data[0] != kSequence) {
    *error = "neither PEM nor DER (DER starts with a SEQUENCE, 0x30)";
    return {};
  }
  out.emplace_back(data.begin(), data.end());
  return out;
}

std::string to_pem(const std::string& label, ByteView der) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (size_t i = 0; i < der.size(); i += 3) {
    uint32_t v = uint32_t(der[i]) << 16;
    size_t n = std::min<size_t>(3, der.size() - i);
    if (n > 1) v |= uint32_t(der[i + 1]) << 8;
    if (n > 2) v |= der[i + 2];
    for (size_t k = 0; k < 4; ++k) b64 += k <= n ? kAlphabet[(v >> (18 - 6 * k)) & 63] : '=';
  }
  std::string out = "-----BEGIN " + label + "-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  out += "-----END " + label + "-----\n";
  return out;
}

}  // namespace sim::pem

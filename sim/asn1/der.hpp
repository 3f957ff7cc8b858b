// DER building blocks shared by sim/crypto (key encodings) and sim/pki (certificates, CRLs,
// OCSP): a tiny writer (tlv, seq, der_oid, ...) and a bounds-checked reader whose first error
// says where parsing stopped. In the base layer because both crypto and PKI read and write DER.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/message.hpp"
#include "trace/field.hpp"

namespace sim::der {

// ======================================================================================
// DER: tags, writer, bounds-checked reader
// ======================================================================================

inline constexpr uint8_t kBoolean = 0x01;
inline constexpr uint8_t kInteger = 0x02;
inline constexpr uint8_t kBitString = 0x03;
inline constexpr uint8_t kOctetString = 0x04;
inline constexpr uint8_t kNull = 0x05;
inline constexpr uint8_t kOid = 0x06;
inline constexpr uint8_t kUtf8String = 0x0c;
inline constexpr uint8_t kPrintableString = 0x13;
inline constexpr uint8_t kT61String = 0x14;
inline constexpr uint8_t kIa5String = 0x16;
inline constexpr uint8_t kUtcTime = 0x17;
inline constexpr uint8_t kGeneralizedTime = 0x18;
inline constexpr uint8_t kVisibleString = 0x1a;
inline constexpr uint8_t kUniversalString = 0x1c;
inline constexpr uint8_t kBmpString = 0x1e;
inline constexpr uint8_t kSequence = 0x30;
inline constexpr uint8_t kSet = 0x31;
constexpr uint8_t ctx_cons(int n) { return uint8_t(0xa0 | n); }  // [n] constructed / EXPLICIT
constexpr uint8_t ctx_prim(int n) { return uint8_t(0x80 | n); }  // [n] IMPLICIT primitive

// OIDs used by the minter (and named by the dissector, see oid_name()).
inline constexpr const char* kOidRsaEncryption = "1.2.840.113549.1.1.1";
inline constexpr const char* kOidSha256WithRsa = "1.2.840.113549.1.1.11";
inline constexpr const char* kOidCommonName = "2.5.4.3";
inline constexpr const char* kOidSubjectKeyId = "2.5.29.14";
inline constexpr const char* kOidKeyUsage = "2.5.29.15";
inline constexpr const char* kOidSubjectAltName = "2.5.29.17";
inline constexpr const char* kOidBasicConstraints = "2.5.29.19";
inline constexpr const char* kOidAuthorityKeyId = "2.5.29.35";
inline constexpr const char* kOidExtKeyUsage = "2.5.29.37";
inline constexpr const char* kOidServerAuth = "1.3.6.1.5.5.7.3.1";

inline std::string tag_name(uint8_t tag) {
  switch (tag) {
    case kBoolean: return "BOOLEAN";
    case kInteger: return "INTEGER";
    case kBitString: return "BIT STRING";
    case kOctetString: return "OCTET STRING";
    case kNull: return "NULL";
    case kOid: return "OBJECT IDENTIFIER";
    case kUtcTime: return "UTCTime";
    case kGeneralizedTime: return "GeneralizedTime";
    case kSequence: return "SEQUENCE";
    case kSet: return "SET";
  }
  if ((tag & 0xc0) == 0x80) return "[" + std::to_string(tag & 0x1f) + "]";
  return fmt_hex(tag, 2);
}

// ---- writer ---------------------------------------------------------------------------

inline Bytes tlv(uint8_t tag, ByteView body) {
  Bytes out{tag};
  size_t n = body.size();
  if (n < 0x80) {
    out.push_back(uint8_t(n));
  } else {
    int len_bytes = 0;
    for (size_t v = n; v; v >>= 8) ++len_bytes;
    out.push_back(uint8_t(0x80 | len_bytes));
    for (int i = len_bytes - 1; i >= 0; --i) out.push_back(uint8_t(n >> (8 * i)));
  }
  append(out, body);
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes body;
  for (const Bytes& p : parts) append(body, p);
  return body;
}

inline Bytes seq(std::initializer_list<Bytes> parts) { return tlv(kSequence, cat(parts)); }
inline Bytes set_of(std::initializer_list<Bytes> parts) { return tlv(kSet, cat(parts)); }
inline Bytes explicit_tag(int n, ByteView inner) { return tlv(ctx_cons(n), inner); }

// Non-negative INTEGER from big-endian magnitude bytes (minimal two's complement).
inline Bytes der_uint(ByteView magnitude) {
  size_t i = 0;
  while (i + 1 < magnitude.size() && magnitude[i] == 0) ++i;
  Bytes body;
  if (magnitude.empty() || (magnitude[i] & 0x80)) body.push_back(0);
  body.insert(body.end(), magnitude.begin() + std::ptrdiff_t(i), magnitude.end());
  return tlv(kInteger, body);
}

inline Bytes der_small_int(uint64_t v) {
  uint8_t b[8];
  store_be(b, v, 8);
  return der_uint(ByteView(b, 8));
}

inline Bytes der_oid(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  uint64_t cur = 0;
  for (char c : dotted) {
    if (c == '.') {
      arcs.push_back(cur);
      cur = 0;
    } else {
      cur = cur * 10 + uint64_t(c - '0');
    }
  }
  arcs.push_back(cur);
  Bytes body;
  auto put = [&body](uint64_t v) {
    uint8_t tmp[10];
    int n = 0;
    do {
      tmp[n++] = uint8_t(v & 0x7f);
      v >>= 7;
    } while (v);
    for (int i = n - 1; i >= 0; --i) body.push_back(uint8_t(tmp[i] | (i ? 0x80 : 0)));
  };
  put(arcs.at(0) * 40 + arcs.at(1));
  for (size_t i = 2; i < arcs.size(); ++i) put(arcs[i]);
  return tlv(kOid, body);
}

inline Bytes der_null() { return tlv(kNull, {}); }
inline Bytes der_bool(bool v) { return tlv(kBoolean, Bytes{uint8_t(v ? 0xff : 0x00)}); }
inline Bytes der_octets(ByteView b) { return tlv(kOctetString, b); }
inline Bytes der_bits(ByteView b, uint8_t unused = 0) { return tlv(kBitString, concat({Bytes{unused}, b})); }
inline Bytes der_string(uint8_t tag, std::string_view s) { return tlv(tag, to_bytes(s)); }

// ---- reader ---------------------------------------------------------------------------

// One element; offsets are absolute (the reader's base included).
struct Tlv {
  uint8_t tag = 0;
  size_t offset = 0;
  size_t header = 0;
  ByteView body;
  size_t body_offset() const { return offset + header; }
  size_t size() const { return header + body.size(); }
};

// First error wins: it is the place where parsing stopped.
// Its message ("der.truncated", what = "tbsCertificate") is a catalog message: it becomes the
// detail of a malformed-certificate reason, shown in the viewer's language.
struct DerError {
  bool set = false;
  Message msg;
  size_t offset = 0;
};

class DerReader {
 public:
  DerReader(ByteView data, size_t base, DerError* err) : r_(data, base), err_(err) {}

  bool fail(Message m, size_t at) {
    if (!err_->set) *err_ = DerError{true, std::move(m), at};
    return false;
  }

  std::optional<uint8_t> peek() const {
    if (r_.empty()) return std::nullopt;
    return r_.rest()[0];
  }
  bool empty() const { return r_.empty(); }
  size_t offset() const { return r_.offset(); }

  bool next(Tlv* out, const std::string& what) {
    size_t at = r_.offset();
    ByteReader r = r_;
    uint8_t tag, l;
    if (!r.u8(&tag)) return fail(msg("der.missing").arg("what", what), at);
    if ((tag & 0x1f) == 0x1f) return fail(msg("der.multibyte_tag").arg("what", what), at);
    if (!r.u8(&l)) return fail(msg("der.truncated_before_length").arg("what", what), at);
    uint64_t len;
    if (l < 0x80) {
      len = l;
    } else if (l == 0x80) {
      return fail(msg("der.indefinite_length").arg("what", what), at);
    } else {
      int n = l & 0x7f;
      if (n > 4) return fail(msg("der.length_field_too_long").arg("what", what).arg("n", std::to_string(n)), at);
      ByteView lb;
      if (!r.bytes(size_t(n), &lb)) return fail(msg("der.truncated_in_length").arg("what", what), at);
      len = load_be(lb);
    }
    size_t header = r.offset() - at;
    if (len > r.remaining())
      return fail(msg("der.length_exceeds")
                      .arg("what", what)
                      .arg("tag", tag_name(tag))
                      .arg("length", std::to_string(len))
                      .arg("available", std::to_string(r.remaining())),
                  at);
    ByteView body;
    if (!r.bytes(size_t(len), &body)) return fail(msg("der.truncated").arg("what", what), at);
    *out = Tlv{tag, at, header, body};
    r_ = r;
    return true;
  }

  bool expect(uint8_t tag, Tlv* out, const std::string& what) {
    auto t = peek();
    if (t && *t != tag)
      return fail(msg("der.expected_tag").arg("what", what).arg("expected", tag_name(tag)).arg("found", tag_name(*t)), r_.offset());
    return next(out, what);
  }

  bool end(const std::string& what) {
    if (r_.empty()) return true;
    return fail(msg("der.trailing_bytes").arg("what", what).arg("n", std::to_string(r_.remaining())), r_.offset());
  }

  DerReader enter(const Tlv& t) const { return DerReader(t.body, t.body_offset(), err_); }

 private:
  ByteReader r_;
  DerError* err_;
};


inline std::optional<std::string> oid_to_string(ByteView b) {
  if (b.empty()) return std::nullopt;
  std::string s;
  uint64_t v = 0;
  int groups = 0;
  bool first = true;
  for (uint8_t c : b) {
    if (groups == 0 && c == 0x80) return std::nullopt;  // non-minimal encoding
    if (++groups > 9) return std::nullopt;              // arc wider than 63 bits
    v = v << 7 | (c & 0x7f);
    if (c & 0x80) continue;
    if (first) {
      if (v < 40) s = "0." + std::to_string(v);
      else if (v < 80) s = "1." + std::to_string(v - 40);
      else s = "2." + std::to_string(v - 80);
      first = false;
    } else {
      s += "." + std::to_string(v);
    }
    v = 0;
    groups = 0;
  }
  if (groups) return std::nullopt;  // last arc truncated
  return s;
}

inline std::string oid_name(const std::string& dotted) {
  static const std::map<std::string, std::string> kNames = {
      {"1.2.840.113549.1.1.1", "rsaEncryption"},
      {"1.2.840.113549.1.1.4", "md5WithRSAEncryption"},
      {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
      {"1.2.840.113549.1.1.10", "rsassaPss"},
      {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
      {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
      {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
      {"1.2.840.10045.2.1", "id-ecPublicKey"},
      {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256"},
      {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384"},
      {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512"},
      {"1.3.101.112", "Ed25519"},
      {"1.3.101.113", "Ed448"},
      {"2.5.4.3", "CN"},
      {"2.5.4.4", "SN"},
      {"2.5.4.5", "serialNumber"},
      {"2.5.4.6", "C"},
      {"2.5.4.7", "L"},
      {"2.5.4.8", "ST"},
      {"2.5.4.10", "O"},
      {"2.5.4.11", "OU"},
      {"2.5.4.42", "GN"},
      {"0.9.2342.19200300.100.1.25", "DC"},
      {"1.2.840.113549.1.9.1", "emailAddress"},
      {"2.5.29.14", "subjectKeyIdentifier"},
      {"2.5.29.15", "keyUsage"},
      {"2.5.29.17", "subjectAltName"},
      {"2.5.29.18", "issuerAltName"},
      {"2.5.29.19", "basicConstraints"},
      {"2.5.29.30", "nameConstraints"},
      {"2.5.29.31", "cRLDistributionPoints"},
      {"2.5.29.32", "certificatePolicies"},
      {"2.5.29.35", "authorityKeyIdentifier"},
      {"2.5.29.37", "extendedKeyUsage"},
      {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess"},
      {"1.3.6.1.5.5.7.1.24", "TLS Feature"},  // RFC 7633 id-pe-tlsfeature; openssl's name
      {"1.3.6.1.4.1.11129.2.4.2", "ctPrecertificateSCTs"},
      {"1.3.6.1.5.5.7.3.1", "serverAuth"},
      {"1.3.6.1.5.5.7.3.2", "clientAuth"},
      {"1.3.6.1.5.5.7.3.3", "codeSigning"},
      {"1.3.6.1.5.5.7.3.4", "emailProtection"},
      {"1.3.6.1.5.5.7.3.8", "timeStamping"},
      {"1.3.6.1.5.5.7.3.9", "OCSPSigning"},
      {"2.5.29.37.0", "anyExtendedKeyUsage"},
      {"2.5.29.20", "cRLNumber"},
      {"2.5.29.21", "reasonCode"},
      {"1.3.6.1.5.5.7.48.1", "ocsp"},
      {"1.3.6.1.5.5.7.48.1.1", "id-pkix-ocsp-basic"},
      {"1.3.6.1.5.5.7.48.1.2", "ocspNonce"},
      {"1.3.6.1.5.5.7.48.2", "caIssuers"},
      {"1.3.14.3.2.26", "sha1"},
      {"2.16.840.1.101.3.4.2.1", "sha256"},
      {"1.2.840.10045.3.1.7", "prime256v1"},
      {"1.3.132.0.34", "secp384r1"},
  };
  auto it = kNames.find(dotted);
  return it == kNames.end() ? dotted : it->second;
}

// ---- display helpers ----------------------------------------------------------------

inline std::string colon_hex(ByteView b) {
  std::string h = to_hex(b), s;
  for (size_t i = 0; i < h.size(); i += 2) {
    if (i) s += ':';
    s += h.substr(i, 2);
  }
  return s.empty() ? "(empty)" : s;
}

inline void put_utf8(std::string& s, uint32_t cp) {
  if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
    s += '?';
  } else if (cp < 0x80) {
    s += char(cp);
  } else if (cp < 0x800) {
    s += char(0xc0 | cp >> 6);
    s += char(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    s += char(0xe0 | cp >> 12);
    s += char(0x80 | (cp >> 6 & 0x3f));
    s += char(0x80 | (cp & 0x3f));
  } else {
    s += char(0xf0 | cp >> 18);
    s += char(0x80 | (cp >> 12 & 0x3f));
    s += char(0x80 | (cp >> 6 & 0x3f));
    s += char(0x80 | (cp & 0x3f));
  }
}

// Arbitrary bytes to valid UTF-8 (the trace goes to JSON, which rejects invalid UTF-8):
// valid sequences are kept, control characters and invalid bytes become \xNN.
inline std::string safe_text(ByteView b) {
  std::string s;
  size_t i = 0;
  auto escape = [&s](uint8_t c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    s += buf;
  };
  while (i < b.size()) {
    uint8_t c = b[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) escape(c);
      else s += char(c);
      ++i;
      continue;
    }
    size_t n = 0;
    uint8_t lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) n = 3, lo = (c == 0xe0 ? 0xa0 : 0x80), hi = (c == 0xed ? 0x9f : 0xbf);
    else if (c >= 0xf0 && c <= 0xf4) n = 4, lo = (c == 0xf0 ? 0x90 : 0x80), hi = (c == 0xf4 ? 0x8f : 0xbf);
    bool ok = n && b.size() - i >= n && b[i + 1] >= lo && b[i + 1] <= hi;
    for (size_t k = 2; ok && k < n; ++k) ok = (b[i + k] & 0xc0) == 0x80;
    if (!ok) {
      escape(c);
      ++i;
      continue;
    }
    s.append(reinterpret_cast<const char*>(b.data() + i), n);
    i += n;
  }
  return s;
}

inline std::string string_value(const Tlv& v) {
  switch (v.tag) {
    case kBmpString: {
      std::string s;
      for (size_t i = 0; i + 1 < v.body.size(); i += 2) put_utf8(s, uint32_t(v.body[i] << 8 | v.body[i + 1]));
      return s;
    }
    case kUniversalString: {
      std::string s;
      for (size_t i = 0; i + 3 < v.body.size(); i += 4) put_utf8(s, uint32_t(load_be(v.body.subspan(i, 4))));
      return s;
    }
    case kUtf8String:
    case kPrintableString:
    case kT61String:
    case kIa5String:
    case kVisibleString: return safe_text(v.body);
  }
  return "#" + to_hex(v.body);  // RFC 4514 form for non-string values
}

inline std::optional<uint64_t> small_uint(ByteView body) {
  if (body.empty() || (body[0] & 0x80)) return std::nullopt;
  size_t i = 0;
  while (i < body.size() && body[i] == 0) ++i;
  if (body.size() - i > 8) return std::nullopt;
  return load_be(body.subspan(i));
}

inline size_t bit_length(ByteView magnitude) {
  size_t i = 0;
  while (i < magnitude.size() && magnitude[i] == 0) ++i;
  if (i == magnitude.size()) return 0;
  size_t bits = (magnitude.size() - i - 1) * 8;
  for (uint8_t c = magnitude[i]; c; c >>= 1) ++bits;
  return bits;
}

inline std::string time_value(const Tlv& t) {
  std::string s(t.body.begin(), t.body.end());
  bool digits = true;
  size_t ndig = t.tag == kUtcTime ? 12 : 14;
  if (s.size() != ndig + 1 || s.back() != 'Z') digits = false;
  for (size_t i = 0; digits && i < ndig; ++i) digits = s[i] >= '0' && s[i] <= '9';
  if (!digits) return safe_text(t.body);
  std::string year;
  size_t p = 0;
  if (t.tag == kUtcTime) {
    year = (s[0] < '5' ? "20" : "19") + s.substr(0, 2);
    p = 2;
  } else {
    year = s.substr(0, 4);
    p = 4;
  }
  return year + "-" + s.substr(p, 2) + "-" + s.substr(p + 2, 2) + " " + s.substr(p + 4, 2) + ":" +
         s.substr(p + 6, 2) + ":" + s.substr(p + 8, 2) + " UTC";
}

}  // namespace sim::der

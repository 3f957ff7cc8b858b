#include "x509/x509.hpp"

#include <crypto++/queue.h>
#include <crypto++/rsa.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "crypto/crypto.hpp"
#include "crypto/rng_adapter.hpp"

namespace sim::x509 {
namespace {

// ======================================================================================
// DER: tags, writer, bounds-checked reader
// ======================================================================================

constexpr uint8_t kBoolean = 0x01;
constexpr uint8_t kInteger = 0x02;
constexpr uint8_t kBitString = 0x03;
constexpr uint8_t kOctetString = 0x04;
constexpr uint8_t kNull = 0x05;
constexpr uint8_t kOid = 0x06;
constexpr uint8_t kUtf8String = 0x0c;
constexpr uint8_t kPrintableString = 0x13;
constexpr uint8_t kT61String = 0x14;
constexpr uint8_t kIa5String = 0x16;
constexpr uint8_t kUtcTime = 0x17;
constexpr uint8_t kGeneralizedTime = 0x18;
constexpr uint8_t kVisibleString = 0x1a;
constexpr uint8_t kUniversalString = 0x1c;
constexpr uint8_t kBmpString = 0x1e;
constexpr uint8_t kSequence = 0x30;
constexpr uint8_t kSet = 0x31;
constexpr uint8_t ctx_cons(int n) { return uint8_t(0xa0 | n); }  // [n] constructed / EXPLICIT
constexpr uint8_t ctx_prim(int n) { return uint8_t(0x80 | n); }  // [n] IMPLICIT primitive

// OIDs used by the minter (and named by the dissector, see oid_name()).
constexpr const char* kOidRsaEncryption = "1.2.840.113549.1.1.1";
constexpr const char* kOidSha256WithRsa = "1.2.840.113549.1.1.11";
constexpr const char* kOidCommonName = "2.5.4.3";
constexpr const char* kOidSubjectKeyId = "2.5.29.14";
constexpr const char* kOidKeyUsage = "2.5.29.15";
constexpr const char* kOidSubjectAltName = "2.5.29.17";
constexpr const char* kOidBasicConstraints = "2.5.29.19";
constexpr const char* kOidAuthorityKeyId = "2.5.29.35";
constexpr const char* kOidExtKeyUsage = "2.5.29.37";
constexpr const char* kOidServerAuth = "1.3.6.1.5.5.7.3.1";

std::string tag_name(uint8_t tag) {
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

Bytes tlv(uint8_t tag, ByteView body) {
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

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes body;
  for (const Bytes& p : parts) append(body, p);
  return body;
}

Bytes seq(std::initializer_list<Bytes> parts) { return tlv(kSequence, cat(parts)); }
Bytes set_of(std::initializer_list<Bytes> parts) { return tlv(kSet, cat(parts)); }
Bytes explicit_tag(int n, ByteView inner) { return tlv(ctx_cons(n), inner); }

// Non-negative INTEGER from big-endian magnitude bytes (minimal two's complement).
Bytes der_uint(ByteView magnitude) {
  size_t i = 0;
  while (i + 1 < magnitude.size() && magnitude[i] == 0) ++i;
  Bytes body;
  if (magnitude.empty() || (magnitude[i] & 0x80)) body.push_back(0);
  body.insert(body.end(), magnitude.begin() + std::ptrdiff_t(i), magnitude.end());
  return tlv(kInteger, body);
}

Bytes der_small_int(uint64_t v) {
  uint8_t b[8];
  store_be(b, v, 8);
  return der_uint(ByteView(b, 8));
}

Bytes der_oid(std::string_view dotted) {
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

Bytes der_null() { return tlv(kNull, {}); }
Bytes der_bool(bool v) { return tlv(kBoolean, Bytes{uint8_t(v ? 0xff : 0x00)}); }
Bytes der_octets(ByteView b) { return tlv(kOctetString, b); }
Bytes der_bits(ByteView b, uint8_t unused = 0) { return tlv(kBitString, concat({Bytes{unused}, b})); }
Bytes der_string(uint8_t tag, std::string_view s) { return tlv(tag, to_bytes(s)); }

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
struct DerError {
  bool set = false;
  std::string msg;
  size_t offset = 0;
};

class DerReader {
 public:
  DerReader(ByteView data, size_t base, DerError* err) : r_(data, base), err_(err) {}

  bool fail(const std::string& msg, size_t at) {
    if (!err_->set) *err_ = DerError{true, msg, at};
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
    if (!r.u8(&tag)) return fail(what + ": missing (no bytes left)", at);
    if ((tag & 0x1f) == 0x1f) return fail(what + ": multi-byte tag numbers are not supported", at);
    if (!r.u8(&l)) return fail(what + ": truncated before the length byte", at);
    uint64_t len;
    if (l < 0x80) {
      len = l;
    } else if (l == 0x80) {
      return fail(what + ": indefinite length is not allowed in DER", at);
    } else {
      int n = l & 0x7f;
      if (n > 4) return fail(what + ": length field of " + std::to_string(n) + " bytes is too long", at);
      ByteView lb;
      if (!r.bytes(size_t(n), &lb)) return fail(what + ": truncated inside the length field", at);
      len = load_be(lb);
    }
    size_t header = r.offset() - at;
    if (len > r.remaining())
      return fail(what + ": " + tag_name(tag) + " length " + std::to_string(len) + " exceeds the " +
                      std::to_string(r.remaining()) + " bytes available",
                  at);
    ByteView body;
    if (!r.bytes(size_t(len), &body)) return fail(what + ": truncated", at);
    *out = Tlv{tag, at, header, body};
    r_ = r;
    return true;
  }

  bool expect(uint8_t tag, Tlv* out, const std::string& what) {
    auto t = peek();
    if (t && *t != tag)
      return fail(what + ": expected " + tag_name(tag) + ", found " + tag_name(*t), r_.offset());
    return next(out, what);
  }

  bool end(const std::string& what) {
    if (r_.empty()) return true;
    return fail(what + ": " + std::to_string(r_.remaining()) + " unexpected trailing bytes",
                r_.offset());
  }

  DerReader enter(const Tlv& t) const { return DerReader(t.body, t.body_offset(), err_); }

 private:
  ByteReader r_;
  DerError* err_;
};

// ======================================================================================
// Display helpers
// ======================================================================================

std::optional<std::string> oid_to_string(ByteView b) {
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

std::string oid_name(const std::string& dotted) {
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
      {"1.3.6.1.4.1.11129.2.4.2", "ctPrecertificateSCTs"},
      {"1.3.6.1.5.5.7.3.1", "serverAuth"},
      {"1.3.6.1.5.5.7.3.2", "clientAuth"},
      {"1.3.6.1.5.5.7.3.3", "codeSigning"},
      {"1.3.6.1.5.5.7.3.4", "emailProtection"},
      {"1.3.6.1.5.5.7.3.8", "timeStamping"},
      {"1.3.6.1.5.5.7.3.9", "OCSPSigning"},
      {"2.5.29.37.0", "anyExtendedKeyUsage"},
  };
  auto it = kNames.find(dotted);
  return it == kNames.end() ? dotted : it->second;
}

std::string colon_hex(ByteView b) {
  std::string h = to_hex(b), s;
  for (size_t i = 0; i < h.size(); i += 2) {
    if (i) s += ':';
    s += h.substr(i, 2);
  }
  return s.empty() ? "(empty)" : s;
}

void put_utf8(std::string& s, uint32_t cp) {
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
std::string safe_text(ByteView b) {
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

std::string string_value(const Tlv& v) {
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

std::optional<uint64_t> small_uint(ByteView body) {
  if (body.empty() || (body[0] & 0x80)) return std::nullopt;
  size_t i = 0;
  while (i < body.size() && body[i] == 0) ++i;
  if (body.size() - i > 8) return std::nullopt;
  return load_be(body.subspan(i));
}

size_t bit_length(ByteView magnitude) {
  size_t i = 0;
  while (i < magnitude.size() && magnitude[i] == 0) ++i;
  if (i == magnitude.size()) return 0;
  size_t bits = (magnitude.size() - i - 1) * 8;
  for (uint8_t c = magnitude[i]; c; c >>= 1) ++bits;
  return bits;
}

std::string time_value(const Tlv& t) {
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

// ======================================================================================
// Extension summaries (best effort: a failure shows the raw bytes instead)
// ======================================================================================

struct CertInfo {
  Tlv spki;
  bool have_spki = false;
  std::string cn;
  std::vector<std::string> dns;
};

// Parses one DER value covering all of `body`; nullopt if it is not exactly one element.
std::optional<Tlv> single(ByteView body, uint8_t tag, DerError* e) {
  DerReader r(body, 0, e);
  Tlv t;
  if (!r.expect(tag, &t, "value") || !r.end("value")) return std::nullopt;
  return t;
}

std::optional<std::string> sum_basic_constraints(ByteView v) {
  DerError e;
  auto s = single(v, kSequence, &e);
  if (!s) return std::nullopt;
  DerReader r(s->body, 0, &e);
  bool ca = false;
  std::string out;
  Tlv t;
  if (r.peek() == kBoolean) {
    if (!r.next(&t, "cA") || t.body.size() != 1) return std::nullopt;
    ca = t.body[0] != 0;
  }
  out = ca ? "CA:TRUE" : "CA:FALSE";
  if (r.peek() == kInteger) {
    if (!r.next(&t, "pathLen")) return std::nullopt;
    auto n = small_uint(t.body);
    if (!n) return std::nullopt;
    out += ", pathlen:" + std::to_string(*n);
  }
  if (!r.end("basicConstraints")) return std::nullopt;
  return out;
}

std::optional<std::string> sum_key_usage(ByteView v) {
  static const char* kBits[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                "dataEncipherment", "keyAgreement",   "keyCertSign",
                                "cRLSign",          "encipherOnly",   "decipherOnly"};
  DerError e;
  auto s = single(v, kBitString, &e);
  if (!s || s->body.empty() || s->body[0] > 7) return std::nullopt;
  ByteView bits = s->body.subspan(1);
  std::string out;
  for (size_t i = 0; i < bits.size() * 8; ++i) {
    if (!(bits[i / 8] & (0x80 >> (i % 8)))) continue;
    if (!out.empty()) out += ", ";
    out += i < 9 ? kBits[i] : "bit" + std::to_string(i);
  }
  return out.empty() ? "(none)" : out;
}

std::optional<std::string> sum_ext_key_usage(ByteView v) {
  DerError e;
  auto s = single(v, kSequence, &e);
  if (!s) return std::nullopt;
  DerReader r(s->body, 0, &e);
  std::string out;
  while (!r.empty()) {
    Tlv t;
    if (!r.expect(kOid, &t, "keyPurpose")) return std::nullopt;
    auto o = oid_to_string(t.body);
    if (!o) return std::nullopt;
    if (!out.empty()) out += ", ";
    out += oid_name(*o);
  }
  return out;
}

std::optional<std::string> sum_subject_alt_name(ByteView v, CertInfo* info) {
  DerError e;
  auto s = single(v, kSequence, &e);
  if (!s) return std::nullopt;
  DerReader r(s->body, 0, &e);
  std::string out;
  std::vector<std::string> dns;
  while (!r.empty()) {
    Tlv t;
    if (!r.next(&t, "GeneralName")) return std::nullopt;
    std::string item;
    switch (t.tag) {
      case ctx_prim(1): item = "email:" + safe_text(t.body); break;
      case ctx_prim(2):
        item = "DNS:" + safe_text(t.body);
        dns.push_back(safe_text(t.body));
        break;
      case ctx_prim(6): item = "URI:" + safe_text(t.body); break;
      case ctx_prim(7):
        if (t.body.size() == 4) {
          item = "IP:" + std::to_string(t.body[0]) + "." + std::to_string(t.body[1]) + "." +
                 std::to_string(t.body[2]) + "." + std::to_string(t.body[3]);
        } else {
          item = "IP:" + colon_hex(t.body);
        }
        break;
      default: item = tag_name(t.tag) + ":" + to_hex(t.body);
    }
    if (!out.empty()) out += ", ";
    out += item;
  }
  if (info) info->dns = std::move(dns);
  return out;
}

std::optional<std::string> sum_key_id(ByteView v) {
  DerError e;
  auto s = single(v, kOctetString, &e);
  if (!s) return std::nullopt;
  return colon_hex(s->body);
}

std::optional<std::string> sum_authority_key_id(ByteView v) {
  DerError e;
  auto s = single(v, kSequence, &e);
  if (!s) return std::nullopt;
  DerReader r(s->body, 0, &e);
  std::string out;
  while (!r.empty()) {
    Tlv t;
    if (!r.next(&t, "AuthorityKeyIdentifier")) return std::nullopt;
    if (!out.empty()) out += ", ";
    if (t.tag == ctx_prim(0)) out += "keyid:" + colon_hex(t.body);
    else if (t.tag == ctx_cons(1)) out += "issuer:" + to_hex(t.body);
    else if (t.tag == ctx_prim(2)) out += "serial:" + colon_hex(t.body);
    else return std::nullopt;
  }
  return out;
}

std::optional<std::string> summarize_extension(const std::string& oid, ByteView v, CertInfo* info) {
  if (oid == kOidBasicConstraints) return sum_basic_constraints(v);
  if (oid == kOidKeyUsage) return sum_key_usage(v);
  if (oid == kOidExtKeyUsage) return sum_ext_key_usage(v);
  if (oid == kOidSubjectAltName) return sum_subject_alt_name(v, info);
  if (oid == kOidSubjectKeyId) return sum_key_id(v);
  if (oid == kOidAuthorityKeyId) return sum_authority_key_id(v);
  return std::nullopt;
}

// ======================================================================================
// Certificate walker: parsing is dissection (certificate_spki uses the same walk)
// ======================================================================================

class Walker {
 public:
  Walker(DerError* err, CertInfo* info) : err_(err), info_(info) {}

  bool certificate(ByteView der, size_t base, Field& out) {
    DerReader top(der, base, err_);
    Tlv cert;
    if (!top.expect(kSequence, &cert, "Certificate")) return false;
    DerReader c = top.enter(cert);

    Tlv tbs;
    if (!c.expect(kSequence, &tbs, "tbsCertificate")) return false;
    {
      Field& f = out.add("tbsCertificate", std::to_string(tbs.body.size()) + " bytes", tbs.offset,
                         tbs.size());
      if (!tbs_certificate(c.enter(tbs), f)) return false;
    }
    if (!algorithm(c, out, "signatureAlgorithm", nullptr)) return false;
    Tlv sig;
    if (!c.expect(kBitString, &sig, "signatureValue")) return false;
    if (!bit_string_ok(c, sig, "signatureValue")) return false;
    out.add("signatureValue",
            std::to_string(sig.body.size() - 1) + " bytes: " + hex_value(sig.body.subspan(1)),
            sig.offset, sig.size());
    if (!c.end("Certificate")) return false;
    return top.end("Certificate");
  }

 private:
  bool bit_string_ok(DerReader& r, const Tlv& t, const std::string& what) {
    if (t.body.empty()) return r.fail(what + ": BIT STRING without the unused-bits byte", t.offset);
    if (t.body[0] > 7 || (t.body.size() == 1 && t.body[0] != 0))
      return r.fail(what + ": invalid unused-bits count " + std::to_string(t.body[0]), t.offset);
    return true;
  }

  bool tbs_certificate(DerReader t, Field& f) {
    if (t.peek() == ctx_cons(0)) {
      Tlv v, vi;
      if (!t.next(&v, "tbsCertificate.version")) return false;
      DerReader vr = t.enter(v);
      if (!vr.expect(kInteger, &vi, "tbsCertificate.version")) return false;
      if (!vr.end("tbsCertificate.version")) return false;
      auto n = small_uint(vi.body);
      if (!n || *n > 2) return t.fail("tbsCertificate.version: invalid value", vi.offset);
      f.add("version", "v" + std::to_string(*n + 1) + " (" + std::to_string(*n) + ")", v.offset,
            v.size());
    }
    Tlv serial;
    if (!t.expect(kInteger, &serial, "tbsCertificate.serialNumber")) return false;
    if (serial.body.empty()) return t.fail("tbsCertificate.serialNumber: empty INTEGER", serial.offset);
    f.add("serialNumber", colon_hex(serial.body), serial.offset, serial.size());

    if (!algorithm(t, f, "signature", nullptr)) return false;
    if (!name(t, f, "issuer", nullptr)) return false;

    Tlv val;
    if (!t.expect(kSequence, &val, "tbsCertificate.validity")) return false;
    {
      Field& fv = f.add("validity", "", val.offset, val.size());
      DerReader vr = t.enter(val);
      std::string shown[2];
      const char* names[2] = {"notBefore", "notAfter"};
      for (int i = 0; i < 2; ++i) {
        Tlv tm;
        std::string what = std::string("tbsCertificate.validity.") + names[i];
        if (!vr.next(&tm, what)) return false;
        if (tm.tag != kUtcTime && tm.tag != kGeneralizedTime)
          return vr.fail(what + ": expected UTCTime or GeneralizedTime, found " + tag_name(tm.tag),
                         tm.offset);
        shown[i] = time_value(tm);
        fv.add(names[i], shown[i], tm.offset, tm.size());
      }
      if (!vr.end("tbsCertificate.validity")) return false;
      fv.value = shown[0] + " .. " + shown[1];
    }

    if (!name(t, f, "subject", &info_->cn)) return false;
    if (!spki(t, f)) return false;

    for (int n : {1, 2}) {  // issuerUniqueID [1], subjectUniqueID [2]: IMPLICIT BIT STRING
      if (t.peek() != ctx_prim(n)) continue;
      Tlv u;
      const char* nm = n == 1 ? "issuerUniqueID" : "subjectUniqueID";
      if (!t.next(&u, std::string("tbsCertificate.") + nm)) return false;
      f.add(nm, hex_value(u.body), u.offset, u.size());
    }

    if (t.peek() == ctx_cons(3) && !extensions(t, f)) return false;
    return t.end("tbsCertificate");
  }

  // AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
  bool algorithm(DerReader& r, Field& parent, const std::string& nm, std::string* oid_out) {
    Tlv a, o;
    if (!r.expect(kSequence, &a, nm)) return false;
    DerReader ar = r.enter(a);
    if (!ar.expect(kOid, &o, nm + ".algorithm")) return false;
    auto dotted = oid_to_string(o.body);
    if (!dotted) return ar.fail(nm + ".algorithm: invalid OBJECT IDENTIFIER encoding", o.offset);
    std::string shown = oid_name(*dotted);
    Field& f = parent.add(nm, shown, a.offset, a.size());
    f.add("algorithm", shown == *dotted ? shown : shown + " (" + *dotted + ")", o.offset, o.size());
    if (!ar.empty()) {
      Tlv p;
      if (!ar.next(&p, nm + ".parameters")) return false;
      f.add("parameters", p.tag == kNull && p.body.empty() ? "NULL" : tag_name(p.tag) + " " + hex_value(p.body),
            p.offset, p.size());
    }
    if (oid_out) *oid_out = *dotted;
    return ar.end(nm);
  }

  // Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }
  bool name(DerReader& r, Field& parent, const std::string& nm, std::string* cn_out) {
    Tlv n;
    std::string what = "tbsCertificate." + nm;
    if (!r.expect(kSequence, &n, what)) return false;
    Field& f = parent.add(nm, "", n.offset, n.size());
    DerReader nr = r.enter(n);
    std::string text;
    while (!nr.empty()) {
      Tlv set;
      if (!nr.expect(kSet, &set, what + " RDN")) return false;
      DerReader sr = nr.enter(set);
      if (sr.empty()) return sr.fail(what + ": empty RelativeDistinguishedName", set.offset);
      while (!sr.empty()) {
        Tlv atv, type, value;
        if (!sr.expect(kSequence, &atv, what + " attribute")) return false;
        DerReader ar = sr.enter(atv);
        if (!ar.expect(kOid, &type, what + " attribute type")) return false;
        if (!ar.next(&value, what + " attribute value")) return false;
        if (!ar.end(what + " attribute")) return false;
        auto dotted = oid_to_string(type.body);
        if (!dotted) return ar.fail(what + ": invalid OBJECT IDENTIFIER encoding", type.offset);
        std::string key = oid_name(*dotted), val = string_value(value);
        f.add(key, val, atv.offset, atv.size());
        if (!text.empty()) text += ", ";
        text += key + "=" + val;
        if (cn_out && *dotted == kOidCommonName) *cn_out = val;
      }
    }
    f.value = text.empty() ? "(empty)" : text;
    return true;
  }

  bool spki(DerReader& r, Field& parent) {
    Tlv s, bits;
    const std::string what = "tbsCertificate.subjectPublicKeyInfo";
    if (!r.expect(kSequence, &s, what)) return false;
    Field& f = parent.add("subjectPublicKeyInfo", "", s.offset, s.size());
    DerReader sr = r.enter(s);
    std::string alg;
    if (!algorithm(sr, f, "algorithm", &alg)) return false;
    if (!sr.expect(kBitString, &bits, what + ".subjectPublicKey")) return false;
    if (!bit_string_ok(sr, bits, what + ".subjectPublicKey")) return false;
    if (!sr.end(what)) return false;

    ByteView key = bits.body.subspan(1);
    if (alg == kOidRsaEncryption) {
      // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
      DerReader kr(key, bits.body_offset() + 1, err_);
      Tlv rsa, n, e;
      std::string kw = what + ".subjectPublicKey";
      if (bits.body[0] != 0) return sr.fail(kw + ": RSA key with unused bits", bits.offset);
      if (!kr.expect(kSequence, &rsa, kw + " (RSAPublicKey)") || !kr.end(kw)) return false;
      DerReader ir = kr.enter(rsa);
      if (!ir.expect(kInteger, &n, kw + ".modulus") || !ir.expect(kInteger, &e, kw + ".publicExponent") ||
          !ir.end(kw + " (RSAPublicKey)"))
        return false;
      if (n.body.empty() || e.body.empty() || (n.body[0] & 0x80) || (e.body[0] & 0x80))
        return sr.fail(kw + ": negative or empty RSA integer", rsa.offset);
      std::string shown = "RSA " + std::to_string(bit_length(n.body)) + " bits";
      Field& k = f.add("subjectPublicKey", shown, bits.offset, bits.size());
      k.add("modulus", hex_value(n.body), n.offset, n.size());
      auto ev = small_uint(e.body);
      k.add("publicExponent", ev ? std::to_string(*ev) : hex_value(e.body), e.offset, e.size());
      f.value = shown;
    } else {
      std::string shown = oid_name(alg) + ", " + std::to_string(key.size()) + "-byte key";
      f.add("subjectPublicKey", hex_value(key), bits.offset, bits.size());
      f.value = shown;
    }
    info_->spki = s;
    info_->have_spki = true;
    return true;
  }

  // [3] EXPLICIT SEQUENCE OF Extension; Extension ::= SEQUENCE { extnID OID,
  //     critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
  bool extensions(DerReader& r, Field& parent) {
    const std::string what = "tbsCertificate.extensions";
    Tlv x, list;
    if (!r.next(&x, what)) return false;
    Field& f = parent.add("extensions", "", x.offset, x.size());
    DerReader xr = r.enter(x);
    if (!xr.expect(kSequence, &list, what) || !xr.end(what)) return false;
    DerReader lr = xr.enter(list);
    size_t count = 0;
    while (!lr.empty()) {
      Tlv e, id, crit, val;
      std::string ew = what + "[" + std::to_string(count) + "]";
      if (!lr.expect(kSequence, &e, ew)) return false;
      DerReader er = lr.enter(e);
      if (!er.expect(kOid, &id, ew + ".extnID")) return false;
      auto dotted = oid_to_string(id.body);
      if (!dotted) return er.fail(ew + ".extnID: invalid OBJECT IDENTIFIER encoding", id.offset);
      bool has_crit = er.peek() == kBoolean, critical = false;
      if (has_crit) {
        if (!er.next(&crit, ew + ".critical")) return false;
        if (crit.body.size() != 1) return er.fail(ew + ".critical: BOOLEAN must be 1 byte", crit.offset);
        critical = crit.body[0] != 0;
      }
      if (!er.expect(kOctetString, &val, ew + ".extnValue") || !er.end(ew)) return false;

      std::string nm = oid_name(*dotted);
      auto summary = summarize_extension(*dotted, val.body, info_);
      std::string shown = summary ? *summary : hex_value(val.body);
      if (critical) shown += " (critical)";
      Field& fe = f.add(nm, shown, e.offset, e.size());
      fe.add("extnID", nm == *dotted ? nm : nm + " (" + *dotted + ")", id.offset, id.size());
      if (has_crit) fe.add("critical", critical ? "TRUE" : "FALSE", crit.offset, crit.size());
      fe.add("extnValue", hex_value(val.body), val.offset, val.size());
      ++count;
    }
    f.value = std::to_string(count) + (count == 1 ? " extension" : " extensions");
    return true;
  }

  DerError* err_;
  CertInfo* info_;
};

bool walk(ByteView der, size_t base, Field& out, CertInfo* info, DerError* err) {
  Walker w(err, info);
  if (w.certificate(der, base, out)) return true;
  size_t end = base + der.size();
  size_t at = std::min(std::max(err->offset, base), end);
  out.add("malformed", err->set ? err->msg : "malformed certificate", at, end - at);
  return false;
}

// ======================================================================================
// Minting
// ======================================================================================

constexpr const char* kRootCn = "tlslab Demo Root CA";
constexpr const char* kNotBefore = "250101000000Z";
constexpr const char* kNotAfter = "350101000000Z";

struct PkiKeys {
  crypto::RsaKeyPair root, leaf;
  Bytes root_der;
};

template <class K>
Bytes save_key(const K& key) {
  CryptoPP::ByteQueue q;
  key.DEREncode(q);
  Bytes out(size_t(q.MaxRetrievable()));
  q.Get(out.data(), out.size());
  return out;
}

// RSA-2048 with the conventional e = 65537 (crypto::rsa_generate uses Crypto++'s default 17).
crypto::RsaKeyPair generate_rsa(Rng& rng) {
  crypto::RngAdapter r(rng);
  CryptoPP::RSA::PrivateKey priv;
  priv.Initialize(r, 2048, CryptoPP::Integer(65537));
  CryptoPP::RSA::PublicKey pub(priv);
  return crypto::RsaKeyPair{save_key(priv), save_key(pub)};
}

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "tlslab x509: internal error: %s\n", what);
  std::abort();
}

Bytes name_cn(const std::string& cn) {
  return seq({set_of({seq({der_oid(kOidCommonName), der_string(kUtf8String, cn)})})});
}

Bytes extension(const char* oid, bool critical, ByteView value) {
  return critical ? seq({der_oid(oid), der_bool(true), der_octets(value)})
                  : seq({der_oid(oid), der_octets(value)});
}

// RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value.
Bytes key_identifier(ByteView spki) {
  DerError err;
  DerReader r(spki, 0, &err);
  Tlv s, alg, bits;
  if (!r.expect(kSequence, &s, "spki")) die("bad SPKI");
  DerReader sr = r.enter(s);
  if (!sr.expect(kSequence, &alg, "alg") || !sr.expect(kBitString, &bits, "key") || bits.body.empty())
    die("bad SPKI");
  return crypto::hash(HashAlg::Sha1, bits.body.subspan(1));
}

// Positive 128-bit serial derived from the inputs (no randomness needed for uniqueness here).
Bytes serial_for(std::string_view role, const std::string& host, uint64_t seed) {
  ByteWriter w;
  w.bytes(to_bytes("tlslab-x509-serial"));
  w.vec(1, to_bytes(role));
  w.u64(seed);
  w.vec(2, to_bytes(host));
  Bytes h = crypto::hash(HashAlg::Sha256, w.data());
  h.resize(16);
  h[0] = uint8_t((h[0] & 0x7f) | 0x40);  // positive, and no leading zero byte to strip
  return h;
}

Bytes sha256_rsa_alg() { return seq({der_oid(kOidSha256WithRsa), der_null()}); }

Bytes sign_certificate(ByteView tbs, ByteView issuer_private, uint64_t seed) {
  // PKCS#1 v1.5 signatures are deterministic; the Rng only feeds Crypto++'s blinding.
  Rng rng(seed, "pki");
  auto sig = crypto::rsa_sign(issuer_private, SignatureScheme::rsa_pkcs1_sha256, tbs, rng);
  if (!sig) die("RSA signing failed");
  return seq({Bytes(tbs.begin(), tbs.end()), sha256_rsa_alg(), der_bits(*sig)});
}

Bytes make_tbs(ByteView serial, const std::string& issuer_cn, const std::string& subject_cn,
               ByteView spki, const Bytes& extensions) {
  return seq({explicit_tag(0, der_small_int(2)), der_uint(serial), sha256_rsa_alg(), name_cn(issuer_cn),
              seq({der_string(kUtcTime, kNotBefore), der_string(kUtcTime, kNotAfter)}),
              name_cn(subject_cn), Bytes(spki.begin(), spki.end()), explicit_tag(3, extensions)});
}

Bytes mint_root(const PkiKeys& k, uint64_t seed) {
  Bytes exts = seq({
      extension(kOidBasicConstraints, true, seq({der_bool(true)})),
      // keyCertSign (bit 5) + cRLSign (bit 6): 0000 0110, one unused trailing bit
      extension(kOidKeyUsage, true, der_bits(Bytes{0x06}, 1)),
      extension(kOidSubjectKeyId, false, der_octets(key_identifier(k.root.public_spki))),
  });
  Bytes tbs = make_tbs(serial_for("root", "", seed), kRootCn, kRootCn, k.root.public_spki, exts);
  return sign_certificate(tbs, k.root.private_pkcs8, seed);
}

Bytes mint_leaf(const PkiKeys& k, const std::string& host, uint64_t seed) {
  Bytes exts = seq({
      // CA:FALSE is the DEFAULT, so DER encodes it as an empty SEQUENCE.
      extension(kOidBasicConstraints, true, seq({})),
      // digitalSignature (bit 0) + keyEncipherment (bit 2): 1010 0000, five unused bits
      extension(kOidKeyUsage, true, der_bits(Bytes{0xa0}, 5)),
      extension(kOidExtKeyUsage, false, seq({der_oid(kOidServerAuth)})),
      extension(kOidSubjectAltName, false, seq({tlv(ctx_prim(2), to_bytes(host))})),
      extension(kOidSubjectKeyId, false, der_octets(key_identifier(k.leaf.public_spki))),
      extension(kOidAuthorityKeyId, false,
                seq({tlv(ctx_prim(0), key_identifier(k.root.public_spki))})),
  });
  Bytes tbs = make_tbs(serial_for("leaf", host, seed), kRootCn, host, k.leaf.public_spki, exts);
  return sign_certificate(tbs, k.root.private_pkcs8, seed);
}

PkiKeys make_keys(uint64_t seed) {
  Rng rng(seed, "pki");
  PkiKeys k;
  k.root = generate_rsa(rng);
  k.leaf = generate_rsa(rng);
  k.root_der = mint_root(k, seed);
  return k;
}

Credentials assemble(const PkiKeys& k, const std::string& host, uint64_t seed) {
  Credentials c;
  c.root_der = k.root_der;
  c.chain_der = {mint_leaf(k, host, seed), k.root_der};
  c.leaf_private_pkcs8 = k.leaf.private_pkcs8;
  return c;
}

struct KeySlot {
  std::once_flag once;
  PkiKeys keys;
};

std::mutex& cache_mutex() {
  static std::mutex m;
  return m;
}

const PkiKeys& keys_for(uint64_t seed) {
  static std::map<uint64_t, std::unique_ptr<KeySlot>> slots;
  KeySlot* slot;
  {
    std::lock_guard<std::mutex> lock(cache_mutex());
    auto& p = slots[seed];
    if (!p) p = std::make_unique<KeySlot>();
    slot = p.get();
  }
  // Keygen runs outside the map lock: other seeds (and cached hosts) are not blocked.
  std::call_once(slot->once, [slot, seed] { slot->keys = make_keys(seed); });
  return slot->keys;
}

}  // namespace

// ======================================================================================
// Public API
// ======================================================================================

Credentials mint_demo_credentials_uncached(const std::string& host, uint64_t pki_seed) {
  return assemble(make_keys(pki_seed), host, pki_seed);
}

const Credentials& demo_credentials(const std::string& host, uint64_t pki_seed) {
  using Key = std::pair<std::string, uint64_t>;
  static std::map<Key, std::unique_ptr<Credentials>> creds;
  Key key{host, pki_seed};
  {
    std::lock_guard<std::mutex> lock(cache_mutex());
    auto it = creds.find(key);
    if (it != creds.end()) return *it->second;
  }
  auto fresh = std::make_unique<Credentials>(assemble(keys_for(pki_seed), host, pki_seed));
  std::lock_guard<std::mutex> lock(cache_mutex());
  // If another thread won the race it produced identical bytes; keep the first.
  auto [it, inserted] = creds.emplace(key, std::move(fresh));
  return *it->second;
}

Result<Bytes> certificate_spki(ByteView cert_der) {
  CertInfo info;
  DerError err;
  Field scratch;
  if (!walk(cert_der, 0, scratch, &info, &err) || !info.have_spki)
    return Failure{AlertDescription::bad_certificate,
                   "malformed certificate: " + (err.set ? err.msg : std::string("no public key"))};
  return Bytes(cert_der.begin() + std::ptrdiff_t(info.spki.offset),
               cert_der.begin() + std::ptrdiff_t(info.spki.offset + info.spki.size()));
}

std::string certificate_subject_cn(ByteView cert_der) {
  CertInfo info;
  DerError err;
  Field scratch;
  if (!walk(cert_der, 0, scratch, &info, &err)) return "";
  std::string sans;
  for (const auto& d : info.dns) sans += (sans.empty() ? "" : ", ") + d;
  if (info.cn.empty()) return sans;
  if (info.dns.empty() || (info.dns.size() == 1 && info.dns[0] == info.cn)) return info.cn;
  return info.cn + " (DNS: " + sans + ")";
}

bool dissect_certificate(ByteView cert_der, size_t base, Field& out) {
  CertInfo info;
  DerError err;
  return walk(cert_der, base, out, &info, &err);
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

}  // namespace sim::x509

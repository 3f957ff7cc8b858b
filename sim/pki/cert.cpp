#include "pki/cert.hpp"

#include <cstdio>

#include "asn1/der.hpp"
#include "crypto/crypto.hpp"

namespace sim::pki {

using namespace sim::der;

namespace {

constexpr const char* kOidCrlDp = "2.5.29.31";
constexpr const char* kOidAia = "1.3.6.1.5.5.7.1.1";
constexpr const char* kOidAdOcsp = "1.3.6.1.5.5.7.48.1";
constexpr const char* kOidOrg = "2.5.4.10";

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

void civil_from_days(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = int(doy - (153 * mp + 2) / 5 + 1);
  *m = int(mp < 10 ? mp + 3 : mp - 9);
  *y = int(yy + (*m <= 2));
}

struct Parser {
  DerError err;
  bool fail(const std::string& m) {
    if (!err.set) err = DerError{true, m, 0};
    return false;
  }

  bool name(DerReader& r, const char* what, Bytes* der, std::string* text, std::string* cn) {
    Tlv n;
    if (!r.expect(kSequence, &n, what)) return false;
    der->assign(n.body.data() - n.header, n.body.data() + n.body.size());
    DerReader nr = r.enter(n);
    while (!nr.empty()) {
      Tlv set;
      if (!nr.expect(kSet, &set, std::string(what) + " RDN")) return false;
      DerReader sr = nr.enter(set);
      while (!sr.empty()) {
        Tlv atv, type, value;
        if (!sr.expect(kSequence, &atv, what) ) return false;
        DerReader ar = sr.enter(atv);
        if (!ar.expect(kOid, &type, what) || !ar.next(&value, what) || !ar.end(what)) return false;
        auto dotted = oid_to_string(type.body);
        if (!dotted) return fail(std::string(what) + ": invalid OID");
        std::string v = string_value(value);
        if (!text->empty()) *text += ", ";
        *text += oid_name(*dotted) + "=" + v;
        if (cn && *dotted == kOidCommonName) *cn = v;
      }
    }
    return true;
  }

  bool decode_extension(Certificate& c, const Extension& e) {
    DerReader r(e.value, 0, &err);
    const std::string w = oid_name(e.oid);
    if (e.oid == kOidBasicConstraints) {
      Tlv s;
      if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
      DerReader sr = r.enter(s);
      c.has_basic_constraints = true;
      if (sr.peek() == kBoolean) {
        Tlv b;
        if (!sr.next(&b, w) || b.body.size() != 1) return fail(w + ": bad cA");
        c.is_ca = b.body[0] != 0;
      }
      if (sr.peek() == kInteger) {
        Tlv i;
        if (!sr.next(&i, w)) return false;
        c.path_len = small_uint(i.body);
        if (!c.path_len) return fail(w + ": bad pathLenConstraint");
      }
      return sr.end(w);
    }
    if (e.oid == kOidKeyUsage) {
      Tlv b;
      if (!r.expect(kBitString, &b, w) || !r.end(w) || b.body.empty()) return fail(w + ": bad BIT STRING");
      c.has_key_usage = true;
      for (size_t i = 0; i + 1 < b.body.size() && i < 2; ++i)
        for (int k = 0; k < 8; ++k)
          if (b.body[i + 1] & (0x80 >> k)) c.key_usage |= uint16_t(1u << (i * 8 + size_t(k)));
      return true;
    }
    if (e.oid == kOidExtKeyUsage) {
      Tlv s;
      if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
      DerReader sr = r.enter(s);
      c.has_ext_key_usage = true;
      while (!sr.empty()) {
        Tlv o;
        if (!sr.expect(kOid, &o, w)) return false;
        auto d = oid_to_string(o.body);
        if (!d) return fail(w + ": bad OID");
        c.ext_key_usage.push_back(*d);
      }
      return true;
    }
    if (e.oid == kOidSubjectAltName) {
      Tlv s;
      if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
      DerReader sr = r.enter(s);
      while (!sr.empty()) {
        Tlv g;
        if (!sr.next(&g, w)) return false;
        if (g.tag == ctx_prim(2)) c.san_dns.emplace_back(g.body.begin(), g.body.end());
        if (g.tag == ctx_prim(7)) c.san_ip.emplace_back(g.body.begin(), g.body.end());
      }
      return true;
    }
    if (e.oid == kOidSubjectKeyId) {
      Tlv o;
      if (!r.expect(kOctetString, &o, w) || !r.end(w)) return false;
      c.subject_key_id.assign(o.body.begin(), o.body.end());
      return true;
    }
    if (e.oid == kOidAuthorityKeyId) {
      Tlv s;
      if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
      DerReader sr = r.enter(s);
      while (!sr.empty()) {
        Tlv t;
        if (!sr.next(&t, w)) return false;
        if (t.tag == ctx_prim(0)) c.authority_key_id.assign(t.body.begin(), t.body.end());
      }
      return true;
    }
    if (e.oid == kOidCrlDp) {
      // SEQUENCE OF DistributionPoint { [0] distributionPoint { [0] fullName GeneralNames } ... }
      Tlv s;
      if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
      DerReader sr = r.enter(s);
      while (!sr.empty()) {
        Tlv dp;
        if (!sr.expect(kSequence, &dp, w)) return false;
        DerReader dr = sr.enter(dp);
        if (dr.peek() != ctx_cons(0)) continue;
        Tlv dpn, full;
        if (!dr.next(&dpn, w)) return false;
        DerReader nr = dr.enter(dpn);
        if (nr.peek() != ctx_cons(0)) continue;
        if (!nr.next(&full, w)) return false;
        DerReader fr = nr.enter(full);
        while (!fr.empty()) {
          Tlv g;
          if (!fr.next(&g, w)) return false;
          if (g.tag == ctx_prim(6)) c.crl_urls.emplace_back(g.body.begin(), g.body.end());
        }
      }
      return true;
    }
    if (e.oid == kOidAia) {
      Tlv s;
      if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
      DerReader sr = r.enter(s);
      while (!sr.empty()) {
        Tlv ad, m, loc;
        if (!sr.expect(kSequence, &ad, w)) return false;
        DerReader ar = sr.enter(ad);
        if (!ar.expect(kOid, &m, w) || !ar.next(&loc, w)) return false;
        if (oid_to_string(m.body) == std::string(kOidAdOcsp) && loc.tag == ctx_prim(6))
          c.ocsp_urls.emplace_back(loc.body.begin(), loc.body.end());
      }
      return true;
    }
    if (e.critical) c.unknown_critical.push_back(e.oid);
    return true;
  }

  bool certificate(ByteView der, Certificate& c) {
    DerReader top(der, 0, &err);
    Tlv cert, tbs, alg, sig;
    if (!top.expect(kSequence, &cert, "Certificate") || !top.end("Certificate")) return false;
    DerReader cr = top.enter(cert);
    if (!cr.expect(kSequence, &tbs, "tbsCertificate")) return false;
    c.tbs.assign(der.begin() + std::ptrdiff_t(tbs.offset), der.begin() + std::ptrdiff_t(tbs.offset + tbs.size()));
    if (!algorithm(cr, "signatureAlgorithm", &c.sig_oid)) return false;
    if (!cr.expect(kBitString, &sig, "signatureValue") || !cr.end("Certificate")) return false;
    if (sig.body.empty() || sig.body[0] != 0) return fail("signatureValue: unused bits");
    c.signature.assign(sig.body.begin() + 1, sig.body.end());

    DerReader t = cr.enter(tbs);
    if (t.peek() == ctx_cons(0)) {
      Tlv v, vi;
      if (!t.next(&v, "version")) return false;
      DerReader vr = t.enter(v);
      if (!vr.expect(kInteger, &vi, "version") || !vr.end("version")) return false;
      auto n = small_uint(vi.body);
      if (!n || *n > 2) return fail("tbsCertificate.version: invalid value");
      c.version = int(*n) + 1;
    }
    Tlv serial;
    if (!t.expect(kInteger, &serial, "serialNumber") || serial.body.empty()) return fail("tbsCertificate.serialNumber: missing or empty");
    c.serial.assign(serial.body.begin(), serial.body.end());
    if (!algorithm(t, "tbsCertificate.signature", &c.tbs_sig_oid)) return false;
    if (!name(t, "issuer", &c.issuer_der, &c.issuer, nullptr)) return false;
    Tlv val, nb, na;
    if (!t.expect(kSequence, &val, "validity")) return false;
    DerReader vr = t.enter(val);
    if (!vr.next(&nb, "notBefore") || !vr.next(&na, "notAfter") || !vr.end("validity")) return false;
    auto tb = parse_der_time(nb.tag, nb.body), ta = parse_der_time(na.tag, na.body);
    if (!tb || !ta) return fail("tbsCertificate.validity: not a DER UTCTime/GeneralizedTime");
    c.not_before = *tb;
    c.not_after = *ta;
    if (!name(t, "subject", &c.subject_der, &c.subject, &c.subject_cn)) return false;
    Tlv spki;
    if (!t.expect(kSequence, &spki, "subjectPublicKeyInfo")) return false;
    c.spki.assign(der.begin() + std::ptrdiff_t(spki.offset), der.begin() + std::ptrdiff_t(spki.offset + spki.size()));
    for (int n : {1, 2})
      if (t.peek() == ctx_prim(n)) {
        Tlv u;
        if (!t.next(&u, "uniqueID")) return false;
      }
    if (t.peek() == ctx_cons(3)) {
      Tlv x, list;
      if (!t.next(&x, "extensions")) return false;
      DerReader xr = t.enter(x);
      if (!xr.expect(kSequence, &list, "extensions") || !xr.end("extensions")) return false;
      DerReader lr = xr.enter(list);
      while (!lr.empty()) {
        Tlv e, id, crit, v;
        if (!lr.expect(kSequence, &e, "Extension")) return false;
        DerReader er = lr.enter(e);
        if (!er.expect(kOid, &id, "extnID")) return false;
        Extension ext;
        auto d = oid_to_string(id.body);
        if (!d) return fail("extnID: invalid OID");
        ext.oid = *d;
        if (er.peek() == kBoolean) {
          if (!er.next(&crit, "critical") || crit.body.size() != 1) return fail("Extension.critical: bad BOOLEAN");
          ext.critical = crit.body[0] != 0;
        }
        if (!er.expect(kOctetString, &v, "extnValue") || !er.end("Extension")) return false;
        ext.value.assign(v.body.begin(), v.body.end());
        for (auto& prev : c.extensions)
          if (prev.oid == ext.oid) return fail("extension " + oid_name(ext.oid) + " appears twice (RFC 5280 4.2)");
        if (!decode_extension(c, ext)) return false;
        c.extensions.push_back(std::move(ext));
      }
    }
    return t.end("tbsCertificate");
  }

  bool algorithm(DerReader& r, const std::string& what, std::string* oid) {
    Tlv a, o;
    if (!r.expect(kSequence, &a, what)) return false;
    DerReader ar = r.enter(a);
    if (!ar.expect(kOid, &o, what)) return false;
    auto d = oid_to_string(o.body);
    if (!d) return fail(what + ": invalid OID");
    *oid = *d;
    return true;
  }
};

}  // namespace

int64_t unix_time(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string time_text(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t s = t - days * 86400;
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d UTC", y, m, d, int(s / 3600), int(s / 60 % 60),
                int(s % 60));
  return buf;
}

Bytes der_time(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t s = t - days * 86400;
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[40];
  if (y >= 1950 && y < 2050) {
    std::snprintf(buf, sizeof buf, "%02d%02d%02d%02d%02d%02dZ", y % 100, m, d, int(s / 3600), int(s / 60 % 60), int(s % 60));
    return der_string(kUtcTime, buf);
  }
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02dZ", y, m, d, int(s / 3600), int(s / 60 % 60), int(s % 60));
  return der_string(kGeneralizedTime, buf);
}

std::optional<int64_t> parse_der_time(uint8_t tag, ByteView b) {
  size_t ndig = tag == kUtcTime ? 12 : tag == kGeneralizedTime ? 14 : 0;
  if (!ndig || b.size() != ndig + 1 || b.back() != 'Z') return std::nullopt;
  int v[7] = {};
  for (size_t i = 0; i < ndig; ++i)
    if (b[i] < '0' || b[i] > '9') return std::nullopt;
  auto num = [&](size_t at, size_t n) {
    int x = 0;
    for (size_t i = 0; i < n; ++i) x = x * 10 + (b[at + i] - '0');
    return x;
  };
  size_t p;
  if (tag == kUtcTime) {
    int yy = num(0, 2);
    v[0] = yy < 50 ? 2000 + yy : 1900 + yy;  // RFC 5280 4.1.2.5.1
    p = 2;
  } else {
    v[0] = num(0, 4);
    p = 4;
  }
  for (int i = 1; i < 6; ++i, p += 2) v[i] = num(p, 2);
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59) return std::nullopt;
  return unix_time(v[0], v[1], v[2], v[3], v[4], v[5]);
}

Result<Certificate> parse_certificate(ByteView der) {
  Parser p;
  Certificate c;
  c.der.assign(der.begin(), der.end());
  if (!p.certificate(der, c))
    return Failure{AlertDescription::bad_certificate,
                   "malformed certificate: " + (p.err.set ? p.err.msg : std::string("unknown error"))};
  return c;
}

Bytes make_name(const std::string& cn, const std::string& org) {
  Bytes rdns;
  if (!org.empty()) append(rdns, set_of({seq({der_oid(kOidOrg), der_string(kUtf8String, org)})}));
  append(rdns, set_of({seq({der_oid(kOidCommonName), der_string(kUtf8String, cn)})}));
  return tlv(kSequence, rdns);
}

Bytes make_extension(const std::string& oid, bool critical, ByteView value) {
  return critical ? seq({der_oid(oid), der_bool(true), der_octets(value)}) : seq({der_oid(oid), der_octets(value)});
}

Bytes ext_basic_constraints(bool ca, std::optional<uint64_t> path_len) {
  Bytes body;
  if (ca) append(body, der_bool(true));  // cA DEFAULT FALSE: DER omits FALSE
  if (path_len) append(body, der_small_int(*path_len));
  return tlv(kSequence, body);
}

Bytes ext_key_usage(uint16_t bits) {
  // DER BIT STRING of a named bit list: trailing zero bits removed (X.690 11.2.2).
  int highest = -1;
  for (int i = 0; i < 9; ++i)
    if (bits & (1u << i)) highest = i;
  if (highest < 0) return der_bits({}, 0);
  size_t nbytes = size_t(highest / 8 + 1);
  Bytes b(nbytes, 0);
  for (int i = 0; i <= highest; ++i)
    if (bits & (1u << i)) b[size_t(i / 8)] |= uint8_t(0x80 >> (i % 8));
  return der_bits(b, uint8_t(nbytes * 8 - size_t(highest) - 1));
}

Bytes ext_ext_key_usage(const std::vector<std::string>& oids) {
  Bytes body;
  for (auto& o : oids) append(body, der_oid(o));
  return tlv(kSequence, body);
}

Bytes ext_subject_alt_name(const std::vector<std::string>& dns, const std::vector<Bytes>& ips) {
  Bytes body;
  for (auto& d : dns) append(body, tlv(ctx_prim(2), to_bytes(d)));
  for (auto& ip : ips) append(body, tlv(ctx_prim(7), ip));
  return tlv(kSequence, body);
}

Bytes ext_key_id(ByteView id) { return der_octets(id); }
Bytes ext_authority_key_id(ByteView id) { return seq({tlv(ctx_prim(0), id)}); }

Bytes ext_crl_distribution_point(const std::string& uri) {
  // DistributionPoint { distributionPoint [0] { fullName [0] { URI [6] } } }
  return seq({seq({tlv(ctx_cons(0), tlv(ctx_cons(0), tlv(ctx_prim(6), to_bytes(uri))))})});
}

Bytes ext_ocsp_aia(const std::string& uri) {
  return seq({seq({der_oid(kOidAdOcsp), tlv(ctx_prim(6), to_bytes(uri))})});
}

Bytes key_identifier(ByteView spki) {
  DerError e;
  DerReader r(spki, 0, &e);
  Tlv s, alg, bits;
  if (!r.expect(kSequence, &s, "spki")) return {};
  DerReader sr = r.enter(s);
  if (!sr.expect(kSequence, &alg, "alg") || !sr.expect(kBitString, &bits, "key") || bits.body.empty()) return {};
  return crypto::hash(HashAlg::Sha1, bits.body.subspan(1));
}

std::optional<Bytes> mint_certificate(const CertSpec& s, ByteView issuer_key, Rng& rng) {
  Bytes exts;
  for (auto& e : s.extensions) append(exts, e);
  Bytes alg = crypto::algorithm_identifier(s.sig_alg);
  Bytes tbs_body = cat({explicit_tag(0, der_small_int(2)), der_uint(s.serial), alg, s.issuer_name,
                        seq({der_time(s.not_before), der_time(s.not_after)}), s.subject_name, s.spki});
  if (!s.extensions.empty()) append(tbs_body, explicit_tag(3, tlv(kSequence, exts)));
  Bytes tbs = tlv(kSequence, tbs_body);
  auto sig = crypto::sign_x509(issuer_key, s.sig_alg, tbs, rng);
  if (!sig) return std::nullopt;
  return seq({tbs, alg, der_bits(*sig)});
}

}  // namespace sim::pki

#include "pki/cert.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "asn1/der.hpp"
#include "core/enums.hpp"
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

// The model's reading of an extension value; summarize_extension is the display's.
bool decode_extension(Certificate& c, const Extension& e, DerError& err) {
  auto fail = [&err](Message m) {
    if (!err.set) err = DerError{true, std::move(m), 0};
    return false;
  };
  DerReader r(e.value, 0, &err);
  const std::string w = oid_name(e.oid);
  if (e.oid == kOidBasicConstraints) {
    Tlv s;
    if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
    DerReader sr = r.enter(s);
    c.has_basic_constraints = true;
    if (sr.peek() == kBoolean) {
      Tlv b;
      if (!sr.next(&b, w) || b.body.size() != 1) return fail(msg("cert.bad_ca_flag").arg("what", w));
      c.is_ca = b.body[0] != 0;
    }
    if (sr.peek() == kInteger) {
      Tlv i;
      if (!sr.next(&i, w)) return false;
      c.path_len = small_uint(i.body);
      if (!c.path_len) return fail(msg("cert.bad_path_len").arg("what", w));
    }
    return sr.end(w);
  }
  if (e.oid == kOidKeyUsage) {
    Tlv b;
    if (!r.expect(kBitString, &b, w) || !r.end(w) || b.body.empty()) return fail(msg("cert.bad_bit_string").arg("what", w));
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
      if (!d) return fail(msg("cert.bad_oid").arg("what", w));
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
  if (e.oid == kOidTlsFeature) {
    // Features ::= SEQUENCE OF INTEGER (RFC 7633 6), each a TLS ExtensionType.
    Tlv s;
    if (!r.expect(kSequence, &s, w) || !r.end(w)) return false;
    DerReader sr = r.enter(s);
    while (!sr.empty()) {
      Tlv i;
      if (!sr.expect(kInteger, &i, w)) return false;
      auto v = small_uint(i.body);
      if (!v || *v > 0xffff) return fail(msg("cert.bad_tls_feature").arg("what", w));
      c.tls_features.push_back(*v);
    }
    return true;
  }
  if (e.critical) c.unknown_critical.push_back(e.oid);
  return true;
}


// ---- display summaries of extension values (best effort: a failure shows the raw bytes) ----

// What the display summaries learn on the way.
struct CertInfo {
  std::vector<std::string> dns;  // subjectAltName dNSNames, as shown
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

// Every URI GeneralName ([6] IA5String) inside a value, in order, with the accessMethod OID
// name in front when it is an AccessDescription (authorityInfoAccess).
void collect_uris(ByteView v, std::string* out, int depth) {
  DerError e;
  DerReader r(v, 0, &e);
  std::string method;
  while (!r.empty() && depth < 6) {
    Tlv t;
    if (!r.next(&t, "value")) return;
    if (t.tag == kOid) method = oid_name(oid_to_string(t.body).value_or("?"));
    else if (t.tag == ctx_prim(6)) *out += std::string(out->empty() ? "" : ", ") + (method.empty() ? "" : method + " - ") + "URI:" + safe_text(t.body);
    else if (t.tag & 0x20) collect_uris(t.body, out, depth + 1);
  }
}

std::optional<std::string> sum_uris(ByteView v) {
  std::string out;
  collect_uris(v, &out, 0);
  if (out.empty()) return std::nullopt;
  return out;
}

// "status_request (5)": each feature by its TLS extension name, as openssl prints it.
std::optional<std::string> sum_tls_feature(ByteView v) {
  DerError e;
  auto s = single(v, kSequence, &e);
  if (!s) return std::nullopt;
  DerReader r(s->body, 0, &e);
  std::string out;
  while (!r.empty()) {
    Tlv t;
    if (!r.expect(kInteger, &t, "feature")) return std::nullopt;
    auto n = small_uint(t.body);
    if (!n || *n > 0xffff) return std::nullopt;
    if (!out.empty()) out += ", ";
    out += name_of(ExtensionType(uint16_t(*n))) + " (" + std::to_string(*n) + ")";
  }
  return out;
}

std::optional<std::string> summarize_extension(const std::string& oid, ByteView v, CertInfo* info) {
  if (oid == "2.5.29.31" || oid == "1.3.6.1.5.5.7.1.1") return sum_uris(v);
  if (oid == kOidBasicConstraints) return sum_basic_constraints(v);
  if (oid == kOidKeyUsage) return sum_key_usage(v);
  if (oid == kOidExtKeyUsage) return sum_ext_key_usage(v);
  if (oid == kOidSubjectAltName) return sum_subject_alt_name(v, info);
  if (oid == kOidSubjectKeyId) return sum_key_id(v);
  if (oid == kOidAuthorityKeyId) return sum_authority_key_id(v);
  if (oid == kOidTlsFeature) return sum_tls_feature(v);
  return std::nullopt;
}

// ---- the reader ----

// Parsing is dissection: one pass over the DER fills the Field tree (names, values, absolute
// byte ranges) and the Certificate model. A structural error stops both (err_, where it
// stopped); a value the model refuses but the display can show (an extension that does not
// decode, a duplicate extension, a non-DER time, unused signature bits) is a model error: the
// tree goes on, parse_certificate fails.
class CertReader {
 public:
  CertReader(DerError* err, Certificate* c) : err_(err), c_(c) {}

  const Message& model_error() const { return model_err_; }
  const std::vector<std::string>& san_dns_shown() const { return info_.dns; }

  bool certificate(ByteView der, size_t base, Field& out) {
    DerReader top(der, base, err_);
    Tlv cert;
    if (!top.expect(kSequence, &cert, "Certificate")) return false;
    DerReader c = top.enter(cert);

    Tlv tbs;
    if (!c.expect(kSequence, &tbs, "tbsCertificate")) return false;
    c_->tbs = whole(tbs);
    {
      Field& f = out.add("tbsCertificate", msg("field.bytes").arg("n", std::to_string(tbs.body.size())), tbs.offset,
                         tbs.size());
      if (!tbs_certificate(c.enter(tbs), f)) return false;
    }
    if (!algorithm(c, out, "signatureAlgorithm", &c_->sig_oid, &c_->sig_alg)) return false;
    Tlv sig;
    if (!c.expect(kBitString, &sig, "signatureValue")) return false;
    if (!bit_string_ok(c, sig, "signatureValue")) return false;
    if (sig.body[0] != 0) model(msg("cert.signature_unused_bits").arg("what", "signatureValue"));
    c_->signature.assign(sig.body.begin() + 1, sig.body.end());
    out.add("signatureValue",
            msg("field.bytes_hex").arg("n", std::to_string(sig.body.size() - 1)).arg("hex", hex_value(sig.body.subspan(1))),
            sig.offset, sig.size());
    if (!c.end("Certificate")) return false;
    return top.end("Certificate");
  }

 private:
  // The whole element (header and body) as bytes.
  static Bytes whole(const Tlv& t) { return Bytes(t.body.data() - t.header, t.body.data() + t.body.size()); }
  void model(Message m) {
    if (model_err_.empty()) model_err_ = std::move(m);
  }

  bool bit_string_ok(DerReader& r, const Tlv& t, const std::string& what) {
    if (t.body.empty()) return r.fail(msg("der.bit_string_no_unused_byte").arg("what", what), t.offset);
    if (t.body[0] > 7 || (t.body.size() == 1 && t.body[0] != 0))
      return r.fail(msg("der.bit_string_unused_count").arg("what", what).arg("n", std::to_string(t.body[0])), t.offset);
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
      if (!n || *n > 2) return t.fail(msg("cert.invalid_value").arg("what", "tbsCertificate.version"), vi.offset);
      f.add("version", "v" + std::to_string(*n + 1) + " (" + std::to_string(*n) + ")", v.offset,
            v.size());
      c_->version = int(*n) + 1;
    }
    Tlv serial;
    if (!t.expect(kInteger, &serial, "tbsCertificate.serialNumber")) return false;
    if (serial.body.empty()) return t.fail(msg("der.empty_integer").arg("what", "tbsCertificate.serialNumber"), serial.offset);
    f.add("serialNumber", colon_hex(serial.body), serial.offset, serial.size());
    c_->serial.assign(serial.body.begin(), serial.body.end());

    if (!algorithm(t, f, "signature", &c_->tbs_sig_oid, &c_->tbs_sig_alg)) return false;
    if (!name(t, f, "issuer", nullptr, &c_->issuer_der, &c_->issuer)) return false;

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
          return vr.fail(msg("der.expected_time").arg("what", what).arg("found", tag_name(tm.tag)),
                         tm.offset);
        shown[i] = time_value(tm);
        fv.add(names[i], shown[i], tm.offset, tm.size());
        auto at = parse_der_time(tm.tag, tm.body);
        if (!at) model(msg("der.not_der_time").arg("what", "tbsCertificate.validity"));
        (i == 0 ? c_->not_before : c_->not_after) = at.value_or(0);
      }
      if (!vr.end("tbsCertificate.validity")) return false;
      fv.value = shown[0] + " .. " + shown[1];
    }

    if (!name(t, f, "subject", &c_->subject_cn, &c_->subject_der, &c_->subject)) return false;
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
  bool algorithm(DerReader& r, Field& parent, const std::string& nm, std::string* oid_out, Bytes* der_out = nullptr) {
    Tlv a, o;
    if (!r.expect(kSequence, &a, nm)) return false;
    if (der_out) *der_out = whole(a);
    DerReader ar = r.enter(a);
    if (!ar.expect(kOid, &o, nm + ".algorithm")) return false;
    auto dotted = oid_to_string(o.body);
    if (!dotted) return ar.fail(msg("der.invalid_oid").arg("what", nm + ".algorithm"), o.offset);
    std::string shown = oid_name(*dotted);
    Field& f = parent.add(nm, shown, a.offset, a.size());
    f.add("algorithm", shown == *dotted ? shown : shown + " (" + *dotted + ")", o.offset, o.size());
    if (!ar.empty()) {
      Tlv p;
      if (!ar.next(&p, nm + ".parameters")) return false;
      std::string pv = p.tag == kNull && p.body.empty() ? "NULL" : tag_name(p.tag) + " " + hex_value(p.body);
      if (p.tag == kOid)
        if (auto po = oid_to_string(p.body)) pv = oid_name(*po) == *po ? *po : oid_name(*po) + " (" + *po + ")";
      f.add("parameters", pv, p.offset, p.size());
      if (oid_out && p.tag == kOid) param_oid_ = oid_to_string(p.body).value_or("");
    }
    if (oid_out) *oid_out = *dotted;
    return ar.end(nm);
  }

  // Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }
  bool name(DerReader& r, Field& parent, const std::string& nm, std::string* cn_out, Bytes* der_out,
            std::string* text_out) {
    Tlv n;
    std::string what = "tbsCertificate." + nm;
    if (!r.expect(kSequence, &n, what)) return false;
    Field& f = parent.add(nm, "", n.offset, n.size());
    *der_out = whole(n);
    DerReader nr = r.enter(n);
    std::string text;
    while (!nr.empty()) {
      Tlv set;
      if (!nr.expect(kSet, &set, what + " RDN")) return false;
      DerReader sr = nr.enter(set);
      if (sr.empty()) return sr.fail(msg("cert.empty_rdn").arg("what", what), set.offset);
      while (!sr.empty()) {
        Tlv atv, type, value;
        if (!sr.expect(kSequence, &atv, what + " attribute")) return false;
        DerReader ar = sr.enter(atv);
        if (!ar.expect(kOid, &type, what + " attribute type")) return false;
        if (!ar.next(&value, what + " attribute value")) return false;
        if (!ar.end(what + " attribute")) return false;
        auto dotted = oid_to_string(type.body);
        if (!dotted) return ar.fail(msg("der.invalid_oid").arg("what", what), type.offset);
        std::string key = oid_name(*dotted), val = string_value(value);
        f.add(key, val, atv.offset, atv.size());
        if (!text.empty()) text += ", ";
        text += key + "=" + val;
        if (cn_out && *dotted == kOidCommonName) *cn_out = val;
      }
    }
    f.value = text.empty() ? "(empty)" : text;
    *text_out = text;
    return true;
  }

  bool spki(DerReader& r, Field& parent) {
    Tlv s, bits;
    const std::string what = "tbsCertificate.subjectPublicKeyInfo";
    if (!r.expect(kSequence, &s, what)) return false;
    Field& f = parent.add("subjectPublicKeyInfo", "", s.offset, s.size());
    DerReader sr = r.enter(s);
    std::string alg;
    param_oid_.clear();
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
      if (bits.body[0] != 0) return sr.fail(msg("cert.rsa_key_unused_bits").arg("what", kw), bits.offset);
      if (!kr.expect(kSequence, &rsa, kw + " (RSAPublicKey)") || !kr.end(kw)) return false;
      DerReader ir = kr.enter(rsa);
      if (!ir.expect(kInteger, &n, kw + ".modulus") || !ir.expect(kInteger, &e, kw + ".publicExponent") ||
          !ir.end(kw + " (RSAPublicKey)"))
        return false;
      if (n.body.empty() || e.body.empty() || (n.body[0] & 0x80) || (e.body[0] & 0x80))
        return sr.fail(msg("cert.rsa_bad_integer").arg("what", kw), rsa.offset);
      std::string shown = "RSA " + std::to_string(bit_length(n.body)) + " bits";
      Field& k = f.add("subjectPublicKey", shown, bits.offset, bits.size());
      k.add("modulus", hex_value(n.body), n.offset, n.size());
      auto ev = small_uint(e.body);
      k.add("publicExponent", ev ? std::to_string(*ev) : hex_value(e.body), e.offset, e.size());
      f.value = shown;
    } else if (alg == "1.2.840.10045.2.1" && param_oid_ == "1.2.840.10045.3.1.7") {
      // RFC 5480: the key is an uncompressed (04 || x || y) or compressed point on the curve.
      std::string shown = "EC P-256 (prime256v1) 256 bits";
      f.add("subjectPublicKey", hex_value(key), bits.offset, bits.size());
      f.value = shown;
    } else {
      f.add("subjectPublicKey", hex_value(key), bits.offset, bits.size());
      f.set(msg("field.key_of_n_bytes").arg("algorithm", oid_name(alg)).arg("n", std::to_string(key.size())));
    }
    c_->spki = whole(s);
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
      if (!dotted) return er.fail(msg("der.invalid_oid").arg("what", ew + ".extnID"), id.offset);
      bool has_crit = er.peek() == kBoolean, critical = false;
      if (has_crit) {
        if (!er.next(&crit, ew + ".critical")) return false;
        if (crit.body.size() != 1) return er.fail(msg("der.boolean_size").arg("what", ew + ".critical"), crit.offset);
        critical = crit.body[0] != 0;
      }
      if (!er.expect(kOctetString, &val, ew + ".extnValue") || !er.end(ew)) return false;

      std::string nm = oid_name(*dotted);
      auto summary = summarize_extension(*dotted, val.body, &info_);
      Extension ext{*dotted, critical, Bytes(val.body.begin(), val.body.end())};
      bool repeated = false;
      for (const auto& prev : c_->extensions) repeated |= prev.oid == ext.oid;
      DerError decode_err;
      if (repeated) model(msg("cert.extension_twice").arg("extension", nm));
      else if (!decode_extension(*c_, ext, decode_err)) model(decode_err.set ? decode_err.msg : msg("cert.extension_undecodable").arg("what", nm));
      c_->extensions.push_back(std::move(ext));
      std::string shown = summary ? *summary : hex_value(val.body);
      Field& fe = critical ? f.add(nm, msg("field.critical").arg("value", shown), e.offset, e.size())
                           : f.add(nm, shown, e.offset, e.size());
      fe.add("extnID", nm == *dotted ? nm : nm + " (" + *dotted + ")", id.offset, id.size());
      if (has_crit) fe.add("critical", critical ? "TRUE" : "FALSE", crit.offset, crit.size());
      fe.add("extnValue", hex_value(val.body), val.offset, val.size());
      ++count;
    }
    f.value = std::to_string(count) + (count == 1 ? " extension" : " extensions");
    return true;
  }

  DerError* err_;
  Certificate* c_;
  CertInfo info_;          // what the display summaries found (the SAN's DNS names)
  Message model_err_;      // the first value the model refuses
  std::string param_oid_;  // parameters OID of the last AlgorithmIdentifier read (EC curve)
};

}  // namespace

CertificateReading read_certificate(ByteView der, size_t base, Field& tree) {
  CertificateReading r;
  r.cert.der.assign(der.begin(), der.end());
  DerError err;
  CertReader reader(&err, &r.cert);
  r.well_formed = reader.certificate(der, base, tree);
  if (!r.well_formed) {
    size_t end = base + der.size();
    size_t at = std::min(std::max(err.offset, base), end);
    r.message = err.set ? err.msg : msg("cert.malformed");
    r.error = r.message.english();
    tree.add("malformed", r.error, at, end - at);
    return r;
  }
  r.message = reader.model_error();
  r.error = r.message.english();
  // The SAN's DNS names as the extension summary shows them (lenient, like the tree).
  const auto& dns = reader.san_dns_shown();
  const std::string& cn = r.cert.subject_cn;
  std::string sans;
  for (const auto& d : dns) sans += (sans.empty() ? "" : ", ") + d;
  if (cn.empty()) r.display_name = sans;
  else if (dns.empty() || (dns.size() == 1 && dns[0] == cn)) r.display_name = cn;
  else r.display_name = cn + " (DNS: " + sans + ")";
  return r;
}

namespace {

// A reading without its tree (at offset 0), kept per DER: every handshake reads the same few
// certificates (the demo PKI) several times, for their key, for validation and for their name,
// and each reading built a tree only to drop it: about 6 % of a handshake. Bounded, and shared
// by threads (the GUI's background work), hence the lock.
std::shared_ptr<const CertificateReading> reading_of(ByteView der) {
  static std::mutex lock;
  static std::unordered_map<std::string, std::shared_ptr<const CertificateReading>> cache;
  std::string key(der.begin(), der.end());
  {
    std::lock_guard<std::mutex> hold(lock);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  Field scratch;
  auto r = std::make_shared<const CertificateReading>(read_certificate(der, 0, scratch));
  std::lock_guard<std::mutex> hold(lock);
  if (cache.size() >= 256) cache.clear();  // fuzzing or a long session: no more than this at once
  cache.emplace(std::move(key), r);
  return r;
}

Failure malformed(const CertificateReading& r) {
  return Failure{AlertDescription::bad_certificate, msg("reason.malformed_certificate").arg("error", r.message)};
}

}  // namespace

Result<Certificate> parse_certificate(ByteView der, size_t base, Field* tree) {
  if (!tree && base == 0) {
    auto r = reading_of(der);
    if (!r->error.empty()) return malformed(*r);
    return r->cert;
  }
  Field scratch;
  auto r = read_certificate(der, base, tree ? *tree : scratch);
  if (!r.error.empty()) return malformed(r);
  return std::move(r.cert);
}

bool dissect_certificate(ByteView der, size_t base, Field& out) { return read_certificate(der, base, out).well_formed; }

Result<Bytes> certificate_spki(ByteView der) {
  auto r = reading_of(der);
  // Only the structure counts: the handshake takes the key of any well-formed certificate and
  // leaves the model's objections to validation.
  if (!r->well_formed) return malformed(*r);
  return r->cert.spki;
}

std::string certificate_subject_cn(ByteView der) { return reading_of(der)->display_name; }

int64_t unix_time(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string time_text(int64_t t) {
  // 0000-01-01 00:00:00 to 9999-12-31 23:59:59 UTC; outside, the year would not be 4 digits
  // (and civil_from_days would overflow its int year).
  if (t < -62167219200 || t > kLastX509Time) return "@" + std::to_string(t);
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

Bytes ext_tls_feature(const std::vector<uint16_t>& features) {
  Bytes body;
  for (auto f : features) append(body, der_small_int(f));
  return tlv(kSequence, body);
}

bool Certificate::must_staple() const {
  return std::find(tls_features.begin(), tls_features.end(), uint64_t(ExtensionType::status_request)) != tls_features.end();
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

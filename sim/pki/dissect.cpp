#include "pki/dissect.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "asn1/der.hpp"
#include "pki/cert.hpp"
#include "pki/revocation.hpp"

namespace sim::pki {

using namespace sim::der;

namespace {

constexpr uint8_t kEnumerated = 0x0a;

std::string crl_reason_text(uint8_t v) {
  return v <= 6 ? name_of(CrlReason(v)) + " (" + std::to_string(v) + ")" : std::to_string(v);
}

// A serial number as a number (RFC 5280 4.1.2.2: a positive INTEGER of up to 20 octets):
// decimal, then the hex openssl prints. Computed by long division of the big-endian bytes.
std::string serial_value(ByteView b) {
  std::vector<uint8_t> n(b.begin(), b.end());
  std::string dec;
  while (!n.empty()) {
    unsigned rem = 0;
    std::vector<uint8_t> q;
    for (uint8_t d : n) {
      unsigned cur = rem * 256 + d;
      if (!q.empty() || cur / 10) q.push_back(uint8_t(cur / 10));
      rem = cur % 10;
    }
    dec.insert(dec.begin(), char('0' + rem));
    n = std::move(q);
  }
  if (dec.empty()) dec = "0";
  std::string hex;
  static const char* kHex = "0123456789ABCDEF";
  for (uint8_t c : b) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return dec + " (0x" + hex + ")";
}

// Display value of a primitive element.
std::string show(const Tlv& t) {
  switch (t.tag) {
    case kOid: {
      auto d = oid_to_string(t.body);
      if (!d) return "invalid OID";
      std::string n = oid_name(*d);
      return n == *d ? n : n + " (" + *d + ")";
    }
    case kInteger: {
      auto v = small_uint(t.body);
      return v && t.body.size() <= 4 ? std::to_string(*v) : colon_hex(t.body);
    }
    case kEnumerated: return t.body.size() == 1 ? std::to_string(t.body[0]) : hex_value(t.body);
    case kBoolean: return t.body.size() == 1 && t.body[0] ? "TRUE" : "FALSE";
    case kNull: return "NULL";
    case kUtcTime:
    case kGeneralizedTime: return time_value(t);
    case kUtf8String:
    case kPrintableString:
    case kIa5String:
    case kT61String:
    case kVisibleString:
    case kBmpString:
    case kUniversalString: return string_value(t);
    case kBitString: return t.body.empty() ? "" : hex_value(t.body.subspan(1));
  }
  return hex_value(t.body);
}

struct W {
  DerError* err;

  // Reads one element (of `tag` if non-zero) and adds a node for it.
  std::optional<Tlv> el(DerReader& r, Field& parent, const std::string& name, uint8_t tag = 0) {
    Tlv t;
    if (tag ? !r.expect(tag, &t, name) : !r.next(&t, name)) return std::nullopt;
    bool constructed = t.tag & 0x20;
    parent.add(name, constructed ? "" : show(t), t.offset, t.size());
    return t;
  }
  Field& last(Field& p) { return p.children.back(); }

  bool algorithm(DerReader& r, Field& parent, const std::string& name) {
    auto a = el(r, parent, name, kSequence);
    if (!a) return false;
    Field& f = last(parent);
    DerReader ar = r.enter(*a);
    auto o = el(ar, f, "algorithm", kOid);
    if (!o) return false;
    f.value = f.children.back().value;
    if (!ar.empty() && !el(ar, f, "parameters")) return false;
    return ar.end(name);
  }

  bool name(DerReader& r, Field& parent, const std::string& nm) {
    auto n = el(r, parent, nm, kSequence);
    if (!n) return false;
    Field& f = last(parent);
    DerReader nr = r.enter(*n);
    std::string text;
    while (!nr.empty()) {
      Tlv set;
      if (!nr.expect(kSet, &set, nm + " RDN")) return false;
      DerReader sr = nr.enter(set);
      while (!sr.empty()) {
        Tlv atv, ty, va;
        if (!sr.expect(kSequence, &atv, nm)) return false;
        DerReader ar = sr.enter(atv);
        if (!ar.expect(kOid, &ty, nm) || !ar.next(&va, nm) || !ar.end(nm)) return false;
        std::string key = oid_name(oid_to_string(ty.body).value_or("?")), v = string_value(va);
        f.add(key, v, atv.offset, atv.size());
        text += (text.empty() ? "" : ", ") + key + "=" + v;
      }
    }
    f.value = text;
    return true;
  }

  // Extensions ::= SEQUENCE OF Extension, shown as name "summary (critical)".
  bool extensions(DerReader& r, Field& parent, const std::string& nm) {
    auto s = el(r, parent, nm, kSequence);
    if (!s) return false;
    Field& f = last(parent);
    DerReader sr = r.enter(*s);
    size_t count = 0;
    while (!sr.empty()) {
      Tlv e, id, crit, v;
      if (!sr.expect(kSequence, &e, nm)) return false;
      DerReader er = sr.enter(e);
      if (!er.expect(kOid, &id, nm + ".extnID")) return false;
      std::string oid = oid_to_string(id.body).value_or("?");
      bool critical = false;
      Field& fe = f.add(oid_name(oid), "", e.offset, e.size());
      fe.add("extnID", show(id), id.offset, id.size());
      if (er.peek() == kBoolean) {
        if (!er.next(&crit, nm + ".critical")) return false;
        critical = crit.body.size() == 1 && crit.body[0];
        fe.add("critical", critical ? "TRUE" : "FALSE", crit.offset, crit.size());
      }
      if (!er.expect(kOctetString, &v, nm + ".extnValue")) return false;
      fe.add("extnValue", hex_value(v.body), v.offset, v.size());
      // Small known values: reasonCode (ENUMERATED), cRLNumber (INTEGER), OCSP nonce.
      std::string val = hex_value(v.body);
      if (oid == "2.5.29.21" && v.body.size() == 3 && v.body[0] == kEnumerated) val = crl_reason_text(v.body[2]);
      else if (oid == "2.5.29.20" && v.body.size() >= 3 && v.body[0] == kInteger) {
        if (auto n = small_uint(v.body.subspan(2))) val = std::to_string(*n);
      } else if (oid == "2.5.29.35" && v.body.size() > 4 && v.body[0] == kSequence && v.body[2] == ctx_prim(0) &&
                 size_t(v.body[3]) + 4 <= v.body.size()) {
        val = "keyid:" + colon_hex(v.body.subspan(4, v.body[3]));
      }
      fe.value = val + (critical ? " (critical)" : "");
      ++count;
    }
    f.value = std::to_string(count) + (count == 1 ? " extension" : " extensions");
    return true;
  }

  // A serial number INTEGER, shown as a number.
  std::optional<Tlv> serial(DerReader& r, Field& parent, const std::string& nm) {
    auto t = el(r, parent, nm, kInteger);
    if (t) last(parent).value = serial_value(t->body);
    return t;
  }

  // CertID (RFC 6960 4.1.1), named reqCert in a Request and certID in a SingleResponse.
  bool cert_id(DerReader& r, Field& parent, const std::string& nm = "certID") {
    auto c = el(r, parent, nm, kSequence);
    if (!c) return false;
    Field& f = last(parent);
    DerReader cr = r.enter(*c);
    if (!algorithm(cr, f, "hashAlgorithm") || !el(cr, f, "issuerNameHash", kOctetString) ||
        !el(cr, f, "issuerKeyHash", kOctetString) || !serial(cr, f, "serialNumber"))
      return false;
    f.value = "serialNumber " + f.children.back().value;
    return cr.end("CertID");
  }

  bool crl(ByteView der, size_t base, Field& out) {
    DerReader top(der, base, err);
    auto l = el(top, out, "CertificateList", kSequence);
    if (!l) return false;
    Field& f = last(out);
    DerReader lr = top.enter(*l);
    auto t = el(lr, f, "tbsCertList", kSequence);
    if (!t) return false;
    Field& tf = last(f);
    DerReader tr = lr.enter(*t);
    if (tr.peek() == kInteger) {
      if (!el(tr, tf, "version")) return false;
      Field& v = last(tf);
      v.value = v.value == "1" ? "v2 (1)" : v.value;
    }
    if (!algorithm(tr, tf, "signature") || !name(tr, tf, "issuer") || !el(tr, tf, "thisUpdate")) return false;
    if ((tr.peek() == kUtcTime || tr.peek() == kGeneralizedTime) && !el(tr, tf, "nextUpdate")) return false;
    if (tr.peek() == kSequence) {
      auto rl = el(tr, tf, "revokedCertificates", kSequence);
      if (!rl) return false;
      Field& rf = last(tf);
      DerReader rr = tr.enter(*rl);
      size_t n = 0;
      while (!rr.empty()) {
        auto e = el(rr, rf, "revoked[" + std::to_string(n++) + "]", kSequence);
        if (!e) return false;
        Field& ef = last(rf);
        DerReader er = rr.enter(*e);
        if (!serial(er, ef, "userCertificate") || !el(er, ef, "revocationDate")) return false;
        ef.value = ef.children[0].value + ", " + ef.children[1].value;
        if (!er.empty()) {
          if (!extensions(er, ef, "crlEntryExtensions")) return false;
          for (auto& x : ef.children.back().children)
            if (x.name == "2.5.29.21" || x.name == "reasonCode") ef.value += ", " + x.value;
        }
      }
      rf.value = std::to_string(n) + " revoked";
    }
    if (tr.peek() == ctx_cons(0)) {
      auto x = el(tr, tf, "crlExtensions", ctx_cons(0));
      if (!x) return false;
      DerReader xr = tr.enter(*x);
      Field& xf = last(tf);
      if (!extensions(xr, xf, "extensions")) return false;
      xf.value = xf.children.back().value;
    }
    if (!tr.end("tbsCertList")) return false;
    if (!algorithm(lr, f, "signatureAlgorithm") || !el(lr, f, "signatureValue", kBitString)) return false;
    return lr.end("CertificateList") && top.end("CertificateList");
  }

  bool ocsp_response(ByteView der, size_t base, Field& out) {
    DerReader top(der, base, err);
    auto o = el(top, out, "OCSPResponse", kSequence);
    if (!o) return false;
    Field& f = last(out);
    DerReader orr = top.enter(*o);
    auto st = el(orr, f, "responseStatus", kEnumerated);
    if (!st) return false;
    static const char* kStatus[] = {"successful", "malformedRequest", "internalError", "tryLater", "?", "sigRequired", "unauthorized"};
    if (st->body.size() == 1 && st->body[0] < 7) f.children.back().value = std::string(kStatus[st->body[0]]) + " (" + std::to_string(st->body[0]) + ")";
    if (orr.empty()) return top.end("OCSPResponse");
    auto rb = el(orr, f, "responseBytes", ctx_cons(0));
    if (!rb) return false;
    Field& rbf = last(f);
    DerReader br = orr.enter(*rb);
    auto rbs = el(br, rbf, "ResponseBytes", kSequence);
    if (!rbs) return false;
    Field& bsf = last(rbf);
    DerReader bs = br.enter(*rbs);
    if (!el(bs, bsf, "responseType", kOid)) return false;
    auto oct = el(bs, bsf, "response", kOctetString);
    if (!oct) return false;
    Field& octf = last(bsf);
    octf.set(msg("field.bytes_of").arg("n", std::to_string(oct->body.size())).arg("what", "BasicOCSPResponse"));
    DerReader b0(oct->body, oct->body_offset(), err);
    auto basic = el(b0, octf, "BasicOCSPResponse", kSequence);
    if (!basic) return false;
    Field& bf = last(octf);
    DerReader b = b0.enter(*basic);
    auto data = el(b, bf, "tbsResponseData", kSequence);
    if (!data) return false;
    Field& df = last(bf);
    DerReader d = b.enter(*data);
    if (d.peek() == ctx_cons(0) && !el(d, df, "version")) return false;
    // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash } (RFC 6960 4.2.1).
    if (d.peek() == ctx_cons(1)) {
      auto rid = el(d, df, "responderID");
      if (!rid) return false;
      DerReader ir = d.enter(*rid);
      if (!name(ir, last(df), "byName")) return false;
      last(df).value = "byName: " + last(df).children.back().value;
    } else {
      auto rid = el(d, df, "responderID", ctx_cons(2));
      if (!rid) return false;
      DerReader ir = d.enter(*rid);
      if (!el(ir, last(df), "byKey", kOctetString)) return false;
      last(df).value = "byKey: " + last(df).children.back().value;
    }
    if (!el(d, df, "producedAt", kGeneralizedTime)) return false;
    auto list = el(d, df, "responses", kSequence);
    if (!list) return false;
    Field& lf = last(df);
    DerReader lr = d.enter(*list);
    size_t n = 0;
    while (!lr.empty()) {
      auto s = el(lr, lf, "SingleResponse[" + std::to_string(n++) + "]", kSequence);
      if (!s) return false;
      Field& sf = last(lf);
      DerReader sr = lr.enter(*s);
      if (!cert_id(sr, sf)) return false;
      Tlv cs;
      if (!sr.next(&cs, "certStatus")) return false;
      std::string status = cs.tag == ctx_prim(0) ? "good" : cs.tag == ctx_prim(2) ? "unknown" : cs.tag == ctx_cons(1) ? "revoked" : "?";
      Field& csf = sf.add("certStatus", status, cs.offset, cs.size());
      if (cs.tag == ctx_cons(1)) {
        DerReader ri = sr.enter(cs);
        if (!el(ri, csf, "revocationTime", kGeneralizedTime)) return false;
        csf.value += " since " + csf.children.back().value;
        if (ri.peek() == ctx_cons(0)) {
          auto rr = el(ri, csf, "revocationReason", ctx_cons(0));
          DerReader er = ri.enter(*rr);
          auto en = el(er, last(csf), "CRLReason", kEnumerated);
          if (!en) return false;
          if (en->body.size() == 1) {
            last(last(csf)).value = crl_reason_text(en->body[0]);
            last(csf).value = crl_reason_text(en->body[0]);
            csf.value += ", " + last(csf).value;
          }
        }
      }
      if (!el(sr, sf, "thisUpdate", kGeneralizedTime)) return false;
      if (sr.peek() == ctx_cons(0)) {
        auto nu = el(sr, sf, "nextUpdate", ctx_cons(0));
        DerReader nr = sr.enter(*nu);
        if (!el(nr, last(sf), "time", kGeneralizedTime)) return false;
        last(sf).value = last(sf).children.back().value;
      }
      if (sr.peek() == ctx_cons(1)) {
        auto x = el(sr, sf, "singleExtensions", ctx_cons(1));
        DerReader xr = sr.enter(*x);
        if (!extensions(xr, last(sf), "extensions")) return false;
      }
      sf.value = sf.children[0].value + ": " + status;
    }
    lf.value = std::to_string(n) + (n == 1 ? " response" : " responses");
    if (d.peek() == ctx_cons(1)) {
      auto x = el(d, df, "responseExtensions", ctx_cons(1));
      DerReader xr = d.enter(*x);
      if (!extensions(xr, last(df), "extensions")) return false;
    }
    if (!d.end("tbsResponseData")) return false;
    if (!algorithm(b, bf, "signatureAlgorithm") || !el(b, bf, "signature", kBitString)) return false;
    if (b.peek() == ctx_cons(0) && !el(b, bf, "certs", ctx_cons(0))) return false;
    return b.end("BasicOCSPResponse") && bs.end("ResponseBytes") && orr.end("OCSPResponse") && top.end("OCSPResponse");
  }

  bool ocsp_request(ByteView der, size_t base, Field& out) {
    DerReader top(der, base, err);
    auto o = el(top, out, "OCSPRequest", kSequence);
    if (!o) return false;
    Field& f = last(out);
    DerReader orr = top.enter(*o);
    auto t = el(orr, f, "tbsRequest", kSequence);
    if (!t) return false;
    Field& tf = last(f);
    DerReader tr = orr.enter(*t);
    if (tr.peek() == ctx_cons(0) && !el(tr, tf, "version")) return false;
    if (tr.peek() == ctx_cons(1) && !el(tr, tf, "requestorName")) return false;
    auto list = el(tr, tf, "requestList", kSequence);
    if (!list) return false;
    Field& lf = last(tf);
    DerReader lr = tr.enter(*list);
    size_t n = 0;
    while (!lr.empty()) {
      auto rq = el(lr, lf, "Request[" + std::to_string(n++) + "]", kSequence);
      if (!rq) return false;
      DerReader rr = lr.enter(*rq);
      if (!cert_id(rr, last(lf), "reqCert")) return false;
      last(lf).value = last(lf).children[0].value;
      if (rr.peek() == ctx_cons(0) && !el(rr, last(lf), "singleRequestExtensions")) return false;
    }
    if (tr.peek() == ctx_cons(2) && !el(tr, tf, "requestExtensions")) return false;
    if (!tr.end("tbsRequest")) return false;
    if (orr.peek() == ctx_cons(0) && !el(orr, f, "optionalSignature")) return false;
    return orr.end("OCSPRequest") && top.end("OCSPRequest");
  }
};

bool finish(bool ok, ByteView der, size_t base, Field& out, const DerError& err) {
  if (ok) return true;
  size_t end = base + der.size();
  size_t at = std::min(std::max(err.offset, base), end);
  out.add("malformed", err.set ? err.msg.english() : "malformed", at, end - at);
  return false;
}

}  // namespace

bool dissect_crl(ByteView der, size_t base, Field& out) {
  DerError e;
  W w{&e};
  return finish(w.crl(der, base, out), der, base, out, e);
}

bool dissect_ocsp_response(ByteView der, size_t base, Field& out) {
  DerError e;
  W w{&e};
  return finish(w.ocsp_response(der, base, out), der, base, out, e);
}

bool dissect_ocsp_request(ByteView der, size_t base, Field& out) {
  DerError e;
  W w{&e};
  return finish(w.ocsp_request(der, base, out), der, base, out, e);
}

std::string der_kind(ByteView der) {
  if (parse_certificate(der)) return "certificate";
  if (parse_crl(der)) return "crl";
  if (parse_ocsp_response(der)) return "ocsp-response";
  if (parse_ocsp_request(der)) return "ocsp-request";
  return "";
}

}  // namespace sim::pki

#include "pki/revocation.hpp"

#include <algorithm>
#include <cstdio>

#include "asn1/der.hpp"
#include "crypto/crypto.hpp"

namespace sim::pki {

using namespace sim::der;

namespace {

constexpr uint8_t kEnumerated = 0x0a;
constexpr const char* kOidCrlNumber = "2.5.29.20";
constexpr const char* kOidReasonCode = "2.5.29.21";
constexpr const char* kOidSha1 = "1.3.14.3.2.26";
constexpr const char* kOidOcspBasic = "1.3.6.1.5.5.7.48.1.1";

// OCSP times are always GeneralizedTime (RFC 6960 4.2.1), whatever the year.
Bytes der_gentime(int64_t t) {
  // "YYYY-MM-DD HH:MM:SS UTC": time_text writes "@SECONDS" outside the years 0000 to 9999, which
  // GeneralizedTime cannot hold either, so the time is kept within them.
  std::string s = time_text(std::clamp<int64_t>(t, -62167219200, kLastX509Time));
  std::string g = s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2) + s.substr(11, 2) + s.substr(14, 2) +
                  s.substr(17, 2) + "Z";
  return der_string(kGeneralizedTime, g);
}

Bytes der_enum(uint8_t v) { return tlv(kEnumerated, Bytes{v}); }

Failure bad(const Message& what, const DerError& e) {
  return Failure{AlertDescription::bad_certificate, e.set ? msg("reason.malformed_field").arg("what", what).arg("error", e.msg) : msg("reason.malformed").arg("what", what)};
}

bool read_alg(DerReader& r, std::string* oid, const char* what) {
  Tlv a, o;
  if (!r.expect(kSequence, &a, what)) return false;
  DerReader ar = r.enter(a);
  if (!ar.expect(kOid, &o, what)) return false;
  auto d = oid_to_string(o.body);
  if (!d) return ar.fail(msg("der.invalid_oid").arg("what", what), o.offset);
  *oid = *d;
  return true;
}

bool read_time(DerReader& r, int64_t* out, const char* what) {
  Tlv t;
  if (!r.next(&t, what)) return false;
  auto v = parse_der_time(t.tag, t.body);
  if (!v) return r.fail(msg("der.not_der_time").arg("what", what), t.offset);
  *out = *v;
  return true;
}

bool read_cert_id(DerReader& r, CertId* id) {
  Tlv s, nh, kh, sn;
  std::string alg;
  if (!r.expect(kSequence, &s, "CertID")) return false;
  DerReader cr = r.enter(s);
  if (!read_alg(cr, &alg, "CertID.hashAlgorithm")) return false;
  if (alg != kOidSha1) return cr.fail(msg("ocsp.sha1_only").arg("what", "CertID.hashAlgorithm"), s.offset);
  if (!cr.expect(kOctetString, &nh, "issuerNameHash") || !cr.expect(kOctetString, &kh, "issuerKeyHash") ||
      !cr.expect(kInteger, &sn, "serialNumber") || !cr.end("CertID"))
    return false;
  id->issuer_name_hash.assign(nh.body.begin(), nh.body.end());
  id->issuer_key_hash.assign(kh.body.begin(), kh.body.end());
  id->serial.assign(sn.body.begin(), sn.body.end());
  return true;
}

Bytes encode_cert_id(const CertId& id) {
  return seq({seq({der_oid(kOidSha1), der_null()}), der_octets(id.issuer_name_hash), der_octets(id.issuer_key_hash),
              tlv(kInteger, id.serial)});
}

}  // namespace

std::string name_of(CrlReason r) {
  switch (r) {
    case CrlReason::unspecified: return "unspecified";
    case CrlReason::key_compromise: return "keyCompromise";
    case CrlReason::ca_compromise: return "cACompromise";
    case CrlReason::affiliation_changed: return "affiliationChanged";
    case CrlReason::superseded: return "superseded";
    case CrlReason::cessation_of_operation: return "cessationOfOperation";
    case CrlReason::certificate_hold: return "certificateHold";
  }
  return "reason " + std::to_string(int(r));
}

std::string name_of(OcspStatus s) {
  switch (s) {
    case OcspStatus::good: return "good";
    case OcspStatus::revoked: return "revoked";
    case OcspStatus::unknown: return "unknown";
  }
  return "?";
}

std::optional<Bytes> mint_crl(const CrlSpec& s, ByteView key, Rng& rng) {
  Bytes alg = crypto::algorithm_identifier(s.sig_alg);
  Bytes entries;
  for (auto& e : s.revoked) {
    Bytes entry = cat({tlv(kInteger, e.serial), der_time(e.revocation_date)});
    if (e.reason) append(entry, seq({make_extension(kOidReasonCode, false, der_enum(uint8_t(*e.reason)))}));
    append(entries, tlv(kSequence, entry));
  }
  Bytes body = cat({der_small_int(1), alg, s.issuer_name, der_time(s.this_update), der_time(s.next_update)});
  if (!s.revoked.empty()) append(body, tlv(kSequence, entries));  // absent when empty (RFC 5280 5.1.2.6)
  append(body, explicit_tag(0, seq({make_extension(kOidAuthorityKeyId, false, ext_authority_key_id(key_identifier(s.issuer_spki))),
                                    make_extension(kOidCrlNumber, false, der_small_int(s.crl_number))})));
  Bytes tbs = tlv(kSequence, body);
  auto sig = crypto::sign_x509(key, s.sig_alg, tbs, rng);
  if (!sig) return std::nullopt;
  return seq({tbs, alg, der_bits(*sig)});
}

Result<Crl> parse_crl(ByteView der) {
  DerError e;
  Crl c;
  c.der.assign(der.begin(), der.end());
  DerReader top(der, 0, &e);
  Tlv list, tbs, sig;
  if (!top.expect(kSequence, &list, "CertificateList") || !top.end("CertificateList")) return bad(msg("revocation.malformed_crl"), e);
  DerReader lr = top.enter(list);
  if (!lr.expect(kSequence, &tbs, "tbsCertList")) return bad(msg("revocation.malformed_crl"), e);
  c.tbs.assign(der.begin() + std::ptrdiff_t(tbs.offset), der.begin() + std::ptrdiff_t(tbs.offset + tbs.size()));
  if (!read_alg(lr, &c.sig_oid, "signatureAlgorithm") || !lr.expect(kBitString, &sig, "signatureValue") ||
      !lr.end("CertificateList") || sig.body.empty())
    return bad(msg("revocation.malformed_crl"), e);
  c.signature.assign(sig.body.begin() + 1, sig.body.end());
  DerReader t = lr.enter(tbs);
  if (t.peek() == kInteger) {
    Tlv v;
    if (!t.next(&v, "version")) return bad(msg("revocation.malformed_crl"), e);
  }
  std::string alg;
  Tlv name;
  if (!read_alg(t, &alg, "signature") || !t.expect(kSequence, &name, "issuer")) return bad(msg("revocation.malformed_crl"), e);
  c.issuer_der.assign(name.body.data() - name.header, name.body.data() + name.body.size());
  {
    DerReader nr = t.enter(name);
    while (!nr.empty()) {
      Tlv set;
      if (!nr.expect(kSet, &set, "RDN")) return bad(msg("revocation.malformed_crl"), e);
      DerReader sr = nr.enter(set);
      while (!sr.empty()) {
        Tlv atv, ty, va;
        if (!sr.expect(kSequence, &atv, "attribute")) return bad(msg("revocation.malformed_crl"), e);
        DerReader ar = sr.enter(atv);
        if (!ar.expect(kOid, &ty, "type") || !ar.next(&va, "value")) return bad(msg("revocation.malformed_crl"), e);
        if (!c.issuer.empty()) c.issuer += ", ";
        c.issuer += oid_name(oid_to_string(ty.body).value_or("?")) + "=" + string_value(va);
      }
    }
  }
  if (!read_time(t, &c.this_update, "thisUpdate")) return bad(msg("revocation.malformed_crl"), e);
  if (t.peek() == kUtcTime || t.peek() == kGeneralizedTime) {
    int64_t nu;
    if (!read_time(t, &nu, "nextUpdate")) return bad(msg("revocation.malformed_crl"), e);
    c.next_update = nu;
  }
  if (t.peek() == kSequence) {
    Tlv rl;
    if (!t.next(&rl, "revokedCertificates")) return bad(msg("revocation.malformed_crl"), e);
    DerReader rr = t.enter(rl);
    while (!rr.empty()) {
      Tlv ent, sn;
      if (!rr.expect(kSequence, &ent, "revoked entry")) return bad(msg("revocation.malformed_crl"), e);
      DerReader er = rr.enter(ent);
      RevokedEntry re;
      if (!er.expect(kInteger, &sn, "userCertificate") || !read_time(er, &re.revocation_date, "revocationDate"))
        return bad(msg("revocation.malformed_crl"), e);
      re.serial.assign(sn.body.begin(), sn.body.end());
      if (er.peek() == kSequence) {
        Tlv exts;
        if (!er.next(&exts, "crlEntryExtensions")) return bad(msg("revocation.malformed_crl"), e);
        DerReader xr = er.enter(exts);
        while (!xr.empty()) {
          Tlv x, id, v;
          if (!xr.expect(kSequence, &x, "extension")) return bad(msg("revocation.malformed_crl"), e);
          DerReader xe = xr.enter(x);
          if (!xe.expect(kOid, &id, "extnID")) return bad(msg("revocation.malformed_crl"), e);
          if (xe.peek() == kBoolean) {
            Tlv b;
            if (!xe.next(&b, "critical")) return bad(msg("revocation.malformed_crl"), e);
          }
          if (!xe.expect(kOctetString, &v, "extnValue")) return bad(msg("revocation.malformed_crl"), e);
          if (oid_to_string(id.body) == std::string(kOidReasonCode) && v.body.size() == 3 && v.body[0] == kEnumerated)
            re.reason = CrlReason(v.body[2]);
        }
      }
      c.revoked.push_back(std::move(re));
    }
  }
  return c;
}

CertId cert_id_for(const Certificate& cert, const Certificate& issuer) {
  return CertId{crypto::hash(HashAlg::Sha1, issuer.subject_der), key_identifier(issuer.spki), cert.serial};
}

Bytes encode_ocsp_request(const CertId& id) {
  // OCSPRequest { TBSRequest { requestList { Request { reqCert } } } }, unsigned, no nonce:
  // the simulation is deterministic and the response is checked against the clock instead.
  return seq({seq({seq({seq({encode_cert_id(id)})})})});
}

Result<CertId> parse_ocsp_request(ByteView der) {
  DerError e;
  DerReader top(der, 0, &e);
  Tlv req, tbs, list, one;
  if (!top.expect(kSequence, &req, "OCSPRequest") || !top.end("OCSPRequest")) return bad(msg("revocation.malformed_ocsp_request"), e);
  DerReader rr = top.enter(req);
  if (!rr.expect(kSequence, &tbs, "TBSRequest")) return bad(msg("revocation.malformed_ocsp_request"), e);
  DerReader tr = rr.enter(tbs);
  for (int n : {0, 1})
    if (tr.peek() == ctx_cons(n)) {
      Tlv skip;
      if (!tr.next(&skip, "TBSRequest")) return bad(msg("revocation.malformed_ocsp_request"), e);
    }
  if (!tr.expect(kSequence, &list, "requestList")) return bad(msg("revocation.malformed_ocsp_request"), e);
  DerReader lr = tr.enter(list);
  if (!lr.expect(kSequence, &one, "Request")) return bad(msg("revocation.malformed_ocsp_request"), e);
  DerReader o = lr.enter(one);
  CertId id;
  if (!read_cert_id(o, &id)) return bad(msg("revocation.malformed_ocsp_request"), e);
  return id;
}

std::optional<Bytes> mint_ocsp_response(const OcspResponseSpec& s, ByteView key, Rng& rng) {
  Bytes status;
  switch (s.status) {
    case OcspStatus::good: status = tlv(ctx_prim(0), {}); break;
    case OcspStatus::unknown: status = tlv(ctx_prim(2), {}); break;
    case OcspStatus::revoked: {
      Bytes info = der_gentime(s.revocation_time);
      if (s.reason) append(info, explicit_tag(0, der_enum(uint8_t(*s.reason))));
      status = tlv(ctx_cons(1), info);
      break;
    }
  }
  Bytes single = seq({encode_cert_id(s.id), status, der_gentime(s.this_update), explicit_tag(0, der_gentime(s.next_update))});
  Bytes data = seq({explicit_tag(2, der_octets(key_identifier(s.responder_spki))), der_gentime(s.produced_at), seq({single})});
  Bytes alg = crypto::algorithm_identifier(s.sig_alg);
  auto sig = crypto::sign_x509(key, s.sig_alg, data, rng);
  if (!sig) return std::nullopt;
  Bytes basic = seq({data, alg, der_bits(*sig)});
  return seq({der_enum(0), explicit_tag(0, seq({der_oid(kOidOcspBasic), der_octets(basic)}))});
}

Result<OcspResponse> parse_ocsp_response(ByteView der) {
  DerError e;
  OcspResponse r;
  DerReader top(der, 0, &e);
  Tlv resp, st;
  const Message what = msg("revocation.malformed_ocsp_response");
  if (!top.expect(kSequence, &resp, "OCSPResponse") || !top.end("OCSPResponse")) return bad(what, e);
  DerReader rr = top.enter(resp);
  if (!rr.expect(kEnumerated, &st, "responseStatus") || st.body.size() != 1) return bad(what, e);
  r.response_status = st.body[0];
  if (r.response_status != 0) return r;
  Tlv rb, rbs, type, octets;
  if (!rr.expect(ctx_cons(0), &rb, "responseBytes")) return bad(what, e);
  DerReader br = rr.enter(rb);
  if (!br.expect(kSequence, &rbs, "ResponseBytes")) return bad(what, e);
  DerReader bs = br.enter(rbs);
  if (!bs.expect(kOid, &type, "responseType") || !bs.expect(kOctetString, &octets, "response")) return bad(what, e);
  if (oid_to_string(type.body) != std::string(kOidOcspBasic))
    return Failure{AlertDescription::bad_certificate, msg("reason.ocsp_not_basic")};
  DerReader b0(octets.body, 0, &e);
  Tlv basic, data, sig;
  if (!b0.expect(kSequence, &basic, "BasicOCSPResponse")) return bad(what, e);
  DerReader b = b0.enter(basic);
  if (!b.expect(kSequence, &data, "tbsResponseData")) return bad(what, e);
  r.tbs.assign(data.body.data() - data.header, data.body.data() + data.body.size());
  if (!read_alg(b, &r.sig_oid, "signatureAlgorithm") || !b.expect(kBitString, &sig, "signature") || sig.body.empty())
    return bad(what, e);
  r.signature.assign(sig.body.begin() + 1, sig.body.end());
  DerReader d = b.enter(data);
  if (d.peek() == ctx_cons(0)) {
    Tlv v;
    if (!d.next(&v, "version")) return bad(what, e);
  }
  Tlv rid;
  if (!d.next(&rid, "responderID")) return bad(what, e);
  {
    DerReader ir = d.enter(rid);
    Tlv inner;
    if (!ir.next(&inner, "responderID")) return bad(what, e);
    if (rid.tag == ctx_cons(2) && inner.tag == kOctetString) r.responder_key_hash.assign(inner.body.begin(), inner.body.end());
    else if (rid.tag == ctx_cons(1)) r.responder_name.assign(inner.body.data() - inner.header, inner.body.data() + inner.body.size());
    else return Failure{AlertDescription::bad_certificate, msg("reason.ocsp_responder_id")};
  }
  if (!read_time(d, &r.produced_at, "producedAt")) return bad(what, e);
  Tlv list, single;
  if (!d.expect(kSequence, &list, "responses")) return bad(what, e);
  DerReader lr = d.enter(list);
  if (!lr.expect(kSequence, &single, "SingleResponse")) return bad(what, e);
  DerReader sr = lr.enter(single);
  if (!read_cert_id(sr, &r.id)) return bad(what, e);
  Tlv cs;
  if (!sr.next(&cs, "certStatus")) return bad(what, e);
  if (cs.tag == ctx_prim(0)) r.status = OcspStatus::good;
  else if (cs.tag == ctx_prim(2)) r.status = OcspStatus::unknown;
  else if (cs.tag == ctx_cons(1)) {
    r.status = OcspStatus::revoked;
    DerReader ri = sr.enter(cs);
    if (!read_time(ri, &r.revocation_time, "revocationTime")) return bad(what, e);
    if (ri.peek() == ctx_cons(0)) {
      Tlv rs, en;
      if (!ri.next(&rs, "revocationReason")) return bad(what, e);
      DerReader er = ri.enter(rs);
      if (!er.expect(kEnumerated, &en, "CRLReason") || en.body.size() != 1) return bad(what, e);
      r.reason = CrlReason(en.body[0]);
    }
  } else {
    return Failure{AlertDescription::bad_certificate, msg("reason.ocsp_cert_status_tag")};
  }
  if (!read_time(sr, &r.this_update, "thisUpdate")) return bad(what, e);
  if (sr.peek() == ctx_cons(0)) {
    Tlv nu;
    if (!sr.next(&nu, "nextUpdate")) return bad(what, e);
    DerReader nr = sr.enter(nu);
    int64_t v;
    if (!read_time(nr, &v, "nextUpdate")) return bad(what, e);
    r.next_update = v;
  }
  return r;
}

}  // namespace sim::pki

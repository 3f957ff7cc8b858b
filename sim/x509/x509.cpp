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

#include "asn1/der.hpp"
#include "crypto/crypto.hpp"
#include "crypto/rng_adapter.hpp"

namespace sim::x509 {

using namespace sim::der;

namespace {

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

std::optional<std::string> summarize_extension(const std::string& oid, ByteView v, CertInfo* info) {
  if (oid == "2.5.29.31" || oid == "1.3.6.1.5.5.7.1.1") return sum_uris(v);
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
    } else if (alg == "1.2.840.10045.2.1" && param_oid_ == "1.2.840.10045.3.1.7") {
      // RFC 5480: the key is an uncompressed (04 || x || y) or compressed point on the curve.
      std::string shown = "EC P-256 (prime256v1) 256 bits";
      f.add("subjectPublicKey", hex_value(key), bits.offset, bits.size());
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
  std::string param_oid_;  // parameters OID of the last AlgorithmIdentifier read (EC curve)
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

}  // namespace sim::x509

#include "pki/validate.hpp"

#include <algorithm>
#include <cctype>

#include "crypto/keys.hpp"

namespace sim::pki {

namespace {

using A = AlertDescription;

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string hex_serial(const Bytes& s) {
  std::string h = to_hex(s), o;
  for (size_t i = 0; i < h.size(); i += 2) o += (i ? ":" : "") + h.substr(i, 2);
  return o;
}

struct Run {
  const ValidationPolicy& pol;
  Actor actor;
  CertValidation out;
  int n = 0;

  // Records one check; returns `pass`. On failure also sets the outcome.
  bool check(const std::string& what, const std::string& spec, std::vector<NamedBytes> inputs, bool pass,
             const std::string& detail, A alert = A::bad_certificate) {
    Derivation d;
    d.actor = actor;
    d.kind = DerivationKind::certificate_check;
    d.name = "certificate check: " + what;
    d.id = derivation_id(actor, "certificate_check " + std::to_string(++n));
    d.spec = spec;
    d.formula = (pass ? "PASS: " : "FAIL: ") + detail;
    d.inputs = std::move(inputs);
    d.steps.push_back(NamedBytes{"verdict", to_bytes(pass ? "pass" : "fail"), detail});
    d.output = to_bytes(pass ? "pass" : "fail");
    out.checks.push_back(std::move(d));
    if (!pass && !out.failure) out.failure = Failure{alert, msg("reason.certificate_check_failed").arg("check", what).arg("detail", detail)};
    return pass;
  }
};

NamedBytes text_input(const std::string& name, const std::string& text) { return NamedBytes{name, to_bytes(text), text}; }

std::string cert_label(const Certificate& c, size_t depth) {
  return "[" + std::to_string(depth) + "] " + (c.subject.empty() ? std::string("(no subject)") : c.subject);
}

}  // namespace

std::string name_of(RevocationMode m) {
  switch (m) {
    case RevocationMode::off: return "off";
    case RevocationMode::crl: return "crl";
    case RevocationMode::ocsp: return "ocsp";
    case RevocationMode::ocsp_then_crl: return "ocsp-then-crl";
  }
  return "?";
}

std::optional<RevocationMode> revocation_mode_by_name(std::string_view n) {
  for (auto m : {RevocationMode::off, RevocationMode::crl, RevocationMode::ocsp, RevocationMode::ocsp_then_crl})
    if (name_of(m) == n) return m;
  return std::nullopt;
}

bool host_matches(const std::string& pattern_in, const std::string& host_in) {
  std::string p = lower(pattern_in), h = lower(host_in);
  if (!h.empty() && h.back() == '.') h.pop_back();  // absolute form
  if (p.empty() || h.empty()) return false;
  if (p.find('*') == std::string::npos) return p == h;
  // RFC 6125 6.4.3: only "*" as the complete left-most label (we do not accept partial
  // wildcards like "w*.example.com", as the CA/B Forum rules forbid issuing them).
  if (p.size() < 3 || p[0] != '*' || p[1] != '.' || p.find('*', 1) != std::string::npos) return false;
  std::string suffix = p.substr(1);  // ".example.com"
  if (std::count(suffix.begin(), suffix.end(), '.') < 2) return false;  // "*.com": too broad
  size_t dot = h.find('.');
  if (dot == std::string::npos || dot == 0) return false;
  return h.substr(dot) == suffix;  // the wildcard covers exactly one label
}

Derivation exchange_derivation(Actor actor, const RevocationExchange& x) {
  Derivation d;
  d.actor = actor;
  d.kind = DerivationKind::revocation_fetch;
  d.name = "revocation fetch: " + x.kind + " " + x.url;
  d.id = derivation_id(actor, "revocation_fetch " + x.kind + " " + x.url);
  d.spec = x.kind == "OCSP" ? "RFC 6960 A.1 (OCSP over HTTP)" : "RFC 5280 4.2.1.13 (CRL distribution point)";
  d.formula = (x.kind == "OCSP" ? "POST OCSPRequest to " : "GET ") + x.url + " (simulated, in-process) -> " + x.summary;
  if (x.kind == "OCSP") d.inputs.push_back(NamedBytes{"OCSPRequest", x.request, "DER, RFC 6960 4.1.1"});
  else d.inputs.push_back(NamedBytes{"url", to_bytes(x.url), "from cRLDistributionPoints"});
  d.output = x.response;
  return d;
}

ValidationPolicy policy_for(const PkiBundle& pki, const std::string& host) {
  ValidationPolicy p;
  p.enabled = true;
  p.trust_store = pki.trust_store;
  p.host = host;
  const PkiBundle* b = &pki;  // bundles are cached for the process lifetime
  p.fetch_crl = [b](const std::string& url) -> std::optional<Bytes> {
    if (url == b->crl_url && !b->crl.empty()) return b->crl;
    return std::nullopt;
  };
  p.query_ocsp = [b](const std::string& url, const Bytes& req) -> std::optional<Bytes> {
    if (url != b->ocsp_url) return std::nullopt;
    return ocsp_respond(*b, req);
  };
  return p;
}

CertValidation validate_server_chain(const std::vector<Bytes>& chain, const ValidationPolicy& pol,
                                     const std::optional<Bytes>& stapled, Actor actor) {
  Run r{pol, actor, {}, 0};
  if (chain.empty()) {
    r.out.failure = Failure{A::bad_certificate, msg("reason.server_sent_no_certificate")};
    return r.out;
  }
  // Parse every certificate (also when validation is off: the key comes from the leaf).
  std::vector<Certificate> certs;
  for (size_t i = 0; i < chain.size(); ++i) {
    auto c = parse_certificate(chain[i]);
    if (!c) {
      if (pol.enabled) r.check("parse", "RFC 5280 4.1", {NamedBytes{"certificate[" + std::to_string(i) + "]", chain[i], ""}}, false,
                               "certificate " + std::to_string(i) + ": " + c.error().reason);
      else r.out.failure = Failure{A::bad_certificate, c.error().message()};
      return r.out;
    }
    certs.push_back(std::move(*c));
  }
  r.out.leaf_spki = certs[0].spki;
  if (!pol.enabled) {
    r.out.notes.push_back(msg("note.validation_off"));
    return r.out;
  }
  r.out.performed = true;
  r.check("parse", "RFC 5280 4.1", {text_input("certificates", std::to_string(chain.size()))}, true,
          std::to_string(chain.size()) + " certificate(s) parsed as X.509 v" + std::to_string(certs[0].version));

  // ---- path building: from the leaf, take each issuer from the received chain or the
  // trust store (matching subject Name to issuer Name), until a trust anchor is reached.
  std::vector<Certificate> anchors;
  for (auto& t : pol.trust_store)
    if (auto c = parse_certificate(t)) anchors.push_back(std::move(*c));
  std::vector<const Certificate*> path{&certs[0]};
  const Certificate* anchor = nullptr;
  std::string path_text = cert_label(certs[0], 0);
  for (size_t guard = 0; guard < 10; ++guard) {
    const Certificate* cur = path.back();
    // Is the current certificate itself a trust anchor?
    for (auto& a : anchors)
      if (a.der == cur->der) anchor = &a;
    if (anchor) break;
    for (auto& a : anchors)
      if (a.subject_der == cur->issuer_der && (cur->authority_key_id.empty() || a.subject_key_id.empty() ||
                                               a.subject_key_id == cur->authority_key_id))
        anchor = &a;
    if (anchor) {
      path.push_back(anchor);
      path_text += " <- " + cert_label(*anchor, path.size() - 1) + " (trust anchor)";
      break;
    }
    if (cur->self_issued()) break;  // a self-signed certificate that is not trusted: dead end
    const Certificate* next = nullptr;
    for (size_t i = 1; i < certs.size(); ++i)
      if (certs[i].subject_der == cur->issuer_der && std::find(path.begin(), path.end(), &certs[i]) == path.end())
        next = &certs[i];
    if (!next) break;
    path.push_back(next);
    path_text += " <- " + cert_label(*next, path.size() - 1);
  }
  {
    std::vector<NamedBytes> in;
    for (auto& a : anchors) in.push_back(text_input("trust anchor", a.subject));
    in.push_back(text_input("leaf issuer", certs[0].issuer));
    std::string why = path.back()->self_issued() ? "the chain ends at the self-signed " + path.back()->subject + ", which is not trusted"
                                                 : "no issuer found for " + path.back()->issuer + " (not sent, not trusted)";
    if (!r.check("path to a trust anchor", "RFC 5280 6.1", std::move(in), anchor != nullptr,
                 anchor ? path_text : why, A::unknown_ca))
      return r.out;
  }

  // ---- signatures, algorithms, key sizes, along the path (each cert by its issuer).
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Certificate& c = *path[i];
    const Certificate& issuer = *path[i + 1];
    auto alg = crypto::x509_sig_alg_by_oid(c.sig_oid);
    std::string alg_name = alg ? crypto::name_of(*alg) : c.sig_oid;
    bool weak = alg && (*alg == crypto::X509SigAlg::md5_rsa || (*alg == crypto::X509SigAlg::sha1_rsa && !pol.allow_sha1));
    if (!r.check("signature algorithm of " + cert_label(c, i), "RFC 6151, RFC 5280 4.1.1.2",
                 {text_input("signatureAlgorithm", alg_name)}, alg && !weak && c.sig_oid == c.tbs_sig_oid,
                 !alg ? "unsupported algorithm " + c.sig_oid
                 : weak ? alg_name + " is refused by policy (MD5 collisions make forged certificates possible)"
                 : c.sig_oid != c.tbs_sig_oid ? "signatureAlgorithm differs from tbsCertificate.signature"
                                              : alg_name + " is acceptable",
                 A::unsupported_certificate))
      return r.out;
    bool ok = crypto::verify_x509(issuer.spki, *alg, c.tbs, c.signature);
    if (!r.check("signature of " + cert_label(c, i), "RFC 5280 6.1.3 (a)(1)",
                 {NamedBytes{"tbsCertificate", c.tbs, "signed bytes"}, NamedBytes{"signatureValue", c.signature, alg_name},
                  NamedBytes{"issuer public key", issuer.spki, issuer.subject}},
                 ok, ok ? "verifies with the key of " + issuer.subject : "does not verify with the key of " + issuer.subject))
      return r.out;
  }
  for (size_t i = 0; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    auto kt = crypto::key_type_of_spki(c.spki);
    unsigned bits = crypto::key_bits(c.spki);
    bool ok = kt && (*kt != crypto::KeyType::rsa || bits >= pol.min_rsa_bits);
    std::string kn = kt ? crypto::name_of(*kt) + " " + std::to_string(bits) + " bits" : "unsupported key type";
    if (!r.check("key of " + cert_label(c, i), "NIST SP 800-131A", {text_input("public key", kn)}, ok,
                 ok ? kn + " is acceptable"
                    : kt ? kn + " is below the policy minimum of " + std::to_string(pol.min_rsa_bits) + " bits"
                         : kn,
                 A::unsupported_certificate))
      return r.out;
  }

  // ---- validity against the simulated clock.
  for (size_t i = 0; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    bool ok = c.not_before <= pol.now && pol.now <= c.not_after;
    std::string detail = c.not_before > pol.now ? "not yet valid: notBefore " + time_text(c.not_before) + " is after " + time_text(pol.now)
                         : c.not_after < pol.now ? "expired: notAfter " + time_text(c.not_after) + " is before " + time_text(pol.now)
                                                 : time_text(c.not_before) + " <= " + time_text(pol.now) + " <= " + time_text(c.not_after);
    if (!r.check("validity of " + cert_label(c, i), "RFC 5280 6.1.3 (a)(2)",
                 {text_input("notBefore", time_text(c.not_before)), text_input("notAfter", time_text(c.not_after)),
                  text_input("clock", time_text(pol.now))},
                 ok, detail, A::certificate_expired))
      return r.out;
  }

  // ---- CA constraints of every issuer (the trust anchor included, as openssl does).
  for (size_t i = 1; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    bool ca = c.has_basic_constraints && c.is_ca;
    if (!r.check("basicConstraints of " + cert_label(c, i), "RFC 5280 4.2.1.9, 6.1.4 (k)",
                 {text_input("basicConstraints", !c.has_basic_constraints ? "absent" : c.is_ca ? "CA:TRUE" : "CA:FALSE")}, ca,
                 ca ? "cA is TRUE" : c.has_basic_constraints ? "cA is FALSE: it may not issue certificates"
                                                            : "no basicConstraints extension: not a CA certificate"))
      return r.out;
    bool ku = !c.has_key_usage || (c.key_usage & kKeyCertSign);
    if (!r.check("keyUsage of " + cert_label(c, i), "RFC 5280 4.2.1.3, 6.1.4 (n)",
                 {text_input("keyCertSign", c.has_key_usage ? ((c.key_usage & kKeyCertSign) ? "set" : "not set") : "no keyUsage")}, ku,
                 ku ? "may sign certificates" : "keyUsage lacks keyCertSign"))
      return r.out;
    // pathLenConstraint: the number of non-self-issued CA certificates below it, excluding
    // the leaf, must not exceed it.
    if (c.path_len) {
      size_t below = i - 1;
      bool ok = below <= *c.path_len;
      if (!r.check("path length of " + cert_label(c, i), "RFC 5280 4.2.1.9, 6.1.4 (m)",
                   {text_input("pathLenConstraint", std::to_string(*c.path_len)), text_input("intermediate CAs below", std::to_string(below))},
                   ok, std::to_string(below) + (ok ? " <= " : " > ") + std::to_string(*c.path_len)))
        return r.out;
    }
  }
  for (size_t i = 0; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    std::string crit;
    for (auto& o : c.unknown_critical) crit += (crit.empty() ? "" : ", ") + o;
    if (!r.check("critical extensions of " + cert_label(c, i), "RFC 5280 4.2", {text_input("unknown critical", crit.empty() ? "none" : crit)},
                 crit.empty(), crit.empty() ? "every critical extension is understood" : "unknown critical extension " + crit,
                 A::unsupported_certificate))
      return r.out;
  }

  // ---- the leaf: usage and host name.
  const Certificate& leaf = certs[0];
  {
    bool ku = !leaf.has_key_usage || (leaf.key_usage & (kDigitalSignature | kKeyEncipherment));
    bool eku = !leaf.has_ext_key_usage ||
               std::any_of(leaf.ext_key_usage.begin(), leaf.ext_key_usage.end(),
                           [](const std::string& o) { return o == kOidServerAuthEku || o == kOidAnyEku; });
    if (!r.check("usage of the leaf", "RFC 5280 4.2.1.3, 4.2.1.12",
                 {text_input("keyUsage", leaf.has_key_usage ? std::to_string(leaf.key_usage) : "absent"),
                  text_input("extendedKeyUsage", leaf.has_ext_key_usage ? std::to_string(leaf.ext_key_usage.size()) + " purposes" : "absent")},
                 ku && eku,
                 !ku ? "keyUsage allows neither digitalSignature nor keyEncipherment"
                     : !eku ? "extendedKeyUsage lacks serverAuth" : "usable for a TLS server",
                 A::unsupported_certificate))
      return r.out;
  }
  if (!pol.host.empty()) {
    std::string matched, names;
    // RFC 6125 6.4.4: the CN is consulted only when there is no DNS subjectAltName.
    std::vector<std::string> ids = leaf.san_dns.empty() ? std::vector<std::string>{leaf.subject_cn} : leaf.san_dns;
    for (auto& n : ids) {
      names += (names.empty() ? "" : ", ") + n;
      if (matched.empty() && host_matches(n, pol.host)) matched = n;
    }
    if (!r.check("host name", "RFC 6125 6.4", {text_input("host", pol.host), text_input(leaf.san_dns.empty() ? "CN" : "subjectAltName DNS", names)},
                 !matched.empty(),
                 matched.empty() ? pol.host + " matches none of: " + names : pol.host + " matches " + matched))
      return r.out;
  }

  // ---- revocation of the leaf, by its issuer (path[1]).
  if (pol.revocation == RevocationMode::off) {
    r.out.notes.push_back(msg("note.revocation_off"));
    return r.out;
  }
  if (path.size() < 2 || path[0] == path[1]) return r.out;
  const Certificate& issuer = *path[1];
  std::optional<bool> revoked;  // nullopt: no answer
  std::string how;
  auto use_ocsp = [&](const Bytes& resp, const std::string& source) {
    auto o = parse_ocsp_response(resp);
    CertId want = cert_id_for(leaf, issuer);
    bool sig_ok = o && o->response_status == 0 && o->responder_key_hash == key_identifier(issuer.spki) &&
                  crypto::x509_sig_alg_by_oid(o->sig_oid) &&
                  crypto::verify_x509(issuer.spki, *crypto::x509_sig_alg_by_oid(o->sig_oid), o->tbs, o->signature);
    bool fresh = o && o->this_update <= pol.now && (!o->next_update || pol.now <= *o->next_update);
    bool for_leaf = o && o->id == want;
    std::string detail = !o ? o.error().reason
                         : !sig_ok ? "the response is not signed by the issuer " + issuer.subject
                         : !for_leaf ? "the response is about another certificate"
                         : !fresh ? "the response is outside thisUpdate..nextUpdate"
                                  : "status " + name_of(o->status) + " for serial " + hex_serial(leaf.serial);
    bool usable = o && sig_ok && for_leaf && fresh;
    r.check("OCSP response (" + source + ")", "RFC 6960 3.2",
            {NamedBytes{"OCSPResponse", resp, source}, text_input("serial", hex_serial(leaf.serial))}, usable, detail,
            A::bad_certificate);
    if (!usable) return false;
    if (o->status == OcspStatus::unknown) return false;
    revoked = o->status == OcspStatus::revoked;
    how = "OCSP (" + source + "): " + detail;
    if (*revoked && o->reason) how += ", reason " + name_of(*o->reason);
    return true;
  };
  bool want_ocsp = pol.revocation == RevocationMode::ocsp || pol.revocation == RevocationMode::ocsp_then_crl;
  bool want_crl = pol.revocation == RevocationMode::crl ||
                  (pol.revocation == RevocationMode::ocsp_then_crl);
  if (want_ocsp && stapled) {
    if (!use_ocsp(*stapled, "stapled") && r.out.failure) return r.out;
  }
  if (!revoked && want_ocsp && !leaf.ocsp_urls.empty() && pol.query_ocsp) {
    Bytes req = encode_ocsp_request(cert_id_for(leaf, issuer));
    std::optional<Bytes> resp = pol.query_ocsp(leaf.ocsp_urls[0], req);
    r.out.exchanges.push_back({"OCSP", leaf.ocsp_urls[0], req, resp.value_or(Bytes{}),
                               resp ? "the responder answered (" + std::to_string(resp->size()) + " bytes)" : "no answer"});
    if (resp && !use_ocsp(*resp, leaf.ocsp_urls[0]) && r.out.failure) return r.out;
  }
  if (!revoked && want_crl && !leaf.crl_urls.empty() && pol.fetch_crl) {
    std::optional<Bytes> der = pol.fetch_crl(leaf.crl_urls[0]);
    r.out.exchanges.push_back({"CRL", leaf.crl_urls[0], {}, der.value_or(Bytes{}),
                               der ? "CRL received (" + std::to_string(der->size()) + " bytes)" : "no answer"});
    if (der) {
      auto crl = parse_crl(*der);
      auto alg = crl ? crypto::x509_sig_alg_by_oid(crl->sig_oid) : std::nullopt;
      bool sig_ok = crl && alg && crl->issuer_der == issuer.subject_der &&
                    crypto::verify_x509(issuer.spki, *alg, crl->tbs, crl->signature);
      bool fresh = crl && crl->this_update <= pol.now && (!crl->next_update || pol.now <= *crl->next_update);
      std::string detail = !crl ? crl.error().reason
                           : !sig_ok ? "the CRL is not signed by the issuer " + issuer.subject
                           : !fresh ? "the CRL is outside thisUpdate..nextUpdate"
                                    : std::to_string(crl->revoked.size()) + " revoked serial(s), valid " + time_text(crl->this_update) +
                                          " .. " + (crl->next_update ? time_text(*crl->next_update) : "?");
      bool usable = crl && sig_ok && fresh;
      if (!r.check("CRL of " + issuer.subject, "RFC 5280 6.3", {NamedBytes{"CRL", *der, leaf.crl_urls[0]}}, usable, detail))
        return r.out;
      revoked = false;
      how = "CRL " + leaf.crl_urls[0] + ": serial " + hex_serial(leaf.serial) + " is not listed";
      for (auto& e : crl->revoked)
        if (e.serial == leaf.serial) {
          revoked = true;
          how = "CRL " + leaf.crl_urls[0] + ": serial " + hex_serial(leaf.serial) + " revoked on " + time_text(e.revocation_date) +
                (e.reason ? ", reason " + name_of(*e.reason) : "");
        }
    }
  }
  if (!revoked) {
    Message why_msg = msg(leaf.ocsp_urls.empty() && leaf.crl_urls.empty() && !stapled ? "note.revocation_no_source"
                                                                                       : "note.revocation_no_answer");
    std::string why = why_msg.english();
    if (pol.hard_fail) {
      r.check("revocation status", "RFC 5280 6.3, RFC 6960", {text_input("policy", "hard-fail")}, false,
              why + " (hard-fail policy)", A::certificate_unknown);
      return r.out;
    }
    r.check("revocation status", "RFC 5280 6.3, RFC 6960", {text_input("policy", "soft-fail")}, true,
            why + ": accepted because the policy is soft-fail");
    r.out.notes.push_back(msg("note.revocation_soft_fail").arg("why", why_msg));
    return r.out;
  }
  r.check("revocation status", "RFC 5280 6.3, RFC 6960", {text_input("serial", hex_serial(leaf.serial))}, !*revoked, how,
          A::certificate_revoked);
  return r.out;
}

}  // namespace sim::pki

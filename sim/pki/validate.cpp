#include "pki/validate.hpp"

#include <algorithm>
#include <cctype>

#include "asn1/der.hpp"
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

// The certificates' bytes as the peer sent them (Certificate message; the names differ by version).
Source certificate_field(const std::string& input) {
  if (input == "tbsCertificate" || input == "signatureValue") return Source::field_of("Certificate", input);
  if (input.rfind("certificate[", 0) == 0) return Source::field_of("Certificate", "ASN.1Cert|cert_data");
  return {};
}

struct Run {
  const ValidationPolicy& pol;
  Actor actor;
  CertValidation out;
  int n = 0;

  // Records one check; returns `pass`. On failure also sets the outcome.
  // `what` names the check and `detail` gives the verdict's reason, both catalog messages: the
  // derivation keeps them (Derivation::title, Derivation::text) for the views, and their English
  // renderings as its name and formula.
  bool check(const Message& what, const std::string& spec, std::vector<NamedBytes> inputs, bool pass,
             const Message& detail, A alert = A::bad_certificate) {
    Derivation d;
    d.actor = actor;
    d.kind = DerivationKind::certificate_check;
    d.title = msg("check.title").arg("check", what);
    d.name = d.title.english();
    d.id = derivation_id(actor, "certificate_check " + std::to_string(++n));
    d.spec = spec;
    d.text = msg(pass ? "check.pass" : "check.fail").arg("detail", detail);
    d.formula = d.text.english();
    d.inputs = std::move(inputs);
    for (auto& in : d.inputs)
      if (in.from.kind == Source::Kind::none) in.from = certificate_field(in.name);
    d.steps.push_back(text_value("verdict", pass ? "pass" : "fail", detail));
    d.output = to_bytes(pass ? "pass" : "fail");
    out.checks.push_back(std::move(d));
    out.passed.push_back(pass);
    if (!pass && !out.failure) out.failure = Failure{alert, msg("reason.certificate_check_failed").arg("check", what).arg("detail", detail)};
    return pass;
  }
};

// A value the validator decoded from a certificate, or took from its own policy (host, clock,
// trust anchors): text, held by the validating endpoint.
NamedBytes text_input(const std::string& name, const std::string& text) {
  NamedBytes n = text_value(name, text, notation(text));
  n.from = Source::local("decoded or configured by the validator");
  return n;
}

// extendedKeyUsage purposes by name ("serverAuth, clientAuth"); an unknown one by its OID.
std::string eku_names(const std::vector<std::string>& oids) {
  std::string out;
  for (auto& o : oids) out += (out.empty() ? "" : ", ") + der::oid_name(o);
  return out.empty() ? "none" : out;
}

Message cert_label(const Certificate& c, size_t depth) {
  Message m = msg("check.cert_label").arg("depth", std::to_string(depth));
  if (c.subject.empty()) return m.arg("subject", msg("check.no_subject"));
  return m.arg("subject", c.subject);
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

std::string key_usage_names(uint16_t bits) {
  // RFC 5280 4.2.1.3: KeyUsage ::= BIT STRING, bit 0 first.
  static constexpr const char* kNames[] = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
                                           "keyAgreement",     "keyCertSign",    "cRLSign",         "encipherOnly",
                                           "decipherOnly"};
  std::string out;
  for (size_t i = 0; i < std::size(kNames); ++i)
    if (bits & (1u << i)) out += (out.empty() ? "" : ", ") + std::string(kNames[i]);
  return out.empty() ? "none" : out;
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
  // Its title and text in the catalog, their English renderings as name and formula.
  d.title = msg("fetch.title").arg("kind", x.kind).arg("url", x.url);
  d.name = d.title.english();
  d.id = derivation_id(actor, "revocation_fetch " + x.kind + " " + x.url);
  d.spec = x.kind == "OCSP" ? "RFC 6960 A.1 (OCSP over HTTP)" : "RFC 5280 4.2.1.13 (CRL distribution point)";
  d.text = (x.kind == "OCSP" ? msg("fetch.ocsp_formula") : msg("fetch.crl_formula")).arg("url", x.url).arg("summary", x.summary);
  d.formula = d.text.english();
  if (x.kind == "OCSP") d.inputs.push_back(NamedBytes{"OCSPRequest", x.request, notation("DER, RFC 6960 4.1.1"), Source::local("built by the validator")});
  else d.inputs.push_back(NamedBytes{"url", to_bytes(x.url), msg("note_in.from_crl_distribution_points"), Source::local("the certificate's cRLDistributionPoints")});
  d.inputs.back().is_text = x.kind != "OCSP";
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
      if (pol.enabled) r.check(msg("check.parse"), "RFC 5280 4.1", {NamedBytes{"certificate[" + std::to_string(i) + "]", chain[i], {}}}, false,
                               msg("check.parse_failed").arg("n", std::to_string(i)).arg("error", c.error().message()));
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
  r.check(msg("check.parse"), "RFC 5280 4.1", {text_input("certificates", std::to_string(chain.size()))}, true,
          msg("check.parsed").arg("n", std::to_string(chain.size())).arg("version", std::to_string(certs[0].version)));

  // ---- path building: from the leaf, take each issuer from the received chain or the
  // trust store (matching subject Name to issuer Name), until a trust anchor is reached.
  std::vector<Certificate> anchors;
  for (auto& t : pol.trust_store)
    if (auto c = parse_certificate(t)) anchors.push_back(std::move(*c));
  std::vector<const Certificate*> path{&certs[0]};
  const Certificate* anchor = nullptr;
  Message path_text = cert_label(certs[0], 0);
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
      path_text = msg("check.path_anchor").arg("path", std::move(path_text)).arg("cert", cert_label(*anchor, path.size() - 1));
      break;
    }
    if (cur->self_issued()) break;  // a self-signed certificate that is not trusted: dead end
    const Certificate* next = nullptr;
    for (size_t i = 1; i < certs.size(); ++i)
      if (certs[i].subject_der == cur->issuer_der && std::find(path.begin(), path.end(), &certs[i]) == path.end())
        next = &certs[i];
    if (!next) break;
    path.push_back(next);
    path_text = msg("check.path_link").arg("path", std::move(path_text)).arg("cert", cert_label(*next, path.size() - 1));
  }
  {
    std::vector<NamedBytes> in;
    for (auto& a : anchors) in.push_back(text_input("trust anchor", a.subject));
    in.push_back(text_input("leaf issuer", certs[0].issuer));
    Message why = path.back()->self_issued() ? msg("check.path_self_signed").arg("subject", path.back()->subject)
                                             : msg("check.path_no_issuer").arg("issuer", path.back()->issuer);
    if (!r.check(msg("check.path"), "RFC 5280 6.1", std::move(in), anchor != nullptr,
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
    // RFC 5280 4.1.1.2: the outer signatureAlgorithm MUST be the same algorithm identifier as
    // tbsCertificate.signature, parameters included (OpenSSL compares both with X509_ALGOR_cmp).
    // The unsigned outer copy is the one an attacker can change, so a difference is a corrupt
    // certificate: bad_certificate, not an unsupported algorithm.
    bool same = c.sig_alg == c.tbs_sig_alg;
    if (!r.check(msg("check.signature_algorithm_of").arg("cert", cert_label(c, i)), "RFC 6151, RFC 5280 4.1.1.2",
                 {text_input("signatureAlgorithm", alg_name)}, alg && !weak && same,
                 !same  ? msg("check.algorithm_mismatch")
                 : !alg ? msg("check.unsupported_algorithm").arg("oid", c.sig_oid)
                 : weak ? msg("check.algorithm_refused").arg("algorithm", alg_name)
                        : msg("check.acceptable").arg("what", alg_name),
                 same ? A::unsupported_certificate : A::bad_certificate))
      return r.out;
    bool ok = crypto::verify_x509(issuer.spki, *alg, c.tbs, c.signature);
    if (!r.check(msg("check.signature_of").arg("cert", cert_label(c, i)), "RFC 5280 6.1.3 (a)(1)",
                 {NamedBytes{"tbsCertificate", c.tbs, msg("note_in.signed_bytes")}, NamedBytes{"signatureValue", c.signature, notation(alg_name)},
                  NamedBytes{"issuer public key", issuer.spki, notation(issuer.subject),
                             std::any_of(certs.begin(), certs.end(), [&](const Certificate& s) { return s.spki == issuer.spki; })
                                 ? Source::field_of("Certificate", "subjectPublicKeyInfo")
                                 : Source::local("trust anchor " + issuer.subject)}},
                 ok, msg(ok ? "check.signature_valid" : "check.signature_invalid").arg("subject", issuer.subject)))
      return r.out;
  }
  for (size_t i = 0; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    auto kt = crypto::key_type_of_spki(c.spki);
    unsigned bits = crypto::key_bits(c.spki);
    bool ok = kt && (*kt != crypto::KeyType::rsa || bits >= pol.min_rsa_bits);
    Message kn = kt ? msg("check.key_bits").arg("type", crypto::name_of(*kt)).arg("bits", std::to_string(bits)) : msg("check.unsupported_key");
    if (!r.check(msg("check.key_of").arg("cert", cert_label(c, i)), "NIST SP 800-131A", {text_input("public key", kn.english())}, ok,
                 ok ? msg("check.acceptable").arg("what", kn)
                    : kt ? msg("check.key_too_small").arg("key", kn).arg("min", std::to_string(pol.min_rsa_bits))
                         : kn,
                 A::unsupported_certificate))
      return r.out;
  }

  // ---- validity against the simulated clock.
  for (size_t i = 0; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    bool ok = c.not_before <= pol.now && pol.now <= c.not_after;
    Message detail = c.not_before > pol.now ? msg("check.not_yet_valid").arg("not_before", time_text(c.not_before)).arg("now", time_text(pol.now))
                     : c.not_after < pol.now ? msg("check.expired").arg("not_after", time_text(c.not_after)).arg("now", time_text(pol.now))
                                             : msg("check.within_validity").arg("not_before", time_text(c.not_before)).arg("now", time_text(pol.now)).arg("not_after", time_text(c.not_after));
    if (!r.check(msg("check.validity_of").arg("cert", cert_label(c, i)), "RFC 5280 6.1.3 (a)(2)",
                 {text_input("notBefore", time_text(c.not_before)), text_input("notAfter", time_text(c.not_after)),
                  text_input("clock", time_text(pol.now))},
                 ok, detail, A::certificate_expired))
      return r.out;
  }

  // ---- CA constraints of every issuer (the trust anchor included, as openssl does).
  for (size_t i = 1; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    bool ca = c.has_basic_constraints && c.is_ca;
    if (!r.check(msg("check.basic_constraints_of").arg("cert", cert_label(c, i)), "RFC 5280 4.2.1.9, 6.1.4 (k)",
                 {text_input("basicConstraints", !c.has_basic_constraints ? "absent" : c.is_ca ? "CA:TRUE" : "CA:FALSE")}, ca,
                 msg(ca ? "check.ca_true" : c.has_basic_constraints ? "check.ca_false" : "check.no_basic_constraints")))
      return r.out;
    bool ku = !c.has_key_usage || (c.key_usage & kKeyCertSign);
    if (!r.check(msg("check.key_usage_of").arg("cert", cert_label(c, i)), "RFC 5280 4.2.1.3, 6.1.4 (n)",
                 {text_input("keyUsage", c.has_key_usage ? key_usage_names(c.key_usage) : "absent")}, ku,
                 msg(ku ? "check.may_sign_certificates" : "check.no_key_cert_sign")))
      return r.out;
    // pathLenConstraint: the number of non-self-issued CA certificates below it, excluding
    // the leaf, must not exceed it.
    if (c.path_len) {
      size_t below = i - 1;
      bool ok = below <= *c.path_len;
      if (!r.check(msg("check.path_length_of").arg("cert", cert_label(c, i)), "RFC 5280 4.2.1.9, 6.1.4 (m)",
                   {text_input("pathLenConstraint", std::to_string(*c.path_len)), text_input("intermediate CAs below", std::to_string(below))},
                   ok, msg(ok ? "check.path_length_ok" : "check.path_length_exceeded").arg("below", std::to_string(below)).arg("max", std::to_string(*c.path_len))))
        return r.out;
    }
  }
  for (size_t i = 0; i < path.size(); ++i) {
    const Certificate& c = *path[i];
    std::string crit;
    for (auto& o : c.unknown_critical) crit += (crit.empty() ? "" : ", ") + o;
    if (!r.check(msg("check.critical_extensions_of").arg("cert", cert_label(c, i)), "RFC 5280 4.2", {text_input("unknown critical", crit.empty() ? "none" : crit)},
                 crit.empty(), crit.empty() ? msg("check.critical_understood") : msg("check.critical_unknown").arg("oids", crit),
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
    if (!r.check(msg("check.leaf_usage"), "RFC 5280 4.2.1.3, 4.2.1.12",
                 {text_input("keyUsage", leaf.has_key_usage ? key_usage_names(leaf.key_usage) : "absent"),
                  text_input("extendedKeyUsage", leaf.has_ext_key_usage ? eku_names(leaf.ext_key_usage) : "absent")},
                 ku && eku,
                 msg(!ku ? "check.leaf_key_usage" : !eku ? "check.leaf_no_server_auth" : "check.leaf_usable"),
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
    if (!r.check(msg("check.host_name"), "RFC 6125 6.4", {text_input("host", pol.host), text_input(leaf.san_dns.empty() ? "CN" : "subjectAltName DNS", names)},
                 !matched.empty(),
                 matched.empty() ? msg("check.host_matches_none").arg("host", pol.host).arg("names", names)
                                 : msg("check.host_matches").arg("host", pol.host).arg("name", matched)))
      return r.out;
  }

  // ---- must-staple (RFC 7633 4.2.3): a leaf whose TLS Feature lists status_request may only
  // be used with a stapled OCSP response. Its absence is a hard failure whatever the
  // revocation policy says: that is the point, a blocked responder can no longer make a soft-fail
  // client accept a revoked certificate. The alert is RFC 6066 8's (RFC 8446 6.2 for TLS 1.3).
  // A stapled response is then judged by the revocation check below.
  if (leaf.must_staple()) {
    Message detail = stapled ? msg("check.must_staple_stapled")
                     : pol.request_ocsp_stapling ? msg("check.must_staple_not_stapled")
                                                 : msg("check.must_staple_not_requested");
    if (!r.check(msg("check.must_staple"), "RFC 7633 4.2.3, RFC 6066 8",
                 {text_input("TLS Feature", "status_request (5)"),
                  text_input("status_request offered", pol.request_ocsp_stapling ? "yes" : "no"),
                  text_input("stapled OCSP response", stapled ? std::to_string(stapled->size()) + " bytes" : "none")},
                 stapled.has_value(), detail, A::bad_certificate_status_response))
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
  Message how;
  auto use_ocsp = [&](const Bytes& resp, const std::string& source) {
    auto o = parse_ocsp_response(resp);
    CertId want = cert_id_for(leaf, issuer);
    bool sig_ok = o && o->response_status == 0 && o->responder_key_hash == key_identifier(issuer.spki) &&
                  crypto::x509_sig_alg_by_oid(o->sig_oid) &&
                  crypto::verify_x509(issuer.spki, *crypto::x509_sig_alg_by_oid(o->sig_oid), o->tbs, o->signature);
    bool fresh = o && o->this_update <= pol.now && (!o->next_update || pol.now <= *o->next_update);
    bool for_leaf = o && o->id == want;
    Message detail = !o ? o.error().message()
                     : !sig_ok ? msg("check.ocsp_not_signed").arg("subject", issuer.subject)
                     : !for_leaf ? msg("check.ocsp_other_certificate")
                     : !fresh ? msg("check.ocsp_not_fresh")
                              : msg("check.ocsp_status").arg("status", name_of(o->status)).arg("serial", hex_serial(leaf.serial));
    Message src = source == "stapled" ? msg("check.stapled") : Message{};
    if (src.empty()) src = msg("check.source_url").arg("url", source);
    bool usable = o && sig_ok && for_leaf && fresh;
    r.check(msg("check.ocsp_response").arg("source", src), "RFC 6960 3.2",
            {NamedBytes{"OCSPResponse", resp, notation(source),
                        source == "stapled" ? Source::field_of("CertificateStatus|Certificate", "OCSPResponse")
                                            : Source::of(derivation_id(r.actor, "revocation_fetch OCSP " + source))},
             text_input("serial", hex_serial(leaf.serial))},
            usable, detail,
            A::bad_certificate);
    if (!usable) return false;
    if (o->status == OcspStatus::unknown) return false;
    revoked = o->status == OcspStatus::revoked;
    how = msg("check.revocation_by_ocsp").arg("source", src).arg("detail", detail)
              .arg("reason", *revoked && o->reason ? msg("check.revocation_reason").arg("reason", name_of(*o->reason)) : Message{});
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
                               resp ? msg("fetch.ocsp_answered").arg("n", std::to_string(resp->size())) : msg("fetch.no_answer")});
    if (resp && !use_ocsp(*resp, leaf.ocsp_urls[0]) && r.out.failure) return r.out;
  }
  if (!revoked && want_crl && !leaf.crl_urls.empty() && pol.fetch_crl) {
    std::optional<Bytes> der = pol.fetch_crl(leaf.crl_urls[0]);
    r.out.exchanges.push_back({"CRL", leaf.crl_urls[0], {}, der.value_or(Bytes{}),
                               der ? msg("fetch.crl_received").arg("n", std::to_string(der->size())) : msg("fetch.no_answer")});
    if (der) {
      auto crl = parse_crl(*der);
      auto alg = crl ? crypto::x509_sig_alg_by_oid(crl->sig_oid) : std::nullopt;
      bool sig_ok = crl && alg && crl->issuer_der == issuer.subject_der &&
                    crypto::verify_x509(issuer.spki, *alg, crl->tbs, crl->signature);
      bool fresh = crl && crl->this_update <= pol.now && (!crl->next_update || pol.now <= *crl->next_update);
      Message detail = !crl ? crl.error().message()
                       : !sig_ok ? msg("check.crl_not_signed").arg("subject", issuer.subject)
                       : !fresh ? msg("check.crl_not_fresh")
                                : msg("check.crl_summary").arg("n", std::to_string(crl->revoked.size()))
                                      .arg("from", time_text(crl->this_update)).arg("to", crl->next_update ? time_text(*crl->next_update) : "?");
      bool usable = crl && sig_ok && fresh;
      if (!r.check(msg("check.crl_of").arg("issuer", issuer.subject), "RFC 5280 6.3", {NamedBytes{"CRL", *der, notation(leaf.crl_urls[0]), Source::of(derivation_id(r.actor, "revocation_fetch CRL " + leaf.crl_urls[0]))}}, usable, detail))
        return r.out;
      revoked = false;
      how = msg("check.crl_not_listed").arg("url", leaf.crl_urls[0]).arg("serial", hex_serial(leaf.serial));
      for (auto& e : crl->revoked)
        if (e.serial == leaf.serial) {
          revoked = true;
          how = msg("check.crl_revoked").arg("url", leaf.crl_urls[0]).arg("serial", hex_serial(leaf.serial))
                    .arg("date", time_text(e.revocation_date))
                    .arg("reason", e.reason ? msg("check.revocation_reason").arg("reason", name_of(*e.reason)) : Message{});
        }
    }
  }
  if (!revoked) {
    Message why_msg = msg(leaf.ocsp_urls.empty() && leaf.crl_urls.empty() && !stapled ? "note.revocation_no_source"
                                                                                       : "note.revocation_no_answer");
    if (pol.hard_fail) {
      r.check(msg("check.revocation_status"), "RFC 5280 6.3, RFC 6960", {text_input("policy", "hard-fail")}, false,
              msg("check.hard_fail").arg("why", why_msg), A::certificate_unknown);
      return r.out;
    }
    r.check(msg("check.revocation_status"), "RFC 5280 6.3, RFC 6960", {text_input("policy", "soft-fail")}, true,
            msg("check.soft_fail").arg("why", why_msg));
    r.out.notes.push_back(msg("note.revocation_soft_fail").arg("why", why_msg));
    return r.out;
  }
  r.check(msg("check.revocation_status"), "RFC 5280 6.3, RFC 6960", {text_input("serial", hex_serial(leaf.serial))}, !*revoked, how,
          A::certificate_revoked);
  return r.out;
}

}  // namespace sim::pki

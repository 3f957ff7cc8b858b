// Certificate validation: each profile's alert in a simulated handshake (and success with
// validation off), the checks in the trace, host name wildcards (RFC 6125), path length,
// usage, critical extensions, revocation soft/hard-fail and OCSP answers.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "net/simulation.hpp"
#include "pki/cert.hpp"
#include "pki/dissect.hpp"
#include "pki/profiles.hpp"
#include "pki/validate.hpp"
#include "scenario/scenario_io.hpp"
#include "sim_fixtures.hpp"

using namespace sim;
using namespace sim::pki;
using namespace simfix;

namespace {

constexpr const char* kHost = "www.example.com";

Trace run_profile(const std::string& profile, bool verify = true, uint16_t version = kTls12) {
  ScenarioOptions o;
  o.certificate_profile = profile;
  o.verify_certificate = verify;
  o.client_min_version = o.server_min_version = version;
  o.client_max_version = o.server_max_version = version;
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

// A custom chain for constraint tests: root -> (cas...) -> leaf, all RSA-1024 (fast), valid.
struct Chain {
  std::vector<Bytes> certs;  // leaf first, without the root
  Bytes root;
};
crypto::KeyPairDer key(const std::string& role) {
  Rng r(99, "pki-test-" + role);
  return crypto::generate_key(crypto::KeyType::rsa, r, 1024);
}

Bytes mint(const std::string& subject, const std::string& issuer, const crypto::KeyPairDer& k, const crypto::KeyPairDer& ik,
           std::vector<Bytes> exts) {
  CertSpec s;
  s.serial = to_bytes(subject.substr(0, 8));
  s.issuer_name = make_name(issuer);
  s.subject_name = make_name(subject);
  s.not_before = unix_time(2025, 1, 1);
  s.not_after = unix_time(2030, 1, 1);
  s.spki = k.public_spki;
  s.extensions = std::move(exts);
  Rng r(1, "sig");
  return *mint_certificate(s, ik.private_pkcs8, r);
}

Bytes ca_ext(std::optional<uint64_t> pathlen) {
  return make_extension("2.5.29.19", true, ext_basic_constraints(true, pathlen));
}
Bytes leaf_ext(const std::string& host) { return make_extension("2.5.29.17", false, ext_subject_alt_name({host}, {})); }

ValidationPolicy trusting(const Bytes& root) {
  ValidationPolicy p;
  p.enabled = true;
  p.trust_store = {root};
  p.host = "a.example.com";
  return p;
}

}  // namespace

TEST(PkiHandshake, EachProfileGivesItsAlert) {
  // RFC 5246 7.2.2 definitions: expired or not currently valid -> certificate_expired; no
  // trusted issuer -> unknown_ca; revoked -> certificate_revoked; an unacceptable key or
  // algorithm -> unsupported_certificate; otherwise unusable -> bad_certificate.
  const std::vector<std::pair<std::string, std::optional<AlertDescription>>> cases = {
      {"valid", std::nullopt},
      {"expired", AlertDescription::certificate_expired},
      {"not-yet-valid", AlertDescription::certificate_expired},
      {"wrong-host", AlertDescription::bad_certificate},
      {"self-signed", AlertDescription::unknown_ca},
      {"unknown-ca", AlertDescription::unknown_ca},
      {"revoked-crl", AlertDescription::certificate_revoked},
      {"revoked-ocsp", AlertDescription::certificate_revoked},
      {"ca-without-basic-constraints", AlertDescription::bad_certificate},
      {"rsa-512", AlertDescription::unsupported_certificate},
      {"md5-signature", AlertDescription::unsupported_certificate},
      // No stapling asked here: a must-staple leaf without a stapled answer (RFC 7633, RFC 6066 8).
      {"must-staple", AlertDescription::bad_certificate_status_response},
      {"revoked-must-staple", AlertDescription::bad_certificate_status_response},
  };
  ASSERT_EQ(cases.size(), certificate_profiles().size());
  for (auto& [name, alert] : cases) {
    SCOPED_TRACE(name);
    Trace t = run_profile(name);
    const Event* a = fatal_alert_from(t, Actor::client);
    if (!alert) {
      EXPECT_EQ(a, nullptr);
      EXPECT_EQ(t.outcome, OutcomeKind::completed);
      continue;
    }
    ASSERT_NE(a, nullptr) << t.outcome;
    EXPECT_EQ(a->alert->description, *alert) << a->alert->reason;
    EXPECT_FALSE(t.handshake_complete);
    // The failing check is in the trace, on the server's Certificate record.
    const Event* cert = find_event(t, [](const Event& e) { return e.name.find("Certificate") != std::string::npos && e.from == Actor::server; });
    ASSERT_NE(cert, nullptr);
    bool has_fail = false;
    for (const sim::Derivation& d : sim::all_derivations(*cert))
      if (d.name.rfind("certificate check: ", 0) == 0 && d.formula.rfind("FAIL", 0) == 0) has_fail = true;
    EXPECT_TRUE(has_fail);
  }
}

TEST(PkiHandshake, ValidationOffCompletesAndTheTraceSaysSo) {
  for (auto& p : certificate_profiles()) {
    SCOPED_TRACE(p.name);
    Trace t = run_profile(p.name, false);
    EXPECT_EQ(t.outcome, OutcomeKind::completed);
    bool said = false;
    for (auto& e : t.events)
      for (auto& n : e.notes) said |= n.english().find("validation is switched off") != std::string::npos;
    EXPECT_TRUE(said);
  }
}

TEST(PkiHandshake, Ssl3GetsTheSsl3Alert) {
  // SSL 3.0 has no unknown_ca (RFC 6101 5.4.2): certificate_unknown is sent instead.
  Trace t = run_profile("unknown-ca", true, kSsl3);
  const Event* a = fatal_alert_from(t, Actor::client);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::certificate_unknown);
  Trace e = run_profile("expired", true, kSsl3);
  ASSERT_NE(fatal_alert_from(e, Actor::client), nullptr);
  EXPECT_EQ(fatal_alert_from(e, Actor::client)->alert->description, AlertDescription::certificate_expired);
}

TEST(PkiHandshake, RevocationFetchIsInTheTrace) {
  Trace t = run_profile("revoked-crl");
  const Derivation* fetch = nullptr;
  for (auto& e : t.events)
    for (const sim::Derivation& d : sim::all_derivations(e))
      if (d.name == "revocation fetch: CRL http://crl.tlslab.test/intermediate.crl") fetch = &d;
  ASSERT_NE(fetch, nullptr);
  // The fetched bytes are the CA's CRL, which lists the leaf.
  auto crl = parse_crl(fetch->output);
  ASSERT_TRUE(crl);
  EXPECT_EQ(fetch->output, profile_pki(CertProfile::revoked_crl, kHost, 2024).crl);

  Trace o = run_profile("valid");
  const Derivation* q = nullptr;
  for (auto& e : o.events)
    for (const sim::Derivation& d : sim::all_derivations(e))
      if (d.name == "revocation fetch: OCSP http://ocsp.tlslab.test/") q = &d;
  ASSERT_NE(q, nullptr);
  ASSERT_FALSE(q->inputs.empty());
  EXPECT_TRUE(parse_ocsp_request(q->inputs[0].value));
  auto resp = parse_ocsp_response(q->output);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->status, OcspStatus::good);
}

TEST(PkiHandshake, ScenarioFileCarriesTheCertificateOptions) {
  ScenarioOptions o;
  o.certificate_profile = "expired";
  o.verify_certificate = false;
  o.revocation_hard_fail = true;
  auto back = scenario_from_json(o.to_json_text(), "t.json");
  ASSERT_TRUE(back) << back.error().reason;
  EXPECT_EQ(back->certificate_profile, "expired");
  EXPECT_FALSE(back->verify_certificate);
  EXPECT_TRUE(back->revocation_hard_fail);
  auto bad = scenario_from_json(R"({"certificate_profile": "bogus"})", "x.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "x.json: certificate_profile: unknown profile 'bogus' (see: tlslab pki profiles)");
  auto wrong = scenario_from_json(R"({"verify_certificate": "yes"})", "x.json");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().reason.find("verify_certificate"), std::string::npos);
  // Defaults are not written, so older scenario texts are unchanged.
  for (const char* k : {"certificate_profile", "verify_certificate", "revocation_hard_fail", "ocsp_stapling", "\"clock\""})
    EXPECT_EQ(ScenarioOptions{}.to_json_text().find(k), std::string::npos) << k;
}

TEST(PkiValidate, HostNameWildcardsRfc6125) {
  EXPECT_TRUE(host_matches("www.example.com", "www.example.com"));
  EXPECT_TRUE(host_matches("WWW.Example.COM", "www.example.com"));
  EXPECT_TRUE(host_matches("www.example.com", "www.example.com."));
  EXPECT_TRUE(host_matches("*.example.com", "www.example.com"));
  EXPECT_FALSE(host_matches("*.example.com", "example.com"));        // one label exactly
  EXPECT_FALSE(host_matches("*.example.com", "a.b.example.com"));    // not two
  EXPECT_FALSE(host_matches("*.com", "example.com"));                // too broad
  EXPECT_FALSE(host_matches("w*.example.com", "www.example.com"));   // partial label
  EXPECT_FALSE(host_matches("www.*.com", "www.example.com"));        // not left-most
  EXPECT_FALSE(host_matches("*.*.example.com", "a.b.example.com"));
  EXPECT_FALSE(host_matches("www.example.com", "www.example.org"));
  EXPECT_FALSE(host_matches("", "www.example.com"));
}

TEST(PkiValidate, PathLengthUsageAndCriticalExtensions) {
  auto rk = key("root"), ik = key("inter"), ik2 = key("inter2"), lk = key("leaf");
  Bytes root = mint("Root", "Root", rk, rk, {ca_ext(0)});  // pathLen 0: no intermediate allowed
  Bytes inter = mint("Inter", "Root", ik, rk, {ca_ext(std::nullopt)});
  Bytes leaf = mint("a.example.com", "Inter", lk, ik, {leaf_ext("a.example.com")});
  auto v = validate_server_chain({leaf, inter}, trusting(root));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.failure->alert, AlertDescription::bad_certificate);
  EXPECT_NE(v.failure->reason.find("path length"), std::string::npos) << v.failure->reason;

  Bytes root1 = mint("Root", "Root", rk, rk, {ca_ext(1)});
  EXPECT_TRUE(validate_server_chain({leaf, inter}, trusting(root1)).ok());
  // Two intermediates under pathLen 1: too long.
  Bytes inter2 = mint("Inter2", "Inter", ik2, ik, {ca_ext(std::nullopt)});
  Bytes leaf2 = mint("a.example.com", "Inter2", lk, ik2, {leaf_ext("a.example.com")});
  auto v2 = validate_server_chain({leaf2, inter2, inter}, trusting(root1));
  ASSERT_FALSE(v2.ok());
  EXPECT_NE(v2.failure->reason.find("path length"), std::string::npos) << v2.failure->reason;

  // A leaf for clients only (extendedKeyUsage clientAuth) is not a server certificate.
  Bytes client_leaf = mint("a.example.com", "Inter", lk, ik,
                           {leaf_ext("a.example.com"), make_extension("2.5.29.37", false, ext_ext_key_usage({"1.3.6.1.5.5.7.3.2"}))});
  auto v3 = validate_server_chain({client_leaf, inter}, trusting(root1));
  ASSERT_FALSE(v3.ok());
  EXPECT_EQ(v3.failure->alert, AlertDescription::unsupported_certificate);

  // An unknown critical extension must be refused (RFC 5280 4.2); the same one non-critical is fine.
  Bytes crit = mint("a.example.com", "Inter", lk, ik, {leaf_ext("a.example.com"), make_extension("1.2.3.4.5", true, Bytes{0x05, 0x00})});
  auto v4 = validate_server_chain({crit, inter}, trusting(root1));
  ASSERT_FALSE(v4.ok());
  EXPECT_EQ(v4.failure->alert, AlertDescription::unsupported_certificate);
  Bytes noncrit = mint("a.example.com", "Inter", lk, ik, {leaf_ext("a.example.com"), make_extension("1.2.3.4.5", false, Bytes{0x05, 0x00})});
  EXPECT_TRUE(validate_server_chain({noncrit, inter}, trusting(root1)).ok());

  // A CA whose keyUsage lacks keyCertSign cannot issue.
  Bytes inter_nosign = mint("Inter", "Root", ik, rk, {ca_ext(std::nullopt), make_extension("2.5.29.15", true, ext_key_usage(kDigitalSignature))});
  auto v5 = validate_server_chain({leaf, inter_nosign}, trusting(root1));
  ASSERT_FALSE(v5.ok());
  EXPECT_NE(v5.failure->reason.find("keyCertSign"), std::string::npos);

  // A tampered signature.
  Bytes bad = leaf;
  bad[bad.size() - 5] ^= 0x40;
  auto v6 = validate_server_chain({bad, inter}, trusting(root1));
  ASSERT_FALSE(v6.ok());
  EXPECT_EQ(v6.failure->alert, AlertDescription::bad_certificate);
  EXPECT_NE(v6.failure->reason.find("does not verify"), std::string::npos);

  // Garbage and an empty chain are failures, not crashes.
  auto v7 = validate_server_chain({to_bytes("garbage")}, trusting(root1));
  ASSERT_FALSE(v7.ok());
  EXPECT_EQ(v7.failure->alert, AlertDescription::bad_certificate);
  EXPECT_FALSE(validate_server_chain({}, trusting(root1)).ok());
  // Every prefix of a real certificate fails cleanly.
  for (size_t n = 0; n < leaf.size(); n += 7) {
    Bytes cut(leaf.begin(), leaf.begin() + std::ptrdiff_t(n));
    EXPECT_FALSE(validate_server_chain({cut, inter}, trusting(root1)).ok());
    Field f;
    EXPECT_FALSE(dissect_crl(cut, 0, f));
  }
}

TEST(PkiValidate, RevocationSoftAndHardFail) {
  const PkiBundle& b = profile_pki(CertProfile::valid, kHost, 2024);
  ValidationPolicy p = policy_for(b, kHost);
  p.query_ocsp = nullptr;  // nobody answers
  p.fetch_crl = nullptr;
  auto soft = validate_server_chain(b.chain, p);
  EXPECT_TRUE(soft.ok());
  ASSERT_FALSE(soft.notes.empty());
  EXPECT_NE(soft.notes.back().english().find("soft-fail"), std::string::npos);
  p.hard_fail = true;
  auto hard = validate_server_chain(b.chain, p);
  ASSERT_FALSE(hard.ok());
  EXPECT_EQ(hard.failure->alert, AlertDescription::certificate_unknown);

  // A stapled answer needs no responder: the revoked answer revokes, the good one passes.
  EXPECT_TRUE(validate_server_chain(b.chain, p, b.ocsp_good).ok());
  auto st = validate_server_chain(b.chain, p, b.ocsp_revoked);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.failure->alert, AlertDescription::certificate_revoked);
  // An answer signed for another CA's certificate does not count.
  const PkiBundle& other = profile_pki(CertProfile::valid, "other.example.com", 7);
  EXPECT_FALSE(validate_server_chain(b.chain, p, other.ocsp_good).ok());

  // The clock decides: after the CRL's nextUpdate, the CRL is stale.
  const PkiBundle& rc = profile_pki(CertProfile::revoked_crl, kHost, 2024);
  ValidationPolicy late = policy_for(rc, kHost);
  late.now = unix_time(2026, 7, 1);
  auto vl = validate_server_chain(rc.chain, late);
  ASSERT_FALSE(vl.ok());
  EXPECT_NE(vl.failure->reason.find("thisUpdate..nextUpdate"), std::string::npos) << vl.failure->reason;

  // Revocation off: not even asked.
  ValidationPolicy off = policy_for(rc, kHost);
  off.revocation = RevocationMode::off;
  auto vo = validate_server_chain(rc.chain, off);
  EXPECT_TRUE(vo.ok());
  EXPECT_TRUE(vo.exchanges.empty());
}

TEST(PkiValidate, OcspResponderAnswersUnknownForOthers) {
  const PkiBundle& b = profile_pki(CertProfile::valid, kHost, 2024);
  auto leaf = parse_certificate(b.leaf);
  auto inter = parse_certificate(b.intermediate);
  ASSERT_TRUE(leaf && inter);
  CertId id = cert_id_for(*leaf, *inter);
  EXPECT_EQ(ocsp_respond(b, encode_ocsp_request(id)), b.ocsp_good);
  id.serial = {0x01, 0x02};
  auto r = ocsp_respond(b, encode_ocsp_request(id));
  ASSERT_TRUE(r);
  auto parsed = parse_ocsp_response(*r);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->status, OcspStatus::unknown);
  EXPECT_FALSE(ocsp_respond(b, to_bytes("junk")));
  EXPECT_EQ(der_kind(b.crl), "crl");
  EXPECT_EQ(der_kind(b.ocsp_good), "ocsp-response");
  EXPECT_EQ(der_kind(b.leaf), "certificate");
  EXPECT_EQ(der_kind(encode_ocsp_request(id)), "ocsp-request");
}

TEST(PkiHandshake, OcspStaplingInTls12) {
  auto run = [](const std::string& profile, bool staple) {
    ScenarioOptions o;
    o.certificate_profile = profile;
    o.ocsp_stapling = staple;
    Simulation s(o);
    s.run_to_end();
    return s.trace();
  };
  auto has_fetch = [](const Trace& t) {
    for (auto& e : t.events)
      for (const sim::Derivation& d : sim::all_derivations(e))
        if (d.name.rfind("revocation fetch: OCSP", 0) == 0) return true;
    return false;
  };
  auto stapled_record = [](const Trace& t) {
    return find_event(t, [](const Event& e) { return e.from == Actor::server && e.name.find("CertificateStatus") != std::string::npos; });
  };
  Trace good = run("valid", true);
  EXPECT_EQ(good.outcome, OutcomeKind::completed);
  const Event* st = stapled_record(good);
  ASSERT_NE(st, nullptr);
  // The record's dissection shows the OCSP response inside CertificateStatus.
  EXPECT_NE(st->tree.find("CertificateStatus"), nullptr);
  EXPECT_NE(st->tree.find("certStatus"), nullptr);
  EXPECT_FALSE(has_fetch(good));  // the stapled answer replaced the query

  Trace revoked = run("revoked-ocsp", true);
  const Event* a = fatal_alert_from(revoked, Actor::client);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::certificate_revoked);
  EXPECT_NE(a->alert->reason.english().find("stapled"), std::string::npos) << a->alert->reason;
  EXPECT_FALSE(has_fetch(revoked));

  // Without stapling: no CertificateStatus, and the client asks the responder itself.
  Trace plain = run("valid", false);
  EXPECT_EQ(stapled_record(plain), nullptr);
  EXPECT_TRUE(has_fetch(plain));
  // Stapling asked but the server has nothing to staple (the demo chain): it does not ack.
  Trace demo = run("", true);
  EXPECT_EQ(demo.outcome, OutcomeKind::completed);
  EXPECT_EQ(stapled_record(demo), nullptr);
}

// The typed verdict beside each check (what `tlslab pki verify` prints): one per check, all
// passed on a valid chain; on a revoked one the revocation check fails, and the last check
// that fails is the one the failure names.
TEST(PkiValidate, EachCheckHasATypedVerdict) {
  const PkiBundle& b = profile_pki(CertProfile::valid, kHost, 2024);
  ValidationPolicy p = policy_for(b, kHost);
  auto good = validate_server_chain(b.chain, p, b.ocsp_good);
  ASSERT_TRUE(good.ok());
  ASSERT_EQ(good.passed.size(), good.checks.size());
  ASSERT_FALSE(good.checks.empty());
  for (size_t i = 0; i < good.passed.size(); ++i) EXPECT_TRUE(good.passed[i]) << good.checks[i].name;
  auto rev = validate_server_chain(b.chain, p, b.ocsp_revoked);
  ASSERT_FALSE(rev.ok());
  ASSERT_EQ(rev.passed.size(), rev.checks.size());
  ASSERT_FALSE(rev.passed.empty());
  EXPECT_FALSE(rev.passed.back());
  EXPECT_EQ(rev.checks.back().name, "certificate check: revocation status");
  EXPECT_EQ(rev.failure->alert, AlertDescription::certificate_revoked);
  for (size_t i = 0; i + 1 < rev.passed.size(); ++i) EXPECT_EQ(rev.passed[i], rev.checks[i].output == to_bytes("pass")) << rev.checks[i].name;
}

// RFC 5280 4.1.1.2: signatureAlgorithm "MUST contain the same algorithm identifier as the
// signature field in the sequence tbsCertificate" (OpenSSL refuses a difference). The outer copy
// is not signed: changing it leaves the signature valid, so only this check catches it. Another
// algorithm, or the same one with other parameters, is a corrupt certificate: bad_certificate.
TEST(PkiValidate, OuterSignatureAlgorithmMustEqualTheSignedOne) {
  auto rk = key("root"), lk = key("leaf");
  Bytes root = mint("Root", "Root", rk, rk, {ca_ext(std::nullopt)});
  Bytes leaf = mint("a.example.com", "Root", lk, rk, {leaf_ext("a.example.com")});
  ASSERT_TRUE(validate_server_chain({leaf}, trusting(root)).ok());
  // sha256WithRSAEncryption with NULL parameters (RFC 4055 5), in both places; the outer one last.
  const Bytes alg = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};
  auto at = std::search(leaf.rbegin(), leaf.rend(), alg.rbegin(), alg.rend());
  ASSERT_NE(at, leaf.rend());
  size_t outer = size_t(leaf.rend() - at) - alg.size();
  ASSERT_NE(std::search(leaf.begin(), leaf.begin() + long(outer), alg.begin(), alg.end()), leaf.begin() + long(outer))
      << "tbsCertificate.signature holds the same identifier";
  for (auto [off, value] : {std::pair{12, 0x0c},  // sha384WithRSAEncryption outside, sha256 signed
                            std::pair{13, 0x04}}) {  // the same OID, parameters an empty OCTET STRING
    Bytes bad = leaf;
    bad[outer + size_t(off)] = uint8_t(value);
    auto c = parse_certificate(bad);
    ASSERT_TRUE(c.ok());
    auto v = validate_server_chain({bad}, trusting(root));
    ASSERT_FALSE(v.ok()) << "byte " << off;
    EXPECT_EQ(v.failure->alert, AlertDescription::bad_certificate) << v.failure->reason;
    EXPECT_EQ(v.failure->message().key, "reason.certificate_check_failed") << v.failure->reason;
    EXPECT_NE(v.failure->reason.find("differs from tbsCertificate.signature"), std::string::npos) << v.failure->reason;
  }
}

namespace {

// parse_certificate, certificate_spki and certificate_subject_cn keep their readings per DER
// (pki/cert.cpp): a reading is that of the bytes asked about, never of others read before, a
// malformed certificate stays refused, and a reading with a tree still gets its tree. From
// several threads at once (the GUI's background work) the readings are the same.
TEST(PkiCertCache, ReadingsAreOfTheBytesAskedAbout) {
  const PkiBundle& b = profile_pki(CertProfile::valid, kHost, 2024);
  auto leaf = parse_certificate(b.leaf);
  auto inter = parse_certificate(b.intermediate);
  ASSERT_TRUE(leaf && inter);
  EXPECT_NE(leaf->subject, inter->subject);
  EXPECT_EQ(parse_certificate(b.leaf)->der, b.leaf);
  EXPECT_EQ(*certificate_spki(b.intermediate), inter->spki);
  EXPECT_NE(certificate_subject_cn(b.leaf), certificate_subject_cn(b.intermediate));
  // One byte of the signature changed: another certificate, read as such.
  Bytes other = b.leaf;
  other.back() ^= 0x01;
  auto o = parse_certificate(other);
  ASSERT_TRUE(o);
  EXPECT_NE(o->signature, leaf->signature);
  EXPECT_EQ(o->der, other);
  // Cut short: refused each time, and the whole one still read.
  Bytes cut(b.leaf.begin(), b.leaf.end() - 10);
  EXPECT_FALSE(parse_certificate(cut));
  EXPECT_FALSE(parse_certificate(cut));
  EXPECT_FALSE(certificate_spki(cut));
  EXPECT_TRUE(parse_certificate(b.leaf));
  // With a tree, the tree is made.
  Field tree;
  ASSERT_TRUE(parse_certificate(b.leaf, 0, &tree));
  EXPECT_FALSE(tree.children.empty());
  std::vector<std::thread> threads;
  std::atomic<int> same{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto l = parse_certificate(i % 2 ? b.leaf : b.intermediate);
        if (l && l->subject == (i % 2 ? leaf->subject : inter->subject)) ++same;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(same.load(), 200);
}

}  // namespace

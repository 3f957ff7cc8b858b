// OCSP must-staple (RFC 7633): the TLS Feature extension in the minted leaf, judged by openssl
// and by the RFC's encoding; the validator's hard failure without a stapled answer (RFC 6066 8's
// bad_certificate_status_response), whatever the revocation policy; and full handshakes with
// the must-staple profiles, stapling on and off, in TLS 1.2 and TLS 1.3.
#include <gtest/gtest.h>

#include <filesystem>

#include "net/simulation.hpp"
#include "pki/cert.hpp"
#include "pki/profiles.hpp"
#include "pki/validate.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace sim;
using namespace sim::pki;
using namespace simfix;

namespace {

constexpr const char* kHost = "www.example.com";
constexpr uint64_t kSeed = 2024;
using A = AlertDescription;

const PkiBundle& bundle(CertProfile p) { return profile_pki(p, kHost, kSeed); }

// The "certificate check: must-staple" derivation of a validation, or nullptr.
const Derivation* must_staple_check(const CertValidation& v, bool* passed = nullptr) {
  for (size_t i = 0; i < v.checks.size(); ++i)
    if (v.checks[i].name == "certificate check: must-staple") {
      if (passed) *passed = v.passed[i];
      return &v.checks[i];
    }
  return nullptr;
}

// A client whose responder and CRL server do not answer: what a network attacker who drops
// the revocation fetches leaves the client with.
ValidationPolicy blocked(const PkiBundle& b) {
  ValidationPolicy p = policy_for(b, kHost);
  p.fetch_crl = [](const std::string&) -> std::optional<Bytes> { return std::nullopt; };
  p.query_ocsp = [](const std::string&, const Bytes&) -> std::optional<Bytes> { return std::nullopt; };
  return p;
}

Trace run(const std::string& profile, bool staple, uint16_t version) {
  ScenarioOptions o;
  o.certificate_profile = profile;
  o.ocsp_stapling = staple;
  o.client_min_version = o.server_min_version = o.client_max_version = o.server_max_version = version;
  Simulation s(o);
  s.run_to_end();
  EXPECT_TRUE(s.done());
  return s.trace();
}

// The server's event holding a certificate check by that name, and the check.
std::pair<const Event*, const Derivation*> check_in(const Trace& t, const std::string& name) {
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e))
      if (d.name == name) return {&e, &d};
  return {nullptr, nullptr};
}

}  // namespace

TEST(MustStaple, OpensslSeesTheTlsFeatureExtension) {
  fs::path dir = testutil::temp_dir("must-staple");
  for (CertProfile p : {CertProfile::must_staple, CertProfile::revoked_must_staple, CertProfile::valid}) {
    SCOPED_TRACE(profile_info(p).name);
    const PkiBundle& b = bundle(p);
    fs::path der = dir / (profile_info(p).name + ".der");
    testutil::write_file(der, std::string(b.leaf.begin(), b.leaf.end()));
    auto x = testutil::run("openssl x509 -inform DER -in " + testutil::shell_quote(der.string()) + " -noout -text 2>&1");
    ASSERT_EQ(x.status, 0) << x.output;
    bool must = p != CertProfile::valid;
    EXPECT_EQ(x.output.find("TLS Feature:") != std::string::npos, must) << x.output;
    EXPECT_EQ(x.output.find("status_request") != std::string::npos, must) << x.output;
    if (must) {
      // Not critical: a client that does not know RFC 7633 still accepts the certificate.
      EXPECT_EQ(x.output.find("TLS Feature: critical"), std::string::npos) << x.output;
      // Only the responder is named: stapling is about OCSP, no CRL distribution point.
      EXPECT_NE(x.output.find("OCSP - URI:http://ocsp.tlslab.test/"), std::string::npos) << x.output;
      EXPECT_EQ(x.output.find("CRL Distribution Points"), std::string::npos) << x.output;
    }
  }
  fs::remove_all(dir);
}

TEST(MustStaple, ExtensionEncodingAndDissection) {
  auto leaf = parse_certificate(bundle(CertProfile::must_staple).leaf);
  ASSERT_TRUE(leaf);
  EXPECT_TRUE(leaf->must_staple());
  const pki::Extension* ext = nullptr;
  for (auto& e : leaf->extensions)
    if (e.oid == "1.3.6.1.5.5.7.1.24") ext = &e;
  ASSERT_NE(ext, nullptr);
  EXPECT_FALSE(ext->critical);
  // RFC 7633 6: Features ::= SEQUENCE OF INTEGER; { status_request (5) } is 30 03 02 01 05.
  EXPECT_EQ(ext->value, (Bytes{0x30, 0x03, 0x02, 0x01, 0x05}));
  EXPECT_TRUE(leaf->unknown_critical.empty());

  auto plain = parse_certificate(bundle(CertProfile::valid).leaf);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->must_staple());

  Field tree;
  ASSERT_TRUE(dissect_certificate(bundle(CertProfile::revoked_must_staple).leaf, 0, tree));
  const Field* f = tree.find("TLS Feature");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->value, "status_request (5)");
  const Field* id = f->find("extnID");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->value, "TLS Feature (1.3.6.1.5.5.7.1.24)");

  // A feature that is not an INTEGER is refused by the model (RFC 7633 6).
  CertSpec s;
  s.serial = {0x01};
  s.issuer_name = s.subject_name = make_name("bad-feature.example");
  s.not_before = unix_time(2026, 1, 1);
  s.not_after = unix_time(2027, 1, 1);
  Rng r(5, "must-staple-test");
  auto k = crypto::generate_key(crypto::KeyType::ecdsa_p256, r, 0);
  s.spki = k.public_spki;
  s.sig_alg = crypto::X509SigAlg::ecdsa_sha256;
  // Control: the same certificate with the RFC's value parses.
  s.extensions = {make_extension(kOidTlsFeature, false, Bytes{0x30, 0x03, 0x02, 0x01, 0x05})};
  auto good = mint_certificate(s, k.private_pkcs8, r);
  ASSERT_TRUE(good);
  auto parsed = parse_certificate(*good);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->must_staple());
  // The feature as an OCTET STRING instead of an INTEGER.
  s.extensions = {make_extension(kOidTlsFeature, false, Bytes{0x30, 0x03, 0x04, 0x01, 0x05})};
  auto bad = mint_certificate(s, k.private_pkcs8, r);
  ASSERT_TRUE(bad);
  EXPECT_FALSE(parse_certificate(*bad));
  // An INTEGER beyond the 16-bit ExtensionType range (RFC 8446 4.2): 70000.
  s.extensions = {make_extension(kOidTlsFeature, false, Bytes{0x30, 0x05, 0x02, 0x03, 0x01, 0x11, 0x70})};
  auto big = mint_certificate(s, k.private_pkcs8, r);
  ASSERT_TRUE(big);
  auto pb = parse_certificate(*big);
  ASSERT_FALSE(pb);
  EXPECT_NE(pb.error().reason.find("not a TLS extension number"), std::string::npos) << pb.error().reason;
}

TEST(MustStaple, NoStapleIsAHardFailureWhateverThePolicy) {
  const PkiBundle& b = bundle(CertProfile::must_staple);
  for (bool asked : {false, true})
    for (bool hard : {false, true})
      for (RevocationMode mode : {RevocationMode::ocsp_then_crl, RevocationMode::off}) {
        SCOPED_TRACE(std::string(asked ? "asked" : "not asked") + (hard ? " hard" : " soft") + " " + name_of(mode));
        ValidationPolicy p = policy_for(b, kHost);
        p.request_ocsp_stapling = asked;
        p.hard_fail = hard;
        p.revocation = mode;
        auto v = validate_server_chain(b.chain, p);
        ASSERT_FALSE(v.ok());
        EXPECT_EQ(v.failure->alert, A::bad_certificate_status_response);
        EXPECT_EQ(uint8_t(v.failure->alert), 113);  // RFC 6066 8
        bool passed = true;
        const Derivation* d = must_staple_check(v, &passed);
        ASSERT_NE(d, nullptr);
        EXPECT_FALSE(passed);
        EXPECT_EQ(d->formula.rfind("FAIL", 0), 0u) << d->formula;
        EXPECT_NE(d->spec.find("RFC 7633"), std::string::npos);
        // It is the last check: the responder, which says 'good', was not even asked.
        EXPECT_EQ(&v.checks.back(), d);
        EXPECT_TRUE(v.exchanges.empty());
        std::string reason = v.failure->reason;
        EXPECT_NE(reason.find("must-staple"), std::string::npos) << reason;
        EXPECT_NE(reason.find(asked ? "the server stapled none" : "did not offer status_request"), std::string::npos) << reason;
        EXPECT_NE(v.failure->render(Lang::fr), reason);
      }
}

TEST(MustStaple, TheStapledAnswerDecides) {
  const PkiBundle& good = bundle(CertProfile::must_staple);
  const PkiBundle& revoked = bundle(CertProfile::revoked_must_staple);
  EXPECT_EQ(good.ocsp_status, OcspStatus::good);
  EXPECT_EQ(revoked.ocsp_status, OcspStatus::revoked);

  // Good, stapled: passes, and the stapled answer replaced the query.
  ValidationPolicy pg = blocked(good);
  pg.request_ocsp_stapling = true;
  auto vg = validate_server_chain(good.chain, pg, ocsp_response_for_leaf(good));
  EXPECT_TRUE(vg.ok()) << (vg.failure ? vg.failure->reason : "");
  bool passed = false;
  ASSERT_NE(must_staple_check(vg, &passed), nullptr);
  EXPECT_TRUE(passed);
  EXPECT_TRUE(vg.exchanges.empty());

  // Revoked, stapled: certificate_revoked (RFC 5246 7.2.2), decided by the stapled answer.
  ValidationPolicy pr = blocked(revoked);
  pr.request_ocsp_stapling = true;
  auto vr = validate_server_chain(revoked.chain, pr, ocsp_response_for_leaf(revoked));
  ASSERT_FALSE(vr.ok());
  EXPECT_EQ(vr.failure->alert, A::certificate_revoked);
  ASSERT_NE(must_staple_check(vr, &passed), nullptr);
  EXPECT_TRUE(passed);
  EXPECT_NE(vr.failure->reason.find("stapled"), std::string::npos) << vr.failure->reason;
  EXPECT_TRUE(vr.exchanges.empty());

  // A stapled 'good' answer about another certificate does not save a revoked leaf.
  auto vx = validate_server_chain(revoked.chain, pr, ocsp_response_for_leaf(good));
  EXPECT_FALSE(vx.ok());
}

TEST(MustStaple, WithoutItBehaviourIsUnchanged) {
  // The revocation-block lesson: the responder is unreachable. A soft-fail client accepts a
  // revoked certificate without must-staple; with must-staple and no staple, it cannot.
  const PkiBundle& ro = bundle(CertProfile::revoked_ocsp);
  auto soft = validate_server_chain(ro.chain, blocked(ro));
  EXPECT_TRUE(soft.ok());
  EXPECT_EQ(must_staple_check(soft), nullptr);
  ValidationPolicy hard = blocked(ro);
  hard.hard_fail = true;
  auto vh = validate_server_chain(ro.chain, hard);
  ASSERT_FALSE(vh.ok());
  EXPECT_EQ(vh.failure->alert, A::certificate_unknown);
  // The responder answers: revoked, as before.
  auto vq = validate_server_chain(ro.chain, policy_for(ro, kHost));
  ASSERT_FALSE(vq.ok());
  EXPECT_EQ(vq.failure->alert, A::certificate_revoked);
  EXPECT_EQ(must_staple_check(vq), nullptr);

  const PkiBundle& rms = bundle(CertProfile::revoked_must_staple);
  auto vm = validate_server_chain(rms.chain, blocked(rms));
  ASSERT_FALSE(vm.ok());
  EXPECT_EQ(vm.failure->alert, A::bad_certificate_status_response);
}

TEST(MustStaple, HandshakesWithStaplingOnAndOff) {
  struct Case {
    std::string profile;
    bool staple;
    std::optional<A> alert;
  };
  const std::vector<Case> cases = {
      {"revoked-must-staple", true, A::certificate_revoked},
      {"revoked-must-staple", false, A::bad_certificate_status_response},
      {"must-staple", true, std::nullopt},
      {"must-staple", false, A::bad_certificate_status_response},
  };
  for (uint16_t version : {kTls12, kTls13})
    for (auto& c : cases) {
      SCOPED_TRACE(c.profile + (c.staple ? " stapling" : " no stapling") + (version == kTls13 ? " TLS 1.3" : " TLS 1.2"));
      Trace t = run(c.profile, c.staple, version);
      // The profile table's expected alert is the stapled case's.
      if (c.staple) {
        EXPECT_EQ(profile_info(*profile_by_name(c.profile)).expected_alert, c.alert);
      }
      auto [ev, d] = check_in(t, "certificate check: must-staple");
      ASSERT_NE(d, nullptr);
      EXPECT_EQ(d->formula.rfind(c.staple ? "PASS" : "FAIL", 0), 0u) << d->formula;
      // The check is made on the server's Certificate (TLS 1.3: the leaf entry carries the
      // staple) or, in TLS 1.2 with stapling, on its CertificateStatus.
      ASSERT_NE(ev, nullptr);
      EXPECT_EQ(ev->from, Actor::server);
      EXPECT_NE(ev->tree.find(version == kTls12 && c.staple ? "CertificateStatus" : "Certificate"), nullptr) << ev->name;
      // A CertificateStatus message exists only in TLS 1.2 with stapling (RFC 6066 8).
      bool status_msg = find_event(t, [](const Event& e) { return e.from == Actor::server && e.tree.find("CertificateStatus"); });
      EXPECT_EQ(status_msg, version == kTls12 && c.staple);

      const Event* a = fatal_alert_from(t, Actor::client);
      if (!c.alert) {
        EXPECT_EQ(a, nullptr);
        EXPECT_EQ(t.outcome, OutcomeKind::completed);
        continue;
      }
      ASSERT_NE(a, nullptr) << t.outcome;
      EXPECT_EQ(a->alert->description, *c.alert) << a->alert->reason;
      EXPECT_FALSE(t.handshake_complete);
      // The client stops at that step: it sends nothing of its second flight.
      EXPECT_EQ(find_event(t, [](const Event& e) {
                  return e.from == Actor::client && (e.name == "ClientKeyExchange" || e.name == "Finished");
                }),
                nullptr);
      if (version == kTls13) {
        EXPECT_EQ(a->protection.phase, ProtectionPhase::handshake);
      }
    }
}

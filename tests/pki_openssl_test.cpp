// The simulated PKI judged by openssl: what we mint is accepted by `openssl x509`, `verify`,
// `crl` and `ocsp`; openssl rejects our broken profiles for the same reason our validator does;
// our parser reads certificates made by `openssl req -x509` as `openssl x509` does.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "asn1/pem.hpp"
#include "pki/cert.hpp"
#include "pki/demo.hpp"
#include "pki/profiles.hpp"
#include "pki/validate.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace sim;
using namespace sim::pki;

namespace {

constexpr const char* kHost = "www.example.com";
constexpr uint64_t kSeed = 2024;
const std::string kAt = "-attime 1780272000";  // 2026-06-01 00:00:00 UTC, the simulated clock

std::string q(const fs::path& p) { return testutil::shell_quote(p.string()); }

class PkiOpenssl : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = new fs::path(testutil::temp_dir("pki-openssl")); }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  // Writes a profile's files into their own folder; returns it.
  static fs::path write_profile(CertProfile p, crypto::KeyType kt = crypto::KeyType::rsa) {
    const PkiBundle& b = profile_pki(p, kHost, kSeed, kt);
    fs::path d = *dir_ / (profile_info(p).name + "-" + std::to_string(int(kt)));
    fs::create_directories(d);
    testutil::write_file(d / "root.pem", pem::to_pem("CERTIFICATE", b.root));
    testutil::write_file(d / "intermediate.pem", pem::to_pem("CERTIFICATE", b.intermediate));
    testutil::write_file(d / "leaf.pem", pem::to_pem("CERTIFICATE", b.leaf));
    testutil::write_file(d / "crl.pem", pem::to_pem("X509 CRL", b.crl));
    testutil::write_file(d / "ocsp-good.der", std::string(b.ocsp_good.begin(), b.ocsp_good.end()));
    testutil::write_file(d / "ocsp-revoked.der", std::string(b.ocsp_revoked.begin(), b.ocsp_revoked.end()));
    return d;
  }
  static testutil::CommandResult verify(const fs::path& d, const std::string& extra = "") {
    return testutil::run("openssl verify " + kAt + " " + extra + " -CAfile " + q(d / "root.pem") + " -untrusted " +
                         q(d / "intermediate.pem") + " " + q(d / "leaf.pem") + " 2>&1");
  }
  static CertValidation ours(CertProfile p, crypto::KeyType kt = crypto::KeyType::rsa) {
    const PkiBundle& b = profile_pki(p, kHost, kSeed, kt);
    return validate_server_chain(b.chain, policy_for(b, kHost));
  }
  static fs::path* dir_;
};
fs::path* PkiOpenssl::dir_ = nullptr;

}  // namespace

TEST_F(PkiOpenssl, ValidChainTextAndVerify) {
  fs::path d = write_profile(CertProfile::valid);
  auto t = testutil::run("openssl x509 -in " + q(d / "leaf.pem") + " -noout -text 2>&1");
  ASSERT_EQ(t.status, 0) << t.output;
  for (const char* want :
       {"Version: 3 (0x2)", "Signature Algorithm: sha256WithRSAEncryption",
        "Issuer: O = tlslab, CN = tlslab Simulated Intermediate CA", "Subject: O = tlslab, CN = www.example.com",
        "Not Before: Jan  1 00:00:00 2026 GMT", "Not After : Jan  1 00:00:00 2027 GMT", "Public-Key: (2048 bit)",
        "X509v3 Basic Constraints: critical\n                CA:FALSE",
        "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment",
        "TLS Web Server Authentication", "DNS:www.example.com", "X509v3 Subject Key Identifier",
        "X509v3 Authority Key Identifier", "URI:http://crl.tlslab.test/intermediate.crl",
        "OCSP - URI:http://ocsp.tlslab.test/"})
    EXPECT_NE(t.output.find(want), std::string::npos) << "missing: " << want << "\n" << t.output;
  auto i = testutil::run("openssl x509 -in " + q(d / "intermediate.pem") + " -noout -text 2>&1");
  EXPECT_NE(i.output.find("X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0"), std::string::npos) << i.output;
  EXPECT_NE(i.output.find("Certificate Sign, CRL Sign"), std::string::npos) << i.output;
  auto r = testutil::run("openssl x509 -in " + q(d / "root.pem") + " -noout -text 2>&1");
  EXPECT_NE(r.output.find("CA:TRUE, pathlen:1"), std::string::npos) << r.output;

  auto v = verify(d, "-x509_strict -purpose sslserver -verify_hostname www.example.com -auth_level 2");
  EXPECT_EQ(v.status, 0) << v.output;
  EXPECT_NE(v.output.find(": OK"), std::string::npos) << v.output;
  auto vc = verify(d, "-crl_check -CRLfile " + q(d / "crl.pem"));
  EXPECT_EQ(vc.status, 0) << vc.output;
  // Negative control: the same chain with the host of another site.
  EXPECT_NE(verify(d, "-verify_hostname other.example.com").status, 0);
  EXPECT_TRUE(ours(CertProfile::valid).ok()) << ours(CertProfile::valid).failure->reason;
}

TEST_F(PkiOpenssl, CrlAndOcspAreAcceptedByOpenssl) {
  fs::path d = write_profile(CertProfile::revoked_crl);
  auto c = testutil::run("openssl crl -in " + q(d / "crl.pem") + " -noout -text -CAfile " + q(d / "intermediate.pem") + " 2>&1");
  EXPECT_EQ(c.status, 0) << c.output;
  EXPECT_NE(c.output.find("verify OK"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("Version 2 (0x1)"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("Key Compromise"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("X509v3 CRL Number"), std::string::npos) << c.output;
  // The leaf's serial is among the revoked ones.
  auto serial = testutil::run("openssl x509 -in " + q(d / "leaf.pem") + " -noout -serial");
  std::string s = serial.output.substr(serial.output.find('=') + 1);
  s.erase(s.find_last_not_of("\n") + 1);
  EXPECT_NE(c.output.find("Serial Number: " + s), std::string::npos) << s << "\n" << c.output;

  fs::path v = write_profile(CertProfile::valid);
  for (auto [file, status] : {std::pair<std::string, std::string>{"ocsp-good.der", "good"}, {"ocsp-revoked.der", "revoked"}}) {
    // -validity_period: the answers are dated for the simulated clock, not today.
    auto o = testutil::run("openssl ocsp -respin " + q(v / file) + " -VAfile " + q(v / "intermediate.pem") + " -issuer " +
                           q(v / "intermediate.pem") + " -cert " + q(v / "leaf.pem") + " -validity_period 300000000 2>&1");
    EXPECT_EQ(o.status, 0) << o.output;
    EXPECT_NE(o.output.find("Response verify OK"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("leaf.pem: " + status), std::string::npos) << o.output;
  }
  // Negative control: a flipped bit in the signature does not verify.
  std::string der = testutil::read_file(v / "ocsp-good.der");
  der[der.size() - 3] ^= 0x01;
  testutil::write_file(v / "ocsp-bad.der", der);
  auto bad = testutil::run("openssl ocsp -respin " + q(v / "ocsp-bad.der") + " -VAfile " + q(v / "intermediate.pem") + " -issuer " +
                           q(v / "intermediate.pem") + " -cert " + q(v / "leaf.pem") + " -validity_period 300000000 2>&1");
  EXPECT_EQ(bad.output.find("Response verify OK"), std::string::npos) << bad.output;
}

TEST_F(PkiOpenssl, OpensslAndOurValidatorRejectTheSameProfiles) {
  struct Case {
    CertProfile p;
    std::string openssl_error;  // from `openssl verify`
    AlertDescription alert;     // what our client sends (RFC 5246 7.2.2)
    std::string extra;
  };
  std::vector<Case> cases = {
      {CertProfile::expired, "certificate has expired", AlertDescription::certificate_expired, ""},
      {CertProfile::not_yet_valid, "certificate is not yet valid", AlertDescription::certificate_expired, ""},
      {CertProfile::unknown_ca, "unable to get local issuer certificate", AlertDescription::unknown_ca, ""},
      {CertProfile::self_signed, "self-signed certificate", AlertDescription::unknown_ca, ""},
      {CertProfile::revoked_crl, "certificate revoked", AlertDescription::certificate_revoked, "-crl_check"},
      {CertProfile::ca_without_basic_constraints, "invalid CA certificate", AlertDescription::bad_certificate, ""},
      {CertProfile::rsa_512, "EE certificate key too weak", AlertDescription::unsupported_certificate, "-auth_level 1"},
      {CertProfile::md5_signature, "digest algorithm too weak", AlertDescription::unsupported_certificate, "-auth_level 1"},
      {CertProfile::wrong_host, "hostname mismatch", AlertDescription::bad_certificate, "-verify_hostname www.example.com"},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(profile_info(c.p).name);
    fs::path d = write_profile(c.p);
    std::string extra = c.extra == "-crl_check" ? "-crl_check -CRLfile " + q(d / "crl.pem") : c.extra;
    auto v = verify(d, extra);
    EXPECT_NE(v.status, 0) << v.output;
    EXPECT_NE(v.output.find(c.openssl_error), std::string::npos) << v.output;
    auto o = ours(c.p);
    ASSERT_FALSE(o.ok());
    EXPECT_EQ(o.failure->alert, c.alert) << o.failure->reason;
    EXPECT_EQ(profile_info(c.p).expected_alert, c.alert);
  }
}

TEST_F(PkiOpenssl, EcdsaAndEd25519LeavesVerify) {
  for (auto kt : {crypto::KeyType::ecdsa_p256, crypto::KeyType::ed25519}) {
    SCOPED_TRACE(crypto::name_of(kt));
    fs::path d = write_profile(CertProfile::valid, kt);
    auto t = testutil::run("openssl x509 -in " + q(d / "leaf.pem") + " -noout -text 2>&1");
    EXPECT_NE(t.output.find(kt == crypto::KeyType::ed25519 ? "Public Key Algorithm: ED25519" : "ASN1 OID: prime256v1"),
              std::string::npos)
        << t.output;
    EXPECT_NE(t.output.find("Digital Signature"), std::string::npos);
    EXPECT_EQ(t.output.find("Key Encipherment"), std::string::npos);  // no RSA key transport with these keys
    auto v = verify(d, "-purpose sslserver");
    EXPECT_EQ(v.status, 0) << v.output;
    EXPECT_TRUE(ours(CertProfile::valid, kt).ok());
    // demo_credentials with a key type: the same chain, leaf -> intermediate -> root.
    const auto& creds = pki::demo_credentials(kHost, kSeed, kt);
    ASSERT_EQ(creds.chain_der.size(), 3u);
    EXPECT_EQ(creds.chain_der[0], profile_pki(CertProfile::valid, kHost, kSeed, kt).leaf);
    EXPECT_EQ(creds.chain_der[2], creds.root_der);
    EXPECT_EQ(crypto::key_type_of_pkcs8(creds.leaf_private_pkcs8), kt);
    EXPECT_EQ(&creds, &pki::demo_credentials(kHost, kSeed, kt));  // cached
  }
}

TEST_F(PkiOpenssl, OurParserReadsOpensslCertificates) {
  struct Case {
    const char* name;
    const char* newkey;
    std::string key_shown;
  };
  for (const Case& c : {Case{"rsa", "-newkey rsa:2048", "RSA 2048 bits"},
                        Case{"ec", "-newkey ec -pkeyopt ec_paramgen_curve:P-256", "EC P-256 (prime256v1) 256 bits"}}) {
    SCOPED_TRACE(c.name);
    fs::path cert = *dir_ / (std::string(c.name) + "-req.pem"), key = *dir_ / (std::string(c.name) + "-req.key");
    auto g = testutil::run(std::string("openssl req -x509 ") + c.newkey + " -nodes -keyout " + q(key) + " -out " + q(cert) +
                           " -days 30 -subj '/C=FR/O=Test Org/CN=" + c.name + ".example.org' 2>&1");
    ASSERT_EQ(g.status, 0) << g.output;
    auto info = testutil::run("openssl x509 -in " + q(cert) + " -noout -serial -subject -issuer -startdate -enddate -dateopt iso_8601");
    ASSERT_EQ(info.status, 0);
    auto field = [&](const std::string& k) {
      size_t at = info.output.find(k + "=");
      std::string v = info.output.substr(at + k.size() + 1, info.output.find('\n', at) - at - k.size() - 1);
      for (size_t p; (p = v.find(" = ")) != std::string::npos;) v.replace(p, 3, "=");  // "C = FR" -> "C=FR"
      return v;
    };
    std::string der_err;
    auto certs = pem::load_certificates(to_bytes(testutil::read_file(cert)), &der_err);
    ASSERT_EQ(certs.size(), 1u) << der_err;
    Field root;
    ASSERT_TRUE(pki::dissect_certificate(certs[0], 0, root));
    const Field* tbs = root.find("tbsCertificate");
    ASSERT_TRUE(tbs);
    std::string serial = tbs->find("serialNumber")->value;
    serial.erase(std::remove(serial.begin(), serial.end(), ':'), serial.end());
    // The field shows the INTEGER's content bytes: a serial whose top bit is set has a leading
    // 00 there (DER's sign byte, X.690 8.3.2) that openssl's number does not print.
    if (serial.size() > 2 && serial.compare(0, 2, "00") == 0) serial.erase(0, 2);
    std::string want_serial = field("serial");
    std::transform(want_serial.begin(), want_serial.end(), want_serial.begin(), ::tolower);
    EXPECT_EQ(serial, want_serial);
    EXPECT_EQ(tbs->find("subject")->value, field("subject"));
    EXPECT_EQ(tbs->find("issuer")->value, field("issuer"));
    // iso_8601 dates: "2026-11-28 02:39:11Z" vs ours "2026-11-28 02:39:11 UTC".
    std::string nb = field("notBefore"), na = field("notAfter");
    EXPECT_EQ(tbs->find("notBefore")->value, nb.substr(0, nb.size() - 1) + " UTC");
    EXPECT_EQ(tbs->find("notAfter")->value, na.substr(0, na.size() - 1) + " UTC");
    EXPECT_EQ(tbs->find("subjectPublicKeyInfo")->value, c.key_shown);
    // The key itself: our SubjectPublicKeyInfo bytes are what openssl extracts.
    ASSERT_EQ(testutil::run("openssl x509 -in " + q(cert) + " -noout -pubkey | openssl pkey -pubin -outform DER -out " +
                            q(*dir_ / "pub.der")).status,
              0);
    std::string pub = testutil::read_file(*dir_ / "pub.der");
    EXPECT_EQ(*pki::certificate_spki(certs[0]), Bytes(pub.begin(), pub.end()));
    // And the validator model agrees, and accepts the self-signed certificate when trusted.
    auto parsed = parse_certificate(certs[0]);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->subject, field("subject"));
    ValidationPolicy pol;
    pol.enabled = true;
    pol.trust_store = {certs[0]};
    pol.now = parsed->not_before + 60;
    pol.host = std::string(c.name) + ".example.org";
    auto v = validate_server_chain(certs, pol);
    EXPECT_TRUE(v.ok()) << v.failure->reason;
  }
}

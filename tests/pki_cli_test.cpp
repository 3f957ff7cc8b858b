// `tlslab pki ...` and the certificate options of run/serve: exit codes, files written, and
// the errors for bad input. openssl judges the exported files.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>

#include "pki/profiles.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;

namespace {

std::string q(const fs::path& p) { return testutil::shell_quote(p.string()); }
testutil::CommandResult tlslab(const std::string& args) { return testutil::run(std::string(TLSLAB_BIN) + " " + args + " 2>&1"); }

class PkiCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(testutil::temp_dir("pki-cli"));
    auto r = tlslab("pki export --profile valid --out " + q(*dir_ / "valid"));
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  static fs::path* dir_;
};
fs::path* PkiCli::dir_ = nullptr;

}  // namespace

TEST_F(PkiCli, ProfilesListsEveryProfile) {
  auto r = tlslab("pki profiles");
  EXPECT_EQ(r.status, 0);
  for (const char* p : {"valid", "expired", "not-yet-valid", "wrong-host", "self-signed", "unknown-ca", "revoked-crl", "revoked-ocsp",
                        "ca-without-basic-constraints", "rsa-512", "md5-signature"})
    EXPECT_NE(r.output.find(std::string(p) + " "), std::string::npos) << p;
}

TEST_F(PkiCli, ExportWritesEveryFileAndOpensslReadsThem) {
  fs::path d = *dir_ / "valid";
  for (const char* f : {"root.pem", "intermediate.pem", "leaf.pem", "chain.pem", "leaf.key", "crl.pem", "ocsp-good.der", "ocsp-revoked.der"}) {
    EXPECT_TRUE(fs::is_regular_file(d / f)) << f;
    EXPECT_GT(fs::file_size(d / f), 100u) << f;
  }
  // The key belongs to the leaf (openssl computes both public keys).
  auto a = testutil::run("openssl pkey -in " + q(d / "leaf.key") + " -pubout");
  auto b = testutil::run("openssl x509 -in " + q(d / "leaf.pem") + " -noout -pubkey");
  EXPECT_EQ(a.status, 0);
  EXPECT_EQ(a.output, b.output);
  EXPECT_EQ(testutil::run("openssl crl -in " + q(d / "crl.pem") + " -noout 2>&1").status, 0);
  // Same seed, same bytes; another seed, another key.
  auto again = tlslab("pki export --profile valid --out " + q(*dir_ / "again"));
  ASSERT_EQ(again.status, 0);
  EXPECT_EQ(testutil::read_file(d / "leaf.pem"), testutil::read_file(*dir_ / "again" / "leaf.pem"));
  ASSERT_EQ(tlslab("pki export --profile valid --seed 5 --out " + q(*dir_ / "seed5")).status, 0);
  EXPECT_NE(testutil::read_file(d / "root.pem"), testutil::read_file(*dir_ / "seed5" / "root.pem"));

  EXPECT_EQ(tlslab("pki export --profile nope --out " + q(*dir_ / "x")).status, 2);
  EXPECT_EQ(tlslab("pki export --out " + q(*dir_ / "x")).status, 2);  // --profile is required
}

TEST_F(PkiCli, ShowPrintsTreesAndRejectsBadFiles) {
  fs::path d = *dir_ / "valid";
  auto c = tlslab("pki show " + q(d / "leaf.pem"));
  EXPECT_EQ(c.status, 0) << c.output;
  for (const char* want : {"serialNumber", "issuer: O=tlslab, CN=tlslab Simulated Intermediate CA", "notAfter: 2027-01-01 00:00:00 UTC",
                           "subject: O=tlslab, CN=www.example.com", "subjectPublicKeyInfo: RSA 2048 bits", "cRLDistributionPoints",
                           "URI:http://crl.tlslab.test/intermediate.crl", "signatureValue"})
    EXPECT_NE(c.output.find(want), std::string::npos) << want << "\n" << c.output;
  auto crl = tlslab("pki show " + q(d / "crl.pem"));
  EXPECT_EQ(crl.status, 0) << crl.output;
  EXPECT_NE(crl.output.find("thisUpdate: 2026-05-25 00:00:00 UTC"), std::string::npos) << crl.output;
  EXPECT_NE(crl.output.find("cRLNumber: 1"), std::string::npos) << crl.output;
  auto ocsp = tlslab("pki show " + q(d / "ocsp-revoked.der"));
  EXPECT_EQ(ocsp.status, 0) << ocsp.output;
  EXPECT_NE(ocsp.output.find("certStatus: revoked since 2026-03-01 00:00:00 UTC, keyCompromise (1)"), std::string::npos) << ocsp.output;
  // DER certificate, as openssl writes it.
  ASSERT_EQ(testutil::run("openssl x509 -in " + q(d / "leaf.pem") + " -outform DER -out " + q(*dir_ / "leaf.der")).status, 0);
  EXPECT_EQ(tlslab("pki show " + q(*dir_ / "leaf.der")).status, 0);

  // Truncated DER: the tree so far, "malformed", exit 1. Missing file: exit 2.
  std::string der = testutil::read_file(*dir_ / "leaf.der");
  testutil::write_file(*dir_ / "cut.der", der.substr(0, der.size() / 2));
  auto cut = tlslab("pki show " + q(*dir_ / "cut.der"));
  EXPECT_EQ(cut.status, 1) << cut.output;
  EXPECT_NE(cut.output.find("malformed"), std::string::npos) << cut.output;
  testutil::write_file(*dir_ / "bad.pem", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
  EXPECT_EQ(tlslab("pki show " + q(*dir_ / "bad.pem")).status, 1);
  testutil::write_file(*dir_ / "text.txt", "hello");
  EXPECT_EQ(tlslab("pki show " + q(*dir_ / "text.txt")).status, 1);
  EXPECT_EQ(tlslab("pki show " + q(*dir_ / "missing.pem")).status, 2);
}

TEST_F(PkiCli, VerifyExitsZeroOnlyWhenValid) {
  fs::path d = *dir_ / "valid";
  auto ok = tlslab("pki verify --trust " + q(d / "root.pem") + " --untrusted " + q(d / "intermediate.pem") +
                   " --host www.example.com --crl " + q(d / "crl.pem") + " " + q(d / "leaf.pem"));
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("PASS  host name"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("verdict: valid"), std::string::npos) << ok.output;
  // Without the intermediate there is no path.
  auto nopath = tlslab("pki verify --trust " + q(d / "root.pem") + " " + q(d / "leaf.pem"));
  EXPECT_EQ(nopath.status, 1) << nopath.output;
  EXPECT_NE(nopath.output.find("unknown_ca"), std::string::npos) << nopath.output;
  // Wrong host, stapled revoked answer, and the system time (the leaf is valid until 2027).
  EXPECT_EQ(tlslab("pki verify --trust " + q(d / "root.pem") + " --untrusted " + q(d / "intermediate.pem") + " --host other.test " +
                   q(d / "leaf.pem")).status,
            1);
  auto rev = tlslab("pki verify --trust " + q(d / "root.pem") + " --untrusted " + q(d / "intermediate.pem") + " --ocsp " +
                    q(d / "ocsp-revoked.der") + " " + q(d / "leaf.pem"));
  EXPECT_EQ(rev.status, 1) << rev.output;
  EXPECT_NE(rev.output.find("certificate_revoked"), std::string::npos) << rev.output;
  // The expired profile fails at the simulated clock.
  ASSERT_EQ(tlslab("pki export --profile expired --out " + q(*dir_ / "expired")).status, 0);
  auto ex = tlslab("pki verify --trust " + q(*dir_ / "expired" / "root.pem") + " --untrusted " + q(*dir_ / "expired" / "intermediate.pem") +
                   " " + q(*dir_ / "expired" / "leaf.pem"));
  EXPECT_EQ(ex.status, 1);
  EXPECT_NE(ex.output.find("certificate_expired"), std::string::npos) << ex.output;
  // Bad input: missing file, a key instead of a certificate, no --trust.
  EXPECT_EQ(tlslab("pki verify --trust " + q(d / "nope.pem") + " " + q(d / "leaf.pem")).status, 2);
  EXPECT_EQ(tlslab("pki verify --trust " + q(d / "leaf.key") + " " + q(d / "leaf.pem")).status, 2);
  EXPECT_EQ(tlslab("pki verify " + q(d / "leaf.pem")).status, 2);
  EXPECT_EQ(tlslab("pki").status, 2);
}

TEST_F(PkiCli, RunWithProfilesCertificatesAndNoVerify) {
  auto ex = tlslab("run --cert-profile expired");
  EXPECT_EQ(ex.status, 1);
  EXPECT_NE(ex.output.find("Alert: fatal certificate_expired"), std::string::npos) << ex.output;
  auto off = tlslab("run --cert-profile expired --no-verify");
  EXPECT_EQ(off.status, 0) << off.output;
  EXPECT_EQ(tlslab("run --cert-profile bogus").status, 2);

  // A certificate made by openssl: refused (unknown_ca) until trusted, then the handshake completes.
  fs::path c = *dir_ / "os.pem", k = *dir_ / "os.key";
  ASSERT_EQ(testutil::run("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + q(k) + " -out " + q(c) +
                          " -days 3650 -subj /CN=www.example.com -addext subjectAltName=DNS:www.example.com 2>&1")
                .status,
            0);
  auto untrusted = tlslab("run --cert " + q(c) + " --key " + q(k));
  EXPECT_EQ(untrusted.status, 1);
  EXPECT_NE(untrusted.output.find("unknown_ca"), std::string::npos) << untrusted.output;
  // openssl dated it today: check at today's time (the simulated clock is 2026-06-01).
  std::string now = " --clock " + std::to_string(std::time(nullptr));
  auto trusted = tlslab("run --cert " + q(c) + " --key " + q(k) + " --trust " + q(c) + now);
  EXPECT_EQ(trusted.status, 0) << trusted.output;
  EXPECT_NE(trusted.output.find("completed"), std::string::npos) << trusted.output;
  // Key and certificate that do not belong together, --cert without --key, a missing file.
  EXPECT_EQ(tlslab("run --cert " + q(c) + " --key " + q(*dir_ / "valid" / "leaf.key")).status, 2);
  EXPECT_EQ(tlslab("run --cert " + q(c)).status, 2);
  EXPECT_EQ(tlslab("run --cert " + q(*dir_ / "none.pem") + " --key " + q(k)).status, 2);
}

TEST_F(PkiCli, OpensslClientVerifiesServedChainAndSeesTheStapledOcsp) {
  fs::path log = *dir_ / "serve.log";
  testutil::Background server(std::string(TLSLAB_BIN) + " serve --once --timeout 20 --port 0 --cert-profile valid --ocsp-stapling > " +
                              q(log) + " 2>&1");
  int port = 0;
  for (int i = 0; i < 200 && !port; ++i) {
    std::string text = testutil::read_file(log);
    auto at = text.find("listening on 127.0.0.1:");
    if (at != std::string::npos && text.find(" as ", at) != std::string::npos) port = std::atoi(text.c_str() + at + 23);
    else ::usleep(50000);
  }
  ASSERT_NE(port, 0) << testutil::read_file(log);
  fs::path d = *dir_ / "valid";
  // s_client checks the chain against the exported root at the simulated time, and asks for the
  // stapled OCSP answer (-status).
  auto r = testutil::run("echo Q | openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                         " -servername www.example.com -tls1_2 -status -verify_return_error -verify_hostname www.example.com"
                         " -attime 1780272000 -CAfile " + q(d / "root.pem") + " 2>&1");
  EXPECT_NE(r.output.find("Verify return code: 0 (ok)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("OCSP Response Status: successful (0x0)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Cert Status: good"), std::string::npos) << r.output;
  EXPECT_EQ(server.wait_exit(20000), 0) << testutil::read_file(log);
}

// pki verify --lang fr: each check's verdict, name and detail in French, the exit status from
// the typed verdict, and no English piece of the CLI's own lines.
TEST_F(PkiCli, VerifyInFrench) {
  fs::path d = *dir_ / "valid";
  auto english = testutil::english_fragments("cli.");
  auto ok = tlslab("pki verify --lang fr --trust " + q(d / "root.pem") + " --untrusted " + q(d / "intermediate.pem") +
                   " --host www.example.com --crl " + q(d / "crl.pem") + " " + q(d / "leaf.pem"));
  EXPECT_EQ(ok.status, 0) << ok.output;
  for (const char* fr : {"horloge : 2026-06-01 00:00:00 UTC (l'horloge simulée ; --now pour l'heure du système)",
                         "RÉUSSI  nom d'hôte  (RFC 6125 6.4)", "verdict : valide"})
    EXPECT_NE(ok.output.find(fr), std::string::npos) << fr << "\n" << ok.output;
  EXPECT_EQ(ok.output.find("ÉCHEC"), std::string::npos) << ok.output;
  for (auto& en : english) EXPECT_FALSE(testutil::contains_words(ok.output, en)) << "\"" << en << "\"\n" << ok.output;

  // Revoked (a stapled OCSP answer): the last check fails, exit 1.
  auto rev = tlslab("pki verify --lang fr --trust " + q(d / "root.pem") + " --untrusted " + q(d / "intermediate.pem") + " --ocsp " +
                    q(d / "ocsp-revoked.der") + " " + q(d / "leaf.pem"));
  EXPECT_EQ(rev.status, 1) << rev.output;
  EXPECT_NE(rev.output.find("RÉUSSI  "), std::string::npos) << rev.output;
  EXPECT_NE(rev.output.find("ÉCHEC   statut de révocation"), std::string::npos) << rev.output;
  EXPECT_NE(rev.output.find("verdict : INVALIDE, un client TLS envoie certificate_revoked : certificat, statut de révocation : "),
            std::string::npos)
      << rev.output;
  for (auto& en : english) EXPECT_FALSE(testutil::contains_words(rev.output, en)) << "\"" << en << "\"\n" << rev.output;

  // Expired, at the simulated clock.
  ASSERT_EQ(tlslab("pki export --lang fr --profile expired --out " + q(*dir_ / "expired-fr")).status, 0);
  auto ex = tlslab("pki verify --lang fr --trust " + q(*dir_ / "expired-fr" / "root.pem") + " --untrusted " +
                   q(*dir_ / "expired-fr" / "intermediate.pem") + " " + q(*dir_ / "expired-fr" / "leaf.pem"));
  EXPECT_EQ(ex.status, 1) << ex.output;
  EXPECT_NE(ex.output.find("ÉCHEC   "), std::string::npos) << ex.output;
  EXPECT_NE(ex.output.find("expiré : notAfter"), std::string::npos) << ex.output;
  EXPECT_NE(ex.output.find("un client TLS envoie certificate_expired"), std::string::npos) << ex.output;
  for (auto& en : english) EXPECT_FALSE(testutil::contains_words(ex.output, en)) << "\"" << en << "\"\n" << ex.output;

  // Errors in French too, with the same exit status.
  auto missing = tlslab("pki verify --lang fr --trust " + q(d / "nope.pem") + " " + q(d / "leaf.pem"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("erreur : " + (d / "nope.pem").string() + " : fichier introuvable"), std::string::npos) << missing.output;
  auto profiles = tlslab("pki profiles --lang fr");
  EXPECT_EQ(profiles.status, 0);
  EXPECT_NE(profiles.output.find("aucune (la poignée de main aboutit)"), std::string::npos) << profiles.output;
  // Each profile's description too: French, and none of the English ones.
  EXPECT_NE(profiles.output.find("le notAfter de la feuille (2026-01-01) est antérieur à l'horloge"), std::string::npos) << profiles.output;
  for (auto& p : sim::pki::certificate_profiles())
    EXPECT_EQ(profiles.output.find(p.description.render(sim::Lang::en)), std::string::npos) << p.name;
}

// X.509 minting and parsing (pki/cert.hpp, pki/demo.hpp), judged by an independent
// implementation: the `openssl` CLI.
#include "pki/cert.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "asn1/der.hpp"
#include "asn1/pem.hpp"
#include "core/rng.hpp"
#include "crypto/crypto.hpp"
#include "pki/demo.hpp"

namespace fs = std::filesystem;
using namespace sim;
using namespace sim::pki;
using namespace sim::pem;

namespace {

constexpr const char* kHost = "demo.tlslab.test";
constexpr uint64_t kSeed = 7;

struct CmdResult {
  int status = -1;
  std::string out;  // stdout + stderr
};

CmdResult run(const std::string& cmd) {
  CmdResult r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = pclose(p);
  return r;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

void write_file(const fs::path& p, ByteView data) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data.data()), std::streamsize(data.size()));
}
void write_file(const fs::path& p, const std::string& s) { write_file(p, ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())); }

Bytes read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

std::vector<std::string> child_names(const Field& f) {
  std::vector<std::string> v;
  for (const auto& c : f.children) v.push_back(c.name);
  return v;
}

const Field* child(const Field& f, const std::string& name) {
  for (const auto& c : f.children)
    if (c.name == name) return &c;
  return nullptr;
}

// Like child(), but a missing node is a test failure and a placeholder, never a crash.
const Field& at(const Field& f, const std::string& name) {
  static const Field missing{"(missing)", "(missing)", 0, 0, ByteSpace::wire, {}};
  const Field* c = child(f, name);
  EXPECT_NE(c, nullptr) << "no child \"" << name << "\" under \"" << f.name << "\"";
  return c ? *c : missing;
}

// Every node lies inside [lo, hi), inside its parent, and inherits the parent's space.
void check_ranges(const Field& f, size_t lo, size_t hi, const std::string& path) {
  for (const auto& c : f.children) {
    std::string p = path + "/" + c.name;
    EXPECT_GE(c.offset, lo) << p;
    EXPECT_LE(size_t(c.offset) + c.length, hi) << p;
    EXPECT_EQ(c.space, f.space) << p;
    // A child lies within its parent (the root `out` node has no range of its own).
    if (!path.empty() && f.length) {
      EXPECT_GE(c.offset, f.offset) << p;
      EXPECT_LE(c.offset + c.length, f.offset + f.length) << p;
    }
    check_ranges(c, lo, hi, p);
  }
}

// Runs every entry point of the one reader on arbitrary input and checks they agree and report
// failures sanely. Returns whether the input parsed.
bool parse_everything(ByteView der) {
  auto spki = certificate_spki(der);
  std::string cn = certificate_subject_cn(der);
  Field out;
  out.space = ByteSpace::plaintext;
  bool ok = dissect_certificate(der, 50, out);
  EXPECT_EQ(ok, spki.ok());
  // The model is the display's reading plus its own checks: never accepts what the display calls
  // malformed, and when it accepts, its key and tree are those of the display.
  Field model_tree;
  model_tree.space = ByteSpace::plaintext;
  auto model = parse_certificate(der, 50, &model_tree);
  if (model.ok()) {
    EXPECT_TRUE(ok);
    if (spki.ok()) EXPECT_EQ(model->spki, *spki);
  }
  EXPECT_EQ(model_tree.children.size(), out.children.size());
  auto reading = [&] { Field f; return read_certificate(der, 0, f); }();
  EXPECT_EQ(reading.well_formed, ok);
  EXPECT_EQ(reading.display_name, cn);
  EXPECT_EQ(reading.error.empty(), model.ok());
  if (!ok) {
    EXPECT_EQ(spki.error().alert, AlertDescription::bad_certificate);
    EXPECT_FALSE(spki.error().reason.empty());
    EXPECT_EQ(cn, "");
    EXPECT_FALSE(out.children.empty());
    if (!out.children.empty()) {
      EXPECT_EQ(out.children.back().name, "malformed");
      EXPECT_FALSE(out.children.back().value.empty());
    }
  }
  check_ranges(out, 50, 50 + der.size(), "");
  return ok;
}

class X509Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("tlslab_x509_test_" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    auto t0 = std::chrono::steady_clock::now();
    creds_ = &demo_credentials(kHost, kSeed);
    auto t1 = std::chrono::steady_clock::now();
    const Credentials& other = demo_credentials("other.tlslab.test", kSeed);
    auto t2 = std::chrono::steady_clock::now();
    (void)other;
    using ms = std::chrono::duration<double, std::milli>;
    std::cout << "[ timing   ] cold mint (2x RSA-2048 keygen + 2 signatures): "
              << ms(t1 - t0).count() << " ms; another host, same seed (1 signature): "
              << ms(t2 - t1).count() << " ms\n";
    write_file(path("leaf.pem"), to_pem("CERTIFICATE", leaf()));
    write_file(path("root.pem"), to_pem("CERTIFICATE", root()));
    write_file(path("key.pem"), to_pem("PRIVATE KEY", creds_->leaf_private_pkcs8));
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path path(const std::string& name) { return *dir_ / name; }
  static const Bytes& leaf() { return creds_->chain_der.at(0); }
  static const Bytes& root() { return creds_->root_der; }
  static std::string text(const std::string& pem) {
    return run("openssl x509 -in " + q(path(pem)) + " -noout -text").out;
  }

  static const Credentials* creds_;
  static fs::path* dir_;
};
const Credentials* X509Test::creds_ = nullptr;
fs::path* X509Test::dir_ = nullptr;

TEST_F(X509Test, ChainIsLeafThenRoot) {
  ASSERT_EQ(creds_->chain_der.size(), 2u);
  EXPECT_EQ(creds_->chain_der[1], creds_->root_der);
  EXPECT_NE(creds_->chain_der[0], creds_->root_der);
  EXPECT_FALSE(creds_->leaf_private_pkcs8.empty());
}

TEST_F(X509Test, OpensslVerifiesLeafAgainstRoot) {
  auto r = run("openssl verify -x509_strict -purpose sslserver -CAfile " + q(path("root.pem")) + " " +
               q(path("leaf.pem")));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, path("leaf.pem").string() + ": OK\n");

  auto self = run("openssl verify -x509_strict -CAfile " + q(path("root.pem")) + " " + q(path("root.pem")));
  EXPECT_EQ(self.out, path("root.pem").string() + ": OK\n");

  // Negative control: a root minted from another seed must not verify this leaf.
  write_file(path("other_root.pem"), to_pem("CERTIFICATE", demo_credentials(kHost, kSeed + 1).root_der));
  auto bad = run("openssl verify -CAfile " + q(path("other_root.pem")) + " " + q(path("leaf.pem")));
  EXPECT_NE(bad.status, 0);
  EXPECT_EQ(bad.out.find(": OK"), std::string::npos) << bad.out;
}

TEST_F(X509Test, OpensslTextOfLeaf) {
  std::string t = text("leaf.pem");
  for (const char* want : {"Version: 3 (0x2)", "Signature Algorithm: sha256WithRSAEncryption",
                           "Issuer: CN = tlslab Demo Root CA", "Subject: CN = demo.tlslab.test",
                           "Not Before: Jan  1 00:00:00 2025 GMT", "Not After : Jan  1 00:00:00 2035 GMT",
                           "Public-Key: (2048 bit)", "Exponent: 65537 (0x10001)",
                           "X509v3 Basic Constraints: critical\n                CA:FALSE",
                           "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n",
                           "X509v3 Extended Key Usage: \n                TLS Web Server Authentication\n",
                           "X509v3 Subject Alternative Name: \n                DNS:demo.tlslab.test\n",
                           "X509v3 Subject Key Identifier:", "X509v3 Authority Key Identifier:"})
    EXPECT_NE(t.find(want), std::string::npos) << "missing: " << want << "\n" << t;
  EXPECT_EQ(t.find("CA:TRUE"), std::string::npos);

  // Serial is positive (openssl prints negative serials with a "(Negative)" marker).
  EXPECT_EQ(t.find("Negative"), std::string::npos);
}

TEST_F(X509Test, OpensslTextOfRoot) {
  std::string t = text("root.pem");
  for (const char* want : {"Version: 3 (0x2)", "Signature Algorithm: sha256WithRSAEncryption",
                           "Issuer: CN = tlslab Demo Root CA", "Subject: CN = tlslab Demo Root CA",
                           "Public-Key: (2048 bit)",
                           "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
                           "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n",
                           "X509v3 Subject Key Identifier:"})
    EXPECT_NE(t.find(want), std::string::npos) << "missing: " << want << "\n" << t;
  EXPECT_EQ(t.find("Negative"), std::string::npos);
}

TEST_F(X509Test, KeyIdentifiersAreSha1OfPublicKeyAndLinkLeafToRoot) {
  // -ocspid prints SHA-1 of the subjectPublicKey BIT STRING, i.e. RFC 5280 method (1).
  auto key_hash = [](const std::string& pem) {
    std::string out = run("openssl x509 -in " + q(path(pem)) + " -noout -ocspid").out;
    auto at = out.find("Public key OCSP hash: ");
    EXPECT_NE(at, std::string::npos) << out;
    if (at == std::string::npos) return std::string();
    return lower(out.substr(at + 22, 40));
  };
  auto ext = [](const std::string& pem, const std::string& name) {
    std::string out = run("openssl x509 -in " + q(path(pem)) + " -noout -ext " + name).out;
    std::string hex;
    auto nl = out.find('\n');
    for (size_t i = nl == std::string::npos ? out.size() : nl; i < out.size(); ++i)
      if (std::isxdigit(static_cast<unsigned char>(out[i]))) hex += char(std::tolower(out[i]));
    return hex;
  };
  std::string root_hash = key_hash("root.pem"), leaf_hash = key_hash("leaf.pem");
  ASSERT_EQ(root_hash.size(), 40u);
  EXPECT_EQ(ext("root.pem", "subjectKeyIdentifier"), root_hash);
  EXPECT_EQ(ext("leaf.pem", "subjectKeyIdentifier"), leaf_hash);
  EXPECT_EQ(ext("leaf.pem", "authorityKeyIdentifier"), root_hash);
  EXPECT_NE(root_hash, leaf_hash);
}

TEST_F(X509Test, OpensslCheckHost) {
  auto ok = run("openssl x509 -in " + q(path("leaf.pem")) + " -noout -checkhost demo.tlslab.test");
  EXPECT_EQ(ok.out, "Hostname demo.tlslab.test does match certificate\n");
  auto no = run("openssl x509 -in " + q(path("leaf.pem")) + " -noout -checkhost evil.tlslab.test");
  EXPECT_EQ(no.out, "Hostname evil.tlslab.test does NOT match certificate\n");
}

TEST_F(X509Test, SpkiEqualsOpensslPublicKey) {
  for (const char* name : {"leaf", "root"}) {
    fs::path pem = path(std::string(name) + ".pem"), der = path(std::string(name) + ".spki.der");
    auto r = run("openssl x509 -in " + q(pem) + " -pubkey -noout | openssl pkey -pubin -outform DER -out " + q(der));
    ASSERT_EQ(r.status, 0) << r.out;
    Bytes want = read_file(der);
    ASSERT_GT(want.size(), 256u);
    auto got = certificate_spki(std::string(name) == "leaf" ? view(leaf()) : view(root()));
    ASSERT_TRUE(got.ok()) << got.error().reason;
    EXPECT_EQ(to_hex(*got), to_hex(want)) << name;
  }
}

TEST_F(X509Test, PrivateKeyMatchesLeafCertificate) {
  auto spki = certificate_spki(leaf());
  ASSERT_TRUE(spki.ok());
  Rng rng(99, "test");
  Bytes msg = to_bytes("server key exchange params");
  auto sig = crypto::rsa_sign(creds_->leaf_private_pkcs8, SignatureScheme::rsa_pkcs1_sha256, msg, rng);
  ASSERT_TRUE(sig.has_value());
  EXPECT_TRUE(crypto::rsa_verify(*spki, SignatureScheme::rsa_pkcs1_sha256, msg, *sig));
  Bytes tampered = msg;
  tampered[0] ^= 1;
  EXPECT_FALSE(crypto::rsa_verify(*spki, SignatureScheme::rsa_pkcs1_sha256, tampered, *sig));
  auto root_spki = certificate_spki(root());
  ASSERT_TRUE(root_spki.ok());
  EXPECT_FALSE(crypto::rsa_verify(*root_spki, SignatureScheme::rsa_pkcs1_sha256, msg, *sig));

  // openssl agrees: the PKCS#8 PEM parses, is a consistent RSA key, and its public half is the SPKI.
  auto check = run("openssl rsa -in " + q(path("key.pem")) + " -check -noout");
  EXPECT_EQ(check.out, "RSA key ok\n");
  auto pub = run("openssl pkey -in " + q(path("key.pem")) + " -pubout -outform DER -out " + q(path("key.pub.der")));
  ASSERT_EQ(pub.status, 0) << pub.out;
  EXPECT_EQ(read_file(path("key.pub.der")), *spki);
}

TEST_F(X509Test, PemMatchesOpensslReencoding) {
  auto r = run("openssl x509 -in " + q(path("leaf.pem")) + " -outform PEM");
  EXPECT_EQ(r.out, to_pem("CERTIFICATE", leaf()));
  auto d = run("openssl x509 -in " + q(path("root.pem")) + " -outform DER -out " + q(path("root.der")));
  ASSERT_EQ(d.status, 0) << d.out;
  EXPECT_EQ(read_file(path("root.der")), root());

  EXPECT_EQ(to_pem("X", to_bytes("")), "-----BEGIN X-----\n-----END X-----\n");
  EXPECT_EQ(to_pem("X", to_bytes("f")), "-----BEGIN X-----\nZg==\n-----END X-----\n");
  EXPECT_EQ(to_pem("X", to_bytes("fo")), "-----BEGIN X-----\nZm8=\n-----END X-----\n");
  EXPECT_EQ(to_pem("X", to_bytes("foobar")), "-----BEGIN X-----\nZm9vYmFy\n-----END X-----\n");
  std::string pem = to_pem("CERTIFICATE", leaf());
  std::istringstream lines(pem);
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 64u);
}

TEST_F(X509Test, DeterministicAndCached) {
  EXPECT_EQ(&demo_credentials(kHost, kSeed), creds_);  // cached: same object

  // Independent run (fresh keygen) gives identical bytes.
  Credentials again = mint_demo_credentials_uncached(kHost, kSeed);
  EXPECT_EQ(again.chain_der, creds_->chain_der);
  EXPECT_EQ(again.root_der, creds_->root_der);
  EXPECT_EQ(again.leaf_private_pkcs8, creds_->leaf_private_pkcs8);

  // Another host, same seed: same keys and root, different leaf.
  const Credentials& other = demo_credentials("other.tlslab.test", kSeed);
  EXPECT_EQ(other.root_der, creds_->root_der);
  EXPECT_EQ(other.leaf_private_pkcs8, creds_->leaf_private_pkcs8);
  EXPECT_NE(other.chain_der[0], creds_->chain_der[0]);
  EXPECT_EQ(*certificate_spki(other.chain_der[0]), *certificate_spki(leaf()));
  EXPECT_EQ(certificate_subject_cn(other.chain_der[0]), "other.tlslab.test");

  // Another seed: everything differs.
  const Credentials& seed2 = demo_credentials(kHost, kSeed + 1);
  EXPECT_NE(seed2.root_der, creds_->root_der);
  EXPECT_NE(seed2.chain_der[0], creds_->chain_der[0]);
  EXPECT_NE(seed2.leaf_private_pkcs8, creds_->leaf_private_pkcs8);
  EXPECT_NE(*certificate_spki(seed2.chain_der[0]), *certificate_spki(leaf()));
}

TEST_F(X509Test, ConcurrentCallersGetOneObject) {
  std::vector<std::thread> threads;
  std::vector<const Credentials*> got(8);
  for (size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&got, i] { got[i] = &demo_credentials("threads.tlslab.test", kSeed); });
  for (auto& t : threads) t.join();
  for (auto* p : got) EXPECT_EQ(p, got[0]);
  EXPECT_EQ(got[0]->root_der, root());
  EXPECT_EQ(certificate_subject_cn(got[0]->chain_der[0]), "threads.tlslab.test");
}

TEST_F(X509Test, SubjectCommonName) {
  EXPECT_EQ(certificate_subject_cn(leaf()), "demo.tlslab.test");
  EXPECT_EQ(certificate_subject_cn(root()), "tlslab Demo Root CA");
  EXPECT_EQ(certificate_subject_cn(to_bytes("not a certificate")), "");
  EXPECT_EQ(certificate_subject_cn(ByteView()), "");
}

TEST_F(X509Test, DissectionTreeNamesAndValues) {
  Field out;
  ASSERT_TRUE(dissect_certificate(leaf(), 0, out));
  EXPECT_EQ(child_names(out), (std::vector<std::string>{"tbsCertificate", "signatureAlgorithm", "signatureValue"}));
  const Field& tbs = out.children[0];
  EXPECT_EQ(child_names(tbs), (std::vector<std::string>{"version", "serialNumber", "signature", "issuer",
                                                         "validity", "subject", "subjectPublicKeyInfo",
                                                         "extensions"}));
  EXPECT_EQ(at(tbs, "version").value, "v3 (2)");
  EXPECT_EQ(at(tbs, "signature").value, "sha256WithRSAEncryption");
  EXPECT_EQ(out.children[1].value, "sha256WithRSAEncryption");
  EXPECT_EQ(at(tbs, "issuer").value, "CN=tlslab Demo Root CA");
  EXPECT_EQ(at(tbs, "subject").value, "CN=demo.tlslab.test");
  const Field& validity = at(tbs, "validity");
  EXPECT_EQ(at(validity, "notBefore").value, "2025-01-01 00:00:00 UTC");
  EXPECT_EQ(at(validity, "notAfter").value, "2035-01-01 00:00:00 UTC");
  const Field& spki = at(tbs, "subjectPublicKeyInfo");
  EXPECT_EQ(at(spki, "algorithm").value, "rsaEncryption");
  EXPECT_EQ(at(spki, "subjectPublicKey").value, "RSA 2048 bits");
  EXPECT_EQ(at(at(spki, "subjectPublicKey"), "publicExponent").value, "65537");

  // Serial number as openssl prints it ("serial=HEX").
  std::string serial_text = run("openssl x509 -in " + q(path("leaf.pem")) + " -noout -serial").out;
  std::string serial = at(tbs, "serialNumber").value;
  serial.erase(std::remove(serial.begin(), serial.end(), ':'), serial.end());
  EXPECT_EQ(lower(serial_text), "serial=" + serial + "\n");
  EXPECT_EQ(serial.size(), 32u);  // 16 bytes, no sign padding needed

  const Field& ext = at(tbs, "extensions");
  EXPECT_EQ(child_names(ext),
            (std::vector<std::string>{"basicConstraints", "keyUsage", "extendedKeyUsage", "subjectAltName",
                                      "subjectKeyIdentifier", "authorityKeyIdentifier"}));
  EXPECT_EQ(at(ext, "basicConstraints").value, "CA:FALSE (critical)");
  EXPECT_EQ(at(at(ext, "basicConstraints"), "critical").value, "TRUE");
  EXPECT_EQ(at(ext, "keyUsage").value, "digitalSignature, keyEncipherment (critical)");
  EXPECT_EQ(at(ext, "extendedKeyUsage").value, "serverAuth");
  EXPECT_EQ(child(at(ext, "extendedKeyUsage"), "critical"), nullptr);
  EXPECT_EQ(at(ext, "subjectAltName").value, "DNS:demo.tlslab.test");

  Field rout;
  ASSERT_TRUE(dissect_certificate(root(), 0, rout));
  ASSERT_FALSE(rout.children.empty());
  const Field& rext = at(rout.children[0], "extensions");
  EXPECT_EQ(at(rext, "basicConstraints").value, "CA:TRUE (critical)");
  EXPECT_EQ(at(rext, "keyUsage").value, "keyCertSign, cRLSign (critical)");
  EXPECT_EQ(at(ext, "authorityKeyIdentifier").value,
            "keyid:" + at(rext, "subjectKeyIdentifier").value);
}

TEST_F(X509Test, DissectionOffsetsAreAbsoluteAndSpkiRangeMatches) {
  for (const Bytes* der : {&leaf(), &root()}) {
    const size_t base = 1234;
    Field out;
    out.space = ByteSpace::plaintext;
    ASSERT_TRUE(dissect_certificate(*der, base, out));
    check_ranges(out, base, base + der->size(), "");
    // tbsCertificate + signatureAlgorithm + signatureValue tile the certificate body exactly.
    ASSERT_EQ(out.children.size(), 3u);
    EXPECT_EQ(out.children[0].offset, base + 4);
    EXPECT_EQ(out.children[0].offset + out.children[0].length, out.children[1].offset);
    EXPECT_EQ(out.children[1].offset + out.children[1].length, out.children[2].offset);
    EXPECT_EQ(out.children[2].offset + out.children[2].length, base + der->size());

    const Field* node = out.find("subjectPublicKeyInfo");
    ASSERT_NE(node, nullptr);
    auto spki = certificate_spki(*der);
    ASSERT_TRUE(spki.ok());
    ASSERT_EQ(node->length, spki->size());
    Bytes range(der->begin() + (node->offset - base), der->begin() + (node->offset - base + node->length));
    EXPECT_EQ(range, *spki);
  }
}

TEST_F(X509Test, EveryTruncationFailsCleanly) {
  for (const Bytes* der : {&leaf(), &root()}) {
    ASSERT_TRUE(parse_everything(*der));
    for (size_t n = 0; n < der->size(); ++n) {
      Bytes cut(der->begin(), der->begin() + std::ptrdiff_t(n));
      EXPECT_FALSE(parse_everything(cut)) << "prefix of length " << n << " parsed";
    }
  }
}

TEST_F(X509Test, CorruptedLengthsFail) {
  const Bytes& der = leaf();
  ASSERT_EQ(der[0], 0x30);
  ASSERT_EQ(der[1], 0x82);  // outer length in long form, 2 bytes
  ASSERT_EQ(der[4], 0x30);
  ASSERT_EQ(der[5], 0x82);  // tbsCertificate
  auto spki = certificate_spki(der);
  ASSERT_TRUE(spki.ok());
  size_t spki_at = size_t(std::search(der.begin(), der.end(), spki->begin(), spki->end()) - der.begin());
  ASSERT_EQ(der[spki_at + 1], 0x82);
  size_t sig_at = der.size() - 261;  // BIT STRING 03 82 01 01 00 <256 bytes>
  ASSERT_EQ(der[sig_at], 0x03);

  struct Patch {
    const char* what;
    size_t at;
    int delta;      // added to the 16-bit big-endian length at `at`
    int set = -1;   // or: overwrite the byte at `at`
  };
  std::vector<Patch> patches = {
      {"outer +1", 2, +1}, {"outer -1", 2, -1}, {"outer indefinite", 1, 0, 0x80},
      {"outer 3-byte length", 1, 0, 0x83}, {"outer 5-byte length", 1, 0, 0x85},
      {"outer short form", 1, 0, 0x05}, {"tbs +1", 6, +1}, {"tbs -1", 6, -1},
      {"spki +1", spki_at + 2, +1}, {"spki -1", spki_at + 2, -1}, {"signature +1", sig_at + 2, +1},
      {"signature -1", sig_at + 2, -1}, {"outer huge", 2, 0, 0xff},
  };
  for (const auto& p : patches) {
    Bytes bad = der;
    if (p.set >= 0) {
      bad[p.at] = uint8_t(p.set);
    } else {
      unsigned v = unsigned(bad[p.at] << 8 | bad[p.at + 1]) + unsigned(p.delta);
      bad[p.at] = uint8_t(v >> 8);
      bad[p.at + 1] = uint8_t(v);
    }
    EXPECT_FALSE(parse_everything(bad)) << p.what;
    auto r = certificate_spki(bad);
    EXPECT_FALSE(r.ok()) << p.what;
  }
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_FALSE(parse_everything(trailing)) << "trailing byte";

  Field out;
  Bytes bad = der;
  bad[spki_at + 3] ^= 0x01;  // SPKI length off by one: stops inside tbsCertificate
  EXPECT_FALSE(dissect_certificate(bad, 10, out));
  ASSERT_FALSE(out.children.empty());
  EXPECT_EQ(out.children.front().name, "tbsCertificate");  // what was dissected stays
  EXPECT_NE(out.children.front().find("subject"), nullptr);
  EXPECT_EQ(out.children.back().name, "malformed");
  EXPECT_NE(out.children.back().value.find("subjectPublicKeyInfo"), std::string::npos) << out.children.back().value;
}

TEST_F(X509Test, ByteMutationsNeverCrash) {
  // Every byte of the leaf replaced by a few values; parsers must agree and stay in bounds
  // (run under -fsanitize=address,undefined to catch out-of-bounds reads).
  const Bytes& der = leaf();
  size_t parsed = 0, total = 0;
  for (size_t i = 0; i < der.size(); ++i) {
    for (uint8_t v : {uint8_t(0x00), uint8_t(0xff), uint8_t(der[i] ^ 0x80), uint8_t(der[i] ^ 0x01)}) {
      if (v == der[i]) continue;
      Bytes bad = der;
      bad[i] = v;
      parsed += parse_everything(bad);
      ++total;
    }
  }
  EXPECT_LT(parsed, total);  // plenty of mutations must be rejected
  Rng rng(5, "garbage");
  for (int i = 0; i < 2000; ++i) {
    Bytes g = rng.bytes(size_t(rng.bytes(1)[0]));
    if (!g.empty()) g[0] = 0x30;
    parse_everything(g);
  }
}

TEST_F(X509Test, ThirdPartyCertificateFromOpenssl) {
  // An EC certificate with a multi-attribute subject, several SANs and an unknown extension.
  fs::path key = path("ec.key"), pem = path("ec.pem"), der = path("ec.der"), pub = path("ec.pub.der");
  auto r = run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " + q(key) +
               " -out " + q(pem) + " -days 30 -subj '/C=DE/O=Example Org/CN=other.example'" +
               " -addext 'subjectAltName=DNS:other.example,DNS:www.other.example,IP:127.0.0.1'" +
               " -addext '1.2.3.4=DER:0102'");
  ASSERT_EQ(r.status, 0) << r.out;
  ASSERT_EQ(run("openssl x509 -in " + q(pem) + " -outform DER -out " + q(der)).status, 0);
  ASSERT_EQ(run("openssl x509 -in " + q(pem) + " -pubkey -noout | openssl pkey -pubin -outform DER -out " + q(pub)).status, 0);
  Bytes cert = read_file(der);
  ASSERT_FALSE(cert.empty());

  auto spki = certificate_spki(cert);
  ASSERT_TRUE(spki.ok()) << spki.error().reason;
  EXPECT_EQ(*spki, read_file(pub));
  EXPECT_EQ(certificate_subject_cn(cert), "other.example (DNS: other.example, www.other.example)");

  Field out;
  ASSERT_TRUE(dissect_certificate(cert, 0, out));
  check_ranges(out, 0, cert.size(), "");
  const Field& tbs = out.children.at(0);
  EXPECT_EQ(at(tbs, "subject").value, "C=DE, O=Example Org, CN=other.example");
  EXPECT_EQ(at(tbs, "issuer").value, "C=DE, O=Example Org, CN=other.example");
  EXPECT_EQ(at(at(tbs, "subjectPublicKeyInfo"), "algorithm").value, "id-ecPublicKey");
  EXPECT_EQ(at(tbs, "signature").value, "ecdsa-with-SHA256");
  const Field& ext = at(tbs, "extensions");
  EXPECT_EQ(at(ext, "subjectAltName").value, "DNS:other.example, DNS:www.other.example, IP:127.0.0.1");
  const Field* unknown = child(ext, "1.2.3.4");
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->value, "0102");
}

}  // namespace

// Every node of a tree, one line each: name, value and range, indented by depth.
static std::string flatten(const Field& f, int depth = 0) {
  std::string s;
  for (const auto& c : f.children) {
    s += std::string(size_t(depth) * 2, ' ') + c.name + "=" + c.value + " @" + std::to_string(c.offset) + "+" +
         std::to_string(c.length) + "\n" + flatten(c, depth + 1);
  }
  return s;
}

TEST_F(X509Test, DemoPkiBytesUnchangedByTheMergeIntoPki) {
  // SHA-256 of the default scenario's leaf and root (host www.example.com, pki_seed 2024) as
  // sim/x509 minted them before it merged into sim/pki: traces, captures and keys stay the same.
  const Credentials& c = demo_credentials("www.example.com", 2024);
  ASSERT_EQ(c.chain_der.size(), 2u);
  EXPECT_EQ(to_hex(crypto::hash(HashAlg::Sha256, c.chain_der[0])),
            "be2dd548428c3933d7db418738ea9cc6f5627e9d499acb33a3d06e44979fe712");
  EXPECT_EQ(to_hex(crypto::hash(HashAlg::Sha256, c.root_der)),
            "7534d5b95a8aec4c0fbba0553aa333ddbe2cbbd612516ba1151339979e0cf9a4");
}

TEST_F(X509Test, OneReadingGivesModelAndTreeAndTheModelIsStricter) {
  // The same reading fills the model and the tree: parse_certificate's tree is dissect's.
  Field shown, parsed;
  ASSERT_TRUE(dissect_certificate(leaf(), 40, shown));
  auto model = parse_certificate(leaf(), 40, &parsed);
  ASSERT_TRUE(model.ok()) << model.error().reason;
  EXPECT_EQ(flatten(parsed), flatten(shown));
  EXPECT_EQ(model->subject_cn, kHost);
  EXPECT_EQ(model->san_dns, std::vector<std::string>{kHost});
  EXPECT_TRUE(model->has_basic_constraints);
  EXPECT_FALSE(model->is_ca);

  // A repeated extension (RFC 5280 4.2): well-formed DER the display shows in full, but the
  // model refuses it.
  CertSpec s;
  s.serial = {0x01};
  s.issuer_name = make_name("tlslab Demo Root CA");
  s.subject_name = make_name("dup.test");
  s.not_before = unix_time(2026, 1, 1);
  s.not_after = unix_time(2027, 1, 1);
  s.spki = *certificate_spki(leaf());
  Bytes san = make_extension(der::kOidSubjectAltName, false, ext_subject_alt_name({"dup.test"}, {}));
  s.extensions = {san, san};
  sim::Rng rng(1, "dup");
  auto dup = mint_certificate(s, creds_->leaf_private_pkcs8, rng);
  ASSERT_TRUE(dup);
  Field tree;
  auto r = read_certificate(*dup, 0, tree);
  EXPECT_TRUE(r.well_formed);
  EXPECT_NE(r.error.find("appears twice"), std::string::npos) << r.error;
  EXPECT_EQ(r.display_name, "dup.test");
  EXPECT_NE(flatten(tree).find("extensions=2 extensions"), std::string::npos) << flatten(tree);
  auto refused = parse_certificate(*dup);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().alert, AlertDescription::bad_certificate);
  EXPECT_NE(refused.error().reason.find("appears twice"), std::string::npos) << refused.error().reason;
  EXPECT_TRUE(certificate_spki(*dup).ok());  // the handshake still finds the key
}

// Keys and signatures of sim/crypto/keys.hpp, judged by openssl (signatures made here verify
// with `openssl dgst`/`pkeyutl`, keys made by openssl load and sign here) and by the RFC 8032
// Ed25519 test vector.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "asn1/pem.hpp"
#include "crypto/keys.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace sim;
using namespace sim::crypto;

namespace {

std::string q(const fs::path& p) { return testutil::shell_quote(p.string()); }

class PkiCrypto : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = new fs::path(testutil::temp_dir("pki-crypto")); }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  static fs::path path(const std::string& n) { return *dir_ / n; }
  static void write_bytes(const std::string& n, const Bytes& b) { testutil::write_file(path(n), std::string(b.begin(), b.end())); }
  static Bytes read_bytes(const std::string& n) {
    std::string s = testutil::read_file(path(n));
    return Bytes(s.begin(), s.end());
  }
  static fs::path* dir_;
};
fs::path* PkiCrypto::dir_ = nullptr;

const Bytes kMsg = to_bytes("tlslab signs this message");

}  // namespace

TEST_F(PkiCrypto, GenerationIsDeterministicAndTyped) {
  for (KeyType t : {KeyType::ecdsa_p256, KeyType::ed25519, KeyType::rsa}) {
    Rng a(7, "keys"), b(7, "keys"), c(8, "keys");
    unsigned bits = t == KeyType::rsa ? 1024 : 0;
    auto k1 = generate_key(t, a, bits), k2 = generate_key(t, b, bits), k3 = generate_key(t, c, bits);
    ASSERT_FALSE(k1.empty()) << name_of(t);
    EXPECT_EQ(k1.private_pkcs8, k2.private_pkcs8) << name_of(t);
    EXPECT_EQ(k1.public_spki, k2.public_spki);
    EXPECT_NE(k1.public_spki, k3.public_spki);
    EXPECT_EQ(key_type_of_spki(k1.public_spki), t);
    EXPECT_EQ(key_type_of_pkcs8(k1.private_pkcs8), t);
    EXPECT_EQ(public_from_private(k1.private_pkcs8), k1.public_spki);
    EXPECT_EQ(key_bits(k1.public_spki), t == KeyType::rsa ? 1024u : 256u);
  }
  Rng r(1, "keys");
  EXPECT_TRUE(generate_key(KeyType::rsa, r, 256).empty());   // below 512
  EXPECT_TRUE(generate_key(KeyType::rsa, r, 8192).empty());  // above 4096
  EXPECT_FALSE(key_type_of_spki(to_bytes("not DER")));
  EXPECT_EQ(key_bits(Bytes{0x30, 0x00}), 0u);
}

TEST_F(PkiCrypto, Ed25519Rfc8032Test1) {
  // RFC 8032 section 7.1, TEST 1 (empty message).
  Bytes seed = *from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  Bytes pub = *from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  Bytes sig = *from_hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  // RFC 8410 encodings: PrivateKeyInfo with CurvePrivateKey, SubjectPublicKeyInfo.
  Bytes pkcs8 = concat({*from_hex("302e020100300506032b657004220420"), seed});
  Bytes spki = concat({*from_hex("302a300506032b6570032100"), pub});
  EXPECT_EQ(public_from_private(pkcs8), spki);
  Rng rng(1, "x");
  EXPECT_EQ(sign_scheme(pkcs8, SignatureScheme::ed25519, {}, rng), sig);
  EXPECT_TRUE(verify_scheme(spki, SignatureScheme::ed25519, {}, sig));
  Bytes bad = sig;
  bad[10] ^= 1;
  EXPECT_FALSE(verify_scheme(spki, SignatureScheme::ed25519, {}, bad));
}

TEST_F(PkiCrypto, EverySchemeSignsAndVerifiesOnlyWithItsKeyType) {
  Rng r(3, "keys");
  auto rsa = generate_key(KeyType::rsa, r, 2048);
  auto ec = generate_key(KeyType::ecdsa_p256, r);
  auto ed = generate_key(KeyType::ed25519, r);
  struct Case {
    SignatureScheme s;
    const KeyPairDer* key;
  };
  std::vector<Case> cases = {{SignatureScheme::rsa_pkcs1_sha1, &rsa},     {SignatureScheme::rsa_pkcs1_sha256, &rsa},
                             {SignatureScheme::rsa_pkcs1_sha384, &rsa},   {SignatureScheme::rsa_pss_rsae_sha256, &rsa},
                             {SignatureScheme::rsa_pss_rsae_sha384, &rsa}, {SignatureScheme::ecdsa_secp256r1_sha256, &ec},
                             {SignatureScheme::ed25519, &ed}};
  for (auto& c : cases) {
    SCOPED_TRACE(name_of(c.s));
    EXPECT_TRUE(is_supported_signature_scheme(c.s));
    auto sig = sign_scheme(c.key->private_pkcs8, c.s, kMsg, r);
    ASSERT_TRUE(sig);
    EXPECT_TRUE(verify_scheme(c.key->public_spki, c.s, kMsg, *sig));
    Bytes other = kMsg;
    other.back() ^= 1;
    EXPECT_FALSE(verify_scheme(c.key->public_spki, c.s, other, *sig));
    for (const KeyPairDer* k : {&rsa, &ec, &ed}) {
      if (k == c.key) continue;
      EXPECT_FALSE(sign_scheme(k->private_pkcs8, c.s, kMsg, r));
      EXPECT_FALSE(verify_scheme(k->public_spki, c.s, kMsg, *sig));
    }
  }
  // ECDSA signatures are DER ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s }.
  auto es = sign_scheme(ec.private_pkcs8, SignatureScheme::ecdsa_secp256r1_sha256, kMsg, r);
  ASSERT_TRUE(es);
  EXPECT_EQ((*es)[0], 0x30);
  EXPECT_EQ(size_t((*es)[1]) + 2, es->size());
  EXPECT_EQ((*es)[2], 0x02);
  // Raw r||s (what Crypto++ makes natively) is not accepted.
  Bytes raw(64, 0x11);
  EXPECT_FALSE(verify_scheme(ec.public_spki, SignatureScheme::ecdsa_secp256r1_sha256, kMsg, raw));
}

TEST_F(PkiCrypto, OpensslVerifiesOurSignatures) {
  Rng r(4, "keys");
  auto rsa = generate_key(KeyType::rsa, r, 2048);
  auto ec = generate_key(KeyType::ecdsa_p256, r);
  auto ed = generate_key(KeyType::ed25519, r);
  write_bytes("msg", kMsg);
  struct Case {
    const char* name;
    const KeyPairDer* key;
    SignatureScheme s;
    std::string cmd;  // openssl verification command, {pub} {sig} {msg}
  };
  std::vector<Case> cases = {
      {"rsa_pkcs1_sha256", &rsa, SignatureScheme::rsa_pkcs1_sha256, "openssl dgst -sha256 -verify {pub} -signature {sig} {msg}"},
      {"rsa_pss_rsae_sha256", &rsa, SignatureScheme::rsa_pss_rsae_sha256,
       "openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -verify {pub} -signature {sig} {msg}"},
      {"ecdsa", &ec, SignatureScheme::ecdsa_secp256r1_sha256, "openssl dgst -sha256 -verify {pub} -signature {sig} {msg}"},
      {"ed25519", &ed, SignatureScheme::ed25519, "openssl pkeyutl -verify -pubin -inkey {pub} -rawin -in {msg} -sigfile {sig}"},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto sig = sign_scheme(c.key->private_pkcs8, c.s, kMsg, r);
    ASSERT_TRUE(sig);
    std::string pub = std::string(c.name) + ".pub.pem", sf = std::string(c.name) + ".sig";
    testutil::write_file(path(pub), pem::to_pem("PUBLIC KEY", c.key->public_spki));
    write_bytes(sf, *sig);
    std::string cmd = c.cmd;
    for (auto [k, v] : {std::pair<std::string, std::string>{"{pub}", q(path(pub))}, {"{sig}", q(path(sf))}, {"{msg}", q(path("msg"))}})
      cmd.replace(cmd.find(k), k.size(), v);
    auto res = testutil::run(cmd + " 2>&1");
    EXPECT_EQ(res.status, 0) << cmd << "\n" << res.output;
    EXPECT_NE(res.output.find("Verified"), std::string::npos) << res.output;
    // Negative control: a flipped bit fails the same command.
    (*sig)[sig->size() / 2] ^= 0x01;
    write_bytes(sf, *sig);
    EXPECT_NE(testutil::run(cmd + " 2>&1").status, 0);
    // The PKCS#8 key is readable by openssl and has the same public key.
    testutil::write_file(path("k.pem"), pem::to_pem("PRIVATE KEY", c.key->private_pkcs8));
    auto pubout = testutil::run("openssl pkey -in " + q(path("k.pem")) + " -pubout -outform DER -out " + q(path("k.spki")) + " 2>&1");
    ASSERT_EQ(pubout.status, 0) << pubout.output;
    EXPECT_EQ(read_bytes("k.spki"), c.key->public_spki);
  }
}

TEST_F(PkiCrypto, LoadsOpensslKeysInEveryFormat) {
  struct Case {
    const char* file;
    std::string gen;
    KeyType type;
  };
  std::vector<Case> cases = {
      {"rsa8.pem", "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out {f}", KeyType::rsa},
      {"rsa1.pem", "openssl genrsa -traditional -out {f} 1024", KeyType::rsa},
      {"ec1.pem", "openssl ecparam -name prime256v1 -genkey -noout -out {f}", KeyType::ecdsa_p256},
      {"ec8.pem", "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out {f}", KeyType::ecdsa_p256},
      {"ed.pem", "openssl genpkey -algorithm ED25519 -out {f}", KeyType::ed25519},
  };
  Rng r(5, "x");
  for (auto& c : cases) {
    SCOPED_TRACE(c.file);
    std::string cmd = c.gen;
    cmd.replace(cmd.find("{f}"), 3, q(path(c.file)));
    ASSERT_EQ(testutil::run(cmd + " 2>&1").status, 0) << cmd;
    std::string pem = testutil::read_file(path(c.file));
    auto k = load_private_key(to_bytes(pem));
    ASSERT_TRUE(k.pkcs8) << k.error;
    EXPECT_EQ(key_type_of_pkcs8(*k.pkcs8), c.type);
    // Same public key as openssl derives.
    ASSERT_EQ(testutil::run("openssl pkey -in " + q(path(c.file)) + " -pubout -outform DER -out " + q(path("p.der"))).status, 0);
    EXPECT_EQ(public_from_private(*k.pkcs8), read_bytes("p.der"));
    // DER form of the same key (the format openssl keeps: PKCS#1/RFC 5915 or PKCS#8).
    ASSERT_EQ(testutil::run("openssl pkey -in " + q(path(c.file)) + " -outform DER -out " + q(path("k.der"))).status, 0);
    auto kd = load_private_key(read_bytes("k.der"));
    ASSERT_TRUE(kd.pkcs8) << kd.error;
    EXPECT_EQ(public_from_private(*kd.pkcs8), read_bytes("p.der"));
    // And it signs: openssl verifies with the public key.
    SignatureScheme s = c.type == KeyType::rsa ? SignatureScheme::rsa_pkcs1_sha256
                        : c.type == KeyType::ecdsa_p256 ? SignatureScheme::ecdsa_secp256r1_sha256 : SignatureScheme::ed25519;
    auto sig = sign_scheme(*k.pkcs8, s, kMsg, r);
    ASSERT_TRUE(sig);
    EXPECT_TRUE(verify_scheme(read_bytes("p.der"), s, kMsg, *sig));
  }
  // openssl signs with its key, we verify (ECDSA: DER signature both ways).
  write_bytes("msg", kMsg);
  ASSERT_EQ(testutil::run("openssl dgst -sha256 -sign " + q(path("ec1.pem")) + " -out " + q(path("os.sig")) + " " + q(path("msg"))).status, 0);
  ASSERT_EQ(testutil::run("openssl pkey -in " + q(path("ec1.pem")) + " -pubout -outform DER -out " + q(path("p.der"))).status, 0);
  EXPECT_TRUE(verify_scheme(read_bytes("p.der"), SignatureScheme::ecdsa_secp256r1_sha256, kMsg, read_bytes("os.sig")));
}

TEST_F(PkiCrypto, BadKeyInputIsAnErrorNotACrash) {
  for (std::string bad : {std::string(""), std::string("hello"), std::string("-----BEGIN PRIVATE KEY-----\n@@@\n-----END PRIVATE KEY-----\n"),
                          std::string("-----BEGIN PRIVATE KEY-----\nMIIB\n"), std::string("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
                          std::string("\x30\x03\x02\x01\x00", 5), std::string("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")}) {
    auto k = load_private_key(to_bytes(bad));
    EXPECT_FALSE(k.pkcs8);
    EXPECT_FALSE(k.error.empty());
    EXPECT_FALSE(k.error.english().empty());
  }
  Rng r(1, "x");
  EXPECT_FALSE(sign_scheme(to_bytes("junk"), SignatureScheme::rsa_pkcs1_sha256, kMsg, r));
  EXPECT_FALSE(verify_scheme(to_bytes("junk"), SignatureScheme::ed25519, kMsg, Bytes(64)));
}

TEST_F(PkiCrypto, Rsa4096OnceAndTheKeySizeLimits) {
  // The one RSA-4096 mint of the suite (keygen is the slow part: seconds, not milliseconds).
  auto t0 = std::chrono::steady_clock::now();
  Rng r(4096, "keys");
  auto k = generate_key(KeyType::rsa, r, 4096);
  auto t1 = std::chrono::steady_clock::now();
  std::cout << "[ timing   ] RSA-4096 key generation: " << std::chrono::duration<double, std::milli>(t1 - t0).count() << " ms\n";
  ASSERT_FALSE(k.empty());
  EXPECT_EQ(key_bits(k.public_spki), 4096u);
  auto sig = sign_x509(k.private_pkcs8, X509SigAlg::sha256_rsa, kMsg, r);
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->size(), 512u);
  EXPECT_TRUE(verify_x509(k.public_spki, X509SigAlg::sha256_rsa, kMsg, *sig));
  EXPECT_FALSE(verify_x509(k.public_spki, X509SigAlg::sha1_rsa, kMsg, *sig));  // the algorithm is part of it
  testutil::write_file(path("k4096.pem"), pem::to_pem("PRIVATE KEY", k.private_pkcs8));
  auto o = testutil::run("openssl pkey -in " + q(path("k4096.pem")) + " -noout -text 2>&1 | head -1");
  EXPECT_NE(o.output.find("4096 bit"), std::string::npos) << o.output;
  // 512 is the smallest the minter makes (the rsa-512 lesson).
  Rng r2(512, "keys");
  auto small = generate_key(KeyType::rsa, r2, 512);
  ASSERT_FALSE(small.empty());
  EXPECT_EQ(key_bits(small.public_spki), 512u);
}

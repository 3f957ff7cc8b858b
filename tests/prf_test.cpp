#include <gtest/gtest.h>

#include "hs/key_schedule12.hpp"
#include "test_util.hpp"

using namespace sim;

// TLS 1.2 PRF test vectors posted to the IETF TLS working group list
// (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html), label "test label".
TEST(Tls12Prf, MatchesPublishedSha256Vector) {
  Bytes out = prf12(HashAlg::Sha256, *from_hex("9bbe436ba940f017b17652849a71db35"), "test label",
                    *from_hex("a0ba9f936cda311827a6f796ffd5198c"), 100);
  EXPECT_EQ(to_hex(out),
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14"
            "baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a7"
            "2e5a5110fff70187347b66");
}

TEST(Tls12Prf, MatchesPublishedSha384Vector) {
  Bytes out = prf12(HashAlg::Sha384, *from_hex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                    *from_hex("cd665cf6a8447dd6ff8b27555edb7465"), 148);
  EXPECT_EQ(to_hex(out),
            "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c"
            "9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4a"
            "bfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a268"
            "54308d5eaa3be85e0990703d73e56f");
}

// OpenSSL's TLS1-PRF KDF as an independent judge on inputs shaped like a real handshake.
TEST(Tls12Prf, AgreesWithOpenSslKdfForMasterSecretShapedInputs) {
  Bytes secret(48), seed(64);
  for (size_t i = 0; i < secret.size(); ++i) secret[i] = uint8_t(i * 7 + 1);
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = uint8_t(255 - i * 3);
  for (auto [h, name] : {std::pair{HashAlg::Sha256, "SHA2-256"}, std::pair{HashAlg::Sha384, "SHA2-384"}}) {
    Bytes ours = prf12(h, secret, "master secret", seed, 48);
    auto r = testutil::run("openssl kdf -keylen 48 -kdfopt digest:" + std::string(name) +
                           " -kdfopt hexsecret:" + to_hex(secret) + " -kdfopt hexseed:" +
                           to_hex(concat({to_bytes("master secret"), seed})) + " TLS1-PRF 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
    std::string theirs;
    for (char c : r.output)
      if (std::isxdigit(static_cast<unsigned char>(c))) theirs += char(std::tolower(c));
    EXPECT_EQ(to_hex(ours), theirs) << name;
  }
}

TEST(Tls12Prf, RecordsEveryHmacStep) {
  Derivation d = derive_master_secret(Actor::client, HashAlg::Sha256, Bytes(48, 1), Bytes(32, 2), Bytes(32, 3));
  // 48 bytes need two SHA-256 blocks: A(1), block 1, A(2), block 2.
  ASSERT_EQ(d.steps.size(), 4u);
  EXPECT_EQ(d.steps[0].name, "A(1)");
  Bytes joined = concat({d.steps[1].value, d.steps[3].value});
  joined.resize(48);
  EXPECT_EQ(joined, d.output);
  ASSERT_NE(d.input("seed"), nullptr);
  EXPECT_EQ(d.input("seed")->value, concat({Bytes(32, 2), Bytes(32, 3)}));
}

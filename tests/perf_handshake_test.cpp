// Handshake cost work (issue 18): the RSA key-transport server makes one private-key operation
// and shows the block it gives; DH over ffdhe2048 uses a short exponent of the length RFC 7919
// asks for; parsed keys come from a cache without changing any result. The judges are Crypto++
// called directly here and the RFC texts (RFC 8017 7.2.2 for the PKCS#1 v1.5 block, RFC 7919
// 5.2 and appendix A.1 for the exponent length). Interop with openssl over DHE is in
// interop_test.cpp (TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 both ways) and interop13_test.cpp
// (ffdhe2048).
#include <gtest/gtest.h>

#include <crypto++/integer.h>
#include <crypto++/nbtheory.h>
#include <crypto++/osrng.h>
#include <crypto++/queue.h>
#include <crypto++/rsa.h>

#include "crypto/crypto.hpp"
#include "crypto/keys.hpp"
#include "hs/key_exchange.hpp"
#include "net/simulation.hpp"
#include "pki/demo.hpp"

namespace {

using namespace sim;
using CryptoPP::Integer;

Integer to_integer(ByteView b) { return Integer(b.data(), b.size()); }

ScenarioOptions tls12(const char* suite) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  o.client_suites = o.server_suites = {suite_by_name(suite)->id};
  return o;
}

const Derivation* find(const Trace& t, Actor a, DerivationKind k) {
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e))
      if (d.actor == a && d.kind == k) return &d;
  return nullptr;
}

TEST(RsaKeyTransportServer, ShownBlockIsTheRawRsaInverseOfTheCiphertext) {
  ScenarioOptions o = tls12("TLS_RSA_WITH_AES_256_CBC_SHA256");
  Simulation s(o);
  s.run_to_end();
  ASSERT_EQ(s.trace().outcome, OutcomeKind::completed);
  const Derivation* d = find(s.trace(), Actor::server, DerivationKind::rsa_pre_master_secret_decrypt);
  ASSERT_NE(d, nullptr);
  const NamedBytes* block = d->step("decrypted block");
  const NamedBytes* ct = d->input("EncryptedPreMasterSecret");
  ASSERT_NE(block, nullptr);
  ASSERT_NE(ct, nullptr);

  // m = c^d mod n, with the server's key parsed and applied by Crypto++ here.
  const auto& creds = pki::demo_credentials(o.host, o.pki_seed);
  CryptoPP::ByteQueue q;
  q.Put(creds.leaf_private_pkcs8.data(), creds.leaf_private_pkcs8.size());
  q.MessageEnd();
  CryptoPP::RSA::PrivateKey key;
  key.BERDecode(q);
  CryptoPP::AutoSeededRandomPool rng;
  Integer m = key.CalculateInverse(rng, to_integer(ct->value));
  Bytes expected(key.GetModulus().ByteCount());
  m.Encode(expected.data(), expected.size());
  EXPECT_EQ(block->value, expected);

  // RFC 8017 7.2.2: 00 02 PS 00 M; M is the 48-byte pre_master_secret the server kept, and the
  // client's own secret.
  ASSERT_GE(expected.size(), 59u);
  EXPECT_EQ(expected[0], 0);
  EXPECT_EQ(expected[1], 2);
  EXPECT_EQ(expected[expected.size() - 49], 0);
  Bytes tail(expected.end() - 48, expected.end());
  EXPECT_EQ(d->output, tail);
  const Derivation* c = find(s.trace(), Actor::client, DerivationKind::rsa_pre_master_secret_encrypt);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->output, tail);
}

// RFC 8017 7.2.2 step 3: EM = 0x00 || 0x02 || PS || 0x00 || M, PS at least eight non-zero bytes.
TEST(RsaKeyTransportServer, Pkcs1BlockCheckFollowsRfc8017) {
  auto block = [](uint8_t b0, uint8_t b1, size_t ps_len, bool separator, Bytes m) {
    Bytes em{b0, b1};
    em.insert(em.end(), ps_len, 0x5a);
    if (separator) em.push_back(0);
    em.insert(em.end(), m.begin(), m.end());
    return em;
  };
  Bytes m(48, 0x03);
  EXPECT_EQ(pkcs1_v15_unpad(block(0, 2, 8, true, m)), m);
  EXPECT_EQ(pkcs1_v15_unpad(block(0, 2, 200, true, m)), m);
  EXPECT_EQ(pkcs1_v15_unpad(block(0, 2, 8, true, {})), Bytes{});  // an empty M conforms
  EXPECT_EQ(pkcs1_v15_unpad(block(0, 2, 7, true, m)), std::nullopt);   // PS too short
  EXPECT_EQ(pkcs1_v15_unpad(block(0, 1, 8, true, m)), std::nullopt);   // block type 1
  EXPECT_EQ(pkcs1_v15_unpad(block(1, 2, 8, true, m)), std::nullopt);   // first byte not zero
  EXPECT_EQ(pkcs1_v15_unpad(block(0, 2, 60, false, {})), std::nullopt);  // no separator
  Bytes early = block(0, 2, 8, true, m);
  early[5] = 0;  // a zero inside the first eight padding bytes
  EXPECT_EQ(pkcs1_v15_unpad(early), std::nullopt);
  EXPECT_EQ(pkcs1_v15_unpad(Bytes{0, 2, 1, 1, 1, 1, 1, 1, 1, 1}), std::nullopt);  // shorter than 11
}

TEST(DhShortExponent, Ffdhe2048UsesTheLengthRfc7919Asks) {
  const auto& g = crypto::ffdhe2048();
  EXPECT_EQ(crypto::dh_private_bits(g), 256u);
  Integer p = to_integer(g.p), gen = to_integer(g.g);
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    Rng rng(seed, "dh-test");
    auto a = crypto::dh_generate(g, rng);
    auto b = crypto::dh_generate(g, rng);
    Integer xa = to_integer(a.private_key), xb = to_integer(b.private_key);
    // Appendix A.1: a short ffdhe2048 secret key has at least 225 bits; ours has exactly 256.
    EXPECT_EQ(xa.BitCount(), 256u);
    EXPECT_EQ(xb.BitCount(), 256u);
    EXPECT_EQ(a.public_key.size(), g.p.size());
    EXPECT_EQ(to_integer(a.public_key), a_exp_b_mod_c(gen, xa, p));
    // Both sides agree on g^(xa xb) mod p.
    auto za = crypto::dh_agree(g, a.private_key, b.public_key);
    auto zb = crypto::dh_agree(g, b.private_key, a.public_key);
    ASSERT_TRUE(za && zb);
    EXPECT_EQ(*za, *zb);
    EXPECT_EQ(to_integer(*za), a_exp_b_mod_c(to_integer(b.public_key), xa, p));
  }
}

TEST(DhShortExponent, UnknownGroupKeepsAFullLengthExponent) {
  // A server's own p we cannot vouch for: the exponent is drawn from [2, p-2] as before.
  Integer p = CryptoPP::Integer::Power2(127) - 1;  // a Mersenne prime, not a group we know
  Bytes pb(16);
  p.Encode(pb.data(), pb.size());
  crypto::DhParams params{pb, Bytes{3}};
  EXPECT_EQ(crypto::dh_private_bits(params), 0u);
  unsigned longest = 0;
  for (uint64_t seed = 1; seed <= 16; ++seed) {
    Rng rng(seed, "dh-test");
    auto kp = crypto::dh_generate(params, rng);
    Integer x = to_integer(kp.private_key);
    EXPECT_GE(x, Integer::Two());
    EXPECT_LE(x, p - 2);
    EXPECT_EQ(to_integer(kp.public_key), a_exp_b_mod_c(Integer(3), x, p));
    longest = std::max(longest, x.BitCount());
  }
  EXPECT_GT(longest, 120u);  // 16 draws over [2, p-2]: all below 2^120 has odds 2^-112
}

TEST(DhShortExponent, DheHandshakeShowsAShortPrivateKeyAndCompletes) {
  Simulation s(tls12("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"));
  s.run_to_end();
  ASSERT_EQ(s.trace().outcome, OutcomeKind::completed);
  for (Actor a : {Actor::client, Actor::server}) {
    const Derivation* d = find(s.trace(), a, DerivationKind::dh_pre_master_secret);
    ASSERT_NE(d, nullptr);
    const NamedBytes* x = d->input(std::string(name_of(a)) + "_private_key");
    ASSERT_NE(x, nullptr);
    EXPECT_EQ(to_integer(x->value).BitCount(), 256u);
  }
}

TEST(KeyCache, RepeatedUseGivesTheSameResults) {
  // The cache is keyed by the DER: two keys, used in turn, each verify only their own signatures.
  Rng rng(7, "key-cache");
  auto k1 = crypto::generate_key(crypto::KeyType::rsa, rng, 1024);
  auto k2 = crypto::generate_key(crypto::KeyType::rsa, rng, 1024);
  Bytes msg = to_bytes("signed twice");
  for (int round = 0; round < 3; ++round) {
    auto s1 = crypto::sign_scheme(k1.private_pkcs8, SignatureScheme::rsa_pkcs1_sha256, msg, rng);
    auto s2 = crypto::sign_scheme(k2.private_pkcs8, SignatureScheme::rsa_pkcs1_sha256, msg, rng);
    ASSERT_TRUE(s1 && s2);
    EXPECT_NE(*s1, *s2);
    EXPECT_TRUE(crypto::verify_scheme(k1.public_spki, SignatureScheme::rsa_pkcs1_sha256, msg, *s1));
    EXPECT_TRUE(crypto::verify_scheme(k2.public_spki, SignatureScheme::rsa_pkcs1_sha256, msg, *s2));
    EXPECT_FALSE(crypto::verify_scheme(k1.public_spki, SignatureScheme::rsa_pkcs1_sha256, msg, *s2));
    EXPECT_FALSE(crypto::verify_scheme(k2.public_spki, SignatureScheme::rsa_pkcs1_sha256, msg, *s1));
  }
  // A malformed key stays malformed when asked again.
  Bytes bad = k1.private_pkcs8;
  bad.resize(bad.size() / 2);
  EXPECT_FALSE(crypto::sign_scheme(bad, SignatureScheme::rsa_pkcs1_sha256, msg, rng));
  EXPECT_FALSE(crypto::sign_scheme(bad, SignatureScheme::rsa_pkcs1_sha256, msg, rng));
}

}  // namespace

// The engine's sealed records against the same records built with Crypto++ called directly, as
// the RFCs describe them (RFC 5246 6.2.3.2 and 6.2.3.3, RFC 5288, RFC 7905, RFC 8446 5.2 - 5.3):
// an independent judge of seal_record, whose buffers are built in place. Each suite seals a few
// records in a row (sequence numbers, TLS 1.0's chained IV) of several lengths, and open_record
// gets the judge's records back.
#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <crypto++/aes.h>
#include <crypto++/chachapoly.h>
#include <crypto++/gcm.h>
#include <crypto++/hmac.h>
#include <crypto++/modes.h>
#include <crypto++/sha.h>
#include <gtest/gtest.h>

#include "record/protection.hpp"

using namespace sim;

namespace {

Bytes pattern(size_t n, uint8_t start) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = uint8_t(start + i * 7);
  return b;
}

Bytes be(uint64_t v, int n) {
  Bytes b(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    int shift = 8 * (n - 1 - i);  // a 64-bit value: the bytes above its 8 are zeros
    b[size_t(i)] = shift < 64 ? uint8_t(v >> shift) : 0;
  }
  return b;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// The lengths sealed one after the other: empty, short, not a block multiple, a full record.
const size_t kLengths[] = {0, 1, 100, 1029, 1 << 14};
constexpr uint8_t kAppData = 23;

struct Keys {
  Bytes mac_key, key, iv;
};

Keys keys_for(const CipherSuiteInfo& s, size_t iv_len) {
  return {pattern(s.mac_len, 0x11), pattern(s.expanded_key_len, 0x42), pattern(iv_len, 0xa5)};
}

template <class Mode>
Bytes aead_judge(const Bytes& key, const Bytes& nonce, const Bytes& aad, const Bytes& pt) {
  typename Mode::Encryption e;
  e.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
  Bytes out(pt.size() + 16);
  e.EncryptAndAuthenticate(out.data(), out.data() + pt.size(), 16, nonce.data(), int(nonce.size()), aad.data(),
                           aad.size(), pt.data(), pt.size());
  return out;
}

Bytes aead_judge(BulkCipher c, const Bytes& key, const Bytes& nonce, const Bytes& aad, const Bytes& pt) {
  if (c == BulkCipher::chacha20_poly1305) return aead_judge<CryptoPP::ChaCha20Poly1305>(key, nonce, aad, pt);
  return aead_judge<CryptoPP::GCM<CryptoPP::AES>>(key, nonce, aad, pt);
}

// IV XOR the sequence number left-padded to 12 bytes (RFC 7905 2, RFC 8446 5.3).
Bytes xor_nonce(const Bytes& iv, uint64_t seq) {
  Bytes n = iv, s = be(seq, 12);
  for (size_t i = 0; i < 12; ++i) n[i] ^= s[i];
  return n;
}

void open_judges_record(CipherState& r, uint16_t version, const Bytes& record, const Bytes& content) {
  Derivation d;
  InnerLayout inner;
  auto opened = open_record(r, Actor::server, ContentType::application_data, version, record, &d, &inner);
  ASSERT_TRUE(opened.ok()) << opened.error().reason;
  EXPECT_EQ(*opened, content);
}

// TLS 1.2 AEAD: nonce_explicit (the engine sends the sequence number, RFC 5288 3 leaves the
// choice to the sender) + AEAD(key, salt + nonce_explicit or IV XOR seq, seq + type + version +
// length, content).
void check_tls12_aead(const char* suite) {
  const CipherSuiteInfo* s = suite_by_name(suite);
  ASSERT_NE(s, nullptr);
  Keys k = keys_for(*s, s->fixed_iv_len);
  CipherState w = CipherState::make(s, kTls12, "client_write", k.mac_key, k.key, k.iv, false, true);
  CipherState r = CipherState::make(s, kTls12, "client_write", k.mac_key, k.key, k.iv, false, false);
  Rng rng(3, "anchor");
  uint64_t seq = 0;
  for (size_t len : kLengths) {
    SCOPED_TRACE(len);
    Bytes content = pattern(len, uint8_t(seq));
    Derivation d;
    InnerLayout inner;
    Bytes sealed = seal_record(w, Actor::client, ContentType::application_data, kTls12, content, rng, &d, &inner);
    Bytes aad = cat({be(seq, 8), Bytes{kAppData, 0x03, 0x03}, be(len, 2)});
    Bytes expected;
    if (s->cipher == BulkCipher::chacha20_poly1305) {
      expected = aead_judge(s->cipher, k.key, xor_nonce(k.iv, seq), aad, content);
    } else {
      Bytes nonce_explicit = be(seq, 8);
      expected = cat({nonce_explicit, aead_judge(s->cipher, k.key, cat({k.iv, nonce_explicit}), aad, content)});
    }
    EXPECT_EQ(sealed, expected);
    EXPECT_EQ(d.output, expected);
    EXPECT_EQ(inner.buffer, content);
    open_judges_record(r, kTls12, expected, content);
    ++seq;
  }
}

// TLS 1.3: AEAD(key, IV XOR seq, 23 0x0303 length, content + type + zeros).
void check_tls13(const char* suite, size_t padding) {
  const CipherSuiteInfo* s = suite_by_name(suite);
  ASSERT_NE(s, nullptr);
  Keys k = keys_for(*s, 12);
  Protection keys = Protection::application_keys(KeySide::client, 0, s->id);
  CipherState w = CipherState::make13(s, keys, k.key, k.iv);
  CipherState r = CipherState::make13(s, keys, k.key, k.iv);
  w.tls13_padding = padding;
  Rng rng(3, "anchor");
  uint64_t seq = 0;
  for (size_t len : kLengths) {
    SCOPED_TRACE(len);
    Bytes content = pattern(len, uint8_t(seq));
    Derivation d;
    InnerLayout inner;
    Bytes sealed = seal_record(w, Actor::client, ContentType::application_data, kTls13, content, rng, &d, &inner);
    Bytes inner_pt = cat({content, Bytes{kAppData}, Bytes(padding, 0)});
    Bytes aad = cat({Bytes{kAppData, 0x03, 0x03}, be(inner_pt.size() + 16, 2)});
    Bytes expected = aead_judge(s->cipher, k.key, xor_nonce(k.iv, seq), aad, inner_pt);
    EXPECT_EQ(sealed, expected);
    EXPECT_EQ(d.output, expected);
    EXPECT_EQ(inner.buffer, inner_pt);
    open_judges_record(r, kTls12, expected, content);
    ++seq;
  }
}

// MAC-then-encrypt: HMAC(mac_key, seq + type + version + length + content), then CBC over
// content + MAC + padding + padding_length (each padding byte its length, the fewest that fill
// a block); TLS 1.0 chains the IV from the previous record's last block, TLS 1.1+ sends it.
template <class Hash>
void check_cbc(const char* suite, uint16_t version) {
  const CipherSuiteInfo* s = suite_by_name(suite);
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->block_len, 16u);
  Keys k = keys_for(*s, 16);
  CipherState w = CipherState::make(s, version, "client_write", k.mac_key, k.key, k.iv, false, true);
  CipherState r = CipherState::make(s, version, "client_write", k.mac_key, k.key, k.iv, false, false);
  Rng rng(3, "anchor");
  bool explicit_iv = version >= kTls11;
  Bytes chained = k.iv, previous_iv;
  uint64_t seq = 0;
  for (size_t len : kLengths) {
    SCOPED_TRACE(len);
    Bytes content = pattern(len, uint8_t(seq));
    Derivation d;
    InnerLayout inner;
    Bytes sealed = seal_record(w, Actor::client, ContentType::application_data, version, content, rng, &d, &inner);
    Bytes mac_input = cat({be(seq, 8), Bytes{kAppData}, be(version, 2), be(len, 2), content});
    CryptoPP::HMAC<Hash> h(k.mac_key.data(), k.mac_key.size());
    Bytes mac(h.DigestSize());
    h.CalculateDigest(mac.data(), mac_input.data(), mac_input.size());
    size_t pad = 15 - (len + mac.size()) % 16;
    Bytes plain = cat({content, mac, Bytes(pad + 1, uint8_t(pad))});
    ASSERT_EQ(plain.size() % 16, 0u);
    // The IV: sent in clear in front (random, so taken from the record), or chained.
    Bytes iv = explicit_iv ? Bytes(sealed.begin(), sealed.begin() + std::min<size_t>(16, sealed.size())) : chained;
    if (explicit_iv) {
      EXPECT_NE(iv, previous_iv);
      previous_iv = iv;
    }
    typename CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption e(k.key.data(), k.key.size(), iv.data());
    Bytes ct(plain.size());
    e.ProcessData(ct.data(), plain.data(), plain.size());
    Bytes expected = explicit_iv ? cat({iv, ct}) : ct;
    EXPECT_EQ(sealed, expected);
    EXPECT_EQ(d.output, expected);
    EXPECT_EQ(inner.buffer, plain);
    const NamedBytes* step = d.step("mac_input");
    ASSERT_NE(step, nullptr);
    EXPECT_EQ(step->value, mac_input);
    open_judges_record(r, version, expected, content);
    chained.assign(ct.end() - 16, ct.end());
    ++seq;
  }
}

TEST(RecordAnchor, Tls12Aes128GcmIsRfc5288) { check_tls12_aead("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"); }
TEST(RecordAnchor, Tls12ChaCha20Poly1305IsRfc7905) { check_tls12_aead("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"); }
TEST(RecordAnchor, Tls13Aes128GcmIsRfc8446) { check_tls13("TLS_AES_128_GCM_SHA256", 0); }
TEST(RecordAnchor, Tls13ChaCha20Poly1305WithPaddingIsRfc8446) { check_tls13("TLS_CHACHA20_POLY1305_SHA256", 7); }
TEST(RecordAnchor, Tls10Aes128CbcSha1ChainsItsIv) { check_cbc<CryptoPP::SHA1>("TLS_RSA_WITH_AES_128_CBC_SHA", kTls10); }
TEST(RecordAnchor, Tls12Aes256CbcSha256SendsItsIv) {
  check_cbc<CryptoPP::SHA256>("TLS_RSA_WITH_AES_256_CBC_SHA256", kTls12);
}

// A state's derivation names and notes are made on its first record and shared by its copies: a
// copy given another name or version describes its records with its own.
TEST(RecordAnchor, ACopyGivenAnotherNameOrVersionDescribesItsOwnRecords) {
  const CipherSuiteInfo* s = suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA");
  ASSERT_NE(s, nullptr);
  Keys k = keys_for(*s, 16);
  CipherState w = CipherState::make(s, kTls12, "client_write", k.mac_key, k.key, k.iv, false, true);
  Rng rng(3, "anchor");
  Bytes content = pattern(10, 1);
  Derivation d;
  InnerLayout inner;
  seal_record(w, Actor::client, ContentType::application_data, kTls12, content, rng, &d, &inner);
  CipherState copy = w;
  copy.name = "server_write";
  copy.version = kTls10;
  seal_record(copy, Actor::server, ContentType::application_data, kTls10, content, rng, &d, &inner);
  EXPECT_EQ(d.name, "record_seal server_write seq 1");
  EXPECT_EQ(d.spec, "RFC 2246 6.2.3.2");
  ASSERT_NE(d.input("write_key"), nullptr);
  ASSERT_NE(d.input("write_key")->note.param("expr"), nullptr);
  EXPECT_EQ(d.input("write_key")->note.param("expr")->text, "server_write_key");
  EXPECT_EQ(d.formula, d.text.english());
  // The first state still describes its own.
  seal_record(w, Actor::client, ContentType::application_data, kTls12, content, rng, &d, &inner);
  EXPECT_EQ(d.name, "record_seal client_write seq 1");
  EXPECT_EQ(d.spec, "RFC 5246 6.2.3.2");
  EXPECT_EQ(d.input("write_key")->note.param("expr")->text, "client_write_key");
}

}  // namespace

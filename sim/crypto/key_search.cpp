#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include "crypto/key_search.hpp"

#include <crypto++/aes.h>
#include <crypto++/arc4.h>
#include <crypto++/des.h>
#include <crypto++/hmac.h>
#include <crypto++/idea.h>
#include <crypto++/md5.h>
#include <crypto++/rc2.h>
#include <crypto++/sha.h>

#include <algorithm>
#include <cstring>

namespace sim::crypto {

using CryptoPP::byte;

struct KeyTester::Impl {
  KeyProbe p;
  // SSL 3.0: the hash input, write key first then the two randoms (fixed), rewritten per key.
  Bytes md5_input;
  CryptoPP::Weak::MD5 md5;
  // TLS 1.0: label + seed, and the PRF's two halves. S1 (the key's first half) holds fewer
  // unknown bits than S2 when the low bits are searched: P_MD5 is kept for the last S1.
  Bytes label_seed;
  CryptoPP::HMAC<CryptoPP::Weak::MD5> hmac_md5;
  CryptoPP::HMAC<CryptoPP::SHA1> hmac_sha1;
  Bytes last_s1;
  byte p_md5[16] = {};
  // The ciphers.
  CryptoPP::Weak::ARC4 rc4;
  CryptoPP::RC2::Decryption rc2;
  CryptoPP::DES::Decryption des;
  CryptoPP::DES_EDE3::Decryption des3;
  CryptoPP::AES::Decryption aes;
  CryptoPP::IDEA::Decryption idea;
  CryptoPP::BlockCipher* block = nullptr;
  // RC2 is keyed with as many effective bits as its key has, as the record layer does. Not
  // thrown about when unused (another cipher): Crypto++ would, from its destructor.
  CryptoPP::AlgorithmParameters rc2_params;
  byte final_key[32] = {};
  byte buf[32] = {};
  size_t compare = 0;  // plaintext bytes compared

  explicit Impl(const KeyProbe& probe)
      : p(probe), rc2_params(CryptoPP::MakeParameters(CryptoPP::Name::EffectiveKeyLength(), int(probe.final_key_len * 8), false)) {
    const Bytes& own = p.client_side ? p.client_random : p.server_random;
    const Bytes& peer = p.client_side ? p.server_random : p.client_random;
    md5_input = concat({Bytes(p.key_len, 0), own, peer});
    label_seed = concat({to_bytes(p.client_side ? "client write key" : "server write key"), p.client_random, p.server_random});
    switch (p.cipher) {
      case BulkCipher::rc2_cbc_40: block = &rc2; break;
      case BulkCipher::des_cbc:
      case BulkCipher::des40_cbc: block = &des; break;
      case BulkCipher::des_ede3_cbc: block = &des3; break;
      case BulkCipher::aes_128_cbc:
      case BulkCipher::aes_256_cbc: block = &aes; break;
      case BulkCipher::idea_cbc: block = &idea; break;
      default: break;
    }
    size_t width = block ? block->BlockSize() : sizeof(buf);
    compare = std::min({p.known.size(), p.ciphertext.size(), width});
    if (p.kdf == ExportKdf::none) p.final_key_len = p.key_len;
  }

  // P_hash(secret, label + seed) cut to n <= one output block: HMAC(secret, A(1) + label + seed)
  // with A(1) = HMAC(secret, label + seed) (RFC 2246 5).
  template <class H>
  void p_hash(H& h, const byte* secret, size_t len, byte* out, size_t n) {
    byte a1[H::DIGESTSIZE], block[H::DIGESTSIZE];
    h.SetKey(secret, len);
    h.Update(label_seed.data(), label_seed.size());
    h.Final(a1);
    h.Update(a1, sizeof(a1));
    h.Update(label_seed.data(), label_seed.size());
    h.Final(block);
    std::memcpy(out, block, n);
  }

  void derive(const uint8_t* key) {
    size_t n = p.final_key_len;
    switch (p.kdf) {
      case ExportKdf::ssl3_md5: {
        byte digest[16];
        std::memcpy(md5_input.data(), key, p.key_len);
        md5.CalculateDigest(digest, md5_input.data(), md5_input.size());
        std::memcpy(final_key, digest, n);
        break;
      }
      case ExportKdf::tls10_prf: {
        size_t half = (p.key_len + 1) / 2;
        const uint8_t* s2 = key + p.key_len - half;
        if (last_s1.size() != half || !std::equal(key, key + half, last_s1.begin())) {
          p_hash(hmac_md5, key, half, p_md5, n);
          last_s1.assign(key, key + half);
        }
        p_hash(hmac_sha1, s2, half, final_key, n);
        for (size_t i = 0; i < n; ++i) final_key[i] ^= p_md5[i];
        break;
      }
      case ExportKdf::none: std::memcpy(final_key, key, n); break;
    }
  }

  bool test(const uint8_t* key) {
    derive(key);
    size_t n = p.final_key_len;
    if (!block) {
      rc4.SetKey(final_key, n);
      if (p.stream_offset) rc4.DiscardBytes(p.stream_offset);
      rc4.ProcessData(buf, p.ciphertext.data(), compare);
    } else {
      if (block == &rc2) rc2.SetKey(final_key, n, rc2_params);
      else block->SetKey(final_key, n);
      block->ProcessBlock(p.ciphertext.data(), buf);
      for (size_t i = 0; i < compare; ++i) buf[i] ^= p.chain[i];
    }
    return std::memcmp(buf, p.known.data(), compare) == 0;
  }
};

KeyTester::KeyTester(const KeyProbe& p) : impl_(std::make_unique<Impl>(p)) {}
KeyTester::~KeyTester() = default;

bool KeyTester::test(const uint8_t* key) { return impl_->test(key); }

Bytes KeyTester::final_key(const uint8_t* key) {
  impl_->derive(key);
  return Bytes(impl_->final_key, impl_->final_key + impl_->p.final_key_len);
}

}  // namespace sim::crypto

// The hot path of a key search (the export-bruteforce attack): one object per thread that tells
// whether a candidate write key reproduces a ciphertext under a known plaintext. It computes
// what a real implementation computes for that key, no more: the export final write key (MD5 in
// SSL 3.0, the TLS 1.0 PRF), the cipher's key schedule and the first keystream bytes or the
// first block. Its objects are made once and reused, so a candidate costs no allocation.
#pragma once
#include <memory>

#include "core/bytes.hpp"
#include "core/enums.hpp"

namespace sim::crypto {

// How the cipher key comes from the key_block's write key.
enum class ExportKdf {
  ssl3_md5,   // MD5(write_key + own random + peer random)[0..n-1]  (RFC 6101 6.2.2.1)
  tls10_prf,  // PRF(write_key, "<side> write key", client_random + server_random)[0..n-1]  (RFC 2246 6.3.1)
  none,       // a full-size suite: the write key is the cipher key
};

struct KeyProbe {
  BulkCipher cipher = BulkCipher::rc4_40;
  ExportKdf kdf = ExportKdf::ssl3_md5;
  bool client_side = true;  // the client's write key (the labels and the order of the randoms)
  Bytes client_random, server_random;
  size_t key_len = 5;         // bytes of the write key a candidate gives
  size_t final_key_len = 16;  // bytes the cipher is keyed with (at most 16 through the export KDF)
  // Stream ciphers: keystream bytes the sender's earlier protected records used up (its RC4
  // state runs on across records).
  size_t stream_offset = 0;
  // Block ciphers (CBC): the ciphertext block before the one tested (the previous record's last).
  Bytes chain;
  Bytes ciphertext;  // stream: as many bytes as `known`; block: one whole block
  Bytes known;       // the plaintext the ciphertext starts with (compared up to a block)
};

class KeyTester {
 public:
  explicit KeyTester(const KeyProbe& p);
  ~KeyTester();
  KeyTester(const KeyTester&) = delete;
  KeyTester& operator=(const KeyTester&) = delete;
  // Does the write key `key` (key_len bytes) turn the ciphertext into the known plaintext?
  bool test(const uint8_t* key);
  // The final write key the cipher is keyed with, for `key`.
  Bytes final_key(const uint8_t* key);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sim::crypto

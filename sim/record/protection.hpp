// Record protection for TLS 1.2 (RFC 5246 6.2.3): MAC-then-encrypt CBC with explicit IV, and
// AEAD (RFC 5288 AES-GCM, RFC 7905 ChaCha20-Poly1305). Every sealed or opened record yields a
// Derivation with the MAC input, MAC, padding, nonce and additional data.
#pragma once
#include <string>

#include "core/result.hpp"
#include "core/rng.hpp"
#include "trace/trace.hpp"

namespace sim {

struct CipherState {
  const CipherSuiteInfo* suite = nullptr;
  std::string name;  // "client_write" / "server_write"
  Bytes mac_key, key, iv;
  uint64_t seq = 0;
};

// Encrypts `content` and returns the record fragment. `inner` receives the plaintext-space
// buffer shown to the user: content || MAC || padding || padding_length for CBC, content for AEAD.
Bytes seal_record(CipherState& cs, Actor actor, ContentType type, uint16_t version, ByteView content,
                  Rng& rng, Derivation* out_d, Bytes* inner);
// Decrypts and checks a fragment; any failure is bad_record_mac (the reason says which check).
Result<Bytes> open_record(CipherState& cs, Actor actor, ContentType type, uint16_t version,
                          ByteView fragment, Derivation* out_d, Bytes* inner);
// Adds the fields of a protected fragment: `wire` gets explicit nonce/IV, ciphertext, tag
// (absolute offsets from `base`); `plain` gets content / MAC / padding over `inner`.
void dissect_protected(const CipherSuiteInfo& s, ByteView fragment, size_t base, size_t inner_len,
                       size_t content_len, Field& wire, Field& plain);

}  // namespace sim

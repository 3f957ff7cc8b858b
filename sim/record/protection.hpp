// Record protection for SSL 3.0 (RFC 6101 5.2.3), TLS 1.0 (RFC 2246 6.2.3), TLS 1.1 (RFC 4346)
// and TLS 1.2 (RFC 5246 6.2.3): optional DEFLATE compression, then MAC-then-encrypt with a stream
// cipher or CBC (implicit chained IV up to TLS 1.0, explicit IV from TLS 1.1), or AEAD
// (RFC 5288 AES-GCM, RFC 7905 ChaCha20-Poly1305). Every record sealed or opened yields a
// Derivation with the compressed fragment, MAC input, MAC, padding, IV/nonce and additional data.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/rng.hpp"
#include "crypto/crypto.hpp"
#include "record/compression.hpp"
#include "trace/trace.hpp"

namespace sim {

struct RecordNotes;  // protection.cpp

struct CipherState {
  const CipherSuiteInfo* suite = nullptr;
  uint16_t version = kTls12;
  std::string name;  // "client_write" / "server_write"
  Bytes mac_key, key, iv;
  uint64_t seq = 0;
  int epoch = 1;  // 1 for the first handshake's keys, 2 after a renegotiation, ...
  std::shared_ptr<crypto::Rc4> rc4;      // stream cipher state, carried across records
  Bytes next_iv;                         // SSLv3 / TLS 1.0 CBC: last ciphertext block
  std::shared_ptr<Compressor> compressor;      // set when DEFLATE was negotiated (writing)
  std::shared_ptr<Decompressor> decompressor;  // (reading)
  // The record cipher keyed once for all the records under `key` (copies of the state share it;
  // each use checks the key, in case a copy is given another).
  std::shared_ptr<crypto::AeadCipher> aead;
  std::shared_ptr<crypto::CbcCipher> cbc;
  size_t tls13_padding = 0;  // TLS 1.3: zero bytes appended to each TLSInnerPlaintext (RFC 8446 5.4)
  // Where the keys came from (the key_block part or traffic key derivation), for the trace.
  Source mac_key_from, key_from, iv_from;
  // What this state's record derivations say that does not change from one record to the next
  // (name, spec, formula, notes), made on its first record and shared by its copies: each record
  // copies them rather than composing them (and rendering the formula) again.
  std::shared_ptr<const RecordNotes> seal_notes, open_notes;

  // TLS 1.3 (RFC 8446 5.2): one key and a 12-byte IV per traffic secret. `keys` says which key
  // set this is (phase, side, generation; its suite becomes s's); `name` is made from it
  // ("client_handshake_traffic", "server_application_traffic_1", ...).
  static CipherState make13(const CipherSuiteInfo* s, Protection keys, Bytes key, Bytes iv);
  bool tls13() const { return version == kTls13; }

  static CipherState make(const CipherSuiteInfo* s, uint16_t version, std::string name, Bytes mac_key,
                          Bytes key, Bytes iv, bool deflate, bool for_writing);
  bool compressed() const { return compressor || decompressor; }
  // The keys as the trace records them (trace/record_keys.hpp): client_write/server_write with
  // their epoch below TLS 1.3; the traffic secret's phase, side and generation in TLS 1.3.
  Protection protection() const;

 private:
  Protection keys13_;  // TLS 1.3: the key set make13() was given
};

// The side whose write keys an actor's are (an attacker's are taken as the client's).
inline KeySide key_side(Actor a) { return a == Actor::server ? KeySide::server : KeySide::client; }

// The name of a TLS 1.3 key set, "<side>_<phase>_traffic[_<generation>]": the prefix of its
// key and IV derivations and of the record derivations made under it.
std::string tls13_key_set_name(const Protection& keys);

// The plaintext-space buffer of a protected record (Event::plaintext) and where things are in it.
struct InnerLayout {
  Bytes buffer;            // CBC: fragment + MAC + padding + padding_length; stream: fragment + MAC;
                           // AEAD: fragment; with compression the decompressed content follows
  size_t fragment_len = 0; // the (possibly compressed) TLSCompressed.fragment
  size_t mac_len = 0;
  size_t content_offset = 0, content_len = 0;  // where the record's content (messages) is
  // TLS 1.3: the real content type inside TLSInnerPlaintext (at content_len), then zero padding.
  std::optional<ContentType> inner_type;
  // End of the cipher's block (before the appended decompressed content, if any).
  size_t compressed_end() const { return content_offset ? content_offset : buffer.size(); }
};

// Encrypts `content` and returns the record fragment: out_d->output, where the trace keeps it (a
// caller that only reads it takes no copy).
const Bytes& seal_record(CipherState& cs, Actor actor, ContentType type, uint16_t version, ByteView content,
                         Rng& rng, Derivation* out_d, InnerLayout* out_inner);
// Decrypts and checks a fragment; a failed check is bad_record_mac (the reason says which),
// a bad compressed stream decompression_failure.
Result<Bytes> open_record(CipherState& cs, Actor actor, ContentType type, uint16_t version,
                          ByteView fragment, Derivation* out_d, InnerLayout* out_inner);
// Adds the fields of a protected fragment: `wire` gets IV / nonce, ciphertext, tag (absolute
// offsets from `base`); `plain` gets fragment / MAC / padding over the inner buffer.
void dissect_protected(const CipherState& cs, ByteView fragment, size_t base, const InnerLayout* inner,
                       Field& wire, Field& plain);

}  // namespace sim

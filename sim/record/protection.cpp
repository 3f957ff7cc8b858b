#include "record/protection.hpp"

#include "crypto/crypto.hpp"

namespace sim {

static HashAlg mac_hash(MacAlg m) { return m == MacAlg::hmac_sha256 ? HashAlg::Sha256 : HashAlg::Sha1; }
static std::string cipher_name(BulkCipher c) {
  switch (c) {
    case BulkCipher::aes_128_gcm: return "AES-128-GCM";
    case BulkCipher::aes_256_gcm: return "AES-256-GCM";
    case BulkCipher::chacha20_poly1305: return "ChaCha20-Poly1305";
    case BulkCipher::aes_128_cbc: return "AES-128-CBC";
    case BulkCipher::aes_256_cbc: return "AES-256-CBC";
  }
  return "?";
}

static Bytes seq_bytes(uint64_t seq) {
  Bytes b(8);
  store_be(b.data(), seq, 8);
  return b;
}

// seq_num + type + version + length: the MAC input prefix (RFC 5246 6.2.3.1) and the AEAD
// additional_data (6.2.3.3) share this layout.
static Bytes pseudo_header(uint64_t seq, ContentType type, uint16_t version, size_t len) {
  ByteWriter w;
  w.u64(seq);
  w.u8(uint8_t(type));
  w.u16(version);
  w.u16(uint16_t(len));
  return w.take();
}

static Bytes aead_nonce(const CipherState& cs, ByteView explicit_nonce) {
  if (cs.suite->cipher == BulkCipher::chacha20_poly1305) {
    Bytes n = cs.iv;  // RFC 7905 2: iv XOR left-padded sequence number
    Bytes s = seq_bytes(cs.seq);
    for (int i = 0; i < 8; ++i) n[4 + i] ^= s[i];
    return n;
  }
  return concat({cs.iv, explicit_nonce});  // RFC 5288 3: salt + nonce_explicit
}

static Derivation base_derivation(const CipherState& cs, Actor actor, bool seal) {
  Derivation d;
  d.actor = actor;
  d.name = std::string(seal ? "record_seal " : "record_open ") + cs.name + " seq " + std::to_string(cs.seq);
  d.id = std::string(name_of(actor)) + "/" + d.name;
  d.spec = cs.suite->aead() ? "RFC 5246 6.2.3.3" : "RFC 5246 6.2.3.2";
  return d;
}

Bytes seal_record(CipherState& cs, Actor actor, ContentType type, uint16_t version, ByteView content,
                  Rng& rng, Derivation* d, Bytes* inner) {
  const CipherSuiteInfo& s = *cs.suite;
  *d = base_derivation(cs, actor, true);
  Bytes seq = seq_bytes(cs.seq);
  Bytes fragment;
  if (s.aead()) {
    Bytes explicit_nonce = s.record_iv_len ? seq : Bytes{};  // GCM: the sequence number, a common choice
    Bytes nonce = aead_nonce(cs, explicit_nonce);
    Bytes aad = pseudo_header(cs.seq, type, version, content.size());
    Bytes ct = crypto::aead_seal(s.cipher, cs.key, nonce, aad, content);
    fragment = concat({explicit_nonce, ct});
    d->formula = cipher_name(s.cipher) + "(write_key, nonce, additional_data, content) -> " +
                 (s.record_iv_len ? "nonce_explicit + " : "") + "ciphertext + tag";
    d->inputs = {{"write_key", cs.key, cs.name + "_key"},
                 {"write_iv", cs.iv, cs.name + "_IV (from key_block)"},
                 {"seq_num", seq, "implicit record sequence number"},
                 {"content", Bytes(content.begin(), content.end()), "TLSPlaintext.fragment (" + name_of(type) + ")"}};
    if (s.record_iv_len) d->steps.push_back({"nonce_explicit", explicit_nonce, "sent in the record"});
    d->steps.push_back({"nonce", nonce, s.record_iv_len ? "salt (write_IV) + nonce_explicit" : "write_IV XOR seq_num"});
    d->steps.push_back({"additional_data", aad, "seq_num + type + version + length"});
    d->steps.push_back({"tag", Bytes(ct.end() - 16, ct.end()), "authentication tag (16 bytes)"});
    *inner = Bytes(content.begin(), content.end());
  } else {
    HashAlg mh = mac_hash(s.mac);
    Bytes mac_input = concat({pseudo_header(cs.seq, type, version, content.size()), content});
    Bytes mac = crypto::hmac(mh, cs.mac_key, mac_input);
    size_t body = content.size() + mac.size() + 1;
    uint8_t pad_len = uint8_t((s.block_len - body % s.block_len) % s.block_len);
    Bytes padding(pad_len + 1, pad_len);  // padding bytes and padding_length all equal pad_len
    Bytes plain = concat({content, mac, padding});
    Bytes iv = rng.bytes(s.block_len);
    Bytes ct = crypto::cbc_encrypt(s.cipher, cs.key, iv, plain);
    fragment = concat({iv, ct});
    d->formula = cipher_name(s.cipher) + "(write_key, IV, content + MAC + padding) with MAC = HMAC-" +
                 std::string(name_of(mh)) + "(MAC_write_key, seq_num + type + version + length + content)";
    d->inputs = {{"mac_key", cs.mac_key, cs.name + "_MAC_key"},
                 {"write_key", cs.key, cs.name + "_key"},
                 {"seq_num", seq, "implicit record sequence number"},
                 {"content", Bytes(content.begin(), content.end()), "TLSPlaintext.fragment (" + name_of(type) + ")"}};
    d->steps = {{"mac_input", mac_input, "seq_num + type + version + length + content"},
                {"mac", mac, "HMAC-" + std::string(name_of(mh))},
                {"padding", padding, std::to_string(pad_len) + " padding bytes of value " + std::to_string(pad_len) + " + padding_length"},
                {"iv", iv, "explicit per-record IV (random)"},
                {"cbc_plaintext", plain, "content + MAC + padding"}};
    *inner = plain;
  }
  d->output = fragment;
  ++cs.seq;
  return fragment;
}

Result<Bytes> open_record(CipherState& cs, Actor actor, ContentType type, uint16_t version,
                          ByteView frag, Derivation* d, Bytes* inner) {
  const CipherSuiteInfo& s = *cs.suite;
  *d = base_derivation(cs, actor, false);
  Bytes seq = seq_bytes(cs.seq);
  d->inputs = {{"fragment", Bytes(frag.begin(), frag.end()), "TLSCiphertext.fragment"},
               {"seq_num", seq, "implicit record sequence number"}};
  ++cs.seq;
  if (s.aead()) {
    if (frag.size() < s.record_iv_len + 16) return fail(AlertDescription::bad_record_mac, "record shorter than nonce + tag");
    ByteView explicit_nonce = frag.subspan(0, s.record_iv_len);
    ByteView ct = frag.subspan(s.record_iv_len);
    Bytes nonce = aead_nonce(CipherState{cs.suite, cs.name, {}, {}, cs.iv, cs.seq - 1}, explicit_nonce);
    Bytes aad = pseudo_header(cs.seq - 1, type, version, ct.size() - 16);
    d->formula = cipher_name(s.cipher) + " decrypt and verify tag";
    d->steps = {{"nonce", nonce, ""}, {"additional_data", aad, "seq_num + type + version + length"}};
    auto pt = crypto::aead_open(s.cipher, cs.key, nonce, aad, ct);
    if (!pt) return fail(AlertDescription::bad_record_mac, "AEAD tag check failed: the record was altered or the keys differ");
    d->output = *pt;
    *inner = *pt;
    return *pt;
  }
  size_t bl = s.block_len;
  if (frag.size() < 2 * bl || (frag.size() - bl) % bl || frag.size() - bl < s.mac_len + 1)
    return fail(AlertDescription::bad_record_mac, "CBC record length is not a whole number of blocks");
  Bytes plain = crypto::cbc_decrypt(s.cipher, cs.key, frag.subspan(0, bl), frag.subspan(bl));
  *inner = plain;
  d->steps.push_back({"cbc_plaintext", plain, "content + MAC + padding"});
  uint8_t pad_len = plain.back();
  bool pad_ok = size_t(pad_len) + 1 + s.mac_len <= plain.size();
  if (pad_ok)
    for (size_t i = plain.size() - 1 - pad_len; i < plain.size(); ++i) pad_ok &= plain[i] == pad_len;
  // Like real stacks, check the MAC even when padding is bad (over a zero-padding guess) and
  // send the same alert either way, so padding errors are not distinguishable (RFC 5246 6.2.3.2).
  size_t content_len = pad_ok ? plain.size() - 1 - pad_len - s.mac_len : plain.size() - s.mac_len;
  ByteView content(plain.data(), content_len);
  ByteView mac(plain.data() + content_len, s.mac_len);
  Bytes mac_input = concat({pseudo_header(cs.seq - 1, type, version, content_len), content});
  Bytes expected = crypto::hmac(mac_hash(s.mac), cs.mac_key, mac_input);
  d->inputs.push_back({"mac_key", cs.mac_key, cs.name + "_MAC_key"});
  d->steps.push_back({"mac_input", mac_input, "seq_num + type + version + length + content"});
  d->steps.push_back({"mac_received", Bytes(mac.begin(), mac.end()), ""});
  d->steps.push_back({"mac_expected", expected, ""});
  d->formula = cipher_name(s.cipher) + " decrypt, check padding, check HMAC";
  if (!pad_ok) return fail(AlertDescription::bad_record_mac, "CBC padding check failed");
  if (!std::equal(expected.begin(), expected.end(), mac.begin()))
    return fail(AlertDescription::bad_record_mac, "record MAC does not match: the record was altered or the keys differ");
  d->output = Bytes(content.begin(), content.end());
  return d->output;
}

void dissect_protected(const CipherSuiteInfo& s, ByteView frag, size_t base, size_t inner_len,
                       size_t content_len, Field& wire, Field& plain) {
  size_t off = base;
  if (s.aead()) {
    if (s.record_iv_len) {
      wire.add("nonce_explicit", hex_value(frag.subspan(0, std::min(frag.size(), s.record_iv_len))), off, s.record_iv_len);
      off += s.record_iv_len;
    }
    size_t ct_len = frag.size() >= s.record_iv_len + 16 ? frag.size() - s.record_iv_len - 16 : 0;
    wire.add("aead_ciphertext", fmt_dec(ct_len) + " bytes", off, ct_len);
    wire.add("tag", frag.size() >= 16 ? hex_value(frag.subspan(frag.size() - 16)) : "", base + frag.size() - 16, 16);
    return;
  }
  wire.add("IV", hex_value(frag.subspan(0, std::min(frag.size(), s.block_len))), off, s.block_len);
  wire.add("ciphertext", fmt_dec(frag.size() - s.block_len) + " bytes (content + MAC + padding)", off + s.block_len,
           frag.size() - s.block_len);
  if (inner_len >= content_len + s.mac_len + 1) {
    plain.add("MAC", fmt_dec(s.mac_len) + " bytes", content_len, s.mac_len);
    size_t pad_start = content_len + s.mac_len;
    plain.add("padding", fmt_dec(inner_len - 1 - pad_start) + " bytes", pad_start, inner_len - 1 - pad_start);
    plain.add("padding_length", fmt_dec(inner_len - 1 - pad_start), inner_len - 1, 1);
  }
}

}  // namespace sim

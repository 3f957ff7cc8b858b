#include "record/protection.hpp"

#include "record/lenient_open.hpp"

#include "crypto/crypto.hpp"
#include "trace/spec_ref.hpp"

namespace sim {

static HashAlg mac_hash(MacAlg m) {
  return m == MacAlg::sha384 ? HashAlg::Sha384 : m == MacAlg::sha256 ? HashAlg::Sha256 : m == MacAlg::md5 ? HashAlg::Md5 : HashAlg::Sha1;
}

static Bytes seq_bytes(uint64_t seq) {
  Bytes b(8);
  store_be(b.data(), seq, 8);
  return b;
}

// See CipherState::seal_notes. Each member is what the record code used to compose per record.
struct RecordNotes {
  // What it was made for: a state given another suite, version, name or compression makes its own.
  const CipherSuiteInfo* suite;
  uint16_t version;
  std::string state_name;
  bool compressor, decompressor;
  bool made_for(const CipherState& cs) const {
    return suite == cs.suite && version == cs.version && compressor == bool(cs.compressor) &&
           decompressor == bool(cs.decompressor) && state_name == cs.name;
  }

  std::string name_prefix;  // "record_seal client_write seq "
  DerivationKind kind;
  std::string spec;
  std::string formula;  // text.english(), as Derivation::set_text sets it
  Message text;
  // Inputs: the key notes name the key_block parts (below TLS 1.3).
  Message key_note, mac_key_note, iv_note, fragment_note;
  // Steps (nonce_note, aad_note, tag_note also for TLS 1.3).
  Message nonce_note, aad_note, tag_note, cbc_plaintext_note, mac_input_note, mac_note;
  Message pad1_note, pad2_note, inner_hash_note;  // SSL 3.0 MAC
};

CipherState CipherState::make(const CipherSuiteInfo* s, uint16_t version, std::string name, Bytes mac_key,
                              Bytes key, Bytes iv, bool deflate, bool writing) {
  CipherState cs;
  cs.suite = s;
  cs.version = version;
  cs.name = std::move(name);
  cs.mac_key = std::move(mac_key);
  cs.key = std::move(key);
  cs.iv = std::move(iv);
  cs.next_iv = cs.iv;
  if (s->stream()) cs.rc4 = std::make_shared<crypto::Rc4>(cs.key);
  if (deflate) {
    if (writing) cs.compressor = std::make_shared<Compressor>();
    else cs.decompressor = std::make_shared<Decompressor>();
  }
  return cs;
}

std::string tls13_key_set_name(const Protection& keys) {
  std::string side(name_of(keys.side));
  switch (keys.phase) {
    case ProtectionPhase::early: return side + "_early_traffic";
    case ProtectionPhase::handshake: return side + "_handshake_traffic";
    case ProtectionPhase::application: return side + "_application_traffic_" + std::to_string(keys.number);
    default: return side + "_traffic";  // not a TLS 1.3 key set; make13 is never given one
  }
}

CipherState CipherState::make13(const CipherSuiteInfo* s, Protection keys, Bytes key, Bytes iv) {
  CipherState cs;
  cs.suite = s;
  cs.version = kTls13;
  keys.cipher_suite = s->id;
  cs.keys13_ = keys;
  cs.name = tls13_key_set_name(keys);
  cs.key = std::move(key);
  cs.iv = std::move(iv);
  return cs;
}

Protection CipherState::protection() const {
  if (tls13()) return keys13_;
  // make() names the key_block half: "client_write" or "server_write".
  KeySide side = std::string_view(name).substr(0, 7) == "server_" ? KeySide::server : KeySide::client;
  return Protection::epoch_keys(side, epoch, suite->id);
}

// seq_num + type + version + length: the TLS MAC input prefix (RFC 5246 6.2.3.1) and the AEAD
// additional_data (6.2.3.3). SSL 3.0 has no version in its MAC.
static Bytes pseudo_header(uint64_t seq, ContentType type, uint16_t version, size_t len, bool ssl3) {
  ByteWriter w;
  w.u64(seq);
  w.u8(uint8_t(type));
  if (!ssl3) w.u16(version);
  w.u16(uint16_t(len));
  return w.take();
}

// The record MAC, with its parts recorded as steps. The MAC input is recorded anyway, so the
// MAC is computed over that one buffer.
static Bytes compute_mac(const CipherState& cs, const RecordNotes& n, uint64_t seq, ContentType type, uint16_t version,
                         ByteView fragment, std::vector<NamedBytes>* steps) {
  HashAlg h = mac_hash(cs.suite->mac);
  bool ssl3 = cs.version == kSsl3;
  Bytes input = pseudo_header(seq, type, version, fragment.size(), ssl3);
  input.reserve(input.size() + fragment.size());
  input.insert(input.end(), fragment.begin(), fragment.end());
  Bytes mac(crypto::hash_len(h));
  if (ssl3) {
    Bytes pad1 = crypto::ssl3_pad1(h), pad2 = crypto::ssl3_pad2(h);
    Bytes inner(mac.size());
    crypto::hash_into(h, {cs.mac_key, pad1, input}, inner.data());
    crypto::hash_into(h, {cs.mac_key, pad2, inner}, mac.data());
    steps->push_back({"pad_1", std::move(pad1), n.pad1_note});
    steps->push_back({"pad_2", std::move(pad2), n.pad2_note});
    steps->push_back({"mac_input", std::move(input), n.mac_input_note});
    steps->push_back({"inner_hash", std::move(inner), n.inner_hash_note});
    steps->push_back({"mac", mac, n.mac_note});
    return mac;
  }
  crypto::hmac_into(h, cs.mac_key, {input}, mac.data());
  steps->push_back({"mac_input", std::move(input), n.mac_input_note});
  steps->push_back({"mac", mac, n.mac_note});
  return mac;
}

// The state's record ciphers, keyed on first use and kept for its next records.
static crypto::AeadCipher& aead_of(CipherState& cs) {
  if (!cs.aead || !cs.aead->keyed_with(cs.suite->cipher, cs.key))
    cs.aead = std::make_shared<crypto::AeadCipher>(cs.suite->cipher, cs.key);
  return *cs.aead;
}
static crypto::CbcCipher& cbc_of(CipherState& cs) {
  if (!cs.cbc || !cs.cbc->keyed_with(cs.suite->cipher, cs.key))
    cs.cbc = std::make_shared<crypto::CbcCipher>(cs.suite->cipher, cs.key);
  return *cs.cbc;
}

static Bytes aead_nonce(const CipherState& cs, uint64_t seq, ByteView explicit_nonce) {
  if (cs.suite->cipher == BulkCipher::chacha20_poly1305) {
    Bytes n = cs.iv;  // RFC 7905 2: iv XOR left-padded sequence number
    Bytes s = seq_bytes(seq);
    for (int i = 0; i < 8; ++i) n[4 + i] ^= s[i];
    return n;
  }
  return concat({cs.iv, explicit_nonce});  // RFC 5288 3: salt + nonce_explicit
}

// The sequence number is implicit: both sides count records under a key (RFC 5246 6.1).
static Source seq_from(uint64_t seq) { return Source::literal(std::to_string(seq)); }

// What a record carries: its content in the plaintext space, its fragment on the wire; both
// belong to the event that carries the record.
static Source content_from(bool compressed = false) {
  return Source::field_of(kThisRecord, compressed ? "decompressed content" : "content");
}
static Source fragment_from() { return Source::field_of(kThisRecord, "encrypted_fragment"); }

static std::string mac_formula(const CipherState& cs) {
  std::string h(name_of(mac_hash(cs.suite->mac)));
  if (cs.version == kSsl3)
    return "MAC = " + h + "(MAC_write_secret + pad_2 + " + h + "(MAC_write_secret + pad_1 + seq_num + type + length + fragment))";
  return "MAC = HMAC-" + h + "(MAC_write_key, seq_num + type + version + length + fragment)";
}

static RecordNotes make_notes(const CipherState& cs, bool seal) {
  const CipherSuiteInfo& s = *cs.suite;
  RecordNotes n;
  n.suite = cs.suite;
  n.version = cs.version;
  n.state_name = cs.name;
  n.compressor = bool(cs.compressor);
  n.decompressor = bool(cs.decompressor);
  n.name_prefix = std::string(seal ? "record_seal " : "record_open ") + cs.name + " seq ";
  using K = DerivationKind;
  if (cs.tls13()) n.spec = "RFC 8446 5.2", n.kind = seal ? K::tls13_record_seal : K::tls13_record_open;
  else if (cs.version == kSsl3) n.spec = "RFC 6101 5.2.3", n.kind = seal ? K::ssl3_record_seal : K::ssl3_record_open;
  else if (s.aead())
    n.spec = "RFC 5246 6.2.3.3", n.kind = seal ? K::tls12_aead_record_seal : K::tls12_aead_record_open;
  else if (s.stream())
    n.kind = seal ? K::tls_stream_record_seal : K::tls_stream_record_open;
  else
    n.kind = seal ? K::tls_cbc_record_seal : K::tls_cbc_record_open;
  // The same section numbers in RFC 2246, 4346 and 5246: each version cites its own RFC.
  if (n.spec.empty()) n.spec = derivation_spec(n.kind, cs.version);

  std::string cipher(name_of(s.cipher));
  Message text;
  if (cs.tls13()) {
    text = msg(seal ? "formula.tls13_seal" : "formula.tls13_open").arg("cipher", cipher);
    n.nonce_note = msg("note_in.nonce13").arg("iv", seal ? "write_iv" : "read_iv");
    n.aad_note = seal ? notation("opaque_type (23) + legacy_record_version (0x0303) + length") : msg("note_in.header_received");
    n.fragment_note = notation("TLSCiphertext.encrypted_record");
  } else {
    if (!seal) text = msg(s.aead() ? "formula.aead_open" : s.stream() ? "formula.stream_open" : "formula.cbc_open");
    if (!seal && s.aead()) text.arg("cipher", cipher);
    else if (!seal) text.arg("mac", mac_formula(cs));
    else if (s.aead())
      text = notation(cipher + "(write_key, nonce, additional_data, fragment) -> " + (s.record_iv_len ? "nonce_explicit + " : "") +
                      "ciphertext + tag");
    else if (s.stream()) text = msg("formula.stream_seal").arg("mac", mac_formula(cs)).arg("cipher", cipher);
    else
      text = notation(mac_formula(cs) + "; ciphertext = " + cipher + "(write_key, IV, fragment + MAC + padding + padding_length)");
    // The formula after compression: a compressed record's is "compress with DEFLATE; <it>".
    if (seal && cs.compressor) text = msg("formula.compressed").arg("rest", std::move(text));
    n.key_note = notation(cs.name + "_key");
    n.mac_key_note = notation(cs.name + "_MAC_key");
    n.iv_note = msg("note_in.from_key_block").arg("name", cs.name + "_IV");
    n.fragment_note = notation("TLSCiphertext.fragment");
    if (seal) n.nonce_note = notation(s.record_iv_len ? "salt (write_IV) + nonce_explicit" : "write_IV XOR seq_num");
    n.aad_note = notation("seq_num + type + version + length");
    n.cbc_plaintext_note = notation("fragment + MAC + padding + padding_length");
    std::string h(name_of(mac_hash(s.mac)));
    if (cs.version == kSsl3) {
      n.pad1_note = msg("note_in.repeated").arg("byte", "0x36").arg("n", std::to_string(crypto::ssl3_pad1(mac_hash(s.mac)).size()));
      n.pad2_note = msg("note_in.repeated").arg("byte", "0x5c").arg("n", std::to_string(crypto::ssl3_pad2(mac_hash(s.mac)).size()));
      n.mac_input_note = notation("seq_num + type + length + fragment");
      n.inner_hash_note = notation(h + "(MAC_write_secret + pad_1 + seq_num + type + length + fragment)");
      n.mac_note = notation(h + "(MAC_write_secret + pad_2 + inner_hash)");
    } else {
      n.mac_input_note = notation("seq_num + type + version + length + fragment");
      n.mac_note = notation("HMAC-" + h + "(MAC_write_key, mac_input)");
    }
  }
  n.tag_note = msg("note_in.auth_tag");
  n.formula = text.english();
  n.text = std::move(text);
  return n;
}

// The state's notes for sealing or opening, made on its first record (or when it changed).
static const RecordNotes& notes_of(CipherState& cs, bool seal) {
  auto& slot = seal ? cs.seal_notes : cs.open_notes;
  if (!slot || !slot->made_for(cs)) slot = std::make_shared<const RecordNotes>(make_notes(cs, seal));
  return *slot;
}

// A fresh derivation for record cs.seq, its name, spec and kind from the notes.
static void start_derivation(Derivation* d, const RecordNotes& n, Actor actor, uint64_t seq) {
  *d = Derivation{};
  d->actor = actor;
  d->name = n.name_prefix + std::to_string(seq);
  d->id = derivation_id(actor, d->name);
  d->kind = n.kind;
  d->spec = n.spec;
}

// What Derivation::set_text does, without rendering the formula again.
static void set_formula(Derivation* d, const RecordNotes& n) {
  d->formula = n.formula;
  d->text = n.text;
}

// RFC 8446 5.3: the 64-bit sequence number, left-padded to the IV length, XORed with the IV.
static Bytes nonce13(const CipherState& cs, uint64_t seq) {
  Bytes n = cs.iv;
  Bytes sb = seq_bytes(seq);
  for (size_t i = 0; i < 8; ++i) n[n.size() - 8 + i] ^= sb[i];
  return n;
}

static Bytes header13(size_t ciphertext_len) {
  ByteWriter w;
  w.u8(uint8_t(ContentType::application_data));
  w.u16(kTls12);
  w.u16(uint16_t(ciphertext_len));
  return w.take();
}

// TLS 1.3 (RFC 8446 5.2 - 5.4): TLSInnerPlaintext = content + real type + zeros, sealed with the
// AEAD under nonce = IV XOR seq and additional_data = the record header (opaque_type 23).
// A record's bytes are recorded several times over (content, TLSInnerPlaintext, inner buffer,
// output): each is made once, straight where it stays, and moved rather than copied after.
static const Bytes& seal13(CipherState& cs, const RecordNotes& n, ContentType type, ByteView content, Derivation* d,
                    InnerLayout* inner) {
  Bytes inner_pt;
  inner_pt.reserve(content.size() + 1 + cs.tls13_padding);
  inner_pt.assign(content.begin(), content.end());
  inner_pt.push_back(uint8_t(type));
  inner_pt.resize(inner_pt.size() + cs.tls13_padding, 0);
  Bytes nonce = nonce13(cs, cs.seq);
  Bytes aad = header13(inner_pt.size() + 16);
  Bytes out(inner_pt.size() + 16);
  aead_of(cs).seal(nonce, aad, {inner_pt}, out.data());
  d->inputs.reserve(4);
  d->inputs.push_back({"content", Bytes(content.begin(), content.end()), msg("note_in.record_content").arg("type", name_of(type)), content_from()});
  d->inputs.push_back({"seq_num", seq_bytes(cs.seq), msg("note_in.seq_num_reset"), seq_from(cs.seq)});
  d->inputs.push_back({"write_key", cs.key, {}, cs.key_from});
  d->inputs.push_back({"write_iv", cs.iv, {}, cs.iv_from});
  set_formula(d, n);
  d->steps.reserve(4);
  d->steps.push_back({"TLSInnerPlaintext", inner_pt,
                      msg("note_in.inner_plaintext_seal").arg("type", name_of(type)).arg("n", std::to_string(cs.tls13_padding))});
  d->steps.push_back({"nonce", std::move(nonce), n.nonce_note});
  d->steps.push_back({"additional_data", std::move(aad), n.aad_note});
  d->steps.push_back({"tag", Bytes(out.end() - 16, out.end()), n.tag_note});
  d->output = std::move(out);
  inner->fragment_len = inner_pt.size();
  inner->content_offset = 0;
  inner->content_len = content.size();
  inner->inner_type = type;
  inner->buffer = std::move(inner_pt);
  ++cs.seq;
  return d->output;
}

static Result<Bytes> open13(CipherState& cs, const RecordNotes& n, ContentType type, uint16_t version, ByteView frag,
                            Derivation* d, InnerLayout* inner) {
  uint64_t seq = cs.seq++;
  d->inputs.reserve(4);
  d->inputs.push_back({"fragment", Bytes(frag.begin(), frag.end()), n.fragment_note, fragment_from()});
  d->inputs.push_back({"seq_num", seq_bytes(seq), msg("note_in.seq_num"), seq_from(seq)});
  d->inputs.push_back({"read_key", cs.key, {}, cs.key_from});
  d->inputs.push_back({"read_iv", cs.iv, {}, cs.iv_from});
  if (type != ContentType::application_data)
    return fail(AlertDescription::unexpected_message, msg("reason.protected13_opaque_type"));
  if (frag.size() < 17) return fail(AlertDescription::bad_record_mac, msg("reason.record_shorter_than_type_tag"));
  if (frag.size() > (1u << 14) + 256) return fail(AlertDescription::record_overflow, msg("reason.record13_too_long"));
  Bytes nonce = nonce13(cs, seq);
  ByteWriter w;
  w.u8(uint8_t(type));
  w.u16(version);
  w.u16(uint16_t(frag.size()));
  Bytes aad = w.take();
  set_formula(d, n);
  Bytes pt(frag.size() - 16);
  bool ok = aead_of(cs).open(nonce, aad, frag, pt.data());
  d->steps.reserve(3);
  d->steps.push_back({"nonce", std::move(nonce), n.nonce_note});
  d->steps.push_back({"additional_data", std::move(aad), n.aad_note});
  if (!ok) return fail(AlertDescription::bad_record_mac, msg("reason.aead_tag_failed"));
  size_t end = pt.size();
  while (end > 0 && pt[end - 1] == 0) --end;
  if (end == 0) return fail(AlertDescription::unexpected_message, msg("reason.inner_plaintext_no_type"));
  inner->fragment_len = pt.size();
  inner->content_offset = 0;
  inner->content_len = end - 1;
  inner->inner_type = ContentType(pt[end - 1]);
  d->steps.push_back({"TLSInnerPlaintext", pt, msg("note_in.inner_plaintext_open")});
  Bytes content(pt.begin(), pt.begin() + (end - 1));
  inner->buffer = std::move(pt);
  d->output = content;
  return content;
}

const Bytes& seal_record(CipherState& cs, Actor actor, ContentType type, uint16_t version, ByteView content,
                         Rng& rng, Derivation* d, InnerLayout* inner) {
  const CipherSuiteInfo& s = *cs.suite;
  const RecordNotes& n = notes_of(cs, true);
  start_derivation(d, n, actor, cs.seq);
  if (cs.tls13()) {
    *inner = InnerLayout{};
    return seal13(cs, n, type, content, d, inner);
  }
  Bytes seq = seq_bytes(cs.seq);
  d->inputs.reserve(5);
  d->inputs.push_back({"content", Bytes(content.begin(), content.end()), notation("TLSPlaintext.fragment (" + name_of(type) + ")"),
                       content_from(cs.compressed())});
  d->inputs.push_back({"seq_num", seq, msg("note_in.seq_num"), seq_from(cs.seq)});
  d->inputs.push_back({"write_key", cs.key, n.key_note, cs.key_from});
  d->steps.reserve(8);
  // TLSCompressed.fragment: the content itself unless DEFLATE was negotiated.
  Bytes compressed;
  ByteView fragment = content;
  if (cs.compressor) {
    compressed = cs.compressor->compress(content);
    d->steps.push_back({"compressed", compressed, msg("note_in.deflate")});
    fragment = compressed;
  }
  Bytes out;
  *inner = InnerLayout{};
  if (s.aead()) {
    Bytes explicit_nonce = s.record_iv_len ? seq : Bytes{};  // GCM: the sequence number, a common choice
    Bytes nonce = aead_nonce(cs, cs.seq, explicit_nonce);
    Bytes aad = pseudo_header(cs.seq, type, version, fragment.size(), false);
    // nonce_explicit + ciphertext + tag, the ciphertext written in place.
    size_t x = explicit_nonce.size();
    out.resize(x + fragment.size() + 16);
    std::copy(explicit_nonce.begin(), explicit_nonce.end(), out.begin());
    aead_of(cs).seal(nonce, aad, {fragment}, out.data() + x);
    set_formula(d, n);
    d->inputs.push_back({"write_iv", cs.iv, n.iv_note, cs.iv_from});
    if (s.record_iv_len) d->steps.push_back({"nonce_explicit", std::move(explicit_nonce), msg("note_in.sent_in_record")});
    d->steps.push_back({"nonce", std::move(nonce), n.nonce_note});
    d->steps.push_back({"additional_data", std::move(aad), n.aad_note});
    d->steps.push_back({"tag", Bytes(out.end() - 16, out.end()), n.tag_note});
    inner->buffer.assign(fragment.begin(), fragment.end());
  } else {
    d->inputs.push_back({"mac_key", cs.mac_key, n.mac_key_note, cs.mac_key_from});
    size_t frag_len = fragment.size();
    Bytes mac = compute_mac(cs, n, cs.seq, type, version, fragment, &d->steps);
    inner->mac_len = mac.size();
    Bytes plain;
    if (s.stream()) {
      plain.reserve(frag_len + mac.size());
      plain.assign(fragment.begin(), fragment.end());
      plain.insert(plain.end(), mac.begin(), mac.end());
      out.resize(plain.size());
      cs.rc4->process(plain.data(), plain.size(), out.data());
      set_formula(d, n);
    } else {
      size_t bl = s.block_len;
      size_t body = frag_len + mac.size() + 1;
      uint8_t pad_len = uint8_t((bl - body % bl) % bl);
      Bytes padding;
      if (cs.version == kSsl3) {
        padding = rng.bytes(pad_len);  // SSL 3.0: arbitrary bytes, only the length is checked
        padding.push_back(pad_len);
      } else {
        padding.assign(pad_len + 1u, pad_len);
      }
      plain.reserve(frag_len + mac.size() + padding.size());
      plain.assign(fragment.begin(), fragment.end());
      plain.insert(plain.end(), mac.begin(), mac.end());
      plain.insert(plain.end(), padding.begin(), padding.end());
      bool explicit_iv = cs.version >= kTls11;
      Bytes iv = explicit_iv ? rng.bytes(bl) : cs.next_iv;
      // IV (from TLS 1.1) + ciphertext, the ciphertext written in place.
      size_t off = explicit_iv ? iv.size() : 0;
      out.resize(off + plain.size());
      if (explicit_iv) std::copy(iv.begin(), iv.end(), out.begin());
      cbc_of(cs).encrypt(iv, plain.data(), plain.size(), out.data() + off);
      cs.next_iv.assign(out.end() - bl, out.end());
      set_formula(d, n);
      d->steps.push_back({"padding", std::move(padding),
                          msg(cs.version == kSsl3 ? "note_in.ssl3_padding" : "note_in.tls_padding").arg("n", std::to_string(pad_len))});
      d->steps.push_back({"iv", std::move(iv), msg(explicit_iv ? "note_in.iv_explicit_seal"
                                                               : cs.seq == 0 ? "note_in.iv_from_key_block"
                                                                             : "note_in.iv_chained")});
      d->steps.push_back({"cbc_plaintext", plain, n.cbc_plaintext_note});
    }
    inner->buffer = std::move(plain);
  }
  inner->fragment_len = fragment.size();
  inner->content_offset = 0;
  inner->content_len = fragment.size();
  if (cs.compressor) {  // show the decompressed content after the inner block
    inner->content_offset = inner->buffer.size();
    inner->content_len = content.size();
    append(inner->buffer, content);
  }
  d->output = std::move(out);
  ++cs.seq;
  return d->output;
}

Result<Bytes> open_record(CipherState& cs, Actor actor, ContentType type, uint16_t version,
                          ByteView frag, Derivation* d, InnerLayout* inner) {
  return open_record(cs, actor, type, version, frag, d, inner, RecordLeniency{});
}

Result<Bytes> open_record(CipherState& cs, Actor actor, ContentType type, uint16_t version, ByteView frag,
                          Derivation* d, InnerLayout* inner, const RecordLeniency& lenient) {
  const CipherSuiteInfo& s = *cs.suite;
  const RecordNotes& n = notes_of(cs, false);
  start_derivation(d, n, actor, cs.seq);
  if (cs.tls13()) {
    *inner = InnerLayout{};
    return open13(cs, n, type, version, frag, d, inner);
  }
  uint64_t seq = cs.seq++;
  d->inputs.reserve(3);
  d->inputs.push_back({"fragment", Bytes(frag.begin(), frag.end()), n.fragment_note, fragment_from()});
  d->inputs.push_back({"seq_num", seq_bytes(seq), msg("note_in.seq_num"), seq_from(seq)});
  d->steps.reserve(8);
  *inner = InnerLayout{};
  Bytes fragment;  // TLSCompressed.fragment once authenticated
  if (s.aead()) {
    if (frag.size() < s.record_iv_len + 16) return fail(AlertDescription::bad_record_mac, msg("reason.record_shorter_than_nonce_tag"));
    ByteView explicit_nonce = frag.subspan(0, s.record_iv_len);
    ByteView ct = frag.subspan(s.record_iv_len);
    Bytes nonce = aead_nonce(cs, seq, explicit_nonce);
    Bytes aad = pseudo_header(seq, type, version, ct.size() - 16, false);
    set_formula(d, n);
    Bytes pt(ct.size() - 16);
    bool ok = aead_of(cs).open(nonce, aad, ct, pt.data());
    d->steps.push_back({"nonce", std::move(nonce), {}});
    d->steps.push_back({"additional_data", std::move(aad), n.aad_note});
    if (!ok) return fail(AlertDescription::bad_record_mac, msg("reason.aead_tag_failed"));
    inner->buffer = pt;
    fragment = std::move(pt);
  } else {
    Bytes plain;
    size_t mac_len = s.mac_len;
    bool pad_ok = true;
    size_t frag_len;
    if (s.stream()) {
      if (frag.size() < mac_len) return fail(AlertDescription::bad_record_mac, msg("reason.record_shorter_than_mac"));
      plain.resize(frag.size());
      cs.rc4->process(frag.data(), frag.size(), plain.data());
      frag_len = plain.size() - mac_len;
    } else {
      size_t bl = s.block_len;
      bool explicit_iv = cs.version >= kTls11;
      size_t iv_len = explicit_iv ? bl : 0;
      if (frag.size() < iv_len + bl || (frag.size() - iv_len) % bl || frag.size() - iv_len < mac_len + 1)
        return fail(AlertDescription::bad_record_mac, msg("reason.cbc_not_whole_blocks"));
      Bytes iv = explicit_iv ? Bytes(frag.begin(), frag.begin() + bl) : cs.next_iv;
      ByteView ct = frag.subspan(iv_len);
      plain.resize(ct.size());
      cbc_of(cs).decrypt(iv, ct.data(), ct.size(), plain.data());
      cs.next_iv.assign(ct.end() - bl, ct.end());
      d->steps.push_back({"iv", std::move(iv), msg(explicit_iv ? "note_in.iv_explicit_open" : "note_in.iv_implicit")});
      d->steps.push_back({"cbc_plaintext", plain, n.cbc_plaintext_note});
      uint8_t pad_len = plain.back();
      pad_ok = size_t(pad_len) + 1 + mac_len <= plain.size();
      if (cs.version == kSsl3) pad_ok &= pad_len < bl;  // RFC 6101: padding shorter than a block, content unchecked
      // The lenient receiver stops at the length, as SSL 3.0 does, leaving POODLE's oracle open on TLS.
      else if (pad_ok && !lenient.skip_cbc_padding_check)
        for (size_t i = plain.size() - 1 - pad_len; i < plain.size(); ++i) pad_ok &= plain[i] == pad_len;
      // As real stacks do, check the MAC even when the padding is bad (assuming no padding), and
      // send the same alert either way so padding errors are not distinguishable.
      frag_len = pad_ok ? plain.size() - 1 - pad_len - mac_len : plain.size() - mac_len;
    }
    inner->buffer = plain;
    inner->mac_len = mac_len;
    ByteView fr(plain.data(), frag_len), mac(plain.data() + frag_len, mac_len);
    d->inputs.push_back({"mac_key", cs.mac_key, n.mac_key_note, cs.mac_key_from});
    Bytes expected = compute_mac(cs, n, seq, type, version, fr, &d->steps);
    d->steps.back().name = "mac_expected";  // the receiver's recomputation
    d->steps.push_back({"mac_received", Bytes(mac.begin(), mac.end()), msg("note_in.mac_received")});
    set_formula(d, n);
    if (!pad_ok) return fail(AlertDescription::bad_record_mac, msg("reason.cbc_padding_failed"));
    if (!std::equal(expected.begin(), expected.end(), mac.begin()))
      return fail(AlertDescription::bad_record_mac, msg("reason.record_mac_mismatch"));
    // The fragment is the head of the plaintext: kept in place, its tail cut off.
    plain.resize(frag_len);
    fragment = std::move(plain);
  }
  inner->fragment_len = fragment.size();
  inner->content_len = fragment.size();
  if (cs.decompressor) {
    auto dec = cs.decompressor->decompress(fragment, (1u << 14) + 1);
    if (!dec) return fail(AlertDescription::decompression_failure, msg("reason.deflate_corrupt"));
    if (dec->size() > (1u << 14)) return fail(AlertDescription::decompression_failure, msg("reason.decompressed_too_long"));
    d->steps.push_back({"decompressed", *dec, msg("note_in.inflate")});
    inner->content_offset = inner->buffer.size();
    inner->content_len = dec->size();
    append(inner->buffer, *dec);
    d->output = *dec;
    return std::move(*dec);
  }
  d->output = fragment;
  return fragment;
}

void dissect_protected(const CipherState& cs, ByteView frag, size_t base, const InnerLayout* inner,
                       Field& wire, Field& plain) {
  const CipherSuiteInfo& s = *cs.suite;
  size_t off = base;
  if (s.aead()) {
    if (s.record_iv_len) {
      wire.add("nonce_explicit", hex_value(frag.subspan(0, std::min(frag.size(), s.record_iv_len))), off, std::min(frag.size(), s.record_iv_len));
      off += s.record_iv_len;
    }
    size_t ct_len = frag.size() >= s.record_iv_len + 16 ? frag.size() - s.record_iv_len - 16 : 0;
    wire.add("aead_ciphertext", msg("field.bytes").arg("n", fmt_dec(ct_len)), off, ct_len);
    if (frag.size() >= 16) wire.add("tag", hex_value(frag.subspan(frag.size() - 16)), base + frag.size() - 16, 16);
  } else if (s.stream()) {
    wire.add("ciphertext", msg("field.bytes_stream_ciphertext").arg("n", fmt_dec(frag.size())).arg("cipher", std::string(name_of(s.cipher))), off, frag.size());
  } else {
    size_t iv_len = cs.version >= kTls11 ? std::min(frag.size(), s.block_len) : 0;
    if (iv_len) wire.add("IV", hex_value(frag.subspan(0, iv_len)), off, iv_len);
    wire.add("ciphertext", msg("field.bytes_cbc_ciphertext").arg("n", fmt_dec(frag.size() - iv_len)), off + iv_len, frag.size() - iv_len);
  }
  if (!inner) return;
  if (inner->inner_type) {
    size_t at = inner->content_len;
    if (at < inner->buffer.size())
      plain.add("content_type", name_of(*inner->inner_type) + " (" + fmt_dec(uint8_t(*inner->inner_type)) + ")", at, 1);
    if (inner->buffer.size() > at + 1)
      plain.add("zeros", msg("field.bytes_zero_padding").arg("n", fmt_dec(inner->buffer.size() - at - 1)), at + 1, inner->buffer.size() - at - 1);
    return;
  }
  if (cs.compressed())
    plain.add("TLSCompressed.fragment", msg("field.bytes_deflate").arg("n", fmt_dec(inner->fragment_len)), 0, inner->fragment_len);
  if (inner->mac_len && inner->buffer.size() >= inner->fragment_len + inner->mac_len) {
    plain.add("MAC", msg("field.bytes").arg("n", fmt_dec(inner->mac_len)), inner->fragment_len, inner->mac_len);
    size_t block_end = inner->compressed_end();
    size_t pad_start = inner->fragment_len + inner->mac_len;
    if (!s.stream() && block_end > pad_start) {
      plain.add("padding", msg("field.bytes").arg("n", fmt_dec(block_end - 1 - pad_start)), pad_start, block_end - 1 - pad_start);
      plain.add("padding_length", fmt_dec(block_end - 1 - pad_start), block_end - 1, 1);
    }
  }
}

}  // namespace sim

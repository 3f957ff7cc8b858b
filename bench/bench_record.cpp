// Record protection against its anchor (issue 18): the engine's seal_record / open_record, with
// the derivation recorded as the engine always does, beside the same record built with Crypto++
// called directly (same key, nonce / IV, additional data, MAC and padding as the RFCs say).
// The figure is the ratio engine / anchor of bytes per second, taken inside one run:
//   build/bench/tlslab-bench --benchmark_filter=BM_Record --benchmark_repetitions=3
// The anchor keys its Crypto++ objects once and writes into a buffer allocated once: the cost
// of the cipher and MAC alone, which the engine cannot beat.
#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <benchmark/benchmark.h>
#include <crypto++/aes.h>
#include <crypto++/chachapoly.h>
#include <crypto++/gcm.h>
#include <crypto++/hmac.h>
#include <crypto++/modes.h>
#include <crypto++/sha.h>

#include <cstring>
#include <memory>

#include "record/protection.hpp"

using namespace sim;

namespace {

enum class Kind { tls12_gcm, tls13_gcm, tls12_chacha, tls13_chacha, tls10_cbc_sha1, tls12_cbc_sha256 };

struct Setup {
  uint16_t version;
  const char* suite;
};

Setup setup_of(Kind k) {
  switch (k) {
    case Kind::tls12_gcm: return {kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
    case Kind::tls13_gcm: return {kTls13, "TLS_AES_128_GCM_SHA256"};
    case Kind::tls12_chacha: return {kTls12, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    case Kind::tls13_chacha: return {kTls13, "TLS_CHACHA20_POLY1305_SHA256"};
    case Kind::tls10_cbc_sha1: return {kTls10, "TLS_RSA_WITH_AES_128_CBC_SHA"};
    case Kind::tls12_cbc_sha256: return {kTls12, "TLS_RSA_WITH_AES_256_CBC_SHA256"};
  }
  return {};
}

// The keys every benchmark uses: MAC key 0x07.., key 0x09.., IV 0x05...
Bytes mac_key_of(const CipherSuiteInfo& s) { return Bytes(s.mac_len, 7); }
Bytes key_of(const CipherSuiteInfo& s) { return Bytes(s.expanded_key_len, 9); }
Bytes iv_of(const CipherSuiteInfo& s, uint16_t v) {
  return Bytes(v == kTls13 ? 12 : s.aead() ? s.fixed_iv_len : s.block_len, 5);
}

CipherState engine_state(Kind k, bool writing) {
  Setup st = setup_of(k);
  const CipherSuiteInfo* s = suite_by_name(st.suite);
  if (st.version == kTls13)
    return CipherState::make13(s, Protection::application_keys(KeySide::client, 0, s->id), key_of(*s), iv_of(*s, kTls13));
  return CipherState::make(s, st.version, "client_write", mac_key_of(*s), key_of(*s), iv_of(*s, st.version), false, writing);
}

constexpr uint8_t kType = uint8_t(ContentType::application_data);

// The record ciphers and MACs of one kind, keyed once.
class Anchor {
 public:
  explicit Anchor(Kind k) : kind_(k) {
    Setup st = setup_of(k);
    s_ = suite_by_name(st.suite);
    version_ = st.version;
    key_ = key_of(*s_);
    iv_ = iv_of(*s_, version_);
    next_iv_ = iv_;
    Bytes mk = mac_key_of(*s_);
    using namespace CryptoPP;
    switch (k) {
      case Kind::tls12_gcm:
      case Kind::tls13_gcm:
        gcm_e_.SetKeyWithIV(key_.data(), key_.size(), iv12(0).data(), 12);
        gcm_d_.SetKeyWithIV(key_.data(), key_.size(), iv12(0).data(), 12);
        break;
      case Kind::tls12_chacha:
      case Kind::tls13_chacha:
        cc_e_.SetKeyWithIV(key_.data(), key_.size(), iv12(0).data(), 12);
        cc_d_.SetKeyWithIV(key_.data(), key_.size(), iv12(0).data(), 12);
        break;
      case Kind::tls10_cbc_sha1:
        hmac_ = std::make_unique<HMAC<SHA1>>(mk.data(), mk.size());
        break;
      case Kind::tls12_cbc_sha256:
        hmac_ = std::make_unique<HMAC<SHA256>>(mk.data(), mk.size());
        break;
    }
    if (!s_->aead()) {
      cbc_e_.SetKeyWithIV(key_.data(), key_.size(), iv_.data());
      cbc_d_.SetKeyWithIV(key_.data(), key_.size(), iv_.data());
    }
  }

  // The nonce of record `seq`: GCM in TLS 1.2 salt + explicit (the sequence number, as the
  // engine chooses), otherwise IV XOR the sequence number (RFC 7905 2, RFC 8446 5.3).
  Bytes iv12(uint64_t seq) const {
    Bytes n(12);
    if (kind_ == Kind::tls12_gcm) {
      std::memcpy(n.data(), iv_.data(), 4);
      store_be(n.data() + 4, seq, 8);
      return n;
    }
    n = iv_;
    for (int i = 0; i < 8; ++i) n[4 + i] ^= uint8_t(seq >> (56 - 8 * i));
    return n;
  }

  // Seals `content` as record `seq`: `out` becomes the record's fragment.
  void seal(uint64_t seq, ByteView content, Rng& rng, Bytes& out) {
    size_t n = content.size();
    if (version_ == kTls13) {
      uint8_t aad[5] = {kType, 0x03, 0x03, uint8_t((n + 17) >> 8), uint8_t(n + 17)};
      out.resize(n + 17);
      Bytes nonce = iv12(seq);
      auto run = [&](auto& e) {
        e.Resynchronize(nonce.data(), 12);
        e.Update(aad, 5);
        e.ProcessData(out.data(), content.data(), n);
        e.ProcessData(out.data() + n, &kType, 1);
        e.TruncatedFinal(out.data() + n + 1, 16);
      };
      if (kind_ == Kind::tls13_gcm) run(gcm_e_);
      else run(cc_e_);
      return;
    }
    uint8_t hdr[13];
    store_be(hdr, seq, 8);
    hdr[8] = kType;
    store_be(hdr + 9, version_, 2);
    store_be(hdr + 11, n, 2);
    if (s_->aead()) {
      size_t x = s_->record_iv_len;
      out.resize(x + n + 16);
      Bytes nonce = iv12(seq);
      if (x) std::memcpy(out.data(), nonce.data() + 4, x);
      if (kind_ == Kind::tls12_gcm)
        gcm_e_.EncryptAndAuthenticate(out.data() + x, out.data() + x + n, 16, nonce.data(), 12, hdr, 13, content.data(), n);
      else
        cc_e_.EncryptAndAuthenticate(out.data() + x, out.data() + x + n, 16, nonce.data(), 12, hdr, 13, content.data(), n);
      return;
    }
    // MAC-then-encrypt (RFC 5246 6.2.3.2): HMAC over seq + type + version + length + fragment,
    // then CBC over fragment + MAC + padding + padding_length, the whole blocks of the content
    // straight from it.
    size_t mac_len = hmac_->DigestSize(), bl = 16;
    uint8_t tail[16 + 64 + 256];
    size_t whole = n / bl * bl, rest = n - whole;
    std::memcpy(tail, content.data() + whole, rest);
    hmac_->Update(hdr, 13);
    hmac_->Update(content.data(), n);
    hmac_->Final(tail + rest);
    size_t body = rest + mac_len + 1;
    size_t pad = (bl - body % bl) % bl;
    std::memset(tail + rest + mac_len, int(pad), pad + 1);
    size_t tail_len = body + pad;
    bool explicit_iv = version_ >= kTls11;
    size_t off = explicit_iv ? bl : 0;
    out.resize(off + whole + tail_len);
    if (explicit_iv) rng.fill(out.data(), bl);
    cbc_e_.Resynchronize(explicit_iv ? out.data() : next_iv_.data(), int(bl));
    cbc_e_.ProcessData(out.data() + off, content.data(), whole);
    cbc_e_.ProcessData(out.data() + off + whole, tail, tail_len);
    if (!explicit_iv) next_iv_.assign(out.end() - bl, out.end());
  }

  // Opens record `seq`; false when a check fails. The content ends up in `plain`.
  bool open(uint64_t seq, ByteView frag, Bytes& plain, size_t* content_len) {
    if (version_ == kTls13) {
      size_t n = frag.size() - 16;
      uint8_t aad[5] = {kType, 0x03, 0x03, uint8_t(frag.size() >> 8), uint8_t(frag.size())};
      plain.resize(n);
      Bytes nonce = iv12(seq);
      bool ok = kind_ == Kind::tls13_gcm
                    ? gcm_d_.DecryptAndVerify(plain.data(), frag.data() + n, 16, nonce.data(), 12, aad, 5, frag.data(), n)
                    : cc_d_.DecryptAndVerify(plain.data(), frag.data() + n, 16, nonce.data(), 12, aad, 5, frag.data(), n);
      size_t end = n;
      while (end > 0 && plain[end - 1] == 0) --end;
      *content_len = end ? end - 1 : 0;
      return ok && end > 0;
    }
    uint8_t hdr[13];
    store_be(hdr, seq, 8);
    hdr[8] = kType;
    store_be(hdr + 9, version_, 2);
    if (s_->aead()) {
      size_t x = s_->record_iv_len, n = frag.size() - x - 16;
      store_be(hdr + 11, n, 2);
      Bytes nonce = iv12(seq);
      if (x) std::memcpy(nonce.data() + 4, frag.data(), x);
      plain.resize(n);
      *content_len = n;
      if (kind_ == Kind::tls12_gcm)
        return gcm_d_.DecryptAndVerify(plain.data(), frag.data() + x + n, 16, nonce.data(), 12, hdr, 13, frag.data() + x, n);
      return cc_d_.DecryptAndVerify(plain.data(), frag.data() + x + n, 16, nonce.data(), 12, hdr, 13, frag.data() + x, n);
    }
    size_t bl = 16, mac_len = hmac_->DigestSize();
    bool explicit_iv = version_ >= kTls11;
    size_t off = explicit_iv ? bl : 0, n = frag.size() - off;
    plain.resize(n);
    cbc_d_.Resynchronize(explicit_iv ? frag.data() : next_iv_.data(), int(bl));
    cbc_d_.ProcessData(plain.data(), frag.data() + off, n);
    size_t pad = plain.back();
    bool ok = pad + 1 + mac_len <= n;
    if (ok)
      for (size_t i = n - 1 - pad; i < n; ++i) ok &= plain[i] == pad;
    size_t len = ok ? n - 1 - pad - mac_len : n - mac_len;
    store_be(hdr + 11, len, 2);
    uint8_t mac[64];
    hmac_->Update(hdr, 13);
    hmac_->Update(plain.data(), len);
    hmac_->Final(mac);
    *content_len = len;
    return ok && std::memcmp(mac, plain.data() + len, mac_len) == 0;
  }

  // For TLS 1.0 opening the same record again: the chained IV back to the key block's.
  void reset_chain() { next_iv_ = iv_; }

 private:
  Kind kind_;
  const CipherSuiteInfo* s_;
  uint16_t version_;
  Bytes key_, iv_, next_iv_;
  CryptoPP::GCM<CryptoPP::AES>::Encryption gcm_e_;
  CryptoPP::GCM<CryptoPP::AES>::Decryption gcm_d_;
  CryptoPP::ChaCha20Poly1305::Encryption cc_e_;
  CryptoPP::ChaCha20Poly1305::Decryption cc_d_;
  std::unique_ptr<CryptoPP::HMAC_Base> hmac_;
  CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption cbc_e_;
  CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption cbc_d_;
};

uint16_t record_version(Kind k) { return setup_of(k).version == kTls13 ? kTls12 : setup_of(k).version; }

// The first record sealed by the engine and by the anchor must be the same bytes, or the
// comparison means nothing.
bool same_first_record(Kind k, ByteView content) {
  CipherState cs = engine_state(k, true);
  Rng r1(1, "bench"), r2(1, "bench");
  Derivation d;
  InnerLayout inner;
  Bytes e = seal_record(cs, Actor::client, ContentType::application_data, record_version(k), content, r1, &d, &inner);
  Anchor a(k);
  Bytes b;
  a.seal(0, content, r2, b);
  return e == b;
}

void BM_RecordSeal(benchmark::State& state, Kind k, bool engine) {
  Bytes content(size_t(state.range(0)), 'x');
  if (!same_first_record(k, content)) return state.SkipWithError("engine and anchor records differ");
  Rng rng(1, "bench");
  if (engine) {
    CipherState cs = engine_state(k, true);
    for (auto _ : state) {
      Derivation d;
      InnerLayout inner;
      benchmark::DoNotOptimize(seal_record(cs, Actor::client, ContentType::application_data, record_version(k), content, rng, &d, &inner));
    }
  } else {
    Anchor a(k);
    Bytes out;
    uint64_t seq = 0;
    for (auto _ : state) {
      a.seal(seq++, content, rng, out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(content.size()));
}

void BM_RecordOpen(benchmark::State& state, Kind k, bool engine) {
  Bytes content(size_t(state.range(0)), 'x');
  Bytes frag;
  {
    CipherState w = engine_state(k, true);
    Rng rng(1, "bench");
    Derivation d;
    InnerLayout inner;
    frag = seal_record(w, Actor::client, ContentType::application_data, record_version(k), content, rng, &d, &inner);
  }
  if (engine) {
    CipherState cs = engine_state(k, false);
    for (auto _ : state) {
      cs.seq = 0;  // the same record again: its sequence number and (TLS 1.0) chained IV
      cs.next_iv = cs.iv;
      Derivation d;
      InnerLayout inner;
      auto r = open_record(cs, Actor::server, ContentType::application_data, record_version(k), frag, &d, &inner);
      if (!r.ok()) return state.SkipWithError("engine open failed");
      benchmark::DoNotOptimize(r->data());
    }
  } else {
    Anchor a(k);
    Bytes plain;
    for (auto _ : state) {
      a.reset_chain();
      size_t len = 0;
      if (!a.open(0, frag, plain, &len) || len != content.size()) return state.SkipWithError("anchor open failed");
      benchmark::DoNotOptimize(plain.data());
    }
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(content.size()));
}

#define RECORD_BENCH(name, kind)                                                               \
  BENCHMARK_CAPTURE(BM_RecordSeal, name##_engine, kind, true)->Arg(1 << 14)->Arg(1 << 10);  \
  BENCHMARK_CAPTURE(BM_RecordSeal, name##_anchor, kind, false)->Arg(1 << 14)->Arg(1 << 10); \
  BENCHMARK_CAPTURE(BM_RecordOpen, name##_engine, kind, true)->Arg(1 << 14)->Arg(1 << 10);  \
  BENCHMARK_CAPTURE(BM_RecordOpen, name##_anchor, kind, false)->Arg(1 << 14)->Arg(1 << 10)

RECORD_BENCH(tls12_aes128_gcm, Kind::tls12_gcm);
RECORD_BENCH(tls13_aes128_gcm, Kind::tls13_gcm);
RECORD_BENCH(tls12_chacha20, Kind::tls12_chacha);
RECORD_BENCH(tls13_chacha20, Kind::tls13_chacha);
RECORD_BENCH(tls10_aes128_cbc_sha1, Kind::tls10_cbc_sha1);
RECORD_BENCH(tls12_aes256_cbc_sha256, Kind::tls12_cbc_sha256);

}  // namespace

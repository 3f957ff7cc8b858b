// What a simulated handshake costs beyond the cryptography it performs (issue 18). For four
// suites: (a) the engine's whole run, as BM_Handshake in bench.cpp (handshake, one application
// record each way, close_notify each way, the whole trace recorded), and (b) a "crypto-only"
// loop calling Crypto++ directly for the operations one such run performs, counted from the
// engine's code and its trace (tlslab run ... --json). Keys are parsed once outside the loop and
// the transcript is hashed once per side with a running hash, as a lean implementation would.
// The figure the issue asks for is the ratio (a) / (b); compare only within one run, the
// machine is shared.
//
// Operations of one run, both sides together (server leaf and root: RSA-2048, the chain is
// leaf + root, so the client checks one certificate signature, PKCS#1 v1.5 SHA-256):
//   TLS 1.3 x25519 AES-128-GCM, rsa_pss_rsae_sha256:
//     2 x25519 key generations + 2 agreements; 1 RSA-PSS sign (server CertificateVerify) and
//     1 verify (client); 1 certificate signature check; per side 3 HKDF-Extract, 8
//     Derive-Secret, 8 HKDF-Expand-Label for keys and IVs, 2 Finished (finished_key + HMAC),
//     1 ticket PSK (HKDF-Expand-Label): 24 one-block HMAC-SHA256 per side; per side one running
//     SHA-256 over the transcript (~2.4 KB) read at 11 points; the server seals the ticket
//     (AES-256-GCM); 10 AES-128-GCM records sealed and opened (EncryptedExtensions,
//     Certificate, CertificateVerify, Finished, NewSessionTicket, 2 application data, 2 alerts,
//     client Finished).
//   TLS 1.2 ECDHE x25519 AES-128-GCM (extended master secret), rsa_pkcs1_sha256:
//     2 x25519 key generations + 2 agreements; 1 RSA PKCS#1 v1.5 sign (ServerKeyExchange) and
//     1 verify; 1 certificate signature check; per side the session hash and 2 Finished hashes
//     (one running SHA-256 over ~2.2 KB read at 3 points), the PRF for master_secret (48
//     bytes: 4 HMAC), key_block (40 bytes: 4 HMAC), 2 verify_data (2 HMAC each); 6 AES-128-GCM
//     records sealed and opened (2 Finished, 2 application data, 2 alerts).
//   TLS 1.2 RSA AES-256-CBC-SHA256: 1 RSAES-PKCS1-v1_5 encryption (client), 1 raw RSA private
//     operation + padding check (server); 1 certificate signature check; PRF as above but
//     key_block 128 bytes (8 HMAC); 6 records, each HMAC-SHA256 + AES-256-CBC on both sides.
//   TLS 1.2 DHE ffdhe2048 AES-128-GCM: as ECDHE but 2 DH key generations (g^x mod p) and 2
//     agreements (Y^x mod p) with exponents of `exponent_bits` bits (256: RFC 7919 5.2 short
//     exponents, what the engine uses now; 2048: the full-length exponents it used before).
#include <benchmark/benchmark.h>

#include <crypto++/aes.h>
#include <crypto++/gcm.h>
#include <crypto++/hmac.h>
#include <crypto++/modes.h>
#include <crypto++/nbtheory.h>
#include <crypto++/osrng.h>
#include <crypto++/pssr.h>
#include <crypto++/rsa.h>
#include <crypto++/sha.h>
#include <crypto++/xed25519.h>

#include "crypto/crypto.hpp"
#include "net/simulation.hpp"

using namespace sim;
namespace cp = CryptoPP;

namespace {

// The engine side is BM_Handshake (bench.cpp); the summary pairs it with these loops.

// ---- the crypto-only side ----

struct Keys {
  cp::AutoSeededRandomPool rng;
  cp::RSA::PrivateKey leaf, root;
  cp::RSA::PublicKey leaf_pub, root_pub;
  Bytes tbs = Bytes(1200, 0x30);  // about the demo leaf's tbsCertificate
  Bytes cert_sig;
  Keys() {
    leaf.Initialize(rng, 2048);
    root.Initialize(rng, 2048);
    leaf_pub = cp::RSA::PublicKey(leaf);
    root_pub = cp::RSA::PublicKey(root);
    cp::RSASS<cp::PKCS1v15, cp::SHA256>::Signer s(root);
    cert_sig.resize(s.MaxSignatureLength());
    cert_sig.resize(s.SignMessage(rng, tbs.data(), tbs.size(), cert_sig.data()));
  }
};
Keys& keys() {
  static Keys k;
  return k;
}

void hmac_sha256(ByteView key, ByteView data, uint8_t* out) {
  cp::HMAC<cp::SHA256> m(key.data(), key.size());
  m.CalculateDigest(out, data.data(), data.size());
}

// n one-block HMAC-SHA256 calls on HKDF/PRF-sized inputs.
void hmacs(int n) {
  uint8_t key[32] = {1}, out[32];
  uint8_t info[80] = {2};
  for (int i = 0; i < n; ++i) {
    hmac_sha256(ByteView(key, 32), ByteView(info, sizeof info), out);
    key[0] = out[0];
  }
  benchmark::DoNotOptimize(out);
}

// One side's running transcript hash over `len` bytes, read (a copy finalized) at `points`.
void running_transcript(size_t len, int points) {
  static const Bytes transcript(4096, 0x16);
  cp::SHA256 h;
  uint8_t out[32];
  size_t step = len / size_t(points);
  for (int i = 0; i < points; ++i) {
    h.Update(transcript.data(), step);
    cp::SHA256 snap(h);
    snap.Final(out);
  }
  benchmark::DoNotOptimize(out);
}

void x25519_pair_and_agree(cp::RandomNumberGenerator& rng) {
  cp::x25519 a, b;
  uint8_t pa[32], sa[32], pb[32], sb[32], z1[32], z2[32];
  a.GenerateKeyPair(rng, sa, pa);
  b.GenerateKeyPair(rng, sb, pb);
  a.Agree(z1, sa, pb);
  b.Agree(z2, sb, pa);
  benchmark::DoNotOptimize(z1);
  benchmark::DoNotOptimize(z2);
}

void dh_pair_and_agree(cp::RandomNumberGenerator& rng, unsigned exponent_bits) {
  static const cp::Integer p(crypto::ffdhe2048().p.data(), crypto::ffdhe2048().p.size());
  static const cp::Integer g(2);
  auto draw = [&] {
    return exponent_bits >= 2048 ? cp::Integer(rng, cp::Integer::Two(), p - 2)
                                 : cp::Integer(rng, cp::Integer::Power2(exponent_bits - 1), cp::Integer::Power2(exponent_bits) - 1);
  };
  cp::Integer xa = draw(), xb = draw();
  cp::Integer ya = a_exp_b_mod_c(g, xa, p), yb = a_exp_b_mod_c(g, xb, p);
  cp::Integer z1 = a_exp_b_mod_c(yb, xa, p), z2 = a_exp_b_mod_c(ya, xb, p);
  benchmark::DoNotOptimize(z1 == z2);
}

template <class Scheme>
void sign_and_verify(Keys& k, size_t msg_len) {
  Bytes msg(msg_len, 0x20);
  typename Scheme::Signer s(k.leaf);
  Bytes sig(s.MaxSignatureLength());
  sig.resize(s.SignMessage(k.rng, msg.data(), msg.size(), sig.data()));
  typename Scheme::Verifier v(k.leaf_pub);
  if (!v.VerifyMessage(msg.data(), msg.size(), sig.data(), sig.size())) throw std::runtime_error("verify");
}

void certificate_check(Keys& k) {
  cp::RSASS<cp::PKCS1v15, cp::SHA256>::Verifier v(k.root_pub);
  if (!v.VerifyMessage(k.tbs.data(), k.tbs.size(), k.cert_sig.data(), k.cert_sig.size())) throw std::runtime_error("cert");
}

// One AES-GCM record sealed by one side and opened by the other.
void gcm_record(size_t key_len, size_t len) {
  static const Bytes key(32, 9), iv(12, 5), aad(13, 1);
  Bytes pt(len, 'x'), ct(len + 16), back(len);
  cp::GCM<cp::AES>::Encryption e;
  e.SetKeyWithIV(key.data(), key_len, iv.data(), iv.size());
  e.EncryptAndAuthenticate(ct.data(), ct.data() + len, 16, iv.data(), 12, aad.data(), aad.size(), pt.data(), len);
  cp::GCM<cp::AES>::Decryption d;
  d.SetKeyWithIV(key.data(), key_len, iv.data(), iv.size());
  if (!d.DecryptAndVerify(back.data(), ct.data() + len, 16, iv.data(), 12, aad.data(), aad.size(), ct.data(), len))
    throw std::runtime_error("gcm");
}

// One TLS 1.2 AES-256-CBC HMAC-SHA256 record (MAC-then-encrypt) sealed and opened.
void cbc_sha256_record(size_t len) {
  static const Bytes key(32, 9), mac_key(32, 4), iv(16, 5);
  size_t padded = (len + 32 + 16) / 16 * 16;
  Bytes buf(padded, 'x'), ct(padded), back(padded);
  uint8_t mac[32];
  hmac_sha256(mac_key, ByteView(buf.data(), len + 13), mac);
  cp::CBC_Mode<cp::AES>::Encryption e(key.data(), key.size(), iv.data());
  e.ProcessData(ct.data(), buf.data(), padded);
  cp::CBC_Mode<cp::AES>::Decryption d(key.data(), key.size(), iv.data());
  d.ProcessData(back.data(), ct.data(), padded);
  hmac_sha256(mac_key, ByteView(back.data(), len + 13), mac);
  benchmark::DoNotOptimize(mac);
}

void BM_HandshakeCost_CryptoOnly_Tls13(benchmark::State& state) {
  Keys& k = keys();
  for (auto _ : state) {
    x25519_pair_and_agree(k.rng);
    sign_and_verify<cp::RSASS<cp::PSS, cp::SHA256>>(k, 130);  // CertificateVerify content
    certificate_check(k);
    hmacs(2 * 24);
    running_transcript(2400, 11);
    running_transcript(2400, 11);
    gcm_record(32, 120);  // the ticket, sealed under the server's ticket key
    for (size_t len : {size_t(23), size_t(1660), size_t(270), size_t(37), size_t(37), size_t(100), size_t(110),
                       size_t(390), size_t(3), size_t(3)})
      gcm_record(16, len);
  }
}

// The TLS 1.2 PRF work of both sides: master_secret (4 HMAC), key_block, 2 verify_data (2 each).
void tls12_prf_work(int key_block_hmacs) {
  hmacs(2 * (4 + key_block_hmacs + 2 * 2));
  running_transcript(2200, 3);
  running_transcript(2200, 3);
}

void BM_HandshakeCost_CryptoOnly_Tls12Ecdhe(benchmark::State& state) {
  Keys& k = keys();
  for (auto _ : state) {
    x25519_pair_and_agree(k.rng);
    sign_and_verify<cp::RSASS<cp::PKCS1v15, cp::SHA256>>(k, 64 + 37);  // randoms + ServerECDHParams
    certificate_check(k);
    tls12_prf_work(4);
    for (size_t len : {size_t(16), size_t(16), size_t(99), size_t(386), size_t(2), size_t(2)}) gcm_record(16, len);
  }
}

void BM_HandshakeCost_CryptoOnly_Tls12Dhe(benchmark::State& state) {
  Keys& k = keys();
  unsigned bits = unsigned(state.range(0));
  for (auto _ : state) {
    dh_pair_and_agree(k.rng, bits);
    sign_and_verify<cp::RSASS<cp::PKCS1v15, cp::SHA256>>(k, 64 + 2 * 256 + 7);  // randoms + ServerDHParams
    certificate_check(k);
    tls12_prf_work(4);
    for (size_t len : {size_t(16), size_t(16), size_t(99), size_t(386), size_t(2), size_t(2)}) gcm_record(16, len);
  }
  state.SetLabel(std::to_string(bits) + "-bit exponents");
}

void BM_HandshakeCost_CryptoOnly_Tls12Rsa(benchmark::State& state) {
  Keys& k = keys();
  for (auto _ : state) {
    // Client: RSAES-PKCS1-v1_5 of the 48-byte pre_master_secret; server: one raw private
    // operation, then the padding check (a scan of the block).
    Bytes pms(48, 3);
    cp::RSAES<cp::PKCS1v15>::Encryptor enc(k.leaf_pub);
    Bytes ct(enc.CiphertextLength(pms.size()));
    enc.Encrypt(k.rng, pms.data(), pms.size(), ct.data());
    cp::Integer m = k.leaf.CalculateInverse(k.rng, cp::Integer(ct.data(), ct.size()));
    Bytes block(256);
    m.Encode(block.data(), block.size());
    if (block[1] != 2) throw std::runtime_error("rsa");
    certificate_check(k);
    tls12_prf_work(8);
    for (size_t len : {size_t(16), size_t(16), size_t(99), size_t(386), size_t(2), size_t(2)}) cbc_sha256_record(len);
  }
}

}  // namespace

BENCHMARK(BM_HandshakeCost_CryptoOnly_Tls13)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HandshakeCost_CryptoOnly_Tls12Ecdhe)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HandshakeCost_CryptoOnly_Tls12Rsa)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HandshakeCost_CryptoOnly_Tls12Dhe)->Arg(256)->Arg(2048)->Unit(benchmark::kMillisecond);

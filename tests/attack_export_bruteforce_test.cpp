// export-bruteforce: a passive eavesdropper searches the 40-bit write key of an export session
// (here 16 low bits, the other 24 given as the stated hint). The key it recovers must be the
// one the victim used, checked two ways: against the victim's own key_block derivation, and by
// decrypting the recorded request here with plain Crypto++ (final key computed from RFC 6101 /
// RFC 2246, not with the engine's code) and getting the exact bytes the client sent. Defended,
// the server refuses export suites and the same search finds nothing; cancelled, it stops.
#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <crypto++/arc4.h>
#include <crypto++/hmac.h>
#include <crypto++/md5.h>
#include <crypto++/modes.h>
#include <crypto++/rc2.h>
#include <crypto++/sha.h>
#include <gtest/gtest.h>

#include <thread>

#include "net/simulation.hpp"
#include "sim_fixtures.hpp"

namespace {

using namespace sim;

ScenarioOptions bruteforce(uint16_t version, const std::string& variant, unsigned bits, bool defended) {
  ScenarioOptions o;
  o.attack = "export-bruteforce";
  o.attack_variant = variant;
  o.search_bits = bits;
  if (!defended) o.defenses["refuse-export-suites"] = false;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  return o;
}

const AttackEvidence* evidence(const Trace& t, const std::string& name) { return simfix::attack_evidence(t, name); }

// The victim client's key_block part, as its derivation in the trace shows it.
Bytes victim_part(const Trace& t, const std::string& part) {
  for (auto& e : t.events)
    for (auto& d : e.derivations)
      if (d.name == "key_block" && d.actor == Actor::client)
        for (auto& p : d.parts)
          if (p.name == part) return Bytes(d.output.begin() + long(p.offset), d.output.begin() + long(p.offset + p.length));
  return {};
}

// HMAC-based P_hash (RFC 2246 5), one output block is enough here.
template <class H>
Bytes p_hash(const Bytes& secret, const Bytes& seed) {
  CryptoPP::HMAC<H> h(secret.data(), secret.size());
  Bytes a1(H::DIGESTSIZE), out(H::DIGESTSIZE);
  h.CalculateDigest(a1.data(), seed.data(), seed.size());
  Bytes in = a1;
  in.insert(in.end(), seed.begin(), seed.end());
  h.CalculateDigest(out.data(), in.data(), in.size());
  return out;
}

// The final client write key and IV straight from the specs (RFC 6101 6.2.2.1, RFC 2246 6.3.1).
void final_key(uint16_t version, const Bytes& key5, const Bytes& cr, const Bytes& sr, size_t n, Bytes* key, Bytes* iv) {
  Bytes crsr = cr;
  crsr.insert(crsr.end(), sr.begin(), sr.end());
  if (version == kSsl3) {
    Bytes in = key5, out(16);
    in.insert(in.end(), crsr.begin(), crsr.end());
    CryptoPP::Weak::MD5().CalculateDigest(out.data(), in.data(), in.size());
    key->assign(out.begin(), out.begin() + long(n));
    CryptoPP::Weak::MD5().CalculateDigest(out.data(), crsr.data(), crsr.size());
    iv->assign(out.begin(), out.begin() + 8);
    return;
  }
  auto prf = [&](const Bytes& secret, const std::string& label, size_t len) {
    Bytes seed(label.begin(), label.end());
    seed.insert(seed.end(), crsr.begin(), crsr.end());
    size_t half = (secret.size() + 1) / 2;
    Bytes s1(secret.begin(), secret.begin() + long(half)), s2(secret.end() - long(half), secret.end());
    Bytes a = p_hash<CryptoPP::Weak::MD5>(s1, seed), b = p_hash<CryptoPP::SHA1>(s2, seed);
    Bytes out(len);
    for (size_t i = 0; i < len; ++i) out[i] = a[i] ^ b[i];
    return out;
  };
  *key = prf(key5, "client write key", n);
  *iv = prf({}, "IV block", 16);
  iv->resize(8);
}

// The client's protected records (after its ChangeCipherSpec), decrypted with plain Crypto++;
// returns the application data content, MAC (and padding) removed.
Bytes decrypt_request(const Trace& t, uint16_t version, const Bytes& key5) {
  const CipherSuiteInfo& s = *suite_by_id(t.negotiated.cipher_suite);
  Bytes cr, sr;
  std::vector<Bytes> frags;
  std::vector<uint8_t> types;
  bool ccs = false;
  for (auto& e : t.events) {
    if (e.attack || e.bytes.size() < 5) continue;
    if (e.from == Actor::client && e.bytes[0] == 22 && e.bytes[5] == 1) cr.assign(e.bytes.begin() + 11, e.bytes.begin() + 43);
    if (e.from == Actor::server && e.bytes[0] == 22 && e.bytes[5] == 2) sr.assign(e.bytes.begin() + 11, e.bytes.begin() + 43);
    if (e.from != Actor::client) continue;
    if (ccs) {
      frags.emplace_back(e.bytes.begin() + 5, e.bytes.end());
      types.push_back(e.bytes[0]);
    }
    if (e.bytes[0] == 20) ccs = true;
  }
  Bytes key, iv, request;
  final_key(version, key5, cr, sr, s.expanded_key_len, &key, &iv);
  CryptoPP::Weak::ARC4 rc4(key.data(), key.size());
  for (size_t i = 0; i < frags.size(); ++i) {
    Bytes plain(frags[i].size());
    if (s.block_len == 0) {
      rc4.ProcessData(plain.data(), frags[i].data(), frags[i].size());
    } else {
      // RC2 with the 16-byte final key and 128 effective bits (the engine's reading of RFC 6101 A.6).
      CryptoPP::RC2::Decryption rc2(key.data(), key.size(), 128);
      CryptoPP::CBC_Mode_ExternalCipher::Decryption d(rc2, iv.data());
      d.ProcessData(plain.data(), frags[i].data(), frags[i].size());
      iv.assign(frags[i].end() - 8, frags[i].end());
      plain.resize(plain.size() - plain.back() - 1);
    }
    plain.resize(plain.size() - s.mac_len);
    if (types[i] == 23) request.insert(request.end(), plain.begin(), plain.end());
  }
  return request;
}

// What the client really sent as application data: what the server received of it.
Bytes sent_request(const Trace& t) { return t.server_app_received; }

struct Case {
  uint16_t version;
  const char* variant;
  uint16_t suite;
};

class ExportBruteforce : public testing::TestWithParam<Case> {};

TEST_P(ExportBruteforce, RecoversTheClientWriteKeyAndReadsTheRequest) {
  auto [version, variant, suite] = GetParam();
  Trace t = simfix::run_attack(bruteforce(version, variant, 16, false));
  ASSERT_EQ(t.negotiated.version, version);
  ASSERT_EQ(t.negotiated.cipher_suite, suite);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  EXPECT_EQ(t.attack->work_unit, "candidates");
  // Two searches (client and server) of at most 2^16 candidates each; at least one candidate.
  EXPECT_GT(t.attack->work, 0u);
  EXPECT_LE(t.attack->work, 2u << 16);
  EXPECT_FALSE(t.attack->cancelled);

  const AttackEvidence* key = evidence(t, "client_write_key");
  ASSERT_NE(key, nullptr);
  Bytes victim = victim_part(t, "client_write_key");
  ASSERT_EQ(victim.size(), 5u);
  EXPECT_EQ(key->value, victim);
  const AttackEvidence* skey = evidence(t, "server_write_key");
  ASSERT_NE(skey, nullptr);
  EXPECT_EQ(skey->value, victim_part(t, "server_write_key"));

  // Independent decryption with the recovered key: exactly the bytes the client sent.
  Bytes request = decrypt_request(t, version, key->value);
  ASSERT_FALSE(request.empty());
  EXPECT_EQ(request, sent_request(t));
  EXPECT_EQ(std::string(request.begin(), request.begin() + 5), "GET /");
  const AttackEvidence* read = evidence(t, "request_read");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->value, request);
  const AttackEvidence* response = evidence(t, "response_read");
  ASSERT_NE(response, nullptr);
  EXPECT_EQ(std::string(response->value.begin(), response->value.begin() + 8), "HTTP/1.1");

  // The stated hint: 24 bits given, the 16 low bits (4 hex digits) searched.
  const AttackEvidence* slice = evidence(t, "search_slice");
  ASSERT_NE(slice, nullptr);
  std::string hex;
  for (uint8_t b : victim) {
    hex += "0123456789abcdef"[b >> 4];
    hex += "0123456789abcdef"[b & 15];
  }
  EXPECT_EQ(std::string(slice->value.begin(), slice->value.end()), hex.substr(0, 6) + "????");
  EXPECT_NE(slice->label.english().find("24 bits given, 16 searched"), std::string::npos);
  ASSERT_NE(evidence(t, "time_40"), nullptr);
  ASSERT_NE(evidence(t, "time_128"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Variants, ExportBruteforce,
                         testing::Values(Case{kSsl3, "rc4-40", 0x0003}, Case{kTls10, "rc4-40", 0x0003},
                                         Case{kSsl3, "rc2-40", 0x0006}, Case{kTls10, "rc2-40", 0x0006}),
                         [](const auto& info) {
                           std::string v = info.param.variant;
                           v.erase(std::remove(v.begin(), v.end(), '-'), v.end());
                           return (info.param.version == kSsl3 ? "ssl3_" : "tls10_") + v;
                         });

// DES40: the same search, checked against the victim's derivation.
TEST(ExportBruteforceDes40, RecoversTheClientWriteKey) {
  Trace t = simfix::run_attack(bruteforce(kSsl3, "des40", 14, false));
  ASSERT_EQ(t.negotiated.cipher_suite, 0x0008);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  ASSERT_NE(evidence(t, "client_write_key"), nullptr);
  EXPECT_EQ(evidence(t, "client_write_key")->value, victim_part(t, "client_write_key"));
  EXPECT_EQ(evidence(t, "request_read")->value, sent_request(t));
}

// Defended: the server refuses export suites; RC4-128 is negotiated and the slice holds no key.
TEST(ExportBruteforceDefended, FullSizeKeyNothingFound) {
  Trace t = simfix::run_attack(bruteforce(kSsl3, "rc4-40", 12, true));
  EXPECT_EQ(t.negotiated.cipher_suite, 0x0004);
  EXPECT_EQ(t.outcome, OutcomeKind::completed);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.export-bruteforce.failed_full_key");
  EXPECT_EQ(t.attack->defenses_on, std::vector<std::string>{"refuse-export-suites"});
  EXPECT_EQ(t.attack->work, 1u << 12);  // the whole slice, in vain
  EXPECT_EQ(evidence(t, "client_write_key"), nullptr);
  EXPECT_EQ(evidence(t, "request_read"), nullptr);
}

// Cancelled before the search: nothing tried, the report says so.
TEST(ExportBruteforceCancel, CancelledBeforeAnalysisStopsAtOnce) {
  Trace t = simfix::run_cancelled(bruteforce(kSsl3, "rc4-40", 30, false));
  ASSERT_TRUE(t.attack);
  EXPECT_TRUE(t.attack->cancelled);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.export-bruteforce.cancelled");
  EXPECT_LT(t.attack->work, 1u << 16);
}

// Cancelled from another thread while the 2^30 search runs: it stops within a batch or so.
TEST(ExportBruteforceCancel, CancelledWhileSearchingStopsEarly) {
  ScenarioOptions o = bruteforce(kTls10, "rc4-40", 30, false);
  Simulation s(o);
  auto progress = s.progress();
  std::thread canceller([progress] {
    while (progress->done() < 20000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    progress->cancel();
  });
  s.run_to_end();
  canceller.join();
  ASSERT_TRUE(s.trace().attack);
  EXPECT_TRUE(s.trace().attack->cancelled);
  EXPECT_EQ(s.trace().attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(progress->total(), 2ull << 30);
  EXPECT_GE(s.trace().attack->work, 20000u);
  EXPECT_LT(s.trace().attack->work, 1u << 24);
}

}  // namespace

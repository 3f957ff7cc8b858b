// export-bruteforce: candidates per second of the attack's own loop (attack/slice_search.hpp)
// with 1 and 2 threads, against a floor loop that does only the irreducible work per candidate
// in SSL 3.0 RC4-40: the MD5 of the export final key, the RC4 key schedule and the keystream up
// to the known bytes (the Finished record's 56 bytes, then "GET /"). The attack's rate per core
// should stay within 80% of the floor.
#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <benchmark/benchmark.h>
#include <crypto++/arc4.h>
#include <crypto++/md5.h>

#include <cstring>

#include "attack/slice_search.hpp"

using namespace sim;

namespace {

constexpr unsigned kBits = 16;  // candidates per iteration: 2^16
constexpr size_t kOffset = 56;  // SSL 3.0: the client's Finished record (4 + 36 + 16 MAC) before the request

Bytes filled(size_t n, uint8_t seed) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = uint8_t(seed + 37 * i);
  return b;
}

// A probe whose slice holds no key: every candidate is tested.
crypto::KeyProbe probe(crypto::ExportKdf kdf, BulkCipher cipher) {
  crypto::KeyProbe p;
  p.cipher = cipher;
  p.kdf = kdf;
  p.client_random = filled(32, 1);
  p.server_random = filled(32, 2);
  p.known = to_bytes("GET /");
  if (cipher == BulkCipher::rc4_40) {
    p.stream_offset = kdf == crypto::ExportKdf::ssl3_md5 ? kOffset : 32;
    p.ciphertext = filled(5, 3);
  } else {
    p.chain = filled(8, 4);
    p.ciphertext = filled(8, 5);
  }
  return p;
}

void BM_BruteforceAttackLoop(benchmark::State& state, crypto::ExportKdf kdf, BulkCipher cipher) {
  unsigned threads = unsigned(state.range(0));
  crypto::KeyProbe p = probe(kdf, cipher);
  uint64_t tried = 0;
  for (auto _ : state) {
    Progress progress;
    auto r = attack::search_slice(p, 0, kBits, threads, progress, [](uint64_t) { return true; });
    if (r.found) state.SkipWithError("a key matched random bytes");
    tried += r.tried;
  }
  state.counters["cand/s"] = benchmark::Counter(double(tried), benchmark::Counter::kIsRate);
  state.counters["cand/s/core"] = benchmark::Counter(double(tried) / threads, benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_BruteforceAttackLoop, ssl3_rc4_40, crypto::ExportKdf::ssl3_md5, BulkCipher::rc4_40)
    ->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BruteforceAttackLoop, tls10_rc4_40, crypto::ExportKdf::tls10_prf, BulkCipher::rc4_40)
    ->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_BruteforceAttackLoop, ssl3_rc2_40, crypto::ExportKdf::ssl3_md5, BulkCipher::rc2_cbc_40)
    ->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// The floor: per candidate, MD5(key + randoms) and RC4 keyed with it, run to the known bytes.
void BM_BruteforceFloor(benchmark::State& state) {
  uint8_t in[5 + 64];
  Bytes r = filled(64, 1);
  std::memcpy(in + 5, r.data(), 64);
  Bytes ct = filled(5, 3);
  const uint8_t known[5] = {'G', 'E', 'T', ' ', '/'};
  CryptoPP::Weak::MD5 md5;
  CryptoPP::Weak::ARC4 rc4;
  uint8_t digest[16], out[5];
  uint64_t tried = 0, hits = 0;
  for (auto _ : state) {
    for (uint64_t v = 0; v < (uint64_t(1) << kBits); ++v) {
      for (size_t b = 0; b < 5; ++b) in[b] = uint8_t(v >> (8 * (4 - b)));
      md5.CalculateDigest(digest, in, sizeof in);
      rc4.SetKey(digest, 16);
      rc4.DiscardBytes(kOffset);
      rc4.ProcessData(out, ct.data(), 5);
      hits += std::memcmp(out, known, 5) == 0;
    }
    tried += uint64_t(1) << kBits;
  }
  benchmark::DoNotOptimize(hits);
  state.counters["cand/s"] = benchmark::Counter(double(tried), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BruteforceFloor)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

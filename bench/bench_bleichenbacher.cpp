// The Bleichenbacher oracle's cost: one query (a fresh server of the run's configuration fed a
// ClientHello, its flight read, then a ClientKeyExchange, ChangeCipherSpec and Finished and the
// answer read) against the one RSA-512 private-key operation it contains; and whole attacks,
// with the queries each needed (counter "queries") and the time per query.
#include <benchmark/benchmark.h>

#include "crypto/crypto.hpp"
#include "net/simulation.hpp"
#include "pki/cert.hpp"
#include "scenario/attacks.hpp"

using namespace sim;

namespace {

ScenarioOptions attack_options(bool defended, uint64_t budget, uint64_t seed) {
  ScenarioOptions o;
  o.attack = "bleichenbacher";
  if (!defended) o.defenses["rsa-padding-countermeasure"] = false;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls10;
  o.query_budget = budget;
  o.seed = seed;
  return o;
}

// One RSA-512 private-key operation on a ClientKeyExchange-sized ciphertext (what each query
// costs the server at least).
void BM_Rsa512Decrypt(benchmark::State& state) {
  ServerConfig sc = server_config(effective_options(attack_options(true, 0, 1)));
  auto spki = pki::certificate_spki(sc.certificate_chain.at(0));
  Rng rng(1, "bench");
  Bytes ct = *crypto::rsa_encrypt_pkcs1(*spki, rng.bytes(48), rng);
  for (auto _ : state) benchmark::DoNotOptimize(crypto::rsa_raw_decrypt(sc.private_key_pkcs8, ct));
}
BENCHMARK(BM_Rsa512Decrypt)->Unit(benchmark::kMicrosecond);

// Oracle queries as the attack makes them: a defended run spends exactly its budget.
void BM_BleichenbacherQuery(benchmark::State& state) {
  const uint64_t budget = 2000;
  double queries = 0, seconds = 0;
  for (auto _ : state) {
    Simulation s(attack_options(true, budget, 1));
    s.run_to_end();
    queries += double(s.trace().attack->work);
    seconds += s.trace().attack->seconds;  // the oracle's part of the run
  }
  state.counters["queries"] = queries;
  state.counters["us_per_query"] = queries ? seconds * 1e6 / queries : 0;
}
BENCHMARK(BM_BleichenbacherQuery)->Unit(benchmark::kMillisecond)->Iterations(3);

// Whole undefended attacks on the rsa-512 key, one seed each: queries per run and time. These
// three seeds are among the quickest (10 811, 11 301 and 20 826 queries); most seeds need 2^17
// to 2^20 queries, so a typical run takes minutes.
void BM_BleichenbacherAttack(benchmark::State& state) {
  uint64_t seed = uint64_t(state.range(0));
  double queries = 0, seconds = 0;
  for (auto _ : state) {
    Simulation s(attack_options(false, 0, seed));
    s.run_to_end();
    const AttackReport& r = *s.trace().attack;
    if (r.succeeded != true) state.SkipWithError("attack did not succeed");
    queries = double(r.work);
    seconds = r.seconds;
  }
  state.counters["queries"] = queries;
  state.counters["us_per_query"] = queries ? seconds * 1e6 / queries : 0;
}
BENCHMARK(BM_BleichenbacherAttack)->Arg(10)->Arg(26)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

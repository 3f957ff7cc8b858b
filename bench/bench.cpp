// On-demand benchmarks (not run by ctest): `build/bench/tlslab-bench`. Measures what a class
// waits for: a whole simulated handshake per version and suite, the key derivations, record
// protection throughput, and writing a trace.
#include <benchmark/benchmark.h>

#include "hs/key_schedule.hpp"
#include "net/simulation.hpp"
#include "record/protection.hpp"

using namespace sim;

namespace {

ScenarioOptions options(uint16_t version, const char* suite) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  o.client_suites = o.server_suites = {suite_by_name(suite)->id};
  return o;
}

// Whole simulated runs of a scenario, a new seed each time.
void run_scenario(benchmark::State& state, ScenarioOptions o) {
  { Simulation warm(o); }  // mint the demo certificates outside the loop
  for (auto _ : state) {
    o.seed++;
    Simulation sim(o);
    sim.run_to_end();
    if (!(sim.trace().outcome == sim::OutcomeKind::completed)) state.SkipWithError("handshake failed");
    benchmark::DoNotOptimize(sim.trace().events.size());
  }
}

void BM_Handshake(benchmark::State& state, uint16_t version, const char* suite) {
  run_scenario(state, options(version, suite));
  state.SetLabel(version_name(version));
}

BENCHMARK_CAPTURE(BM_Handshake, tls12_ecdhe_x25519_gcm, kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, tls12_ecdhe_p256_cbc, kTls12, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, tls12_dhe_gcm, kTls12, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, tls12_rsa_cbc, kTls12, "TLS_RSA_WITH_AES_256_CBC_SHA256")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, tls10_rsa_cbc, kTls10, "TLS_RSA_WITH_AES_128_CBC_SHA")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, ssl3_rsa_rc4, kSsl3, "SSL_RSA_WITH_RC4_128_MD5")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, ssl3_export_rc2, kSsl3, "SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, tls13_x25519_aes128, kTls13, "TLS_AES_128_GCM_SHA256")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Handshake, tls13_x25519_chacha20, kTls13, "TLS_CHACHA20_POLY1305_SHA256")->Unit(benchmark::kMillisecond);

// A full TLS 1.3 handshake followed by a resumed one (psk_dhe_ke with 0-RTT), in one trace.
void BM_Tls13Resumption(benchmark::State& state) {
  ScenarioOptions o = options(kTls13, "TLS_AES_128_GCM_SHA256");
  o.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  o.early_data = ScenarioOptions::EarlyData::accepted;
  run_scenario(state, o);
}
BENCHMARK(BM_Tls13Resumption)->Unit(benchmark::kMillisecond);

void BM_MasterSecret(benchmark::State& state, uint16_t version) {
  const CipherSuiteInfo& s = *suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA");
  Bytes pms(48, 1), cr(32, 2), sr(32, 3);
  for (auto _ : state) benchmark::DoNotOptimize(derive_master(Actor::client, version, s, pms, cr, sr, std::nullopt).output);
}
BENCHMARK_CAPTURE(BM_MasterSecret, ssl3, kSsl3)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_MasterSecret, tls10, kTls10)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_MasterSecret, tls12, kTls12)->Unit(benchmark::kMicrosecond);

// Sealing full 16 KiB records, with the derivation recorded as the engine always does.
void BM_SealRecord(benchmark::State& state, uint16_t version, const char* suite) {
  const CipherSuiteInfo* s = suite_by_name(suite);
  CipherState cs = CipherState::make(s, version, "client_write", Bytes(s->mac_len, 7), Bytes(s->expanded_key_len, 9),
                                     Bytes(s->aead() ? s->fixed_iv_len : s->block_len, 5), false, true);
  Rng rng(1, "bench");
  Bytes content(1 << 14, 'x');
  for (auto _ : state) {
    Derivation d;
    InnerLayout inner;
    benchmark::DoNotOptimize(seal_record(cs, Actor::client, ContentType::application_data, version, content, rng, &d, &inner));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(content.size()));
}
BENCHMARK_CAPTURE(BM_SealRecord, tls12_aes128_gcm, kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
BENCHMARK_CAPTURE(BM_SealRecord, tls12_chacha20, kTls12, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
BENCHMARK_CAPTURE(BM_SealRecord, tls10_aes128_cbc_sha, kTls10, "TLS_RSA_WITH_AES_128_CBC_SHA");
BENCHMARK_CAPTURE(BM_SealRecord, ssl3_rc4_md5, kSsl3, "SSL_RSA_WITH_RC4_128_MD5");

void BM_SealRecord13(benchmark::State& state, const char* suite) {
  const CipherSuiteInfo* s = suite_by_name(suite);
  CipherState cs = CipherState::make13(s, Protection::application_keys(KeySide::client, 0, s->id), Bytes(s->key_len, 9), Bytes(12, 5));
  Rng rng(1, "bench");
  Bytes content(1 << 14, 'x');
  for (auto _ : state) {
    Derivation d;
    InnerLayout inner;
    benchmark::DoNotOptimize(seal_record(cs, Actor::client, ContentType::application_data, kTls13, content, rng, &d, &inner));
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(content.size()));
}
BENCHMARK_CAPTURE(BM_SealRecord13, tls13_aes128_gcm, "TLS_AES_128_GCM_SHA256");
BENCHMARK_CAPTURE(BM_SealRecord13, tls13_chacha20, "TLS_CHACHA20_POLY1305_SHA256");

void BM_TraceJson(benchmark::State& state) {
  Simulation sim{ScenarioOptions{}};
  sim.run_to_end();
  for (auto _ : state) benchmark::DoNotOptimize(trace_json_text(sim.trace()).size());
}
BENCHMARK(BM_TraceJson)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

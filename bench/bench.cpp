// On-demand benchmarks (not run by ctest): `build/bench/tlslab-bench`. Measures what a class
// waits for: a whole simulated handshake per version and suite, the key derivations, record
// protection throughput, and writing a trace. `tlslab-bench --summary` runs the figures that
// have an anchor (OpenSSL, Crypto++ called directly, CPython) and prints one table with ratios.
#include <benchmark/benchmark.h>
#include <cryptopp/config_ver.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

#include "bench_options.hpp"
#include "hs/key_schedule.hpp"
#include "net/simulation.hpp"
#include "record/protection.hpp"

using namespace sim;

#ifdef TLSLAB_BENCH_OPENSSL
const char* tlslab_bench_openssl_version();  // openssl_anchor.cpp
#endif
void register_scenario_benchmarks();  // bench_scenarios.cpp

namespace {

using benchopt::pinned;

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
  run_scenario(state, pinned(version, suite));
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
  ScenarioOptions o = pinned(kTls13, "TLS_AES_128_GCM_SHA256");
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

// The summary: each figure beside its anchor, measured in the same run (medians of repetitions,
// interleaved so that a busy machine slows both alike; CPU time, which other processes disturb
// less than wall time, and every figure here runs on one thread). Rows whose benchmarks are not built
// (OpenSSL missing) are left out.
struct SummaryRow {
  const char* figure;
  const char* tlslab;  // benchmark names as Google Benchmark prints them
  const char* anchor;
  const char* anchor_kind;
  bool throughput;  // bytes/s (ratio tlslab/anchor: higher is better); else time (ratio: lower is better)
};

constexpr SummaryRow kSummary[] = {
    {"TLS 1.3 x25519 AES-128-GCM handshake + one record each way", "BM_Handshake/tls13_x25519_aes128",
     "BM_OpenSsl/tls13_x25519_aes128", "OpenSSL, memory BIOs", false},
    {"TLS 1.3 x25519 ChaCha20-Poly1305 handshake", "BM_Handshake/tls13_x25519_chacha20",
     "BM_OpenSsl/tls13_x25519_chacha20", "OpenSSL, memory BIOs", false},
    {"TLS 1.2 ECDHE x25519 AES-128-GCM handshake", "BM_Handshake/tls12_ecdhe_x25519_gcm",
     "BM_OpenSsl/tls12_ecdhe_x25519_gcm", "OpenSSL, memory BIOs", false},
    {"TLS 1.2 DHE ffdhe2048 AES-128-GCM handshake", "BM_Handshake/tls12_dhe_gcm", "BM_OpenSsl/tls12_dhe_gcm",
     "OpenSSL, memory BIOs", false},
    {"TLS 1.2 RSA AES-256-CBC-SHA256 handshake", "BM_Handshake/tls12_rsa_cbc", "BM_OpenSsl/tls12_rsa_cbc",
     "OpenSSL, memory BIOs", false},
    // The engine over the Crypto++ operations it performs (bench_handshake_cost.cpp).
    {"TLS 1.3 handshake: engine with its trace", "BM_Handshake/tls13_x25519_aes128", "BM_HandshakeCost_CryptoOnly_Tls13",
     "the same Crypto++ operations", false},
    {"TLS 1.2 ECDHE handshake: engine with its trace", "BM_Handshake/tls12_ecdhe_x25519_gcm",
     "BM_HandshakeCost_CryptoOnly_Tls12Ecdhe", "the same Crypto++ operations", false},
    {"TLS 1.2 RSA handshake: engine with its trace", "BM_Handshake/tls12_rsa_cbc", "BM_HandshakeCost_CryptoOnly_Tls12Rsa",
     "the same Crypto++ operations", false},
    {"TLS 1.2 DHE handshake: engine with its trace", "BM_Handshake/tls12_dhe_gcm",
     "BM_HandshakeCost_CryptoOnly_Tls12Dhe/256", "the same Crypto++ operations", false},
    // The engine alone, recording off (bench_trace_off.cpp), over the same operations.
    {"TLS 1.3 handshake: engine, recording off", "BM_EngineAlone/tls13_x25519_aes128/0",
     "BM_HandshakeCost_CryptoOnly_Tls13", "the same Crypto++ operations", false},
    {"TLS 1.2 ECDHE handshake: engine, recording off", "BM_EngineAlone/tls12_ecdhe_x25519_gcm/0",
     "BM_HandshakeCost_CryptoOnly_Tls12Ecdhe", "the same Crypto++ operations", false},
    {"TLS 1.2 RSA handshake: engine, recording off", "BM_EngineAlone/tls12_rsa_cbc/0",
     "BM_HandshakeCost_CryptoOnly_Tls12Rsa", "the same Crypto++ operations", false},
    {"TLS 1.2 DHE handshake: engine, recording off", "BM_EngineAlone/tls12_dhe_gcm/0",
     "BM_HandshakeCost_CryptoOnly_Tls12Dhe/256", "the same Crypto++ operations", false},
    // Exporting a trace against simulating it (bench_json.cpp).
    {"JSON export of one TLS 1.2 handshake", "BM_JsonExport", "BM_JsonSimulateHandshake", "simulating it", false},
    {"JSON import of one TLS 1.2 handshake", "BM_JsonImport", "BM_JsonImportLexerOnly",
     "its JSON reader (RapidJSON), keeping nothing", true},
    // Record protection, 16 KiB records, against Crypto++ called directly (bench_record.cpp).
    {"seal 16 KiB, TLS 1.2 AES-128-GCM", "BM_RecordSeal/tls12_aes128_gcm_engine/16384",
     "BM_RecordSeal/tls12_aes128_gcm_anchor/16384", "Crypto++ directly", true},
    {"open 16 KiB, TLS 1.2 AES-128-GCM", "BM_RecordOpen/tls12_aes128_gcm_engine/16384",
     "BM_RecordOpen/tls12_aes128_gcm_anchor/16384", "Crypto++ directly", true},
    {"seal 16 KiB, TLS 1.3 AES-128-GCM", "BM_RecordSeal/tls13_aes128_gcm_engine/16384",
     "BM_RecordSeal/tls13_aes128_gcm_anchor/16384", "Crypto++ directly", true},
    {"seal 16 KiB, TLS 1.3 ChaCha20-Poly1305", "BM_RecordSeal/tls13_chacha20_engine/16384",
     "BM_RecordSeal/tls13_chacha20_anchor/16384", "Crypto++ directly", true},
    {"open 16 KiB, TLS 1.3 ChaCha20-Poly1305", "BM_RecordOpen/tls13_chacha20_engine/16384",
     "BM_RecordOpen/tls13_chacha20_anchor/16384", "Crypto++ directly", true},
    {"seal 16 KiB, TLS 1.0 AES-128-CBC HMAC-SHA1", "BM_RecordSeal/tls10_aes128_cbc_sha1_engine/16384",
     "BM_RecordSeal/tls10_aes128_cbc_sha1_anchor/16384", "Crypto++ directly", true},
    {"open 16 KiB, TLS 1.0 AES-128-CBC HMAC-SHA1", "BM_RecordOpen/tls10_aes128_cbc_sha1_engine/16384",
     "BM_RecordOpen/tls10_aes128_cbc_sha1_anchor/16384", "Crypto++ directly", true},
    {"seal 16 KiB, TLS 1.2 AES-256-CBC HMAC-SHA256", "BM_RecordSeal/tls12_aes256_cbc_sha256_engine/16384",
     "BM_RecordSeal/tls12_aes256_cbc_sha256_anchor/16384", "Crypto++ directly", true},
    {"seal 1 KiB, TLS 1.2 AES-128-GCM", "BM_RecordSeal/tls12_aes128_gcm_engine/1024",
     "BM_RecordSeal/tls12_aes128_gcm_anchor/1024", "Crypto++ directly", true},
};

class SummaryCollector : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, Run> medians;
  std::map<std::string, std::string> labels;  // from any run of the benchmark
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (!r.error_occurred && r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        medians[r.run_name.str()] = r;
      if (!r.report_label.empty()) labels[r.run_name.str()] = r.report_label;
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

// Seconds per operation, or bytes per second for throughput figures (both from CPU time).
double value(const benchmark::BenchmarkReporter::Run& r, bool throughput) {
  if (!throughput) return r.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(r.time_unit);
  auto it = r.counters.find("bytes_per_second");
  return it == r.counters.end() ? 0 : double(it->second);
}

std::string figure(const benchmark::BenchmarkReporter::Run& r, bool throughput) {
  char buf[64];
  if (throughput) std::snprintf(buf, sizeof buf, "%.0f MB/s", value(r, true) / 1e6);
  else std::snprintf(buf, sizeof buf, "%.3f ms", value(r, false) * 1e3);
  return buf;
}

int summary(int argc, char** argv) {
  std::string filter = "--benchmark_filter=^(";
  for (const SummaryRow& row : kSummary) filter += std::string(row.tlslab) + "|" + row.anchor + "|";
  filter += "BM_Scenario/.*)$";
  std::vector<std::string> args = {argv[0], filter, "--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true",
                                   "--benchmark_enable_random_interleaving=true"};
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--summary") != 0) args.push_back(argv[i]);  // the user's flags win
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  int n = int(cargs.size());
  benchmark::Initialize(&n, cargs.data());
  if (benchmark::ReportUnrecognizedArguments(n, cargs.data())) return 2;
  SummaryCollector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  benchmark::Shutdown();

  std::printf("\nMachine: %s, %u hardware threads; Crypto++ %d.%d.%d", cpu_model().c_str(),
              std::thread::hardware_concurrency(), CRYPTOPP_MAJOR, CRYPTOPP_MINOR, CRYPTOPP_REVISION);
#ifdef TLSLAB_BENCH_OPENSSL
  std::printf("; %s", tlslab_bench_openssl_version());
#endif
  std::printf(". CPU time per operation; medians of 3 interleaved repetitions.\n\n");
  std::printf("| figure | tlslab | anchor (same run) | ratio |\n|---|---|---|---|\n");
  for (const SummaryRow& row : kSummary) {
    auto t = collector.medians.find(row.tlslab), a = collector.medians.find(row.anchor);
    if (t == collector.medians.end() || a == collector.medians.end()) continue;
    double ratio = value(t->second, row.throughput) / value(a->second, row.throughput);
    std::printf("| %s | %s | %s: %s | %.2f |\n", row.figure, figure(t->second, row.throughput).c_str(), row.anchor_kind,
                figure(a->second, row.throughput).c_str(), ratio);
  }
  std::printf("\nRatio: tlslab's CPU time over the anchor's for times (lower is better), tlslab's throughput over the "
              "anchor's for MB/s (higher is better).\n");

  // Re-simulation after an option change: the goal is under 5 ms for every built-in scenario.
  std::vector<std::pair<double, std::string>> scenarios, long_work;
  for (auto& [name, run] : collector.medians)
    if (name.rfind("BM_Scenario/", 0) == 0)
      (collector.labels.count(name) ? long_work : scenarios).emplace_back(value(run, false), name.substr(12));
  std::sort(scenarios.rbegin(), scenarios.rend());
  if (!scenarios.empty()) {
    size_t over = std::count_if(scenarios.begin(), scenarios.end(), [](auto& x) { return x.first >= 5e-3; });
    std::printf("\nRe-simulating a built-in scenario (goal: under 5 ms): %zu scenarios, median %.2f ms, slowest %.2f ms "
                "(%s); %zu at 5 ms or more:\n",
                scenarios.size(), scenarios[scenarios.size() / 2].first * 1e3, scenarios[0].first * 1e3,
                scenarios[0].second.c_str(), over);
    for (size_t i = 0; i < over; ++i) std::printf("  %s %.2f ms\n", scenarios[i].second.c_str(), scenarios[i].first * 1e3);
  }
  if (!long_work.empty()) {
    std::printf("Cryptanalytic attacks, long work included (run in the GUI's background, with progress):");
    for (auto& [t, name] : long_work) std::printf(" %s %.0f ms;", name.c_str(), t * 1e3);
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  register_scenario_benchmarks();
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--summary") == 0) return summary(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// The oracle attacks (POODLE, CRIME): what one request of the victim's browser costs (a fresh
// handshake and the request, both endpoints simulated), how many requests a recovered byte takes,
// against the cost of protecting one record in the same run.
#include <benchmark/benchmark.h>

#include "attack/victim_exchange.hpp"
#include "net/simulation.hpp"
#include "record/protection.hpp"
#include "scenario/attacks.hpp"

using namespace sim;

namespace {

ScenarioOptions oracle_options(const char* attack, const char* cookie, bool undefended) {
  ScenarioOptions o;
  o.attack = attack;
  o.http_cookie = cookie;
  if (undefended) o.defenses[std::string(attack) == "poodle" ? "no-ssl3" : "no-compression"] = false;
  return o;
}

// One record of a browser request's size, sealed under the suite the attack runs with.
void BM_OracleRecordSeal(benchmark::State& state, uint16_t version, uint16_t suite, bool deflate) {
  const CipherSuiteInfo* s = suite_by_id(suite);
  CipherState cs = CipherState::make(s, version, "client_write", Bytes(s->mac_len, 1), Bytes(s->key_len, 2),
                                     Bytes(s->aead() ? s->fixed_iv_len : s->block_len, 3), deflate, true);
  Rng rng(1, "bench");
  Bytes request = to_bytes("POST /aaaa HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: tlslab\r\nAccept: text/html\r\n"
                           "Cookie: session=7Xq9Lm2P\r\nContent-Length: 10\r\nConnection: close\r\n\r\nBBBBBBBBBB");
  for (auto _ : state) {
    Derivation d;
    InnerLayout inner;
    benchmark::DoNotOptimize(seal_record(cs, Actor::client, ContentType::application_data, version, request, rng, &d, &inner));
  }
}
BENCHMARK_CAPTURE(BM_OracleRecordSeal, ssl3_aes128_cbc, kSsl3, 0x002f, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_OracleRecordSeal, tls12_deflate_gcm, kTls12, 0xc02f, true)->Unit(benchmark::kMicrosecond);

// One request as the attacks send it: a fresh client and server of the attack's configuration,
// the handshake and the request, driven record by record.
void BM_OracleRequest(benchmark::State& state, const char* attack) {
  ScenarioOptions e = effective_options(oracle_options(attack, "session=7Xq9Lm2P", true));
  attack::VictimBrowser browser(client_config(e));
  ServerConfig sc = server_config(e);
  uint64_t seed = 1;
  for (auto _ : state) {
    auto client = browser.client_for("/aaaa", "BBBBBBBBBB", ++seed);
    auto server = make_server(sc, ++seed);
    attack::Exchange x = attack::run_exchange(*client, *server);
    if (x.client_failed || x.server_failed) state.SkipWithError("exchange failed");
    benchmark::DoNotOptimize(x.to_server.size());
  }
}
BENCHMARK_CAPTURE(BM_OracleRequest, poodle_ssl3, "poodle")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OracleRequest, crime_tls12_deflate, "crime")->Unit(benchmark::kMillisecond);

// A whole attack on a 4-byte cookie: requests per recovered byte and time per request.
void BM_OracleAttack(benchmark::State& state, const char* attack) {
  ScenarioOptions o = oracle_options(attack, "k7Xq", true);
  uint64_t requests = 0, bytes = 0;
  double seconds = 0;
  for (auto _ : state) {
    o.seed++;
    Simulation sim(o);
    sim.run_to_end();
    const auto& r = sim.trace().attack;
    if (!r || !r->succeeded.value_or(false)) state.SkipWithError("attack failed");
    requests += r->work;
    bytes += 4;
    seconds += r->seconds;
  }
  state.counters["requests_per_byte"] = double(requests) / double(bytes);
  state.counters["ms_per_request"] = 1000.0 * seconds / double(requests);
}
BENCHMARK_CAPTURE(BM_OracleAttack, poodle_ssl3, "poodle")->Unit(benchmark::kSecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_OracleAttack, crime_deflate, "crime")->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace

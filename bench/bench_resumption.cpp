// What resumption saves below TLS 1.3: one full handshake (RSA key transport: the server's RSA
// decryption, the certificate) against one abbreviated handshake resumed by session ID or by
// ticket (RFC 5246 7.3, RFC 5077), endpoints wired back to back without the network layer.
// And what small records cost: a 40 KiB page in 2^14-byte records against 512-byte ones.
#include <benchmark/benchmark.h>

#include "hs/connection.hpp"
#include "net/simulation.hpp"

using namespace sim;

namespace {

ScenarioOptions tls12_rsa() {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  o.client_suites = o.server_suites = {suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id};
  return o;
}

void pump(Connection& c, Connection& s) {
  for (int round = 0; round < 10; ++round) {
    for (auto& e : c.take_sent()) s.receive(e.bytes);
    for (auto& e : s.take_sent()) c.receive(e.bytes);
  }
}

// One handshake (and its request and page): the session to resume comes from a first one.
void BM_Handshake12(benchmark::State& state, ScenarioOptions::Resumption mode) {
  ScenarioOptions o = tls12_rsa();
  o.resumption = mode;
  ClientConfig cc = client_config(o);
  ServerConfig sc = server_config(o);
  std::optional<Session12> session;
  {
    auto c = make_client(cc, 1);
    auto s = make_server(sc, 1);
    c->start();
    pump(*c, *s);
    session = c->resumable_session();
  }
  if (mode != ScenarioOptions::Resumption::none) cc.session = session;
  uint64_t seed = 2;
  for (auto _ : state) {
    auto c = make_client(cc, seed);
    auto s = make_server(sc, seed++);
    c->start();
    pump(*c, *s);
    if (!c->handshake_complete() || !(s->shape_flags() & kShapeResumed) != (mode == ScenarioOptions::Resumption::none))
      state.SkipWithError("not the handshake asked for");
  }
}
BENCHMARK_CAPTURE(BM_Handshake12, full_rsa, ScenarioOptions::Resumption::none)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Handshake12, resumed_session_id, ScenarioOptions::Resumption::session_id)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Handshake12, resumed_ticket, ScenarioOptions::Resumption::ticket)->Unit(benchmark::kMicrosecond);

// A whole simulated run serving a 40 KiB page, records of `size` bytes at most.
void BM_Page40k(benchmark::State& state) {
  ScenarioOptions o = tls12_rsa();
  o.http_response_size = 40960;
  o.max_record_size = size_t(state.range(0));
  { Simulation warm(o); }
  for (auto _ : state) {
    o.seed++;
    Simulation sim(o);
    sim.run_to_end();
    benchmark::DoNotOptimize(sim.trace().events.size());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * 40960);
}
BENCHMARK(BM_Page40k)->Arg(16384)->Arg(512)->Unit(benchmark::kMillisecond);

}  // namespace

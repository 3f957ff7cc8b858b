// The engine alone, without the Simulation around it: a client and a server Connection pumped
// into each other over memory, for the same run as BM_Handshake (handshake, the default HTTP
// request and answer, close_notify each way), configurations made once outside the loop as the
// crypto-only loops parse their keys once (bench_handshake_cost.cpp). Twice: with each side's
// events recorded in full (dissection, derivations, notes: what a trace would get, without the
// Recorder), and with recording off (Connection::set_recording(false), what an oracle attack's
// victim runs use). The summary sets the second against the same Crypto++ operations called
// directly: issue 18's "trace recording off, at most 1.1 times".
#include <benchmark/benchmark.h>

#include "bench_options.hpp"
#include "net/simulation.hpp"

using namespace sim;

namespace {

// One run; false when it did not complete (both sides done, neither failed).
bool pump(Connection& c, Connection& s) {
  c.start();
  s.start();
  for (int quiet = 0; quiet < 2;) {
    bool moved = false;
    for (Connection* from : {&c, &s}) {
      Connection* to = from == &c ? &s : &c;
      for (Event& e : from->take_sent()) {
        moved = true;
        if (!to->finished()) to->receive(e.bytes);
      }
      from->take_received();
    }
    quiet = moved ? 0 : quiet + 1;
  }
  return c.handshake_complete() && s.handshake_complete() && !c.failed() && !s.failed();
}

void BM_EngineAlone(benchmark::State& state, uint16_t version, const char* suite) {
  bool recording = state.range(0) != 0;
  ScenarioOptions o = benchopt::pinned(version, suite);
  ClientConfig cc = client_config(o);
  ServerConfig sc = server_config(o);
  uint64_t seed = 1;
  for (auto _ : state) {
    auto c = make_client(cc, seed);
    auto s = make_server(sc, seed + 1);
    seed += 2;
    c->set_recording(recording);
    s->set_recording(recording);
    if (!pump(*c, *s)) state.SkipWithError("handshake failed");
  }
  state.SetLabel(recording ? "events recorded" : "recording off");
}

}  // namespace

BENCHMARK_CAPTURE(BM_EngineAlone, tls13_x25519_aes128, kTls13, "TLS_AES_128_GCM_SHA256")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineAlone, tls12_ecdhe_x25519_gcm, kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineAlone, tls12_rsa_cbc, kTls12, "TLS_RSA_WITH_AES_256_CBC_SHA256")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineAlone, tls12_dhe_gcm, kTls12, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

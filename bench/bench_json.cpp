// Exporting a trace as JSON against simulating it (issue 18: the export used to cost more than
// the handshake it records). One handshake of the default scenario: simulate it, write its text
// in one pass (trace_json_text) and read it back (trace_from_json_text) beside its reader alone
// (and nlohmann's lexer alone, which it replaced). Compare within one run only.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "net/simulation.hpp"
#include "trace/trace.hpp"
#include "trace/json_read.hpp"
#include "trace/trace_io.hpp"

using namespace sim;

namespace {

Trace one_handshake() {
  ScenarioOptions o;
  Simulation sim(o);
  sim.run_to_end();
  return sim.trace();
}

void BM_JsonSimulateHandshake(benchmark::State& state) {
  for (auto _ : state) {
    ScenarioOptions o;
    Simulation sim(o);
    sim.run_to_end();
    benchmark::DoNotOptimize(sim.trace().events.size());
  }
}
BENCHMARK(BM_JsonSimulateHandshake)->Unit(benchmark::kMicrosecond);

void BM_JsonExport(benchmark::State& state) {
  Trace t = one_handshake();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string s = trace_json_text(t);
    bytes = s.size();
    benchmark::DoNotOptimize(s.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations() * bytes));
}
BENCHMARK(BM_JsonExport)->Unit(benchmark::kMicrosecond);

void BM_JsonImport(benchmark::State& state) {
  std::string text = trace_json_text(one_handshake());
  for (auto _ : state) {
    auto t = trace_from_json_text(text);
    benchmark::DoNotOptimize(t.ok());
  }
  state.SetBytesProcessed(int64_t(state.iterations() * text.size()));
}
BENCHMARK(BM_JsonImport)->Unit(benchmark::kMicrosecond);

// The floor of the import: its reader (json_read, RapidJSON's) with a handler that keeps nothing.
struct Discard {
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(int64_t) { return true; }
  bool number_unsigned(uint64_t) { return true; }
  bool number_float(double) { return true; }
  bool string(std::string_view) { return true; }
  bool start_object() { return true; }
  bool end_object() { return true; }
  bool start_array() { return true; }
  bool end_array() { return true; }
  bool key(std::string_view) { return true; }
};

void BM_JsonImportLexerOnly(benchmark::State& state) {
  std::string text = trace_json_text(one_handshake());
  for (auto _ : state) {
    Discard d;
    bool ok = bool(json_read(text, d, 512));
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(int64_t(state.iterations() * text.size()));
}
BENCHMARK(BM_JsonImportLexerOnly)->Unit(benchmark::kMicrosecond);

// nlohmann's SAX lexer on the same text, keeping nothing: what the import was built on before.
struct DiscardingSax {
  using json = nlohmann::json;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const std::string&) { return true; }
  bool string(std::string&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool key(std::string&) { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

void BM_JsonImportNlohmannLexer(benchmark::State& state) {
  std::string text = trace_json_text(one_handshake());
  for (auto _ : state) {
    DiscardingSax sax;
    bool ok = nlohmann::json::sax_parse(text, &sax);
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(int64_t(state.iterations() * text.size()));
}
BENCHMARK(BM_JsonImportNlohmannLexer)->Unit(benchmark::kMicrosecond);

}  // namespace

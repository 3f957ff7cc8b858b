#include "attack/slice_search.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace sim::attack {

namespace {
constexpr uint64_t kChunk = uint64_t(1) << 12;  // consecutive candidates a thread takes at once (a 16-bit slice still feeds every core)
constexpr uint64_t kBatch = 1024;               // candidates between progress reports
}  // namespace

SliceResult search_slice(const crypto::KeyProbe& probe, uint64_t hint, unsigned bits, unsigned threads, Progress& progress,
                         const std::function<bool(uint64_t)>& confirm) {
  uint64_t total = uint64_t(1) << bits;
  uint64_t chunk = std::min(kChunk, total), chunks = total / chunk;
  std::atomic<uint64_t> next{0}, tried{0};
  std::atomic<bool> found{false};
  std::mutex m;
  std::optional<uint64_t> key;
  auto worker = [&] {
    crypto::KeyTester tester(probe);
    // The candidate: its first 40 bits set each time, the bytes beyond (a full-size key's, not
    // given to the attacker) zero.
    uint8_t k[64] = {};
    uint64_t pending = 0;
    auto flush = [&] {
      progress.add(pending);
      tried += pending;
      pending = 0;
    };
    for (uint64_t c; !found && !progress.cancelled() && (c = next++) < chunks;) {
      for (uint64_t i = c * chunk, end = i + chunk; i < end; ++i) {
        uint64_t v = hint | i;
        for (size_t b = 0; b < 5; ++b) k[b] = uint8_t(v >> (8 * (4 - b)));
        ++pending;
        if (tester.test(k) && confirm(v)) {
          std::lock_guard<std::mutex> l(m);
          if (!key) key = v;
          found = true;
        }
        if (pending == kBatch) {
          flush();
          if (found || progress.cancelled()) break;
        }
      }
    }
    flush();
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < std::max(1u, threads); ++i) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return {key, tried};
}

}  // namespace sim::attack

// The candidate loop of a key search (export-bruteforce), apart so that the benchmark runs the
// very loop the attack runs, with a chosen number of threads.
#pragma once
#include <functional>
#include <optional>

#include "crypto/key_search.hpp"
#include "net/network.hpp"

namespace sim::attack {

struct SliceResult {
  std::optional<uint64_t> found;  // the first 40 bits of the key found
  uint64_t tried = 0;             // candidates tested
};

// Tests the write keys whose first 40 bits are hint | i, i in [0, 2^bits) (the bytes beyond 40
// bits zero), in increasing order: `threads` threads take chunks of consecutive candidates in
// turn. A candidate that reproduces the known plaintext is kept when `confirm` accepts it (a
// false match on a few bytes). Reports to `progress` in batches and stops when it is cancelled.
SliceResult search_slice(const crypto::KeyProbe& probe, uint64_t hint, unsigned bits, unsigned threads, Progress& progress,
                         const std::function<bool(uint64_t)>& confirm);

}  // namespace sim::attack

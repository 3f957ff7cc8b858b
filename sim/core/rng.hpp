// Deterministic random generator: every random value in a scenario comes from one of these,
// so the same seed gives a byte-identical trace ("step back" is a replay).
#pragma once
#include <cstdint>
#include <string>

#include "core/bytes.hpp"

namespace sim {

class Rng {
 public:
  // A stream is named (e.g. "client", "server") so that adding a draw on one side does not
  // shift the other side's values.
  Rng(uint64_t seed, std::string stream);
  // For real peers: the same generator keyed with 256 bits from the operating system's
  // generator, so its values are unpredictable (and not reproducible).
  static Rng from_os(std::string stream);
  void fill(uint8_t* out, size_t n);
  Bytes bytes(size_t n);
  uint64_t seed() const { return seed_; }

 private:
  void refill();
  uint64_t seed_;
  Bytes os_key_;  // empty: deterministic from seed_
  std::string stream_;
  uint64_t counter_ = 0;
  uint8_t block_[32];
  size_t used_ = 32;
};

}  // namespace sim

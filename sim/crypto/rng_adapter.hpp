// Internal to sim/crypto: lets Crypto++ draw from our deterministic Rng.
#pragma once
#include <crypto++/cryptlib.h>

#include "core/rng.hpp"

namespace sim::crypto {

class RngAdapter : public CryptoPP::RandomNumberGenerator {
 public:
  explicit RngAdapter(Rng& rng) : rng_(rng) {}
  void GenerateBlock(CryptoPP::byte* output, size_t size) override { rng_.fill(output, size); }

 private:
  Rng& rng_;
};

}  // namespace sim::crypto

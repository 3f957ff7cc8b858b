#include "core/rng.hpp"

#include <crypto++/osrng.h>
#include <crypto++/sha.h>

namespace sim {

Rng::Rng(uint64_t seed, std::string stream) : seed_(seed), stream_(std::move(stream)) {}

Rng Rng::from_os(std::string stream) {
  Rng r(0, std::move(stream));
  r.os_key_.resize(32);
  // Non-blocking /dev/urandom (getrandom): seeded once the system has booted.
  CryptoPP::OS_GenerateRandomBlock(false, r.os_key_.data(), r.os_key_.size());
  return r;
}

// SHA-256(seed || stream || counter): simple, portable, and reproducible across machines.
void Rng::refill() {
  ByteWriter w;
  w.bytes(to_bytes("tlslab-rng"));
  w.u64(seed_);
  if (!os_key_.empty()) w.bytes(os_key_);
  w.vec(1, to_bytes(stream_));
  w.u64(counter_++);
  // Crypto++ directly rather than through sim/crypto: the generator sits in the base layer, below it.
  static_assert(sizeof block_ == CryptoPP::SHA256::DIGESTSIZE);
  CryptoPP::SHA256().CalculateDigest(block_, w.data().data(), w.data().size());
  used_ = 0;
}

void Rng::fill(uint8_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (used_ == sizeof block_) refill();
    out[i] = block_[used_++];
  }
}

Bytes Rng::bytes(size_t n) {
  Bytes b(n);
  fill(b.data(), n);
  return b;
}

}  // namespace sim

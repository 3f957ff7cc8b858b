// Internal to sim/crypto: parsed Crypto++ key objects, kept beside the DER they came from.
// A handshake uses the same few keys many times (the server's key for each signature or
// decryption, the CA key for each chain check); BER-decoding a 2048-bit RSA key each time cost
// about 5 % of a handshake. One small cache per thread: no locks, and `serve` runs each
// connection in a thread of its own, whose parsed objects no other thread ever sees.
#pragma once
#include <algorithm>
#include <memory>
#include <vector>

#include "core/bytes.hpp"

namespace sim::crypto {

// The key that `load(K*, der)` parses from `der`, or null when it does not parse. `Tag`
// separates caches whose loaders differ for the same key type (BER body vs Load with checks).
template <class K, class Tag, class Loader>
std::shared_ptr<const K> cached_key(ByteView der, Loader load) {
  struct Entry {
    Bytes der;
    std::shared_ptr<const K> key;  // null: the DER did not parse (asked again, same answer)
  };
  constexpr size_t kEntries = 8;  // a handshake's keys, an attack's fresh servers' keys
  thread_local std::vector<Entry> cache;
  for (size_t i = cache.size(); i-- > 0;) {
    Entry& e = cache[i];
    if (e.der.size() == der.size() && std::equal(der.begin(), der.end(), e.der.begin())) {
      auto key = e.key;
      if (i + 1 != cache.size()) std::rotate(cache.begin() + long(i), cache.begin() + long(i) + 1, cache.end());
      return key;
    }
  }
  auto k = std::make_shared<K>();
  std::shared_ptr<const K> key;
  if (load(k.get(), der)) key = std::move(k);
  if (cache.size() == kEntries) cache.erase(cache.begin());  // least recently used
  cache.push_back(Entry{Bytes(der.begin(), der.end()), key});
  return key;
}

}  // namespace sim::crypto

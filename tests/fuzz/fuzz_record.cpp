// The record layer of an established connection (after the handshake and the HTTP exchange of
// the real run): byte 0 picks a configuration, byte 1 the side (even: client) and how the bytes
// are cut as TCP would (byte 1 / 2: 0 at once, else pieces of that many bytes); the rest is
// received as records.
#include "peers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto& all = fuzz::peers();
  const auto& p = all[data[0] % all.size()];
  bool client_side = data[1] % 2 == 0;
  auto c = fuzz::replay(p, client_side, size_t(-1));
  fuzz::feed(*c, data + 2, size - 2, data[1] / 2);
  return 0;
}

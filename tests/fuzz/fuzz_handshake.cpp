// The handshake messages of every version, with state: byte 0 picks a configuration (peers.cpp),
// byte 1 the side under test (even: the client, fed server flights; odd: the server, fed client
// flights), byte 2 how many real flights it receives first; the rest replaces the next flight.
#include "peers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const auto& all = fuzz::peers();
  const auto& p = all[data[0] % all.size()];
  bool client_side = data[1] % 2 == 0;
  const auto& flights = client_side ? p.to_client : p.to_server;
  auto c = fuzz::replay(p, client_side, data[2] % (flights.size() + 1));
  fuzz::feed(*c, data + 3, size - 3, 0);
  return 0;
}

#include "hs/client.hpp"

namespace sim {

std::unique_ptr<Connection> make_client(const ClientConfig& cfg, uint64_t seed) {
  return std::make_unique<detail::Client>(cfg, seed);
}

}  // namespace sim

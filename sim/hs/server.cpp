#include "hs/server.hpp"

namespace sim {

std::unique_ptr<Connection> make_server(const ServerConfig& cfg, uint64_t seed) {
  return std::make_unique<detail::Server>(cfg, seed);
}

}  // namespace sim

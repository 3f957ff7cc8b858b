// Writes the seed corpora of the handshake and record targets (tests/fuzz/corpus/{handshake,
// record}) from real runs of peers.cpp: each flight of each configuration behind the header
// bytes that make the target replay up to it. Run by scripts/fuzz.sh when they are missing.
#include <cstdio>
#include <fstream>
#include <string>

#include "peers.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds CORPUS_DIR (holds handshake/ and record/)\n");
    return 2;
  }
  std::string dir = argv[1];
  auto write = [](const std::string& path, std::initializer_list<uint8_t> header, const sim::Bytes& body) {
    std::ofstream f(path, std::ios::binary);
    for (uint8_t b : header) f.put(char(b));
    f.write(reinterpret_cast<const char*>(body.data()), std::streamsize(body.size()));
    return bool(f.flush());
  };
  const auto& all = fuzz::peers();
  for (size_t i = 0; i < all.size(); ++i) {
    for (int side = 0; side < 2; ++side) {
      const auto& flights = side == 0 ? all[i].to_client : all[i].to_server;
      const char* who = side == 0 ? "client" : "server";
      for (size_t k = 0; k < flights.size(); ++k)
        if (!write(dir + "/handshake/" + std::to_string(i) + "-" + who + "-" + std::to_string(k), {uint8_t(i), uint8_t(side), uint8_t(k)}, flights[k]))
          return 1;
      const auto& next = side == 0 ? all[i].next_to_client : all[i].next_to_server;
      // Whole, and cut in 7-byte pieces (record headers split across reads).
      if (!write(dir + "/record/" + std::to_string(i) + "-" + who, {uint8_t(i), uint8_t(side)}, next) ||
          !write(dir + "/record/" + std::to_string(i) + "-" + who + "-cut", {uint8_t(i), uint8_t(side + 14)}, next))
        return 1;
    }
  }
  return 0;
}

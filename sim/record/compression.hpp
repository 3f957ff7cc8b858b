// Record compression (RFC 3749 DEFLATE, method 1): one zlib stream per direction whose state
// carries across records; each record's output ends at a sync flush so it can be inflated alone.
#pragma once
#include <memory>
#include <optional>

#include "core/bytes.hpp"

namespace sim {

class Compressor {
 public:
  Compressor();
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
  Bytes compress(ByteView data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Decompressor {
 public:
  Decompressor();
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  // nullopt on corrupt input or output longer than max_out (decompression_failure).
  std::optional<Bytes> decompress(ByteView data, size_t max_out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sim

#include "record/compression.hpp"

#include <zlib.h>

#include <cstring>

namespace sim {

struct Compressor::Impl {
  z_stream z{};
  bool ok = false;
};

Compressor::Compressor() : impl_(std::make_unique<Impl>()) {
  impl_->ok = deflateInit(&impl_->z, Z_DEFAULT_COMPRESSION) == Z_OK;
}
Compressor::~Compressor() {
  if (impl_->ok) deflateEnd(&impl_->z);
}

Bytes Compressor::compress(ByteView data) {
  Bytes out;
  if (!impl_->ok) return out;
  z_stream& z = impl_->z;
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = uInt(data.size());
  uint8_t buf[4096];
  do {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    deflate(&z, Z_SYNC_FLUSH);
    out.insert(out.end(), buf, buf + (sizeof buf - z.avail_out));
  } while (z.avail_out == 0);
  return out;
}

struct Decompressor::Impl {
  z_stream z{};
  bool ok = false;
};

Decompressor::Decompressor() : impl_(std::make_unique<Impl>()) {
  impl_->ok = inflateInit(&impl_->z) == Z_OK;
}
Decompressor::~Decompressor() {
  if (impl_->ok) inflateEnd(&impl_->z);
}

std::optional<Bytes> Decompressor::decompress(ByteView data, size_t max_out) {
  if (!impl_->ok) return std::nullopt;
  z_stream& z = impl_->z;
  z.next_in = const_cast<Bytef*>(data.data());
  z.avail_in = uInt(data.size());
  Bytes out;
  uint8_t buf[4096];
  while (z.avail_in > 0) {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    int rc = inflate(&z, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) return std::nullopt;
    out.insert(out.end(), buf, buf + (sizeof buf - z.avail_out));
    if (out.size() > max_out) return std::nullopt;
    if (rc == Z_BUF_ERROR && z.avail_out != 0) return std::nullopt;  // no progress: truncated
    if (rc == Z_STREAM_END) break;
  }
  return out;
}

}  // namespace sim

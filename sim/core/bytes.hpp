// Byte buffers, hex helpers and bounds-checked big-endian reader/writer for wire formats.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

std::string to_hex(ByteView b);
// Returns nullopt on odd length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view hex);
Bytes to_bytes(std::string_view s);
Bytes concat(std::initializer_list<ByteView> parts);
inline ByteView view(const Bytes& b) { return ByteView(b.data(), b.size()); }
void append(Bytes& out, ByteView in);

// Cursor over a buffer. Every read checks bounds and only advances on success, so a truncated
// or oversized field becomes a `false` the caller turns into decode_error, never UB.
class ByteReader {
 public:
  ByteReader() = default;
  ByteReader(ByteView data, size_t base_offset = 0) : data_(data), base_(base_offset) {}

  bool u8(uint8_t* out);
  bool u16(uint16_t* out);
  bool u24(uint32_t* out);
  bool u32(uint32_t* out);
  bool u64(uint64_t* out);
  bool bytes(size_t n, ByteView* out);
  bool bytes(size_t n, Bytes* out);
  // Reads an n-byte big-endian length then a sub-reader over that many bytes.
  bool prefixed(int len_bytes, ByteReader* out);
  bool skip(size_t n);

  size_t offset() const { return base_ + pos_; }  // absolute offset of the next byte
  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return remaining() == 0; }
  ByteView rest() const { return data_.subspan(pos_); }

 private:
  ByteView data_;
  size_t base_ = 0;
  size_t pos_ = 0;
};

// Builder with length-prefixed child scopes that are back-patched when closed.
class ByteWriter {
 public:
  void u8(uint8_t v) { buf_.push_back(v); }
  void u16(uint16_t v);
  void u24(uint32_t v);
  void u32(uint32_t v);
  void u64(uint64_t v);
  void bytes(ByteView b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
  // Opens a length prefix of len_bytes; returns a handle to pass to close().
  size_t open(int len_bytes);
  void close(size_t handle);
  // Convenience: writes len prefix + bytes.
  void vec(int len_bytes, ByteView b);
  size_t size() const { return buf_.size(); }
  bool ok() const { return ok_ && open_.empty(); }
  const Bytes& data() const { return buf_; }
  Bytes take() { return std::move(buf_); }

 private:
  struct Open {
    size_t at;
    int len_bytes;
  };
  Bytes buf_;
  std::vector<Open> open_;
  bool ok_ = true;
};

uint64_t load_be(ByteView b);
void store_be(uint8_t* out, uint64_t v, int n);

}  // namespace sim

#include "core/bytes.hpp"

#include <array>

namespace sim {

std::string to_hex(ByteView b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  s.reserve(b.size() * 2);
  for (uint8_t c : b) {
    s.push_back(kDigits[c >> 4]);
    s.push_back(kDigits[c & 15]);
  }
  return s;
}

// Each character's digit value, -1 for a non-digit: one load per digit instead of three range
// tests and their branches (decoding hex is a few percent of importing a trace).
static constexpr std::array<int8_t, 256> kHexValue = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int c = '0'; c <= '9'; ++c) t[size_t(c)] = int8_t(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[size_t(c)] = int8_t(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[size_t(c)] = int8_t(c - 'A' + 10);
  return t;
}();

std::optional<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  Bytes out(hex.size() / 2);
  const auto* in = reinterpret_cast<const unsigned char*>(hex.data());
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = kHexValue[in[2 * i]], lo = kHexValue[in[2 * i + 1]];
    if ((hi | lo) < 0) return std::nullopt;  // either one negative
    out[i] = uint8_t(hi << 4 | lo);
  }
  return out;
}

Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

void append(Bytes& out, ByteView in) { out.insert(out.end(), in.begin(), in.end()); }

uint64_t load_be(ByteView b) {
  uint64_t v = 0;
  for (uint8_t c : b) v = v << 8 | c;
  return v;
}

void store_be(uint8_t* out, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) {
    out[i] = uint8_t(v);
    v >>= 8;
  }
}

static bool read_n(ByteView data, size_t* pos, int n, uint64_t* out) {
  if (data.size() - *pos < size_t(n)) return false;
  *out = load_be(data.subspan(*pos, n));
  *pos += n;
  return true;
}

bool ByteReader::u8(uint8_t* out) {
  uint64_t v;
  if (!read_n(data_, &pos_, 1, &v)) return false;
  *out = uint8_t(v);
  return true;
}
bool ByteReader::u16(uint16_t* out) {
  uint64_t v;
  if (!read_n(data_, &pos_, 2, &v)) return false;
  *out = uint16_t(v);
  return true;
}
bool ByteReader::u24(uint32_t* out) {
  uint64_t v;
  if (!read_n(data_, &pos_, 3, &v)) return false;
  *out = uint32_t(v);
  return true;
}
bool ByteReader::u32(uint32_t* out) {
  uint64_t v;
  if (!read_n(data_, &pos_, 4, &v)) return false;
  *out = uint32_t(v);
  return true;
}
bool ByteReader::u64(uint64_t* out) { return read_n(data_, &pos_, 8, out); }

bool ByteReader::bytes(size_t n, ByteView* out) {
  if (remaining() < n) return false;
  *out = data_.subspan(pos_, n);
  pos_ += n;
  return true;
}
bool ByteReader::bytes(size_t n, Bytes* out) {
  ByteView v;
  if (!bytes(n, &v)) return false;
  out->assign(v.begin(), v.end());
  return true;
}
bool ByteReader::skip(size_t n) {
  ByteView v;
  return bytes(n, &v);
}

bool ByteReader::prefixed(int len_bytes, ByteReader* out) {
  size_t save = pos_;
  uint64_t len;
  if (!read_n(data_, &pos_, len_bytes, &len) || remaining() < len) {
    pos_ = save;
    return false;
  }
  *out = ByteReader(data_.subspan(pos_, len), base_ + pos_);
  pos_ += len;
  return true;
}

void ByteWriter::u16(uint16_t v) {
  u8(uint8_t(v >> 8));
  u8(uint8_t(v));
}
void ByteWriter::u24(uint32_t v) {
  u8(uint8_t(v >> 16));
  u16(uint16_t(v));
}
void ByteWriter::u32(uint32_t v) {
  u16(uint16_t(v >> 16));
  u16(uint16_t(v));
}
void ByteWriter::u64(uint64_t v) {
  u32(uint32_t(v >> 32));
  u32(uint32_t(v));
}

size_t ByteWriter::open(int len_bytes) {
  open_.push_back({buf_.size(), len_bytes});
  buf_.resize(buf_.size() + len_bytes);
  return open_.size() - 1;
}

void ByteWriter::close(size_t handle) {
  if (handle + 1 != open_.size()) {
    ok_ = false;  // scopes must close innermost first
    return;
  }
  Open o = open_.back();
  open_.pop_back();
  uint64_t len = buf_.size() - o.at - o.len_bytes;
  if (o.len_bytes < 8 && len >> (8 * o.len_bytes)) ok_ = false;
  store_be(&buf_[o.at], len, o.len_bytes);
}

void ByteWriter::vec(int len_bytes, ByteView b) {
  size_t h = open(len_bytes);
  bytes(b);
  close(h);
}

}  // namespace sim

#include "trace/field.hpp"

#include <cstdio>

namespace sim {

std::string_view name_of(ByteSpace s) {
  switch (s) {
    case ByteSpace::wire: return "wire";
    case ByteSpace::plaintext: return "plaintext";
    case ByteSpace::reassembled: return "reassembled";
  }
  return "?";
}

const Field* Field::find(std::string_view n) const {
  if (name == n) return this;
  for (auto& c : children)
    if (auto* f = c.find(n)) return f;
  return nullptr;
}

std::string fmt_dec(uint64_t v) { return std::to_string(v); }

std::string fmt_hex(uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", width, (unsigned long long)v);
  return buf;
}

std::string hex_value(ByteView b) { return b.empty() ? "(empty)" : to_hex(b); }

template <class T, class ReadFn>
static bool read_num(ByteReader& r, Field* node, const std::string& name, T* out,
                     const Dissector::Fmt& fmt, int width, ReadFn read) {
  size_t at = r.offset();
  if (!(r.*read)(out)) return false;
  if (node) node->add(name, fmt ? fmt(*out) : fmt_dec(*out), at, width);
  return true;
}

bool Dissector::u8(const std::string& name, uint8_t* out, const Fmt& fmt) {
  return read_num(r_, node_, name, out, fmt, 1, &ByteReader::u8);
}
bool Dissector::u16(const std::string& name, uint16_t* out, const Fmt& fmt) {
  return read_num(r_, node_, name, out, fmt, 2, &ByteReader::u16);
}
bool Dissector::u24(const std::string& name, uint32_t* out, const Fmt& fmt) {
  return read_num(r_, node_, name, out, fmt, 3, &ByteReader::u24);
}
bool Dissector::u32(const std::string& name, uint32_t* out, const Fmt& fmt) {
  return read_num(r_, node_, name, out, fmt, 4, &ByteReader::u32);
}

bool Dissector::bytes(const std::string& name, size_t n, Bytes* out) {
  size_t at = r_.offset();
  ByteView v;
  if (!r_.bytes(n, &v)) return false;
  if (node_) {
    if (v.empty()) node_->add(name, msg("field.empty"), at, n);
    else node_->add(name, to_hex(v), at, n);
  }
  if (out) out->assign(v.begin(), v.end());
  return true;
}

bool Dissector::vec(const std::string& name, int len_bytes, Dissector* out, Bytes* body) {
  size_t at = r_.offset();
  ByteReader sub;
  if (!r_.prefixed(len_bytes, &sub)) return false;
  if (body) {
    ByteView v = sub.rest();
    body->assign(v.begin(), v.end());
  }
  if (!node_) {
    *out = Dissector(sub, nullptr);
    return true;
  }
  Field& f = node_->add(name, msg("field.bytes").arg("n", fmt_dec(sub.remaining())), at, len_bytes + sub.remaining());
  f.add("length", fmt_dec(sub.remaining()), at, len_bytes);
  *out = Dissector(sub, &f);
  return true;
}

bool Dissector::opaque_rest(const std::string& name, Bytes* out) {
  return bytes(name, r_.remaining(), out);
}

Field& Dissector::span_from(const std::string& name, const std::string& value, size_t start) {
  return node().add(name, value, start, r_.offset() - start);
}

}  // namespace sim

// Dissected field tree: what the Inspector shows, Wireshark style. Every node names a byte
// range inside one of the event's byte buffers, so the GUI can highlight it.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/message.hpp"

namespace sim {

// Which buffer of an Event a field's range points into.
// reassembled: a handshake message whose bytes came in several records, put back together
// (Event::reassembled), shown on the record that completed it.
enum class ByteSpace : uint8_t { wire, plaintext, reassembled };
std::string_view name_of(ByteSpace s);

struct Field {
  std::string name;   // RFC field name, e.g. "legacy_version"
  std::string value;  // displayed value, e.g. "TLS 1.2 (0x0303)"
  uint32_t offset = 0;
  uint32_t length = 0;
  ByteSpace space = ByteSpace::wire;
  std::vector<Field> children;
  // The value as a catalog message when it has words ("37 bytes", "(critical)"); `value` is
  // then its English. Empty for values that read the same in every language.
  Message text;

  Field& add(std::string n, std::string v, size_t off, size_t len) {
    children.push_back(Field{std::move(n), std::move(v), uint32_t(off), uint32_t(len), space, {}, {}});
    return children.back();
  }
  Field& add(std::string n, Message v, size_t off, size_t len) {
    Field& f = add(std::move(n), v.english(), off, len);
    f.text = std::move(v);
    return f;
  }
  // The value in a language: its message when it has one.
  std::string shown(Lang l) const { return text.empty() ? value : text.render(l); }
  void set(Message v) {
    value = v.english();
    text = std::move(v);
  }
  // Depth-first search by name (first match), for tests and lessons.
  const Field* find(std::string_view n) const;
};

// Reader that records one Field per value it reads: parsing is dissection, there is never a
// second parser for display. All reads are bounds-checked; false means truncated input.
// Over no node (nullptr) it records nothing: an endpoint parsing a message only to act on it
// (its tree would be thrown away). Fields a parser adds by hand then go to a sink of its own.
class Dissector {
 public:
  using Fmt = std::function<std::string(uint64_t)>;
  Dissector(ByteReader r, Field* node) : r_(r), node_(node) {}

  bool u8(const std::string& name, uint8_t* out, const Fmt& fmt = {});
  bool u16(const std::string& name, uint16_t* out, const Fmt& fmt = {});
  bool u24(const std::string& name, uint32_t* out, const Fmt& fmt = {});
  bool u32(const std::string& name, uint32_t* out, const Fmt& fmt = {});
  bool bytes(const std::string& name, size_t n, Bytes* out);
  // Length-prefixed vector: adds a node covering prefix and body, with a "length" child, and
  // returns a Dissector over the body whose fields become children of that node.
  bool vec(const std::string& name, int len_bytes, Dissector* out, Bytes* body = nullptr);
  // Adds a node for the rest of the input (or n bytes) without interpreting it.
  bool opaque_rest(const std::string& name, Bytes* out = nullptr);

  ByteReader& reader() { return r_; }
  // Whether reads become fields (a node was given).
  bool recording() const { return node_ != nullptr; }
  Field& node() { return node_ ? *node_ : sink_; }
  size_t offset() const { return r_.offset(); }
  bool empty() const { return r_.empty(); }
  size_t remaining() const { return r_.remaining(); }
  // Adds a node spanning [start, current offset).
  Field& span_from(const std::string& name, const std::string& value, size_t start);

 private:
  ByteReader r_;
  Field* node_;
  Field sink_;  // node() when not recording: what callers add there is dropped with the Dissector
};

std::string fmt_dec(uint64_t v);
std::string fmt_hex(uint64_t v, int width);
// Short hex for display; long values are shown in full (the GUI elides).
std::string hex_value(ByteView b);

}  // namespace sim

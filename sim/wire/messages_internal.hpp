// Helpers shared by messages.cpp (TLS <= 1.2 and the hellos) and messages13.cpp (TLS 1.3
// messages). Internal to sim/wire: not part of the public messages.hpp interface.
#pragma once
#include <string>
#include <vector>

#include "wire/messages.hpp"

namespace sim::wire_detail {

inline std::string version_fmt(uint64_t v) { return version_name(uint16_t(v)) + " (" + fmt_hex(v, 4) + ")"; }
inline std::string suite_fmt(uint64_t v) { return suite_name(uint16_t(v)) + " (" + fmt_hex(v, 4) + ")"; }
inline std::string group_fmt(uint64_t v) { return name_of(NamedGroup(v)) + " (" + fmt_hex(v, 4) + ")"; }
inline std::string sigalg_fmt(uint64_t v) { return name_of(SignatureScheme(v)) + " (" + fmt_hex(v, 4) + ")"; }
inline std::string ext_fmt(uint64_t v) { return name_of(ExtensionType(v)) + " (" + fmt_dec(v) + ")"; }
// RFC 6066 4: 1 = 2^9 (512), 2 = 2^10, 3 = 2^11, 4 = 2^12.
inline std::string mfl_fmt(uint64_t v) {
  return max_fragment_bytes(uint8_t(v)) ? "2^" + fmt_dec(8 + v) + " = " + fmt_dec(max_fragment_bytes(uint8_t(v))) + " (" + fmt_dec(v) + ")" : fmt_dec(v);
}
inline std::string compression_fmt(uint64_t v) { return v == 0 ? "null (0)" : v == 1 ? "DEFLATE (1)" : fmt_hex(v, 2); }
inline std::string point_format_fmt(uint64_t v) { return v == 0 ? "uncompressed (0)" : fmt_hex(v, 2); }
inline std::string psk_mode_fmt(uint64_t v) {
  return v == 0 ? "psk_ke (0)" : v == 1 ? "psk_dhe_ke (1)" : "unknown (" + fmt_dec(v) + ")";
}

inline Failure truncated(const char* what) { return decode_error(msg("reason.truncated").arg("what", what)); }

inline bool read_u16_list(Dissector& d, const char* list, const char* item, int len_bytes,
                          const Dissector::Fmt& fmt, std::vector<uint16_t>* out) {
  Dissector body({}, nullptr);
  if (!d.vec(list, len_bytes, &body)) return false;
  if (body.remaining() % 2) return false;
  while (!body.empty()) {
    uint16_t v;
    if (!body.u16(item, &v, fmt)) return false;
    out->push_back(v);
  }
  return true;
}

// Reads a structure (no length prefix of its own) as one node named `name` whose children are
// the structure's fields; `f(Dissector& sd, Field& node)` reads them and returns false on error.
template <class F>
bool read_struct(Dissector& d, const std::string& name, F f) {
  size_t start = d.offset();
  Field& node = d.node().add(name, "", start, 0);
  Dissector sd(d.reader(), d.recording() ? &node : nullptr);
  if (!f(sd, node)) return false;
  d.reader() = sd.reader();
  node.length = uint32_t(d.offset() - start);
  return true;
}

// Parses an extensions block (u16 length + Extension list). Decoded values are passed to
// `on_ext(type, body)`, which returns false on a malformed extension body (decode_error).
template <class OnExt>
Status parse_extensions(Dissector& d, std::vector<Extension>* out, OnExt on_ext) {
  Dissector block({}, nullptr);
  if (!d.vec("extensions", 2, &block)) return truncated("extensions");
  std::vector<uint16_t> seen;
  while (!block.empty()) {
    size_t start = block.offset();
    Field& node = block.node().add("extension", "", start, 0);
    Dissector ed(block.reader(), block.recording() ? &node : nullptr);
    uint16_t type;
    Dissector body({}, nullptr);
    if (!ed.u16("type", &type, ext_fmt) || !ed.vec("extension_data", 2, &body))
      return truncated("extension");
    block.reader() = ed.reader();
    node.length = uint32_t(block.offset() - start);
    node.value = name_of(ExtensionType(type));
    for (uint16_t s : seen)
      if (s == type) return fail(AlertDescription::illegal_parameter, msg("reason.duplicate_extension").arg("extension", node.value));
    seen.push_back(type);
    ByteView raw = body.reader().rest();
    out->push_back(Extension{type, Bytes(raw.begin(), raw.end())});
    if (!on_ext(type, body)) return decode_error(msg("reason.malformed_extension").arg("extension", node.value));
  }
  return Ok{};
}

// TLS 1.3 extension bodies shared by several messages (messages13.cpp).
bool read_key_share_entry(Dissector& d, KeyShareEntry* out);
bool read_supported_groups(Dissector& b, std::optional<std::vector<uint16_t>>* out);
bool read_signature_algorithms(Dissector& b, const char* list, std::vector<uint16_t>* out);
// Extensions that ClientHello carries in TLS 1.3 (supported_versions, key_share, ...). Returns
// nullopt when `type` is not one of them, else whether the body was well formed.
std::optional<bool> read_client_hello13_extension(uint16_t type, Dissector& b, ClientHello& m);
std::optional<bool> read_server_hello13_extension(uint16_t type, Dissector& b, ServerHello& m);
// Sets the display value of the ServerHello.random field (HelloRetryRequest / downgrade).
Message server_random_note(ByteView random);

}  // namespace sim::wire_detail

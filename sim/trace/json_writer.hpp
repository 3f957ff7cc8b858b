// JSON text written in one pass. Containers down to `indented_levels` deep (the document is
// level 1) are laid out as nlohmann::json's dump(2) lays them out (one member per line, 2-space
// indentation, "key": value); deeper ones are written on one line as its dump() writes them
// ("key":value, no spaces). Empty containers are {} and [], strings are escaped as nlohmann
// escapes them, UTF-8 is kept as is. The caller writes each object's members in the order the
// document should have them: for a trace, the order a std::map gives (byte-wise sorted keys),
// after "format" and "version". Building a DOM first cost more than the simulation.
#pragma once
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/bytes.hpp"

namespace sim {

// A trace's layout: the top level and its members' objects and arrays one member per line,
// everything deeper (each event, each connection) on one line.
inline constexpr size_t kTraceIndentedLevels = 2;

class JsonWriter {
 public:
  // By default every level is indented, as dump(2) does.
  explicit JsonWriter(std::string& out, size_t indented_levels = SIZE_MAX) : out_(out), indented_levels_(indented_levels) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The name of the next member of the open object; its value follows.
  void key(std::string_view k);

  void string(std::string_view s);
  void hex(ByteView b);  // as a string of lowercase hex digits (to_hex)
  void boolean(bool b);
  void null();
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void number(T v) {
    if constexpr (std::is_signed_v<T>) signed_number(int64_t(v));
    else unsigned_number(uint64_t(v));
  }
  // Any DOM value (small ones: a scenario, a protection), laid out as the writer's own values.
  void value(const nlohmann::json& j);

  // Members of objects written with key() then a value; shorthands:
  void member(std::string_view k, std::string_view s) { key(k), string(s); }
  void member_hex(std::string_view k, ByteView b) { key(k), hex(b); }
  void member_bool(std::string_view k, bool b) { key(k), boolean(b); }
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void member_number(std::string_view k, T v) {
    key(k);
    number(v);
  }

 private:
  void open(char c);
  void close(char c);
  void before_value();
  void newline_indent();
  // Whether the innermost open container has one member per line.
  bool indented() const { return empty_.size() <= indented_levels_; }
  void escaped(std::string_view s);
  void signed_number(int64_t v);
  void unsigned_number(uint64_t v);

  std::string& out_;
  size_t indented_levels_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace sim

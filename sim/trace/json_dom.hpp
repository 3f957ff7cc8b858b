// A read-only JSON document for the trace importer, built from nlohmann's SAX events into one
// arena. nlohmann's own DOM makes a std::map node for every member and a heap string for every
// string: for a trace that was most of the import after the lexer. Here a value is a small
// struct, an object's or array's values are one contiguous block and strings are copied into
// the same arena, so reading an event costs a few allocations, reused for the next event.
//
// Lookups follow nlohmann's DOM: a repeated member name keeps its last value. Values stay valid
// until the builder is reset.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sim {

struct JsonValue {
  enum class Type : uint8_t { null, boolean, number_integer, number_unsigned, number_float, string, object, array };
  Type type = Type::null;
  bool b = false;
  std::string_view key;  // the member's name when this value is an object's member
  std::string_view s;    // string
  union {
    int64_t i = 0;  // number_integer (nlohmann reports only negative integers so)
    uint64_t u;     // number_unsigned
    double d;       // number_float
  };
  const JsonValue* first = nullptr;  // object and array: the values, in document order
  uint32_t count = 0;

  bool is_null() const noexcept { return type == Type::null; }
  bool is_boolean() const noexcept { return type == Type::boolean; }
  bool is_string() const noexcept { return type == Type::string; }
  bool is_object() const noexcept { return type == Type::object; }
  bool is_array() const noexcept { return type == Type::array; }
  bool is_number() const noexcept { return type == Type::number_integer || type == Type::number_unsigned || type == Type::number_float; }
  bool is_number_integer() const noexcept { return type == Type::number_integer || type == Type::number_unsigned; }
  bool is_number_unsigned() const noexcept { return type == Type::number_unsigned; }
  bool is_number_float() const noexcept { return type == Type::number_float; }

  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  std::span<const JsonValue> items() const { return {first, count}; }
  const JsonValue& operator[](size_t i) const { return first[i]; }
  // An object's member (its last one of that name), or null when it has none.
  const JsonValue* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  double number() const;  // any number as a double

  // The value as nlohmann's DOM holds it (for the few small parts stored as JSON text).
  nlohmann::json to_json() const;
};

// Builds values from SAX events (the callbacks of nlohmann's json_sax interface). value() is
// the finished top-level value once complete() is true.
class JsonDomBuilder {
 public:
  JsonDomBuilder();
  ~JsonDomBuilder();

  void null();
  void boolean(bool v);
  void number_integer(int64_t v);
  void number_unsigned(uint64_t v);
  void number_float(double v);
  void string(std::string_view v);
  void key(std::string_view k);
  void start(JsonValue::Type container);
  void end();

  bool complete() const { return frames_.empty() && done_; }
  const JsonValue& value() const { return root_; }
  // Forgets every value and keeps the memory for the next one.
  void reset();

 private:
  struct Frame {
    size_t start;  // first of its values in pending_
    JsonValue::Type type;
    std::string_view key;
  };
  void push(JsonValue v);
  // A scalar of type t whose member holds x.
  template <class T>
  void put(JsonValue::Type t, T JsonValue::*member, T x);
  std::string_view copy(std::string_view s);
  void* allocate(size_t n, size_t align);

  std::vector<JsonValue> pending_;  // values of the open containers, innermost last
  std::vector<Frame> frames_;
  std::string_view key_;
  JsonValue root_;
  bool done_ = false;
  // Arena blocks, reused after reset(); block_ is the one being filled.
  std::vector<std::pair<std::unique_ptr<std::byte[]>, size_t>> blocks_;
  size_t block_ = 0, used_ = 0;
};

}  // namespace sim

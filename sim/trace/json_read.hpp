// Reads JSON text with RapidJSON's SAX reader, for the trace importer: on a trace it lexes about
// four times as fast as nlohmann's, which was two thirds of an import.
//
// What it accepts is what nlohmann's parser accepts (RFC 8259), so a trace that one reads the
// other reads: a leading UTF-8 byte order mark is skipped; the whole text must be UTF-8, checked
// once before parsing with an ASCII fast path (RapidJSON's own check transcodes every character
// and halves its speed); an escaped low surrogate without its high half is refused (RapidJSON 1.1
// refuses only the converse); numbers are read to full precision, and one that overflows a
// double is refused. Numbers come as nlohmann reports them: negative integers as
// number_integer, other integers as number_unsigned, past 64 bits or with a fraction or an
// exponent as number_float.
//
// The handler has nlohmann's json_sax names (null, boolean, number_integer, number_unsigned,
// number_float, string, key, start_object, end_object, start_array, end_array), each returning
// true to go on; strings are string_views valid during the call.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "core/json_syntax.hpp"

namespace sim {

struct JsonReadResult {
  enum class Status : uint8_t { ok, invalid, too_deep, stopped };
  Status status = Status::ok;
  size_t offset = 0;  // where the reader stopped (after the bad token; json_syntax_error says where it starts)
  std::string what;   // RapidJSON's words, for an error json_syntax_error does not find
  explicit operator bool() const { return status == Status::ok; }
};

namespace json_read_detail {

// Adapts RapidJSON's handler calls to the json_sax names, and counts depth.
template <class Handler>
struct Adapter {
  Handler& h;
  int max_depth;
  int depth = 0;
  bool too_deep = false, stopped = false, lone_surrogate = false;

  bool go(bool more) { return more || (stopped = true, false); }
  // Input is checked UTF-8, which has no ED A0-BF: those bytes come from a \uDC00-\uDFFF escape
  // that RapidJSON wrote without a high surrogate before it.
  bool text_ok(const char* s, rapidjson::SizeType n) {
    for (const char* p = s; (p = static_cast<const char*>(std::memchr(p, 0xED, size_t(s + n - p)))); ++p)
      if (p + 1 < s + n && (static_cast<unsigned char>(p[1]) & 0xE0u) == 0xA0u) return lone_surrogate = true, false;
    return true;
  }
  bool open() { return ++depth <= max_depth || (too_deep = true, false); }

  bool Null() { return go(h.null()); }
  bool Bool(bool b) { return go(h.boolean(b)); }
  bool Int(int i) { return go(h.number_integer(i)); }
  bool Uint(unsigned u) { return go(h.number_unsigned(u)); }
  bool Int64(int64_t i) { return go(h.number_integer(i)); }
  bool Uint64(uint64_t u) { return go(h.number_unsigned(u)); }
  bool Double(double d) { return go(h.number_float(d)); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }  // not asked for
  bool String(const char* s, rapidjson::SizeType n, bool) { return text_ok(s, n) && go(h.string(std::string_view(s, n))); }
  bool Key(const char* s, rapidjson::SizeType n, bool) { return text_ok(s, n) && go(h.key(std::string_view(s, n))); }
  bool StartObject() { return open() && go(h.start_object()); }
  bool EndObject(rapidjson::SizeType) { return --depth, go(h.end_object()); }
  bool StartArray() { return open() && go(h.start_array()); }
  bool EndArray(rapidjson::SizeType) { return --depth, go(h.end_array()); }
};

}  // namespace json_read_detail

// Reads a RapidJSON input stream of UTF-8 already checked (and past any byte order mark) into
// `h`. Containers nested deeper than max_depth stop the reader (its recursion is bounded by
// that). A handler returning false stops it too (Status::stopped).
template <class Stream, class Handler>
JsonReadResult json_read_stream(Stream& in, Handler& h, int max_depth) {
  JsonReadResult r;
  json_read_detail::Adapter<Handler> a{h, max_depth};
  rapidjson::Reader reader;
  rapidjson::ParseResult p = reader.Parse<rapidjson::kParseFullPrecisionFlag>(in, a);
  if (!p.IsError()) return r;
  r.offset = p.Offset();
  r.status = a.too_deep  ? JsonReadResult::Status::too_deep
             : a.stopped ? JsonReadResult::Status::stopped
                         : JsonReadResult::Status::invalid;
  r.what = a.lone_surrogate ? "a \\uDC00-\\uDFFF escape without the high surrogate before it" : rapidjson::GetParseError_En(p.Code());
  return r;
}

// Reads `text` into `h`, as json_read_stream.
template <class Handler>
JsonReadResult json_read(std::string_view text, Handler& h, int max_depth) {
  size_t bom = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  if (size_t bad = first_invalid_utf8(text); bad < text.size()) {
    JsonReadResult r;
    r.status = JsonReadResult::Status::invalid;
    r.offset = bad;
    r.what = "bytes that are not UTF-8";
    return r;
  }
  rapidjson::MemoryStream in(text.data() + bom, text.size() - bom);
  JsonReadResult r = json_read_stream(in, h, max_depth);
  if (!r) r.offset += bom;
  return r;
}

}  // namespace sim

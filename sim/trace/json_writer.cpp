#include "trace/json_writer.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/json_syntax.hpp"

namespace sim {

void JsonWriter::newline_indent() {
  out_ += '\n';
  out_.append(2 * empty_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;  // the document itself
  // An array's element (a value in an object always follows its key).
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
  if (indented()) newline_indent();
}

void JsonWriter::key(std::string_view k) {
  if (!empty_.back()) out_ += ',';
  empty_.back() = false;
  if (indented()) newline_indent();
  escaped(k);
  out_ += indented() ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::open(char c) {
  before_value();
  out_ += c;
  empty_.push_back(true);
}

void JsonWriter::close(char c) {
  bool line_break = !empty_.back() && indented();
  empty_.pop_back();
  if (line_break) newline_indent();
  out_ += c;
}

void JsonWriter::escaped(std::string_view s) {
  out_ += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8_length(s, i);
      if (n == 0) {
        // Invalid UTF-8: let the library fail as its dump() does (type_error 316, same text).
        (void)nlohmann::json(std::string(s)).dump();
        n = 1;  // not reached
      }
      i += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out_.append(s.data() + run, i - run);
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        static const char* kDigits = "0123456789abcdef";
        char u[6] = {'\\', 'u', '0', '0', kDigits[c >> 4], kDigits[c & 15]};
        out_.append(u, 6);
      }
    }
    run = ++i;
  }
  out_.append(s.data() + run, s.size() - run);
  out_ += '"';
}

void JsonWriter::string(std::string_view s) {
  before_value();
  escaped(s);
}

void JsonWriter::hex(ByteView b) {
  before_value();
  static const char* kDigits = "0123456789abcdef";
  size_t at = out_.size();
  out_.resize(at + 2 * b.size() + 2);
  char* p = out_.data() + at;
  *p++ = '"';
  for (uint8_t c : b) {
    *p++ = kDigits[c >> 4];
    *p++ = kDigits[c & 15];
  }
  *p = '"';
}

void JsonWriter::boolean(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::signed_number(int64_t v) {
  before_value();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::unsigned_number(uint64_t v) {
  before_value();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::value(const nlohmann::json& j) {
  using T = nlohmann::json::value_t;
  switch (j.type()) {
    case T::object:
      begin_object();
      for (auto& [k, v] : j.items()) {
        key(k);
        value(v);
      }
      end_object();
      return;
    case T::array:
      begin_array();
      for (auto& v : j) value(v);
      end_array();
      return;
    case T::string: string(j.get_ref<const std::string&>()); return;
    default:
      // Numbers (a fraction as nlohmann writes it), booleans, null.
      before_value();
      out_ += j.dump();
  }
}

}  // namespace sim

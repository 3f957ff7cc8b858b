#include "core/json_syntax.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace sim {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

struct Scanner {
  std::string_view s;
  size_t i = 0;

  void skip_ws() {
    while (i < s.size() && is_ws(s[i])) ++i;
  }
  // A string starting at s[i] == '"'; on error, sets `at` and the reason.
  bool string(size_t* at, Message* why) {
    size_t start = i++;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        ++i;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return *at = i, *why = msg("json.control_character"), false;
      if (c == '\\') {
        size_t esc = i;
        if (i + 1 >= s.size()) break;
        char e = s[i + 1];
        if (e == 'u') {
          unsigned cp = 0;
          if (!hex4(i + 2, &cp)) return *at = esc, *why = msg("json.bad_escape"), false;
          i += 6;
          // UTF-16 surrogates come in pairs: a high one (D800-DBFF), then an escaped low one.
          unsigned low = 0;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return *at = esc, *why = msg("json.bad_surrogate"), false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!(i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u' && hex4(i + 2, &low) && low >= 0xDC00 && low <= 0xDFFF))
              return *at = esc, *why = msg("json.bad_surrogate"), false;
            i += 6;
          }
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          i += 2;
        } else {
          return *at = esc, *why = msg("json.bad_escape"), false;
        }
        continue;
      }
      size_t n = utf8_length(s, i);
      if (n == 0) return *at = i, *why = msg("json.invalid_utf8"), false;
      i += n;
    }
    return *at = start, *why = msg("json.unterminated_string"), false;
  }
  // Four hex digits at s[k..k+4) into *v.
  bool hex4(size_t k, unsigned* v) const {
    *v = 0;
    for (size_t n = 0; n < 4; ++n, ++k) {
      if (k >= s.size() || !is_hex(s[k])) return false;
      char c = s[k];
      *v = *v * 16 + unsigned(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return true;
  }
  // The number s[from, i) overflows a double (the JSON libraries refuse it rather than read
  // infinity).
  bool too_big(size_t from) const {
    return std::isinf(std::strtod(std::string(s.substr(from, i - from)).c_str(), nullptr));
  }
  // The longest number at s[i] (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?); false if none.
  bool number() {
    size_t j = i;
    if (j < s.size() && s[j] == '-') ++j;
    if (j >= s.size() || !is_digit(s[j])) return false;
    if (s[j] == '0')
      ++j;
    else
      while (j < s.size() && is_digit(s[j])) ++j;
    if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
      j += 2;
      while (j < s.size() && is_digit(s[j])) ++j;
    }
    if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
      size_t k = j + 1;
      if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
      if (k < s.size() && is_digit(s[k])) {
        j = k;
        while (j < s.size() && is_digit(s[j])) ++j;
      }
    }
    i = j;
    return true;
  }
  bool literal() {
    for (std::string_view w : {"true", "false", "null"})
      if (s.substr(i, w.size()) == w) {
        i += w.size();
        return true;
      }
    return false;
  }
};

}  // namespace

size_t utf8_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  auto cont = [&](size_t k) { return (b(k) & 0xC0u) == 0x80u; };
  unsigned c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return b(1) >= lo && b(1) <= hi && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return b(1) >= lo && b(1) <= hi && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (uint64_t w; i + 8 <= s.size() && (std::memcpy(&w, s.data() + i, 8), (w & 0x8080808080808080u) == 0)) {
      i += 8;
      continue;
    }
    size_t n = utf8_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return s.size();
}

std::optional<JsonSyntaxError> json_syntax_error(std::string_view text) {
  Scanner sc{text};
  if (text.substr(0, 3) == "\xEF\xBB\xBF") sc.i = 3;
  size_t at = 0;
  Message why;
  // The open containers ('{' or '['); after a value, the next token must close or continue one.
  std::vector<char> open;
  // An object member's name and its colon (sc.i at the name): what comes next is its value.
  auto member_name = [&]() -> bool {
    if (text[sc.i] != '"') return at = sc.i, why = msg("json.expected_name"), false;
    if (!sc.string(&at, &why)) return false;
    sc.skip_ws();
    if (sc.i >= text.size()) return at = sc.i, why = msg("json.ends_early"), false;
    if (text[sc.i] != ':') return at = sc.i, why = msg("json.expected_colon"), false;
    ++sc.i;
    return true;
  };
  auto scan = [&]() -> bool {
    for (;;) {
      // A value is expected here.
      sc.skip_ws();
      if (sc.i >= text.size()) return at = sc.i, why = msg("json.ends_early"), false;
      char c = text[sc.i];
      if (c == '{' || c == '[') {
        ++sc.i;
        sc.skip_ws();
        char close = c == '{' ? '}' : ']';
        if (sc.i < text.size() && text[sc.i] == close) {
          ++sc.i;
        } else {
          open.push_back(c);
          if (c == '[') continue;  // its first value
          if (sc.i >= text.size()) return at = sc.i, why = msg("json.ends_early"), false;
          if (!member_name()) return false;
          continue;  // its first member's value
        }
      } else if (c == '"') {
        if (!sc.string(&at, &why)) return false;
      } else if (c == '-' || is_digit(c)) {
        size_t from = sc.i;
        if (!sc.number()) return at = sc.i, why = msg("json.expected_value"), false;
        if (sc.too_big(from)) return at = from, why = msg("json.number_too_big"), false;
      } else if (!sc.literal()) {
        return at = sc.i, why = msg("json.expected_value"), false;
      }
      // After a value: close containers, or a comma and the next member or element.
      for (;;) {
        sc.skip_ws();
        if (open.empty()) {
          if (sc.i < text.size()) return at = sc.i, why = msg("json.extra_text"), false;
          return true;
        }
        if (sc.i >= text.size()) return at = sc.i, why = msg("json.ends_early"), false;
        char top = open.back();
        char d = text[sc.i];
        if (d == (top == '{' ? '}' : ']')) {
          ++sc.i;
          open.pop_back();
          continue;
        }
        if (d != ',') return at = sc.i, why = top == '{' ? msg("json.expected_comma_or_brace") : msg("json.expected_comma_or_bracket"), false;
        ++sc.i;
        sc.skip_ws();
        if (sc.i >= text.size()) return at = sc.i, why = msg("json.ends_early"), false;
        if (text[sc.i] == '}' || text[sc.i] == ']') return at = sc.i, why = msg("json.trailing_comma"), false;
        if (top == '[') break;  // the next element
        if (!member_name()) return false;
        break;  // the next member's value
      }
    }
  };
  if (scan()) return std::nullopt;
  JsonSyntaxError e;
  e.offset = at;
  e.what = std::move(why);
  size_t line_start = 0;
  for (size_t k = 0; k < at; ++k)
    if (text[k] == '\n') ++e.line, line_start = k + 1;
  for (size_t k = line_start; k < at; ++k)
    if ((static_cast<unsigned char>(text[k]) & 0xC0u) != 0x80u) ++e.column;
  return e;
}

}  // namespace sim

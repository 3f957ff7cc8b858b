// Where a text stops being JSON (RFC 8259), for error messages: the JSON library says only how
// far it had read, which is after the bad token (or at the end of an unterminated string).
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/message.hpp"

namespace sim {

struct JsonSyntaxError {
  size_t offset = 0;  // bytes from the start of the text
  size_t line = 1;    // from 1
  size_t column = 1;  // from 1, in characters (UTF-8), as an editor counts
  Message what;       // what was expected there (a catalog message)
};

// The first syntax error of `text`, at the start of the token that breaks the grammar (the
// place Python's json module and editors point at); nullopt when the syntax is valid. A leading
// UTF-8 byte order mark is skipped, as the JSON library does. Does not recurse: any depth is fine.
std::optional<JsonSyntaxError> json_syntax_error(std::string_view text);

// Length of the well-formed UTF-8 sequence at s[i] (1 for ASCII; RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF, the set the JSON library's decoder accepts), or 0.
size_t utf8_length(std::string_view s, size_t i);

// Offset of the first byte of `s` that is not part of well-formed UTF-8 (as utf8_length), or
// s.size(). Runs of ASCII are skipped eight bytes at a time.
size_t first_invalid_utf8(std::string_view s);

}  // namespace sim

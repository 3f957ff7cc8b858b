// A hand edit of one record in transit: `tlslab run --edit STEP:FIELD_PATH=HEX`, the scenario
// key "edits", the GUI inspector's edit. This is its text form and the errors an edit can
// meet; the attacker that applies edits is sim/net/edit.hpp.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/message.hpp"

namespace sim {

struct EditSpec {
  // The record: its number among the records the endpoints sent, in the order they sent them.
  // That is the ladder's numbering of the same run without edits (the attacker's own events,
  // which edits add, are not counted).
  size_t step = 0;
  // A path in the record's field tree as sources.hpp writes them, with or without the root's
  // name ("fragment/ClientHello/random", "TLS record/fragment/ClientHello/cipher_suites"), or
  // kRawBytes for the whole record.
  std::string path;
  Bytes value;       // the new bytes (a vector's body, without its length prefix)
  std::string text;  // the edit as written, to name it in messages
  bool raw() const { return path == kRawBytes; }
  static constexpr const char* kRawBytes = "bytes";
};

struct EditError {
  enum class Kind : uint8_t {
    syntax,           // not STEP:FIELD_PATH=HEX
    bad_step,         // STEP is not a record number
    bad_hex,          // HEX is not hexadecimal bytes
    no_record,        // the run never sent record STEP
    no_field,         // the record has no field at that path
    protected_field,  // a field of a protected record's decrypted plaintext
    length_overflow,  // a re-encoded length does not fit its length field
    overlap,          // two edits of one record touch the same bytes
  };
  Kind kind = Kind::syntax;
  Message message;  // names the edit (edit.* in the catalog)
};

// "3:fragment/ClientHello/random=00ff..." parsed, or why not.
std::variant<EditSpec, EditError> parse_edit(std::string_view text);

}  // namespace sim

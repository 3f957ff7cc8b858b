// Hand edits of records in transit (`tlslab run --edit STEP:FIELD_PATH=HEX`, scenario key
// "edits"; the text form is scenario/edit_spec.hpp). An edit names a field of a record's
// dissected tree, or its raw bytes, and gives the field new bytes. When the new bytes are
// longer or shorter, every length field that covers the field is re-encoded: a length-prefixed
// vector's prefix, a handshake message's 24-bit length, the record's length. The field tree
// says which nodes are such prefixes: a node's child named "length" whose value is the number of
// bytes from the end of that child to the end of the node (Dissector::vec, the handshake header,
// the record header). Only what travels in clear can be edited by field: a protected record's
// decrypted plaintext is not on the wire; its ciphertext fields and its bytes are.
#pragma once
#include <variant>
#include <vector>

#include "net/network.hpp"
#include "scenario/edit_spec.hpp"

namespace sim {

struct EditedRecord {
  Bytes bytes;     // the record as it goes on
  Message reason;  // "edited PATH: OLD -> NEW" for each edit, the note of the attacker's event
};

// `record` with `edits` (all meant for it) applied, lengths re-encoded; or the first error.
std::variant<EditedRecord, EditError> apply_edits(const Event& record, const std::vector<EditSpec>& edits);

// The parsed edits of a scenario (a malformed one is left out: validate() reports it).
std::vector<EditSpec> parse_edits(const std::vector<std::string>& texts);

// Applies edits to the records they name as those cross the wire; a record no edit names goes
// on unchanged, without an event. One run only: Simulation makes a new one for each replay.
class EditAttacker : public Attacker {
 public:
  explicit EditAttacker(std::vector<EditSpec> edits);
  void on_record(const Event& record, Wire& wire) override;
  // The edits that could not be applied: those refused when their record was in transit, and,
  // once the run is over, those whose record never came (no_record).
  std::vector<EditError> errors() const;

 private:
  std::vector<EditSpec> edits_;
  std::vector<bool> met_;  // its record came (applied or refused)
  std::vector<EditError> errors_;
  size_t seen_ = 0;  // records the endpoints sent so far
};

}  // namespace sim

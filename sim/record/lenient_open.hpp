// Opening a record as a lenient receiver does (hs/config.hpp Leniency): the record layer's part
// of the bugs the attack lessons reproduce. Kept apart from protection.hpp so a correct receiver's
// path (open_record there) stays the one most of the engine sees.
#pragma once
#include "record/protection.hpp"

namespace sim {

struct RecordLeniency {
  // TLS 1.0-1.2 CBC: only the padding length is checked, not the padding bytes (RFC 2246
  // 6.2.3.2 requires both); SSL 3.0 never checks them (RFC 6101 5.2.3.2).
  bool skip_cbc_padding_check = false;
};

// open_record (protection.hpp) with the receiver's leniencies.
Result<Bytes> open_record(CipherState& cs, Actor actor, ContentType type, uint16_t version, ByteView fragment,
                          Derivation* out_d, InnerLayout* out_inner, const RecordLeniency& lenient);

}  // namespace sim

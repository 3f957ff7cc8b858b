// The glossary: one-line explanations of what a trace names (the fields of its trees, its
// derivations and their inputs and steps), in English and French, keyed by the name as the
// trace spells it ("random", "master_secret", "client_handshake_traffic_secret"). Engine data,
// not GUI data, so every front end explains the same way: the GUI's tooltips and the reports.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace sim {
struct Trace;
struct Event;
}  // namespace sim

namespace sim::present {

struct GlossaryEntry {
  const char* key;  // the name as the trace spells it, or a pattern ("A(i)", "ticket_psk_N")
  const char* en;
  const char* fr;
  const char* spec = nullptr;  // where the specification defines it ("RFC 6101 5.2.3.1"), if any
};

// What an explanation depends on besides the name: the version and suite of the record or
// derivation it is shown for (SSL 3.0's MAC is not HMAC, its padding is not TLS padding, its
// IV is chained), and the compression in use.
struct GlossaryContext {
  uint16_t version = 0;       // 0: not known, the version-independent entry
  uint16_t cipher_suite = 0;  // 0: not known
  uint8_t compression = 0;    // 0 null, 1 DEFLATE
};
// The context of one event of a trace (its connection's version, suite and compression).
GlossaryContext glossary_context(const Trace& t, const Event& e);

// Every entry, in a stable order.
const std::vector<GlossaryEntry>& glossary();

// The entry explaining `name`, or nullptr. Names the trace numbers share one entry: "A(2)" is
// "A(i)", "P_hash block 3" is "P_hash block", and digits after an underscore are "N"
// ("client_application_traffic_secret_1" is "client_application_traffic_secret_N").
const GlossaryEntry* glossary_entry(std::string_view name);
// The entry explaining `name` as it applies in `ctx`: a version's own entry where the meaning
// differs by version, else the general one.
const GlossaryEntry* glossary_entry(std::string_view name, const GlossaryContext& ctx);

// The entry for a derivation: its name's first word ("record_seal client_write seq 0" is
// explained by "record_seal"), as the GUI's derivation list and the reports look it up.
const GlossaryEntry* glossary_for_derivation(std::string_view derivation_name);

}  // namespace sim::present

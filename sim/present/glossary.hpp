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
// The context of one event of a trace: the version, suite and compression of its own
// connection (read from that connection's ServerHello, so a fallback retry or an attacker's
// connection gets its own), and the suite of the keys protecting the record.
GlossaryContext glossary_context(const Trace& t, const Event& e);
// The same, looking only at `hello_events` (the indices, ascending, of the events that carry a
// ServerHello or HelloRetryRequest: has_hello of each) instead of scanning every event for one.
GlossaryContext glossary_context(const Trace& t, const Event& e, const std::vector<size_t>& hello_events);
bool has_hello(const Event& e);

// Every entry, in a stable order.
const std::vector<GlossaryEntry>& glossary();

// An entry that replaces the general one of the same key in some versions (and suites, and
// compression): SSL 3.0's MAC, TLS 1.0's chained IV, TLS 1.3's Finished.
enum class SuiteFilter : uint8_t { any, aead, not_aead, rsa, dhe, ecdhe };
struct GlossaryVariant {
  uint16_t min_version, max_version;  // the versions it applies to, inclusive
  SuiteFilter suite = SuiteFilter::any;
  int compression = -1;               // -1: any; else the compression method it applies to
  GlossaryEntry entry;                // entry.key is the general entry's key
};
// Every variant, the first that fits a context winning.
const std::vector<GlossaryVariant>& glossary_variants();

// The entry explaining `name`, or nullptr. Names the trace numbers share one entry: "A(2)" is
// "A(i)", "P_hash block 3" is "P_hash block", SSL 3.0's "SHA('BB' + secret + seed)" is
// "SHA('X' + secret + seed)", and digits after an underscore or a bracket are "N"
// ("client_application_traffic_secret_1" is "client_application_traffic_secret_N",
// "SingleResponse[0]" is "SingleResponse[N]").
const GlossaryEntry* glossary_entry(std::string_view name);
// The entry explaining `name` as it applies in `ctx`: a version's own entry where the meaning
// differs by version (glossary_variants), else the general one, citing the section of the
// context's own RFC where that RFC numbers it (SSL 3.0's ServerHelloDone is RFC 6101 5.6.5).
const GlossaryEntry* glossary_entry(std::string_view name, const GlossaryContext& ctx);

// The entry for a derivation: its name's first word ("record_seal client_write seq 0" is
// explained by "record_seal"), as the GUI's derivation list and the reports look it up.
const GlossaryEntry* glossary_for_derivation(std::string_view derivation_name);
// The same as it applies in `ctx` (an SSL 3.0 run's master_secret is not the TLS PRF's).
const GlossaryEntry* glossary_for_derivation(std::string_view derivation_name, const GlossaryContext& ctx);

}  // namespace sim::present

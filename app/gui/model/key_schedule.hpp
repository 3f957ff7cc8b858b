// The TLS 1.3 key schedule (RFC 8446 7.1) as rows of a tree, built from a trace's derivations:
// the Extract "spine" (early_secret, derived, handshake_secret, derived, master_secret), the
// Derive-Secret branches (traffic secrets, binder key, exporter, resumption) and their leaves
// (keys, IVs, Finished values, binder, ticket PSK). Window-free, so it is unit-tested.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/trace.hpp"

namespace gui {

enum class ScheduleKind { spine, input, branch, leaf };

struct ScheduleRow {
  size_t event = 0, derivation = 0;  // the derivation (Event::derivations index)
  std::string name;                  // its name ("handshake_secret")
  int connection = 1;
  int depth = 0;                     // 0 spine/input, 1 branch, 2 leaf
  ScheduleKind kind = ScheduleKind::branch;
  // The row of the derivation its secret/salt/base_key input comes from (the input's source).
  std::optional<size_t> parent;
  std::string parent_input;          // which input names it: "secret", "salt", "base_key"
  // The second input of an Extract: the (EC)DHE shared secret of handshake_secret, the
  // ticket PSK (previous connection) of early_secret.
  std::optional<size_t> ikm;
  sim::Message messages;             // note of its "messages" input: what its transcript hash covers
  bool connection_start = false;     // the first row of its connection
};

// The schedule as one side computed it (client or server), connection by connection, in
// schedule order. Empty for a trace without TLS 1.3 derivations.
std::vector<ScheduleRow> key_schedule_rows(const sim::Trace& t, sim::Actor side);

// Where a kind of derivation sits in the schedule (lower first), from the derivation kind
// registry's schedule order; nullopt when the registry does not place it (record protection,
// signatures, message_hash..., and the traffic keys, IVs and Finished values, which sit under
// whichever traffic secret they expand).
std::optional<int> schedule_rank(sim::DerivationKind k);

// Whether the trace has TLS 1.3 key schedule derivations.
bool has_tls13_schedule(const sim::Trace& t);

}  // namespace gui

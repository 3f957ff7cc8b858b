#include "model/key_schedule.hpp"

#include <algorithm>
#include <tuple>

namespace gui {

namespace {

using sim::DerivationKind;

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Where the kind sits in the schedule's tree, from the registry: the Extract spine, the (EC)DHE
// input of handshake_secret, the leaves (keys, IVs, Finished values, binder, ticket PSK) and
// the branches (every other secret).
ScheduleKind kind_of(DerivationKind k) {
  switch (k) {
    case DerivationKind::tls13_early_secret:
    case DerivationKind::tls13_derived_early:
    case DerivationKind::tls13_handshake_secret:
    case DerivationKind::tls13_derived_handshake:
    case DerivationKind::tls13_master_secret:
      return ScheduleKind::spine;
    case DerivationKind::tls13_ecdhe_shared_secret:
    case DerivationKind::tls13_dhe_shared_secret:
      return ScheduleKind::input;
    case DerivationKind::tls13_traffic_key:
    case DerivationKind::tls13_traffic_iv:
    case DerivationKind::tls13_finished:
    case DerivationKind::tls13_psk_binder:
    case DerivationKind::tls13_ticket_psk:
      return ScheduleKind::leaf;
    default:
      return ScheduleKind::branch;
  }
}

// Leaves the registry places under a traffic secret that depends on the instance (its
// schedule_order is 0): they sort right after the secret they expand, in this order.
std::optional<int> leaf_order(DerivationKind k) {
  switch (k) {
    case DerivationKind::tls13_traffic_key: return 1;
    case DerivationKind::tls13_traffic_iv: return 2;
    case DerivationKind::tls13_finished: return 3;
    default: return std::nullopt;
  }
}

// The input that carries a leaf's or a next generation's secret.
const sim::NamedBytes* secret_input(const sim::Derivation& d) {
  if (const sim::NamedBytes* in = d.input("secret")) return in;
  return d.input("base_key");
}

}  // namespace

std::optional<int> schedule_rank(sim::DerivationKind k) {
  int order = sim::info(k).schedule_order;
  if (order == 0) return std::nullopt;
  return order;
}

bool has_tls13_schedule(const sim::Trace& t) {
  // Over both lists of each event without building one (a TLS 1.2 trace is walked to its end).
  for (auto& e : t.events)
    for (size_t i = 0; i < sim::derivation_count(e); ++i)
      if (sim::derivation_at(e, i).kind == DerivationKind::tls13_early_secret) return true;
  return false;
}

std::vector<ScheduleRow> key_schedule_rows(const sim::Trace& t, sim::Actor side) {
  std::vector<ScheduleRow> rows;
  if (!has_tls13_schedule(t)) return rows;
  // Sort key, from the registry's schedule order: a secret sorts by its kind's order, then by
  // its generation (KeyUpdate), then by the order the first secret of its line was derived in
  // (client before server, as the engine derives them); a key, IV or Finished value sorts under
  // the secret it expands (the secret its secret input comes from).
  struct Key {
    int connection = 1, rank = 0, generation = 0;
    size_t line = 0;  // found-index of the generation-0 secret of its line
    int leaf = 0;     // 0 the secret itself, then leaf_order()
    size_t order = 0;
  };
  struct Found {
    Key key;
    ScheduleRow row;
    const sim::Derivation* d;
  };
  std::vector<Found> found;
  std::vector<Found> leaves;
  size_t order = 0;
  for (size_t e = 0; e < t.events.size(); ++e) {
    const sim::Event& ev = t.events[e];
    for (size_t di = 0; di < sim::derivation_count(ev); ++di) {
      const sim::Derivation& d = sim::derivation_at(ev, di);
      if (d.actor != side) continue;
      auto rank = schedule_rank(d.kind);
      auto leaf = leaf_order(d.kind);
      if (!rank && !leaf) continue;
      ScheduleRow r;
      r.event = e;
      r.derivation = di;
      r.name = d.name;
      r.connection = ev.connection;
      r.kind = kind_of(d.kind);
      r.depth = r.kind == ScheduleKind::spine || r.kind == ScheduleKind::input ? 0 : r.kind == ScheduleKind::branch ? 1 : 2;
      if (auto* m = d.input("messages")) r.messages = m->note;
      Key k;
      k.connection = ev.connection;
      k.order = order++;
      if (rank) {
        k.rank = *rank;
        k.line = found.size();
        found.push_back({k, std::move(r), &d});
      } else {
        k.leaf = *leaf;
        leaves.push_back({k, std::move(r), &d});
      }
    }
  }
  // The secret a derivation's secret input comes from (its source, Source::of).
  auto source = [&](const sim::Derivation& d) -> std::optional<size_t> {
    const sim::NamedBytes* in = secret_input(d);
    if (!in || in->from.kind != sim::Source::Kind::derivation) return std::nullopt;
    for (size_t i = found.size(); i-- > 0;)
      if (found[i].d->id == in->from.id && found[i].d != &d) return i;
    return std::nullopt;
  };
  // A next generation (KeyUpdate) continues the line of the secret it updates.
  for (auto& f : found) {
    if (f.d->kind != DerivationKind::tls13_application_traffic_secret_update) continue;
    if (auto s = source(*f.d)) {
      f.key.generation = found[*s].key.generation + 1;
      f.key.line = found[*s].key.line;
    }
  }
  // Leaves under their secret; one whose secret is not in the schedule is left out.
  for (auto& l : leaves) {
    auto s = source(*l.d);
    if (!s) continue;
    const Key& p = found[*s].key;
    l.key.rank = p.rank;
    l.key.generation = p.generation;
    l.key.line = p.line;
    found.push_back(std::move(l));
  }
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    const Key &x = a.key, &y = b.key;
    return std::tie(x.connection, x.rank, x.generation, x.line, x.leaf, x.order) <
           std::tie(y.connection, y.rank, y.generation, y.line, y.leaf, y.order);
  });
  rows.reserve(found.size());
  for (auto& f : found) rows.push_back(std::move(f.row));

  // Links: the row of the derivation an input comes from (its source, Source::of).
  auto row_of = [&](const sim::NamedBytes* in) -> std::optional<size_t> {
    if (!in || in->from.kind != sim::Source::Kind::derivation) return std::nullopt;
    for (size_t i = 0; i < rows.size(); ++i)
      if (sim::derivation_at(t.events[rows[i].event], rows[i].derivation).id == in->from.id) return i;
    return std::nullopt;
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    ScheduleRow& r = rows[i];
    r.connection_start = i == 0 || rows[i - 1].connection != r.connection;
    const sim::Derivation& d = sim::derivation_at(t.events[r.event], r.derivation);
    for (const char* in : {"secret", "base_key", "salt"}) {
      if (auto p = row_of(d.input(in)); p && *p != i) {
        r.parent = p;
        r.parent_input = in;
        break;
      }
    }
    // Depth: a branch or leaf sits one level under its parent (an updated traffic secret under
    // the previous generation, its key under it); the spine stays at the left.
    if (r.kind == ScheduleKind::branch || r.kind == ScheduleKind::leaf) {
      if (r.parent && *r.parent < i && rows[*r.parent].kind != ScheduleKind::spine) r.depth = rows[*r.parent].depth + 1;
      else r.depth = 1;
    }
    // The (EC)DHE shared secret, or the ticket PSK of an earlier connection (the client's; the
    // server's PSK comes out of the ticket it opens, not a row of the schedule).
    r.ikm = row_of(d.input("IKM"));
  }
  return rows;
}

}  // namespace gui

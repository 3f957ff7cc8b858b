#include "model/key_schedule.hpp"

#include <algorithm>
#include <charconv>

namespace gui {

namespace {

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

std::optional<int> number(std::string_view s) {
  int n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < 0) return std::nullopt;
  return std::min(n, 70);
}

// client_application_traffic_secret_N / client_application_traffic_N_key|_iv
std::optional<int> application_rank(std::string_view name) {
  int side = 0;
  if (starts(name, "client_application_traffic_")) name.remove_prefix(27), side = 0;
  else if (starts(name, "server_application_traffic_")) name.remove_prefix(27), side = 5;
  else return std::nullopt;
  if (starts(name, "secret_")) {
    if (auto n = number(name.substr(7))) return 100 + *n * 10 + side;
    return std::nullopt;
  }
  for (auto [suffix, off] : {std::pair{std::string_view("_key"), 1}, std::pair{std::string_view("_iv"), 2}})
    if (ends(name, suffix))
      if (auto n = number(name.substr(0, name.size() - suffix.size()))) return 100 + *n * 10 + side + off;
  return std::nullopt;
}

ScheduleKind kind_of(std::string_view name) {
  if (name == "early_secret" || name == "derived_early" || name == "handshake_secret" || name == "derived_handshake" ||
      name == "master_secret")
    return ScheduleKind::spine;
  if (name == "ecdhe_shared_secret" || name == "dhe_shared_secret") return ScheduleKind::input;
  if (ends(name, "_key") || ends(name, "_iv") || ends(name, "_verify_data") || name == "psk_binder" ||
      starts(name, "ticket_psk_"))
    return ScheduleKind::leaf;
  return ScheduleKind::branch;
}

}  // namespace

std::optional<int> schedule_rank(std::string_view name) {
  static const std::pair<std::string_view, int> fixed[] = {
      {"early_secret", 10},
      {"binder_key", 11},
      {"psk_binder", 12},
      {"client_early_traffic_secret", 13},
      {"client_early_traffic_key", 14},
      {"client_early_traffic_iv", 15},
      {"derived_early", 20},
      {"ecdhe_shared_secret", 25},
      {"dhe_shared_secret", 25},
      {"handshake_secret", 30},
      {"client_handshake_traffic_secret", 31},
      {"client_handshake_traffic_key", 32},
      {"client_handshake_traffic_iv", 33},
      {"client_verify_data", 34},
      {"server_handshake_traffic_secret", 35},
      {"server_handshake_traffic_key", 36},
      {"server_handshake_traffic_iv", 37},
      {"server_verify_data", 38},
      {"derived_handshake", 40},
      {"master_secret", 50},
      {"exporter_master_secret", 900},
      {"resumption_master_secret", 910},
  };
  for (auto& [n, r] : fixed)
    if (n == name) return r;
  if (auto r = application_rank(name)) return r;
  if (starts(name, "ticket_psk_"))
    if (auto n = number(name.substr(11))) return 920 + *n;
  return std::nullopt;
}

bool has_tls13_schedule(const sim::Trace& t) {
  for (auto& e : t.events)
    for (const sim::Derivation& d : sim::all_derivations(e))
      if (d.name == "early_secret") return true;
  return false;
}

std::vector<ScheduleRow> key_schedule_rows(const sim::Trace& t, sim::Actor side) {
  std::vector<ScheduleRow> rows;
  if (!has_tls13_schedule(t)) return rows;
  struct Key {
    int connection, rank;
    size_t order;
  };
  std::vector<std::pair<Key, ScheduleRow>> found;
  size_t order = 0;
  for (size_t e = 0; e < t.events.size(); ++e) {
    const sim::Event& ev = t.events[e];
    for (size_t di = 0; di < sim::derivation_count(ev); ++di) {
      const sim::Derivation& d = sim::derivation_at(ev, di);
      if (d.actor != side) continue;
      auto rank = schedule_rank(d.name);
      if (!rank) continue;
      ScheduleRow r;
      r.event = e;
      r.derivation = di;
      r.name = d.name;
      r.connection = ev.connection;
      r.kind = kind_of(d.name);
      r.depth = r.kind == ScheduleKind::spine || r.kind == ScheduleKind::input ? 0 : r.kind == ScheduleKind::branch ? 1 : 2;
      if (auto* m = d.input("messages")) r.messages = m->note;
      found.push_back({Key{ev.connection, *rank, order++}, std::move(r)});
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a.first.connection != b.first.connection) return a.first.connection < b.first.connection;
    if (a.first.rank != b.first.rank) return a.first.rank < b.first.rank;
    return a.first.order < b.first.order;
  });
  rows.reserve(found.size());
  for (auto& f : found) rows.push_back(std::move(f.second));

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

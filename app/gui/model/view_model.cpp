#include "model/view_model.hpp"

#include <algorithm>

#include "present/glossary.hpp"
#include "present/present.hpp"
#include "trace/sources.hpp"
#include "trace/value_text.hpp"

namespace gui {

using sim::ByteView;
using sim::Derivation;
using sim::Event;
using sim::Field;
using sim::Trace;

namespace {

bool contains(std::string_view hay, std::string_view needle) {
  return !needle.empty() && hay.find(needle) != std::string_view::npos;
}

bool equal(ByteView a, ByteView b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

std::optional<size_t> find_in(ByteView hay, ByteView needle) {
  if (needle.empty() || needle.size() > hay.size()) return std::nullopt;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
  if (it == hay.end()) return std::nullopt;
  return size_t(it - hay.begin());
}

constexpr size_t kMinProvenance = 8;

}  // namespace

KeyClass key_class(const Event& e) {
  using sim::ProtectionPhase;
  switch (e.protection.phase) {
    case ProtectionPhase::none: return KeyClass::none;
    case ProtectionPhase::handshake: return KeyClass::handshake;
    case ProtectionPhase::application:
    case ProtectionPhase::early:  // 0-RTT traffic keys: application data sent early
      return KeyClass::application;
    case ProtectionPhase::epoch:  // SSL 3.0 to TLS 1.2: one key set per direction
      return KeyClass::epoch;
    case ProtectionPhase::unknown:  // keys the trace does not know (a record an attacker made up)
      break;
  }
  return e.layer == sim::ContentType::handshake ? KeyClass::handshake : KeyClass::application;
}

LadderRow ladder_row(const Trace& t, size_t i, size_t current_step, sim::Lang lang) {
  const auto s = sim::present::ladder_row(t, i, lang);
  const Event& e = t.events[i];
  LadderRow r;
  r.event = s.index;
  r.from = s.from;
  r.to = s.to;
  r.label = s.title;
  r.short_label = s.short_title;
  r.keys = key_class(e);
  // An alert record the receiver could not read still has the alert layer.
  r.alert = s.alert || e.layer == sim::ContentType::alert;
  r.fatal = e.alert && e.alert->level == sim::AlertLevel::fatal;
  r.step = e.step;
  r.current = e.step == current_step;
  r.connection = s.connection;
  r.connection_start = s.connection_start;
  // TLS 1.3: the wire says application_data, the layer is the inner type the receiver read.
  if (!e.bytes.empty() && sim::ContentType(e.bytes[0]) == sim::ContentType::application_data && e.layer &&
      *e.layer != sim::ContentType::application_data)
    r.inner_type = sim::name_of(*e.layer);
  return r;
}

std::vector<LadderRow> ladder_rows(const Trace& t, size_t current_step, sim::Lang lang) {
  std::vector<LadderRow> rows;
  rows.reserve(t.events.size());
  for (size_t i = 0; i < t.events.size(); ++i) rows.push_back(ladder_row(t, i, current_step, lang));
  return rows;
}

void update_ladder_rows(std::vector<LadderRow>& rows, std::vector<uint64_t>& rows_made, const Trace& t,
                        const std::vector<uint64_t>& made, size_t current_step, sim::Lang lang) {
  const size_t n = t.events.size();
  rows.resize(std::min(rows.size(), n));
  rows_made.resize(rows.size());
  for (size_t i = 0; i < n; ++i) {
    if (i == rows.size()) {
      rows.push_back(ladder_row(t, i, current_step, lang));
      rows_made.push_back(made[i]);
    } else if (rows_made[i] != made[i]) {
      rows[i] = ladder_row(t, i, current_step, lang);
      rows_made[i] = made[i];
    } else {
      rows[i].current = rows[i].step == current_step;  // without reading the event again
    }
  }
}

bool has_attacker(const Trace& t) {
  return std::any_of(t.events.begin(), t.events.end(),
                     [](const Event& e) { return e.from == sim::Actor::attacker || e.to == sim::Actor::attacker; });
}

const Field* field_at_path(const Field& root, const FieldPath& path) {
  const Field* f = &root;
  for (int i : path) {
    if (i < 0 || size_t(i) >= f->children.size()) return nullptr;
    f = &f->children[size_t(i)];
  }
  return f;
}

namespace {
void deepest(const Field& f, sim::ByteSpace space, size_t offset, FieldPath& cur, std::optional<FieldPath>& best) {
  bool inside = f.space == space && f.length > 0 && offset >= f.offset && offset < size_t(f.offset) + f.length;
  if (inside) best = cur;
  for (size_t i = 0; i < f.children.size(); ++i) {
    cur.push_back(int(i));
    deepest(f.children[i], space, offset, cur, best);
    cur.pop_back();
  }
}
}  // namespace

std::optional<FieldPath> field_at_offset(const Field& root, sim::ByteSpace space, size_t offset) {
  FieldPath cur;
  std::optional<FieldPath> best;
  deepest(root, space, offset, cur, best);
  return best;
}

const sim::Bytes& buffer_of(const Event& e, sim::ByteSpace space) {
  return e.buffer(space);
}

std::optional<ByteView> field_bytes(const Event& e, const Field& f) {
  const sim::Bytes& b = buffer_of(e, f.space);
  if (size_t(f.offset) + f.length > b.size()) return std::nullopt;
  return ByteView(b.data() + f.offset, f.length);
}

const Derivation& derivation_of(const Trace& t, const ItemRef& r) { return sim::derivation_at(t.events[r.event], r.derivation); }

std::optional<ByteView> item_bytes(const Derivation& d, ItemKind kind, const std::string& name) {
  switch (kind) {
    case ItemKind::output:
      return sim::view(d.output);
    case ItemKind::input:
      if (auto* nb = d.input(name)) return sim::view(nb->value);
      return std::nullopt;
    case ItemKind::step:
      if (auto* nb = d.step(name)) return sim::view(nb->value);
      return std::nullopt;
    case ItemKind::part:
      for (auto& p : d.parts)
        if (p.name == name && p.offset + p.length <= d.output.size()) return ByteView(d.output.data() + p.offset, p.length);
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::pair<size_t, size_t>> find_derivation(const Trace& t, std::string_view id) {
  for (size_t e = 0; e < t.events.size(); ++e)
    for (size_t d = 0; d < sim::derivation_count(t.events[e]); ++d)
      if (sim::derivation_at(t.events[e], d).id == id) return std::pair{e, d};
  return std::nullopt;
}

std::vector<std::pair<size_t, size_t>> all_derivations(const Trace& t) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t e = 0; e < t.events.size(); ++e)
    for (size_t d = 0; d < sim::derivation_count(t.events[e]); ++d) out.emplace_back(e, d);
  return out;
}

bool in_check_group(const Derivation& d) {
  return d.kind == sim::DerivationKind::certificate_check || d.kind == sim::DerivationKind::revocation_fetch;
}

sim::Message check_name(const Derivation& d) {
  if (d.title.empty()) return sim::Message::untranslated(d.name);
  if (d.title.key == "check.title")
    if (const auto* p = d.title.param("check"); p && !p->message.empty()) return p->message.front();
  return d.title;
}

std::vector<KeysRow> keys_rows(const Trace& t, const std::vector<std::pair<size_t, size_t>>& list) {
  std::vector<KeysRow> out;
  keys_rows(t, list, out);
  return out;
}

DerivationClass derivation_class(const Derivation& d) {
  DerivationClass c;
  if (in_check_group(d)) {
    c.group = DerivationClass::Group::check;
    if (auto p = sim::check_passed(d)) c.passed = *p ? 1 : 0;
  } else if (sim::record_stage(d.kind) != sim::RecordStage::none) {
    c.group = DerivationClass::Group::record;
  }
  return c;
}

void keys_rows(const Trace& t, const std::vector<std::pair<size_t, size_t>>& list, std::vector<KeysRow>& out) {
  std::vector<DerivationClass> classes;
  classes.reserve(list.size());
  for (auto [e, di] : list) classes.push_back(derivation_class(sim::derivation_at(t.events[e], di)));
  keys_rows(list, classes, out);
}

void keys_rows(const std::vector<std::pair<size_t, size_t>>& list, const std::vector<DerivationClass>& classes,
               std::vector<KeysRow>& out) {
  using G = DerivationClass::Group;
  out.clear();
  std::vector<KeysRow> group;
  KeysRow head{KeysRow::Kind::check_group};
  std::optional<size_t> at;  // where the group goes in `out`
  bool seen_check = false;
  for (size_t i = 0; i < list.size(); ++i) {
    auto [e, di] = list[i];
    const DerivationClass c = classes[i];
    if (c.group == G::check) {
      seen_check = true;
      group.push_back({KeysRow::Kind::check, e, di});
      if (c.passed >= 0) {
        ++head.checks;
        if (c.passed == 0) ++head.failed;
      }
      continue;
    }
    if (seen_check && !at && c.group == G::record) at = out.size();
    out.push_back({KeysRow::Kind::derivation, e, di});
  }
  if (group.empty()) return;
  size_t pos = at.value_or(out.size());
  group.insert(group.begin(), head);
  out.insert(out.begin() + long(pos), group.begin(), group.end());
}

void update_view_lists(ViewLists& v, const Trace& t, const std::vector<uint64_t>& made) {
  const size_t n = t.events.size();
  // Events before the first one remade (or dropped) keep their entries.
  size_t i = 0;
  const size_t same = std::min({n, v.read.size(), made.size()});
  while (i < same && v.read[i].made == made[i]) ++i;
  if (i < v.read.size()) {
    const ViewLists::Read& first = v.read[i];
    v.derivations.resize(first.derivations);
    v.classes.resize(first.derivations);
    v.notes.resize(first.notes);
    v.alerts.resize(first.alerts);
    v.hellos.resize(first.hellos);
    v.read.resize(i);
  }
  v.actors = v.read.empty() ? 0 : v.read.back().actors;
  v.key_phases = v.read.empty() ? 0 : v.read.back().key_phases;
  for (; i < n; ++i) {
    const Event& e = t.events[i];
    v.actors |= sim::actor_bits(e);
    v.key_phases |= sim::present::key_phase_bits(e);
    v.read.push_back({i < made.size() ? made[i] : 0, v.derivations.size(), v.notes.size(), v.alerts.size(),
                      v.hellos.size(), v.actors, v.key_phases});
    for (size_t d = 0; d < sim::derivation_count(e); ++d) {
      v.derivations.emplace_back(i, d);
      v.classes.push_back(derivation_class(sim::derivation_at(e, d)));
    }
    for (auto& note : e.notes) v.notes.push_back({i, e.step, note, sim::note_severity(note)});
    if (e.alert) v.alerts.push_back(i);
    if (sim::present::has_hello(e)) v.hellos.push_back(i);
  }
}

namespace {

struct Candidate {
  ItemRef ref;
  int score;
};

// Every produced item of a derivation (its output, key_block parts and intermediate steps).
template <class Fn>
void for_each_produced(const Derivation& d, Fn fn) {
  for (auto& p : d.parts)
    if (p.offset + p.length <= d.output.size()) fn(ItemKind::part, p.name, ByteView(d.output.data() + p.offset, p.length));
  fn(ItemKind::output, std::string(), sim::view(d.output));
  for (auto& s : d.steps) fn(ItemKind::step, s.name, sim::view(s.value));
}

}  // namespace

std::optional<ItemRef> find_producer(const Trace& t, ByteView value, std::optional<sim::Actor> prefer) {
  if (value.size() < kMinProvenance) return std::nullopt;
  std::optional<Candidate> best;
  for (size_t e = 0; e < t.events.size(); ++e) {
    for (size_t di = 0; di < sim::derivation_count(t.events[e]); ++di) {
      const Derivation& d = sim::derivation_at(t.events[e], di);
      for_each_produced(d, [&](ItemKind kind, const std::string& name, ByteView bytes) {
        int score = 0;
        ItemRef ref{e, di, kind, name, 0, true};
        if (equal(bytes, value)) {
          score = kind == ItemKind::part ? 60 : kind == ItemKind::output ? 50 : 40;
        } else if (auto off = find_in(bytes, value)) {
          score = kind == ItemKind::step ? 20 : 25;
          ref.offset = *off;
          ref.exact = false;
        } else {
          return;
        }
        if (prefer && d.actor == *prefer) score += 5;
        if (contains(d.id, "/expected")) score -= 3;
        // Earlier derivations win ties: the value was produced there first.
        if (!best || score > best->score) best = Candidate{ref, score};
      });
    }
  }
  if (!best) return std::nullopt;
  return best->ref;
}

std::optional<Location> find_source(const Trace& t, const ItemRef& of) {
  if (of.event >= t.events.size() || of.derivation >= sim::derivation_count(t.events[of.event])) return std::nullopt;
  if (of.kind != ItemKind::input) return std::nullopt;
  const Derivation& d = derivation_of(t, of);
  const sim::NamedBytes* in = d.input(of.item);
  if (!in) return std::nullopt;
  // The input says where it came from (format version 2); a concatenation leads to its first
  // part (a seed's ClientHello.random, a transcript's first message).
  const sim::Source* s = &in->from;
  while (s->kind == sim::Source::Kind::concat && !s->parts.empty()) s = &s->parts.front();
  switch (s->kind) {
    case sim::Source::Kind::field: {
      if (!s->event || *s->event >= t.events.size()) return std::nullopt;
      auto path = sim::field_indices(t.events[*s->event].tree, s->path);
      if (!path) return std::nullopt;
      return Location{Location::Kind::field, *s->event, *path, std::nullopt};
    }
    case sim::Source::Kind::derivation: {
      // Ids repeat after a renegotiation: the latest at or before this event.
      std::optional<std::pair<size_t, size_t>> at;
      for (size_t e = 0; e < t.events.size() && (e <= of.event || !at); ++e)
        for (size_t i = 0; i < sim::derivation_count(t.events[e]); ++i)
          if (sim::derivation_at(t.events[e], i).id == s->id) at = {e, i};
      if (!at) return std::nullopt;
      ItemRef r{at->first, at->second, s->part.empty() ? ItemKind::output : ItemKind::part, s->part, 0, true};
      return Location{Location::Kind::derivation, at->first, {}, r};
    }
    case sim::Source::Kind::step: {
      ItemRef r{of.event, of.derivation, ItemKind::step, s->text, 0, true};
      return Location{Location::Kind::derivation, of.event, {}, r};
    }
    default: return std::nullopt;  // literals and local values have no place in the trace
  }
}

std::vector<Segment> output_segments(const Derivation& d) {
  std::vector<Segment> segs;
  if (d.parts.empty()) return segs;
  std::vector<Derivation::Part> parts = d.parts;
  std::sort(parts.begin(), parts.end(), [](auto& a, auto& b) { return a.offset < b.offset; });
  size_t pos = 0;
  for (auto& p : parts) {
    if (p.offset > pos) segs.push_back({"unused", pos, p.offset - pos, SegmentRole::unused});
    Segment s{p.name, p.offset, p.length, SegmentRole::other};
    bool client = contains(p.name, "client");
    bool server = contains(p.name, "server");
    bool mac = contains(p.name, "MAC") || contains(p.name, "mac");
    bool iv = contains(p.name, "IV") || contains(p.name, "iv");
    if (client || server) {
      if (mac) s.role = client ? SegmentRole::client_mac : SegmentRole::server_mac;
      else if (iv) s.role = client ? SegmentRole::client_iv : SegmentRole::server_iv;
      else if (contains(p.name, "key")) s.role = client ? SegmentRole::client_key : SegmentRole::server_key;
    }
    segs.push_back(s);
    pos = std::max(pos, p.offset + p.length);
  }
  if (pos < d.output.size()) segs.push_back({"unused", pos, d.output.size() - pos, SegmentRole::unused});
  return segs;
}

bool is_secret(const Derivation& d, ItemKind kind, std::string_view item) {
  switch (kind) {
    case ItemKind::output:
    case ItemKind::part:  // a named part of the output (a key_block's keys): as secret as the whole
      return sim::info(d.kind).secret_output;
    case ItemKind::input:
      return sim::is_secret_input(d.kind, d.actor, item);
    case ItemKind::step:
      return sim::is_secret_step(d.kind, d.actor, item);
  }
  return false;
}

Pipeline record_pipeline(const Event& e) {
  Pipeline p;
  // By the derivation's kind; a version 1 trace has none, and its ids name the stage.
  for (size_t i = 0; i < sim::derivation_count(e); ++i) {
    const Derivation& d = sim::derivation_at(e, i);
    sim::RecordStage st = sim::record_stage(d.kind);
    if (d.kind == sim::DerivationKind::unset)
      st = contains(d.id, "/record_seal") ? sim::RecordStage::seal
           : contains(d.id, "/record_open") ? sim::RecordStage::open
                                            : sim::RecordStage::none;
    if (!p.seal && st == sim::RecordStage::seal) p.seal = &d, p.seal_index = i;
    if (!p.open && st == sim::RecordStage::open) p.open = &d, p.open_index = i;
  }
  if (p.seal) {
    if (auto* c = p.seal->input("content")) p.seal_stages.push_back({"content", ItemKind::input, c->value, c->note});
    for (auto& s : p.seal->steps) p.seal_stages.push_back({s.name, ItemKind::step, s.value, s.note});
    p.seal_stages.push_back({"output", ItemKind::output, p.seal->output, {}});
  }
  if (p.open) {
    if (auto* f = p.open->input("fragment")) p.open_stages.push_back({"fragment", ItemKind::input, f->value, f->note});
    for (auto& s : p.open->steps) p.open_stages.push_back({s.name, ItemKind::step, s.value, s.note});
    p.open_stages.push_back({"output", ItemKind::output, p.open->output, {}});
    auto* got = p.open->step("mac_received");
    auto* want = p.open->step("mac_expected");
    if (!want) want = p.open->step("mac");  // the receiver's own MAC over the record
    if (got && want) p.mac_ok = got->value == want->value;
  }
  return p;
}

std::vector<LogLine> notes_of(const Trace& t) {
  ViewLists v;
  update_view_lists(v, t, {});
  return std::move(v.notes);
}

std::vector<size_t> alert_events(const Trace& t) {
  ViewLists v;
  update_view_lists(v, t, {});
  return std::move(v.alerts);
}

}  // namespace gui

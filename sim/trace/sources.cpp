#include "trace/sources.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <tuple>
#include <unordered_map>

namespace sim {

namespace {

ByteView space_of(const Event& e, const Field& f) {
  const Bytes& buf = e.buffer(f.space);
  if (size_t(f.offset) + f.length > buf.size()) return {};
  return ByteView(buf).subspan(f.offset, f.length);
}

// A vector's node covers its length prefix too (Dissector::vec): its value is the body.
ByteView content_of(const Event& e, const Field& f) {
  ByteView all = space_of(e, f);
  if (!f.children.empty() && f.children[0].name == "length" && f.children[0].offset == f.offset &&
      f.children[0].length < all.size())
    return all.subspan(f.children[0].length);
  return all;
}

// A node with its path from the root.
struct Found {
  const Field* node;
  std::string path;
};

std::string step_name(const Field& parent, size_t i) {
  const std::string& n = parent.children[i].name;
  size_t same = 0;
  for (size_t k = 0; k < i; ++k) same += parent.children[k].name == n;
  return same ? n + "[" + std::to_string(same) + "]" : n;
}

// `name`, or one of the '|'-separated names the engine allows (a field named differently by
// version: "ASN.1Cert|cert_data").
bool name_matches(const std::string& node, std::string_view names) {
  while (true) {
    size_t bar = names.find('|');
    if (names.substr(0, bar) == node) return true;
    if (bar == std::string_view::npos) return false;
    names.remove_prefix(bar + 1);
  }
}

// The steps from a node down to one of its descendants: (parent, child index) pairs.
using Trail = std::vector<std::pair<const Field*, size_t>>;

std::string path_of(const std::string& base, const Trail& trail) {
  std::string p = base;
  for (auto& [parent, i] : trail) p += "/" + step_name(*parent, i);
  return p;
}

// Every node named `name` under `f` (depth first), with paths (`base` is f's path; only a
// match's path is spelled out: most nodes are passed over).
void named(const Field& f, const std::string& base, Trail& trail, const std::string& name, std::vector<Found>* out) {
  for (size_t i = 0; i < f.children.size(); ++i) {
    trail.emplace_back(&f, i);
    if (name_matches(f.children[i].name, name)) out->push_back({&f.children[i], path_of(base, trail)});
    named(f.children[i], base, trail, name, out);
    trail.pop_back();
  }
}
void named(const Field& f, const std::string& path, const std::string& name, std::vector<Found>* out) {
  Trail trail;
  named(f, path, trail, name, out);
}

// Nodes reached from `from` by the '/'-separated names of `rel`, each found at any depth.
std::vector<Found> descend(const Found& from, const std::string& rel) {
  std::vector<Found> cur{from};
  size_t pos = 0;
  while (pos <= rel.size() && !rel.empty()) {
    size_t slash = rel.find('/', pos);
    std::string part = rel.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    std::vector<Found> next;
    for (auto& c : cur) named(*c.node, c.path, part, &next);
    cur = std::move(next);
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  return cur;
}

// Candidate nodes for (message, path) in event e: under each node named `message` (or from
// the root when it is kThisRecord).
std::vector<Found> candidates(const Event& e, const std::string& message, const std::string& path) {
  Found root{&e.tree, e.tree.name};
  if (message == kThisRecord) return descend(root, path);
  std::vector<Found> msgs, out;
  named(e.tree, root.path, message, &msgs);
  for (auto& m : msgs) {
    auto c = descend(m, path);
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

// Whether two events travel the same link (the same two endpoints, the same connection): a man
// in the middle's two connections carry look-alike messages (ServerHelloDone is four fixed bytes).
bool same_link(const Event& a, const Event& b) {
  return a.connection == b.connection &&
         ((a.from == b.from && a.to == b.to) || (a.from == b.to && a.to == b.from));
}

// Events to search for a source of an input recorded at event i: on i's link first, i and
// earlier ones nearest first (what an endpoint uses was on the wire already, or is in this
// record), then later ones; then the other links the same way (a record an attacker replaced).
std::vector<size_t> search_order(const Trace& t, size_t i, bool this_record) {
  if (this_record) return {i};
  std::vector<size_t> order;
  for (bool link : {true, false}) {
    for (size_t k = i + 1; k-- > 0;)
      if (same_link(t.events[k], t.events[i]) == link) order.push_back(k);
    for (size_t k = i + 1; k < t.events.size(); ++k)
      if (same_link(t.events[k], t.events[i]) == link) order.push_back(k);
  }
  return order;
}

// An event's place in search_order(t, at, false), as a key that sorts the same way.
std::tuple<bool, bool, size_t> rank(const Trace& t, size_t at, size_t k) {
  bool later = k > at;
  return {!same_link(t.events[k], t.events[at]), later, later ? k : at - k};
}

// Where a search found a source in one event: the node's path, a slice of it, and how many
// bytes of the value it covers.
struct Hit {
  std::string path;
  std::optional<uint32_t> offset, length;
  size_t n = 0;
};

// A field of event e whose value starts `v` (the whole of `v` when `whole`): the first candidate.
std::optional<Hit> field_in(const Event& e, const Source& s, ByteView v, bool whole) {
  for (auto& c : candidates(e, s.message, s.path)) {
    ByteView b = content_of(e, *c.node);
    if (b.size() <= v.size() && (!whole || b.size() == v.size()) && std::equal(b.begin(), b.end(), v.begin()))
      return Hit{c.path, std::nullopt, std::nullopt, b.size()};
    // The value is the end of the node (a BIT STRING's bits after its header): a slice.
    ByteView all = space_of(e, *c.node);
    if (whole && !v.empty() && v.size() < all.size() && std::equal(v.begin(), v.end(), all.end() - v.size()))
      return Hit{c.path, uint32_t(all.size() - v.size()), uint32_t(v.size()), v.size()};
  }
  return std::nullopt;
}

// One handshake message (header and body) in event e, or the start of one when `v` ends inside
// it (a ClientHello cut before its binders).
std::optional<Hit> message_in(const Event& ev, ByteView v) {
  std::optional<Hit> hit;
  Trail trail;
  std::function<void(const Field&)> walk = [&](const Field& f) {
    for (size_t i = 0; i < f.children.size() && !hit; ++i) {
      const Field& c = f.children[i];
      trail.emplace_back(&f, i);
      if (!c.children.empty() && c.children[0].name == "msg_type") {
        ByteView b = space_of(ev, c);
        size_t n = std::min(b.size(), v.size());
        if (n >= 4 && std::equal(b.begin(), b.begin() + n, v.begin()) && (n == b.size() || n == v.size()))
          hit = Hit{path_of(ev.tree.name, trail), std::nullopt, n < b.size() ? std::optional<uint32_t>(uint32_t(n)) : std::nullopt, n};
      } else {
        walk(c);
      }
      trail.pop_back();
    }
  };
  walk(ev.tree);
  return hit;
}

// The search of one value: the first event, in search_order, where `match` finds it. Without a
// resolver, every event is tried; with one, what it found before (or the events it already
// found nothing in) is reused.
using Match = std::function<std::optional<Hit>(const Event&)>;

}  // namespace

// Each search a resolver made (by kind, event, names and value): the best hit so far, in
// search_order, among the events it looked at. Events appended later are looked at when the
// search is made again; so are changed ones (a changed hit is searched for afresh).
struct SourceResolver::Searches {
  struct Memo {
    size_t scanned = 0;  // events 0..scanned-1 looked at
    std::optional<std::pair<size_t, Hit>> hit;
    uint64_t round = 0;
  };
  std::unordered_map<std::string, Memo> memos;
  std::vector<size_t> changed;  // events changed since the last round (below the last round's count)
  uint64_t round = 0;

  std::optional<std::pair<size_t, Hit>> find(const Trace& t, size_t at, bool this_record, const std::string& key,
                                             const Match& match) {
    Memo& m = memos[key];
    if (m.round == round) return m.hit;
    m.round = round;
    if (m.hit && std::binary_search(changed.begin(), changed.end(), m.hit->first)) m = Memo{0, std::nullopt, round};
    if (m.scanned == 0) {  // a new search: the first hit in search order is the best of all
      for (size_t e : search_order(t, at, this_record))
        if (auto h = match(t.events[e])) {
          m.hit = std::pair{e, std::move(*h)};
          break;
        }
      m.scanned = t.events.size();
      return m.hit;
    }
    auto look = [&](size_t k) {
      auto h = match(t.events[k]);
      if (h && (!m.hit || rank(t, at, k) < rank(t, at, m.hit->first))) m.hit = std::pair{k, std::move(*h)};
    };
    if (this_record) {
      if (at >= m.scanned || std::binary_search(changed.begin(), changed.end(), at)) look(at);
    } else {
      for (size_t k : changed)
        if (k < m.scanned) look(k);
      for (size_t k = m.scanned; k < t.events.size(); ++k) look(k);
    }
    m.scanned = t.events.size();
    return m.hit;
  }
};

namespace {

struct Locator {
  const Trace& t;
  size_t at;
  SourceResolver::Searches* memo = nullptr;  // null: search from scratch

  std::optional<std::pair<size_t, Hit>> find(bool this_record, const std::string& key, const Match& match) {
    if (memo) return memo->find(t, at, this_record, key, match);
    for (size_t e : search_order(t, at, this_record))
      if (auto h = match(t.events[e])) return std::pair{e, std::move(*h)};
    return std::nullopt;
  }

  // Locates a field whose value starts `v` (the whole of `v` when `whole`); returns its length.
  std::optional<size_t> field(Source& s, ByteView v, bool whole) {
    std::string key;
    if (memo) key = search_key('f', at, s.message, s.path, v, whole);
    auto found = find(s.message == kThisRecord, key, [&](const Event& e) { return field_in(e, s, v, whole); });
    if (!found) return std::nullopt;
    s.event = uint32_t(found->first);
    s.path = std::move(found->second.path);
    s.message.clear();  // the path now says where
    if (found->second.offset) {
      s.offset = found->second.offset;
      s.length = found->second.length;
    }
    return found->second.n;
  }

  std::optional<Source> message(ByteView v) {
    std::string key;
    if (memo) key = search_key('m', at, "", "", v, false);
    auto found = find(false, key, [&](const Event& e) { return message_in(e, v); });
    if (!found) return std::nullopt;
    Source s;
    s.kind = Source::Kind::field;
    s.event = uint32_t(found->first);
    s.path = std::move(found->second.path);
    s.length = found->second.length;
    return s;
  }

  static std::string search_key(char kind, size_t at, const std::string& message, const std::string& path, ByteView v,
                                bool whole) {
    std::string key;
    key.reserve(24 + message.size() + path.size() + v.size());
    key += kind;
    key += whole ? '1' : '0';
    key += std::to_string(at);
    key += '\0';
    key += message;
    key += '\0';
    key += path;
    key += '\0';
    key.append(reinterpret_cast<const char*>(v.data()), v.size());
    return key;
  }

  std::optional<Source> synthetic(ByteView v) {
    for (size_t e = 0; e < t.events.size(); ++e)
      for (const Derivation& d : all_derivations(t.events[e]))
        if (d.kind == DerivationKind::tls13_message_hash && std::equal(d.output.begin(), d.output.end(), v.begin(), v.end()))
          return Source::of(d.id);
    return std::nullopt;
  }

  std::optional<Source> transcript(ByteView v) {
    Source out = Source::concat({});
    size_t pos = 0;
    while (pos < v.size()) {
      if (v.size() - pos < 4) return std::nullopt;
      size_t len = size_t(v[pos + 1]) << 16 | size_t(v[pos + 2]) << 8 | v[pos + 3];
      size_t n = std::min(4 + len, v.size() - pos);
      // message_hash (RFC 8446 4.4.1) is never sent: it stands for ClientHello1 after a
      // HelloRetryRequest, and is the output of the message_hash derivation.
      auto m = v[pos] == 254 ? synthetic(v.subspan(pos, n)) : message(v.subspan(pos, n));
      if (!m) return std::nullopt;
      out.parts.push_back(std::move(*m));
      pos += n;
    }
    return out;
  }

  // Resolves s against the value v from offset *pos; advances *pos past what it covers.
  bool resolve(Source& s, ByteView v, size_t* pos, bool last) {
    ByteView rest = v.subspan(*pos);
    switch (s.kind) {
      case Source::Kind::field: {
        if (s.event) {  // located already: only advance
          auto b = field_bytes(t, *s.event, s.path, s.offset, s.length);
          if (!b) return false;
          *pos += b->size();
          return true;
        }
        auto n = field(s, rest, last);
        if (!n) return false;
        *pos += *n;
        return true;
      }
      case Source::Kind::transcript: {
        auto c = transcript(rest);
        if (!c) return false;
        s = std::move(*c);
        *pos = v.size();
        return true;
      }
      case Source::Kind::concat:
        for (size_t k = 0; k < s.parts.size(); ++k)
          if (!resolve(s.parts[k], v, pos, last && k + 1 == s.parts.size())) return false;
        return true;
      default:
        // Derivations, literals, local values and steps are named by the engine, not located.
        return true;
    }
  }
};

}  // namespace

std::optional<std::vector<int>> field_indices(const Field& root, const std::string& path) {
  // The first name is the root's own.
  size_t slash = path.find('/');
  if (path.substr(0, slash) != root.name) return std::nullopt;
  std::vector<int> out;
  const Field* cur = &root;
  while (slash != std::string::npos) {
    size_t next = path.find('/', slash + 1);
    std::string part = path.substr(slash + 1, next == std::string::npos ? std::string::npos : next - slash - 1);
    size_t index = 0;
    if (size_t b = part.find('['); b != std::string::npos && part.back() == ']') {
      auto digits = part.substr(b + 1, part.size() - b - 2);
      if (digits.empty() || digits.size() > 6 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return std::nullopt;
      index = std::stoul(digits);
      part = part.substr(0, b);
    }
    const Field* found = nullptr;
    for (size_t i = 0; i < cur->children.size(); ++i)
      if (cur->children[i].name == part && index-- == 0) {
        found = &cur->children[i];
        out.push_back(int(i));
        break;
      }
    if (!found) return std::nullopt;
    cur = found;
    slash = next;
  }
  return out;
}

std::optional<std::string> field_path(const Field& root, const std::vector<int>& indices) {
  std::string out = root.name;
  const Field* cur = &root;
  for (int i : indices) {
    if (i < 0 || size_t(i) >= cur->children.size()) return std::nullopt;
    out += "/" + step_name(*cur, size_t(i));
    cur = &cur->children[size_t(i)];
  }
  return out;
}

const Field* field_at(const Field& root, const std::string& path) {
  auto idx = field_indices(root, path);
  if (!idx) return nullptr;
  const Field* cur = &root;
  for (int i : *idx) cur = &cur->children[size_t(i)];
  return cur;
}

std::optional<ByteView> field_bytes(const Trace& t, uint32_t event, const std::string& path, std::optional<uint32_t> offset,
                                    std::optional<uint32_t> length) {
  if (event >= t.events.size()) return std::nullopt;
  const Event& e = t.events[event];
  const Field* f = field_at(e.tree, path);
  if (!f) return std::nullopt;
  if (!offset && !length) return content_of(e, *f);
  ByteView b = space_of(e, *f);
  size_t off = offset.value_or(0), len = length.value_or(b.size() - std::min<size_t>(off, b.size()));
  if (off + len > b.size()) return std::nullopt;
  return b.subspan(off, len);
}

void resolve_sources(Trace& t) {
  for (size_t i = 0; i < t.events.size(); ++i) {
    Locator loc{t, i};
    auto fix = [&](std::vector<Derivation>& list) {
      for (auto& d : list)
        for (auto& in : d.inputs) {
          if (in.from.resolved() || in.from.kind == Source::Kind::none) continue;
          Source s = in.from;
          size_t pos = 0;
          if (loc.resolve(s, in.value, &pos, true) && pos == in.value.size()) in.from = std::move(s);
        }
    };
    fix(t.events[i].derivations);
    fix(t.events[i].receiver_derivations);
  }
}

SourceResolver::SourceResolver() : searches_(std::make_unique<Searches>()) {}
SourceResolver::~SourceResolver() = default;
SourceResolver::SourceResolver(SourceResolver&&) noexcept = default;
SourceResolver& SourceResolver::operator=(SourceResolver&&) noexcept = default;

void SourceResolver::changed(size_t i) { searches_->changed.push_back(i); }

void SourceResolver::update(Trace& t) {
  if (from_scratch) return resolve_sources(t);
  // Events and derivations are only ever appended; anything else is not the trace followed so
  // far: start over.
  bool shrunk = t.events.size() < queued_.size();
  for (size_t e = 0; e < queued_.size() && !shrunk; ++e)
    shrunk = t.events[e].derivations.size() < queued_[e][0] || t.events[e].receiver_derivations.size() < queued_[e][1];
  if (shrunk) *this = SourceResolver();
  Searches& s = *searches_;
  ++s.round;
  std::sort(s.changed.begin(), s.changed.end());
  s.changed.erase(std::unique(s.changed.begin(), s.changed.end()), s.changed.end());

  // Queue the inputs of derivations added since the last round.
  queued_.resize(t.events.size(), {0, 0});
  for (size_t e = 0; e < t.events.size(); ++e)
    for (bool receiver : {false, true}) {
      auto& list = receiver ? t.events[e].receiver_derivations : t.events[e].derivations;
      size_t& done = queued_[e][receiver];
      for (; done < list.size(); ++done)
        for (size_t k = 0; k < list[done].inputs.size(); ++k) {
          const Source& from = list[done].inputs[k].from;
          if (!from.resolved() && from.kind != Source::Kind::none) pending_.push_back({uint32_t(e), uint32_t(done), uint32_t(k), receiver});
        }
    }

  std::vector<Input> still;
  for (const Input& p : pending_) {
    Event& ev = t.events[p.event];
    NamedBytes& in = (p.receiver ? ev.receiver_derivations : ev.derivations)[p.derivation].inputs[p.input];
    if (in.from.resolved()) continue;
    Locator loc{t, p.event, &s};
    Source src = in.from;
    size_t pos = 0;
    if (loc.resolve(src, in.value, &pos, true) && pos == in.value.size()) in.from = std::move(src);
    else still.push_back(p);
  }
  pending_ = std::move(still);
  // A search not made this round belonged to sources now located (or whose earlier parts now
  // point elsewhere): no one asks for it again.
  std::erase_if(s.memos, [&](const auto& kv) { return kv.second.round != s.round; });
  s.changed.clear();
}

void renumber_sources(Trace& t, const std::vector<std::optional<uint32_t>>& index) {
  auto fix = [&](Source& s) {
    if (s.kind == Source::Kind::field && s.event) s.event = *s.event < index.size() ? index[*s.event] : std::nullopt;
  };
  for (auto& e : t.events)
    for (auto* list : {&e.derivations, &e.receiver_derivations})
      for (auto& d : *list)
        for (auto& in : d.inputs) in.from.visit(fix);
}

std::optional<Bytes> source_value(const Trace& t, const Derivation& owner, const Source& s) {
  switch (s.kind) {
    case Source::Kind::derivation:
      for (auto& e : t.events)
        for (const Derivation& d : all_derivations(e)) {
          if (d.id != s.id) continue;
          if (s.part.empty()) return d.output;
          for (auto& p : d.parts)
            if (p.name == s.part && p.offset + p.length <= d.output.size())
              return Bytes(d.output.begin() + p.offset, d.output.begin() + p.offset + p.length);
        }
      return std::nullopt;
    case Source::Kind::field: {
      if (!s.event) return std::nullopt;
      auto b = field_bytes(t, *s.event, s.path, s.offset, s.length);
      if (!b) return std::nullopt;
      return Bytes(b->begin(), b->end());
    }
    case Source::Kind::concat: {
      Bytes out;
      for (auto& p : s.parts) {
        auto v = source_value(t, owner, p);
        if (!v) return std::nullopt;
        append(out, *v);
      }
      return out;
    }
    case Source::Kind::step:
      if (auto* st = owner.step(s.text)) return st->value;
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace sim

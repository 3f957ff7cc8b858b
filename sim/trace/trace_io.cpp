#include "trace/trace_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"
#include "core/json_syntax.hpp"
#include "trace/json_dom.hpp"
#include "trace/json_read.hpp"

namespace sim {

using nlohmann::json;
using JV = JsonValue;

namespace {

// Deepest field tree accepted; real dissections are about 10 levels deep. The limit keeps a
// hostile file from exhausting the stack in the recursive reader or exporter.
constexpr int kMaxTreeDepth = 128;
// Deepest JSON nesting accepted at all, checked before parsing (the JSON library's dump and
// our exporter recurse).
constexpr int kMaxJsonDepth = 512;

// Internal only: thrown inside this file and turned into a Failure at the boundary.
struct ImportError {
  std::string path;
  std::string message;
};

// Where a value is in the document ("events[3].tree.children[0].name"), for error messages: a
// chain of parts on the stack, each pointing to its parent, spelled out only when an error is
// reported. (A big trace has millions of values and, almost always, no error: building each
// path as a string took a good part of the import.) A Path must not outlive its parent.
class Path {
 public:
  // The top level (""), or a member of it ("events").
  Path(const char* key = "") : key_(key) {}
  Path(const Path& parent, std::string_view key) : parent_(&parent), key_(key) {}
  Path(const Path& parent, size_t index) : parent_(&parent), index_(index), is_index_(true) {}

  std::string text() const {
    if (!parent_) return std::string(key_);
    std::string s = parent_->text();
    if (is_index_) return s + "[" + std::to_string(index_) + "]";
    return s.empty() ? std::string(key_) : s + "." + std::string(key_);
  }

 private:
  const Path* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;
  bool is_index_ = false;
};

[[noreturn]] void bad(const std::string& path, std::string message) {
  throw ImportError{path.empty() ? "(top level)" : path, std::move(message)};
}
[[noreturn]] void bad(const Path& path, std::string message) { bad(path.text(), std::move(message)); }
[[noreturn]] void bad(const char* path, std::string message) { bad(std::string(path), std::move(message)); }

// Error paths only: the value as nlohmann holds it, named by the one json_type_name.
std::string kind_of(const JV& j) { return json_type_name(j.to_json()); }

[[noreturn]] void expected(const Path& path, const char* what, const JV& found) {
  bad(path, std::string("expected ") + what + ", found " + kind_of(found));
}

Path key_path(const Path& path, std::string_view key) { return Path(path, key); }
Path index_path(const Path& path, size_t i) { return Path(path, i); }

const JV& object_at(const JV& j, const Path& path) {
  if (!j.is_object()) expected(path, "an object", j);
  return j;
}
const JV& array_at(const JV& j, const Path& path) {
  if (!j.is_array()) expected(path, "an array", j);
  return j;
}

// A member that must be present; `obj` is known to be an object.
const JV& member(const JV& obj, const Path& path, const char* key) {
  auto it = obj.find(key);
  if (!it) bad(key_path(path, key), "missing (the file may be truncated or from another program)");
  return *it;
}

std::string_view str_ref(const JV& j, const Path& path) {
  if (!j.is_string()) expected(path, "a string", j);
  return j.s;
}
std::string str(const JV& j, const Path& path) { return std::string(str_ref(j, path)); }
std::string str(const JV& obj, const Path& path, const char* key) {
  return str(member(obj, path, key), key_path(path, key));
}

uint64_t uint(const JV& j, const Path& path, uint64_t max) {
  if (!j.is_number()) expected(path, "a number", j);
  if (j.is_number_float()) bad(path, "expected a whole number, found a fractional one");
  if (j.is_number_integer() && !j.is_number_unsigned() && j.i < 0) bad(path, "expected a non-negative number, found " + j.to_json().dump());
  uint64_t v = j.u;
  if (v > max) bad(path, "out of range: " + std::to_string(v) + " (at most " + std::to_string(max) + ")");
  return v;
}
uint64_t uint(const JV& obj, const Path& path, const char* key, uint64_t max) {
  return uint(member(obj, path, key), key_path(path, key), max);
}

bool boolean(const JV& obj, const Path& path, const char* key) {
  const JV& j = member(obj, path, key);
  if (!j.is_boolean()) expected(key_path(path, key), "true or false", j);
  return j.b;
}

Bytes hex(const JV& j, const Path& path) {
  auto b = from_hex(str_ref(j, path));
  if (!b) bad(path, "bad hex: expected an even number of hex digits (0-9, a-f)");
  return std::move(*b);
}
Bytes hex(const JV& obj, const Path& path, const char* key) { return hex(member(obj, path, key), key_path(path, key)); }

std::vector<std::string> strings(const JV& j, const Path& path) {
  array_at(j, path);
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) out.push_back(str(j[i], index_path(path, i)));
  return out;
}

// A catalog message (as the trace writer writes it); nested messages at most 8 deep.
Message message(const JV& j, const Path& path, int depth = 0) {
  object_at(j, path);
  if (depth > 8) bad(path, "message nested deeper than 8 levels");
  Message m{str(j, path, "key"), {}};
  if (auto it = j.find("params"); it) {
    const Path pp = key_path(path, "params");
    object_at(*it, pp);
    for (const JV& v : it->items()) {
      const std::string name(v.key);
      const Path vp = key_path(pp, name);
      if (v.is_string()) m.arg(name, std::string(v.s));
      else if (v.is_object()) m.arg(name, message(v, vp, depth + 1));
      else expected(vp, "a string or a message object", v);
    }
  }
  return m;
}

// Inverse of a name_of()-style function over the values of an enum's underlying type that have
// a name, built once. The others print as "unknown (0x..)" (enums.cpp), read back in by_name:
// a table of all 65,536 of them was 14 MB of every import's memory.
template <class T, class NameFn>
const std::unordered_map<std::string, T>& reverse_names(NameFn fn, unsigned count) {
  static std::unordered_map<std::string, T> map;
  static std::once_flag once;
  std::call_once(once, [&] {
    for (unsigned v = 0; v < count; ++v)
      if (std::string n(fn(T(v))); !n.starts_with("unknown (")) map.emplace(std::move(n), T(v));
  });
  return map;
}

template <class T, class NameFn>
T by_name(const JV& obj, const Path& path, const char* key, NameFn fn, unsigned count, const char* what) {
  std::string n = str(obj, path, key);
  const auto& map = reverse_names<T>(fn, count);
  if (auto it = map.find(n); it != map.end()) return it->second;
  // "unknown (0x..)": the value whose name is exactly this.
  constexpr std::string_view prefix = "unknown (0x";
  if (n.starts_with(prefix) && n.ends_with(')')) {
    unsigned v = 0;
    const char* end = n.data() + n.size() - 1;
    auto [at, ec] = std::from_chars(n.data() + prefix.size(), end, v, 16);
    if (ec == std::errc() && at == end && v < count && fn(T(v)) == n) return T(v);
  }
  bad(key_path(path, key), std::string("unknown ") + what + " '" + n + "'");
}

Actor actor(const JV& obj, const Path& path, const char* key) {
  std::string n = str(obj, path, key);
  if (auto a = actor_named(n)) return *a;
  bad(key_path(path, key), "unknown actor '" + n + "' (expected client, server, attacker, ca or ocsp_responder)");
}

Field field(const JV& j, const Path& path, const Event& e, int depth) {
  if (depth > kMaxTreeDepth) bad(path, "field tree nested deeper than " + std::to_string(kMaxTreeDepth) + " levels");
  object_at(j, path);
  Field f;
  f.name = str(j, path, "name");
  f.value = str(j, path, "value");
  if (j.contains("value_message")) f.text = message(*j.find("value_message"), key_path(path, "value_message"));
  f.offset = uint32_t(uint(j, path, "offset", std::numeric_limits<uint32_t>::max()));
  f.length = uint32_t(uint(j, path, "length", std::numeric_limits<uint32_t>::max()));
  std::string space = str(j, path, "space");
  if (space == "wire") f.space = ByteSpace::wire;
  else if (space == "plaintext") f.space = ByteSpace::plaintext;
  else if (space == "reassembled") f.space = ByteSpace::reassembled;
  else bad(key_path(path, "space"), "unknown byte space '" + space + "' (expected wire, plaintext or reassembled)");
  size_t limit = e.buffer(f.space).size();
  if (uint64_t(f.offset) + f.length > limit)
    bad(key_path(path, "offset"), "field range " + std::to_string(f.offset) + "+" + std::to_string(f.length) +
                                      " lies beyond the event's " + std::to_string(limit) + "-byte " +
                                      (f.space == ByteSpace::wire ? "wire buffer (bytes)" : std::string(name_of(f.space)) + " buffer"));
  if (auto it = j.find("children"); it) {
    const Path cp = key_path(path, "children");
    array_at(*it, cp);
    for (size_t i = 0; i < it->size(); ++i)
      f.children.push_back(field((*it)[i], index_path(cp, i), e, depth + 1));
  }
  return f;
}

Source source(const JV& j, const Path& path, int depth = 0) {
  object_at(j, path);
  if (depth > 8) bad(path, "sources nested too deeply");
  if (j.contains("derivation")) {
    Source s = Source::of(str(j, path, "derivation"));
    if (j.contains("part")) s.part = str(j, path, "part");
    return s;
  }
  if (j.contains("field")) {
    Source s;
    s.kind = Source::Kind::field;
    s.path = str(j, path, "field");
    if (j.contains("offset")) s.offset = uint32_t(uint(j, path, "offset", std::numeric_limits<uint32_t>::max()));
    if (j.contains("length")) s.length = uint32_t(uint(j, path, "length", std::numeric_limits<uint32_t>::max()));
    if (j.contains("event")) s.event = uint32_t(uint(j, path, "event", std::numeric_limits<uint32_t>::max()));
    else s.message = str(j, path, "message");  // named by the engine, not located
    return s;
  }
  if (j.contains("concat")) {
    const Path cp = key_path(path, "concat");
    const JV& a = array_at(*j.find("concat"), cp);
    Source s = Source::concat({});
    for (size_t i = 0; i < a.size(); ++i) s.parts.push_back(source(a[i], index_path(cp, i), depth + 1));
    return s;
  }
  if (j.contains("literal")) return Source::literal(str(j, path, "literal"));
  if (j.contains("local")) return Source::local(str(j, path, "local"));
  if (j.contains("transcript")) return Source::transcript();
  if (j.contains("step")) return Source::step_of(str(j, path, "step"));
  bad(path, "a source names a derivation, a field, a concat, a literal or a local value");
}

std::vector<NamedBytes> named_list(const JV& obj, const Path& path, const char* key) {
  const Path p = key_path(path, key);
  const JV& a = array_at(member(obj, path, key), p);
  std::vector<NamedBytes> out;
  for (size_t i = 0; i < a.size(); ++i) {
    const Path ip = index_path(p, i);
    object_at(a[i], ip);
    NamedBytes n;
    n.name = str(a[i], ip, "name");
    n.value = hex(a[i], ip, "hex");
    // The note as a message; a trace older than the catalog has only its English (which is
    // checked to be text either way).
    if (a[i].contains("source")) n.note = Message::untranslated(str(a[i], ip, "source"));
    if (auto it = a[i].find("source_message"); it) n.note = message(*it, key_path(ip, "source_message"));
    if (a[i].contains("text")) {
      // A text value: the text is what counts, the hex (kept for older readers) must agree.
      std::string t = str(a[i], ip, "text");
      if (n.value != to_bytes(t)) bad(key_path(ip, "text"), "text and hex disagree");
      n.is_text = true;
    }
    if (const JV* from = a[i].find("from"); from && !from->is_null()) n.from = source(*from, key_path(ip, "from"));
    out.push_back(std::move(n));
  }
  return out;
}

Derivation derivation(const JV& j, const Path& path) {
  object_at(j, path);
  Derivation d;
  d.id = str(j, path, "id");
  if (j.contains("kind")) {
    std::string k = str(j, path, "kind");
    auto kind = derivation_kind_named(k);
    if (!kind) bad(key_path(path, "kind"), "unknown derivation kind '" + k + "'");
    d.kind = *kind;
  }
  d.actor = actor(j, path, "actor");
  d.name = str(j, path, "name");
  d.formula = str(j, path, "formula");
  if (auto it = j.find("name_message"); it) d.title = message(*it, key_path(path, "name_message"));
  if (auto it = j.find("formula_message"); it) d.text = message(*it, key_path(path, "formula_message"));
  d.spec = str(j, path, "spec");
  d.inputs = named_list(j, path, "inputs");
  d.steps = named_list(j, path, "steps");
  d.output = hex(j, path, "output");
  if (auto it = j.find("parts"); it) {
    const Path pp = key_path(path, "parts");
    array_at(*it, pp);
    for (size_t i = 0; i < it->size(); ++i) {
      const Path ip = index_path(pp, i);
      const JV& pj = object_at((*it)[i], ip);
      Derivation::Part part;
      part.name = str(pj, ip, "name");
      part.offset = size_t(uint(pj, ip, "offset", d.output.size()));
      part.length = size_t(uint(pj, ip, "length", d.output.size() - part.offset));
      Bytes h = hex(pj, ip, "hex");
      if (!std::equal(h.begin(), h.end(), d.output.begin() + long(part.offset), d.output.begin() + long(part.offset + part.length)) ||
          h.size() != part.length)
        bad(key_path(ip, "hex"), "does not match output[" + std::to_string(part.offset) + ".." +
                                     std::to_string(part.offset + part.length) + "]");
      d.parts.push_back(std::move(part));
    }
  }
  return d;
}

Event event(const JV& j, const Path& path) {
  object_at(j, path);
  Event e;
  e.step = uint32_t(uint(j, path, "step", std::numeric_limits<uint32_t>::max()));
  e.from = actor(j, path, "from");
  e.to = actor(j, path, "to");
  // The content type's name; "" (older traces) or null when the event has no record.
  if (const JV& l = member(j, path, "layer"); !l.is_null()) {
    std::string name = str(l, key_path(path, "layer"));
    e.layer = layer_named(name);
    if (!e.layer && !name.empty()) bad(key_path(path, "layer"), "unknown content type '" + name + "'");
  }
  e.name = str(j, path, "name");
  // An object with fixed names, or the English text older traces stored.
  ProtectionError why;
  auto prot = protection_from_json(member(j, path, "protection").to_json(), &why);
  if (!prot) {
    const Path at = key_path(path, "protection");
    bad(why.member.empty() ? at : key_path(at, why.member.c_str()), why.message);
  }
  e.protection = *prot;
  e.bytes = hex(j, path, "bytes");
  e.plaintext = hex(j, path, "plaintext");
  if (j.contains("reassembled")) e.reassembled = hex(j, path, "reassembled");
  e.tree = field(member(j, path, "tree"), key_path(path, "tree"), e, 0);
  // Notes as catalog messages when the file has them; older files hold only the English text,
  // which stays untranslated.
  std::vector<std::string> notes = strings(member(j, path, "notes"), key_path(path, "notes"));
  if (auto it = j.find("note_messages"); it) {
    const Path np = key_path(path, "note_messages");
    array_at(*it, np);
    if (it->size() != notes.size())
      bad(np, std::to_string(it->size()) + " messages for " + std::to_string(notes.size()) + " notes");
    for (size_t i = 0; i < it->size(); ++i) e.notes.push_back(message((*it)[i], index_path(np, i)));
  } else {
    for (auto& n : notes) e.notes.push_back(Message::untranslated(n));
  }
  if (j.contains("connection")) e.connection = int(uint(j, path, "connection", 1000));
  if (j.contains("http")) e.http = boolean(j, path, "http");
  // Optional: traces written before states were recorded load without them.
  if (auto it = j.find("states"); it) {
    const Path sp = key_path(path, "states");
    const JV& sj = object_at(*it, sp);
    auto change = [&](const char* side) -> std::optional<StateChange> {
      auto c = sj.find(side);
      if (!c) return std::nullopt;
      const Path cp = key_path(sp, side);
      const JV& cj = object_at(*c, cp);
      StateChange out;
      for (auto [key, slot] : {std::pair{"before", &out.before}, std::pair{"after", &out.after}}) {
        std::string n = str(cj, cp, key);
        auto s = hs_state_from_name(n);
        if (!s) bad(key_path(cp, key), "unknown handshake state '" + n + "'");
        *slot = *s;
      }
      return out;
    };
    e.states.sender = change("sender");
    e.states.receiver = change("receiver");
  }
  const Path dp = key_path(path, "derivations");
  const JV& ds = array_at(member(j, path, "derivations"), dp);
  for (size_t i = 0; i < ds.size(); ++i) e.derivations.push_back(derivation(ds[i], index_path(dp, i)));
  if (auto it = j.find("receiver_derivations"); it) {
    const Path rp = key_path(path, "receiver_derivations");
    array_at(*it, rp);
    for (size_t i = 0; i < it->size(); ++i) e.receiver_derivations.push_back(derivation((*it)[i], index_path(rp, i)));
  } else {
    // Written before the two lists were kept apart: the receiver's derivations are the ones
    // made by the side the record went to.
    auto mine = std::stable_partition(e.derivations.begin(), e.derivations.end(),
                                      [&](const Derivation& d) { return d.actor != e.to; });
    e.receiver_derivations.assign(std::make_move_iterator(mine), std::make_move_iterator(e.derivations.end()));
    e.derivations.erase(mine, e.derivations.end());
  }
  if (j.contains("delivered_step"))
    e.delivered = uint32_t(uint(j, path, "delivered_step", std::numeric_limits<uint32_t>::max()));
  if (auto it = j.find("attack"); it) {
    const Path ap = key_path(path, "attack");
    const JV& a = object_at(*it, ap);
    AttackAction act;
    std::string kind = str(a, ap, "action");
    auto k = attack_kind_named(kind);
    if (!k) bad(key_path(ap, "action"), "unknown attacker action '" + kind + "'");
    act.kind = *k;
    act.before = hex(a, ap, "before");
    act.reason_key = str(a, ap, "reason_key");
    act.reason = str(a, ap, "reason");
    if (auto l = a.find("label"); l) act.label = message(*l, key_path(ap, "label"));
    e.attack = std::move(act);
  }
  if (auto it = j.find("alert"); it) {
    const Path ap = key_path(path, "alert");
    const JV& a = object_at(*it, ap);
    AlertInfo info;
    info.level = by_name<AlertLevel>(a, ap, "level", [](AlertLevel l) { return name_of(l); }, 256, "alert level");
    // The numeric code is authoritative; the name and meaning are derived from it on export.
    info.description = AlertDescription(uint(a, ap, "code", 255));
    str(a, ap, "description");
    str(a, ap, "meaning");
    std::string reason = str(a, ap, "reason");
    auto rm = a.find("reason_message");
    info.reason = rm ? message(*rm, key_path(ap, "reason_message")) : Message::untranslated(reason);
    e.alert = std::move(info);
  }
  return e;
}

// The run's scripted attack (absent in traces without one, and before attacks existed).
AttackReport attack_report(const JV& j, const Path& path, size_t events) {
  object_at(j, path);
  AttackReport a;
  a.name = str(j, path, "name");
  if (j.contains("variant")) a.variant = str(j, path, "variant");
  a.defenses_on = strings(member(j, path, "defenses_on"), key_path(path, "defenses_on"));
  const JV& ok = member(j, path, "succeeded");
  if (!ok.is_null()) a.succeeded = boolean(j, path, "succeeded");
  a.summary = message(member(j, path, "summary"), key_path(path, "summary"));
  auto event_index = [&](const JV& o, const Path& p) -> std::optional<uint32_t> {
    if (!o.contains("event")) return std::nullopt;
    uint64_t n = uint(o, p, "event", std::numeric_limits<uint32_t>::max());
    if (n >= events) bad(key_path(p, "event"), "event " + std::to_string(n) + " is beyond the trace's " + std::to_string(events) + " events");
    return uint32_t(n);
  };
  const Path evidence = key_path(path, "evidence");
  const JV& ev = array_at(member(j, path, "evidence"), evidence);
  for (size_t i = 0; i < ev.size(); ++i) {
    const Path ep = index_path(evidence, i);
    object_at(ev[i], ep);
    AttackEvidence x;
    x.name = str(ev[i], ep, "name");
    x.label = message(member(ev[i], ep, "label"), key_path(ep, "label"));
    if (ev[i].contains("text")) {
      std::string text = str(ev[i], ep, "text");
      x.value.assign(text.begin(), text.end());
      x.is_text = true;
    } else {
      x.value = hex(ev[i], ep, "hex");
    }
    x.event = event_index(ev[i], ep);
    a.evidence.push_back(std::move(x));
  }
  if (auto it = j.find("stopped_by"); it) {
    const Path sp = key_path(path, "stopped_by");
    object_at(*it, sp);
    a.stopped_by_alert = AlertDescription(uint(*it, sp, "code", 255));
    if (it->contains("sender")) a.stopped_by = actor(*it, sp, "sender");
    a.stopped_at_event = event_index(*it, sp);
  }
  if (auto it = j.find("work"); it) {
    const Path wp = key_path(path, "work");
    object_at(*it, wp);
    a.work = uint(*it, wp, "count", std::numeric_limits<uint64_t>::max());
    a.work_unit = str(*it, wp, "unit");
    a.cancelled = boolean(*it, wp, "cancelled");
    const JV& secs = member(*it, wp, "seconds");
    if (!secs.is_number() || secs.number() < 0) expected(key_path(wp, "seconds"), "a non-negative number", secs);
    a.seconds = secs.number();
    const Path qp = key_path(wp, "queries");
    const JV& q = array_at(member(*it, wp, "queries"), qp);
    for (size_t i = 0; i < q.size(); ++i) {
      const Path ip = index_path(qp, i);
      object_at(q[i], ip);
      a.queries.push_back({hex(q[i], ip, "to_server"), hex(q[i], ip, "to_client")});
    }
  }
  return a;
}

// How the run's later connections came about (absent with one connection, and before it existed).
std::vector<ConnectionStart> connection_starts(const JV& j, const Path& path) {
  std::vector<ConnectionStart> out;
  const JV& a = array_at(j, path);
  int last = 1;
  for (size_t i = 0; i < a.size(); ++i) {
    const Path p = index_path(path, i);
    object_at(a[i], p);
    ConnectionStart c;
    c.connection = int(uint(a[i], p, "connection", 1000000));
    if (c.connection <= last) bad(key_path(p, "connection"), "connection " + std::to_string(c.connection) + " does not follow connection " + std::to_string(last));
    last = c.connection;
    std::string kind = str(a[i], p, "kind");
    if (kind == "fallback") c.kind = ConnectionStart::Kind::fallback;
    else if (kind == "attacker") c.kind = ConnectionStart::Kind::attacker;
    else if (kind == "redirect") c.kind = ConnectionStart::Kind::redirect;
    else if (kind == "request") c.kind = ConnectionStart::Kind::request;
    else if (kind != "resumption")
      bad(key_path(p, "kind"), "unknown connection kind '" + kind + "' (expected resumption, fallback, attacker, redirect or request)");
    c.max_version = by_name<uint16_t>(a[i], p, "max_version", [](uint16_t v) { return version_name(v); }, 65536, "protocol version");
    out.push_back(c);
  }
  return out;
}

Negotiated negotiated(const JV& j, const Path& path) {
  object_at(j, path);
  Negotiated n;
  n.version = by_name<uint16_t>(j, path, "version", [](uint16_t v) { return version_name(v); }, 65536, "protocol version");
  // The id is authoritative; the name is derived from it on export.
  n.cipher_suite = uint16_t(uint(j, path, "cipher_suite_id", 0xffff));
  str(j, path, "cipher_suite");
  if (!member(j, path, "group").is_null())
    n.group = by_name<NamedGroup>(j, path, "group", [](NamedGroup g) { return name_of(g); }, 65536, "group");
  if (!member(j, path, "signature_scheme").is_null())
    n.signature_scheme = by_name<SignatureScheme>(j, path, "signature_scheme",
                                                  [](SignatureScheme s) { return name_of(s); }, 65536, "signature scheme");
  n.extended_master_secret = boolean(j, path, "extended_master_secret");
  n.secure_renegotiation = boolean(j, path, "secure_renegotiation");
  n.server_name = str(j, path, "server_name");
  // Later additions to version 1: optional, with the defaults of files written before them.
  if (j.contains("compression")) {
    std::string c = str(j, path, "compression");
    if (c == "null") n.compression_method = 0;
    else if (c == "DEFLATE") n.compression_method = 1;
    else bad(key_path(path, "compression"), "unknown compression method '" + c + "' (expected null or DEFLATE)");
  }
  if (j.contains("client_authenticated")) n.client_authenticated = boolean(j, path, "client_authenticated");
  if (j.contains("key_exchange_mode")) n.key_exchange_mode = str(j, path, "key_exchange_mode");
  if (j.contains("hello_retry_request")) n.hello_retry_request = boolean(j, path, "hello_retry_request");
  if (j.contains("early_data")) n.early_data = str(j, path, "early_data");
  if (j.contains("handshakes")) n.handshakes = int(uint(j, path, "handshakes", uint64_t(std::numeric_limits<int>::max())));
  return n;
}

// The events the parser converted one by one as it read them (TraceReader below), for the
// array that ended up as the document's "events"; null when that member is not such an array.
struct StreamedEvents {
  std::vector<Event> events;
  std::exception_ptr error;  // the first event that did not convert, thrown where trace() reads the events
};

Trace trace(const JV& j, StreamedEvents* streamed) {
  object_at(j, "");
  const JV& format = member(j, "", "format");
  if (!format.is_string() || format.s != Trace::kFormat)
    bad("format", std::string("not a tlslab trace: expected \"") + Trace::kFormat + "\", found " +
                      (format.is_string() ? "\"" + std::string(format.s) + "\"" : kind_of(format)));
  const JV& version = member(j, "", "version");
  // Version 1 traces load: they differ only in what version 2 adds (input sources), which
  // they then lack.
  if (!version.is_number_integer() || version.i < 1 || version.i > Trace::kVersion)
    bad("version", "unsupported trace format version " + version.to_json().dump() + " (this tlslab reads versions 1 to " +
                       std::to_string(Trace::kVersion) + ")");
  Trace t;
  const JV& scenario = object_at(member(j, "", "scenario"), "scenario");
  t.scenario = scenario.empty() ? "" : scenario.to_json().dump();
  std::string outcome = str(j, "", "outcome");
  if (auto it = j.find("outcome_kind"); it) {
    std::string kind = str(*it, "outcome_kind");
    auto k = outcome_kind_named(kind);
    if (!k) bad("outcome_kind", "unknown outcome kind '" + kind + "'");
    t.outcome.kind = *k;
    if (auto r = j.find("outcome_reason"); r) t.outcome.reason = message(*r, "outcome_reason");
  } else {
    // Written before outcomes had kinds: only the English text.
    auto k = outcome == "completed" ? OutcomeKind::completed
             : outcome == "connected" ? OutcomeKind::connected
             : outcome == "in progress" ? OutcomeKind::in_progress : OutcomeKind::failed;
    t.outcome.kind = k;
    if (k == OutcomeKind::failed) t.outcome.reason = Message::untranslated(outcome);
  }
  t.handshake_complete = boolean(j, "", "handshake_complete");
  if (auto it = j.find("keylog"); it) t.keylog = strings(*it, "keylog");  // absent before it existed
  t.negotiated = negotiated(member(j, "", "negotiated"), "negotiated");
  const JV& app = object_at(member(j, "", "application_data"), "application_data");
  t.client_app_received = hex(app, "application_data", "client_received");
  t.server_app_received = hex(app, "application_data", "server_received");
  const JV& events = array_at(member(j, "", "events"), "events");
  if (streamed) {
    // Reported here, after the members read before the events, as when the events were read
    // from a whole document.
    if (streamed->error) std::rethrow_exception(streamed->error);
    t.events = std::move(streamed->events);
  } else {
    for (size_t i = 0; i < events.size(); ++i) t.events.push_back(event(events[i], index_path("events", i)));
  }
  if (auto it = j.find("attack"); it) t.attack = attack_report(*it, "attack", t.events.size());
  if (auto it = j.find("connections"); it) t.connections = connection_starts(*it, "connections");
  // A field source points at an event of this trace.
  for (size_t i = 0; i < t.events.size(); ++i)
    for (size_t k = 0; k < derivation_count(t.events[i]); ++k)
      for (auto& in : derivation_at(t.events[i], k).inputs)
        in.from.visit([&](const Source& s) {
          if (s.event && *s.event >= t.events.size())
            bad(index_path("events", i).text() + " " + derivation_at(t.events[i], k).id + " input " + in.name + " from",
                "source event " + std::to_string(*s.event) + " is beyond the trace's " + std::to_string(t.events.size()) + " events");
        });
  return t;
}

// Reads the document's SAX events (json_read) as nlohmann's own DOM parser would (a repeated
// name keeps its last value), into two JsonDomBuilders: one for the top level, one for the element of the top-level "events"
// array being read. Each element is converted to an Event as soon as it is complete, then its
// values are dropped (the builder keeps its memory), so a big trace never exists as one DOM.
// The top level holds "events" as an empty array.
class TraceReader {
 public:
  StreamedEvents streamed;

  const JV& root() const { return root_.value(); }
  // The streamed events when the document's "events" is the array they came from.
  StreamedEvents* events() { return events_streamed_ ? &streamed : nullptr; }

  bool null() { return value([](JsonDomBuilder& b) { b.null(); }); }
  bool boolean(bool v) { return value([&](JsonDomBuilder& b) { b.boolean(v); }); }
  bool number_integer(int64_t v) { return value([&](JsonDomBuilder& b) { b.number_integer(v); }); }
  bool number_unsigned(uint64_t v) { return value([&](JsonDomBuilder& b) { b.number_unsigned(v); }); }
  bool number_float(double v) { return value([&](JsonDomBuilder& b) { b.number_float(v); }); }
  bool string(std::string_view v) { return value([&](JsonDomBuilder& b) { b.string(v); }); }
  bool start_object() { return start(JV::Type::object); }
  bool start_array() {
    // The top-level "events" array: its elements go to the event builder.
    if (depth_ == 1 && events_key_) {
      events_streamed_ = true;
      events_depth_ = 2;
    }
    return start(JV::Type::array);
  }
  bool end_object() { return end(); }
  bool end_array() { return end(); }
  bool key(std::string_view k) {
    if (events_depth_ && depth_ > events_depth_) {
      event_.key(k);
      return true;
    }
    if (depth_ == 1) {
      events_key_ = k == "events";
      // A repeated "events" replaces the first one, as in a DOM.
      if (events_key_) {
        events_streamed_ = false;
        streamed = {};
        next_event_ = 0;
      }
    }
    root_.key(k);
    return true;
  }
 private:
  // A value read at this depth belongs to an element of the top-level "events" array.
  bool in_event() const { return events_depth_ && depth_ >= events_depth_; }
  template <class F>
  bool value(F&& put) {
    if (in_event()) {
      put(event_);
      if (event_.complete()) convert_event();
    } else {
      put(root_);
      if (depth_ == 1) events_key_ = false;
    }
    return true;
  }
  bool start(JV::Type type) {
    const bool ev = in_event();
    ++depth_;  // json_read stops past kMaxJsonDepth
    if (ev) event_.start(type);
    else root_.start(type);
    return true;
  }
  bool end() {
    if (events_depth_ && depth_ > events_depth_) {
      --depth_;
      event_.end();
      if (event_.complete()) convert_event();
      return true;
    }
    if (--depth_ == 1) {
      events_key_ = false;
      events_depth_ = 0;  // the "events" array (or another member) is closed
    }
    root_.end();
    return true;
  }
  void convert_event() {
    if (!streamed.error) {
      try {
        streamed.events.push_back(event(event_.value(), index_path("events", next_event_)));
      } catch (...) {
        // Only the first failure counts (later events are not read), as in trace().
        streamed.error = std::current_exception();
        streamed.events.clear();
      }
    }
    ++next_event_;
    event_.reset();
  }

  JsonDomBuilder root_, event_;
  int depth_ = 0;
  int events_depth_ = 0;     // the depth inside the top-level "events" array while it is open (2)
  bool events_key_ = false;  // the top-level member being read is "events"
  bool events_streamed_ = false;
  size_t next_event_ = 0;
};

// A RapidJSON input stream over a file read in pieces, each checked as UTF-8 before the reader
// sees it (json_read's check, for a text that is never whole in memory). A piece that is not
// UTF-8, a read error, or more than kMaxTraceFileBytes end the input early (failed()): the
// reader then stops, and the caller reads the file whole to say why.
class FilePieces {
 public:
  using Ch = char;
  explicit FilePieces(int fd) : fd_(fd), buf_(kPiece + 8) {
    cur_ = end_ = buf_.data();
    *end_ = '\0';
    refill();
    if (end_ - cur_ >= 3 && std::string_view(cur_, 3) == "\xEF\xBB\xBF") cur_ += 3;
  }
  Ch Peek() const { return *cur_; }  // '\0' past the end, as RapidJSON's streams give
  Ch Take() {
    Ch c = *cur_;
    if (cur_ != end_ && ++cur_ == end_) refill();
    return c;
  }
  size_t Tell() const { return before_ + size_t(cur_ - buf_.data()); }
  // Output, which RapidJSON's reader asks of a stream only when parsing in place.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

  bool failed() const { return failed_; }

 private:
  static constexpr size_t kPiece = size_t(1) << 20;
  // Out of line: Take() stays small enough to inline into the reader.
  [[gnu::noinline]] void refill() {
    do {
      before_ += size_t(end_ - buf_.data());
      // A UTF-8 sequence the last piece cut in two goes first.
      std::memcpy(buf_.data(), carry_, carry_n_);
      size_t have = carry_n_;
      carry_n_ = 0;
      if (!eof_ && !failed_) {
        ssize_t n;
        do n = ::read(fd_, buf_.data() + have, kPiece);
        while (n < 0 && errno == EINTR);
        if (n < 0) failed_ = true;
        if (n <= 0) eof_ = true;
        else have += size_t(n);
      }
      if (before_ + have > kMaxTraceFileBytes) failed_ = true, have = 0;
      size_t valid = first_invalid_utf8(std::string_view(buf_.data(), have));
      if (valid < have) {
        if (!eof_ && have - valid < 4) {
          carry_n_ = have - valid;
          std::memcpy(carry_, buf_.data() + valid, carry_n_);
        } else {
          failed_ = true;
        }
      }
      cur_ = buf_.data();
      end_ = cur_ + valid;
      *end_ = '\0';
    } while (cur_ == end_ && !eof_ && !failed_);
  }

  int fd_;
  std::vector<char> buf_;
  char* cur_;
  char* end_;
  size_t before_ = 0;  // bytes of earlier pieces
  char carry_[4] = {};
  size_t carry_n_ = 0;
  bool eof_ = false, failed_ = false;
};

// Scans brackets outside strings; returns an error message when nesting is too deep. The line
// and column are counted only then: this pass runs over every byte of a big trace.
std::string nesting_error(std::string_view text) {
  int depth = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    char c = *p++;
    if (c == '"') {
      // To the closing quote, over escaped characters.
      while (p < end && *p != '"') p += *p == '\\' ? 2 : 1;
      ++p;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        size_t at = size_t(p - 1 - text.data());
        size_t line = 1 + size_t(std::count(text.begin(), text.begin() + long(at), '\n'));
        size_t nl = text.rfind('\n', at);
        size_t column = nl == std::string_view::npos ? at + 1 : at - nl;
        return "(document): JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels at line " +
               std::to_string(line) + ", column " + std::to_string(column);
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return "";
}

// The trace from what the reader read (a whole JSON document), or why it is not one.
Result<Trace> import_read(TraceReader& reader) {
  try {
    return trace(reader.root(), reader.events());
  } catch (const ImportError& e) {
    return decode_error(msg("io.trace_error").arg("path", e.path).arg("error", Message::untranslated(e.message)));
  } catch (const std::exception& e) {
    return decode_error(msg("io.trace_cannot_import").arg("error", e.what()));
  }
}

}  // namespace

Result<Trace> trace_from_json_text(std::string_view text) {
  // Too deep a document is refused before any other error, wherever the error lies: the
  // reader counts levels as it goes, and the whole text is scanned for the position only when
  // the parse stops early.
  auto too_deep = [&]() -> std::optional<Failure> {
    if (std::string e = nesting_error(text); !e.empty())
      return decode_error(msg("io.trace_error").arg("path", "(document)").arg("error", Message::untranslated(e)));
    return std::nullopt;
  };
  TraceReader reader;
  JsonReadResult read;
  try {
    read = json_read(text, reader, kMaxJsonDepth);
  } catch (const std::exception& e) {
    return decode_error(msg("io.trace_cannot_read_json").arg("error", e.what()));
  }
  if (!read) {
    if (auto f = too_deep()) return *f;
    Message hint = read.offset >= text.size() ? msg("io.trace_truncated_hint") : Message{};
    // Where the grammar broke and what was expected, in the catalog's words (the reader's own
    // position is past the bad token).
    if (auto where = json_syntax_error(text))
      return decode_error(msg("io.trace_invalid_json")
                              .arg("error", msg("io.json_where")
                                               .arg("line", std::to_string(where->line))
                                               .arg("column", std::to_string(where->column))
                                               .arg("error", where->what))
                              .arg("hint", hint));
    // Not reached: json_syntax_error finds what the reader refuses.
    return decode_error(msg("io.trace_invalid_json").arg("error", Message::untranslated(read.what)).arg("hint", hint));
  }
  return import_read(reader);
}

Result<Trace> trace_from_json_file(const std::string& path, TraceFileRead* how) {
  TraceFileRead ignored;
  if (!how) how = &ignored;
  *how = {};
  // Whole, for the reason of a failure to read it as JSON: the file's (no such file, not a
  // regular file, too large, the system's) or its text's (with the position of the error).
  auto whole = [&]() -> Result<Trace> {
    how->read_whole = true;
    auto text = read_file_capped(path, kMaxTraceFileBytes);
    if (!text) return text.error();
    auto t = trace_from_json_text(*text);
    how->content_error = !t;
    return t;
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return whole();
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || uint64_t(st.st_size) > kMaxTraceFileBytes) return whole();
  TraceReader reader;
  try {
    FilePieces in(fd);
    if (!json_read_stream(in, reader, kMaxJsonDepth) || in.failed()) return whole();
  } catch (...) {
    return whole();
  }
  // JSON, read whole: what is wrong with it as a trace needs no second reading.
  auto t = import_read(reader);
  how->content_error = !t;
  return t;
}

}  // namespace sim

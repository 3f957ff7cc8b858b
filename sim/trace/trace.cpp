#include "trace/trace.hpp"

#include <algorithm>
#include <ostream>

#include <nlohmann/json.hpp>

#include "trace/json_writer.hpp"

namespace sim {

using nlohmann::json;

Message actor_message(Actor a) {
  switch (a) {
    case Actor::client: return msg("actor.client");
    case Actor::server: return msg("actor.server");
    case Actor::attacker: return msg("actor.attacker");
    case Actor::ca: return msg("actor.ca");
    case Actor::ocsp_responder: return msg("actor.ocsp_responder");
  }
  return Message::untranslated(std::string(name_of(a)));
}

Message side_note(Actor a, Message note) { return msg("note.by_side").arg("side", actor_message(a)).arg("note", std::move(note)); }

static constexpr std::string_view kOutcomeKinds[] = {"in_progress",   "connected", "completed",      "client_failed",
                                                     "server_failed", "failed",    "transport_error"};
std::string_view name_of(OutcomeKind k) { return kOutcomeKinds[size_t(k)]; }
std::optional<OutcomeKind> outcome_kind_named(std::string_view n) {
  for (size_t i = 0; i < std::size(kOutcomeKinds); ++i)
    if (kOutcomeKinds[i] == n) return OutcomeKind(i);
  return std::nullopt;
}

Message Outcome::message() const {
  switch (kind) {
    case OutcomeKind::in_progress: return msg("outcome.in_progress");
    case OutcomeKind::connected: return msg("outcome.connected");
    case OutcomeKind::completed: return msg("outcome.completed");
    default: return reason;
  }
}

std::ostream& operator<<(std::ostream& os, const Outcome& o) { return os << o.english(); }

std::string_view name_of(Actor a) {
  switch (a) {
    case Actor::client: return "client";
    case Actor::server: return "server";
    case Actor::attacker: return "attacker";
    case Actor::ca: return "ca";
    case Actor::ocsp_responder: return "ocsp_responder";
  }
  return "?";
}

std::optional<Actor> actor_named(std::string_view n) {
  for (Actor a : {Actor::client, Actor::server, Actor::attacker, Actor::ca, Actor::ocsp_responder})
    if (n == name_of(a)) return a;
  return std::nullopt;
}

uint32_t actor_bits(const Event& e) { return (1u << int(e.from)) | (1u << int(e.to)); }

std::vector<Actor> ladder_lanes(const std::vector<Event>& events) {
  uint32_t actors = 0;
  for (const Event& e : events) actors |= actor_bits(e);
  return ladder_lanes(actors);
}

std::vector<Actor> ladder_lanes(uint32_t actors) {
  auto present = [&](Actor a) { return (actors >> int(a)) & 1u; };
  std::vector<Actor> out;
  // The client's revocation sources on its far side from the server, so their arrows cross
  // neither the attacker's lane nor the server's.
  for (Actor a : {Actor::ocsp_responder, Actor::ca})
    if (present(a)) out.push_back(a);
  out.push_back(Actor::client);
  if (present(Actor::attacker)) out.push_back(Actor::attacker);
  out.push_back(Actor::server);
  return out;
}

std::string layer_name(const std::optional<ContentType>& layer) { return layer ? name_of(*layer) : std::string(); }

std::optional<ContentType> layer_named(std::string_view n) {
  if (n.empty()) return std::nullopt;
  for (unsigned v = 0; v < 256; ++v)
    if (name_of(ContentType(v)) == n) return ContentType(v);
  return std::nullopt;
}

std::string derivation_id(Actor a, const std::string& name) { return std::string(name_of(a)) + "/" + name; }

std::string finished_derivation_id(Actor a, bool sender_is_client, const std::string& name) {
  bool own = a == (sender_is_client ? Actor::client : Actor::server);
  return derivation_id(a, name) + (own ? "" : "/expected");
}

const NamedBytes* Derivation::input(std::string_view n) const {
  for (auto& i : inputs)
    if (i.name == n) return &i;
  return nullptr;
}
const NamedBytes* Derivation::step(std::string_view n) const {
  for (auto& i : steps)
    if (i.name == n) return &i;
  return nullptr;
}

// Sources that carry one text: a literal, a local value, a step name.
static Source text_source(Source::Kind k, std::string text) {
  Source s;
  s.kind = k;
  s.text = std::move(text);
  return s;
}
Source Source::of(std::string id, std::string part) {
  Source s;
  s.kind = Kind::derivation;
  s.id = std::move(id);
  s.part = std::move(part);
  return s;
}
Source Source::field_of(std::string message, std::string path) {
  Source s;
  s.kind = Kind::field;
  s.message = std::move(message);
  s.path = std::move(path);
  return s;
}
Source Source::transcript() { return text_source(Kind::transcript, {}); }
Source Source::literal(std::string text) { return text_source(Kind::literal, std::move(text)); }
Source Source::local(std::string text) { return text_source(Kind::local, std::move(text)); }
Source Source::step_of(std::string step) { return text_source(Kind::step, std::move(step)); }
Source Source::concat(std::vector<Source> parts) {
  Source s;
  s.kind = Kind::concat;
  s.parts = std::move(parts);
  return s;
}
bool Source::resolved() const {
  switch (kind) {
    case Kind::none:
    case Kind::transcript: return false;
    case Kind::field: return event.has_value();
    case Kind::concat:
      return std::all_of(parts.begin(), parts.end(), [](const Source& p) { return p.resolved(); });
    default: return true;
  }
}

Message notation(std::string expr) { return msg("note_in.notation").arg("expr", std::move(expr)); }

NamedBytes text_value(std::string name, std::string_view text, Message note) {
  NamedBytes n{std::move(name), to_bytes(text), std::move(note)};
  n.is_text = true;
  n.from = Source::literal(std::string(text));
  return n;
}

std::string value_display(const NamedBytes& n) {
  return n.is_text ? "\"" + std::string(n.value.begin(), n.value.end()) + "\"" : to_hex(n.value);
}

// A field path as people read it: from the message down, without the record's own levels
// ("TLS record/fragment/ClientHello/random" -> "ClientHello/random").
static std::string short_path(const std::string& path) {
  std::string out;
  size_t pos = 0;
  bool first = true;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    std::string part = path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    bool record_level = first || part == "fragment" || part == "decrypted" || part == "content" || part == "decompressed content";
    if (!record_level || !out.empty()) out += (out.empty() ? "" : "/") + part;
    first = false;
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  return out.empty() ? path : out;
}

Message source_message(const Source& s) {
  switch (s.kind) {
    case Source::Kind::none: return {};
    case Source::Kind::derivation:
      if (s.part.empty()) return msg("source.derivation").arg("id", s.id);
      return msg("source.part").arg("part", s.part).arg("id", s.id);
    case Source::Kind::field:
      if (!s.event) return msg("source.not_located").arg("message", s.message).arg("field", s.path);
      if (s.offset || s.length) {
        size_t from = s.offset.value_or(0);
        return msg("source.slice").arg("event", std::to_string(*s.event)).arg("path", short_path(s.path))
            .arg("from", std::to_string(from)).arg("to", s.length ? std::to_string(from + *s.length - 1) : std::string("..."));
      }
      return msg("source.field").arg("event", std::to_string(*s.event)).arg("path", short_path(s.path));
    case Source::Kind::concat: {
      if (s.parts.empty()) return msg("source.nothing");
      Message out = source_message(s.parts.back());
      for (size_t i = s.parts.size() - 1; i-- > 0;)
        out = msg("source.concat").arg("first", source_message(s.parts[i])).arg("second", std::move(out));
      return out;
    }
    case Source::Kind::literal: return msg("source.literal").arg("text", "\"" + s.text + "\"");
    case Source::Kind::local: return msg("source.local");
    case Source::Kind::transcript: return msg("source.transcript_not_located");
    case Source::Kind::step: return msg("source.step").arg("step", s.text);
  }
  return {};
}

std::string source_display(const Source& s) { return source_message(s).english(); }

std::string_view name_of(ConnectionStart::Kind k) {
  switch (k) {
    case ConnectionStart::Kind::fallback: return "fallback";
    case ConnectionStart::Kind::attacker: return "attacker";
    case ConnectionStart::Kind::redirect: return "redirect";
    case ConnectionStart::Kind::request: return "request";
    case ConnectionStart::Kind::resumption: break;
  }
  return "resumption";
}

static constexpr std::string_view kAttackKinds[] = {"forward", "replace", "drop",     "inject",
                                                     "hold",    "release", "split",    "coalesce", "cut"};

std::string_view name_of(AttackAction::Kind k) { return kAttackKinds[size_t(k)]; }

std::optional<AttackAction::Kind> attack_kind_named(std::string_view n) {
  for (size_t i = 0; i < std::size(kAttackKinds); ++i)
    if (kAttackKinds[i] == n) return AttackAction::Kind(i);
  return std::nullopt;
}

std::vector<std::reference_wrapper<const Derivation>> all_derivations(const Event& e) {
  std::vector<std::reference_wrapper<const Derivation>> out;
  out.reserve(e.derivations.size() + e.receiver_derivations.size());
  for (auto& d : e.derivations) out.push_back(std::cref(d));
  for (auto& d : e.receiver_derivations) out.push_back(std::cref(d));
  return out;
}

size_t derivation_count(const Event& e) { return e.derivations.size() + e.receiver_derivations.size(); }

const Derivation& derivation_at(const Event& e, size_t i) {
  return i < e.derivations.size() ? e.derivations[i] : e.receiver_derivations[i - e.derivations.size()];
}

std::vector<std::string> keylog_lines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) out.emplace_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

// The trace's one serializer (docs/trace-format.md). It writes, in one pass, "format" and
// "version" first, then each object's members in the order std::map keeps them (byte-wise sorted
// keys), which every write_* function follows by hand, laid out as JsonWriter says with
// kTraceIndentedLevels. tests/json_writer_test.cpp has nlohmann re-read and re-dump the text as
// the judge.
namespace {

void write_message(JsonWriter& w, const Message& m);

void write_message_params(JsonWriter& w, const Message& m) {
  // A JSON object keeps one value per name, the last one set, in name order.
  std::vector<const Message::Param*> ps;
  ps.reserve(m.params.size());
  for (auto& p : m.params) ps.push_back(&p);
  std::stable_sort(ps.begin(), ps.end(), [](const Message::Param* a, const Message::Param* b) { return a->name < b->name; });
  w.begin_object();
  for (size_t i = 0; i < ps.size(); ++i) {
    if (i + 1 < ps.size() && ps[i + 1]->name == ps[i]->name) continue;
    w.key(ps[i]->name);
    if (ps[i]->message.empty()) w.string(ps[i]->text);
    else write_message(w, ps[i]->message[0]);
  }
  w.end_object();
}

void write_message(JsonWriter& w, const Message& m) {
  w.begin_object();
  w.member("key", m.key);
  if (!m.params.empty()) {
    w.key("params");
    write_message_params(w, m);
  }
  w.end_object();
}

void write_field(JsonWriter& w, const Field& f) {
  w.begin_object();
  if (!f.children.empty()) {
    w.key("children");
    w.begin_array();
    for (auto& c : f.children) write_field(w, c);
    w.end_array();
  }
  w.member_number("length", f.length);
  w.member("name", f.name);
  w.member_number("offset", f.offset);
  w.member("space", name_of(f.space));
  w.member("value", f.value);
  if (!f.text.empty()) {
    w.key("value_message");
    write_message(w, f.text);
  }
  w.end_object();
}

void write_source(JsonWriter& w, const Source& s) {
  if (s.kind == Source::Kind::none) return w.null();
  w.begin_object();
  switch (s.kind) {
    case Source::Kind::none: break;
    case Source::Kind::derivation:
      w.member("derivation", s.id);
      if (!s.part.empty()) w.member("part", s.part);
      break;
    case Source::Kind::field:
      if (!s.event) {
        w.member("field", s.path);
        w.member("message", s.message);
      } else {
        w.member_number("event", *s.event);
        w.member("field", s.path);
        if (s.length) w.member_number("length", *s.length);
        if (s.offset) w.member_number("offset", *s.offset);
      }
      break;
    case Source::Kind::concat:
      w.key("concat");
      w.begin_array();
      for (auto& p : s.parts) write_source(w, p);
      w.end_array();
      break;
    case Source::Kind::literal: w.member("literal", s.text); break;
    case Source::Kind::local: w.member("local", s.text); break;
    case Source::Kind::transcript: w.member("transcript", "not located"); break;
    case Source::Kind::step: w.member("step", s.text); break;
  }
  w.end_object();
}

void write_named_list(JsonWriter& w, const std::vector<NamedBytes>& v) {
  w.begin_array();
  for (auto& n : v) {
    w.begin_object();
    if (n.from.kind != Source::Kind::none) {
      w.key("from");
      write_source(w, n.from);
    }
    w.member_hex("hex", n.value);
    w.member("name", n.name);
    if (!n.note.empty()) {
      w.member("source", n.note.english());
      w.key("source_message");
      write_message(w, n.note);
    }
    if (n.is_text) w.member("text", std::string_view(reinterpret_cast<const char*>(n.value.data()), n.value.size()));
    w.end_object();
  }
  w.end_array();
}

void write_derivation(JsonWriter& w, const Derivation& d) {
  w.begin_object();
  w.member("actor", name_of(d.actor));
  w.member("formula", d.formula);
  if (!d.text.empty()) {
    w.key("formula_message");
    write_message(w, d.text);
  }
  w.member("id", d.id);
  w.key("inputs");
  write_named_list(w, d.inputs);
  w.member("kind", name_of(d.kind));
  w.member("name", d.name);
  if (!d.title.empty()) {
    w.key("name_message");
    write_message(w, d.title);
  }
  w.member_hex("output", d.output);
  if (!d.parts.empty()) {
    w.key("parts");
    w.begin_array();
    for (auto& part : d.parts) {
      w.begin_object();
      w.member_hex("hex", ByteView(d.output).subspan(part.offset, part.length));
      w.member_number("length", part.length);
      w.member("name", part.name);
      w.member_number("offset", part.offset);
      w.end_object();
    }
    w.end_array();
  }
  w.member("spec", d.spec);
  w.key("steps");
  write_named_list(w, d.steps);
  w.end_object();
}

// {"phase": "handshake", "side": "server", "suite": "TLS_AES_128_GCM_SHA256"}; "epoch" or
// "generation" for the phases that have one, "accepted": false for early data not accepted.
void write_protection(JsonWriter& w, const Protection& p) {
  w.begin_object();
  bool keyed = p.phase != ProtectionPhase::none && p.phase != ProtectionPhase::unknown;
  if (keyed && !p.accepted) w.member_bool("accepted", false);
  if (keyed && p.phase == ProtectionPhase::epoch) w.member_number("epoch", p.number);
  if (keyed && p.phase == ProtectionPhase::application) w.member_number("generation", p.number);
  w.member("phase", name_of(p.phase));
  if (keyed) w.member("side", name_of(p.side));
  if (keyed && p.cipher_suite != 0) w.member("suite", suite_name(p.cipher_suite));
  w.end_object();
}

void write_derivations(JsonWriter& w, const std::vector<Derivation>& ds) {
  w.begin_array();
  for (auto& d : ds) write_derivation(w, d);
  w.end_array();
}

void write_event(JsonWriter& w, const Event& e) {
  w.begin_object();
  if (e.alert) {
    w.key("alert");
    w.begin_object();
    w.member_number("code", int(e.alert->description));
    w.member("description", name_of(e.alert->description));
    w.member("level", name_of(e.alert->level));
    w.member("meaning", alert_meaning(e.alert->description).english());
    w.member("reason", e.alert->reason.english());
    w.key("reason_message");
    write_message(w, e.alert->reason);
    w.end_object();
  }
  if (e.attack) {
    w.key("attack");
    w.begin_object();
    w.member("action", name_of(e.attack->kind));
    w.member_hex("before", e.attack->before);
    if (!e.attack->label.empty()) {
      w.key("label");
      write_message(w, e.attack->label);
    }
    w.member("reason", e.attack->reason);
    w.member("reason_key", e.attack->reason_key);
    w.end_object();
  }
  w.member_hex("bytes", e.bytes);
  if (e.connection != 1) w.member_number("connection", e.connection);
  if (e.delivered) w.member_number("delivered_step", *e.delivered);
  w.key("derivations");
  write_derivations(w, e.derivations);
  w.member("from", name_of(e.from));
  if (e.http) w.member_bool("http", true);
  w.key("layer");
  if (e.layer) w.string(name_of(*e.layer));
  else w.null();
  w.member("name", e.name);
  // Each note in English (for readers without the catalog), and as catalog messages.
  if (!e.notes.empty()) {
    w.key("note_messages");
    w.begin_array();
    for (auto& n : e.notes) write_message(w, n);
    w.end_array();
  }
  w.key("notes");
  w.begin_array();
  for (auto& n : e.notes) w.string(n.english());
  w.end_array();
  w.member_hex("plaintext", e.plaintext);
  w.key("protection");
  write_protection(w, e.protection);
  if (!e.reassembled.empty()) w.member_hex("reassembled", e.reassembled);
  w.key("receiver_derivations");
  write_derivations(w, e.receiver_derivations);
  if (e.states.sender || e.states.receiver) {
    auto change = [&](const char* side, const StateChange& c) {
      w.key(side);
      w.begin_object();
      w.member("after", name_of(c.after));
      w.member("before", name_of(c.before));
      w.end_object();
    };
    w.key("states");
    w.begin_object();
    if (e.states.receiver) change("receiver", *e.states.receiver);
    if (e.states.sender) change("sender", *e.states.sender);
    w.end_object();
  }
  w.member_number("step", e.step);
  w.member("to", name_of(e.to));
  w.key("tree");
  write_field(w, e.tree);
  w.end_object();
}

void write_attack_report(JsonWriter& w, const AttackReport& a) {
  w.begin_object();
  w.key("defenses_on");
  w.begin_array();
  for (auto& d : a.defenses_on) w.string(d);
  w.end_array();
  w.key("evidence");
  w.begin_array();
  for (auto& x : a.evidence) {
    w.begin_object();
    if (x.event) w.member_number("event", *x.event);
    if (!x.is_text) w.member_hex("hex", x.value);
    w.key("label");
    write_message(w, x.label);
    w.member("name", x.name);
    if (x.is_text) w.member("text", std::string_view(reinterpret_cast<const char*>(x.value.data()), x.value.size()));
    w.end_object();
  }
  w.end_array();
  w.member("name", a.name);
  if (a.stopped_by_alert) {
    w.key("stopped_by");
    w.begin_object();
    w.member("alert", name_of(*a.stopped_by_alert));
    w.member_number("code", int(*a.stopped_by_alert));
    if (a.stopped_at_event) w.member_number("event", *a.stopped_at_event);
    if (a.stopped_by) w.member("sender", name_of(*a.stopped_by));
    w.end_object();
  }
  w.key("succeeded");
  if (a.succeeded) w.boolean(*a.succeeded);
  else w.null();
  w.key("summary");
  write_message(w, a.summary);
  if (!a.variant.empty()) w.member("variant", a.variant);
  if (a.work || !a.work_unit.empty()) {
    w.key("work");
    w.begin_object();
    w.member_bool("cancelled", a.cancelled);
    w.member_number("count", a.work);
    w.key("queries");
    w.begin_array();
    for (auto& q : a.queries) {
      w.begin_object();
      w.member_hex("to_client", q.to_client);
      w.member_hex("to_server", q.to_server);
      w.end_object();
    }
    w.end_array();
    w.key("seconds");
    w.value(json(a.seconds));
    w.member("unit", a.work_unit);
    w.end_object();
  }
  w.end_object();
}

void write_negotiated(JsonWriter& w, const Negotiated& n) {
  w.begin_object();
  w.member("cipher_suite", suite_name(n.cipher_suite));
  w.member_number("cipher_suite_id", n.cipher_suite);
  w.member_bool("client_authenticated", n.client_authenticated);
  w.member("compression", n.compression_method == 1 ? "DEFLATE" : "null");
  if (!n.early_data.empty()) w.member("early_data", n.early_data);
  w.member_bool("extended_master_secret", n.extended_master_secret);
  w.key("group");
  if (n.group) w.string(name_of(*n.group));
  else w.null();
  w.member_number("handshakes", n.handshakes);
  if (n.hello_retry_request) w.member_bool("hello_retry_request", true);
  if (!n.key_exchange_mode.empty()) w.member("key_exchange_mode", n.key_exchange_mode);
  w.member_bool("secure_renegotiation", n.secure_renegotiation);
  w.member("server_name", n.server_name);
  w.key("signature_scheme");
  if (n.signature_scheme) w.string(name_of(*n.signature_scheme));
  else w.null();
  w.member("version", version_name(n.version));
  w.end_object();
}

// Writes t to out; when `flush` is given, calls it after each event (it may empty out).
void write_trace(const Trace& t, std::string& out, const std::function<void()>& flush) {
  // The top level and its members' objects and arrays one member per line; anything deeper (an
  // event, a connection, a nested part of the scenario) on one line without spaces: a reader
  // sees an event per line, and the file is about half the size an indentation of every level
  // gives, and reads back about 30 % faster.
  JsonWriter w(out, kTraceIndentedLevels);
  w.begin_object();
  // "format" and "version" first, so a reader (human or program) sees what the file is.
  w.member("format", Trace::kFormat);
  w.member_number("version", Trace::kVersion);
  w.key("application_data");
  w.begin_object();
  w.member_hex("client_received", t.client_app_received);
  w.member_hex("server_received", t.server_app_received);
  w.end_object();
  if (t.attack) {
    w.key("attack");
    write_attack_report(w, *t.attack);
  }
  if (!t.connections.empty()) {
    w.key("connections");
    w.begin_array();
    for (auto& c : t.connections) {
      w.begin_object();
      w.member_number("connection", c.connection);
      w.member("kind", name_of(c.kind));
      w.member("max_version", version_name(c.max_version));
      w.end_object();
    }
    w.end_array();
  }
  w.key("events");
  w.begin_array();
  for (auto& e : t.events) {
    write_event(w, e);
    if (flush) flush();
  }
  w.end_array();
  w.member_bool("handshake_complete", t.handshake_complete);
  w.key("keylog");
  w.begin_array();
  for (auto& line : t.keylog) w.string(line);
  w.end_array();
  w.key("negotiated");
  write_negotiated(w, t.negotiated);
  w.member("outcome", t.outcome.english());
  w.member("outcome_kind", name_of(t.outcome.kind));
  if (!t.outcome.reason.empty()) {
    w.key("outcome_reason");
    write_message(w, t.outcome.reason);
  }
  w.key("scenario");
  if (t.scenario.empty()) {
    w.begin_object();
    w.end_object();
  } else {
    // Always JSON the engine wrote; should it not be, it stays a string the reader refuses
    // ("scenario: expected an object") rather than text that is not JSON.
    json scenario = json::parse(t.scenario, nullptr, false);
    if (scenario.is_discarded()) w.string(t.scenario);
    else w.value(scenario);
  }
  w.end_object();
  out += '\n';
}

// A guess at the size of t's text, a little over, so the buffer does not grow: growing doubles
// it and holds both copies for a moment. Every byte is written as two hex digits; a field, a
// derivation, a named value and a note add their member names and punctuation (counted from real
// traces) and their texts, some twice (the English beside the message).
size_t text_size_guess(const Trace& t) {
  size_t guess = 4096 + t.scenario.size() + 2 * (t.client_app_received.size() + t.server_app_received.size());
  if (t.attack) {
    for (auto& x : t.attack->evidence) guess += 200 + 2 * x.value.size();
    for (auto& q : t.attack->queries) guess += 60 + 2 * (q.to_server.size() + q.to_client.size());
  }
  auto field_size = [](const Field& f, auto&& self) -> size_t {
    size_t n = 80 + f.name.size() + 2 * f.value.size();
    for (auto& c : f.children) n += self(c, self);
    return n;
  };
  for (auto& e : t.events) {
    guess += 400 + 2 * (e.bytes.size() + e.plaintext.size() + e.reassembled.size()) + field_size(e.tree, field_size);
    for (auto& n : e.notes) guess += 160 + n.key.size();
    for (size_t i = 0; i < derivation_count(e); ++i) {
      const Derivation& d = derivation_at(e, i);
      guess += 300 + 2 * (d.output.size() + d.id.size() + d.formula.size()) + d.spec.size();
      for (auto* list : {&d.inputs, &d.steps})
        for (auto& n : *list) guess += 120 + 2 * n.value.size() + n.name.size();
    }
  }
  return guess + guess / 4;
}

}  // namespace

std::string trace_json_text(const Trace& t) {
  std::string out;
  out.reserve(text_size_guess(t));
  write_trace(t, out, {});
  return out;
}

void trace_json_write(const Trace& t, const std::function<void(std::string_view)>& sink) {
  constexpr size_t kPiece = size_t(1) << 20;
  std::string out;
  out.reserve(kPiece + kPiece / 2);
  write_trace(t, out, [&] {
    if (out.size() >= kPiece) {
      sink(out);
      out.clear();
    }
  });
  sink(out);
}

}  // namespace sim

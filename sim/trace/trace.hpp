// The trace: everything a user sees comes from here. An ordered list of events (one per record
// on the wire), each with its bytes, a dissected field tree and the derivations computed at
// that point. Serialised as JSON (docs/trace-format.md).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/bytes.hpp"
#include "core/enums.hpp"
#include "core/message.hpp"
#include "trace/derivation_kind.hpp"
#include "trace/field.hpp"
#include "trace/hs_state.hpp"
#include "trace/record_keys.hpp"

namespace sim {

// ca and ocsp_responder: the CRL distribution point and the OCSP responder the client asks
// while it validates the server's certificate (plain HTTP exchanges, Event::http).
enum class Actor : uint8_t { client, server, attacker, ca, ocsp_responder };
std::string_view name_of(Actor a);
std::optional<Actor> actor_named(std::string_view n);
// The lanes of a ladder for the actors its events name, left to right: the CA and the OCSP
// responder (when they take part) before the client, the attacker between client and server.
struct Event;
std::vector<Actor> ladder_lanes(const std::vector<Event>& events);
// The same from the actors named (bit 1 << int(Actor) set for each; actor_bits of the events).
std::vector<Actor> ladder_lanes(uint32_t actors);
uint32_t actor_bits(const Event& e);
// The actor as a word of the catalog ("server" / "serveur"), for messages that name a side.
Message actor_message(Actor a);
// A note said by one side: "server: <note>" ("serveur : <note>").
Message side_note(Actor a, Message note);

// Where a derivation input came from, as data (docs/trace-format.md "Sources"). The engine
// says what it used (a derivation by id, a field of a named message, a transcript of handshake
// messages, a constant, or a value it holds without sending); the recorder then locates fields
// on the wire (resolve_sources), so a reader can check each input against its origin.
struct Source {
  enum class Kind : uint8_t {
    none,
    derivation,  // the output (or a named part of it) of the derivation `id`
    field,       // a field of a message on the wire: `event` and `path` once located
    concat,      // the concatenation of `parts` (seeds, transcripts of handshake messages)
    literal,     // a constant of the protocol: a label, a name, a number (`text`)
    local,       // held by the endpoint, neither derived nor sent (a private key); `text` says what
    transcript,  // handshake messages, each to be located on the wire; becomes a concat of fields
    step,        // one of the same derivation's own steps, named `text` (a hash of another input)
  };
  Kind kind = Kind::none;
  std::string id;                 // derivation
  std::string part;               // derivation: a named part of its output, e.g. "client_write_key"
  std::string message;            // field: the message the engine read it from ("ClientHello")
  std::string path;               // field: the field inside it ("random"); once located, the tree path
  std::optional<uint32_t> event;  // field: set when located
  // field: a slice of the node's bytes, [offset, offset + length) (a message cut short, a BIT
  // STRING's bits without its header); unset, the node's value (a vector's body).
  std::optional<uint32_t> offset, length;
  std::vector<Source> parts;      // concat
  std::string text;               // literal, local, step
  // derivation: made in an earlier connection of the run (a resumed ticket's PSK); its id is
  // already the trace's, so the recorder does not tag it with this connection's suffix.
  bool earlier_connection = false;

  static Source of(std::string id, std::string part = {});
  static Source field_of(std::string message, std::string path);
  // The whole handshake messages in `messages` (4-byte headers), located one by one.
  static Source transcript();
  static Source literal(std::string text);
  static Source local(std::string text);
  static Source concat(std::vector<Source> parts);
  static Source step_of(std::string step);
  bool resolved() const;  // no field left to locate
  // Calls f on this source and on every source nested in it (a concatenation's parts).
  template <class F>
  void visit(F&& f) {
    f(*this);
    for (auto& p : parts) p.visit(f);
  }
  template <class F>
  void visit(F&& f) const {
    f(*this);
    for (auto& p : parts) p.visit(f);
  }
  bool operator==(const Source&) const = default;
};

// Source::field_of's message for a field of the record that carries the derivation itself.
inline constexpr const char* kThisRecord = "(this record)";

struct NamedBytes {
  std::string name;
  Bytes value;
  // What the value is, as a catalog message ("0x36 repeated 48 times"), or notation() for an
  // expression that reads the same in every language; empty when `from` says it all.
  Message note;
  Source from = {};
  // The value is text (a label, a hash or PRF name, a verdict): stored and shown as text.
  bool is_text = false;
};
// A text-valued input or step: its bytes are the UTF-8 text, shown as text.
NamedBytes text_value(std::string name, std::string_view text, Message note = {});
// A note or formula that is notation only (an expression, field and function names, a label in
// quotes): a message whose one parameter is that text, shown as is in every language.
Message notation(std::string expr);
// How a value is shown: a text value as "text" in quotes, any other as hex.
std::string value_display(const NamedBytes& n);
// Where an input came from, for people ("output of client/master_secret", "event 3: TLS
// record/fragment/ClientHello/random", "constant \"key expansion\""), as a catalog message;
// source_display is its English.
Message source_message(const Source& s);
std::string source_display(const Source& s);

// One computation the engine performed, with everything needed to redo it independently.
struct Derivation {
  std::string id;        // unique in the trace, e.g. "client/master_secret"
  // What computation this is (derivation_kind.hpp): its spec, secrets and place in the schedule.
  DerivationKind kind = DerivationKind::unset;
  Actor actor = Actor::client;
  std::string name;      // "master_secret"
  std::string formula;   // "PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]"
  // The formula as a catalog message when it has words (a verdict, "signature over ..."), and a
  // certificate check's name; `formula` and `name` hold their English renderings. Empty when the
  // formula is notation only (set_text keeps the two in step).
  Message title, text;
  void set_text(Message m) {
    formula = m.english();
    text = std::move(m);
  }
  std::string spec;      // "RFC 5246 8.1"
  std::vector<NamedBytes> inputs;
  std::vector<NamedBytes> steps;  // intermediate values (A(i), HMAC blocks, MAC input, ...)
  Bytes output;
  // Named parts of the output (key_block split), as (name, offset, length).
  struct Part {
    std::string name;
    size_t offset, length;
  };
  std::vector<Part> parts;

  const NamedBytes* input(std::string_view n) const;
  const NamedBytes* step(std::string_view n) const;
};

// "client/master_secret": the id convention every derivation follows.
std::string derivation_id(Actor a, const std::string& name);
// A Finished value computed by the side that did not send it (to check it) gets "/expected".
std::string finished_derivation_id(Actor a, bool sender_is_client, const std::string& name);

struct AlertInfo {
  AlertLevel level;
  AlertDescription description;
  Message reason;  // why the sender sent it
};

// What an attacker did to a record in transit (sim/net/network.hpp): the event that carries it
// sits in the attacker's lane, its `bytes` are what the attacker put on the wire (empty when it
// put nothing: a drop or a hold) and `before` what it took off the wire.
struct AttackAction {
  enum class Kind : uint8_t { forward, replace, drop, inject, hold, release, split, coalesce, cut };
  Kind kind = Kind::forward;
  Bytes before;
  std::string reason_key;  // a message key ("attack.drop"), for the translated catalog
  std::string reason;      // the same reason in English (the event's first note is the message)
  // The event's ladder label as a catalog message ("dropped {record}"); Event::name is its
  // English rendering. Empty in traces written before it.
  Message label;
};
std::string_view name_of(AttackAction::Kind k);
std::optional<AttackAction::Kind> attack_kind_named(std::string_view n);

struct Event {
  uint32_t step = 0;   // the step after which the record is on the wire (when it was sent)
  // The step at which its receiver processed it; none when it never was (dropped, held, still
  // in flight, or a record this side sent over a socket).
  std::optional<uint32_t> delivered;
  Actor from = Actor::client;
  Actor to = Actor::server;
  // The record's content type (TLS 1.3: the inner type when the receiver could read it); none
  // for an event with no record of its own (an attacker's drop or hold of nothing known).
  std::optional<ContentType> layer;
  std::string name;    // "ClientHello", "ServerHello, Certificate", "Alert (fatal, bad_record_mac)"
  Protection protection;  // the keys protecting it (record_keys.hpp); phase none when in clear
  Bytes bytes;         // the exact record bytes on the wire
  Bytes plaintext;     // the decrypted fragment when protected (fields in ByteSpace::plaintext)
  // The handshake message(s) this record completed that began in earlier records, whole (fields
  // in ByteSpace::reassembled): what the receiver's reassembly hands to the handshake layer.
  Bytes reassembled;
  // A buffer of the event by byte space.
  const Bytes& buffer(ByteSpace s) const { return s == ByteSpace::wire ? bytes : s == ByteSpace::plaintext ? plaintext : reassembled; }
  Field tree;
  // The sender's derivations (made to build and seal the record) and the receiver's (made when
  // it opened and checked it), kept apart.
  std::vector<Derivation> derivations;
  std::vector<Derivation> receiver_derivations;
  std::optional<AlertInfo> alert;
  std::vector<Message> notes;  // what each side did with it ("server: client Finished verify_data matches")
  // 1 for the scenario's first connection; a later one (a resumption, a fallback retry) is
  // numbered on, and Trace::connections says how it came about.
  int connection = 1;
  // The handshake states of the endpoints that sent and processed this record (hs_state.hpp).
  EventStates states;
  std::optional<AttackAction> attack;  // set on the attacker's own events
  // A plain HTTP message on TCP port 80, not a TLS record: the first leg of a browser given an
  // http:// address, which an SSL-stripping attacker keeps the browser on. It keeps the
  // connection number its endpoint gives (that plain connection's), whichever TLS one is current.
  bool http = false;
};

// The layer's fixed name ("handshake", "application_data", ...); "" when the event has none.
std::string layer_name(const std::optional<ContentType>& layer);
// The content type a non-empty layer_name() names (or "0x18" for a type outside the four); none
// for any other text.
std::optional<ContentType> layer_named(std::string_view n);

// Both lists of an event, the sender's first: for consumers that look at every derivation.
std::vector<std::reference_wrapper<const Derivation>> all_derivations(const Event& e);
// Index i over both lists: the sender's first, then the receiver's.
size_t derivation_count(const Event& e);
const Derivation& derivation_at(const Event& e, size_t i);

struct Negotiated {
  uint16_t version = 0;
  uint16_t cipher_suite = 0;
  std::optional<NamedGroup> group;
  std::optional<SignatureScheme> signature_scheme;
  bool extended_master_secret = false;
  bool secure_renegotiation = false;
  std::string server_name;
  uint8_t compression_method = 0;  // 0 null, 1 DEFLATE
  bool client_authenticated = false;
  int handshakes = 0;  // 2 or more after renegotiation
  // TLS 1.3
  std::string key_exchange_mode;   // "(EC)DHE", "psk_dhe_ke" or "psk_ke"; empty before TLS 1.3
  bool hello_retry_request = false;
  std::string early_data;          // "", "accepted" or "rejected"
};

// How a run ended. The kind is for programs (exit status, colours); the message for people.
enum class OutcomeKind : uint8_t {
  in_progress,      // the handshake has not completed
  connected,        // completed, but data or close_notify still outstanding
  completed,        // handshake, data exchange and close_notify both ways
  client_failed,    // the client failed (sent or received a fatal alert)
  server_failed,
  failed,           // several endpoints failed, or one of a man in the middle's connections
  transport_error,  // the socket failed under a real peer
};
std::string_view name_of(OutcomeKind k);
std::optional<OutcomeKind> outcome_kind_named(std::string_view n);

struct Outcome {
  OutcomeKind kind = OutcomeKind::in_progress;
  // Why it failed: the failures ("client failed: decode_error (...)") or the transport error.
  // Empty for the other kinds.
  Message reason;
  Message message() const;  // "completed", "connected", "in progress", or the reason
  std::string english() const { return message().english(); }
  bool operator==(OutcomeKind k) const { return kind == k; }
  bool operator==(const Outcome& o) const { return kind == o.kind && reason == o.reason; }
};
std::ostream& operator<<(std::ostream& os, const Outcome& o);  // English, for logs and tests

// A scripted attack's verdict (sim/attack): which attack ran, with which defenses, and how it
// went, as data. The evidence is what the attacker saw or did on the wire (the plaintext it read,
// the page it forged), each tied to the event it came from; `stopped_*` say what ended it.
struct AttackEvidence {
  std::string name;  // for programs: "request_read", "page_forged", ...
  Message label;     // for people
  Bytes value;
  bool is_text = false;  // shown as text (an HTTP request), not hex
  std::optional<uint32_t> event;
  bool operator==(const AttackEvidence&) const = default;
};
// One exchange of a cryptanalytic attack's queries with a fresh victim endpoint (a
// Bleichenbacher ClientKeyExchange, a POODLE request): the bytes each way, for the capture.
struct AttackQuery {
  Bytes to_server;  // what the server received (records, whole)
  Bytes to_client;  // what it answered
  bool operator==(const AttackQuery&) const = default;
};
struct AttackReport {
  std::string name;     // "mitm-forged-cert"
  std::string variant;  // the attack's sub-option ("self-signed"); empty when it has none
  std::vector<std::string> defenses_on;
  std::optional<bool> succeeded;  // unset while the run can still go either way
  Message summary;                // what happened, for people
  std::vector<AttackEvidence> evidence;
  // The fatal alert that stopped it (none when nothing did), who sent it and in which event.
  std::optional<AlertDescription> stopped_by_alert;
  std::optional<Actor> stopped_by;
  std::optional<uint32_t> stopped_at_event;
  // A cryptanalytic attack's long work: how much it did ("candidates" tried, "queries" sent),
  // whether the user cancelled it, its wall time (the one value of a trace that is not
  // deterministic), and the queries kept for the capture (the first ones, up to a bound).
  uint64_t work = 0;
  std::string work_unit;
  bool cancelled = false;
  double seconds = 0;
  std::vector<AttackQuery> queries;
  bool operator==(const AttackReport&) const = default;
};

// How a later connection of a run came about: the client resuming the first with its ticket
// (TLS 1.3), retrying with a lower version after a failed handshake (the fallback browsers
// had, which a version rollback exploits), or the attacker opening its own to the server.
struct ConnectionStart {
  // redirect: a browser that was given an http:// address follows the server's redirect to
  // https; request: the same browser's next request (the login form), on a connection of its own.
  enum class Kind { resumption, fallback, attacker, redirect, request };
  int connection = 2;
  Kind kind = Kind::resumption;
  uint16_t max_version = 0;  // the highest version the client offers in it
};
std::string_view name_of(ConnectionStart::Kind k);

struct Trace {
  static constexpr const char* kFormat = "tlslab-trace";
  // 2: derivation inputs say where they came from ("from"), text values are text.
  static constexpr int kVersion = 2;
  std::string scenario;   // JSON text of the scenario options that produced this trace
  std::vector<Event> events;
  Negotiated negotiated;
  Outcome outcome;
  bool handshake_complete = false;
  Bytes client_app_received;  // application data as received by each side
  Bytes server_app_received;
  // NSS key log lines for this connection, without the newline ("CLIENT_RANDOM <random>
  // <master_secret>" up to TLS 1.2; TLS 1.3 adds its traffic-secret lines). Exported with the
  // trace and carried into pcapng so Wireshark decrypts with no setup.
  std::vector<std::string> keylog;
  std::optional<AttackReport> attack;  // set when a scripted attack ran
  std::vector<ConnectionStart> connections;  // connections after the first, in order
};

// The trace as JSON (docs/trace-format.md): deterministic, written in one pass, one event per
// line under a top level of one member per line.
std::string trace_json_text(const Trace& t);
// The same text given to `sink` in pieces of about 1 MiB (cut after an event), so a big trace's
// text never exists whole in memory (tlslab show writes it to the file as it goes).
void trace_json_write(const Trace& t, const std::function<void(std::string_view)>& sink);
// Splits key log text into its non-empty lines, without line ends (for Trace::keylog).
std::vector<std::string> keylog_lines(std::string_view text);

}  // namespace sim

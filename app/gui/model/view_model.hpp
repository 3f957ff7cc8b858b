// Per-panel view models of the GUI: pure functions over a const Trace, with no ImGui
// dependency, so they run (and are tested) without a window. The panels only draw what these
// return; nothing here knows about the protocol beyond the trace's own data.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trace/note_severity.hpp"
#include "trace/trace.hpp"

namespace gui {

// ---- ladder ---------------------------------------------------------------------------
// Which keys protect a record: none; in SSL 3.0 to TLS 1.2 the one set of write keys per
// direction (pending keys made current by ChangeCipherSpec: Finished and application data
// alike); in TLS 1.3 the handshake or the application traffic keys (0-RTT early keys count as
// application).
enum class KeyClass { none, handshake, application, epoch };
KeyClass key_class(const sim::Event& e);

struct LadderRow {
  size_t event = 0;
  sim::Actor from = sim::Actor::client, to = sim::Actor::server;
  std::string label;        // present::record_title: its messages, or "Alert: fatal bad_record_mac"
  std::string short_label;  // present::LadderRow::short_title: for an arrow too short for label
  KeyClass keys = KeyClass::none;
  bool alert = false;    // an alert record
  bool fatal = false;    // a fatal alert
  bool current = false;  // sent at the current step
  size_t step = 0;        // Event::step: when it was sent
  int connection = 1;     // Event::connection
  bool connection_start = false;  // the first record of a later connection (a separator goes above it)
  // TLS 1.3 hides the real content type inside the encryption: the header says
  // application_data. This is the real one (handshake, alert) when it differs; else empty.
  std::string inner_type;
};
// The engine's shared ladder rows (sim/present, as the text, SVG and report exports draw them)
// with what only the GUI needs: its key colour, the current step and the hidden content type.
std::vector<LadderRow> ladder_rows(const sim::Trace& t, size_t current_step, sim::Lang lang = sim::Lang::en);
LadderRow ladder_row(const sim::Trace& t, size_t i, size_t current_step, sim::Lang lang = sim::Lang::en);
// Brings `rows` (the ladder_rows of an earlier state of the same view) to t at current_step,
// remaking only the rows of events remade since: made[i] says when t.events[i] was last made
// (Timeline::event_made), rows_made[i] which of those rows[i] was built from.
void update_ladder_rows(std::vector<LadderRow>& rows, std::vector<uint64_t>& rows_made, const sim::Trace& t,
                        const std::vector<uint64_t>& made, size_t current_step, sim::Lang lang = sim::Lang::en);
bool has_attacker(const sim::Trace& t);

// ---- fields and bytes -----------------------------------------------------------------
using FieldPath = std::vector<int>;  // child indices from the root; empty is the root itself
const sim::Field* field_at_path(const sim::Field& root, const FieldPath& path);
// The deepest field of that byte space whose range contains offset.
std::optional<FieldPath> field_at_offset(const sim::Field& root, sim::ByteSpace space, size_t offset);
const sim::Bytes& buffer_of(const sim::Event& e, sim::ByteSpace space);
// The bytes a field covers, or nothing when its range lies outside its buffer.
std::optional<sim::ByteView> field_bytes(const sim::Event& e, const sim::Field& f);

// ---- provenance -----------------------------------------------------------------------
enum class ItemKind { input, step, output, part };
struct ItemRef {
  size_t event = 0;
  size_t derivation = 0;  // index in Event::derivations
  ItemKind kind = ItemKind::output;
  std::string item;       // input/step/part name; empty for the output
  size_t offset = 0;      // where the searched value starts inside that item (containment)
  bool exact = true;      // the item is exactly the searched value
  bool operator==(const ItemRef&) const = default;
};
const sim::Derivation& derivation_of(const sim::Trace& t, const ItemRef& r);
// The bytes of an item (input, step, output or part) of a derivation.
std::optional<sim::ByteView> item_bytes(const sim::Derivation& d, ItemKind kind, const std::string& name);
// Finds a derivation by id among the events; returns (event, derivation index).
std::optional<std::pair<size_t, size_t>> find_derivation(const sim::Trace& t, std::string_view id);

// Which derivation produced these bytes (a key, IV, MAC, tag, Finished value...): an exact
// output, key_block part or intermediate step first, then one that contains them. Values
// shorter than 8 bytes are ignored (too many coincidences). `prefer` favours one side's
// computation when both sides derived the same value.
std::optional<ItemRef> find_producer(const sim::Trace& t, sim::ByteView value,
                                     std::optional<sim::Actor> prefer = std::nullopt);

// Where an input (or step) of a derivation came from: a field of a record (the ClientHello
// random, the ClientKeyExchange public key...) or another derivation's output (the
// pre_master_secret, the key_block's client_write_key...).
struct Location {
  enum class Kind { field, derivation } kind = Kind::field;
  size_t event = 0;
  FieldPath field;              // for Kind::field
  std::optional<ItemRef> item;  // for Kind::derivation
};
std::optional<Location> find_source(const sim::Trace& t, const ItemRef& of);

// ---- keys -----------------------------------------------------------------------------
enum class SegmentRole { client_mac, server_mac, client_key, server_key, client_iv, server_iv, other, unused };
struct Segment {
  std::string name;
  size_t offset = 0, length = 0;
  SegmentRole role = SegmentRole::other;
};
// The parts of a derivation's output (key_block), in order, with a role for the colour; bytes
// not covered by any part become an "unused" segment.
std::vector<Segment> output_segments(const sim::Derivation& d);

// Whether a value of d is a secret the presenter may mask (private keys, pre_master_secret,
// master_secret, key_block and its keys/IVs, PRF intermediates, the TLS 1.3 schedule's
// secrets), as the derivation kind registry (sim/trace/derivation_kind.hpp) declares it for
// d's kind: the output and its parts, or the input or step named `item`. A derivation with no
// kind (a trace written before kinds) has no secret.
bool is_secret(const sim::Derivation& d, ItemKind kind, std::string_view item = {});

// Derivations of the trace, in order, as (event, derivation index).
std::vector<std::pair<size_t, size_t>> all_derivations(const sim::Trace& t);

// ---- the Keys panel's list --------------------------------------------------------------
// The list with the certificate validation (its checks and revocation fetches, by derivation
// kind) gathered under one row, placed after the key derivations that follow it (before the
// first record protection derivation after the first check; at the end when there is none), so
// the list opens on pre_master_secret and master_secret, not on fifteen checks.
struct KeysRow {
  enum class Kind { derivation, check_group, check };
  Kind kind = Kind::derivation;
  size_t event = 0, derivation = 0;  // derivation, check: which one
  size_t checks = 0, failed = 0;     // check_group: its checks, and how many failed
};
// How the Keys panel places a derivation: with the certificate checks (and whether the check
// passed), among the record protections, or among the others.
struct DerivationClass {
  enum class Group : uint8_t { other, check, record } group = Group::other;
  int8_t passed = -1;  // a check: 1 passed, 0 failed, -1 not judged
};
DerivationClass derivation_class(const sim::Derivation& d);
// `list`: the (event, derivation) pairs to show, in trace order (all_derivations, or a filter of it).
std::vector<KeysRow> keys_rows(const sim::Trace& t, const std::vector<std::pair<size_t, size_t>>& list);
void keys_rows(const sim::Trace& t, const std::vector<std::pair<size_t, size_t>>& list, std::vector<KeysRow>& out);
// The same from each pair's class (classes[i] is list[i]'s), without reading the derivations.
void keys_rows(const std::vector<std::pair<size_t, size_t>>& list, const std::vector<DerivationClass>& classes,
               std::vector<KeysRow>& out);

// Whether the Keys panel groups this derivation with the certificate checks.
bool in_check_group(const sim::Derivation& d);
// A certificate check's name without the "certificate check:" prefix ("signature of [0] www.example.com"),
// from its title message; the title (or name) for another derivation.
sim::Message check_name(const sim::Derivation& d);

// ---- record protection ----------------------------------------------------------------
struct Stage {
  std::string name;  // input/step name, or "output"
  ItemKind kind = ItemKind::step;
  sim::Bytes value;
  sim::Message note;
};
struct Pipeline {
  const sim::Derivation* seal = nullptr;  // the sender's record_seal
  const sim::Derivation* open = nullptr;  // the receiver's record_open
  size_t seal_index = 0, open_index = 0;
  std::vector<Stage> seal_stages;  // content, then every step, then the fragment
  std::vector<Stage> open_stages;  // every step, then the recovered content
  std::optional<bool> mac_ok;      // CBC: mac_received == mac_expected
};
Pipeline record_pipeline(const sim::Event& e);

// ---- alerts and notes -----------------------------------------------------------------
struct LogLine {
  size_t event = 0;
  uint32_t step = 0;
  sim::Message text;
  // From the note's key (sim/trace/note_severity.hpp): the colour of the line, never its words.
  sim::NoteSeverity severity = sim::NoteSeverity::info;
};
std::vector<LogLine> notes_of(const sim::Trace& t);
std::vector<size_t> alert_events(const sim::Trace& t);

// What the panels list from every event of a view, kept up to date step by step: an update reads
// again only the events remade since the last one (made[i] is Timeline::event_made), from the
// first of them on. A step in a trace of 100,000 events used to read every event and every
// derivation scattered in memory, most of its time.
struct ViewLists {
  std::vector<std::pair<size_t, size_t>> derivations;  // all_derivations(t)
  std::vector<DerivationClass> classes;                 // per entry of derivations
  std::vector<LogLine> notes;                           // notes_of(t)
  std::vector<size_t> alerts;                           // alert_events(t)
  std::vector<size_t> hellos;                           // events with a ServerHello (sim::present::has_hello)
  uint32_t actors = 0;      // sim::actor_bits of every event: the ladder's lanes
  uint8_t key_phases = 0;   // sim::present::key_phase_bits of every event: the legend
  // Per event read: the made[] it was read at, where its entries start, and the bits of the
  // events up to it (so a shorter view keeps them without gathering them again).
  struct Read {
    uint64_t made;
    size_t derivations, notes, alerts, hellos;
    uint32_t actors;
    uint8_t key_phases;
  };
  std::vector<Read> read;
};
void update_view_lists(ViewLists& v, const sim::Trace& t, const std::vector<uint64_t>& made);

}  // namespace gui

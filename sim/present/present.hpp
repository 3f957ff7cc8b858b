// The presentation of a trace that every front end shares: the ladder's rows (who sends what to
// whom, the record's title, what protects it, the alert), the negotiated summary's rows and the
// connection headings. Text, SVG, the reports and the GUI draw these rows each in their own
// medium, so a run reads the same everywhere. Pure functions of the trace.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trace/trace.hpp"

namespace sim::present {

// A record's title: its messages ("ServerHello, Certificate"), or for an alert its level and
// description ("Alert: fatal bad_record_mac").
std::string record_title(const Event& e, Lang lang = Lang::en);

// What protects a record, for colouring: "none"; "protected" in SSL 3.0 to TLS 1.2 (one set of
// write keys per direction, made current by ChangeCipherSpec: Finished and application data
// alike); in TLS 1.3 "handshake" or "application" traffic keys (0-RTT early keys by what the
// record carries).
std::string_view protection_class(const Event& e);

// The ladder's legend for a trace: a colour class and its catalog key, following the version
// (in clear / protected up to TLS 1.2; in clear / handshake / application traffic keys in TLS
// 1.3), then alerts.
struct LegendEntry {
  std::string_view colour_class;
  const char* key;
};
std::vector<LegendEntry> legend_entries(const Trace& t);
// The same from what the events' keys are (key_phase_bits of each, ORed) and the version.
enum KeyPhaseBit : uint8_t { kEpochKeys = 1, kTls13Keys = 2 };
uint8_t key_phase_bits(const Event& e);
std::vector<LegendEntry> legend_entries(uint8_t key_phases, uint16_t negotiated_version);

// When a record moved, as every view writes it: "4 \u2192 5" (sent at step 4, read by its
// receiver at step 5, step N being the state after the network's N-th move), or "4" when it was
// not read.
std::string step_text(const Event& e);

// Where the drawn ladders (SVG, PNG) put each record, in the units of a 1280-unit-wide picture:
// rows kRow apart from kTop, a later connection's first record kSeparator lower (room for its
// heading); bottom is below the last row, where the legend goes.
struct LadderGeometry {
  static constexpr double kBaseWidth = 1280, kTop = 190, kRow = 64, kSeparator = 44;
  std::vector<double> row_y;  // each event's row centre
  double bottom = kTop;
};
LadderGeometry ladder_geometry(const Trace& t);

// The heading above the first record of a later connection ("connection 2 (resumes connection
// 1 with its ticket)").
std::string connection_heading(const Trace& t, int connection, Lang lang = Lang::en);

struct LadderRow {
  size_t index = 0;         // in Trace::events
  uint32_t step = 0;
  Actor from = Actor::client, to = Actor::server;
  std::string title;        // record_title
  // Several handshake messages in one record: the first and how many more ("ServerHello +3"),
  // for a ladder too narrow for the whole title. Empty for a record of one message.
  std::string short_title;
  size_t bytes = 0;         // record size on the wire
  std::string protection;   // the key set protecting it, in the row's language (protection_message)
  std::string_view keys;    // protection_class()
  bool alert = false;
  // The colour class: "alert" for an alert, else `keys`.
  std::string_view colour_class() const { return alert ? "alert" : keys; }
  std::string reason;       // why the alert was sent, when it is one
  std::vector<std::string> notes;  // what the receiver did with it
  int connection = 1;
  bool connection_start = false;   // the first record of a later connection: a heading goes above
};
// Notes and reasons rendered in `lang`.
std::vector<LadderRow> ladder_rows(const Trace& t, Lang lang = Lang::en);
// The row of t.events[i] alone (what ladder_rows holds at i), for a view that updates only the
// records that changed.
LadderRow ladder_row(const Trace& t, size_t i, Lang lang = Lang::en);

// One line of the negotiated summary: a fixed key (for tests and styling), its label and value.
struct SummaryRow {
  std::string key, label, value;
};
// The outcome, then what the handshake negotiated (the rows depend on the version: TLS 1.3 has
// key exchange modes, HelloRetryRequest and 0-RTT; earlier versions EMS, RFC 5746, compression
// and renegotiation), the server name and the application data each side received.
// Labels and words (yes/no, the outcome) in `lang`; protocol names as they are.
std::vector<SummaryRow> summary_rows(const Trace& t, Lang lang = Lang::en);
// A scripted attack's rows (part of summary_rows): the attack, the defenses on, the result and
// each piece of evidence (on one line, with the event it came from).
std::vector<SummaryRow> attack_rows(const AttackReport& a, Lang lang = Lang::en);

}  // namespace sim::present

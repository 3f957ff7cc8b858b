// Compare two runs: their ladders aligned row by row. Records that match (same sender, same
// messages) share a row; where the runs diverge, the records of each side between two matches
// are paired in order, and what is left over faces an empty cell. The first row whose
// messages differ is the "first difference"; rows whose messages match but whose protection
// differs (no keys in one run, application keys in the other) are marked too.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "net/simulation.hpp"
#include "trace/trace.hpp"

namespace gui {

struct CompareRow {
  std::optional<size_t> left, right;  // event indices in each trace; empty for a gap
  bool differs = false;               // different messages, or a record only one run has
  bool protection_differs = false;    // same messages, different protection
};

struct Comparison {
  std::vector<CompareRow> rows;
  std::optional<size_t> first_difference;  // index in rows of the first row that differs
  size_t differing = 0;                    // rows that differ (messages)
  size_t protection_differing = 0;         // rows that differ only by protection
};

// The key two records are matched on: sender, receiver and message names.
std::string match_key(const sim::Event& e);
Comparison compare_traces(const sim::Trace& a, const sim::Trace& b);

// "The current scenario with one change", for the Compare picker: the options with one
// setting changed (both sides at another version, EMS, secure renegotiation, compression, a
// client certificate, a renegotiation, another seed). `label_key` is a UI string key and
// `arg` what it is about (a version name), so the picker shows it in the UI language.
struct Variant {
  std::string label_key;
  std::string arg;
  sim::ScenarioOptions options;
};
std::vector<Variant> one_change_variants(const sim::ScenarioOptions& o);

}  // namespace gui

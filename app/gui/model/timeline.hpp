// The step cursor over a run, without re-running it. A run is deterministic and its trace is
// append-only: the state at step N is the events sent by step N, each with what its receiver
// added (derivations, notes, alert) only once it was delivered (at or before step N). Timeline
// runs a scenario to the end once, remembers for each event when it was sent and delivered and
// what it held when sent, and for each step the summary (negotiated, outcome, key log); moving
// the cursor then only copies or trims the events that change. An imported trace (read from
// JSON) is walked the same way: step N shows its events with step <= N.
#pragma once
#include <memory>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "net/simulation.hpp"
#include "trace/trace.hpp"

namespace gui {

class Timeline {
 public:
  Timeline() = default;
  // Runs the scenario to the end (at most max_steps) and shows step 0. An attacker's long work
  // (a key search, an oracle's queries) reports to `progress` and stops when it is cancelled.
  static Timeline run(const sim::ScenarioOptions& o, size_t max_steps = 100000,
                      std::shared_ptr<sim::Progress> progress = nullptr);
  // Does the scenario's attack do long work once the wire is quiet (worth running off the
  // frame loop, with a progress bar)?
  static bool has_long_work(const sim::ScenarioOptions& o);
  // An imported trace: every event is shown whole from its step on; the summary is the file's.
  static Timeline imported(sim::Trace t);

  size_t total_steps() const { return total_; }
  size_t step() const { return step_; }
  // Moves to step n (clamped to total_steps()). Returns true when the view changed.
  bool go_to(size_t n);
  // The state at step(): what every panel draws.
  const sim::Trace& view() const { return view_; }
  // The whole run (a copy: the events shown whole are kept in the view alone).
  sim::Trace full() const;
  // Changes whenever view() changes; unique across timelines, so caches keyed by it never
  // confuse two runs.
  uint64_t revision() const { return revision_; }
  // Per event of view(): the revision at which it was last made (copied from the run, or
  // trimmed to what it held when sent), so a cache can remake only the events that changed.
  const std::vector<uint64_t>& event_made() const { return made_; }
  bool imported() const { return imported_; }
  // Whether the whole run derives a TLS 1.3 key schedule (has_tls13_schedule(full())): when not,
  // no step of it does.
  bool has_key_schedule() const { return has_key_schedule_; }
  // The key log of the state shown, one line per handshake, with line ends.
  std::string keylog_text() const;
  // The scenario's hand edits that could not be applied in this run (Simulation::edit_errors).
  const std::vector<sim::EditError>& edit_errors() const { return edit_errors_; }

 private:
  struct EventInfo {
    uint32_t sent = 0;       // the step after which the event is on the wire
    uint32_t delivered = 0;  // the step at which its receiver processed it (>= sent)
    uint32_t notes_when_sent = 0;
    bool alert_when_sent = false;
  };
  struct Summary {
    sim::Negotiated negotiated;
    bool handshake_complete = false;
    sim::Outcome outcome;
    std::vector<std::string> keylog;
    size_t client_app = 0, server_app = 0;
    std::optional<sim::AttackReport> attack;  // the attack's result as it stood at that step
  };
  // The per-step summary the panels show (negotiated parameters, outcome, data counts).
  static Summary summary_of(const sim::Trace& t);
  enum class Shown : uint8_t { sent, whole };

  void set_summary(const Summary& s);
  static uint64_t next_revision();

  // An event the view shows whole is the run's own: it is moved into view_ and its slot in
  // full_.events stays empty until the view shows less of it, so the last step of a long trace
  // holds one copy of each event, not two, and a jump across the trace moves events instead of
  // copying them.
  sim::Trace full_, view_;
  std::vector<EventInfo> info_;     // per event of full_
  std::vector<Shown> shown_;        // per event of view_
  std::vector<uint64_t> made_;      // per event of view_: event_made()
  std::vector<Summary> summaries_;  // per step (one for an imported trace)
  size_t total_ = 0, step_ = 0;
  uint64_t revision_ = 0;
  bool imported_ = false;
  bool has_key_schedule_ = false;
  std::vector<sim::EditError> edit_errors_;
};

// A long run built with the engine, for the benchmark and the speed tests: a TLS 1.2
// handshake, then `records_each_way` application records from the client and as many from the
// server, each delivered and recorded as tlslab-gui records them (about 2 * records + 14
// events; past 4,900 records each way, on further connections with a handshake each).
sim::Trace long_trace(size_t records_each_way, uint64_t seed = 1);

}  // namespace gui

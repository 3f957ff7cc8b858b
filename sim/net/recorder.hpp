// The one recorder of a run: every driver (the in-process network of sim/net/network.hpp, the
// GUI's long benchmark run, the socket driver of `tlslab connect`/`serve`) appends what is sent,
// what is delivered and to whom through it, and summarizes the run with it, so every trace says
// the same things in the same words.
#pragma once
#include <string>
#include <vector>

#include "hs/connection.hpp"
#include "trace/sources.hpp"
#include "trace/trace.hpp"

namespace sim {

class Recorder {
 public:
  explicit Recorder(Trace& t) : t_(&t) {}

  // The scenario connection the next events belong to (2 for a resumption).
  void set_connection(int n) { connection_ = n; }
  int connection() const { return connection_; }

  // Appends a record sent at `step` (the step after which it is on the wire) and returns its
  // index. `tag` marks derivation ids of an endpoint that plays a role someone else also plays
  // in the trace (a man in the middle's connections).
  size_t sent(Event ev, uint32_t step, const std::string& tag = "");
  // The receiver processed event `idx` at `step`; `views` are the receiver's events for it
  // (Connection::take_received()): its derivations, notes and alert join the event, apart from
  // the sender's. For the attacker's events, the dissection is the receiver's.
  void delivered(size_t idx, std::vector<Event> views, uint32_t step, const std::string& tag = "");
  // A record from a peer outside the trace (a socket run): appended whole, with what this side
  // made of it as the receiver's part.
  size_t received(Event view, uint32_t step);
  // An attacker's action, in its own lane.
  size_t attack(Event ev, uint32_t step);
  // Whether event `e` shows its receiver's dissection (delivered() takes the receiver's tree):
  // an attacker's record has no sender's dissection of its own. The network asks receivers to
  // dissect only such records (Endpoint::dissect_received).
  static bool shows_receiver_view(const Event& e) { return e.from == Actor::attacker; }

  // The endpoints whose state the summary describes: the client's view of the negotiation,
  // both sides' application data, every side's key log and failure.
  struct Parties {
    const Connection* client = nullptr;
    const Connection* server = nullptr;
    std::vector<const Connection*> others;  // e.g. a man in the middle's two connections
    std::string earlier_keylog;             // key log lines of earlier connections of the run
    Message transport_error;                // a socket problem (timeout, refused), empty if none
  };
  void summarize(const Parties& p);

  Trace& trace() { return *t_; }

 private:
  void tag(Event& ev, const std::string& tag) const;

  Trace* t_;
  int connection_ = 1;
  SourceResolver sources_;  // locates derivation inputs as the trace grows
};

// The outcome in one wording for every driver: each side's failure ("client failed: ..."), else
// the transport's problem, else "completed" (handshake done and every side closed), "connected"
// (handshake done, still open) or "in progress".
Outcome outcome_of(const Recorder::Parties& p);

}  // namespace sim

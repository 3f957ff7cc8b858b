// The simulated network: endpoints (client, server, attacker; later a CA or OCSP responder)
// joined by links, a queue of TCP segments in flight, and an optional attacker that decides,
// for each record in transit, what reaches the other end. One step delivers one segment. Every
// record sent, every delivery and every attacker action goes through one Recorder, so the
// trace holds them all.
#pragma once
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/recorder.hpp"

namespace sim {

// Anything on the network that takes bytes and produces records.
class Endpoint {
 public:
  virtual ~Endpoint() = default;
  virtual Actor actor() const = 0;
  virtual void start() {}
  // A TCP segment from `from`, in any chunking of the records.
  virtual void receive(Actor from, ByteView bytes) = 0;
  // Records sent since the last call, each with Event::to naming the peer it is for.
  virtual std::vector<Event> take_sent() = 0;
  // What it made of the records from `from` it processed since the last call: one event per
  // record, in order (Connection::take_received()).
  virtual std::vector<Event> take_received(Actor from) = 0;
  // The TCP connection closed (an attacker cut it): no more bytes will come.
  virtual void transport_closed() {}
  // Appended to its derivation ids when another endpoint plays the same role in the trace.
  virtual std::string derivation_tag() const { return ""; }
  // Whether the next bytes' views need this side's dissection (Connection::set_dissect_received):
  // only when they replace an attacker's event's tree.
  virtual void dissect_received(bool) {}
};

// The TLS endpoint: a sans-IO Connection (not owned) on the network.
class TlsEndpoint : public Endpoint {
 public:
  explicit TlsEndpoint(Connection* c) : c_(c) {}
  Actor actor() const override { return c_->self(); }
  void start() override { c_->start(); }
  void receive(Actor, ByteView bytes) override { c_->receive(bytes); }
  std::vector<Event> take_sent() override { return c_->take_sent(); }
  std::vector<Event> take_received(Actor) override { return c_->take_received(); }
  void transport_closed() override { c_->transport_closed(); }
  void dissect_received(bool on) override { c_->set_dissect_received(on); }

 private:
  Connection* c_;
};

class Network;

// Why the attacker did something: a catalog message, shown as the note of its event. A lesson's
// attacker that explains itself in its own words gives its text as an untranslated Message.
struct AttackReason {
  AttackReason(Message m) : message(std::move(m)) {}
  Message message;
};
// The reasons the built-in and test attackers give (catalog_notes.cpp).
namespace attack_reason {
inline Message forward() { return msg("attack.forward"); }
inline Message replace() { return msg("attack.replace"); }
inline Message drop() { return msg("attack.drop"); }
inline Message replay() { return msg("attack.replay"); }
inline Message hold() { return msg("attack.hold"); }
inline Message release() { return msg("attack.release"); }
inline Message split() { return msg("attack.split"); }
inline Message coalesce() { return msg("attack.coalesce"); }
inline Message flip_bit() { return msg("attack.flip_bit"); }
inline Message fuzz() { return msg("attack.fuzz"); }
inline Message mitm() { return msg("attack.mitm"); }
inline Message cut() { return msg("attack.cut"); }
}  // namespace attack_reason

// A whole TLS record: the 5-byte header (type, version bytes, length) and the fragment, as an
// attacker who splits, joins, forges or re-seals records writes it.
Bytes make_record(uint8_t type, uint8_t v0, uint8_t v1, ByteView fragment);

// The attacker's hands on the wire while it decides about one record in transit (or, from
// Attacker::on_idle, when nothing is in flight). Each call but pass() records an event in the
// attacker's lane with the bytes before and after and the reason. What it puts on the wire is
// delivered in the order of the calls, before anything that was already in flight. A record it
// says nothing about is forwarded unchanged, first.
class Wire {
 public:
  bool has_record() const { return cur_ != nullptr; }
  const Event& record() const;  // the record in transit
  Actor to() const;             // where it was going

  void pass();                                    // forward it, without an event
  void forward(const AttackReason& r);            // forward it, saying so
  void replace(Bytes bytes, const AttackReason& r);
  void drop(const AttackReason& r);
  // A new record (whole, with its header) for `to`, as if its peer on the link had sent it.
  void inject(Actor to, Bytes record, const AttackReason& r);
  // Keeps the record back; release(handle) puts it on the wire later (a reorder).
  size_t hold(const AttackReason& r);
  void release(size_t handle, const AttackReason& r);
  size_t held() const;
  // One record in several TCP segments of the given sizes (the rest in a last one).
  void split_segments(const std::vector<size_t>& sizes, const AttackReason& r);
  // An unprotected record's fragment cut into several records of the given content sizes (the
  // rest in a last one). Returns false, and does nothing, for a protected record.
  bool split_records(const std::vector<size_t>& sizes, const AttackReason& r);
  // A held record and this one sent together: in one TCP segment, or (one_record, both
  // unprotected and of one content type) as one record. Returns false, and does nothing, when
  // that is impossible.
  bool coalesce(size_t handle, bool one_record, const AttackReason& r);
  // Cuts the TCP connection: this record and everything in flight are lost, and every endpoint
  // sees the transport close (a truncation, unless a close_notify came first).
  void cut(const AttackReason& r);

 private:
  friend class Network;
  struct Segment {
    Actor from = Actor::client, to = Actor::server;
    Bytes bytes;
    std::vector<size_t> records;  // trace events whose records end in this segment, in order
    size_t origin = 0;            // the event the attacker sees
    bool inspected = false;       // put on the wire by the attacker: not shown to it again
  };
  Wire(Network& n, Segment* cur) : net_(n), cur_(cur) {}
  size_t act(AttackAction::Kind kind, Actor to, Bytes before, Bytes after, Message label,
             const AttackReason& r);
  void decide();

  Network& net_;
  Segment* cur_;
  bool decided_ = false;
  std::vector<Segment> out_;
};

// The progress of an attacker's long work (a key search, an oracle's queries), read by the
// CLI's progress line and the GUI's progress bar from another thread. cancel() asks the work to
// stop at its next candidate or query; what it found so far stays in the report.
class Progress {
 public:
  void set_total(uint64_t n) { total_ = n; }
  void add(uint64_t n = 1) { done_ += n; }
  uint64_t done() const { return done_; }
  uint64_t total() const { return total_; }  // 0: not known in advance
  void cancel() { cancelled_ = true; }
  bool cancelled() const { return cancelled_; }
  // What is recovered so far (the cookie's known bytes, the key, the interval), as data for a
  // live view: text or hex, never a sentence.
  void set_partial(std::string s) {
    std::lock_guard<std::mutex> l(m_);
    partial_ = std::move(s);
  }
  std::string partial() const {
    std::lock_guard<std::mutex> l(m_);
    return partial_;
  }

 private:
  std::atomic<uint64_t> done_{0}, total_{0};
  std::atomic<bool> cancelled_{false};
  mutable std::mutex m_;
  std::string partial_;
};

// The attacker slot. A simple attacker overrides on_transit() (replace a record's bytes, or
// forward it); one that does more overrides on_record() and uses the Wire; a man in the middle
// is also an Endpoint that owns connections of its own (sim/net/mitm.hpp).
class Attacker {
 public:
  virtual ~Attacker() = default;
  // Decides about one record in transit. The default applies on_transit().
  virtual void on_record(const Event& record, Wire& wire);
  // Bytes to deliver instead of the record; nullopt forwards it unchanged.
  virtual std::optional<Bytes> on_transit(const Event&) { return std::nullopt; }
  // Nothing is in flight: a chance to release what it holds or to inject.
  virtual void on_idle(Wire&) {}
  // Why on_transit() altered a record: the note of the attacker's event.
  virtual Message describe() const { return attack_reason::replace(); }
  // Non-null when the attacker terminates connections: records are addressed to it.
  virtual Endpoint* endpoint() { return nullptr; }
  // False for one that terminates plain HTTP connections only (an SSL stripper): the client's
  // TLS connections then pass it on the wire like any on-path attacker's.
  virtual bool terminates_tls() const { return true; }
  // Asked once the scenario's connections are over: non-null when the attacker wants a connection
  // of its own to the server, this endpoint (Actor::attacker) being the client. The server is a
  // fresh instance of the same configuration (same ticket key) and the trace's next connection.
  // An attacker that is also an endpoint() is asked each time nothing is in flight.
  virtual Endpoint* client_endpoint() { return nullptr; }
  // The connections it owns (their failures and key log join the run's summary).
  virtual std::vector<const Connection*> connections() const { return {}; }
  // The client's revocation fetch (kind "CRL" or "OCSP") to `url` passes the attacker on its way
  // to the CA or responder: it returns the answer to deliver, nullopt to drop it.
  virtual std::optional<Bytes> on_fetch(const std::string& /*kind*/, const std::string& /*url*/,
                                        std::optional<Bytes> answer) {
    return answer;
  }
  // Long work once nothing is left to deliver: the cryptanalytic attacks' key search or oracle
  // queries (against fresh endpoints of the run's configuration, byte for byte as on the wire).
  // Simulation runs it once, as the end of the run, then asks report() again.
  virtual bool has_analysis() const { return false; }
  virtual void analyze(const Trace&, Progress&) {}
  // A scripted attack's result so far (sim/attack/script.hpp), `over` once nothing is left to
  // deliver; nullopt for other attackers.
  virtual std::optional<AttackReport> report(const Trace&, bool /*over*/) const { return std::nullopt; }
};

class Network {
 public:
  explicit Network(Recorder& rec) : rec_(rec) {}
  // Endpoints are not owned; an attacker with an endpoint joins as one.
  void add(Endpoint* e);
  // Records one end sends go to the other (both ways).
  void link(Actor a, Actor b);
  void unlink(Actor a, Actor b);
  void set_attacker(std::shared_ptr<Attacker> a);
  const std::shared_ptr<Attacker>& attacker() const { return attacker_; }

  void start(Actor a);
  // Records what `a` sent and puts it in flight.
  void collect(Actor a);
  // Delivers the next segment in flight (after the attacker's decision). False when nothing is
  // left to deliver and the attacker has nothing more to put on the wire.
  bool step();
  bool idle() const { return queue_.empty(); }
  uint32_t steps() const { return steps_; }
  Recorder& recorder() { return rec_; }

 private:
  friend class Wire;
  using Segment = Wire::Segment;
  Endpoint& endpoint(Actor a);
  Actor peer_of(Actor a, Actor hint) const;
  void deliver(Segment s);
  bool close_all();  // after a cut: nothing more is delivered, every endpoint sees the close

  Recorder& rec_;
  std::map<Actor, Endpoint*> endpoints_;
  std::vector<std::pair<Actor, Actor>> links_;
  std::shared_ptr<Attacker> attacker_;
  std::deque<Segment> queue_;
  std::map<size_t, Segment> held_;
  size_t next_hold_ = 1;
  // Per (receiver, sender): events whose records reached the receiver and await its view.
  std::map<std::pair<Actor, Actor>, std::deque<size_t>> awaiting_;
  uint32_t steps_ = 0;
  bool cut_ = false;  // an attacker cut the connection
};

}  // namespace sim

#include "net/network.hpp"

#include <cassert>

#include "core/bytes.hpp"

namespace sim {

namespace {

constexpr size_t kHeader = 5;

// Cuts `n` bytes into pieces of the given sizes, the rest in a last piece; empty pieces are skipped.
std::vector<std::pair<size_t, size_t>> pieces(size_t n, const std::vector<size_t>& sizes) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t off = 0;
  for (size_t s : sizes) {
    s = std::min(s, n - off);
    if (s == 0) continue;
    out.emplace_back(off, s);
    off += s;
  }
  if (off < n) out.emplace_back(off, n - off);
  return out;
}

// A record's name as a parameter of a label: its own label when the attacker made it (an
// injected record held and coalesced), else the record's name (a protocol name, not translated).
Message labelled(Message m, const char* param, const Event& e) {
  if (e.attack && !e.attack->label.empty()) return m.arg(param, e.attack->label);
  return m.arg(param, e.name);
}

}  // namespace

Bytes make_record(uint8_t type, uint8_t v0, uint8_t v1, ByteView fragment) {
  Bytes r = {type, v0, v1, uint8_t(fragment.size() >> 8), uint8_t(fragment.size())};
  r.insert(r.end(), fragment.begin(), fragment.end());
  return r;
}

// ---- the attacker's wire ---------------------------------------------------------------

const Event& Wire::record() const {
  assert(cur_);
  return net_.rec_.trace().events[cur_->origin];
}

Actor Wire::to() const {
  assert(cur_);
  return cur_->to;
}

size_t Wire::act(AttackAction::Kind kind, Actor to, Bytes before, Bytes after, Message label,
                 const AttackReason& r) {
  Event ev;
  ev.to = to;
  ev.name = label.english();
  if (cur_) {
    const Event& orig = record();
    ev.layer = orig.layer;
    ev.protection = orig.protection;
  } else {
    ev.protection = Protection::unknown_keys();
  }
  // An injected record is not the one in transit: its type is its own header's.
  if (kind == AttackAction::Kind::inject) ev.layer.reset();
  if (!ev.layer && !after.empty()) ev.layer = ContentType(after[0]);
  ev.bytes = std::move(after);
  // The reason is the event's note, in the viewer's language (a lesson's own text as it is).
  if (!r.message.empty()) ev.notes.push_back(r.message);
  ev.attack = AttackAction{kind, std::move(before), r.message.key, r.message.english(), std::move(label)};
  return net_.rec_.attack(std::move(ev), net_.steps_);
}

void Wire::decide() {
  assert(cur_ && !decided_);
  decided_ = true;
}

void Wire::pass() {
  decide();
  Segment s = *cur_;
  s.inspected = true;
  out_.push_back(std::move(s));
}

void Wire::forward(const AttackReason& r) {
  decide();
  size_t idx = act(AttackAction::Kind::forward, cur_->to, cur_->bytes, cur_->bytes, labelled(msg("attack.label.forward"), "record", record()), r);
  out_.push_back(Segment{cur_->from, cur_->to, cur_->bytes, {idx}, idx, true});
}

void Wire::replace(Bytes bytes, const AttackReason& r) {
  decide();
  size_t idx = act(AttackAction::Kind::replace, cur_->to, cur_->bytes, bytes, labelled(msg("attack.label.replace"), "record", record()), r);
  out_.push_back(Segment{cur_->from, cur_->to, std::move(bytes), {idx}, idx, true});
}

void Wire::drop(const AttackReason& r) {
  decide();
  act(AttackAction::Kind::drop, cur_->to, cur_->bytes, {}, labelled(msg("attack.label.drop"), "record", record()), r);
}

void Wire::inject(Actor to, Bytes record, const AttackReason& r) {
  Actor from = net_.peer_of(to, to == Actor::client ? Actor::server : Actor::client);
  Message label = record.empty() ? msg("attack.label.inject_empty")
                                 : msg("attack.label.inject").arg("record", name_of(ContentType(record[0])));
  size_t idx = act(AttackAction::Kind::inject, to, {}, record, std::move(label), r);
  out_.push_back(Segment{from, to, std::move(record), {idx}, idx, true});
}

size_t Wire::hold(const AttackReason& r) {
  decide();
  act(AttackAction::Kind::hold, cur_->to, cur_->bytes, {}, labelled(msg("attack.label.hold"), "record", record()), r);
  size_t h = net_.next_hold_++;
  Segment s = *cur_;
  s.inspected = true;
  net_.held_[h] = std::move(s);
  return h;
}

size_t Wire::held() const { return net_.held_.size(); }

void Wire::release(size_t handle, const AttackReason& r) {
  auto it = net_.held_.find(handle);
  if (it == net_.held_.end()) return;
  Segment s = std::move(it->second);
  net_.held_.erase(it);
  // The released record is delivered as the attacker's event (its receiver's view joins it).
  Segment* saved = cur_;
  cur_ = &s;
  size_t idx = act(AttackAction::Kind::release, s.to, s.bytes, s.bytes, labelled(msg("attack.label.release"), "record", record()), r);
  cur_ = saved;
  s.records = {idx};
  s.origin = idx;
  out_.push_back(std::move(s));
}

void Wire::split_segments(const std::vector<size_t>& sizes, const AttackReason& r) {
  decide();
  auto parts = pieces(cur_->bytes.size(), sizes);
  size_t idx = act(AttackAction::Kind::split, cur_->to, cur_->bytes, cur_->bytes,
                   labelled(msg("attack.label.split_segments"), "record", record()).arg("n", std::to_string(parts.size())), r);
  for (size_t i = 0; i < parts.size(); ++i) {
    Segment s{cur_->from, cur_->to, Bytes(cur_->bytes.begin() + long(parts[i].first),
                                          cur_->bytes.begin() + long(parts[i].first + parts[i].second)),
              {}, idx, true};
    if (i + 1 == parts.size()) s.records = {idx};
    out_.push_back(std::move(s));
  }
}

bool Wire::split_records(const std::vector<size_t>& sizes, const AttackReason& r) {
  const Bytes& b = cur_->bytes;
  if (record().protection.is_protected() || b.size() <= kHeader) return false;
  decide();
  auto parts = pieces(b.size() - kHeader, sizes);
  for (size_t i = 0; i < parts.size(); ++i) {
    Bytes rec = make_record(b[0], b[1], b[2], ByteView(b).subspan(kHeader + parts[i].first, parts[i].second));
    size_t idx = act(AttackAction::Kind::split, cur_->to, b, rec,
                     labelled(msg("attack.label.split_record"), "record", record())
                         .arg("i", std::to_string(i + 1))
                         .arg("n", std::to_string(parts.size())),
                     r);
    out_.push_back(Segment{cur_->from, cur_->to, std::move(rec), {idx}, idx, true});
  }
  return true;
}

bool Wire::coalesce(size_t handle, bool one_record, const AttackReason& r) {
  auto it = net_.held_.find(handle);
  if (it == net_.held_.end() || it->second.to != cur_->to) return false;
  const Segment& h = it->second;
  const Event& held_ev = net_.rec_.trace().events[h.origin];
  Bytes before = h.bytes;
  before.insert(before.end(), cur_->bytes.begin(), cur_->bytes.end());
  auto label = [&](Message m) { return labelled(labelled(std::move(m), "first", held_ev), "second", record()); };
  if (one_record) {
    if (held_ev.protection.is_protected() || record().protection.is_protected() || h.bytes.size() < kHeader ||
        cur_->bytes.size() < kHeader || h.bytes[0] != cur_->bytes[0])
      return false;
    decide();
    Bytes content(h.bytes.begin() + kHeader, h.bytes.end());
    content.insert(content.end(), cur_->bytes.begin() + kHeader, cur_->bytes.end());
    Bytes rec = make_record(h.bytes[0], h.bytes[1], h.bytes[2], content);
    size_t idx = act(AttackAction::Kind::coalesce, cur_->to, before, rec, label(msg("attack.label.coalesce_record")), r);
    out_.push_back(Segment{cur_->from, cur_->to, std::move(rec), {idx}, idx, true});
  } else {
    decide();
    size_t idx = act(AttackAction::Kind::coalesce, cur_->to, before, before, label(msg("attack.label.coalesce_segment")), r);
    // Two records in one segment: the receiver's two views both join the attacker's event.
    out_.push_back(Segment{cur_->from, cur_->to, before, {idx, idx}, idx, true});
  }
  net_.held_.erase(handle);
  return true;
}

void Wire::cut(const AttackReason& r) {
  if (cur_) {
    decide();
    act(AttackAction::Kind::cut, cur_->to, cur_->bytes, {}, labelled(msg("attack.label.cut"), "record", record()), r);
  } else {
    act(AttackAction::Kind::cut, Actor::client, {}, {}, msg("attack.label.cut_idle"), r);
  }
  net_.cut_ = true;
}

void Attacker::on_record(const Event& record, Wire& wire) {
  if (auto altered = on_transit(record)) wire.replace(std::move(*altered), describe());
}

// ---- the network -----------------------------------------------------------------------

void Network::add(Endpoint* e) {
  // A new endpoint in a role (a resumed connection) starts with nothing awaited.
  for (auto& [k, q] : awaiting_)
    if (k.first == e->actor() || k.second == e->actor()) q.clear();
  endpoints_[e->actor()] = e;
}

void Network::link(Actor a, Actor b) { links_.emplace_back(a, b); }

void Network::unlink(Actor a, Actor b) {
  std::erase_if(links_, [&](const std::pair<Actor, Actor>& l) { return (l.first == a && l.second == b) || (l.first == b && l.second == a); });
}

void Network::set_attacker(std::shared_ptr<Attacker> a) {
  attacker_ = std::move(a);
  if (attacker_ && attacker_->endpoint()) add(attacker_->endpoint());
}

Endpoint& Network::endpoint(Actor a) {
  auto it = endpoints_.find(a);
  assert(it != endpoints_.end());
  return *it->second;
}

// The end linked to `a`: its only link's other end, or `hint` when `a` has several links.
Actor Network::peer_of(Actor a, Actor hint) const {
  std::vector<Actor> peers;
  for (auto& [x, y] : links_) {
    if (x == a) peers.push_back(y);
    if (y == a) peers.push_back(x);
  }
  if (peers.size() == 1) return peers[0];
  return hint;
}

void Network::start(Actor a) {
  endpoint(a).start();
  collect(a);
}

void Network::collect(Actor a) {
  Endpoint& e = endpoint(a);
  for (auto& ev : e.take_sent()) {
    ev.from = a;
    ev.to = peer_of(a, ev.to);
    Actor to = ev.to;
    Bytes bytes = ev.bytes;
    size_t idx = rec_.sent(std::move(ev), steps_, e.derivation_tag());
    queue_.push_back(Segment{a, to, std::move(bytes), {idx}, idx, false});
  }
}

bool Network::step() {
  if (cut_) return false;
  if (queue_.empty()) {
    if (!attacker_) return false;
    // Nothing in flight: the attacker may still release or inject.
    Wire w(*this, nullptr);
    uint32_t before = steps_++;
    attacker_->on_idle(w);
    if (cut_) return close_all();
    if (w.out_.empty()) {
      steps_ = before;
      return false;
    }
    for (auto& s : w.out_) queue_.push_back(std::move(s));
    Segment s = std::move(queue_.front());
    queue_.pop_front();
    deliver(std::move(s));
    return true;
  }
  ++steps_;
  Segment s = std::move(queue_.front());
  queue_.pop_front();
  if (attacker_ && !s.inspected) {
    Wire w(*this, &s);
    attacker_->on_record(rec_.trace().events[s.origin], w);
    if (cut_) return close_all();
    if (!w.decided_) w.out_.insert(w.out_.begin(), Segment{s.from, s.to, s.bytes, s.records, s.origin, true});
    for (auto it = w.out_.rbegin(); it != w.out_.rend(); ++it) queue_.push_front(std::move(*it));
    // A drop or a hold consumes the step with nothing delivered.
    if (queue_.empty() || w.out_.empty()) return true;
    s = std::move(queue_.front());
    queue_.pop_front();
  }
  deliver(std::move(s));
  return true;
}

bool Network::close_all() {
  queue_.clear();
  held_.clear();
  for (auto& [a, e] : endpoints_) e->transport_closed();
  return true;
}

void Network::deliver(Segment s) {
  Endpoint& to = endpoint(s.to);
  auto& waiting = awaiting_[{s.to, s.from}];
  for (size_t idx : s.records) {
    waiting.push_back(idx);
    rec_.trace().events[idx].delivered = steps_;
  }
  // The receiver's dissection is kept only for events that show it (Recorder::delivered); a
  // segment may also complete no event of its own (an attacker's split_segments).
  const auto& events = rec_.trace().events;
  bool shown = Recorder::shows_receiver_view(events[s.origin]);
  for (size_t idx : waiting) shown = shown || Recorder::shows_receiver_view(events[idx]);
  to.dissect_received(shown);
  to.receive(s.from, s.bytes);
  std::string tag = to.derivation_tag();
  for (auto& view : to.take_received(s.from)) {
    if (waiting.empty()) {
      // Bytes no event accounts for (an attacker's odd cut): the receiver's view stands alone.
      rec_.received(std::move(view), steps_);
      continue;
    }
    size_t idx = waiting.front();
    waiting.pop_front();
    std::vector<Event> one;
    one.push_back(std::move(view));
    rec_.delivered(idx, std::move(one), steps_, tag);
  }
  collect(s.to);
  if (endpoints_.count(s.from)) collect(s.from);
  for (auto& [a, e] : endpoints_)
    if (a != s.to && a != s.from) collect(a);
}

}  // namespace sim

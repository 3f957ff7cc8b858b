#include "attack/script.hpp"

#include <algorithm>

namespace sim::attack {

std::optional<StoppingAlert> first_fatal_alert(const Trace& t) {
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (e.attack || e.from == Actor::attacker || !e.alert || e.alert->level != AlertLevel::fatal) continue;
    return StoppingAlert{e.alert->description, e.from, uint32_t(i)};
  }
  return std::nullopt;
}

bool contains(ByteView hay, ByteView needle) {
  return !needle.empty() && std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

std::optional<uint32_t> first_attack_event(const Trace& t, AttackAction::Kind kind) {
  for (size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].attack && t.events[i].attack->kind == kind) return uint32_t(i);
  return std::nullopt;
}

std::optional<AttackReport> Script::report(const Trace& t, bool over) const {
  return make_report(won_, lost_, t, over, succeeded(t), evidence(t));
}

AttackReport make_report(const Message& won_text, const Message& lost_text, const Trace& t, bool over, bool won,
                         std::vector<AttackEvidence> evidence) {
  AttackReport r;
  r.evidence = std::move(evidence);
  auto stop = first_fatal_alert(t);
  if (won) {
    r.succeeded = true;
    r.summary = won_text;
  } else if (over || stop) {
    r.succeeded = false;
    if (stop) {
      r.stopped_by_alert = stop->alert;
      r.stopped_by = stop->by;
      r.stopped_at_event = stop->event;
      r.summary = msg("attack.result.stopped")
                      .arg("side", actor_message(stop->by))
                      .arg("alert", name_of(stop->alert))
                      .arg("event", std::to_string(stop->event));
    } else {
      r.summary = lost_text;
    }
  } else {
    r.summary = msg("attack.result.in_progress");
  }
  return r;
}

void set_work(AttackReport& r, uint64_t count, const char* unit, bool cancelled, double seconds,
              std::vector<AttackQuery> kept) {
  r.work = count;
  r.work_unit = unit;
  r.cancelled = cancelled;
  r.seconds = seconds;
  r.queries = std::move(kept);
}

AttackEvidence text_evidence(std::string name, Message label, ByteView value, std::optional<uint32_t> event) {
  return {std::move(name), std::move(label), Bytes(value.begin(), value.end()), true, event};
}

AttackEvidence hex_evidence(std::string name, Message label, ByteView value, std::optional<uint32_t> event) {
  return {std::move(name), std::move(label), Bytes(value.begin(), value.end()), false, event};
}

std::optional<HandshakeType> handshake_type(const Event& record) {
  const Bytes& b = record.bytes;
  if (record.protection.is_protected() || b.size() < 6 || b[0] != uint8_t(ContentType::handshake)) return std::nullopt;
  return HandshakeType(b[5]);
}

bool is_application_record(const Event& record) {
  // What the wire shows: content type 23 under the connection's keys. In TLS 1.3 every
  // protected record says 23; those under application traffic keys are the data (an observer
  // tells them apart by their place after the Finished).
  if (record.bytes.empty() || record.bytes[0] != uint8_t(ContentType::application_data)) return false;
  return record.protection.phase == ProtectionPhase::epoch || record.protection.phase == ProtectionPhase::application;
}

}  // namespace sim::attack

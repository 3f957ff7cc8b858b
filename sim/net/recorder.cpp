#include "net/recorder.hpp"

#include <algorithm>


namespace sim {

void Recorder::tag(Event& ev, const std::string& tag) const {
  if (ev.http) return;  // a plain HTTP message: its own connection, no derivations
  ev.connection = connection_;
  // Derivation ids stay unique when a second connection, or a man in the middle playing the
  // same role, repeats the names.
  std::string suffix = tag + (connection_ == 1 ? "" : "#" + std::to_string(connection_));
  if (suffix.empty()) return;
  auto retag = [&](std::string& id) {
    if (id.find('#') == std::string::npos && (tag.empty() || id.find(tag) == std::string::npos)) id += suffix;
  };
  for (auto* list : {&ev.derivations, &ev.receiver_derivations})
    for (auto& d : *list) {
      retag(d.id);
      // Inputs that name a derivation of this connection follow its id.
      for (auto& in : d.inputs)
        in.from.visit([&](Source& s) {
          if (s.kind == Source::Kind::derivation && !s.earlier_connection) retag(s.id);
        });
    }
}

size_t Recorder::sent(Event ev, uint32_t step, const std::string& t) {
  tag(ev, t);
  ev.step = step;
  t_->events.push_back(std::move(ev));
  return t_->events.size() - 1;
}

void Recorder::delivered(size_t idx, std::vector<Event> views, uint32_t step, const std::string& t) {
  Event& ev = t_->events[idx];
  ev.delivered = step;
  for (auto& rv : views) {
    tag(rv, t);
    if (shows_receiver_view(ev) && !rv.tree.name.empty()) {
      ev.tree = std::move(rv.tree);
      ev.plaintext = std::move(rv.plaintext);
      sources_.changed(idx);
    }
    // A Connection puts what it computed on receipt in its received event's one list.
    for (auto& d : rv.derivations) ev.receiver_derivations.push_back(std::move(d));
    for (auto& n : rv.notes) ev.notes.push_back(std::move(n));
    if (rv.alert && !ev.alert) ev.alert = std::move(rv.alert);
    if (rv.states.receiver) ev.states.receiver = rv.states.receiver;
  }
}

size_t Recorder::received(Event view, uint32_t step) {
  tag(view, "");
  view.step = view.delivered.emplace(step);
  view.receiver_derivations = std::move(view.derivations);
  view.derivations.clear();
  t_->events.push_back(std::move(view));
  return t_->events.size() - 1;
}

size_t Recorder::attack(Event ev, uint32_t step) {
  ev.from = Actor::attacker;
  return sent(std::move(ev), step);
}

Outcome outcome_of(const Recorder::Parties& p) {
  std::vector<const Connection*> all;
  for (const Connection* c : {p.client, p.server})
    if (c) all.push_back(c);
  for (const Connection* c : p.others) all.push_back(c);
  Outcome o;
  int failed = 0;
  for (const Connection* c : all) {
    Message f = c->failure_message();
    if (f.empty()) continue;
    o.reason = failed++ ? msg("outcome.and").arg("first", std::move(o.reason)).arg("second", std::move(f)) : std::move(f);
    o.kind = c->self() == Actor::client ? OutcomeKind::client_failed : OutcomeKind::server_failed;
  }
  // Both sides, or one of a man in the middle's connections (the client or server lane then
  // does not say which connection failed).
  if (failed > 1 || (failed == 1 && !p.others.empty())) o.kind = OutcomeKind::failed;
  if (failed) return o;
  if (!p.transport_error.empty()) return Outcome{OutcomeKind::transport_error, p.transport_error};
  bool complete = !all.empty(), finished = true;
  for (const Connection* c : all) {
    complete = complete && c->handshake_complete();
    finished = finished && c->finished();
  }
  o.kind = complete && finished ? OutcomeKind::completed : complete ? OutcomeKind::connected : OutcomeKind::in_progress;
  return o;
}

void Recorder::summarize(const Parties& p) {
  Trace& t = *t_;
  t.negotiated = p.client ? p.client->negotiated() : Negotiated{};
  if (t.negotiated.version == 0 && p.server) t.negotiated = p.server->negotiated();
  t.handshake_complete = (p.client || p.server) && (!p.client || p.client->handshake_complete()) &&
                         (!p.server || p.server->handshake_complete());
  for (const Connection* c : p.others) t.handshake_complete = t.handshake_complete && c->handshake_complete();
  t.client_app_received = p.client ? p.client->app_received() : Bytes{};
  t.server_app_received = p.server ? p.server->app_received() : Bytes{};
  // The client's key log, or the server's when only it has keys; then the other connections'.
  std::string keys = p.client ? p.client->keylog_line() : "";
  if (keys.empty() && p.server) keys = p.server->keylog_line();
  for (const Connection* c : p.others) {
    std::string k = c->keylog_line();
    if (k.empty()) continue;
    if (!keys.empty() && keys.back() != '\n') keys += "\n";
    keys += k;
  }
  // Each connection's keys once (the server's line repeats the line of the attacker it talked to).
  t.keylog.clear();
  for (auto& line : keylog_lines(p.earlier_keylog + keys))
    if (std::find(t.keylog.begin(), t.keylog.end(), line) == t.keylog.end()) t.keylog.push_back(line);
  t.outcome = outcome_of(p);
  sources_.update(t);
}

}  // namespace sim

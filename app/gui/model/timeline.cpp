#include "model/timeline.hpp"

#include <algorithm>
#include <atomic>
#include <deque>

#include "hs/connection.hpp"

namespace gui {

uint64_t Timeline::next_revision() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}

Timeline::Summary Timeline::summary_of(const sim::Trace& t) {
  Summary su;
  su.negotiated = t.negotiated;
  su.handshake_complete = t.handshake_complete;
  su.outcome = t.outcome;
  su.keylog = t.keylog;
  su.client_app = t.client_app_received.size();
  su.server_app = t.server_app_received.size();
  return su;
}

Timeline Timeline::run(const sim::ScenarioOptions& o, size_t max_steps) {
  Timeline tl;
  sim::Simulation s(o);
  auto record_new = [&](size_t from) {
    const auto& ev = s.trace().events;
    for (size_t i = from; i < ev.size(); ++i) {
      EventInfo in;
      in.sent = ev[i].step;
      in.delivered = UINT32_MAX;
      in.derivations_when_sent = uint32_t(ev[i].derivations.size());
      in.notes_when_sent = uint32_t(ev[i].notes.size());
      in.alert_when_sent = ev[i].alert.has_value();
      tl.info_.push_back(in);
    }
  };
  record_new(0);
  tl.summaries_.push_back(summary_of(s.trace()));
  // Each step delivers the oldest record in flight: records are delivered in the order sent.
  size_t next_delivery = 0;
  while (s.step_count() < max_steps) {
    size_t before = s.trace().events.size();
    if (!s.step()) break;
    if (next_delivery < tl.info_.size()) tl.info_[next_delivery++].delivered = uint32_t(s.step_count());
    record_new(before);
    tl.summaries_.push_back(summary_of(s.trace()));
  }
  tl.full_ = s.trace();
  tl.total_ = s.step_count();
  tl.step_ = size_t(-1);
  tl.go_to(0);
  return tl;
}

Timeline Timeline::imported(sim::Trace t) {
  Timeline tl;
  tl.imported_ = true;
  tl.summaries_.push_back(summary_of(t));
  uint32_t last = 0;
  for (auto& e : t.events) {
    EventInfo in;
    // A file may list events out of step order; never show a later event before an earlier one.
    last = std::max(last, e.step);
    in.sent = in.delivered = last;
    in.derivations_when_sent = uint32_t(e.derivations.size());
    in.notes_when_sent = uint32_t(e.notes.size());
    in.alert_when_sent = e.alert.has_value();
    tl.info_.push_back(in);
  }
  tl.total_ = last;
  tl.full_ = std::move(t);
  tl.step_ = size_t(-1);
  tl.go_to(0);
  return tl;
}

void Timeline::set_summary(const Summary& s) {
  view_.negotiated = s.negotiated;
  view_.handshake_complete = s.handshake_complete;
  view_.outcome = s.outcome;
  view_.keylog = s.keylog;
  auto prefix = [](const sim::Bytes& all, size_t n) { return sim::Bytes(all.begin(), all.begin() + std::min(n, all.size())); };
  if (view_.client_app_received.size() != s.client_app)
    view_.client_app_received = prefix(full_.client_app_received, s.client_app);
  if (view_.server_app_received.size() != s.server_app)
    view_.server_app_received = prefix(full_.server_app_received, s.server_app);
}

bool Timeline::go_to(size_t n) {
  n = std::min(n, total_);
  if (n == step_) return false;
  if (view_.scenario != full_.scenario) view_.scenario = full_.scenario;
  // Events are in the order sent: the ones shown are a prefix.
  size_t count = 0;
  while (count < info_.size() && info_[count].sent <= n) ++count;
  while (view_.events.size() > count) {
    view_.events.pop_back();
    shown_.pop_back();
  }
  auto make = [&](size_t i, Shown want) {
    sim::Event e = full_.events[i];
    if (want == Shown::sent) {
      const EventInfo& in = info_[i];
      e.derivations.resize(std::min<size_t>(e.derivations.size(), in.derivations_when_sent));
      e.notes.resize(std::min<size_t>(e.notes.size(), in.notes_when_sent));
      if (!in.alert_when_sent) e.alert.reset();
      e.states.receiver.reset();  // not processed yet
    }
    return e;
  };
  auto wanted = [&](size_t i) { return info_[i].delivered <= n ? Shown::whole : Shown::sent; };
  for (size_t i = 0; i < view_.events.size(); ++i) {
    Shown w = wanted(i);
    if (shown_[i] == w) continue;
    view_.events[i] = make(i, w);
    shown_[i] = w;
  }
  for (size_t i = view_.events.size(); i < count; ++i) {
    Shown w = wanted(i);
    view_.events.push_back(make(i, w));
    shown_.push_back(w);
  }
  set_summary(summaries_[std::min(n, summaries_.size() - 1)]);
  step_ = n;
  revision_ = next_revision();
  return true;
}

std::string Timeline::keylog_text() const {
  std::string s;
  for (auto& l : view_.keylog) s += l + "\n";
  return s;
}

// ---- a long run for the benchmark ------------------------------------------------------

sim::Trace long_trace(size_t records_each_way, uint64_t seed) {
  sim::ScenarioOptions o;
  o.seed = seed;
  o.description = "benchmark: a TLS 1.2 handshake and " + std::to_string(records_each_way) + " application records each way";
  sim::ClientConfig cc = sim::client_config(o);
  cc.send_http_request = false;
  auto client = sim::make_client(cc, seed);
  sim::ServerConfig sc = sim::server_config(o);
  sc.send_http_response = false;  // it would answer the first request and close
  auto server = sim::make_server(sc, seed);
  sim::Trace t;
  t.scenario = o.to_json_text();
  std::deque<size_t> in_flight;
  size_t steps = 0;
  auto collect = [&](sim::Connection& c) {
    for (auto& ev : c.take_sent()) {
      ev.step = uint32_t(steps);
      t.events.push_back(std::move(ev));
      in_flight.push_back(t.events.size() - 1);
    }
  };
  // Delivers one record, as sim::Simulation::step() does: the receiver's view joins its event.
  auto deliver = [&]() {
    if (in_flight.empty()) return false;
    size_t idx = in_flight.front();
    in_flight.pop_front();
    ++steps;
    sim::Connection& to = t.events[idx].to == sim::Actor::client ? *client : *server;
    sim::Connection& from = t.events[idx].to == sim::Actor::client ? *server : *client;
    sim::Bytes wire = t.events[idx].bytes;
    to.receive(wire);
    for (auto& rv : to.take_received()) {
      sim::Event& ev = t.events[idx];
      for (auto& d : rv.derivations) ev.derivations.push_back(std::move(d));
      for (auto& note : rv.notes) ev.notes.push_back(note);
      if (rv.alert && !ev.alert) ev.alert = rv.alert;
      if (rv.states.receiver) ev.states.receiver = rv.states.receiver;
    }
    collect(to);
    collect(from);
    return true;
  };
  client->start();
  collect(*client);
  while (deliver()) {
  }
  for (size_t i = 0; i < records_each_way && !client->failed() && !server->failed(); ++i) {
    std::string c = "GET /item/" + std::to_string(i) + " HTTP/1.1\r\nHost: " + o.host + "\r\n\r\n";
    std::string s = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + std::to_string(i % 100);
    client->send_application_data(sim::ByteView(reinterpret_cast<const uint8_t*>(c.data()), c.size()));
    collect(*client);
    server->send_application_data(sim::ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    collect(*server);
    while (deliver()) {
    }
  }
  t.negotiated = client->negotiated();
  t.handshake_complete = client->handshake_complete() && server->handshake_complete();
  t.client_app_received = client->app_received();
  t.server_app_received = server->app_received();
  t.keylog = sim::keylog_lines(client->keylog_line());
  t.outcome = client->failed() || server->failed() ? "failed" : t.handshake_complete ? "connected" : "in progress";
  return t;
}

}  // namespace gui

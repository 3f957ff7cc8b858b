#include "model/timeline.hpp"

#include <algorithm>
#include <atomic>

#include "hs/connection.hpp"
#include "model/key_schedule.hpp"
#include "net/network.hpp"
#include "scenario/attacks.hpp"

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
  su.attack = t.attack;
  su.client_app = t.client_app_received.size();
  su.server_app = t.server_app_received.size();
  return su;
}

bool Timeline::has_long_work(const sim::ScenarioOptions& o) {
  auto a = sim::make_scripted_attacker(sim::effective_options(o));
  return a && a->has_analysis();
}

Timeline Timeline::run(const sim::ScenarioOptions& o, size_t max_steps, std::shared_ptr<sim::Progress> progress) {
  Timeline tl;
  sim::Simulation s(o);
  if (progress) s.set_progress(std::move(progress));
  // What each event held when it was sent: the receiver's notes and alert join it on delivery
  // (its derivations are in their own list).
  auto record_new = [&](size_t from) {
    const auto& ev = s.trace().events;
    for (size_t i = from; i < ev.size(); ++i) {
      EventInfo in;
      in.sent = ev[i].step;
      in.notes_when_sent = uint32_t(ev[i].notes.size());
      in.alert_when_sent = ev[i].alert.has_value();
      tl.info_.push_back(in);
    }
  };
  record_new(0);
  tl.summaries_.push_back(summary_of(s.trace()));
  while (s.step_count() < max_steps) {
    size_t before = s.trace().events.size(), steps = s.step_count();
    if (!s.step()) break;
    record_new(before);
    // The attacker's long work at the end is no step of the wire: it completes the last one.
    if (s.step_count() == steps) tl.summaries_.back() = summary_of(s.trace());
    else tl.summaries_.push_back(summary_of(s.trace()));
  }
  tl.full_ = s.trace();
  tl.edit_errors_ = s.edit_errors();
  // The recorder says when each record was delivered (not always in the order sent: an
  // attacker may hold one back); never is after the end.
  for (size_t i = 0; i < tl.info_.size(); ++i)
    tl.info_[i].delivered = tl.full_.events[i].delivered.value_or(UINT32_MAX);
  tl.total_ = s.step_count();
  tl.has_key_schedule_ = has_tls13_schedule(tl.full_);
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
    in.notes_when_sent = uint32_t(e.notes.size());
    in.alert_when_sent = e.alert.has_value();
    tl.info_.push_back(in);
  }
  tl.total_ = last;
  tl.full_ = std::move(t);
  tl.has_key_schedule_ = has_tls13_schedule(tl.full_);
  tl.step_ = size_t(-1);
  tl.go_to(0);
  return tl;
}

void Timeline::set_summary(const Summary& s) {
  view_.negotiated = s.negotiated;
  view_.handshake_complete = s.handshake_complete;
  view_.outcome = s.outcome;
  view_.keylog = s.keylog;
  view_.attack = s.attack;
  auto prefix = [](const sim::Bytes& all, size_t n) { return sim::Bytes(all.begin(), all.begin() + std::min(n, all.size())); };
  if (view_.client_app_received.size() != s.client_app)
    view_.client_app_received = prefix(full_.client_app_received, s.client_app);
  if (view_.server_app_received.size() != s.server_app)
    view_.server_app_received = prefix(full_.server_app_received, s.server_app);
}

bool Timeline::go_to(size_t n) {
  n = std::min(n, total_);
  if (n == step_) return false;
  const uint64_t rev = next_revision();
  if (view_.scenario != full_.scenario) view_.scenario = full_.scenario;
  // How each later connection came about: its events say which are shown.
  if (view_.connections.size() != full_.connections.size()) view_.connections = full_.connections;
  // Events are in the order sent: the ones shown are a prefix.
  size_t count = 0;
  while (count < info_.size() && info_[count].sent <= n) ++count;
  // Events shown whole go back to full_ when the view drops them or shows less of them.
  auto give_back = [&](size_t i) {
    if (shown_[i] == Shown::whole) full_.events[i] = std::move(view_.events[i]);
  };
  while (view_.events.size() > count) {
    give_back(view_.events.size() - 1);
    view_.events.pop_back();
    shown_.pop_back();
    made_.pop_back();
  }
  // full_.events[i] holds the whole event here (given back above when it was shown whole).
  auto make = [&](size_t i, Shown want) {
    if (want == Shown::whole) return std::move(full_.events[i]);
    sim::Event e = full_.events[i];
    const EventInfo& in = info_[i];
    e.receiver_derivations.clear();
    e.delivered.reset();
    e.notes.resize(std::min<size_t>(e.notes.size(), in.notes_when_sent));
    if (!in.alert_when_sent) e.alert.reset();
    e.states.receiver.reset();  // not processed yet
    return e;
  };
  auto wanted = [&](size_t i) { return info_[i].delivered <= n ? Shown::whole : Shown::sent; };
  for (size_t i = 0; i < view_.events.size(); ++i) {
    Shown w = wanted(i);
    if (shown_[i] == w) continue;
    give_back(i);
    view_.events[i] = make(i, w);
    shown_[i] = w;
    made_[i] = rev;
  }
  for (size_t i = view_.events.size(); i < count; ++i) {
    Shown w = wanted(i);
    view_.events.push_back(make(i, w));
    shown_.push_back(w);
    made_.push_back(rev);
  }
  set_summary(summaries_[std::min(n, summaries_.size() - 1)]);
  step_ = n;
  revision_ = rev;
  return true;
}

sim::Trace Timeline::full() const {
  sim::Trace t = full_;
  for (size_t i = 0; i < shown_.size(); ++i)
    if (shown_[i] == Shown::whole) t.events[i] = view_.events[i];
  return t;
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
  sim::Trace t;
  t.scenario = o.to_json_text();
  // The same network and recorder as sim::Simulation, driven with data of our own.
  sim::Recorder rec(t);
  sim::Network net(rec);
  net.link(sim::Actor::client, sim::Actor::server);
  // An endpoint reads at most kMaxRecordsReceived records per connection (a peer's limit, as
  // real stacks have): a longer run opens a new connection for the next requests, as a
  // browser does.
  const size_t per_connection = sim::kMaxRecordsReceived - 100;
  std::unique_ptr<sim::Connection> client, server;
  std::unique_ptr<sim::TlsEndpoint> ce, se;
  std::string earlier_keylog;
  size_t sent = 0;
  for (int n = 1; n == 1 || sent < records_each_way; ++n) {
    if (client) earlier_keylog += client->keylog_line();
    rec.set_connection(n);
    if (n > 1) t.connections.push_back({n, sim::ConnectionStart::Kind::request, o.client_max_version});
    sim::ClientConfig cc = sim::client_config(o);
    cc.send_http_request = false;
    sim::ServerConfig sc = sim::server_config(o);
    sc.send_http_response = false;  // it would answer the first request and close
    client = sim::make_client(cc, seed + uint64_t(n - 1));
    server = sim::make_server(sc, seed + uint64_t(n - 1));
    ce = std::make_unique<sim::TlsEndpoint>(client.get());
    se = std::make_unique<sim::TlsEndpoint>(server.get());
    net.add(ce.get());
    net.add(se.get());
    net.start(sim::Actor::client);
    while (net.step()) {
    }
    for (size_t i = 0; i < per_connection && sent < records_each_way && !client->failed() && !server->failed(); ++i, ++sent) {
      std::string c = "GET /item/" + std::to_string(sent) + " HTTP/1.1\r\nHost: " + o.host + "\r\n\r\n";
      std::string s = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + std::to_string(sent % 100);
      client->send_application_data(sim::ByteView(reinterpret_cast<const uint8_t*>(c.data()), c.size()));
      net.collect(sim::Actor::client);
      server->send_application_data(sim::ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
      net.collect(sim::Actor::server);
      while (net.step()) {
      }
    }
    if (client->failed() || server->failed()) break;
  }
  sim::Recorder::Parties parties;
  parties.client = client.get();
  parties.server = server.get();
  parties.earlier_keylog = earlier_keylog;
  rec.summarize(parties);
  return t;
}

}  // namespace gui

// The GUI's step cursor (model/timeline) and Compare (model/compare), without a window:
// - a Timeline shows at step N exactly what a Simulation replayed to step N holds, for every N
//   and in both directions, without running the simulation again;
// - an imported trace is walked by its events' steps;
// - two runs are aligned row by row, with the first differing message and the rows whose
//   protection differs marked.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "model/compare.hpp"
#include "model/timeline.hpp"
#include "model/view_model.hpp"
#include "net/simulation.hpp"
#include "present/present.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/trace_io.hpp"
#include "trace/value_text.hpp"

namespace {

using namespace gui;

sim::ScenarioOptions tls12(uint64_t seed = 3) {
  sim::ScenarioOptions o;
  o.seed = seed;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = sim::kTls12;
  return o;
}

std::string state_text(const sim::Trace& t) { return sim::trace_json_text(t); }

void expect_matches_replay(const sim::ScenarioOptions& o, const char* what) {
  Timeline tl = Timeline::run(o);
  sim::Simulation full(o);
  full.run_to_end();
  ASSERT_EQ(tl.total_steps(), full.step_count()) << what;
  ASSERT_GT(tl.total_steps(), 5u) << what;
  EXPECT_EQ(state_text(tl.full()), state_text(full.trace())) << what;
  // Forward one by one, then backward one by one, then jumps: always the replayed state.
  std::vector<size_t> order;
  for (size_t n = 0; n <= tl.total_steps(); ++n) order.push_back(n);
  for (size_t n = tl.total_steps() + 1; n-- > 0;) order.push_back(n);
  order.insert(order.end(), {tl.total_steps(), 1, tl.total_steps() / 2, 0, tl.total_steps() - 1});
  for (size_t n : order) {
    tl.go_to(n);
    ASSERT_EQ(tl.step(), n);
    sim::Simulation s(o);
    s.replay_to(n);
    ASSERT_EQ(state_text(tl.view()), state_text(s.trace())) << what << " at step " << n;
    ASSERT_EQ(tl.keylog_text().empty(), s.trace().keylog.empty()) << what << " at step " << n;
    // The events shown whole live in the view alone: the whole run is still all there.
    if (n == tl.total_steps() / 2 || n == tl.total_steps()) ASSERT_EQ(state_text(tl.full()), state_text(full.trace())) << what << " at step " << n;
  }
}

}  // namespace

TEST(GuiTimeline, EveryStepEqualsAReplayBothWays) {
  expect_matches_replay(tls12(), "tls12");
  auto o = tls12(5);
  o.client_certificate = true;
  expect_matches_replay(o, "client certificate");
  auto reneg = sim::load_scenario("tls12-renegotiation");
  ASSERT_TRUE(reneg) << reneg.error().reason;
  expect_matches_replay(reneg.value(), "renegotiation");
  auto ssl3 = sim::load_scenario("ssl3-rsa-rc4");
  ASSERT_TRUE(ssl3) << ssl3.error().reason;
  expect_matches_replay(ssl3.value(), "ssl3");
}

TEST(GuiTimeline, RevisionChangesOnlyWhenTheViewChanges) {
  Timeline a = Timeline::run(tls12());
  uint64_t r0 = a.revision();
  EXPECT_FALSE(a.go_to(0));
  EXPECT_EQ(a.revision(), r0);
  EXPECT_TRUE(a.go_to(3));
  EXPECT_NE(a.revision(), r0);
  a.go_to(a.total_steps() + 50);  // clamped
  EXPECT_EQ(a.step(), a.total_steps());
  // Another run of the same scenario never shares a revision (caches are keyed by it).
  Timeline b = Timeline::run(tls12());
  EXPECT_NE(b.revision(), a.revision());
}

namespace {

// Runs whose steps remake events in several ways: a renegotiation, TLS 1.3, and (when asked) a
// man in the middle (an attacker's lane, alerts).
std::vector<sim::ScenarioOptions> stepping_runs(bool with_mitm) {
  std::vector<sim::ScenarioOptions> out;
  auto reneg = sim::load_scenario("tls12-renegotiation");
  EXPECT_TRUE(reneg) << reneg.error().reason;
  if (reneg) out.push_back(reneg.value());
  auto tls13 = tls12(7);
  tls13.client_max_version = tls13.server_max_version = sim::kTls13;
  tls13.client_min_version = tls13.server_min_version = sim::kTls13;
  out.push_back(tls13);
  if (with_mitm) {
    auto mitm = sim::load_scenario("attack-mitm-forged-cert-undefended");
    EXPECT_TRUE(mitm) << mitm.error().reason;
    if (mitm) out.push_back(mitm.value());
  }
  return out;
}

// Every step forward, every step back, then jumps.
std::vector<size_t> step_order(const Timeline& tl) {
  std::vector<size_t> order;
  for (size_t n = 0; n <= tl.total_steps(); ++n) order.push_back(n);
  for (size_t n = tl.total_steps() + 1; n-- > 0;) order.push_back(n);
  order.insert(order.end(), {tl.total_steps(), 1, tl.total_steps() / 2, 0, tl.total_steps(), tl.total_steps() - 1});
  return order;
}

}  // namespace

// The ladder rows a step updates in place (only those of the events it remade) are the rows
// computed from scratch for that step, forward, backward and by jumps.
TEST(GuiTimeline, LadderRowsUpdatedPerStepEqualRowsFromScratch) {
  for (const auto& o : stepping_runs(false)) {
    Timeline tl = Timeline::run(o);
    std::vector<LadderRow> rows;
    std::vector<uint64_t> made;
    size_t remade_last = 0;
    for (size_t n : step_order(tl)) {
      tl.go_to(n);
      update_ladder_rows(rows, made, tl.view(), tl.event_made(), n);
      const auto want = ladder_rows(tl.view(), n);
      ASSERT_EQ(rows.size(), want.size()) << "step " << n;
      for (size_t i = 0; i < want.size(); ++i) {
        const LadderRow &a = rows[i], &b = want[i];
        ASSERT_TRUE(a.event == b.event && a.from == b.from && a.to == b.to && a.label == b.label &&
                    a.short_label == b.short_label && a.keys == b.keys && a.alert == b.alert && a.fatal == b.fatal &&
                    a.current == b.current && a.connection == b.connection &&
                    a.connection_start == b.connection_start && a.inner_type == b.inner_type)
            << "step " << n << ", row " << i << ": " << a.label << " / " << b.label;
      }
      remade_last = size_t(std::count(made.begin(), made.end(), tl.revision()));
    }
    // The last move (one step back from the end) remade a few events, not the whole ladder.
    EXPECT_LT(remade_last, rows.size() / 2);
  }
}

// The lists a step updates (reading only the events it remade) are what the functions over the
// whole view give from scratch: every derivation with its class (and the Keys panel's rows from
// them), the notes, the alert events, the ladder's lanes and the legend; forward, backward and
// by jumps.
TEST(GuiTimeline, ViewListsUpdatedPerStepEqualTheListsFromScratch) {
  bool saw_check = false, saw_note = false, saw_attacker = false, saw_alert = false;
  for (const auto& o : stepping_runs(true)) {
    Timeline tl = Timeline::run(o);
    ViewLists v;
    for (size_t n : step_order(tl)) {
      tl.go_to(n);
      update_view_lists(v, tl.view(), tl.event_made());
      const auto& t = tl.view();
      const auto want = all_derivations(t);
      ASSERT_EQ(v.derivations, want) << "step " << n;
      ASSERT_EQ(v.classes.size(), want.size()) << "step " << n;
      for (size_t k = 0; k < want.size(); ++k) {
        const sim::Derivation& d = sim::derivation_at(t.events[want[k].first], want[k].second);
        const bool check = d.kind == sim::DerivationKind::certificate_check || d.kind == sim::DerivationKind::revocation_fetch;
        saw_check |= check;
        ASSERT_EQ(v.classes[k].group == DerivationClass::Group::check, check) << "step " << n << ": " << d.id;
        ASSERT_EQ(v.classes[k].group == DerivationClass::Group::record, !check && sim::record_stage(d.kind) != sim::RecordStage::none)
            << "step " << n << ": " << d.id;
        auto passed = sim::check_passed(d);
        ASSERT_EQ(v.classes[k].passed, check && passed ? int(*passed) : -1) << "step " << n << ": " << d.id;
      }
      std::vector<KeysRow> rows;
      keys_rows(v.derivations, v.classes, rows);
      const auto from_trace = keys_rows(t, want);
      ASSERT_EQ(rows.size(), from_trace.size()) << "step " << n;
      for (size_t k = 0; k < rows.size(); ++k)
        ASSERT_TRUE(rows[k].kind == from_trace[k].kind && rows[k].event == from_trace[k].event &&
                    rows[k].derivation == from_trace[k].derivation && rows[k].checks == from_trace[k].checks &&
                    rows[k].failed == from_trace[k].failed)
            << "step " << n << ", row " << k;
      // Notes and alerts, as read off the events here.
      size_t k = 0;
      for (size_t i = 0; i < t.events.size(); ++i)
        for (const auto& note : t.events[i].notes) {
          ASSERT_LT(k, v.notes.size()) << "step " << n;
          ASSERT_TRUE(v.notes[k].event == i && v.notes[k].step == t.events[i].step && v.notes[k].text == note)
              << "step " << n << ", note " << k;
          ++k, saw_note = true;
        }
      ASSERT_EQ(k, v.notes.size()) << "step " << n;
      std::vector<size_t> alerts;
      for (size_t i = 0; i < t.events.size(); ++i)
        if (t.events[i].alert) alerts.push_back(i);
      ASSERT_EQ(v.alerts, alerts) << "step " << n;
      std::vector<size_t> hellos;
      for (size_t i = 0; i < t.events.size(); ++i)
        if (t.events[i].tree.find("ServerHello") || t.events[i].tree.find("HelloRetryRequest")) hellos.push_back(i);
      ASSERT_EQ(v.hellos, hellos) << "step " << n;
      saw_alert |= !alerts.empty();
      ASSERT_EQ(sim::ladder_lanes(v.actors), sim::ladder_lanes(t.events)) << "step " << n;
      saw_attacker |= sim::ladder_lanes(v.actors).size() > 2;
      const auto legend = sim::present::legend_entries(v.key_phases, t.negotiated.version), want_legend = sim::present::legend_entries(t);
      ASSERT_EQ(legend.size(), want_legend.size()) << "step " << n;
      for (size_t j = 0; j < legend.size(); ++j) ASSERT_STREQ(legend[j].key, want_legend[j].key) << "step " << n;
    }
  }
  // Among them: certificate checks, notes, an attacker's lane and an alert.
  EXPECT_TRUE(saw_check);
  EXPECT_TRUE(saw_note);
  EXPECT_TRUE(saw_attacker);
  EXPECT_TRUE(saw_alert);
}

TEST(GuiTimeline, ImportedTraceWalksItsEventsBySteps) {
  sim::Simulation s(tls12());
  s.run_to_end();
  auto parsed = sim::trace_from_json_text(sim::trace_json_text(s.trace()));
  ASSERT_TRUE(parsed) << parsed.error().reason;
  Timeline tl = Timeline::imported(parsed.value());
  EXPECT_TRUE(tl.imported());
  uint32_t last = s.trace().events.back().step;
  EXPECT_EQ(tl.total_steps(), last);
  EXPECT_EQ(tl.view().events.size(), 1u) << "step 0: the ClientHello only";
  for (size_t n = 0; n <= tl.total_steps(); ++n) {
    tl.go_to(n);
    size_t expect = 0;
    for (auto& e : s.trace().events) expect += e.step <= n;
    ASSERT_EQ(tl.view().events.size(), expect) << n;
    // Imported events are shown whole (with the receiver's derivations and notes).
    for (size_t i = 0; i < expect; ++i) ASSERT_EQ(tl.view().events[i].notes, s.trace().events[i].notes);
  }
  tl.go_to(0);
  EXPECT_EQ(tl.view().events.size(), 1u);
  EXPECT_EQ(tl.view().outcome, s.trace().outcome);
}

TEST(GuiTimeline, LongTraceHas2000EventsAndStepsCheaply) {
  sim::Trace t = long_trace(1000);
  ASSERT_GE(t.events.size(), 2000u);
  EXPECT_TRUE(t.handshake_complete);
  EXPECT_GE(t.server_app_received.size(), 1000u * 30);
  // Application records carry both sides' record derivations.
  const auto& last = t.events.back();
  EXPECT_EQ(last.layer, sim::ContentType::application_data);
  EXPECT_GE(sim::derivation_count(last), 2u);
  Timeline tl = Timeline::imported(std::move(t));
  tl.go_to(tl.total_steps());
  size_t n = tl.view().events.size();
  EXPECT_GE(n, 2000u);
  // A step back copies or trims a few events, not the trace: far under a frame even unoptimised.
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) tl.go_to(tl.step() - 1);
  for (int i = 0; i < 50; ++i) tl.go_to(tl.step() + 1);
  double per_step_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 100;
  EXPECT_LT(per_step_ms, 5.0);
  EXPECT_EQ(tl.view().events.size(), n);
}

// ---- compare ---------------------------------------------------------------------------

namespace {

sim::Event ev(sim::Actor from, std::string name, sim::Protection protection = {}) {
  sim::Event e;
  e.from = from;
  e.to = from == sim::Actor::client ? sim::Actor::server : sim::Actor::client;
  e.name = std::move(name);
  e.protection = protection;
  return e;
}

// The first handshake's write keys of a side.
sim::Protection epoch1(sim::KeySide side) { return sim::Protection::epoch_keys(side, 1, 0x002f); }

sim::Trace trace_of(std::vector<sim::Event> evs) {
  sim::Trace t;
  t.events = std::move(evs);
  return t;
}

const sim::Actor C = sim::Actor::client, S = sim::Actor::server;

}  // namespace

TEST(GuiCompare, IdenticalRunsHaveNoDifference) {
  sim::Simulation s(tls12());
  s.run_to_end();
  auto c = compare_traces(s.trace(), s.trace());
  EXPECT_EQ(c.rows.size(), s.trace().events.size());
  EXPECT_FALSE(c.first_difference);
  EXPECT_EQ(c.differing, 0u);
  for (size_t i = 0; i < c.rows.size(); ++i) {
    EXPECT_EQ(c.rows[i].left, i);
    EXPECT_EQ(c.rows[i].right, i);
  }
}

TEST(GuiCompare, InsertedReplacedAndProtectionRows) {
  auto a = trace_of({ev(C, "ClientHello"), ev(S, "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone"),
                     ev(C, "ClientKeyExchange"), ev(C, "ChangeCipherSpec"), ev(C, "Finished", epoch1(sim::KeySide::client)),
                     ev(S, "ChangeCipherSpec"), ev(S, "Finished", epoch1(sim::KeySide::server))});
  auto b = trace_of({ev(C, "ClientHello"), ev(S, "ServerHello, Certificate, ServerHelloDone"), ev(C, "Certificate"),
                     ev(C, "ClientKeyExchange"), ev(C, "ChangeCipherSpec"), ev(C, "Finished", epoch1(sim::KeySide::client)),
                     ev(S, "ChangeCipherSpec"), ev(S, "Finished", sim::Protection{})});
  auto c = compare_traces(a, b);
  ASSERT_EQ(c.rows.size(), 8u);
  // Row 1: both have a server flight, with different messages: paired, marked, first.
  EXPECT_EQ(c.rows[1].left, 1u);
  EXPECT_EQ(c.rows[1].right, 1u);
  EXPECT_TRUE(c.rows[1].differs);
  ASSERT_TRUE(c.first_difference);
  EXPECT_EQ(*c.first_difference, 1u);
  // Row 2: only B sends a client Certificate: A's side is a gap.
  EXPECT_FALSE(c.rows[2].left);
  EXPECT_EQ(c.rows[2].right, 2u);
  EXPECT_TRUE(c.rows[2].differs);
  // The rest realigns: ClientKeyExchange faces ClientKeyExchange.
  EXPECT_EQ(c.rows[3].left, 2u);
  EXPECT_EQ(c.rows[3].right, 3u);
  EXPECT_FALSE(c.rows[3].differs);
  // Same message, different protection.
  EXPECT_FALSE(c.rows[7].differs);
  EXPECT_TRUE(c.rows[7].protection_differs);
  EXPECT_FALSE(c.rows[5].protection_differs);
  EXPECT_EQ(c.differing, 2u);
  EXPECT_EQ(c.protection_differing, 1u);
  // Symmetric.
  auto r = compare_traces(b, a);
  EXPECT_EQ(r.rows.size(), c.rows.size());
  EXPECT_EQ(r.first_difference, c.first_difference);
}

TEST(GuiCompare, RealRunsClientCertificateAndVersions) {
  auto base = tls12(4);
  auto variants = one_change_variants(base);
  const Variant* cert = nullptr;
  const Variant* tls10 = nullptr;
  for (auto& v : variants) {
    if (v.label_key == "compare.change_client_cert_on") cert = &v;
    if (v.label_key == "compare.change_version" && v.arg == sim::version_name(sim::kTls10)) tls10 = &v;
    EXPECT_NE(state_text(Timeline::run(v.options).full()), state_text(Timeline::run(base).full())) << v.label_key << v.arg;
  }
  ASSERT_NE(cert, nullptr);
  ASSERT_NE(tls10, nullptr);
  EXPECT_TRUE(cert->options.client_certificate);
  EXPECT_EQ(tls10->options.client_max_version, sim::kTls10);
  EXPECT_EQ(tls10->options.server_min_version, sim::kTls10);

  auto a = Timeline::run(base).full();
  auto b = Timeline::run(cert->options).full();
  auto c = compare_traces(a, b);
  ASSERT_TRUE(c.first_difference);
  const CompareRow& first = c.rows[*c.first_difference];
  // The server's first flight already differs (it asks for a certificate).
  ASSERT_TRUE(first.right.has_value());
  EXPECT_NE(b.events[*first.right].name.find("CertificateRequest"), std::string::npos) << b.events[*first.right].name;
  // Rows before the first difference are the same messages.
  for (size_t i = 0; i < *c.first_difference; ++i) {
    ASSERT_TRUE(c.rows[i].left && c.rows[i].right);
    EXPECT_EQ(a.events[*c.rows[i].left].name, b.events[*c.rows[i].right].name);
  }
  // Every event of each run appears exactly once, in order.
  size_t na = 0, nb = 0;
  for (auto& r : c.rows) {
    if (r.left) {
      EXPECT_EQ(*r.left, na++);
    }
    if (r.right) {
      EXPECT_EQ(*r.right, nb++);
    }
  }
  EXPECT_EQ(na, a.events.size());
  EXPECT_EQ(nb, b.events.size());

  // TLS 1.0 against TLS 1.2 of the same host: the same message names (ECDHE), so no differing
  // row, but a comparison of every record.
  auto v10 = Timeline::run(tls10->options).full();
  auto c10 = compare_traces(a, v10);
  EXPECT_EQ(c10.rows.size(), std::max(a.events.size(), v10.events.size()));
}

// The inspector lists the hand edits the run could not apply (Simulation::edit_errors).
TEST(GuiTimeline, KeepsTheEditsTheRunCouldNotApply) {
  sim::ScenarioOptions o;
  o.edits = {"0:fragment/ClientHello/random=" + std::string(64, '0'), "999:bytes=00"};
  gui::Timeline tl = gui::Timeline::run(o);
  ASSERT_EQ(tl.edit_errors().size(), 1u);
  EXPECT_EQ(tl.edit_errors()[0].kind, sim::EditError::Kind::no_record);
  o.edits.pop_back();
  EXPECT_TRUE(gui::Timeline::run(o).edit_errors().empty());
}

// What an endpoint records does not change what it does (issue 18). Two switches skip recording
// work: Connection::set_recording(false), used by the oracle attacks' victim runs and the
// engine-alone benchmark, and set_dissect_received(false), which the in-process network uses
// for records whose sender's event already shows them. The judge is the wire: with the same
// seeds, every byte each side sends must be the same with recording on and off, and so must the
// outcome, the key log and the data received.
#include <gtest/gtest.h>

#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"
#include "sim_fixtures.hpp"

namespace {

using namespace sim;

ScenarioOptions pinned(uint16_t version, const char* suite) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  o.client_suites = o.server_suites = {suite_by_name(suite)->id};
  return o;
}

struct PairRun {
  Bytes client_wire, server_wire;
  std::vector<Event> client_sent, server_sent, client_received, server_received;
  bool client_complete = false, server_complete = false, client_failed = false, server_failed = false;
  std::string client_keylog, server_keylog;
  Bytes client_app, server_app;
};

// Both sides pumped into each other over memory until neither has anything to send.
PairRun pump(const ScenarioOptions& o, bool recording, bool dissect_received) {
  auto c = make_client(client_config(o), o.seed);
  auto s = make_server(server_config(o), o.seed + 1);
  PairRun r;
  for (Connection* x : {c.get(), s.get()}) {
    x->set_recording(recording);
    x->set_dissect_received(dissect_received);
  }
  c->start();
  s->start();
  for (int quiet = 0; quiet < 2;) {
    bool moved = false;
    for (Connection* from : {c.get(), s.get()}) {
      Connection* to = from == c.get() ? s.get() : c.get();
      bool client = from == c.get();
      for (Event& e : from->take_sent()) {
        moved = true;
        if (!to->finished()) to->receive(e.bytes);
        (client ? r.client_sent : r.server_sent).push_back(std::move(e));
      }
      for (Event& e : to->take_received()) (client ? r.server_received : r.client_received).push_back(std::move(e));
    }
    quiet = moved ? 0 : quiet + 1;
  }
  r.client_wire = simfix::wire_of(r.client_sent);
  r.server_wire = simfix::wire_of(r.server_sent);
  r.client_complete = c->handshake_complete();
  r.server_complete = s->handshake_complete();
  r.client_failed = c->failed();
  r.server_failed = s->failed();
  r.client_keylog = c->keylog_line();
  r.server_keylog = s->keylog_line();
  r.client_app = c->app_received();
  r.server_app = s->app_received();
  return r;
}

size_t derivations(const std::vector<Event>& evs) {
  size_t n = 0;
  for (auto& e : evs) n += e.derivations.size();
  return n;
}

void expect_same_run(const PairRun& a, const PairRun& b) {
  EXPECT_EQ(to_hex(a.client_wire), to_hex(b.client_wire));
  EXPECT_EQ(to_hex(a.server_wire), to_hex(b.server_wire));
  EXPECT_EQ(a.client_complete, b.client_complete);
  EXPECT_EQ(a.server_complete, b.server_complete);
  EXPECT_EQ(a.client_failed, b.client_failed);
  EXPECT_EQ(a.server_failed, b.server_failed);
  EXPECT_EQ(a.client_keylog, b.client_keylog);
  EXPECT_EQ(a.server_keylog, b.server_keylog);
  EXPECT_EQ(a.client_app, b.client_app);
  EXPECT_EQ(a.server_app, b.server_app);
}

struct Case {
  const char* name;
  ScenarioOptions o;
};

std::vector<Case> cases() {
  std::vector<Case> v;
  v.push_back({"tls13", pinned(kTls13, "TLS_AES_128_GCM_SHA256")});
  v.push_back({"tls12 ecdhe", pinned(kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")});
  v.push_back({"tls12 rsa cbc", pinned(kTls12, "TLS_RSA_WITH_AES_256_CBC_SHA256")});
  v.push_back({"ssl3 rc4", pinned(kSsl3, "SSL_RSA_WITH_RC4_128_MD5")});
  ScenarioOptions cert = pinned(kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  cert.client_certificate = cert.request_client_certificate = true;
  v.push_back({"tls12 client certificate", cert});
  // A server that shares no suite with the client: the handshake fails with an alert.
  ScenarioOptions no_suite = pinned(kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  no_suite.server_suites = {suite_by_name("TLS_RSA_WITH_AES_256_CBC_SHA256")->id};
  v.push_back({"no shared suite", no_suite});
  return v;
}

TEST(Recording, OffSendsTheSameBytesAndRecordsNothing) {
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    PairRun on = pump(k.o, true, true), off = pump(k.o, false, true);
    expect_same_run(on, off);
    ASSERT_FALSE(on.client_wire.empty());
    // Recording on, both sides' records carry what a trace shows; off, only their bytes.
    if (on.client_complete) EXPECT_GT(derivations(on.client_sent) + derivations(on.server_sent), 0u);
    EXPECT_FALSE(on.client_sent.at(0).tree.children.empty());
    for (auto* list : {&off.client_sent, &off.server_sent, &off.client_received, &off.server_received})
      for (const Event& e : *list) {
        EXPECT_TRUE(e.tree.children.empty() && e.tree.name.empty());
        EXPECT_TRUE(e.derivations.empty());
        EXPECT_TRUE(e.notes.empty());
        EXPECT_TRUE(e.plaintext.empty());
      }
    for (auto* list : {&off.client_sent, &off.server_sent})
      for (const Event& e : *list) EXPECT_FALSE(e.bytes.empty());
  }
  // The failing case really fails, and the alert still goes out with recording off.
  PairRun off = pump(cases().back().o, false, true);
  EXPECT_TRUE(off.server_failed);
  ASSERT_GE(off.server_wire.size(), 7u);
  EXPECT_EQ(off.server_wire[0], uint8_t(ContentType::alert));
}

TEST(Recording, UndissectedReceivedRecordsKeepTheReceiversDerivationsAndNotes) {
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    PairRun full = pump(k.o, true, true), lean = pump(k.o, true, false);
    expect_same_run(full, lean);
    for (auto side : {&PairRun::client_received, &PairRun::server_received}) {
      const auto& a = full.*side;
      const auto& b = lean.*side;
      ASSERT_EQ(a.size(), b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_FALSE(a[i].tree.children.empty());
        EXPECT_TRUE(b[i].tree.children.empty());
        EXPECT_TRUE(b[i].bytes.empty());
        ASSERT_EQ(a[i].derivations.size(), b[i].derivations.size());
        for (size_t j = 0; j < a[i].derivations.size(); ++j) {
          EXPECT_EQ(a[i].derivations[j].id, b[i].derivations[j].id);
          EXPECT_EQ(a[i].derivations[j].output, b[i].derivations[j].output);
          EXPECT_EQ(a[i].derivations[j].inputs.size(), b[i].derivations[j].inputs.size());
        }
        EXPECT_EQ(a[i].notes, b[i].notes);
        EXPECT_EQ(a[i].alert.has_value(), b[i].alert.has_value());
        EXPECT_EQ(a[i].states.receiver, b[i].states.receiver);
      }
    }
  }
}

// In a simulation the network skips the receiver's dissection only where the sender's shows the
// record: an attacker's record is still shown as its receiver read it (the attacker's event
// has no tree of its own; one its receiver never processed, after failing, stays without).
TEST(Recording, AttackersRecordsStillShowTheirReceiversDissection) {
  for (const char* name : {"attack-record-tamper-defended",
                           "attack-renegotiation-injection-defended", "attack-early-ccs-defended",
                           "attack-mitm-forged-cert-defended", "attack-tls13-0rtt-replay-defended"}) {
    SCOPED_TRACE(name);
    auto o = load_scenario(name);
    ASSERT_TRUE(o.ok()) << name;
    Simulation sim(*o);
    sim.run_to_end();
    size_t shown = 0;
    for (const Event& e : sim.trace().events) {
      if (e.http || !e.delivered || e.bytes.empty()) continue;
      if (e.from == Actor::attacker) shown += !e.tree.children.empty();
      else EXPECT_FALSE(e.tree.children.empty()) << e.name;
    }
    EXPECT_GT(shown, 0u);
  }
}

}  // namespace

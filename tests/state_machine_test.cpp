// The handshake state tables (sim/hs/handshake_shape.hpp): every run's recorded states follow
// the table's sequence for the negotiated shape, and each leniency switch is an overlay that
// turns a refusal (with the right alert, naming the state) into acceptance.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>

#include <nlohmann/json.hpp>

#include "hs/handshake_shape.hpp"
#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"
#include "sim_fixtures.hpp"
#include "trace/trace_io.hpp"

using namespace sim;

namespace {

// Runs a scenario one step at a time and lists each side's state changes in the order that
// side made them: a step delivers the oldest record in flight (the receiver processes it
// first), then whatever the step sent.
struct Observed {
  Trace trace;
  std::vector<HsState> client[3], server[3];  // by connection (1, 2)
};

// The server writes one message per record, so every state it passes shows on a record of its
// own (a packed flight crosses several states in one record; RecordCutting tests cover that).
Observed observe(ScenarioOptions o) {
  o.one_message_per_record = true;
  Simulation s(o);
  struct Change {
    bool received;
    size_t index;
  };
  std::vector<Change> order;
  size_t seen = 0, delivered = 0;
  auto add_sent = [&]() {
    for (; seen < s.trace().events.size(); ++seen) order.push_back({false, seen});
  };
  add_sent();
  while (s.step()) {
    order.push_back({true, delivered++});
    add_sent();
  }
  Observed out;
  out.trace = s.trace();
  std::optional<StateChange> last[2][3];
  auto push = [&](std::vector<HsState>& v, const StateChange& c) {
    // Several records sent by one step share one change (a step's messages and its alert or data).
    auto& l = last[&v == &out.client[1] || &v == &out.client[2] ? 0 : 1][&v == &out.client[2] || &v == &out.server[2] ? 2 : 1];
    if (l == c) return;
    l = c;
    for (HsState x : {c.before, c.after})
      if (v.empty() || v.back() != x) v.push_back(x);
  };
  for (auto [received, i] : order) {
    const Event& e = out.trace.events[i];
    int c = std::clamp(e.connection, 1, 2);
    if (received && e.states.receiver) push(e.to == Actor::client ? out.client[c] : out.server[c], *e.states.receiver);
    if (!received && e.states.sender) push(e.from == Actor::client ? out.client[c] : out.server[c], *e.states.sender);
  }
  return out;
}

std::string names(const std::vector<HsState>& v) {
  std::string s;
  for (HsState x : v) s += (s.empty() ? "" : " ") + std::string(name_of(x));
  return s;
}

ScenarioOptions version(uint16_t v) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = v;
  return o;
}

// The shape flags of a TLS 1.2-or-older run, from the scenario and the negotiated suite.
uint32_t flags12(const ScenarioOptions& o, const Trace& t, bool client) {
  uint32_t f = 0;
  const CipherSuiteInfo* s = suite_by_id(t.negotiated.cipher_suite);
  if (s && s->kx != KeyExchange::rsa) f |= kShapeServerKx;
  if (!server_config(o).ocsp_response.empty() && t.negotiated.version >= kTls10) f |= kShapeOcsp;
  if (o.client_certificate || o.request_client_certificate) f |= kShapeClientAuth;
  if (o.client_certificate) f |= kShapeClientCert;
  (void)client;
  return f;
}

void expect_sequence(const std::vector<HsState>& got, const std::vector<HsState>& want, const std::string& what) {
  EXPECT_EQ(names(got), names(want)) << what;
}

struct Case12 {
  const char* name;
  ScenarioOptions options;
};

std::vector<Case12> cases12() {
  std::vector<Case12> v;
  v.push_back({"SSL3_RSA", version(kSsl3)});
  v.back().options.client_suites = v.back().options.server_suites = {0x000A};  // SSL_RSA_WITH_3DES_EDE_CBC_SHA
  v.push_back({"SSL3_DHE", version(kSsl3)});
  v.back().options.client_suites = v.back().options.server_suites = {0x0016};  // SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA
  v.push_back({"TLS10_RSA", version(kTls10)});
  v.back().options.client_suites = v.back().options.server_suites = {0x002F};
  v.push_back({"TLS11", version(kTls11)});
  v.push_back({"TLS12_RSA", version(kTls12)});
  v.back().options.client_suites = v.back().options.server_suites = {0x002F};
  v.push_back({"TLS12_DHE", version(kTls12)});
  v.back().options.client_suites = v.back().options.server_suites = {0x009E};
  v.push_back({"TLS12_ECDHE", version(kTls12)});
  v.push_back({"TLS12_ClientAuth", version(kTls12)});
  v.back().options.client_certificate = true;
  v.push_back({"TLS12_ClientAuthNoCertificate", version(kTls12)});
  v.back().options.request_client_certificate = true;
  v.push_back({"SSL3_ClientAuthNoCertificate", version(kSsl3)});
  v.back().options.request_client_certificate = true;
  v.push_back({"TLS12_OcspStatus", version(kTls12)});
  v.back().options.ocsp_stapling = true;
  v.back().options.certificate_profile = "valid";
  return v;
}

class StateSequence12 : public ::testing::TestWithParam<Case12> {};

TEST_P(StateSequence12, FollowsTheTableForTheNegotiatedShape) {
  const ScenarioOptions& o = GetParam().options;
  Observed r = observe(o);
  ASSERT_EQ(r.trace.outcome, OutcomeKind::completed) << GetParam().name;
  expect_sequence(r.client[1], expected_states(true, false, flags12(o, r.trace, true), kShapeClientAuth), "client");
  expect_sequence(r.server[1], expected_states(false, false, flags12(o, r.trace, false)), "server");
}

INSTANTIATE_TEST_SUITE_P(Shapes, StateSequence12, ::testing::ValuesIn(cases12()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(StateSequence, OcspShapeHasCertificateStatus) {
  // The OCSP case above only proves something if the shape really differs.
  auto a = expected_states(true, false, kShapeOcsp), b = expected_states(true, false, 0);
  EXPECT_NE(a, b);
  EXPECT_NE(std::find(a.begin(), a.end(), HsState::ReadCertificateStatus), a.end());
}

// A renegotiation: the second handshake's states follow Connected. The server reads the
// renegotiating ClientHello in Connected, so its second sequence starts after ReadClientHello.
void check_renegotiation(ScenarioOptions::Renegotiation who) {
  ScenarioOptions o = version(kTls12);
  o.renegotiation = who;
  Observed r = observe(o);
  ASSERT_EQ(r.trace.outcome, OutcomeKind::completed);
  ASSERT_EQ(r.trace.negotiated.handshakes, 2);
  uint32_t f = flags12(o, r.trace, true);
  auto c = expected_states(true, false, f, kShapeClientAuth), c2 = c;
  c.insert(c.end(), c2.begin(), c2.end());
  auto s = expected_states(false, false, f), s2 = s;
  s.insert(s.end(), s2.begin() + 1, s2.end());
  expect_sequence(r.client[1], c, "client");
  expect_sequence(r.server[1], s, "server");
}

TEST(StateSequence, RenegotiationStartedByTheClient) { check_renegotiation(ScenarioOptions::Renegotiation::client); }
TEST(StateSequence, RenegotiationAskedByTheServer) { check_renegotiation(ScenarioOptions::Renegotiation::server); }

// ---- TLS 1.3 ----

struct Case13 {
  const char* name;
  ScenarioOptions options;
  uint32_t client1, server1;               // shape flags of the first connection
  uint32_t client2 = 0, server2 = 0;       // and of the resumed one, if any
};

std::vector<Case13> cases13() {
  const uint32_t compat = kShapeCompatCcs, tickets = kShapeTickets;
  std::vector<Case13> v;
  v.push_back({"Full", version(kTls13), compat, compat | tickets});
  // The server's compatibility ChangeCipherSpec goes with its HelloRetryRequest.
  v.push_back({"HelloRetryRequest", version(kTls13), compat | kShapeHrr, tickets | kShapeHrr});
  v.back().options.client_groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  v.back().options.client_key_shares = {NamedGroup::x25519};
  v.back().options.server_groups = {NamedGroup::secp256r1};
  v.push_back({"ClientAuth", version(kTls13), compat | kShapeClientAuth | kShapeClientCert,
               compat | tickets | kShapeClientAuth | kShapeClientCert});
  v.back().options.client_certificate = true;
  v.push_back({"ClientAuthNoCertificate", version(kTls13), compat | kShapeClientAuth, compat | tickets | kShapeClientAuth});
  v.back().options.request_client_certificate = true;
  v.push_back({"KeyUpdate", version(kTls13), compat, compat | tickets});
  v.back().options.key_update = ScenarioOptions::KeyUpdate::client;
  v.back().options.key_update_request = true;
  v.push_back({"NoMiddleboxCompat", version(kTls13), 0, tickets});
  v.back().options.middlebox_compat = false;
  v.push_back({"PskResumption", version(kTls13), compat, compat | tickets, compat | kShapePsk, compat | tickets | kShapePsk});
  v.back().options.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  v.push_back({"PskKeResumption", version(kTls13), compat, compat | tickets, compat | kShapePsk, compat | tickets | kShapePsk});
  v.back().options.resumption = ScenarioOptions::Resumption::psk_ke;
  // 0-RTT: the client's compatibility ChangeCipherSpec goes with the early data.
  v.push_back({"EarlyDataAccepted", version(kTls13), compat, compat | tickets,
               kShapePsk | kShapeEarlyData | kShapeEarlyAccepted, compat | tickets | kShapePsk | kShapeEarlyAccepted});
  v.back().options.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  v.back().options.early_data = ScenarioOptions::EarlyData::accepted;
  v.push_back({"EarlyDataRejected", version(kTls13), compat, compat | tickets, kShapePsk | kShapeEarlyData,
               compat | tickets | kShapePsk});
  v.back().options.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  v.back().options.early_data = ScenarioOptions::EarlyData::rejected;
  return v;
}

class StateSequence13 : public ::testing::TestWithParam<Case13> {};

TEST_P(StateSequence13, FollowsTheTableForTheNegotiatedShape) {
  const Case13& c = GetParam();
  Observed r = observe(c.options);
  ASSERT_EQ(r.trace.outcome, OutcomeKind::completed) << c.name;
  expect_sequence(r.client[1], expected_states(true, true, c.client1, kShapeClientAuth), "client, connection 1");
  expect_sequence(r.server[1], expected_states(false, true, c.server1), "server, connection 1");
  if (c.options.resumption != ScenarioOptions::Resumption::none) {
    expect_sequence(r.client[2], expected_states(true, true, c.client2, kShapeClientAuth), "client, connection 2");
    expect_sequence(r.server[2], expected_states(false, true, c.server2), "server, connection 2");
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, StateSequence13, ::testing::ValuesIn(cases13()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(StateSequence, KeyUpdateHappensInConnected) {
  ScenarioOptions o = version(kTls13);
  o.key_update = ScenarioOptions::KeyUpdate::server;
  Observed r = observe(o);
  const Event* ku = simfix::find_event(r.trace, [](const Event& e) { return e.name == "KeyUpdate"; });
  ASSERT_NE(ku, nullptr);
  ASSERT_TRUE(ku->states.sender && ku->states.receiver);
  EXPECT_EQ(*ku->states.sender, (StateChange{HsState::Connected, HsState::Connected}));
  EXPECT_EQ(*ku->states.receiver, (StateChange{HsState::Connected, HsState::Connected}));
}

TEST(StateRecord, SurvivesTheJsonTraceAndOldTracesLoad) {
  Observed r = observe(version(kTls12));
  auto back = trace_from_json_text(trace_json_text(r.trace));
  ASSERT_TRUE(back.ok()) << back.error().reason;
  ASSERT_EQ(back->events.size(), r.trace.events.size());
  for (size_t i = 0; i < back->events.size(); ++i) {
    EXPECT_EQ(back->events[i].states.sender, r.trace.events[i].states.sender);
    EXPECT_EQ(back->events[i].states.receiver, r.trace.events[i].states.receiver);
  }
  // The ClientKeyExchange record, as the JSON names its states.
  std::string text = trace_json_text(r.trace);
  EXPECT_NE(text.find("\"before\":\"SendClientKeyExchange\""), std::string::npos);
  // A trace written before states existed has none and still loads.
  auto j = nlohmann::json::parse(text);
  for (auto& e : j["events"]) e.erase("states");
  auto old = trace_from_json_text(j.dump());
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->events[0].states.sender.has_value());
  // An unknown state name is refused, naming the field.
  j["events"][0]["states"] = {{"sender", {{"before", "NoSuchState"}, {"after", "Connected"}}}};
  auto badj = trace_from_json_text(j.dump());
  ASSERT_FALSE(badj.ok());
  EXPECT_NE(badj.error().reason.find("NoSuchState"), std::string::npos);
}

// ---- leniency overlays, with the peer misbehaving through the sans-IO connections ----

struct Pair {
  std::unique_ptr<Connection> client, server;
};

Pair make_pair12(const ScenarioOptions& o, const Leniency& client_lenient = {}, const Leniency& server_lenient = {}) {
  ClientConfig cc = client_config(o);
  cc.lenient = client_lenient;
  ServerConfig sc = server_config(o);
  sc.lenient = server_lenient;
  Pair p{make_client(cc, 7), make_server(sc, 7)};
  return p;
}

// Delivers records between the two sides until nothing moves; `filter` sees each record
// with its destination and returns the records to deliver instead (none: dropped).
using Filter = std::function<std::vector<Bytes>(const Event&)>;
void pump(Pair& p, const Filter& filter, int max_rounds = 50) {
  p.client->start();
  std::deque<Event> wire;
  auto collect = [&](Connection& c) {
    for (auto& e : c.take_sent()) wire.push_back(std::move(e));
    c.take_received();
  };
  collect(*p.client);
  for (int i = 0; i < 1000 && !wire.empty(); ++i) {
    Event e = std::move(wire.front());
    wire.pop_front();
    Connection& to = e.to == Actor::client ? *p.client : *p.server;
    for (auto& rec : filter ? filter(e) : std::vector<Bytes>{e.bytes}) to.receive(rec);
    collect(*p.client);
    collect(*p.server);
  }
  (void)max_rounds;
}

Bytes plaintext_ccs(uint16_t version) { return Bytes{20, uint8_t(version >> 8), uint8_t(version), 0, 1, 1}; }

// CVE-2014-0224: a ChangeCipherSpec injected right after ServerHello.
TEST(Leniency, EarlyChangeCipherSpecRefusedByDefaultAcceptedWhenLenient) {
  ScenarioOptions o = version(kTls12);
  o.one_message_per_record = true;  // as OpenSSL before 1.0.1h wrote it: ServerHello alone
  Filter inject = [](const Event& e) {
    std::vector<Bytes> out{e.bytes};
    if (e.name == "ServerHello") out.push_back(plaintext_ccs(kTls12));
    return out;
  };
  Pair strict = make_pair12(o);
  pump(strict, inject);
  ASSERT_TRUE(strict.client->failed());
  EXPECT_EQ(strict.client->failure()->alert, AlertDescription::unexpected_message);
  EXPECT_NE(strict.client->failure()->reason.find("ReadServerCertificate"), std::string::npos)
      << strict.client->failure()->reason;

  Leniency l;
  l.accept_early_ccs = true;
  Pair lenient = make_pair12(o, l);
  lenient.client->start();
  std::vector<Event> received;
  // Drive by hand to look at the CCS's own event.
  auto sent = lenient.client->take_sent();
  for (auto& e : sent) lenient.server->receive(e.bytes);
  auto flight = lenient.server->take_sent();
  ASSERT_EQ(flight.front().name, "ServerHello");
  lenient.client->receive(flight.front().bytes);
  lenient.client->receive(plaintext_ccs(kTls12));
  received = lenient.client->take_received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_FALSE(lenient.client->failed()) << lenient.client->failure_text();
  const Event& ccs = received[1];
  ASSERT_TRUE(ccs.states.receiver);
  EXPECT_EQ(ccs.states.receiver->before, HsState::ReadServerCertificate);
  // The keys were derived for real from the empty master secret.
  auto kb = std::find_if(ccs.derivations.begin(), ccs.derivations.end(),
                         [](const Derivation& d) { return d.id == "client/key_block/early_ccs"; });
  ASSERT_NE(kb, ccs.derivations.end());
  const NamedBytes* ms = kb->input("master_secret");
  ASSERT_NE(ms, nullptr);
  EXPECT_TRUE(ms->value.empty());
  // From now on the client decrypts with those keys: the server's plaintext Certificate fails.
  lenient.client->receive(flight[1].bytes);
  ASSERT_TRUE(lenient.client->failed());
  EXPECT_EQ(lenient.client->failure()->alert, AlertDescription::bad_record_mac);
}

// The server side of CVE-2014-0224: a ChangeCipherSpec before ClientKeyExchange.
TEST(Leniency, EarlyChangeCipherSpecAtTheServer) {
  ScenarioOptions o = version(kTls12);
  Filter inject = [](const Event& e) {
    if (e.name == "ClientKeyExchange") return std::vector<Bytes>{plaintext_ccs(kTls12), e.bytes};
    return std::vector<Bytes>{e.bytes};
  };
  Pair strict = make_pair12(o);
  pump(strict, inject);
  ASSERT_TRUE(strict.server->failed());
  EXPECT_EQ(strict.server->failure()->alert, AlertDescription::unexpected_message);
  EXPECT_NE(strict.server->failure()->reason.find("ReadClientKeyExchange"), std::string::npos);
  Leniency l;
  l.accept_early_ccs = true;
  Pair lenient = make_pair12(o, {}, l);
  pump(lenient, inject);
  // Accepted: the ClientKeyExchange that follows in the clear no longer opens.
  ASSERT_TRUE(lenient.server->failed());
  EXPECT_EQ(lenient.server->failure()->alert, AlertDescription::bad_record_mac);
}

// SKIP-TLS: the ChangeCipherSpec before Finished dropped, the Finished sent in the clear.
Filter skip_ccs_to(Actor victim) {
  return [victim](const Event& e) {
    if (e.to != victim) return std::vector<Bytes>{e.bytes};
    if (e.name == "ChangeCipherSpec") return std::vector<Bytes>{};
    if (e.name == "Finished" && !e.plaintext.empty()) {
      // The same Finished message (header + 12 bytes of verify_data), unprotected.
      static const Bytes header{20, 0, 0, 12};
      auto at = std::search(e.plaintext.begin(), e.plaintext.end(), header.begin(), header.end());
      if (e.plaintext.end() - at < 16) return std::vector<Bytes>{e.bytes};
      Bytes msg(at, at + 16);
      Bytes rec{22, e.bytes[1], e.bytes[2], 0, uint8_t(msg.size())};
      rec.insert(rec.end(), msg.begin(), msg.end());
      return std::vector<Bytes>{rec};
    }
    return std::vector<Bytes>{e.bytes};
  };
}

TEST(Leniency, FinishedWithoutChangeCipherSpec) {
  ScenarioOptions o = version(kTls12);
  o.extended_master_secret = false;
  for (Actor victim : {Actor::server, Actor::client}) {
    SCOPED_TRACE(std::string(name_of(victim)));
    Pair strict = make_pair12(o);
    pump(strict, skip_ccs_to(victim));
    Connection& v = victim == Actor::client ? *strict.client : *strict.server;
    ASSERT_TRUE(v.failed());
    EXPECT_EQ(v.failure()->alert, AlertDescription::unexpected_message);
    EXPECT_NE(v.failure()->reason.find(victim == Actor::client ? "ReadServerChangeCipherSpec" : "ReadClientChangeCipherSpec"),
              std::string::npos)
        << v.failure()->reason;

    Leniency l;
    l.accept_finished_without_ccs = true;
    Pair lenient = victim == Actor::client ? make_pair12(o, l) : make_pair12(o, {}, l);
    pump(lenient, skip_ccs_to(victim));
    Connection& lv = victim == Actor::client ? *lenient.client : *lenient.server;
    EXPECT_TRUE(lv.handshake_complete()) << lv.failure_text();
    // What follows is the peer's encrypted traffic read as plaintext; the Finished itself passed.
    if (lv.failed()) EXPECT_NE(lv.failure()->alert, AlertDescription::unexpected_message) << lv.failure_text();
  }
}

// A ClientHello altered in transit (a suite the server would not pick rewritten): the keys do
// not depend on it without the extended master secret, so only the Finished check sees it.
TEST(Leniency, SkipFinishedCheck) {
  ScenarioOptions o = version(kTls12);
  o.extended_master_secret = false;
  Filter tamper = [](const Event& e) {
    Bytes b = e.bytes;
    if (e.name == "ClientHello") {
      // The cipher_suites list starts after the header (5 + 4), version, random and session_id.
      size_t off = 9 + 2 + 32;
      off += 1 + b[off];
      size_t len = size_t(b[off]) << 8 | b[off + 1];
      b[off + 2 + len - 1] ^= 0x01;  // the last offered suite, never the one chosen
    }
    return std::vector<Bytes>{b};
  };
  Pair strict = make_pair12(o);
  pump(strict, tamper);
  ASSERT_TRUE(strict.server->failed());
  EXPECT_EQ(strict.server->failure()->alert, AlertDescription::decrypt_error);
  EXPECT_FALSE(strict.server->handshake_complete());

  Leniency l;
  l.skip_finished_check = true;
  Pair lenient = make_pair12(o, {}, l);
  pump(lenient, tamper);
  EXPECT_TRUE(lenient.server->handshake_complete()) << lenient.server->failure_text();
  // The client still checks the server's Finished over its own transcript and catches it.
  ASSERT_TRUE(lenient.client->failed());
  EXPECT_EQ(lenient.client->failure()->alert, AlertDescription::decrypt_error);
  // The server did not fail on its own: it only heard the client's alert.
  EXPECT_NE(lenient.server->failure_text().find("the client sent"), std::string::npos) << lenient.server->failure_text();
}

// The victim side of the 2009 renegotiation attack: a client-initiated renegotiation on a
// connection without RFC 5746.
TEST(Leniency, UnsafeRenegotiation) {
  ScenarioOptions o = version(kTls12);
  o.secure_renegotiation = false;
  // The client renegotiates without RFC 5746 (its own choice); only the server's switch varies.
  auto run = [&](bool lenient) {
    ClientConfig cc = client_config(o);
    cc.renegotiate = true;
    cc.allow_legacy_renegotiation = true;
    ServerConfig sc = server_config(o);
    sc.lenient.accept_unsafe_renegotiation = lenient;
    Pair p{make_client(cc, 7), make_server(sc, 7)};
    std::vector<Event> server_sent;
    p.client->start();
    std::deque<Event> wire;
    for (auto& e : p.client->take_sent()) wire.push_back(std::move(e));
    while (!wire.empty()) {
      Event e = std::move(wire.front());
      wire.pop_front();
      (e.to == Actor::client ? *p.client : *p.server).receive(e.bytes);
      for (auto* c : {p.client.get(), p.server.get()}) {
        for (auto& x : c->take_sent()) {
          if (x.from == Actor::server) server_sent.push_back(x);
          wire.push_back(std::move(x));
        }
        c->take_received();
      }
    }
    return std::pair{p.server->negotiated().handshakes, server_sent};
  };
  auto [strict_handshakes, strict_sent] = run(false);
  EXPECT_EQ(strict_handshakes, 1);
  auto refusal = std::find_if(strict_sent.begin(), strict_sent.end(), [](const Event& e) {
    return e.alert && e.alert->description == AlertDescription::no_renegotiation;
  });
  ASSERT_NE(refusal, strict_sent.end());
  EXPECT_EQ(refusal->alert->level, AlertLevel::warning);
  EXPECT_NE(refusal->alert->reason.english().find("Connected"), std::string::npos) << refusal->alert->reason;
  auto [lenient_handshakes, lenient_sent] = run(true);
  EXPECT_EQ(lenient_handshakes, 2);
}

TEST(Leniency, OptionsRoundTripThroughScenarioJson) {
  ScenarioOptions o;
  o.accept_early_ccs = o.accept_finished_without_ccs = o.skip_finished_check = o.accept_unsafe_renegotiation = true;
  auto back = scenario_from_json(o.to_json_text(), "test");
  ASSERT_TRUE(back.ok()) << back.error().reason;
  EXPECT_TRUE(back->accept_early_ccs && back->accept_finished_without_ccs && back->skip_finished_check &&
              back->accept_unsafe_renegotiation);
  EXPECT_TRUE(client_config(o).lenient.accept_early_ccs);
  EXPECT_TRUE(server_config(o).lenient.accept_unsafe_renegotiation);
  EXPECT_FALSE(client_config(o).lenient.accept_unsafe_renegotiation);  // a server-side bug only
}

}  // namespace

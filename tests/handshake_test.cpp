// Simulated TLS 1.2 handshakes: every suite and group, determinism, tampering, malformed input,
// and record-layer reassembly.
#include <gtest/gtest.h>

#include <functional>

#include "net/simulation.hpp"
#include "sim_fixtures.hpp"

using namespace sim;
using namespace simfix;

namespace {

struct Combo {
  const char* suite;
  NamedGroup group;
};

std::string combo_name(const testing::TestParamInfo<Combo>& info) {
  return std::string(info.param.suite).substr(4) + "_" + name_of(info.param.group);
}

ScenarioOptions scenario(const char* suite, NamedGroup g, uint64_t seed = 7) {
  ScenarioOptions o;
  o.seed = seed;
  o.client_suites = o.server_suites = {suite_by_name(suite)->id};
  o.client_groups = o.server_groups = {g};
  return o;
}

void expect_ranges_inside(const Field& f, const Event& e) {
  size_t limit = f.space == ByteSpace::wire ? e.bytes.size() : e.plaintext.size();
  EXPECT_LE(size_t(f.offset) + f.length, limit) << e.name << " field " << f.name;
  for (auto& c : f.children) expect_ranges_inside(c, e);
}

}  // namespace

class HandshakeMatrix : public testing::TestWithParam<Combo> {};

TEST_P(HandshakeMatrix, CompletesAndDeliversHttpIntact) {
  ScenarioOptions o = scenario(GetParam().suite, GetParam().group);
  Simulation sim(o);
  sim.run_to_end();
  const Trace& t = sim.trace();
  EXPECT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_EQ(t.negotiated.version, kTls12);
  EXPECT_EQ(t.negotiated.cipher_suite, suite_by_name(GetParam().suite)->id);
  if (suite_by_name(GetParam().suite)->kx != KeyExchange::rsa) {
    ASSERT_TRUE(t.negotiated.group.has_value());
    EXPECT_EQ(*t.negotiated.group, GetParam().group);
  }
  EXPECT_EQ(t.server_app_received, http_request_for(o.host));
  EXPECT_EQ(t.client_app_received, http_response_for(o.host));
  EXPECT_TRUE(t.negotiated.extended_master_secret);
  // Both sides derived the same master secret and each verified the other's Finished.
  Bytes client_ms, server_ms;
  int finished_checks = 0;
  for (auto& e : t.events) {
    expect_ranges_inside(e.tree, e);
    for (const sim::Derivation& d : sim::all_derivations(e)) {
      if (d.name == "master_secret") (d.actor == Actor::client ? client_ms : server_ms) = d.output;
      if (d.name.find("verify_data") != std::string::npos) ++finished_checks;
    }
  }
  EXPECT_EQ(client_ms.size(), 48u);
  EXPECT_EQ(client_ms, server_ms);
  EXPECT_EQ(finished_checks, 4);  // each Finished computed by its sender and checked by its receiver
}

INSTANTIATE_TEST_SUITE_P(
    AllSuitesAndGroups, HandshakeMatrix,
    testing::Values(Combo{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", NamedGroup::x25519},
                    Combo{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", NamedGroup::secp256r1},
                    Combo{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", NamedGroup::x25519},
                    Combo{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", NamedGroup::secp256r1},
                    Combo{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", NamedGroup::x25519},
                    Combo{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", NamedGroup::secp256r1},
                    Combo{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", NamedGroup::x25519},
                    Combo{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", NamedGroup::secp256r1},
                    Combo{"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", NamedGroup::ffdhe2048},
                    Combo{"TLS_RSA_WITH_AES_128_CBC_SHA", NamedGroup::x25519},
                    Combo{"TLS_RSA_WITH_AES_256_CBC_SHA256", NamedGroup::x25519}),
    combo_name);

TEST(Handshake, WorksWithoutExtendedMasterSecret) {
  ScenarioOptions o = scenario("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", NamedGroup::x25519);
  o.extended_master_secret = false;
  Simulation sim(o);
  sim.run_to_end();
  EXPECT_EQ(sim.trace().outcome, OutcomeKind::completed);
  EXPECT_FALSE(sim.trace().negotiated.extended_master_secret);
}

TEST(Handshake, SameSeedGivesIdenticalTrace) {
  ScenarioOptions o;
  o.seed = 42;
  Simulation a(o), b(o);
  a.run_to_end();
  b.run_to_end();
  EXPECT_EQ(trace_json_text(a.trace()), trace_json_text(b.trace()));
}

TEST(Handshake, DifferentSeedsGiveDifferentRandoms) {
  ScenarioOptions o1, o2;
  o1.seed = 1;
  o2.seed = 2;
  Simulation a(o1), b(o2);
  a.run_to_end();
  b.run_to_end();
  const Field* ra = a.trace().events[0].tree.find("random");
  const Field* rb = b.trace().events[0].tree.find("random");
  ASSERT_TRUE(ra && rb);
  EXPECT_NE(ra->value, rb->value);
  EXPECT_EQ(ra->length, 32u);
}

TEST(Handshake, StepBackIsAReplay) {
  Simulation sim{ScenarioOptions{}};
  for (int i = 0; i < 6; ++i) sim.step();
  std::string at6 = trace_json_text(sim.trace());
  sim.step();
  sim.replay_to(6);
  EXPECT_EQ(sim.step_count(), 6u);
  EXPECT_EQ(trace_json_text(sim.trace()), at6);
}

TEST(Handshake, ClientHelloRandomInTreeIsTheMasterSecretInput) {
  ScenarioOptions o = scenario("TLS_RSA_WITH_AES_128_CBC_SHA", NamedGroup::x25519);
  o.extended_master_secret = false;
  Simulation sim(o);
  sim.run_to_end();
  const Event& ch = sim.trace().events[0];
  const Field* random = ch.tree.find("random");
  ASSERT_NE(random, nullptr);
  Bytes from_wire(ch.bytes.begin() + random->offset, ch.bytes.begin() + random->offset + random->length);
  bool checked = false;
  for (auto& e : sim.trace().events)
    for (const sim::Derivation& d : sim::all_derivations(e))
      if (d.name == "master_secret" && d.actor == Actor::server) {
        EXPECT_EQ(d.input("client_random")->value, from_wire);
        checked = true;
      }
  EXPECT_TRUE(checked);
}

// ---- tampering -------------------------------------------------------------------------

TEST(Tamper, AlteredApplicationDataEndsWithBadRecordMac) {
  for (const char* suite : {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}) {
    auto attacker = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
      if (e.layer != sim::ContentType::application_data || e.from != Actor::client) return std::nullopt;
      Bytes b = e.bytes;
      b[b.size() - 20] ^= 0x01;  // inside the ciphertext
      return b;
    });
    Simulation sim(scenario(suite, NamedGroup::x25519), attacker);
    sim.run_to_end();
    const Event* alert = fatal_alert_from(sim.trace(), Actor::server);
    ASSERT_NE(alert, nullptr) << suite;
    EXPECT_EQ(alert->alert->description, AlertDescription::bad_record_mac) << suite;
    EXPECT_TRUE(sim.server().failed());
    EXPECT_TRUE(sim.trace().server_app_received.empty()) << "altered data must never be delivered";
  }
}

TEST(Tamper, AlteredClientHelloIsCaught) {
  auto attacker = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name != "ClientHello") return std::nullopt;
    Bytes b = e.bytes;
    b[5 + 4 + 2 + 5] ^= 0xff;  // a byte of ClientHello.random
    return b;
  });
  // ECDHE: the server signs the altered random, so the client's signature check fails first.
  Simulation ecdhe(ScenarioOptions{}, attacker);
  ecdhe.run_to_end();
  const Event* alert = fatal_alert_from(ecdhe.trace(), Actor::client);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::decrypt_error);
  // RSA key transport has no signature: the randoms feed key_block, so the two sides hold
  // different keys and the server cannot authenticate the client's Finished record.
  Simulation rsa(scenario("TLS_RSA_WITH_AES_128_CBC_SHA", NamedGroup::x25519), attacker);
  rsa.run_to_end();
  alert = fatal_alert_from(rsa.trace(), Actor::server);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::bad_record_mac);
  EXPECT_FALSE(rsa.trace().handshake_complete);
}

TEST(Tamper, TruncatedHandshakeMessageGivesDecodeError) {
  // Cut 3 bytes off the end of the ClientHello body and fix the outer lengths so the record
  // and handshake framing are consistent: the extensions vector length now overruns.
  auto attacker = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name != "ClientHello") return std::nullopt;
    return truncated_handshake_record(e.bytes, e.bytes.size() - 3);
  });
  Simulation sim(ScenarioOptions{}, attacker);
  sim.run_to_end();
  const Event* alert = fatal_alert_from(sim.trace(), Actor::server);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::decode_error);
}

TEST(Tamper, TruncatedServerHelloGivesDecodeErrorAtClient) {
  auto attacker = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name.rfind("ServerHello", 0) != 0) return std::nullopt;  // the server's first record
    return truncated_handshake_record(e.bytes, 5 + 4 + 20);  // stops inside random
  });
  Simulation sim(ScenarioOptions{}, attacker);
  sim.run_to_end();
  const Event* alert = fatal_alert_from(sim.trace(), Actor::client);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::decode_error);
}

TEST(Tamper, UnofferedSuiteInServerHelloIsIllegalParameter) {
  auto attacker = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name.rfind("ServerHello", 0) != 0) return std::nullopt;  // the server's first record
    Bytes b = e.bytes;
    size_t sid_len = b[5 + 4 + 2 + 32];
    size_t at = 5 + 4 + 2 + 32 + 1 + sid_len;
    b[at] = 0x00;
    b[at + 1] = 0x33;  // TLS_DHE_RSA_WITH_AES_128_CBC_SHA, not offered
    return b;
  });
  Simulation sim(ScenarioOptions{}, attacker);
  sim.run_to_end();
  const Event* alert = fatal_alert_from(sim.trace(), Actor::client);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::illegal_parameter);
}

TEST(Tamper, GarbageInsteadOfClientHelloNeverCrashes) {
  for (size_t len : {0u, 1u, 4u, 5u, 9u, 40u, 300u}) {
    auto attacker = std::make_shared<LambdaAttacker>([len](const Event& e) -> std::optional<Bytes> {
      if (e.name != "ClientHello") return std::nullopt;
      Bytes b = {0x16, 0x03, 0x01, uint8_t((len + 4) >> 8), uint8_t(len + 4), 0x01, 0, uint8_t(len >> 8), uint8_t(len)};
      for (size_t i = 0; i < len; ++i) b.push_back(uint8_t(i * 37 + 11));
      return b;
    });
    Simulation sim(ScenarioOptions{}, attacker);
    sim.run_to_end();
    const Event* alert = fatal_alert_from(sim.trace(), Actor::server);
    ASSERT_NE(alert, nullptr) << len;
    EXPECT_EQ(alert->alert->description, AlertDescription::decode_error) << len;
  }
}

// ---- record layer reassembly ---------------------------------------------------------

namespace {

Bytes record(ContentType t, ByteView fragment) {
  ByteWriter w;
  w.u8(uint8_t(t));
  w.u16(kTls12);
  w.vec(2, fragment);
  return w.take();
}

}  // namespace

TEST(RecordLayer, ReassemblesCoalescedAndFragmentedHandshakeMessages) {
  ScenarioOptions o;
  o.one_message_per_record = true;  // the test packs and cuts the flight itself
  auto client = make_client(client_config(o), 5);
  auto server = make_server(server_config(o), 5);
  client->start();
  // Deliver the ClientHello one byte at a time.
  Bytes ch = simfix::wire_of(client->take_sent());
  for (uint8_t b : ch) server->receive(ByteView(&b, 1));
  auto flight = server->take_sent();
  ASSERT_EQ(flight.size(), 4u);  // ServerHello, Certificate, ServerKeyExchange, ServerHelloDone
  // Rebuild the flight as one handshake stream, then cut it into 700-byte records so that
  // messages both share records and span them.
  Bytes stream;
  for (auto& e : flight) append(stream, ByteView(e.bytes).subspan(5));
  Bytes rewired;
  for (size_t off = 0; off < stream.size(); off += 700)
    append(rewired, record(ContentType::handshake, ByteView(stream).subspan(off, std::min<size_t>(700, stream.size() - off))));
  // And deliver those records in odd-sized TCP chunks.
  for (size_t off = 0; off < rewired.size(); off += 333)
    client->receive(ByteView(rewired).subspan(off, std::min<size_t>(333, rewired.size() - off)));
  ASSERT_FALSE(client->failed()) << client->failure()->reason;
  // Pump the rest normally.
  simfix::pump(*client, *server);
  EXPECT_TRUE(client->handshake_complete());
  EXPECT_TRUE(server->handshake_complete());
  EXPECT_EQ(client->app_received(), http_response_for(o.host));
}

TEST(RecordLayer, FragmentsLargeApplicationDataAt16K) {
  ScenarioOptions o;
  ClientConfig cc = client_config(o);
  cc.send_http_request = false;
  auto client = make_client(cc, 3);
  auto server = make_server(server_config(o), 3);
  client->start();
  simfix::pump(*client, *server);
  ASSERT_TRUE(client->handshake_complete());
  (void)client->take_sent();
  Bytes big(40000, 'x');
  server->send_application_data(big);
  auto recs = server->take_sent();
  ASSERT_EQ(recs.size(), 3u);  // 16384 + 16384 + 7232
  for (auto& r : recs) EXPECT_LE(r.bytes.size(), 5 + kMaxCiphertext);
  size_t before = client->app_received().size();
  client->receive(simfix::wire_of(recs));
  EXPECT_EQ(client->app_received().size() - before, big.size());
}

TEST(RecordLayer, OversizedRecordIsRecordOverflow) {
  ScenarioOptions o;
  auto server = make_server(server_config(o), 3);
  Bytes b = {0x16, 0x03, 0x03, 0x48, 0x01};  // 18433 > 2^14 + 2048
  server->receive(b);
  ASSERT_TRUE(server->failed());
  EXPECT_EQ(server->failure()->alert, AlertDescription::record_overflow);
  auto sent = server->take_sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].bytes, (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 22}));
}

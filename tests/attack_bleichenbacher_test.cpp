// bleichenbacher (1998): the server as a PKCS#1 v1.5 padding oracle on ClientKeyExchange.
// The leniency (reveal_rsa_padding_error) answers a malformed block at once; the countermeasure
// (RFC 5246 7.4.7.1) goes on with a random pre_master_secret and fails only at Finished. The
// attack recovers the pre_master_secret the client really sent (checked against the client's own
// derivation and the known request), fails at its budget against the countermeasure, and stops
// when cancelled.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <crypto++/integer.h>

#include "crypto/crypto.hpp"
#include "net/simulation.hpp"
#include "pki/cert.hpp"
#include "scenario/attacks.hpp"
#include "sim_fixtures.hpp"

namespace {

using namespace sim;
using CryptoPP::Integer;

// A short full run: with this seed the oracle needs about 10 800 queries for the 512-bit key of
// the rsa-512 profile (most seeds need 2^17 to 2^20; the count is deterministic, as the key, the
// client's secret and the servers' randoms all come from seeds).
constexpr uint64_t kQuickSeed = 10;

ScenarioOptions bleichenbacher(bool defended, uint64_t budget = 0, uint64_t seed = kQuickSeed) {
  ScenarioOptions o;
  o.attack = "bleichenbacher";
  if (!defended) o.defenses["rsa-padding-countermeasure"] = false;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls10;
  o.query_budget = budget;
  o.seed = seed;
  return o;
}

// ---- the engine's leniency, driven by hand ----

struct Rsa {
  Integer n, e;
  size_t k;
};

Rsa server_key(const ServerConfig& sc) {
  auto spki = pki::certificate_spki(sc.certificate_chain.at(0));
  EXPECT_TRUE(spki.ok());
  Bytes n, e;
  EXPECT_TRUE(crypto::rsa_components(*spki, &n, &e));
  Rsa r{Integer(n.data(), n.size()), Integer(e.data(), e.size()), 0};
  r.k = r.n.ByteCount();
  return r;
}

// The record carrying a ClientKeyExchange whose block is `block` (encrypted here with Crypto++'s
// raw RSA, not the engine's).
Bytes client_key_exchange(const Rsa& key, const Bytes& block) {
  Integer c = a_exp_b_mod_c(Integer(block.data(), block.size()), key.e, key.n);
  Bytes ct(key.k);
  c.Encode(ct.data(), ct.size());
  Bytes body = {uint8_t(ct.size() >> 8), uint8_t(ct.size())};
  append(body, ct);
  Bytes msg = {16, 0, uint8_t(body.size() >> 8), uint8_t(body.size())};
  append(msg, body);
  return make_record(22, 3, 1, msg);
}

// A PKCS#1 v1.5 type 2 block of k bytes around a 48-byte message starting with `version`.
Bytes block(size_t k, uint8_t b0, uint8_t b1, uint16_t version) {
  Bytes out(k, 0x5a);
  out[0] = b0;
  out[1] = b1;
  out[k - 49] = 0;
  out[k - 48] = uint8_t(version >> 8);
  out[k - 47] = uint8_t(version);
  return out;
}

struct Exchange {
  Bytes after_key_exchange, after_finished;
};

// A real client's ClientHello to a fresh server, then our ClientKeyExchange, then
// ChangeCipherSpec and a Finished of garbage: what does the server answer, and when?
Exchange exchange(bool reveal, const Bytes& cke_block) {
  ScenarioOptions o = effective_options(bleichenbacher(!reveal));
  ServerConfig sc = server_config(o);
  EXPECT_EQ(sc.lenient.reveal_rsa_padding_error, reveal);
  auto client = make_client(client_config(o), 5);
  auto server = make_server(sc, 6);
  client->start();
  server->receive(simfix::wire_of(client->take_sent()));
  Bytes flight = simfix::wire_of(server->take_sent());
  EXPECT_GT(flight.size(), 100u);
  Rsa key = server_key(sc);
  Exchange x;
  server->receive(client_key_exchange(key, cke_block.empty() ? block(key.k, 0, 2, kTls10) : cke_block));
  x.after_key_exchange = simfix::wire_of(server->take_sent());
  Bytes rest = make_record(20, 3, 1, Bytes{1});
  append(rest, make_record(22, 3, 1, Bytes(48, 0x33)));
  server->receive(rest);
  x.after_finished = simfix::wire_of(server->take_sent());
  return x;
}

// An alert record in the clear: 15 03 01 00 02 <level> <description>.
int alert_of(const Bytes& b) { return b.size() == 7 && b[0] == 21 ? b[6] : -1; }

TEST(BleichenbacherLeniency, MalformedBlockGetsItsOwnAlertAtOnce) {
  ScenarioOptions o = effective_options(bleichenbacher(false));
  size_t k = server_key(server_config(o)).k;
  EXPECT_EQ(k, 64u);  // the rsa-512 profile
  // 00 01 (a signature block), then a block without the 00 separator: both not conforming.
  for (const Bytes& bad : {block(k, 0, 1, kTls10), Bytes(k, 0x02)}) {
    Bytes bb = bad;
    if (bb[0] == 0x02) bb[0] = 0;  // 00 02 02 02 ...: no separator
    Exchange x = exchange(true, bb);
    EXPECT_EQ(alert_of(x.after_key_exchange), int(AlertDescription::decrypt_error)) << to_hex(x.after_key_exchange);
    EXPECT_TRUE(x.after_finished.empty());
  }
  // Conforming but with the wrong version: the random pre_master_secret, failure at Finished.
  Exchange x = exchange(true, block(k, 0, 2, kTls12));
  EXPECT_TRUE(x.after_key_exchange.empty());
  EXPECT_EQ(alert_of(x.after_finished), int(AlertDescription::bad_record_mac));
}

TEST(BleichenbacherLeniency, CountermeasureAnswersOnlyAtFinished) {
  ScenarioOptions o = effective_options(bleichenbacher(true));
  size_t k = server_key(server_config(o)).k;
  for (const Bytes& b : {block(k, 0, 1, kTls10), block(k, 0, 2, kTls12), block(k, 0, 2, kTls10)}) {
    Exchange x = exchange(false, b);
    EXPECT_TRUE(x.after_key_exchange.empty());
    EXPECT_EQ(alert_of(x.after_finished), int(AlertDescription::bad_record_mac));
  }
}

TEST(BleichenbacherLeniency, TraceShowsTheConformanceCheck) {
  ScenarioOptions o = bleichenbacher(false, 1000);
  o.attack.clear();
  o.defenses.clear();
  o.reveal_rsa_padding_error = true;
  o.client_suites = o.server_suites = {suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id};
  Simulation s(o);
  s.run_to_end();
  EXPECT_EQ(s.trace().outcome, OutcomeKind::completed);
  bool seen = false;
  for (auto& e : s.trace().events)
    for (const Derivation& d : all_derivations(e))
      if (d.kind == DerivationKind::rsa_pre_master_secret_decrypt) {
        ASSERT_NE(d.step("PKCS#1 v1.5 conforming"), nullptr);
        EXPECT_EQ(d.step("PKCS#1 v1.5 conforming")->value, Bytes{1});
        seen = true;
      }
  EXPECT_TRUE(seen);
}

// ---- the attack ----

// The pre_master_secret the victim client computed (its own derivation: the test's oracle).
Bytes client_pre_master_secret(const Trace& t) {
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e))
      if (d.actor == Actor::client && d.name == "pre_master_secret") return d.output;
  return {};
}

TEST(BleichenbacherAttack, UndefendedRecoversTheClientsPreMasterSecret) {
  Trace t = simfix::run_attack(bleichenbacher(false));
  ASSERT_EQ(t.negotiated.version, kTls10);
  ASSERT_EQ(suite_by_id(t.negotiated.cipher_suite)->kx, KeyExchange::rsa);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  EXPECT_EQ(t.attack->summary.key, "attack.bleichenbacher.succeeded_after");
  auto* pms = simfix::attack_evidence(t, "pre_master_secret");
  ASSERT_NE(pms, nullptr);
  Bytes expected = client_pre_master_secret(t);
  ASSERT_EQ(expected.size(), 48u);
  EXPECT_EQ(pms->value, expected);
  auto* req = simfix::attack_evidence(t, "request_read");
  ASSERT_NE(req, nullptr);
  EXPECT_TRUE(req->is_text);
  EXPECT_EQ(std::string(req->value.begin(), req->value.begin() + 6), "GET / ");
  EXPECT_EQ(req->value, t.server_app_received);  // the request as the server itself read it
  EXPECT_EQ(t.attack->work_unit, "queries");
  EXPECT_GT(t.attack->work, 1000u);  // an oracle attack, not a guess
  EXPECT_EQ(t.attack->queries.size(), 64u);
  EXPECT_FALSE(t.attack->cancelled);
  auto* interval = simfix::attack_evidence(t, "interval");
  ASSERT_NE(interval, nullptr);
  EXPECT_NE(std::string(interval->value.begin(), interval->value.end()).find("(2^0)"), std::string::npos);
}

TEST(BleichenbacherAttack, DefendedStopsAtItsBudgetWithOneAnswerForAll) {
  Trace t = simfix::run_attack(bleichenbacher(true, 1000));
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.bleichenbacher.failed_no_oracle");
  EXPECT_EQ(t.attack->work, 1000u);
  EXPECT_EQ(simfix::attack_evidence(t, "pre_master_secret"), nullptr);
  ASSERT_EQ(t.attack->queries.size(), 64u);
  // Every kept answer ends with the same alert, bad_record_mac at Finished.
  for (auto& q : t.attack->queries) {
    ASSERT_GE(q.to_client.size(), 7u);
    Bytes tail(q.to_client.end() - 7, q.to_client.end());
    EXPECT_EQ(alert_of(tail), int(AlertDescription::bad_record_mac));
  }
}

TEST(BleichenbacherAttack, UndefendedWithSmallBudgetStopsWithTheIntervalLeft) {
  // With this seed step 2a finds its s after about 4 200 queries; the budget stops step 2c.
  Trace t = simfix::run_attack(bleichenbacher(false, 5000));
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->work, 5000u);
  EXPECT_EQ(t.attack->summary.key, "attack.bleichenbacher.failed_budget");
  auto* interval = simfix::attack_evidence(t, "interval");
  ASSERT_NE(interval, nullptr);
  // Narrowed from 2^496 (m in [2B, 3B)) but not to one value.
  std::string left(interval->value.begin(), interval->value.end());
  EXPECT_EQ(left.find("(2^496)"), std::string::npos) << left;
  EXPECT_EQ(left.find("(2^0)"), std::string::npos) << left;
}

TEST(BleichenbacherAttack, CancelledStops) {
  ScenarioOptions o = bleichenbacher(true, 10'000'000);
  Simulation s(o);
  auto progress = std::make_shared<Progress>();
  s.set_progress(progress);
  std::atomic<bool> over{false};
  std::thread canceller([&] {
    while (!over && progress->done() < 200) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    progress->cancel();
  });
  s.run_to_end();
  over = true;
  canceller.join();
  const Trace& t = s.trace();
  ASSERT_TRUE(t.attack);
  EXPECT_TRUE(t.attack->cancelled);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.bleichenbacher.failed_cancelled");
  EXPECT_GE(t.attack->work, 200u);
  EXPECT_LT(t.attack->work, 10'000'000u);
  EXPECT_EQ(progress->total(), 10'000'000u);
}

TEST(BleichenbacherAttack, NoRsaKeyTransportNothingToAttack) {
  ScenarioOptions o = bleichenbacher(false, 1000);
  o.client_suites = o.server_suites = {suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")->id};
  Trace t = simfix::run_attack(o);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->summary.key, "attack.bleichenbacher.failed_no_rsa");
  EXPECT_EQ(t.attack->work, 0u);
}

}  // namespace

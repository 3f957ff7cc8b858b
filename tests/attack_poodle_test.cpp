// poodle (CVE-2014-3566): the SSL 3.0 CBC padding oracle. Undefended, the attacker recovers the
// cookie the victim's browser was configured with from which modified records the server accepts;
// defended, the server refuses SSL 3.0, or (TLS with the padding check) answers every modified
// record with an alert until the budget runs out. The record layer's leniency is tested alone.
#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "net/simulation.hpp"
#include "record/lenient_open.hpp"
#include "scenario/attacks.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"

namespace {

using namespace sim;
using simfix::attack_evidence;
using simfix::run_attack;

ScenarioOptions poodle(const std::string& variant, const std::string& cookie) {
  ScenarioOptions o;
  o.attack = "poodle";
  o.attack_variant = variant;
  o.http_cookie = cookie;
  return o;
}

std::string text_of(const AttackEvidence* e) { return e ? std::string(e->value.begin(), e->value.end()) : std::string(); }

TEST(AttackPoodle, Ssl3RecoversTheVictimsCookie) {
  ScenarioOptions o = poodle("ssl3", "k7");
  o.defenses["no-ssl3"] = false;
  Trace t = run_attack(o);
  ASSERT_TRUE(t.attack->succeeded.value_or(false)) << t.attack->summary.english();
  EXPECT_EQ(text_of(attack_evidence(t, "cookie_recovered")), "k7");  // the cookie the browser holds
  EXPECT_EQ(t.negotiated.version, kSsl3);
  EXPECT_EQ(t.attack->work_unit, "requests");
  EXPECT_GT(t.attack->work, 2u);
  EXPECT_EQ(t.attack->queries.size(), std::min<size_t>(64, t.attack->work));
  EXPECT_FALSE(t.attack->cancelled);
  EXPECT_FALSE(text_of(attack_evidence(t, "requests_per_byte")).empty());
}

TEST(AttackPoodle, LaxTls10RecoversTheCookie) {
  ScenarioOptions o = poodle("tls10-lax", "Q=");
  o.defenses["tls-padding-check"] = false;
  Trace t = run_attack(o);
  ASSERT_TRUE(t.attack->succeeded.value_or(false)) << t.attack->summary.english();
  EXPECT_EQ(text_of(attack_evidence(t, "cookie_recovered")), "Q=");
  EXPECT_EQ(t.negotiated.version, kTls10);
}

TEST(AttackPoodle, Tls10WithThePaddingCheckStopsAtItsBudget) {
  ScenarioOptions o = poodle("tls10-lax", "Q=");
  o.query_budget = 150;
  Trace t = run_attack(o);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_FALSE(t.attack->stopped_by_alert);  // the victim's own connection went well
  EXPECT_EQ(t.attack->work, 150u);
  EXPECT_EQ(attack_evidence(t, "cookie_recovered"), nullptr);
  // Every modified record was answered with an alert, none with a page.
  std::string answers = text_of(attack_evidence(t, "server_answers"));
  ASSERT_EQ(answers.rfind("0 / ", 0), 0u) << answers;
  EXPECT_GT(std::stoul(answers.substr(4)), 100u);
}

TEST(AttackPoodle, ServerRefusingSsl3StopsItAtTheHandshake) {
  Trace t = run_attack(poodle("ssl3", "k7"));
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  ASSERT_TRUE(t.attack->stopped_by_alert);
  EXPECT_TRUE(*t.attack->stopped_by_alert == AlertDescription::protocol_version ||
              *t.attack->stopped_by_alert == AlertDescription::inappropriate_fallback);
  EXPECT_EQ(t.attack->work, 0u);
}

TEST(AttackPoodle, CancelledStops) {
  ScenarioOptions o = poodle("ssl3", "k7");
  o.defenses["no-ssl3"] = false;
  Trace t = simfix::run_cancelled(o);
  ASSERT_TRUE(t.attack);
  EXPECT_TRUE(t.attack->cancelled);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->work, 0u);
}

// RFC 2246 6.2.3.2: every padding byte must equal the padding length. A record whose padding
// bytes are wrong but whose length byte is right is refused with bad_record_mac; a receiver with
// skip_cbc_padding_check takes it, as SSL 3.0 does (RFC 6101 5.2.3.2).
TEST(AttackPoodle, LenientReceiverChecksOnlyThePaddingLength) {
  const CipherSuiteInfo* s = suite_by_id(0x002f);  // TLS_RSA_WITH_AES_128_CBC_SHA
  Bytes mac_key(20, 0x11), key(16, 0x22), iv(16, 0x33);
  CipherState w = CipherState::make(s, kTls10, "client_write", mac_key, key, iv, false, true);
  Rng rng(1, "test");
  Derivation d;
  InnerLayout inner;
  Bytes content = to_bytes("hello");  // 5 + MAC 20 + 1 = 26: 6 padding bytes of value 6
  Bytes frag = seal_record(w, Actor::client, ContentType::application_data, kTls10, content, rng, &d, &inner);
  Bytes plain = crypto::cbc_decrypt(s->cipher, key, iv, frag);
  ASSERT_EQ(plain.size(), 32u);
  ASSERT_EQ(plain.back(), 6);
  ASSERT_EQ(plain[26], 6);
  for (size_t i = 25; i < 31; ++i) plain[i] = 0xA5;  // wrong padding bytes, right length byte
  Bytes forged = crypto::cbc_encrypt(s->cipher, key, iv, plain);

  auto open = [&](bool lenient) {
    CipherState r = CipherState::make(s, kTls10, "client_write", mac_key, key, iv, false, false);
    return open_record(r, Actor::server, ContentType::application_data, kTls10, forged, &d, &inner, RecordLeniency{lenient});
  };
  auto strict = open(false);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().alert, AlertDescription::bad_record_mac);
  auto lax = open(true);
  ASSERT_TRUE(lax.ok()) << lax.error().reason;
  EXPECT_EQ(*lax, content);
}

}  // namespace

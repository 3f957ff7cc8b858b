// crime (CVE-2012-4929): compressed record lengths. Undefended (DEFLATE on both sides), the
// attacker recovers the cookie the victim's browser was configured with from the lengths of the
// request records alone; defended (no compression), a request's record grows byte for byte with
// it and nothing is recovered.
#include <gtest/gtest.h>

#include "net/simulation.hpp"
#include "scenario/attacks.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"

namespace {

using namespace sim;
using simfix::attack_evidence;
using simfix::run_attack;

ScenarioOptions crime(const std::string& cookie, bool compression) {
  ScenarioOptions o;
  o.attack = "crime";
  o.http_cookie = cookie;
  if (compression) o.defenses["no-compression"] = false;
  return o;
}

std::string text_of(const AttackEvidence* e) { return e ? std::string(e->value.begin(), e->value.end()) : std::string(); }

TEST(AttackCrime, CompressionGivesAwayTheVictimsCookie) {
  Trace t = run_attack(crime("t=9", true));
  ASSERT_TRUE(t.attack->succeeded.value_or(false)) << t.attack->summary.english();
  EXPECT_EQ(text_of(attack_evidence(t, "cookie_recovered")), "t=9");  // the cookie the browser holds
  EXPECT_EQ(t.attack->work_unit, "requests");
  EXPECT_EQ(t.attack->queries.size(), 64u);
  // One line per character and one for the end of the value.
  std::string rounds = text_of(attack_evidence(t, "round_lengths"));
  EXPECT_EQ(std::count(rounds.begin(), rounds.end(), '\n'), 4);
  EXPECT_NE(rounds.find("'9'"), std::string::npos) << rounds;
}

TEST(AttackCrime, AnotherCookieAnotherResult) {
  Trace t = run_attack(crime("Zq", true));
  ASSERT_TRUE(t.attack->succeeded.value_or(false)) << t.attack->summary.english();
  EXPECT_EQ(text_of(attack_evidence(t, "cookie_recovered")), "Zq");
}

TEST(AttackCrime, WithoutCompressionNothingIsRecovered) {
  Trace t = run_attack(crime("t=9", false));
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_FALSE(t.attack->stopped_by_alert);
  EXPECT_EQ(attack_evidence(t, "cookie_recovered"), nullptr);
  // Two requests told it: 48 bytes more in the body, at least 48 more on the wire.
  EXPECT_EQ(t.attack->work, 2u);
  ASSERT_EQ(t.attack->queries.size(), 2u);
}

TEST(AttackCrime, CancelledStops) {
  Trace t = simfix::run_cancelled(crime("t=9", true));
  ASSERT_TRUE(t.attack);
  EXPECT_TRUE(t.attack->cancelled);
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.attack->work, 0u);
}

}  // namespace

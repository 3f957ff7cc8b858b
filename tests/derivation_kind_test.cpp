// The derivation kind registry (sim/trace/derivation_kind.hpp) against what the engine records:
// every derivation of a run of every version and suite family has a registered kind, the
// secret names its kind declares exist in it, and every registered kind is recorded somewhere.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/trace_io.hpp"
#include "derivation_runs.hpp"

namespace {

using namespace sim;
using testutil::runs;

// A name in a kind's secret list is a required name unless it is a pattern ('*').
std::string required(std::string_view pattern, Actor a) {
  if (pattern.find('*') != std::string_view::npos) return "";
  std::string p(pattern);
  if (p.rfind("{self}", 0) == 0) p = std::string(name_of(a)) + p.substr(6);
  return p;
}

TEST(DerivationKind, RegistryIsConsistent) {
  std::set<std::string_view> ids;
  for (auto& k : derivation_kinds()) {
    EXPECT_TRUE(ids.insert(k.id).second) << "duplicate kind id " << k.id;
    EXPECT_EQ(derivation_kind_named(k.id), k.kind) << k.id;
    if (k.kind == DerivationKind::unset) continue;
    EXPECT_EQ(k.spec.rfind("RFC ", 0), 0u) << k.id << ": " << k.spec;
    EXPECT_FALSE(k.formula.empty()) << k.id;
    EXPECT_FALSE(k.glossary.empty()) << k.id;
    // A parent comes before its child in the key schedule.
    if (k.parent != DerivationKind::unset && k.schedule_order && info(k.parent).schedule_order)
      EXPECT_LT(info(k.parent).schedule_order, k.schedule_order) << k.id;
  }
  EXPECT_FALSE(derivation_kind_named("no_such_kind"));
  // {self} resolves to the deriving actor; '*' matches a suffix.
  EXPECT_TRUE(is_secret_input(DerivationKind::ecdh_pre_master_secret, Actor::client, "client_private_key"));
  EXPECT_FALSE(is_secret_input(DerivationKind::ecdh_pre_master_secret, Actor::client, "server_private_key"));
  EXPECT_FALSE(is_secret_input(DerivationKind::ecdh_pre_master_secret, Actor::client, "client_public_key"));
  EXPECT_TRUE(is_secret_step(DerivationKind::tls12_master_secret, Actor::server, "A(3)"));
  EXPECT_FALSE(is_secret_step(DerivationKind::tls12_extended_master_secret, Actor::server, "session_hash"));
  EXPECT_TRUE(is_secret_input(DerivationKind::tls10_export_key, Actor::server, "client_write_key"));
}

TEST(DerivationKind, EveryRecordedDerivationHasARegisteredKind) {
  std::set<DerivationKind> seen;
  for (auto& [name, opts] : runs()) {
    const Trace t = testutil::trace_of(opts);
    ASSERT_FALSE(t.events.empty()) << name;
    for (size_t i = 0; i < t.events.size(); ++i)
      for (const Derivation& d : all_derivations(t.events[i])) {
        std::string where = name + ": event " + std::to_string(i) + " " + d.id;
        ASSERT_NE(d.kind, DerivationKind::unset) << where << " has no kind";
        seen.insert(d.kind);
        const DerivationKindInfo& k = info(d.kind);
        // The instance cites its own section (the version's RFC, or for certificate checks the
        // rule's source, e.g. NIST SP 800-131A); the registry row gives the kind's reference.
        EXPECT_FALSE(d.spec.empty()) << where;
        for (std::string_view s : k.secret_inputs)
          if (auto n = required(s, d.actor); !n.empty()) EXPECT_TRUE(d.input(n)) << where << ": no secret input " << n;
        for (std::string_view s : k.secret_steps)
          if (auto n = required(s, d.actor); !n.empty() && d.kind != DerivationKind::rsa_pre_master_secret_decrypt)
            EXPECT_TRUE(d.step(n)) << where << ": no secret step " << n;
      }
    // The kind survives a round trip through the JSON trace.
    auto back = trace_from_json_text(trace_json_text(t));
    ASSERT_TRUE(back) << name << ": " << back.error().reason;
    for (size_t i = 0; i < t.events.size(); ++i)
      for (size_t j = 0; j < derivation_count(t.events[i]); ++j)
        EXPECT_EQ(derivation_at(back.value().events[i], j).kind, derivation_at(t.events[i], j).kind) << name;
  }
  // Every registered kind is one the engine records: a row nothing uses is a stale row.
  for (auto& k : derivation_kinds())
    if (k.kind != DerivationKind::unset) EXPECT_TRUE(seen.count(k.kind)) << "kind never recorded: " << k.id;
}

TEST(DerivationKind, UnknownKindIsRefusedWithItsPath) {
  ScenarioOptions o;
  Simulation sim(o);
  sim.run_to_end();
  std::string text = trace_json_text(sim.trace());
  auto at = text.find("\"kind\":\"");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 8, "bogus_");
  auto r = trace_from_json_text(text);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("unknown derivation kind 'bogus_"), std::string::npos) << r.error().reason;
  EXPECT_NE(r.error().reason.find(".kind:"), std::string::npos) << r.error().reason;
}

}  // namespace

// Malformed input from a peer never crashes or hangs the engine: every run ends, either
// completed (the damage missed anything checked) or with a fatal alert and a reason.
#include <gtest/gtest.h>

#include <random>

#include "net/simulation.hpp"
#include "sim_fixtures.hpp"

using namespace sim;
using namespace simfix;

namespace {

// Damages the n-th record in flight: flips bytes, truncates, or appends garbage.
class Mangler : public Attacker {
 public:
  Mangler(size_t target, uint64_t seed) : target_(target), gen_(seed) {}
  std::optional<Bytes> on_transit(const Event& e) override {
    if (seen_++ != target_) return std::nullopt;
    Bytes b = e.bytes;
    switch (gen_() % 4) {
      case 0:  // flip a few bytes anywhere (header included)
        for (int i = 0; i < 1 + int(gen_() % 3); ++i) b[gen_() % b.size()] ^= uint8_t(1 + gen_() % 255);
        break;
      case 1:  // truncate, keeping the record length consistent
        b.resize(5 + gen_() % (b.size() - 4));
        store_be(&b[3], b.size() - 5, 2);
        break;
      case 2:  // append garbage inside the record
        for (int i = 0; i < 1 + int(gen_() % 40); ++i) b.push_back(uint8_t(gen_()));
        store_be(&b[3], b.size() - 5, 2);
        break;
      default:  // random content with a plausible header
        for (size_t i = 5; i < b.size(); ++i) b[i] = uint8_t(gen_());
    }
    return b;
  }
  Message describe() const override { return attack_reason::fuzz(); }

 private:
  size_t target_;
  std::mt19937_64 gen_;
  size_t seen_ = 0;
};

}  // namespace

TEST(Robustness, DamagedRecordsEndCleanlyInEveryVersion) {
  int completed = 0, alerted = 0;
  for (uint16_t v : {kSsl3, kTls10, kTls11, kTls12}) {
    ScenarioOptions o;
    o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = v;
    o.client_certificate = v != kTls11;
    o.renegotiation = v == kTls10 ? ScenarioOptions::Renegotiation::client : ScenarioOptions::Renegotiation::none;
    size_t records;
    {
      Simulation clean(o);
      clean.run_to_end();
      ASSERT_EQ(clean.trace().outcome, OutcomeKind::completed);
      records = clean.trace().events.size();
    }
    for (size_t target = 0; target < records; ++target)
      for (uint64_t seed = 0; seed < 12; ++seed) {
        Simulation sim(o, std::make_shared<Mangler>(target, seed * 131 + target));
        sim.run_to_end(1000);
        ASSERT_TRUE(sim.done()) << "did not settle: " << version_name(v) << " record " << target;
        const Trace& t = sim.trace();
        if (t.outcome == OutcomeKind::completed) {
          ++completed;
          continue;
        }
        const Event* a = fatal_alert_from(t, Actor::client);
        if (!a) a = fatal_alert_from(t, Actor::server);
        // Damage after both sides closed is simply never read; otherwise a side must say why.
        if (a) {
          ++alerted;
          EXPECT_FALSE(a->alert->reason.empty());
        }
      }
  }
  EXPECT_GT(alerted, 100);
  RecordProperty("completed", completed);
  RecordProperty("alerted", alerted);
}

// The GUI's tooltips explain a name as it applies to the selected record: an SSL 3.0 record's
// MAC is SSL 3.0's keyed hash with RFC 6101's section, a TLS 1.2 record's is HMAC with RFC
// 5246's, in the UI's language.
#include <gtest/gtest.h>

#include <string>

#include "i18n.hpp"
#include "net/simulation.hpp"

using namespace gui;

namespace {

sim::Trace run(uint16_t v) {
  sim::ScenarioOptions o;
  o.seed = 2;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = v;
  o.client_suites = o.server_suites = {0x000a};  // SSL_RSA_WITH_3DES_EDE_CBC_SHA
  sim::Simulation s(o);
  s.run_to_end();
  return s.trace();
}

size_t record_with_mac(const sim::Trace& t) {
  for (size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].tree.find("MAC")) return i;
  return t.events.size();
}

}  // namespace

TEST(GuiGlossary, TooltipsFollowTheRecordsVersionAndShowTheSpec) {
  sim::Trace ssl3 = run(sim::kSsl3), tls12 = run(sim::kTls12);
  size_t a = record_with_mac(ssl3), b = record_with_mac(tls12);
  ASSERT_LT(a, ssl3.events.size());
  ASSERT_LT(b, tls12.events.size());
  set_lang(Lang::en);
  std::string s3 = help_for("MAC", ssl3, a), t12 = help_for("MAC", tls12, b);
  EXPECT_EQ(s3.find("HMAC"), std::string::npos) << s3;
  EXPECT_NE(s3.find("pad_1"), std::string::npos) << s3;
  EXPECT_NE(s3.find("Specification: RFC 6101 5.2.3.1"), std::string::npos) << s3;
  EXPECT_NE(t12.find("HMAC"), std::string::npos) << t12;
  EXPECT_NE(t12.find("RFC 5246 6.2.3.1"), std::string::npos) << t12;
  set_lang(Lang::fr);
  std::string fr = help_for("IV", ssl3, a);
  EXPECT_NE(fr.find("chaîne"), std::string::npos) << fr;
  EXPECT_NE(fr.find("Spécification : RFC 6101"), std::string::npos) << fr;
  set_lang(Lang::en);
}

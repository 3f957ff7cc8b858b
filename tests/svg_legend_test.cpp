// The SVG ladder's legend follows the version. SSL 3.0 to TLS 1.2 protect Finished and
// application data with the same client_write/server_write keys, the pending keys made current
// by ChangeCipherSpec (RFC 6101 5.2.1 and 5.6.9, RFC 5246 6.1 and 7.1): no "handshake keys"
// apart from "application keys". TLS 1.3 (RFC 8446 7.1) has handshake then application traffic
// keys. The legend is read from the records' typed protection.
#include <gtest/gtest.h>

#include "export/svg.hpp"
#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"

using namespace sim;

namespace {

std::string svg_of(const char* scenario, Lang lang = Lang::en) {
  auto o = load_scenario(scenario);
  EXPECT_TRUE(o.ok()) << scenario;
  if (!o.ok()) return {};
  Simulation s(*o);
  s.run_to_end();
  return ladder_svg(s.trace(), lang);
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST(SvgLegend, SslThreeToTlsTwelveHaveOneProtectedClassNamedAfterChangeCipherSpec) {
  for (const char* sc : {"ssl3-rsa-rc4", "tls12-ecdhe-x25519"}) {
    SCOPED_TRACE(sc);
    std::string svg = svg_of(sc);
    EXPECT_EQ(svg.find("handshake keys"), std::string::npos);
    EXPECT_EQ(svg.find("application keys"), std::string::npos);
    EXPECT_EQ(svg.find("traffic keys"), std::string::npos);
    EXPECT_NE(svg.find(">protected (keys made current by ChangeCipherSpec)<"), std::string::npos);
    EXPECT_NE(svg.find(">in clear<"), std::string::npos);
    // Both Finished messages and the application data draw in that one class.
    EXPECT_EQ(count(svg, "arrow p-handshake"), 0u);
    EXPECT_EQ(count(svg, "arrow p-application"), 0u);
    EXPECT_GE(count(svg, "arrow p-protected"), 4u);
    std::string fr = svg_of(sc, Lang::fr);
    EXPECT_NE(fr.find(">protégé (clés rendues courantes par ChangeCipherSpec)<"), std::string::npos);
    EXPECT_EQ(fr.find("clés de la poignée de main"), std::string::npos);
  }
}

TEST(SvgLegend, TlsThirteenNamesHandshakeAndApplicationTrafficKeys) {
  std::string svg = svg_of("tls13-full");
  EXPECT_NE(svg.find(">handshake traffic keys<"), std::string::npos);
  EXPECT_NE(svg.find(">application traffic keys<"), std::string::npos);
  EXPECT_EQ(svg.find("ChangeCipherSpec)<"), std::string::npos);
  EXPECT_GE(count(svg, "arrow p-handshake"), 2u);
  EXPECT_GE(count(svg, "arrow p-application"), 2u);
  EXPECT_EQ(count(svg, "arrow p-protected"), 0u);
}

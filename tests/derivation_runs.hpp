// Runs that between them record every kind of derivation: the built-in scenarios plus the
// version/suite families they miss. Shared by the derivation kind and source tests.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"

namespace testutil {

using sim::ScenarioOptions;

// The built-in scenarios cover every version and most families; these add what they miss.
inline std::vector<std::pair<std::string, ScenarioOptions>> runs() {
  using namespace sim;
  std::vector<std::pair<std::string, ScenarioOptions>> out;
  for (auto& s : list_scenarios()) {
    auto o = load_scenario(s.path);
    EXPECT_TRUE(o) << s.name;
    if (o) out.emplace_back(s.name, o.value());
  }
  auto with = [&](std::string name, uint16_t version, const char* suite, auto&& tweak) {
    ScenarioOptions o;
    o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
    if (suite) {
      const CipherSuiteInfo* s = suite_by_name(suite);
      EXPECT_TRUE(s) << suite;
      if (s) o.client_suites = o.server_suites = {s->id};
    }
    tweak(o);
    out.emplace_back(std::move(name), std::move(o));
  };
  auto none = [](ScenarioOptions&) {};
  // Export key derivation with block ciphers: SSL 3.0 export IVs, the TLS 1.0 IV block.
  with("ssl3 export cbc", kSsl3, "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", none);
  with("tls10 export cbc", kTls10, "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", none);
  with("tls10 no ems", kTls10, nullptr, [](ScenarioOptions& o) { o.extended_master_secret = false; });
  with("tls10 client auth", kTls10, nullptr, [](ScenarioOptions& o) { o.client_certificate = true; });
  with("tls12 no ems", kTls12, "TLS_RSA_WITH_AES_256_CBC_SHA256", [](ScenarioOptions& o) { o.extended_master_secret = false; });
  with("tls12 stream", kTls12, "SSL_RSA_WITH_RC4_128_SHA", none);
  with("tls12 revoked crl", kTls12, nullptr, [](ScenarioOptions& o) { o.certificate_profile = "revoked-crl"; });
  with("tls12 revoked ocsp", kTls12, nullptr, [](ScenarioOptions& o) { o.certificate_profile = "revoked-ocsp"; });
  return out;
}


// The trace of one run to its end.
inline sim::Trace trace_of(const ScenarioOptions& o) {
  sim::Simulation s(o);
  s.run_to_end();
  return s.trace();
}

}  // namespace testutil

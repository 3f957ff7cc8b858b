// Cross-checks `tlslab run --json` traces with tests/tools/verify_trace.py, an independent
// Python (standard library only) re-implementation of the TLS 1.2 PRF and key schedule that
// recomputes every master_secret, key_block and verify_data from the bytes on the wire.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "test_util.hpp"

namespace {

using nlohmann::json;
using testutil::shell_quote;

std::string bin() { return TLSLAB_BIN; }
std::string verifier() { return std::string(TLSLAB_SOURCE_DIR) + "/tests/tools/verify_trace.py"; }

bool have_python() { return testutil::run("python3 --version >/dev/null 2>&1").status == 0; }

testutil::CommandResult verify(const std::filesystem::path& trace) {
  return testutil::run("python3 " + shell_quote(verifier()) + " " + shell_quote(trace.string()) + " 2>&1");
}

struct Case {
  const char* suite;
  const char* group;  // nullptr: static RSA key exchange, no group
  bool ems;
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  std::string n = std::string(info.param.suite).substr(4);
  if (info.param.group) n += std::string("_") + info.param.group;
  return n + (info.param.ems ? "_EMS" : "_NoEMS");
}

// Runs a simulated handshake and returns the path of its JSON trace (empty on failure).
std::filesystem::path make_trace(const std::filesystem::path& dir, const Case& c, unsigned seed = 5) {
  auto file = dir / "trace.json";
  std::string cmd = bin() + " run --suite " + c.suite + " --seed " + std::to_string(seed);
  if (c.group) cmd += std::string(" --group ") + c.group;
  if (!c.ems) cmd += " --no-ems";
  cmd += " --json " + shell_quote(file.string()) + " >/dev/null 2>&1";
  auto r = testutil::run(cmd);
  EXPECT_EQ(r.status, 0) << cmd;
  return r.status == 0 ? file : std::filesystem::path{};
}

// Flips one hex digit in place (keeps it a valid hex digit).
void flip_digit(std::string& hex, size_t i) { hex[i] = hex[i] == '0' ? '1' : '0'; }

json* find_derivation(json& trace, const std::string& name, const std::string& actor) {
  for (auto& e : trace["events"])
    for (auto& d : e["derivations"])
      if (d.value("name", "") == name && d.value("actor", "") == actor) return &d;
  return nullptr;
}

class TraceVerify : public testing::TestWithParam<Case> {};

TEST_P(TraceVerify, IndependentVerifierAcceptsTheTrace) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify");
  const Case& c = GetParam();
  auto file = make_trace(dir, c);
  ASSERT_FALSE(file.empty());

  auto trace = json::parse(testutil::read_file(file));
  ASSERT_EQ(trace["negotiated"]["cipher_suite"], c.suite);
  ASSERT_EQ(trace["negotiated"]["extended_master_secret"], c.ems);
  if (c.group) {
    ASSERT_EQ(trace["negotiated"]["group"], c.group);
  }

  auto r = verify(file);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed\n"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << r.output;
  for (const char* check : {"ok master_secret (client)", "ok master_secret (server)", "ok key_block (client)",
                            "ok key_block (server)", "ok client_verify_data (client)",
                            "ok server_verify_data (server)"})
    EXPECT_NE(r.output.find(check), std::string::npos) << check << "\n" << r.output;
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Suites, TraceVerify,
    testing::Values(Case{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", true},
                    Case{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "secp256r1", false},
                    Case{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "x25519", false},
                    Case{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "secp256r1", true},
                    Case{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true},
                    Case{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1", false},
                    Case{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "x25519", false},
                    Case{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "secp256r1", true},
                    Case{"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "ffdhe2048", true},
                    Case{"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "ffdhe2048", false},
                    Case{"TLS_RSA_WITH_AES_128_CBC_SHA", nullptr, true},
                    Case{"TLS_RSA_WITH_AES_128_CBC_SHA", nullptr, false},
                    Case{"TLS_RSA_WITH_AES_256_CBC_SHA256", nullptr, true},
                    Case{"TLS_RSA_WITH_AES_256_CBC_SHA256", nullptr, false}),
    case_name);

// A doctored trace must be rejected: each edit below breaks one recomputation.
TEST(TraceVerifyNegative, DoctoredTracesFail) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify-neg");
  for (bool ems : {true, false}) {
    for (const char* suite : {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"}) {
      Case c{suite, std::string(suite).find("ECDHE") != std::string::npos ? "x25519" : nullptr, ems};
      auto file = make_trace(dir, c);
      ASSERT_FALSE(file.empty());
      const json original = json::parse(testutil::read_file(file));
      std::string what = std::string(suite) + (ems ? " EMS" : " no EMS");

      // The untouched trace passes, so the failures below come from the edits.
      auto ok = verify(file);
      ASSERT_EQ(ok.status, 0) << what << "\n" << ok.output;

      struct Edit {
        const char* label;
        const char* expect;  // a FAIL line the verifier must print
        std::function<void(json&)> apply;
      } edits[] = {
          {"master_secret output", "FAIL master_secret (client)",
           [](json& t) {
             auto* d = find_derivation(t, "master_secret", "client");
             ASSERT_NE(d, nullptr);
             std::string out = (*d)["output"];
             flip_digit(out, 7);
             (*d)["output"] = out;
           }},
          {"ClientHello random on the wire", "FAIL master_secret (server)",
           [](json& t) {
             auto& ev = t["events"][0];
             ASSERT_EQ(ev["name"], "ClientHello");
             std::string bytes = ev["bytes"];
             flip_digit(bytes, 2 * (5 + 4 + 2 + 3));  // record hdr, handshake hdr, version, random[3]
             ev["bytes"] = bytes;
           }},
          {"key_block output", "FAIL key_block (server)",
           [](json& t) {
             auto* d = find_derivation(t, "key_block", "server");
             ASSERT_NE(d, nullptr);
             std::string out = (*d)["output"];
             flip_digit(out, 2);
             (*d)["output"] = out;
           }},
      };
      for (auto& edit : edits) {
        json doctored = original;
        edit.apply(doctored);
        auto bad = dir / "doctored.json";
        testutil::write_file(bad, doctored.dump());
        auto r = verify(bad);
        EXPECT_NE(r.status, 0) << what << ", " << edit.label << "\n" << r.output;
        EXPECT_NE(r.output.find(edit.expect), std::string::npos) << what << ", " << edit.label << "\n" << r.output;
        EXPECT_EQ(r.output.find(" 0 failed\n"), std::string::npos) << what << ", " << edit.label << "\n" << r.output;
      }
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(TraceVerifyNegative, RejectsFilesThatAreNotTraces) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify-format");
  auto file = make_trace(dir, Case{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", true});
  ASSERT_FALSE(file.empty());
  json wrong_version = json::parse(testutil::read_file(file));
  wrong_version["version"] = 2;
  testutil::write_file(dir / "v2.json", wrong_version.dump());
  auto r = verify(dir / "v2.json");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("version"), std::string::npos) << r.output;

  testutil::write_file(dir / "other.json", R"({"format": "something-else", "version": 1, "events": []})");
  r = verify(dir / "other.json");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("not a tlslab trace"), std::string::npos) << r.output;

  testutil::write_file(dir / "garbage.json", "this is not json");
  r = verify(dir / "garbage.json");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("not a tlslab trace"), std::string::npos) << r.output;
  std::filesystem::remove_all(dir);
}

}  // namespace

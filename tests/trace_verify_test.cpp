// Cross-checks `tlslab run --json` traces with tests/tools/verify_trace.py, an independent
// Python (standard library only) re-implementation of the SSL 3.0 (RFC 6101), TLS 1.0/1.1
// (RFC 2246/4346) and TLS 1.2 (RFC 5246) key schedules, Finished computations and record MACs
// that recomputes every master_secret, key_block, export key, verify_data and record MAC from
// the bytes on the wire, handshake by handshake (renegotiation), with DEFLATE and client auth;
// and of TLS 1.3 (RFC 8446): HKDF key schedule, Finished, binders, (EC)DHE and every record
// decrypted with its own AES-GCM / ChaCha20-Poly1305.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// One doctoring of a trace and the FAIL line the verifier must print for it.
struct Edit {
  const char* label;
  const char* expect;
  std::function<void(json&)> apply;
};

// Applies each edit to a copy of `original` and expects the verifier to reject it.
void expect_edits_detected(const json& original, const std::vector<Edit>& edits, const std::string& what,
                           const std::filesystem::path& dir) {
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

json* find_derivation(json& trace, const std::string& name, const std::string& actor) {
  for (auto& e : trace["events"])
    for (const char* list : {"derivations", "receiver_derivations"})
      for (auto& d : e[list])
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
                    Case{"TLS_RSA_WITH_AES_256_CBC_SHA256", nullptr, false},
                    // ECDHE_ECDSA: the ServerKeyExchange signature checked with the ECDSA leaf's key.
                    Case{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true},
                    Case{"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1", false},
                    Case{"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "secp256r1", true}),
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

      std::vector<Edit> edits = {
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
      expect_edits_detected(original, edits, what, dir);
    }
  }
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// SSL 3.0, TLS 1.0 and TLS 1.1; export suites, DEFLATE, client authentication, renegotiation.

struct VersionCase {
  const char* version;  // --version value
  const char* suite;
  const char* options;  // extra `tlslab run` options
  int handshakes;       // expected negotiated.handshakes
  const char* tag;      // test name suffix
};

std::string version_case_name(const testing::TestParamInfo<VersionCase>& info) {
  std::string v = info.param.version;
  std::string n;
  for (char ch : v)
    if (ch != '.') n += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  n += "_" + std::string(info.param.suite).substr(4);
  if (*info.param.tag) n += std::string("_") + info.param.tag;
  return n;
}

const char* version_name(const std::string& v) {
  if (v == "ssl3") return "SSL 3.0";
  if (v == "tls1.0") return "TLS 1.0";
  if (v == "tls1.1") return "TLS 1.1";
  return "TLS 1.2";
}

bool has_option(const VersionCase& c, const std::string& opt) {
  std::string o = std::string(" ") + c.options + " ";
  return o.find(" " + opt + " ") != std::string::npos;
}

std::filesystem::path make_version_trace(const std::filesystem::path& dir, const VersionCase& c, unsigned seed) {
  auto file = dir / "trace.json";
  std::string cmd = bin() + " run --version " + c.version + " --suite " + c.suite + " --seed " + std::to_string(seed) +
                    " " + c.options + " --json " + shell_quote(file.string()) + " >/dev/null 2>&1";
  auto r = testutil::run(cmd);
  EXPECT_EQ(r.status, 0) << cmd;
  return r.status == 0 ? file : std::filesystem::path{};
}

class TraceVerifyVersions : public testing::TestWithParam<VersionCase> {};

TEST_P(TraceVerifyVersions, IndependentVerifierAcceptsTheTrace) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify-versions");
  const VersionCase& c = GetParam();
  auto file = make_version_trace(dir, c, 7 + static_cast<unsigned>(std::string(c.suite).size() + std::string(c.options).size()));
  ASSERT_FALSE(file.empty());

  auto trace = json::parse(testutil::read_file(file));
  const auto& n = trace["negotiated"];
  ASSERT_EQ(n["version"], version_name(c.version));
  ASSERT_EQ(n["cipher_suite"], c.suite);
  ASSERT_EQ(n["handshakes"], c.handshakes);
  ASSERT_EQ(n["compression"], has_option(c, "--deflate") ? "DEFLATE" : "null");
  ASSERT_EQ(n["client_authenticated"], has_option(c, "--client-cert"));
  ASSERT_EQ(trace["outcome"], "completed");
  if (has_option(c, "--no-ems") || std::string(c.version) == "ssl3") {
    ASSERT_EQ(n["extended_master_secret"], false);
  }

  auto r = verify(file);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed\n"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << r.output;

  std::string suite = c.suite;
  bool ssl3 = std::string(c.version) == "ssl3";
  bool exportable = suite.find("_EXPORT_") != std::string::npos;
  bool block = suite.find("_CBC_") != std::string::npos;
  std::vector<std::string> checks = {"ok wire records", "ok secure renegotiation (RFC 5746)",
                                     "ok record ", "ok keylog (CLIENT_RANDOM lines)"};
  for (int h = 1; h <= c.handshakes; ++h) {
    std::string in = c.handshakes > 1 ? ", handshake " + std::to_string(h) + ")" : ")";
    for (const char* name : {"pre_master_secret", "master_secret", "key_block", "client_verify_data",
                             "server_verify_data"}) {
      checks.push_back(std::string("ok ") + name + " (client" + in);
      checks.push_back(std::string("ok ") + name + " (server" + in);
    }
    checks.push_back("ok agreement master_secret (client = server" + in);
    if (exportable) {
      checks.push_back("ok final_client_write_key (client" + in);
      checks.push_back("ok final_server_write_key (server" + in);
      if (block) checks.push_back(ssl3 ? "ok client_write_IV (client" + in : "ok iv_block (server" + in);
    }
    if (has_option(c, "--client-cert")) {
      checks.push_back("ok certificate_verify_check (server" + in);
      if (ssl3) checks.push_back("ok certificate_verify_hashes (client" + in);
    }
  }
  for (const auto& check : checks) EXPECT_NE(r.output.find(check), std::string::npos) << check << "\n" << r.output;
  std::filesystem::remove_all(dir);
}

// Every SSL 3.0 suite; TLS 1.0 and 1.1 with and without the extended master secret; export
// suites in SSL 3.0 and TLS 1.0; DEFLATE, client certificates and both renegotiation
// directions (secure and legacy) in all four versions.
INSTANTIATE_TEST_SUITE_P(
    Legacy, TraceVerifyVersions,
    testing::Values(
        VersionCase{"ssl3", "SSL_RSA_WITH_RC4_128_MD5", "", 1, ""},
        VersionCase{"ssl3", "SSL_RSA_WITH_RC4_128_SHA", "--deflate", 1, "Deflate"},
        VersionCase{"ssl3", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "", 1, ""},
        VersionCase{"ssl3", "SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "--client-cert", 1, "ClientCert"},
        VersionCase{"ssl3", "SSL_RSA_WITH_DES_CBC_SHA", "--deflate --client-cert", 1, "Deflate_ClientCert"},
        VersionCase{"ssl3", "SSL_RSA_WITH_IDEA_CBC_SHA", "", 1, ""},
        VersionCase{"ssl3", "SSL_RSA_EXPORT_WITH_RC4_40_MD5", "", 1, ""},
        VersionCase{"ssl3", "SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "--deflate", 1, "Deflate"},
        VersionCase{"ssl3", "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", "--client-cert", 1, "ClientCert"},
        VersionCase{"ssl3", "TLS_RSA_WITH_AES_128_CBC_SHA", "", 1, ""},
        VersionCase{"ssl3", "TLS_RSA_WITH_AES_256_CBC_SHA", "--deflate", 1, "Deflate"},
        VersionCase{"ssl3", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "", 1, ""},
        VersionCase{"tls1.0", "TLS_RSA_WITH_AES_128_CBC_SHA", "", 1, "EMS"},
        VersionCase{"tls1.0", "TLS_RSA_WITH_AES_128_CBC_SHA", "--no-ems", 1, "NoEMS"},
        VersionCase{"tls1.0", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "--group secp256r1", 1, "EMS_P256"},
        VersionCase{"tls1.0", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "--no-ems --client-cert", 1, "NoEMS_ClientCert"},
        VersionCase{"tls1.0", "SSL_RSA_WITH_RC4_128_SHA", "--deflate", 1, "EMS_Deflate"},
        VersionCase{"tls1.0", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "--no-ems --deflate", 1, "NoEMS_Deflate"},
        VersionCase{"tls1.0", "SSL_RSA_EXPORT_WITH_RC4_40_MD5", "--no-ems", 1, "NoEMS"},
        VersionCase{"tls1.0", "SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5", "", 1, "EMS"},
        VersionCase{"tls1.0", "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", "--no-ems --deflate --client-cert", 1,
                    "NoEMS_Deflate_ClientCert"},
        VersionCase{"tls1.1", "TLS_RSA_WITH_AES_128_CBC_SHA", "", 1, "EMS"},
        VersionCase{"tls1.1", "TLS_RSA_WITH_AES_256_CBC_SHA", "--no-ems", 1, "NoEMS"},
        VersionCase{"tls1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "--no-ems --client-cert", 1, "NoEMS_ClientCert"},
        VersionCase{"tls1.1", "SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA", "--deflate", 1, "EMS_Deflate"},
        VersionCase{"tls1.1", "SSL_RSA_WITH_RC4_128_MD5", "--no-ems", 1, "NoEMS"},
        VersionCase{"tls1.1", "SSL_RSA_WITH_IDEA_CBC_SHA", "--no-ems --deflate", 1, "NoEMS_Deflate"},
        VersionCase{"tls1.2", "TLS_RSA_WITH_AES_128_CBC_SHA", "--deflate --client-cert", 1, "Deflate_ClientCert"},
        VersionCase{"tls1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "--deflate", 1, "Deflate"},
        VersionCase{"ssl3", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "--renegotiate", 2, "Renegotiate"},
        VersionCase{"ssl3", "SSL_RSA_EXPORT_WITH_RC4_40_MD5", "--server-renegotiate --deflate", 2,
                    "ServerRenegotiate_Deflate"},
        VersionCase{"ssl3", "SSL_RSA_WITH_RC4_128_SHA", "--renegotiate --deflate --client-cert", 2,
                    "Renegotiate_Deflate_ClientCert"},
        VersionCase{"ssl3", "TLS_RSA_WITH_AES_128_CBC_SHA",
                    "--server-renegotiate --no-secure-renegotiation --legacy-renegotiation", 2,
                    "ServerRenegotiate_Legacy"},
        VersionCase{"tls1.0", "TLS_RSA_WITH_AES_128_CBC_SHA", "--renegotiate --client-cert", 2, "Renegotiate_ClientCert"},
        VersionCase{"tls1.0", "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", "--server-renegotiate --no-ems --deflate", 2,
                    "ServerRenegotiate_NoEMS_Deflate"},
        VersionCase{"tls1.1", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "--renegotiate --deflate", 2, "Renegotiate_Deflate"},
        VersionCase{"tls1.1", "SSL_RSA_WITH_RC4_128_MD5", "--server-renegotiate --client-cert", 2,
                    "ServerRenegotiate_ClientCert"},
        VersionCase{"tls1.1", "TLS_RSA_WITH_AES_128_CBC_SHA",
                    "--renegotiate --no-secure-renegotiation --legacy-renegotiation --no-ems", 2,
                    "Renegotiate_Legacy_NoEMS"},
        VersionCase{"tls1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "--renegotiate --deflate --client-cert", 2,
                    "Renegotiate_Deflate_ClientCert"},
        VersionCase{"tls1.2", "TLS_RSA_WITH_AES_256_CBC_SHA256", "--server-renegotiate", 2, "ServerRenegotiate"},
        VersionCase{"tls1.2", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                    "--server-renegotiate --no-secure-renegotiation --legacy-renegotiation --client-cert", 2,
                    "ServerRenegotiate_Legacy_ClientCert"}),
    version_case_name);

// A doctored SSL 3.0 trace must be rejected: each edit breaks one RFC 6101 recomputation.
TEST(TraceVerifyNegative, DoctoredSsl3TracesFail) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify-ssl3-neg");
  auto flip_output = [](const char* name, const char* actor, size_t digit) {
    return [=](json& t) {
      auto* d = find_derivation(t, name, actor);
      ASSERT_NE(d, nullptr) << name;
      std::string out = (*d)["output"];
      flip_digit(out, digit);
      (*d)["output"] = out;
    };
  };
  auto flip_step = [](const char* name, const char* actor, const char* step) {
    return [=](json& t) {
      auto* d = find_derivation(t, name, actor);
      ASSERT_NE(d, nullptr) << name;
      bool found = false;
      for (auto& s : (*d)["steps"])
        if (s["name"] == step) {
          std::string hex = s["hex"];
          flip_digit(hex, 5);
          s["hex"] = hex;
          found = true;
        }
      ASSERT_TRUE(found) << step;
    };
  };
  struct Scenario {
    VersionCase c;
    std::vector<Edit> edits;
  } scenarios[] = {
      {{"ssl3", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "", 1, ""},
       {{"master_secret output", "FAIL master_secret (client)", flip_output("master_secret", "client", 7)},
        {"Finished md5_hash", "FAIL client_verify_data (client)", flip_step("client_verify_data", "client", "md5_hash")},
        {"key_block output", "FAIL key_block (server)", flip_output("key_block", "server", 3)}}},
      {{"ssl3", "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA", "--client-cert --deflate", 1, ""},
       {{"master_secret output", "FAIL master_secret (server)", flip_output("master_secret", "server", 60)},
        {"Finished md5_hash", "FAIL server_verify_data (server)", flip_step("server_verify_data", "server", "md5_hash")},
        {"final_server_write_key output", "FAIL final_server_write_key (client)",
         flip_output("final_server_write_key", "client", 1)},
        {"CertificateVerify hashes", "FAIL certificate_verify_hashes (client)",
         flip_output("certificate_verify_hashes", "client", 40)}}},
      {{"ssl3", "SSL_RSA_WITH_RC4_128_MD5", "--renegotiate", 2, ""},
       {{"master_secret output", "FAIL master_secret (client, handshake 1)", flip_output("master_secret", "client", 7)},
        {"Finished md5_hash", "FAIL client_verify_data (client, handshake 1)",
         flip_step("client_verify_data", "client", "md5_hash")}}},
  };
  for (auto& sc : scenarios) {
    auto file = make_version_trace(dir, sc.c, 11);
    ASSERT_FALSE(file.empty());
    const json original = json::parse(testutil::read_file(file));
    std::string what = std::string(sc.c.suite) + " " + sc.c.options;
    auto ok = verify(file);
    ASSERT_EQ(ok.status, 0) << what << "\n" << ok.output;
    expect_edits_detected(original, sc.edits, what, dir);
  }
  std::filesystem::remove_all(dir);
}

TEST(TraceVerifyNegative, RejectsFilesThatAreNotTraces) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify-format");
  auto file = make_trace(dir, Case{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", true});
  ASSERT_FALSE(file.empty());
  json wrong_version = json::parse(testutil::read_file(file));
  wrong_version["version"] = 3;
  testutil::write_file(dir / "v3.json", wrong_version.dump());
  auto r = verify(dir / "v3.json");
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

// ---------------------------------------------------------------------------------------
// TLS 1.3 (RFC 8446): the verifier's own primitives against published vectors, every suite
// with every group, the scenario variants (HelloRetryRequest, resumption, 0-RTT, client
// authentication, KeyUpdate, record padding), and doctored traces.

TEST(TraceVerify13, VerifierPrimitivesMatchPublishedVectors) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto r = testutil::run("python3 " + shell_quote(verifier()) + " --self-test 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed\n"), std::string::npos) << r.output;
  for (const char* check : {"ok RFC 8448 3: x25519 shared secret (client)", "ok RFC 8448 3: handshake secret",
                            "ok RFC 8448 3: client verify_data", "ok RFC 8448 3: ticket PSK (nonce 0000)",
                            "ok RFC 8448 4: binder", "ok FIPS 197 C.1: AES-128",
                            "ok GCM test case 2 with one tag bit flipped: rejected", "ok RFC 8439 2.5.2: Poly1305",
                            "ok RFC 7919 A.1: ffdhe2048 prime"})
    EXPECT_NE(r.output.find(check), std::string::npos) << check << "\n" << r.output;
}

std::filesystem::path make_trace13(const std::filesystem::path& dir, const std::string& options, unsigned seed) {
  auto file = dir / "trace13.json";
  std::string cmd = bin() + " run --version tls1.3 --seed " + std::to_string(seed) + " " + options + " --json " +
                    shell_quote(file.string()) + " >/dev/null 2>&1";
  auto r = testutil::run(cmd);
  EXPECT_EQ(r.status, 0) << cmd;
  return r.status == 0 ? file : std::filesystem::path{};
}

// Runs the verifier on a TLS 1.3 trace and expects it to pass with each of `checks`.
void expect_verified13(const std::filesystem::path& file, const std::vector<std::string>& checks,
                       const std::string& what) {
  auto r = verify(file);
  EXPECT_EQ(r.status, 0) << what << "\n" << r.output;
  EXPECT_NE(r.output.find(" 0 failed\n"), std::string::npos) << what << "\n" << r.output;
  EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << what << "\n" << r.output;
  for (const auto& check : checks) EXPECT_NE(r.output.find(check), std::string::npos) << what << ": " << check << "\n" << r.output;
}

// What every completed TLS 1.3 handshake must have had checked, on both sides.
std::vector<std::string> core_checks13(bool key_share, bool dhe) {
  std::vector<std::string> checks = {"ok wire records", "ok hellos and negotiated parameters",
                                     "ok server_verify_data (server", "ok server_verify_data (client",
                                     "ok client_verify_data (client", "ok client_verify_data (server",
                                     "ok server CertificateVerify signature on the wire",
                                     "ok agreement handshake_secret (client = server",
                                     "ok agreement master_secret (client = server",
                                     "ok agreement client_application_traffic_secret_0 (client = server",
                                     "ok record ", "ok keylog (TLS 1.3 secret lines)",
                                     "ok key epochs (each message under the keys RFC 8446 prescribes"};
  for (const char* actor : {"client", "server"}) {
    for (const char* name : {"early_secret", "handshake_secret", "client_handshake_traffic_secret",
                             "server_handshake_traffic_secret", "master_secret", "client_application_traffic_secret_0",
                             "server_application_traffic_secret_0", "exporter_master_secret",
                             "server_handshake_traffic_key", "client_handshake_traffic_iv"})
      checks.push_back(std::string("ok ") + name + " (" + actor);
    if (key_share) checks.push_back(std::string("ok ") + (dhe ? "dhe" : "ecdhe") + "_shared_secret (" + actor);
  }
  return checks;
}

struct Case13 {
  const char* suite;
  const char* group;
};

std::string case13_name(const testing::TestParamInfo<Case13>& info) {
  return std::string(info.param.suite).substr(4) + "_" + info.param.group;
}

class TraceVerify13Suites : public testing::TestWithParam<Case13> {};

TEST_P(TraceVerify13Suites, IndependentVerifierAcceptsTheTrace) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify13");
  const Case13& c = GetParam();
  auto file = make_trace13(dir, std::string("--suite ") + c.suite + " --group " + c.group, 3);
  ASSERT_FALSE(file.empty());
  auto trace = json::parse(testutil::read_file(file));
  ASSERT_EQ(trace["negotiated"]["version"], "TLS 1.3");
  ASSERT_EQ(trace["negotiated"]["cipher_suite"], c.suite);
  ASSERT_EQ(trace["negotiated"]["group"], c.group);
  ASSERT_EQ(trace["outcome"], "completed");
  expect_verified13(file, core_checks13(true, std::string(c.group) == "ffdhe2048"), std::string(c.suite) + " " + c.group);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Tls13, TraceVerify13Suites,
                         testing::Values(Case13{"TLS_AES_128_GCM_SHA256", "x25519"},
                                         Case13{"TLS_AES_128_GCM_SHA256", "secp256r1"},
                                         Case13{"TLS_AES_128_GCM_SHA256", "ffdhe2048"},
                                         Case13{"TLS_AES_256_GCM_SHA384", "x25519"},
                                         Case13{"TLS_AES_256_GCM_SHA384", "secp256r1"},
                                         Case13{"TLS_AES_256_GCM_SHA384", "ffdhe2048"},
                                         Case13{"TLS_CHACHA20_POLY1305_SHA256", "x25519"},
                                         Case13{"TLS_CHACHA20_POLY1305_SHA256", "secp256r1"},
                                         Case13{"TLS_CHACHA20_POLY1305_SHA256", "ffdhe2048"}),
                         case13_name);

struct Scenario13 {
  const char* tag;
  const char* options;
  bool key_share;  // the handshake has an (EC)DHE exchange
  bool dhe;
  std::vector<std::string> checks;  // beyond core_checks13
};

std::string scenario13_name(const testing::TestParamInfo<Scenario13>& info) { return info.param.tag; }

class TraceVerify13Scenarios : public testing::TestWithParam<Scenario13> {};

TEST_P(TraceVerify13Scenarios, IndependentVerifierAcceptsTheTrace) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify13-scenario");
  const Scenario13& sc = GetParam();
  auto file = make_trace13(dir, sc.options, 9);
  ASSERT_FALSE(file.empty());
  auto trace = json::parse(testutil::read_file(file));
  ASSERT_EQ(trace["negotiated"]["version"], "TLS 1.3");
  ASSERT_EQ(trace["outcome"], "completed");
  auto checks = core_checks13(sc.key_share, sc.dhe);
  checks.insert(checks.end(), sc.checks.begin(), sc.checks.end());
  expect_verified13(file, checks, sc.options);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Tls13, TraceVerify13Scenarios,
    testing::Values(
        Scenario13{"HelloRetryRequest", "--group x25519 --group secp256r1 --key-share ffdhe2048", true, false,
                   {"ok message_hash (client", "ok message_hash (server"}},
        Scenario13{"HelloRetryRequest_Ffdhe2048", "--group ffdhe2048 --key-share x25519", true, true,
                   {"ok message_hash (client"}},
        Scenario13{"ResumePskDheKe", "--resume psk_dhe_ke", true, false,
                   {"ok binder_key (client", "ok psk_binder (client", "ok psk_binder (server"}},
        Scenario13{"ResumePskKe", "--resume psk_ke", false, false, {"ok psk_binder (client", "ok psk_binder (server"}},
        Scenario13{"EarlyDataAccepted", "--resume psk_dhe_ke --early-data accepted", true, false,
                   {"ok client_early_traffic_secret (client", "ok client_early_traffic_secret (server",
                    "ok record_seal client_early_traffic seq 0 (client"}},
        Scenario13{"EarlyDataRejected", "--resume psk_dhe_ke --early-data rejected", true, false,
                   {"ok client_early_traffic_secret (client", "ok record_seal client_early_traffic seq 0 (client"}},
        Scenario13{"ClientAuth", "--client-cert --suite TLS_AES_256_GCM_SHA384", true, false,
                   {"ok client CertificateVerify signature on the wire"}},
        Scenario13{"KeyUpdateClient", "--key-update client", true, false,
                   {"ok client_application_traffic_secret_1 (client", "ok client_application_traffic_secret_1 (server"}},
        Scenario13{"KeyUpdateServerRequested", "--key-update server --key-update-request --suite TLS_CHACHA20_POLY1305_SHA256",
                   true, false,
                   {"ok server_application_traffic_secret_1 (server", "ok client_application_traffic_secret_1 (client"}},
        Scenario13{"RecordPaddingNoCompat", "--record-padding 17 --no-middlebox-compat --group secp256r1", true, false,
                   {}}),
    scenario13_name);

// Every built-in TLS 1.3 scenario (`tlslab list scenarios`, names starting with "tls13"; one of
// them shows a TLS 1.2 fallback, which the verifier judges as TLS 1.2).
TEST(TraceVerify13, BuiltInTls13ScenariosVerify) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto list = testutil::run(bin() + " list scenarios 2>&1");
  ASSERT_EQ(list.status, 0) << list.output;
  std::vector<std::string> names;
  size_t pos = 0;
  while (pos < list.output.size()) {
    size_t end = list.output.find('\n', pos);
    if (end == std::string::npos) end = list.output.size();
    std::string line = list.output.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("tls13", 0) == 0) names.push_back(line.substr(0, line.find(' ')));
  }
  if (names.empty()) GTEST_SKIP() << "no built-in tls13 scenarios yet";
  auto dir = testutil::temp_dir("trace-verify13-builtin");
  for (const auto& name : names) {
    auto file = dir / (name + ".json");
    std::string cmd = bin() + " run --scenario " + name + " --json " + shell_quote(file.string()) + " >/dev/null 2>&1";
    auto r = testutil::run(cmd);
    ASSERT_EQ(r.status, 0) << cmd;
    auto trace = json::parse(testutil::read_file(file));
    if (trace["outcome"] != "completed") continue;  // a scenario that shows a failure: not a clean trace
    if (trace["negotiated"]["version"] == "TLS 1.3")
      expect_verified13(file, core_checks13(true, name == "tls13-ffdhe"), name);
    else
      expect_verified13(file, {"ok wire records", "ok master_secret (client)", "ok master_secret (server)"}, name);
  }
  std::filesystem::remove_all(dir);
}

// A doctored TLS 1.3 trace must be rejected: each edit breaks one recomputation or one tie
// between a derivation and the wire.
TEST(TraceVerifyNegative, DoctoredTls13TracesFail) {
  if (!have_python()) GTEST_SKIP() << "python3 not available";
  auto dir = testutil::temp_dir("trace-verify13-neg");
  auto flip_output = [](const char* name, const char* actor, size_t digit) {
    return [=](json& t) {
      auto* d = find_derivation(t, name, actor);
      ASSERT_NE(d, nullptr) << name;
      std::string out = (*d)["output"];
      flip_digit(out, digit);
      (*d)["output"] = out;
    };
  };
  auto flip_field = [](const char* name, const char* actor, const char* list, const char* field, size_t digit) {
    return [=](json& t) {
      auto* d = find_derivation(t, name, actor);
      ASSERT_NE(d, nullptr) << name;
      bool found = false;
      for (auto& s : (*d)[list])
        if (s["name"] == field) {
          std::string hex = s["hex"];
          ASSERT_GT(hex.size(), digit) << name << " " << field;
          flip_digit(hex, digit);
          s["hex"] = hex;
          found = true;
        }
      ASSERT_TRUE(found) << name << " " << field;
    };
  };
  // The first protected record the server sent (its encrypted handshake flight).
  auto first_protected = [](json& t) -> json& {
    for (auto& ev : t["events"])
      if (ev["from"] == "server" && ev["protection"]["phase"] != "none") return ev;
    ADD_FAILURE() << "no protected server record";
    return t["events"][0];
  };
  // A byte of the signature at the end of the server's decrypted CertificateVerify.
  auto flip_cv_signature = [](json& t) {
    for (auto& ev : t["events"])
      if (ev["name"] == "CertificateVerify" && ev["from"] == "server") {
        std::string pt = ev["plaintext"];
        flip_digit(pt, pt.size() - 8);  // before the inner content type byte
        ev["plaintext"] = pt;
        return;
      }
    ADD_FAILURE() << "no server CertificateVerify";
  };
  struct Scenario {
    const char* options;
    std::vector<Edit> edits;
  } scenarios[] = {
      {"--suite TLS_AES_128_GCM_SHA256 --group x25519",
       {{"handshake_secret output", "FAIL handshake_secret (client", flip_output("handshake_secret", "client", 9)},
        {"a transcript byte in the messages of c hs traffic", "FAIL client_handshake_traffic_secret (server",
         flip_field("client_handshake_traffic_secret", "server", "inputs", "messages", 2 * 40)},
        {"ServerHello random on the wire", "FAIL client_handshake_traffic_secret (client",
         [](json& t) {
           for (auto& ev : t["events"])
             if (ev["name"] == "ServerHello") {
               std::string bytes = ev["bytes"];
               flip_digit(bytes, 2 * (5 + 4 + 2 + 3));  // record hdr, handshake hdr, version, random[3]
               ev["bytes"] = bytes;
               return;
             }
           ADD_FAILURE() << "no ServerHello event";
         }},
        {"x25519 private key", "FAIL ecdhe_shared_secret (server", flip_field("ecdhe_shared_secret", "server", "inputs",
                                                                               "server_private_key", 5)},
        {"master_secret salt", "FAIL master_secret (client", flip_field("master_secret", "client", "inputs", "salt", 3)},
        {"server Finished verify_data", "FAIL server_verify_data (server", flip_output("server_verify_data", "server", 4)},
        {"server handshake traffic key", "FAIL server_handshake_traffic_key (server",
         flip_output("server_handshake_traffic_key", "server", 0)},
        {"resumption_master_secret transcript", "FAIL resumption_master_secret (client",
         flip_field("resumption_master_secret", "client", "inputs", "messages", 2 * 100 + 1)},
        {"ciphertext byte of the server's encrypted flight", "FAIL record ",
         [&](json& t) {
           json& ev = first_protected(t);
           std::string bytes = ev["bytes"];
           flip_digit(bytes, 2 * 8);
           ev["bytes"] = bytes;
         }},
        {"decrypted plaintext byte of the server's encrypted flight", "FAIL record ",
         [&](json& t) {
           json& ev = first_protected(t);
           std::string pt = ev["plaintext"];
           flip_digit(pt, 2 * 6);
           ev["plaintext"] = pt;
         }},
        {"keylog secret", "FAIL keylog",
         [](json& t) {
           std::string line = t["keylog"][0];
           flip_digit(line, line.size() - 3);
           t["keylog"][0] = line;
         }},
        {"handshake_secret shown after the secrets derived from it", "FAIL derivations in computation order",
         [](json& t) {
           for (auto& ev : t["events"])
             for (const char* list : {"derivations", "receiver_derivations"}) {
               auto& ds = ev[list];
               for (size_t i = 0; i < ds.size(); ++i)
                 if (ds[i]["name"] == "handshake_secret" && ds[i]["actor"] == "client") {
                   json d = ds[i];
                   ds.erase(ds.begin() + static_cast<long>(i));
                   t["events"].back()["derivations"].push_back(d);
                   return;
                 }
             }
           ADD_FAILURE() << "no client handshake_secret";
         }}}},
      {"--resume psk_dhe_ke --early-data accepted",
       {{"the PSK the server derived for its ticket", "FAIL ticket_open (server, connection 2",
         flip_output("ticket_psk_0", "server", 6)},
        {"the PSK binder", "FAIL psk_binder (client, connection 2", flip_output("psk_binder", "client", 10)},
        {"the resumed early secret's PSK", "FAIL early_secret (client, connection 2",
         [](json& t) {
           int seen = 0;
           for (auto& ev : t["events"])
             for (const char* list : {"derivations", "receiver_derivations"})
               for (auto& d : ev[list])
                 if (d["name"] == "early_secret" && d["actor"] == "client" && ++seen == 2)
                 for (auto& in : d["inputs"])
                   if (in["name"] == "IKM") {
                     std::string hex = in["hex"];
                     flip_digit(hex, 3);
                     in["hex"] = hex;
                   }
           ASSERT_EQ(seen, 2);
         }},
        {"the 0-RTT request's plaintext", "FAIL record ",
         [](json& t) {
           for (auto& ev : t["events"])
             if (ev["protection"]["phase"] == "early" && ev["protection"]["side"] == "client" && ev["layer"] == "application_data") {
               std::string pt = ev["plaintext"];
               flip_digit(pt, 4);
               ev["plaintext"] = pt;
               return;
             }
           ADD_FAILURE() << "no 0-RTT record";
         }}}},
      // ECDSA and Ed25519 CertificateVerify: the verifier checks them with its own P-256 and
      // Ed25519 (RFC 8032) arithmetic; a signature byte changed in the decrypted record fails.
      {"--key-type ecdsa", {{"an ECDSA CertificateVerify signature byte", "FAIL server CertificateVerify signature on the wire", flip_cv_signature}}},
      {"--key-type ed25519", {{"an Ed25519 CertificateVerify signature byte", "FAIL server CertificateVerify signature on the wire", flip_cv_signature}}},
      {"--group x25519 --group secp256r1 --key-share ffdhe2048",
       {{"message_hash after the HelloRetryRequest", "FAIL message_hash (client", flip_output("message_hash", "client", 9)},
        {"ClientHello1 on the wire", "FAIL message_hash (server",
         [](json& t) {
           std::string bytes = t["events"][0]["bytes"];
           flip_digit(bytes, 2 * 20);
           t["events"][0]["bytes"] = bytes;
         }}}},
      {"--suite TLS_AES_256_GCM_SHA384 --group ffdhe2048",
       {{"ffdhe2048 shared secret", "FAIL dhe_shared_secret (client", flip_output("dhe_shared_secret", "client", 300)},
        {"client Finished base key", "FAIL client_verify_data (client",
         flip_field("client_verify_data", "client", "inputs", "base_key", 7)},
        {"hash name", "FAIL exporter_master_secret (server",
         [](json& t) {
           auto* d = find_derivation(t, "exporter_master_secret", "server");
           ASSERT_NE(d, nullptr);
           for (auto& in : (*d)["inputs"])
             if (in["name"] == "hash") in["hex"] = "5348412d323536";  // "SHA-256" in a SHA-384 suite
         }}}},
  };
  for (auto& sc : scenarios) {
    auto file = make_trace13(dir, sc.options, 13);
    ASSERT_FALSE(file.empty());
    const json original = json::parse(testutil::read_file(file));
    auto ok = verify(file);
    ASSERT_EQ(ok.status, 0) << sc.options << "\n" << ok.output;
    expect_edits_detected(original, sc.edits, sc.options, dir);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

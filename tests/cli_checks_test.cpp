// Issue 17 items 4 and 8: host names and numbers are checked where the user gives them (the
// command line, scenario files, the GUI's fields through the option table), never wrapped or
// passed on malformed. The limits are the RFCs': host names RFC 1035 2.3.1/2.3.4, RFC 1123 2.1
// and RFC 6066 3; times the years a certificate's validity can name, RFC 5280 4.1.2.5.
#include <gtest/gtest.h>

#include <cstdint>

#include "pki/cert.hpp"
#include "scenario/option_table.hpp"
#include "test_util.hpp"

namespace {

std::string bin() { return TLSLAB_BIN; }

// sh has no $'\r': the control characters come from printf.
const std::string kCrLfHost = "\"$(printf 'www.example.com\\r\\nX-Smuggled: 1')\"";

struct Bad {
  std::string value;  // as written on the sh command line
  std::string why;    // a piece of the error
};

std::vector<Bad> bad_hosts() {
  return {
      {kCrLfHost, "0x0D at position 16"},
      {std::string(65530, 'a'), "65530 characters"},
      {"a..example", "empty label"},
      {".example", "empty label"},
      {"www.example.com.", "empty label"},
      {"'a b.example'", "' ' at position 2"},
      {"a_b.example", "'_' at position 2"},
      {"'a;b'", "';' at position 2"},
      {"-a.example", "hyphen"},
      {"a-.example", "hyphen"},
      {std::string(64, 'a') + ".example", "label 1 is 64 characters"},
      {"192.0.2.1", "IP address"},
      {"::1", "IP address"},
      {"\"$(printf 'b\\303\\274cher.example')\"", "0xC3 at position 2"},
  };
}

}  // namespace

TEST(CliChecks, HostNamesAreCheckedOnTheCommandLine) {
  auto dir = testutil::temp_dir("cli-checks-host");
  for (auto& b : bad_hosts()) {
    for (const std::string& cmd : std::vector<std::string>{"run --host ", "connect 127.0.0.1:1 --host ", "serve --once --port 0 --host ",
                                                           "pki export --profile valid --out " + (dir / "x").string() + " --host "}) {
      auto r = testutil::run(bin() + " " + cmd + b.value + " 2>&1");
      std::string what = cmd + b.value.substr(0, 40);
      EXPECT_EQ(r.status, 2) << what << "\n" << r.output.substr(0, 400);
      EXPECT_NE(r.output.find("--host"), std::string::npos) << what << "\n" << r.output.substr(0, 400);
      EXPECT_NE(r.output.find(b.why), std::string::npos) << what << "\n" << r.output.substr(0, 400);
      // The error quotes no long value and smuggles no line.
      EXPECT_LT(r.output.size(), 2000u) << what;
      EXPECT_EQ(r.output.find("X-Smuggled"), std::string::npos) << what;
    }
  }
  // Valid names work: the longest label (63) and the longest name (253 = 3 x 63 + 1 x 61 + 3 dots).
  std::string label63(63, 'l'), longest = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'z');
  ASSERT_EQ(longest.size(), 253u);
  for (const std::string& good : std::vector<std::string>{"www.example.com", "localhost", "a-b.example", "xn--bcher-kva.example", "4chan.example",
                           label63 + ".example", longest}) {
    auto r = testutil::run(bin() + " run --host " + good + " 2>&1");
    EXPECT_EQ(r.status, 0) << good << "\n" << r.output.substr(0, 400);
  }
  auto p = testutil::run(bin() + " pki export --profile valid --out " + (dir / "ok").string() + " --host lab.example 2>&1");
  EXPECT_EQ(p.status, 0) << p.output;
  EXPECT_NE(p.output.find("for lab.example"), std::string::npos) << p.output;
  // pki verify checks the leaf against --host: the same syntax.
  auto v = testutil::run(bin() + " pki verify --trust " + (dir / "ok" / "root.pem").string() + " --host " + kCrLfHost +
                         " " + (dir / "ok" / "chain.pem").string() + " 2>&1");
  EXPECT_EQ(v.status, 2) << v.output;
  EXPECT_NE(v.output.find("0x0D at position 16"), std::string::npos) << v.output;
  // connect's HOST:PORT names the host too (an IP address stays allowed there).
  auto c = testutil::run(bin() + " connect 'a b.example:443' 2>&1");
  EXPECT_EQ(c.status, 2) << c.output;
  EXPECT_NE(c.output.find("the target's host name: the character ' ' at position 2"), std::string::npos) << c.output;
}

TEST(CliChecks, HostNamesAreCheckedInScenarioFilesAndTheGuiField) {
  auto dir = testutil::temp_dir("cli-checks-scenario-host");
  struct Case {
    std::string json_value, why;
  } cases[] = {
      {"\"www.example.com\\r\\nX-Smuggled: 1\"", "0x0D at position 16"},
      {"\"" + std::string(65530, 'a') + "\"", "65530 characters"},
      {"\"a..example\"", "empty label"},
      {"\"a b\"", "' ' at position 2"},
      {"\"192.0.2.1\"", "IP address"},
  };
  for (auto& c : cases) {
    auto file = dir / "s.json";
    testutil::write_file(file, "{\"seed\": 1, \"host\": " + c.json_value + "}");
    auto r = testutil::run(bin() + " run --scenario " + file.string() + " 2>&1");
    EXPECT_EQ(r.status, 2) << c.json_value.substr(0, 40) << "\n" << r.output.substr(0, 400);
    EXPECT_NE(r.output.find("s.json: host: "), std::string::npos) << r.output.substr(0, 400);
    EXPECT_NE(r.output.find(c.why), std::string::npos) << r.output.substr(0, 400);
    EXPECT_LT(r.output.size(), 2000u);
  }
  // The GUI's host field sets the row through the same codec: it refuses and says the same words.
  const sim::OptionRow* row = sim::option_row("host");
  ASSERT_NE(row, nullptr);
  sim::ScenarioOptions o;
  EXPECT_FALSE(row->set(o, "a b"));
  EXPECT_FALSE(row->set(o, "www.example.com\r\nX: 1"));
  EXPECT_FALSE(row->set(o, std::string(254, 'a')));
  EXPECT_EQ(o.host, "www.example.com");
  auto e = row->from_json(nlohmann::json("a b"), o);
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(e->what.english().find("' ' at position 2"), std::string::npos) << e->what.english();
  EXPECT_NE(e->what.render(sim::Lang::fr).find("en position 2"), std::string::npos) << e->what.render(sim::Lang::fr);
  EXPECT_TRUE(row->set(o, "lab.example"));
  EXPECT_EQ(o.host, "lab.example");
}

TEST(CliChecks, ScenarioNumbersAreRangeCheckedNotWrapped) {
  struct Case {
    std::string args, why;
  } cases[] = {
      {"--seed -1", "expected a non-negative integer, found '-1'"},
      {"--seed 99999999999999999999", "at most 18446744073709551615, found '99999999999999999999'"},
      {"--seed 18446744073709551616", "at most 18446744073709551615"},
      {"--seed 0x10", "found '0x10'"},
      {"--seed +5", "found '+5'"},
      {"--seed 1e3", "found '1e3'"},
      {"--clock -5", "found '-5'"},
      {"--clock 253402300800", "at most 253402300799 (9999-12-31 23:59:59 UTC"},
      {"--clock 99999999999999999999", "at most 253402300799"},
      {"--max-record-size 63", "at least 64, found '63'"},
      {"--max-record-size 16385", "at most 16384"},
      {"--max-record-size -1", "found '-1'"},
      {"--max-fragment-length 100", "100"},
      {"--response-size 1048577", "at most 1048576"},
      {"--record-padding 256", "at most 255"},
      {"--record-padding -1", "found '-1'"},
      {"--attack export-bruteforce --bits 0", "from 1 to 40"},
      {"--attack export-bruteforce --bits 41", "from 1 to 40"},
      {"--attack bleichenbacher --budget 100000001", "at most 100000000"},
      {"--attack bleichenbacher --budget -1", "found '-1'"},
  };
  for (auto& c : cases) {
    auto r = testutil::run(bin() + " run " + c.args + " 2>&1");
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output.substr(0, 400);
    EXPECT_NE(r.output.find(c.why), std::string::npos) << c.args << "\n" << r.output.substr(0, 400);
  }
  // The limits themselves are accepted: the largest seed, and the last second of 9999, which the
  // client then prints as a date (the demo leaf has expired by then: exit 1, not 2).
  EXPECT_EQ(testutil::run(bin() + " run --seed 18446744073709551615 2>&1").status, 0);
  auto last = testutil::run(bin() + " run --clock 253402300799 2>&1");
  EXPECT_EQ(last.status, 1) << last.output.substr(0, 400);
  EXPECT_NE(last.output.find("9999-12-31 23:59:59 UTC"), std::string::npos) << last.output;

  // The same limits in scenario files, the error naming the key.
  auto dir = testutil::temp_dir("cli-checks-numbers");
  struct FileCase {
    std::string member, why;
  } files[] = {
      {"\"seed\": -1", "seed: expected a non-negative integer"},
      {"\"seed\": 99999999999999999999", "seed: expected a non-negative integer"},
      {"\"seed\": 1.5", "seed: expected a non-negative integer"},
      {"\"clock\": -5", "clock: expected a non-negative integer"},
      {"\"clock\": 253402300800", "clock: at most 253402300799"},
      {"\"clock\": 18446744073709551615", "clock: at most 253402300799"},
  };
  for (auto& f : files) {
    auto file = dir / "n.json";
    testutil::write_file(file, "{" + f.member + "}");
    auto r = testutil::run(bin() + " run --scenario " + file.string() + " 2>&1");
    EXPECT_EQ(r.status, 2) << f.member << "\n" << r.output;
    EXPECT_NE(r.output.find(f.why), std::string::npos) << f.member << "\n" << r.output;
  }
  // The GUI's number field clamps to the row's maximum: the clock's is the last second of 9999.
  EXPECT_EQ(sim::option_row("clock")->max_number, uint64_t(sim::pki::kLastX509Time));
}

TEST(CliChecks, PkiNumbersAreRangeCheckedAndDatesStayDates) {
  auto dir = testutil::temp_dir("cli-checks-pki");
  for (const char* seed : {"-1", "99999999999999999999", "0x10", " 5"}) {
    auto r = testutil::run(bin() + " pki export --profile valid --out " + (dir / "x").string() + " --seed '" + seed + "' 2>&1");
    EXPECT_EQ(r.status, 2) << seed << "\n" << r.output;
    EXPECT_NE(r.output.find("--seed"), std::string::npos) << seed << "\n" << r.output;
    EXPECT_EQ(r.output.find("18446744073709551615)"), std::string::npos) << seed << "\n" << r.output;
  }
  auto ok = testutil::run(bin() + " pki export --profile valid --out " + (dir / "ok").string() + " --seed 18446744073709551615 2>&1");
  ASSERT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("(seed 18446744073709551615)"), std::string::npos) << ok.output;

  // The leaf first: --trust takes several values and would take it too.
  std::string verify = bin() + " pki verify " + (dir / "ok" / "chain.pem").string() + " --trust " +
                       (dir / "ok" / "root.pem").string() + " --attime ";
  for (const char* at : {"99999999999999999999", "253402300800", "-631152001", "-99999999999999999999", "1e9", "0x10", " 5"}) {
    auto r = testutil::run(verify + "'" + at + "' 2>&1");
    EXPECT_EQ(r.status, 2) << at << "\n" << r.output;
    EXPECT_NE(r.output.find("--attime"), std::string::npos) << at << "\n" << r.output;
    EXPECT_NE(r.output.find("1950-01-01 00:00:00 UTC"), std::string::npos) << at << "\n" << r.output;
  }
  // The limits are accepted and printed as dates (the chain is not valid then: exit 1). 0 is
  // 1970, not the simulated clock.
  struct Ok {
    const char* at;
    const char* date;
  } oks[] = {{"253402300799", "clock: 9999-12-31 23:59:59 UTC"},
             {"-631152000", "clock: 1950-01-01 00:00:00 UTC"},
             {"0", "clock: 1970-01-01 00:00:00 UTC"}};
  for (auto& o : oks) {
    auto r = testutil::run(verify + o.at + " 2>&1");
    EXPECT_EQ(r.status, 1) << o.at << "\n" << r.output;
    EXPECT_NE(r.output.find(o.date + std::string("\n")), std::string::npos) << o.at << "\n" << r.output;
  }
}

TEST(CliChecks, TimeTextPrintsOnlyFourDigitYears) {
  using sim::pki::time_text;
  // Epoch seconds of the limits (RFC 5280 4.1.2.5), as `date -u -d @N` prints them.
  EXPECT_EQ(time_text(253402300799), "9999-12-31 23:59:59 UTC");
  EXPECT_EQ(time_text(-631152000), "1950-01-01 00:00:00 UTC");
  EXPECT_EQ(time_text(-62167219200), "0000-01-01 00:00:00 UTC");  // GeneralizedTime's first
  EXPECT_EQ(time_text(253402300800), "@253402300800");
  EXPECT_EQ(time_text(-62167219201), "@-62167219201");
  EXPECT_EQ(time_text(INT64_MAX), "@9223372036854775807");
  EXPECT_EQ(time_text(INT64_MIN), "@-9223372036854775808");
  EXPECT_EQ(sim::pki::unix_time(1950, 1, 1), sim::pki::kFirstX509Time);
  EXPECT_EQ(sim::pki::unix_time(9999, 12, 31, 23, 59, 59), sim::pki::kLastX509Time);
}

#ifdef TLSLAB_GUI_BIN
// tlslab-gui reads the same flags and scenario files through the option table: the same refusals,
// before any window opens (the Scenario panel's host field shows the codec's error under it).
TEST(CliChecks, GuiRefusesTheSameHostsAndNumbers) {
  std::string gui = TLSLAB_GUI_BIN;
  auto h = testutil::run(gui + " --host 'a b.example' 2>&1");
  EXPECT_EQ(h.status, 2) << h.output;
  EXPECT_NE(h.output.find("--host: the character ' ' at position 2"), std::string::npos) << h.output;
  auto s = testutil::run(gui + " --seed -1 2>&1");
  EXPECT_EQ(s.status, 2) << s.output;
  EXPECT_NE(s.output.find("--seed: expected a non-negative integer, found '-1'"), std::string::npos) << s.output;
  auto c = testutil::run(gui + " --clock 253402300800 2>&1");
  EXPECT_EQ(c.status, 2) << c.output;
  EXPECT_NE(c.output.find("at most 253402300799"), std::string::npos) << c.output;
  auto dir = testutil::temp_dir("cli-checks-gui");
  auto file = dir / "g.json";
  testutil::write_file(file, R"({"host": "a..example"})");
  auto f = testutil::run(gui + " --scenario " + file.string() + " 2>&1");
  EXPECT_EQ(f.status, 2) << f.output;
  EXPECT_NE(f.output.find("g.json"), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("host"), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("host: has an empty label"), std::string::npos) << f.output;
}
#endif

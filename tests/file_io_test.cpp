// Issue 17 items 5, 7, 9: files are written through a temporary file renamed over the target (a
// failure keeps the old file and says why), reads are capped while reading and refuse what is not
// a regular file, and broken inputs get precise errors (JSON line and column, the key's problem).
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"
#include "core/json_syntax.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sim;

std::string bin() { return TLSLAB_BIN; }
std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// The files in `dir` (to see that no temporary file is left behind).
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// ---- the helper ----------------------------------------------------------------------------

TEST(FileIo, WriteReplacesTheFileAndLeavesNoTemporaryFile) {
  auto dir = testutil::temp_dir("fileio");
  auto p = dir / "t.json";
  ASSERT_TRUE(write_file_atomic(p.string(), "first\n").ok());
  EXPECT_EQ(testutil::read_file(p), "first\n");
  ::chmod(p.c_str(), 0640);
  ASSERT_TRUE(write_file_atomic(p.string(), "second\n").ok());
  EXPECT_EQ(testutil::read_file(p), "second\n");
  EXPECT_EQ(fs::status(p).permissions() & fs::perms::all, fs::perms(0640));  // the old file's mode is kept
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"t.json"});
  fs::remove_all(dir);
}

TEST(FileIo, AFailedWriteLeavesTheOldFileIntactAndGivesTheSystemsReason) {
  auto dir = testutil::temp_dir("fileio");
  auto p = dir / "t.json";
  testutil::write_file(p, "the old trace\n");
  // The temporary file's write fails as on a full disk: /dev/full answers every write with ENOSPC.
  WriteOptions full;
  full.temp_path_for_test = "/dev/full";
  Status w = write_file_atomic(p.string(), std::string(1 << 20, 'x'), full);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().reason.find("No space left on device"), std::string::npos) << w.error().reason;
  EXPECT_NE(w.error().reason.find(p.string()), std::string::npos) << w.error().reason;
  EXPECT_EQ(testutil::read_file(p), "the old trace\n");
  EXPECT_TRUE(fs::exists("/dev/full"));

  // A folder that does not exist: nothing is created, the reason is the system's.
  w = write_file_atomic((dir / "no-such-folder" / "t.json").string(), "x");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().reason.find("No such file or directory"), std::string::npos) << w.error().reason;
  // A folder as the target: said so, and the folder stays.
  w = write_file_atomic(dir.string(), "x");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().reason.find("not a regular file (a folder)"), std::string::npos) << w.error().reason;
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"t.json"});
  fs::remove_all(dir);
}

TEST(FileIo, DevicesAreWrittenInPlaceAndLinksFollowed) {
  // /dev/null stays a device (a rename over it would replace it by a regular file).
  ASSERT_TRUE(write_file_atomic("/dev/null", "discarded").ok());
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  auto dir = testutil::temp_dir("fileio");
  testutil::write_file(dir / "real.txt", "old");
  fs::create_symlink(dir / "real.txt", dir / "link.txt");
  ASSERT_TRUE(write_file_atomic((dir / "link.txt").string(), "new").ok());
  EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
  EXPECT_EQ(testutil::read_file(dir / "real.txt"), "new");
  fs::remove_all(dir);
}

TEST(FileIo, ReadsRefuseWhatIsNotARegularFile) {
  auto dir = testutil::temp_dir("fileio");
  auto t0 = std::chrono::steady_clock::now();
  auto r = read_file_capped("/dev/zero", 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().reason.find("/dev/zero: not a regular file (a device)"), std::string::npos) << r.error().reason;
  r = read_file_capped(dir.string(), 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().reason.find("not a regular file (a folder)"), std::string::npos) << r.error().reason;
  // A pipe with no writer: refused at once, not waited on.
  auto fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  r = read_file_capped(fifo.string(), 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().reason.find("not a regular file (a pipe or socket)"), std::string::npos) << r.error().reason;
  r = read_file_capped((dir / "missing.json").string(), 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().reason.find("missing.json: no such file"), std::string::npos) << r.error().reason;
  EXPECT_LT(seconds_since(t0), 2.0);
  fs::remove_all(dir);
}

TEST(FileIo, ReadsAreCappedWhileReadingAndStateTheLimit) {
  auto dir = testutil::temp_dir("fileio");
  auto p = dir / "f";
  testutil::write_file(p, std::string(1024, 'a'));
  auto r = read_file_capped(p.string(), 1024);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1024u);
  r = read_file_capped(p.string(), 1023);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().reason.find("larger than 1023 bytes"), std::string::npos) << r.error().reason;
  EXPECT_EQ(r.error().render(Lang::fr).find("plus de 1023 octets") != std::string::npos, true) << r.error().render(Lang::fr);
  // /proc files say they are empty (st_size 0) yet hold text: only the count while reading catches them.
  struct stat st {};
  ASSERT_EQ(::stat("/proc/self/maps", &st), 0);
  ASSERT_EQ(st.st_size, 0);
  r = read_file_capped("/proc/self/maps", 16);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().reason.find("larger than 16 bytes"), std::string::npos) << r.error().reason;
  EXPECT_EQ(size_message(16u << 20).english(), "16 MiB");
  EXPECT_EQ(size_message(16u << 20).render(Lang::fr), "16 Mio");
  fs::remove_all(dir);
}

TEST(FileIo, AHostileFileNameIsQuotedShortAndWithoutControlCharacters) {
  std::string name = "/nonexistent-dir/" + std::string(5000, 'n') + "\x1b[2J";
  auto r = read_file_capped(name, 10);
  ASSERT_FALSE(r.ok());
  EXPECT_LT(r.error().reason.size(), 300u);
  EXPECT_EQ(r.error().reason.find('\x1b'), std::string::npos);
}

// ---- where JSON breaks --------------------------------------------------------------------

// Python's json module is the judge of where each error is (line and column of the token that
// breaks the grammar). Trailing commas are left out: Python 3.13 moved that error to the comma.
TEST(JsonSyntax, FindsTheErrorWherePythonDoes) {
  if (testutil::run("python3 --version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "no python3";
  const std::vector<std::string> texts = {
      "{\"a\": \"x\\qy\"}", "{\"a\": 01}", "[1.]", "-", "{\"a\" 1}", "[\"\xc3\xa9\xc3\xa9\", tru]", "[1 2]",
      "{\"a\":1 \"b\":2}", "", "   ", "{", "[", "{\"a\"", "{\"a\":", "[1,", "\"abc", "{\"a\":\"x\ny\"}", "{} x",
      "[-]", "[1e]", "[.5]", "{\"a\":[1,{\"b\":}]}", "nul", "[1,,2]", "{,}", "[1]]", "{\n  \"x\": [\n    1,\n    2\n  ]\n  \"y\": 3\n}",
      "{\"\xc3\xa9t\xc3\xa9\": \"caf\xc3\xa9\" \"b\"}", "[\"unterminated\n", "{\"a\": 'single'}"};
  auto dir = testutil::temp_dir("jsonsyntax");
  for (size_t i = 0; i < texts.size(); ++i) testutil::write_file(dir / std::to_string(i), texts[i]);
  auto judge = testutil::run("python3 -c 'import json,sys\nfor i in range(int(sys.argv[2])):\n"
                             "  try: json.loads(open(sys.argv[1]+\"/\"+str(i),encoding=\"utf-8\").read()); print(0, 0)\n"
                             "  except ValueError as e: print(e.lineno, e.colno)' " +
                             q(dir) + " " + std::to_string(texts.size()));
  ASSERT_EQ(judge.status, 0) << judge.output;
  std::istringstream lines(judge.output);
  for (const std::string& text : texts) {
    size_t line = 0, column = 0;
    ASSERT_TRUE(lines >> line >> column) << judge.output;
    auto e = json_syntax_error(text);
    ASSERT_TRUE(e.has_value()) << text.substr(0, 80);
    EXPECT_EQ(e->line, line) << text.substr(0, 80);
    EXPECT_EQ(e->column, column) << text.substr(0, 80);
    EXPECT_FALSE(e->what.english().empty());
  }
  fs::remove_all(dir);
}

TEST(JsonSyntax, ValidJsonHasNoErrorAndTheReasonsSayWhatWasExpected) {
  for (std::string ok : {"{}", "[]", " {\"a\": [1, -2.5e+3, true, false, null, \"\\u00e9\\n\"]} ", "0", "\xEF\xBB\xBF{}",
                         "\"\xf0\x9f\x94\x92\""}) {
    EXPECT_FALSE(json_syntax_error(ok).has_value()) << ok;
  }
  auto why = [](std::string_view t) { return json_syntax_error(t)->what.english(); };
  EXPECT_EQ(why("{\"a\" 1}"), "expected ':' after the property name");
  EXPECT_EQ(why("{\"a\": 1,}"), "a comma before a closing bracket is not allowed in JSON");
  EXPECT_EQ(why("{\"a\": 1"), "the text ends before the JSON is complete");
  EXPECT_EQ(why("[\"\xff\"]"), "bytes that are not UTF-8");
  EXPECT_EQ(json_syntax_error("[\"\xff\"]")->offset, 2u);
  EXPECT_EQ(why("[\"\xed\xa0\x80\"]"), "bytes that are not UTF-8");  // a UTF-16 surrogate in UTF-8
  // Deep nesting: no recursion, so no stack to overflow.
  std::string deep = std::string(200000, '[') + "1" + std::string(199999, ']');
  EXPECT_EQ(why(deep), "the text ends before the JSON is complete");
  EXPECT_EQ(json_syntax_error(deep)->offset, deep.size());
  EXPECT_EQ(json_syntax_error("{\"a\" 1}")->what.render(Lang::fr), "« : » est attendu après le nom de propriété");
}

// ---- the command line ----------------------------------------------------------------------

TEST(CliFiles, KeylogToAnUnwritablePlaceExitsNonZeroWithTheReasonAndDoesNotSayWritten) {
  auto r = testutil::run(bin() + " run --keylog /nonexistent-dir/k.log 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("cannot write /nonexistent-dir/k.log: No such file or directory"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("written"), std::string::npos) << r.output;
  // A full disk: /dev/full fails every write with ENOSPC. Before, the small key log sat in the
  // stream's buffer when the stream was checked, so this printed "written" and exited 0.
  r = testutil::run(bin() + " run --keylog /dev/full 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("cannot write /dev/full: No space left on device"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("written"), std::string::npos) << r.output;
  // A folder as the target.
  auto dir = testutil::temp_dir("clifiles");
  r = testutil::run(bin() + " run --keylog " + q(dir) + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("not a regular file (a folder)"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("written"), std::string::npos) << r.output;
  // In French, with the system's reason as it gave it.
  r = testutil::run(bin() + " run --lang fr --json /nonexistent-dir/t.json 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("impossible d'écrire /nonexistent-dir/t.json : No such file or directory"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(CliFiles, RewritingAnOutputReplacesItWhole) {
  auto dir = testutil::temp_dir("clifiles");
  auto json = dir / "t.json";
  testutil::write_file(json, std::string(3 << 20, ' '));  // longer than the new trace: no tail may remain
  auto r = testutil::run(bin() + " run --seed 3 --json " + q(json) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  auto text = testutil::read_file(json);
  EXPECT_LT(text.size(), size_t(3 << 20));
  EXPECT_TRUE(nlohmann::json::accept(text));
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"t.json"});
  fs::remove_all(dir);
}

TEST(CliFiles, ShowDevZeroIsRefusedAtOnce) {
  auto t0 = std::chrono::steady_clock::now();
  // timeout: before the fix this read /dev/zero without end.
  auto r = testutil::run("timeout 10 " + bin() + " show /dev/zero 2>&1");
  EXPECT_LT(seconds_since(t0), 3.0);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("/dev/zero: not a regular file (a device)"), std::string::npos) << r.output;
}

TEST(CliFiles, AFolderGivenAsScenarioTraceOrPemSaysSo) {
  auto dir = testutil::temp_dir("clifiles");
  for (std::string args : {"run --scenario " + q(dir), "show " + q(dir), "run --cert " + q(dir) + " --key " + q(dir),
                           "run --trust " + q(dir), "pki show " + q(dir), "lesson check " + q(dir)}) {
    auto r = testutil::run(bin() + " " + args + " 2>&1");
    EXPECT_NE(r.status, 0) << args << "\n" << r.output;
    EXPECT_NE(r.output.find("not a regular file (a folder)"), std::string::npos) << args << "\n" << r.output;
    EXPECT_EQ(r.output.find("no such file"), std::string::npos) << args << "\n" << r.output;
  }
  fs::remove_all(dir);
}

TEST(CliFiles, OversizedFilesAreRefusedQuicklyStatingTheLimit) {
  auto dir = testutil::temp_dir("clifiles");
  // Sparse files: no disk used, but reading them whole (as before) takes seconds and gigabytes.
  struct Case {
    const char* file;
    const char* size;
    std::string args;
    const char* limit;
  } cases[] = {
      {"big.json", "3G", "show " + q(dir / "big.json"), "larger than 2048 MiB"},
      {"big.pem", "1G", "pki show " + q(dir / "big.pem"), "larger than 16 MiB"},
      {"big-scenario.json", "1G", "run --scenario " + q(dir / "big-scenario.json"), "larger than 4 MiB"},
      {"big-lesson.json", "1G", "lesson check " + q(dir / "big-lesson.json"), "larger than 4 MiB"},
  };
  for (auto& c : cases) {
    ASSERT_EQ(testutil::run(std::string("truncate -s ") + c.size + " " + q(dir / c.file)).status, 0);
    auto t0 = std::chrono::steady_clock::now();
    auto r = testutil::run("timeout 20 " + bin() + " " + c.args + " 2>&1");
    EXPECT_LT(seconds_since(t0), 2.0) << c.args;
    EXPECT_NE(r.status, 0) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.limit), std::string::npos) << c.args << "\n" << r.output;
  }
  fs::remove_all(dir);
}

// Python's json module is the judge of where the syntax error is.
TEST(CliFiles, ScenarioJsonSyntaxErrorsGiveLineAndColumn) {
  if (testutil::run("python3 --version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "no python3";
  auto dir = testutil::temp_dir("clifiles");
  struct Case {
    const char* text;
    const char* reason;
  } cases[] = {
      {"{\n  \"seed\": 1,\n  \"host\" \"example.com\"\n}\n", "expected ':' after the property name"},
      {"{\n  \"seed\": 1,\n  \"middlebox_compat\": tru\n}\n", "expected a value"},
      {"{\"seed\": 1,\n\n    \"host\": \"a\"\n    ]", "expected ',' or '}'"},
  };
  for (auto [text, reason] : cases) {
    auto p = dir / "s.json";
    testutil::write_file(p, text);
    auto judge = testutil::run("python3 -c 'import json,sys\ntry: json.load(open(sys.argv[1]))\nexcept ValueError as e: print(e.lineno, e.colno)' " + q(p));
    int line = 0, column = 0;
    ASSERT_EQ(std::sscanf(judge.output.c_str(), "%d %d", &line, &column), 2) << judge.output;
    auto r = testutil::run(bin() + " run --scenario " + q(p) + " 2>&1");
    EXPECT_EQ(r.status, 2) << r.output;
    std::string where = "not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + reason;
    EXPECT_NE(r.output.find(where), std::string::npos) << text << "\n" << r.output;
  }
  // A long bad value is quoted short: an unterminated 200 kB string.
  testutil::write_file(dir / "long.json", "{\"host\": \"" + std::string(200000, 'A'));
  auto r = testutil::run(bin() + " run --scenario " + q(dir / "long.json") + " 2>&1");
  EXPECT_EQ(r.status, 2) << r.output.substr(0, 500);
  EXPECT_NE(r.output.find("not valid JSON at line 1, column 10: this string is never closed"), std::string::npos) << r.output.substr(0, 500);
  EXPECT_LT(r.output.size(), 600u);
  r = testutil::run(bin() + " run --lang fr --scenario " + q(dir / "long.json") + " 2>&1");
  EXPECT_NE(r.output.find("JSON non valide à la ligne 1, colonne 10 : cette chaîne n'est jamais fermée"), std::string::npos) << r.output.substr(0, 500);
  fs::remove_all(dir);
}

// OpenSSL makes the keys we cannot use; the error says what is wrong with each.
TEST(CliFiles, ABadPrivateKeyGivesTheReason) {
  if (testutil::run("openssl version >/dev/null 2>&1").status != 0) GTEST_SKIP() << "no openssl";
  auto dir = testutil::temp_dir("clifiles");
  ASSERT_EQ(testutil::run(bin() + " pki export --profile valid --out " + q(dir) + " >/dev/null 2>&1").status, 0);
  auto cert = q(dir / "chain.pem");
  struct Case {
    std::string make;
    const char* reason;
  } cases[] = {
      {"openssl genpkey -algorithm ed448 -out " + q(dir / "k.pem"), "key algorithm 1.3.101.113 (Ed448) is not supported"},
      {"openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp384r1 -out " + q(dir / "k.pem"),
       "EC key on curve 1.3.132.0.34: only P-256"},
      {"printf -- '-----BEGIN PRIVATE KEY-----\\nMAMCAQA=\\n-----END PRIVATE KEY-----\\n' > " + q(dir / "k.pem"),
       "the PRIVATE KEY block is not a PKCS#8 PrivateKeyInfo"},
      {"printf -- '-----BEGIN RSA PRIVATE KEY-----\\nMAMCAQA=\\n-----END RSA PRIVATE KEY-----\\n' > " + q(dir / "k.pem"),
       "the RSA PRIVATE KEY block is not a valid PKCS#1 RSAPrivateKey"},
  };
  for (auto& c : cases) {
    ASSERT_EQ(testutil::run(c.make + " 2>/dev/null").status, 0) << c.make;
    auto r = testutil::run(bin() + " run --cert " + cert + " --key " + q(dir / "k.pem") + " 2>&1");
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find(c.reason), std::string::npos) << c.make << "\n" << r.output;
  }
  fs::remove_all(dir);
}

// A server that answers the ClientHello with a few bytes that are no TLS record, then closes:
// connect said "close_notify (the transport closed before close_notify...)", as if data had
// been cut, where the peer simply does not speak TLS.
TEST(CliFiles, ConnectDescribesAGarbageAnswerAsSuch) {
  int ls = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(ls, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ASSERT_EQ(::getsockname(ls, reinterpret_cast<sockaddr*>(&a), &len), 0);
  ASSERT_EQ(::listen(ls, 1), 0);
  std::thread server([ls] {
    int c = ::accept(ls, nullptr, nullptr);
    if (c < 0) return;
    char buf[4096];
    (void)::recv(c, buf, sizeof buf, 0);  // the ClientHello
    (void)::send(c, "xyz", 3, MSG_NOSIGNAL);
    ::close(c);
  });
  auto r = testutil::run("timeout 20 " + bin() + " connect 127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + " --timeout 5 2>&1");
  server.join();
  ::close(ls);
  EXPECT_NE(r.output.find("the peer closed the connection after 3 bytes that are not a complete TLS record (they start: 78797a \"xyz\")"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("transport closed before close_notify"), std::string::npos) << r.output;
}

TEST(FileIo, AnExcerptIsShortWithoutControlCharactersAndCutOnACharacter) {
  EXPECT_EQ(excerpt("short"), "short");
  EXPECT_EQ(excerpt("a\x1b[2Jb\n"), "a?[2Jb?");
  EXPECT_EQ(excerpt(std::string(100, 'x'), 10), "xxxxxxxxxx...");
  // "é" is two bytes: the cut at 10 would split the fifth, so it keeps four.
  std::string e_acute;
  for (int i = 0; i < 8; ++i) e_acute += "\xc3\xa9";
  EXPECT_EQ(excerpt(e_acute, 9), "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...");
}

// Before, each of these quoted the whole 5,000-character value back (5 kB of error).
TEST(CliFiles, ErrorsQuoteOnlyAShortExcerptOfALongValue) {
  const std::string v(5000, 'h');
  auto dir = testutil::temp_dir("clifiles");
  testutil::write_file(dir / "key.json", "{\"" + std::string(100000, 'A') + "\": 1}");
  for (std::string args : {"run --attack " + v, "run --offer-suites c02f," + v, "run --max-version=" + v, "run --group " + v,
                           "run " + v, v, "run --scenario " + q(dir / "key.json")}) {
    auto r = testutil::run(bin() + " " + args + " 2>&1");
    EXPECT_EQ(r.status, 2) << r.output.substr(0, 300);
    EXPECT_LT(r.output.size(), 600u) << r.output.substr(0, 300);
    EXPECT_NE(r.output.find("..."), std::string::npos) << r.output.substr(0, 300);
  }
  fs::remove_all(dir);
}

// The trace importer points at the same place (before: the library's position, past the token,
// and its English words in both languages).
TEST(CliFiles, TraceJsonSyntaxErrorsGiveLineAndColumn) {
  auto dir = testutil::temp_dir("clifiles");
  testutil::write_file(dir / "t.json", "{\n \"format\": \"tlslab-trace\",\n \"version\" 2\n}\n");
  auto r = testutil::run(bin() + " show " + q(dir / "t.json") + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("invalid JSON: line 3, column 12: expected ':' after the property name"), std::string::npos) << r.output;
  r = testutil::run(bin() + " show --lang fr " + q(dir / "t.json") + " 2>&1");
  EXPECT_NE(r.output.find("JSON non valide : ligne 3, colonne 12 : « : » est attendu"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

}  // namespace

// `tlslab lesson` list / run / check / export, through the binary. The right answers come from an
// independent judge (tests/tools/lesson_answers.py), which computes them from the trace JSON of
// `tlslab run` alone, never from the C++ Player that `lesson run` checks them with.
#include <gtest/gtest.h>

#include <sstream>

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.hpp"

namespace fs = std::filesystem;
using testutil::shell_quote;

namespace {

std::string bin() { return TLSLAB_BIN; }
fs::path source(const std::string& rel) { return fs::path(TLSLAB_SOURCE_DIR) / rel; }
fs::path test_lesson() { return source("tests/data/lessons/cli-every-kind.json"); }

bool have_python() { return testutil::run("python3 --version >/dev/null 2>&1").status == 0; }

// The judge's answers: [{"step", "kind", "value", "input"}, ...] in question order (kept: the
// judge runs every scenario of the lesson).
nlohmann::json judge(const fs::path& lesson) {
  static std::map<std::string, nlohmann::json> done;
  if (auto it = done.find(lesson.string()); it != done.end()) return it->second;
  auto r = testutil::run("python3 " + shell_quote(source("tests/tools/lesson_answers.py").string()) + " " + shell_quote(bin()) + " " +
                         shell_quote(lesson.string()) + " --json");
  EXPECT_EQ(r.status, 0) << r.output;
  if (r.status != 0) return nlohmann::json::array();
  return done[lesson.string()] = nlohmann::json::parse(r.output);
}

// Plays a lesson with `lines` on standard input.
testutil::CommandResult play(const std::string& which, const std::vector<std::string>& lines, const std::string& extra = "") {
  auto dir = testutil::temp_dir("lesson-in");
  std::string in;
  for (auto& l : lines) in += l + "\n";
  testutil::write_file(dir / "in.txt", in);
  auto r = testutil::run(bin() + " lesson run " + shell_quote(which) + " " + extra + " < " + shell_quote((dir / "in.txt").string()) + " 2>&1");
  fs::remove_all(dir);
  return r;
}

std::vector<std::string> inputs(const nlohmann::json& answers) {
  std::vector<std::string> out;
  for (auto& a : answers) out.push_back(a["input"].get<std::string>());
  return out;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + what.size())) ++n;
  return n;
}

// Every lesson to play: the shipped ones (by id, as a student names them) and the test lesson
// that has every question kind and answer form (by path).
std::vector<std::pair<std::string, fs::path>> lessons_to_play() {
  std::vector<std::pair<std::string, fs::path>> out;
  for (auto& f : fs::directory_iterator(source("lessons")))
    if (f.path().extension() == ".json") out.emplace_back(f.path().stem().string(), f.path());
  out.emplace_back(test_lesson().string(), test_lesson());
  return out;
}

std::string unescape(std::string s) {
  for (auto [from, to] : {std::pair{"&apos;", "'"}, {"&#39;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + 1)) s.replace(i, std::string(from).size(), to);
  }
  return s;
}

}  // namespace

TEST(LessonCli, TheJudgeCoversEveryQuestionKindAndAnswerForm) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  auto answers = judge(test_lesson());
  ASSERT_EQ(answers.size(), 17u);
  std::set<std::string> kinds;
  for (auto& a : answers) kinds.insert(a["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::set<std::string>{"choice", "next_message", "next_alert", "value"}));
  // Values a reader can check by eye in the ladder of `tlslab run --scenario ssl3-rsa-rc4`.
  EXPECT_EQ(answers[0]["value"], "ServerHello");  // step 0 already holds the ClientHello
  EXPECT_EQ(answers[3]["value"], "ClientKeyExchange");
  EXPECT_EQ(answers[5]["value"], "0300");  // SSL 3.0's client_version
  EXPECT_EQ(answers[11]["value"], "close_notify");
  EXPECT_EQ(answers[12]["value"], "certificate_unknown");
  EXPECT_EQ(answers[13]["value"], "failed");
  EXPECT_EQ(answers[14]["value"], "succeeded");
  EXPECT_EQ(answers[15]["value"], "TLS 1.0");
  EXPECT_EQ(answers[16]["value"].get<std::string>().size(), 4u);  // two bytes of the session ID's body
}

TEST(LessonCli, EveryLessonPlaysThroughWithAWrongAnswerThenTheRightOnes) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  for (auto& [which, file] : lessons_to_play()) {
    SCOPED_TRACE(which);
    auto answers = judge(file);
    ASSERT_FALSE(answers.empty());
    // A wrong answer first (none of the options, no value): its feedback and the first hint, then
    // every question answered right.
    auto lines = inputs(answers);
    lines.insert(lines.begin(), "zz-not-an-answer");
    auto r = play(which, lines);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(count(r.output, "[right]"), answers.size()) << r.output;
    EXPECT_EQ(count(r.output, "[wrong]"), 1u) << r.output;
    EXPECT_LT(r.output.find("[wrong] Not quite."), r.output.find("[right]")) << r.output;
    auto lesson = nlohmann::json::parse(testutil::read_file(file));
    auto first_question = [&]() -> nlohmann::json {
      for (auto& part : lesson["parts"])
        for (auto& step : part["steps"])
          if (step.contains("question")) return step["question"];
      return {};
    }();
    if (first_question.contains("hints")) {
      std::string hint = first_question["hints"][0]["en"].get<std::string>();
      EXPECT_NE(r.output.find("Hint: " + hint.substr(0, 30)), std::string::npos) << r.output;
    }
    std::string n = std::to_string(answers.size()), m = std::to_string(answers.size() - 1);
    EXPECT_NE(r.output.find("Lesson finished: " + m + " of " + n + " questions right at the first try."), std::string::npos) << r.output;
  }
}

TEST(LessonCli, TheTerminalRunShowsPartsStepsEventsFieldsAndNarration) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  auto answers = judge(test_lesson());
  auto r = play(test_lesson().string(), inputs(answers));
  const std::string& o = r.output;
  EXPECT_NE(o.find("Part 1: Hellos\n=============="), std::string::npos) << o;
  EXPECT_NE(o.find("Part 4: An inline scenario"), std::string::npos) << o;
  EXPECT_NE(o.find("Step 2 of 17 (client-random)"), std::string::npos) << o;
  EXPECT_NE(o.find("Event #0 (step 0 \u2192 1), client \u2192 server: ClientHello"), std::string::npos) << o;
  EXPECT_NE(o.find("Field TLS record/fragment/ClientHello/random = " + answers[1]["value"].get<std::string>()), std::string::npos) << o;
  EXPECT_NE(o.find("Derivation client/key_block, client_write_key: " + answers[7]["value"].get<std::string>()), std::string::npos) << o;
  // Narration: bold and code marks gone, "- " items as indented bullets.
  EXPECT_NE(o.find("the client has spoken first:\n\n  - it offers SSL_RSA_WITH_RC4_128_MD5\n  - and a random\n"), std::string::npos) << o;
  EXPECT_EQ(o.find("**"), std::string::npos);
  // Options are numbered.
  EXPECT_NE(o.find("  1. TLS_RSA_WITH_AES_128_CBC_SHA\n  2. SSL_RSA_WITH_RC4_128_MD5\n"), std::string::npos) << o;
  // A prediction: the question before the reveal, the narration after it.
  size_t q = o.find("Which suite will the server choose?"), reveal = o.find("What happened:"), told = o.find("The server chose RC4.");
  ASSERT_NE(q, std::string::npos);
  EXPECT_LT(q, reveal);
  EXPECT_LT(reveal, told);
}

TEST(LessonCli, AWrongAnswerGetsFeedbackAndTheFirstHint) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  auto lines = inputs(judge(test_lesson()));
  lines.insert(lines.begin(), "ClientHello");
  auto r = play(test_lesson().string(), lines);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(count(r.output, "[wrong]"), 1u) << r.output;
  EXPECT_NE(r.output.find("Hint: The server says hello too."), std::string::npos) << r.output;
  EXPECT_LT(r.output.find("[wrong]"), r.output.find("Hint: The server says hello too."));
  EXPECT_NE(r.output.find("Lesson finished: 16 of 17 questions right at the first try."), std::string::npos) << r.output;
  // Two wrong answers to a question with two hints: both, in order, one per wrong answer.
  lines = inputs(judge(test_lesson()));
  lines.insert(lines.begin() + 1, {"00", "11"});
  r = play(test_lesson().string(), lines);
  size_t h1 = r.output.find("Hint: Read the highlighted field."), h2 = r.output.find("Hint: Four bytes are eight hex digits.");
  ASSERT_NE(h1, std::string::npos) << r.output;
  ASSERT_NE(h2, std::string::npos) << r.output;
  EXPECT_LT(h1, h2);
}

TEST(LessonCli, GivingUpShowsTheAnswerAndTheExplanation) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  auto answers = judge(test_lesson());
  auto lines = inputs(answers);
  lines[1] = "?";
  auto r = play(test_lesson().string(), lines);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("The answer: " + answers[1]["value"].get<std::string>() + "\ngmt_unix_time in SSL 3.0."), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Lesson finished: 16 of 17"), std::string::npos) << r.output;
}

TEST(LessonCli, InputThatEndsEarlyStopsWithStatus3) {
  // Nothing at all, then blank lines only: never a hang, never a crash.
  for (auto lines : {std::vector<std::string>{}, std::vector<std::string>{"", "", ""}, std::vector<std::string>{"ServerHello"}}) {
    auto r = play(test_lesson().string(), lines);
    EXPECT_EQ(r.status, 3) << r.output;
    EXPECT_NE(r.output.find("Input ended at step " + std::to_string(lines.size() == 1 ? 2 : 1) + " of 17: lesson not finished."), std::string::npos)
        << r.output;
  }
  auto missing = play("no-such-lesson", {});
  EXPECT_EQ(missing.status, 1) << missing.output;
  EXPECT_NE(missing.output.find("no-such-lesson"), std::string::npos) << missing.output;
}

TEST(LessonCli, FrenchRunSpeaksFrench) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  auto r = play(test_lesson().string(), inputs(judge(test_lesson())), "--lang fr");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Votre réponse (? pour abandonner) : "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Votre réponse (un numéro, ? pour abandonner) : "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Partie 1 : Les Hello"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Étape 2 sur 17 (client-random)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Quelle suite le serveur va-t-il choisir ?"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("  2. non\n"), std::string::npos) << r.output;  // an option's French text
  EXPECT_EQ(count(r.output, "[juste]"), 17u) << r.output;
  EXPECT_EQ(r.output.find("Your answer"), std::string::npos);
  // French typography: the space before ; : ! ? never starts a wrapped line with the sign.
  std::string lesson = std::string(TLSLAB_SOURCE_DIR) + "/lessons/ssl3-handshake.json";
  r = play("ssl3-handshake", inputs(judge(lesson)), "--lang fr");
  EXPECT_EQ(r.status, 0) << r.output;
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) {
    size_t at = line.find_first_not_of(' ');
    if (at != std::string::npos) EXPECT_EQ(std::string(";:!?").find(line[at]), std::string::npos) << line;
  }
}

namespace {

// The test lesson with one thing broken (`edit` applied to its JSON).
std::string broken(const std::function<void(nlohmann::json&)>& edit) {
  auto j = nlohmann::json::parse(testutil::read_file(test_lesson()));
  edit(j);
  return j.dump(1);
}

}  // namespace

TEST(LessonCli, CheckNamesTheFileTheStepTheFieldAndTheProblem) {
  auto dir = testutil::temp_dir("lesson-check");
  struct Case {
    const char* file;
    std::string text;
    std::vector<std::string> said;  // what the message must name
  } cases[] = {
      {"bad-json.json", "{\"format\": \"tlslab-lesson\", \"parts\": [", {"bad-json.json"}},
      {"step-key.json", broken([](auto& j) { j["parts"][0]["steps"][1]["goto"] = 3; }), {"step-key.json", "client-random", "goto"}},
      {"question-kind.json", broken([](auto& j) { j["parts"][1]["steps"][2]["question"]["kind"] = "essay"; }),
       {"question-kind.json", "mac-concept", "question.kind", "essay"}},
      {"no-target.json", broken([](auto& j) { j["parts"][0]["steps"][1]["at"]["message"] = "ServerGoodbye"; }),
       {"no-target.json", "client-random", "at", "ServerGoodbye"}},
      {"no-field.json", broken([](auto& j) { j["parts"][0]["steps"][1]["select"]["field"] = "ClientHello/nonce"; }),
       {"no-field.json", "client-random", "select", "ClientHello/nonce"}},
      {"no-option.json", broken([](auto& j) { j["parts"][0]["steps"][2]["question"]["options"] = {"TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_NULL_MD5"}; }),
       {"no-option.json", "predict-suite", "question.options", "SSL_RSA_WITH_RC4_128_MD5"}},
  };
  for (auto& c : cases) {
    SCOPED_TRACE(c.file);
    testutil::write_file(dir / c.file, c.text);
    auto r = testutil::run(bin() + " lesson check " + shell_quote((dir / c.file).string()) + " 2>&1");
    EXPECT_EQ(r.status, 1) << r.output;
    for (auto& s : c.said) EXPECT_NE(r.output.find(s), std::string::npos) << s << "\n" << r.output;
    EXPECT_EQ(r.output.find(": ok"), std::string::npos) << r.output;
  }
  auto good = testutil::run(bin() + " lesson check " + shell_quote(test_lesson().string()) + " 2>&1");
  EXPECT_EQ(good.status, 0) << good.output;
  EXPECT_EQ(good.output, test_lesson().string() + ": ok\n");
  auto fr = testutil::run(bin() + " lesson check --lang fr " + shell_quote(test_lesson().string()) + " 2>&1");
  EXPECT_EQ(fr.output, test_lesson().string() + " : ok\n");
  fs::remove_all(dir);
}

TEST(LessonCli, ListShowsTheLessonsAndABrokenFileWithoutLosingTheOthers) {
  auto dir = testutil::temp_dir("lesson-list");
  size_t shipped = 0;
  for (auto& f : fs::directory_iterator(source("lessons")))
    if (f.path().extension() == ".json") fs::copy_file(f.path(), dir / f.path().filename()), ++shipped;
  fs::copy_file(test_lesson(), dir / "cli-every-kind.json");
  auto ok = testutil::run("TLSLAB_LESSONS=" + shell_quote(dir.string()) + " " + bin() + " lesson list 2>&1");
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("99  cli-every-kind           Test lesson: every question kind (17 steps)\n"), std::string::npos) << ok.output;
  testutil::write_file(dir / "zz-broken.json", "{\"format\": \"tlslab-lesson\", \"version\": 1, \"id\": \"zz-broken\"");
  auto r = testutil::run("TLSLAB_LESSONS=" + shell_quote(dir.string()) + " " + bin() + " lesson list --lang fr 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("Leçon de test : chaque sorte de question (17 étapes)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("DÉFECTUEUSE  "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("zz-broken.json"), std::string::npos) << r.output;
  EXPECT_EQ(count(r.output, "\n"), shipped + 2) << r.output;  // every lesson still listed, and the broken one
  fs::remove_all(dir);
}

TEST(LessonCli, WorksheetHasAPagePerPartThePromptsAndNoAnswers) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  auto answers = judge(test_lesson());
  auto lesson = nlohmann::json::parse(testutil::read_file(test_lesson()));
  const size_t parts = lesson["parts"].size();
  auto dir = testutil::temp_dir("lesson-ws");
  auto r = testutil::run(bin() + " lesson export " + shell_quote(test_lesson().string()) + " --html " + shell_quote((dir / "ws.html").string()) +
                         " --answers " + shell_quote((dir / "key.html").string()) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  std::string ws = testutil::read_file(dir / "ws.html"), key = testutil::read_file(dir / "key.html");
  EXPECT_EQ(count(ws, "page-break-before: always"), parts - 1);  // a page per part
  std::string text = unescape(ws);
  for (auto& part : lesson["parts"]) {
    EXPECT_NE(text.find(part["title"]["en"].get<std::string>()), std::string::npos);
    for (auto& step : part["steps"])
      if (step.contains("question")) {
        EXPECT_NE(text.find(step["question"]["prompt"]["en"].get<std::string>()), std::string::npos) << step["id"];
      }
  }
  // Blanks: an empty box per option, lines where the student types a value.
  EXPECT_GE(count(ws, "class=\"box\""), 15u);
  EXPECT_GE(count(ws, "class=\"blank\""), 2u);
  // No computed answer on the worksheet; each in the key.
  for (auto& a : answers) {
    std::string v = a["value"];
    if (a["kind"] == "value" && v.size() >= 8 && v.find_first_not_of("0123456789abcdef") == std::string::npos) {
      EXPECT_EQ(ws.find(v), std::string::npos) << v;
      EXPECT_NE(key.find(v), std::string::npos) << v;
    }
  }
  EXPECT_NE(key.find("Answer: 2. SSL_RSA_WITH_RC4_128_MD5"), std::string::npos);
  EXPECT_NE(key.find("Answer: 2. certificate_unknown"), std::string::npos) << key;
  EXPECT_NE(key.find("Answer: 2. No, it pads with pad_1 and pad_2"), std::string::npos);  // a concept question's "correct"
  EXPECT_NE(key.find("The server chose RC4."), std::string::npos);  // a prediction's reveal is the key's
  EXPECT_EQ(ws.find("The server chose RC4."), std::string::npos);
  EXPECT_EQ(ws.find("answer key"), std::string::npos);

  // Without --answers: the key on its own final pages, after one more page break.
  r = testutil::run(bin() + " lesson export " + shell_quote(test_lesson().string()) + " --lang fr --html " + shell_quote((dir / "all.html").string()) +
                    " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  std::string all = testutil::read_file(dir / "all.html");
  EXPECT_EQ(count(all, "page-break-before: always"), parts);
  size_t key_at = all.find("corrigé</h1>");
  ASSERT_NE(key_at, std::string::npos);
  EXPECT_GT(key_at, all.rfind("page-break-before: always"));
  EXPECT_NE(all.find(answers[6]["value"].get<std::string>(), key_at), std::string::npos);
  EXPECT_EQ(all.substr(0, key_at).find(answers[6]["value"].get<std::string>()), std::string::npos);
  EXPECT_NE(all.find("lang=\"fr\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(LessonCli, EveryLessonPrintsAWorksheetWithoutItsAnswers) {
  if (!have_python()) GTEST_SKIP() << "no python3";
  auto dir = testutil::temp_dir("lesson-ws-all");
  for (auto& [which, file] : lessons_to_play()) {
    SCOPED_TRACE(which);
    auto answers = judge(file);
    auto lesson = nlohmann::json::parse(testutil::read_file(file));
    auto r = testutil::run(bin() + " lesson export " + shell_quote(which) + " --lang fr --html " + shell_quote((dir / "ws.html").string()) +
                           " --answers " + shell_quote((dir / "key.html").string()) + " 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output, "");  // every answer computed: no warning
    std::string ws = testutil::read_file(dir / "ws.html"), key = testutil::read_file(dir / "key.html");
    EXPECT_EQ(count(ws, "page-break-before: always"), lesson["parts"].size() - 1);
    std::string text = unescape(ws);
    for (auto& part : lesson["parts"])
      for (auto& step : part["steps"])
        if (step.contains("question")) {
          EXPECT_NE(text.find(step["question"]["prompt"]["fr"].get<std::string>()), std::string::npos) << step["id"];
        }
    // Typed byte values long enough not to occur by chance: in the key only.
    for (auto& a : answers) {
      std::string v = a["value"];
      if (a["kind"] != "value" || v.size() < 4 || v.find_first_not_of("0123456789abcdef") != std::string::npos) continue;
      EXPECT_EQ(ws.find(v), std::string::npos) << a["step"] << " " << v;
      EXPECT_NE(key.find(v), std::string::npos) << a["step"] << " " << v;
    }
  }
  fs::remove_all(dir);
}

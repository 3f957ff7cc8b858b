// Lessons (sim/lesson, docs/lesson-format.md): the format's errors name file, step and field;
// targets, highlights and answers are found in the run; answers are judged against the bytes on
// the wire laid out as the RFCs say, not against a stored string.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lesson/lesson.hpp"
#include "trace/sources.hpp"

namespace {

using namespace sim;
using namespace sim::lesson;
namespace fs = std::filesystem;

// A lesson on the course capture (lecture-capture: SSL 3.0 / TLS 1.0, RSA, RC4-MD5) with the
// given steps as JSON text.
std::string lesson_text(const std::string& steps, const std::string& scenario = "\"lecture-capture\"") {
  return R"({"format": "tlslab-lesson", "version": 1, "id": "t", "number": 1,
    "title": {"en": "T", "fr": "T"}, "summary": {"en": "S", "fr": "S"},
    "scenario": )" + scenario + R"(, "parts": [{"title": {"en": "P", "fr": "P"}, "steps": [)" + steps + "]}]}";
}

Lesson parsed(const std::string& steps) {
  auto r = parse_lesson(lesson_text(steps), "t.json");
  if (auto* e = std::get_if<std::vector<LessonError>>(&r)) {
    ADD_FAILURE() << e->front().render(Lang::en);
    return {};
  }
  return std::get<Lesson>(r);
}

std::vector<LessonError> parse_errors(const std::string& text) {
  auto r = parse_lesson(text, "bad.json");
  auto* e = std::get_if<std::vector<LessonError>>(&r);
  return e ? *e : std::vector<LessonError>{};
}

const char* kText = R"("text": {"en": "Look.", "fr": "Regardez."})";

TEST(LessonFormat, BrokenFilesNameFileStepFieldAndProblem) {
  auto e = parse_errors("{\"format\": \"tlslab-lesson\",");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].file, "bad.json");
  EXPECT_NE(e[0].render(Lang::en).find("not valid JSON"), std::string::npos);

  e = parse_errors(lesson_text(std::string("{") + kText + R"(}, {"id": "two", "goto": {"step": 1}, )" + kText + "}"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].step, "2 (two)");
  EXPECT_EQ(e[0].field, "goto");
  EXPECT_EQ(e[0].render(Lang::en), "bad.json: step 2 (two): goto: unknown key 'goto' (known here: id, run, at, select, view, predict, text, question)");
  EXPECT_EQ(e[0].render(Lang::fr).substr(0, 35), "bad.json : étape 2 (two) : goto : ");

  e = parse_errors(lesson_text(R"({"text": {"en": "Only English"}})"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "text.fr");

  e = parse_errors(lesson_text(std::string("{") + kText + R"(, "question": {"kind": "essay", "prompt": {"en": "?", "fr": "?"}}})"));
  ASSERT_FALSE(e.empty());
  EXPECT_EQ(e[0].field, "question.kind");
  EXPECT_NE(e[0].render(Lang::en).find("unknown value 'essay'"), std::string::npos);

  // A choice with neither a computed answer nor a concept answer; a prediction without a question.
  e = parse_errors(lesson_text(std::string("{") + kText +
                               R"(, "question": {"kind": "choice", "prompt": {"en": "?", "fr": "?"}, "options": ["a", "b"]}}, {"predict": true, )" + kText + "}"));
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].field, "question");
  EXPECT_EQ(e[1].field, "predict");

  e = parse_errors(lesson_text(std::string("{") + kText + R"(, "at": {"message": "ClientHello", "from": "browser"}})"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "at.from");

  e = parse_errors(lesson_text(std::string("{") + kText + "}", "\"no-such-scenario\""));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "scenario");
}

TEST(LessonCheck, TargetsHighlightsAndAnswersMustExistInTheRun) {
  Lesson l = parsed(std::string(R"({"at": {"message": "ServerKeyExchange"}, )") + kText + "}, " +  // RSA key transport: none
                    R"({"at": {"message": "ClientHello"}, "select": {"field": "ClientHello/no_such_field"}, )" + kText + "}, " +
                    R"({"select": {"derivation": "client/mastr_secret"}, )" + kText + "}, " +
                    R"({"at": {"message": "ServerHello"}, )" + kText +
                    R"(, "question": {"kind": "choice", "prompt": {"en": "?", "fr": "?"}, "options": ["TLS 1.2", "TLS 1.1"], "answer": {"negotiated": "version"}}})");
  auto e = check_lesson(l);
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].step, "1");
  EXPECT_EQ(e[0].field, "at");
  EXPECT_EQ(e[1].field, "select.field");
  EXPECT_NE(e[1].render(Lang::en).find("has no field 'ClientHello/no_such_field'"), std::string::npos);
  EXPECT_EQ(e[2].field, "select.derivation");
  EXPECT_EQ(e[3].field, "question.options");
  EXPECT_NE(e[3].render(Lang::en).find("'TLS 1.0'"), std::string::npos);
}

// RFC 2246 7.4 / RFC 6101 5.6: the server answers ClientHello with ServerHello; a client that got
// ServerHelloDone sends ClientKeyExchange, then ChangeCipherSpec, then Finished.
TEST(LessonPlayer, NextMessageFollowsTheHandshakeOrderOfTheRfc) {
  Lesson l = parsed(std::string(R"({"at": {"message": "ClientHello"}, )") + kText + R"(, "question": {"kind": "next_message", "prompt": {"en": "?", "fr": "?"}}},
      {"at": {"message": "ServerHelloDone"}, )" + kText + R"(, "question": {"kind": "next_message", "prompt": {"en": "?", "fr": "?"}, "options": ["ClientKeyExchange", "Finished", "ChangeCipherSpec"]}},
      {"at": {"message": "ClientKeyExchange"}, )" + kText + R"(, "predict": true, "question": {"kind": "next_message", "prompt": {"en": "?", "fr": "?"}}})");
  ASSERT_TRUE(check_lesson(l).empty());
  Player p(l);
  EXPECT_EQ(p.answer().value(), "ServerHello");
  EXPECT_EQ(p.position(), 0u);  // shown when sent: nothing answered yet
  EXPECT_FALSE(p.check("Certificate").correct);
  EXPECT_TRUE(p.check("server hello").correct);
  ASSERT_TRUE(p.next());
  EXPECT_EQ(p.answer().value(), "ClientKeyExchange");
  EXPECT_TRUE(p.check("1").correct);
  EXPECT_TRUE(p.check("ClientKeyExchange").correct);
  EXPECT_FALSE(p.check("3").correct);
  // A prediction: asked while the run still shows the previous step (ServerHelloDone's flight).
  ASSERT_TRUE(p.next());
  size_t before = p.position();
  EXPECT_EQ(p.answer().value(), "ClientKeyExchange");
  p.reveal();
  EXPECT_GT(p.position(), before);
  ASSERT_TRUE(p.event());
  EXPECT_EQ(p.trace().events[*p.event()].name, "ClientKeyExchange");
}

// The answers read bytes where the RFC puts them, checked against the record on the wire.
TEST(LessonPlayer, ValueAnswersAreTheRecordBytesWhereTheRfcPutsThem) {
  Lesson l = parsed(std::string(R"({"at": {"message": "ServerHello"}, "select": {"field": "ServerHello/random"}, )") + kText +
                    R"(, "question": {"kind": "value", "prompt": {"en": "?", "fr": "?"}, "answer": {"field": "random", "length": 4}}},
      {"at": {"message": "Finished", "from": "client"}, "view": "record", )" + kText +
                    R"(, "select": {"derivation": "client/record_seal client_write seq 0", "item": "mac"},
       "question": {"kind": "value", "prompt": {"en": "?", "fr": "?"}, "answer": {"derivation": "client/record_seal client_write seq 0", "item": "mac", "length": 1}}},
      {"at": {"end": true}, )" + kText + R"(, "question": {"kind": "choice", "prompt": {"en": "?", "fr": "?"}, "options": ["SSL_RSA_WITH_RC4_128_MD5", "TLS_RSA_WITH_AES_128_CBC_SHA"], "answer": {"negotiated": "cipher_suite"}}})");
  auto errs = check_lesson(l);
  ASSERT_TRUE(errs.empty()) << errs.front().render(Lang::en);
  Player p(l);
  const Event& sh = p.trace().events[*p.event()];
  // RFC 2246 6.2.1 and 7.4: record header (5 bytes), handshake header (4), server_version (2),
  // then the 32-byte random.
  ASSERT_GT(sh.bytes.size(), 43u);
  std::string want = to_hex(ByteView(sh.bytes.data() + 11, 4));
  EXPECT_EQ(p.answer().value(), want);
  EXPECT_TRUE(p.check(want.substr(0, 2) + " " + want.substr(2, 2) + ":0x" + want.substr(4)).correct);
  ASSERT_TRUE(p.field());
  EXPECT_EQ(field_path(sh.tree, *p.field()).value(), "TLS record/fragment/ServerHello/random");

  // RFC 2246 6.2.3.1: a stream cipher's fragment is the content then its MAC (16 bytes with MD5),
  // so the MAC's first byte is 16 bytes from the end of the decrypted record.
  ASSERT_TRUE(p.next());
  const Event& fin = p.trace().events[*p.event()];
  ASSERT_GE(fin.plaintext.size(), 16u);
  EXPECT_EQ(p.answer().value(), to_hex(ByteView(fin.plaintext.data() + fin.plaintext.size() - 16, 1)));
  EXPECT_EQ(p.derivation(), "client/record_seal client_write seq 0");
  EXPECT_EQ(p.item(), "mac");
  EXPECT_FALSE(p.check("zz").correct);
  EXPECT_EQ(p.hints().size(), 0u);  // none written

  // The suite is the ServerHello's cipher_suite on the wire (0x0004, RFC 2246 appendix A.5).
  ASSERT_TRUE(p.next());
  EXPECT_EQ(sh.bytes[5 + 4 + 2 + 32 + 1 + sh.bytes[5 + 4 + 2 + 32]], 0x00);
  EXPECT_EQ(sh.bytes[5 + 4 + 2 + 32 + 1 + sh.bytes[5 + 4 + 2 + 32] + 1], 0x04);
  EXPECT_EQ(p.answer().value(), "1");
  EXPECT_FALSE(p.event());  // the end of the run: no record selected
  EXPECT_GE(p.position(), p.trace().events.back().step);
}

TEST(LessonPlayer, RunChangesSwitchAttacksAndDefenses) {
  // The same attack without and with its defense: the verdict is the run's.
  Lesson l = parsed(std::string(R"({"run": {"set": {"attack": {"name": "mitm-forged-cert", "defenses": {"certificate-validation": false}}}}, "at": {"end": true}, )") + kText +
                    R"(, "question": {"kind": "choice", "prompt": {"en": "?", "fr": "?"}, "options": [{"text": {"en": "It works", "fr": "Elle réussit"}, "value": "succeeded"}, {"text": {"en": "It fails", "fr": "Elle échoue"}, "value": "failed"}], "answer": {"attack": true}}},
      {"run": {"set": {"attack": {"defenses": {"certificate-validation": true}}}}, )" + kText +
                    R"(, "question": {"kind": "next_alert", "prompt": {"en": "?", "fr": "?"}, "from": "client"}, "at": {"start": true}})");
  auto errs = check_lesson(l);
  ASSERT_TRUE(errs.empty()) << errs.front().render(Lang::en);
  Player p(l);
  EXPECT_EQ(p.options().attack, "mitm-forged-cert");
  EXPECT_EQ(p.answer().value(), "1");
  EXPECT_TRUE(p.check("Elle réussit").correct);
  ASSERT_TRUE(p.next());
  ASSERT_TRUE(p.trace().attack);
  EXPECT_EQ(p.trace().attack->succeeded, false);
  // RFC 5246 7.2.2: a client that cannot validate the chain sends a fatal certificate alert.
  auto a = p.answer();
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a.value() == "bad_certificate" || a.value() == "unknown_ca") << a.value();
}

TEST(LessonAnswers, SameAnswerIgnoresSeparatorsAndCase) {
  EXPECT_TRUE(same_answer("a1b2", "A1 B2"));
  EXPECT_TRUE(same_answer("a1b2", "0xa1:0xb2"));
  EXPECT_FALSE(same_answer("a1b2", "a1b3"));
  EXPECT_TRUE(same_answer("close_notify", "Close Notify"));
  EXPECT_TRUE(same_answer("ServerHelloDone", "server_hello_done"));
  EXPECT_FALSE(same_answer("ServerHello", "ServerHelloDone"));
  EXPECT_FALSE(same_answer("", ""));
}

TEST(LessonNarration, ParagraphsListsBoldAndCode) {
  auto b = narration("First line\ncontinues **bold** and `code`.\n\n- one\n- two `x`\n\nLast.");
  ASSERT_EQ(b.size(), 4u);
  EXPECT_FALSE(b[0].item);
  ASSERT_EQ(b[0].spans.size(), 5u);
  EXPECT_EQ(b[0].spans[0].text, "First line continues ");
  EXPECT_TRUE(b[0].spans[1].bold);
  EXPECT_EQ(b[0].spans[1].text, "bold");
  EXPECT_TRUE(b[0].spans[3].code);
  EXPECT_TRUE(b[1].item);
  EXPECT_TRUE(b[2].item);
  EXPECT_TRUE(b[2].spans[1].code);
  EXPECT_EQ(b[3].spans[0].text, "Last.");
}

// A broken file among the lessons is reported; the others still load.
TEST(LessonFiles, BrokenFileDoesNotHideTheOthers) {
  fs::path dir = fs::temp_directory_path() / ("tlslab-lessons-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string good = lesson_text(std::string("{") + kText + "}");
  std::ofstream(dir / "t.json") << good;
  std::ofstream(dir / "broken.json") << "{\"format\": \"tlslab-lesson\", \"version\": 1, \"id\": \"broken\"";
  std::ofstream(dir / "other.json") << good;  // its id says "t"
  auto set = load_lessons(dir.string());
  ASSERT_EQ(set.lessons.size(), 1u);
  EXPECT_EQ(set.lessons[0].id, "t");
  ASSERT_EQ(set.errors.size(), 2u);
  EXPECT_NE(set.errors[0].file.find("broken.json"), std::string::npos);
  EXPECT_NE(set.errors[1].file.find("other.json"), std::string::npos);
  EXPECT_EQ(set.errors[1].field, "id");
  fs::remove_all(dir);
}

// Every shipped lesson loads, in both languages, and every target, highlight and answer is found
// in its runs.
TEST(LessonsShipped, EveryLessonLoadsAndChecksAgainstItsRuns) {
  std::string dir = std::string(TLSLAB_SOURCE_DIR) + "/lessons";
  auto set = load_lessons(dir);
  for (auto& e : set.errors) ADD_FAILURE() << e.render(Lang::en);
  for (auto& l : set.lessons) {
    SCOPED_TRACE(l.id);
    for (auto& e : check_lesson(l)) ADD_FAILURE() << e.render(Lang::en);
    EXPECT_GE(l.step_count(), 5u);
    EXPECT_LE(l.step_count(), 15u);
  }
}

}  // namespace

namespace {

// Mutated lesson files (bytes flipped, cut short, values swapped for other JSON types) get
// errors, never an exception or a crash.
TEST(LessonFormat, MutatedFilesGetErrorsNotCrashes) {
  std::string good = lesson_text(std::string(R"({"id": "a", "at": {"message": "ServerHello", "from": "server", "occurrence": 1}, "select": {"field": "random"}, )") + kText +
                                 R"(, "predict": true, "question": {"kind": "choice", "prompt": {"en": "?", "fr": "?"}, "options": ["a", {"en": "b", "fr": "b"}, {"text": "c", "value": "d"}], "answer": {"field": "random", "offset": 1, "length": 2}, "hints": [{"en": "h", "fr": "h"}]}},
      {"run": {"set": {"deflate": true}}, "select": {"derivation": "client/master_secret", "item": "output"}, "view": "keys", )" + kText + "}");
  ASSERT_TRUE(std::holds_alternative<Lesson>(parse_lesson(good, "g.json")));
  const char* swaps[] = {"null", "[]", "{}", "-1", "1e999", "\"\"", "true", "18446744073709551615"};
  uint64_t x = 88172645463325252ull;
  auto rnd = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  for (int i = 0; i < 3000; ++i) {
    std::string t = good;
    switch (i % 3) {
      case 0: t[rnd() % t.size()] = char(rnd()); break;
      case 1: t.resize(rnd() % t.size()); break;
      case 2: {
        // Replace a value (after a ':') with another type.
        size_t at = t.find(':', rnd() % t.size());
        if (at == std::string::npos) break;
        size_t end = t.find_first_of(",}]", at + 1);
        if (end == std::string::npos) break;
        t.replace(at + 1, end - at - 1, swaps[rnd() % std::size(swaps)]);
      }
    }
    EXPECT_NO_THROW({
      auto r = parse_lesson(t, "m.json");
      if (auto* e = std::get_if<std::vector<LessonError>>(&r))
        for (auto& err : *e) EXPECT_EQ(err.file, "m.json");
    }) << t;
  }
}

}  // namespace

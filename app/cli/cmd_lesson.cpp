// tlslab lesson list | run | check | export: the lessons (docs/lesson-format.md) in a terminal.
// `run` plays the same steps as the GUI's Lesson panel through the same Player, reading answers
// from standard input so that a test (or a student's script) can pipe them in.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common.hpp"
#include "lesson/lesson.hpp"
#include "lesson/worksheet.hpp"
#include "present/present.hpp"

namespace app {

using namespace sim;
using namespace sim::lesson;

namespace {

// `lesson run`'s exit status when standard input ends before the lesson does (0: finished;
// 1: the lesson cannot be read; 2: bad command line).
constexpr int kInputEnded = 3;
constexpr size_t kWidth = 78;

void say(const Message& m, Lang l) { std::printf("%s\n", m.render(l).c_str()); }

size_t columns(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // UTF-8: count code points, not bytes
  return n;
}

// Words wrapped to kWidth columns; `first` starts the first line, `rest` indents the others.
// French puts a space before ; : ! ? » and after «: those spaces never break a line.
std::string wrap(std::string_view text, const std::string& first, const std::string& rest) {
  std::vector<std::string> words;
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return;
    bool glued_after = word == ";" || word == ":" || word == "!" || word == "?" || word == "\u00bb";
    if (!words.empty() && (glued_after || words.back() == "\u00ab"))
      words.back() += " " + word;
    else
      words.push_back(word);
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
      end_word();
    else
      word += c;
  }
  end_word();
  std::string out = first;
  size_t col = columns(first);
  bool line_empty = true;
  for (auto& w : words) {
    size_t n = columns(w);
    if (!line_empty && col + 1 + n > kWidth) {
      out += "\n" + rest;
      col = columns(rest);
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++col;
    }
    out += w;
    col += n;
    line_empty = false;
  }
  return out + "\n";
}

// Narration for a terminal: bold and code as plain text, "- " items as indented bullets.
void print_narration(std::string_view text) {
  bool first = true, last_item = false;
  for (const Block& b : narration(text)) {
    std::string s;
    for (const Span& sp : b.spans) s += sp.text;
    if (!first && !(b.item && last_item)) std::printf("\n");
    std::fputs(wrap(s, b.item ? "  - " : "", b.item ? "    " : "").c_str(), stdout);
    first = false;
    last_item = b.item;
  }
}

// A short text (a hint) on one line: narration marks dropped, blocks joined.
std::string plain(std::string_view text) {
  std::string out;
  for (const Block& b : narration(text)) {
    if (!out.empty()) out += ' ';
    for (const Span& sp : b.spans) out += sp.text;
  }
  return out;
}

// A field's path as docs/trace-format.md writes it: names joined by '/', "[k]" after the k-th
// child (from 0) of its parent with that name.
const Field* walk(const Field& root, const std::vector<int>& idx, std::string* path) {
  const Field* f = &root;
  *path = root.name;
  for (int i : idx) {
    if (i < 0 || size_t(i) >= f->children.size()) return nullptr;
    int k = 0;
    for (int j = 0; j < i; ++j) k += f->children[size_t(j)].name == f->children[size_t(i)].name;
    f = &f->children[size_t(i)];
    *path += "/" + f->name + (k ? "[" + std::to_string(k) + "]" : "");
  }
  return f;
}

// The highlighted derivation: in the event shown first (ids repeat after a renegotiation), else
// the first of that id in the run.
const Derivation* find_derivation(const Trace& t, std::optional<uint32_t> ev, const std::string& id) {
  if (ev && *ev < t.events.size())
    for (const Derivation& d : all_derivations(t.events[*ev]))
      if (d.id == id) return &d;
  for (const Event& e : t.events)
    for (const Derivation& d : all_derivations(e))
      if (d.id == id) return &d;
  return nullptr;
}

// The item's value: the output, an input or a step by name, or a named part of the output.
std::optional<std::string> item_value(const Derivation& d, const std::string& item) {
  if (item.empty() || item == "output") return to_hex(d.output);
  if (const NamedBytes* n = d.input(item)) return value_display(*n);
  if (const NamedBytes* n = d.step(item)) return value_display(*n);
  for (const Derivation::Part& p : d.parts)
    if (p.name == item && p.offset + p.length <= d.output.size()) return to_hex(ByteView(d.output).subspan(p.offset, p.length));
  return std::nullopt;
}

// What the step shows: the simulation step, the event (when and who to whom), the highlighted
// field's path and value, the highlighted derivation item's value.
void print_shown(const Player& p, Lang l) {
  const Trace& t = p.trace();
  auto ev = p.event();
  if (ev && *ev < t.events.size()) {
    const Event& e = t.events[*ev];
    say(msg("cli.lesson.event")
            .arg("n", std::to_string(*ev))
            .arg("steps", present::step_text(e))
            .arg("from", actor_message(e.from))
            .arg("to", actor_message(e.to))
            .arg("title", present::record_title(e, l)),
        l);
    if (auto idx = p.field()) {
      std::string path;
      if (const Field* f = walk(e.tree, *idx, &path))
        std::printf("  %s\n", msg("cli.lesson.field").arg("path", path).arg("value", f->shown(l)).render(l).c_str());  // unwrapped: a value is copied whole
    }
  } else {
    say(msg("cli.lesson.at_step").arg("n", std::to_string(p.position())), l);
  }
  if (std::string id = p.derivation(); !id.empty()) {
    const Derivation* d = find_derivation(t, ev, id);
    std::string item = p.item().empty() ? "output" : p.item();
    auto v = d ? item_value(*d, p.item()) : std::nullopt;
    say(msg("cli.lesson.derivation").arg("id", id).arg("item", item).arg("value", v ? *v : "?"), l);
  }
}

void print_question(const Question& q, bool predict, Lang l) {
  std::printf("\n");
  if (predict) say(msg("cli.lesson.predict"), l);
  print_narration(q.prompt.in(l));
  for (size_t i = 0; i < q.options.size(); ++i)
    std::fputs(wrap(q.options[i].text.in(l), "  " + std::to_string(i + 1) + ". ", "     ").c_str(), stdout);
}

enum class Asked { right_first, right_later, given_up, input_ended };

// Asks until the answer is right, the student gives up ("?") or the input ends. An empty line
// asks again without counting as a wrong answer.
Asked ask(Player& p, Lang l) {
  const Question& q = *p.step().question;
  size_t hints_shown = 0;
  bool wrong = false;
  for (;;) {
    std::printf("%s", msg(q.options.empty() ? "cli.lesson.prompt_type" : "cli.lesson.prompt_pick").render(l).c_str());
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) {
      std::printf("\n");
      return Asked::input_ended;
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    line.erase(0, line.find_first_not_of(" \t"));
    if (!isatty(STDIN_FILENO)) std::printf("%s\n", line.c_str());  // the transcript shows what was answered
    if (line.empty()) continue;
    if (line == "?") {
      std::string shown;
      if (auto a = p.answer(); a.ok()) {
        shown = answer_text(q, a.value(), l);
      } else {
        shown = msg("cli.lesson.no_answer").arg("error", a.error().message()).render(l);
      }
      std::fputs(wrap(msg("cli.lesson.gave_up").arg("answer", shown).render(l), "", "  ").c_str(), stdout);
      if (!q.explanation.in(l).empty()) print_narration(q.explanation.in(l));
      return Asked::given_up;
    }
    Feedback fb = p.check(line);
    std::fputs(wrap(msg(fb.correct ? "cli.lesson.right" : "cli.lesson.wrong").arg("feedback", fb.message).render(l), "", "  ").c_str(), stdout);
    if (fb.correct) {
      if (!q.explanation.in(l).empty()) print_narration(q.explanation.in(l));
      return wrong ? Asked::right_later : Asked::right_first;
    }
    wrong = true;
    auto hints = p.hints();
    if (hints.size() > hints_shown) {
      hints_shown = hints.size();
      std::fputs(wrap(msg("cli.lesson.hint").arg("text", plain(hints.back()->in(l))).render(l), "", "  ").c_str(), stdout);
    }
  }
}

// Reads a lesson by id or path; prints why not.
std::optional<Lesson> open_lesson(const std::string& id_or_path, Lang l) {
  auto r = find_lesson(id_or_path);
  if (auto* errors = std::get_if<std::vector<LessonError>>(&r)) {
    for (auto& e : *errors) std::fprintf(stderr, "%s\n", e.render(l).c_str());
    if (errors->empty()) print_error(l, msg("cli.lesson.not_found").arg("lesson", id_or_path));
    return std::nullopt;
  }
  return std::get<Lesson>(std::move(r));
}

int cmd_lesson_list(Lang l) {
  LessonSet set = load_lessons();
  for (const Lesson& x : set.lessons)
    std::printf("%2d  %-24s %s\n", x.number, x.id.c_str(),
                msg("cli.lesson.list_entry").arg("title", x.title.in(l)).arg("steps", std::to_string(x.step_count())).render(l).c_str());
  for (const LessonError& e : set.errors) say(msg("cli.lesson.broken").arg("error", e.render(l)), l);
  if (set.lessons.empty() && set.errors.empty()) say(msg("cli.lesson.none").arg("dir", lessons_dir()), l);
  return set.errors.empty() ? 0 : 1;
}

int cmd_lesson_run(const std::string& which, Lang l) {
  auto lesson = open_lesson(which, l);
  if (!lesson) return 1;
  Player p(std::move(*lesson));
  const Lesson& x = p.lesson();
  std::fputs(wrap(x.title.in(l), "", "").c_str(), stdout);
  if (!x.summary.in(l).empty()) print_narration(x.summary.in(l));
  const bool terminal = isatty(STDIN_FILENO);
  int questions = 0, first_try = 0;
  for (size_t i = 0; i < p.count(); ++i) {
    if (!p.go(i)) break;
    const Step& s = p.step();
    if (i == 0 || x.part_of(i) != x.part_of(i - 1)) {
      std::string head = msg("cli.lesson.part").arg("n", std::to_string(x.part_of(i) + 1)).arg("title", x.parts[x.part_of(i)].title.in(l)).render(l);
      std::printf("\n%s\n%s\n", head.c_str(), std::string(std::min(columns(head), kWidth), '=').c_str());
    }
    std::printf("\n");
    say(msg("cli.lesson.step").arg("n", std::to_string(i + 1)).arg("count", std::to_string(p.count())).arg("id", s.id), l);
    // Predict, observe, explain: a prediction is asked on the state before the step's move.
    bool prediction = s.predict && s.question;
    if (!prediction) {
      print_shown(p, l);
      std::printf("\n");
      print_narration(s.text.in(l));
    }
    // A question whose answer the run cannot give (a lesson `lesson check` would refuse) is
    // shown with why and skipped, rather than asked forever.
    auto computable = s.question ? p.answer() : Result<std::string>(std::string());
    if (s.question && !computable.ok()) {
      print_question(*s.question, false, l);
      say(msg("cli.lesson.no_answer").arg("error", computable.error().message()), l);
    } else if (s.question) {
      if (prediction) print_shown(p, l);
      ++questions;
      print_question(*s.question, prediction, l);
      Asked a = ask(p, l);
      if (a == Asked::input_ended) {
        say(msg("cli.lesson.input_ended").arg("n", std::to_string(i + 1)).arg("count", std::to_string(p.count())), l);
        return kInputEnded;
      }
      first_try += a == Asked::right_first;
      if (prediction) {
        p.reveal();
        std::printf("\n");
        say(msg("cli.lesson.reveal"), l);
        print_shown(p, l);
        std::printf("\n");
        print_narration(s.text.in(l));
      }
    }
    // On a terminal the student reads at their pace; piped input runs straight through.
    if (terminal && i + 1 < p.count()) {
      std::printf("\n%s", msg("cli.lesson.press_enter").render(l).c_str());
      std::fflush(stdout);
      std::string line;
      if (!std::getline(std::cin, line)) {
        std::printf("\n");
        say(msg("cli.lesson.input_ended").arg("n", std::to_string(i + 1)).arg("count", std::to_string(p.count())), l);
        return kInputEnded;
      }
    }
  }
  std::printf("\n");
  say(msg("cli.lesson.done").arg("right", std::to_string(first_try)).arg("questions", std::to_string(questions)), l);
  return 0;
}

int cmd_lesson_check(const std::vector<std::string>& files, Lang l) {
  bool bad = false;
  for (const std::string& file : files) {
    std::vector<LessonError> read_errors;
    auto text = read_lesson_file(file, &read_errors);
    if (!text) {
      for (const LessonError& e : read_errors) print_error(l, Message::untranslated(e.render(l)));
      bad = true;
      continue;
    }
    auto r = parse_lesson(*text, file);
    std::vector<LessonError> errors;
    if (auto* e = std::get_if<std::vector<LessonError>>(&r))
      errors = std::move(*e);
    else
      errors = check_lesson(std::get<Lesson>(r));
    for (const LessonError& e : errors) std::printf("%s\n", e.render(l).c_str());
    if (errors.empty()) say(msg("cli.lesson.check_ok").arg("file", file), l);
    bad = bad || !errors.empty();
  }
  return bad ? 1 : 0;
}

int cmd_lesson_export(const std::string& which, const std::string& html, const std::string& answers, Lang l) {
  auto lesson = open_lesson(which, l);
  if (!lesson) return 1;
  std::vector<KeyAnswer> key = compute_answers(*lesson, l);
  for (size_t i = 0; i < key.size(); ++i)
    if (key[i].question && !key[i].error.empty())
      std::fprintf(stderr, "%s\n",
                   msg("cli.warning").arg("text", msg("cli.lesson.no_key").arg("n", std::to_string(i + 1)).arg("error", key[i].error)).render(l).c_str());
  // With --answers the key goes to its own file; without, to its own final pages.
  if (!write_file(html, worksheet_html(*lesson, l, answers.empty() ? &key : nullptr), l)) return 1;
  if (!answers.empty() && !write_file(answers, answer_key_html(*lesson, l, key), l)) return 1;
  return 0;
}

}  // namespace

Command add_lesson_command(CLI::App& app) {
  struct Args {
    std::string lang = "en", which, html, answers;
    std::vector<std::string> files;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("lesson", "guided lessons: list them, play one in the terminal, check a lesson file, print a worksheet");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "the lessons: number, id, title and steps; broken files with what is wrong");
  add_lang(list, a->lang);
  auto* run = cmd->add_subcommand("run", "play a lesson, reading answers from standard input ('?' gives up a question)");
  run->add_option("lesson", a->which, "a lesson's id (tlslab lesson list) or a lesson file")->required();
  add_lang(run, a->lang);
  auto* check = cmd->add_subcommand("check", "validate lesson files against the simulation");
  check->add_option("files", a->files, "lesson files")->required();
  add_lang(check, a->lang);
  auto* exp = cmd->add_subcommand("export", "a printable worksheet (HTML), one page per part, and its answer key");
  exp->add_option("lesson", a->which, "a lesson's id or a lesson file")->required();
  exp->add_option("--html", a->html, "the worksheet's file")->required();
  exp->add_option("--answers", a->answers, "the answer key's file (without it, the key is on the worksheet's last pages)");
  add_lang(exp, a->lang);
  return {cmd, [a, list, run, check, exp] {
            Lang l = lang_of(a->lang);
            if (list->parsed()) return cmd_lesson_list(l);
            if (run->parsed()) return cmd_lesson_run(a->which, l);
            if (check->parsed()) return cmd_lesson_check(a->files, l);
            if (exp->parsed()) return cmd_lesson_export(a->which, a->html, a->answers, l);
            return 2;
          }};
}

}  // namespace app

// Lessons: guided, bilingual walks through real runs (docs/lesson-format.md). A lesson is data
// (lessons/<id>.json): a scenario, then parts of steps, each step moving the simulation to an
// event, selecting a field or a derivation, telling (narration) and asking (a question whose
// answer is computed from the run, never a stored string). This file is the format as types,
// its loader and checker, and the Player that the CLI (`tlslab lesson run`) and the GUI's
// Lesson panel both drive, so they show the same steps and judge answers the same way.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/message.hpp"
#include "net/simulation.hpp"
#include "trace/trace.hpp"

namespace sim::lesson {

// A text in both languages; lessons must give both.
struct Text {
  std::string en, fr;
  const std::string& in(Lang l) const { return l == Lang::fr ? fr : en; }
  bool empty() const { return en.empty() && fr.empty(); }
};

// Where a step puts the simulation ("at"). The position is a simulation step (the state after
// the network's N-th move, as the GUI's controls count); the event is the record shown and
// selected there.
struct Target {
  enum class Kind {
    none,     // stay where the previous step left the run (the lesson's first step: step 0)
    start,    // step 0, nothing sent yet
    end,      // the run finished
    step,     // simulation step `n`; no event selected
    event,    // trace event index `n`
    message,  // the `occurrence`-th record carrying handshake message / record type `message`
    alert,    // the `occurrence`-th alert (from `from` when set)
  };
  Kind kind = Kind::none;
  uint32_t n = 0;
  std::string message;          // "ClientHello", "ChangeCipherSpec", "Alert", "ApplicationData"
  std::optional<Actor> from;    // only records this actor sent
  int connection = 0;           // only records of this connection (0: any)
  int occurrence = 1;           // 1 for the first match
  // When the event is shown: "sent" (the step that put it on the wire; what comes next is still
  // hidden, so it can be predicted) or "read" (the step its receiver processed it, with the
  // receiver's notes, and whatever the receiver sent in the same step).
  bool read = false;
};

// What a step highlights in the event it moved to.
struct Highlight {
  enum class Kind { none, field, derivation };
  Kind kind = Kind::none;
  // field: a path in the event's field tree, whole ("TLS record/fragment/ClientHello/random") or
  // its tail ("ClientHello/random"); the first node whose path ends so is chosen.
  std::string field;
  // derivation: an id of the trace ("client/master_secret"), and an item of it: "output", or an
  // input, step or part name ("mac", "client_write_key"). Empty item: the whole derivation.
  std::string derivation, item;
};

// A value computed from the run: what a question's answer is checked against.
struct Query {
  enum class Kind {
    none,
    next_message,  // the first message sent after the current position (by `from` when set)
    next_alert,    // the description of the first alert sent after the position (by `from`)
    field,         // a field's bytes (hex) or displayed value, in the step's event or at `at`
    derivation,    // a derivation item's bytes (hex)
    negotiated,    // a Trace::negotiated member: version, cipher_suite, group, compression, ...
    outcome,       // the run's outcome kind: completed, client_failed, ...
    attack,        // "succeeded" / "failed": the scripted attack's verdict
  };
  Kind kind = Kind::none;
  std::optional<Actor> from;
  std::string path;        // field: as Highlight::field; derivation: the id
  std::string item;        // derivation: as Highlight::item (empty: the output)
  std::string member;      // negotiated: the member's name
  std::optional<Target> at;  // field: another event than the step's
  bool value = false;      // field: its displayed value (English) instead of its bytes
  // A slice of the bytes: [offset, offset + length); length 0: to the end.
  uint32_t offset = 0, length = 0;
};

struct Option {
  Text text;          // what the student reads (both languages; for names, the same twice)
  std::string value;  // what it stands for, compared with the computed answer; empty: text.en
};

struct Question {
  enum class Kind {
    choice,        // pick one option: `correct` (a question of concepts) or the one whose value
                   // equals `answer`, computed from the run
    next_message,  // which message comes next: options are message names; answer implicit
    next_alert,    // which alert will be sent: options are alert descriptions; answer implicit
    value,         // type the value (hex bytes or a name), checked against `answer`
  };
  Kind kind = Kind::choice;
  Text prompt;
  std::vector<Option> options;
  std::optional<int> correct;  // choice: the right option's index, for concept questions
  Query answer;                // computed; next_message / next_alert fill it from the kind
  std::vector<Text> hints;     // shown one by one after wrong answers
  Text explanation;            // shown once answered (right, or after giving up)
};

// A change of the run from this step on: another scenario, and/or scenario file keys set on top
// of the current one (an attack, its defenses, any option), as a JSON merge patch (RFC 7396).
struct RunChange {
  std::string scenario;  // a built-in name or a file; empty: keep the current scenario
  std::optional<ScenarioOptions> inline_scenario;  // "scenario": {...}
  std::string set_json;  // "set": {...} as JSON text; empty: none
};

enum class View { none, inspector, keys, record };

struct Step {
  std::string id;  // unique in the lesson ("predict-suite"); "N" (1-based) when not given
  std::optional<RunChange> run;
  Target at;
  Highlight select;
  View view = View::none;
  Text text;  // narration: paragraphs, **bold**, `code`, "- " lists (docs/lesson-format.md)
  std::optional<Question> question;
  // A prediction: the question is asked before this step's move is shown (predict, observe,
  // explain). In lecture mode it is shown as a slide of its own first.
  bool predict = false;
};

struct Part {
  Text title;
  std::vector<Step> steps;
};

struct Lesson {
  std::string id;     // "ssl3-handshake"; also the file's stem
  int number = 0;     // its place in the list
  Text title, summary;
  std::string scenario_name;  // the built-in scenario it starts on ("" for an inline one)
  ScenarioOptions scenario;
  std::vector<Part> parts;
  std::string path;   // the file it came from

  size_t step_count() const;
  // Step i of the whole lesson (parts flattened), and the part it belongs to.
  const Step& step(size_t i) const;
  size_t part_of(size_t i) const;
};

// What is wrong with a lesson: the file, the step ("3" or its id; empty for the lesson's own
// fields), the field ("question.answer.path") and the problem (a catalog message).
struct LessonError {
  std::string file, step, field;
  Message problem;
  std::string render(Lang l) const;  // "file: step 3: question.answer: no derivation 'x'"
};

// Parses a lesson file's text: structure, types and names (unknown keys, kinds and actors, a
// language missing). The simulation is not run; check_lesson does that.
std::variant<Lesson, std::vector<LessonError>> parse_lesson(std::string_view text, const std::string& file);
// Runs the lesson's simulations and checks every target, highlight and answer against them:
// every event, field and derivation exists, every answer is computable and is one of the
// options. Empty when the lesson is sound.
std::vector<LessonError> check_lesson(const Lesson& l);

struct LessonSet {
  std::vector<Lesson> lessons;      // sorted by number, then id
  std::vector<LessonError> errors;  // broken files (the others still load)
};
// Where the shipped lessons are: $TLSLAB_LESSONS, then the installed and source folders.
std::string lessons_dir();
// Parses every lessons/*.json (not checked against the simulation: see check_lesson).
LessonSet load_lessons(const std::string& dir = lessons_dir());
// A lesson file's text, refused (with the reason in `errors`) over 4 MiB or when not a regular file.
std::optional<std::string> read_lesson_file(const std::string& path, std::vector<LessonError>* errors);
// A shipped lesson by id, or a lesson file by path.
std::variant<Lesson, std::vector<LessonError>> find_lesson(const std::string& id_or_path);

// The verdict on an answer.
struct Feedback {
  bool correct = false;
  std::string expected;  // the computed answer (an option's index + 1 for a choice)
  Message message;       // "Correct." / "Not quite: ..." in the catalog
};

// Plays a lesson: which step is current, the run and position it implies, and answers. The
// runs are simulated once per distinct scenario and kept.
class Player {
 public:
  explicit Player(Lesson l);
  const Lesson& lesson() const { return lesson_; }
  size_t index() const { return index_; }
  size_t count() const { return lesson_.step_count(); }
  const Step& step() const { return lesson_.step(index_); }
  bool go(size_t i);  // false when out of range
  bool next() { return go(index_ + 1); }
  bool back() { return index_ > 0 && go(index_ - 1); }

  // The state the current step shows. A predict step shows the state before its move until
  // reveal() is called (the GUI's question slide, the CLI's prompt).
  const ScenarioOptions& options() const;  // known without running it
  const Trace& trace() const;   // the whole run of options() (simulated on first use)
  size_t position() const;      // the simulation step shown
  std::optional<uint32_t> event() const;    // the trace event selected
  std::optional<std::vector<int>> field() const;  // its field's child indices
  std::string derivation() const;  // the highlighted derivation's id ("" for none)
  std::string item() const;        // and item
  bool revealed() const { return revealed_; }
  void reveal() { revealed_ = true; }

  // The current question's answer computed from the run; empty with a reason when it cannot be.
  Result<std::string> answer() const;
  // Checks an answer: a choice's option number (1-based) or text; hex for byte values (spaces,
  // colons and 0x ignored), names case-insensitively.
  Feedback check(std::string_view given);
  int attempts() const { return attempts_; }  // wrong answers on the current question
  // The hints earned so far (one per wrong answer, up to all of them).
  std::vector<const Text*> hints() const;

  // The runs the lesson uses, simulated once per distinct options (shared by copies).
  struct Resolved;

 private:
  Lesson lesson_;
  size_t index_ = 0;
  bool revealed_ = false;
  int attempts_ = 0;
  std::shared_ptr<Resolved> r_;
};

// An answer compared with the computed one: hex bytes with spaces, colons and "0x" ignored,
// names and words case-insensitively with spaces and underscores ignored.
bool same_answer(std::string_view expected, std::string_view given);

// Narration text, Markdown-like (docs/lesson-format.md): paragraphs separated by a blank line,
// "- " list items, **bold** and `code`. One reading for the terminal, the GUI and the HTML.
struct Span {
  std::string text;
  bool bold = false, code = false;
};
struct Block {
  bool item = false;  // a list item
  std::vector<Span> spans;
};
std::vector<Block> narration(std::string_view text);

}  // namespace sim::lesson

// Lesson: the lessons with the student's progress, or the lesson open: its part, "step i of n",
// the narration, the question with its check, hints and explanation, and Back / Next. A pure
// view: the Player (sim::lesson) decides what each step shows and judges the answers; this
// panel emits lesson commands and App applies them (moving the run and the selection).
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "panels/panel.hpp"
#include "widgets/widgets.hpp"

namespace gui {
namespace {

namespace L = sim::lesson;
using K = Command::Kind;

std::string replace_all(std::string s, std::string_view key, std::string_view value) {
  for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) s.replace(at, key.size(), value);
  return s;
}

std::string step_counter(const L::Player& p) {
  std::string s = replace_all(tr("ui.lesson.step_of"), "{i}", std::to_string(p.index() + 1));
  return replace_all(s, "{n}", std::to_string(p.count()));
}

// Narration (docs/lesson-format.md): paragraphs, "- " items, **bold** and `code`, flowed word
// by word to the panel's width. DejaVu ships no bold face here, so bold is the text drawn twice
// a pixel apart; code is monospace in the link colour.
void narration(const std::string& text, const FrameContext& ctx) {
  struct Word {
    std::string text;
    const L::Span* span;
    bool space_before;
  };
  const float width = ImGui::GetContentRegionAvail().x;
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  for (const L::Block& b : L::narration(text)) {
    std::vector<Word> words;
    bool space = false;
    for (const L::Span& s : b.spans) {
      size_t i = 0;
      while (i < s.text.size()) {
        if (s.text[i] == ' ' || s.text[i] == '\n') {
          space = true;
          ++i;
          continue;
        }
        size_t j = s.text.find_first_of(" \n", i);
        if (j == std::string::npos) j = s.text.size();
        words.push_back({s.text.substr(i, j - i), &s, space && !words.empty()});
        space = false;
        i = j;
      }
    }
    // A list item: a bullet in the margin, its lines indented alike.
    const float x_block = ImGui::GetCursorPosX();
    const float left = b.item ? ImGui::GetFontSize() : 0;
    const float x0 = x_block + left, avail = std::max(40.0f, width - left);
    // Words of one style on one line are drawn as one run (one item: --dump-ui reads whole phrases).
    std::string run;
    const L::Span* run_span = nullptr;
    float line_w = 0, run_gap = 0;
    bool line_empty = true, item_on_line = false, first_line = true;
    auto flush = [&] {
      if (run.empty()) return;
      if (item_on_line) {
        ImGui::SameLine(0, run_gap);
      } else {
        ImGui::SetCursorPosX(x0);
        if (b.item && first_line) {
          ImVec2 p = ImGui::GetCursorScreenPos();
          float r = ImGui::GetFontSize() * 0.16f;
          ImGui::GetWindowDrawList()->AddCircleFilled(
              ImVec2(p.x - left * 0.55f, p.y + ImGui::GetTextLineHeight() * 0.55f), r, text_col);
        }
        first_line = false;
      }
      ImFont* f = run_span->code ? ctx.fonts.mono : nullptr;
      if (f) ImGui::PushFont(f);
      if (run_span->code) ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.link);
      ImGui::TextUnformatted(run.c_str());
      if (run_span->bold)
        ImGui::GetWindowDrawList()->AddText(ImVec2(ImGui::GetItemRectMin().x + 1, ImGui::GetItemRectMin().y), text_col,
                                            run.c_str());
      if (run_span->code) ImGui::PopStyleColor();
      if (f) ImGui::PopFont();
      item_on_line = true;
      run.clear();
    };
    for (const Word& w : words) {
      ImFont* f = w.span->code ? ctx.fonts.mono : nullptr;
      if (f) ImGui::PushFont(f);
      const float ww = ImGui::CalcTextSize(w.text.c_str()).x;
      if (f) ImGui::PopFont();
      const float sw = ImGui::CalcTextSize(" ").x;  // the body font's space, between any two words
      float gap = w.space_before && !line_empty ? sw : 0;
      if (!line_empty && line_w + gap + ww > avail) {
        flush();
        item_on_line = false;
        line_w = 0;
        line_empty = true;
        gap = 0;
      }
      const bool same_style = run_span && run_span->bold == w.span->bold && run_span->code == w.span->code;
      if (!run.empty() && same_style) {
        if (gap > 0) run += ' ';
      } else {
        flush();
        run_span = w.span;
        run_gap = gap;
      }
      run += w.text;
      line_w += gap + ww;
      line_empty = false;
    }
    flush();
    if (words.empty()) ImGui::NewLine();
    ImGui::Spacing();
  }
}

// An option's text in the UI language, and the option that stands for a computed answer.
// A lesson text in the UI language. In French the space before ; : ! ? » and after « becomes
// a no-break space (U+00A0, not a wrap point for ImGui), so no line starts with the sign.
std::string text_of(const L::Text& t) {
  std::string s = t.in(lang());
  if (lang() != Lang::fr) return s;
  static const std::pair<std::string_view, std::string_view> glue[] = {
      {" ;", "\u00a0;"}, {" :", "\u00a0:"}, {" !", "\u00a0!"}, {" ?", "\u00a0?"}, {" \u00bb", "\u00a0\u00bb"}, {"\u00ab ", "\u00ab\u00a0"}};
  for (auto& [from, to] : glue) s = replace_all(s, from, to);
  return s;
}

std::string option_text(const L::Option& o) { return text_of(o.text); }
std::string answer_text(const L::Question& q, const std::string& value) {
  // A choice's answer is its option's number (1-based).
  if (q.kind == L::Question::Kind::choice && !value.empty() &&
      value.find_first_not_of("0123456789") == std::string::npos) {
    size_t k = std::stoul(value);
    if (k >= 1 && k <= q.options.size()) return std::string(1, char('A' + int((k - 1) % 26))) + ". " + option_text(q.options[k - 1]);
  }
  for (auto& o : q.options)
    if (L::same_answer(o.value.empty() ? o.text.en : o.value, value)) return option_text(o);
  return value;
}

// "A.  text", the text's lines aligned after the letter.
void lettered(size_t i, const std::string& text) {
  char letter[8];
  std::snprintf(letter, sizeof letter, "%c.", char('A' + int(i % 26)));
  ImGui::TextUnformatted(letter);
  ImGui::SameLine(0, ImGui::CalcTextSize("  ").x);
  ImGui::TextWrapped("%s", text.c_str());
}

void wrapped_disabled(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void lang_switch(FrameContext& ctx) {
  for (Lang l : {Lang::en, Lang::fr}) {
    const bool on = lang() == l;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::SmallButton(l == Lang::en ? "EN" : "FR") && !on) {
      Command c = Command::of(K::set_lang);
      c.lang = l;
      ctx.emit(c);
    }
    if (on) ImGui::PopStyleColor();
    widgets::tooltip(tr("ui.lesson.language_hint"));
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

void draw_list(FrameContext& ctx, const LessonSession& s) {
  lang_switch(ctx);
  ImGui::SameLine();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x -
                                                           ImGui::CalcTextSize(tr("ui.lesson.reset")).x -
                                                           ImGui::GetStyle().FramePadding.x * 2));
  if (ImGui::SmallButton(tr("ui.lesson.reset"))) ImGui::OpenPopup("reset");
  widgets::tooltip(tr("ui.lesson.reset_hint"));
  if (ImGui::BeginPopup("reset")) {
    ImGui::TextUnformatted(tr("ui.lesson.reset_confirm"));
    if (ImGui::Button(tr("ui.lesson.reset"))) {
      ctx.emit(Command::of(K::lesson_reset_progress));
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  ImGui::Separator();
  for (auto& e : s.open_errors) ImGui::TextColored(ctx.pal.bad, "%s", e.render(lang()).c_str());
  if (s.set.lessons.empty() && s.set.errors.empty()) ImGui::TextWrapped("%s", tr("ui.lesson.none"));
  for (const L::Lesson& l : s.set.lessons) {
    ImGui::PushID(l.id.c_str());
    const size_t n = l.step_count();
    size_t reached = 0;
    if (auto it = s.progress.lessons.find(l.id); it != s.progress.lessons.end()) reached = std::min(it->second.reached, n);
    const bool done = n > 0 && reached >= n;
    std::string counts = (done ? "\u2713 " : "") + std::to_string(reached) + " / " + std::to_string(n);
    const float cw = ImGui::CalcTextSize(counts.c_str()).x;
    const float x = ImGui::GetCursorPosX();
    std::string title = std::to_string(l.number) + ". " + text_of(l.title);
    if (ImGui::Selectable("##open", s.player && s.player->lesson().id == l.id, 0,
                          ImVec2(0, ImGui::GetTextLineHeight() * 1.0f))) {
      Command c = Command::of(K::lesson_open, -1);
      c.text = l.path.empty() ? l.id : l.path;
      ctx.emit(c);
    }
    widgets::tooltip(text_of(l.summary).c_str());
    ImGui::SameLine(x);
    widgets::fitted_label(title, ImGui::GetContentRegionAvail().x - cw - ImGui::GetStyle().ItemSpacing.x * 2);
    ImGui::SameLine(ImGui::GetContentRegionMax().x - cw);
    if (done) ImGui::TextColored(ctx.pal.good, "%s", counts.c_str());
    else ImGui::TextDisabled("%s", counts.c_str());
    widgets::tooltip(tr(done ? "ui.lesson.finished" : "ui.lesson.progress_hint"));
    ImGui::PopID();
  }
  if (!s.set.errors.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", tr("ui.lesson.broken"));
    for (auto& e : s.set.errors) {
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.bad);
      ImGui::TextWrapped("%s", e.render(lang()).c_str());
      ImGui::PopStyleColor();
    }
  }
}

void draw_question(FrameContext& ctx, const LessonSession& s, bool slide) {
  const L::Player& p = *s.player;
  const L::Question& q = *p.step().question;
  const bool presenting = ctx.ui.presenting;
  ImGui::Spacing();
  ImGui::TextColored(ctx.pal.link, "%s", tr(p.step().predict ? "ui.lesson.predict" : "ui.lesson.question"));
  ImGui::PushFont(ctx.fonts.title);
  ImGui::TextWrapped("%s", text_of(q.prompt).c_str());
  ImGui::PopFont();
  // The slide in front of a class: the options, big, and nothing that gives the answer away.
  if (slide && presenting) {
    for (size_t i = 0; i < q.options.size(); ++i) lettered(i, option_text(q.options[i]));
    ImGui::Spacing();
    wrapped_disabled(tr("ui.lesson.slide_hint"));
    return;
  }
  // Presenting, a prediction revealed: its answer is on top of the panel (draw_open); here the
  // explanation.
  if (presenting && p.step().predict && p.revealed()) {
    if (!q.explanation.empty()) {
      ImGui::TextDisabled("%s", tr("ui.lesson.explanation"));
      narration(text_of(q.explanation), ctx);
    }
    return;
  }
  const bool typed = q.options.empty();
  UiState& ui = ctx.ui;
  ImGui::BeginDisabled(s.settled);
  if (typed) {
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 22));
    bool enter = ImGui::InputTextWithHint("##answer", tr("ui.lesson.type_answer"), &ui.lesson_typed,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    if (enter && !ui.lesson_typed.empty()) {
      Command c = Command::of(K::lesson_check);
      c.text = ui.lesson_typed;
      ctx.emit(c);
    }
  } else {
    for (size_t i = 0; i < q.options.size(); ++i) {
      ImGui::PushID(int(i));
      if (ImGui::RadioButton("##opt", ui.lesson_choice == int(i))) ui.lesson_choice = int(i);
      ImGui::SameLine();
      lettered(i, option_text(q.options[i]));
      if (ImGui::IsItemClicked()) ui.lesson_choice = int(i);
      ImGui::PopID();
    }
  }
  const bool can_check = typed ? !ui.lesson_typed.empty() : ui.lesson_choice >= 0;
  ImGui::BeginDisabled(!can_check);
  if (ImGui::Button(tr("ui.lesson.check"))) {
    Command c = Command::of(K::lesson_check);
    c.text = typed ? ui.lesson_typed : std::to_string(ui.lesson_choice + 1);
    ctx.emit(c);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(tr("ui.lesson.show_answer"))) ctx.emit(Command::of(K::lesson_show_answer));
  ImGui::EndDisabled();

  if (s.feedback) {
    ImGui::PushStyleColor(ImGuiCol_Text, s.feedback->correct ? ctx.pal.good : ctx.pal.bad);
    ImGui::TextWrapped("%s", tr_msg(s.feedback->message).c_str());
    ImGui::PopStyleColor();
  }
  if (!s.settled)
    for (const L::Text* h : p.hints()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.warn);
      ImGui::TextWrapped("%s", label_value(tr("ui.lesson.hint"), text_of(*h)).c_str());
      ImGui::PopStyleColor();
    }
  if (s.gave_up) {
    if (s.shown_answer.empty()) ImGui::TextColored(ctx.pal.bad, "%s", tr("ui.lesson.no_answer"));
    else ImGui::TextColored(ctx.pal.good, "%s", label_value(tr("ui.lesson.answer_is"), answer_text(q, s.shown_answer)).c_str());
  }
  if (s.settled && !q.explanation.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", tr("ui.lesson.explanation"));
    narration(text_of(q.explanation), ctx);
  }
}

void draw_open(FrameContext& ctx, const LessonSession& s) {
  const L::Player& p = *s.player;
  const L::Lesson& l = p.lesson();
  const bool slide = s.slide();
  const ImGuiStyle& st = ImGui::GetStyle();
  // Back, the counter, Next: always in view above the scrolling text.
  // Presenting, the clicker moves the lesson: the buttons are glyphs, the room goes to the text.
  const bool compact = ctx.ui.presenting;
  ImGui::BeginDisabled(p.index() == 0);
  std::string back = compact ? std::string("\u25C0##back") : "\u25C0 " + std::string(tr("ui.lesson.back"));
  if (ImGui::Button(back.c_str())) ctx.emit(Command::of(K::lesson_back));
  ImGui::EndDisabled();
  if (compact) widgets::tooltip(tr("ui.lesson.back"));
  ImGui::SameLine();
  const bool last = p.index() + 1 >= p.count();
  ImGui::BeginDisabled(last && !slide);
  const char* next_word = tr(slide ? "ui.lesson.reveal" : "ui.lesson.next");
  std::string next = compact ? std::string("\u25B6##next") : std::string(next_word) + " \u25B6";
  if (ImGui::Button(next.c_str())) ctx.emit(Command::of(K::lesson_next));
  ImGui::EndDisabled();
  widgets::tooltip(compact ? next_word : tr("ui.lesson.keys_hint"));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  std::string counter = step_counter(p);
  ImGui::TextUnformatted(counter.c_str());
  // Right: the way back to the list and the language, on this row when it has room.
  auto small_w = [&](const char* t) { return ImGui::CalcTextSize(t).x + st.FramePadding.x * 2; };
  const float right_w = small_w("\u2630") + small_w("EN") + small_w("FR") + st.ItemSpacing.x * 2;
  const float right_x = ImGui::GetWindowContentRegionMax().x - right_w;
  if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + st.ItemSpacing.x <= right_x) ImGui::SameLine(right_x);
  if (ImGui::SmallButton("\u2630")) ctx.emit(Command::of(K::lesson_close));
  widgets::tooltip(tr("ui.lesson.all"));
  ImGui::SameLine();
  lang_switch(ctx);

  // The lesson's title, but not under the projector once the class is in it (the slide has room).
  if (!compact || slide) {
    std::string head = std::to_string(l.number) + ". " + text_of(l.title);
    ImGui::PushFont(ctx.fonts.title);
    ImGui::TextWrapped("%s", head.c_str());
    ImGui::PopFont();
  }
  wrapped_disabled(text_of(l.parts[p.lesson().part_of(p.index())].title).c_str());
  ImGui::Separator();

  ImGui::BeginChild("lessonBody", ImVec2(0, 0), false);
  if (ctx.ui.lesson_scroll_top) {
    ImGui::SetScrollY(0);
    ctx.ui.lesson_scroll_top = false;
  }
  // Presenting, a prediction revealed: the question and the answer the run gave come first, for
  // the class to compare with its guesses.
  if (ctx.ui.presenting && p.step().predict && p.step().question && p.revealed()) {
    const L::Question& q = *p.step().question;
    wrapped_disabled(text_of(q.prompt).c_str());
    if (auto a = p.answer()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.pal.good);
      ImGui::TextWrapped("%s", label_value(tr("ui.lesson.answer_is"), answer_text(q, a.value())).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::Spacing();
  }
  // Before the reveal the narration stays hidden: it tells what the prediction is about to show.
  if (!slide) narration(text_of(p.step().text), ctx);
  if (p.step().question) draw_question(ctx, s, slide);
  if (last && !slide) {
    ImGui::Spacing();
    ImGui::TextColored(ctx.pal.good, "\u2713 %s", tr("ui.lesson.done"));
  }
  ImGui::EndChild();
}

}  // namespace

void draw_lesson_panel(FrameContext& ctx) {
  const LessonSession* s = ctx.data.lesson;
  std::string title = tr("ui.lesson.panel");
  // A lesson open scrolls its own body below the Back / Next row; the list scrolls as a whole.
  widgets::begin_panel("lesson", title.c_str(), ImVec2(0, 0), ctx.pal.title_bg, ctx.pal.title_text, ctx.fonts.title,
                       s && s->player ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse : 0);
  if (s) {
    // The slide's prompt and options are read from the back of the room.
    // (Kept by the window: set each frame.) As large as lets the longest option, a suite name
    // that cannot wrap, hold on one line.
    float scale = 1.0f;
    ImGui::SetWindowFontScale(1.0f);
    if (ctx.ui.presenting && s->slide()) {
      float widest = 0;
      for (auto& o : s->player->step().question->options)
        widest = std::max(widest, ImGui::CalcTextSize(("A.  " + option_text(o)).c_str()).x);
      const float room = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
      scale = widest > 0 ? std::clamp(room / widest, 1.0f, 1.25f) : 1.25f;
    }
    ImGui::SetWindowFontScale(scale);
    if (s->player) draw_open(ctx, *s);
    else draw_list(ctx, *s);
  }
  widgets::end_panel();
}

}  // namespace gui

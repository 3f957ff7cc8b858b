#include "lesson/worksheet.hpp"

#include <cstdlib>

#include "export/svg.hpp"

namespace sim::lesson {

namespace {

std::string h(std::string_view s) { return xml_escape(s); }

// The narration as HTML: paragraphs, runs of "- " items as one list, <strong> and <code> spans.
std::string narration_html(std::string_view text) {
  std::string o;
  bool in_list = false;
  for (const Block& b : narration(text)) {
    if (b.item && !in_list) o += "<ul>\n";
    if (!b.item && in_list) o += "</ul>\n";
    in_list = b.item;
    o += b.item ? "<li>" : "<p>";
    for (const Span& s : b.spans) {
      std::string t = h(s.text);
      if (s.code) t = "<code>" + t + "</code>";
      if (s.bold) t = "<strong>" + t + "</strong>";
      o += t;
    }
    o += b.item ? "</li>\n" : "</p>\n";
  }
  if (in_list) o += "</ul>\n";
  return o;
}

std::string tx(const Message& m, Lang l) { return h(m.render(l)); }

// Print: black on white, a question never split over two pages. Each part after the first, and
// the key, start a new page by an inline style (kPageBreak), so each break is visible in the file.
const char* kCss = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; background: #fff; line-height: 1.45; }
h1 { font-size: 1.7em; } h2 { border-bottom: 2px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.summary { font-style: italic; } .name { margin: 1em 0 2em; }
.step { margin: 1.2em 0; } .step h3 { font-size: 1.05em; margin-bottom: .3em; }
.question { border: 1px solid #999; padding: .5em .9em; margin: .6em 0; }
.question .prompt { font-weight: bold; margin: .2em 0 .5em; }
.predict { font-size: .85em; text-transform: uppercase; letter-spacing: .05em; color: #555; }
ul.options { list-style: none; padding-left: .5em; } ul.options li { margin: .3em 0; }
.box { display: inline-block; width: .9em; height: .9em; border: 1px solid #000; margin-right: .5em; vertical-align: -.1em; }
.blank { border-bottom: 1px solid #000; height: 2em; margin: .2em 0; }
.answer { font-weight: bold; } .answer code { word-break: break-all; }
.keynote { border: 1px solid #999; padding: .4em .8em; }
@media print {
  @page { margin: 15mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .question { break-inside: avoid; page-break-inside: avoid; }
}
)";

const char* kPageBreak = " style=\"break-before: page; page-break-before: always\"";

std::string head(const std::string& title, Lang lang) {
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_code(lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + h(title) +
         "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
}

std::string step_heading(const Lesson& l, size_t i, Lang lang) {
  return "<h3>" + tx(msg("cli.lesson.ws_step").arg("n", std::to_string(i + 1)).arg("id", l.step(i).id), lang) + "</h3>\n";
}

std::string part_heading(const Lesson& l, size_t p, Lang lang) {
  return "<h2>" + tx(msg("cli.lesson.ws_part").arg("n", std::to_string(p + 1)).arg("title", l.parts[p].title.in(lang)), lang) + "</h2>\n";
}

// A question with room to answer: an empty box per option, else lines to write on.
std::string question_html(const Question& q, bool predict, Lang lang) {
  std::string o = "<div class=\"question\">\n";
  if (predict) o += "<div class=\"predict\">" + tx(msg("cli.lesson.ws_predict"), lang) + "</div>\n";
  o += "<div class=\"prompt\">" + narration_html(q.prompt.in(lang)) + "</div>\n";
  if (!q.options.empty()) {
    o += "<ul class=\"options\">\n";
    for (const Option& op : q.options) o += "<li><span class=\"box\"></span>" + h(op.text.in(lang)) + "</li>\n";
    o += "</ul>\n";
  } else {
    o += "<div>" + tx(msg("cli.lesson.ws_write"), lang) + "</div>\n<div class=\"blank\"></div>\n<div class=\"blank\"></div>\n";
  }
  return o + "</div>\n";
}

std::string key_html(const Lesson& l, Lang lang, const std::vector<KeyAnswer>& key, bool page_break) {
  std::string o = std::string("<section class=\"key\"") + (page_break ? kPageBreak : "") + ">\n<h1>" + tx(msg("cli.lesson.ws_key_title").arg("title", l.title.in(lang)), lang) + "</h1>\n";
  o += "<p class=\"keynote\">" + tx(msg("cli.lesson.ws_key_note"), lang) + "</p>\n";
  for (size_t p = 0, i = 0; p < l.parts.size(); ++p) {
    std::string part;
    for (size_t s = 0; s < l.parts[p].steps.size(); ++s, ++i) {
      const Step& st = l.step(i);
      if (!st.question) continue;
      const Question& q = *st.question;
      part += "<div class=\"step\">\n" + step_heading(l, i, lang);
      part += "<div class=\"prompt\">" + narration_html(q.prompt.in(lang)) + "</div>\n";
      const KeyAnswer* k = i < key.size() ? &key[i] : nullptr;
      if (k && k->error.empty())
        part += "<p class=\"answer\">" + tx(msg("cli.lesson.ws_answer").arg("answer", k->answer), lang) + "</p>\n";
      else
        part += "<p class=\"answer\">" + tx(msg("cli.lesson.ws_no_answer").arg("error", k ? k->error : msg("cli.lesson.ws_not_computed")), lang) + "</p>\n";
      if (!q.explanation.in(lang).empty()) part += narration_html(q.explanation.in(lang));
      // A prediction's narration tells what happened: it is the key's, not the worksheet's.
      if (st.predict && !st.text.in(lang).empty())
        part += "<p><em>" + tx(msg("cli.lesson.ws_observed"), lang) + "</em></p>\n" + narration_html(st.text.in(lang));
      part += "</div>\n";
    }
    if (!part.empty()) o += part_heading(l, p, lang) + part;
  }
  return o + "</section>\n";
}

}  // namespace

std::string answer_text(const Question& q, const std::string& computed, Lang l) {
  // A choice's answer is its option's number (Player::answer); a name may match an option too.
  if (q.kind == Question::Kind::choice) {
    char* end = nullptr;
    long n = std::strtol(computed.c_str(), &end, 10);
    if (!computed.empty() && *end == 0 && n >= 1 && size_t(n) <= q.options.size()) return computed + ". " + q.options[size_t(n - 1)].text.in(l);
  }
  for (size_t i = 0; i < q.options.size(); ++i) {
    const Option& op = q.options[i];
    if (same_answer(computed, op.value.empty() ? op.text.en : op.value)) return std::to_string(i + 1) + ". " + op.text.in(l);
  }
  return computed;
}

std::vector<KeyAnswer> compute_answers(const Lesson& l, Lang lang) {
  std::vector<KeyAnswer> out(l.step_count());
  Player p(l);
  for (size_t i = 0; i < out.size(); ++i) {
    if (!p.go(i) || !p.step().question) continue;
    out[i].question = true;
    auto a = p.answer();
    if (a.ok())
      out[i].answer = answer_text(*p.step().question, a.value(), lang);
    else
      out[i].error = a.error().message();
  }
  return out;
}

std::string worksheet_html(const Lesson& l, Lang lang, const std::vector<KeyAnswer>* key) {
  const std::string title = msg("cli.lesson.ws_title").arg("title", l.title.in(lang)).render(lang);
  std::string o = head(title, lang);
  for (size_t p = 0, i = 0; p < l.parts.size(); ++p) {
    o += std::string("<section class=\"part\"") + (p ? kPageBreak : "") + ">\n";
    if (p == 0) {
      o += "<h1>" + h(title) + "</h1>\n";
      if (!l.summary.in(lang).empty()) o += "<p class=\"summary\">" + h(l.summary.in(lang)) + "</p>\n";
      o += "<div class=\"name\">" + tx(msg("cli.lesson.ws_name"), lang) + "</div>\n";
    }
    o += part_heading(l, p, lang);
    for (size_t s = 0; s < l.parts[p].steps.size(); ++s, ++i) {
      const Step& st = l.step(i);
      o += "<div class=\"step\">\n" + step_heading(l, i, lang);
      // A prediction comes before what it predicts; its narration (the reveal) is in the key.
      if (!st.predict) o += narration_html(st.text.in(lang));
      if (st.question) o += question_html(*st.question, st.predict, lang);
      o += "</div>\n";
    }
    o += "</section>\n";
  }
  if (key) o += key_html(l, lang, *key, true);
  return o + "</body>\n</html>\n";
}

std::string answer_key_html(const Lesson& l, Lang lang, const std::vector<KeyAnswer>& key) {
  std::string o = head(msg("cli.lesson.ws_key_title").arg("title", l.title.in(lang)).render(lang), lang);
  return o + key_html(l, lang, key, false) + "</body>\n</html>\n";
}

}  // namespace sim::lesson

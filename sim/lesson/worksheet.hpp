// A lesson printed for a class (`tlslab lesson export ID --html FILE`): a worksheet with one page
// per part, the narration, and each question with blanks for the students' predictions and
// answers, and an answer key kept apart (its own file, or its own final pages). The worksheet
// never holds an answer: a prediction step's narration (which tells what happened) goes to the
// key with the explanation. Pure functions of the lesson and of its computed answers.
#pragma once
#include <string>
#include <vector>

#include "lesson/lesson.hpp"

namespace sim::lesson {

// One step's answer as the key prints it (and as `tlslab lesson run` shows a given-up question).
struct KeyAnswer {
  bool question = false;  // the step asks something
  std::string answer;     // as shown: "2. TLS_RSA_WITH_RC4_128_MD5" for a choice, else the value
  Message error;          // why it could not be computed (empty when it was)
};

// The answer as shown to a student, from Player::answer(): a choice's option number with the
// option's text ("2. TLS_RSA_WITH_RC4_128_MD5"), the option a value names, else the value.
std::string answer_text(const Question& q, const std::string& computed, Lang l);
// Every step's answer, computed by playing the lesson (this runs its simulations): one entry per
// step of the lesson, parts flattened.
std::vector<KeyAnswer> compute_answers(const Lesson& l, Lang lang);

// The worksheet: one page per part (a CSS page break before each part after the first). With
// `key`, the answer key follows on pages of its own, under its own title; without, the
// worksheet alone (the key then goes to its own file: answer_key_html).
std::string worksheet_html(const Lesson& l, Lang lang, const std::vector<KeyAnswer>* key = nullptr);
// The answer key alone, as a page of its own: each question's answer and explanation, and the
// narration of the prediction steps.
std::string answer_key_html(const Lesson& l, Lang lang, const std::vector<KeyAnswer>& key);

}  // namespace sim::lesson

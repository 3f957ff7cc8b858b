// The lesson open in the GUI: the lessons found, the Player (which decides the run, the step
// shown, the event, field and derivation selected), the verdict on the current question and the
// student's saved progress. App owns it and changes it only between frames (lesson commands);
// the Lesson panel reads it.
#pragma once
#include <optional>
#include <string>

#include "lesson/lesson.hpp"
#include "model/lesson_progress.hpp"

namespace gui {

struct LessonSession {
  sim::lesson::LessonSet set;  // the shipped lessons (and the broken files, with their errors)
  bool loaded = false;
  std::optional<sim::lesson::Player> player;  // the lesson open, if any
  std::vector<sim::lesson::LessonError> open_errors;  // why the last lesson asked for could not open
  // The current question: the last verdict, and whether it is settled (answered right, or the
  // answer was shown).
  std::optional<sim::lesson::Feedback> feedback;
  bool settled = false, gave_up = false;
  std::string shown_answer;  // the computed answer, once "show answer" was pressed
  LessonProgress progress;
  std::string progress_path;  // empty: progress is not saved
  // A predict step whose question slide is up: its move is not shown yet.
  bool slide() const {
    return player && player->step().predict && player->step().question && !player->revealed();
  }
};

}  // namespace gui

// The student's progress through the lessons, kept per user in the configuration folder
// ($XDG_CONFIG_HOME/tlslab/lessons.json, else ~/.config/tlslab/lessons.json): for each lesson the
// step last shown, the furthest step reached and the questions answered. No ImGui here, so the
// tests read and write it without a window.
#pragma once
#include <map>
#include <string>

namespace gui {

struct LessonAnswer {
  bool correct = false;  // answered right (false: given up with "show answer")
  int attempts = 0;      // wrong answers before that
};

struct LessonRecord {
  size_t current = 0;  // the step last shown (0-based)
  size_t reached = 0;  // steps reached: the furthest step shown, 1-based (0: never opened)
  size_t count = 0;    // the lesson's step count when last seen (a lesson can be edited)
  std::map<std::string, LessonAnswer> answered;  // by step id
  bool finished() const { return count > 0 && reached >= count; }
};

struct LessonProgress {
  std::map<std::string, LessonRecord> lessons;  // by lesson id
};

std::string lesson_progress_path();  // empty when no configuration folder can be found
// Missing, unreadable or malformed files give no progress; bad entries are skipped.
LessonProgress lesson_progress_from_json_text(const std::string& text);
std::string lesson_progress_to_json_text(const LessonProgress& p);
LessonProgress load_lesson_progress(const std::string& path);
// Writes a temporary file next to `path` and renames it over: a crash mid-write never leaves a
// half-written file behind.
bool save_lesson_progress(const std::string& path, const LessonProgress& p);

}  // namespace gui

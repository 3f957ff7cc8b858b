// Lesson files: the parser with its diagnostics (file, step, field), and the narration parser
// on every text of a lesson it accepted.
#include "lesson/lesson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = sim::lesson::parse_lesson(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  if (auto* l = std::get_if<sim::lesson::Lesson>(&r)) {
    for (size_t i = 0; i < l->step_count(); ++i) {
      const auto& s = l->step(i);
      (void)sim::lesson::narration(s.text.en);
      (void)sim::lesson::narration(s.text.fr);
      (void)l->part_of(i);
    }
  }
  return 0;
}

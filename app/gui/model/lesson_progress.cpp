#include "model/lesson_progress.hpp"

#include "settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace gui {

std::string lesson_progress_path() {
  namespace fs = std::filesystem;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return (fs::path(x) / "tlslab" / "lessons.json").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".config" / "tlslab" / "lessons.json").string();
  return {};
}

LessonProgress lesson_progress_from_json_text(const std::string& text) {
  LessonProgress p;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("lessons") || !j["lessons"].is_object()) return p;
  auto size = [](const nlohmann::json& o, const char* k) -> size_t {
    if (!o.contains(k) || !o[k].is_number_integer()) return 0;
    long long v = o[k].get<long long>();
    return v < 0 ? 0 : size_t(v);
  };
  for (auto& [id, o] : j["lessons"].items()) {
    if (!o.is_object()) continue;
    LessonRecord r;
    // Stored 1-based, as the panel says "step i of n".
    size_t step = size(o, "step");
    r.current = step > 0 ? step - 1 : 0;
    r.reached = size(o, "reached");
    r.count = size(o, "steps");
    if (o.contains("answered") && o["answered"].is_object())
      for (auto& [sid, a] : o["answered"].items()) {
        if (!a.is_object()) continue;
        LessonAnswer ans;
        ans.correct = a.contains("correct") && a["correct"].is_boolean() && a["correct"].get<bool>();
        ans.attempts = int(size(a, "attempts"));
        r.answered[sid] = ans;
      }
    p.lessons[id] = r;
  }
  return p;
}

std::string lesson_progress_to_json_text(const LessonProgress& p) {
  nlohmann::json j;
  j["format"] = "tlslab-lesson-progress";
  j["version"] = 1;
  j["lessons"] = nlohmann::json::object();
  for (auto& [id, r] : p.lessons) {
    nlohmann::json o;
    o["step"] = r.current + 1;
    o["reached"] = r.reached;
    o["steps"] = r.count;
    o["finished"] = r.finished();
    o["answered"] = nlohmann::json::object();
    for (auto& [sid, a] : r.answered) o["answered"][sid] = {{"correct", a.correct}, {"attempts", a.attempts}};
    j["lessons"][id] = o;
  }
  return j.dump(2) + "\n";
}

LessonProgress load_lesson_progress(const std::string& path) {
  if (path.empty()) return {};
  return lesson_progress_from_json_text(read_config_file(path));
}

bool save_lesson_progress(const std::string& path, const LessonProgress& p) { return write_config_file(path, lesson_progress_to_json_text(p)); }

}  // namespace gui

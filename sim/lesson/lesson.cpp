// Lesson files (docs/lesson-format.md): parsing with errors that name the file, step and field;
// checking against the runs; the Player shared by the CLI and the GUI.
#include "lesson/lesson.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/enums.hpp"
#include "core/file_io.hpp"
#include "core/json_syntax.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/sources.hpp"

namespace sim::lesson {

namespace fs = std::filesystem;
using json = nlohmann::json;

// ---- the lesson's shape --------------------------------------------------------------------

size_t Lesson::step_count() const {
  size_t n = 0;
  for (auto& p : parts) n += p.steps.size();
  return n;
}

const Step& Lesson::step(size_t i) const {
  for (auto& p : parts) {
    if (i < p.steps.size()) return p.steps[i];
    i -= p.steps.size();
  }
  return parts.back().steps.back();
}

size_t Lesson::part_of(size_t i) const {
  for (size_t k = 0; k < parts.size(); ++k) {
    if (i < parts[k].steps.size()) return k;
    i -= parts[k].steps.size();
  }
  return parts.empty() ? 0 : parts.size() - 1;
}

std::string LessonError::render(Lang l) const {
  // "file: step 3: field: problem", with the language's typography before each colon.
  Message m = problem;
  if (!field.empty()) m = msg("lesson.error.where").arg("where", field).arg("problem", m);
  if (!step.empty()) m = msg("lesson.error.where").arg("where", msg("lesson.error.at_step").arg("step", step)).arg("problem", m);
  if (!file.empty()) m = msg("lesson.error.where").arg("where", file).arg("problem", m);
  return m.render(l);
}

// ---- parsing -------------------------------------------------------------------------------

namespace {

// Collects errors while reading one file; `step` and `field` say where the reader is.
struct Reader {
  std::string file;
  std::string step;
  std::vector<LessonError>* errors;

  void error(const std::string& field, Message m) const { errors->push_back({file, step, field, std::move(m)}); }

  bool expect(const json& j, const std::string& field, json::value_t t, Message word) const {
    bool ok = j.type() == t;
    if (!ok) error(field, msg("lesson.error.type").arg("type", std::move(word)));
    return ok;
  }
  // Unknown keys are errors: a misspelt key must not be silently ignored.
  void known_keys(const json& j, const std::string& field, std::initializer_list<const char*> keys) const {
    for (auto& [k, v] : j.items()) {
      bool found = false;
      std::string list;
      for (auto* x : keys) {
        found |= k == x;
        list += (list.empty() ? "" : ", ") + std::string(x);
      }
      if (!found) error(field.empty() ? k : field + "." + k, msg("lesson.error.unknown_key").arg("key", k).arg("list", list));
    }
  }
  std::optional<std::string> string(const json& j, const std::string& field) const {
    if (!expect(j, field, json::value_t::string, msg("lesson.type.string"))) return std::nullopt;
    return j.get<std::string>();
  }
  std::optional<long long> integer(const json& j, const std::string& field, long long lo, long long hi) const {
    if (!j.is_number_integer()) {
      error(field, msg("lesson.error.type").arg("type", msg("lesson.type.integer")));
      return std::nullopt;
    }
    long long v = j.get<long long>();
    if (v < lo || v > hi) {
      error(field, msg("lesson.error.range").arg("min", std::to_string(lo)).arg("max", std::to_string(hi)));
      return std::nullopt;
    }
    return v;
  }
  std::optional<bool> boolean(const json& j, const std::string& field) const {
    if (!expect(j, field, json::value_t::boolean, msg("lesson.type.boolean"))) return std::nullopt;
    return j.get<bool>();
  }
  Text text(const json& j, const std::string& field) const {
    Text t;
    if (!j.is_object()) {
      error(field, msg("lesson.error.type").arg("type", msg("lesson.type.text")));
      return t;
    }
    known_keys(j, field, {"en", "fr"});
    for (auto [code, out] : {std::pair{"en", &t.en}, std::pair{"fr", &t.fr}}) {
      if (!j.contains(code) || !j[code].is_string() || j[code].get<std::string>().find_first_not_of(" \t\n") == std::string::npos)
        error(field + "." + code, msg("lesson.error.empty_text"));
      else
        *out = j[code].get<std::string>();
    }
    return t;
  }
  std::optional<Actor> actor(const json& j, const std::string& field) const {
    auto s = string(j, field);
    if (!s) return std::nullopt;
    auto a = actor_named(*s);
    if (!a) error(field, msg("lesson.error.unknown_value").arg("value", *s).arg("list", "client, server, attacker, ca, ocsp_responder"));
    return a;
  }
};

bool valid_id(const std::string& s) {
  return !s.empty() && s.size() <= 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

Target parse_target(const Reader& r, const json& j, const std::string& field) {
  Target t;
  if (!r.expect(j, field, json::value_t::object, msg("lesson.type.object"))) return t;
  r.known_keys(j, field, {"start", "end", "step", "event", "message", "alert", "from", "connection", "occurrence", "show"});
  int kinds = 0;
  for (auto* k : {"start", "end", "step", "event", "message", "alert"}) kinds += j.contains(k);
  if (kinds != 1) {
    r.error(field, msg("lesson.error.one_of").arg("list", "start, end, step, event, message, alert"));
    return t;
  }
  if (j.contains("start")) {
    if (r.boolean(j["start"], field + ".start")) t.kind = Target::Kind::start;
  } else if (j.contains("end")) {
    if (r.boolean(j["end"], field + ".end")) t.kind = Target::Kind::end;
  } else if (j.contains("step")) {
    if (auto n = r.integer(j["step"], field + ".step", 0, 1000000)) t.kind = Target::Kind::step, t.n = uint32_t(*n);
  } else if (j.contains("event")) {
    if (auto n = r.integer(j["event"], field + ".event", 0, 1000000)) t.kind = Target::Kind::event, t.n = uint32_t(*n);
  } else if (j.contains("message")) {
    if (auto s = r.string(j["message"], field + ".message")) t.kind = Target::Kind::message, t.message = *s;
  } else if (j.contains("alert")) {
    if (r.boolean(j["alert"], field + ".alert")) t.kind = Target::Kind::alert;
  }
  bool filtered = t.kind == Target::Kind::message || t.kind == Target::Kind::alert;
  for (auto* k : {"from", "connection", "occurrence"})
    if (j.contains(k) && !filtered) r.error(field + "." + k, msg("lesson.error.filter_needs_message"));
  if (j.contains("from")) t.from = r.actor(j["from"], field + ".from");
  if (j.contains("connection"))
    if (auto n = r.integer(j["connection"], field + ".connection", 1, 1000)) t.connection = int(*n);
  if (j.contains("occurrence"))
    if (auto n = r.integer(j["occurrence"], field + ".occurrence", 1, 100000)) t.occurrence = int(*n);
  if (j.contains("show")) {
    if (auto s = r.string(j["show"], field + ".show")) {
      if (*s == "sent" || *s == "read")
        t.read = *s == "read";
      else
        r.error(field + ".show", msg("lesson.error.unknown_value").arg("value", *s).arg("list", "sent, read"));
    }
  }
  return t;
}

Query parse_query(const Reader& r, const json& j, const std::string& field) {
  Query q;
  if (!r.expect(j, field, json::value_t::object, msg("lesson.type.object"))) return q;
  r.known_keys(j, field, {"field", "derivation", "item", "negotiated", "outcome", "attack", "at", "value", "offset", "length"});
  int kinds = 0;
  for (auto* k : {"field", "derivation", "negotiated", "outcome", "attack"}) kinds += j.contains(k);
  if (kinds != 1) {
    r.error(field, msg("lesson.error.one_of").arg("list", "field, derivation, negotiated, outcome, attack"));
    return q;
  }
  if (j.contains("field")) {
    if (auto s = r.string(j["field"], field + ".field")) q.kind = Query::Kind::field, q.path = *s;
    if (j.contains("at")) q.at = parse_target(r, j["at"], field + ".at");
    if (j.contains("value"))
      if (auto b = r.boolean(j["value"], field + ".value")) q.value = *b;
  } else if (j.contains("derivation")) {
    if (auto s = r.string(j["derivation"], field + ".derivation")) q.kind = Query::Kind::derivation, q.path = *s;
    if (j.contains("item"))
      if (auto s = r.string(j["item"], field + ".item")) q.item = *s == "output" ? "" : *s;
  } else if (j.contains("negotiated")) {
    static const std::set<std::string> members = {"version", "cipher_suite", "group", "signature_scheme", "compression",
                                                  "extended_master_secret", "secure_renegotiation", "client_authenticated",
                                                  "key_exchange_mode", "early_data", "server_name", "handshakes"};
    if (auto s = r.string(j["negotiated"], field + ".negotiated")) {
      if (members.count(*s)) {
        q.kind = Query::Kind::negotiated, q.member = *s;
      } else {
        std::string list;
        for (auto& m : members) list += (list.empty() ? "" : ", ") + m;
        r.error(field + ".negotiated", msg("lesson.error.unknown_value").arg("value", *s).arg("list", list));
      }
    }
  } else if (j.contains("outcome")) {
    if (r.boolean(j["outcome"], field + ".outcome")) q.kind = Query::Kind::outcome;
  } else if (j.contains("attack")) {
    if (r.boolean(j["attack"], field + ".attack")) q.kind = Query::Kind::attack;
  }
  bool has_bytes = q.kind == Query::Kind::field || q.kind == Query::Kind::derivation;
  for (auto* k : {"offset", "length"}) {
    if (!j.contains(k)) continue;
    if (!has_bytes) r.error(field + "." + k, msg("lesson.error.slice_needs_bytes"));
    if (auto n = r.integer(j[k], field + "." + k, 0, 1 << 24)) (std::string(k) == "offset" ? q.offset : q.length) = uint32_t(*n);
  }
  if (j.contains("item") && q.kind != Query::Kind::derivation) r.error(field + ".item", msg("lesson.error.item_needs_derivation"));
  return q;
}

Option parse_option(const Reader& r, const json& j, const std::string& field) {
  Option o;
  if (j.is_string()) {
    o.text = {j.get<std::string>(), j.get<std::string>()};
  } else if (j.is_object() && j.contains("text")) {
    r.known_keys(j, field, {"text", "value"});
    if (j["text"].is_string())
      o.text = {j["text"].get<std::string>(), j["text"].get<std::string>()};
    else
      o.text = r.text(j["text"], field + ".text");
    if (j.contains("value"))
      if (auto s = r.string(j["value"], field + ".value")) o.value = *s;
  } else if (j.is_object()) {
    o.text = r.text(j, field);
  } else {
    r.error(field, msg("lesson.error.type").arg("type", msg("lesson.type.option")));
  }
  if (o.value.empty()) o.value = o.text.en;
  return o;
}

std::optional<Question> parse_question(const Reader& r, const json& j, const std::string& field) {
  if (!r.expect(j, field, json::value_t::object, msg("lesson.type.object"))) return std::nullopt;
  r.known_keys(j, field, {"kind", "prompt", "options", "correct", "answer", "from", "hints", "explanation"});
  Question q;
  static const std::vector<std::pair<const char*, Question::Kind>> kinds = {
      {"choice", Question::Kind::choice}, {"next_message", Question::Kind::next_message},
      {"next_alert", Question::Kind::next_alert}, {"value", Question::Kind::value}};
  if (!j.contains("kind")) {
    r.error(field + ".kind", msg("lesson.error.missing"));
  } else if (auto s = r.string(j["kind"], field + ".kind")) {
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](auto& k) { return *s == k.first; });
    if (it == kinds.end())
      r.error(field + ".kind", msg("lesson.error.unknown_value").arg("value", *s).arg("list", "choice, next_message, next_alert, value"));
    else
      q.kind = it->second;
  }
  if (!j.contains("prompt"))
    r.error(field + ".prompt", msg("lesson.error.missing"));
  else
    q.prompt = r.text(j["prompt"], field + ".prompt");
  if (j.contains("options") && r.expect(j["options"], field + ".options", json::value_t::array, msg("lesson.type.array")))
    for (size_t i = 0; i < j["options"].size(); ++i)
      q.options.push_back(parse_option(r, j["options"][i], field + ".options[" + std::to_string(i) + "]"));
  if (j.contains("correct"))
    if (auto n = r.integer(j["correct"], field + ".correct", 1, std::max<long long>(1, (long long)q.options.size())))
      q.correct = int(*n) - 1;
  if (j.contains("answer")) q.answer = parse_query(r, j["answer"], field + ".answer");
  bool next = q.kind == Question::Kind::next_message || q.kind == Question::Kind::next_alert;
  if (j.contains("from")) {
    if (!next) r.error(field + ".from", msg("lesson.error.from_needs_next"));
    q.answer.from = r.actor(j["from"], field + ".from");
  }
  if (next) {
    if (j.contains("answer") || j.contains("correct")) r.error(field + ".answer", msg("lesson.error.answer_implicit"));
    q.answer.kind = q.kind == Question::Kind::next_message ? Query::Kind::next_message : Query::Kind::next_alert;
  } else if (q.kind == Question::Kind::choice) {
    if (q.options.size() < 2) r.error(field + ".options", msg("lesson.error.choice_options"));
    if (j.contains("correct") == j.contains("answer")) r.error(field, msg("lesson.error.one_of").arg("list", "correct, answer"));
  } else if (q.kind == Question::Kind::value) {
    if (!j.contains("answer")) r.error(field + ".answer", msg("lesson.error.missing"));
    if (j.contains("correct") || j.contains("options")) r.error(field + ".options", msg("lesson.error.value_no_options"));
  }
  if (j.contains("hints") && r.expect(j["hints"], field + ".hints", json::value_t::array, msg("lesson.type.array")))
    for (size_t i = 0; i < j["hints"].size(); ++i) q.hints.push_back(r.text(j["hints"][i], field + ".hints[" + std::to_string(i) + "]"));
  if (j.contains("explanation")) q.explanation = r.text(j["explanation"], field + ".explanation");
  return q;
}

// A scenario named by a lesson: a built-in name, or a file relative to the lesson's folder.
Result<ScenarioOptions> scenario_named(const std::string& name, const std::string& lesson_file) {
  if (name.find('/') != std::string::npos || name.ends_with(".json")) {
    fs::path p = fs::path(name).is_absolute() ? fs::path(name) : fs::path(lesson_file).parent_path() / name;
    return load_scenario(p.string());
  }
  auto list = list_scenarios();
  for (auto& s : list)
    if (s.name == name) return load_scenario(s.path);
  return Failure{AlertDescription::internal_error, msg("io.no_such_scenario").arg("name", name)};
}

// Reads "scenario" (a name or an inline object) into options; false after an error.
bool read_scenario(const Reader& r, const json& j, const std::string& field, ScenarioOptions* out, std::string* name) {
  if (j.is_string()) {
    auto s = scenario_named(j.get<std::string>(), r.file);
    if (!s) {
      r.error(field, s.error().message());
      return false;
    }
    *out = s.value();
    *name = j.get<std::string>();
    return true;
  }
  if (j.is_object()) {
    auto s = scenario_from_json(j.dump(), r.file);
    if (!s) {
      r.error(field, s.error().message());
      return false;
    }
    *out = s.value();
    name->clear();
    return true;
  }
  r.error(field, msg("lesson.error.type").arg("type", msg("lesson.type.scenario")));
  return false;
}

// Applies "run" to the options in effect before the step; false after an error.
bool read_run(const Reader& r, const json& j, const std::string& field, ScenarioOptions* cur, RunChange* out) {
  if (!r.expect(j, field, json::value_t::object, msg("lesson.type.object"))) return false;
  r.known_keys(j, field, {"scenario", "set"});
  if (!j.contains("scenario") && !j.contains("set")) {
    r.error(field, msg("lesson.error.one_of").arg("list", "scenario, set"));
    return false;
  }
  ScenarioOptions o = *cur;
  if (j.contains("scenario")) {
    std::string name;
    if (!read_scenario(r, j["scenario"], field + ".scenario", &o, &name)) return false;
    out->scenario = name;
  }
  if (j.contains("set")) {
    if (!r.expect(j["set"], field + ".set", json::value_t::object, msg("lesson.type.object"))) return false;
    json base = json::parse(scenario_to_json(o));
    base.merge_patch(j["set"]);
    auto s = scenario_from_json(base.dump(), r.file);
    if (!s) {
      r.error(field + ".set", s.error().message());
      return false;
    }
    std::string keep_name = o.name;
    o = s.value();
    if (o.name.empty()) o.name = keep_name;
    out->set_json = j["set"].dump();
  }
  out->inline_scenario = o;
  *cur = o;
  return true;
}

}  // namespace

std::variant<Lesson, std::vector<LessonError>> parse_lesson(std::string_view text, const std::string& file) {
  std::vector<LessonError> errors;
  Reader r{file, "", &errors};
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    // Where the grammar broke and what was expected (the library only says how far it read).
    if (auto where = json_syntax_error(text)) {
      r.error("", msg("lesson.error.json")
                      .arg("line", std::to_string(where->line))
                      .arg("column", std::to_string(where->column))
                      .arg("error", where->what));
      return errors;
    }
    r.error("", msg("lesson.error.json_number"));
    return errors;
  } catch (const json::exception&) {
    r.error("", msg("lesson.error.json_number"));  // a number out of range (1e999)
    return errors;
  }
  if (!j.is_object()) {
    r.error("", msg("lesson.error.type").arg("type", msg("lesson.type.object")));
    return errors;
  }
  r.known_keys(j, "", {"format", "version", "id", "number", "title", "summary", "scenario", "parts"});
  if (!j.contains("format") || j["format"] != "tlslab-lesson") {
    r.error("format", msg("lesson.error.format"));
    return errors;
  }
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<long long>() != 1)
    r.error("version", msg("lesson.error.version"));
  Lesson l;
  l.path = file;
  for (auto* k : {"id", "number", "title", "summary", "scenario", "parts"})
    if (!j.contains(k)) r.error(k, msg("lesson.error.missing"));
  if (j.contains("id"))
    if (auto s = r.string(j["id"], "id")) {
      if (valid_id(*s))
        l.id = *s;
      else
        r.error("id", msg("lesson.error.bad_id").arg("id", *s));
    }
  if (j.contains("number"))
    if (auto n = r.integer(j["number"], "number", 1, 999)) l.number = int(*n);
  if (j.contains("title")) l.title = r.text(j["title"], "title");
  if (j.contains("summary")) l.summary = r.text(j["summary"], "summary");
  bool have_scenario = j.contains("scenario") && read_scenario(r, j["scenario"], "scenario", &l.scenario, &l.scenario_name);
  if (j.contains("parts") && r.expect(j["parts"], "parts", json::value_t::array, msg("lesson.type.array"))) {
    if (j["parts"].empty()) r.error("parts", msg("lesson.error.empty_list"));
    ScenarioOptions cur = l.scenario;
    std::set<std::string> ids;
    size_t number = 0;
    for (size_t pi = 0; pi < j["parts"].size(); ++pi) {
      const json& pj = j["parts"][pi];
      std::string pf = "parts[" + std::to_string(pi) + "]";
      r.step.clear();
      Part part;
      if (!r.expect(pj, pf, json::value_t::object, msg("lesson.type.object"))) continue;
      r.known_keys(pj, pf, {"title", "steps"});
      if (!pj.contains("title"))
        r.error(pf + ".title", msg("lesson.error.missing"));
      else
        part.title = r.text(pj["title"], pf + ".title");
      if (!pj.contains("steps") || !pj["steps"].is_array() || pj["steps"].empty()) {
        r.error(pf + ".steps", msg("lesson.error.empty_list"));
        l.parts.push_back(std::move(part));
        continue;
      }
      for (const json& sj : pj["steps"]) {
        ++number;
        Step st;
        st.id = std::to_string(number);
        r.step = st.id;
        if (!r.expect(sj, "", json::value_t::object, msg("lesson.type.object"))) continue;
        if (sj.contains("id") && sj["id"].is_string()) {
          std::string id = sj["id"].get<std::string>();
          r.step = std::to_string(number) + " (" + id + ")";
          if (!valid_id(id))
            r.error("id", msg("lesson.error.bad_id").arg("id", id));
          else if (!ids.insert(id).second)
            r.error("id", msg("lesson.error.duplicate_step").arg("id", id));
          else
            st.id = id;
        } else if (sj.contains("id")) {
          r.error("id", msg("lesson.error.type").arg("type", msg("lesson.type.string")));
        }
        r.known_keys(sj, "", {"id", "run", "at", "select", "view", "predict", "text", "question"});
        if (sj.contains("run") && have_scenario) {
          RunChange rc;
          if (read_run(r, sj["run"], "run", &cur, &rc)) st.run = std::move(rc);
        }
        if (sj.contains("at")) st.at = parse_target(r, sj["at"], "at");
        if (sj.contains("select")) {
          const json& s = sj["select"];
          if (r.expect(s, "select", json::value_t::object, msg("lesson.type.object"))) {
            r.known_keys(s, "select", {"field", "derivation", "item"});
            if (s.contains("field") == s.contains("derivation")) {
              r.error("select", msg("lesson.error.one_of").arg("list", "field, derivation"));
            } else if (s.contains("field")) {
              if (auto v = r.string(s["field"], "select.field")) st.select.kind = Highlight::Kind::field, st.select.field = *v;
              if (s.contains("item")) r.error("select.item", msg("lesson.error.item_needs_derivation"));
            } else {
              if (auto v = r.string(s["derivation"], "select.derivation")) st.select.kind = Highlight::Kind::derivation, st.select.derivation = *v;
              if (s.contains("item"))
                if (auto v = r.string(s["item"], "select.item")) st.select.item = *v;
            }
          }
        }
        if (sj.contains("view")) {
          if (auto v = r.string(sj["view"], "view")) {
            if (*v == "inspector") st.view = View::inspector;
            else if (*v == "keys") st.view = View::keys;
            else if (*v == "record") st.view = View::record;
            else r.error("view", msg("lesson.error.unknown_value").arg("value", *v).arg("list", "inspector, keys, record"));
          }
        }
        if (!sj.contains("text"))
          r.error("text", msg("lesson.error.missing"));
        else
          st.text = r.text(sj["text"], "text");
        if (sj.contains("question")) st.question = parse_question(r, sj["question"], "question");
        if (sj.contains("predict"))
          if (auto b = r.boolean(sj["predict"], "predict")) st.predict = *b;
        if (st.predict && !sj.contains("question")) r.error("predict", msg("lesson.error.predict_needs_question"));
        part.steps.push_back(std::move(st));
      }
      l.parts.push_back(std::move(part));
    }
  }
  if (!errors.empty()) return errors;
  return l;
}

// ---- reading the runs ----------------------------------------------------------------------

namespace {

// The messages a record carries, for targets and "which message comes next": its handshake
// messages (the tree's nodes with a msg_type), else its record type's name.
std::vector<std::string> messages_of(const Event& e) {
  std::vector<std::string> out;
  if (e.http) return {"HTTP"};
  std::function<void(const Field&)> walk = [&](const Field& f) {
    for (auto& c : f.children)
      if (c.name == "msg_type") {
        out.push_back(f.name);
        return;
      }
    for (auto& c : f.children) walk(c);
  };
  if (e.layer == ContentType::handshake) walk(e.tree);
  if (!out.empty()) return out;
  if (!e.layer) return out;
  switch (*e.layer) {
    case ContentType::change_cipher_spec: return {"ChangeCipherSpec"};
    case ContentType::alert: return {"Alert"};
    case ContentType::application_data: return {"ApplicationData"};
    default: return out;
  }
}

bool same_name(std::string_view a, std::string_view b) { return same_answer(a, b); }

uint32_t shown_at(const Event& e, bool read) { return read && e.delivered ? *e.delivered : e.step; }

struct Shown {
  size_t position = 0;
  std::optional<uint32_t> event;
};

Result<Shown> resolve_target(const Trace& t, size_t total, const Target& target) {
  switch (target.kind) {
    case Target::Kind::none:
    case Target::Kind::start: return Shown{0, std::nullopt};
    case Target::Kind::end: return Shown{total, std::nullopt};
    case Target::Kind::step:
      if (target.n > total)
        return Failure{AlertDescription::internal_error, msg("lesson.error.no_step").arg("n", std::to_string(target.n)).arg("total", std::to_string(total))};
      return Shown{target.n, std::nullopt};
    case Target::Kind::event:
      if (target.n >= t.events.size())
        return Failure{AlertDescription::internal_error, msg("lesson.error.no_event_index").arg("n", std::to_string(target.n)).arg("total", std::to_string(t.events.size()))};
      return Shown{shown_at(t.events[target.n], target.read), target.n};
    case Target::Kind::message:
    case Target::Kind::alert: {
      int seen = 0;
      for (uint32_t i = 0; i < t.events.size(); ++i) {
        const Event& e = t.events[i];
        if (target.from && e.from != *target.from) continue;
        if (target.connection && e.connection != target.connection) continue;
        bool match = false;
        if (target.kind == Target::Kind::alert) {
          match = e.alert.has_value();
        } else {
          for (auto& m : messages_of(e)) match |= same_name(m, target.message);
        }
        if (match && ++seen == target.occurrence) return Shown{shown_at(e, target.read), i};
      }
      Message what = target.kind == Target::Kind::alert ? msg("lesson.what.alert") : msg("lesson.what.message").arg("name", target.message);
      return Failure{AlertDescription::internal_error, msg("lesson.error.no_match").arg("what", what).arg("n", std::to_string(target.occurrence))};
    }
  }
  return Shown{};
}

// The first node, depth first, whose path is `path` or ends with "/" + path.
std::optional<std::vector<int>> find_field(const Field& root, const std::string& path) {
  std::vector<int> idx;
  std::optional<std::vector<int>> found;
  std::function<void(const Field&)> walk = [&](const Field& f) {
    if (found) return;
    auto p = field_path(root, idx);
    if (p && (*p == path || (p->size() > path.size() && p->ends_with(path) && (*p)[p->size() - path.size() - 1] == '/'))) {
      found = idx;
      return;
    }
    for (size_t i = 0; i < f.children.size() && !found; ++i) {
      idx.push_back(int(i));
      walk(f.children[i]);
      idx.pop_back();
    }
  };
  walk(root);
  return found;
}

struct Located {
  uint32_t event;
  const Derivation* d;
  bool receiver;  // made by the record's receiver when it read it
};
std::optional<Located> find_derivation(const Trace& t, const std::string& id) {
  for (uint32_t i = 0; i < t.events.size(); ++i) {
    for (auto& d : t.events[i].derivations)
      if (d.id == id) return Located{i, &d, false};
    for (auto& d : t.events[i].receiver_derivations)
      if (d.id == id) return Located{i, &d, true};
  }
  return std::nullopt;
}

// A derivation item's value: the output, a part of it, an input or a step.
std::optional<NamedBytes> derivation_item(const Derivation& d, const std::string& item) {
  if (item.empty() || item == "output") {
    NamedBytes n;
    n.name = "output", n.value = d.output;
    return n;
  }
  for (auto& p : d.parts)
    if (p.name == item && p.offset + p.length <= d.output.size()) {
      NamedBytes n;
      n.name = p.name, n.value = Bytes(d.output.begin() + long(p.offset), d.output.begin() + long(p.offset + p.length));
      return n;
    }
  if (auto* n = d.input(item)) return *n;
  if (auto* n = d.step(item)) return *n;
  return std::nullopt;
}

std::string item_names(const Derivation& d) {
  std::string out = "output";
  for (auto& p : d.parts) out += ", " + p.name;
  for (auto& n : d.inputs) out += ", " + n.name;
  for (auto& n : d.steps) out += ", " + n.name;
  return out;
}

Failure why(Message m) { return Failure{AlertDescription::internal_error, std::move(m)}; }

Result<std::string> slice_hex(const Bytes& b, const Query& q) {
  if (q.offset > b.size() || (q.length && q.offset + q.length > b.size()))
    return why(msg("lesson.error.slice").arg("offset", std::to_string(q.offset)).arg("length", std::to_string(q.length)).arg("size", std::to_string(b.size())));
  size_t len = q.length ? q.length : b.size() - q.offset;
  if (len == 0) return why(msg("lesson.error.empty_value"));
  return to_hex(ByteView(b.data() + q.offset, len));
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

Result<std::string> negotiated_member(const Trace& t, const std::string& m) {
  const Negotiated& n = t.negotiated;
  std::string v;
  if (m == "version") v = n.version ? version_name(n.version) : "";
  else if (m == "cipher_suite") v = n.cipher_suite ? suite_name(n.cipher_suite) : "";
  else if (m == "group") v = n.group ? name_of(*n.group) : "";
  else if (m == "signature_scheme") v = n.signature_scheme ? name_of(*n.signature_scheme) : "";
  else if (m == "compression") v = n.compression_method == 1 ? "deflate" : "null";
  else if (m == "extended_master_secret") v = yes_no(n.extended_master_secret);
  else if (m == "secure_renegotiation") v = yes_no(n.secure_renegotiation);
  else if (m == "client_authenticated") v = yes_no(n.client_authenticated);
  else if (m == "key_exchange_mode") v = n.key_exchange_mode;
  else if (m == "early_data") v = n.early_data;
  else if (m == "server_name") v = n.server_name;
  else if (m == "handshakes") v = std::to_string(n.handshakes);
  if (v.empty()) return why(msg("lesson.error.not_negotiated").arg("member", m));
  return v;
}

}  // namespace

// ---- the state of each step ----------------------------------------------------------------

// The runs a lesson uses (one per distinct options), and each step's state, computed once.
struct Player::Resolved {
  struct Run {
    ScenarioOptions options;
    Trace trace;
    size_t total = 0;
  };
  std::vector<std::unique_ptr<Run>> runs;
  std::map<std::string, size_t> by_options;  // scenario JSON -> run

  const Run& run_of(const ScenarioOptions& o) {
    std::string key = scenario_to_json(o);
    auto it = by_options.find(key);
    if (it != by_options.end()) return *runs[it->second];
    auto r = std::make_unique<Run>();
    r->options = o;
    Simulation s(o);
    s.run_to_end();
    r->trace = s.trace();
    r->total = s.step_count();
    by_options[key] = runs.size();
    runs.push_back(std::move(r));
    return *runs.back();
  }
};

namespace {

// What one step shows: its run, position, event and highlight, or the first thing that could
// not be found (with the step field it came from).
struct StepState {
  const ScenarioOptions* options = nullptr;
  const Trace* trace = nullptr;
  size_t total = 0;
  size_t position = 0;
  std::optional<uint32_t> event;
  std::optional<std::vector<int>> field;
  std::string derivation, item;
  std::string error_field;
  std::optional<Failure> error;
};

Target target_of(Target::Kind k, uint32_t n = 0) {
  Target t;
  t.kind = k, t.n = n;
  return t;
}

const ScenarioOptions& options_at(const Lesson& l, size_t i) {
  for (size_t k = i + 1; k-- > 0;)
    if (auto& rc = l.step(k).run; rc && rc->inline_scenario) return *rc->inline_scenario;
  return l.scenario;
}

// The step's own target, or the nearest earlier one (the first step: the start).
Target target_at(const Lesson& l, size_t i) {
  for (size_t k = i + 1; k-- > 0;)
    if (l.step(k).at.kind != Target::Kind::none) return l.step(k).at;
  return target_of(Target::Kind::start);
}

StepState state_of(const Lesson& l, size_t i, bool revealed, Player::Resolved& res) {
  StepState s;
  const Step& st = l.step(i);
  const auto& run = res.run_of(options_at(l, i));
  s.options = &run.options;
  s.trace = &run.trace;
  s.total = run.total;
  bool before = st.predict && !revealed;
  // Before a prediction is revealed, the previous step's position; on a step that starts another
  // scenario, that scenario's start (the previous position could already show the answer).
  bool new_scenario = st.run && (!st.run->scenario.empty() || st.run->set_json.empty());
  Target target = before ? (i > 0 && !new_scenario ? target_at(l, i - 1) : target_of(Target::Kind::start)) : target_at(l, i);
  // A derivation highlighted on a step that names no target of its own shows the event that
  // holds it.
  std::optional<Located> loc;
  if (!before && st.select.kind == Highlight::Kind::derivation) {
    loc = find_derivation(run.trace, st.select.derivation);
    if (!loc) {
      s.error_field = "select.derivation";
      s.error = why(msg("lesson.error.no_derivation").arg("id", st.select.derivation));
      return s;
    }
    if (st.at.kind == Target::Kind::none) {
      // Shown once it exists: a receiver's derivation when the record is read.
      target = target_of(Target::Kind::event, loc->event);
      target.read = loc->receiver;
    }
  }
  auto shown = resolve_target(run.trace, run.total, target);
  if (!shown) {
    s.error_field = "at";
    s.error = shown.error();
    return s;
  }
  s.position = shown->position;
  s.event = shown->event;
  if (before) return s;
  if (st.select.kind == Highlight::Kind::field) {
    if (!s.event) {
      s.error_field = "select.field";
      s.error = why(msg("lesson.error.field_needs_event"));
      return s;
    }
    s.field = find_field(run.trace.events[*s.event].tree, st.select.field);
    if (!s.field) {
      s.error_field = "select.field";
      s.error = why(msg("lesson.error.no_field").arg("path", st.select.field).arg("n", std::to_string(*s.event)).arg("name", run.trace.events[*s.event].name));
      return s;
    }
  } else if (loc) {
    if (!st.select.item.empty() && !derivation_item(*loc->d, st.select.item)) {
      s.error_field = "select.item";
      s.error = why(msg("lesson.error.no_item").arg("id", st.select.derivation).arg("item", st.select.item).arg("list", item_names(*loc->d)));
      return s;
    }
    s.derivation = st.select.derivation;
    s.item = st.select.item;
  }
  return s;
}

// A question's answer: computed from the run as the step shows it when asked (`asked`) and once
// revealed (`shown`: the event a field query reads by default).
Result<std::string> compute(const Query& q, const StepState& asked, const StepState& shown) {
  const Trace& t = *shown.trace;
  switch (q.kind) {
    case Query::Kind::none: return why(msg("lesson.error.no_query"));
    case Query::Kind::next_message:
    case Query::Kind::next_alert: {
      for (auto& e : asked.trace->events) {
        if (e.step <= asked.position) continue;
        if (q.from && e.from != *q.from) continue;
        if (q.kind == Query::Kind::next_alert) {
          if (e.alert) return std::string(name_of(e.alert->description));
          continue;
        }
        auto m = messages_of(e);
        if (!m.empty()) return m.front();
      }
      return why(q.kind == Query::Kind::next_alert ? msg("lesson.error.no_next_alert").arg("n", std::to_string(asked.position))
                                                   : msg("lesson.error.no_next_message").arg("n", std::to_string(asked.position)));
    }
    case Query::Kind::field: {
      std::optional<uint32_t> ev = shown.event;
      if (q.at) {
        auto r = resolve_target(t, shown.total, *q.at);
        if (!r) return r.error();
        ev = r->event;
      }
      if (!ev) return why(msg("lesson.error.field_needs_event"));
      const Event& e = t.events[*ev];
      auto idx = find_field(e.tree, q.path);
      if (!idx) return why(msg("lesson.error.no_field").arg("path", q.path).arg("n", std::to_string(*ev)).arg("name", e.name));
      auto path = field_path(e.tree, *idx);
      if (q.value) {
        const Field* f = field_at(e.tree, *path);
        if (f->value.empty()) return why(msg("lesson.error.empty_value"));
        return f->value;
      }
      auto b = field_bytes(t, *ev, *path);
      if (!b) return why(msg("lesson.error.no_field").arg("path", q.path).arg("n", std::to_string(*ev)).arg("name", e.name));
      return slice_hex(Bytes(b->begin(), b->end()), q);
    }
    case Query::Kind::derivation: {
      auto loc = find_derivation(t, q.path);
      if (!loc) return why(msg("lesson.error.no_derivation").arg("id", q.path));
      auto item = derivation_item(*loc->d, q.item);
      if (!item) return why(msg("lesson.error.no_item").arg("id", q.path).arg("item", q.item).arg("list", item_names(*loc->d)));
      if (item->is_text) return std::string(item->value.begin(), item->value.end());
      return slice_hex(item->value, q);
    }
    case Query::Kind::negotiated: return negotiated_member(t, q.member);
    case Query::Kind::outcome: return std::string(name_of(t.outcome.kind));
    case Query::Kind::attack:
      if (!t.attack) return why(msg("lesson.error.no_attack"));
      if (!t.attack->succeeded) return why(msg("lesson.error.attack_undecided"));
      return std::string(*t.attack->succeeded ? "succeeded" : "failed");
  }
  return why(msg("lesson.error.no_query"));
}

// The option a computed answer stands for, or -1.
int option_for(const Question& q, const std::string& answer) {
  for (size_t i = 0; i < q.options.size(); ++i)
    if (same_answer(answer, q.options[i].value)) return int(i);
  return -1;
}

}  // namespace

std::vector<LessonError> check_lesson(const Lesson& l) {
  std::vector<LessonError> out;
  Player::Resolved res;
  for (size_t i = 0; i < l.step_count(); ++i) {
    const Step& st = l.step(i);
    std::string step = std::to_string(i + 1) + (st.id == std::to_string(i + 1) ? "" : " (" + st.id + ")");
    auto add = [&](std::string field, Message m) { out.push_back({l.path, step, std::move(field), std::move(m)}); };
    StepState shown = state_of(l, i, true, res);
    if (shown.error) {
      add(shown.error_field, shown.error->message());
      continue;
    }
    if (!st.question) continue;
    StepState asked = state_of(l, i, false, res);
    if (asked.error) {
      add("predict", asked.error->message());
      continue;
    }
    const Question& q = *st.question;
    if (q.kind == Question::Kind::choice && q.correct) continue;
    auto a = compute(q.answer, asked, shown);
    if (!a) {
      add("question.answer", a.error().message());
      continue;
    }
    if ((q.kind != Question::Kind::value && !q.options.empty()) && option_for(q, a.value()) < 0)
      add("question.options", msg("lesson.error.answer_not_option").arg("answer", a.value()));
  }
  return out;
}

// ---- files ---------------------------------------------------------------------------------

std::string lessons_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("TLSLAB_LESSONS")) candidates.push_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../share/tlslab/lessons");
    candidates.push_back(exe.parent_path() / "../../lessons");  // build/app/tlslab
    candidates.push_back(exe.parent_path() / "../../../lessons");
  }
#ifdef TLSLAB_LESSONS_DIR
  candidates.push_back(TLSLAB_LESSONS_DIR);
#endif
  for (auto& c : candidates)
    if (fs::is_directory(c, ec)) return fs::weakly_canonical(c, ec).string();
  return "";
}

// Lessons are small: anything over 4 MiB (found while reading) or not a regular file is refused.
std::optional<std::string> read_lesson_file(const std::string& path, std::vector<LessonError>* errors) {
  auto text = read_file_capped(path, 4u << 20);
  if (!text) {
    errors->push_back({"", "", "", text.error().message()});  // the message names the file
    return std::nullopt;
  }
  return std::move(*text);
}

LessonSet load_lessons(const std::string& dir) {
  LessonSet out;
  if (dir.empty()) return out;
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> seen;
  for (auto& p : files) {
    auto text = read_lesson_file(p.string(), &out.errors);
    if (!text) continue;
    auto r = parse_lesson(*text, p.string());
    if (auto* errs = std::get_if<std::vector<LessonError>>(&r)) {
      out.errors.insert(out.errors.end(), errs->begin(), errs->end());
      continue;
    }
    Lesson& l = std::get<Lesson>(r);
    if (l.id != p.stem().string()) {
      out.errors.push_back({p.string(), "", "id", msg("lesson.error.id_file").arg("id", l.id).arg("file", p.filename().string())});
      continue;
    }
    if (auto [it, fresh] = seen.emplace(l.id, p.string()); !fresh) continue;  // the name is the file's: cannot repeat
    out.lessons.push_back(std::move(l));
  }
  std::sort(out.lessons.begin(), out.lessons.end(), [](auto& a, auto& b) { return std::tie(a.number, a.id) < std::tie(b.number, b.id); });
  return out;
}

std::variant<Lesson, std::vector<LessonError>> find_lesson(const std::string& id_or_path) {
  std::error_code ec;
  std::vector<LessonError> errors;
  if (id_or_path.find('/') != std::string::npos || id_or_path.ends_with(".json") || fs::exists(id_or_path, ec)) {
    auto text = read_lesson_file(id_or_path, &errors);
    if (!text) return errors;
    return parse_lesson(*text, id_or_path);
  }
  std::string dir = lessons_dir();
  fs::path p = fs::path(dir) / (id_or_path + ".json");
  if (!dir.empty() && valid_id(id_or_path) && fs::exists(p, ec)) {
    auto text = read_lesson_file(p.string(), &errors);
    if (!text) return errors;
    return parse_lesson(*text, p.string());
  }
  std::string list;
  for (auto& l : load_lessons(dir).lessons) list += (list.empty() ? "" : ", ") + l.id;
  errors.push_back({"", "", "", msg("lesson.error.not_found").arg("id", id_or_path).arg("list", list)});
  return errors;
}

// ---- answers -------------------------------------------------------------------------------

namespace {

std::string trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string_view::npos ? "" : std::string(s.substr(a, b - a + 1));
}

// Hex bytes with separators and 0x prefixes removed, lower case; none when not hex.
std::optional<std::string> as_hex(std::string_view s) {
  std::string out;
  std::string t = trim(s);
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '0' && i + 1 < t.size() && (t[i + 1] == 'x' || t[i + 1] == 'X') && (i == 0 || !std::isxdigit((unsigned char)t[i - 1]))) {
      ++i;
      continue;
    }
    if (c == ' ' || c == ':') continue;
    if (!std::isxdigit((unsigned char)c)) return std::nullopt;
    out += char(std::tolower((unsigned char)c));
  }
  if (out.empty() || out.size() % 2) return std::nullopt;
  return out;
}

std::string folded(std::string_view s) {
  std::string out;
  for (char c : trim(s))
    if (c != ' ' && c != '_' && c != '-') out += char(std::tolower((unsigned char)c));
  return out;
}

}  // namespace

bool same_answer(std::string_view expected, std::string_view given) {
  auto a = as_hex(expected), b = as_hex(given);
  if (a && b && *a == *b) return true;
  return !folded(expected).empty() && folded(expected) == folded(given);
}

// ---- the player ----------------------------------------------------------------------------

Player::Player(Lesson l) : lesson_(std::move(l)), r_(std::make_shared<Resolved>()) {}

bool Player::go(size_t i) {
  if (i >= count()) return false;
  if (i != index_) {
    index_ = i;
    revealed_ = false;
    attempts_ = 0;
  }
  return true;
}

// The state is recomputed per call (cheap once the run is cached) so the Player stays copyable.
#define SIM_LESSON_STATE() state_of(lesson_, index_, revealed_ || !step().predict, *r_)

const ScenarioOptions& Player::options() const { return options_at(lesson_, index_); }  // no run needed
const Trace& Player::trace() const { return *SIM_LESSON_STATE().trace; }
size_t Player::position() const { return SIM_LESSON_STATE().position; }
std::optional<uint32_t> Player::event() const { return SIM_LESSON_STATE().event; }
std::optional<std::vector<int>> Player::field() const { return SIM_LESSON_STATE().field; }
std::string Player::derivation() const { return SIM_LESSON_STATE().derivation; }
std::string Player::item() const { return SIM_LESSON_STATE().item; }
#undef SIM_LESSON_STATE

Result<std::string> Player::answer() const {
  if (!step().question) return why(msg("lesson.error.no_question"));
  const Question& q = *step().question;
  if (q.kind == Question::Kind::choice && q.correct) return std::to_string(*q.correct + 1);
  StepState asked = state_of(lesson_, index_, false, *r_);
  StepState shown = state_of(lesson_, index_, true, *r_);
  if (shown.error) return *shown.error;
  auto a = compute(q.answer, asked, shown);
  if (!a || q.kind != Question::Kind::choice) return a;
  int k = option_for(q, a.value());
  if (k < 0) return why(msg("lesson.error.answer_not_option").arg("answer", a.value()));
  return std::to_string(k + 1);
}

Feedback Player::check(std::string_view given) {
  Feedback f;
  auto a = answer();
  if (!a) {
    f.message = a.error().message();
    return f;
  }
  f.expected = a.value();
  const Question& q = *step().question;
  std::string g = trim(given);
  if (!q.options.empty()) {
    // An option by its number, or by its text in either language or its value.
    char* end = nullptr;
    long n = std::strtol(g.c_str(), &end, 10);
    if (!g.empty() && end && *end == 0 && n >= 1 && size_t(n) <= q.options.size()) {
      g = q.options[size_t(n - 1)].value;
    } else {
      for (auto& o : q.options)
        if (same_answer(o.text.en, g) || same_answer(o.text.fr, g)) g = o.value;
    }
  }
  std::string expected_value = f.expected;
  if (q.kind == Question::Kind::choice) expected_value = q.options[size_t(std::stoi(f.expected) - 1)].value;
  f.correct = same_answer(expected_value, g);
  if (f.correct) {
    f.message = msg("lesson.feedback.correct");
  } else {
    ++attempts_;
    f.message = msg("lesson.feedback.wrong");
  }
  return f;
}

std::vector<const Text*> Player::hints() const {
  std::vector<const Text*> out;
  if (!step().question) return out;
  auto& h = step().question->hints;
  for (size_t i = 0; i < h.size() && int(i) < attempts_; ++i) out.push_back(&h[i]);
  return out;
}

// ---- narration -----------------------------------------------------------------------------

std::vector<Block> narration(std::string_view text) {
  std::vector<Block> out;
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  lines.push_back(cur);
  // Paragraph text gathered over lines, then split into spans.
  std::string para;
  bool item = false;
  auto flush = [&] {
    std::string p = trim(para);
    para.clear();
    if (p.empty()) return;
    Block b;
    b.item = item;
    Span s;
    for (size_t i = 0; i < p.size(); ++i) {
      bool bold_mark = !s.code && p.compare(i, 2, "**") == 0;
      bool code_mark = p[i] == '`';
      if (bold_mark || code_mark) {
        if (!s.text.empty()) b.spans.push_back(s);
        s.text.clear();
        if (bold_mark) s.bold = !s.bold, ++i;
        else s.code = !s.code;
        continue;
      }
      s.text += p[i];
    }
    if (!s.text.empty()) b.spans.push_back(s);
    out.push_back(std::move(b));
  };
  for (auto& l : lines) {
    std::string t = trim(l);
    if (t.empty()) {
      flush();
      item = false;
    } else if (t.rfind("- ", 0) == 0) {
      flush();
      item = true;
      para = t.substr(2);
    } else {
      para += (para.empty() ? "" : " ") + t;
    }
  }
  flush();
  return out;
}

}  // namespace sim::lesson

// The catalog's lesson part: what the lesson loader, checker and player say (sim/lesson).
#include "core/catalog_parts.hpp"

namespace sim {

const std::vector<CatalogEntry>& catalog_lessons() {
  static const std::vector<CatalogEntry> k = {
  // ---- where an error is ----
  {"lesson.error.at_step", "step {step}", "étape {step}"},
  {"lesson.error.where", "{where}: {problem}", "{where} : {problem}"},
  // ---- what a value should have been ----
  {"lesson.type.string", "a string", "une chaîne"},
  {"lesson.type.integer", "an integer", "un entier"},
  {"lesson.type.boolean", "true or false", "true ou false"},
  {"lesson.type.text", "a text {\"en\": ..., \"fr\": ...}", "un texte {\"en\": ..., \"fr\": ...}"},
  {"lesson.type.object", "an object {...}", "un objet {...}"},
  {"lesson.type.array", "a list [...]", "une liste [...]"},
  {"lesson.type.option", "a string, a text or {\"text\": ..., \"value\": ...}", "une chaîne, un texte ou {\"text\": ..., \"value\": ...}"},
  {"lesson.type.scenario", "a scenario name or a scenario object", "un nom de scénario ou un objet scénario"},
  // ---- the file's structure ----
  {"lesson.error.json", "not valid JSON at line {line}, column {column}: {error}", "JSON invalide à la ligne {line}, colonne {column} : {error}"},
  {"lesson.error.json_number", "not valid JSON: a number is out of range", "JSON invalide : un nombre est hors limites"},
  {"lesson.error.format", "not a tlslab lesson: \"format\" must be \"tlslab-lesson\"", "pas une leçon tlslab : \"format\" doit valoir \"tlslab-lesson\""},
  {"lesson.error.version", "unsupported version: this tlslab reads lesson version 1", "version non prise en charge : ce tlslab lit les leçons de version 1"},
  {"lesson.error.type", "must be {type}", "doit être {type}"},
  {"lesson.error.missing", "is required", "est obligatoire"},
  {"lesson.error.unknown_key", "unknown key '{key}' (known here: {list})", "clé inconnue « {key} » (connues ici : {list})"},
  {"lesson.error.unknown_value", "unknown value '{value}' (expected one of: {list})", "valeur inconnue « {value} » (attendu l'un de : {list})"},
  {"lesson.error.one_of", "give exactly one of: {list}", "donner exactement un de : {list}"},
  {"lesson.error.range", "must be between {min} and {max}", "doit être entre {min} et {max}"},
  {"lesson.error.empty_text", "the text in this language is missing or empty", "le texte dans cette langue manque ou est vide"},
  {"lesson.error.empty_list", "needs at least one entry", "il faut au moins une entrée"},
  {"lesson.error.bad_id", "'{id}' is not a valid id (lower-case letters, digits and '-')", "« {id} » n'est pas un identifiant valide (minuscules, chiffres et « - »)"},
  {"lesson.error.duplicate_step", "the step id '{id}' is already used in this lesson", "l'identifiant d'étape « {id} » est déjà pris dans cette leçon"},
  {"lesson.error.id_file", "the lesson id '{id}' differs from its file name '{file}'", "l'identifiant de leçon « {id} » diffère du nom de son fichier « {file} »"},
  {"lesson.error.filter_needs_message", "only a \"message\" or \"alert\" target takes this filter", "seule une cible \"message\" ou \"alert\" accepte ce filtre"},
  {"lesson.error.slice_needs_bytes", "only a field or derivation answer has bytes to slice", "seule une réponse champ ou dérivation a des octets à découper"},
  {"lesson.error.item_needs_derivation", "\"item\" goes with \"derivation\"", "\"item\" va avec \"derivation\""},
  {"lesson.error.from_needs_next", "\"from\" goes with a next_message or next_alert question", "\"from\" va avec une question next_message ou next_alert"},
  {"lesson.error.answer_implicit", "this kind of question computes its answer itself: give no \"answer\" or \"correct\"", "ce type de question calcule lui-même sa réponse : ne pas donner \"answer\" ni \"correct\""},
  {"lesson.error.choice_options", "a choice needs at least two options", "un choix demande au moins deux options"},
  {"lesson.error.value_no_options", "a value question is typed: no options or \"correct\"", "une question de valeur se tape : pas d'options ni de \"correct\""},
  {"lesson.error.predict_needs_question", "a prediction needs a question", "une prédiction demande une question"},
  {"lesson.error.not_found", "no lesson '{id}' (lessons: {list})", "pas de leçon « {id} » (leçons : {list})"},
  // ---- checked against the run ----
  {"lesson.what.alert", "alert", "alerte"},
  {"lesson.what.message", "record carrying '{name}'", "enregistrement portant « {name} »"},
  {"lesson.error.no_match", "the run has no {what} number {n} that matches", "l'exécution n'a pas de {what} numéro {n} qui corresponde"},
  {"lesson.error.no_step", "the run has no step {n} (it has {total})", "l'exécution n'a pas d'étape {n} (elle en a {total})"},
  {"lesson.error.no_event_index", "the run has no event {n} (it has {total})", "l'exécution n'a pas d'événement {n} (elle en a {total})"},
  {"lesson.error.field_needs_event", "no event is selected to find this field in (give \"at\")", "aucun événement sélectionné où chercher ce champ (donner \"at\")"},
  {"lesson.error.no_field", "event {n} ({name}) has no field '{path}'", "l'événement {n} ({name}) n'a pas de champ « {path} »"},
  {"lesson.error.no_derivation", "the run has no derivation '{id}'", "l'exécution n'a pas de dérivation « {id} »"},
  {"lesson.error.no_item", "derivation '{id}' has no item '{item}' (it has: {list})", "la dérivation « {id} » n'a pas d'élément « {item} » (elle a : {list})"},
  {"lesson.error.slice", "bytes [{offset}, +{length}) lie outside the value's {size} bytes", "les octets [{offset}, +{length}) sortent des {size} octets de la valeur"},
  {"lesson.error.empty_value", "the value is empty", "la valeur est vide"},
  {"lesson.error.not_negotiated", "the run negotiated no {member}", "l'exécution n'a pas négocié de {member}"},
  {"lesson.error.no_next_message", "no message is sent after step {n}", "aucun message n'est envoyé après l'étape {n}"},
  {"lesson.error.no_next_alert", "no alert is sent after step {n}", "aucune alerte n'est envoyée après l'étape {n}"},
  {"lesson.error.no_attack", "the run has no scripted attack", "l'exécution n'a pas d'attaque scriptée"},
  {"lesson.error.attack_undecided", "the attack's verdict is not decided", "le verdict de l'attaque n'est pas tranché"},
  {"lesson.error.no_query", "the question has no answer to compute", "la question n'a pas de réponse à calculer"},
  {"lesson.error.no_question", "this step asks no question", "cette étape ne pose pas de question"},
  {"lesson.error.answer_not_option", "the run's answer '{answer}' is none of the options", "la réponse de l'exécution « {answer} » n'est aucune des options"},
  // ---- feedback ----
  {"lesson.feedback.correct", "Correct.", "Exact."},
  {"lesson.feedback.wrong", "Not quite.", "Pas tout à fait."},
  };
  return k;
}

}  // namespace sim

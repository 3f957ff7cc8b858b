// Catalog part: the handout (HTML and Markdown report) and the whole-ladder PNG export
// (issue 15, "exports that teach"). Same rules as catalog.cpp: both languages, the same
// {placeholders}, every key used.
#include "core/catalog_parts.hpp"

namespace sim {

// clang-format off
const std::vector<CatalogEntry>& catalog_exports() {
  static const std::vector<CatalogEntry> k = {
  // ---- the report as a handout (sim/export/report.cpp) ----
  {"report.contents", "Contents", "Sommaire"},
  {"report.messages", "Messages", "Messages"},
  {"report.messages_intro", "Each record as it was sent, with its fields and what each field means.",
   "Chaque enregistrement tel qu'il a été envoyé, avec ses champs et le rôle de chacun."},
  {"report.derivations", "Derivations", "Dérivations"},
  {"report.derivations_intro", "Each computation of the run: what it is, its formula, its inputs, its intermediate steps and its output.",
   "Chaque calcul de l'exécution : ce qu'il est, sa formule, ses entrées, ses étapes intermédiaires et sa sortie."},
  {"report.derivations_at", "At event {n}: {title}", "À l'événement {n} : {title}"},
  {"report.derivations_here", "Derivations of this record:", "Dérivations de cet enregistrement :"},
  {"report.masked", "hidden ({n} bytes)", "masqué ({n} octets)"},
  {"report.secrets_masked", "Secret values (private keys, pre_master_secret, master_secret, traffic secrets, keys) are masked: this handout is for working them out. Write it with secrets shown for the answers (tlslab run --report-secrets shown, or the Export panel's checkbox).",
   "Les valeurs secrètes (clés privées, pre_master_secret, master_secret, secrets de trafic, clés) sont masquées : ce document sert à les retrouver. Écrivez-le avec les secrets affichés pour avoir les réponses (tlslab run --report-secrets shown, ou la case du panneau Exporter)."},
  {"report.secrets_shown", "Secret values are shown: with them anyone can decrypt this run's records (they belong to this simulation only).",
   "Les valeurs secrètes sont affichées : elles permettent à chacun de déchiffrer les enregistrements de cette exécution (elles n'appartiennent qu'à cette simulation)."},
  {"report.key_log_masked", "The key log holds the master secrets: it is left out while secrets are masked.",
   "Le journal des clés contient les master secrets : il est omis tant que les secrets sont masqués."},
  // ---- the Export panel (app/gui/panels/export_panel.cpp) ----
  {"export.report_secrets", "Show secrets in the report", "Secrets affichés dans le rapport"},
  {"export.report_secrets_hint", "Unticked, the report masks private keys, secrets and keys: a handout for working them out. Ticked, it is the answer key.",
   "Décochée, le rapport masque les clés privées, les secrets et les clés : un document pour les retrouver. Cochée, c'est le corrigé."},
  {"export.png_width", "PNG width", "Largeur du PNG"},
  {"export.png_theme", "PNG theme", "Thème du PNG"},
  {"export.png_light", "light (print)", "clair (impression)"},
  {"export.png_dark", "dark", "sombre"},
  {"export.png_hint", "The PNG is the whole ladder, drawn for print at this width, whatever the window shows.",
   "Le PNG est l'échelle entière, dessinée pour l'impression à cette largeur, quoi qu'affiche la fenêtre."},
  };
  return k;
}
// clang-format on

}  // namespace sim

#include "i18n.hpp"

#include "present/glossary.hpp"

#include <cctype>
#include <unordered_map>

namespace gui {

namespace {

Lang g_lang = Lang::en;
std::vector<std::string>* g_recorder = nullptr;

// clang-format off
const std::vector<I18nEntry> kTable = {
  // ---- application, menus ----
  {"app.title", "tlslab: SSL/TLS handshake simulator", "tlslab : simulateur de poignée de main SSL/TLS"},
  {"menu.file", "File", "Fichier"},
  {"menu.quit", "Quit", "Quitter"},
  {"menu.view", "View", "Affichage"},
  {"menu.theme_light", "Light theme (projector)", "Thème clair (projecteur)"},
  {"menu.theme_dark", "Dark theme", "Thème sombre"},
  {"menu.language", "Language", "Langue"},
  {"menu.lang_en", "English", "English (anglais)"},
  {"menu.lang_fr", "Français (French)", "Français"},
  {"menu.font_bigger", "Larger text", "Texte plus grand"},
  {"menu.font_smaller", "Smaller text", "Texte plus petit"},
  {"menu.font_reset", "Normal text size", "Taille de texte normale"},
  {"menu.reveal", "Reveal secrets", "Révéler les secrets"},
  {"menu.help", "Help", "Aide"},
  {"menu.shortcuts", "Shortcuts: Space play/pause, \u2190/\u2192 step, Home/End, Ctrl +/-/0 text size",
                     "Raccourcis : Espace lecture/pause, \u2190/\u2192 pas, Début/Fin, Ctrl +/-/0 taille du texte"},
  {"status.font_scale", "Text size", "Taille du texte"},

  {"menu.open_trace", "Open trace\u2026", "Ouvrir une trace\u2026"},
  {"menu.compare", "Compare", "Comparer"},
  {"menu.save_scenario", "Save scenario\u2026", "Enregistrer le scénario\u2026"},

  // ---- imported traces and dialogs ----
  {"imported.note", "Imported trace:", "Trace importée :"},
  {"imported.hint", "Read from a file: the steps walk its records; the scenario cannot be edited.",
                    "Lue dans un fichier : les pas parcourent ses enregistrements ; le scénario n'est pas modifiable."},
  {"imported.back", "Back to the live simulation", "Revenir à la simulation"},
  {"imported.events", "Records", "Enregistrements"},
  {"open.cannot_read", "cannot read this file", "impossible de lire ce fichier"},
  {"dialog.open_title", "Open a JSON trace", "Ouvrir une trace JSON"},
  {"dialog.open_hint", "A trace written by tlslab run --json or by Export (JSON trace).",
                       "Une trace écrite par tlslab run --json ou par Exporter (trace JSON)."},
  {"dialog.files_in", "JSON files in", "Fichiers JSON dans"},
  {"dialog.no_files", "(no .json file here)", "(aucun fichier .json ici)"},
  {"dialog.open", "Open", "Ouvrir"},
  {"dialog.cancel", "Cancel", "Annuler"},
  {"dialog.save_title", "Save the scenario", "Enregistrer le scénario"},
  {"dialog.save_hint", "The current options as a scenario file (tlslab run --scenario FILE, tlslab-gui --scenario FILE).",
                       "Les options actuelles dans un fichier de scénario (tlslab run --scenario FICHIER, tlslab-gui --scenario FICHIER)."},
  {"dialog.save", "Save", "Enregistrer"},

  // ---- compare ----
  {"panel.compare", "Compare two runs", "Comparer deux exécutions"},
  {"compare.with", "Compare with\u2026", "Comparer avec\u2026"},
  {"compare.hint", "Show a second run next to this one, aligned message by message.",
                   "Afficher une seconde exécution à côté de celle-ci, alignée message par message."},
  {"compare.builtin", "Built-in scenario", "Scénario prédéfini"},
  {"compare.one_change", "Current scenario with one change", "Scénario actuel avec un changement"},
  {"compare.stop", "Stop comparing", "Arrêter la comparaison"},
  {"compare.change", "Change B\u2026", "Changer B\u2026"},
  {"compare.current", "current scenario", "scénario actuel"},
  {"compare.ended_at", "B ended at step", "B s'est terminé au pas"},
  {"compare.first_difference", "First difference: row", "Première différence : ligne"},
  {"compare.first_difference_tip", "The first message that differs between the two runs.",
                                   "Le premier message qui diffère entre les deux exécutions."},
  {"compare.show", "Show", "Afficher"},
  {"compare.same_messages", "Same messages so far.", "Mêmes messages jusqu'ici."},
  {"compare.protection_rows", "Same messages, other protection", "Mêmes messages, autre protection"},
  {"compare.absent", "\u2014", "\u2014"},
  {"compare.differs", "The messages differ.", "Les messages diffèrent."},
  {"compare.protection_differs", "Same messages, protected differently.", "Mêmes messages, protégés différemment."},
  {"compare.change_version", "Both sides at", "Les deux côtés en"},
  {"compare.change_ems_off", "Without extended master secret", "Sans extended master secret"},
  {"compare.change_ems_on", "With extended master secret", "Avec extended master secret"},
  {"compare.change_reneg_info_off", "Without secure renegotiation (RFC 5746)", "Sans renégociation sécurisée (RFC 5746)"},
  {"compare.change_reneg_info_on", "With secure renegotiation (RFC 5746)", "Avec renégociation sécurisée (RFC 5746)"},
  {"compare.change_deflate_off", "Without DEFLATE compression", "Sans compression DEFLATE"},
  {"compare.change_deflate_on", "With DEFLATE compression", "Avec compression DEFLATE"},
  {"compare.change_client_cert_off", "Without a client certificate", "Sans certificat client"},
  {"compare.change_client_cert_on", "With a client certificate", "Avec un certificat client"},
  {"compare.change_renegotiate", "With a renegotiation by the client", "Avec une renégociation par le client"},
  {"compare.change_no_renegotiation", "Without renegotiation", "Sans renégociation"},
  {"compare.change_seed", "Another seed:", "Une autre graine :"},

  // ---- panel titles ----
  {"panel.scenario", "Scenario", "Scénario"},
  {"panel.controls", "Controls", "Commandes"},
  {"panel.ladder", "Ladder diagram", "Diagramme en échelle"},
  {"panel.inspector", "Inspector", "Inspecteur"},
  {"panel.bytes", "Bytes", "Octets"},
  {"panel.keys", "Keys and derivations", "Clés et dérivations"},
  {"panel.record", "Record protection", "Protection des enregistrements"},
  {"panel.log", "Alerts and log", "Alertes et journal"},
  {"panel.export", "Export", "Exporter"},

  // ---- scenario ----
  // The options' own labels, tooltips and choices are in sim/scenario/option_table.cpp.
  {"scenario.version", "Protocol version", "Version du protocole"},
  {"scenario.suites", "Cipher suites", "Suites cryptographiques"},
  {"scenario.client", "Client", "Client"},
  {"scenario.server", "Server", "Serveur"},
  {"scenario.suite", "Suite", "Suite"},
  {"scenario.groups", "Key exchange groups", "Groupes d'échange de clés"},
  {"scenario.group", "Group", "Groupe"},
  {"scenario.leniency", "Leniency (real implementation bugs)", "Tolérances (bogues d'implémentations réelles)"},
  {"scenario.attacks", "Attacks and defenses", "Attaques et défenses"},
  {"scenario.tls13", "TLS 1.3 options", "Options TLS 1.3"},
  {"keys.view_schedule", "Key schedule", "Calendrier des clés"},
  {"keys.view_all", "All derivations", "Toutes les dérivations"},
  {"keys.view_hint", "Key schedule: the TLS 1.3 secrets drawn as in RFC 8446 7.1. All derivations: every computation, in trace order.", "Calendrier des clés : les secrets de TLS 1.3 dessinés comme dans la RFC 8446 7.1. Toutes les dérivations : chaque calcul, dans l'ordre de la trace."},
  {"keys.side", "Computed by", "Calculé par"},
  {"keys.schedule_hint", "Left column: HKDF-Extract (early, handshake, master secret). Indented: Derive-Secret branches and the keys/IVs they give. Click a node for its computation.", "Colonne de gauche : HKDF-Extract (early, handshake, master secret). En retrait : les branches Derive-Secret et les clés/IV qu'elles donnent. Cliquez sur un nœud pour voir son calcul."},
  {"keys.schedule_empty", "No TLS 1.3 key schedule yet: step on to the ServerHello.", "Pas encore de calendrier des clés TLS 1.3 : avancez jusqu'au ServerHello."},
  {"keys.transcript_hint", "The handshake messages this secret's transcript hash covers: it binds the secret to exactly that conversation.", "Les messages de la poignée de main couverts par le hachage de transcription de ce secret : il lie le secret à exactement cette conversation."},
  {"keys.hidden_short", "hidden", "masqué"},
  {"keys.no_messages", "(no messages)", "(aucun message)"},
  {"keys.connection", "Connection", "Connexion"},
  {"keys.resumed", "resumed with the ticket PSK", "reprise avec la PSK du ticket"},
  {"keys.ikm", "+ IKM", "+ IKM"},
  {"keys.from", "from", "issu de"},
  {"ladder.connection", "Connection", "Connexion"},
  {"ladder.resumption", "resumes the first one with its session ticket", "reprend la première avec son ticket de session"},
  {"ladder.inner", "real type", "type réel"},
  {"ladder.inner_hint", "TLS 1.3 encrypts the real content type: the record header says application_data.", "TLS 1.3 chiffre le vrai type de contenu : l'en-tête de l'enregistrement indique application_data."},
  {"scenario.no_attacks", "No attack is available in this version yet.", "Aucune attaque n'est encore disponible dans cette version."},
  {"scenario.rerun_hint", "Any change re-runs the handshake at once.", "Chaque modification relance la poignée de main aussitôt."},
  {"scenario.client_needs_one", "The client must offer at least one suite and one group.", "Le client doit proposer au moins une suite et un groupe."},
  {"scenario.builtin", "Scenario", "Scénario"},
  {"scenario.custom", "(custom)", "(personnalisé)"},
  {"scenario.no_builtin", "No built-in scenario found (assets/scenarios).", "Aucun scénario prédéfini trouvé (assets/scenarios)."},
  {"scenario.save", "Save\u2026", "Enregistrer\u2026"},
  {"scenario.save_hint", "Save the current options as a scenario file (JSON).", "Enregistrer les options actuelles dans un fichier de scénario (JSON)."},
  {"scenario.negotiated", "Negotiated", "Négocié"},

  // ---- controls ----
  {"controls.reset", "Reset", "Recommencer"},
  {"controls.back", "Step back", "Pas arrière"},
  {"controls.step", "Step", "Pas suivant"},
  {"controls.play", "Play", "Lecture"},
  {"controls.pause", "Pause", "Pause"},
  {"controls.end", "Run to end", "Jusqu'à la fin"},
  {"controls.speed", "Speed (steps/s)", "Vitesse (pas/s)"},
  {"controls.step_of", "Step", "Pas"},
  {"controls.of", "of", "sur"},
  {"controls.done", "finished", "terminé"},
  {"controls.scrub", "Scrub through the steps", "Parcourir les pas"},

  // ---- ladder ----
  {"ladder.client", "Client", "Client"},
  {"ladder.server", "Server", "Serveur"},
  {"ladder.attacker", "Attacker", "Attaquant"},
  {"ladder.legend_none", "no protection", "sans protection"},
  {"ladder.legend_hs", "handshake keys", "clés de la poignée de main"},
  {"ladder.legend_app", "application keys", "clés applicatives"},
  {"ladder.legend_alert", "alert", "alerte"},
  {"ladder.step", "step", "pas"},
  {"ladder.empty", "Nothing sent yet.", "Rien n'a encore été envoyé."},
  {"ladder.protected_by", "Protected by", "Protégé par"},
  {"ladder.bytes", "bytes", "octets"},

  // ---- inspector ----
  {"inspector.field", "Field", "Champ"},
  {"inspector.value", "Value", "Valeur"},
  {"inspector.range", "Offset+length", "Position+longueur"},
  {"inspector.no_event", "Click a record in the ladder to inspect it.", "Cliquez sur un enregistrement du diagramme pour l'inspecter."},
  {"inspector.record", "Record", "Enregistrement"},
  {"inspector.notes", "What each side did", "Ce que chaque partie a fait"},
  {"inspector.state_sender", "Sender's state", "État de l'émetteur"},
  {"inspector.state_receiver", "Receiver's state", "État du destinataire"},

  // ---- bytes ----
  {"bytes.wire", "Wire (as sent)", "Sur le fil (tel qu'envoyé)"},
  {"bytes.plaintext", "Plaintext (decrypted)", "Clair (déchiffré)"},
  {"bytes.no_plaintext", "This record is not encrypted: the wire bytes are the plaintext.", "Cet enregistrement n'est pas chiffré : les octets sur le fil sont le clair."},
  {"bytes.offset", "Offset", "Position"},
  {"bytes.selected", "Selected", "Sélection"},
  {"bytes.produced_by", "Produced by", "Produit par"},
  {"bytes.not_derived", "Not derived: a value sent as is (or a protocol constant).", "Non dérivé : une valeur envoyée telle quelle (ou une constante du protocole)."},
  {"bytes.click_hint", "Click a byte to select its field and see where it comes from.", "Cliquez sur un octet pour sélectionner son champ et voir d'où il vient."},

  // ---- keys ----
  {"keys.none", "No key derivation yet: step on to the key exchange.", "Aucune dérivation pour l'instant : avancez jusqu'à l'échange de clés."},
  {"keys.filter", "Filter", "Filtrer"},
  {"keys.only_selected", "Only the selected record", "Seulement l'enregistrement choisi"},
  {"keys.formula", "Formula", "Formule"},
  {"keys.spec", "Specification", "Spécification"},
  {"keys.inputs", "Inputs", "Entrées"},
  {"keys.steps", "Intermediate steps", "Étapes intermédiaires"},
  {"keys.output", "Output", "Sortie"},
  {"keys.parts", "Parts of the output", "Découpage de la sortie"},
  {"keys.name", "Name", "Nom"},
  {"keys.value", "Value", "Valeur"},
  {"keys.source", "Comes from", "Provenance"},
  {"keys.at_record", "computed with record", "calculée avec l'enregistrement"},
  {"keys.by", "by", "par"},
  {"keys.hidden", "hidden (View > Reveal secrets)", "masqué (Affichage > Révéler les secrets)"},
  {"keys.jump_hint", "Click a value: an input jumps to where it came from, an output shows what it is.",
                     "Cliquez une valeur : une entrée mène à sa provenance, une sortie montre ce qu'elle est."},
  {"keys.source_not_found", "Its origin is not in the trace (a constant or a local secret).", "Son origine n'est pas dans la trace (une constante ou un secret local)."},
  {"keys.focus", "Focused", "Mise en avant"},
  {"keys.unused", "unused", "inutilisé"},
  {"keys.actor_client", "client", "client"},
  {"keys.actor_server", "server", "serveur"},
  {"keys.actor_attacker", "attacker", "attaquant"},

  // ---- record protection ----
  {"record.none", "Select a protected record (a Finished, application data or an encrypted alert).",
                  "Choisissez un enregistrement protégé (Finished, données applicatives ou alerte chiffrée)."},
  {"record.seal", "Sender: seal", "Émetteur : protection"},
  {"record.open", "Receiver: open", "Récepteur : ouverture"},
  {"record.stage", "Stage", "Étape"},
  {"record.bytes", "Bytes", "Octets"},
  {"record.mac_ok", "MAC matches: the record is authentic", "Le MAC correspond : l'enregistrement est authentique"},
  {"record.mac_bad", "MAC differs: the record was altered", "Le MAC diffère : l'enregistrement a été modifié"},
  {"record.not_opened", "Not opened yet (still in flight).", "Pas encore ouvert (encore en transit)."},

  // ---- log ----
  {"log.alerts", "Alerts", "Alertes"},
  {"log.no_alerts", "No alert so far.", "Aucune alerte pour l'instant."},
  {"log.level", "Level", "Niveau"},
  {"log.description", "Description", "Description"},
  {"log.reason", "Reason", "Raison"},
  {"log.meaning", "Meaning", "Signification"},
  {"log.from", "From", "De"},
  {"log.notes", "Log", "Journal"},
  {"log.step", "Step", "Pas"},

  // ---- export ----
  {"export.dir", "Folder", "Dossier"},
  {"export.trace", "Write JSON trace", "Écrire la trace JSON"},
  {"export.keylog", "Write key log", "Écrire le journal de clés"},
  {"export.pcapng", "Write pcapng capture", "Écrire la capture pcapng"},
  {"export.svg", "Write ladder (SVG)", "Écrire l'échelle (SVG)"},
  {"export.report", "Write report (HTML)", "Écrire le rapport (HTML)"},
  {"export.png", "Write ladder (PNG)", "Écrire l'échelle (PNG)"},
  {"export.written", "Written", "Écrit"},
  {"export.failed", "Could not write", "Impossible d'écrire"},
  {"export.no_keys", "No key log yet: the master secret is not derived.", "Pas encore de journal de clés : le master secret n'est pas dérivé."},
  {"export.hint", "The key log lets Wireshark decrypt a capture of this connection.", "Le journal de clés permet à Wireshark de déchiffrer une capture de cette connexion."},

  // ---- words ----
  {"word.yes", "yes", "oui"},
  {"word.no", "no", "non"},
  {"word.fatal", "fatal", "fatale"},
  {"word.warning", "warning", "avertissement"},

};
// clang-format on

const std::unordered_map<std::string_view, const I18nEntry*>& index() {
  static const auto m = [] {
    std::unordered_map<std::string_view, const I18nEntry*> m;
    for (auto& e : kTable) m.emplace(e.key, &e);
    return m;
  }();
  return m;
}

const char* pick(const I18nEntry& e) { return g_lang == Lang::fr ? e.fr : e.en; }

}  // namespace

const std::vector<I18nEntry>& i18n_table() { return kTable; }
void set_lang(Lang l) { g_lang = l; }
Lang lang() { return g_lang; }
std::string_view lang_code(Lang l) { return l == Lang::fr ? "fr" : "en"; }

bool parse_lang(std::string_view s, Lang* out) {
  if (s == "en") return *out = Lang::en, true;
  if (s == "fr") return *out = Lang::fr, true;
  return false;
}

const char* tr(std::string_view key) {
  auto& m = index();
  auto it = m.find(key);
  const char* s = it == m.end() ? nullptr : pick(*it->second);
  if (!s) {
    // Missing keys show themselves, so they are easy to spot; tests catch them first.
    static std::unordered_map<std::string, std::string> missing;
    s = missing.try_emplace(std::string(key), std::string(key)).first->second.c_str();
  }
  if (g_recorder) g_recorder->emplace_back(s);
  return s;
}

std::string tr_msg(const sim::Message& m) {
  std::string s = m.render(g_lang == Lang::fr ? sim::Lang::fr : sim::Lang::en);
  if (g_recorder) g_recorder->push_back(s);
  return s;
}

const char* help(std::string_view name) {
  // The explanations are the engine's glossary (sim/present/glossary.hpp), which the reports use too.
  const sim::present::GlossaryEntry* e = sim::present::glossary_entry(name);
  if (!e) return nullptr;
  return g_lang == Lang::fr ? e->fr : e->en;
}

void set_tr_recorder(std::vector<std::string>* out) { g_recorder = out; }
void record_drawn(std::string_view s) {
  if (g_recorder) g_recorder->emplace_back(s);
}

}  // namespace gui

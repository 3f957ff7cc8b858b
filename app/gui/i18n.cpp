#include "i18n.hpp"

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
  {"scenario.ed_accepted", "accepted by the server", "acceptées par le serveur"},
  {"scenario.ed_rejected", "rejected by the server", "refusées par le serveur"},
  {"scenario.kx_mode", "Key exchange:", "Échange de clés :"},
  {"scenario.hrr", "HelloRetryRequest", "HelloRetryRequest"},
  {"scenario.early_outcome", "0-RTT data:", "Données 0-RTT :"},
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
  {"scenario.outcome", "Outcome", "Résultat"},
  {"scenario.none", "(none)", "(aucun)"},

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

  // ---- help: fields (hover explanations) ----
  {"help.TLS record", "One TLS record: a 5-byte header (type, version, length) and its fragment.", "Un enregistrement TLS : un en-tête de 5 octets (type, version, longueur) puis son fragment."},
  {"help.content_type", "What the record carries: handshake, alert, change_cipher_spec or application data.", "Ce que transporte l'enregistrement : handshake, alerte, change_cipher_spec ou données applicatives."},
  {"help.legacy_record_version", "Version in the record header; kept for compatibility.", "Version dans l'en-tête de l'enregistrement ; gardée pour la compatibilité."},
  {"help.version", "Protocol version in the record header.", "Version du protocole dans l'en-tête de l'enregistrement."},
  {"help.length", "Length in bytes of what follows.", "Longueur en octets de ce qui suit."},
  {"help.fragment", "The record's payload.", "La charge utile de l'enregistrement."},
  {"help.msg_type", "Which handshake message this is.", "Quel message de la poignée de main c'est."},
  {"help.body", "The handshake message's content.", "Le contenu du message de la poignée de main."},
  {"help.client_version", "Highest version the client supports.", "Plus haute version que le client sait parler."},
  {"help.server_version", "Version the server chose.", "Version choisie par le serveur."},
  {"help.random", "32 fresh random bytes: makes every session's keys unique, and stops replays.", "32 octets aléatoires frais : rendent les clés de chaque session uniques et empêchent le rejeu."},
  {"help.session_id", "Identifies a session to resume it later.", "Identifie une session pour la reprendre plus tard."},
  {"help.cipher_suites", "Suites the client offers, in order of preference.", "Suites proposées par le client, par ordre de préférence."},
  {"help.cipher_suite", "The suite the server chose: key exchange, cipher and MAC/PRF hash.", "La suite choisie par le serveur : échange de clés, chiffrement et hachage du MAC/PRF."},
  {"help.compression_methods", "Compression methods offered (only null today: compression enabled the CRIME attack).", "Méthodes de compression proposées (seulement null : la compression a permis l'attaque CRIME)."},
  {"help.compression_method", "Compression chosen (null).", "Compression choisie (null)."},
  {"help.extensions", "Extra capabilities and parameters, one TLV each.", "Capacités et paramètres supplémentaires, un TLV chacun."},
  {"help.extension", "One extension: type, length, data.", "Une extension : type, longueur, données."},
  {"help.type", "Type code.", "Code de type."},
  {"help.extension_data", "The extension's content.", "Le contenu de l'extension."},
  {"help.server_name_list", "SNI: which host the client wants, so the server picks the right certificate.", "SNI : l'hôte voulu par le client, pour que le serveur choisisse le bon certificat."},
  {"help.host_name", "The host name the client is connecting to.", "Le nom de l'hôte auquel le client se connecte."},
  {"help.certificate_list", "The server's certificate chain, leaf first.", "La chaîne de certificats du serveur, feuille en premier."},
  {"help.ASN.1Cert", "One DER-encoded X.509 certificate.", "Un certificat X.509 encodé en DER."},
  {"help.tbsCertificate", "The signed part of the certificate: subject, issuer, validity, public key, extensions.", "La partie signée du certificat : sujet, émetteur, validité, clé publique, extensions."},
  {"help.subjectPublicKeyInfo", "The public key the certificate vouches for.", "La clé publique que le certificat garantit."},
  {"help.signatureValue", "The issuer's signature over tbsCertificate.", "La signature de l'émetteur sur tbsCertificate."},
  {"help.validity", "When the certificate is valid.", "Quand le certificat est valide."},
  {"help.serialNumber", "Serial number chosen by the issuer.", "Numéro de série choisi par l'émetteur."},
  {"help.modulus", "RSA modulus n.", "Module RSA n."},
  {"help.publicExponent", "RSA public exponent e.", "Exposant public RSA e."},
  {"help.ServerECDHParams", "The server's ephemeral elliptic-curve public key and its curve.", "La clé publique éphémère (courbe elliptique) du serveur et sa courbe."},
  {"help.ServerDHParams", "The server's ephemeral Diffie-Hellman group (p, g) and public value.", "Le groupe Diffie-Hellman éphémère du serveur (p, g) et sa valeur publique."},
  {"help.public (ECPoint)", "An ephemeral elliptic-curve public key.", "Une clé publique éphémère sur courbe elliptique."},
  {"help.ecdh_Yc", "The client's ephemeral elliptic-curve public key.", "La clé publique éphémère du client (courbe elliptique)."},
  {"help.dh_Ys", "The server's Diffie-Hellman public value g^x mod p.", "La valeur publique Diffie-Hellman du serveur g^x mod p."},
  {"help.dh_Yc", "The client's Diffie-Hellman public value g^y mod p.", "La valeur publique Diffie-Hellman du client g^y mod p."},
  {"help.dh_p", "The Diffie-Hellman prime modulus.", "Le module premier de Diffie-Hellman."},
  {"help.dh_g", "The Diffie-Hellman generator.", "Le générateur de Diffie-Hellman."},
  {"help.signed_params", "The server signs both randoms and its key share, proving it owns the certificate's key.", "Le serveur signe les deux aléas et sa part de clé, prouvant qu'il possède la clé du certificat."},
  {"help.signature", "A signature made with the certificate's private key.", "Une signature faite avec la clé privée du certificat."},
  {"help.EncryptedPreMasterSecret", "The pre_master_secret encrypted with the server's RSA public key.", "Le pre_master_secret chiffré avec la clé publique RSA du serveur."},
  {"help.verify_data", "Proof that both sides saw the same handshake and share the same master secret.", "Preuve que les deux parties ont vu la même poignée de main et partagent le même master secret."},
  {"help.encrypted_fragment", "The protected fragment: what an eavesdropper sees.", "Le fragment protégé : ce que voit une oreille indiscrète."},
  {"help.decrypted", "The fragment after decryption by the receiver.", "Le fragment après déchiffrement par le récepteur."},
  {"help.content", "The plaintext content carried by the record.", "Le contenu en clair transporté par l'enregistrement."},
  {"help.nonce_explicit", "The per-record part of the AEAD nonce, sent in clear.", "La partie du nonce AEAD propre à l'enregistrement, envoyée en clair."},
  {"help.aead_ciphertext", "The encrypted content.", "Le contenu chiffré."},
  {"help.ciphertext", "The CBC-encrypted content, MAC and padding.", "Le contenu, le MAC et le bourrage chiffrés en CBC."},
  {"help.tag", "Authentication tag: any change to the record makes it fail.", "Étiquette d'authentification : toute modification de l'enregistrement la fait échouer."},
  {"help.IV", "Random per-record CBC initialisation vector.", "Vecteur d'initialisation CBC aléatoire, propre à l'enregistrement."},
  {"help.MAC", "HMAC over sequence number, header and content: detects tampering.", "HMAC sur le numéro de séquence, l'en-tête et le contenu : détecte les modifications."},
  {"help.padding", "Bytes that fill the last cipher block; each holds the padding length.", "Octets qui complètent le dernier bloc ; chacun vaut la longueur du bourrage."},
  {"help.padding_length", "How many padding bytes precede this one.", "Combien d'octets de bourrage précèdent celui-ci."},
  {"help.level", "warning or fatal (fatal closes the connection).", "avertissement ou fatale (fatale ferme la connexion)."},
  {"help.description", "Which alert this is.", "Quelle alerte c'est."},
  {"help.malformed", "Bytes that could not be parsed.", "Octets qui n'ont pas pu être analysés."},
  {"help.renegotiated_connection", "Secure renegotiation (RFC 5746): binds a renegotiation to the previous handshake.", "Renégociation sécurisée (RFC 5746) : lie une renégociation à la poignée de main précédente."},
  {"help.data", "Application data.", "Données applicatives."},

  // ---- help: derivations and their items ----
  {"help.pre_master_secret", "The shared secret from the key exchange; everything else is derived from it.", "Le secret partagé issu de l'échange de clés ; tout le reste en est dérivé."},
  {"help.key_block", "The key material expanded from the master secret: MAC keys, encryption keys, IVs.", "Le matériel de clés étendu depuis le master secret : clés MAC, clés de chiffrement, IV."},
  {"help.client_verify_data", "The client's Finished value over the whole handshake.", "La valeur Finished du client sur toute la poignée de main."},
  {"help.server_verify_data", "The server's Finished value over the whole handshake.", "La valeur Finished du serveur sur toute la poignée de main."},
  {"help.server_key_exchange_signature", "The server signs its key share so the client knows it talks to the certificate's owner.", "Le serveur signe sa part de clé pour que le client sache qu'il parle au détenteur du certificat."},
  {"help.server_key_exchange_signature_check", "The client checks that signature with the certificate's public key.", "Le client vérifie cette signature avec la clé publique du certificat."},
  {"help.record_seal", "How the sender protects one record.", "Comment l'émetteur protège un enregistrement."},
  {"help.record_open", "How the receiver checks and decrypts one record.", "Comment le récepteur vérifie et déchiffre un enregistrement."},
  {"help.client_random", "ClientHello.random.", "ClientHello.random."},
  {"help.server_random", "ServerHello.random.", "ServerHello.random."},
  {"help.label", "A fixed ASCII label that separates the PRF's uses.", "Une étiquette ASCII fixe qui sépare les usages de la PRF."},
  {"help.seed", "The PRF seed: the randoms, or a hash of the handshake.", "La graine de la PRF : les aléas, ou un haché de la poignée de main."},
  {"help.prf", "Which pseudo-random function the suite uses.", "Quelle fonction pseudo-aléatoire la suite utilise."},
  {"help.handshake_messages", "The handshake messages covered by the transcript hash.", "Les messages de la poignée de main couverts par le haché de transcription."},
  {"help.session_hash", "Hash of the handshake so far (extended master secret): ties the keys to this handshake.", "Haché de la poignée de main (extended master secret) : lie les clés à cette poignée de main."},
  {"help.handshake_hash", "Hash of every handshake message before this Finished.", "Haché de tous les messages de la poignée de main avant ce Finished."},
  {"help.client_private_key", "The client's ephemeral private key: never sent.", "La clé privée éphémère du client : jamais envoyée."},
  {"help.server_private_key", "The server's ephemeral private key: never sent.", "La clé privée éphémère du serveur : jamais envoyée."},
  {"help.client_public_key", "The client's ephemeral public key, sent in ClientKeyExchange.", "La clé publique éphémère du client, envoyée dans ClientKeyExchange."},
  {"help.server_public_key", "The server's public key (ServerKeyExchange, or the certificate for RSA).", "La clé publique du serveur (ServerKeyExchange, ou le certificat pour RSA)."},
  {"help.params", "The signed key-exchange parameters.", "Les paramètres d'échange de clés signés."},
  {"help.signed_data", "Exactly the bytes that are signed.", "Exactement les octets signés."},
  {"help.decrypted block", "The RSA-decrypted PKCS#1 block holding the pre_master_secret.", "Le bloc PKCS#1 déchiffré par RSA qui contient le pre_master_secret."},
  {"help.random fallback", "A random secret used when decryption fails, to avoid a padding oracle (Bleichenbacher).", "Un secret aléatoire utilisé si le déchiffrement échoue, contre l'oracle de bourrage (Bleichenbacher)."},
  {"help.mac_key", "The HMAC key for this direction, from the key_block.", "La clé HMAC de ce sens, issue du key_block."},
  {"help.write_key", "The encryption key for this direction, from the key_block.", "La clé de chiffrement de ce sens, issue du key_block."},
  {"help.write_iv", "The fixed IV (salt) for this direction, from the key_block.", "L'IV fixe (sel) de ce sens, issu du key_block."},
  {"help.seq_num", "The record sequence number: never sent, but authenticated (stops replay and reordering).", "Le numéro de séquence : jamais envoyé, mais authentifié (empêche rejeu et réordonnancement)."},
  {"help.mac_input", "What the MAC covers: seq_num, type, version, length, content.", "Ce que couvre le MAC : seq_num, type, version, longueur, contenu."},
  {"help.mac", "The HMAC of the MAC input.", "Le HMAC de l'entrée du MAC."},
  {"help.iv", "The random per-record CBC IV, sent in clear.", "L'IV CBC aléatoire propre à l'enregistrement, envoyé en clair."},
  {"help.cbc_plaintext", "What CBC encrypts: content, MAC and padding.", "Ce que CBC chiffre : contenu, MAC et bourrage."},
  {"help.nonce", "The AEAD nonce: never reused with the same key.", "Le nonce AEAD : jamais réutilisé avec la même clé."},
  {"help.additional_data", "Authenticated but not encrypted: seq_num, type, version, length.", "Authentifié mais pas chiffré : seq_num, type, version, longueur."},
  {"help.mac_received", "The MAC found in the decrypted record.", "Le MAC trouvé dans l'enregistrement déchiffré."},
  {"help.mac_expected", "The MAC the receiver computes itself.", "Le MAC que le récepteur calcule lui-même."},
  {"help.A(i)", "The PRF's internal chain: A(i) = HMAC(secret, A(i-1)).", "Chaîne interne de la PRF : A(i) = HMAC(secret, A(i-1))."},
  {"help.P_hash block", "One PRF output block: HMAC(secret, A(i) + seed).", "Un bloc de sortie de la PRF : HMAC(secret, A(i) + graine)."},
  {"help.output", "The result of this computation.", "Le résultat de ce calcul."},
  {"help.client_write_MAC_key", "Key for the MACs of the client's records.", "Clé des MAC des enregistrements du client."},
  {"help.server_write_MAC_key", "Key for the MACs of the server's records.", "Clé des MAC des enregistrements du serveur."},
  {"help.client_write_key", "Key that encrypts the client's records.", "Clé qui chiffre les enregistrements du client."},
  {"help.server_write_key", "Key that encrypts the server's records.", "Clé qui chiffre les enregistrements du serveur."},
  {"help.client_write_IV", "Fixed IV (salt) of the client's records.", "IV fixe (sel) des enregistrements du client."},
  {"help.server_write_IV", "Fixed IV (salt) of the server's records.", "IV fixe (sel) des enregistrements du serveur."},

  // ---- TLS 1.3 (RFC 8446): messages ----
  {"help.ClientHello", "The client's first message: versions, suites, key shares, extensions.", "Le premier message du client : versions, suites, parts de clé, extensions."},
  {"help.ServerHello", "The server's choice: version, suite, and its key share (TLS 1.3).", "Le choix du serveur : version, suite et sa part de clé (TLS 1.3)."},
  {"help.EncryptedExtensions", "TLS 1.3: the server's extensions that need not be in clear, already encrypted with the handshake traffic keys.", "TLS 1.3 : les extensions du serveur qui n'ont pas à circuler en clair, déjà chiffrées avec les clés de trafic de la poignée de main."},
  {"help.HelloRetryRequest", "TLS 1.3: a ServerHello asking the client to retry with a key share for another group; the first ClientHello is replaced by message_hash in the transcript.", "TLS 1.3 : un ServerHello qui demande au client de recommencer avec une part de clé d'un autre groupe ; le premier ClientHello est remplacé par message_hash dans la transcription."},
  {"help.NewSessionTicket", "TLS 1.3: a session ticket sent after the handshake; with its nonce it gives the PSK to resume later.", "TLS 1.3 : un ticket de session envoyé après la poignée de main ; avec son nonce il donne la PSK pour reprendre plus tard."},
  {"help.EndOfEarlyData", "TLS 1.3: the client's last 0-RTT message; from here it uses the handshake traffic keys.", "TLS 1.3 : le dernier message 0-RTT du client ; ensuite il utilise les clés de trafic de la poignée de main."},
  {"help.KeyUpdate", "TLS 1.3: the sender switches to the next generation of its application traffic secret; update_requested asks the peer to do the same.", "TLS 1.3 : l'émetteur passe à la génération suivante de son secret de trafic applicatif ; update_requested demande au pair d'en faire autant."},
  {"help.Certificate", "The sender's certificate chain, leaf first.", "La chaîne de certificats de l'émetteur, feuille en premier."},
  {"help.CertificateVerify", "TLS 1.3: a signature over the transcript hash, proving the sender holds the certificate's private key.", "TLS 1.3 : une signature sur le hachage de la transcription, qui prouve que l'émetteur détient la clé privée du certificat."},
  {"help.Finished", "An HMAC over the transcript hash: both sides saw the same handshake.", "Un HMAC sur le hachage de la transcription : les deux parties ont vu la même poignée de main."},
  // ---- TLS 1.3: extensions and fields ----
  {"help.key_share", "TLS 1.3: (EC)DHE public keys, one per group; the server answers with one for the group it picked.", "TLS 1.3 : clés publiques (EC)DHE, une par groupe ; le serveur répond avec une seule, pour le groupe choisi."},
  {"help.pre_shared_key", "TLS 1.3: the ticket (PSK identity) to resume with, and its binder proving the client knows the PSK.", "TLS 1.3 : le ticket (identité PSK) pour reprendre la session, et son binder qui prouve que le client connaît la PSK."},
  {"help.early_data", "TLS 1.3 0-RTT: the client sends data with its first flight, under keys from the PSK alone. 0-RTT data (replayable): an attacker can replay it.", "0-RTT de TLS 1.3 : le client envoie des données dès son premier vol, avec des clés issues de la seule PSK. Données 0-RTT (rejouables) : un attaquant peut les rejouer."},
  {"help.supported_versions", "TLS 1.3: the versions the client supports (the real version negotiation).", "TLS 1.3 : les versions que le client prend en charge (la vraie négociation de version)."},
  {"help.psk_key_exchange_modes", "TLS 1.3: psk_ke (PSK only) or psk_dhe_ke (PSK with a fresh (EC)DHE, for forward secrecy).", "TLS 1.3 : psk_ke (PSK seule) ou psk_dhe_ke (PSK plus un (EC)DHE frais, pour la confidentialité persistante)."},
  {"help.KeyShareEntry", "One key share: a group and a public key.", "Une part de clé : un groupe et une clé publique."},
  {"help.key_exchange", "The (EC)DHE public key.", "La clé publique (EC)DHE."},
  {"help.client_shares", "The client's key shares.", "Les parts de clé du client."},
  {"help.selected_version", "The version the server chose (TLS 1.3 in supported_versions).", "La version choisie par le serveur (TLS 1.3 dans supported_versions)."},
  {"help.PskIdentity", "A ticket the client offers to resume with.", "Un ticket que le client propose pour reprendre."},
  {"help.PskBinderEntry", "HMAC with the binder key over the truncated ClientHello.", "HMAC avec la clé de binder sur le ClientHello tronqué."},
  {"help.binders", "One binder per offered PSK.", "Un binder par PSK proposée."},
  {"help.obfuscated_ticket_age", "Ticket age plus ticket_age_add, so an observer cannot link connections.", "Âge du ticket plus ticket_age_add, pour qu'un observateur ne puisse pas relier les connexions."},
  {"help.selected_identity", "Which offered PSK the server accepted.", "Quelle PSK proposée le serveur a acceptée."},
  {"help.ticket", "The session ticket: opaque to the client, the server's encrypted session state.", "Le ticket de session : opaque pour le client, l'état de session chiffré par le serveur."},
  {"help.ticket_nonce", "Makes each ticket's PSK different.", "Rend différente la PSK de chaque ticket."},
  {"help.ticket_lifetime", "How long the ticket may be used, in seconds.", "Durée d'utilisation du ticket, en secondes."},
  {"help.ticket_age_add", "A random value that hides the ticket's age.", "Une valeur aléatoire qui masque l'âge du ticket."},
  {"help.max_early_data_size", "How many 0-RTT bytes the server will accept with this ticket.", "Combien d'octets 0-RTT le serveur acceptera avec ce ticket."},
  {"help.certificate_request_context", "Empty in the handshake; links a post-handshake request to its answer.", "Vide pendant la poignée de main ; relie une demande post-poignée de main à sa réponse."},
  {"help.CertificateEntry", "One certificate and its extensions.", "Un certificat et ses extensions."},
  {"help.update_requested", "Whether the peer must send its own KeyUpdate.", "Si le pair doit envoyer son propre KeyUpdate."},
  {"help.request_update", "Whether the peer must send its own KeyUpdate.", "Si le pair doit envoyer son propre KeyUpdate."},
  {"help.TLSInnerPlaintext", "TLS 1.3: content + real content type (1 byte) + zero padding, then encrypted; the header always says application_data.", "TLS 1.3 : contenu + vrai type de contenu (1 octet) + bourrage de zéros, puis chiffré ; l'en-tête dit toujours application_data."},
  // ---- TLS 1.3: key schedule ----
  {"help.early_secret", "HKDF-Extract(0, PSK or zeros): the top of the TLS 1.3 key schedule.", "HKDF-Extract(0, PSK ou zéros) : le sommet du calendrier de clés de TLS 1.3."},
  {"help.derived_early", "Derive-Secret(early_secret, \"derived\", \"\"): the salt for the handshake secret.", "Derive-Secret(early_secret, \"derived\", \"\") : le sel du secret de poignée de main."},
  {"help.derived_handshake", "Derive-Secret(handshake_secret, \"derived\", \"\"): the salt for the master secret.", "Derive-Secret(handshake_secret, \"derived\", \"\") : le sel du master secret."},
  {"help.ecdhe_shared_secret", "The (EC)DHE shared secret: the fresh input that gives forward secrecy.", "Le secret partagé (EC)DHE : l'entrée fraîche qui apporte la confidentialité persistante."},
  {"help.dhe_shared_secret", "The finite-field DHE shared secret.", "Le secret partagé DHE (corps fini)."},
  {"help.handshake_secret", "HKDF-Extract(derived, (EC)DHE secret): the root of the handshake traffic secrets.", "HKDF-Extract(derived, secret (EC)DHE) : la racine des secrets de trafic de la poignée de main."},
  {"help.client_handshake_traffic_secret", "Client handshake traffic secret: protects the client's encrypted handshake (Finished).", "Secret de trafic client de la poignée de main : protège la poignée de main chiffrée du client (Finished)."},
  {"help.server_handshake_traffic_secret", "Server handshake traffic secret: protects EncryptedExtensions to Finished.", "Secret de trafic serveur de la poignée de main : protège EncryptedExtensions jusqu'à Finished."},
  {"help.master_secret", "48 bytes that both sides derive from the pre_master_secret and the handshake (TLS 1.3: HKDF-Extract(derived, 0)).", "48 octets que les deux parties dérivent du pre_master_secret et de la poignée de main (TLS 1.3 : HKDF-Extract(derived, 0))."},
  {"help.client_application_traffic_secret_N", "Client application traffic secret, generation N (KeyUpdate makes N+1).", "Secret de trafic applicatif du client, génération N (KeyUpdate crée N+1)."},
  {"help.server_application_traffic_secret_N", "Server application traffic secret, generation N (KeyUpdate makes N+1).", "Secret de trafic applicatif du serveur, génération N (KeyUpdate crée N+1)."},
  {"help.exporter_master_secret", "For keying material exported to the application (RFC 5705 exporters).", "Pour le matériel de clés exporté vers l'application (exporteurs RFC 5705)."},
  {"help.resumption_master_secret", "Gives the PSK of each session ticket, to resume later.", "Donne la PSK de chaque ticket de session, pour reprendre plus tard."},
  {"help.ticket_psk_N", "The PSK of ticket N: HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce).", "La PSK du ticket N : HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce)."},
  {"help.binder_key", "Key for the PSK binder, from the early secret.", "Clé du binder PSK, issue de l'early secret."},
  {"help.psk_binder", "HMAC over the truncated ClientHello: proves the client knows the PSK.", "HMAC sur le ClientHello tronqué : prouve que le client connaît la PSK."},
  {"help.client_early_traffic_secret", "Protects 0-RTT data: from the PSK alone, no forward secrecy, replayable.", "Protège les données 0-RTT : issu de la seule PSK, sans confidentialité persistante, rejouable."},
  {"help.message_hash", "After a HelloRetryRequest, the first ClientHello is replaced by its hash in the transcript.", "Après un HelloRetryRequest, le premier ClientHello est remplacé par son hachage dans la transcription."},
  {"help.client_handshake_traffic_key", "Session key for the client's handshake records.", "Clé de session des enregistrements de poignée de main du client."},
  {"help.client_handshake_traffic_iv", "IV for the client's handshake records (XORed with the sequence number).", "IV des enregistrements de poignée de main du client (combiné par XOR au numéro de séquence)."},
  {"help.server_handshake_traffic_key", "Session key for the server's handshake records.", "Clé de session des enregistrements de poignée de main du serveur."},
  {"help.server_handshake_traffic_iv", "IV for the server's handshake records (XORed with the sequence number).", "IV des enregistrements de poignée de main du serveur (combiné par XOR au numéro de séquence)."},
  {"help.client_application_traffic_N_key", "Session key for the client's application records, generation N.", "Clé de session des enregistrements applicatifs du client, génération N."},
  {"help.client_application_traffic_N_iv", "IV for the client's application records, generation N.", "IV des enregistrements applicatifs du client, génération N."},
  {"help.server_application_traffic_N_key", "Session key for the server's application records, generation N.", "Clé de session des enregistrements applicatifs du serveur, génération N."},
  {"help.server_application_traffic_N_iv", "IV for the server's application records, generation N.", "IV des enregistrements applicatifs du serveur, génération N."},
  {"help.client_early_traffic_key", "Session key for 0-RTT data.", "Clé de session des données 0-RTT."},
  {"help.client_early_traffic_iv", "IV for 0-RTT data.", "IV des données 0-RTT."},
  {"help.ticket_open", "The server decrypts the ticket to recover the session's PSK.", "Le serveur déchiffre le ticket pour retrouver la PSK de la session."},
  {"help.HkdfLabel", "length + \"tls13 \" + label + context: the info of HKDF-Expand.", "longueur + \"tls13 \" + label + contexte : le paramètre info de HKDF-Expand."},
  {"help.transcript_hash", "The hash of the handshake messages so far (the transcript).", "Le hachage des messages de la poignée de main jusqu'ici (la transcription)."},
  {"help.messages", "The handshake messages covered by the transcript hash.", "Les messages de la poignée de main couverts par le hachage de transcription."},
  {"help.salt", "HKDF-Extract's salt.", "Le sel de HKDF-Extract."},
  {"help.IKM", "HKDF-Extract's input keying material.", "Le matériel de clé d'entrée de HKDF-Extract."},
  {"help.secret", "The secret this value is expanded from.", "Le secret dont cette valeur est dérivée."},
  {"help.base_key", "The traffic secret the finished_key comes from.", "Le secret de trafic dont provient la finished_key."},
  {"help.finished_key", "HKDF-Expand-Label(base_key, \"finished\", \"\").", "HKDF-Expand-Label(base_key, \"finished\", \"\")."},
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
  std::string key = "help." + std::string(name);
  auto& m = index();
  auto it = m.find(key);
  if (it == m.end()) {
    // "A(2)", "P_hash block 3": the PRF's internal chain shares one explanation.
    if (name.rfind("A(", 0) == 0) it = m.find("help.A(i)");
    else if (name.rfind("P_hash", 0) == 0) it = m.find("help.P_hash block");
    else {
      // "client_application_traffic_secret_1", "ticket_psk_0": one explanation for every N.
      std::string generic = "help.";
      for (size_t i = 0; i < name.size(); ++i) {
        if (std::isdigit(uint8_t(name[i])) && i > 0 && name[i - 1] == '_') {
          generic += 'N';
          while (i + 1 < name.size() && std::isdigit(uint8_t(name[i + 1]))) ++i;
        } else {
          generic += name[i];
        }
      }
      it = m.find(generic);
    }
    if (it == m.end()) return nullptr;
  }
  return pick(*it->second);
}

void set_tr_recorder(std::vector<std::string>* out) { g_recorder = out; }
void record_drawn(std::string_view s) {
  if (g_recorder) g_recorder->emplace_back(s);
}

}  // namespace gui

// Catalog part: the scripted attacks (scenario/attacks.cpp, sim/attack/): titles, explanations,
// expected outcomes, defenses, results and evidence, and the errors of the "attack" option.
// Same rules as catalog.cpp: both languages, the same {placeholders}, every key used.
#include "core/catalog_parts.hpp"

namespace sim {

// clang-format off
const std::vector<CatalogEntry>& catalog_attacks() {
  static const std::vector<CatalogEntry> k = {
  // The "attack" option (scenario/option_table.cpp, scenario/attacks.cpp validate_attack).
  {"option.error.expected_object", "expected an object, found {found}", "un objet est attendu, trouvé : {found}"},
  {"option.error.unknown_member", "unknown member '{name}' (expected: {names})", "membre inconnu « {name} » (attendus : {names})"},
  {"option.error.tuning_not_used", "applies only to the attacks that use it: {attacks}",
   "ne s'applique qu'aux attaques qui l'utilisent : {attacks}"},
  {"option.error.unknown_attack", "unknown attack '{name}' (see: tlslab list attacks)",
   "attaque inconnue « {name} » (voir : tlslab list attacks)"},
  {"option.error.variant_without_attack", "a variant is given but no attack (--attack)",
   "une variante est donnée mais aucune attaque (--attack)"},
  {"option.error.defense_without_attack", "a defense is named but no attack (--attack)",
   "une défense est nommée mais aucune attaque (--attack)"},
  {"option.error.attack_has_no_variant", "the attack {attack} has no variants", "l'attaque {attack} n'a pas de variantes"},
  {"option.error.unknown_variant", "unknown variant '{name}' of {attack} (expected: {names})",
   "variante inconnue « {name} » de {attack} (attendues : {names})"},
  {"option.error.unknown_defense", "unknown defense '{name}' of {attack} (expected: {names})",
   "défense inconnue « {name} » de {attack} (attendues : {names})"},
  {"option.error.defense_always_on", "the defense {name} is part of the protocol and cannot be switched off",
   "la défense {name} fait partie du protocole et ne peut pas être désactivée"},
  {"option.error.attack_and_edits", "a scripted attack and hand edits (--edit) cannot run together: there is one attacker on the wire",
   "une attaque scriptée et des modifications à la main (--edit) ne peuvent pas tourner ensemble : il n'y a qu'un attaquant sur le réseau"},
  {"option.error.attack_needs_simulation",
   "a scripted attack runs only where the attacker sits between client and server: tlslab run, or tlslab intercept for an attacker that terminates connections",
   "une attaque scriptée ne tourne que là où l'attaquant est entre client et serveur : tlslab run, ou tlslab intercept pour un attaquant qui termine les connexions"},
  {"option.error.attack_versions", "the attack {attack} applies only to {min} to {max}",
   "l'attaque {attack} ne s'applique qu'à {min} à {max}"},
  {"option.error.attack_version", "the attack {attack} applies only to {version}",
   "l'attaque {attack} ne s'applique qu'à {version}"},

  // tlslab list attacks (app/cli/cmd_list.cpp).
  {"cli.attacks.versions", "{min} to {max}", "{min} à {max}"},
  {"cli.attacks.default", "(default)", "(par défaut)"},
  {"cli.attacks.variants", "variants: {list}", "variantes : {list}"},
  {"cli.attacks.defense", "defense {name} ({side}, {state}): {how}", "défense {name} ({side}, {state}) : {how}"},
  {"cli.attacks.side_client", "client", "client"},
  {"cli.attacks.side_server", "server", "serveur"},
  {"cli.attacks.side_both", "both sides", "les deux côtés"},
  {"cli.attacks.on_by_default", "on by default", "active par défaut"},
  {"cli.attacks.off_by_default", "off by default", "inactive par défaut"},
  {"cli.attacks.always_on", "always on", "toujours active"},
  {"cli.attacks.expect_undefended", "without its defenses: {text}", "sans ses défenses : {text}"},
  {"cli.attacks.expect_defended", "with its defenses: {text}", "avec ses défenses : {text}"},
  {"cli.attacks.json_only", "--json applies only to: tlslab list attacks", "--json ne s'applique qu'à : tlslab list attacks"},

  // The attacker cutting the connection (net/network.cpp Wire::cut).
  {"attack.cut", "the attacker cuts the TCP connection: what was in flight is lost",
   "l'attaquant coupe la connexion TCP : ce qui était en transit est perdu"},
  {"attack.label.cut", "cut the connection at {record}", "coupure de la connexion à {record}"},
  {"attack.label.cut_idle", "cut the connection", "coupure de la connexion"},

  // The GUI's attack section (app/gui/panels/scenario_panel.cpp).
  {"scenario.attack", "Attack", "Attaque"},
  {"scenario.attack_none", "(none)", "(aucune)"},
  {"scenario.attack_variant", "Variant", "Variante"},
  {"scenario.defenses", "Defenses", "Défenses"},
  {"scenario.defense_always_on", "Part of the protocol: always on.", "Fait partie du protocole : toujours active."},
  {"scenario.attack_expected", "Expected", "Attendu"},
  {"scenario.attack_actual", "Result", "Résultat"},

  // The summary rows (present/present.cpp attack_rows).
  {"present.attack", "Attack", "Attaque"},
  {"present.defenses_on", "Defenses on", "Défenses actives"},
  {"present.none", "none", "aucune"},
  {"present.attack_result", "Attack result", "Résultat de l'attaque"},
  {"present.evidence_event", "(event {n})", "(événement {n})"},

  // Results (attack/script.cpp).
  {"attack.result.stopped", "the attack failed: the {side} sent {alert} (event {event})",
   "l'attaque a échoué : le {side} a envoyé {alert} (événement {event})"},
  {"attack.result.in_progress", "in progress", "en cours"},

  // Evidence: what the attacker read, changed or sent on the wire.
  {"evidence.request_read", "request the attacker read", "requête lue par l'attaquant"},
  {"evidence.page_forged", "page the attacker sent instead of the server's", "page envoyée par l'attaquant à la place de celle du serveur"},
  {"evidence.suites_removed", "suites removed from the ClientHello", "suites retirées du ClientHello"},
  {"evidence.weak_suite_chosen", "weak suite the server chose", "suite faible choisie par le serveur"},
  {"evidence.bit_flipped", "byte of the record whose bit was flipped", "octet de l'enregistrement dont un bit a été inversé"},
  {"evidence.record_replayed", "record sent a second time", "enregistrement envoyé une deuxième fois"},
  {"evidence.record_delivered_late", "record delivered after the next one", "enregistrement remis après le suivant"},
  {"evidence.record_dropped", "record dropped", "enregistrement supprimé"},
  {"evidence.record_cut", "record lost when the connection was cut", "enregistrement perdu à la coupure de la connexion"},

  // Defenses.
  {"defense.certificate-validation", "Certificate validation", "Validation du certificat"},
  {"defense.certificate-validation.how",
   "the client checks the server's chain up to a root it trusts, its dates and that it names the host (RFC 5280 6, RFC 6125 6)",
   "le client vérifie la chaîne du serveur jusqu'à une racine de confiance, ses dates et qu'elle nomme l'hôte (RFC 5280 6, RFC 6125 6)"},
  {"defense.record-mac", "Record MAC with sequence number", "MAC des enregistrements avec numéro de séquence"},
  {"defense.record-mac.how",
   "every protected record carries a MAC or AEAD tag over its content and an implicit sequence number (RFC 6101 5.2.3.1, RFC 5246 6.2.3, RFC 8446 5.3)",
   "chaque enregistrement protégé porte un MAC ou une étiquette AEAD sur son contenu et un numéro de séquence implicite (RFC 6101 5.2.3.1, RFC 5246 6.2.3, RFC 8446 5.3)"},
  {"defense.finished-check", "Finished check", "Vérification de Finished"},
  {"defense.finished-check.how",
   "each side compares the peer's Finished, computed over every handshake message it saw (RFC 6101 5.6.9, RFC 5246 7.4.9)",
   "chaque côté compare le Finished du pair, calculé sur tous les messages de la poignée de main qu'il a vus (RFC 6101 5.6.9, RFC 5246 7.4.9)"},
  {"defense.extended-master-secret", "Extended master secret", "Extended master secret"},
  {"defense.extended-master-secret.how",
   "the master secret is derived from a hash of the handshake, so an altered ClientHello gives different keys (RFC 7627)",
   "le master secret est dérivé d'un haché de la poignée de main : un ClientHello altéré donne des clés différentes (RFC 7627)"},
  {"defense.close-notify-required", "close_notify required", "close_notify exigé"},
  {"defense.close-notify-required.how",
   "a connection that ends without close_notify is reported as truncated (RFC 6101 5.4.1, RFC 5246 7.2.1)",
   "une connexion qui se termine sans close_notify est signalée comme tronquée (RFC 6101 5.4.1, RFC 5246 7.2.1)"},

  // mitm-forged-cert
  {"attack.mitm-forged-cert.title", "Man in the middle with a forged certificate", "Homme du milieu avec un certificat forgé"},
  {"attack.mitm-forged-cert.explain",
   "The attacker sits between client and server. It answers the client's ClientHello itself, with a certificate of its own for the host "
   "(self-signed, issued by its own CA, or a genuine certificate for another domain it owns), and opens its own connection to the "
   "server. Each connection has its own keys, so the attacker reads and rewrites everything it relays. Only the client's check of the "
   "server's certificate can tell: the attacker cannot present the server's certificate because it lacks the matching private key.",
   "L'attaquant se place entre le client et le serveur. Il répond lui-même au ClientHello du client, avec un certificat à lui pour "
   "l'hôte (auto-signé, émis par sa propre AC, ou un vrai certificat pour un autre domaine qu'il possède), et ouvre sa propre "
   "connexion vers le serveur. Chaque connexion a ses propres clés : l'attaquant lit et réécrit tout ce qu'il relaie. Seule la "
   "vérification du certificat du serveur par le client peut le déceler : l'attaquant ne peut pas présenter le certificat du "
   "serveur, faute d'en avoir la clé privée."},
  {"attack.mitm-forged-cert.expect_undefended",
   "the client accepts the forged certificate; the attacker reads the request and the client receives the attacker's page",
   "le client accepte le certificat forgé ; l'attaquant lit la requête et le client reçoit la page de l'attaquant"},
  {"attack.mitm-forged-cert.expect_defended",
   "the client rejects the certificate and aborts the handshake with an alert (unknown_ca or bad_certificate)",
   "le client rejette le certificat et interrompt la poignée de main par une alerte (unknown_ca ou bad_certificate)"},
  {"attack.mitm-forged-cert.variant.self-signed", "self-signed certificate for the host", "certificat auto-signé pour l'hôte"},
  {"attack.mitm-forged-cert.variant.own-ca", "certificate for the host from the attacker's own CA",
   "certificat pour l'hôte émis par l'AC de l'attaquant"},
  {"attack.mitm-forged-cert.variant.other-host", "genuine certificate for the attacker's own domain",
   "vrai certificat pour le domaine de l'attaquant"},
  {"attack.mitm-forged-cert.succeeded", "the attack succeeded: the attacker read the request and the client received the forged page",
   "l'attaque a réussi : l'attaquant a lu la requête et le client a reçu la page forgée"},
  {"attack.mitm-forged-cert.failed", "the attack failed: the attacker read nothing", "l'attaque a échoué : l'attaquant n'a rien lu"},

  // suite-rollback
  {"attack.suite-rollback.title", "Cipher suite rollback", "Retour arrière sur la suite cryptographique"},
  {"attack.suite-rollback.explain",
   "The client offers strong suites and, for old servers, a weak one (40-bit export or RC4). The attacker rewrites the ClientHello in "
   "flight so that only the weak suite is left, and the server picks it. The handshake messages travel in clear, but both Finished "
   "messages are computed over all of them: the server's copy of the ClientHello differs from the client's, so the Finished check "
   "fails. With the extended master secret even the keys differ. SSL 2.0 protected neither, and fell to exactly this.",
   "Le client propose des suites robustes et, pour les vieux serveurs, une suite faible (export 40 bits ou RC4). L'attaquant réécrit "
   "le ClientHello en transit pour n'y laisser que la suite faible, et le serveur la choisit. Les messages de la poignée de main "
   "circulent en clair, mais les deux Finished sont calculés sur tous ces messages : la copie du ClientHello du serveur diffère de "
   "celle du client, et la vérification de Finished échoue. Avec l'extended master secret, même les clés diffèrent. SSL 2.0 ne "
   "protégeait ni l'un ni l'autre, et est tombé exactement ainsi."},
  {"attack.suite-rollback.expect_undefended", "the weak suite is negotiated and used to the end",
   "la suite faible est négociée et utilisée jusqu'au bout"},
  {"attack.suite-rollback.expect_defended",
   "the altered ClientHello is detected: Finished does not match (or, with the extended master secret, the keys differ and the first protected record fails)",
   "le ClientHello altéré est détecté : Finished ne correspond pas (ou, avec l'extended master secret, les clés diffèrent et le premier enregistrement protégé échoue)"},
  {"attack.suite-rollback.action", "the attacker removes every strong suite from the ClientHello",
   "l'attaquant retire toutes les suites robustes du ClientHello"},
  {"attack.suite-rollback.succeeded", "the attack succeeded: the connection used the weak suite to the end",
   "l'attaque a réussi : la connexion a utilisé la suite faible jusqu'au bout"},
  {"attack.suite-rollback.failed", "the attack failed: no weak suite was used", "l'attaque a échoué : aucune suite faible n'a été utilisée"},

  // version-rollback
  {"attack.version-rollback.title", "Protocol version rollback", "Retour arrière sur la version du protocole"},
  {"attack.version-rollback.explain",
   "Until 2015 browsers retried a failed handshake with a lower version, in case the server was an old one that choked on the newer "
   "ClientHello. The attacker exploits that: it drops each ClientHello above SSL 3.0 and answers in the server's name with a fatal "
   "handshake_failure alert (before the keys exist, nothing authenticates it). The client retries one version lower each time, until "
   "an SSL 3.0 ClientHello reaches the server, which both sides still accept: the session runs SSL 3.0, open to POODLE. The Finished "
   "check cannot help, since each handshake is genuine. TLS_FALLBACK_SCSV in the retries lets a server that supports more refuse them "
   "(inappropriate_fallback, RFC 7507); a TLS 1.3 server marks ServerHello.random of an older version with \"DOWNGRD\", which a TLS 1.3 "
   "client checks (RFC 8446 4.1.3).",
   "Jusqu'en 2015, les navigateurs réessayaient une poignée de main échouée avec une version inférieure, au cas où le serveur serait "
   "un vieux serveur gêné par le ClientHello récent. L'attaquant en profite : il supprime chaque ClientHello au-dessus de SSL 3.0 et "
   "répond au nom du serveur par une alerte fatale handshake_failure (avant que les clés n'existent, rien ne l'authentifie). Le client "
   "réessaie chaque fois une version plus bas, jusqu'à ce qu'un ClientHello SSL 3.0 atteigne le serveur, que les deux côtés acceptent "
   "encore : la session tourne en SSL 3.0, exposée à POODLE. La vérification de Finished n'y peut rien, car chaque poignée de main "
   "est authentique. TLS_FALLBACK_SCSV dans les nouvelles tentatives permet à un serveur qui connaît mieux de les refuser "
   "(inappropriate_fallback, RFC 7507) ; un serveur TLS 1.3 marque ServerHello.random d'une version plus ancienne par \"DOWNGRD\", "
   "ce que vérifie un client TLS 1.3 (RFC 8446 4.1.3)."},
  {"attack.version-rollback.expect_undefended", "the client falls back step by step and the session runs SSL 3.0",
   "le client se replie pas à pas et la session tourne en SSL 3.0"},
  {"attack.version-rollback.expect_defended",
   "the SSL 3.0 retry that gets through is refused: the server answers inappropriate_fallback (TLS_FALLBACK_SCSV), or the client aborts with illegal_parameter on the DOWNGRD sentinel",
   "la nouvelle tentative en SSL 3.0 qui passe est refusée : le serveur répond inappropriate_fallback (TLS_FALLBACK_SCSV), ou le client interrompt avec illegal_parameter sur la sentinelle DOWNGRD"},
  {"attack.version-rollback.drop", "the attacker drops this ClientHello, which offers {version}",
   "l'attaquant supprime ce ClientHello, qui propose {version}"},
  {"attack.version-rollback.alert", "the attacker answers in the server's name with a fatal handshake_failure alert, so the client falls back",
   "l'attaquant répond au nom du serveur par une alerte fatale handshake_failure, et le client se replie"},
  {"attack.version-rollback.succeeded", "the attack succeeded: the session runs SSL 3.0 although both sides support more",
   "l'attaque a réussi : la session tourne en SSL 3.0 alors que les deux côtés connaissent mieux"},
  {"attack.version-rollback.failed", "the attack failed: no session at SSL 3.0", "l'attaque a échoué : aucune session en SSL 3.0"},
  {"defense.fallback-scsv", "TLS_FALLBACK_SCSV", "TLS_FALLBACK_SCSV"},
  {"defense.fallback-scsv.how",
   "the client marks its retries with TLS_FALLBACK_SCSV and a server that supports a higher version refuses them with inappropriate_fallback (RFC 7507)",
   "le client marque ses nouvelles tentatives par TLS_FALLBACK_SCSV et un serveur qui connaît une version plus haute les refuse par inappropriate_fallback (RFC 7507)"},
  {"defense.downgrade-sentinel", "TLS 1.3 downgrade sentinel", "Sentinelle anti-repli de TLS 1.3"},
  {"defense.downgrade-sentinel.how",
   "a TLS 1.3 server ends ServerHello.random with DOWNGRD when it negotiates an older version; a TLS 1.3 client that sees it aborts with illegal_parameter (RFC 8446 4.1.3)",
   "un serveur TLS 1.3 termine ServerHello.random par DOWNGRD quand il négocie une version plus ancienne ; un client TLS 1.3 qui le voit interrompt avec illegal_parameter (RFC 8446 4.1.3)"},
  {"evidence.first_offered", "highest version of the client's first ClientHello", "version maximale du premier ClientHello du client"},
  {"evidence.handshakes_broken", "handshakes the attacker broke", "poignées de main cassées par l'attaquant"},
  {"evidence.version_used", "version of the session that went through", "version de la session qui est passée"},

  // record-tamper, record-replay, record-reorder, record-drop
  {"attack.record-tamper.title", "Tampering with a record", "Altération d'un enregistrement"},
  {"attack.record-tamper.explain",
   "The attacker flips one bit of the ciphertext of the client's request. Encryption alone would let the change through (with a stream "
   "cipher the same bit of the plaintext flips); the record MAC or AEAD tag, computed over the content, no longer matches, and the "
   "server rejects the record.",
   "L'attaquant inverse un bit du chiffré de la requête du client. Le chiffrement seul laisserait passer la modification (avec un "
   "chiffrement par flot, le même bit du clair s'inverse) ; le MAC ou l'étiquette AEAD de l'enregistrement, calculé sur le contenu, "
   "ne correspond plus, et le serveur rejette l'enregistrement."},
  {"attack.record-tamper.expect", "the server answers bad_record_mac", "le serveur répond bad_record_mac"},
  {"attack.record-tamper.action", "the attacker flips the low bit of byte {offset} of the record",
   "l'attaquant inverse le bit de poids faible de l'octet {offset} de l'enregistrement"},
  {"attack.record-tamper.succeeded", "the attack succeeded: the server took the altered record",
   "l'attaque a réussi : le serveur a accepté l'enregistrement altéré"},
  {"attack.record-tamper.failed", "the attack failed: the altered record was not accepted",
   "l'attaque a échoué : l'enregistrement altéré n'a pas été accepté"},
  {"attack.record-replay.title", "Replaying a record", "Rejeu d'un enregistrement"},
  {"attack.record-replay.explain",
   "The attacker sends the client's request record to the server a second time, unchanged: a valid MAC, valid encryption. But the MAC "
   "also covers a sequence number that both sides count without sending: the copy arrives as the next record with the previous "
   "record's MAC, and the server rejects it instead of running the request twice.",
   "L'attaquant renvoie au serveur, inchangé, l'enregistrement de la requête du client : MAC valide, chiffrement valide. Mais le MAC "
   "couvre aussi un numéro de séquence que les deux côtés comptent sans l'envoyer : la copie arrive comme l'enregistrement suivant "
   "avec le MAC du précédent, et le serveur la rejette au lieu d'exécuter la requête deux fois."},
  {"attack.record-replay.expect", "the server answers bad_record_mac to the copy", "le serveur répond bad_record_mac à la copie"},
  {"attack.record-replay.succeeded", "the attack succeeded: the server received the request twice",
   "l'attaque a réussi : le serveur a reçu la requête deux fois"},
  {"attack.record-replay.failed", "the attack failed: the server received the request once",
   "l'attaque a échoué : le serveur a reçu la requête une seule fois"},
  {"attack.record-reorder.title", "Reordering records", "Réordonnancement des enregistrements"},
  {"attack.record-reorder.explain",
   "The attacker holds the server's page back and lets the next record through first. Each record's MAC covers its sequence number: "
   "the client, expecting record n, receives record n+1 and rejects it.",
   "L'attaquant retient la page du serveur et laisse passer l'enregistrement suivant en premier. Le MAC de chaque enregistrement "
   "couvre son numéro de séquence : le client, qui attend l'enregistrement n, reçoit le n+1 et le rejette."},
  {"attack.record-reorder.expect", "the client answers bad_record_mac", "le client répond bad_record_mac"},
  {"attack.record-reorder.succeeded", "the attack succeeded: the client took the records out of order",
   "l'attaque a réussi : le client a accepté les enregistrements dans le désordre"},
  {"attack.record-reorder.failed", "the attack failed: the records were not taken out of order",
   "l'attaque a échoué : les enregistrements n'ont pas été acceptés dans le désordre"},
  {"attack.record-drop.title", "Dropping a record", "Suppression d'un enregistrement"},
  {"attack.record-drop.explain",
   "The attacker drops the server's page. The next record carries the next sequence number in its MAC: the client, still expecting "
   "the dropped record, rejects it, instead of taking the missing page for an empty one.",
   "L'attaquant supprime la page du serveur. L'enregistrement suivant porte le numéro de séquence suivant dans son MAC : le client, "
   "qui attend toujours l'enregistrement supprimé, le rejette au lieu de prendre la page manquante pour une page vide."},
  {"attack.record-drop.expect", "the client answers bad_record_mac to the next record", "le client répond bad_record_mac à l'enregistrement suivant"},
  {"attack.record-drop.succeeded", "the attack succeeded: the client closed normally without the page",
   "l'attaque a réussi : le client a fermé normalement sans la page"},
  {"attack.record-drop.failed", "the attack failed: the loss was noticed", "l'attaque a échoué : la perte a été remarquée"},

  // truncation
  {"attack.truncation.title", "Truncation", "Troncature"},
  {"attack.truncation.explain",
   "Once the server's page has passed, the attacker cuts the TCP connection, so the server's close_notify never arrives. A client "
   "that requires close_notify knows the data may have been cut short and reports it. SSL 2.0 had no close_notify: the end of TCP "
   "was the end of the data, so an attacker chose where a response ended.",
   "Une fois la page du serveur passée, l'attaquant coupe la connexion TCP : le close_notify du serveur n'arrive jamais. Un client "
   "qui exige close_notify sait que les données ont pu être tronquées et le signale. SSL 2.0 n'avait pas de close_notify : la fin de "
   "TCP était la fin des données, et un attaquant choisissait où une réponse s'arrêtait."},
  {"attack.truncation.expect_undefended", "the client takes the cut as the normal end of the data",
   "le client prend la coupure pour la fin normale des données"},
  {"attack.truncation.expect_defended", "the client reports that the connection ended without close_notify",
   "le client signale que la connexion s'est terminée sans close_notify"},
  {"attack.truncation.succeeded", "the attack succeeded: the client took the cut as the end of the data",
   "l'attaque a réussi : le client a pris la coupure pour la fin des données"},
  {"attack.truncation.failed", "the attack failed: the client reported the truncation", "l'attaque a échoué : le client a signalé la troncature"},

  // revocation-block
  {"attack.revocation-block.title", "Blocking the revocation check", "Blocage de la vérification de révocation"},
  {"attack.revocation-block.explain",
   "The server's certificate was revoked (its key is known to be compromised), but it is still within its dates. The attacker sits on "
   "the client's path to the CA and its OCSP responder and drops their answers. A soft-fail client, as browsers are, takes no answer "
   "as no news and goes on with the revoked certificate. A hard-fail client refuses a certificate whose status it cannot learn. With "
   "OCSP stapling the server hands the signed answer over inside the handshake, where the attacker cannot remove it.",
   "Le certificat du serveur a été révoqué (sa clé est compromise), mais il est encore dans ses dates. L'attaquant se place sur le "
   "chemin du client vers l'AC et son répondeur OCSP, et supprime leurs réponses. Un client en échec souple, comme les navigateurs, "
   "prend l'absence de réponse pour une absence de problème et continue avec le certificat révoqué. Un client en échec strict refuse "
   "un certificat dont il ne peut pas connaître le statut. Avec l'agrafage OCSP, le serveur remet la réponse signée dans la poignée de "
   "main, où l'attaquant ne peut pas la retirer."},
  {"attack.revocation-block.expect_undefended", "the client accepts the revoked certificate (soft-fail)",
   "le client accepte le certificat révoqué (échec souple)"},
  {"attack.revocation-block.expect_defended",
   "hard-fail: the client refuses the certificate (certificate_unknown); stapling: it sees the revocation (certificate_revoked)",
   "échec strict : le client refuse le certificat (certificate_unknown) ; agrafage : il voit la révocation (certificate_revoked)"},
  {"attack.revocation-block.succeeded", "the attack succeeded: the client accepted a revoked certificate",
   "l'attaque a réussi : le client a accepté un certificat révoqué"},
  {"attack.revocation-block.failed", "the attack failed: the client did not accept the revoked certificate",
   "l'attaque a échoué : le client n'a pas accepté le certificat révoqué"},
  {"evidence.answer_dropped", "revocation answer dropped", "réponse de révocation supprimée"},
  {"defense.hard-fail", "Hard-fail revocation", "Révocation en échec strict"},
  {"defense.hard-fail.how", "a certificate whose revocation status cannot be learned is refused (RFC 5280 6.3, RFC 6960)",
   "un certificat dont le statut de révocation ne peut pas être connu est refusé (RFC 5280 6.3, RFC 6960)"},
  {"defense.ocsp-stapling", "OCSP stapling", "Agrafage OCSP"},
  {"defense.ocsp-stapling.how", "the client asks with status_request and the server sends its CA's signed OCSP answer in CertificateStatus (RFC 6066 8)",
   "le client le demande par status_request et le serveur envoie la réponse OCSP signée de son AC dans CertificateStatus (RFC 6066 8)"},

  // early-ccs
  {"attack.early-ccs.title", "Early ChangeCipherSpec injection (CVE-2014-0224)", "Injection d'un ChangeCipherSpec précoce (CVE-2014-0224)"},
  {"attack.early-ccs.explain",
   "Right after ServerHello the attacker sends a ChangeCipherSpec to the client and another to the server, before any master secret "
   "exists. A vulnerable OpenSSL (before 1.0.1h) took it: it computed its key block at that moment from an empty master secret, so "
   "every record key depended only on the two randoms sent in the clear, and it kept that key block for both directions until the "
   "end. Only Finished used the real master secret; ChangeCipherSpec is not a handshake message, so the transcripts match and both "
   "Finished verify. The attacker computes the same keys, protects the handshake records the victims now expect protected, then "
   "reads the request and rewrites the page. A correct side accepts ChangeCipherSpec only at its place in the handshake, once the "
   "keys are negotiated (RFC 6101 5.3 for SSL 3.0; RFC 2246, 4346 and 5246 7.1 for TLS), and answers anything else with "
   "unexpected_message.",
   "Juste après le ServerHello, l'attaquant envoie un ChangeCipherSpec au client et un autre au serveur, avant qu'aucun master secret "
   "n'existe. Un OpenSSL vulnérable (avant 1.0.1h) l'acceptait : il calculait alors son key_block à partir d'un master secret vide, si "
   "bien que toutes les clés des enregistrements ne dépendaient que des deux aléas envoyés en clair, et il gardait ce key_block pour "
   "les deux sens jusqu'à la fin. Seul Finished utilisait le vrai master secret ; ChangeCipherSpec n'est pas un message de la poignée "
   "de main, donc les transcriptions concordent et les deux Finished sont valides. L'attaquant calcule les mêmes clés, protège les "
   "enregistrements de la poignée de main que les victimes attendent désormais protégés, puis lit la requête et réécrit la page. Un "
   "côté correct n'accepte ChangeCipherSpec qu'à sa place dans la poignée de main, une fois les clés négociées (RFC 6101 5.3 pour "
   "SSL 3.0 ; RFC 2246, 4346 et 5246 7.1 pour TLS), et répond unexpected_message à tout le reste."},
  {"attack.early-ccs.expect_undefended",
   "both sides take the injected ChangeCipherSpec; the attacker reads the request and the client receives the altered page",
   "les deux côtés acceptent le ChangeCipherSpec injecté ; l'attaquant lit la requête et le client reçoit la page modifiée"},
  {"attack.early-ccs.expect_defended", "each side answers the injected ChangeCipherSpec with unexpected_message",
   "chaque côté répond unexpected_message au ChangeCipherSpec injecté"},
  {"attack.early-ccs.inject", "the attacker sends the {side} a ChangeCipherSpec before any key is negotiated",
   "l'attaquant envoie au {side} un ChangeCipherSpec avant toute négociation de clés"},
  {"attack.early-ccs.protect",
   "the {side} now reads under keys from an empty master secret: the attacker, who computed them from the two randoms, protects this record with them",
   "le {side} lit désormais avec des clés issues d'un master secret vide : l'attaquant, qui les a calculées à partir des deux aléas, s'en sert pour protéger cet enregistrement"},
  {"attack.early-ccs.read", "the attacker decrypts this record with the client_write keys it computed, reads it and forwards it unchanged",
   "l'attaquant déchiffre cet enregistrement avec les clés client_write qu'il a calculées, le lit et le transmet inchangé"},
  {"attack.early-ccs.alter", "the attacker decrypts the server's page, adds its own form and encrypts it again for the client",
   "l'attaquant déchiffre la page du serveur, y ajoute son propre formulaire et la chiffre à nouveau pour le client"},
  {"attack.early-ccs.reseal", "the attacker decrypts the server's record and encrypts it again for the client, whose keys it knows",
   "l'attaquant déchiffre l'enregistrement du serveur et le chiffre à nouveau pour le client, dont il connaît les clés"},
  {"attack.early-ccs.succeeded", "the attack succeeded: the attacker read the request and the client received the altered page",
   "l'attaque a réussi : l'attaquant a lu la requête et le client a reçu la page modifiée"},
  {"attack.early-ccs.failed", "the attack failed: the attacker could not read and alter the session",
   "l'attaque a échoué : l'attaquant n'a pas pu lire ni modifier la session"},
  {"evidence.early_ccs_key_block", "key_block the attacker computed from an empty master secret and the two randoms",
   "key_block calculé par l'attaquant à partir d'un master secret vide et des deux aléas"},
  {"evidence.page_altered", "page as the attacker altered it", "page telle que l'attaquant l'a modifiée"},
  {"defense.strict-ccs", "ChangeCipherSpec only in its place", "ChangeCipherSpec seulement à sa place"},
  {"defense.strict-ccs.how",
   "each side accepts ChangeCipherSpec only where its handshake expects it, after the key exchange, and answers one anywhere else with unexpected_message (RFC 6101 5.3; RFC 2246, 4346 and 5246 7.1)",
   "chaque côté n'accepte ChangeCipherSpec que là où sa poignée de main l'attend, après l'échange de clés, et répond unexpected_message à un ChangeCipherSpec ailleurs (RFC 6101 5.3 ; RFC 2246, 4346 et 5246 7.1)"},
  // renegotiation-injection
  {"attack.renegotiation-injection.title", "Renegotiation injection (CVE-2009-3555)", "Injection par renégociation (CVE-2009-3555)"},
  {"attack.renegotiation-injection.explain",
   "The attacker holds the client's ClientHello, opens its own session with the server and sends it a request whose last header "
   "line is left open (GET /transfer?to=attacker, then \"X-Ignore: \"). It then passes the client's handshake to the server as a "
   "renegotiation inside its own session: it encrypts the client's messages with its session's keys and decrypts the server's "
   "answers for the client, which believes it is making its first handshake. After the ChangeCipherSpecs the client and the server "
   "share keys the attacker does not know, but the server has read the attacker's prefix and the client's request (with its "
   "cookie) as one stream: it executes the attacker's request line for the client's session. RFC 5746 binds a renegotiation to "
   "the session it renegotiates: a server that implements it finds in the ClientHello no renegotiation_info carrying its "
   "session's client verify_data (RFC 5746 3.7; SSL 3.0 clients send the SCSV, 3.3) and refuses the handshake; a client that "
   "requires it refuses a server whose ServerHello lacks renegotiation_info (RFC 5746 4.1).",
   "L'attaquant retient le ClientHello du client, ouvre sa propre session avec le serveur et lui envoie une requête dont la dernière "
   "ligne d'en-tête reste ouverte (GET /transfer?to=attacker, puis « X-Ignore: »). Il transmet ensuite la poignée de main du client "
   "au serveur comme une renégociation dans sa propre session : il chiffre les messages du client avec les clés de sa session et "
   "déchiffre pour le client les réponses du serveur, le client croyant faire sa première poignée de main. Après les "
   "ChangeCipherSpec, le client et le serveur partagent des clés que l'attaquant ignore, mais le serveur a lu le préfixe de "
   "l'attaquant et la requête du client (avec son cookie) comme un seul flux : il exécute la ligne de requête de l'attaquant pour "
   "la session du client. La RFC 5746 lie une renégociation à la session qu'elle renégocie : un serveur qui l'applique ne trouve "
   "dans le ClientHello aucun renegotiation_info portant le verify_data client de sa session (RFC 5746 3.7 ; les clients SSL 3.0 "
   "envoient la SCSV, 3.3) et refuse la poignée de main ; un client qui l'exige refuse un serveur dont le ServerHello n'a pas de "
   "renegotiation_info (RFC 5746 4.1)."},
  {"attack.renegotiation-injection.expect_undefended",
   "the server executes the attacker's request line with the client's cookie",
   "le serveur exécute la ligne de requête de l'attaquant avec le cookie du client"},
  {"attack.renegotiation-injection.expect_defended",
   "server: handshake_failure at the client's ClientHello (RFC 5746 3.7); client only: handshake_failure at the ServerHello (RFC 5746 4.1)",
   "serveur : handshake_failure au ClientHello du client (RFC 5746 3.7) ; client seul : handshake_failure au ServerHello (RFC 5746 4.1)"},
  {"attack.renegotiation-injection.succeeded",
   "the attack succeeded: the server executed the attacker's request line with the client's cookie",
   "l'attaque a réussi : le serveur a exécuté la ligne de requête de l'attaquant avec le cookie du client"},
  {"attack.renegotiation-injection.failed", "the attack failed: the server did not execute the attacker's request",
   "l'attaque a échoué : le serveur n'a pas exécuté la requête de l'attaquant"},
  {"attack.reason.splice_hold", "client's ClientHello held while the attacker opens its own session with the server",
   "ClientHello du client retenu pendant que l'attaquant ouvre sa propre session avec le serveur"},
  {"attack.reason.splice_seal", "client's {type} record sealed with the attacker's session keys, as a renegotiation",
   "enregistrement {type} du client scellé avec les clés de la session de l'attaquant, comme une renégociation"},
  {"attack.reason.splice_open", "server's {type} record opened with the attacker's session keys and passed to the client in clear",
   "enregistrement {type} du serveur ouvert avec les clés de la session de l'attaquant et transmis en clair au client"},
  {"attack.reason.splice_relay", "record under the client's and server's new keys, relayed unchanged",
   "enregistrement sous les nouvelles clés du client et du serveur, relayé tel quel"},
  {"evidence.prefix_sent", "prefix the attacker sent in its own session", "préfixe envoyé par l'attaquant dans sa propre session"},
  {"evidence.client_hello_spliced", "client's ClientHello sent as a renegotiation in the attacker's session",
   "ClientHello du client envoyé comme renégociation dans la session de l'attaquant"},
  {"evidence.page_shown", "page the server sent back, as the client displayed it", "page renvoyée par le serveur, telle que le client l'a affichée"},
  {"defense.secure-renegotiation-server", "Secure renegotiation on the server (RFC 5746)", "Renégociation sécurisée côté serveur (RFC 5746)"},
  {"defense.secure-renegotiation-server.how",
   "the server implements RFC 5746 and refuses unsafe renegotiation: a renegotiating ClientHello must carry the session's client "
   "verify_data in renegotiation_info, else handshake_failure (RFC 5746 3.7, 4.4)",
   "le serveur applique la RFC 5746 et refuse les renégociations non sûres : un ClientHello de renégociation doit porter le verify_data "
   "client de la session dans renegotiation_info, sinon handshake_failure (RFC 5746 3.7, 4.4)"},
  {"defense.secure-renegotiation-client", "Client requires secure renegotiation (RFC 5746)", "Le client exige la renégociation sécurisée (RFC 5746)"},
  {"defense.secure-renegotiation-client.how",
   "the client refuses a server whose ServerHello has no renegotiation_info (handshake_failure, RFC 5746 4.1), as OpenSSL 3 does "
   "by default; it would also refuse a non-empty one in its first handshake (RFC 5746 3.4)",
   "le client refuse un serveur dont le ServerHello n'a pas de renegotiation_info (handshake_failure, RFC 5746 4.1), comme OpenSSL 3 "
   "par défaut ; il refuserait aussi un renegotiation_info non vide dans sa première poignée de main (RFC 5746 3.4)"},
  // tls13-0rtt-replay
  {"attack.tls13-0rtt-replay.title", "Replay of TLS 1.3 0-RTT data", "Rejeu des données 0-RTT de TLS 1.3"},
  {"attack.tls13-0rtt-replay.explain",
   "The client resumes with a ticket and sends its request (a money transfer) as 0-RTT data, right behind its ClientHello. The "
   "attacker records that first flight as it passes and, once the connection is over, sends the same bytes to the server in a "
   "connection of its own. The 0-RTT keys come from the ticket's PSK and the ClientHello alone, with nothing from the server "
   "(RFC 8446 2.3): the server decrypts the copy and runs the request a second time, although the attacker holds no key and cannot "
   "finish the handshake. TLS 1.3 does not prevent this (RFC 8446 8, E.5); the server must: single-use tickets (8.1), recording "
   "ClientHellos within a window (8.2), or no 0-RTT at all.",
   "Le client reprend sa session avec un ticket et envoie sa requête (un virement) en données 0-RTT, juste derrière son ClientHello. "
   "L'attaquant enregistre ce premier envoi au passage puis, une fois la connexion terminée, renvoie les mêmes octets au serveur dans "
   "une connexion à lui. Les clés 0-RTT ne dépendent que de la PSK du ticket et du ClientHello, sans rien venant du serveur "
   "(RFC 8446 2.3) : le serveur déchiffre la copie et exécute la requête une deuxième fois, bien que l'attaquant n'ait aucune clé et "
   "ne puisse pas terminer la poignée de main. TLS 1.3 ne l'empêche pas (RFC 8446 8, E.5) ; c'est au serveur de le faire : tickets "
   "à usage unique (8.1), enregistrement des ClientHello sur une fenêtre de temps (8.2), ou pas de 0-RTT du tout."},
  {"attack.tls13-0rtt-replay.expect_undefended", "the server runs the early request twice: in the client's connection and in the attacker's",
   "le serveur exécute deux fois la requête précoce : dans la connexion du client et dans celle de l'attaquant"},
  {"attack.tls13-0rtt-replay.expect_defended",
   "single-use tickets: the server refuses the replayed ticket as a PSK and skips the 0-RTT data; anti-replay window: it accepts the "
   "PSK but rejects the 0-RTT of a ClientHello already seen; no 0-RTT: the request goes once, after the handshake",
   "tickets à usage unique : le serveur refuse le ticket rejoué comme PSK et saute les données 0-RTT ; fenêtre anti-rejeu : il accepte "
   "la PSK mais refuse le 0-RTT d'un ClientHello déjà vu ; pas de 0-RTT : la requête part une seule fois, après la poignée de main"},
  {"attack.tls13-0rtt-replay.succeeded", "the attack succeeded: the server ran the same early request a second time, in the attacker's connection",
   "l'attaque a réussi : le serveur a exécuté la même requête précoce une deuxième fois, dans la connexion de l'attaquant"},
  {"attack.tls13-0rtt-replay.failed", "the attack failed: the server did not run the request a second time",
   "l'attaque a échoué : le serveur n'a pas exécuté la requête une deuxième fois"},
  {"attack.tls13-0rtt-replay.failed_no_early_data", "the attack failed: the client sent no 0-RTT data, so there was nothing to replay",
   "l'attaque a échoué : le client n'a pas envoyé de données 0-RTT, il n'y avait rien à rejouer"},
  {"attack.tls13-0rtt-replay.failed_psk_refused",
   "the attack failed: the server refused the replayed ticket (its ServerHello has no pre_shared_key) and skipped the 0-RTT data",
   "l'attaque a échoué : le serveur a refusé le ticket rejoué (son ServerHello n'a pas de pre_shared_key) et a sauté les données 0-RTT"},
  {"attack.tls13-0rtt-replay.failed_early_data_rejected",
   "the attack failed: the server accepted the replayed ticket but rejected its 0-RTT data, skipped unread",
   "l'attaque a échoué : le serveur a accepté le ticket rejoué mais a refusé ses données 0-RTT, sautées sans être lues"},
  {"attack.record_for_replay", "the attacker records the client's first flight for a later replay, and forwards it unchanged",
   "l'attaquant enregistre le premier envoi du client pour le rejouer plus tard, et le relaie sans le modifier"},
  {"attack.replay_0rtt", "the attacker's own connection: it sends the recorded bytes again, verbatim",
   "la connexion de l'attaquant : il renvoie les octets enregistrés, tels quels"},
  {"evidence.records_replayed", "records replayed verbatim (ClientHello and 0-RTT data)",
   "enregistrements rejoués tels quels (ClientHello et données 0-RTT)"},
  {"evidence.request_executed", "early request as the server read it in the client's connection",
   "requête précoce telle que le serveur l'a lue dans la connexion du client"},
  {"evidence.request_executed_again", "the same request as the server read it again in the attacker's connection",
   "la même requête telle que le serveur l'a relue dans la connexion de l'attaquant"},
  {"defense.single-use-tickets", "Single-use tickets", "Tickets à usage unique"},
  {"defense.single-use-tickets.how",
   "the server remembers the tickets used (shared by its instances) and refuses a ticket seen before as a PSK: full handshake, the "
   "0-RTT data is skipped (RFC 8446 8.1, 4.2.10)",
   "le serveur retient les tickets utilisés (mémoire partagée par ses instances) et refuse comme PSK un ticket déjà vu : poignée de "
   "main complète, les données 0-RTT sont sautées (RFC 8446 8.1, 4.2.10)"},
  {"defense.anti-replay-window", "Anti-replay window", "Fenêtre anti-rejeu"},
  {"defense.anti-replay-window.how",
   "the server records each ClientHello (its PSK binder) and rejects the 0-RTT of one already seen, keeping the PSK (RFC 8446 8.2); "
   "the ticket-age check (8.3) bounds the window, and an immediate replay falls inside it",
   "le serveur enregistre chaque ClientHello (son binder PSK) et refuse le 0-RTT d'un ClientHello déjà vu, en gardant la PSK "
   "(RFC 8446 8.2) ; le contrôle de l'âge du ticket (8.3) borne la fenêtre, et un rejeu immédiat tombe dedans"},
  {"defense.no-early-data", "No 0-RTT", "Pas de 0-RTT"},
  {"defense.no-early-data.how",
   "the server's tickets allow no early data (no early_data extension, max_early_data_size 0, RFC 8446 4.6.1): the client sends its "
   "request after the handshake, under keys an attacker cannot reuse",
   "les tickets du serveur n'autorisent pas de données précoces (pas d'extension early_data, max_early_data_size 0, RFC 8446 4.6.1) : "
   "le client envoie sa requête après la poignée de main, sous des clés qu'un attaquant ne peut pas réutiliser"},
  // ssl-strip
  {"attack.ssl-strip.title", "SSL stripping: the browser kept on plain HTTP", "SSL stripping : le navigateur maintenu en HTTP simple"},
  {"attack.ssl-strip.explain",
   "The user types the site's address without https://, so the browser's first request goes over plain HTTP, where the site "
   "would answer with a redirect to https. The attacker on the path answers that plain connection itself and never passes the "
   "redirect on: it fetches each page over TLS on connections of its own to the server (it is an ordinary client there, the "
   "certificate is genuine), rewrites https links to http, and hands the pages back in clear. The browser never sees TLS; the "
   "login form it fills in posts the password in clear, to the attacker, who relays it to the server and keeps it (Marlinspike, "
   "2009). TLS itself is never broken: it is simply never used by the victim. The defense is HSTS (RFC 6797): a browser that "
   "has the host in its list, from an earlier visit's Strict-Transport-Security header or the preload list, turns http:// into "
   "https:// before anything is sent.",
   "L'utilisateur tape l'adresse du site sans https:// : la première requête du navigateur part donc en HTTP simple, où le site "
   "répondrait par une redirection vers https. L'attaquant sur le chemin répond lui-même sur cette connexion en clair et ne "
   "transmet jamais la redirection : il va chercher chaque page sur TLS, par des connexions à lui vers le serveur (il y est un "
   "client ordinaire, le certificat est authentique), réécrit les liens https en http et rend les pages en clair. Le navigateur ne "
   "voit jamais TLS ; le formulaire de connexion qu'il remplit envoie le mot de passe en clair, à l'attaquant, qui le relaie au "
   "serveur et le garde (Marlinspike, 2009). TLS n'est jamais cassé : la victime ne s'en sert simplement jamais. La défense est "
   "HSTS (RFC 6797) : un navigateur qui a l'hôte dans sa liste, grâce à l'en-tête Strict-Transport-Security d'une visite "
   "précédente ou à la liste de préchargement, change http:// en https:// avant d'envoyer quoi que ce soit."},
  {"attack.ssl-strip.expect_undefended",
   "the browser stays on plain HTTP: the attacker reads the login form with its password, and the server still gets the login over TLS",
   "le navigateur reste en HTTP simple : l'attaquant lit le formulaire de connexion avec son mot de passe, et le serveur reçoit quand "
   "même la connexion sur TLS"},
  {"attack.ssl-strip.expect_defended",
   "the browser goes straight to https: the attacker sees only TLS records and reads nothing",
   "le navigateur va directement en https : l'attaquant ne voit que des enregistrements TLS et ne lit rien"},
  {"attack.ssl-strip.succeeded", "the attack succeeded: the login form's password crossed in clear, to the attacker",
   "l'attaque a réussi : le mot de passe du formulaire de connexion est passé en clair, jusqu'à l'attaquant"},
  {"attack.ssl-strip.failed", "the attack failed: no password crossed in clear",
   "l'attaque a échoué : aucun mot de passe n'est passé en clair"},
  {"attack.ssl-strip.failed_hsts",
   "the attack failed: the browser never spoke plain HTTP, so there was nothing to strip; its TLS records passed the attacker unread",
   "l'attaque a échoué : le navigateur n'a jamais parlé en HTTP simple, il n'y avait rien à dépouiller ; ses enregistrements TLS sont "
   "passés devant l'attaquant sans être lus"},
  {"attack.strip_request_read", "the attacker answers the browser's plain HTTP itself: it reads the request in clear and will fetch it over TLS",
   "l'attaquant répond lui-même au HTTP simple du navigateur : il lit la requête en clair et ira la chercher sur TLS"},
  {"attack.strip_page_relayed", "the page the server sent over TLS, handed to the browser in clear (https links made http)",
   "la page que le serveur a envoyée sur TLS, rendue au navigateur en clair (liens https changés en http)"},
  {"evidence.requests_read_plain", "the browser's requests, read in clear (the last one is the login form with its password)",
   "les requêtes du navigateur, lues en clair (la dernière est le formulaire de connexion avec son mot de passe)"},
  {"evidence.pages_stripped", "the pages handed to the browser in clear", "les pages rendues au navigateur en clair"},
  {"evidence.tls_records_passed", "TLS records that passed the attacker, unread", "enregistrements TLS passés devant l'attaquant, non lus"},
  {"defense.hsts", "HSTS", "HSTS"},
  {"defense.hsts.how",
   "the browser has the host in its HSTS list (Strict-Transport-Security: max-age from an earlier visit over https, or the preload "
   "list): it rewrites http:// to https:// itself, before anything is sent, and refuses to click through certificate errors "
   "(RFC 6797 8.3, 12.1)",
   "le navigateur a l'hôte dans sa liste HSTS (Strict-Transport-Security: max-age d'une visite précédente en https, ou la liste de "
   "préchargement) : il change lui-même http:// en https:// avant d'envoyer quoi que ce soit, et refuse de passer outre une erreur de "
   "certificat (RFC 6797 8.3, 12.1)"},
  // poodle
  {"attack.poodle.title", "POODLE: the SSL 3.0 CBC padding oracle (CVE-2014-3566)", "POODLE : l'oracle de bourrage CBC de SSL 3.0 (CVE-2014-3566)"},
  {"attack.poodle.explain",
   "SSL 3.0 checks only the last byte of a CBC record's padding, its length, and its MAC does not cover the padding (RFC 6101 "
   "5.2.3.2). The attacker's script on a page makes the victim's browser send requests to the site, choosing their path and "
   "body; the browser adds the session cookie. The body's length makes the padding a whole block; the path's length puts the "
   "cookie byte sought at the end of a block. On the wire the attacker replaces the record's last block with that block: the "
   "server accepts the record only when it decrypts to a last byte of 15 (block size minus one), once in 256 tries on "
   "average, and then the byte is C[i-1][15] XOR C[n-1][15] XOR 15. An alert means a new try, with a new connection and "
   "new keys. TLS checks every padding byte (RFC 2246 6.2.3.2), so the attack needs SSL 3.0, or a TLS stack that skips that "
   "check (CVE-2014-8730).",
   "SSL 3.0 ne vérifie que le dernier octet du bourrage d'un enregistrement CBC, sa longueur, et son MAC ne couvre pas le "
   "bourrage (RFC 6101 5.2.3.2). Le script de l'attaquant sur une page fait envoyer au navigateur de la victime des requêtes "
   "vers le site, dont il choisit le chemin et le corps ; le navigateur y ajoute le cookie de session. La longueur du corps "
   "fait du bourrage un bloc entier ; celle du chemin place l'octet cherché du cookie à la fin d'un bloc. Sur le réseau, "
   "l'attaquant remplace le dernier bloc de l'enregistrement par ce bloc : le serveur n'accepte l'enregistrement que s'il se "
   "déchiffre en un dernier octet de 15 (la taille du bloc moins un), une fois sur 256 en moyenne, et l'octet vaut alors "
   "C[i-1][15] XOR C[n-1][15] XOR 15. Une alerte signifie un nouvel essai, avec une nouvelle connexion et de nouvelles clés. "
   "TLS vérifie chaque octet du bourrage (RFC 2246 6.2.3.2) : l'attaque demande SSL 3.0, ou une pile TLS qui saute cette "
   "vérification (CVE-2014-8730)."},
  {"attack.poodle.expect_undefended",
   "about 256 requests per byte: the attacker recovers the whole cookie from which modified records the server accepts",
   "environ 256 requêtes par octet : l'attaquant retrouve tout le cookie d'après les enregistrements modifiés que le serveur accepte"},
  {"attack.poodle.expect_defended",
   "the server refuses SSL 3.0 (protocol_version or inappropriate_fallback); over TLS with the padding check every modified "
   "record gets bad_record_mac and the attack stops at its budget with nothing",
   "le serveur refuse SSL 3.0 (protocol_version ou inappropriate_fallback) ; en TLS avec la vérification du bourrage, chaque "
   "enregistrement modifié reçoit bad_record_mac et l'attaque s'arrête à son budget sans rien"},
  {"attack.poodle.variant.ssl3", "SSL 3.0 (the browser's fallback retry)", "SSL 3.0 (la nouvelle tentative de repli du navigateur)"},
  {"attack.poodle.variant.tls10-lax", "TLS 1.0 (a server that may skip the padding check)",
   "TLS 1.0 (un serveur qui peut sauter la vérification du bourrage)"},
  {"attack.poodle.succeeded", "the attack succeeded: the attacker recovered the session cookie from the server's answers alone",
   "l'attaque a réussi : l'attaquant a retrouvé le cookie de session d'après les seules réponses du serveur"},
  {"attack.poodle.failed", "the attack failed: the attacker recovered nothing", "l'attaque a échoué : l'attaquant n'a rien retrouvé"},
  {"attack.poodle.failed_no_cbc", "the attack failed: the server chose no CBC suite, so there is no padding to play with",
   "l'attaque a échoué : le serveur n'a choisi aucune suite CBC, il n'y a donc pas de bourrage à exploiter"},
  {"attack.poodle.failed_budget",
   "the attack failed: {requests} requests spent, {bytes} of {length} bytes recovered; the server answered {alerts} modified records with an alert",
   "l'attaque a échoué : {requests} requêtes dépensées, {bytes} octets retrouvés sur {length} ; le serveur a répondu par une alerte à {alerts} enregistrements modifiés"},
  {"attack.poodle.cancelled", "cancelled: {bytes} of {length} bytes of the cookie recovered so far",
   "annulée : {bytes} octets du cookie retrouvés sur {length} jusqu'ici"},
  {"defense.no-ssl3", "No SSL 3.0", "Pas de SSL 3.0"},
  {"defense.no-ssl3.how",
   "the server accepts TLS 1.0 at least (RFC 7568 forbids SSL 3.0), and a client's fallback retry carries TLS_FALLBACK_SCSV, "
   "which a server refuses below its highest version with inappropriate_fallback (RFC 7507)",
   "le serveur accepte au moins TLS 1.0 (la RFC 7568 interdit SSL 3.0), et la nouvelle tentative de repli d'un client porte "
   "TLS_FALLBACK_SCSV, qu'un serveur refuse sous sa version maximale par inappropriate_fallback (RFC 7507)"},
  {"defense.tls-padding-check", "TLS padding check", "Vérification du bourrage TLS"},
  {"defense.tls-padding-check.how",
   "a TLS receiver checks that every padding byte equals the padding length and answers any other record with bad_record_mac "
   "(RFC 2246 6.2.3.2, RFC 5246 6.2.3.2)",
   "un destinataire TLS vérifie que chaque octet du bourrage est égal à la longueur du bourrage et répond bad_record_mac à tout "
   "autre enregistrement (RFC 2246 6.2.3.2, RFC 5246 6.2.3.2)"},
  {"evidence.cookie_recovered", "cookie recovered by the attacker", "cookie retrouvé par l'attaquant"},
  {"evidence.requests_per_byte", "requests spent on each recovered byte", "requêtes dépensées pour chaque octet retrouvé"},
  {"evidence.poodle_answers", "modified records the server accepted / answered with an alert",
   "enregistrements modifiés acceptés par le serveur / auxquels il a répondu par une alerte"},

  // crime
  {"attack.crime.title", "CRIME: compressed record lengths reveal the cookie (CVE-2012-4929)",
   "CRIME : la longueur des enregistrements compressés révèle le cookie (CVE-2012-4929)"},
  {"attack.crime.explain",
   "With DEFLATE record compression (RFC 3749) the whole request goes through one LZ77 window. The attacker's script on a page "
   "makes the victim's browser send requests whose body repeats the text before the cookie (\"Cookie: \"), the part of the "
   "cookie found so far and a guess; the browser adds its real Cookie header. When the guess is right, the body repeats a longer "
   "piece of the header and compresses into a longer back-reference. Encryption hides the bytes, not the length, and the "
   "attacker reads nothing but lengths. Each guess is sent twice, guess then filler and filler then guess, on fresh connections: "
   "a wrong guess gives the same characters in both, hence the same length; only the right one changes it. A saving of a few "
   "bits can hide inside a byte, so a round that shows nothing is sent again shifted by a few characters. Character by "
   "character the whole cookie falls, up to the CR that ends it. Without compression every guess gives the same length.",
   "Avec la compression DEFLATE des enregistrements (RFC 3749), toute la requête passe par une même fenêtre LZ77. Le script de "
   "l'attaquant sur une page fait envoyer au navigateur de la victime des requêtes dont le corps répète le texte qui précède le "
   "cookie (« Cookie: »), la partie du cookie déjà trouvée et une supposition ; le navigateur ajoute son véritable en-tête "
   "Cookie. Quand la supposition est juste, le corps répète un plus long morceau de l'en-tête et se compresse en une référence "
   "arrière plus longue. Le chiffrement cache les octets, pas la longueur, et l'attaquant ne lit que des longueurs. Chaque "
   "supposition est envoyée deux fois, supposition puis remplissage et remplissage puis supposition, sur de nouvelles "
   "connexions : une mauvaise supposition donne les mêmes caractères dans les deux, donc la même longueur ; seule la bonne la "
   "change. Un gain de quelques bits peut se cacher dans un octet : un tour qui ne montre rien est renvoyé décalé de quelques "
   "caractères. Caractère après caractère, tout le cookie tombe, jusqu'au CR qui le termine. Sans compression, chaque "
   "supposition donne la même longueur."},
  {"attack.crime.expect_undefended", "round after round only the right guess changes the record's length: the attacker recovers the whole cookie",
   "tour après tour, seule la bonne supposition change la longueur de l'enregistrement : l'attaquant retrouve tout le cookie"},
  {"attack.crime.expect_defended", "without compression the record grows byte for byte with the request and every guess gives the same length: nothing is recovered",
   "sans compression, l'enregistrement grandit octet par octet avec la requête et chaque supposition donne la même longueur : rien n'est retrouvé"},
  {"attack.crime.succeeded", "the attack succeeded: the attacker recovered the session cookie from record lengths alone",
   "l'attaque a réussi : l'attaquant a retrouvé le cookie de session d'après la seule longueur des enregistrements"},
  {"attack.crime.failed", "the attack failed: the attacker recovered nothing", "l'attaque a échoué : l'attaquant n'a rien retrouvé"},
  {"attack.crime.failed_equal_lengths",
   "the attack failed: after {requests} requests and {chars} characters found, no guess changed the record's length",
   "l'attaque a échoué : après {requests} requêtes et {chars} caractères trouvés, aucune supposition n'a changé la longueur de l'enregistrement"},
  {"attack.crime.failed_uncompressed",
   "the attack failed: 48 repeated bytes more in a request made its record {growth} bytes longer; without compression no length depends on a guess",
   "l'attaque a échoué : 48 octets répétés de plus dans une requête ont allongé son enregistrement de {growth} octets ; sans compression, aucune longueur ne dépend d'une supposition"},
  {"attack.crime.failed_budget", "the attack failed: its budget of {requests} requests ran out before the end of the cookie",
   "l'attaque a échoué : son budget de {requests} requêtes s'est épuisé avant la fin du cookie"},
  {"attack.crime.cancelled", "cancelled: {chars} characters of the cookie recovered so far",
   "annulée : {chars} caractères du cookie retrouvés jusqu'ici"},
  {"defense.no-compression", "No compression", "Pas de compression"},
  {"defense.no-compression.how",
   "neither side offers or accepts DEFLATE: records carry the null compression method only (RFC 7457 2.6; TLS 1.3 has no "
   "compression, RFC 8446 4.1.2)",
   "aucun côté ne propose ni n'accepte DEFLATE : les enregistrements n'utilisent que la méthode de compression nulle "
   "(RFC 7457 2.6 ; TLS 1.3 n'a pas de compression, RFC 8446 4.1.2)"},
  {"evidence.crime_rounds", "each round: the guess whose two tries differ, with their lengths (guess first, filler first), then the others' lengths",
   "chaque tour : la supposition dont les deux essais diffèrent, avec leurs longueurs (supposition d'abord, remplissage d'abord), puis les longueurs des autres"},

  // bleichenbacher
  {"attack.bleichenbacher.title", "Bleichenbacher's RSA padding oracle (1998; ROBOT, 2017)",
   "L'oracle de bourrage RSA de Bleichenbacher (1998 ; ROBOT, 2017)"},
  {"attack.bleichenbacher.explain",
   "The attacker only listens to a session with RSA key transport: it keeps the EncryptedPreMasterSecret c of ClientKeyExchange "
   "and the server's public key (n, e) from its certificate. Then it opens connections of its own to the server, each with a "
   "ClientKeyExchange carrying c' = c * s^e mod n, which the server decrypts to m * s mod n. A server that answers a block not "
   "PKCS#1 v1.5 conforming (00 02, at least eight non-zero bytes, 00) with its own alert tells the attacker, for each s, whether "
   "m * s mod n lies between 2B and 3B (B = 2^(8(k-2)), k the key's length in bytes). Each such s cuts down the interval that "
   "holds m (steps 2 and 3 of the paper) until one value is left: the padded block, whose last 48 bytes are the "
   "pre_master_secret. With it and the two randoms sent in the clear, the attacker derives the master secret and the keys and "
   "decrypts the recorded session. The countermeasure of RFC 2246 and 5246 7.4.7.1 goes on with a random pre_master_secret "
   "when the block is malformed, so every query fails the same way, at Finished.",
   "L'attaquant ne fait qu'écouter une session avec transport de clé RSA : il garde l'EncryptedPreMasterSecret c du "
   "ClientKeyExchange et la clé publique (n, e) du serveur, tirée de son certificat. Puis il ouvre ses propres connexions au "
   "serveur, chacune avec un ClientKeyExchange qui porte c' = c * s^e mod n, que le serveur déchiffre en m * s mod n. Un serveur "
   "qui répond à un bloc non conforme à PKCS#1 v1.5 (00 02, au moins huit octets non nuls, 00) par une alerte propre indique à "
   "l'attaquant, pour chaque s, si m * s mod n est compris entre 2B et 3B (B = 2^(8(k-2)), k la longueur de la clé en octets). "
   "Chacun de ces s réduit l'intervalle qui contient m (étapes 2 et 3 de l'article) jusqu'à ce qu'il ne reste qu'une valeur : le "
   "bloc bourré, dont les 48 derniers octets sont le pre_master_secret. Avec lui et les deux aléas envoyés en clair, l'attaquant "
   "dérive le master secret et les clés, et déchiffre la session enregistrée. La contre-mesure des RFC 2246 et 5246 7.4.7.1 "
   "continue avec un pre_master_secret aléatoire quand le bloc est mal formé : toutes les requêtes échouent de la même façon, au "
   "Finished."},
  {"attack.bleichenbacher.expect_undefended",
   "the server answers a malformed block with decrypt_error at once: the attacker narrows m to one value, recovers the pre_master_secret and decrypts the request",
   "le serveur répond aussitôt decrypt_error à un bloc mal formé : l'attaquant réduit m à une seule valeur, retrouve le pre_master_secret et déchiffre la requête"},
  {"attack.bleichenbacher.expect_defended",
   "every query fails the same way, at Finished: the attacker learns nothing and stops at its query budget",
   "toutes les requêtes échouent de la même façon, au Finished : l'attaquant n'apprend rien et s'arrête à son budget de requêtes"},
  {"attack.bleichenbacher.succeeded", "the attack succeeded: the attacker recovered the pre_master_secret and decrypted the request",
   "l'attaque a réussi : l'attaquant a retrouvé le pre_master_secret et déchiffré la requête"},
  {"attack.bleichenbacher.succeeded_after",
   "the attack succeeded: after {queries} queries to the server's padding oracle, the attacker recovered the pre_master_secret and decrypted the request",
   "l'attaque a réussi : après {queries} requêtes à l'oracle de bourrage du serveur, l'attaquant a retrouvé le pre_master_secret et déchiffré la requête"},
  {"attack.bleichenbacher.failed", "the attack failed: the attacker could not recover the pre_master_secret",
   "l'attaque a échoué : l'attaquant n'a pas pu retrouver le pre_master_secret"},
  {"attack.bleichenbacher.failed_no_oracle",
   "the attack failed: all {queries} queries, up to the budget, got the same answer ({alert}), whether the block was well formed or not: the server reveals nothing (RFC 5246 7.4.7.1)",
   "l'attaque a échoué : les {queries} requêtes, jusqu'au budget, ont toutes reçu la même réponse ({alert}), que le bloc soit bien formé ou non : le serveur ne révèle rien (RFC 5246 7.4.7.1)"},
  {"attack.bleichenbacher.failed_budget",
   "the attack stopped at its budget of {queries} queries with 2^{bits} values left for m",
   "l'attaque s'est arrêtée à son budget de {queries} requêtes, avec encore 2^{bits} valeurs possibles pour m"},
  {"attack.bleichenbacher.failed_cancelled", "the attack was cancelled after {queries} queries, with 2^{bits} values left for m",
   "l'attaque a été annulée après {queries} requêtes, avec encore 2^{bits} valeurs possibles pour m"},
  {"attack.bleichenbacher.failed_inconsistent",
   "the attack failed: after {queries} queries no value of m fits the server's answers, which do not follow PKCS#1 conformance",
   "l'attaque a échoué : après {queries} requêtes, aucune valeur de m ne correspond aux réponses du serveur, qui ne suivent pas la conformité PKCS#1"},
  {"attack.bleichenbacher.failed_no_rsa",
   "the attack failed: the recorded session has no RSA key transport, so there is no EncryptedPreMasterSecret to attack",
   "l'attaque a échoué : la session enregistrée n'a pas de transport de clé RSA, donc pas d'EncryptedPreMasterSecret à attaquer"},
  {"evidence.bleichenbacher.ciphertext", "EncryptedPreMasterSecret c the attacker took from ClientKeyExchange",
   "EncryptedPreMasterSecret c que l'attaquant a pris dans le ClientKeyExchange"},
  {"evidence.bleichenbacher.queries", "queries sent to fresh server instances", "requêtes envoyées à de nouvelles instances du serveur"},
  {"evidence.bleichenbacher.interval", "the last interval for m = c^d mod n", "le dernier intervalle pour m = c^d mod n"},
  {"evidence.bleichenbacher.pre_master_secret", "pre_master_secret recovered: the last 48 bytes of m",
   "pre_master_secret retrouvé : les 48 derniers octets de m"},
  {"evidence.bleichenbacher.request", "the client's request, decrypted with keys derived from the recovered pre_master_secret",
   "la requête du client, déchiffrée avec des clés dérivées du pre_master_secret retrouvé"},
  {"defense.rsa-padding-countermeasure", "Uniform RSA decryption failure", "Échec uniforme du déchiffrement RSA"},
  {"defense.rsa-padding-countermeasure.how",
   "a ClientKeyExchange whose block is malformed, or has the wrong length or version, goes on with a random pre_master_secret, and "
   "the handshake fails at Finished like any other (RFC 5246 7.4.7.1; RFC 2246 7.4.7.1 note)",
   "un ClientKeyExchange dont le bloc est mal formé, ou de mauvaise longueur ou version, continue avec un pre_master_secret "
   "aléatoire, et la poignée de main échoue au Finished comme toute autre (RFC 5246 7.4.7.1 ; note de la RFC 2246 7.4.7.1)"},
  // export-bruteforce
  {"attack.export-bruteforce.title", "Brute force of a 40-bit export key", "Force brute d'une clé d'export de 40 bits"},
  {"attack.export-bruteforce.explain",
   "The client and server agree on an export suite, whose write keys hold only 40 secret bits (RFC 6101 6.2.2.1, RFC 2246 6.3.1): "
   "the rest of the cipher key comes from the two public randoms. A passive eavesdropper records the session, then tries the keys "
   "offline: for each candidate it computes what an endpoint computes (the final write key by MD5 in SSL 3.0 or by the PRF in "
   "TLS 1.0, the cipher's key schedule, the first keystream bytes or the first block) and checks that the client's first "
   "application data record starts with \"GET /\". The found key opens every record the client sent; the same search with "
   "\"HTTP/\" opens the server's. In 1995 a 40-bit key fell in days on a few hundred workstations; today it falls in hours on one "
   "computer. The one concession of the simulation: only the chosen number of low bits is searched (--bits), the others are "
   "given to the attacker as a stated hint taken from the victim's key derivation.",
   "Le client et le serveur s'accordent sur une suite d'export, dont les clés d'écriture n'ont que 40 bits secrets (RFC 6101 6.2.2.1, "
   "RFC 2246 6.3.1) : le reste de la clé de chiffrement vient des deux aléas publics. Un espion passif enregistre la session, puis "
   "essaie les clés hors ligne : pour chaque candidate il calcule ce que calcule une extrémité (la clé d'écriture finale par MD5 en "
   "SSL 3.0 ou par la PRF en TLS 1.0, la préparation de clé du chiffrement, les premiers octets de flux ou le premier bloc) et "
   "vérifie que le premier enregistrement de données applicatives du client commence par « GET / ». La clé trouvée ouvre tous les "
   "enregistrements envoyés par le client ; la même recherche avec « HTTP/ » ouvre ceux du serveur. En 1995 une clé de 40 bits "
   "tombait en quelques jours sur quelques centaines de stations ; aujourd'hui elle tombe en quelques heures sur un seul ordinateur. "
   "La seule concession de la simulation : seul le nombre choisi de bits de poids faible est cherché (--bits), les autres sont "
   "donnés à l'attaquant comme un indice déclaré, pris dans la dérivation de clé de la victime."},
  {"attack.export-bruteforce.expect_undefended",
   "the search finds the client's 40-bit write key in the slice, about halfway on average, and reads the request; the server's key, "
   "found the same way, opens the response",
   "la recherche trouve la clé d'écriture de 40 bits du client dans la tranche, à mi-chemin en moyenne, et lit la requête ; la clé du "
   "serveur, trouvée de la même façon, ouvre la réponse"},
  {"attack.export-bruteforce.expect_defended",
   "the server refuses the export suite, the session runs under a full-size key, and the same search over the same bits finds nothing",
   "le serveur refuse la suite d'export, la session utilise une clé de taille normale, et la même recherche sur les mêmes bits ne "
   "trouve rien"},
  {"attack.export-bruteforce.variant.rc4-40", "SSL_RSA_EXPORT_WITH_RC4_40_MD5 (RC4 stream, 16-byte key from 5 secret bytes)",
   "SSL_RSA_EXPORT_WITH_RC4_40_MD5 (flux RC4, clé de 16 octets tirée de 5 octets secrets)"},
  {"attack.export-bruteforce.variant.rc2-40", "SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5 (RC2-CBC, IV from the randoms)",
   "SSL_RSA_EXPORT_WITH_RC2_CBC_40_MD5 (RC2-CBC, IV tiré des aléas)"},
  {"attack.export-bruteforce.variant.des40", "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA (DES-CBC keyed from 5 secret bytes)",
   "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA (DES-CBC avec une clé tirée de 5 octets secrets)"},
  {"defense.refuse-export-suites", "Server refuses export suites", "Le serveur refuse les suites d'export"},
  {"defense.refuse-export-suites.how",
   "the server no longer negotiates any export suite (RFC 4346 A.5 forbids them from TLS 1.1 on, RFC 7525 4.1 everywhere): the "
   "client's next choice, a suite with a full-size key (RC4-128 or 3DES here), is used",
   "le serveur ne négocie plus aucune suite d'export (la RFC 4346 A.5 les interdit à partir de TLS 1.1, la RFC 7525 4.1 partout) : "
   "le choix suivant du client, une suite avec une clé de taille normale (ici RC4-128 ou 3DES), est utilisé"},
  {"attack.export-bruteforce.succeeded",
   "the attack succeeded: {given} key bits given, {searched} searched; {work} candidates in {seconds} found the client's and the "
   "server's write keys and opened the whole session; at this rate all 40 bits take {t40}",
   "l'attaque a réussi : {given} bits de clé donnés, {searched} cherchés ; {work} candidates en {seconds} ont trouvé les clés "
   "d'écriture du client et du serveur et ouvert toute la session ; à ce rythme les 40 bits demandent {t40}"},
  {"attack.export-bruteforce.succeeded_client",
   "the attack succeeded: {given} key bits given, {searched} searched; {work} candidates in {seconds} found the client's write key "
   "and opened everything the client sent (the server's key was not found); at this rate all 40 bits take {t40}",
   "l'attaque a réussi : {given} bits de clé donnés, {searched} cherchés ; {work} candidates en {seconds} ont trouvé la clé "
   "d'écriture du client et ouvert tout ce que le client a envoyé (la clé du serveur n'a pas été trouvée) ; à ce rythme les 40 bits "
   "demandent {t40}"},
  {"attack.export-bruteforce.cancelled", "the search was cancelled after {work} candidates ({seconds}): no key recovered",
   "la recherche a été annulée après {work} candidates ({seconds}) : aucune clé retrouvée"},
  {"attack.export-bruteforce.failed_no_session",
   "the attack failed: no SSL 3.0 or TLS 1.0 session with its two randoms was recorded, there is nothing to search",
   "l'attaque a échoué : aucune session SSL 3.0 ou TLS 1.0 avec ses deux aléas n'a été enregistrée, il n'y a rien à chercher"},
  {"attack.export-bruteforce.failed_full_key",
   "the attack failed: the session uses {suite}, whose write key has {key_bits} bits; with the same hint and the same {searched} "
   "bits searched, {left} bits stay unknown and no candidate matches; at the measured rate the whole key space takes {time}",
   "l'attaque a échoué : la session utilise {suite}, dont la clé d'écriture a {key_bits} bits ; avec le même indice et les mêmes "
   "{searched} bits cherchés, {left} bits restent inconnus et aucune candidate ne correspond ; au rythme mesuré l'espace de clés "
   "entier demande {time}"},
  {"attack.export-bruteforce.failed_no_data",
   "the attack failed: the client sent no application data record to test the candidates against",
   "l'attaque a échoué : le client n'a envoyé aucun enregistrement de données applicatives sur lequel tester les candidates"},
  {"attack.export-bruteforce.failed_not_found", "the attack failed: none of the 2^{searched} candidates of the slice matches",
   "l'attaque a échoué : aucune des 2^{searched} candidates de la tranche ne correspond"},
  {"evidence.export_bruteforce.slice",
   "first 40 bits of the client's write key as given ('?' searched): {given} bits given, {searched} searched (the one concession, "
   "from the victim's key derivation)",
   "40 premiers bits de la clé d'écriture du client tels que donnés (« ? » cherché) : {given} bits donnés, {searched} cherchés (la "
   "seule concession, tirée de la dérivation de clé de la victime)"},
  {"evidence.export_bruteforce.client_write_key", "client_write_key recovered (the 40 secret bits)",
   "client_write_key retrouvée (les 40 bits secrets)"},
  {"evidence.export_bruteforce.final_client_write_key", "final_client_write_key, the cipher key computed from it and the randoms",
   "final_client_write_key, la clé de chiffrement calculée à partir d'elle et des aléas"},
  {"evidence.export_bruteforce.server_write_key", "server_write_key recovered (the 40 secret bits)",
   "server_write_key retrouvée (les 40 bits secrets)"},
  {"evidence.export_bruteforce.response_read", "response decrypted with the server's key", "réponse déchiffrée avec la clé du serveur"},
  {"evidence.export_bruteforce.rate", "measured rate, candidates per second ({threads} threads)",
   "rythme mesuré, candidates par seconde ({threads} fils d'exécution)"},
  {"evidence.export_bruteforce.time", "time for 2^{bits} candidates at the measured rate",
   "durée pour 2^{bits} candidates au rythme mesuré"},
  };
  return k;
}
// clang-format on

}  // namespace sim

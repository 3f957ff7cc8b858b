#include "present/glossary.hpp"

#include <algorithm>

#include <cctype>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/enums.hpp"
#include "present/glossary_tables.hpp"
#include "trace/spec_ref.hpp"
#include "trace/trace.hpp"

namespace sim::present {

namespace {

// clang-format off
const GlossaryEntry kBase[] = {
  // ---- fields (hover explanations) ----
  {"TLS record", "One TLS record: a 5-byte header (type, version, length) and its fragment.", "Un enregistrement TLS : un en-tête de 5 octets (type, version, longueur) puis son fragment."},
  {"content_type", "What the record carries: handshake, alert, change_cipher_spec or application data.", "Ce que transporte l'enregistrement : handshake, alerte, change_cipher_spec ou données applicatives."},
  {"legacy_record_version", "Version in the record header; kept for compatibility.", "Version dans l'en-tête de l'enregistrement ; gardée pour la compatibilité."},
  {"version", "Protocol version in the record header.", "Version du protocole dans l'en-tête de l'enregistrement."},
  {"length", "Length in bytes of what follows.", "Longueur en octets de ce qui suit."},
  {"fragment", "The record's payload.", "La charge utile de l'enregistrement."},
  {"msg_type", "Which handshake message this is.", "Quel message de la poignée de main c'est."},
  {"body", "The handshake message's content.", "Le contenu du message de la poignée de main."},
  {"client_version", "Highest version the client supports.", "Plus haute version que le client sait parler."},
  {"server_version", "Version the server chose.", "Version choisie par le serveur."},
  {"random", "32 fresh random bytes: makes every session's keys unique, and stops replays.", "32 octets aléatoires frais : rendent les clés de chaque session uniques et empêchent le rejeu."},
  {"session_id", "Names the session: the server keeps its master_secret under this ID, and a client offering the ID again asks to resume it (ServerHello repeats it if the server agrees).", "Nomme la session : le serveur garde son master_secret sous cet identifiant, et un client qui le propose à nouveau demande à la reprendre (le ServerHello le répète si le serveur accepte)."},
  {"session_resumption", "An abbreviated handshake: the master_secret of an earlier session is reused, with fresh randoms (so a new key_block), and no certificate or key exchange.", "Une poignée de main abrégée : le master_secret d'une session précédente est réutilisé, avec de nouveaux aléas (donc un nouveau key_block), sans certificat ni échange de clés."},
  {"session_ticket", "SessionTicket (RFC 5077): the server seals the session state under a key only it knows and hands it to the client, so it need not keep a cache.", "SessionTicket (RFC 5077) : le serveur scelle l'état de session sous une clé que lui seul connaît et le confie au client, sans avoir à garder de cache."},
  {"ticket_lifetime_hint", "How long (seconds) the client may keep the ticket; 0: unspecified.", "Combien de temps (secondes) le client peut garder le ticket ; 0 : non précisé."},
  {"max_fragment_length", "RFC 6066: the client asks for records of at most 512 to 4096 bytes of plaintext (a constrained device).", "RFC 6066 : le client demande des enregistrements d'au plus 512 à 4096 octets de clair (un équipement contraint)."},
  {"handshake fragment", "Part of a handshake message that does not fit in this record: the receiver puts the parts back together.", "Partie d'un message de la poignée de main qui ne tient pas dans cet enregistrement : le destinataire recolle les morceaux."},
  {"reassembled", "The handshake message put back together from several records, as the receiver hands it to the handshake layer.", "Le message de la poignée de main recollé à partir de plusieurs enregistrements, tel que le destinataire le passe à la couche handshake."},
  {"cipher_suites", "Suites the client offers, in order of preference.", "Suites proposées par le client, par ordre de préférence."},
  {"cipher_suite", "The suite the server chose: key exchange, cipher and MAC/PRF hash.", "La suite choisie par le serveur : échange de clés, chiffrement et hachage du MAC/PRF."},
  {"compression_methods", "Compression methods the client offers, null (none) always among them; DEFLATE (RFC 3749) compression enabled the CRIME attack.", "Méthodes de compression proposées par le client, dont toujours null (aucune) ; la compression DEFLATE (RFC 3749) a permis l'attaque CRIME.", "RFC 5246 7.4.1.2"},
  {"compression_method", "Compression chosen by the server: null (none) or DEFLATE (RFC 3749).", "Compression choisie par le serveur : null (aucune) ou DEFLATE (RFC 3749).", "RFC 5246 7.4.1.3"},
  {"extensions", "Extra capabilities and parameters, one TLV each.", "Capacités et paramètres supplémentaires, un TLV chacun."},
  {"extension", "One extension: type, length, data.", "Une extension : type, longueur, données."},
  {"type", "Type code.", "Code de type."},
  {"extension_data", "The extension's content.", "Le contenu de l'extension."},
  {"server_name_list", "SNI: which host the client wants, so the server picks the right certificate.", "SNI : l'hôte voulu par le client, pour que le serveur choisisse le bon certificat."},
  {"host_name", "The host name the client is connecting to.", "Le nom de l'hôte auquel le client se connecte."},
  {"certificate_list", "The server's certificate chain, leaf first.", "La chaîne de certificats du serveur, feuille en premier."},
  {"ASN.1Cert", "One DER-encoded X.509 certificate.", "Un certificat X.509 encodé en DER."},
  {"tbsCertificate", "The signed part of the certificate: subject, issuer, validity, public key, extensions.", "La partie signée du certificat : sujet, émetteur, validité, clé publique, extensions."},
  {"subjectPublicKeyInfo", "The public key the certificate vouches for.", "La clé publique que le certificat garantit."},
  {"signatureValue", "The issuer's signature over tbsCertificate.", "La signature de l'émetteur sur tbsCertificate."},
  {"validity", "When the certificate is valid.", "Quand le certificat est valide."},
  {"serialNumber", "Serial number chosen by the issuer.", "Numéro de série choisi par l'émetteur."},
  {"modulus", "RSA modulus n.", "Module RSA n."},
  {"publicExponent", "RSA public exponent e.", "Exposant public RSA e."},
  {"ServerECDHParams", "The server's ephemeral elliptic-curve public key and its curve.", "La clé publique éphémère (courbe elliptique) du serveur et sa courbe."},
  {"ServerDHParams", "The server's ephemeral Diffie-Hellman group (p, g) and public value.", "Le groupe Diffie-Hellman éphémère du serveur (p, g) et sa valeur publique."},
  {"public (ECPoint)", "An ephemeral elliptic-curve public key.", "Une clé publique éphémère sur courbe elliptique."},
  {"ecdh_Yc", "The client's ephemeral elliptic-curve public key.", "La clé publique éphémère du client (courbe elliptique)."},
  {"dh_Ys", "The server's Diffie-Hellman public value g^x mod p.", "La valeur publique Diffie-Hellman du serveur g^x mod p."},
  {"dh_Yc", "The client's Diffie-Hellman public value g^y mod p.", "La valeur publique Diffie-Hellman du client g^y mod p."},
  {"dh_p", "The Diffie-Hellman prime modulus.", "Le module premier de Diffie-Hellman."},
  {"dh_g", "The Diffie-Hellman generator.", "Le générateur de Diffie-Hellman."},
  {"signed_params", "The server signs both randoms and its key share, proving it owns the certificate's key.", "Le serveur signe les deux aléas et sa part de clé, prouvant qu'il possède la clé du certificat."},
  {"signature", "A signature made with the certificate's private key (inside tbsCertificate: the algorithm the issuer signs with, repeated in signatureAlgorithm).", "Une signature faite avec la clé privée du certificat (dans tbsCertificate : l'algorithme avec lequel l'émetteur signe, répété dans signatureAlgorithm)."},
  {"EncryptedPreMasterSecret", "The pre_master_secret encrypted with the server's RSA public key.", "Le pre_master_secret chiffré avec la clé publique RSA du serveur."},
  {"verify_data", "Proof that both sides saw the same handshake and share the same master secret.", "Preuve que les deux parties ont vu la même poignée de main et partagent le même master secret."},
  {"encrypted_fragment", "The protected fragment: what an eavesdropper sees.", "Le fragment protégé : ce que voit une oreille indiscrète."},
  {"decrypted", "The fragment after decryption by the receiver.", "Le fragment après déchiffrement par le récepteur."},
  {"content", "The plaintext content carried by the record.", "Le contenu en clair transporté par l'enregistrement."},
  {"nonce_explicit", "The per-record part of the AEAD nonce, sent in clear.", "La partie du nonce AEAD propre à l'enregistrement, envoyée en clair."},
  {"aead_ciphertext", "The encrypted content.", "Le contenu chiffré."},
  {"ciphertext", "The CBC-encrypted content, MAC and padding.", "Le contenu, le MAC et le bourrage chiffrés en CBC."},
  {"tag", "Authentication tag: any change to the record makes it fail.", "Étiquette d'authentification : toute modification de l'enregistrement la fait échouer."},
  {"IV", "The CBC initialisation vector of a record: chained from the previous record in SSL 3.0 and TLS 1.0, random and sent in clear from TLS 1.1 on.", "Le vecteur d'initialisation CBC d'un enregistrement : enchaîné sur l'enregistrement précédent en SSL 3.0 et TLS 1.0, aléatoire et envoyé en clair à partir de TLS 1.1.", "RFC 5246 6.2.3.2"},
  {"MAC", "Message authentication code over the sequence number, header and content: detects tampering (SSL 3.0's own keyed hash, HMAC from TLS 1.0 on).", "Code d'authentification de message sur le numéro de séquence, l'en-tête et le contenu : détecte les modifications (le hachage à clé propre à SSL 3.0, HMAC à partir de TLS 1.0).", "RFC 5246 6.2.3.1"},
  {"padding", "Bytes that fill the last cipher block (TLS: each holds the padding length; SSL 3.0: any bytes).", "Octets qui complètent le dernier bloc (TLS : chacun vaut la longueur du bourrage ; SSL 3.0 : des octets quelconques).", "RFC 5246 6.2.3.2"},
  {"padding_length", "How many padding bytes precede this one.", "Combien d'octets de bourrage précèdent celui-ci."},
  {"level", "warning or fatal (fatal closes the connection).", "avertissement ou fatale (fatale ferme la connexion)."},
  {"description", "Which alert this is.", "Quelle alerte c'est."},
  {"malformed", "Bytes that could not be parsed.", "Octets qui n'ont pas pu être analysés."},
  {"renegotiated_connection", "Secure renegotiation (RFC 5746): binds a renegotiation to the previous handshake.", "Renégociation sécurisée (RFC 5746) : lie une renégociation à la poignée de main précédente."},
  {"data", "Application data.", "Données applicatives."},

  // ---- derivations and their items ----
  {"pre_master_secret", "The shared secret from the key exchange; everything else is derived from it.", "Le secret partagé issu de l'échange de clés ; tout le reste en est dérivé."},
  {"key_block", "The key material expanded from the master secret: MAC keys, encryption keys, IVs.", "Le matériel de clés étendu depuis le master secret : clés MAC, clés de chiffrement, IV."},
  {"client_verify_data", "The client's Finished value over the whole handshake.", "La valeur Finished du client sur toute la poignée de main."},
  {"server_verify_data", "The server's Finished value over the whole handshake.", "La valeur Finished du serveur sur toute la poignée de main."},
  {"server_key_exchange_signature", "The server signs its key share so the client knows it talks to the certificate's owner.", "Le serveur signe sa part de clé pour que le client sache qu'il parle au détenteur du certificat."},
  {"server_key_exchange_signature_check", "The client checks that signature with the certificate's public key.", "Le client vérifie cette signature avec la clé publique du certificat."},
  {"record_seal", "How the sender protects one record.", "Comment l'émetteur protège un enregistrement."},
  {"record_open", "How the receiver checks and decrypts one record.", "Comment le récepteur vérifie et déchiffre un enregistrement."},
  {"client_random", "ClientHello.random.", "ClientHello.random."},
  {"server_random", "ServerHello.random.", "ServerHello.random."},
  {"label", "A fixed ASCII label that separates the PRF's uses.", "Une étiquette ASCII fixe qui sépare les usages de la PRF."},
  {"seed", "The PRF seed: the randoms, or a hash of the handshake.", "La graine de la PRF : les aléas, ou un haché de la poignée de main."},
  {"prf", "Which pseudo-random function the suite uses.", "Quelle fonction pseudo-aléatoire la suite utilise."},
  {"handshake_messages", "The handshake messages covered by the transcript hash.", "Les messages de la poignée de main couverts par le haché de transcription."},
  {"session_hash", "Hash of the handshake so far (extended master secret): ties the keys to this handshake.", "Haché de la poignée de main (extended master secret) : lie les clés à cette poignée de main."},
  {"handshake_hash", "Hash of every handshake message before this Finished.", "Haché de tous les messages de la poignée de main avant ce Finished."},
  {"client_private_key", "The client's ephemeral private key: never sent.", "La clé privée éphémère du client : jamais envoyée."},
  {"server_private_key", "The server's ephemeral private key: never sent.", "La clé privée éphémère du serveur : jamais envoyée."},
  {"client_public_key", "The client's ephemeral public key, sent in ClientKeyExchange.", "La clé publique éphémère du client, envoyée dans ClientKeyExchange."},
  {"server_public_key", "The server's public key (ServerKeyExchange, or the certificate for RSA).", "La clé publique du serveur (ServerKeyExchange, ou le certificat pour RSA)."},
  {"params", "The signed key-exchange parameters.", "Les paramètres d'échange de clés signés."},
  {"signed_data", "Exactly the bytes that are signed.", "Exactement les octets signés."},
  {"decrypted block", "The RSA-decrypted PKCS#1 block holding the pre_master_secret.", "Le bloc PKCS#1 déchiffré par RSA qui contient le pre_master_secret."},
  {"random fallback", "A random secret used when decryption fails, to avoid a padding oracle (Bleichenbacher).", "Un secret aléatoire utilisé si le déchiffrement échoue, contre l'oracle de bourrage (Bleichenbacher)."},
  {"mac_key", "The HMAC key for this direction, from the key_block.", "La clé HMAC de ce sens, issue du key_block."},
  {"write_key", "The encryption key for this direction, from the key_block.", "La clé de chiffrement de ce sens, issue du key_block."},
  {"write_iv", "The fixed IV (salt) for this direction, from the key_block.", "L'IV fixe (sel) de ce sens, issu du key_block."},
  {"seq_num", "The record sequence number: never sent, but authenticated (stops replay and reordering).", "Le numéro de séquence : jamais envoyé, mais authentifié (empêche rejeu et réordonnancement)."},
  {"mac_input", "What the MAC covers: seq_num, type, version, length, content.", "Ce que couvre le MAC : seq_num, type, version, longueur, contenu."},
  {"mac", "The HMAC of the MAC input.", "Le HMAC de l'entrée du MAC."},
  {"iv", "The random per-record CBC IV, sent in clear.", "L'IV CBC aléatoire propre à l'enregistrement, envoyé en clair."},
  {"cbc_plaintext", "What CBC encrypts: content, MAC and padding.", "Ce que CBC chiffre : contenu, MAC et bourrage."},
  {"nonce", "The AEAD nonce: never reused with the same key.", "Le nonce AEAD : jamais réutilisé avec la même clé."},
  {"additional_data", "Authenticated but not encrypted: seq_num, type, version, length.", "Authentifié mais pas chiffré : seq_num, type, version, longueur."},
  {"mac_received", "The MAC found in the decrypted record.", "Le MAC trouvé dans l'enregistrement déchiffré."},
  {"mac_expected", "The MAC the receiver computes itself.", "Le MAC que le récepteur calcule lui-même."},
  {"A(i)", "The PRF's internal chain: A(i) = HMAC(secret, A(i-1)).", "Chaîne interne de la PRF : A(i) = HMAC(secret, A(i-1))."},
  {"P_hash block", "One PRF output block: HMAC(secret, A(i) + seed).", "Un bloc de sortie de la PRF : HMAC(secret, A(i) + graine)."},
  {"output", "The result of this computation.", "Le résultat de ce calcul."},
  {"client_write_MAC_key", "Key for the MACs of the client's records.", "Clé des MAC des enregistrements du client."},
  {"server_write_MAC_key", "Key for the MACs of the server's records.", "Clé des MAC des enregistrements du serveur."},
  {"client_write_key", "Key that encrypts the client's records.", "Clé qui chiffre les enregistrements du client."},
  {"server_write_key", "Key that encrypts the server's records.", "Clé qui chiffre les enregistrements du serveur."},
  {"client_write_IV", "Fixed IV (salt) of the client's records.", "IV fixe (sel) des enregistrements du client."},
  {"server_write_IV", "Fixed IV (salt) of the server's records.", "IV fixe (sel) des enregistrements du serveur."},

  // ---- TLS 1.3 (RFC 8446): messages ----
  {"ClientHello", "The client's first message: versions, suites, key shares, extensions.", "Le premier message du client : versions, suites, parts de clé, extensions."},
  {"ServerHello", "The server's choice: version, suite, and its key share (TLS 1.3).", "Le choix du serveur : version, suite et sa part de clé (TLS 1.3)."},
  {"EncryptedExtensions", "TLS 1.3: the server's extensions that need not be in clear, already encrypted with the handshake traffic keys.", "TLS 1.3 : les extensions du serveur qui n'ont pas à circuler en clair, déjà chiffrées avec les clés de trafic de la poignée de main."},
  {"HelloRetryRequest", "TLS 1.3: a ServerHello asking the client to retry with a key share for another group; the first ClientHello is replaced by message_hash in the transcript.", "TLS 1.3 : un ServerHello qui demande au client de recommencer avec une part de clé d'un autre groupe ; le premier ClientHello est remplacé par message_hash dans la transcription."},
  {"NewSessionTicket", "TLS 1.3: a session ticket sent after the handshake; with its nonce it gives the PSK to resume later.", "TLS 1.3 : un ticket de session envoyé après la poignée de main ; avec son nonce il donne la PSK pour reprendre plus tard."},
  {"EndOfEarlyData", "TLS 1.3: the client's last 0-RTT message; from here it uses the handshake traffic keys.", "TLS 1.3 : le dernier message 0-RTT du client ; ensuite il utilise les clés de trafic de la poignée de main."},
  {"KeyUpdate", "TLS 1.3: the sender switches to the next generation of its application traffic secret; update_requested asks the peer to do the same.", "TLS 1.3 : l'émetteur passe à la génération suivante de son secret de trafic applicatif ; update_requested demande au pair d'en faire autant."},
  {"Certificate", "The sender's certificate chain, leaf first.", "La chaîne de certificats de l'émetteur, feuille en premier."},
  {"CertificateVerify", "TLS 1.3: a signature over the transcript hash, proving the sender holds the certificate's private key.", "TLS 1.3 : une signature sur le hachage de la transcription, qui prouve que l'émetteur détient la clé privée du certificat."},
  {"Finished", "The first message under the new keys: a value computed from the master secret and every handshake message, proving both sides saw the same handshake.", "Le premier message sous les nouvelles clés : une valeur calculée à partir du master secret et de tous les messages de la poignée de main, qui prouve que les deux parties ont vu la même poignée de main.", "RFC 5246 7.4.9"},
  // ---- TLS 1.3: extensions and fields ----
  {"key_share", "TLS 1.3: (EC)DHE public keys, one per group; the server answers with one for the group it picked.", "TLS 1.3 : clés publiques (EC)DHE, une par groupe ; le serveur répond avec une seule, pour le groupe choisi."},
  {"pre_shared_key", "TLS 1.3: the ticket (PSK identity) to resume with, and its binder proving the client knows the PSK.", "TLS 1.3 : le ticket (identité PSK) pour reprendre la session, et son binder qui prouve que le client connaît la PSK."},
  {"early_data", "TLS 1.3 0-RTT: the client sends data with its first flight, under keys from the PSK alone. 0-RTT data (replayable): an attacker can replay it.", "0-RTT de TLS 1.3 : le client envoie des données dès son premier vol, avec des clés issues de la seule PSK. Données 0-RTT (rejouables) : un attaquant peut les rejouer."},
  {"supported_versions", "TLS 1.3: the versions the client supports (the real version negotiation).", "TLS 1.3 : les versions que le client prend en charge (la vraie négociation de version)."},
  {"psk_key_exchange_modes", "TLS 1.3: psk_ke (PSK only) or psk_dhe_ke (PSK with a fresh (EC)DHE, for forward secrecy).", "TLS 1.3 : psk_ke (PSK seule) ou psk_dhe_ke (PSK plus un (EC)DHE frais, pour la confidentialité persistante)."},
  {"KeyShareEntry", "One key share: a group and a public key.", "Une part de clé : un groupe et une clé publique."},
  {"key_exchange", "The (EC)DHE public key.", "La clé publique (EC)DHE."},
  {"client_shares", "The client's key shares.", "Les parts de clé du client."},
  {"selected_version", "The version the server chose (TLS 1.3 in supported_versions).", "La version choisie par le serveur (TLS 1.3 dans supported_versions)."},
  {"PskIdentity", "A ticket the client offers to resume with.", "Un ticket que le client propose pour reprendre."},
  {"PskBinderEntry", "HMAC with the binder key over the truncated ClientHello.", "HMAC avec la clé de binder sur le ClientHello tronqué."},
  {"binders", "One binder per offered PSK.", "Un binder par PSK proposée."},
  {"obfuscated_ticket_age", "Ticket age plus ticket_age_add, so an observer cannot link connections.", "Âge du ticket plus ticket_age_add, pour qu'un observateur ne puisse pas relier les connexions."},
  {"selected_identity", "Which offered PSK the server accepted.", "Quelle PSK proposée le serveur a acceptée."},
  {"ticket", "The session ticket: opaque to the client, the server's encrypted session state.", "Le ticket de session : opaque pour le client, l'état de session chiffré par le serveur."},
  {"ticket_nonce", "Makes each ticket's PSK different.", "Rend différente la PSK de chaque ticket."},
  {"ticket_lifetime", "How long the ticket may be used, in seconds.", "Durée d'utilisation du ticket, en secondes."},
  {"ticket_age_add", "A random value that hides the ticket's age.", "Une valeur aléatoire qui masque l'âge du ticket."},
  {"max_early_data_size", "How many 0-RTT bytes the server will accept with this ticket.", "Combien d'octets 0-RTT le serveur acceptera avec ce ticket."},
  {"certificate_request_context", "Empty in the handshake; links a post-handshake request to its answer.", "Vide pendant la poignée de main ; relie une demande post-poignée de main à sa réponse."},
  {"CertificateEntry", "One certificate and its extensions.", "Un certificat et ses extensions."},
  {"update_requested", "Whether the peer must send its own KeyUpdate.", "Si le pair doit envoyer son propre KeyUpdate."},
  {"request_update", "Whether the peer must send its own KeyUpdate.", "Si le pair doit envoyer son propre KeyUpdate."},
  {"TLSInnerPlaintext", "TLS 1.3: content + real content type (1 byte) + zero padding, then encrypted; the header always says application_data.", "TLS 1.3 : contenu + vrai type de contenu (1 octet) + bourrage de zéros, puis chiffré ; l'en-tête dit toujours application_data."},
  // ---- TLS 1.3: key schedule ----
  {"early_secret", "HKDF-Extract(0, PSK or zeros): the top of the TLS 1.3 key schedule.", "HKDF-Extract(0, PSK ou zéros) : le sommet du calendrier de clés de TLS 1.3."},
  {"derived_early", "Derive-Secret(early_secret, \"derived\", \"\"): the salt for the handshake secret.", "Derive-Secret(early_secret, \"derived\", \"\") : le sel du secret de poignée de main."},
  {"derived_handshake", "Derive-Secret(handshake_secret, \"derived\", \"\"): the salt for the master secret.", "Derive-Secret(handshake_secret, \"derived\", \"\") : le sel du master secret."},
  {"ecdhe_shared_secret", "The (EC)DHE shared secret: the fresh input that gives forward secrecy.", "Le secret partagé (EC)DHE : l'entrée fraîche qui apporte la confidentialité persistante."},
  {"dhe_shared_secret", "The finite-field DHE shared secret.", "Le secret partagé DHE (corps fini)."},
  {"handshake_secret", "HKDF-Extract(derived, (EC)DHE secret): the root of the handshake traffic secrets.", "HKDF-Extract(derived, secret (EC)DHE) : la racine des secrets de trafic de la poignée de main."},
  {"client_handshake_traffic_secret", "Client handshake traffic secret: protects the client's encrypted handshake (Finished).", "Secret de trafic client de la poignée de main : protège la poignée de main chiffrée du client (Finished)."},
  {"server_handshake_traffic_secret", "Server handshake traffic secret: protects EncryptedExtensions to Finished.", "Secret de trafic serveur de la poignée de main : protège EncryptedExtensions jusqu'à Finished."},
  {"master_secret", "48 bytes that both sides derive from the pre_master_secret and the handshake (TLS 1.3: HKDF-Extract(derived, 0)).", "48 octets que les deux parties dérivent du pre_master_secret et de la poignée de main (TLS 1.3 : HKDF-Extract(derived, 0))."},
  {"client_application_traffic_secret_N", "Client application traffic secret, generation N (KeyUpdate makes N+1).", "Secret de trafic applicatif du client, génération N (KeyUpdate crée N+1)."},
  {"server_application_traffic_secret_N", "Server application traffic secret, generation N (KeyUpdate makes N+1).", "Secret de trafic applicatif du serveur, génération N (KeyUpdate crée N+1)."},
  {"exporter_master_secret", "For keying material exported to the application (RFC 5705 exporters).", "Pour le matériel de clés exporté vers l'application (exporteurs RFC 5705)."},
  {"resumption_master_secret", "Gives the PSK of each session ticket, to resume later.", "Donne la PSK de chaque ticket de session, pour reprendre plus tard."},
  {"ticket_psk_N", "The PSK of ticket N: HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce).", "La PSK du ticket N : HKDF-Expand-Label(resumption_master_secret, \"resumption\", ticket_nonce)."},
  {"binder_key", "Key for the PSK binder, from the early secret.", "Clé du binder PSK, issue de l'early secret."},
  {"psk_binder", "HMAC over the truncated ClientHello: proves the client knows the PSK.", "HMAC sur le ClientHello tronqué : prouve que le client connaît la PSK."},
  {"client_early_traffic_secret", "Protects 0-RTT data: from the PSK alone, no forward secrecy, replayable.", "Protège les données 0-RTT : issu de la seule PSK, sans confidentialité persistante, rejouable."},
  {"message_hash", "After a HelloRetryRequest, the first ClientHello is replaced by its hash in the transcript.", "Après un HelloRetryRequest, le premier ClientHello est remplacé par son hachage dans la transcription."},
  {"client_handshake_traffic_key", "Session key for the client's handshake records.", "Clé de session des enregistrements de poignée de main du client."},
  {"client_handshake_traffic_iv", "IV for the client's handshake records (XORed with the sequence number).", "IV des enregistrements de poignée de main du client (combiné par XOR au numéro de séquence)."},
  {"server_handshake_traffic_key", "Session key for the server's handshake records.", "Clé de session des enregistrements de poignée de main du serveur."},
  {"server_handshake_traffic_iv", "IV for the server's handshake records (XORed with the sequence number).", "IV des enregistrements de poignée de main du serveur (combiné par XOR au numéro de séquence)."},
  {"client_application_traffic_N_key", "Session key for the client's application records, generation N.", "Clé de session des enregistrements applicatifs du client, génération N."},
  {"client_application_traffic_N_iv", "IV for the client's application records, generation N.", "IV des enregistrements applicatifs du client, génération N."},
  {"server_application_traffic_N_key", "Session key for the server's application records, generation N.", "Clé de session des enregistrements applicatifs du serveur, génération N."},
  {"server_application_traffic_N_iv", "IV for the server's application records, generation N.", "IV des enregistrements applicatifs du serveur, génération N."},
  {"client_early_traffic_key", "Session key for 0-RTT data.", "Clé de session des données 0-RTT."},
  {"client_early_traffic_iv", "IV for 0-RTT data.", "IV des données 0-RTT."},
  {"ticket_open", "The server decrypts the ticket to recover the session's PSK.", "Le serveur déchiffre le ticket pour retrouver la PSK de la session."},
  {"HkdfLabel", "length + \"tls13 \" + label + context: the info of HKDF-Expand.", "longueur + \"tls13 \" + label + contexte : le paramètre info de HKDF-Expand."},
  {"transcript_hash", "The hash of the handshake messages so far (the transcript).", "Le hachage des messages de la poignée de main jusqu'ici (la transcription)."},
  {"messages", "The handshake messages covered by the transcript hash.", "Les messages de la poignée de main couverts par le hachage de transcription."},
  {"salt", "HKDF-Extract's salt.", "Le sel de HKDF-Extract."},
  {"IKM", "HKDF-Extract's input keying material.", "Le matériel de clé d'entrée de HKDF-Extract."},
  {"secret", "The secret this value is expanded from.", "Le secret dont cette valeur est dérivée."},
  {"base_key", "The traffic secret the finished_key comes from.", "Le secret de trafic dont provient la finished_key."},
  {"finished_key", "HKDF-Expand-Label(base_key, \"finished\", \"\").", "HKDF-Expand-Label(base_key, \"finished\", \"\")."},
  // ---- revocation on the ladder (issue 15 item 7): names the CRL and OCSP trees introduce ----
  {"reqCert", "The certificate the client asks about, as a CertID: hashes of its issuer's name and key, and its serial number.", "Le certificat sur lequel le client interroge, sous forme de CertID : empreintes du nom et de la clé de son émetteur, et son numéro de série.", "RFC 6960 4.1.1"},
  {"tbsRequest", "The body of an OCSP request: the list of certificates the client asks about (and optional extensions such as a nonce).", "Le corps d'une requête OCSP : la liste des certificats sur lesquels le client interroge (et d'éventuelles extensions, comme un nonce).", "RFC 6960 4.1.1"},
  {"requestList", "The certificates asked about, one Request each.", "Les certificats demandés, une Request chacun.", "RFC 6960 4.1.1"},
  {"Request[N]", "One certificate asked about: its CertID (reqCert).", "Un certificat demandé : son CertID (reqCert).", "RFC 6960 4.1.1"},
  {"responderID", "Who signed the OCSP response: the responder by its name or by the hash of its key.", "Qui a signé la réponse OCSP : le répondeur, par son nom ou par l'empreinte de sa clé.", "RFC 6960 4.2.1"},
  {"byKey", "The responder named by the SHA-1 hash of its public key (ResponderID byKey).", "Le répondeur désigné par l'empreinte SHA-1 de sa clé publique (ResponderID byKey).", "RFC 6960 4.2.1"},
  {"byName", "The responder named by its distinguished name (ResponderID byName).", "Le répondeur désigné par son nom distinctif (ResponderID byName).", "RFC 6960 4.2.1"},
};
// clang-format on

// The general entries: the ones above, then the tables of glossary_tables.hpp; an entry without
// a spec takes the one glossary_specs() gives its key.
const std::vector<GlossaryEntry>& table() {
  static const auto v = [] {
    std::vector<GlossaryEntry> v(std::begin(kBase), std::end(kBase));
    for (auto part : {glossary_message_entries(), glossary_pki_entries(), glossary_derivation_entries()})
      v.insert(v.end(), part.begin(), part.end());
    std::unordered_map<std::string_view, const char*> specs;
    for (const GlossaryEntry& s : glossary_specs()) specs.emplace(s.key, s.spec);
    for (GlossaryEntry& e : v)
      if (!e.spec)
        if (auto it = specs.find(e.key); it != specs.end()) e.spec = it->second;
    return v;
  }();
  return v;
}

const std::unordered_map<std::string_view, const GlossaryEntry*>& index() {
  static const auto m = [] {
    std::unordered_map<std::string_view, const GlossaryEntry*> m;
    for (const auto& e : table()) m.emplace(e.key, &e);
    return m;
  }();
  return m;
}

const GlossaryEntry* find(std::string_view key) {
  auto it = index().find(key);
  return it == index().end() ? nullptr : it->second;
}

// The key of the entry that explains `name`: itself, or the pattern its numbered form shares.
std::string generic_key(std::string_view name) {
  if (find(name)) return std::string(name);
  // The PRF's internal chain shares one explanation.
  if (name.rfind("A(", 0) == 0) return "A(i)";
  if (name.rfind("P_hash", 0) == 0) return "P_hash block";
  // SSL 3.0's KDF: one step per letter ('A', 'BB', 'CCC', ...) shares one explanation.
  if (name.rfind("SHA('", 0) == 0) return "SHA('X' + secret + seed)";
  if (name.rfind("MD5(secret + SHA('", 0) == 0) return "MD5(secret + SHA('X' ...))";
  // "client_application_traffic_secret_1", "SingleResponse[0]", "ticket_psk_0": one explanation for every N.
  std::string generic;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(name[i])) && i > 0 && (name[i - 1] == '_' || name[i - 1] == '[')) {
      generic += 'N';
      while (i + 1 < name.size() && std::isdigit(static_cast<unsigned char>(name[i + 1]))) ++i;
    } else {
      generic += name[i];
    }
  }
  return generic;
}

bool suite_fits(SuiteFilter f, const CipherSuiteInfo* s) {
  if (f == SuiteFilter::any) return true;
  if (!s) return false;
  switch (f) {
    case SuiteFilter::aead: return s->aead();
    case SuiteFilter::not_aead: return !s->aead();
    case SuiteFilter::rsa: return s->kx == KeyExchange::rsa || s->kx == KeyExchange::rsa_export;
    case SuiteFilter::dhe: return s->kx == KeyExchange::dhe_rsa;
    case SuiteFilter::ecdhe: return is_ecdhe(s->kx);
    default: return true;
  }
}

// The node's bytes as a big-endian number (a version, a suite, a compression method).
std::optional<uint32_t> node_number(const Event& e, const Field* f) {
  if (!f || f->length == 0 || f->length > 4) return std::nullopt;
  const Bytes& b = e.buffer(f->space);
  if (size_t(f->offset) + f->length > b.size()) return std::nullopt;
  uint32_t v = 0;
  for (uint32_t i = 0; i < f->length; ++i) v = (v << 8) | b[f->offset + i];
  return v;
}

// What a ServerHello (or HelloRetryRequest) event says was chosen; nullopt when it has none.
std::optional<GlossaryContext> hello_context(const Event& e) {
  const Field* sh = e.tree.find("ServerHello");
  if (!sh) sh = e.tree.find("HelloRetryRequest");
  if (!sh) return std::nullopt;
  GlossaryContext c;
  // TLS 1.3 chooses its version in supported_versions; legacy_version then says TLS 1.2.
  auto version = node_number(e, sh->find("selected_version"));
  if (!version) version = node_number(e, sh->find("server_version"));
  if (!version) version = node_number(e, sh->find("legacy_version"));
  if (!version) return std::nullopt;
  c.version = uint16_t(*version);
  if (auto s = node_number(e, sh->find("cipher_suite"))) c.cipher_suite = uint16_t(*s);
  if (auto m = node_number(e, sh->find("compression_method"))) c.compression = uint8_t(*m);
  return c;
}

// A general entry cites TLS 1.2 (RFC 5246). These sections have the same number in RFC 2246 and
// 4346, so a TLS 1.0 or 1.1 record cites its own RFC; SSL 3.0 (RFC 6101) and TLS 1.3 (RFC 8446)
// number theirs apart ("": the version has no such section, the TLS 1.2 reference stays).
struct SectionMap {
  std::string_view tls, ssl3, tls13;
};
constexpr SectionMap kSections[] = {
    {"4.3", "4.3", "3.4"},         {"4.7", "4.7", ""},            {"5", "", ""},
    {"6.1", "5.1", ""},            {"6.2.1", "5.2.1", "5.1"},     {"6.2.2", "5.2.2", ""},
    {"6.2.3", "5.2.3", "5.2"},     {"6.2.3.1", "5.2.3.1", ""},    {"6.2.3.2", "5.2.3.2", ""},
    {"6.3", "6.2.2", ""},          {"7.2", "5.4", "6"},           {"7.2.2", "5.4.2", "6.2"},
    {"7.3", "5.5", ""},            {"7.4", "5.6", "4"},           {"7.4.1.2", "5.6.1.2", "4.1.2"},
    {"7.4.1.3", "5.6.1.3", "4.1.3"}, {"7.4.2", "5.6.2", "4.4.2"}, {"7.4.3", "5.6.3", ""},
    {"7.4.4", "5.6.4", "4.3.2"},   {"7.4.5", "5.6.5", ""},        {"7.4.7", "5.6.7", ""},
    {"7.4.7.1", "5.6.7.1", ""},    {"7.4.7.2", "5.6.7.3", ""},    {"7.4.8", "5.6.8", "4.4.3"},
    {"7.4.9", "5.6.9", "4.4.4"},   {"8.1", "6.1", ""},            {"8.1.2", "6.1.2", ""},
    {"10", "5.7", ""},
};

// `e` citing the RFC of `version` instead of TLS 1.2's, where that RFC has the section; else `e`.
const GlossaryEntry* in_version(const GlossaryEntry* e, uint16_t version) {
  constexpr std::string_view tls12 = "RFC 5246 ";
  if (!e || !e->spec || version == kTls12 || version_rfc(version).empty()) return e;
  std::string_view spec = e->spec;
  if (spec.substr(0, tls12.size()) != tls12) return e;
  std::string_view section = spec.substr(tls12.size());
  for (const SectionMap& m : kSections) {
    if (m.tls != section) continue;
    std::string_view own = version == kSsl3 ? m.ssl3 : version == kTls13 ? m.tls13 : m.tls;
    if (own.empty()) return e;
    static std::mutex lock;
    static std::deque<GlossaryEntry> copies;
    static std::map<std::pair<std::string, uint16_t>, const GlossaryEntry*> made;
    static std::deque<std::string> specs;
    std::lock_guard<std::mutex> hold(lock);
    auto key = std::make_pair(std::string(e->key), version);
    if (auto it = made.find(key); it != made.end()) return it->second;
    const char* s = specs.emplace_back(std::string(version_rfc(version)) + " " + std::string(own)).c_str();
    const GlossaryEntry* c = &copies.emplace_back(GlossaryEntry{e->key, e->en, e->fr, s});
    made.emplace(key, c);
    return c;
  }
  return e;
}

bool same_pair(const Event& a, const Event& b) {
  return (a.from == b.from && a.to == b.to) || (a.from == b.to && a.to == b.from);
}

}  // namespace

const std::vector<GlossaryEntry>& glossary() { return table(); }

const GlossaryEntry* glossary_entry(std::string_view name) { return find(generic_key(name)); }

bool has_hello(const Event& e) { return e.tree.find("ServerHello") || e.tree.find("HelloRetryRequest"); }

namespace {

// glossary_context over the events `candidates` gives (indices; null for every event): a tree
// search per event was most of a GUI frame in a long connection.
GlossaryContext context_among(const Trace& t, const Event& e, const std::vector<size_t>* candidates) {
  GlossaryContext c{t.negotiated.version, t.negotiated.cipher_suite, t.negotiated.compression_method};
  // The connection's own ServerHello, not the run's last one: a fallback retry or an attacker's
  // connection may speak another version. Among its ServerHellos, the one between this event's
  // two endpoints (a man in the middle holds one connection with each side), the latest before
  // the event (a renegotiation's), else the first after it (the ClientHello it answers).
  if (!t.events.empty() && &e >= t.events.data() && &e < t.events.data() + t.events.size()) {
    const size_t at = size_t(&e - t.events.data());
    auto hello = [&](size_t i, bool pair) -> std::optional<GlossaryContext> {
      const Event& o = t.events[i];
      if (o.connection == e.connection && !o.http && (!pair || same_pair(o, e))) return hello_context(o);
      return std::nullopt;
    };
    auto look = [&](bool pair) -> std::optional<GlossaryContext> {
      if (candidates) {
        auto first_after = std::upper_bound(candidates->begin(), candidates->end(), at);
        for (auto it = first_after; it != candidates->begin();)
          if (auto h = hello(*--it, pair)) return h;
        for (auto it = first_after; it != candidates->end(); ++it)
          if (*it < t.events.size())
            if (auto h = hello(*it, pair)) return h;
        return std::nullopt;
      }
      for (size_t i = at + 1; i-- > 0;)
        if (auto h = hello(i, pair)) return h;
      for (size_t i = at + 1; i < t.events.size(); ++i)
        if (auto h = hello(i, pair)) return h;
      return std::nullopt;
    };
    if (auto h = look(true)) c = *h;
    else if (auto h2 = look(false)) c = *h2;
  }
  // A protected record names the suite of its keys.
  if (e.protection.cipher_suite) c.cipher_suite = e.protection.cipher_suite;
  return c;
}

}  // namespace

GlossaryContext glossary_context(const Trace& t, const Event& e) { return context_among(t, e, nullptr); }

GlossaryContext glossary_context(const Trace& t, const Event& e, const std::vector<size_t>& hello_events) {
  return context_among(t, e, &hello_events);
}

const GlossaryEntry* glossary_entry(std::string_view name, const GlossaryContext& ctx) {
  const std::string key = generic_key(name);
  if (ctx.version) {
    const CipherSuiteInfo* suite = ctx.cipher_suite ? suite_by_id(ctx.cipher_suite) : nullptr;
    for (const GlossaryVariant& v : glossary_variants()) {
      if (key != v.entry.key || ctx.version < v.min_version || ctx.version > v.max_version) continue;
      if (!suite_fits(v.suite, suite)) continue;
      if (v.compression >= 0 && ctx.compression != v.compression) continue;
      return &v.entry;
    }
  }
  return in_version(find(key), ctx.version);
}

const GlossaryEntry* glossary_for_derivation(std::string_view derivation_name) {
  return glossary_entry(derivation_name.substr(0, derivation_name.find(' ')));
}

const GlossaryEntry* glossary_for_derivation(std::string_view derivation_name, const GlossaryContext& ctx) {
  return glossary_entry(derivation_name.substr(0, derivation_name.find(' ')), ctx);
}

}  // namespace sim::present

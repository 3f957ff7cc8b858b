// Glossary: handshake messages, extensions and their fields, the record layer's own names, and
// the plain HTTP of an SSL-stripping run. Spec references are to the TLS 1.2 RFC where the name
// exists in every version (glossary_versions.cpp holds the entries that differ by version).
#include "present/glossary_tables.hpp"

namespace sim::present {

namespace {

// clang-format off
const GlossaryEntry kMessages[] = {
  // ---- handshake messages up to TLS 1.2 ----
  {"ServerHelloDone", "The server has sent its whole hello flight (ServerHello to CertificateRequest): the client now checks it and answers with its key exchange.", "Le serveur a envoyé tout son vol de hello (de ServerHello à CertificateRequest) : le client le vérifie et répond avec son échange de clés.", "RFC 5246 7.4.5"},
  {"ClientKeyExchange", "The client's half of the key exchange: the pre_master_secret encrypted to the server's RSA key, or the client's (EC)DH public value.", "La moitié client de l'échange de clés : le pre_master_secret chiffré avec la clé RSA du serveur, ou la valeur publique (EC)DH du client.", "RFC 5246 7.4.7"},
  {"ServerKeyExchange", "The server's ephemeral key exchange parameters (a DH group and value, an ECDH curve and point, or an export RSA key), signed with its certificate's key.", "Les paramètres éphémères d'échange de clés du serveur (groupe et valeur DH, courbe et point ECDH, ou clé RSA d'export), signés avec la clé de son certificat.", "RFC 5246 7.4.3"},
  {"CertificateRequest", "The server asks the client for a certificate, naming the key types, signature algorithms and CAs it accepts.", "Le serveur demande un certificat au client, en indiquant les types de clé, les algorithmes de signature et les AC qu'il accepte.", "RFC 5246 7.4.4"},
  {"CertificateStatus", "The server staples an OCSP response about its own certificate to the handshake (status_request), so the client need not ask the CA's responder.", "Le serveur agrafe à la poignée de main une réponse OCSP sur son propre certificat (status_request), pour que le client n'ait pas à interroger le répondeur de l'AC.", "RFC 6066 8"},
  {"ServerRSAParams", "RSA_EXPORT: a temporary RSA public key of at most 512 bits, signed by the server, that encrypts the pre_master_secret instead of the certificate's key.", "RSA_EXPORT : une clé publique RSA temporaire d'au plus 512 bits, signée par le serveur, qui chiffre le pre_master_secret à la place de la clé du certificat.", "RFC 2246 7.4.3"},
  {"rsa_modulus", "The modulus n of the temporary export RSA key.", "Le module n de la clé RSA d'export temporaire.", "RFC 2246 7.4.3"},
  {"rsa_exponent", "The public exponent e of the temporary export RSA key.", "L'exposant public e de la clé RSA d'export temporaire.", "RFC 2246 7.4.3"},
  {"signature (RSA over MD5 + SHA-1)", "The server's RSA signature over MD5 and SHA-1 of client_random + server_random + params, concatenated (SSL 3.0 to TLS 1.1, no DigestInfo).", "La signature RSA du serveur sur MD5 et SHA-1 de client_random + server_random + params, concaténés (SSL 3.0 à TLS 1.1, sans DigestInfo).", "RFC 2246 7.4.3"},
  {"curve_type", "How the curve is given: 3 (named_curve), a curve named by its code.", "Comment la courbe est donnée : 3 (named_curve), une courbe désignée par son code.", "RFC 8422 5.4"},
  {"namedcurve", "The curve of the server's ephemeral ECDH key (x25519, secp256r1...).", "La courbe de la clé ECDH éphémère du serveur (x25519, secp256r1...).", "RFC 8422 5.4"},
  {"certificate_types", "The kinds of client certificate key the server accepts (rsa_sign, ecdsa_sign...).", "Les types de clé de certificat client que le serveur accepte (rsa_sign, ecdsa_sign...).", "RFC 5246 7.4.4"},
  {"certificate_authorities", "The names of the CAs whose certificates the server accepts; empty: any.", "Les noms des AC dont le serveur accepte les certificats ; vide : n'importe laquelle.", "RFC 5246 7.4.4"},
  {"supported_signature_algorithms", "The signature algorithms (hash and signature pairs) the sender accepts.", "Les algorithmes de signature (paires hachage et signature) que l'émetteur accepte.", "RFC 5246 7.4.1.4.1"},
  {"signature_scheme", "One signature algorithm: a hash and a signature, such as rsa_pkcs1_sha256 or ecdsa_secp256r1_sha256.", "Un algorithme de signature : un hachage et une signature, comme rsa_pkcs1_sha256 ou ecdsa_secp256r1_sha256.", "RFC 8446 4.2.3"},
  // ---- extensions (named by the value of an "extension" node) ----
  {"server_name", "SNI: the host name the client wants, so that a server hosting several names picks the right certificate.", "SNI : le nom d'hôte voulu par le client, pour qu'un serveur qui héberge plusieurs noms choisisse le bon certificat.", "RFC 6066 3"},
  {"name_type", "The kind of name: 0 (host_name).", "Le type de nom : 0 (host_name).", "RFC 6066 3"},
  {"supported_groups", "The key exchange groups (elliptic curves and finite fields) the client supports, by preference.", "Les groupes d'échange de clés (courbes elliptiques et corps finis) que le client prend en charge, par préférence.", "RFC 8422 5.1.1"},
  {"named_group_list", "The list of groups the client supports for (EC)DHE.", "La liste des groupes que le client prend en charge pour (EC)DHE.", "RFC 8422 5.1.1"},
  {"named_group", "One key exchange group (x25519, secp256r1, ffdhe2048...).", "Un groupe d'échange de clés (x25519, secp256r1, ffdhe2048...).", "RFC 8446 4.2.7"},
  {"ec_point_formats", "The elliptic-curve point formats the sender can parse; only uncompressed is used.", "Les formats de point de courbe elliptique que l'émetteur sait lire ; seul uncompressed est utilisé.", "RFC 8422 5.1.2"},
  {"ec_point_format_list", "The list of point formats the sender can parse.", "La liste des formats de point que l'émetteur sait lire.", "RFC 8422 5.1.2"},
  {"ec_point_format", "One point format: 0 (uncompressed).", "Un format de point : 0 (uncompressed).", "RFC 8422 5.1.2"},
  {"extended_master_secret", "Extended master secret: the master secret is derived from a hash of the whole handshake, not from the randoms alone, so a man in the middle cannot give two connections the same one.", "Extended master secret : le master secret est dérivé d'un haché de toute la poignée de main, pas des seuls aléas, pour qu'un homme du milieu ne puisse pas donner le même à deux connexions.", "RFC 7627 4"},
  {"renegotiation_info", "Secure renegotiation: empty in the first handshake, then the previous Finished values, binding a renegotiation to the connection it renegotiates.", "Renégociation sécurisée : vide lors de la première poignée de main, puis les valeurs Finished précédentes, ce qui lie une renégociation à la connexion qu'elle renégocie.", "RFC 5746 3.2"},
  {"signature_algorithms", "The signature algorithms the client accepts in signatures of the handshake and of certificates.", "Les algorithmes de signature que le client accepte dans les signatures de la poignée de main et des certificats.", "RFC 5246 7.4.1.4.1"},
  {"status_request", "The client asks the server to staple an OCSP response about its certificate (CertificateStatus).", "Le client demande au serveur d'agrafer une réponse OCSP sur son certificat (CertificateStatus).", "RFC 6066 8"},
  {"status_type", "The kind of status asked for: 1 (ocsp).", "Le type de statut demandé : 1 (ocsp).", "RFC 6066 8"},
  {"responder_id_list", "The OCSP responders the client trusts; empty: the server chooses.", "Les répondeurs OCSP auxquels le client fait confiance ; vide : le serveur choisit.", "RFC 6066 8"},
  {"request_extensions", "Extensions for the OCSP request (such as a nonce); empty here.", "Extensions pour la requête OCSP (comme un nonce) ; vide ici.", "RFC 6066 8"},
  {"cookie", "HelloRetryRequest: a value the client must send back in its second ClientHello, so the server keeps no state between the two.", "HelloRetryRequest : une valeur que le client doit renvoyer dans son second ClientHello, pour que le serveur ne garde aucun état entre les deux.", "RFC 8446 4.2.2"},
  {"selected_group", "HelloRetryRequest: the group for which the server wants a key share.", "HelloRetryRequest : le groupe pour lequel le serveur veut une part de clé.", "RFC 8446 4.2.8"},
  // ---- TLS 1.3 fields ----
  {"versions", "The versions the client supports, by preference: TLS 1.3's real version negotiation.", "Les versions que le client prend en charge, par préférence : la vraie négociation de version de TLS 1.3.", "RFC 8446 4.2.1"},
  {"group", "The group of this key share (x25519, secp256r1...).", "Le groupe de cette part de clé (x25519, secp256r1...).", "RFC 8446 4.2.8"},
  {"ke_modes", "The PSK key exchange modes the client supports.", "Les modes d'échange de clés PSK que le client prend en charge.", "RFC 8446 4.2.9"},
  {"PskKeyExchangeMode", "psk_ke (0): resumption with the PSK alone; psk_dhe_ke (1): with a fresh (EC)DHE as well, for forward secrecy.", "psk_ke (0) : reprise avec la seule PSK ; psk_dhe_ke (1) : avec en plus un (EC)DHE frais, pour la confidentialité persistante.", "RFC 8446 4.2.9"},
  {"identities", "The PSK identities (tickets) the client offers.", "Les identités PSK (tickets) que le client propose.", "RFC 8446 4.2.11"},
  {"identity", "A ticket as the server issued it, opaque to the client.", "Un ticket tel que le serveur l'a émis, opaque pour le client.", "RFC 8446 4.2.11"},
  {"cert_data", "One DER-encoded certificate of the chain.", "Un certificat de la chaîne, encodé en DER.", "RFC 8446 4.4.2"},
  // ---- the record layer ----
  {"application_data", "The decrypted application data: here an HTTP request or response.", "Les données applicatives déchiffrées : ici une requête ou une réponse HTTP.", "RFC 5246 10"},
  {"TLSCompressed.fragment", "The record's content after DEFLATE compression, before protection: its length shows how well the content compressed (CRIME).", "Le contenu de l'enregistrement après compression DEFLATE, avant protection : sa longueur montre à quel point le contenu s'est compressé (CRIME).", "RFC 5246 6.2.2"},
  {"decompressed content", "The content after DEFLATE decompression: what the application receives.", "Le contenu après décompression DEFLATE : ce que reçoit l'application.", "RFC 3749 2.1"},
  {"compressed", "The content after DEFLATE compression, before encryption.", "Le contenu après compression DEFLATE, avant chiffrement.", "RFC 3749 2.1"},
  {"decompressed", "The decrypted fragment after DEFLATE decompression.", "Le fragment déchiffré après décompression DEFLATE.", "RFC 3749 2.1"},
  {"read_key", "The receiver's copy of the sender's traffic key, which decrypts the record.", "La copie, chez le récepteur, de la clé de trafic de l'émetteur, qui déchiffre l'enregistrement.", "RFC 8446 7.3"},
  {"read_iv", "The receiver's copy of the sender's traffic IV, XORed with the sequence number to make the nonce.", "La copie, chez le récepteur, de l'IV de trafic de l'émetteur, combiné par XOR au numéro de séquence pour former le nonce.", "RFC 8446 7.3"},
  // ---- plain HTTP (an SSL-stripping run) ----
  {"HTTP", "An HTTP message sent in clear on port 80: an SSL-stripping attacker reads and rewrites it.", "Un message HTTP envoyé en clair sur le port 80 : un attaquant SSL-stripping le lit et le réécrit.", "RFC 9112 2"},
  {"request_line", "The method, path and version of an HTTP request (GET / HTTP/1.1).", "La méthode, le chemin et la version d'une requête HTTP (GET / HTTP/1.1).", "RFC 9112 3"},
  {"status_line", "The version, status code and reason of an HTTP response (HTTP/1.1 200 OK).", "La version, le code d'état et le motif d'une réponse HTTP (HTTP/1.1 200 OK).", "RFC 9112 4"},
  {"Host", "HTTP header: the host the request is for.", "En-tête HTTP : l'hôte auquel la requête s'adresse.", "RFC 9110 7.2"},
  {"User-Agent", "HTTP header: the client's software.", "En-tête HTTP : le logiciel du client.", "RFC 9110 10.1.5"},
  {"Accept", "HTTP header: the media types the client accepts.", "En-tête HTTP : les types de média que le client accepte.", "RFC 9110 12.5.1"},
  {"Connection", "HTTP header: close asks for the connection to be closed after this message.", "En-tête HTTP : close demande de fermer la connexion après ce message.", "RFC 9110 7.6.1"},
  {"Content-Type", "HTTP header: the media type of the body.", "En-tête HTTP : le type de média du corps.", "RFC 9110 8.3"},
  {"Content-Length", "HTTP header: the length of the body in bytes.", "En-tête HTTP : la longueur du corps en octets.", "RFC 9110 8.6"},
  {"Location", "HTTP header: where a redirect sends the browser (an https:// address that an SSL-stripping attacker rewrites).", "En-tête HTTP : où une redirection envoie le navigateur (une adresse https:// qu'un attaquant SSL-stripping réécrit).", "RFC 9110 10.2.2"},
  {"Strict-Transport-Security", "HTTP header (HSTS): the browser must use HTTPS for this host from now on, which defeats SSL stripping.", "En-tête HTTP (HSTS) : le navigateur doit désormais utiliser HTTPS pour cet hôte, ce qui déjoue le SSL stripping.", "RFC 6797 6.1"},
  {"Set-Cookie", "HTTP header: the server gives the browser a cookie (a session identifier).", "En-tête HTTP : le serveur donne un cookie au navigateur (un identifiant de session).", "RFC 6265 4.1"},
  {"Cookie", "HTTP header: the browser sends back its cookies (a session identifier an eavesdropper can steal over HTTP).", "En-tête HTTP : le navigateur renvoie ses cookies (un identifiant de session qu'une oreille indiscrète peut voler en HTTP).", "RFC 6265 4.2"},
};
// clang-format on

}  // namespace

std::span<const GlossaryEntry> glossary_message_entries() { return kMessages; }

}  // namespace sim::present

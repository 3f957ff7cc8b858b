// Glossary: X.509 certificates (RFC 5280), OCSP (RFC 6960) and the checks of certification
// path validation the client records as certificate checks.
#include "present/glossary_tables.hpp"

namespace sim::present {

namespace {

// clang-format off
const GlossaryEntry kPki[] = {
  // ---- certificate fields ----
  {"issuer", "The distinguished name of the CA that signed this certificate; it must be the subject of the next certificate up the chain.", "Le nom distinctif de l'AC qui a signé ce certificat ; ce doit être le sujet du certificat suivant dans la chaîne.", "RFC 5280 4.1.2.4"},
  {"subject", "The distinguished name of the certificate's holder (a server, or a CA).", "Le nom distinctif du titulaire du certificat (un serveur, ou une AC).", "RFC 5280 4.1.2.6"},
  {"notBefore", "The start of the certificate's validity: before it, the certificate is not valid.", "Le début de la validité du certificat : avant cette date, il n'est pas valide.", "RFC 5280 4.1.2.5"},
  {"notAfter", "The end of the certificate's validity: after it, the certificate has expired.", "La fin de la validité du certificat : après cette date, il a expiré.", "RFC 5280 4.1.2.5"},
  {"CN", "commonName: the name attribute of a distinguished name (a host name, or a CA's name).", "commonName : l'attribut nom d'un nom distinctif (un nom d'hôte, ou le nom d'une AC).", "RFC 5280 4.1.2.4"},
  {"O", "organizationName: the organisation attribute of a distinguished name.", "organizationName : l'attribut organisation d'un nom distinctif.", "RFC 5280 4.1.2.4"},
  {"algorithm", "An algorithm identifier (an OID): which signature or public-key algorithm is meant.", "Un identifiant d'algorithme (un OID) : quel algorithme de signature ou de clé publique.", "RFC 5280 4.1.1.2"},
  {"parameters", "The algorithm's parameters (NULL for RSA, the curve for an EC key).", "Les paramètres de l'algorithme (NULL pour RSA, la courbe pour une clé EC).", "RFC 5280 4.1.1.2"},
  {"signatureAlgorithm", "The algorithm the issuer signed the certificate with; it must equal the signature field inside tbsCertificate.", "L'algorithme avec lequel l'émetteur a signé le certificat ; il doit être égal au champ signature de tbsCertificate.", "RFC 5280 4.1.1.2"},
  {"subjectPublicKey", "The public key itself, as a BIT STRING.", "La clé publique elle-même, sous forme de BIT STRING.", "RFC 5280 4.1.2.7"},
  {"critical", "A critical extension: a validator that does not understand it must reject the certificate.", "Une extension critique : un validateur qui ne la comprend pas doit rejeter le certificat.", "RFC 5280 4.2"},
  {"extnID", "The extension's identifier (an OID).", "L'identifiant de l'extension (un OID).", "RFC 5280 4.1"},
  {"extnValue", "The extension's DER-encoded value.", "La valeur de l'extension, encodée en DER.", "RFC 5280 4.1"},
  {"basicConstraints", "Whether the subject is a CA (cA), and how many CAs may follow below it (pathLenConstraint).", "Si le sujet est une AC (cA), et combien d'AC peuvent suivre en dessous (pathLenConstraint).", "RFC 5280 4.2.1.9"},
  {"pathLenConstraint", "The most intermediate CAs this CA allows below it in a path.", "Le nombre maximal d'AC intermédiaires que cette AC autorise sous elle dans un chemin.", "RFC 5280 4.2.1.9"},
  {"keyUsage", "What the key may be used for: digitalSignature, keyEncipherment (RSA key exchange), keyCertSign (signing certificates)...", "Ce à quoi la clé peut servir : digitalSignature, keyEncipherment (échange de clés RSA), keyCertSign (signer des certificats)...", "RFC 5280 4.2.1.3"},
  {"keyCertSign", "keyUsage bit: the key may sign certificates, as a CA's must.", "Bit de keyUsage : la clé peut signer des certificats, comme doit le pouvoir celle d'une AC.", "RFC 5280 4.2.1.3"},
  {"extendedKeyUsage", "The purposes the certificate is for: serverAuth for a TLS server, clientAuth for a TLS client.", "Les usages du certificat : serverAuth pour un serveur TLS, clientAuth pour un client TLS.", "RFC 5280 4.2.1.12"},
  {"subjectAltName", "The names the certificate is valid for (DNS names): the host name the client wants must match one of them.", "Les noms pour lesquels le certificat est valide (noms DNS) : le nom d'hôte voulu par le client doit correspondre à l'un d'eux.", "RFC 5280 4.2.1.6"},
  {"subjectKeyIdentifier", "An identifier of this certificate's public key (a hash of it).", "Un identifiant de la clé publique de ce certificat (un haché de celle-ci).", "RFC 5280 4.2.1.2"},
  {"authorityKeyIdentifier", "Identifies the issuer's key, to find the issuer's certificate.", "Identifie la clé de l'émetteur, pour trouver le certificat de l'émetteur.", "RFC 5280 4.2.1.1"},
  {"authorityInfoAccess", "Where to reach the issuer's services: the URL of its OCSP responder.", "Où joindre les services de l'émetteur : l'URL de son répondeur OCSP.", "RFC 5280 4.2.2.1"},
  {"cRLDistributionPoints", "Where to download the CRL, the issuer's list of revoked certificates.", "Où télécharger la CRL, la liste des certificats révoqués par l'émetteur.", "RFC 5280 4.2.1.13"},
  // ---- OCSP ----
  {"OCSPRequest", "A request for the status of one certificate, sent to the OCSP responder named in the certificate.", "Une demande du statut d'un certificat, envoyée au répondeur OCSP indiqué dans le certificat.", "RFC 6960 4.1.1"},
  {"OCSPResponse", "The responder's answer: responseStatus, then the signed BasicOCSPResponse.", "La réponse du répondeur : responseStatus, puis la BasicOCSPResponse signée.", "RFC 6960 4.2.1"},
  {"responseStatus", "Whether the responder could answer (successful, tryLater...): not the certificate's status.", "Si le répondeur a pu répondre (successful, tryLater...) : ce n'est pas le statut du certificat.", "RFC 6960 4.2.1"},
  {"responseBytes", "The response proper, with its type.", "La réponse proprement dite, avec son type.", "RFC 6960 4.2.1"},
  {"ResponseBytes", "The response proper, with its type.", "La réponse proprement dite, avec son type.", "RFC 6960 4.2.1"},
  {"responseType", "The type of the response: id-pkix-ocsp-basic.", "Le type de la réponse : id-pkix-ocsp-basic.", "RFC 6960 4.2.1"},
  {"response", "The DER encoding of the BasicOCSPResponse.", "L'encodage DER de la BasicOCSPResponse.", "RFC 6960 4.2.1"},
  {"BasicOCSPResponse", "The signed response: tbsResponseData, the signature algorithm and the responder's signature.", "La réponse signée : tbsResponseData, l'algorithme de signature et la signature du répondeur.", "RFC 6960 4.2.1"},
  {"tbsResponseData", "The signed part of the response: who answers, when, and one status per certificate asked about.", "La partie signée de la réponse : qui répond, quand, et un statut par certificat demandé.", "RFC 6960 4.2.1"},
  {"responderID (byKey)", "Identifies the responder by a SHA-1 hash of its public key.", "Identifie le répondeur par un haché SHA-1 de sa clé publique.", "RFC 6960 4.2.1"},
  {"keyHash", "The SHA-1 hash of the responder's public key.", "Le haché SHA-1 de la clé publique du répondeur.", "RFC 6960 4.2.1"},
  {"producedAt", "When the responder signed this response.", "Quand le répondeur a signé cette réponse.", "RFC 6960 4.2.1"},
  {"responses", "One SingleResponse per certificate asked about.", "Une SingleResponse par certificat demandé.", "RFC 6960 4.2.1"},
  {"SingleResponse[N]", "The status of one certificate: certID, certStatus, thisUpdate and nextUpdate.", "Le statut d'un certificat : certID, certStatus, thisUpdate et nextUpdate.", "RFC 6960 4.2.1"},
  {"certID", "Which certificate: the hashes of its issuer's name and key, and its serial number.", "Quel certificat : les hachés du nom et de la clé de son émetteur, et son numéro de série.", "RFC 6960 4.1.1"},
  {"hashAlgorithm", "The hash used for issuerNameHash and issuerKeyHash (SHA-1).", "Le hachage utilisé pour issuerNameHash et issuerKeyHash (SHA-1).", "RFC 6960 4.1.1"},
  {"issuerNameHash", "The hash of the issuer's distinguished name.", "Le haché du nom distinctif de l'émetteur.", "RFC 6960 4.1.1"},
  {"issuerKeyHash", "The hash of the issuer's public key.", "Le haché de la clé publique de l'émetteur.", "RFC 6960 4.1.1"},
  {"certStatus", "good, revoked (with when and why) or unknown.", "good, revoked (avec quand et pourquoi) ou unknown.", "RFC 6960 4.2.1"},
  {"revocationTime", "When the certificate was revoked.", "Quand le certificat a été révoqué.", "RFC 6960 4.2.1"},
  {"revocationReason", "Why the certificate was revoked.", "Pourquoi le certificat a été révoqué.", "RFC 6960 4.2.1"},
  {"CRLReason", "The reason code: 1 keyCompromise, 2 cACompromise, 4 superseded, 5 cessationOfOperation...", "Le code de motif : 1 keyCompromise, 2 cACompromise, 4 superseded, 5 cessationOfOperation...", "RFC 5280 5.3.1"},
  {"thisUpdate", "When the status given was known to be correct.", "Quand le statut donné était connu pour exact.", "RFC 6960 4.2.1"},
  {"nextUpdate", "When newer status will be available: the response must not be trusted after it.", "Quand un statut plus récent sera disponible : il ne faut plus se fier à la réponse après.", "RFC 6960 4.2.1"},
  {"time", "A time, in UTC (GeneralizedTime).", "Une date, en UTC (GeneralizedTime).", "RFC 5280 4.1.2.5.2"},
  // ---- the checks of path validation (derivations "certificate check: ..." and their inputs) ----
  {"certificate", "One check of certification path validation (parsing, signatures, validity, key usage, name, revocation): it passes or fails, and the client aborts on a failure.", "Une vérification de la validation du chemin de certification (analyse, signatures, validité, usage de clé, nom, révocation) : elle réussit ou échoue, et le client abandonne en cas d'échec.", "RFC 5280 6.1"},
  {"certificates", "The certificates of the chain, as received.", "Les certificats de la chaîne, tels que reçus.", "RFC 5280 6.1"},
  {"verdict", "The check's result: PASS or FAIL, and why.", "Le résultat de la vérification : PASS ou FAIL, et pourquoi.", "RFC 5280 6.1"},
  {"trust anchor", "A certificate the client trusts without proof (a root CA in its store): the path must end at one.", "Un certificat auquel le client fait confiance sans preuve (une AC racine de son magasin) : le chemin doit s'y terminer.", "RFC 5280 6.1.1"},
  {"leaf issuer", "The issuer of the leaf certificate, the first link of the path towards a trust anchor.", "L'émetteur du certificat feuille, premier maillon du chemin vers un point de confiance.", "RFC 5280 6.1"},
  {"issuer public key", "The public key of the issuer's certificate, which verifies this certificate's signature.", "La clé publique du certificat de l'émetteur, qui vérifie la signature de ce certificat.", "RFC 5280 6.1.3"},
  {"public key", "The certificate's public key, checked for an acceptable algorithm and size.", "La clé publique du certificat, dont on vérifie que l'algorithme et la taille sont acceptables.", "RFC 5280 6.1.3"},
  {"clock", "The time at which validity is checked (the simulation's clock).", "L'heure à laquelle la validité est vérifiée (l'horloge de la simulation).", "RFC 5280 6.1.3"},
  {"unknown critical", "The critical extensions the validator does not understand: a single one makes the certificate invalid.", "Les extensions critiques que le validateur ne comprend pas : une seule rend le certificat invalide.", "RFC 5280 4.2"},
  {"intermediate CAs below", "How many intermediate CAs the path has below this CA, compared with its pathLenConstraint.", "Combien d'AC intermédiaires le chemin compte sous cette AC, comparé à son pathLenConstraint.", "RFC 5280 6.1.4"},
  {"host", "The host name the client wanted (SNI), matched against the certificate's names.", "Le nom d'hôte voulu par le client (SNI), comparé aux noms du certificat.", "RFC 6125 6.4"},
  {"subjectAltName DNS", "The DNS names of the leaf's subjectAltName, one of which must match the host.", "Les noms DNS du subjectAltName de la feuille, dont l'un doit correspondre à l'hôte.", "RFC 6125 6.4"},
  {"policy", "The revocation policy: hard-fail rejects a certificate whose status cannot be learned, soft-fail accepts it.", "La politique de révocation : hard-fail rejette un certificat dont le statut est inconnaissable, soft-fail l'accepte.", "RFC 5280 6.3"},
  {"serial", "The serial number of the certificate whose status is checked.", "Le numéro de série du certificat dont on vérifie le statut.", "RFC 6960 4.1.1"},
  {"revocation", "The client fetches an OCSP response or a CRL for the leaf from the CA's servers (simulated).", "Le client récupère une réponse OCSP ou une CRL pour la feuille auprès des serveurs de l'AC (simulés).", "RFC 6960 A.1"},
};
// clang-format on

}  // namespace

std::span<const GlossaryEntry> glossary_pki_entries() { return kPki; }

}  // namespace sim::present

// Glossary: derivations and the names of their inputs and steps that glossary.cpp does not
// hold: SSL 3.0's own hashes (pad_1, pad_2, Sender, the 'A', 'BB', 'CCC' KDF), the TLS 1.0 PRF's
// halves, export keys, signatures of the handshake, session tickets.
#include "present/glossary_tables.hpp"

namespace sim::present {

namespace {

// clang-format off
const GlossaryEntry kDerivations[] = {
  // ---- SSL 3.0 (RFC 6101) ----
  {"pad_1", "SSL 3.0: the byte 0x36 repeated (48 times with MD5, 40 with SHA), appended to the secret in the inner hash; not HMAC's ipad, which is XORed into the key.", "SSL 3.0 : l'octet 0x36 répété (48 fois avec MD5, 40 avec SHA), concaténé au secret dans le hachage interne ; pas l'ipad de HMAC, combiné à la clé par XOR.", "RFC 6101 5.2.3.1"},
  {"pad_2", "SSL 3.0: the byte 0x5c repeated (48 times with MD5, 40 with SHA), appended to the secret in the outer hash; not HMAC's opad.", "SSL 3.0 : l'octet 0x5c répété (48 fois avec MD5, 40 avec SHA), concaténé au secret dans le hachage externe ; pas l'opad de HMAC.", "RFC 6101 5.2.3.1"},
  {"pad_1 (MD5)", "pad_1 for the MD5 half: 0x36 repeated 48 times.", "pad_1 pour la moitié MD5 : 0x36 répété 48 fois.", "RFC 6101 5.6.9"},
  {"pad_1 (SHA)", "pad_1 for the SHA half: 0x36 repeated 40 times.", "pad_1 pour la moitié SHA : 0x36 répété 40 fois.", "RFC 6101 5.6.9"},
  {"pad_2 (MD5)", "pad_2 for the MD5 half: 0x5c repeated 48 times.", "pad_2 pour la moitié MD5 : 0x5c répété 48 fois.", "RFC 6101 5.6.9"},
  {"pad_2 (SHA)", "pad_2 for the SHA half: 0x5c repeated 40 times.", "pad_2 pour la moitié SHA : 0x5c répété 40 fois.", "RFC 6101 5.6.9"},
  {"Sender", "SSL 3.0 Finished: 0x434C4E54 (\"CLNT\") when the client sends it, 0x53525652 (\"SRVR\") when the server does, so the two Finished values differ.", "Finished de SSL 3.0 : 0x434C4E54 (\"CLNT\") quand le client l'envoie, 0x53525652 (\"SRVR\") quand c'est le serveur, pour que les deux valeurs Finished diffèrent.", "RFC 6101 5.6.9"},
  {"md5_hash", "SSL 3.0: MD5(master_secret + pad_2 + MD5(handshake_messages + Sender + master_secret + pad_1)), the MD5 half of Finished (CertificateVerify: without Sender).", "SSL 3.0 : MD5(master_secret + pad_2 + MD5(handshake_messages + Sender + master_secret + pad_1)), la moitié MD5 de Finished (CertificateVerify : sans Sender).", "RFC 6101 5.6.9"},
  {"sha_hash", "SSL 3.0: SHA(master_secret + pad_2 + SHA(handshake_messages + Sender + master_secret + pad_1)), the SHA half of Finished (CertificateVerify: without Sender).", "SSL 3.0 : SHA(master_secret + pad_2 + SHA(handshake_messages + Sender + master_secret + pad_1)), la moitié SHA de Finished (CertificateVerify : sans Sender).", "RFC 6101 5.6.9"},
  {"inner MD5", "The inner hash: MD5(handshake_messages + Sender + master_secret + pad_1).", "Le hachage interne : MD5(handshake_messages + Sender + master_secret + pad_1).", "RFC 6101 5.6.9"},
  {"inner SHA", "The inner hash: SHA(handshake_messages + Sender + master_secret + pad_1).", "Le hachage interne : SHA(handshake_messages + Sender + master_secret + pad_1).", "RFC 6101 5.6.9"},
  {"inner_hash", "SSL 3.0 record MAC: hash(MAC_write_secret + pad_1 + seq_num + type + length + fragment), which the outer hash covers.", "MAC d'enregistrement SSL 3.0 : hash(MAC_write_secret + pad_1 + seq_num + type + length + fragment), que couvre le hachage externe.", "RFC 6101 5.2.3.1"},
  {"SHA('X' + secret + seed)", "SSL 3.0 key derivation: SHA-1 of a letter string ('A', 'BB', 'CCC'...: one more letter per block), the secret and the randoms.", "Dérivation de clés SSL 3.0 : SHA-1 d'une suite de lettres ('A', 'BB', 'CCC'... : une lettre de plus par bloc), du secret et des aléas.", "RFC 6101 6.1"},
  {"MD5(secret + SHA('X' ...))", "SSL 3.0 key derivation: MD5 of the secret and that SHA-1 value gives one 16-byte block; the blocks, one after the other, make the master_secret or the key_block.", "Dérivation de clés SSL 3.0 : le MD5 du secret et de cette valeur SHA-1 donne un bloc de 16 octets ; les blocs, mis bout à bout, forment le master_secret ou le key_block.", "RFC 6101 6.1"},
  {"certificate_verify_hashes", "SSL 3.0 CertificateVerify: MD5 and SHA hashes of the master_secret, pad_1, pad_2 and the handshake messages, which the client signs.", "CertificateVerify de SSL 3.0 : hachés MD5 et SHA du master_secret, de pad_1, de pad_2 et des messages de la poignée de main, que le client signe.", "RFC 6101 5.6.8"},
  {"MD5", "SSL 3.0 export: the MD5 hash of the 5-byte write key and the randoms, cut to the final key's length.", "Export SSL 3.0 : le haché MD5 de la clé d'écriture de 5 octets et des aléas, coupé à la longueur de la clé finale.", "RFC 6101 6.2.2.1"},
  // ---- export keys ----
  {"final_client_write_key", "Export suites: the client's real encryption key, expanded from a 5-byte (40-bit) write key and the public randoms: only 40 bits of it are secret.", "Suites d'export : la vraie clé de chiffrement du client, étendue à partir d'une clé d'écriture de 5 octets (40 bits) et des aléas publics : seuls 40 bits en sont secrets.", "RFC 2246 6.3.1"},
  {"final_server_write_key", "Export suites: the server's real encryption key, expanded from a 5-byte (40-bit) write key and the public randoms: only 40 bits of it are secret.", "Suites d'export : la vraie clé de chiffrement du serveur, étendue à partir d'une clé d'écriture de 5 octets (40 bits) et des aléas publics : seuls 40 bits en sont secrets.", "RFC 2246 6.3.1"},
  // ---- the TLS 1.0 and 1.1 PRF ----
  {"S1", "TLS 1.0 and 1.1 PRF: the first half of the secret, the key of P_MD5.", "PRF de TLS 1.0 et 1.1 : la première moitié du secret, la clé de P_MD5.", "RFC 2246 5"},
  {"S2", "TLS 1.0 and 1.1 PRF: the second half of the secret, the key of P_SHA1.", "PRF de TLS 1.0 et 1.1 : la seconde moitié du secret, la clé de P_SHA1.", "RFC 2246 5"},
  {"P_MD5(S1, label + seed)", "The HMAC-MD5 expansion of S1; XORed with the P_SHA1 one, it gives the PRF's output.", "L'expansion HMAC-MD5 de S1 ; combinée par XOR à celle de P_SHA1, elle donne la sortie de la PRF.", "RFC 2246 5"},
  {"P_SHA1(S2, label + seed)", "The HMAC-SHA1 expansion of S2; XORed with the P_MD5 one, it gives the PRF's output.", "L'expansion HMAC-SHA1 de S2 ; combinée par XOR à celle de P_MD5, elle donne la sortie de la PRF.", "RFC 2246 5"},
  // ---- key exchange below TLS 1.3 ----
  {"PKCS#1 v1.5 conforming", "Whether the decrypted block has the form 00 02, non-zero padding, 00, message; a server must not let this show (Bleichenbacher's oracle).", "Si le bloc déchiffré a la forme 00 02, bourrage non nul, 00, message ; un serveur ne doit pas le laisser voir (l'oracle de Bleichenbacher).", "RFC 5246 7.4.7.1"},
  {"Z (padded to |p|)", "The Diffie-Hellman shared value g^(xy) mod p at the length of p; TLS removes its leading zero bytes to make the pre_master_secret.", "La valeur Diffie-Hellman partagée g^(xy) mod p à la longueur de p ; TLS retire ses octets nuls de tête pour former le pre_master_secret.", "RFC 5246 8.1.2"},
  {"md5_hash + sha_hash", "MD5 and SHA-1 of client_random + server_random + params, concatenated: what the RSA signature of ServerKeyExchange signs before TLS 1.2.", "MD5 et SHA-1 de client_random + server_random + params, concaténés : ce que signe la signature RSA de ServerKeyExchange avant TLS 1.2.", "RFC 2246 7.4.3"},
  // ---- signatures of the handshake ----
  {"certificate_verify_signature", "The client signs the handshake messages so far with its certificate's private key, proving it holds that key.", "Le client signe les messages de la poignée de main jusqu'ici avec la clé privée de son certificat, prouvant qu'il la détient.", "RFC 5246 7.4.8"},
  {"certificate_verify_check", "The server checks the client's CertificateVerify signature with the client certificate's public key.", "Le serveur vérifie la signature CertificateVerify du client avec la clé publique du certificat client.", "RFC 5246 7.4.8"},
  {"client_certificate_verify_signature", "TLS 1.3: the client signs 64 spaces + context string + 00 + transcript hash with its certificate's private key.", "TLS 1.3 : le client signe 64 espaces + chaîne de contexte + 00 + haché de transcription avec la clé privée de son certificat.", "RFC 8446 4.4.3"},
  {"client_certificate_verify_check", "TLS 1.3: the server checks the client's CertificateVerify with the client certificate's public key.", "TLS 1.3 : le serveur vérifie le CertificateVerify du client avec la clé publique du certificat client.", "RFC 8446 4.4.3"},
  {"server_certificate_verify_signature", "TLS 1.3: the server signs 64 spaces + context string + 00 + transcript hash with its certificate's private key.", "TLS 1.3 : le serveur signe 64 espaces + chaîne de contexte + 00 + haché de transcription avec la clé privée de son certificat.", "RFC 8446 4.4.3"},
  {"server_certificate_verify_check", "TLS 1.3: the client checks the server's CertificateVerify with the certificate's public key.", "TLS 1.3 : le client vérifie le CertificateVerify du serveur avec la clé publique du certificat.", "RFC 8446 4.4.3"},
  {"signed_content", "What a TLS 1.3 CertificateVerify signs: 64 spaces, the context string, a zero byte and the transcript hash.", "Ce que signe un CertificateVerify de TLS 1.3 : 64 espaces, la chaîne de contexte, un octet nul et le haché de transcription.", "RFC 8446 4.4.3"},
  // ---- HKDF inputs (TLS 1.3) ----
  {"hash", "The suite's hash (SHA-256 or SHA-384): it sets HKDF's output length and the zeros used when there is no PSK.", "Le hachage de la suite (SHA-256 ou SHA-384) : il fixe la longueur de sortie de HKDF et les zéros utilisés sans PSK.", "RFC 8446 7.1"},
  {"context", "HKDF-Expand-Label's context: a transcript hash, or empty.", "Le contexte de HKDF-Expand-Label : un haché de transcription, ou vide.", "RFC 8446 7.1"},
  // ---- session tickets ----
  {"session_ticket_open", "The server decrypts a session ticket to recover the session's state (master_secret, suite) and resume it.", "Le serveur déchiffre un ticket de session pour retrouver l'état de la session (master_secret, suite) et la reprendre.", "RFC 5077 4"},
  {"state", "The session state sealed in the ticket: version, suite, compression, extended_master_secret and master_secret.", "L'état de session scellé dans le ticket : version, suite, compression, extended_master_secret et master_secret.", "RFC 5077 4"},
  {"compression", "The compression method of the session (null or DEFLATE).", "La méthode de compression de la session (null ou DEFLATE).", "RFC 5246 7.4.1.3"},
  {"ticket_key", "The server's secret key for sealing tickets; never sent.", "La clé secrète du serveur pour sceller les tickets ; jamais envoyée.", "RFC 5077 4"},
};
// clang-format on

}  // namespace

std::span<const GlossaryEntry> glossary_derivation_entries() { return kDerivations; }

}  // namespace sim::present

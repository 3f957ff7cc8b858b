// The glossary entries whose meaning changes with the version or the suite (glossary.hpp):
// SSL 3.0's MAC is not HMAC, its padding is not TLS padding, SSL 3.0 and TLS 1.0 chain their
// CBC IV, each version computes Finished and the master secret its own way. Each row cites the
// section of its own version's RFC; the general entries in glossary.cpp stay for a name shown
// without a version.
#include <deque>
#include <string>

#include "core/enums.hpp"
#include "present/glossary.hpp"
#include "trace/spec_ref.hpp"

namespace sim::present {

namespace {

using F = SuiteFilter;

std::vector<GlossaryVariant> build() {
  std::vector<GlossaryVariant> v;
  static std::deque<std::string> specs;  // the references built per version; kept for the program's life
  auto spec = [](std::string s) { return specs.emplace_back(std::move(s)).c_str(); };
  auto add = [&](const char* key, uint16_t lo, uint16_t hi, F f, const char* en, const char* fr, const char* where,
                 int compression = -1) { v.push_back({lo, hi, f, compression, {key, en, fr, where}}); };
  // The same text in TLS 1.0, 1.1 and 1.2, each citing the section in its own RFC (RFC 2246,
  // 4346 and 5246 number them alike).
  auto tls = [&](const char* key, std::initializer_list<uint16_t> versions, F f, const char* en, const char* fr,
                 const char* section) {
    for (uint16_t ver : versions) add(key, ver, ver, f, en, fr, spec(std::string(version_rfc(ver)) + " " + section));
  };
  const auto all_tls12 = {kTls10, kTls11, kTls12};

  // ---- the record MAC ----
  add("MAC", kSsl3, kSsl3, F::any,
      "SSL 3.0's own keyed hash: hash(MAC_write_secret + pad_2 + hash(MAC_write_secret + pad_1 + seq_num + type + length + content)), pad_1 and pad_2 being 0x36 and 0x5c repeated (48 times with MD5, 40 with SHA) and appended to the secret, not XORed into a padded key as TLS does.",
      "Le hachage à clé propre à SSL 3.0 : hash(MAC_write_secret + pad_2 + hash(MAC_write_secret + pad_1 + seq_num + type + length + contenu)), où pad_1 et pad_2 valent 0x36 et 0x5c répétés (48 fois avec MD5, 40 avec SHA) et sont concaténés au secret, non combinés par XOR à une clé complétée comme le fait TLS.",
      "RFC 6101 5.2.3.1");
  tls("MAC", all_tls12, F::not_aead,
      "HMAC (RFC 2104) keyed with the sender's MAC key over seq_num + type + version + length + content: any change to the record, or a record replayed or reordered, makes it fail.",
      "HMAC (RFC 2104) avec la clé MAC de l'émetteur sur seq_num + type + version + longueur + contenu : toute modification de l'enregistrement, ou un enregistrement rejoué ou déplacé, le fait échouer.",
      "6.2.3.1");
  add("MAC", kTls12, kTls12, F::aead,
      "An AEAD suite has no MAC: the cipher's authentication tag covers the content and the additional data (seq_num + type + version + length).",
      "Une suite AEAD n'a pas de MAC : l'étiquette d'authentification du chiffrement couvre le contenu et les données additionnelles (seq_num + type + version + longueur).",
      "RFC 5246 6.2.3.3");
  add("MAC", kTls13, kTls13, F::any,
      "TLS 1.3 has no separate MAC: every protected record is AEAD-encrypted and its tag authenticates it.",
      "TLS 1.3 n'a pas de MAC séparé : chaque enregistrement protégé est chiffré en AEAD et son étiquette l'authentifie.",
      "RFC 8446 5.2");

  // ---- CBC padding ----
  add("padding", kSsl3, kSsl3, F::any,
      "SSL 3.0 padding: arbitrary bytes, shorter than one cipher block; only the last byte (padding_length) is checked and the MAC does not cover them, which POODLE exploits.",
      "Bourrage SSL 3.0 : des octets quelconques, moins d'un bloc de chiffrement ; seul le dernier octet (padding_length) est vérifié et le MAC ne les couvre pas, ce qu'exploite POODLE.",
      "RFC 6101 5.2.3.2");
  tls("padding", all_tls12, F::not_aead,
      "TLS padding: every padding byte holds the padding length (up to 255 bytes, a whole number of blocks in all), and the receiver checks each one.",
      "Bourrage TLS : chaque octet de bourrage vaut la longueur du bourrage (jusqu'à 255 octets, un nombre entier de blocs au total), et le récepteur les vérifie tous.",
      "6.2.3.2");
  add("padding", kTls13, kTls13, F::any,
      "TLS 1.3 padding: zero bytes after the real content type inside TLSInnerPlaintext, encrypted with it, to hide the content's length.",
      "Bourrage TLS 1.3 : des octets nuls après le vrai type de contenu dans TLSInnerPlaintext, chiffrés avec lui, pour masquer la longueur du contenu.",
      "RFC 8446 5.4");
  add("padding_length", kSsl3, kSsl3, F::any,
      "How many padding bytes precede this one (less than the block length): the only padding byte SSL 3.0 checks.",
      "Combien d'octets de bourrage précèdent celui-ci (moins que la taille d'un bloc) : le seul octet du bourrage que SSL 3.0 vérifie.",
      "RFC 6101 5.2.3.2");
  tls("padding_length", all_tls12, F::not_aead,
      "How many padding bytes precede this one; each of them must hold this same value.",
      "Combien d'octets de bourrage précèdent celui-ci ; chacun d'eux doit valoir cette même valeur.",
      "6.2.3.2");

  // ---- the IV ----
  add("IV", kSsl3, kSsl3, F::not_aead,
      "SSL 3.0 chains the CBC IV: each record's IV is the last ciphertext block of the previous record, the first one comes from the key_block; it is never sent, and an attacker can predict it (BEAST).",
      "SSL 3.0 chaîne l'IV CBC : l'IV de chaque enregistrement est le dernier bloc chiffré de l'enregistrement précédent, le premier vient du key_block ; il n'est jamais envoyé, et un attaquant peut le prévoir (BEAST).",
      "RFC 6101 5.2.3.2");
  add("IV", kTls10, kTls10, F::not_aead,
      "TLS 1.0 chains the CBC IV: each record's IV is the last ciphertext block of the previous record, the first one comes from the key_block; it is never sent, and an attacker can predict it (BEAST).",
      "TLS 1.0 chaîne l'IV CBC : l'IV de chaque enregistrement est le dernier bloc chiffré de l'enregistrement précédent, le premier vient du key_block ; il n'est jamais envoyé, et un attaquant peut le prévoir (BEAST).",
      "RFC 2246 6.2.3.2");
  tls("IV", {kTls11, kTls12}, F::not_aead,
      "An explicit IV: fresh random bytes sent in clear at the start of each CBC record (from TLS 1.1 on), so no one can predict the next one.",
      "Un IV explicite : des octets aléatoires frais envoyés en clair au début de chaque enregistrement CBC (à partir de TLS 1.1), pour que personne ne puisse prévoir le suivant.",
      "6.2.3.2");
  add("IV", kTls12, kTls12, F::aead,
      "An AEAD suite has no CBC IV: its nonce is the fixed IV from the key_block with nonce_explicit sent in each record (AES-GCM), or the fixed IV XORed with the sequence number (ChaCha20-Poly1305).",
      "Une suite AEAD n'a pas d'IV CBC : son nonce est l'IV fixe du key_block avec le nonce_explicit envoyé dans chaque enregistrement (AES-GCM), ou l'IV fixe combiné par XOR au numéro de séquence (ChaCha20-Poly1305).",
      "RFC 5246 6.2.3.3");
  add("IV", kTls13, kTls13, F::any,
      "TLS 1.3 sends no IV: each record's nonce is the traffic write_iv XORed with the record sequence number.",
      "TLS 1.3 n'envoie pas d'IV : le nonce de chaque enregistrement est le write_iv du trafic combiné par XOR au numéro de séquence.",
      "RFC 8446 5.3");
  for (const char* side : {"client", "server"}) {
    const bool c = side[0] == 'c';
    add(c ? "client_write_IV" : "server_write_IV", kSsl3, kSsl3, F::not_aead,
        c ? "The IV of the client's first CBC record, from the key_block; every later record chains on the previous one's last ciphertext block."
          : "The IV of the server's first CBC record, from the key_block; every later record chains on the previous one's last ciphertext block.",
        c ? "L'IV du premier enregistrement CBC du client, issu du key_block ; chaque enregistrement suivant s'enchaîne sur le dernier bloc chiffré du précédent."
          : "L'IV du premier enregistrement CBC du serveur, issu du key_block ; chaque enregistrement suivant s'enchaîne sur le dernier bloc chiffré du précédent.",
        "RFC 6101 6.2.2");
    add(c ? "client_write_IV" : "server_write_IV", kTls10, kTls10, F::not_aead,
        c ? "The IV of the client's first CBC record, from the key_block; every later record chains on the previous one's last ciphertext block."
          : "The IV of the server's first CBC record, from the key_block; every later record chains on the previous one's last ciphertext block.",
        c ? "L'IV du premier enregistrement CBC du client, issu du key_block ; chaque enregistrement suivant s'enchaîne sur le dernier bloc chiffré du précédent."
          : "L'IV du premier enregistrement CBC du serveur, issu du key_block ; chaque enregistrement suivant s'enchaîne sur le dernier bloc chiffré du précédent.",
        "RFC 2246 6.3");
    add(c ? "client_write_IV" : "server_write_IV", kTls12, kTls12, F::aead,
        c ? "The fixed part of the client's AEAD nonce, from the key_block: the 4-byte AES-GCM salt, or the 12-byte ChaCha20-Poly1305 IV XORed with the sequence number."
          : "The fixed part of the server's AEAD nonce, from the key_block: the 4-byte AES-GCM salt, or the 12-byte ChaCha20-Poly1305 IV XORed with the sequence number.",
        c ? "La partie fixe du nonce AEAD du client, issue du key_block : le sel de 4 octets d'AES-GCM, ou l'IV de 12 octets de ChaCha20-Poly1305 combiné par XOR au numéro de séquence."
          : "La partie fixe du nonce AEAD du serveur, issue du key_block : le sel de 4 octets d'AES-GCM, ou l'IV de 12 octets de ChaCha20-Poly1305 combiné par XOR au numéro de séquence.",
        "RFC 5288 3, RFC 7905 2");
  }
  add("nonce_explicit", kTls12, kTls12, F::aead,
      "The 8 bytes of the AES-GCM nonce sent in clear with each record; with the 4-byte salt from the key_block they make the 12-byte nonce.",
      "Les 8 octets du nonce AES-GCM envoyés en clair avec chaque enregistrement ; avec le sel de 4 octets du key_block ils forment le nonce de 12 octets.",
      "RFC 5288 3");
  add("tag", kTls12, kTls12, F::aead,
      "The AEAD authentication tag over the content and the additional data (seq_num + type + version + length): any change makes decryption fail.",
      "L'étiquette d'authentification AEAD sur le contenu et les données additionnelles (seq_num + type + version + longueur) : toute modification fait échouer le déchiffrement.",
      "RFC 5246 6.2.3.3");
  add("tag", kTls13, kTls13, F::any,
      "The AEAD authentication tag over the encrypted TLSInnerPlaintext and the record header: any change makes decryption fail.",
      "L'étiquette d'authentification AEAD sur le TLSInnerPlaintext chiffré et l'en-tête de l'enregistrement : toute modification fait échouer le déchiffrement.",
      "RFC 8446 5.2");

  // ---- Finished ----
  for (const char* key : {"Finished", "verify_data", "client_verify_data", "server_verify_data"}) {
    add(key, kSsl3, kSsl3, F::any,
        "SSL 3.0 Finished: md5_hash and sha_hash, each hash(master_secret + pad_2 + hash(handshake_messages + Sender + master_secret + pad_1)), 36 bytes; no PRF and no HMAC.",
        "Finished de SSL 3.0 : md5_hash et sha_hash, chacun hash(master_secret + pad_2 + hash(handshake_messages + Sender + master_secret + pad_1)), 36 octets ; ni PRF ni HMAC.",
        "RFC 6101 5.6.9");
    tls(key, {kTls10, kTls11}, F::any,
        "verify_data = PRF(master_secret, \"client finished\" or \"server finished\", MD5(handshake_messages) + SHA-1(handshake_messages))[0..11]: 12 bytes proving both sides saw the same handshake and hold the same master_secret.",
        "verify_data = PRF(master_secret, \"client finished\" ou \"server finished\", MD5(handshake_messages) + SHA-1(handshake_messages))[0..11] : 12 octets qui prouvent que les deux parties ont vu la même poignée de main et détiennent le même master_secret.",
        "7.4.9");
    add(key, kTls12, kTls12, F::any,
        "verify_data = PRF(master_secret, \"client finished\" or \"server finished\", Hash(handshake_messages))[0..11], with the suite's PRF hash (SHA-256 or SHA-384): both sides saw the same handshake.",
        "verify_data = PRF(master_secret, \"client finished\" ou \"server finished\", Hash(handshake_messages))[0..11], avec le hachage de la PRF de la suite (SHA-256 ou SHA-384) : les deux parties ont vu la même poignée de main.",
        "RFC 5246 7.4.9");
    add(key, kTls13, kTls13, F::any,
        "verify_data = HMAC(finished_key, transcript hash), finished_key coming from the sender's handshake traffic secret: both sides saw the same handshake.",
        "verify_data = HMAC(finished_key, haché de la transcription), finished_key étant issue du secret de trafic de poignée de main de l'émetteur : les deux parties ont vu la même poignée de main.",
        "RFC 8446 4.4.4");
  }

  // ---- compression ----
  add("compression_method", kSsl3, kTls12, F::any,
      "Compression chosen: DEFLATE (RFC 3749). Each record is compressed before it is protected, so its length reveals how well secret and attacker-chosen text compress together (CRIME).",
      "Compression choisie : DEFLATE (RFC 3749). Chaque enregistrement est compressé avant d'être protégé, sa longueur révèle donc à quel point un secret et un texte choisi par l'attaquant se compressent ensemble (CRIME).",
      "RFC 3749 2.1", 1);
  add("compression_method", kSsl3, kSsl3, F::any, "Compression chosen: null, no compression.",
      "Compression choisie : null, aucune compression.", "RFC 6101 5.6.1.3", 0);
  tls("compression_method", all_tls12, F::any, "Compression chosen: null, no compression.",
      "Compression choisie : null, aucune compression.", "7.4.1.3");
  add("compression_method", kTls13, kTls13, F::any,
      "legacy_compression_method: always 0 (null), TLS 1.3 has no compression.",
      "legacy_compression_method : toujours 0 (null), TLS 1.3 n'a pas de compression.", "RFC 8446 4.1.3");
  add("compression_methods", kSsl3, kTls12, F::any,
      "Compression methods the client offers, null always among them; DEFLATE (RFC 3749) was chosen here, the compression that enabled the CRIME attack.",
      "Méthodes de compression proposées par le client, dont toujours null ; DEFLATE (RFC 3749) a été choisie ici, la compression qui a permis l'attaque CRIME.",
      "RFC 3749 2.1", 1);
  add("compression_methods", kSsl3, kSsl3, F::any,
      "Compression methods the client offers, null always among them.",
      "Méthodes de compression proposées par le client, dont toujours null.", "RFC 6101 5.6.1.2");
  tls("compression_methods", all_tls12, F::any, "Compression methods the client offers, null always among them.",
      "Méthodes de compression proposées par le client, dont toujours null.", "7.4.1.2");
  add("compression_methods", kTls13, kTls13, F::any,
      "legacy_compression_methods: only null (0) in TLS 1.3, which removed compression.",
      "legacy_compression_methods : seulement null (0) en TLS 1.3, qui a supprimé la compression.", "RFC 8446 4.1.2");

  // ---- the pre_master_secret ----
  add("pre_master_secret", kSsl3, kSsl3, F::rsa,
      "SSL 3.0 RSA key exchange: 48 bytes, client_version + 46 random bytes, encrypted to the server's RSA key in ClientKeyExchange; the master_secret is derived from it.",
      "Échange de clés RSA de SSL 3.0 : 48 octets, client_version + 46 octets aléatoires, chiffrés avec la clé RSA du serveur dans ClientKeyExchange ; le master_secret en est dérivé.",
      "RFC 6101 5.6.7.1");
  add("pre_master_secret", kSsl3, kSsl3, F::dhe,
      "SSL 3.0 Diffie-Hellman: the shared value Z = g^(xy) mod p is the pre_master_secret; the master_secret is derived from it.",
      "Diffie-Hellman en SSL 3.0 : la valeur partagée Z = g^(xy) mod p est le pre_master_secret ; le master_secret en est dérivé.",
      "RFC 6101 6.1.2");
  tls("pre_master_secret", all_tls12, F::rsa,
      "RSA key exchange: 48 bytes, client_version + 46 random bytes, encrypted to the server's RSA key in ClientKeyExchange; the master_secret is derived from it.",
      "Échange de clés RSA : 48 octets, client_version + 46 octets aléatoires, chiffrés avec la clé RSA du serveur dans ClientKeyExchange ; le master_secret en est dérivé.",
      "7.4.7.1");
  tls("pre_master_secret", all_tls12, F::dhe,
      "Diffie-Hellman: the shared value Z = g^(xy) mod p, leading zero bytes removed; the master_secret is derived from it.",
      "Diffie-Hellman : la valeur partagée Z = g^(xy) mod p, sans ses octets nuls de tête ; le master_secret en est dérivé.",
      "8.1.2");
  add("pre_master_secret", kTls10, kTls12, F::ecdhe,
      "ECDHE: the x-coordinate of the shared elliptic-curve point (X25519: its 32-byte output); the master_secret is derived from it.",
      "ECDHE : l'abscisse du point partagé sur la courbe elliptique (X25519 : sa sortie de 32 octets) ; le master_secret en est dérivé.",
      "RFC 8422 5.10");
  add("pre_master_secret", kTls13, kTls13, F::any,
      "TLS 1.3 has no pre_master_secret: the (EC)DHE shared secret enters the key schedule through HKDF-Extract.",
      "TLS 1.3 n'a pas de pre_master_secret : le secret partagé (EC)DHE entre dans le calendrier de clés par HKDF-Extract.",
      "RFC 8446 7.1");

  // ---- the master_secret and the key_block ----
  add("master_secret", kSsl3, kSsl3, F::any,
      "48 bytes: MD5(pre_master_secret + SHA('A' + pre_master_secret + client_random + server_random)), then the same with 'BB' and 'CCC'; SSL 3.0 has no PRF.",
      "48 octets : MD5(pre_master_secret + SHA('A' + pre_master_secret + client_random + server_random)), puis de même avec 'BB' et 'CCC' ; SSL 3.0 n'a pas de PRF.",
      "RFC 6101 6.1");
  tls("master_secret", {kTls10, kTls11}, F::any,
      "48 bytes: PRF(pre_master_secret, \"master secret\", client_random + server_random), the PRF being P_MD5 XOR P_SHA-1 (with extended_master_secret: \"extended master secret\" over the session hash, RFC 7627).",
      "48 octets : PRF(pre_master_secret, \"master secret\", client_random + server_random), la PRF étant P_MD5 XOR P_SHA-1 (avec extended_master_secret : \"extended master secret\" sur le haché de session, RFC 7627).",
      "8.1");
  add("master_secret", kTls12, kTls12, F::any,
      "48 bytes: PRF(pre_master_secret, \"master secret\", client_random + server_random) with the suite's PRF hash (with extended_master_secret: \"extended master secret\" over the session hash, RFC 7627).",
      "48 octets : PRF(pre_master_secret, \"master secret\", client_random + server_random) avec le hachage de la PRF de la suite (avec extended_master_secret : \"extended master secret\" sur le haché de session, RFC 7627).",
      "RFC 5246 8.1");
  add("master_secret", kTls13, kTls13, F::any,
      "HKDF-Extract(derived, 0): the root of the application traffic secrets, the exporter and the resumption secrets.",
      "HKDF-Extract(derived, 0) : la racine des secrets de trafic applicatif, de l'exporteur et de la reprise.",
      "RFC 8446 7.1");
  add("key_block", kSsl3, kSsl3, F::any,
      "MD5(master_secret + SHA('A' + master_secret + server_random + client_random)) + the same with 'BB', 'CCC'...: cut into MAC secrets, keys and IVs.",
      "MD5(master_secret + SHA('A' + master_secret + server_random + client_random)) + de même avec 'BB', 'CCC'... : découpé en secrets MAC, clés et IV.",
      "RFC 6101 6.2.2");
  tls("key_block", all_tls12, F::any,
      "PRF(master_secret, \"key expansion\", server_random + client_random), cut into MAC keys, write keys and IVs.",
      "PRF(master_secret, \"key expansion\", server_random + client_random), découpé en clés MAC, clés de chiffrement et IV.",
      "6.3");
  return v;
}

}  // namespace

const std::vector<GlossaryVariant>& glossary_variants() {
  static const std::vector<GlossaryVariant> v = build();
  return v;
}

}  // namespace sim::present

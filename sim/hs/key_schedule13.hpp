// The TLS 1.3 key schedule (RFC 8446 7.1 - 7.5, RFC 5869 HKDF). Every secret, key, IV and
// Finished value comes out as a Derivation naming its inputs (the secret it came from, the
// label, the messages whose transcript hash it binds), so the trace shows the whole schedule
// and an independent implementation can redo each step.
#pragma once
#include <string>

#include "trace/trace.hpp"

namespace sim::tls13 {

Bytes hkdf_extract(HashAlg h, ByteView salt, ByteView ikm);
Bytes hkdf_expand(HashAlg h, ByteView prk, ByteView info, size_t length);
// The HkdfLabel structure: uint16 length, opaque label<7..255> = "tls13 " + label,
// opaque context<0..255>.
Bytes hkdf_label(std::string_view label, ByteView context, size_t length);
Bytes hkdf_expand_label(HashAlg h, ByteView secret, std::string_view label, ByteView context, size_t length);

// A value with the name the trace gives it ("handshake_secret", "0 (Hash.length zeros)", ...).
// Where it came from: by default the same actor's derivation called `name` (the schedule's
// convention); set for anything else (a PSK, zeros, a field of a message, an empty context).
struct Named {
  std::string name;
  Bytes value;
  Source from = {};
  // What the value is in words, for a name that is a description ("PSK (from the session
  // ticket)"): the note and formula show it in the reader's language. Empty for a plain name.
  Message label = {};
};

// "early_secret", "handshake_secret", "master_secret" = HKDF-Extract(salt, IKM).
// Inputs: salt, IKM (notes say what each is), hash.
Derivation extract(Actor a, HashAlg h, std::string name, const Named& salt, const Named& ikm);
// Derive-Secret(secret, label, messages) = HKDF-Expand-Label(secret, label, Transcript-Hash(messages), Hash.length).
// Inputs: secret, label, messages (note: the names of the messages it covers), hash.
// Steps: transcript_hash, HkdfLabel.
Derivation derive_secret(Actor a, HashAlg h, std::string name, const Named& secret, std::string_view label,
                         ByteView messages);
// HKDF-Expand-Label(secret, label, context, length) for traffic keys and IVs ("key", "iv"),
// "finished", "traffic upd", "resumption". Inputs: secret, label, context, length, hash.
// Steps: HkdfLabel.
Derivation expand_label(Actor a, HashAlg h, std::string name, const Named& secret, std::string_view label,
                        const Named& context, size_t length);
// Finished (RFC 8446 4.4.4): finished_key = HKDF-Expand-Label(base_key, "finished", "", Hash.length),
// verify_data = HMAC(finished_key, Transcript-Hash(messages)). Named "client_verify_data" /
// "server_verify_data" with finished_derivation_id. Inputs: base_key, messages, hash.
// Steps: finished_key, transcript_hash.
Derivation finished(Actor a, HashAlg h, bool sender_is_client, const Named& base_key, ByteView messages);

// The names of the handshake messages in a transcript ("ClientHello, ServerHello"), read
// from their 4-byte headers; a ServerHello with the HelloRetryRequest random is named so.
std::string transcript_names(ByteView messages);
// The same names as a message for notes and formulas: translated when there are none or the
// last is cut short, else notation.
Message covered_message(ByteView messages);
std::string hash_name(HashAlg h);  // "SHA-256"

}  // namespace sim::tls13

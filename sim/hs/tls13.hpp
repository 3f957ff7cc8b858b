// Pieces of TLS 1.3 (RFC 8446) that the client and the server share: key shares, traffic key
// installation, the CertificateVerify content, stateless session tickets.
#pragma once
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/rng.hpp"
#include "hs/config.hpp"
#include "hs/key_schedule13.hpp"
#include "record/protection.hpp"

namespace sim::tls13 {

bool is_tls13_suite(uint16_t id);
std::vector<uint16_t> default_suites13();
// The TLS 1.3 signature schemes (no PKCS#1 v1.5 for CertificateVerify, RFC 8446 4.4.3).
bool scheme_allowed13(SignatureScheme s);

struct KeyShareKey {
  NamedGroup group{};
  Bytes private_key, public_key;  // ffdhe2048 public value left-padded to 256 bytes (RFC 8446 4.2.8.1)
};
KeyShareKey generate_share(NamedGroup g, Rng& rng);
// The (EC)DHE shared secret as a derivation ("ecdhe_shared_secret"); an invalid peer share
// fails with illegal_parameter.
Result<Derivation> shared_secret(Actor a, const KeyShareKey& own, ByteView peer_public);
// The name of that derivation for a group: "dhe_shared_secret" or "ecdhe_shared_secret".
std::string shared_secret_name(NamedGroup g);

// Derives the key and IV of the key set `keys` (phase, side, generation) from its traffic
// secret (derivations go to `out`, named after the key set, e.g. "client_handshake_traffic_key")
// and returns the record state, whose protection() is `keys`.
CipherState traffic_state(Actor a, const CipherSuiteInfo& s, const std::string& secret_name, ByteView secret,
                          const Protection& keys, std::vector<Derivation>* out);
// The key sets of the TLS 1.3 phases (the suite is filled in by traffic_state).
inline Protection early_keys(Actor side) { return Protection::early_keys(key_side(side), 0); }
inline Protection handshake_keys(Actor side) { return Protection::handshake_keys(key_side(side), 0); }
inline Protection application_keys(Actor side, int generation) {
  return Protection::application_keys(key_side(side), generation, 0);
}

// 64 spaces + "TLS 1.3, server CertificateVerify" (or client) + 0x00 + transcript hash (4.4.3).
Bytes certificate_verify_content(bool server, ByteView transcript_hash);
// The CertificateVerify signature as its signer made it (`verified` unset), or the peer's check
// of it (`verified` its result): "server_certificate_verify_signature", "..._check", ...
Derivation certificate_verify(Actor a, bool signer_is_server, SignatureScheme s, HashAlg h, ByteView messages,
                              const Bytes& signature, std::optional<bool> verified);

// The secrets of one handshake's key schedule (RFC 8446 7.1), as each side computes them.
struct Secrets {
  HashAlg hash = HashAlg::Sha256;
  Bytes early, handshake, master;
  Bytes client_early, client_hs, server_hs, client_ap, server_ap, exporter, resumption;
  int client_generation = 0, server_generation = 0;  // KeyUpdate count per direction
};
// early_secret = HKDF-Extract(0, PSK or 0).
// psk_from: where the PSK came from (the ticket's PSK derivation, or the opened ticket).
Derivation early_secret(Actor a, HashAlg h, const Bytes* psk, Secrets* s, const Source& psk_from = {});
// derived, handshake_secret, client/server_handshake_traffic_secret (transcript: ClientHello..ServerHello).
// `shared` is the output of the actor's shared_secret derivation (or none under psk_ke).
void handshake_secrets(Actor a, const Bytes* shared, NamedGroup group, ByteView transcript, Secrets* s,
                       std::vector<Derivation>* out);
// derived, master_secret, client/server_application_traffic_secret_0, exporter_master_secret
// (transcript: ClientHello..server Finished).
void application_secrets(Actor a, ByteView transcript, Secrets* s, std::vector<Derivation>* out);
// resumption_master_secret (transcript: ClientHello..client Finished).
Derivation resumption_secret(Actor a, ByteView transcript, Secrets* s);
// application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length).
Derivation next_application_secret(Actor a, bool client_direction, Secrets* s);
// The PSK a ticket stands for: HKDF-Expand-Label(resumption_master_secret, "resumption", nonce, Hash.length).
Derivation ticket_psk(Actor a, const Secrets& s, ByteView nonce, int index);
// The PSK binder (4.2.11.2): binder_key = Derive-Secret(early_secret, "res binder", ""), then a
// Finished computation over the transcript up to the truncated ClientHello.
void psk_binder(Actor a, const Secrets& s, ByteView truncated_transcript, std::vector<Derivation>* out, Bytes* binder);
// message_hash (4.4.1): replaces ClientHello1 in the transcript after a HelloRetryRequest.
Derivation message_hash(Actor a, HashAlg h, ByteView client_hello1, Bytes* synthetic);
// An NSS key log line: "<label> <client_random hex> <secret hex>\n".
std::string keylog_line(const std::string& label, ByteView client_random, ByteView secret);

// Stateless tickets: the server seals (PSK, suite, age_add, max_early_data, server name) with
// AES-256-GCM under its ticket key, so any of its connections can resume without shared state.
struct TicketContents {
  Bytes psk;
  uint16_t cipher_suite = 0;
  uint32_t ticket_age_add = 0;
  uint32_t max_early_data_size = 0;
  std::string server_name;
};
Bytes seal_ticket(ByteView ticket_key, const TicketContents& t, Rng& rng);
std::optional<TicketContents> open_ticket(ByteView ticket_key, ByteView ticket);

}  // namespace sim::tls13

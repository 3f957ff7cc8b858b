// The options of a run: what `tlslab run` flags, scenario files and the GUI's Scenario panel set.
// Each member is declared once more, with its JSON key, flags, help and applicability, in
// scenario/option_table.hpp; a new option needs a member here and a row there.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "crypto/keys.hpp"
#include "hs/config.hpp"
#include "core/enums.hpp"

namespace sim {

struct ScenarioOptions {
  std::string name, description;  // for scenario files (sim/scenario/scenario_io.hpp)
  std::string description_fr;     // the description in French; empty: only the English one
  uint64_t seed = 1;
  std::string host = "www.example.com";
  uint16_t client_min_version = kTls10, client_max_version = kTls12;
  uint16_t server_min_version = kTls10, server_max_version = kTls12;
  std::vector<uint16_t> client_suites;  // empty: default_suites() for the side's version range
  std::vector<uint16_t> server_suites;
  std::vector<NamedGroup> client_groups = default_groups();
  std::vector<NamedGroup> server_groups = default_groups();
  bool extended_master_secret = true;
  bool deflate = false;                 // both sides offer/accept DEFLATE compression
  bool client_certificate = false;      // the server asks, the client has a certificate
  bool request_client_certificate = false;  // the server asks (the client may have none)
  bool secure_renegotiation = true;     // RFC 5746 on both sides
  enum class Renegotiation { none, client, server } renegotiation = Renegotiation::none;
  bool allow_legacy_renegotiation = false;
  // Per side, on top of secure_renegotiation: the server implements RFC 5746 (off: a server as
  // before 2009), and the client refuses a server whose ServerHello lacks renegotiation_info
  // (RFC 5746 4.1: a renegotiation attack looks like an initial handshake to the client).
  bool server_secure_renegotiation = true;
  bool require_secure_renegotiation = false;
  std::string http_cookie;  // the client's request carries "Cookie: <value>" (a logged-in session)
  // Records (RFC 5246 6.2.1): each handshake message in a record of its own instead of a flight
  // packed into as few records as fit; the largest plaintext fragment either side writes; the
  // max_fragment_length the client asks for (RFC 6066 4: 512 to 4096, 0: none); the size of the
  // server's HTTP response (0: its small page), so a real page's fragmentation shows.
  bool one_message_per_record = false;
  size_t max_record_size = 16384;
  size_t max_fragment_length = 0;
  size_t http_response_size = 0;
  bool server_session_tickets = true;  // the server issues RFC 5077 tickets to a client that asks
  bool server_session_cache = true;    // the server caches sessions by ID (off: every ID is a miss)
  // A browser visit: the client is a browser given an http:// address. It asks for the page over
  // plain HTTP (TCP port 80), follows the server's redirect to https, then posts the page's login
  // form, each request on a connection of its own. With hsts, the browser already knows the host
  // wants https (RFC 6797: an earlier visit's Strict-Transport-Security header, or the preload
  // list) and never speaks plain HTTP to it.
  bool http_first = false;
  bool hsts = false;
  // RFC 7507: the client marks its ClientHello as a fallback retry (TLS_FALLBACK_SCSV); the server
  // refuses a marked ClientHello below its highest version (inappropriate_fallback).
  bool fallback_scsv = false;
  bool server_checks_fallback_scsv = true;
  // After a handshake that a server alert or a closed connection ends before it completes, the
  // client retries with the next lower version, down to its minimum, as browsers did until
  // 2015 (what a version rollback exploits). With it, fallback_scsv marks only the retries.
  bool client_fallback = false;
  // RFC 8446 4.1.3: a TLS 1.3 client aborts when a ServerHello below TLS 1.3 carries DOWNGRD.
  bool check_downgrade_sentinel = true;
  // Leniency switches (hs/config.hpp Leniency): overlays on the handshake state tables that
  // reproduce real bugs. The first three apply to both sides, the last to the server only.
  bool accept_early_ccs = false;
  bool accept_finished_without_ccs = false;
  bool skip_finished_check = false;
  bool accept_unsafe_renegotiation = false;
  bool accept_truncation = false;  // the client takes a cut without close_notify as the end (SSL 2.0)
  bool skip_cbc_padding_check = false;    // receivers check only the CBC padding length (POODLE on TLS)
  bool reveal_rsa_padding_error = false;  // the server answers a bad PKCS#1 block with its own alert
  // The cryptanalytic attacks' work: the unknown key bits an exhaustive search covers (the
  // others are given, so a class sees a key fall in seconds; 40 is the real export search), and
  // the most queries an oracle attack may send (0: the attack's own default).
  unsigned search_bits = 24;
  uint64_t query_budget = 0;
  uint64_t pki_seed = 2024;  // the demo CA and leaf keys (cached per process)
  // TLS 1.3
  std::vector<NamedGroup> client_key_shares;  // groups with a key_share in ClientHello1 (empty: the first client group)
  bool middlebox_compat = true;
  // A second connection resumes the first: TLS 1.3 with its ticket, in the given PSK mode; SSL 3.0
  // to TLS 1.2 by session ID (the server's cache) or with a session ticket (RFC 5077, TLS 1.0+).
  enum class Resumption { none, psk_dhe_ke, psk_ke, session_id, ticket } resumption = Resumption::none;
  // 0-RTT on the resumed connection: the client sends its request early; the server accepts or rejects it.
  enum class EarlyData { none, accepted, rejected } early_data = EarlyData::none;
  enum class KeyUpdate { none, client, server } key_update = KeyUpdate::none;
  bool key_update_request = false;  // the KeyUpdate asks the peer to update too
  size_t record_padding = 0;        // zero bytes added to each TLS 1.3 record
  // Certificates (sim/pki): the server's chain comes from a profile of the simulated PKI
  // (pki::certificate_profiles(); empty: the two-certificate demo chain of pki/demo.hpp), and the
  // client validates it against the simulated root and clock unless verify_certificate is off.
  std::string certificate_profile;
  // The server leaf's key (TLS 1.3 signs CertificateVerify with RSA-PSS, ECDSA P-256 or Ed25519).
  // A non-RSA key takes the "valid" profile's chain when no profile is named.
  crypto::KeyType server_key_type = crypto::KeyType::rsa;
  bool verify_certificate = true;
  bool revocation_hard_fail = false;  // no CRL/OCSP answer: fail instead of going on
  bool ocsp_stapling = false;         // client offers status_request, server staples (TLS 1.2)
  uint64_t clock = 0;                 // seconds since 1970 for validity checks; 0: pki::kSimulatedNow
  // A scripted attack (scenario/attacks.hpp): its name (empty: none), its variant (empty: the
  // attack's first), and its defenses set away from their default (name -> on).
  std::string attack, attack_variant;
  std::map<std::string, bool> defenses;
  // Hand edits of records in transit, "STEP:FIELD_PATH=HEX" (scenario/edit_spec.hpp), applied by
  // an attacker on the simulated wire (net/edit.hpp).
  std::vector<std::string> edits;
  // Offer anything (hs/offer.hpp): the client's cipher_suites exactly, by code point (empty: its
  // suites), and extensions by code point with optional bodies, added after its own.
  std::vector<uint16_t> offer_suites;
  std::vector<OfferedExtension> offer_extensions;
  // Not part of scenario files: a chain and key given on the command line (--cert/--key), and
  // extra trust anchors (--trust). Empty: minted.
  std::vector<Bytes> server_chain_override;
  Bytes server_key_override;
  std::vector<Bytes> extra_trust;
  // Not part of scenario files either: set by an attack's setup and defenses (scenario/attacks.cpp).
  Bytes client_request;             // the client's HTTP request in the resumed connection (empty: a GET of /)
  bool single_use_tickets = false;  // RFC 8446 8.1 (hs/config.hpp AntiReplay)
  bool client_hello_recording = false;  // RFC 8446 8.2
  bool server_refuses_early_data = false;  // the server's tickets allow no 0-RTT (max_early_data_size 0)
  std::string to_json_text() const;
  bool operator==(const ScenarioOptions&) const = default;
};

}  // namespace sim

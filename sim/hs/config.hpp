// Endpoint configuration: what a client offers and what a server accepts.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/enums.hpp"
#include "pki/validate.hpp"

namespace sim {

// A certificate chain (DER, leaf first) with its private key, for either side.
struct Credential {
  std::vector<Bytes> chain;
  Bytes private_key_pkcs8;
  bool empty() const { return chain.empty(); }
};

// A TLS 1.3 session ticket as the client keeps it (RFC 8446 4.6.1): what it needs to resume.
struct SessionTicket {
  Bytes ticket;              // opaque to the client
  Bytes psk;                 // HKDF-Expand-Label(resumption_master_secret, "resumption", nonce, Hash.length)
  uint16_t cipher_suite = 0; // the PSK's hash must match the resumed suite's
  uint32_t ticket_age_add = 0;
  uint32_t lifetime = 0;
  uint32_t max_early_data_size = 0;  // 0: the server does not take 0-RTT with this ticket
  std::string server_name;
  std::string psk_derivation;  // the trace id of the derivation that computed psk
};

// An SSL 3.0-TLS 1.2 session: what a client keeps to resume it and a server caches under its
// session ID (RFC 5246 7.4.1.2, F.1.4) or seals into a ticket (RFC 5077).
struct Session12 {
  Bytes session_id;     // ServerHello.session_id: the cache key
  Bytes ticket;         // client: the NewSessionTicket it received (empty: none)
  Bytes master_secret;
  uint16_t version = 0, cipher_suite = 0;
  uint8_t compression = 0;
  bool extended_master_secret = false;
  int connection = 0;   // the trace's connection that made it (0: unknown, e.g. a real peer's)
};

// A server's session cache, shared by its connections (one object per deployment).
struct SessionCache {
  std::map<Bytes, Session12> sessions;
};

// Leniency switches: overlays on the handshake state tables that reproduce real bugs, for
// lessons and attack scenarios. All off by default (a correct endpoint).
struct Leniency {
  // ChangeCipherSpec accepted before the keys exist: the read keys then come from whatever the
  // master secret is at that moment, e.g. empty (CVE-2014-0224, OpenSSL before 1.0.1h).
  bool accept_early_ccs = false;
  // Finished accepted without a preceding ChangeCipherSpec: the peer's records stay
  // unprotected (SKIP-TLS / CVE-2014-6593 in JSSE, CVE-2015-0204 family).
  bool accept_finished_without_ccs = false;
  bool skip_finished_check = false;  // verify_data is not compared
  // Server: a client-initiated renegotiation is accepted on a connection without RFC 5746
  // (the victim side of the 2009 renegotiation attack, CVE-2009-3555).
  bool accept_unsafe_renegotiation = false;
  // The transport closing without close_notify is taken as the end of the data, as SSL 2.0 did
  // (it had no close_notify): an attacker can then truncate what a side receives unnoticed.
  bool accept_truncation = false;
  // Receiver, TLS 1.0 and later: only the padding length byte of a CBC record is checked, not
  // the padding bytes (RFC 2246 6.2.3.2 requires both), as some TLS stacks did until 2014: the
  // SSL 3.0 padding oracle then works on TLS too (POODLE against TLS, CVE-2014-8730).
  bool skip_cbc_padding_check = false;
  // Server: a ClientKeyExchange whose PKCS#1 v1.5 block is malformed is answered at once with
  // its own alert, instead of RFC 5246 7.4.7.1's random pre_master_secret and one uniform
  // failure: the padding oracle of Bleichenbacher's attack (1998; ROBOT, 2017).
  bool reveal_rsa_padding_error = false;
};

// How an endpoint cuts what it sends into records (RFC 5246 6.2.1).
struct RecordCutting {
  // SSL 3.0 to TLS 1.2: the handshake messages of one flight share records, as many as fit
  // (ServerHello, Certificate, ServerHelloDone in one record, as many servers send them). Off:
  // one record per message (scenarios: the client's way, and the server's on request).
  bool pack_flights = true;
  size_t max_plaintext = 16384;  // the largest plaintext fragment written (2^14 at most)
};

// An extension a client offers by code point (ClientConfig::offer_extensions).
struct OfferedExtension {
  uint16_t type = 0;
  std::optional<Bytes> body;  // none: the client's own body for an extension it builds, else empty
  bool operator==(const OfferedExtension&) const = default;
};

struct ClientConfig {
  std::string host = "www.example.com";
  uint16_t min_version = kTls10, max_version = kTls12;  // the range offered
  std::vector<uint16_t> suites;       // offered, in preference order
  std::vector<NamedGroup> groups;     // supported_groups, in preference order
  std::vector<SignatureScheme> signature_schemes;
  bool offer_extended_master_secret = true;
  bool offer_renegotiation_info = true;  // RFC 5746 (extension, or the SCSV for SSL 3.0)
  bool offer_deflate = false;          // offer DEFLATE record compression (RFC 3749)
  Credential certificate;              // sent when the server asks (empty: none)
  bool renegotiate = false;            // start a second handshake once the first completes
  bool accept_renegotiation = true;    // answer a server's HelloRequest
  bool allow_legacy_renegotiation = true;  // renegotiate even without RFC 5746
  // RFC 5746 4.1: a server whose ServerHello lacks renegotiation_info is refused
  // (handshake_failure), since a renegotiation attack looks like an initial handshake to us.
  bool require_secure_renegotiation = false;
  bool send_http_request = true;      // send a GET once the handshake completes
  std::string http_cookie;            // sent as the request's Cookie header (a logged-in session)
  Bytes http_request;                  // the request sent instead of that GET (empty: the GET)
  // RFC 7507 4: this ClientHello is a fallback retry below the client's real highest version;
  // cipher_suites then ends with TLS_FALLBACK_SCSV so an up-to-date server can refuse it.
  bool send_fallback_scsv = false;
  // The highest version this client supports when max_version is lowered for a fallback retry
  // (0: max_version). A TLS 1.3 client retrying with TLS 1.2 still checks the downgrade
  // sentinel (RFC 8446 4.1.3), and it is its real highest version that RFC 7507 protects.
  uint16_t highest_version = 0;
  // RFC 8446 4.1.3: abort when a ServerHello below our highest version carries DOWNGRD. Off: a
  // TLS 1.3 client that does not enforce it (as some did while middleboxes broke it).
  bool check_downgrade_sentinel = true;
  // TLS 1.3 (used when max_version is TLS 1.3)
  std::vector<NamedGroup> key_share_groups;  // groups given a key_share in the first ClientHello (empty: the first of `groups`)
  bool middlebox_compat = true;        // legacy_session_id + dummy ChangeCipherSpec (RFC 8446 D.4)
  std::optional<SessionTicket> ticket; // resume with this ticket (PSK)
  // SSL 3.0-TLS 1.2: resume this session (its ID, or its ticket when it has one), and offer the
  // SessionTicket extension (RFC 5077 3.2) so the server may issue a ticket.
  std::optional<Session12> session;
  bool offer_session_ticket = false;
  Bytes psk_modes{1};                  // psk_key_exchange_modes: 1 psk_dhe_ke, 0 psk_ke
  uint32_t ticket_age_ms = 2000;       // simulated time since the ticket was received
  bool send_early_data = false;        // send the HTTP request as 0-RTT data when the ticket allows
  enum class KeyUpdateMode { none, update, update_requested } key_update = KeyUpdateMode::none;  // after the handshake
  size_t record_padding = 0;           // TLS 1.3 zero padding per record
  RecordCutting records;
  // RFC 6066 4: max_fragment_length offered, 1 to 4 for 2^9 to 2^12 bytes (0: not offered).
  uint8_t max_fragment_length = 0;
  // How the server's certificate chain is validated (sim/pki/validate.hpp). Off by default
  // for hand-built configs; client_config() turns it on for scenarios.
  pki::ValidationPolicy validation;
  Leniency lenient;
  // "Offer anything" (hs/offer.hpp): when not empty, cipher_suites is exactly this list, in
  // order, with code points the engine does not implement (offered, never chosen); `suites` and
  // the SCSVs the client would add are then left out.
  std::vector<uint16_t> offer_suites;
  // Extensions added by code point, in order, after those the client builds; one it builds
  // itself moves to its place in this list, with its own body unless one is given here.
  std::vector<OfferedExtension> offer_extensions;
};

// A TLS 1.3 server's defenses against the replay of 0-RTT data (RFC 8446 8), with the memory
// they need. One object is shared by every server instance of a deployment (they share the ticket
// key), so a replay reaching a fresh instance is still caught.
struct AntiReplay {
  // 8.1: each ticket resumes once; a ticket seen before is refused as a PSK (full handshake).
  bool single_use_tickets = false;
  // 8.2: each ClientHello (its first PSK binder) is recorded; a duplicate gets the PSK but not 0-RTT.
  bool client_hello_recording = false;
  std::set<Bytes> used_tickets, seen_binders;
};

struct ServerConfig {
  std::string host = "www.example.com";  // the name the minted leaf certificate carries
  uint16_t min_version = kTls10, max_version = kTls12;
  std::vector<uint16_t> suites;       // accepted, in server preference order
  std::vector<NamedGroup> groups;
  std::vector<SignatureScheme> signature_schemes;
  bool support_extended_master_secret = true;
  bool support_renegotiation_info = true;  // RFC 5746
  bool allow_deflate = false;
  std::vector<Bytes> certificate_chain;  // DER, leaf first
  Bytes private_key_pkcs8;
  Bytes ocsp_response;  // stapled in CertificateStatus when the client asks (empty: never)
  // TLS 1.2 ECDHE_ECDSA suites: an ECDSA P-256 chain and key served instead of the one above
  // when such a suite is chosen, so one server can offer RSA and ECDSA suites (as real servers
  // hold two certificates). Empty: no ECDSA suite is chosen.
  Credential ecdsa_credential;
  bool request_client_certificate = false;
  bool require_client_certificate = false;
  bool request_renegotiation = false;   // send HelloRequest once the first handshake completes
  bool accept_renegotiation = true;     // renegotiate when the client asks
  bool allow_legacy_renegotiation = false;  // renegotiate with a client that lacks RFC 5746
  bool send_http_response = true;     // answer a request with a small HTML page, then close
  // RFC 7507 3: a ClientHello with TLS_FALLBACK_SCSV below our highest version is refused
  // with inappropriate_fallback (a correct server does this).
  bool check_fallback_scsv = true;
  // TLS 1.3
  Bytes ticket_key;                    // seals stateless session tickets (empty: no tickets)
  // SSL 3.0-TLS 1.2: sessions are cached here by ID for resumption (null: no cache, nothing is
  // resumed by ID), and a client offering SessionTicket gets a ticket when this is on (RFC 5077).
  std::shared_ptr<SessionCache> session_cache;
  bool issue_tickets12 = true;
  int tickets_to_send = 1;             // NewSessionTickets after the handshake
  bool accept_resumption = true;
  bool allow_psk_ke = true;            // accept psk_ke (no (EC)DHE, no forward secrecy)
  uint32_t max_early_data_size = 0;    // > 0: tickets allow 0-RTT and the server accepts it
  std::shared_ptr<AntiReplay> anti_replay;  // null: 0-RTT is not protected against replay
  bool send_cookie = true;             // HelloRetryRequest carries a cookie (RFC 8446 4.2.2)
  ClientConfig::KeyUpdateMode key_update = ClientConfig::KeyUpdateMode::none;
  size_t record_padding = 0;
  RecordCutting records;
  bool support_max_fragment_length = true;  // RFC 6066 4: answer a client's max_fragment_length
  // The size of the page the server answers with (padded with text, so it can be fragmented
  // over many records as real pages are); 0: the small built-in page.
  size_t http_response_size = 0;
  Leniency lenient;
};

// Suites offered/accepted when none are named: those valid in the version range, strongest
// first, leaving out export, RC4, single DES and IDEA unless the range is SSL 3.0 only (the
// SSL 3.0 lab wants them all).
std::vector<uint16_t> default_suites(uint16_t min_version = kTls10, uint16_t max_version = kTls12);
std::vector<NamedGroup> default_groups();
std::vector<SignatureScheme> default_signature_schemes();
Bytes http_request_for(const std::string& host, const std::string& cookie = "");
// The server's answer to `request`: its home page for "/", else a page saying it executed the
// request (its request line and Cookie header), which is what a web application visibly does.
// `size`: the whole response made about that long (at least the page itself) with paragraphs
// of text, as a real page is, so it spans many records; 0: the page as it is.
Bytes http_response_for(const std::string& host, ByteView request = {}, size_t size = 0);
// What a server makes of an HTTP request: its first line, target and Cookie header.
struct HttpRequestSeen {
  std::string request_line, target, cookie;
};
HttpRequestSeen parse_http_request(ByteView request);

}  // namespace sim

// TLS 1.2 handshake messages (RFC 5246 7.4, RFC 4492, RFC 7627, RFC 5746): one struct per
// message, one parse function that also dissects into a Field tree, one encode function.
#pragma once
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/enums.hpp"
#include "core/result.hpp"
#include "trace/field.hpp"

namespace sim {

struct Extension {
  uint16_t type;
  Bytes data;
};

// ---- TLS 1.3 extension payloads (RFC 8446 4.2) ----------------------------------------
struct KeyShareEntry {
  uint16_t group = 0;
  Bytes key_exchange;
};
struct PskIdentity {
  Bytes identity;
  uint32_t obfuscated_ticket_age = 0;
};
struct OfferedPsks {
  std::vector<PskIdentity> identities;
  std::vector<Bytes> binders;
};

struct ClientHello {
  uint16_t client_version = kTls12;
  Bytes random;
  Bytes session_id;
  std::vector<uint16_t> cipher_suites;
  Bytes compression_methods{0};
  std::vector<Extension> extensions;
  bool has_extensions_block = true;
  // Decoded extensions (nullopt when absent).
  std::optional<std::string> server_name;
  std::optional<std::vector<uint16_t>> supported_groups;
  std::optional<std::vector<uint16_t>> signature_algorithms;
  std::optional<Bytes> ec_point_formats;
  std::optional<Bytes> renegotiation_info;
  bool extended_master_secret = false;
  // TLS 1.3
  std::optional<std::vector<uint16_t>> supported_versions;
  std::optional<std::vector<KeyShareEntry>> key_shares;
  std::optional<Bytes> psk_key_exchange_modes;  // 0 psk_ke, 1 psk_dhe_ke
  std::optional<OfferedPsks> pre_shared_key;    // must be the last extension (else illegal_parameter)
  bool early_data = false;
  std::optional<Bytes> cookie;
  bool status_request = false;                  // RFC 6066 8 (OCSP)
  std::optional<Bytes> session_ticket;          // RFC 5077 3.2: present (empty, or a ticket to resume with)
  std::optional<uint8_t> max_fragment_length;   // RFC 6066 4: 1..4 for 2^9..2^12
};

// RFC 6066 4: max_fragment_length values 1 to 4 stand for 2^9 to 2^12 bytes; 0 for any other
// size (not one the extension can ask for).
inline size_t max_fragment_bytes(uint8_t code) { return code >= 1 && code <= 4 ? size_t(1) << (8 + code) : 0; }
inline uint8_t max_fragment_code(size_t bytes) {
  for (uint8_t c = 1; c <= 4; ++c)
    if (max_fragment_bytes(c) == bytes) return c;
  return 0;
}

struct ServerHello {
  uint16_t server_version = kTls12;
  Bytes random;
  Bytes session_id;
  uint16_t cipher_suite = 0;
  uint8_t compression_method = 0;
  std::vector<Extension> extensions;
  std::optional<Bytes> renegotiation_info;
  std::optional<Bytes> ec_point_formats;
  bool extended_master_secret = false;
  // TLS 1.3. A HelloRetryRequest is a ServerHello whose random is kHelloRetryRequestRandom; its
  // key_share carries only the selected group (hrr_group).
  std::optional<uint16_t> selected_version;
  std::optional<KeyShareEntry> key_share;
  std::optional<uint16_t> hrr_group;
  std::optional<uint16_t> selected_identity;
  std::optional<Bytes> cookie;
  bool status_request = false;
  bool session_ticket = false;                 // RFC 5077 3.2: a NewSessionTicket will follow
  std::optional<uint8_t> max_fragment_length;  // RFC 6066 4: the client's value, echoed
  bool is_hello_retry_request() const;
};

// SHA-256("HelloRetryRequest"), RFC 8446 4.1.3.
extern const uint8_t kHelloRetryRequestRandom[32];
// Last 8 bytes of ServerHello.random when a TLS 1.3 server negotiates TLS 1.2 ("DOWNGRD" 01) or
// TLS 1.1 and below ("DOWNGRD" 00), RFC 8446 4.1.3.
extern const uint8_t kDowngradeTls12[8];
extern const uint8_t kDowngradeTls11[8];

struct CertificateMsg {
  std::vector<Bytes> certificate_list;
};

struct ServerKeyExchange {
  KeyExchange kx;
  // ECDHE
  uint16_t named_curve = 0;
  // DHE
  Bytes dh_p, dh_g;
  // RSA_EXPORT: the temporary RSA key (ServerRSAParams)
  Bytes rsa_modulus, rsa_exponent;
  Bytes public_key;  // ECPoint or dh_Ys
  Bytes params;      // the exact ServerECDHParams / ServerDHParams / ServerRSAParams bytes signed
  bool has_algorithm = true;  // TLS 1.2 carries SignatureAndHashAlgorithm; earlier versions do not
  uint16_t signature_algorithm = 0;
  Bytes signature;
};

struct CertificateVerify {
  bool has_algorithm = true;
  uint16_t algorithm = 0;
  Bytes signature;
};

struct CertificateRequest {
  Bytes certificate_types;
  bool has_signature_algorithms = true;  // TLS 1.2 only
  std::vector<uint16_t> signature_algorithms;
};

struct ClientKeyExchange {
  Bytes exchange;  // EncryptedPreMasterSecret, dh_Yc or ecdh_Yc
};

struct Finished {
  Bytes verify_data;
};

// ---- TLS 1.3 handshake messages (RFC 8446 4.3 - 4.6) ----------------------------------
struct EncryptedExtensions {
  std::vector<Extension> extensions;
  std::optional<std::vector<uint16_t>> supported_groups;
  bool early_data = false;   // the server accepted 0-RTT
  bool server_name = false;  // empty server_name: the server used the SNI
};
struct CertificateEntry {
  Bytes cert_data;  // DER X.509
  std::vector<Extension> extensions;
  std::optional<Bytes> ocsp_response;  // status_request extension: CertificateStatus body's OCSPResponse
};
struct Certificate13 {
  Bytes request_context;
  std::vector<CertificateEntry> entries;  // leaf first
};
struct CertificateRequest13 {
  Bytes request_context;
  std::vector<Extension> extensions;
  std::vector<uint16_t> signature_algorithms;  // required extension (missing_extension if absent)
};
struct NewSessionTicket {
  uint32_t ticket_lifetime = 0;
  uint32_t ticket_age_add = 0;
  Bytes ticket_nonce;
  Bytes ticket;
  std::vector<Extension> extensions;
  std::optional<uint32_t> max_early_data_size;  // early_data extension
};
// SSL 3.0-TLS 1.2 NewSessionTicket (RFC 5077 3.3): a ticket the server can resume from.
struct NewSessionTicket12 {
  uint32_t ticket_lifetime_hint = 0;  // seconds; 0: unspecified
  Bytes ticket;
};
struct KeyUpdate {
  uint8_t request_update = 0;  // 0 update_not_requested, 1 update_requested
};

// Context a parser needs that is not in the bytes themselves.
struct ParseContext {
  const CipherSuiteInfo* suite = nullptr;
  uint16_t version = kTls12;  // negotiated version (shapes Finished, signatures, RSA key exchange)
  // For dissecting a handshake record: the bytes of a message that began in earlier records and
  // has not ended (the record opens with its continuation). Empty: the record opens on a message.
  ByteView carried;
};

// Each parse reads a handshake *body* (after the 4-byte header) and adds fields to d.node().
Result<ClientHello> parse_client_hello(Dissector& d);
Result<ServerHello> parse_server_hello(Dissector& d);
Result<CertificateMsg> parse_certificate(Dissector& d);
Result<ServerKeyExchange> parse_server_key_exchange(Dissector& d, const ParseContext& ctx);
Result<CertificateRequest> parse_certificate_request(Dissector& d, const ParseContext& ctx);
Result<CertificateVerify> parse_certificate_verify(Dissector& d, const ParseContext& ctx);
Result<ClientKeyExchange> parse_client_key_exchange(Dissector& d, const ParseContext& ctx);
// Finished.verify_data is 36 bytes in SSL 3.0, 12 in TLS 1.0-1.2 and Hash.length in TLS 1.3.
Result<Finished> parse_finished(Dissector& d, const ParseContext& ctx);
Result<EncryptedExtensions> parse_encrypted_extensions(Dissector& d);
Result<Certificate13> parse_certificate13(Dissector& d);
Result<CertificateRequest13> parse_certificate_request13(Dissector& d);
Result<NewSessionTicket> parse_new_session_ticket(Dissector& d);
Result<NewSessionTicket12> parse_new_session_ticket12(Dissector& d);
Result<KeyUpdate> parse_key_update(Dissector& d);

Bytes encode(const ClientHello& m);
Bytes encode(const ServerHello& m);
Bytes encode(const CertificateMsg& m);
Bytes encode(const ServerKeyExchange& m);
Bytes encode_server_params(const ServerKeyExchange& m);  // the signed part
Bytes encode(const CertificateRequest& m);
Bytes encode(const ClientKeyExchange& m, KeyExchange kx, uint16_t version);
Bytes encode(const CertificateVerify& m);
Bytes encode(const Finished& m);
Bytes encode(const EncryptedExtensions& m);  // from m.extensions
Bytes encode(const Certificate13& m);
Bytes encode(const CertificateRequest13& m);  // from m.extensions
Bytes encode(const NewSessionTicket& m);      // from m.extensions
Bytes encode(const KeyUpdate& m);
Bytes encode(const NewSessionTicket12& m);
// Wraps a body in the handshake header: msg_type(1) length(3).
Bytes handshake_message(HandshakeType t, ByteView body);

// Dissects a run of complete handshake messages (header + body) into `out`, one node per
// message. Stops with a "fragment" node at an incomplete tail. Returns the message names.
std::vector<std::string> dissect_handshake_messages(ByteView data, size_t base,
                                                     const ParseContext& ctx, Field& out);

// Extension helpers
Bytes ext_server_name(const std::string& host);
Bytes ext_u16_list(const std::vector<uint16_t>& v);
Bytes ext_u8_list(ByteView v);
// TLS 1.3 extension bodies
Bytes ext_supported_versions_client(const std::vector<uint16_t>& versions);
Bytes ext_supported_versions_server(uint16_t version);
Bytes ext_key_share_client(const std::vector<KeyShareEntry>& shares);
Bytes ext_key_share_server(const KeyShareEntry& share);
Bytes ext_key_share_hrr(uint16_t group);
Bytes ext_psk_key_exchange_modes(ByteView modes);
Bytes ext_pre_shared_key_client(const OfferedPsks& psks);
Bytes ext_pre_shared_key_server(uint16_t selected_identity);
Bytes ext_cookie(ByteView cookie);
Bytes ext_early_data_max(uint32_t max_early_data_size);  // in NewSessionTicket
Bytes ext_signature_algorithms(const std::vector<uint16_t>& schemes);
// Bytes at the end of an encoded ClientHello taken by the binders list (its 2-byte length
// included): the "truncated ClientHello" a binder covers stops before them (RFC 8446 4.2.11.2).
size_t binders_length(const OfferedPsks& psks);

}  // namespace sim

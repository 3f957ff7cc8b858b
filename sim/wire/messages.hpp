// TLS 1.2 handshake messages (RFC 5246 7.4, RFC 4492, RFC 7627, RFC 5746): one struct per
// message, one parse function that also dissects into a Field tree, one encode function.
#pragma once
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "trace/field.hpp"
#include "wire/enums.hpp"

namespace sim {

struct Extension {
  uint16_t type;
  Bytes data;
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
};

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
};

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

// Context a parser needs that is not in the bytes themselves.
struct ParseContext {
  const CipherSuiteInfo* suite = nullptr;
  uint16_t version = kTls12;  // negotiated version (shapes Finished, signatures, RSA key exchange)
};

// Each parse reads a handshake *body* (after the 4-byte header) and adds fields to d.node().
Result<ClientHello> parse_client_hello(Dissector& d);
Result<ServerHello> parse_server_hello(Dissector& d);
Result<CertificateMsg> parse_certificate(Dissector& d);
Result<ServerKeyExchange> parse_server_key_exchange(Dissector& d, const ParseContext& ctx);
Result<CertificateRequest> parse_certificate_request(Dissector& d, const ParseContext& ctx);
Result<CertificateVerify> parse_certificate_verify(Dissector& d, const ParseContext& ctx);
Result<ClientKeyExchange> parse_client_key_exchange(Dissector& d, const ParseContext& ctx);
Result<Finished> parse_finished(Dissector& d, const ParseContext& ctx);

Bytes encode(const ClientHello& m);
Bytes encode(const ServerHello& m);
Bytes encode(const CertificateMsg& m);
Bytes encode(const ServerKeyExchange& m);
Bytes encode_server_params(const ServerKeyExchange& m);  // the signed part
Bytes encode(const CertificateRequest& m);
Bytes encode(const ClientKeyExchange& m, KeyExchange kx, uint16_t version);
Bytes encode(const CertificateVerify& m);
Bytes encode(const Finished& m);
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

}  // namespace sim

// Endpoint configuration: what a client offers and what a server accepts.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "wire/enums.hpp"

namespace sim {

struct ClientConfig {
  std::string host = "www.example.com";
  std::vector<uint16_t> suites;       // offered, in preference order
  std::vector<NamedGroup> groups;     // supported_groups, in preference order
  std::vector<SignatureScheme> signature_schemes;
  bool offer_extended_master_secret = true;
  bool offer_renegotiation_info = true;
  bool send_http_request = true;      // send a GET once the handshake completes
};

struct ServerConfig {
  std::string host = "www.example.com";  // the name the minted leaf certificate carries
  std::vector<uint16_t> suites;       // accepted, in server preference order
  std::vector<NamedGroup> groups;
  std::vector<SignatureScheme> signature_schemes;
  bool support_extended_master_secret = true;
  std::vector<Bytes> certificate_chain;  // DER, leaf first
  Bytes private_key_pkcs8;
  bool send_http_response = true;     // answer a request with a small HTML page, then close
};

std::vector<uint16_t> default_suites();
std::vector<NamedGroup> default_groups();
std::vector<SignatureScheme> default_signature_schemes();
Bytes http_request_for(const std::string& host);
Bytes http_response_for(const std::string& host);

}  // namespace sim

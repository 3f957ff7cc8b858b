// PEM armour (RFC 7468): reading the blocks of a file, and writing one.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"

namespace sim::pem {

struct PemBlock {
  std::string label;  // "CERTIFICATE", "PRIVATE KEY", "X509 CRL", ...
  Bytes der;
};

struct PemParse {
  std::vector<PemBlock> blocks;
  std::string error;  // set when a block is malformed (unterminated, bad base64, mismatched END)
};

// Every -----BEGIN X----- ... -----END X----- block in order; text outside blocks is ignored
// (openssl writes comments before certificates). Headers inside a block (Proc-Type:, i.e.
// encrypted keys) are reported as an error: we do not decrypt keys.
PemParse parse_pem(std::string_view text);
// One block: label is e.g. "CERTIFICATE" or "PRIVATE KEY". Base64 lines of 64 characters,
// trailing newline after the END line.
std::string to_pem(const std::string& label, ByteView der);
// True if the bytes look like PEM text rather than DER (DER starts with a SEQUENCE tag 0x30).
bool looks_like_pem(ByteView data);
// All certificates of a file: every CERTIFICATE block of a PEM file, or one DER certificate.
// Empty with `error` set when there is none or the file is malformed.
std::vector<Bytes> load_certificates(ByteView file_contents, std::string* error);

}  // namespace sim::pem

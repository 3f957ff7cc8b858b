// Handshake signatures across versions: TLS 1.2 signs with a SignatureScheme; SSL 3.0, TLS 1.0
// and 1.1 sign MD5 + SHA-1 (36 bytes) with a bare PKCS#1 v1.5 block (no DigestInfo).
#pragma once
#include "core/result.hpp"
#include "core/rng.hpp"
#include "trace/trace.hpp"
#include "wire/messages.hpp"

namespace sim {

// What gets signed for ServerKeyExchange below TLS 1.2: MD5(cr + sr + params) + SHA(cr + sr + params).
Bytes md5_sha1(ByteView data);
std::optional<Bytes> sign_handshake(uint16_t version, ByteView private_pkcs8, SignatureScheme scheme,
                                    ByteView data, Rng& rng);
bool verify_handshake(uint16_t version, ByteView public_spki, SignatureScheme scheme, ByteView data,
                      ByteView sig);
// The 36 bytes a pre-1.2 CertificateVerify signs (SSL 3.0: the pad construction with master_secret).
Message signature_label(uint16_t version, SignatureScheme scheme);

}  // namespace sim

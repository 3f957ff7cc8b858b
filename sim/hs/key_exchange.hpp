// Key exchange for TLS 1.2: RSA key transport (RFC 5246 7.4.7.1), DHE (RFC 7919) and ECDHE
// (RFC 8422), each recorded as derivations of the pre_master_secret.
#pragma once
#include "core/result.hpp"
#include "core/rng.hpp"
#include "trace/trace.hpp"
#include "wire/messages.hpp"

namespace sim {

struct KeyExchangeResult {
  Bytes exchange;           // ClientKeyExchange payload (client side)
  Bytes pre_master_secret;
  std::vector<Derivation> derivations;
  // Server, RSA key transport with Leniency::reveal_rsa_padding_error: the block was not
  // PKCS#1 v1.5 conforming and the server says so at once (the derivations still record it).
  bool padding_error = false;
};

// `key_source` says where the RSA key came from (the certificate, or ServerKeyExchange's
// temporary RSA_EXPORT key).
Result<KeyExchangeResult> rsa_key_transport_client(Rng& rng, ByteView server_spki, uint16_t client_version,
                                                   Message key_source, const Source& key_from);
// Never fails on a bad ciphertext: RFC 5246 7.4.7.1 says continue with a random secret so the
// client learns nothing (Bleichenbacher). The derivation notes which path was taken. With
// `reveal_padding_error` (Leniency::reveal_rsa_padding_error) a block that is not PKCS#1 v1.5
// conforming sets padding_error instead, for the caller to fail at once; a conforming block with
// a wrong length or version still takes the random secret.
KeyExchangeResult rsa_key_transport_server(Rng& rng, ByteView private_pkcs8, ByteView encrypted,
                                           uint16_t client_version, bool reveal_padding_error = false);
// The message of a PKCS#1 v1.5 encryption block (RFC 8017 7.2.2 step 3): 00 02, at least eight
// non-zero padding bytes, a zero byte, the message; nullopt when the block does not conform.
std::optional<Bytes> pkcs1_v15_unpad(ByteView block);
Result<KeyExchangeResult> ephemeral_client(Rng& rng, const ServerKeyExchange& ske);

// Server side: fills ske (group, public key, params) and returns its private key.
Bytes ephemeral_server_generate(Rng& rng, KeyExchange kx, NamedGroup group, ServerKeyExchange* ske);
Result<KeyExchangeResult> ephemeral_server_agree(const ServerKeyExchange& ske, ByteView server_private,
                                                 ByteView client_public);

Derivation signature_derivation(Actor a, uint16_t version, const ServerKeyExchange& ske,
                                ByteView client_random, ByteView server_random);
Derivation signature_check_derivation(Actor a, uint16_t version, const ServerKeyExchange& ske,
                                      ByteView client_random, ByteView server_random, bool valid);
// RSA_EXPORT: the server's temporary 512-bit key (RFC 6101 5.6.3, RFC 2246 7.4.3).
struct TemporaryRsaKey {
  Bytes private_pkcs8;
  Bytes modulus, exponent;
};
TemporaryRsaKey make_temporary_rsa_key(Rng& rng);

}  // namespace sim

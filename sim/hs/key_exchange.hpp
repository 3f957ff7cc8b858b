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
};

// `key_source` says where the RSA key came from (the certificate, or ServerKeyExchange's
// temporary RSA_EXPORT key).
Result<KeyExchangeResult> rsa_key_transport_client(Rng& rng, ByteView server_spki, uint16_t client_version,
                                                   Message key_source, const Source& key_from);
// Never fails on a bad ciphertext: RFC 5246 7.4.7.1 says continue with a random secret so the
// client learns nothing (Bleichenbacher). The derivation notes which path was taken.
KeyExchangeResult rsa_key_transport_server(Rng& rng, ByteView private_pkcs8, ByteView encrypted,
                                           uint16_t client_version);
Result<KeyExchangeResult> ephemeral_client(Rng& rng, const ServerKeyExchange& ske);

// Server side: fills ske (group, public key, params) and returns its private key.
Bytes ephemeral_server_generate(Rng& rng, KeyExchange kx, NamedGroup group, ServerKeyExchange* ske);
Result<KeyExchangeResult> ephemeral_server_agree(const ServerKeyExchange& ske, ByteView server_private,
                                                 ByteView client_public);

Derivation signature_derivation(Actor a, uint16_t version, const ServerKeyExchange& ske,
                                ByteView client_random, ByteView server_random);
Derivation signature_check_derivation(Actor a, uint16_t version, const ServerKeyExchange& ske,
                                      ByteView client_random, ByteView server_random, bool valid);
// RSA_EXPORT: the server's temporary 512-bit key (RFC 6101 5.6.4, RFC 2246 7.4.3).
struct TemporaryRsaKey {
  Bytes private_pkcs8;
  Bytes modulus, exponent;
};
TemporaryRsaKey make_temporary_rsa_key(Rng& rng);

}  // namespace sim

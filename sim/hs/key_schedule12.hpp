// TLS 1.2 key derivations (RFC 5246 5, 6.3, 7.4.9, 8.1; RFC 7627 4). Each returns a Derivation
// that holds every input and intermediate HMAC, so the trace explains the value and an
// independent implementation can recompute it.
#pragma once
#include <optional>

#include "trace/trace.hpp"

namespace sim {

// P_hash(secret, seed) truncated to n bytes; appends A(i) and HMAC(secret, A(i) + seed).
Bytes p_hash(HashAlg h, ByteView secret, ByteView seed, size_t n, std::vector<NamedBytes>* steps);
// PRF(secret, label, seed) = P_<hash>(secret, label + seed)
Bytes prf12(HashAlg h, ByteView secret, std::string_view label, ByteView seed, size_t n,
            std::vector<NamedBytes>* steps = nullptr);
std::string prf_function_name(HashAlg h);  // "TLS1.2-PRF-SHA256"

// Where the inputs these derivations share come from (Source, trace.hpp).
Source client_random_from();              // ClientHello.random
Source server_random_from();              // ServerHello.random
Source randoms_from(bool client_first);   // ClientHello.random + ServerHello.random, or reversed
Source own_from(Actor a, const std::string& name, std::string part = {});  // a's derivation `name`

Derivation derive_master_secret(Actor a, HashAlg h, ByteView pre_master_secret,
                                ByteView client_random, ByteView server_random);
// Extended master secret: seed is session_hash = Hash(handshake_messages up to ClientKeyExchange).
Derivation derive_extended_master_secret(Actor a, HashAlg h, ByteView pre_master_secret,
                                         ByteView handshake_messages);
// The key_block bytes; derive_keys (key_schedule.hpp) names its parts for the version.
Derivation derive_key_block(Actor a, const CipherSuiteInfo& s, ByteView master_secret,
                            ByteView client_random, ByteView server_random);
// sender_is_client selects "client finished" / "server finished".
Derivation derive_verify_data(Actor a, HashAlg h, ByteView master_secret, bool sender_is_client,
                              ByteView handshake_messages);

struct KeyBlock {
  Bytes client_write_mac_key, server_write_mac_key, client_write_key, server_write_key,
      client_write_iv, server_write_iv;
};
KeyBlock split_key_block(const Derivation& key_block);

}  // namespace sim

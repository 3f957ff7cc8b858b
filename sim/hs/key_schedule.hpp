// Version-aware key derivations for SSL 3.0 (RFC 6101), TLS 1.0 (RFC 2246), TLS 1.1 (RFC 4346)
// and TLS 1.2 (RFC 5246). Each function returns Derivations with every input and intermediate
// value, so the trace explains each secret the way the course does.
#pragma once
#include <optional>

#include "hs/key_schedule12.hpp"

namespace sim {

// TLS 1.0/1.1 PRF: P_MD5(S1, label + seed) XOR P_SHA1(S2, label + seed), S1 and S2 the halves
// of the secret (sharing the middle byte when its length is odd). RFC 2246 5.
Bytes prf10(ByteView secret, std::string_view label, ByteView seed, size_t n,
            std::vector<NamedBytes>* steps = nullptr);
// SSL 3.0 key expansion: MD5(secret + SHA('A' + secret + seed)) + MD5(secret + SHA('BB' ...)) ...
Bytes ssl3_expand(ByteView secret, ByteView seed, size_t n, std::vector<NamedBytes>* steps = nullptr);

// The handshake hash that Finished and the extended master secret use in each version.
Bytes handshake_hash(uint16_t version, const CipherSuiteInfo& s, ByteView messages);

// pre_master_secret -> master_secret. `ems_messages` set: extended master secret (RFC 7627).
Derivation derive_master(Actor a, uint16_t version, const CipherSuiteInfo& s, ByteView pms,
                         ByteView client_random, ByteView server_random,
                         std::optional<ByteView> ems_messages);
// master_secret -> key_block, with its parts for the version. For export suites the parts are
// the 5-byte key material; derive_export_keys then gives the final keys and IVs.
Derivation derive_keys(Actor a, uint16_t version, const CipherSuiteInfo& s, ByteView master_secret,
                       ByteView client_random, ByteView server_random);
std::vector<Derivation> derive_export_keys(Actor a, uint16_t version, const CipherSuiteInfo& s,
                                           const Derivation& key_block, ByteView client_random,
                                           ByteView server_random);
// Finished.verify_data: 36 bytes in SSL 3.0 (MD5 + SHA-1 with Sender and pads), 12 in TLS.
Derivation derive_finished(Actor a, uint16_t version, const CipherSuiteInfo& s, ByteView master_secret,
                           bool sender_is_client, ByteView messages);
// SSL 3.0 CertificateVerify hashes (RFC 6101 5.6.8): MD5 + SHA-1 with the pads, no Sender.
Derivation derive_ssl3_certificate_verify(Actor a, ByteView master_secret, ByteView messages);

// Keys for the record layer, from key_block (and export derivations when present).
KeyBlock key_material(uint16_t version, const CipherSuiteInfo& s, const Derivation& key_block,
                      const std::vector<Derivation>& export_keys);
// Where key_material took one of them from: "client_write_key", "server_write_IV", ...
// (an export derivation when there is one, else the key_block part).
Source key_material_from(const Derivation& key_block, const std::vector<Derivation>& export_keys,
                         const std::string& part);

}  // namespace sim

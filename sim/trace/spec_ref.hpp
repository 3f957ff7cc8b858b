// Where each version's specification defines a derivation: TLS 1.0, 1.1 and 1.2 (RFC 2246,
// 4346, 5246) number their sections alike, SSL 3.0 (RFC 6101) has its own numbering, so a kind
// shared by several versions (RSA key transport, the CBC record, Finished) cites the RFC of the
// version that ran it, never TLS 1.2's for an SSL 3.0 run.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sim {

enum class DerivationKind : uint8_t;

// "RFC 6101", "RFC 2246", "RFC 4346", "RFC 5246" or "RFC 8446"; "" for an unknown version.
std::string_view version_rfc(uint16_t version);
// The section that defines kind `k` in the RFC of `version` ("RFC 6101 5.6.7.1" for SSL 3.0's
// RSA pre_master_secret, "RFC 4346 6.2.3.2" for a TLS 1.1 CBC record); the kind table's own
// reference for kinds that belong to one version.
std::string derivation_spec(DerivationKind k, uint16_t version);

}  // namespace sim

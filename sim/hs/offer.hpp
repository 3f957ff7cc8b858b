// "Offer anything" (issue 14): a client that offers cipher suites and extensions by code point,
// including ones the engine does not implement, as real captures show (the course's TLS 1.0
// capture offers 34 suites). They are named from the IANA table (core/iana.hpp) in the
// dissection; the server ignores what it does not know (RFC 5246 7.4.1.2 and 7.4.1.4).
#pragma once
#include <optional>

#include "core/result.hpp"
#include "hs/config.hpp"
#include "wire/messages.hpp"

namespace sim {

// Applies cfg.offer_suites and cfg.offer_extensions to a ClientHello the client has built
// (before a TLS 1.3 pre_shared_key, which must stay last). No-op when both are empty.
void apply_offer(const ClientConfig& cfg, ClientHello& ch);

// The failure when a server picks a suite the client offered only as a code point it cannot
// run; nullopt when `chosen` is implemented or was not offered (other checks say why).
std::optional<Failure> refuse_unimplemented_suite(const ClientHello& ch, uint16_t chosen);

}  // namespace sim

// SSL 3.0-TLS 1.2 session resumption (RFC 5246 7.3, F.1.4; RFC 6101 5.5): the abbreviated
// handshake takes master_secret from an earlier session, found by session ID in the server's
// cache or carried in a session ticket the server sealed for itself (RFC 5077). What is shown:
// the ticket's sealing and opening, and the master secret reused, as derivations.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/rng.hpp"
#include "hs/config.hpp"
#include "trace/trace.hpp"

namespace sim {

// nonce(12) + AES-256-GCM(key, nonce, aad, state): how this simulator's servers seal what they
// hand a client to bring back (TLS 1.2 and TLS 1.3 tickets); open_for_self undoes it, nullopt
// when the key or the bytes differ.
Bytes seal_for_self(ByteView key, std::string_view aad, ByteView state, Rng& rng);
std::optional<Bytes> open_for_self(ByteView key, std::string_view aad, ByteView sealed);

// The session state a ticket carries (RFC 5077 4 leaves the format to the server; this one
// follows its recommendation in spirit: AES-256-GCM under the server's ticket key).
//   state  = version(2) cipher_suite(2) compression(1) extended_master_secret(1) master_secret<1..255>
//   ticket = nonce(12) + AES-256-GCM(ticket_key, nonce, aad "tlslab ticket 1.2", state)
Bytes encode_ticket_state12(const Session12& s);
std::optional<Session12> decode_ticket_state12(ByteView state);
// The server seals its session into a NewSessionTicket: *ticket and the derivation showing it.
Derivation seal_ticket12(Actor a, ByteView ticket_key, const Session12& s, Rng& rng, Bytes* ticket);
// The server opens a ticket from a ClientHello: the session, or nullopt when it does not open
// (another key, altered) or holds no valid state. The derivation shows what it did either way.
std::optional<Session12> open_ticket12(Actor a, ByteView ticket_key, ByteView ticket, Derivation* d);
// master_secret taken over from the resumed session (no pre_master_secret, no PRF): one
// derivation named "master_secret", so the key_block below it reads from it as in a full
// handshake. `by_ticket`: the session came in a ticket (else from the server's cache, or, on
// the client, from its own record of the session).
Derivation resumed_master_secret(Actor a, uint16_t version, const Session12& s, bool by_ticket);

}  // namespace sim

// Handshake shapes as data (after s2n's state_machine[] / handshakes[][]): each machine is an
// ordered table of rows, one per state; a row says what the state reads or sends and which
// shape flags it needs. The sequence of states of a handshake is the table filtered by the
// flags negotiated for it. The engine's dispatcher (Connection) walks these tables; the
// state-sequence tests and the diagrams read them too.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "trace/hs_state.hpp"
#include "core/enums.hpp"

namespace sim {

// Which table an endpoint is in. Each side starts in its hello machine; the ServerHello
// (client) or the ClientHello (server) picks the version's machine, which starts again at
// that hello's row.
enum class Machine : uint8_t { client_hello, client12, client13, server_hello, server12, server13 };
std::string_view name_of(Machine m);

// Shape flags: what varies between handshakes of one machine.
enum ShapeFlag : uint32_t {
  kShapeOcsp = 1u << 0,           // CertificateStatus (TLS 1.2 stapling, RFC 6066 8)
  kShapeServerKx = 1u << 1,       // ServerKeyExchange (DHE, ECDHE, RSA_EXPORT)
  kShapeClientAuth = 1u << 2,     // the server asks for a client certificate
  kShapeClientCert = 1u << 3,     // the client sends one, so CertificateVerify follows
  kShapeHrr = 1u << 4,            // TLS 1.3 HelloRetryRequest
  kShapePsk = 1u << 5,            // TLS 1.3 resumption with a PSK: no certificates
  kShapeEarlyData = 1u << 6,      // the client sends 0-RTT data after its ClientHello
  kShapeEarlyAccepted = 1u << 7,  // the server accepted it (EndOfEarlyData follows)
  kShapeCompatCcs = 1u << 8,      // a TLS 1.3 middlebox-compatibility ChangeCipherSpec is due
  kShapeTickets = 1u << 9,        // the server sends NewSessionTicket(s) (TLS 1.3; RFC 5077 below)
  kShapeResumed = 1u << 10,       // SSL 3.0-TLS 1.2 abbreviated handshake: a session resumed
};
std::string shape_flags_text(uint32_t flags);

enum class RowKind : uint8_t {
  read,       // waits for the handshake message `type`
  read_ccs,   // waits for ChangeCipherSpec
  send,       // sends its message(s), then moves on
  connected,  // the handshake is over
  post,       // a message accepted while connected (stays there, or restarts a handshake)
};

struct ShapeRow {
  HsState state;
  RowKind kind;
  HandshakeType type = HandshakeType::hello_request;  // for read and post rows
  uint32_t need = 0;     // all these flags must be set
  uint32_t forbid = 0;   // none of these may be set
  // The peer decides whether this message comes (CertificateRequest, CertificateStatus): when
  // another message arrives instead, the `need` flags are cleared and the table moves on.
  bool optional = false;
};

std::span<const ShapeRow> shape_rows(Machine m);
inline bool row_enabled(const ShapeRow& r, uint32_t flags) {
  return (flags & r.need) == r.need && (flags & r.forbid) == 0;
}
// What a row waits for, for messages: "ServerHelloDone", "ChangeCipherSpec".
std::string expected_text(const ShapeRow& r);

// The states one handshake goes through, from the first ClientHello (or its reading) to
// Connected: the hello machine's rows, then the version machine's, filtered by `flags`.
// `waited`: flags of optional rows the endpoint waited in although the peer left the message
// out (the client waits for a CertificateRequest after every ServerKeyExchange).
std::vector<HsState> expected_states(bool client, bool tls13, uint32_t flags, uint32_t waited = 0);

}  // namespace sim

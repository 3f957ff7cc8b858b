// Handshake state ids: one table of stable names shared by the engine's state tables
// (sim/hs/handshake_shape.hpp), the trace (each event records the states of the endpoint that
// sent it and of the one that processed it), the JSON format and the front ends.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace sim {

// A state is named after what the endpoint does in it: ReadX waits for message X, SendX sends
// X (a flight is a run of Send states). The names are part of the trace format: append only.
#define TLSLAB_HS_STATES(X)                                                                     \
  X(None) X(SendClientHello) X(SendEarlyData) X(ReadServerHello) X(SendSecondClientHello)       \
  X(ReadSecondServerHello) X(ReadEncryptedExtensions) X(ReadCertificateRequest)                 \
  X(ReadServerCertificate) X(ReadCertificateStatus) X(ReadServerKeyExchange)                    \
  X(ReadServerCertificateVerify) X(ReadServerHelloDone) X(SendCompatChangeCipherSpec)           \
  X(SendEndOfEarlyData) X(SendClientCertificate) X(SendClientKeyExchange)                       \
  X(SendClientCertificateVerify) X(SendClientChangeCipherSpec) X(SendClientFinished)            \
  X(ReadServerChangeCipherSpec) X(ReadServerFinished) X(ReadClientHello)                        \
  X(SendHelloRetryRequest) X(ReadSecondClientHello) X(SendServerHello)                          \
  X(SendEncryptedExtensions) X(SendServerCertificate) X(SendCertificateStatus)                  \
  X(SendServerKeyExchange) X(SendCertificateRequest) X(SendServerCertificateVerify)             \
  X(SendServerHelloDone) X(ReadEndOfEarlyData) X(ReadClientCertificate)                         \
  X(ReadClientKeyExchange) X(ReadClientCertificateVerify) X(ReadClientChangeCipherSpec)         \
  X(ReadClientFinished) X(SendServerChangeCipherSpec) X(SendServerFinished)                     \
  X(SendNewSessionTicket) X(Connected) X(ReadNewSessionTicket)

enum class HsState : uint8_t {
#define TLSLAB_HS_STATE_ENUM(n) n,
  TLSLAB_HS_STATES(TLSLAB_HS_STATE_ENUM)
#undef TLSLAB_HS_STATE_ENUM
};

std::string_view name_of(HsState s);
std::optional<HsState> hs_state_from_name(std::string_view name);

// One endpoint's state before and after it sent or processed a record.
struct StateChange {
  HsState before = HsState::None;
  HsState after = HsState::None;
  bool operator==(const StateChange&) const = default;
};

// Event::states: the sender's change when it sent the record, the receiver's when it
// processed it (empty until delivered, and for records nobody processed).
struct EventStates {
  std::optional<StateChange> sender, receiver;
};

}  // namespace sim

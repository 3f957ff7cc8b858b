// Which keys protect a record on the wire, as data: the phase of the connection's key schedule
// they come from, whose write keys they are, their epoch or generation and the cipher suite.
// An Event carries one (Event::protection); readers branch on the phase instead of parsing the
// key set's name. Serialized as an object with fixed names (docs/trace-format.md, "Protection");
// the English text traces stored before ("client_write keys (TLS_...)") still reads back.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/message.hpp"

namespace sim {

enum class ProtectionPhase : uint8_t {
  none,         // not protected (before the first ChangeCipherSpec / ServerHello, or an alert sent in clear)
  epoch,        // SSL 3.0 to TLS 1.2: write keys from a key_block; epoch 1 for the first handshake,
                // 2 after the first renegotiation, ...
  early,        // TLS 1.3 client_early_traffic keys (0-RTT)
  handshake,    // TLS 1.3 {client,server}_handshake_traffic keys
  application,  // TLS 1.3 {client,server}_application_traffic_N keys, N the generation (KeyUpdate)
  unknown,      // protected by keys the trace does not know (a record an attacker made up)
};
std::string_view name_of(ProtectionPhase p);  // "none", "epoch", "early", "handshake", "application", "unknown"
std::optional<ProtectionPhase> protection_phase_named(std::string_view n);

// The side whose write keys protect the record (its sender, in an honest run).
enum class KeySide : uint8_t { client, server };
std::string_view name_of(KeySide s);  // "client", "server"
std::optional<KeySide> key_side_named(std::string_view n);

struct Protection {
  ProtectionPhase phase = ProtectionPhase::none;
  KeySide side = KeySide::client;  // whose write keys (every phase but none and unknown)
  // epoch: the epoch (1, 2, ...); application: the generation (0, then +1 per KeyUpdate); else 0.
  int number = 0;
  uint16_t cipher_suite = 0;  // the suite the keys are for; 0 when not known (early data not accepted)
  // early: false when the server did not accept 0-RTT and skipped the record unread.
  bool accepted = true;

  bool is_protected() const { return phase != ProtectionPhase::none; }
  bool operator==(const Protection&) const = default;

  static Protection epoch_keys(KeySide s, int epoch, uint16_t suite) { return {ProtectionPhase::epoch, s, epoch, suite, true}; }
  static Protection early_keys(KeySide s, uint16_t suite) { return {ProtectionPhase::early, s, 0, suite, true}; }
  static Protection early_not_accepted() { return {ProtectionPhase::early, KeySide::client, 0, 0, false}; }
  static Protection handshake_keys(KeySide s, uint16_t suite) { return {ProtectionPhase::handshake, s, 0, suite, true}; }
  static Protection application_keys(KeySide s, int generation, uint16_t suite) {
    return {ProtectionPhase::application, s, generation, suite, true};
  }
  static Protection unknown_keys() { return {ProtectionPhase::unknown, KeySide::client, 0, 0, true}; }
};

// The protection in the catalog ("server_handshake_traffic keys (TLS_AES_128_GCM_SHA256)",
// "clés server_handshake_traffic (TLS_AES_128_GCM_SHA256)"), for the GUI and the exports.
Message protection_message(const Protection& p);
// The same in English: stable, the form traces stored before protection was typed ("none",
// "client_write keys #2 (TLS_RSA_WITH_AES_128_CBC_SHA)", "client_application_traffic_1 keys (...)").
std::string protection_text(const Protection& p);
// Reads that form back; nullopt when the text is not one protection_text() writes.
std::optional<Protection> protection_from_text(std::string_view text);

// "an object", "a string", "null"...: a JSON value's type in the trace reader's messages.
std::string json_type_name(const nlohmann::json& j);
// Why protection_from_json() refused a value: the member at fault ("phase", "suite"; empty for
// the value itself) and what is wrong with it.
struct ProtectionError {
  std::string member;
  std::string message;
};
// Reads the object, or the older string form (null reads as none). On failure, returns nullopt
// and says why in *error.
std::optional<Protection> protection_from_json(const nlohmann::json& j, ProtectionError* error);

}  // namespace sim

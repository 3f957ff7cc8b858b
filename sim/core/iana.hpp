// The IANA "Transport Layer Security (TLS) Parameters" registry, as far as the hellos need it:
// every registered cipher suite and ExtensionType code point with its registered name, and the
// GREASE values of RFC 8701. A client may offer any of them (scenario option offer_suites /
// offer_extensions); the engine implements few, and the rest are dissected by these names.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sim::iana {

struct Entry {
  uint16_t code;
  std::string_view name;
};

// Sorted by code point. Reserved ranges, unassigned values and names that only some
// implementations use (not registered) are absent.
std::span<const Entry> cipher_suites();
std::span<const Entry> extension_types();

std::optional<std::string_view> cipher_suite_name(uint16_t code);
std::optional<std::string_view> extension_name(uint16_t code);

// RFC 8701 2: 0x0a0a, 0x1a1a, ..., 0xfafa, reserved in cipher_suites, extensions, groups,
// signature algorithms and versions so that peers learn to ignore unknown values.
constexpr bool is_grease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }
constexpr std::string_view kGreaseName = "GREASE";

}  // namespace sim::iana

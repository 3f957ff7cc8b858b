#include "trace/record_keys.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/enums.hpp"

namespace sim {

using json = nlohmann::json;

namespace {

constexpr std::pair<ProtectionPhase, std::string_view> kPhases[] = {
    {ProtectionPhase::none, "none"},           {ProtectionPhase::epoch, "epoch"},
    {ProtectionPhase::early, "early"},         {ProtectionPhase::handshake, "handshake"},
    {ProtectionPhase::application, "application"}, {ProtectionPhase::unknown, "unknown"},
};

// The suite as its registered name, or 0xNNNN for one the table does not know.
std::string suite_text(uint16_t id) { return suite_name(id); }

std::optional<uint16_t> suite_from_text(std::string_view s) {
  if (auto* info = suite_by_name(s)) return info->id;
  if (s.size() > 2 && s.substr(0, 2) == "0x") {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data() + 2, s.data() + s.size(), v, 16);
    if (ec == std::errc() && p == s.data() + s.size() && v <= 0xffff) return uint16_t(v);
  }
  return std::nullopt;
}

std::optional<int> number(std::string_view s) {
  int n = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < 0) return std::nullopt;
  return n;
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::string_view name_of(ProtectionPhase p) {
  for (auto& [v, n] : kPhases)
    if (v == p) return n;
  return "unknown";
}

std::optional<ProtectionPhase> protection_phase_named(std::string_view n) {
  for (auto& [v, name] : kPhases)
    if (name == n) return v;
  return std::nullopt;
}

std::string_view name_of(KeySide s) { return s == KeySide::client ? "client" : "server"; }

std::optional<KeySide> key_side_named(std::string_view n) {
  if (n == "client") return KeySide::client;
  if (n == "server") return KeySide::server;
  return std::nullopt;
}

Message protection_message(const Protection& p) {
  std::string side(name_of(p.side)), suite = suite_text(p.cipher_suite);
  switch (p.phase) {
    case ProtectionPhase::none:
      return msg("protection.none");
    case ProtectionPhase::epoch:
      if (p.number > 1) return msg("protection.epoch_n").arg("side", side).arg("epoch", std::to_string(p.number)).arg("suite", suite);
      return msg("protection.epoch").arg("side", side).arg("suite", suite);
    case ProtectionPhase::early:
      if (!p.accepted) return msg("protection.early_not_accepted").arg("side", side);
      return msg("protection.early").arg("side", side).arg("suite", suite);
    case ProtectionPhase::handshake:
      return msg("protection.handshake").arg("side", side).arg("suite", suite);
    case ProtectionPhase::application:
      return msg("protection.application").arg("side", side).arg("generation", std::to_string(p.number)).arg("suite", suite);
    case ProtectionPhase::unknown:
      break;
  }
  return msg("protection.unknown");
}

std::string protection_text(const Protection& p) { return protection_message(p).english(); }

std::optional<Protection> protection_from_text(std::string_view t) {
  if (t.empty() || t == "none") return Protection{};
  if (t == "unknown") return Protection::unknown_keys();
  Protection p;
  if (starts(t, "client_")) p.side = KeySide::client, t.remove_prefix(7);
  else if (starts(t, "server_")) p.side = KeySide::server, t.remove_prefix(7);
  else return std::nullopt;
  // "<set> keys[ #N] (<suite>)"
  size_t k = t.find(" keys");
  if (k == std::string_view::npos) return std::nullopt;
  std::string_view set = t.substr(0, k), rest = t.substr(k + 5);
  if (starts(rest, " #")) {
    size_t sp = rest.find(' ', 2);
    if (sp == std::string_view::npos) return std::nullopt;
    auto n = number(rest.substr(2, sp - 2));
    if (!n || set != "write") return std::nullopt;
    p.number = *n;
    rest.remove_prefix(sp);
  } else if (set == "write") {
    p.number = 1;
  }
  if (!starts(rest, " (") || rest.back() != ')') return std::nullopt;
  std::string_view inside = rest.substr(2, rest.size() - 3);
  if (set == "write") {
    p.phase = ProtectionPhase::epoch;
  } else if (set == "early_traffic") {
    p.phase = ProtectionPhase::early;
    if (inside == "not accepted by the server") {
      p.accepted = false;
      return p;
    }
  } else if (set == "handshake_traffic") {
    p.phase = ProtectionPhase::handshake;
  } else if (starts(set, "application_traffic_")) {
    auto n = number(set.substr(20));
    if (!n) return std::nullopt;
    p.phase = ProtectionPhase::application;
    p.number = *n;
  } else {
    return std::nullopt;
  }
  auto suite = suite_from_text(inside);
  if (!suite) return std::nullopt;
  p.cipher_suite = *suite;
  return p;
}

std::string json_type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a fractional number";
    default: return "something else";
  }
}

std::optional<Protection> protection_from_json(const json& j, ProtectionError* error) {
  auto refuse = [&](std::string member, std::string why) -> std::optional<Protection> {
    if (error) *error = {std::move(member), std::move(why)};
    return std::nullopt;
  };
  if (j.is_null()) return Protection{};
  if (j.is_string()) {  // a trace written before protection was typed
    auto p = protection_from_text(j.get<std::string>());
    if (!p) return refuse("", "unknown protection '" + j.get<std::string>() + "'");
    return p;
  }
  if (!j.is_object()) return refuse("", "expected an object or a string, found " + json_type_name(j));
  // A member of the given JSON type, or why not.
  auto get = [&](const char* key, bool (json::*is)() const noexcept, const char* what, bool required,
                 std::string* why) -> const json* {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) *why = "missing";
      return nullptr;
    }
    if (!((*it).*is)()) {
      *why = std::string("expected ") + what + ", found " + json_type_name(*it);
      return nullptr;
    }
    return &*it;
  };
  std::string why;
  Protection p;
  const json* ph = get("phase", &json::is_string, "a string", true, &why);
  if (!ph) return refuse("phase", why);
  auto phase = protection_phase_named(ph->get<std::string>());
  if (!phase) return refuse("phase", "unknown phase '" + ph->get<std::string>() + "'");
  p.phase = *phase;
  if (p.phase == ProtectionPhase::none || p.phase == ProtectionPhase::unknown) return p;
  const json* sd = get("side", &json::is_string, "a string", true, &why);
  if (!sd) return refuse("side", why);
  auto side = key_side_named(sd->get<std::string>());
  if (!side) return refuse("side", "unknown side '" + sd->get<std::string>() + "' (expected client or server)");
  p.side = *side;
  const char* num = p.phase == ProtectionPhase::epoch ? "epoch" : p.phase == ProtectionPhase::application ? "generation" : nullptr;
  if (num) {
    const json* n = get(num, &json::is_number_integer, "a whole number", true, &why);
    if (!n) return refuse(num, why);
    long long v = n->get<long long>();
    if (v < (p.phase == ProtectionPhase::epoch ? 1 : 0) || v > 1000000) return refuse(num, "out of range: " + n->dump());
    p.number = int(v);
  }
  if (const json* ac = get("accepted", &json::is_boolean, "a boolean", false, &why)) p.accepted = ac->get<bool>();
  else if (!why.empty()) return refuse("accepted", why);
  if (const json* su = get("suite", &json::is_string, "a string", p.accepted, &why)) {
    auto id = suite_from_text(su->get<std::string>());
    if (!id) return refuse("suite", "unknown cipher suite '" + su->get<std::string>() + "'");
    p.cipher_suite = *id;
  } else if (!why.empty()) {
    return refuse("suite", why);
  }
  return p;
}

}  // namespace sim

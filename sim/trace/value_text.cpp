#include "trace/value_text.hpp"

namespace sim {

bool output_is_text(const Derivation& d) { return d.kind == DerivationKind::certificate_check; }

std::string output_display(const Derivation& d) {
  if (!output_is_text(d)) return to_hex(d.output);
  return "\"" + std::string(d.output.begin(), d.output.end()) + "\"";
}

std::optional<bool> check_passed(const Derivation& d) {
  if (d.kind != DerivationKind::certificate_check) return std::nullopt;
  if (d.text.key == "check.pass") return true;
  if (d.text.key == "check.fail") return false;
  return std::nullopt;
}

}  // namespace sim

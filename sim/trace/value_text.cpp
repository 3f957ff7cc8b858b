#include "trace/value_text.hpp"

#include <cctype>
#include <string_view>
#include <utility>

namespace sim {

namespace {
std::string_view text_of(const Bytes& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
}  // namespace

std::string text_value_in(std::string_view text, Lang l) {
  // The words the engine writes as text values (sim/pki/validate.cpp), each with its catalog key.
  static constexpr std::pair<std::string_view, const char*> kWords[] = {
      {"pass", "value.pass"},           {"fail", "value.fail"},           {"none", "value.none"},
      {"absent", "value.absent"},       {"set", "value.set"},             {"not set", "value.not_set"},
      {"no keyUsage", "value.no_key_usage"}, {"yes", "value.yes"},       {"no", "value.no"},
      {"soft-fail", "value.soft_fail"}, {"hard-fail", "value.hard_fail"},
  };
  for (auto& [word, key] : kWords)
    if (text == word) return msg(key).render(l);
  // "465 bytes": a size.
  if (size_t sp = text.find(' '); sp != std::string_view::npos && sp > 0 && text.substr(sp) == " bytes") {
    bool digits = true;
    for (char c : text.substr(0, sp)) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (digits) return msg("field.bytes").arg("n", std::string(text.substr(0, sp))).render(l);
  }
  return std::string(text);
}

std::string value_display(const NamedBytes& n, Lang l) {
  if (!n.is_text) return to_hex(n.value);
  return "\"" + text_value_in(text_of(n.value), l) + "\"";
}

std::string output_display(const Derivation& d, Lang l) {
  if (!output_is_text(d)) return to_hex(d.output);
  return "\"" + text_value_in(text_of(d.output), l) + "\"";
}

bool output_is_text(const Derivation& d) { return d.kind == DerivationKind::certificate_check; }

std::string output_display(const Derivation& d) { return output_display(d, Lang::en); }

std::optional<bool> check_passed(const Derivation& d) {
  if (d.kind != DerivationKind::certificate_check) return std::nullopt;
  if (d.text.key == "check.pass") return true;
  if (d.text.key == "check.fail") return false;
  return std::nullopt;
}

}  // namespace sim

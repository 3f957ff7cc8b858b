#include "scenario/edit_spec.hpp"

#include <charconv>

namespace sim {

std::variant<EditSpec, EditError> parse_edit(std::string_view text) {
  auto error = [&](EditError::Kind k, Message m) { return EditError{k, std::move(m)}; };
  std::string whole(text);
  size_t colon = text.find(':');
  // The value is hex and never holds '=': the last one ends the path.
  size_t eq = text.rfind('=');
  if (colon == std::string_view::npos || eq == std::string_view::npos || eq < colon || eq == colon + 1)
    return error(EditError::Kind::syntax, msg("edit.syntax").arg("edit", whole));
  EditSpec e;
  e.text = whole;
  std::string_view step = text.substr(0, colon);
  auto [p, ec] = std::from_chars(step.data(), step.data() + step.size(), e.step);
  if (step.empty() || ec != std::errc() || p != step.data() + step.size())
    return error(EditError::Kind::bad_step, msg("edit.bad_step").arg("edit", whole).arg("step", std::string(step)));
  e.path = std::string(text.substr(colon + 1, eq - colon - 1));
  std::string_view hex = text.substr(eq + 1);
  auto value = from_hex(hex);
  if (!value) return error(EditError::Kind::bad_hex, msg("edit.bad_hex").arg("edit", whole).arg("value", std::string(hex)));
  e.value = std::move(*value);
  return e;
}

}  // namespace sim

#include "trace/hs_state.hpp"

#include <array>

namespace sim {

namespace {
constexpr std::array kNames = {
#define TLSLAB_HS_STATE_NAME(n) std::string_view(#n),
    TLSLAB_HS_STATES(TLSLAB_HS_STATE_NAME)
#undef TLSLAB_HS_STATE_NAME
};
}  // namespace

std::string_view name_of(HsState s) {
  size_t i = size_t(s);
  return i < kNames.size() ? kNames[i] : std::string_view("?");
}

std::optional<HsState> hs_state_from_name(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return HsState(i);
  return std::nullopt;
}

}  // namespace sim

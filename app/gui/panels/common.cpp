#include "panels/panel.hpp"

namespace gui {

const char* actor_label(sim::Actor a) {
  switch (a) {
    case sim::Actor::client: return tr("keys.actor_client");
    case sim::Actor::server: return tr("keys.actor_server");
    case sim::Actor::attacker: return tr("keys.actor_attacker");
    case sim::Actor::ca: return tr("ladder.ca");
    case sim::Actor::ocsp_responder: return tr("ladder.ocsp_responder");
  }
  return "?";
}

std::string step_span(const sim::Event& e) {
  std::string s = std::string(tr("ladder.step")) + " " + std::to_string(e.step);
  if (e.delivered) s += " \u2192 " + std::to_string(*e.delivered);
  return s;
}

}  // namespace gui

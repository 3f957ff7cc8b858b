#include "panels/panel.hpp"
#include "present/present.hpp"

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
  return std::string(tr("ladder.step")) + " " + sim::present::step_text(e);
}

}  // namespace gui

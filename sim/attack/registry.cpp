// Which script plays which attack of the table (scenario/attacks.hpp).
#include "attack/script.hpp"

namespace sim {

std::shared_ptr<Attacker> make_scripted_attacker(const ScenarioOptions& o) {
  using Factory = std::shared_ptr<Attacker> (*)(const ScenarioOptions&);
  static const std::pair<const char*, Factory> scripts[] = {
      {"mitm-forged-cert", attack::mitm_forged_cert}, {"suite-rollback", attack::suite_rollback},
      {"version-rollback", attack::version_rollback},
      {"record-tamper", attack::record_tamper},       {"record-replay", attack::record_replay},
      {"record-reorder", attack::record_reorder},     {"record-drop", attack::record_drop},
      {"truncation", attack::truncation},             {"revocation-block", attack::revocation_block},
      {"early-ccs", attack::early_ccs},
      {"renegotiation-injection", attack::renegotiation_injection},
      {"tls13-0rtt-replay", attack::tls13_0rtt_replay},
      {"ssl-strip", attack::ssl_strip},
      {"poodle", attack::poodle},                     {"crime", attack::crime},
      {"bleichenbacher", attack::bleichenbacher},
      {"export-bruteforce", attack::export_bruteforce},
  };
  for (auto& [name, make] : scripts)
    if (o.attack == name) return make(o);
  return nullptr;
}

}  // namespace sim

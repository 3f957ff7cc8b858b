// The scripted attacks as data: each attack's name, the versions it applies to, its variants and
// the defenses that stop it, each defense a named switch mapped to the real mechanism it stands
// for (the options it sets). The scripts themselves live in sim/attack/, one file each; the
// texts (title, explanation, expected outcomes, defense labels) are catalog messages
// (core/catalog_attacks.cpp).
//
// A run chooses an attack with ScenarioOptions::attack (JSON "attack", `--attack NAME`); its
// defenses keep their default unless ScenarioOptions::defenses says otherwise (`--defense NAME`,
// `--no-defense NAME`). effective_options() is what the endpoints then run with.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/option_table.hpp"

namespace sim {

struct DefenseInfo {
  std::string name;  // "certificate-validation"
  Message label;     // "Certificate validation"
  Message how;       // the real mechanism, with its RFC
  Sides sides = Sides::both;  // the endpoints it is switched on
  bool on_by_default = true;  // what a correct, modern endpoint does
  // The mechanism: sets the options it stands for, on or off. Null for a defense that cannot be
  // switched off (the record MAC): naming it in --no-defense is an error.
  std::function<void(ScenarioOptions&, bool on)> apply;
  bool switchable() const { return bool(apply); }
};

struct AttackVariant {
  std::string name;  // "self-signed"
  Message label;
};

struct AttackInfo {
  std::string name;  // "mitm-forged-cert"
  Message title;     // "Man in the middle with a forged certificate"
  Message explain;   // one paragraph: what the attacker does and why it works or fails
  Message expect_undefended, expect_defended;  // the outcome expected without and with its defenses
  uint16_t min_version = kSsl3, max_version = kTls13;
  std::vector<AttackVariant> variants;  // the first is the default
  std::vector<DefenseInfo> defenses;
  // The options that tune its long work, if it computes (option keys: "search_bits", "query_budget").
  std::vector<std::string> tuning;
  // What the attack's scenario needs whatever the defenses (weak suites to roll back to, a
  // revoked certificate), applied before the defenses.
  std::function<void(ScenarioOptions&)> setup;
};

const std::vector<AttackInfo>& attack_table();
const AttackInfo* attack_info(std::string_view name);
const DefenseInfo* defense_info(const AttackInfo& a, std::string_view name);
// The chosen attack; null when none (or an unknown name, which validate_attack reports).
const AttackInfo* chosen_attack(const ScenarioOptions& o);
// Whether the chosen attack is cryptanalytic (it has long-work options, AttackInfo::tuning): its
// run ends with thousands of queries or candidates, told by the table, not by one run.
bool cryptanalytic_attack(const ScenarioOptions& o);
// The variant in effect: the chosen one, or the attack's first; empty when it has none.
std::string attack_variant(const ScenarioOptions& o);
bool defense_on(const ScenarioOptions& o, const DefenseInfo& d);
// The chosen attack's defenses that are on, in table order.
std::vector<std::string> defenses_on(const ScenarioOptions& o);
// The options the endpoints run with: the attack's setup, then each of its defenses applied.
// Without an attack, the options unchanged.
ScenarioOptions effective_options(const ScenarioOptions& o);
// What is wrong with the attack part of the options: an unknown attack, variant or defense, a
// defense named without an attack or that cannot be switched off, versions the attack does not
// apply to. Reported with the key "attack".
std::vector<Diagnostic> validate_attack(const ScenarioOptions& o);

}  // namespace sim

#include "common.hpp"

#include <fstream>
#include <iostream>

#include "export/text.hpp"

namespace app {

using namespace sim;

CLI::Validator suite_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        return suite_by_name(v) ? "" : "unknown cipher suite '" + v + "' (see: tlslab list suites)";
      },
      "SUITE");
}

CLI::Validator group_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        return group_by_name(v) ? "" : "unknown group '" + v + "' (see: tlslab list groups)";
      },
      "GROUP");
}

void add_common(CLI::App* cmd, CommonOptions& o, bool with_host) {
  cmd->add_option("--version", o.version, "protocol version")
      ->check(CLI::IsMember({"tls1.2"}))
      ->capture_default_str();
  cmd->add_option("--suite", o.suites, "cipher suite to use (repeatable); default: all supported")
      ->check(suite_validator());
  cmd->add_option("--group", o.groups, "key exchange group: x25519, secp256r1, ffdhe2048 (repeatable)")
      ->check(group_validator());
  cmd->add_option("--seed", o.seed, "seed of the deterministic random generator")->capture_default_str();
  if (with_host) cmd->add_option("--host", o.host, "server name (SNI, certificate, HTTP Host)");
  cmd->add_flag("--no-ems", o.no_ems, "do not use the extended master secret (RFC 7627)");
  cmd->add_option("--json", o.json_out, "write the full trace as JSON to this file");
  cmd->add_option("--keylog", o.keylog_out, "write an NSS key log (SSLKEYLOGFILE) to this file");
  cmd->add_option("--event", o.events, "also print the field tree and derivations of event N (repeatable)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--derivations", o.derivations, "also print every derivation (secrets, keys, record protection)");
}

ScenarioOptions scenario_from(const CommonOptions& o) {
  ScenarioOptions s;
  s.seed = o.seed;
  if (!o.host.empty()) s.host = o.host;
  if (!o.suites.empty()) {
    s.client_suites.clear();
    for (auto& n : o.suites) s.client_suites.push_back(suite_by_name(n)->id);
    s.server_suites = s.client_suites;
  }
  if (!o.groups.empty()) {
    s.client_groups.clear();
    for (auto& n : o.groups) s.client_groups.push_back(*group_by_name(n));
    s.server_groups = s.client_groups;
  }
  s.extended_master_secret = !o.no_ems;
  return s;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) {
    std::cerr << "error: cannot write " << path << "\n";
    return false;
  }
  return true;
}

bool write_outputs(const CommonOptions& o, const Trace& t, const std::string& keylog) {
  bool ok = true;
  if (!o.json_out.empty()) {
    ok &= write_file(o.json_out, trace_json_text(t));
    if (ok) std::cout << "trace written to " << o.json_out << "\n";
  }
  if (!o.keylog_out.empty()) {
    ok &= write_file(o.keylog_out, keylog_text({keylog}));
    if (ok) std::cout << "key log written to " << o.keylog_out << "\n";
  }
  return ok;
}

bool print_trace(const Trace& t, const CommonOptions& o) {
  std::cout << ladder_text(t) << "\n" << negotiated_text(t);
  bool ok = true;
  for (int n : o.events) {
    if (n < 0 || size_t(n) >= t.events.size()) {
      std::cerr << "error: --event " << n << ": the trace has events 0.." << t.events.size() - 1 << "\n";
      ok = false;
      continue;
    }
    const Event& e = t.events[size_t(n)];
    std::cout << "\n=== event " << n << ": " << e.name << " (" << name_of(e.from) << " -> " << name_of(e.to) << ") ===\n";
    std::cout << "bytes: " << to_hex(e.bytes) << "\n";
    if (!e.plaintext.empty()) std::cout << "plaintext: " << to_hex(e.plaintext) << "\n";
    std::cout << field_tree_text(e.tree);
    for (auto& d : e.derivations) std::cout << derivation_text(d);
  }
  if (o.derivations) {
    std::cout << "\n=== derivations ===\n";
    for (size_t i = 0; i < t.events.size(); ++i)
      for (auto& d : t.events[i].derivations) std::cout << "event " << i << " " << derivation_text(d);
  }
  return ok;
}

}  // namespace app

// Shared by the tlslab subcommands: the protocol options, and printing/writing a trace.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "net/simulation.hpp"

namespace app {

struct CommonOptions {
  CLI::App* cmd = nullptr;               // to tell which options were given explicitly
  std::string scenario;                  // a built-in scenario name or a JSON file
  std::string version;                   // both sides exactly this version
  std::string min_version, max_version;  // or a range (default tls1.0 .. tls1.2)
  bool deflate = false;
  bool client_cert = false, request_client_cert = false;
  bool no_secure_renegotiation = false, legacy_renegotiation = false;
  bool renegotiate = false, server_renegotiate = false;
  // Leniency switches (overlays on the handshake state tables)
  bool accept_early_ccs = false, accept_finished_without_ccs = false, skip_finished_check = false,
       accept_unsafe_renegotiation = false;
  std::vector<std::string> suites;
  std::vector<std::string> groups;
  uint64_t seed = 1;
  std::string host;
  std::string json_out, keylog_out;
  std::string pcap_out, pcap_format = "pcapng";
  int pcap_port = 443;
  std::string svg_out, report_out;
  bool no_ems = false;
  // TLS 1.3
  std::vector<std::string> key_shares;
  bool no_middlebox_compat = false;
  std::string resume, early_data, key_update;
  bool key_update_request = false;
  size_t record_padding = 0;
  std::vector<int> events;   // print the field tree and derivations of these events
  bool derivations = false;  // print every derivation
  // Certificates (sim/pki): a profile of the simulated PKI, validation off, or a chain and key
  // from files (and extra trust anchors for the client).
  std::string cert_profile;
  std::string key_type;  // server leaf key: rsa, ecdsa, ed25519
  bool no_verify = false, ocsp_stapling = false, revocation_hard_fail = false;
  std::string cert_file, key_file;
  std::vector<std::string> trust_files;
  uint64_t clock = 0;
};

void add_common(CLI::App* cmd, CommonOptions& o, bool with_host);
// The output files (--json, --keylog, --pcap, --pcap-format, --pcap-port, --svg, --report).
void add_outputs(CLI::App* cmd, CommonOptions& o);
// The details printed after the ladder (--event N, --derivations).
void add_details(CLI::App* cmd, CommonOptions& o);
sim::ScenarioOptions scenario_from(const CommonOptions& o);
// Checks combinations CLI11 cannot (a suite outside the version range); empty when fine.
std::string validate(const CommonOptions& o);
bool write_file(const std::string& path, const std::string& text);
bool write_outputs(const CommonOptions& o, const sim::Trace& t, const std::string& keylog);
// Prints the ladder, negotiated parameters, and the --event / --derivations details.
// Returns false when an --event index is out of range.
bool print_trace(const sim::Trace& t, const CommonOptions& o);

// A subcommand: its CLI11 node and what to run when it was given.
struct Command {
  CLI::App* sub;
  std::function<int()> run;
};
Command add_run_command(CLI::App& app);
Command add_connect_command(CLI::App& app);
Command add_serve_command(CLI::App& app);
Command add_list_command(CLI::App& app);
Command add_show_command(CLI::App& app);
Command add_pki_command(CLI::App& app);
// Files for --cert/--key/--trust and `tlslab pki` (PEM or DER); false with a reason naming the file.
bool read_binary_file(const std::string& path, sim::Bytes* out, std::string* err);
bool load_cert_file(const std::string& path, std::vector<sim::Bytes>* out, std::string* err);
bool load_key_file(const std::string& path, sim::Bytes* out, std::string* err);

}  // namespace app

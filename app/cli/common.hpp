// Shared by the tlslab subcommands: the protocol options, and printing/writing a trace.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/file_io.hpp"
#include "net/simulation.hpp"
#include "scenario_flags.hpp"

namespace app {

struct CommonOptions {
  CLI::App* cmd = nullptr;  // the subcommand (run, connect or serve)
  // --scenario and every scenario option (sim/scenario/option_table.hpp).
  ScenarioFlags scenario;
  std::string json_out, keylog_out;
  std::string pcap_out, pcap_format = "pcapng";
  int pcap_port = 443;
  std::string svg_out, report_out;
  std::string report_secrets = "masked";  // --report-secrets: shown or masked in --report
  std::vector<int> events;   // print the field tree and derivations of these events
  bool derivations = false;  // print every derivation
  std::string lang = "en";   // --lang: the language of the ladder, notes, reasons, summary and status lines
  sim::Lang language() const;
  // Not scenario options: a server chain and key from files, and extra trust anchors for the
  // client.
  std::string cert_file, key_file;
  std::vector<std::string> trust_files;
};

// The scenario flags, --cert/--key/--trust, the outputs and the details.
void add_common(CLI::App* cmd, CommonOptions& o);
// The output files (--json, --keylog, --pcap, --pcap-format, --pcap-port, --svg, --report).
void add_outputs(CLI::App* cmd, CommonOptions& o);
// The details printed after the ladder (--event N, --derivations).
void add_details(CLI::App* cmd, CommonOptions& o);
// --lang alone, for the subcommands without the details (list, pki).
void add_lang(CLI::App* cmd, std::string& lang);
// The language --lang named (its validator has checked it).
sim::Lang lang_of(const std::string& code);
// "error: TEXT" on stderr, in `l`.
void print_error(sim::Lang l, const sim::Message& text);
sim::ScenarioOptions scenario_from(const CommonOptions& o);
// Checks what CLI11 cannot: the scenario loads, every option applies to this run (the engine's
// validate(), for the endpoints this subcommand simulates), the --cert/--key/--trust files.
// Prints warnings; returns the errors, one per line, empty when fine (in the options' language).
std::string validate(const CommonOptions& o);
// Writes the file; on failure prints why in `l` and returns false.
bool write_file(const std::string& path, const std::string& text, sim::Lang l = sim::Lang::en);
// The same for text made in pieces (core/file_io.hpp write_file_atomic).
bool write_file(const std::string& path, const std::function<void(const sim::WriteChunk&)>& produce, sim::Lang l);
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
Command add_intercept_command(CLI::App& app);
Command add_list_command(CLI::App& app);
Command add_show_command(CLI::App& app);
Command add_pki_command(CLI::App& app);
Command add_lesson_command(CLI::App& app);
// Files for --cert/--key/--trust and `tlslab pki` (PEM or DER); false with a reason naming the file.
bool read_binary_file(const std::string& path, sim::Bytes* out, sim::Message* err);
bool load_cert_file(const std::string& path, std::vector<sim::Bytes>* out, sim::Message* err);
bool load_key_file(const std::string& path, sim::Bytes* out, sim::Message* err);

}  // namespace app

#include "common.hpp"

#include <fstream>
#include <iostream>

#include "export/pcapng.hpp"
#include "export/report.hpp"
#include "export/svg.hpp"
#include "export/text.hpp"
#include "crypto/keys.hpp"
#include "pki/profiles.hpp"
#include "scenario/scenario_io.hpp"

namespace app {

using namespace sim;

void add_common(CLI::App* cmd, CommonOptions& o) {
  o.cmd = cmd;
  o.scenario.add_to(cmd);
  cmd->add_option("--cert", o.cert_file, "server certificate chain (PEM, leaf first, or DER) instead of a minted one; needs --key");
  cmd->add_option("--key", o.key_file, "server private key (PEM or DER: PKCS#8, RSA or EC) for --cert");
  cmd->add_option("--trust", o.trust_files, "extra trusted root certificate for the client (PEM or DER, repeatable)");
  add_outputs(cmd, o);
  add_details(cmd, o);
}

void add_outputs(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--json", o.json_out, "write the full trace as JSON to this file");
  cmd->add_option("--keylog", o.keylog_out, "write an NSS key log (SSLKEYLOGFILE) to this file");
  cmd->add_option("--pcap", o.pcap_out,
                  "write a packet capture (synthetic TCP/IP) to this file; Wireshark opens a pcapng decrypted, "
                  "with the keys inside");
  cmd->add_option("--pcap-format", o.pcap_format,
                  "pcapng (default: carries the key log in a Decryption Secrets Block) or pcap (classic format "
                  "for older tools: it cannot carry secrets, so also write --keylog)")
      ->check(CLI::IsMember({"pcapng", "pcap"}))
      ->capture_default_str();
  cmd->add_option("--pcap-port", o.pcap_port, "server TCP port in the capture")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  cmd->add_option("--svg", o.svg_out, "write the ladder as an SVG picture (for slides) to this file");
  cmd->add_option("--report", o.report_out,
                  "write a report of the trace (messages, field trees, derivations, alerts) to this file: "
                  "HTML for .html/.htm, Markdown for .md")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return report_format_for_path(v) ? "" : "report file '" + v + "' must end in .html, .htm or .md";
          },
          "FILE.html|FILE.md"));
}

void add_details(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--event", o.events, "also print the field tree and derivations of event N (repeatable)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--derivations", o.derivations, "also print every derivation (secrets, keys, record protection)");
  cmd->add_option("--lang", o.lang, "language of the ladder, notes, reasons, summary, certificate checks, --svg and --report: en (default) or fr")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return lang_named(v) ? "" : "--lang: unknown language '" + v + "' (expected en or fr)";
          },
          "en|fr"));
}

// The endpoints a subcommand simulates: run both, connect the client, serve the server.
static Sides simulated_by(const CommonOptions& o) {
  std::string name = o.cmd ? o.cmd->get_name() : "run";
  return name == "connect" ? Sides::client : name == "serve" ? Sides::server : Sides::both;
}

// The scenario and flags (validated by validate()), then the files given on the command line.
ScenarioOptions scenario_from(const CommonOptions& o) {
  ScenarioOptions s = o.scenario.options();
  std::string err;  // validate() has reported file errors already
  if (!o.cert_file.empty() && !o.key_file.empty()) {
    std::vector<Bytes> chain;
    Bytes key;
    if (load_cert_file(o.cert_file, &chain, &err) && load_key_file(o.key_file, &key, &err)) {
      s.server_chain_override = chain;
      s.server_key_override = key;
    }
  }
  for (auto& t : o.trust_files) load_cert_file(t, &s.extra_trust, &err);
  return s;
}

std::string validate(const CommonOptions& o) {
  ScenarioOptions s;
  std::vector<std::string> errors, warnings;
  bool ok = o.scenario.build(simulated_by(o), &s, &errors, &warnings);
  for (auto& w : warnings) std::cerr << "warning: " << w << "\n";
  if (!ok) {
    std::string all;
    for (auto& e : errors) all += (all.empty() ? "" : "\nerror: ") + e;
    return all;
  }
  if (o.cert_file.empty() != o.key_file.empty()) return "--cert and --key go together";
  std::string err;
  if (!o.cert_file.empty()) {
    std::vector<Bytes> chain;
    Bytes key;
    if (!load_cert_file(o.cert_file, &chain, &err) || !load_key_file(o.key_file, &key, &err)) return err;
    auto spki = crypto::public_from_private(key);
    auto leaf = pki::parse_certificate(chain[0]);
    if (!spki || !leaf || leaf->spki != *spki) return o.key_file + ": this key does not belong to the first certificate of " + o.cert_file;
  }
  for (auto& t : o.trust_files) {
    std::vector<Bytes> certs;
    if (!load_cert_file(t, &certs, &err)) return err;
  }
  return "";
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
    bool w = write_file(o.json_out, trace_json_text(t));
    if (w) std::cout << "trace written to " << o.json_out << "\n";
    ok &= w;
  }
  if (!o.keylog_out.empty()) {
    bool w = write_file(o.keylog_out, keylog_text({keylog}));
    if (w) std::cout << "key log written to " << o.keylog_out << "\n";
    ok &= w;
  }
  if (!o.pcap_out.empty()) {
    CaptureOptions co;
    co.format = o.pcap_format == "pcap" ? CaptureFormat::pcap : CaptureFormat::pcapng;
    co.server_port = uint16_t(o.pcap_port);
    Capture c = capture_file(t, co);
    bool w = write_file(o.pcap_out, std::string(c.file.begin(), c.file.end()));
    if (w)
      std::cout << (co.format == CaptureFormat::pcap ? "pcap" : "pcapng") << " capture written to " << o.pcap_out << " ("
                << c.packets << " packets"
                << (co.format == CaptureFormat::pcapng && !t.keylog.empty() ? ", keys inside" : "") << ")\n";
    ok &= w;
  }
  if (!o.svg_out.empty()) {
    bool w = write_file(o.svg_out, ladder_svg(t, lang_named(o.lang).value_or(Lang::en)));
    if (w) std::cout << "SVG ladder written to " << o.svg_out << "\n";
    ok &= w;
  }
  if (!o.report_out.empty()) {
    auto f = report_format_for_path(o.report_out).value_or(ReportFormat::html);
    bool w = write_file(o.report_out, report_text(t, f, lang_named(o.lang).value_or(Lang::en)));
    if (w) std::cout << (f == ReportFormat::html ? "HTML" : "Markdown") << " report written to " << o.report_out << "\n";
    ok &= w;
  }
  return ok;
}

bool print_trace(const Trace& t, const CommonOptions& o) {
  Lang lang = lang_named(o.lang).value_or(Lang::en);  // checked by the option's validator
  std::cout << ladder_text(t, lang) << "\n" << negotiated_text(t, lang);
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
    for (const sim::Derivation& d : sim::all_derivations(e)) std::cout << derivation_text(d, lang);
  }
  if (o.derivations) {
    std::cout << "\n=== derivations ===\n";
    for (size_t i = 0; i < t.events.size(); ++i)
      for (const sim::Derivation& d : sim::all_derivations(t.events[i])) std::cout << "event " << i << " " << derivation_text(d, lang);
  }
  return ok;
}

}  // namespace app

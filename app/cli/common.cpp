#include "common.hpp"

#include <fstream>
#include <iostream>

#include "export/pcapng.hpp"
#include "export/report.hpp"
#include "export/svg.hpp"
#include "export/text.hpp"
#include "core/file_io.hpp"
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
  cmd->add_option("--report-secrets", o.report_secrets,
                  "secret values in --report: masked (default: a handout to work them out) or shown (the answer key)")
      ->check(CLI::IsMember({"masked", "shown"}))
      ->capture_default_str();
}

// CLI11 checks --lang while parsing, before any language is known: its error stays English.
static CLI::Validator lang_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string { return lang_named(v) ? "" : "--lang: unknown language '" + v + "' (expected en or fr)"; },
      "en|fr");
}

void add_details(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--event", o.events, "also print the field tree and derivations of event N (repeatable)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--derivations", o.derivations, "also print every derivation (secrets, keys, record protection)");
  cmd->add_option("--lang", o.lang, "language of the ladder, notes, reasons, summary, certificate checks, status lines, --svg and --report: en (default) or fr")
      ->check(lang_validator());
}

void add_lang(CLI::App* cmd, std::string& lang) {
  cmd->add_option("--lang", lang, "language of what it prints: en (default) or fr")->check(lang_validator());
}

Lang lang_of(const std::string& code) { return lang_named(code).value_or(Lang::en); }
Lang CommonOptions::language() const { return lang_of(lang); }

void print_error(Lang l, const Message& text) { std::cerr << msg("cli.error").arg("text", text).render(l) << "\n"; }

// The endpoints a subcommand simulates: run both, connect the client, serve the server.
static Sides simulated_by(const CommonOptions& o) {
  std::string name = o.cmd ? o.cmd->get_name() : "run";
  return name == "connect" ? Sides::client : name == "serve" ? Sides::server : Sides::both;
}

// The scenario and flags (validated by validate()), then the files given on the command line.
ScenarioOptions scenario_from(const CommonOptions& o) {
  ScenarioOptions s = o.scenario.options();
  Message err;  // validate() has reported file errors already
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
  Lang l = o.language();
  bool ok = o.scenario.build(simulated_by(o), &s, &errors, &warnings, l);
  for (auto& w : warnings) std::cerr << msg("cli.warning").arg("text", w).render(l) << "\n";
  if (!ok) {
    // The caller prints the first line with its "error: "; each further one gets its own.
    std::string all;
    for (auto& e : errors) all += all.empty() ? e : "\n" + msg("cli.error").arg("text", e).render(l);
    return all;
  }
  if (o.cert_file.empty() != o.key_file.empty()) return msg("cli.cert_needs_key").render(l);
  Message err;
  if (!o.cert_file.empty()) {
    std::vector<Bytes> chain;
    Bytes key;
    if (!load_cert_file(o.cert_file, &chain, &err) || !load_key_file(o.key_file, &key, &err)) return err.render(l);
    auto spki = crypto::public_from_private(key);
    auto leaf = pki::parse_certificate(chain[0]);
    if (!spki || !leaf || leaf->spki != *spki)
      return msg("cli.key_not_for_cert").arg("key", o.key_file).arg("cert", o.cert_file).render(l);
  }
  for (auto& t : o.trust_files) {
    std::vector<Bytes> certs;
    if (!load_cert_file(t, &certs, &err)) return err.render(l);
  }
  return "";
}

bool write_file(const std::string& path, const std::string& text, Lang l) {
  return write_file(path, [&](const WriteChunk& write) { write(text); }, l);
}

bool write_file(const std::string& path, const std::function<void(const WriteChunk&)>& produce, Lang l) {
  // Through a temporary file renamed over the target: a failure keeps the old file whole.
  Status w = write_file_atomic(path, produce);
  if (!w) {
    print_error(l, w.error().message());
    return false;
  }
  return true;
}

bool write_outputs(const CommonOptions& o, const Trace& t, const std::string& keylog) {
  Lang l = o.language();
  auto say = [&](const Message& m) { std::cout << m.render(l) << "\n"; };
  bool ok = true;
  if (!o.json_out.empty()) {
    // Written as it is made: a big trace's text is never whole in memory beside the trace.
    bool w = write_file(o.json_out, [&](const WriteChunk& write) { trace_json_write(t, write); }, l);
    if (w) say(msg("cli.wrote_trace").arg("file", o.json_out));
    ok &= w;
  }
  if (!o.keylog_out.empty()) {
    bool w = write_file(o.keylog_out, keylog_text({keylog}), l);
    if (w) say(msg("cli.wrote_keylog").arg("file", o.keylog_out));
    ok &= w;
  }
  if (!o.pcap_out.empty()) {
    CaptureOptions co;
    co.format = o.pcap_format == "pcap" ? CaptureFormat::pcap : CaptureFormat::pcapng;
    co.server_port = uint16_t(o.pcap_port);
    Capture c = capture_file(t, co);
    bool w = write_file(o.pcap_out, std::string(c.file.begin(), c.file.end()), l);
    bool keys = co.format == CaptureFormat::pcapng && !t.keylog.empty();
    if (w)
      say(msg("cli.wrote_capture")
              .arg("format", co.format == CaptureFormat::pcap ? "pcap" : "pcapng")
              .arg("file", o.pcap_out)
              .arg("packets", std::to_string(c.packets))
              .arg("keys", keys ? msg("cli.capture_keys_inside") : Message{}));
    ok &= w;
  }
  if (!o.svg_out.empty()) {
    bool w = write_file(o.svg_out, ladder_svg(t, l), l);
    if (w) say(msg("cli.wrote_svg").arg("file", o.svg_out));
    ok &= w;
  }
  if (!o.report_out.empty()) {
    auto f = report_format_for_path(o.report_out).value_or(ReportFormat::html);
    bool w = write_file(o.report_out, report_text(t, f, ReportOptions{l, report_secrets_named(o.report_secrets).value_or(false)}), l);
    if (w) say(msg(f == ReportFormat::html ? "cli.wrote_report_html" : "cli.wrote_report_markdown").arg("file", o.report_out));
    ok &= w;
  }
  return ok;
}

bool print_trace(const Trace& t, const CommonOptions& o) {
  Lang lang = o.language();
  std::cout << ladder_text(t, lang) << "\n" << negotiated_text(t, lang);
  bool ok = true;
  for (int n : o.events) {
    if (n < 0 || size_t(n) >= t.events.size()) {
      print_error(lang, msg("cli.event_out_of_range").arg("n", std::to_string(n)).arg("last", std::to_string(t.events.size() - 1)));
      ok = false;
      continue;
    }
    const Event& e = t.events[size_t(n)];
    std::cout << "\n"
              << msg("cli.event_heading").arg("n", std::to_string(n)).arg("name", e.name)
                     .arg("from", actor_message(e.from)).arg("to", actor_message(e.to)).render(lang)
              << "\n";
    std::cout << msg("cli.event_bytes").arg("hex", to_hex(e.bytes)).render(lang) << "\n";
    if (!e.plaintext.empty()) std::cout << msg("cli.event_plaintext").arg("hex", to_hex(e.plaintext)).render(lang) << "\n";
    std::cout << field_tree_text(e.tree);
    for (const sim::Derivation& d : sim::all_derivations(e)) std::cout << derivation_text(d, lang);
  }
  if (o.derivations) {
    std::cout << "\n" << msg("cli.derivations_heading").render(lang) << "\n";
    for (size_t i = 0; i < t.events.size(); ++i)
      for (const sim::Derivation& d : sim::all_derivations(t.events[i]))
        std::cout << msg("cli.event_label").arg("n", std::to_string(i)).render(lang) << " " << derivation_text(d, lang);
  }
  return ok;
}

}  // namespace app

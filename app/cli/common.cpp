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

void add_certificate_options(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--key-type", o.key_type,
                  "server certificate key: rsa (default), ecdsa (P-256) or ed25519; TLS 1.3 only for the last two "
                  "(CertificateVerify with rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256 or ed25519)")
      ->check(CLI::IsMember({"rsa", "ecdsa", "ed25519"}));
  cmd->add_option("--cert-profile", o.cert_profile,
                  "server certificate from this profile of the simulated PKI (tlslab pki profiles)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            return pki::profile_by_name(v) ? "" : "unknown certificate profile '" + v + "' (see: tlslab pki profiles)";
          },
          "PROFILE"));
  cmd->add_flag("--no-verify", o.no_verify, "the client does not validate the server's certificate (the trace says so)");
  cmd->add_flag("--ocsp-stapling", o.ocsp_stapling, "the client asks for OCSP stapling (status_request), the server staples");
  cmd->add_flag("--revocation-hard-fail", o.revocation_hard_fail, "fail when no CRL/OCSP answer is available (default: soft-fail)");
  cmd->add_option("--cert", o.cert_file, "server certificate chain (PEM, leaf first, or DER) instead of a minted one; needs --key");
  cmd->add_option("--key", o.key_file, "server private key (PEM or DER: PKCS#8, RSA or EC) for --cert");
  cmd->add_option("--trust", o.trust_files, "extra trusted root certificate for the client (PEM or DER, repeatable)");
  cmd->add_option("--clock", o.clock, "the time certificates are checked at, in seconds since 1970 (default: the simulated clock, 2026-06-01)");
}

void add_common(CLI::App* cmd, CommonOptions& o, bool with_host) {
  o.cmd = cmd;
  cmd->add_option("--scenario", o.scenario,
                  "start from a scenario: a built-in name (tlslab list scenarios) or a JSON file; "
                  "options given on the command line override it");
  auto versions = CLI::IsMember({"ssl3", "tls1.0", "tls1.1", "tls1.2", "tls1.3"});
  cmd->add_option("--version", o.version, "protocol version for both sides: ssl3, tls1.0, tls1.1, tls1.2, tls1.3")->check(versions);
  cmd->add_option("--min-version", o.min_version, "lowest version offered/accepted (default tls1.0)")->check(versions);
  cmd->add_option("--max-version", o.max_version, "highest version offered/accepted (default tls1.2)")->check(versions);
  cmd->add_flag("--deflate", o.deflate, "offer/accept DEFLATE record compression (RFC 3749)");
  cmd->add_flag("--client-cert", o.client_cert, "the server asks for a client certificate and the client has one");
  cmd->add_flag("--request-client-cert", o.request_client_cert, "the server asks for a client certificate (the client has none unless --client-cert)");
  cmd->add_flag("--no-secure-renegotiation", o.no_secure_renegotiation, "do not use RFC 5746 (renegotiation_info / SCSV)");
  cmd->add_flag("--legacy-renegotiation", o.legacy_renegotiation, "allow renegotiation without RFC 5746 (insecure)");
  cmd->add_flag("--renegotiate", o.renegotiate, "the client renegotiates once the first handshake completes");
  cmd->add_flag("--server-renegotiate", o.server_renegotiate, "the server sends HelloRequest once the first handshake completes");
  cmd->add_option("--suite", o.suites, "cipher suite to use (repeatable); default: those valid in the version range, without export, RC4, DES and IDEA unless the range is SSL 3.0 only")
      ->check(suite_validator());
  cmd->add_option("--group", o.groups, "key exchange group: x25519, secp256r1, ffdhe2048 (repeatable)")
      ->check(group_validator());
  cmd->add_option("--seed", o.seed, "seed of the deterministic random generator")->capture_default_str();
  if (with_host) cmd->add_option("--host", o.host, "server name (SNI, certificate, HTTP Host)");
  cmd->add_flag("--no-ems", o.no_ems, "do not use the extended master secret (RFC 7627)");
  cmd->add_option("--key-share", o.key_shares, "TLS 1.3: group the client sends a key_share for in its first ClientHello (repeatable; default the first --group); a group the server does not take forces a HelloRetryRequest")
      ->check(CLI::IsMember({"x25519", "secp256r1", "ffdhe2048"}));
  cmd->add_flag("--no-middlebox-compat", o.no_middlebox_compat, "TLS 1.3: no legacy_session_id and no dummy ChangeCipherSpec (RFC 8446 D.4)");
  cmd->add_option("--resume", o.resume, "TLS 1.3: a second connection resumes the first with its session ticket, in this PSK mode")
      ->check(CLI::IsMember({"psk_dhe_ke", "psk_ke"}));
  cmd->add_option("--early-data", o.early_data, "TLS 1.3: the resumed connection sends its request as 0-RTT data, which the server has accepted or rejected (needs --resume)")
      ->check(CLI::IsMember({"accepted", "rejected"}));
  cmd->add_option("--key-update", o.key_update, "TLS 1.3: this side sends a KeyUpdate after the handshake")
      ->check(CLI::IsMember({"client", "server"}));
  cmd->add_flag("--key-update-request", o.key_update_request, "TLS 1.3: the KeyUpdate sets update_requested, so the peer updates too");
  cmd->add_option("--record-padding", o.record_padding, "TLS 1.3: zero bytes of padding added to each protected record")
      ->check(CLI::Range(0, 255));
  add_certificate_options(cmd, o);
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
}

// Starts from the scenario (or the defaults) and applies only the options given explicitly.
ScenarioOptions scenario_from(const CommonOptions& o) {
  ScenarioOptions s;
  if (!o.scenario.empty()) {
    if (auto loaded = load_scenario(o.scenario)) s = *loaded;
  }
  auto given = [&](const char* opt) { return o.cmd && o.cmd->count(opt) > 0; };
  if (given("--seed")) s.seed = o.seed;
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
  if (o.no_ems) s.extended_master_secret = false;
  if (!o.version.empty() || !o.min_version.empty() || !o.max_version.empty()) {
    uint16_t lo = kTls10, hi = kTls12;
    if (!o.version.empty()) lo = hi = *version_by_option_name(o.version);
    if (!o.min_version.empty()) lo = *version_by_option_name(o.min_version);
    if (!o.max_version.empty()) hi = *version_by_option_name(o.max_version);
    if (lo > hi) std::swap(lo, hi);
    s.client_min_version = s.server_min_version = lo;
    s.client_max_version = s.server_max_version = hi;
  }
  if (o.deflate) s.deflate = true;
  if (o.client_cert) s.client_certificate = true;
  if (o.request_client_cert) s.request_client_certificate = true;
  if (o.no_secure_renegotiation) s.secure_renegotiation = false;
  if (o.legacy_renegotiation) s.allow_legacy_renegotiation = true;
  if (o.renegotiate) s.renegotiation = ScenarioOptions::Renegotiation::client;
  if (o.server_renegotiate) s.renegotiation = ScenarioOptions::Renegotiation::server;
  if (!o.key_shares.empty()) {
    s.client_key_shares.clear();
    for (auto& n : o.key_shares) s.client_key_shares.push_back(*group_by_name(n));
  }
  if (o.no_middlebox_compat) s.middlebox_compat = false;
  if (o.resume == "psk_dhe_ke") s.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  if (o.resume == "psk_ke") s.resumption = ScenarioOptions::Resumption::psk_ke;
  if (o.early_data == "accepted") s.early_data = ScenarioOptions::EarlyData::accepted;
  if (o.early_data == "rejected") s.early_data = ScenarioOptions::EarlyData::rejected;
  if (o.key_update == "client") s.key_update = ScenarioOptions::KeyUpdate::client;
  if (o.key_update == "server") s.key_update = ScenarioOptions::KeyUpdate::server;
  if (o.key_update_request) s.key_update_request = true;
  if (given("--record-padding")) s.record_padding = o.record_padding;
  if (!o.cert_profile.empty()) s.certificate_profile = o.cert_profile;
  if (!o.key_type.empty()) s.server_key_type = *crypto::key_type_by_option(o.key_type);
  if (o.no_verify) s.verify_certificate = false;
  if (o.ocsp_stapling) s.ocsp_stapling = true;
  if (o.revocation_hard_fail) s.revocation_hard_fail = true;
  if (o.clock) s.clock = o.clock;
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
  if (!o.scenario.empty()) {
    auto loaded = load_scenario(o.scenario);
    if (!loaded) return loaded.error().reason;
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
  ScenarioOptions s = scenario_from(o);
  // A server accepts 0-RTT from any client with a ticket; run and connect need the resumed connection.
  bool serving = o.cmd && o.cmd->get_name() == "serve";
  if (!serving && s.early_data != ScenarioOptions::EarlyData::none && s.resumption == ScenarioOptions::Resumption::none)
    return "--early-data needs --resume (0-RTT data is sent with a ticket from a first connection)";
  if (s.server_key_type != crypto::KeyType::rsa && s.server_max_version < kTls13)
    return "--key-type " + crypto::key_type_option(s.server_key_type) +
           " needs TLS 1.3 on the server (--version tls1.3 or --max-version tls1.3): the TLS 1.2 suites here are RSA only";
  std::vector<uint16_t> suites = s.client_suites;
  for (size_t i = 0; i < suites.size(); ++i) {
    const CipherSuiteInfo* suite = suite_by_id(suites[i]);
    if (!suite->usable_in(s.client_min_version, s.client_max_version))
      return std::string(suite->name) + " can only be used with " + version_option_name(suite->min_version) + " to " +
             version_option_name(suite->max_version) + ", not " + version_option_name(s.client_min_version) +
             (s.client_min_version == s.client_max_version ? "" : " to " + version_option_name(s.client_max_version));
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
    bool w = write_file(o.svg_out, ladder_svg(t));
    if (w) std::cout << "SVG ladder written to " << o.svg_out << "\n";
    ok &= w;
  }
  if (!o.report_out.empty()) {
    auto f = report_format_for_path(o.report_out).value_or(ReportFormat::html);
    bool w = write_file(o.report_out, report_text(t, f));
    if (w) std::cout << (f == ReportFormat::html ? "HTML" : "Markdown") << " report written to " << o.report_out << "\n";
    ok &= w;
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
    for (const sim::Derivation& d : sim::all_derivations(e)) std::cout << derivation_text(d);
  }
  if (o.derivations) {
    std::cout << "\n=== derivations ===\n";
    for (size_t i = 0; i < t.events.size(); ++i)
      for (const sim::Derivation& d : sim::all_derivations(t.events[i])) std::cout << "event " << i << " " << derivation_text(d);
  }
  return ok;
}

}  // namespace app

// tlslab pki: the simulated PKI on the command line. `profiles` lists the certificate profiles,
// `export` writes a profile's chain, key, CRL and OCSP answers, `show` prints the field tree of
// a certificate, CRL or OCSP response, `verify` runs our validator and prints every check.
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "asn1/pem.hpp"
#include "common.hpp"
#include "core/file_io.hpp"
#include "crypto/keys.hpp"
#include "export/text.hpp"
#include "pki/cert.hpp"
#include "pki/dissect.hpp"
#include "pki/profiles.hpp"
#include "scenario/option_table.hpp"
#include "pki/validate.hpp"

namespace app {

using namespace sim;

bool read_binary_file(const std::string& path, Bytes* out, Message* err) {
  // Certificates, keys, CRLs and OCSP answers are kilobytes; 16 MiB leaves room for big bundles.
  auto text = read_file_capped(path, 16u << 20);
  if (!text) {
    *err = text.error().message();
    return false;
  }
  out->assign(text->begin(), text->end());
  return true;
}

bool load_cert_file(const std::string& path, std::vector<Bytes>* out, Message* err) {
  Bytes data;
  if (!read_binary_file(path, &data, err)) return false;
  std::string e;  // the PEM reader's own words (English only)
  auto certs = pem::load_certificates(data, &e);
  if (certs.empty()) {
    *err = msg("cli.file_error").arg("file", path).arg("error", e);
    return false;
  }
  for (size_t i = 0; i < certs.size(); ++i) {
    auto c = pki::parse_certificate(certs[i]);
    if (!c) {
      *err = msg("cli.certificate_error").arg("file", path).arg("n", std::to_string(i)).arg("error", c.error().message());
      return false;
    }
  }
  for (auto& c : certs) out->push_back(std::move(c));
  return true;
}

bool load_key_file(const std::string& path, Bytes* out, Message* err) {
  Bytes data;
  if (!read_binary_file(path, &data, err)) return false;
  auto k = crypto::load_private_key(data);
  if (!k.pkcs8) {
    *err = msg("cli.file_error").arg("file", path).arg("error", k.error);
    return false;
  }
  *out = std::move(*k.pkcs8);
  return true;
}

namespace {

// --host: a DNS name, as the scenario's host (the option table's check).
CLI::Validator host_validator() {
  return CLI::Validator([](std::string& v) { return host_name_error(v).english(); }, "HOST");
}

// --attime: seconds since 1970 within what a certificate's validity can name (RFC 5280
// 4.1.2.5, years 1950 to 9999), so the clock printed is a date. Decimal digits with an
// optional minus: CLI11's own conversion (strtoll) would clamp 99999999999999999999 silently.
std::optional<int64_t> attime_of(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < pki::kFirstX509Time || v > pki::kLastX509Time)
    return std::nullopt;
  return v;
}
CLI::Validator attime_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        if (attime_of(v)) return "";
        return msg("cli.attime_range").arg("found", "'" + (v.size() > 40 ? v.substr(0, 40) + "..." : v) + "'").english();
      },
      "SECONDS");
}

int cmd_profiles(Lang l) {
  for (auto& p : pki::certificate_profiles()) {
    std::string alert = p.expected_alert ? std::string(name_of(*p.expected_alert)) : msg("cli.profile_no_alert").render(l);
    std::printf("%-30s %-26s %s\n", p.name.c_str(), alert.c_str(), p.description.render(l).c_str());
  }
  return 0;
}

int cmd_export(const std::string& profile, const std::string& dir, uint64_t seed, const std::string& host,
               const std::string& key_type, Lang l) {
  auto p = pki::profile_by_name(profile);
  if (!p) {
    print_error(l, msg("cli.unknown_profile").arg("profile", profile));
    return 2;
  }
  crypto::KeyType kt = key_type == "ecdsa" ? crypto::KeyType::ecdsa_p256
                       : key_type == "ed25519" ? crypto::KeyType::ed25519 : crypto::KeyType::rsa;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    print_error(l, msg("cli.cannot_create_dir").arg("dir", dir));
    return 1;
  }
  const auto& b = pki::profile_pki(*p, host, seed, kt);
  auto path = [&](const char* f) { return (std::filesystem::path(dir) / f).string(); };
  struct Out {
    const char* file;
    std::string text;
  };
  std::vector<Out> outs = {
      {"root.pem", pem::to_pem("CERTIFICATE", b.root)},
      {"intermediate.pem", pem::to_pem("CERTIFICATE", b.intermediate)},
      {"leaf.pem", pem::to_pem("CERTIFICATE", b.leaf)},
      {"chain.pem", ""},
      {"leaf.key", pem::to_pem("PRIVATE KEY", b.leaf_key)},
      {"crl.pem", pem::to_pem("X509 CRL", b.crl)},
      {"ocsp-good.der", std::string(b.ocsp_good.begin(), b.ocsp_good.end())},
      {"ocsp-revoked.der", std::string(b.ocsp_revoked.begin(), b.ocsp_revoked.end())},
  };
  for (auto& c : b.chain) outs[3].text += pem::to_pem("CERTIFICATE", c);
  for (auto& o : outs) {
    if (!write_file(path(o.file), o.text, l)) return 1;
    std::cout << path(o.file) << "\n";
  }
  std::cout << msg("cli.exported").arg("profile", profile).arg("host", host).arg("seed", std::to_string(seed))
                   .arg("clock", pki::time_text(pki::kSimulatedNow)).arg("time", std::to_string(pki::kSimulatedNow)).render(l)
            << "\n";
  return 0;
}

int cmd_show(const std::string& file, Lang l) {
  Bytes data;
  Message err;
  if (!read_binary_file(file, &data, &err)) {
    print_error(l, err);
    return 2;
  }
  std::vector<std::pair<std::string, Bytes>> items;  // (kind, der)
  if (pem::looks_like_pem(data)) {
    auto p = pem::parse_pem(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
    if (!p.error.empty()) {
      print_error(l, msg("cli.malformed_pem").arg("file", file).arg("error", p.error));
      return 1;
    }
    for (auto& b : p.blocks) {
      if (b.label == "CERTIFICATE" || b.label == "TRUSTED CERTIFICATE") items.emplace_back("certificate", b.der);
      else if (b.label == "X509 CRL") items.emplace_back("crl", b.der);
      else std::cout << msg("cli.block_not_shown").arg("label", b.label).render(l) << "\n";
    }
  } else {
    std::string kind = pki::der_kind(data);
    if (kind.empty()) kind = "certificate";  // dissect as a certificate to say where it breaks
    items.emplace_back(kind, data);
  }
  if (items.empty()) {
    print_error(l, msg("cli.nothing_to_show").arg("file", file));
    return 1;
  }
  bool ok = true;
  for (auto& [kind, der] : items) {
    Field root;
    root.name = kind;
    bool good = kind == "certificate" ? pki::dissect_certificate(der, 0, root)
                : kind == "crl" ? pki::dissect_crl(der, 0, root)
                : kind == "ocsp-response" ? pki::dissect_ocsp_response(der, 0, root)
                                          : pki::dissect_ocsp_request(der, 0, root);
    std::cout << msg("cli.item_heading").arg("kind", kind).arg("n", std::to_string(der.size())).render(l) << "\n";
    for (auto& c : root.children) std::cout << field_tree_text(c, 1);
    if (!good) {
      print_error(l, msg("cli.malformed_item").arg("file", file).arg("kind", kind));
      ok = false;
    }
  }
  return ok ? 0 : 1;
}

int cmd_verify(const std::vector<std::string>& trust, const std::vector<std::string>& untrusted, const std::string& host,
               const std::string& leaf, bool now, std::optional<int64_t> at, const std::string& crl_file,
               const std::string& ocsp_file, bool hard_fail, Lang l) {
  Message err;
  std::vector<Bytes> chain, anchors;
  if (!load_cert_file(leaf, &chain, &err)) {
    print_error(l, err);
    return 2;
  }
  for (auto& u : untrusted)
    if (!load_cert_file(u, &chain, &err)) {
      print_error(l, err);
      return 2;
    }
  for (auto& t : trust)
    if (!load_cert_file(t, &anchors, &err)) {
      print_error(l, err);
      return 2;
    }
  pki::ValidationPolicy pol;
  pol.enabled = true;
  pol.trust_store = anchors;
  pol.host = host;
  pol.hard_fail = hard_fail;
  if (now) pol.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  else if (at) pol.now = *at;
  if (!crl_file.empty()) {
    Bytes data;
    if (!read_binary_file(crl_file, &data, &err)) {
      print_error(l, err);
      return 2;
    }
    Bytes der = data;
    if (pem::looks_like_pem(data)) {
      auto p = pem::parse_pem(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
      if (!p.error.empty() || p.blocks.empty()) {
        print_error(l, p.error.empty() ? msg("cli.no_pem_block").arg("file", crl_file)
                                       : msg("cli.malformed_pem").arg("file", crl_file).arg("error", p.error));
        return 2;
      }
      der = p.blocks[0].der;
    }
    pol.fetch_crl = [der](const std::string&) -> std::optional<Bytes> { return der; };
  }
  std::optional<Bytes> stapled;
  if (!ocsp_file.empty()) {
    Bytes data;
    if (!read_binary_file(ocsp_file, &data, &err)) {
      print_error(l, err);
      return 2;
    }
    stapled = data;
  }
  auto v = pki::validate_server_chain(chain, pol, stapled);
  auto say = [&](const Message& m) { std::cout << m.render(l) << "\n"; };
  say(msg("cli.clock").arg("time", pki::time_text(pol.now))
          .arg("how", now ? msg("cli.clock_system") : at ? Message{} : msg("cli.clock_simulated")));
  for (auto& x : v.exchanges) {
    if (x.response.empty()) say(msg("cli.fetch_no_answer").arg("kind", x.kind).arg("url", x.url));
    else say(msg(x.kind == "OCSP" ? "cli.fetch_ocsp" : "cli.fetch_crl").arg("url", x.url).arg("n", std::to_string(x.response.size())));
  }
  for (size_t i = 0; i < v.checks.size(); ++i) {
    // The check's name and detail are the messages validate() gave: the title is "certificate
    // check: {check}" and the text "PASS: {detail}" or "FAIL: {detail}"; the verdict is typed.
    const Derivation& d = v.checks[i];
    const Message::Param* check = d.title.param("check");
    const Message::Param* detail = d.text.param("detail");
    auto part = [&](const Message::Param* p) { return !p ? std::string() : p->message.empty() ? p->text : p->message[0].render(l); };
    say(msg(v.passed[i] ? "cli.check_pass" : "cli.check_fail").arg("check", part(check)).arg("spec", d.spec));
    std::cout << "      " << part(detail) << "\n";
  }
  for (auto& n : v.notes) say(msg("cli.note").arg("note", n));
  if (v.ok()) {
    say(msg("cli.verdict_valid"));
    return 0;
  }
  say(msg("cli.verdict_invalid").arg("alert", std::string(name_of(v.failure->alert))).arg("reason", v.failure->message()));
  return 1;
}

}  // namespace

Command add_pki_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("pki", "the simulated PKI: certificate profiles, export, show and verify");
  cmd->require_subcommand(1);
  auto which = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>("en");  // --lang on each subcommand

  auto* profiles = cmd->add_subcommand("profiles", "list the certificate profiles and the alert each one causes");
  add_lang(profiles, *lang);
  profiles->callback([which] { *which = "profiles"; });

  struct ExportOpts {
    std::string profile, out, host = "www.example.com", key_type = "rsa";
    std::string seed = "2024";  // checked as a number by number_error (CLI11's strtoull would wrap "-1")
  };
  auto ex = std::make_shared<ExportOpts>();
  auto* exp = cmd->add_subcommand("export", "write a profile's root.pem, intermediate.pem, leaf.pem, chain.pem, leaf.key, crl.pem, "
                                            "ocsp-good.der and ocsp-revoked.der");
  exp->add_option("--profile", ex->profile, "certificate profile (tlslab pki profiles)")->required();
  exp->add_option("--out", ex->out, "directory to write into (created if needed)")->required();
  exp->add_option("--seed", ex->seed, "PKI seed (the scenario's pki_seed)")
      ->check(CLI::Validator([](std::string& v) { return number_error(v, UINT64_MAX); }, "N"))
      ->capture_default_str();
  exp->add_option("--host", ex->host, "the server name in the leaf")->check(host_validator())->capture_default_str();
  exp->add_option("--key-type", ex->key_type, "leaf key: rsa, ecdsa (P-256) or ed25519")
      ->check(CLI::IsMember({"rsa", "ecdsa", "ed25519"}))
      ->capture_default_str();
  add_lang(exp, *lang);
  exp->callback([which] { *which = "export"; });

  auto show_file = std::make_shared<std::string>();
  auto* show = cmd->add_subcommand("show", "print the field tree of a certificate, CRL or OCSP response (PEM or DER)");
  show->add_option("file", *show_file, "the file")->required();
  add_lang(show, *lang);
  show->callback([which] { *which = "show"; });

  struct VerifyOpts {
    std::vector<std::string> trust, untrusted;
    std::string host, leaf, crl, ocsp;
    bool now = false, hard_fail = false;
    std::string at;  // --attime, checked by attime_validator
  };
  auto vo = std::make_shared<VerifyOpts>();
  auto* ver = cmd->add_subcommand("verify", "validate a certificate chain with tlslab's validator and print every check "
                                            "(exit 0 only when valid)");
  ver->add_option("--trust", vo->trust, "trusted root certificate(s), PEM or DER (repeatable)")->required();
  ver->add_option("--untrusted", vo->untrusted, "intermediate certificate(s) the server would send (repeatable)");
  ver->add_option("--host", vo->host, "check the leaf against this host name (RFC 6125)")->check(host_validator());
  ver->add_option("--crl", vo->crl, "a CRL (PEM or DER) to check revocation against");
  ver->add_option("--ocsp", vo->ocsp, "an OCSP response (DER), as if stapled");
  ver->add_flag("--hard-fail", vo->hard_fail, "fail when no revocation answer is available");
  ver->add_flag("--now", vo->now, "check validity at the system time instead of the simulated clock");
  ver->add_option("--attime", vo->at, "check validity at this time (seconds since 1970, from -631152000 = 1950-01-01 to 253402300799 = 9999-12-31)")
      ->check(attime_validator());
  ver->add_option("leaf", vo->leaf, "the leaf certificate (a PEM file may also hold the intermediates)")->required();
  add_lang(ver, *lang);
  ver->callback([which] { *which = "verify"; });

  return {cmd, [=]() -> int {
            Lang l = lang_of(*lang);
            if (*which == "profiles") return cmd_profiles(l);
            if (*which == "export") return cmd_export(ex->profile, ex->out, std::stoull(ex->seed), ex->host, ex->key_type, l);
            if (*which == "show") return cmd_show(*show_file, l);
            if (*which == "verify")
              return cmd_verify(vo->trust, vo->untrusted, vo->host, vo->leaf, vo->now, attime_of(vo->at), vo->crl, vo->ocsp,
                                vo->hard_fail, l);
            return 2;
          }};
}

}  // namespace app

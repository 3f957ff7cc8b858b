// tlslab pki: the simulated PKI on the command line. `profiles` lists the certificate profiles,
// `export` writes a profile's chain, key, CRL and OCSP answers, `show` prints the field tree of
// a certificate, CRL or OCSP response, `verify` runs our validator and prints every check.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "asn1/pem.hpp"
#include "common.hpp"
#include "crypto/keys.hpp"
#include "export/text.hpp"
#include "pki/dissect.hpp"
#include "pki/profiles.hpp"
#include "pki/validate.hpp"

namespace app {

using namespace sim;

bool read_binary_file(const std::string& path, Bytes* out, std::string* err) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    *err = path + ": no such file";
    return false;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *err = path + ": cannot read";
    return false;
  }
  out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  if (out->size() > (16u << 20)) {
    *err = path + ": larger than 16 MiB, not a certificate";
    return false;
  }
  return true;
}

bool load_cert_file(const std::string& path, std::vector<Bytes>* out, std::string* err) {
  Bytes data;
  if (!read_binary_file(path, &data, err)) return false;
  std::string e;
  auto certs = pem::load_certificates(data, &e);
  if (certs.empty()) {
    *err = path + ": " + e;
    return false;
  }
  for (size_t i = 0; i < certs.size(); ++i) {
    auto c = pki::parse_certificate(certs[i]);
    if (!c) {
      *err = path + ": certificate " + std::to_string(i) + ": " + c.error().reason;
      return false;
    }
  }
  for (auto& c : certs) out->push_back(std::move(c));
  return true;
}

bool load_key_file(const std::string& path, Bytes* out, std::string* err) {
  Bytes data;
  if (!read_binary_file(path, &data, err)) return false;
  auto k = crypto::load_private_key(data);
  if (!k.pkcs8) {
    *err = path + ": " + k.error;
    return false;
  }
  *out = std::move(*k.pkcs8);
  return true;
}

namespace {

int cmd_profiles() {
  for (auto& p : pki::certificate_profiles()) {
    std::string alert = p.expected_alert ? std::string(name_of(*p.expected_alert)) : "none (handshake completes)";
    std::printf("%-30s %-26s %s\n", p.name.c_str(), alert.c_str(), p.description.c_str());
  }
  return 0;
}

int cmd_export(const std::string& profile, const std::string& dir, uint64_t seed, const std::string& host,
               const std::string& key_type) {
  auto p = pki::profile_by_name(profile);
  if (!p) {
    std::cerr << "error: unknown profile '" << profile << "' (see: tlslab pki profiles)\n";
    return 2;
  }
  crypto::KeyType kt = key_type == "ecdsa" ? crypto::KeyType::ecdsa_p256
                       : key_type == "ed25519" ? crypto::KeyType::ed25519 : crypto::KeyType::rsa;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    std::cerr << "error: cannot create directory " << dir << "\n";
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
    if (!write_file(path(o.file), o.text)) return 1;
    std::cout << path(o.file) << "\n";
  }
  std::cout << "profile " << profile << " for " << host << " (seed " << seed << "); the simulated clock is "
            << pki::time_text(pki::kSimulatedNow) << " (openssl verify -attime " << pki::kSimulatedNow << ")\n";
  return 0;
}

int cmd_show(const std::string& file) {
  Bytes data;
  std::string err;
  if (!read_binary_file(file, &data, &err)) {
    std::cerr << "error: " << err << "\n";
    return 2;
  }
  std::vector<std::pair<std::string, Bytes>> items;  // (kind, der)
  if (pem::looks_like_pem(data)) {
    auto p = pem::parse_pem(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
    if (!p.error.empty()) {
      std::cerr << "error: " << file << ": malformed PEM: " << p.error << "\n";
      return 1;
    }
    for (auto& b : p.blocks) {
      if (b.label == "CERTIFICATE" || b.label == "TRUSTED CERTIFICATE") items.emplace_back("certificate", b.der);
      else if (b.label == "X509 CRL") items.emplace_back("crl", b.der);
      else std::cout << "(" << b.label << " block: not shown)\n";
    }
  } else {
    std::string kind = pki::der_kind(data);
    if (kind.empty()) kind = "certificate";  // dissect as a certificate to say where it breaks
    items.emplace_back(kind, data);
  }
  if (items.empty()) {
    std::cerr << "error: " << file << ": no certificate, CRL or OCSP response in it\n";
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
    std::cout << kind << " (" << der.size() << " bytes)\n";
    for (auto& c : root.children) std::cout << field_tree_text(c, 1);
    if (!good) {
      std::cerr << "error: " << file << ": malformed " << kind << "\n";
      ok = false;
    }
  }
  return ok ? 0 : 1;
}

int cmd_verify(const std::vector<std::string>& trust, const std::vector<std::string>& untrusted, const std::string& host,
               const std::string& leaf, bool now, int64_t at, const std::string& crl_file,
               const std::string& ocsp_file, bool hard_fail) {
  std::string err;
  std::vector<Bytes> chain, anchors;
  if (!load_cert_file(leaf, &chain, &err)) {
    std::cerr << "error: " << err << "\n";
    return 2;
  }
  for (auto& u : untrusted)
    if (!load_cert_file(u, &chain, &err)) {
      std::cerr << "error: " << err << "\n";
      return 2;
    }
  for (auto& t : trust)
    if (!load_cert_file(t, &anchors, &err)) {
      std::cerr << "error: " << err << "\n";
      return 2;
    }
  pki::ValidationPolicy pol;
  pol.enabled = true;
  pol.trust_store = anchors;
  pol.host = host;
  pol.hard_fail = hard_fail;
  if (now) pol.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  else if (at) pol.now = at;
  if (!crl_file.empty()) {
    Bytes data;
    if (!read_binary_file(crl_file, &data, &err)) {
      std::cerr << "error: " << err << "\n";
      return 2;
    }
    Bytes der = data;
    if (pem::looks_like_pem(data)) {
      auto p = pem::parse_pem(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
      if (!p.error.empty() || p.blocks.empty()) {
        std::cerr << "error: " << crl_file << ": malformed PEM " << p.error << "\n";
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
      std::cerr << "error: " << err << "\n";
      return 2;
    }
    stapled = data;
  }
  auto v = pki::validate_server_chain(chain, pol, stapled);
  std::cout << "clock: " << pki::time_text(pol.now) << (now ? " (system time)" : at ? "" : " (the simulated clock; --now for the system time)")
            << "\n";
  for (auto& x : v.exchanges) std::cout << "fetch  " << x.kind << " " << x.url << ": " << x.summary.english() << "\n";
  for (auto& d : v.checks) {
    bool pass = d.formula.rfind("PASS", 0) == 0;
    std::cout << (pass ? "PASS  " : "FAIL  ") << d.name.substr(std::string("certificate check: ").size()) << "  ("
              << d.spec << ")\n      " << d.formula.substr(6) << "\n";
  }
  for (auto& n : v.notes) std::cout << "note: " << n << "\n";
  if (v.ok()) {
    std::cout << "verdict: valid\n";
    return 0;
  }
  std::cout << "verdict: INVALID, a TLS client sends " << name_of(v.failure->alert) << ": " << v.failure->reason << "\n";
  return 1;
}

}  // namespace

Command add_pki_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("pki", "the simulated PKI: certificate profiles, export, show and verify");
  cmd->require_subcommand(1);
  auto which = std::make_shared<std::string>();

  auto* profiles = cmd->add_subcommand("profiles", "list the certificate profiles and the alert each one causes");
  profiles->callback([which] { *which = "profiles"; });

  struct ExportOpts {
    std::string profile, out, host = "www.example.com", key_type = "rsa";
    uint64_t seed = 2024;
  };
  auto ex = std::make_shared<ExportOpts>();
  auto* exp = cmd->add_subcommand("export", "write a profile's root.pem, intermediate.pem, leaf.pem, chain.pem, leaf.key, crl.pem, "
                                            "ocsp-good.der and ocsp-revoked.der");
  exp->add_option("--profile", ex->profile, "certificate profile (tlslab pki profiles)")->required();
  exp->add_option("--out", ex->out, "directory to write into (created if needed)")->required();
  exp->add_option("--seed", ex->seed, "PKI seed (the scenario's pki_seed)")->capture_default_str();
  exp->add_option("--host", ex->host, "the server name in the leaf")->capture_default_str();
  exp->add_option("--key-type", ex->key_type, "leaf key: rsa, ecdsa (P-256) or ed25519")
      ->check(CLI::IsMember({"rsa", "ecdsa", "ed25519"}))
      ->capture_default_str();
  exp->callback([which] { *which = "export"; });

  auto show_file = std::make_shared<std::string>();
  auto* show = cmd->add_subcommand("show", "print the field tree of a certificate, CRL or OCSP response (PEM or DER)");
  show->add_option("file", *show_file, "the file")->required();
  show->callback([which] { *which = "show"; });

  struct VerifyOpts {
    std::vector<std::string> trust, untrusted;
    std::string host, leaf, crl, ocsp;
    bool now = false, hard_fail = false;
    int64_t at = 0;
  };
  auto vo = std::make_shared<VerifyOpts>();
  auto* ver = cmd->add_subcommand("verify", "validate a certificate chain with tlslab's validator and print every check "
                                            "(exit 0 only when valid)");
  ver->add_option("--trust", vo->trust, "trusted root certificate(s), PEM or DER (repeatable)")->required();
  ver->add_option("--untrusted", vo->untrusted, "intermediate certificate(s) the server would send (repeatable)");
  ver->add_option("--host", vo->host, "check the leaf against this host name (RFC 6125)");
  ver->add_option("--crl", vo->crl, "a CRL (PEM or DER) to check revocation against");
  ver->add_option("--ocsp", vo->ocsp, "an OCSP response (DER), as if stapled");
  ver->add_flag("--hard-fail", vo->hard_fail, "fail when no revocation answer is available");
  ver->add_flag("--now", vo->now, "check validity at the system time instead of the simulated clock");
  ver->add_option("--attime", vo->at, "check validity at this time (seconds since 1970)");
  ver->add_option("leaf", vo->leaf, "the leaf certificate (a PEM file may also hold the intermediates)")->required();
  ver->callback([which] { *which = "verify"; });

  return {cmd, [=]() -> int {
            if (*which == "profiles") return cmd_profiles();
            if (*which == "export") return cmd_export(ex->profile, ex->out, ex->seed, ex->host, ex->key_type);
            if (*which == "show") return cmd_show(*show_file);
            if (*which == "verify")
              return cmd_verify(vo->trust, vo->untrusted, vo->host, vo->leaf, vo->now, vo->at, vo->crl, vo->ocsp, vo->hard_fail);
            return 2;
          }};
}

}  // namespace app

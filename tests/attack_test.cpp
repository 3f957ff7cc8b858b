// Scripted attacks (sim/attack/, scenario/attacks.hpp): each run on the wire with its defense
// off (success, judged from what the attacker actually did against what the victims sent and
// received) and on (the exact failure: which alert, sent by whom, after which message).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hs/config.hpp"
#include "net/simulation.hpp"
#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

namespace {

using namespace sim;

ScenarioOptions attack(const std::string& name, std::vector<std::string> off = {}, uint16_t version = 0) {
  ScenarioOptions o;
  o.attack = name;
  for (auto& d : off) o.defenses[d] = false;
  if (version) o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  if (version == kTls13) o.client_min_version = o.server_min_version = kTls13;
  return o;
}

using simfix::run_attack;

using simfix::attack_evidence;

// The stopping alert, checked against the event the report points at.
void expect_stopped(const Trace& t, AlertDescription alert, Actor by, const std::string& in_state) {
  ASSERT_TRUE(t.attack);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(false));
  ASSERT_TRUE(t.attack->stopped_by_alert) << t.attack->summary.english();
  EXPECT_EQ(*t.attack->stopped_by_alert, alert) << name_of(*t.attack->stopped_by_alert);
  EXPECT_EQ(t.attack->stopped_by, by);
  const Event& e = t.events.at(*t.attack->stopped_at_event);
  ASSERT_TRUE(e.alert);
  EXPECT_EQ(e.alert->description, alert);
  EXPECT_EQ(e.from, by);
  // Where the stopping side stood when it sent it: the message it was reading.
  ASSERT_TRUE(e.states.sender);
  EXPECT_EQ(name_of(e.states.sender->before), in_state);
}

bool contains(const Bytes& hay, const Bytes& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

// ---- mitm-forged-cert -----------------------------------------------------------------------

struct ForgedCase {
  std::string variant;
  AlertDescription alert;
};

class MitmForgedCert : public testing::TestWithParam<std::tuple<uint16_t, ForgedCase>> {};

TEST_P(MitmForgedCert, ValidationStopsItAtTheCertificate) {
  auto [version, c] = GetParam();
  ScenarioOptions o = attack("mitm-forged-cert", {}, version);
  o.attack_variant = c.variant;
  Trace t = run_attack(o);
  // RFC 5246 7.2.2 / RFC 8446 6.2: unknown_ca for a chain to no trusted root, bad_certificate for
  // a name that does not match the host.
  // SSL 3.0 has no unknown_ca (RFC 6101 5.4.2): certificate_unknown stands for it.
  AlertDescription want = version == kSsl3 && c.alert == AlertDescription::unknown_ca ? AlertDescription::certificate_unknown : c.alert;
  expect_stopped(t, want, Actor::client, "ReadServerCertificate");
  EXPECT_EQ(t.events[*t.attack->stopped_at_event].to, Actor::attacker);
  EXPECT_TRUE(t.server_app_received.empty());
  EXPECT_EQ(attack_evidence(t, "request_read"), nullptr);
}

TEST_P(MitmForgedCert, WithoutValidationTheAttackerReadsTheRequestAndForgesThePage) {
  auto [version, c] = GetParam();
  ScenarioOptions o = attack("mitm-forged-cert", {"certificate-validation"}, version);
  o.attack_variant = c.variant;
  Trace t = run_attack(o);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  // What the attacker read on its own connection is exactly what the client sent...
  const AttackEvidence* read = attack_evidence(t, "request_read");
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->value, http_request_for(o.host));
  // ...and it relayed it: the real server got the same request over the attacker's connection.
  EXPECT_EQ(t.server_app_received, http_request_for(o.host));
  // The client received the attacker's page, not the server's.
  const AttackEvidence* page = attack_evidence(t, "page_forged");
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(t.client_app_received, page->value);
  EXPECT_FALSE(contains(t.client_app_received, to_bytes("Hello from " + o.host)));
  ASSERT_TRUE(read->event);
  EXPECT_EQ(t.events[*read->event].from, Actor::client);
  EXPECT_EQ(t.events[*read->event].to, Actor::attacker);
}

INSTANTIATE_TEST_SUITE_P(
    Versions, MitmForgedCert,
    testing::Combine(testing::Values(kSsl3, kTls12, kTls13),
                     testing::Values(ForgedCase{"self-signed", AlertDescription::unknown_ca},
                                     ForgedCase{"own-ca", AlertDescription::unknown_ca},
                                     ForgedCase{"other-host", AlertDescription::bad_certificate})),
    [](const auto& info) {
      std::string v = version_option_name(std::get<0>(info.param)) + "_" + std::get<1>(info.param).variant;
      std::replace_if(v.begin(), v.end(), [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
      return v;
    });

// ---- suite-rollback -------------------------------------------------------------------------

// The suites of a ClientHello record (record header 5, handshake header 4, version, random, session id).
std::vector<uint16_t> offered_suites(const Bytes& rec) {
  size_t p = 5 + 4 + 2 + 32;
  p += 1 + rec.at(p);
  size_t n = size_t(rec.at(p)) << 8 | rec.at(p + 1);
  std::vector<uint16_t> out;
  for (size_t i = 0; i < n; i += 2) out.push_back(uint16_t(rec.at(p + 2 + i) << 8 | rec.at(p + 3 + i)));
  return out;
}

TEST(SuiteRollback, WithoutFinishedCheckOrEmsTheWeakSuiteIsUsedToTheEnd) {
  for (uint16_t v : {kSsl3, kTls10, kTls12}) {
    Trace t = run_attack(attack("suite-rollback", {"finished-check", "extended-master-secret"}, v));
    ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << version_name(v) << ": " << t.attack->summary.english();
    // The client offered strong suites; the server saw only the weakest class and chose from it.
    const Event* ch = simfix::find_event(t, [](const Event& e) { return e.from == Actor::client && !e.attack && e.name == "ClientHello"; });
    const Event* altered = simfix::find_event(t, [](const Event& e) { return e.attack && e.attack->kind == AttackAction::Kind::replace; });
    ASSERT_TRUE(ch && altered);
    auto before = offered_suites(ch->bytes), after = offered_suites(altered->bytes);
    EXPECT_GT(before.size(), after.size());
    EXPECT_TRUE(std::any_of(before.begin(), before.end(), [](uint16_t id) { return suite_by_id(id) && suite_by_id(id)->aead(); }) ||
                std::any_of(before.begin(), before.end(), [](uint16_t id) { return id == 0x002f || id == 0x000a; }));
    const CipherSuiteInfo* chosen = suite_by_id(t.negotiated.cipher_suite);
    ASSERT_NE(chosen, nullptr);
    // 40-bit export where the version allows it (RFC 4346 A.5 forbids it from TLS 1.1), else RC4.
    if (v <= kTls10) EXPECT_TRUE(chosen->exportable()) << chosen->name;
    else EXPECT_EQ(chosen->cipher, BulkCipher::rc4_128) << chosen->name;
    EXPECT_TRUE(std::find(after.begin(), after.end(), chosen->id) != after.end());
    // Used to the end: the request and the page went through under it.
    EXPECT_EQ(t.server_app_received, http_request_for("www.example.com"));
    EXPECT_EQ(t.outcome, OutcomeKind::completed);
  }
}

TEST(SuiteRollback, TheFinishedCheckCatchesTheAlteredClientHello) {
  // Without EMS both sides derive the same keys, so the server decrypts the client's Finished
  // and finds a verify_data over a different ClientHello: decrypt_error (RFC 5246 7.4.9); SSL
  // 3.0 has no decrypt_error and answers handshake_failure (RFC 6101 5.4.2).
  Trace t12 = run_attack(attack("suite-rollback", {"extended-master-secret"}, kTls12));
  expect_stopped(t12, AlertDescription::decrypt_error, Actor::server, "ReadClientFinished");
  Trace t3 = run_attack(attack("suite-rollback", {}, kSsl3));
  expect_stopped(t3, AlertDescription::handshake_failure, Actor::server, "ReadClientFinished");
}

TEST(SuiteRollback, TheExtendedMasterSecretMakesTheKeysDiffer) {
  // RFC 7627: the master secret covers the transcript, so the client's first protected record
  // (its Finished) does not even open at the server, Finished check or not.
  for (auto off : std::vector<std::vector<std::string>>{{}, {"finished-check"}}) {
    Trace t = run_attack(attack("suite-rollback", off, kTls12));
    expect_stopped(t, AlertDescription::bad_record_mac, Actor::server, "ReadClientFinished");
  }
}

// ---- record attacks -------------------------------------------------------------------------

struct RecordCase {
  uint16_t version;
  const char* suite;  // null: the default
};

class RecordAttacks : public testing::TestWithParam<RecordCase> {
 protected:
  ScenarioOptions opts(const std::string& name, std::vector<std::string> off = {}) {
    ScenarioOptions o = attack(name, std::move(off), GetParam().version);
    if (GetParam().suite) o.client_suites = o.server_suites = {suite_by_name(GetParam().suite)->id};
    return o;
  }
};

TEST_P(RecordAttacks, AFlippedBitGivesBadRecordMac) {
  Trace t = run_attack(opts("record-tamper"));
  expect_stopped(t, AlertDescription::bad_record_mac, Actor::server, "Connected");
  EXPECT_TRUE(t.server_app_received.empty());
}

TEST_P(RecordAttacks, AReplayedRecordFailsOnItsSequenceNumber) {
  Trace t = run_attack(opts("record-replay"));
  expect_stopped(t, AlertDescription::bad_record_mac, Actor::server, "Connected");
  // The original went through once; the copy did not.
  EXPECT_EQ(t.server_app_received, http_request_for("www.example.com"));
  const AttackEvidence* copy = attack_evidence(t, "record_replayed");
  ASSERT_NE(copy, nullptr);
  const Event& stopped_on = *simfix::find_event(t, [](const Event& e) { return e.attack && e.attack->kind == AttackAction::Kind::inject; });
  EXPECT_EQ(stopped_on.bytes, copy->value);
}

TEST_P(RecordAttacks, AReorderedRecordFailsOnItsSequenceNumber) {
  Trace t = run_attack(opts("record-reorder"));
  expect_stopped(t, AlertDescription::bad_record_mac, Actor::client, "Connected");
  EXPECT_TRUE(t.client_app_received.empty());
}

TEST_P(RecordAttacks, ADroppedRecordIsSeenAtTheNextOne) {
  Trace t = run_attack(opts("record-drop"));
  expect_stopped(t, AlertDescription::bad_record_mac, Actor::client, "Connected");
  EXPECT_TRUE(t.client_app_received.empty());
}

TEST_P(RecordAttacks, TruncationIsReportedUnlessCloseNotifyIsNotRequired) {
  Trace t = run_attack(opts("truncation"));
  EXPECT_EQ(t.attack->succeeded, std::optional<bool>(false));
  EXPECT_EQ(t.outcome, OutcomeKind::client_failed);
  EXPECT_EQ(t.outcome.reason.english(), "client failed: close_notify (the transport closed before close_notify: the data may have been truncated)");
  Trace lenient = run_attack(opts("truncation", {"close-notify-required"}));
  EXPECT_EQ(lenient.attack->succeeded, std::optional<bool>(true));
  EXPECT_EQ(lenient.outcome, OutcomeKind::completed);
  // The server's close_notify was what the attacker cut.
  const AttackEvidence* cut = attack_evidence(lenient, "record_cut");
  ASSERT_NE(cut, nullptr);
  EXPECT_FALSE(cut->value.empty());
}

INSTANTIATE_TEST_SUITE_P(VersionsAndCiphers, RecordAttacks,
                         testing::Values(RecordCase{kSsl3, "SSL_RSA_WITH_3DES_EDE_CBC_SHA"},
                                         RecordCase{kSsl3, "SSL_RSA_WITH_RC4_128_MD5"},
                                         RecordCase{kTls10, "TLS_RSA_WITH_AES_128_CBC_SHA"},
                                         RecordCase{kTls12, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
                                         RecordCase{kTls12, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
                                         RecordCase{kTls13, nullptr}),
                         [](const auto& info) {
                           std::string n = version_option_name(info.param.version) + "_" +
                                           (info.param.suite ? std::string(info.param.suite) : std::string("default"));
                           std::replace_if(n.begin(), n.end(), [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
                           return n;
                         });

// ---- the options, the trace and the table ---------------------------------------------------

TEST(AttackOptions, BadChoicesAreErrorsNamingWhatIsWrong) {
  auto first = [](const ScenarioOptions& o) { auto d = validate(o); return d.empty() ? std::string() : d.front().text.en; };
  ScenarioOptions o;
  o.defenses["finished-check"] = false;
  EXPECT_EQ(first(o), "a defense is named but no attack (--attack)");
  o = attack("suite-rollback", {"certificate-validation"});
  EXPECT_EQ(first(o), "unknown defense 'certificate-validation' of suite-rollback (expected: finished-check, extended-master-secret)");
  o = attack("record-tamper", {"record-mac"});
  EXPECT_EQ(first(o), "the defense record-mac is part of the protocol and cannot be switched off");
  o = attack("suite-rollback", {}, kTls13);
  EXPECT_EQ(first(o), "the attack suite-rollback applies only to SSL 3.0 to TLS 1.2");
  o = attack("mitm-forged-cert");
  o.attack_variant = "stolen-key";
  EXPECT_EQ(first(o), "unknown variant 'stolen-key' of mitm-forged-cert (expected: self-signed, own-ca, other-host)");
  auto loaded = scenario_from_json(R"({"attack": {"name": "heartbleed"}})", "test");
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().reason.find("unknown attack 'heartbleed'"), std::string::npos) << loaded.error().reason;
}

TEST(AttackOptions, ScenarioFilesRoundTripTheAttack) {
  ScenarioOptions o = attack("mitm-forged-cert", {"certificate-validation"});
  o.attack_variant = "own-ca";
  std::string text = scenario_to_json(o);
  auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["attack"]["name"], "mitm-forged-cert");
  EXPECT_EQ(j["attack"]["variant"], "own-ca");
  EXPECT_EQ(j["attack"]["defenses"]["certificate-validation"], false);
  auto back = scenario_from_json(text, "test");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->attack, o.attack);
  EXPECT_EQ(back->attack_variant, o.attack_variant);
  EXPECT_EQ(back->defenses, o.defenses);
}

TEST(AttackTrace, TheReportIsWrittenAndReadBack) {
  Trace t = run_attack(attack("mitm-forged-cert", {"certificate-validation"}));
  auto j = nlohmann::json::parse(trace_json_text(t));
  EXPECT_EQ(j["attack"]["name"], "mitm-forged-cert");
  EXPECT_EQ(j["attack"]["succeeded"], true);
  EXPECT_EQ(j["attack"]["defenses_on"], nlohmann::json::array());
  EXPECT_EQ(j["attack"]["evidence"][0]["name"], "request_read");
  auto back = trace_from_json_text(trace_json_text(t));
  ASSERT_TRUE(back) << back.error().reason;
  ASSERT_TRUE(back->attack);
  EXPECT_EQ(*back->attack, *t.attack);
  Trace stopped = run_attack(attack("record-tamper"));
  auto js = nlohmann::json::parse(trace_json_text(stopped));
  EXPECT_EQ(js["attack"]["stopped_by"]["alert"], "bad_record_mac");
  EXPECT_EQ(js["attack"]["stopped_by"]["sender"], "server");
  auto back2 = trace_from_json_text(trace_json_text(stopped));
  ASSERT_TRUE(back2);
  EXPECT_EQ(*back2->attack, *stopped.attack);
}

TEST(AttackTrace, StepBackReplaysTheSameAttack) {
  Simulation s(attack("record-reorder"));
  s.run_to_end();
  std::string full = trace_json_text(s.trace());
  size_t n = s.step_count();
  s.replay_to(3);
  s.replay_to(n);
  EXPECT_EQ(trace_json_text(s.trace()), full);
}

TEST(AttackTable, EveryAttackHasItsTextsInBothLanguagesAndAScript) {
  for (auto& a : attack_table()) {
    for (const Message* m : {&a.title, &a.explain, &a.expect_defended, &a.expect_undefended}) {
      EXPECT_NE(m->render(Lang::en), m->render(Lang::fr)) << a.name << " " << m->key;
      EXPECT_EQ(m->render(Lang::en).find(m->key), std::string::npos) << a.name << ": missing catalog key " << m->key;
    }
    ScenarioOptions o;
    o.attack = a.name;
    EXPECT_NE(make_scripted_attacker(effective_options(o)), nullptr) << a.name;
    for (auto& d : a.defenses) EXPECT_NE(d.how.render(Lang::en), d.how.render(Lang::fr)) << d.name;
  }
}

}  // namespace

// ---- revocation-block -----------------------------------------------------------------------

namespace {

TEST(RevocationBlock, SoftFailAcceptsTheRevokedCertificateOnceTheAnswersAreDropped) {
  // Without the attacker the same client refuses the certificate: the attack is what changes it.
  ScenarioOptions honest = effective_options(attack("revocation-block"));
  honest.attack.clear();
  Simulation h(honest);
  h.run_to_end();
  const Event* refused = simfix::fatal_alert_from(h.trace(), Actor::client);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->alert->description, AlertDescription::certificate_revoked);

  Trace t = run_attack(attack("revocation-block"));
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english();
  EXPECT_EQ(t.outcome, OutcomeKind::completed);
  const AttackEvidence* dropped = attack_evidence(t, "answer_dropped");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(std::string(dropped->value.begin(), dropped->value.end()), "OCSP http://ocsp.tlslab.test/");
}

TEST(RevocationBlock, HardFailAndStaplingRefuseIt) {
  // RFC 5280 6.3: no status, no trust (certificate_unknown); RFC 6066 8: the stapled answer says revoked.
  ScenarioOptions o = attack("revocation-block", {}, kTls12);
  o.defenses["hard-fail"] = true;
  Trace hard = run_attack(o);
  expect_stopped(hard, AlertDescription::certificate_unknown, Actor::client, "ReadServerCertificate");
  o.defenses = {{"ocsp-stapling", true}};
  Trace stapled = run_attack(o);
  expect_stopped(stapled, AlertDescription::certificate_revoked, Actor::client, "ReadCertificateStatus");
  EXPECT_EQ(attack_evidence(stapled, "answer_dropped"), nullptr);  // nothing left to drop: the answer came in the handshake
}

}  // namespace

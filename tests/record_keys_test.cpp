// The typed trace's record protection and content type (sim/trace/record_keys.hpp): every
// phase round-trips through JSON and through its English text, traces that stored the older
// string form load with the right phase, the catalog renders it in both languages, and the
// GUI's key class comes from the typed fields.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "model/view_model.hpp"
#include "net/simulation.hpp"
#include "hs/tls13.hpp"
#include "trace/record_keys.hpp"
#include "trace/trace_io.hpp"

namespace {

using namespace sim;
using nlohmann::json;

// One protection of every phase and shape the engine writes.
std::vector<Protection> every_phase() {
  return {
      Protection{},
      Protection::epoch_keys(KeySide::client, 1, 0x002f),
      Protection::epoch_keys(KeySide::server, 3, 0xc02f),
      Protection::early_keys(KeySide::client, 0x1301),
      Protection::early_not_accepted(),
      Protection::handshake_keys(KeySide::server, 0x1302),
      Protection::handshake_keys(KeySide::client, 0x1303),
      Protection::application_keys(KeySide::client, 0, 0x1301),
      Protection::application_keys(KeySide::server, 2, 0x1301),
      Protection::unknown_keys(),
  };
}

ScenarioOptions options(uint16_t version) {
  ScenarioOptions o;
  o.seed = 5;
  o.client_min_version = o.client_max_version = version;
  o.server_min_version = o.server_max_version = version;
  return o;
}

// A protection as the trace writer writes it, in an event of its own.
json written(const Protection& p) {
  Trace t;
  Event e;
  e.protection = p;
  t.events.push_back(e);
  return json::parse(trace_json_text(t))["events"][0]["protection"];
}

Trace run(const ScenarioOptions& o) {
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

}  // namespace

TEST(RecordKeys, EveryPhaseRoundTripsThroughJson) {
  std::set<std::string> phases;
  for (const Protection& p : every_phase()) {
    json j = written(p);
    ASSERT_TRUE(j.is_object());
    phases.insert(j["phase"].get<std::string>());
    EXPECT_EQ(j["phase"], name_of(p.phase));
    ProtectionError why;
    auto back = protection_from_json(json::parse(j.dump()), &why);
    ASSERT_TRUE(back.has_value()) << j.dump() << ": " << why.member << ": " << why.message;
    EXPECT_EQ(*back, p) << j.dump();
  }
  EXPECT_EQ(phases, (std::set<std::string>{"none", "epoch", "early", "handshake", "application", "unknown"}));
  // Fixed names.
  EXPECT_EQ(written(Protection::handshake_keys(KeySide::server, 0x1301)),
            json::parse(R"({"phase":"handshake","side":"server","suite":"TLS_AES_128_GCM_SHA256"})"));
  EXPECT_EQ(written(Protection::application_keys(KeySide::client, 1, 0x1301))["generation"], 1);
  EXPECT_EQ(written(Protection::epoch_keys(KeySide::client, 2, 0x002f))["epoch"], 2);
  EXPECT_EQ(written(Protection{}), json::parse(R"({"phase":"none"})"));
  // What the reader refuses, with why.
  for (const char* bad : {R"({"phase":"later"})", R"({"phase":"epoch","side":"client","suite":"TLS_RSA_WITH_AES_128_CBC_SHA"})",
                          R"({"phase":"handshake","side":"attacker","suite":"TLS_AES_128_GCM_SHA256"})",
                          R"({"phase":"handshake","side":"client","suite":"TLS_NO_SUCH_SUITE"})", R"(["none"])",
                          R"x("client_write (epoch 1)")x"}) {
    ProtectionError why;
    EXPECT_FALSE(protection_from_json(json::parse(bad), &why).has_value()) << bad;
    EXPECT_FALSE(why.message.empty()) << bad;
  }
}

TEST(RecordKeys, TextIsTheOlderFormAndReadsBack) {
  EXPECT_EQ(protection_text(Protection{}), "none");
  EXPECT_EQ(protection_text(Protection::epoch_keys(KeySide::client, 1, 0x002f)), "client_write keys (TLS_RSA_WITH_AES_128_CBC_SHA)");
  EXPECT_EQ(protection_text(Protection::epoch_keys(KeySide::server, 2, 0x002f)), "server_write keys #2 (TLS_RSA_WITH_AES_128_CBC_SHA)");
  EXPECT_EQ(protection_text(Protection::handshake_keys(KeySide::server, 0x1301)), "server_handshake_traffic keys (TLS_AES_128_GCM_SHA256)");
  EXPECT_EQ(protection_text(Protection::application_keys(KeySide::client, 1, 0x1301)),
            "client_application_traffic_1 keys (TLS_AES_128_GCM_SHA256)");
  EXPECT_EQ(protection_text(Protection::early_keys(KeySide::client, 0x1301)), "client_early_traffic keys (TLS_AES_128_GCM_SHA256)");
  EXPECT_EQ(protection_text(Protection::early_not_accepted()), "client_early_traffic keys (not accepted by the server)");
  EXPECT_EQ(protection_text(Protection::unknown_keys()), "unknown");
  for (const Protection& p : every_phase()) {
    auto back = protection_from_text(protection_text(p));
    ASSERT_TRUE(back.has_value()) << protection_text(p);
    EXPECT_EQ(*back, p) << protection_text(p);
    // The catalog's English is the text; French is another sentence with the same values.
    Message m = protection_message(p);
    EXPECT_EQ(m.render(Lang::en), protection_text(p));
    EXPECT_NE(m.render(Lang::fr), m.render(Lang::en)) << m.key;
  }
  EXPECT_EQ(protection_message(Protection::handshake_keys(KeySide::server, 0x1301)).render(Lang::fr),
            "clés server_handshake_traffic (TLS_AES_128_GCM_SHA256)");
  for (const char* bad : {"client_write", "client_write keys", "attacker_write keys (TLS_RSA_WITH_AES_128_CBC_SHA)",
                          "client_bogus_traffic keys (TLS_AES_128_GCM_SHA256)", "client_write keys (TLS_NO_SUCH_SUITE)"})
    EXPECT_FALSE(protection_from_text(bad).has_value()) << bad;
}

// A TLS 1.3 cipher state is made for a key set and reports it as its protection, whatever the
// phase, side or generation; its name, which prefixes its key derivations, is the one the older
// text form spells (read back by the independent protection_from_text).
TEST(RecordKeys, Tls13CipherStateIsTheKeySetItWasMadeFor) {
  const CipherSuiteInfo* s = suite_by_id(0x1302);
  ASSERT_TRUE(s);
  Bytes secret(48, 0x5a);
  for (const Protection& keys : {Protection::early_keys(KeySide::client, 0), Protection::handshake_keys(KeySide::server, 0),
                                 Protection::handshake_keys(KeySide::client, 0), Protection::application_keys(KeySide::client, 0, 0),
                                 Protection::application_keys(KeySide::server, 12, 0)}) {
    std::vector<Derivation> ds;
    CipherState cs = tls13::traffic_state(Actor::client, *s, "a_traffic_secret", secret, keys, &ds);
    Protection want = keys;
    want.cipher_suite = s->id;
    EXPECT_EQ(cs.protection(), want) << cs.name;
    auto from_name = protection_from_text(cs.name + " keys (" + std::string(s->name) + ")");
    ASSERT_TRUE(from_name.has_value()) << cs.name;
    EXPECT_EQ(*from_name, want) << cs.name;
    ASSERT_EQ(ds.size(), 2u);
    EXPECT_EQ(ds[0].name, cs.name + "_key");
    EXPECT_EQ(ds[1].name, cs.name + "_iv");
  }
}

TEST(RecordKeys, RunsRecordTypedProtectionThatRoundTrips) {
  auto o13 = options(kTls13);
  o13.key_update = ScenarioOptions::KeyUpdate::client;
  o13.key_update_request = true;
  for (const Trace& t : {run(options(kTls12)), run(o13)}) {
    ASSERT_EQ(t.outcome, OutcomeKind::completed);
    std::set<ProtectionPhase> seen;
    for (auto& e : t.events) {
      seen.insert(e.protection.phase);
      ASSERT_TRUE(e.layer.has_value()) << e.name;
      // Every record the endpoints send names its content type; protected ones their keys' sender.
      if (e.protection.is_protected()) {
        EXPECT_EQ(e.protection.side, e.from == Actor::client ? KeySide::client : KeySide::server) << e.name;
        EXPECT_EQ(e.protection.cipher_suite, t.negotiated.cipher_suite) << e.name;
      }
    }
    bool tls13 = t.negotiated.version == kTls13;
    EXPECT_TRUE(seen.count(ProtectionPhase::none));
    EXPECT_EQ(seen.count(ProtectionPhase::epoch), tls13 ? 0u : 1u);
    EXPECT_EQ(seen.count(ProtectionPhase::handshake), tls13 ? 1u : 0u);
    EXPECT_EQ(seen.count(ProtectionPhase::application), tls13 ? 1u : 0u);
    if (tls13) {
      bool gen1 = false;
      for (auto& e : t.events) gen1 |= e.protection.phase == ProtectionPhase::application && e.protection.number == 1;
      EXPECT_TRUE(gen1) << "the KeyUpdate's next generation";
    }
    // The whole trace reads back with the same protections and layers.
    auto back = trace_from_json_text(trace_json_text(t));
    ASSERT_TRUE(back.ok()) << back.error().reason;
    ASSERT_EQ(back->events.size(), t.events.size());
    for (size_t i = 0; i < t.events.size(); ++i) {
      EXPECT_EQ(back->events[i].protection, t.events[i].protection) << i;
      EXPECT_EQ(back->events[i].layer, t.events[i].layer) << i;
    }
    EXPECT_EQ(trace_json_text(*back), trace_json_text(t));
  }
}

TEST(RecordKeys, TracesWithTheOlderStringFormLoad) {
  auto o = options(kTls13);
  o.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  o.early_data = ScenarioOptions::EarlyData::accepted;
  Trace t = run(o);
  ASSERT_TRUE(t.handshake_complete);
  json j = json::parse(trace_json_text(t));
  for (auto& ev : j["events"]) {
    ProtectionError why;
    auto p = protection_from_json(ev["protection"], &why);
    ASSERT_TRUE(p) << why.message;
    ev["protection"] = protection_text(*p);  // as traces stored it before
  }
  auto back = trace_from_json_text(j.dump());
  ASSERT_TRUE(back.ok()) << back.error().reason;
  size_t early = 0, handshake = 0;
  for (size_t i = 0; i < t.events.size(); ++i) {
    EXPECT_EQ(back->events[i].protection, t.events[i].protection) << i;
    early += back->events[i].protection.phase == ProtectionPhase::early;
    handshake += back->events[i].protection.phase == ProtectionPhase::handshake;
  }
  EXPECT_GT(early, 0u);
  EXPECT_GT(handshake, 0u);

  // A hand-written event in the older form: the phase, side, number and suite come back.
  json ev = j["events"][0];
  ev["protection"] = "server_application_traffic_2 keys (TLS_AES_256_GCM_SHA384)";
  ev["layer"] = "";  // an older trace's event without a record
  // Alone in its trace: its derivations' inputs would name fields of events left out.
  ev["derivations"] = json::array();
  ev["receiver_derivations"] = json::array();
  j["events"] = json::array({ev});
  back = trace_from_json_text(j.dump());
  ASSERT_TRUE(back.ok()) << back.error().reason;
  EXPECT_EQ(back->events[0].protection, Protection::application_keys(KeySide::server, 2, 0x1302));
  EXPECT_FALSE(back->events[0].layer.has_value());
  j["events"][0]["protection"] = "client_write (epoch 1)";
  auto refused = trace_from_json_text(j.dump());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().reason.find("events[0].protection"), std::string::npos) << refused.error().reason;
  j["events"][0]["protection"] = "none";
  j["events"][0]["layer"] = "heartbeat";
  refused = trace_from_json_text(j.dump());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().reason.find("events[0].layer"), std::string::npos) << refused.error().reason;
}

TEST(RecordKeys, GuiKeyClassComesFromTheTypedPhase) {
  using gui::KeyClass;
  // TLS 1.3: the traffic secret's phase decides, whatever the record carries.
  Trace t13 = run(options(kTls13));
  size_t hs = 0, app = 0;
  for (auto& e : t13.events) {
    KeyClass want = e.protection.phase == ProtectionPhase::handshake     ? KeyClass::handshake
                    : e.protection.phase == ProtectionPhase::application ? KeyClass::application
                                                                         : KeyClass::none;
    EXPECT_EQ(gui::key_class(e), want) << e.name;
    hs += want == KeyClass::handshake;
    app += want == KeyClass::application;
    if (e.name == "EncryptedExtensions" || e.name.find("Finished") != std::string::npos) {
      EXPECT_EQ(gui::key_class(e), KeyClass::handshake) << e.name;
    }
  }
  EXPECT_GE(hs, 2u);
  EXPECT_GE(app, 2u);
  // Only the typed field counts: the same record under application keys is application.
  for (auto& e : t13.events) {
    if (e.protection.phase != ProtectionPhase::handshake) continue;
    Event moved = e;
    moved.protection.phase = ProtectionPhase::application;
    EXPECT_EQ(gui::key_class(moved), KeyClass::application);
    moved.protection = Protection{};
    EXPECT_EQ(gui::key_class(moved), KeyClass::none);
    break;
  }
  // TLS 1.2: one key set per direction (RFC 5246 6.1): Finished and application data share it.
  Trace t12 = run(options(kTls12));
  size_t fin = 0, data = 0;
  for (auto& e : t12.events) {
    if (!e.protection.is_protected()) {
      EXPECT_EQ(gui::key_class(e), KeyClass::none) << e.name;
      continue;
    }
    EXPECT_EQ(e.protection.phase, ProtectionPhase::epoch) << e.name;
    EXPECT_EQ(e.protection.number, 1) << e.name;
    EXPECT_EQ(gui::key_class(e), KeyClass::epoch) << e.name;
    fin += e.layer == ContentType::handshake;
    data += e.layer == ContentType::application_data;
  }
  EXPECT_EQ(fin, 2u);
  EXPECT_GE(data, 2u);
}

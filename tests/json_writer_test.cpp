// The trace's one-pass JSON writer (trace_json_text) against the independent judge: nlohmann's
// dump(2) of the DOM to_json() builds, with "format" and "version" moved first (what the
// exporter did before it wrote the text itself). And the streaming reader (trace_from_json_text)
// against the errors the whole-document reader gave.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "net/simulation.hpp"
#include "scenario/scenario_io.hpp"
#include "trace/json_writer.hpp"
#include "trace/trace.hpp"
#include "trace/trace_io.hpp"

namespace {

using namespace sim;
using nlohmann::json;

std::string dom_text(const Trace& t) {
  json j = to_json(t);
  nlohmann::ordered_json top;
  top["format"] = j["format"];
  top["version"] = j["version"];
  for (auto& [k, v] : j.items())
    if (k != "format" && k != "version") top[k] = v;
  return top.dump(2) + "\n";
}

// The first line where two texts differ, for a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t from = a.rfind('\n', i == 0 ? 0 : i - 1);
  from = from == std::string::npos ? 0 : from + 1;
  return "at byte " + std::to_string(i) + ":\n  writer: " + a.substr(from, a.find('\n', i) - from) +
         "\n  dom:    " + b.substr(from, b.find('\n', i) - from);
}

TEST(JsonWriter, EveryBuiltInScenarioIsWrittenAsNlohmannDumpsIt) {
  size_t n = 0;
  for (const NamedScenario& s : list_scenarios()) {
    auto o = load_scenario(s.name);
    ASSERT_TRUE(o.ok()) << s.name << ": " << o.error().reason;
    Simulation sim(*o);
    sim.run_to_end();
    std::string text = trace_json_text(sim.trace());
    std::string judge = dom_text(sim.trace());
    EXPECT_TRUE(text == judge) << s.name << " " << first_difference(text, judge);
    // The streaming reader gives back a trace that writes the same text.
    auto back = trace_from_json_text(text);
    ASSERT_TRUE(back.ok()) << s.name << ": " << back.error().reason;
    EXPECT_TRUE(trace_json_text(*back) == text) << s.name;
    ++n;
  }
  EXPECT_GT(n, 40u);
}

// Every optional member and source kind, and strings that need escaping or are not ASCII.
Trace kitchen_sink() {
  const std::string odd = std::string("q\"b\\s/ \x01\x1f\x7f\b\f\n\r\t é € 😀 ") + '\0' + "end";
  Trace t;
  t.scenario = R"({"z": 1, "a": [1.5, -2, 1e300, "x\u0001é"], "m": {"b": null, "a": true}, "e": {}, "l": []})";
  t.outcome.kind = OutcomeKind::client_failed;
  t.outcome.reason = msg("zeta").arg("b", odd).arg("a", msg("inner").arg("x", "1")).arg("b", "last wins");
  t.handshake_complete = true;
  t.client_app_received = {0x00, 0xff, 0x10};
  t.keylog = {"CLIENT_RANDOM 00 11", odd};
  t.negotiated.version = 0x0304;
  t.negotiated.cipher_suite = 0x1301;
  t.negotiated.group = NamedGroup::x25519;
  t.negotiated.server_name = odd;
  t.negotiated.compression_method = 1;
  t.negotiated.key_exchange_mode = "psk_dhe_ke";
  t.negotiated.hello_retry_request = true;
  t.negotiated.early_data = "accepted";
  t.negotiated.handshakes = 3;
  t.connections = {{2, ConnectionStart::Kind::fallback, 0x0303}, {3, ConnectionStart::Kind::request, 0x0304}};
  AttackReport a;
  a.name = "padding-oracle";
  a.variant = odd;
  a.defenses_on = {"x", odd};
  a.succeeded = false;
  a.summary = msg("attack.summary").arg("n", "3");
  a.evidence = {{"request_read", msg("ev.label"), to_bytes("GET /\r\n"), true, 1}, {"raw", msg("ev.raw"), {1, 2}, false, {}}};
  a.stopped_by_alert = AlertDescription::handshake_failure;
  a.stopped_by = Actor::server;
  a.stopped_at_event = 1;
  a.work = 12345678901234ull;
  a.work_unit = "queries";
  a.seconds = 0.1 + 0.2;
  a.queries = {{{1}, {2, 3}}, {{}, {}}};
  t.attack = a;

  for (int i = 0; i < 6; ++i) {
    Event e;
    e.step = uint32_t(i * 1000000007u);
    e.from = i % 2 ? Actor::server : Actor::attacker;
    e.to = Actor::client;
    if (i != 3) e.layer = ContentType(i == 4 ? 0x42 : 22);
    e.name = i == 2 ? odd : "ClientHello";
    e.bytes = {0x16, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00};
    e.plaintext = i == 1 ? Bytes{0xaa, 0xbb} : Bytes{};
    if (i == 2) e.reassembled = {1, 2, 3};
    switch (i) {
      case 0: e.protection = Protection::epoch_keys(KeySide::server, 2, 0x002f); break;
      case 1: e.protection = Protection::early_not_accepted(); break;
      case 2: e.protection = Protection::application_keys(KeySide::client, 0, 0x1302); break;
      case 3: e.protection = Protection::unknown_keys(); break;
      case 4: e.protection = Protection::handshake_keys(KeySide::server, 0x1301); break;
      default: break;
    }
    e.tree = Field{"TLS record", odd, 0, 7, ByteSpace::wire, {}, {}};
    e.tree.add("type", "handshake (22)", 0, 1);
    e.tree.add("length", msg("value.bytes").arg("n", "2"), 3, 2).add("inner", "", 5, 2);
    if (i == 1) e.tree.children.push_back(Field{"p", "x", 1, 1, ByteSpace::plaintext, {}, {}});
    if (i != 5) e.notes = {msg("note.a"), msg("note.b").arg("why", odd)};
    if (i == 0) e.delivered = 7;
    if (i == 1) e.connection = 2;
    if (i == 2) e.http = true;
    if (i == 0) e.states.sender = StateChange{HsState::None, HsState::SendClientHello};
    if (i <= 1) e.states.receiver = StateChange{HsState::ReadClientHello, HsState::SendServerHello};
    if (i == 3) e.alert = AlertInfo{AlertLevel::fatal, AlertDescription::handshake_failure, msg("why").arg("a", odd)};
    if (i == 0) e.attack = AttackAction{AttackAction::Kind::replace, {9, 9}, "attack.replace", odd, msg("label").arg("r", "x")};
    if (i == 4) e.attack = AttackAction{AttackAction::Kind::drop, {}, "attack.drop", "dropped", {}};
    Derivation d;
    d.id = "client/master_secret";
    d.kind = DerivationKind::unset;
    d.actor = Actor::client;
    d.name = "master_secret";
    d.formula = odd;
    if (i == 0) d.set_text(msg("formula.words").arg("x", "y"));
    if (i == 0) d.title = msg("title.words");
    d.spec = "RFC 5246 8.1";
    d.output = Bytes(48, 0x5a);
    if (i == 1) d.parts = {{"client_write_key", 0, 16}, {"server_write_key", 16, 16}};
    NamedBytes plain{"pre_master_secret", {1, 2, 3}, {}, {}, false};
    NamedBytes texted = text_value("label", "master secret", notation("\"label\""));
    NamedBytes noted{"seed", {4}, msg("note.seed").arg("n", "1"), Source::of("client/x", "part"), false};
    NamedBytes field{"random", {5}, {}, Source::field_of("ClientHello", "random"), false};
    NamedBytes located{"random", {5}, {}, Source::field_of("ClientHello", "TLS record/fragment/random"), false};
    located.from.event = 0;
    located.from.offset = 2;
    located.from.length = 3;
    NamedBytes concat{"seed", {6}, {}, Source::concat({Source::of("a"), Source{}, Source::transcript(), Source::literal(odd),
                                                       Source::local("private key"), Source::step_of("A(1)")}),
                      false};
    d.inputs = {plain, texted, noted, field, located, concat};
    d.steps = i == 2 ? std::vector<NamedBytes>{} : std::vector<NamedBytes>{plain};
    e.derivations = {d};
    if (i % 2) e.receiver_derivations = {d, d};
    t.events.push_back(std::move(e));
  }
  return t;
}

TEST(JsonWriter, EveryMemberAndEscapeIsWrittenAsNlohmannDumpsIt) {
  Trace t = kitchen_sink();
  std::string text = trace_json_text(t);
  std::string judge = dom_text(t);
  EXPECT_TRUE(text == judge) << first_difference(text, judge);
  // Also without the optional parts.
  Trace empty;
  EXPECT_EQ(trace_json_text(empty), dom_text(empty));
  t.attack->work = 0;
  t.attack->work_unit.clear();
  t.attack->succeeded.reset();
  t.attack->stopped_by_alert.reset();
  t.scenario = "not json";  // kept as the library keeps it (a discarded value)
  EXPECT_EQ(trace_json_text(t), dom_text(t));
}

TEST(JsonWriter, InvalidUtf8FailsAsTheLibraryDoes) {
  for (std::string bad : {std::string("ok \xff"), std::string("\xc3"), std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"),
                          std::string("\xc0\xaf")}) {
    Trace t;
    Event e;
    e.name = "x" + bad;
    t.events.push_back(e);
    std::string ours, theirs;
    try {
      (void)trace_json_text(t);
    } catch (const json::type_error& x) {
      ours = x.what();
    }
    try {
      (void)dom_text(t);
    } catch (const json::type_error& x) {
      theirs = x.what();
    }
    EXPECT_FALSE(theirs.empty());
    EXPECT_EQ(ours, theirs);
  }
}

TEST(JsonWriter, WriterAloneMatchesDumpForNestedAndEmptyContainers) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  w.begin_object();
  w.end_object();
  w.begin_array();
  w.end_array();
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.number(-5);
  w.number(uint64_t(18446744073709551615ull));
  w.boolean(false);
  w.null();
  w.value(json::parse(R"({"k": [1, {"x": 0.25}], "e": []})"));
  w.end_array();
  w.end_object();
  w.end_array();
  json judge = json::parse(R"([{}, [], {"a": [-5, 18446744073709551615, false, null, {"k": [1, {"x": 0.25}], "e": []}]}])");
  EXPECT_EQ(out, judge.dump(2));
}

// The streaming reader reports what the whole-document reader reported: members read before
// the events (format, negotiated...) first, then the first bad event, then the later members.
TEST(TraceStreamingReader, ErrorsComeInTheOrderOfTheDocumentReader) {
  ScenarioOptions o;
  Simulation sim(o);
  sim.run_to_end();
  std::string text = trace_json_text(sim.trace());
  auto with = [&](std::string s, const std::string& from, const std::string& to) {
    auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  std::string bad_event = with(text, "\"step\": 1,", "\"step\": \"one\",");
  auto r = trace_from_json_text(bad_event);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("events[1].step: expected a number, found a string"), std::string::npos) << r.error().reason;
  // A bad event and a bad negotiated block (read first): the negotiated block is reported.
  auto r2 = trace_from_json_text(with(bad_event, "\"secure_renegotiation\": ", "\"secure_renegotiation\": 1, \"x\": "));
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().reason.find("negotiated.secure_renegotiation: expected true or false"), std::string::npos) << r2.error().reason;
  // A syntax error after the bad event wins, with its line and column.
  auto r3 = trace_from_json_text(bad_event.substr(0, bad_event.size() - 3));
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().reason.find("events[1]"), std::string::npos) << r3.error().reason;
  EXPECT_NE(r3.error().reason.find("line"), std::string::npos) << r3.error().reason;
  // Events that are not objects, and an events member that is not an array.
  auto r4 = trace_from_json_text(with(text, "\"events\": [", "\"events\": [7, "));
  ASSERT_FALSE(r4);
  EXPECT_NE(r4.error().reason.find("events[0]: expected an object, found an integer"), std::string::npos) << r4.error().reason;
  auto r5 = trace_from_json_text(with(text, "\"events\": [", "\"events\": {}, \"x\": ["));
  ASSERT_FALSE(r5);
  EXPECT_NE(r5.error().reason.find("events: expected an array, found an object"), std::string::npos) << r5.error().reason;
}

TEST(TraceStreamingReader, ARepeatedEventsMemberKeepsTheLastAsADomDoes) {
  ScenarioOptions o;
  Simulation sim(o);
  sim.run_to_end();
  std::string text = trace_json_text(sim.trace());
  // A first "events" with a broken event, then the real one: the real one counts.
  auto at = text.find("\"events\": [");
  ASSERT_NE(at, std::string::npos);
  std::string twice = text.substr(0, at) + "\"events\": [{\"step\": \"x\"}, 3], " + text.substr(at);
  auto r = trace_from_json_text(twice);
  ASSERT_TRUE(r.ok()) << r.error().reason;
  EXPECT_EQ(trace_json_text(*r), text);
  // The other way round: the broken one counts.
  std::string last = text.substr(0, text.size() - 3) + ",\n  \"events\": [3]\n}\n";
  auto r2 = trace_from_json_text(last);
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().reason.find("events[0]: expected an object"), std::string::npos) << r2.error().reason;
}

}  // namespace

// The trace's one-pass JSON writer (trace_json_text) against independent judges: nlohmann
// reads the text back and dumps it again (members in std::map's order, "format" and "version"
// first; the top level and its members' containers as dump(2) lays them out, anything deeper as
// dump() writes it, as the writer promises), which must give the same bytes; and the values
// it holds, checked member by member against a hand-built trace with every optional member. And
// the streaming reader (trace_from_json_text) against the errors the whole-document reader gave.
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

// j laid out as dump(2) does down to `levels` deep (j is level `level`), every deeper container
// by dump() on one line.
std::string layout(const nlohmann::ordered_json& j, size_t levels, size_t level = 1) {
  if (level > levels || !j.is_structured() || j.empty()) return j.dump();
  std::string out(1, j.is_object() ? '{' : '[');
  for (auto it = j.begin(); it != j.end(); ++it) {
    out += it == j.begin() ? "\n" : ",\n";
    out += std::string(2 * level, ' ');
    if (j.is_object()) out += json(it.key()).dump() + ": ";
    out += layout(*it, levels, level + 1);
  }
  return out + "\n" + std::string(2 * (level - 1), ' ') + (j.is_object() ? '}' : ']');
}

// nlohmann's own text for the document `text` holds. A member out of order, a repeated member,
// an escape or number written otherwise than nlohmann writes it, a line break out of place: the
// two texts differ.
std::string judge_text(const std::string& text) {
  json j = json::parse(text);
  nlohmann::ordered_json top;
  top["format"] = j["format"];
  top["version"] = j["version"];
  for (auto& [k, v] : j.items())
    if (k != "format" && k != "version") top[k] = v;
  return layout(top, kTraceIndentedLevels) + "\n";
}

// The first line where two texts differ, for a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t from = a.rfind('\n', i == 0 ? 0 : i - 1);
  from = from == std::string::npos ? 0 : from + 1;
  return "at byte " + std::to_string(i) + ":\n  writer: " + a.substr(from, a.find('\n', i) - from) +
         "\n  judge:  " + b.substr(from, b.find('\n', i) - from);
}

TEST(JsonWriter, EveryBuiltInScenarioIsWrittenAsNlohmannDumpsIt) {
  size_t n = 0;
  for (const NamedScenario& s : list_scenarios()) {
    auto o = load_scenario(s.name);
    ASSERT_TRUE(o.ok()) << s.name << ": " << o.error().reason;
    Simulation sim(*o);
    sim.run_to_end();
    std::string text = trace_json_text(sim.trace());
    std::string judge = judge_text(text);
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
  std::string judge = judge_text(text);
  EXPECT_TRUE(text == judge) << first_difference(text, judge);
  // Also without the optional parts.
  Trace empty;
  std::string empty_text = trace_json_text(empty);
  EXPECT_EQ(empty_text, judge_text(empty_text));
  json e = json::parse(empty_text);
  EXPECT_EQ(e["events"], json::array());
  EXPECT_EQ(e["scenario"], json::object());
  EXPECT_FALSE(e.contains("attack") || e.contains("connections") || e.contains("outcome_reason"));
  t.attack->work = 0;
  t.attack->work_unit.clear();
  t.attack->succeeded.reset();
  t.attack->stopped_by_alert.reset();
  text = trace_json_text(t);
  EXPECT_EQ(text, judge_text(text));
  json a = json::parse(text)["attack"];
  EXPECT_TRUE(a["succeeded"].is_null());
  EXPECT_FALSE(a.contains("work") || a.contains("stopped_by"));
  // A scenario that is not JSON (never one the engine writes) stays valid JSON, as a string
  // the reader refuses.
  t.scenario = "not json";
  text = trace_json_text(t);
  EXPECT_EQ(json::parse(text)["scenario"], "not json");
  auto refused = trace_from_json_text(text);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().reason.find("scenario"), std::string::npos) << refused.error().reason;
}

// What the text holds, member by member, against the values kitchen_sink() put in (the judge
// above checks the form; this checks that each member of the trace is written, once, where
// docs/trace-format.md puts it).
TEST(JsonWriter, EveryMemberHoldsTheTracesValue) {
  const std::string odd = std::string("q\"b\\s/ \x01\x1f\x7f\b\f\n\r\t é € 😀 ") + '\0' + "end";
  json j = json::parse(trace_json_text(kitchen_sink()));
  EXPECT_EQ(j["format"], "tlslab-trace");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["scenario"]["a"][2], 1e300);
  EXPECT_EQ(j["scenario"]["a"][3], "x\x01é");
  EXPECT_EQ(j["scenario"]["m"]["a"], true);
  EXPECT_EQ(j["outcome_kind"], "client_failed");
  EXPECT_EQ(j["outcome_reason"]["key"], "zeta");
  EXPECT_EQ(j["outcome_reason"]["params"]["b"], "last wins");  // a repeated parameter: the last
  EXPECT_EQ(j["outcome_reason"]["params"]["a"]["key"], "inner");
  EXPECT_EQ(j["outcome_reason"]["params"]["a"]["params"]["x"], "1");
  EXPECT_EQ(j["handshake_complete"], true);
  EXPECT_EQ(j["application_data"]["client_received"], "00ff10");
  EXPECT_EQ(j["application_data"]["server_received"], "");
  EXPECT_EQ(j["keylog"], json::array({"CLIENT_RANDOM 00 11", odd}));
  const json& n = j["negotiated"];
  EXPECT_EQ(n["cipher_suite_id"], 0x1301);
  EXPECT_EQ(n["cipher_suite"], "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(n["group"], "x25519");
  EXPECT_TRUE(n["signature_scheme"].is_null());
  EXPECT_EQ(n["server_name"], odd);
  EXPECT_EQ(n["compression"], "DEFLATE");
  EXPECT_EQ(n["key_exchange_mode"], "psk_dhe_ke");
  EXPECT_EQ(n["hello_retry_request"], true);
  EXPECT_EQ(n["early_data"], "accepted");
  EXPECT_EQ(n["handshakes"], 3);
  EXPECT_EQ(n["extended_master_secret"], false);
  EXPECT_EQ(j["connections"][0]["connection"], 2);
  EXPECT_EQ(j["connections"][0]["kind"], "fallback");
  EXPECT_EQ(j["connections"][1]["kind"], "request");
  const json& a = j["attack"];
  EXPECT_EQ(a["name"], "padding-oracle");
  EXPECT_EQ(a["variant"], odd);
  EXPECT_EQ(a["defenses_on"], json::array({"x", odd}));
  EXPECT_EQ(a["succeeded"], false);
  EXPECT_EQ(a["summary"]["params"]["n"], "3");
  EXPECT_EQ(a["evidence"][0]["text"], "GET /\r\n");
  EXPECT_EQ(a["evidence"][0]["event"], 1);
  EXPECT_FALSE(a["evidence"][0].contains("hex"));
  EXPECT_EQ(a["evidence"][1]["hex"], "0102");
  EXPECT_FALSE(a["evidence"][1].contains("event") || a["evidence"][1].contains("text"));
  EXPECT_EQ(a["stopped_by"], json::parse(R"({"alert": "handshake_failure", "code": 40, "sender": "server", "event": 1})"));
  EXPECT_EQ(a["work"]["count"], 12345678901234ull);
  EXPECT_EQ(a["work"]["unit"], "queries");
  EXPECT_EQ(a["work"]["cancelled"], false);
  EXPECT_EQ(a["work"]["seconds"], 0.1 + 0.2);
  EXPECT_EQ(a["work"]["queries"], json::parse(R"([{"to_server": "01", "to_client": "0203"}, {"to_server": "", "to_client": ""}])"));

  const json& ev = j["events"];
  ASSERT_EQ(ev.size(), 6u);
  for (uint32_t i = 0; i < 6; ++i) {
    const json& e = ev[i];
    SCOPED_TRACE("event " + std::to_string(i));
    EXPECT_EQ(e["step"], uint32_t(i * 1000000007u));
    EXPECT_EQ(e["from"], i % 2 ? "server" : "attacker");
    EXPECT_EQ(e["to"], "client");
    if (i == 3) EXPECT_TRUE(e["layer"].is_null());
    else if (i != 4) EXPECT_EQ(e["layer"], "handshake");
    EXPECT_EQ(e["name"], i == 2 ? odd : "ClientHello");
    EXPECT_EQ(e["bytes"], "16030100020100");
    EXPECT_EQ(e["plaintext"], i == 1 ? "aabb" : "");
    EXPECT_EQ(e.contains("reassembled"), i == 2);
    if (i == 2) EXPECT_EQ(e["reassembled"], "010203");
    EXPECT_EQ(e["tree"]["name"], "TLS record");
    EXPECT_EQ(e["tree"]["value"], odd);
    EXPECT_EQ(e["tree"]["space"], "wire");
    EXPECT_EQ(e["tree"]["length"], 7);
    EXPECT_EQ(e["tree"]["children"][1]["value_message"]["params"]["n"], "2");
    EXPECT_EQ(e["tree"]["children"][1]["children"][0]["name"], "inner");
    EXPECT_EQ(e["tree"]["children"].size(), i == 1 ? 3u : 2u);
    if (i == 1) EXPECT_EQ(e["tree"]["children"][2]["space"], "plaintext");
    EXPECT_EQ(e["notes"].size(), i == 5 ? 0u : 2u);
    EXPECT_EQ(e.contains("note_messages"), i != 5);
    if (i != 5) EXPECT_EQ(e["note_messages"][1]["params"]["why"], odd);
    EXPECT_EQ(e.contains("delivered_step"), i == 0);
    if (i == 0) EXPECT_EQ(e["delivered_step"], 7);
    EXPECT_EQ(e.contains("connection"), i == 1);
    if (i == 1) EXPECT_EQ(e["connection"], 2);
    EXPECT_EQ(e.contains("http"), i == 2);
    EXPECT_EQ(e.contains("states"), i <= 1);
    if (i == 0) EXPECT_EQ(e["states"]["sender"]["after"], name_of(HsState::SendClientHello));
    if (i <= 1) EXPECT_EQ(e["states"]["receiver"]["before"], name_of(HsState::ReadClientHello));
    if (i == 1) EXPECT_FALSE(e["states"].contains("sender"));
    EXPECT_EQ(e.contains("alert"), i == 3);
    if (i == 3) {
      EXPECT_EQ(e["alert"]["code"], 40);
      EXPECT_EQ(e["alert"]["level"], "fatal");
      EXPECT_EQ(e["alert"]["description"], "handshake_failure");
      EXPECT_EQ(e["alert"]["reason_message"]["params"]["a"], odd);
    }
    EXPECT_EQ(e.contains("attack"), i == 0 || i == 4);
    if (i == 0) {
      EXPECT_EQ(e["attack"]["action"], "replace");
      EXPECT_EQ(e["attack"]["before"], "0909");
      EXPECT_EQ(e["attack"]["reason"], odd);
      EXPECT_EQ(e["attack"]["label"]["params"]["r"], "x");
    }
    if (i == 4) EXPECT_FALSE(e["attack"].contains("label"));
    const json& p = e["protection"];
    switch (i) {
      case 0: EXPECT_EQ(p, json::parse(R"({"phase": "epoch", "epoch": 2, "side": "server", "suite": "TLS_RSA_WITH_AES_128_CBC_SHA"})")); break;
      case 1: EXPECT_EQ(p["accepted"], false); break;
      case 2: EXPECT_EQ(p["generation"], 0); EXPECT_EQ(p["suite"], "TLS_AES_256_GCM_SHA384"); break;
      case 3: EXPECT_EQ(p, json::parse(R"({"phase": "unknown"})")); break;
      case 5: EXPECT_EQ(p, json::parse(R"({"phase": "none"})")); break;
      default: break;
    }
    ASSERT_EQ(e["derivations"].size(), 1u);
    EXPECT_EQ(e["receiver_derivations"].size(), i % 2 ? 2u : 0u);
    const json& d = e["derivations"][0];
    EXPECT_EQ(d["id"], "client/master_secret");
    EXPECT_EQ(d["actor"], "client");
    EXPECT_EQ(d["name"], "master_secret");
    EXPECT_EQ(d["spec"], "RFC 5246 8.1");
    std::string output_hex;
    for (int k = 0; k < 48; ++k) output_hex += "5a";
    EXPECT_EQ(d["output"], output_hex);
    EXPECT_EQ(d.contains("formula_message"), i == 0);
    EXPECT_EQ(d.contains("name_message"), i == 0);
    if (i == 0) EXPECT_EQ(d["formula_message"]["key"], "formula.words");
    if (i != 0) EXPECT_EQ(d["formula"], odd);
    EXPECT_EQ(d.contains("parts"), i == 1);
    if (i == 1) EXPECT_EQ(d["parts"][1], json::parse(R"({"name": "server_write_key", "offset": 16, "length": 16, "hex": "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"})"));
    const json& in = d["inputs"];
    ASSERT_EQ(in.size(), 6u);
    EXPECT_EQ(in[0], json::parse(R"({"name": "pre_master_secret", "hex": "010203"})"));
    EXPECT_EQ(in[1]["text"], "master secret");
    EXPECT_EQ(in[1]["from"], json::parse(R"({"literal": "master secret"})"));
    EXPECT_EQ(in[1]["source_message"]["key"], "note_in.notation");
    EXPECT_EQ(in[2]["from"], json::parse(R"({"derivation": "client/x", "part": "part"})"));
    EXPECT_EQ(in[2]["source_message"]["params"]["n"], "1");
    EXPECT_EQ(in[3]["from"], json::parse(R"({"message": "ClientHello", "field": "random"})"));
    EXPECT_EQ(in[4]["from"], json::parse(R"({"event": 0, "field": "TLS record/fragment/random", "offset": 2, "length": 3})"));
    json concat = json::parse(R"j([{"derivation": "a"}, null, {"transcript": "not located"}, {"literal": ""}, {"local": "private key"}, {"step": "A(1)"}])j");
    concat[3]["literal"] = odd;
    EXPECT_EQ(in[5]["from"]["concat"], concat);
    EXPECT_EQ(d["steps"].size(), i == 2 ? 0u : 1u);
  }
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
      (void)json(e.name).dump(2);
    } catch (const json::type_error& x) {
      theirs = x.what();
    }
    EXPECT_FALSE(theirs.empty());
    EXPECT_EQ(ours, theirs);
  }
}

TEST(JsonWriter, WriterAloneMatchesDumpForNestedAndEmptyContainers) {
  // Every level indented (as dump(2)), down to two levels, and all on one line (as dump()).
  json judge = json::parse(R"([{}, [], {"a": [-5, 18446744073709551615, false, null, {"k": [1, {"x": 0.25}], "e": []}]}])");
  for (size_t levels : {SIZE_MAX, size_t(2), size_t(0)}) {
    std::string out;
    JsonWriter w(out, levels);
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
    EXPECT_EQ(out, levels == SIZE_MAX ? judge.dump(2) : layout(judge, levels)) << levels;
  }
  EXPECT_EQ(layout(judge, 0), judge.dump());  // the judge itself, at its one-line end
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
  std::string bad_event = with(text, "\"step\":1,", "\"step\":\"one\",");
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

// JSON traces out and back in: export -> import -> export gives the same bytes, and every kind
// of bad input (another format or version, truncation, wrong types, out-of-range values) is a
// clear error naming the JSON path, never a crash.
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "export_fixtures.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

using namespace sim;
using nlohmann::json;

namespace {

using exportfix::reason_of;

const std::string& sample_text() {
  static const std::string text = trace_json_text(exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
  return text;
}

// Every value in the document with its path in the importer's notation, except inside
// "scenario" (free-form options, not interpreted).
void collect_paths(const json& j, const std::string& path, std::vector<std::pair<json::json_pointer, std::string>>& out,
                   const json::json_pointer& ptr) {
  if (path == "scenario") return;
  if (!path.empty()) out.emplace_back(ptr, path);
  if (j.is_object())
    for (auto& [k, v] : j.items()) collect_paths(v, path.empty() ? k : path + "." + k, out, ptr / k);
  else if (j.is_array())
    for (size_t i = 0; i < j.size(); ++i) collect_paths(j[i], path + "[" + std::to_string(i) + "]", out, ptr / i);
}

json other_type(const json& v) {
  if (v.is_string()) return 7;
  if (v.is_number()) return "7";
  if (v.is_boolean()) return "true";
  if (v.is_array()) return json::object();
  if (v.is_object()) return json::array();
  return json::array();  // null (group, signature_scheme): a wrong type too
}

}  // namespace

TEST(ExportJson, RoundTripGivesIdenticalBytesForEverySuite) {
  for (const char* suite : exportfix::kSuites) {
    Trace t = exportfix::completed_trace(suite);
    ASSERT_EQ(t.outcome, OutcomeKind::completed) << suite;
    ASSERT_FALSE(t.keylog.empty());
    EXPECT_EQ(t.keylog[0].rfind("CLIENT_RANDOM ", 0), 0u) << t.keylog[0];
    std::string first = trace_json_text(t);
    auto back = trace_from_json_text(first);
    ASSERT_TRUE(back.ok()) << suite << ": " << back.error().reason;
    EXPECT_EQ(trace_json_text(*back), first) << suite;
    EXPECT_EQ(back->events.size(), t.events.size());
    EXPECT_EQ(back->keylog, t.keylog);
    EXPECT_EQ(back->server_app_received, t.server_app_received);
  }
}

TEST(ExportJson, FailedHandshakeWithAnAttackerRoundTrips) {
  Trace t = exportfix::failed_trace();
  bool attacker = false, alert = false;
  for (auto& e : t.events) {
    attacker |= e.from == Actor::attacker;
    alert |= e.alert && e.alert->description == AlertDescription::bad_record_mac;
  }
  ASSERT_TRUE(attacker);
  ASSERT_TRUE(alert) << t.outcome;
  std::string first = trace_json_text(t);
  auto back = trace_from_json_text(first);
  ASSERT_TRUE(back.ok()) << back.error().reason;
  EXPECT_EQ(trace_json_text(*back), first);
}

TEST(ExportJson, TamperedRecordsEverywhereStillRoundTrip) {
  // A bit flipped near the end of each record in turn: whatever the dissection made of it, the
  // trace imports and exports back to the same bytes (its field ranges stay in bounds).
  for (size_t victim = 0; victim < 12; ++victim) {
    ScenarioOptions o;
    o.seed = 11;
    o.client_suites = o.server_suites = {suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")->id};
    size_t seen = 0;
    auto attacker = std::make_shared<exportfix::FlipAttacker>([&seen, victim](const Event&) { return seen++ == victim; }, 1);
    Simulation s(o, attacker);
    s.run_to_end();
    std::string first = trace_json_text(s.trace());
    auto back = trace_from_json_text(first);
    ASSERT_TRUE(back.ok()) << "victim " << victim << ": " << back.error().reason;
    EXPECT_EQ(trace_json_text(*back), first) << "victim " << victim;
  }
}

TEST(ExportJson, RefusesAnotherFormatOrVersion) {
  json j = json::parse(sample_text());
  j["version"] = 3;
  EXPECT_EQ(reason_of(j.dump()), "version: unsupported trace format version 3 (this tlslab reads versions 1 to 2)");
  j["version"] = 0;
  EXPECT_EQ(reason_of(j.dump()), "version: unsupported trace format version 0 (this tlslab reads versions 1 to 2)");
  j["version"] = "1";
  EXPECT_EQ(reason_of(j.dump()).rfind("version: unsupported trace format version \"1\"", 0), 0u);
  j = json::parse(sample_text());
  j["format"] = "pcap-ng";
  EXPECT_EQ(reason_of(j.dump()), "format: not a tlslab trace: expected \"tlslab-trace\", found \"pcap-ng\"");
  j.erase("format");
  EXPECT_EQ(reason_of(j.dump()).rfind("format: missing", 0), 0u);
  EXPECT_EQ(reason_of("[1, 2]"), "(top level): expected an object, found an array");
  EXPECT_EQ(reason_of("").rfind("(document): invalid JSON", 0), 0u);
}

TEST(ExportJson, TruncatedFilesAreErrorsNotCrashes) {
  const std::string& text = sample_text();
  std::vector<size_t> cuts;
  for (size_t n = 0; n < 300; ++n) cuts.push_back(n);
  for (size_t n = 300; n < text.size(); n += text.size() / 700 + 1) cuts.push_back(n);
  cuts.push_back(text.size() - 2);  // just the closing brace missing
  for (size_t n : cuts) {
    auto r = trace_from_json_text(std::string_view(text).substr(0, n));
    ASSERT_FALSE(r.ok()) << "accepted a file truncated to " << n << " bytes";
    EXPECT_EQ(r.error().reason.rfind("(document): invalid JSON", 0), 0u) << r.error().reason;
    EXPECT_NE(r.error().reason.find("truncated"), std::string::npos) << r.error().reason;
  }
}

TEST(ExportJson, EveryWrongTypeNamesItsPath) {
  json doc = json::parse(sample_text());
  std::vector<std::pair<json::json_pointer, std::string>> paths;
  collect_paths(doc, "", paths, json::json_pointer());
  ASSERT_GT(paths.size(), 1000u);
  // Every value of the first events and of the summary, then a stride through the rest.
  size_t stride = paths.size() / 600 + 1, tested = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    const auto& [ptr, path] = paths[i];
    bool early = path.rfind("events[", 0) != 0 || path.rfind("events[0]", 0) == 0 || path.rfind("events[7]", 0) == 0;
    if (!early && i % stride) continue;
    json saved = doc[ptr];
    doc[ptr] = other_type(saved);
    std::string reason = reason_of(doc.dump());
    doc[ptr] = std::move(saved);
    ++tested;
    EXPECT_EQ(reason.rfind(path + ": ", 0), 0u) << "mutating " << path << " gave: " << reason;
  }
  EXPECT_GT(tested, 800u);
  std::cout << "[          ] " << tested << " of " << paths.size() << " values given a wrong type\n";
}

TEST(ExportJson, OutOfRangeValuesAreErrors) {
  json doc = json::parse(sample_text());
  auto with = [&](const std::string& pointer, json v) {
    json m = doc;
    m[json::json_pointer(pointer)] = std::move(v);
    return reason_of(m.dump());
  };
  EXPECT_EQ(with("/events/3/tree/children/0/offset", "x"), "events[3].tree.children[0].offset: expected a number, found a string");
  size_t len = doc["events"][3]["bytes"].get<std::string>().size() / 2;
  EXPECT_EQ(with("/events/3/tree/children/0/offset", len),
            "events[3].tree.children[0].offset: field range " + std::to_string(len) + "+" +
                doc["events"][3]["tree"]["children"][0]["length"].dump() + " lies beyond the event's " + std::to_string(len) +
                "-byte wire buffer (bytes)");
  EXPECT_EQ(with("/events/3/tree/length", 1u << 31).rfind("events[3].tree.offset: field range", 0), 0u);
  EXPECT_EQ(with("/events/3/tree/offset", -1), "events[3].tree.offset: expected a non-negative number, found -1");
  EXPECT_EQ(with("/events/3/tree/offset", 1.5), "events[3].tree.offset: expected a whole number, found a fractional one");
  EXPECT_EQ(with("/events/3/tree/offset", 1ull << 40).rfind("events[3].tree.offset: out of range", 0), 0u);
  EXPECT_EQ(with("/events/3/step", 1ull << 33).rfind("events[3].step: out of range", 0), 0u);
  EXPECT_EQ(with("/events/2/from", "mallory"), "events[2].from: unknown actor 'mallory' (expected client, server, attacker, ca or ocsp_responder)");
  EXPECT_EQ(with("/events/2/bytes", "16030"), "events[2].bytes: bad hex: expected an even number of hex digits (0-9, a-f)");
  EXPECT_EQ(with("/events/2/bytes", "zz"), "events[2].bytes: bad hex: expected an even number of hex digits (0-9, a-f)");
  EXPECT_EQ(with("/events/2/tree/space", "air"), "events[2].tree.space: unknown byte space 'air' (expected wire, plaintext or reassembled)");
  EXPECT_EQ(with("/negotiated/group", "x448"), "negotiated.group: unknown group 'x448'");
  EXPECT_EQ(with("/negotiated/version", "TLS 9"), "negotiated.version: unknown protocol version 'TLS 9'");
  EXPECT_EQ(with("/negotiated/cipher_suite_id", 70000), "negotiated.cipher_suite_id: out of range: 70000 (at most 65535)");
  // A key_block part beyond the output, and one whose hex disagrees with the output.
  for (size_t e = 0; e < doc["events"].size(); ++e)
    for (size_t d = 0; d < doc["events"][e]["derivations"].size(); ++d)
      if (doc["events"][e]["derivations"][d].contains("parts")) {
        std::string p = "/events/" + std::to_string(e) + "/derivations/" + std::to_string(d) + "/parts/0/";
        std::string path = "events[" + std::to_string(e) + "].derivations[" + std::to_string(d) + "].parts[0].";
        EXPECT_EQ(with(p + "offset", 100000).rfind(path + "offset: out of range", 0), 0u);
        EXPECT_EQ(with(p + "hex", "00").rfind(path + "hex: does not match output", 0), 0u);
        return;
      }
  FAIL() << "no derivation with parts";
}

TEST(ExportJson, GarbageNeverCrashes) {
  const std::string& text = sample_text();
  std::mt19937 rng(1234);
  const char alphabet[] = "{}[]\",:0123456789abcdef-.eE tfnul\\";
  size_t accepted = 0;
  for (int i = 0; i < 300; ++i) {
    std::string m = text;
    for (int k = 0; k < 1 + i % 4; ++k) m[rng() % m.size()] = alphabet[rng() % (sizeof alphabet - 1)];
    auto r = trace_from_json_text(m);
    if (r.ok()) {
      ++accepted;
      (void)trace_json_text(*r);  // an accepted trace must export without trouble
    } else {
      EXPECT_FALSE(r.error().reason.empty());
    }
  }
  // Deep nesting is refused before parsing.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_NE(reason_of(deep).find("nested deeper than"), std::string::npos);
  // A field tree nested deeper than the importer accepts (but shallow enough to parse).
  json doc = json::parse(text);
  json tree = {{"name", "n"}, {"value", ""}, {"offset", 0}, {"length", 0}, {"space", "wire"}};
  for (int i = 0; i < 200; ++i) {
    json parent = {{"name", "n"}, {"value", ""}, {"offset", 0}, {"length", 0}, {"space", "wire"}};
    parent["children"] = json::array({std::move(tree)});
    tree = std::move(parent);
  }
  doc["events"][0]["tree"] = tree;
  std::string r = reason_of(doc.dump());
  EXPECT_EQ(r.rfind("events[0].tree.children[0]", 0), 0u) << r.substr(0, 300);
  EXPECT_NE(r.find("field tree nested deeper than"), std::string::npos) << r.substr(0, 300);
  std::cout << "[          ] " << accepted << " of 300 randomly damaged files were still valid traces\n";
}

TEST(ExportJson, KeylogIsOptionalForOlderFiles) {
  json j = json::parse(sample_text());
  j.erase("keylog");
  auto r = trace_from_json_text(j.dump());
  ASSERT_TRUE(r.ok()) << r.error().reason;
  EXPECT_TRUE(r->keylog.empty());
}

// Version 1 traces (before input sources) still load: the same trace without its "from"s.
TEST(ExportJson, VersionOneTraceLoadsWithoutSources) {
  json j = json::parse(sample_text());
  ASSERT_EQ(j["version"], 2);
  size_t removed = 0;
  for (auto& e : j["events"])
    for (const char* list : {"derivations", "receiver_derivations"})
      for (auto& d : e[list])
        for (auto& in : d["inputs"]) removed += in.erase("from");
  ASSERT_GT(removed, 10u);
  j["version"] = 1;
  auto t = trace_from_json_text(j.dump());
  ASSERT_TRUE(t.ok()) << t.error().reason;
  for (auto& e : t->events)
    for (const Derivation& d : all_derivations(e))
      for (auto& in : d.inputs) EXPECT_EQ(in.from.kind, Source::Kind::none);
  // A source of an unknown form is refused with its path.
  j = json::parse(sample_text());
  bool planted = false;
  for (auto& e : j["events"])
    for (auto& d : e["derivations"])
      if (!planted && !d["inputs"].empty()) d["inputs"][0]["from"] = json{{"guess", "somewhere"}}, planted = true;
  ASSERT_TRUE(planted);
  std::string why = reason_of(j.dump());
  EXPECT_NE(why.find(".inputs[0].from: a source names"), std::string::npos) << why;
}

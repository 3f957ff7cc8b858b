// Importing a long trace (trace_io.cpp, which converts each event as the parser finishes it)
// gives the exported events in the same order (the same bytes once exported again), and the
// first bad event is the one reported, with its path, whatever comes after it; errors in the
// members read before the events still win over a bad event. Also the hex digit table.
#include <gtest/gtest.h>

#include <cctype>

#include <nlohmann/json.hpp>

#include "export_fixtures.hpp"
#include "model/timeline.hpp"
#include "trace/trace_io.hpp"

using namespace sim;
using nlohmann::json;

namespace {

using exportfix::reason_of;

// Several hundred events: more than the converter keeps queued, so the parser waits for it.
const Trace& long_run() {
  static const Trace t = gui::long_trace(300, 2);
  return t;
}
const json& long_doc() {
  static const json doc = json::parse(trace_json_text(long_run()));
  return doc;
}

// One event alone in a trace, exported: equal texts mean equal events, as far as the file goes.
std::string event_text(const Event& e) {
  Trace t;
  t.events.push_back(e);
  return trace_json_text(t);
}

}  // namespace

TEST(TraceImportOrder, LongTraceGivesTheExportedEventsInOrder) {
  const Trace& original = long_run();
  ASSERT_GT(original.events.size(), 600u);
  const std::string text = trace_json_text(original);
  auto r = trace_from_json_text(text);
  ASSERT_TRUE(r.ok()) << r.error().reason;
  ASSERT_EQ(r->events.size(), original.events.size());
  for (size_t i = 0; i < original.events.size(); ++i)
    ASSERT_EQ(event_text(r->events[i]), event_text(original.events[i])) << "event " << i;
  EXPECT_EQ(trace_json_text(*r), text);
  // And again: the same input gives the same result every time.
  auto again = trace_from_json_text(text);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(trace_json_text(*again), text);
}

TEST(TraceImportOrder, FirstBadEventIsReportedWithItsPath) {
  json doc = json::parse(trace_json_text(exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")));
  ASSERT_GT(doc["events"].size(), 9u);
  doc["events"][7]["tree"]["children"][0]["offset"] = "x";
  EXPECT_EQ(reason_of(doc.dump()), "events[7].tree.children[0].offset: expected a number, found a string");
  // A later bad event is not the one reported.
  doc["events"][9]["step"] = -1;
  EXPECT_EQ(reason_of(doc.dump()), "events[7].tree.children[0].offset: expected a number, found a string");
  doc["events"][7]["tree"]["children"][0]["offset"] = 0;
  EXPECT_EQ(reason_of(doc.dump()), "events[9].step: expected a non-negative number, found -1");
}

TEST(TraceImportOrder, LateBadEventInALongTrace) {
  json doc = long_doc();
  const size_t n = doc["events"].size();
  doc["events"][n - 1]["from"] = "mallory";
  const std::string last = "events[" + std::to_string(n - 1) + "].from: unknown actor 'mallory' (expected client, server, attacker, ca or ocsp_responder)";
  EXPECT_EQ(reason_of(doc.dump()), last);
  doc["events"][500]["bytes"] = "zz";
  doc["events"][501]["step"] = "x";
  EXPECT_EQ(reason_of(doc.dump()), "events[500].bytes: bad hex: expected an even number of hex digits (0-9, a-f)");
  // The members read before the events are still reported first, the ones after them still
  // after, and a syntax error anywhere before any of them.
  json before = doc;
  before["negotiated"]["server_name"] = 7;
  EXPECT_EQ(reason_of(before.dump()), "negotiated.server_name: expected a string, found an integer");
  json after = doc;
  after["connections"] = "x";
  EXPECT_EQ(reason_of(after.dump()), "events[500].bytes: bad hex: expected an even number of hex digits (0-9, a-f)");
  std::string cut = doc.dump();
  cut.pop_back();
  EXPECT_EQ(reason_of(cut).rfind("(document): invalid JSON", 0), 0u) << reason_of(cut);
}

TEST(TraceImportOrder, RepeatedEventsMemberReplacesTheFirst) {
  // As in a DOM, a repeated name keeps its last value: the events streamed from the first
  // array (and its error) are dropped.
  const json& good = long_doc();
  json bad = good;
  bad["events"][400]["step"] = "x";
  std::string good_text = good.dump(), bad_text = bad.dump();
  const std::string good_events = good["events"].dump(), bad_events = bad["events"].dump();
  ASSERT_EQ(good_text.back(), '}');
  auto r = trace_from_json_text(bad_text.substr(0, bad_text.size() - 1) + ",\"events\":" + good_events + "}");
  ASSERT_TRUE(r.ok()) << r.error().reason;
  EXPECT_EQ(r->events.size(), long_run().events.size());
  EXPECT_EQ(trace_json_text(*r), trace_json_text(long_run()));
  EXPECT_EQ(reason_of(good_text.substr(0, good_text.size() - 1) + ",\"events\":" + bad_events + "}"),
            "events[400].step: expected a number, found a string");
}

TEST(TraceImportOrder, TooDeepADocumentIsRefusedBeforeAnythingElse) {
  // The depth is checked as the parser goes; the document is still refused for it first, with
  // where, whatever else is wrong before or after the deep part.
  json doc = long_doc();
  doc["events"][3]["step"] = "x";
  std::string deep = std::string(600, '[') + std::string(600, ']');
  std::string text = doc.dump();
  text.insert(text.size() - 1, ",\"zz\":" + deep);
  std::string r = reason_of(text);
  EXPECT_EQ(r.rfind("(document): (document): JSON nested deeper than 512 levels at line 1, column ", 0), 0u) << r.substr(0, 200);
  // A syntax error before the deep part: still the depth.
  text.insert(1, "}");
  r = reason_of(text);
  EXPECT_EQ(r.rfind("(document): (document): JSON nested deeper than 512 levels at line 1, column ", 0), 0u) << r.substr(0, 200);
  // 512 levels are fine as far as depth goes (the unknown member is ignored).
  text = long_doc().dump();
  text.insert(text.size() - 1, ",\"zz\":" + std::string(511, '[') + std::string(511, ']'));
  auto ok = trace_from_json_text(text);
  EXPECT_TRUE(ok.ok()) << ok.error().reason;
}

TEST(TraceImportOrder, HexDigitTable) {
  // Every character as either digit: accepted exactly for 0-9, a-f and A-F, with its value.
  const std::string digits = "0123456789abcdef";
  for (int c = 0; c < 256; ++c) {
    const char ch = char(c);
    const size_t lower = digits.find(char(std::tolower(c)));
    const bool is_digit = c < 128 && lower != std::string::npos && c != 0;
    auto hi = from_hex(std::string{ch, '0'});
    auto lo = from_hex(std::string{'0', ch});
    ASSERT_EQ(hi.has_value(), is_digit) << c;
    ASSERT_EQ(lo.has_value(), is_digit) << c;
    if (is_digit) {
      EXPECT_EQ((*hi)[0], uint8_t(lower << 4)) << c;
      EXPECT_EQ((*lo)[0], uint8_t(lower)) << c;
    }
  }
  EXPECT_EQ(from_hex("00ff7F80"), (Bytes{0x00, 0xff, 0x7f, 0x80}));
  EXPECT_FALSE(from_hex("0g").has_value());
}

namespace {

// Names of values without one ("unknown (0x1234)", enums.cpp) read back as that value; a name
// that is not exactly what the value prints as is refused.
TEST(TraceImportOrder, UnknownNamesReadBackAsTheirValue) {
  json doc = json::parse(trace_json_text(gui::long_trace(2, 1)));
  auto with = [&](const char* key, const char* name) {
    json d = doc;
    d["negotiated"][key] = name;
    return d.dump();
  };
  auto t = trace_from_json_text(with("group", "unknown (0x1234)"));
  ASSERT_TRUE(t) << t.error().reason;
  ASSERT_TRUE(t->negotiated.group);
  EXPECT_EQ(uint16_t(*t->negotiated.group), 0x1234);
  EXPECT_EQ(name_of(*t->negotiated.group), "unknown (0x1234)");
  t = trace_from_json_text(with("version", "unknown (0x0305)"));
  ASSERT_TRUE(t) << t.error().reason;
  EXPECT_EQ(t->negotiated.version, 0x0305);
  // A known value by its own name only (TLS 1.2, x25519 = 0x001d); no other width, digit or form.
  EXPECT_EQ(reason_of(with("version", "unknown (0x0303)")), "negotiated.version: unknown protocol version 'unknown (0x0303)'");
  for (const char* bad : {"unknown (0x1234", "unknown (0x01234)", "unknown (0x234)", "unknown (0xg234)", "unknown (0x)",
                          "unknown (0x-1234)", "unknown (0x001d)"}) {
    std::string r = reason_of(with("group", bad));
    EXPECT_EQ(r, std::string("negotiated.group: unknown group '") + bad + "'") << bad;
  }
}

}  // namespace

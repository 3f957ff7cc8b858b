// The trace importer's arena DOM (trace/json_dom.hpp), judged by nlohmann's own DOM parser: the
// same text read both ways gives the same document, a repeated name keeps its last value as
// there, values survive the arena growing, and a builder reused after reset() reads the next
// document as well as a new one would. Also the importer's depth check inside an event.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "export_fixtures.hpp"
#include "model/timeline.hpp"
#include "trace/json_dom.hpp"
#include "trace/trace_io.hpp"

using namespace sim;
using nlohmann::json;

namespace {

// nlohmann's SAX events into a JsonDomBuilder, as the trace reader feeds it.
struct Feed {
  JsonDomBuilder& b;
  bool null() { return b.null(), true; }
  bool boolean(bool v) { return b.boolean(v), true; }
  bool number_integer(json::number_integer_t v) { return b.number_integer(v), true; }
  bool number_unsigned(json::number_unsigned_t v) { return b.number_unsigned(v), true; }
  bool number_float(json::number_float_t v, const std::string&) { return b.number_float(v), true; }
  bool string(std::string& v) { return b.string(v), true; }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) { return b.start(JsonValue::Type::object), true; }
  bool end_object() { return b.end(), true; }
  bool start_array(std::size_t) { return b.start(JsonValue::Type::array), true; }
  bool end_array() { return b.end(), true; }
  bool key(std::string& k) { return b.key(k), true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

const JsonValue& read(JsonDomBuilder& b, const std::string& text) {
  b.reset();
  Feed f{b};
  EXPECT_TRUE(json::sax_parse(text, &f)) << text.substr(0, 100);
  EXPECT_TRUE(b.complete());
  return b.value();
}

const std::vector<std::string>& documents() {
  static const std::vector<std::string> docs = [] {
    std::vector<std::string> d = {
        "null", "true", "false", "0", "-1", "18446744073709551615", "-9223372036854775808", "1.5e300", "-0.25",
        "\"\"", "\"caf\\u00e9 \\\"quoted\\\" \\\\ \\n\"", "[]", "{}", "[[], {}, [[[]]], {\"a\": {}}]",
        "{\"b\": 1, \"a\": [1, \"two\", null, false, {\"x\": -3}], \"\": \"empty name\"}",
        "{\"k\": 1, \"k\": {\"deep\": [1, 2]}, \"j\": 0, \"k\": \"last\"}",  // repeated name
        // A string larger than an arena block, between small values.
        "[1, \"" + std::string(700000, 'f') + "\", {\"after\": true}]",
    };
    // A real trace: thousands of values, many hex strings.
    d.push_back(trace_json_text(gui::long_trace(40, 3)));
    return d;
  }();
  return docs;
}

TEST(JsonDom, ReadsEveryDocumentAsNlohmannsDomDoes) {
  JsonDomBuilder b;  // one builder for all: reset() must leave nothing behind
  for (const std::string& text : documents()) {
    const JsonValue& v = read(b, text);
    EXPECT_EQ(v.to_json(), json::parse(text)) << text.substr(0, 100);
  }
  // And backwards, so each document follows a different one in the reused arena.
  for (auto it = documents().rbegin(); it != documents().rend(); ++it) {
    const JsonValue& v = read(b, *it);
    EXPECT_EQ(v.to_json(), json::parse(*it)) << it->substr(0, 100);
  }
}

TEST(JsonDom, TypesAndLookups) {
  JsonDomBuilder b;
  const JsonValue& v = read(b, R"({"n": -2, "u": 7, "f": 0.5, "s": "hi", "t": true, "z": null, "k": 1, "k": [3, 4]})");
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.size(), 8u);  // document order, the repeat included, as the SAX events came
  EXPECT_TRUE(v.find("n")->is_number_integer());
  EXPECT_FALSE(v.find("n")->is_number_unsigned());
  EXPECT_EQ(v.find("n")->i, -2);
  EXPECT_TRUE(v.find("u")->is_number_unsigned());
  EXPECT_EQ(v.find("u")->u, 7u);
  EXPECT_TRUE(v.find("f")->is_number_float());
  EXPECT_FALSE(v.find("f")->is_number_integer());
  EXPECT_DOUBLE_EQ(v.find("f")->number(), 0.5);
  EXPECT_EQ(v.find("s")->s, "hi");
  EXPECT_TRUE(v.find("t")->b);
  EXPECT_TRUE(v.find("z")->is_null());
  // The last "k" wins, as in nlohmann's DOM.
  ASSERT_TRUE(v.find("k")->is_array());
  EXPECT_EQ(v.find("k")->size(), 2u);
  EXPECT_EQ((*v.find("k"))[1].u, 4u);
  EXPECT_EQ(v.find("missing"), nullptr);
  EXPECT_EQ((*v.find("k"))[0].find("x"), nullptr);  // not an object
  // Error messages name a value by its nlohmann form.
  EXPECT_EQ(json_type_name(v.find("f")->to_json()), "a fractional number");
  EXPECT_EQ(json_type_name(v.find("u")->to_json()), "an integer");
  EXPECT_EQ(v.find("n")->to_json().dump(), "-2");
}

TEST(JsonDom, ImporterRefusesTooDeepAnEventFirst) {
  // The depth counted inside an event (the events' own builder) is reported as the document's.
  json doc = json::parse(trace_json_text(gui::long_trace(3, 4)));
  std::string text = doc.dump();
  const std::string marker = "\"events\":[";
  size_t at = text.find(marker);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + marker.size(), std::string(600, '[') + std::string(600, ']') + ",");
  EXPECT_EQ(exportfix::reason_of(text).rfind("(document): (document): JSON nested deeper than 512 levels at line 1, column ", 0), 0u);
  // A scalar where an event should be: that element's path.
  text = doc.dump();
  text.insert(text.find(marker) + marker.size(), "17,");
  EXPECT_EQ(exportfix::reason_of(text), "events[0]: expected an object, found an integer");
}

}  // namespace

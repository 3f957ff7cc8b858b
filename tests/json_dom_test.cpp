// The trace importer's arena DOM (trace/json_dom.hpp), judged by nlohmann's own DOM parser: the
// same text read both ways gives the same document, a repeated name keeps its last value as
// there, values survive the arena growing, and a builder reused after reset() reads the next
// document as well as a new one would. Also the importer's depth check inside an event.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "export_fixtures.hpp"
#include "model/timeline.hpp"
#include "trace/json_dom.hpp"
#include "trace/json_read.hpp"
#include "core/json_syntax.hpp"
#include "trace/trace_io.hpp"

using namespace sim;
using nlohmann::json;

namespace {

// The importer's reader (json_read: RapidJSON's) into a JsonDomBuilder, as the trace reader
// feeds it.
struct Feed {
  JsonDomBuilder& b;
  bool null() { return b.null(), true; }
  bool boolean(bool v) { return b.boolean(v), true; }
  bool number_integer(int64_t v) { return b.number_integer(v), true; }
  bool number_unsigned(uint64_t v) { return b.number_unsigned(v), true; }
  bool number_float(double v) { return b.number_float(v), true; }
  bool string(std::string_view v) { return b.string(v), true; }
  bool start_object() { return b.start(JsonValue::Type::object), true; }
  bool end_object() { return b.end(), true; }
  bool start_array() { return b.start(JsonValue::Type::array), true; }
  bool end_array() { return b.end(), true; }
  bool key(std::string_view k) { return b.key(k), true; }
};

const JsonValue& read(JsonDomBuilder& b, const std::string& text) {
  b.reset();
  Feed f{b};
  EXPECT_TRUE(json_read(text, f, 512)) << text.substr(0, 100);
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
        // Numbers at the edges of int32, int64 and double, read as nlohmann reads them.
        "[4294967295, 4294967296, -2147483648, -2147483649, 9223372036854775807, -0, 0.0, -0.0]",
        "[18446744073709551616, 123456789012345678901234567890, -9223372036854775809]",
        "[0.1, 1e23, 2.2250738585072011e-308, 1.7976931348623157e308, 5e-324, 9007199254740993, 1e-400, 3.14159265358979323846264]",
        // Escapes: a surrogate pair, NUL, and UTF-8 as it is.
        "\"\\ud83d\\ude00 \\u0000 \\u00e9 \xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80 \\/\"",
        "\xef\xbb\xbf {\"after a byte order mark\": [1]}",
        std::string("[1]\0 ignored", 12),  // both libraries end the text at a NUL byte
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

// What nlohmann's parser refuses, the importer's reader refuses too, and json_syntax_error
// finds (so the importer says where and why in the catalog's words).
TEST(JsonDom, RefusesWhatNlohmannRefuses) {
  const std::vector<std::string> bad = {
      "", "\xef\xbb\xbf", " ", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[-]", "[NaN]",
      "[Infinity]", "[1e400]", "[-1e400]", "[1]x", "[1] [2]", "{\"a\" 1}", "{a: 1}", "['a']", "[\"a]", "[\"\\x\"]",
      "[\"\\u12\"]", "[\"\\udc00\"]", "[\"\\ud800\"]", "[\"\\ud800x\"]", "[\"\\ud800\\u0041\"]",
      "{\"\\udfff\": 1}", "[\"\\ud83d\\ud83d\"]", "[\"\xc0\x80\"]", "[\"\xed\xa0\x80\"]", "[\"\xf5\x80\x80\x80\"]",
      "[\"\xe6\x97\"]", "[\"tab\there\"]", std::string("[\"a\0b\"]", 7), "[1] // no comments",
      "/* no */ [1]", "[true false]", "[tru]", "{\"a\":{\"b\":[}}",
  };
  JsonDomBuilder b;
  for (const std::string& text : bad) {
    EXPECT_ANY_THROW(json::parse(text)) << text;  // the judge refuses it
    b.reset();
    Feed f{b};
    EXPECT_FALSE(json_read(text, f, 512)) << text;
    EXPECT_TRUE(json_syntax_error(text).has_value()) << text;
  }
  // The importer names a lone surrogate and an overflowing number where they are.
  std::string t = trace_json_text(gui::long_trace(2, 1));
  std::string lone = t;
  lone.insert(lone.find("\"format\"") + 1, "\\udc00");  // line 2: `  "format"`
  EXPECT_NE(exportfix::reason_of(lone).find("line 2, column 4: a \\uD800-\\uDFFF escape that is not half of a surrogate pair"), std::string::npos)
      << exportfix::reason_of(lone);
  std::string big = t;
  big.insert(big.find("[") + 1, "1e999,");
  EXPECT_NE(exportfix::reason_of(big).find("a number too large for a double-precision value"), std::string::npos) << exportfix::reason_of(big);
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

// Reading a trace file in pieces (trace_from_json_file, what `tlslab show` and the GUI's --open
// use) against reading its whole text (trace_from_json_text): the same trace, whichever byte of
// a UTF-8 character a piece ends on, and the same errors, said the same way, with whether they
// came from the file or from its text. Also the export written in pieces (trace_json_write).
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/file_io.hpp"
#include "model/timeline.hpp"
#include "test_util.hpp"
#include "trace/trace_io.hpp"

using namespace sim;
using nlohmann::json;

namespace {

const std::string& text_over_pieces() {
  // Over 2 MiB (the reader's pieces are 1 MiB), with characters of 2, 3 and 4 bytes all along,
  // in a key log line (kept as it is).
  static const std::string text = [] {
    json doc = json::parse(trace_json_text(gui::long_trace(4, 1)));
    std::string line;
    while (line.size() < (size_t(5) << 20) / 2) line += "é日😀a";
    doc["keylog"].push_back(line);
    return doc.dump();
  }();
  return text;
}

TEST(TraceFile, PiecesReadAsTheWholeTextWhereverACharacterIsCut) {
  auto dir = testutil::temp_dir("trace-file");
  auto whole = trace_from_json_text(text_over_pieces());
  ASSERT_TRUE(whole) << whole.error().reason;
  const std::string expected = trace_json_text(*whole);
  // Leading spaces move every piece's end by a byte: each of the 10 bytes of "é日😀a" ends one.
  for (int shift = 0; shift < 10; ++shift) {
    auto path = dir / ("t" + std::to_string(shift) + ".json");
    testutil::write_file(path, std::string(size_t(shift), ' ') + text_over_pieces());
    TraceFileRead how;
    auto t = trace_from_json_file(path.string(), &how);
    ASSERT_TRUE(t) << shift << ": " << t.error().reason;
    EXPECT_FALSE(how.read_whole) << shift;  // the pieces were read, not the whole file after them
    EXPECT_EQ(trace_json_text(*t), expected) << shift;
  }
  // A byte order mark is skipped, as in the text.
  auto bom = dir / "bom.json";
  testutil::write_file(bom, "\xEF\xBB\xBF" + text_over_pieces());
  TraceFileRead how;
  auto t = trace_from_json_file(bom.string(), &how);
  ASSERT_TRUE(t) << t.error().reason;
  EXPECT_FALSE(how.read_whole);
  EXPECT_EQ(trace_json_text(*t), expected);
  std::filesystem::remove_all(dir);
}

// `text` with its last event's step a string: JSON, but not a trace.
std::string late_event_error(const std::string& text) {
  json doc = json::parse(text);
  doc["events"].back()["step"] = "late";
  return doc.dump();
}

TEST(TraceFile, ErrorsAreTheWholeTextsAndTheFilesOwn) {
  auto dir = testutil::temp_dir("trace-file-errors");
  const std::string good = text_over_pieces();
  const size_t late = good.size() - 1000;  // in the second or third piece
  std::vector<std::string> bad = {
      good.substr(0, late),                                  // cut short
      good.substr(0, late) + "\xff" + good.substr(late),     // not UTF-8, after the first piece
      good.substr(0, late) + "\xe6\x97" + good.substr(late),  // a character cut in two
      std::string(600, '[') + std::string(600, ']'),         // too deep
      "{\"format\": \"tlslab-trace\", \"version\": 99}",     // [4] a trace's error, not JSON's
      "",
      late_event_error(good),                                // [6] a trace's error in the last event, past 2 MiB
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    auto path = dir / ("bad" + std::to_string(i) + ".json");
    testutil::write_file(path, bad[i]);
    TraceFileRead how;
    auto t = trace_from_json_file(path.string(), &how);
    auto expected = trace_from_json_text(bad[i]);
    ASSERT_FALSE(expected) << i;
    ASSERT_FALSE(t) << i;
    EXPECT_TRUE(how.content_error) << i;
    // Read whole again only when it was not JSON: a JSON document's trace error needs no second reading.
    const bool json_error = i != 4 && i != 6;
    EXPECT_EQ(how.read_whole, json_error) << i;
    EXPECT_EQ(t.error().reason, expected.error().reason) << i;
  }
  // The file's own errors, as read_file_capped says them.
  for (const std::filesystem::path& path : {dir / "missing.json", dir}) {
    TraceFileRead how;
    auto t = trace_from_json_file(path.string(), &how);
    auto expected = read_file_capped(path.string(), kMaxTraceFileBytes);
    ASSERT_FALSE(t);
    ASSERT_FALSE(expected);
    EXPECT_FALSE(how.content_error);
    EXPECT_EQ(t.error().reason, expected.error().reason);
  }
  std::filesystem::remove_all(dir);
}

TEST(TraceFile, ExportInPiecesIsTheWholeText) {
  Trace t = gui::long_trace(800, 1);  // a few MiB, cut after events
  std::string joined;
  size_t pieces = 0;
  trace_json_write(t, [&](std::string_view piece) {
    joined += piece;
    ++pieces;
  });
  EXPECT_EQ(joined, trace_json_text(t));
  ASSERT_GT(joined.size(), size_t(2) << 20);
  EXPECT_GE(pieces, 3u);  // pieces of about 1 MiB
  // And through the file writer.
  auto dir = testutil::temp_dir("trace-file-write");
  auto path = dir / "out.json";
  ASSERT_TRUE(write_file_atomic(path.string(), [&](const WriteChunk& write) { trace_json_write(t, write); }));
  EXPECT_EQ(testutil::read_file(path), joined);
  std::filesystem::remove_all(dir);
}

}  // namespace

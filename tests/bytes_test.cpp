#include <gtest/gtest.h>

#include "core/bytes.hpp"
#include "trace/field.hpp"

using namespace sim;

TEST(ByteReader, ReadsBigEndianAndTracksAbsoluteOffsets) {
  Bytes b = *from_hex("0102030405060708");
  ByteReader r(b, 100);
  uint16_t a;
  uint32_t c;
  ASSERT_TRUE(r.u16(&a));
  EXPECT_EQ(a, 0x0102);
  EXPECT_EQ(r.offset(), 102u);
  ASSERT_TRUE(r.u24(&c));
  EXPECT_EQ(c, 0x030405u);
  EXPECT_EQ(r.remaining(), 3u);
}

TEST(ByteReader, RejectsTruncatedReadsWithoutAdvancing) {
  Bytes b = *from_hex("0102");
  ByteReader r(b);
  uint32_t v;
  EXPECT_FALSE(r.u24(&v));
  EXPECT_EQ(r.remaining(), 2u);
  ByteView out;
  EXPECT_FALSE(r.bytes(3, &out));
  EXPECT_EQ(r.remaining(), 2u);
}

TEST(ByteReader, RejectsLengthPrefixLongerThanInput) {
  Bytes b = *from_hex("0005aabbcc");  // says 5 bytes, has 3
  ByteReader r(b);
  ByteReader sub;
  EXPECT_FALSE(r.prefixed(2, &sub));
  EXPECT_EQ(r.remaining(), 5u);
  Bytes ok = *from_hex("0003aabbccdd");
  ByteReader r2(ok);
  ASSERT_TRUE(r2.prefixed(2, &sub));
  EXPECT_EQ(sub.remaining(), 3u);
  EXPECT_EQ(sub.offset(), 2u);
  EXPECT_EQ(r2.remaining(), 1u);
}

TEST(ByteWriter, BackPatchesNestedLengths) {
  ByteWriter w;
  size_t outer = w.open(2);
  w.u8(0xaa);
  size_t inner = w.open(1);
  w.u16(0xbbcc);
  w.close(inner);
  w.close(outer);
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(to_hex(w.data()), "0004aa02bbcc");
}

TEST(ByteWriter, FlagsAnOverflowingLengthPrefix) {
  ByteWriter w;
  size_t h = w.open(1);
  w.bytes(Bytes(300, 0));
  w.close(h);
  EXPECT_FALSE(w.ok());
}

TEST(ByteWriter, FlagsAScopeLeftOpen) {
  ByteWriter w;
  (void)w.open(2);
  EXPECT_FALSE(w.ok());
}

TEST(Hex, RoundTripsAndRejectsBadInput) {
  EXPECT_EQ(to_hex(*from_hex("00ff10")), "00ff10");
  EXPECT_FALSE(from_hex("abc").has_value());
  EXPECT_FALSE(from_hex("zz").has_value());
}

TEST(Dissector, RecordsFieldRangesAsItReads) {
  Bytes b = *from_hex("0303" "02" "abcd");
  Field root;
  Dissector d(ByteReader(b, 10), &root);
  uint16_t v;
  Dissector sub({}, nullptr);
  ASSERT_TRUE(d.u16("legacy_version", &v));
  ASSERT_TRUE(d.vec("session_id", 1, &sub));
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0].offset, 10u);
  EXPECT_EQ(root.children[0].length, 2u);
  EXPECT_EQ(root.children[1].offset, 12u);
  EXPECT_EQ(root.children[1].length, 3u);
  EXPECT_FALSE(d.u8("extra", nullptr));
}

// pcapng export judged by tshark (Debian's 4.0): it decrypts our capture with no key file
// (the keys ride in a Decryption Secrets Block), the decrypted HTTP bytes are exactly what the
// simulation exchanged, and it finds nothing malformed and no TCP analysis warning.
#include <gtest/gtest.h>

#include "export/pcapng.hpp"
#include "export_fixtures.hpp"
#include "test_util.hpp"
#include "tshark_util.hpp"

using namespace sim;

namespace {


}  // namespace

class ExportPcapSuite : public testing::TestWithParam<const char*> {};

TEST_P(ExportPcapSuite, TsharkDecryptsWithNoKeyFileAndSeesTheExactHttpBytes) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  Trace t = exportfix::completed_trace(GetParam());
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  auto dir = testutil::temp_dir("pcap");
  auto file = write_capture(dir, "t.pcapng", t);

  Followed f = follow_tls(file, 0);
  EXPECT_EQ(f.to_server, to_hex(t.server_app_received)) << GetParam();
  EXPECT_EQ(f.to_client, to_hex(t.client_app_received)) << GetParam();
  ASSERT_FALSE(f.to_server.empty());

  // Dissected as HTTP over TLS on port 443, request and response.
  std::string http = tshark("-r " + file.string() + " -Y http -T fields -e http.request.method -e http.response.code");
  EXPECT_NE(http.find("GET"), std::string::npos) << http;
  EXPECT_NE(http.find("200"), std::string::npos) << http;

  EXPECT_EQ(problems(file), "") << GetParam();
  std::string expert = tshark("-r " + file.string() + " -q -z expert");
  EXPECT_EQ(expert.find("Malformed"), std::string::npos) << expert;
  EXPECT_EQ(expert.find("Warning"), std::string::npos) << expert;
  EXPECT_EQ(expert.find("Error"), std::string::npos) << expert;

  // Valid IPv4 and TCP checksums on every packet (1 = good).
  std::string sums = tshark("-r " + file.string() + " -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE "
                            "-T fields -e ip.checksum.status -e tcp.checksum.status");
  ASSERT_FALSE(sums.empty());
  for (size_t p = 0; (p = sums.find_first_of("023", p)) != std::string::npos; ++p) ADD_FAILURE() << "bad checksum status:\n" << sums;
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Tls12, ExportPcapSuite,
                         testing::Values("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                                         "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256",
                                         "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                                         // ECDSA P-256 server certificate, and HMAC-SHA384 records
                                         "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
                         [](const testing::TestParamInfo<const char*>& i) { return std::string(i.param).substr(4); });

TEST(ExportPcap, TcpStreamShape) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  auto dir = testutil::temp_dir("pcap");
  CaptureOptions o;
  o.server_port = 8443;
  auto file = write_capture(dir, "t.pcapng", t, o);
  std::string flags = tshark("-r " + file.string() + " -T fields -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport -e tcp.flags.str");
  // SYN, SYN/ACK, ACK first; FIN from each side and a last ACK at the end.
  EXPECT_EQ(flags.rfind("10.0.0.1\t49152\t10.0.0.2\t8443\t··········S·\n"
                        "10.0.0.2\t8443\t10.0.0.1\t49152\t·······A··S·\n"
                        "10.0.0.1\t49152\t10.0.0.2\t8443\t·······A····\n", 0), 0u)
      << flags;
  EXPECT_NE(flags.find("10.0.0.1\t49152\t10.0.0.2\t8443\t·······A···F\n"
                       "10.0.0.2\t8443\t10.0.0.1\t49152\t·······A···F\n"
                       "10.0.0.1\t49152\t10.0.0.2\t8443\t·······A····\n"),
            std::string::npos)
      << flags;
  // The TCP payload is exactly the records, every byte once (no gap, no retransmission).
  std::string lens = tshark("-r " + file.string() + " -T fields -e tcp.len");
  size_t payload = 0, records = 0;
  for (auto& e : t.events) records += e.bytes.size();
  for (size_t p = 0; p < lens.size();) {
    size_t nl = lens.find('\n', p);
    payload += std::stoul(lens.substr(p, nl - p));
    p = nl + 1;
  }
  EXPECT_EQ(payload, records);
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

TEST(ExportPcap, ClassicPcapOpensWithTheRightPacketCount) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
  auto dir = testutil::temp_dir("pcap");
  CaptureOptions o;
  o.format = CaptureFormat::pcap;
  Capture c = capture_file(t, o);
  auto file = dir / "t.pcap";
  testutil::write_file(file, std::string(c.file.begin(), c.file.end()));
  EXPECT_EQ(std::string(c.file.begin(), c.file.begin() + 4), std::string("\xd4\xc3\xb2\xa1", 4));
  std::string count = tshark("-r " + file.string() + " -T fields -e frame.number");
  size_t lines = std::count(count.begin(), count.end(), '\n');
  EXPECT_EQ(lines, c.packets);
  // 3 for the TCP handshake, one per record (plus the Certificate split at the MSS), 3 to close.
  size_t expected = 6;
  for (auto& e : t.events) expected += (e.bytes.size() + 1459) / 1460;
  EXPECT_EQ(c.packets, expected);
  EXPECT_EQ(problems(file), "");
  // No secrets in this format: the records stay encrypted.
  EXPECT_EQ(tshark("-r " + file.string() + " -Y http"), "");
  std::filesystem::remove_all(dir);
}

TEST(ExportPcap, FailedHandshakeWithAnAttackerIsCleanToo) {
  if (!have_tshark()) GTEST_SKIP() << "tshark is not installed";
  Trace t = exportfix::failed_trace();
  auto dir = testutil::temp_dir("pcap");
  auto file = write_capture(dir, "t.pcapng", t);
  // One stream: the attacker's altered record appears as sent by the client.
  auto placement = place_events(t);
  for (size_t i = 0; i < t.events.size(); ++i) {
    EXPECT_EQ(placement[i].stream, 0u);
    if (t.events[i].from == Actor::attacker) {
      EXPECT_TRUE(placement[i].client_to_server);
    }
  }
  std::string streams = tshark("-r " + file.string() + " -T fields -e tcp.stream");
  EXPECT_EQ(streams.find('1'), std::string::npos) << streams;
  EXPECT_EQ(problems(file), "");
  std::string alerts = tshark("-r " + file.string() + " -Y tls.alert_message.desc -T fields -e tls.alert_message.desc");
  EXPECT_NE(alerts.find("20"), std::string::npos) << alerts;  // bad_record_mac, decrypted
  std::filesystem::remove_all(dir);
}

TEST(ExportPcap, AttackerTerminatingBothSidesGivesTwoStreams) {
  // Not produced by the engine yet: a hand-made trace where the attacker is the client's
  // server and the server's client.
  Trace t;
  auto ev = [](Actor from, Actor to, uint32_t step) {
    Event e;
    e.from = from;
    e.to = to;
    e.step = step;
    e.bytes = {0x16, 0x03, 0x03, 0x00, 0x01, 0x00};
    return e;
  };
  t.events = {ev(Actor::client, Actor::attacker, 0), ev(Actor::attacker, Actor::server, 1),
              ev(Actor::server, Actor::attacker, 2), ev(Actor::attacker, Actor::client, 3)};
  auto p = place_events(t);
  EXPECT_EQ(p[0].stream, 0u);
  EXPECT_TRUE(p[0].client_to_server);
  EXPECT_EQ(p[1].stream, 1u);
  EXPECT_TRUE(p[1].client_to_server);
  EXPECT_EQ(p[2].stream, 1u);
  EXPECT_FALSE(p[2].client_to_server);
  EXPECT_EQ(p[3].stream, 0u);
  EXPECT_FALSE(p[3].client_to_server);
  Capture c = capture_file(t);
  EXPECT_EQ(c.streams, 2u);
  EXPECT_EQ(c.packets, 2 * 6 + 4u);
}

TEST(ExportPcap, SecretsBlockCarriesTheKeyLog) {
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  Capture c = capture_file(t);
  std::string file(c.file.begin(), c.file.end());
  // Walk the blocks: SHB, IDB, DSB, then packets.
  size_t off = 0;
  std::vector<uint32_t> types;
  std::string secrets;
  auto le32 = [&](size_t at) {
    return uint32_t(uint8_t(file[at])) | uint32_t(uint8_t(file[at + 1])) << 8 | uint32_t(uint8_t(file[at + 2])) << 16 |
           uint32_t(uint8_t(file[at + 3])) << 24;
  };
  while (off + 12 <= file.size()) {
    uint32_t type = le32(off), len = le32(off + 4);
    ASSERT_EQ(len % 4, 0u);
    ASSERT_LE(off + len, file.size());
    ASSERT_EQ(le32(off + len - 4), len);
    types.push_back(type);
    if (type == 0x0000000A) {
      EXPECT_EQ(le32(off + 8), 0x544c534bu);
      secrets = file.substr(off + 16, le32(off + 12));
    }
    off += len;
  }
  EXPECT_EQ(off, file.size());
  ASSERT_GE(types.size(), 4u);
  EXPECT_EQ(types[0], 0x0A0D0D0Au);
  EXPECT_EQ(types[1], 1u);
  EXPECT_EQ(types[2], 0x0Au);
  EXPECT_EQ(secrets, t.keylog[0] + "\n");
  EXPECT_EQ(types.size() - 3, c.packets);
  // Deterministic: the same trace gives the same bytes.
  EXPECT_EQ(capture_file(t).file, c.file);
}

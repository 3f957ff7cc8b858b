// What a hostile peer can make an endpoint do or keep (issue 17, item 3): floods of warning
// alerts, of empty records, of renegotiation requests, and of application data each stop early
// with the alert real stacks send, in bounded time and memory; and exports of a hostile trace
// (item 10) keep its text from acting as markup or as extra key log lines.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "export/pcapng.hpp"
#include "export/report.hpp"
#include "export_fixtures.hpp"
#include "hs/connection.hpp"
#include "net/simulation.hpp"
#include "sim_fixtures.hpp"

using namespace sim;

namespace {

long max_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// AddressSanitizer keeps freed memory in quarantine (256 MiB by default) before reusing it: in
// the sanitizer build a flood's peak may exceed the bound by that much without any leak.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kSanitizerSlackMiB = 256;
#else
constexpr long kSanitizerSlackMiB = 0;
#endif

// Time and peak memory of one flood, checked against generous bounds: before the limits, the
// 300,000 alerts took 61 s and 6.2 GB.
struct Budget {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  long rss = max_rss_kib();
  void check(double seconds, long mib) const {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(s, seconds);
    EXPECT_LT((max_rss_kib() - rss) / 1024, mib + kSanitizerSlackMiB);
  }
};

ScenarioOptions tls12() {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  return o;
}

// A TLS 1.2 pair with its handshake done and no HTTP exchange (the data is the test's).
simfix::Endpoints connected() {
  ScenarioOptions o = tls12();
  ClientConfig cc = client_config(o);
  cc.send_http_request = false;
  auto e = simfix::handshake(cc, server_config(o));
  EXPECT_TRUE(e.client->handshake_complete());
  EXPECT_TRUE(e.server->handshake_complete());
  (void)e.client->take_sent();
  (void)e.server->take_sent();
  (void)e.client->take_received();
  (void)e.server->take_received();
  return e;
}

bool has_note(const std::vector<Event>& evs, const std::string& english) {
  for (auto& e : evs)
    for (auto& n : e.notes)
      if (n.english().find(english) != std::string::npos) return true;
  return false;
}

// The last record `side` sent: the alert that ended the connection.
const AlertInfo* last_alert(const std::vector<Event>& sent) {
  return sent.empty() || !sent.back().alert ? nullptr : &*sent.back().alert;
}

}  // namespace

// OpenSSL: the 5th warning alert in a row is unexpected_message (MAX_WARN_ALERT_COUNT). The
// client of the issue, fed 300,000 of them (2.1 MB) after its ClientHello, made an event of each.
TEST(PeerLimits, WarningAlertFloodEndsWithUnexpectedMessage) {
  Budget b;
  auto client = make_client(client_config(tls12()), 1);
  client->start();
  (void)client->take_sent();
  // user_canceled (90) as a warning, in the clear: nothing is negotiated yet. Delivered in
  // 1,000-alert bursts, as TCP would hand them over.
  Bytes burst;
  for (int i = 0; i < 1000; ++i) append(burst, Bytes{0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 90});
  client->receive(burst);
  ASSERT_TRUE(client->failed()) << "the first burst ends it";
  size_t events = client->take_received().size();
  for (size_t fed = 1000; fed < 300000; fed += 1000) {
    client->receive(burst);
    events += client->take_received().size();
  }
  EXPECT_EQ(events, size_t(kMaxWarningAlertsInRow));
  EXPECT_EQ(client->failure()->alert, AlertDescription::unexpected_message);
  EXPECT_EQ(client->failure()->message().key, "reason.too_many_warning_alerts");
  auto sent = client->take_sent();
  ASSERT_NE(last_alert(sent), nullptr);
  EXPECT_EQ(last_alert(sent)->level, AlertLevel::fatal);
  EXPECT_EQ(last_alert(sent)->description, AlertDescription::unexpected_message);
  b.check(5, 64);
}

// Alerts apart from each other by other records are not a flood: the count starts again.
TEST(PeerLimits, WarningAlertsBetweenDataAreFine) {
  auto e = connected();
  for (int i = 0; i < 3 * kMaxWarningAlertsInRow; ++i) {
    e.client->send_record(ContentType::alert, Bytes{1, 90});
    if (i % 2) e.client->send_application_data(to_bytes("x"));
    e.server->receive(simfix::wire_of(e.client->take_sent()));
  }
  EXPECT_FALSE(e.server->failed()) << e.server->failure_text();
}

// OpenSSL: the 33rd empty record in a row is unexpected_message (MAX_EMPTY_RECORDS). Empty
// application data records are legal (RFC 5246 6.2.1), so only their number is refused.
TEST(PeerLimits, EmptyRecordFloodEndsWithUnexpectedMessage) {
  Budget b;
  auto e = connected();
  // Each record sealed in turn (the same bytes again would fail their MAC), fed until the server
  // stops, up to 100,000.
  int fed = 0;
  for (; fed < 100000 && !e.server->failed(); ++fed) {
    e.client->send_record(ContentType::application_data, {});
    e.server->receive(simfix::wire_of(e.client->take_sent()));
    (void)e.server->take_received();
    if (fed == 1000) break;  // far past the limit: without it, no need to go on
  }
  ASSERT_TRUE(e.server->failed());
  EXPECT_EQ(fed, kMaxEmptyRecordsInRow + 1);
  EXPECT_EQ(e.server->failure()->alert, AlertDescription::unexpected_message);
  EXPECT_EQ(e.server->failure()->message().key, "reason.too_many_empty_records");
  auto sent = e.server->take_sent();
  ASSERT_NE(last_alert(sent), nullptr);
  EXPECT_EQ(last_alert(sent)->description, AlertDescription::unexpected_message);
  b.check(5, 64);
}

// A client asking for renegotiation again and again: the server goes through kMaxRenegotiations,
// then refuses with no_renegotiation (always a warning, RFC 5246 7.2.2) and ends the connection.
TEST(PeerLimits, RenegotiationRequestsAreCapped) {
  Budget b;
  auto e = connected();
  int asked = 0;
  for (; asked < 200 && !e.server->failed(); ++asked) {
    e.client->renegotiate();
    simfix::pump(*e.client, *e.server);
    (void)e.client->take_received();
    (void)e.server->take_received();
  }
  ASSERT_TRUE(e.server->failed());
  EXPECT_EQ(asked, kMaxRenegotiations + 1);
  EXPECT_EQ(e.server->negotiated().handshakes, kMaxRenegotiations + 1);
  EXPECT_EQ(e.server->failure()->alert, AlertDescription::no_renegotiation);
  EXPECT_EQ(e.server->failure()->message().key, "reason.too_many_renegotiations");
  b.check(8, 64);
}

// The same cap on the client, for a server sending HelloRequest after HelloRequest.
TEST(PeerLimits, HelloRequestsAreCapped) {
  auto e = connected();
  int asked = 0;
  std::vector<Event> sent;  // what the client sent in the last round
  for (; asked < 200 && !e.client->failed(); ++asked) {
    e.server->renegotiate();
    // Wired by hand (not simfix::pump) to keep the client's last records.
    for (int round = 0; round < 10; ++round) {
      Bytes s = simfix::wire_of(e.server->take_sent());
      if (!s.empty()) e.client->receive(s);
      auto c = e.client->take_sent();
      if (!c.empty()) sent = c;
      if (!c.empty()) e.server->receive(simfix::wire_of(c));
    }
  }
  ASSERT_TRUE(e.client->failed());
  EXPECT_EQ(asked, kMaxRenegotiations + 1);
  EXPECT_EQ(e.client->failure()->alert, AlertDescription::no_renegotiation);
  // The refusal goes out as a warning, with no fatal alert after it.
  ASSERT_NE(last_alert(sent), nullptr);
  EXPECT_EQ(last_alert(sent)->level, AlertLevel::warning);
  EXPECT_EQ(last_alert(sent)->description, AlertDescription::no_renegotiation);
}

// 32 MB of application data: the server keeps a prefix (and says so on the record where it
// stops keeping), counts the rest, and ends the connection with internal_error (a local limit,
// not a protocol error of the peer) once the trace of this connection would pass its cap.
TEST(PeerLimits, ApplicationDataKeptAsAPrefixAndTheConnectionCapped) {
  Budget b;
  auto e = connected();
  const Bytes chunk(1 << 20, 'A');
  size_t sent = 0;
  bool noted = false;
  for (; sent < (32u << 20) && !e.server->failed(); sent += chunk.size()) {
    e.client->send_application_data(chunk);
    e.server->receive(simfix::wire_of(e.client->take_sent()));
    noted |= has_note(e.server->take_received(), "bytes of application data from the peer are kept in the trace");
  }
  ASSERT_TRUE(e.server->failed());
  EXPECT_LE(sent, kMaxBytesReceived + chunk.size());
  EXPECT_EQ(e.server->app_received().size(), kMaxAppDataKept);
  EXPECT_GT(e.server->app_received_total(), uint64_t(kMaxAppDataKept));
  EXPECT_TRUE(noted);
  EXPECT_EQ(e.server->failure()->alert, AlertDescription::internal_error);
  EXPECT_EQ(e.server->failure()->message().key, "reason.too_much_received");
  b.check(10, 256);
}

// A trace is anyone's file: its text must not become HTML in the Markdown report.
TEST(SafeExports, MarkdownReportEscapesRawHtmlFromTheTrace) {
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  ASSERT_FALSE(t.events.empty());
  t.events[0].name = "<script>alert(1)</script>";
  t.events[0].notes.push_back(side_note(Actor::client, notation("<img src=x onerror=alert(2)>")));
  t.events[0].tree.name = "<b>field</b>";
  std::string md = report_markdown(t);
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
  EXPECT_EQ(md.find("<b>"), std::string::npos);
  EXPECT_NE(md.find("&lt;script>alert(1)&lt;/script>"), std::string::npos);
}

// A key log line with a newline inside would add a line of the trace's choosing to the
// Decryption Secrets Block; an event name with one would break its packet comment.
TEST(SafeExports, PcapngEscapesNewlinesFromTheTrace) {
  Trace t = exportfix::completed_trace("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  ASSERT_FALSE(t.keylog.empty());
  t.keylog.push_back("CLIENT_RANDOM 00 11\nCLIENT_RANDOM 22 33\r");
  t.events[0].name = "ClientHello\r\nforged: yes";
  Bytes f = capture_file(t).file;
  auto le32 = [&](size_t at) { return uint32_t(f[at]) | uint32_t(f[at + 1]) << 8 | uint32_t(f[at + 2]) << 16 | uint32_t(f[at + 3]) << 24; };
  auto le16 = [&](size_t at) { return uint16_t(f[at] | f[at + 1] << 8); };
  bool dsb = false;
  size_t comments = 0;
  for (size_t at = 0; at + 12 <= f.size();) {
    uint32_t type = le32(at), len = le32(at + 4);
    ASSERT_GE(len, 12u);
    if (type == 0x0A) {  // Decryption Secrets Block: one line per key log entry
      std::string text(f.begin() + long(at + 16), f.begin() + long(at + 16 + le32(at + 12)));
      EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), long(t.keylog.size())) << text;
      EXPECT_EQ(text.find('\r'), std::string::npos);
      EXPECT_NE(text.find("CLIENT_RANDOM 00 11\\nCLIENT_RANDOM 22 33\\r\n"), std::string::npos) << text;
      dsb = true;
    }
    if (type == 6) {  // Enhanced Packet Block: options after the padded packet data
      size_t opt = at + 28 + ((le32(at + 20) + 3) & ~3u);
      while (opt + 4 <= at + len - 4 && le16(opt) != 0) {
        std::string v(f.begin() + long(opt + 4), f.begin() + long(opt + 4 + le16(opt + 2)));
        if (le16(opt) == 1) {
          ++comments;
          EXPECT_EQ(v.find_first_of("\r\n"), std::string::npos) << v;
        }
        opt += 4 + ((le16(opt + 2) + 3) & ~3u);
      }
    }
    at += len;
  }
  EXPECT_TRUE(dsb);
  EXPECT_GT(comments, 0u);
}

// A server that answers in plain HTTP: its first bytes read as a record header of type 'H',
// version "TT" and a "length" of 20527 ("P/"). It is named for its version, not its length
// (before, the client reported a record over 2^14 + 2048 bytes).
TEST(HostileBytes, APlainHttpAnswerIsNotATlsRecordNotAnOverlongOne) {
  auto client = make_client(client_config(tls12()), 1);
  client->start();
  (void)client->take_sent();
  const std::string http = "HTTP/1.1 400 Bad Request\r\n";
  client->receive(ByteView(reinterpret_cast<const uint8_t*>(http.data()), http.size()));
  ASSERT_TRUE(client->failed());
  EXPECT_EQ(client->failure()->alert, AlertDescription::protocol_version);
  EXPECT_EQ(client->failure()->message().key, "reason.record_version_unknown");
  EXPECT_NE(client->failure()->message().render(Lang::en).find("5454"), std::string::npos);
}

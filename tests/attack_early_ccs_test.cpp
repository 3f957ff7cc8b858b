// early-ccs (CVE-2014-0224): the on-path attacker injects a ChangeCipherSpec to each side right
// after ServerHello. Undefended (both sides lenient, as OpenSSL before 1.0.1h), it computes the
// keys from the public randoms and an empty master secret, reads the request and alters the page;
// defended, each side refuses the ChangeCipherSpec with unexpected_message where it stands.
#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>

#include "net/simulation.hpp"
#include "scenario/attacks.hpp"
#include "scenario/scenario_io.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"

namespace {

using namespace sim;

ScenarioOptions early_ccs(uint16_t version, uint16_t suite, bool defended) {
  ScenarioOptions o;
  o.attack = "early-ccs";
  if (!defended) o.defenses["strict-ccs"] = false;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  if (suite) o.client_suites = o.server_suites = {suite};
  return o;
}

using simfix::run_attack;

using simfix::attack_evidence;

bool starts_with(const Bytes& b, const Bytes& prefix) {
  return !prefix.empty() && b.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), b.begin());
}

// The first application data record `from` sent, as its sender recorded it.
const Event* app_data_sent(const Trace& t, Actor from) {
  return simfix::find_event(t, [&](const Event& e) {
    return e.from == from && !e.attack && e.layer == ContentType::application_data && !e.plaintext.empty();
  });
}

struct Case {
  uint16_t version;
  uint16_t suite;
};

class EarlyCcsUndefended : public testing::TestWithParam<Case> {};

TEST_P(EarlyCcsUndefended, TheAttackerReadsTheRequestAndAltersThePage) {
  auto [version, suite] = GetParam();
  Trace t = run_attack(early_ccs(version, suite, false));
  ASSERT_EQ(t.negotiated.version, version);
  ASSERT_EQ(t.negotiated.cipher_suite, suite);
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(true)) << t.attack->summary.english() << " / " << t.outcome.english();
  // Both Finished verified: the transcripts match and Finished uses the real master secret.
  EXPECT_TRUE(t.handshake_complete);
  EXPECT_EQ(simfix::fatal_alert_from(t, Actor::client), nullptr);
  EXPECT_EQ(simfix::fatal_alert_from(t, Actor::server), nullptr);
  // The injected records are ChangeCipherSpec records (content type 20, RFC 5246 6.2.1), whatever
  // record was in transit when the attacker sent them.
  int injected = 0;
  for (auto& e : t.events)
    if (e.attack && e.attack->kind == AttackAction::Kind::inject) {
      ++injected;
      ASSERT_FALSE(e.bytes.empty());
      EXPECT_EQ(e.bytes[0], 20);
      EXPECT_EQ(e.layer, ContentType::change_cipher_spec) << e.name;
    }
  EXPECT_EQ(injected, 2);

  // The keys the attacker computed from public values are the ones both victims derived at the
  // injected ChangeCipherSpec, from an empty master secret.
  const AttackEvidence* kb = attack_evidence(t, "key_block");
  ASSERT_NE(kb, nullptr);
  for (const char* id : {"client/key_block/early_ccs", "server/key_block/early_ccs"}) {
    const Derivation* d = simfix::find_derivation(t, id);
    ASSERT_NE(d, nullptr) << id;
    EXPECT_EQ(d->output, kb->value) << id;
    ASSERT_NE(d->input("master_secret"), nullptr);
    EXPECT_TRUE(d->input("master_secret")->value.empty()) << id;
  }
  // The real master secret was derived later, but no key block came from it: the early one stayed.
  ASSERT_NE(simfix::find_derivation(t, "client/master_secret"), nullptr);
  ASSERT_NE(simfix::find_derivation(t, "server/master_secret"), nullptr);
  EXPECT_EQ(simfix::find_derivation(t, "client/key_block"), nullptr);
  EXPECT_EQ(simfix::find_derivation(t, "server/key_block"), nullptr);

  // The request the attacker decrypted is the one the client sent, and the server received.
  const AttackEvidence* read = attack_evidence(t, "request_read");
  ASSERT_NE(read, nullptr);
  const Event* request = app_data_sent(t, Actor::client);
  ASSERT_NE(request, nullptr);
  EXPECT_TRUE(starts_with(request->plaintext, read->value));
  EXPECT_EQ(read->value, t.server_app_received);
  EXPECT_EQ(std::string(read->value.begin(), read->value.begin() + 4), "GET ");

  // The client shows the attacker's page, not the server's.
  const AttackEvidence* altered = attack_evidence(t, "page_altered");
  ASSERT_NE(altered, nullptr);
  EXPECT_EQ(t.client_app_received, altered->value);
  const Event* page = app_data_sent(t, Actor::server);
  ASSERT_NE(page, nullptr);
  EXPECT_FALSE(starts_with(page->plaintext, t.client_app_received));
  std::string shown(t.client_app_received.begin(), t.client_app_received.end());
  EXPECT_NE(shown.find("action=\"https://www.attacker.test/steal\""), std::string::npos) << shown;
  EXPECT_NE(shown.find("Hello from www.example.com"), std::string::npos) << shown;
}

INSTANTIATE_TEST_SUITE_P(Suites, EarlyCcsUndefended,
                         testing::Values(Case{kSsl3, 0x000a},    // SSL 3.0, RSA 3DES-EDE-CBC SHA
                                         Case{kSsl3, 0x0005},    // SSL 3.0, RSA RC4-128 SHA
                                         Case{kTls10, 0x002f},   // TLS 1.0, CBC with the chained IV
                                         Case{kTls12, 0xc013},   // TLS 1.2, ECDHE AES-128-CBC SHA
                                         Case{kTls12, 0xc02f},   // TLS 1.2, ECDHE AES-128-GCM (AEAD)
                                         Case{kTls12, 0xcca8}),  // TLS 1.2, ECDHE ChaCha20-Poly1305
                         [](const testing::TestParamInfo<Case>& p) {
                           return "v" + std::to_string(p.param.version) + "_suite" + std::to_string(p.param.suite);
                         });

// Both sides refuse the injected ChangeCipherSpec where they stand: the client waiting for the
// server's Certificate, the server for the ClientKeyExchange (RFC 6101 5.3, RFC 5246 7.1).
class EarlyCcsDefended : public testing::TestWithParam<uint16_t> {};

TEST_P(EarlyCcsDefended, EachSideAnswersUnexpectedMessage) {
  Trace t = run_attack(early_ccs(GetParam(), 0, true));
  ASSERT_EQ(t.attack->succeeded, std::optional<bool>(false));
  ASSERT_TRUE(t.attack->stopped_by_alert);
  EXPECT_EQ(*t.attack->stopped_by_alert, AlertDescription::unexpected_message);
  EXPECT_EQ(t.attack->stopped_by, std::optional<Actor>(Actor::client));
  EXPECT_FALSE(t.handshake_complete);
  EXPECT_EQ(attack_evidence(t, "request_read"), nullptr);
  for (auto [side, state] : {std::pair{Actor::client, "ReadServerCertificate"}, std::pair{Actor::server, "ReadClientKeyExchange"}}) {
    const Event* alert = simfix::fatal_alert_from(t, side);
    ASSERT_NE(alert, nullptr) << name_of(side);
    EXPECT_EQ(alert->alert->description, AlertDescription::unexpected_message);
    ASSERT_TRUE(alert->states.sender);
    EXPECT_EQ(name_of(alert->states.sender->before), state);
    // It is the ChangeCipherSpec that was refused.
    EXPECT_NE(alert->alert->reason.english().find("ChangeCipherSpec"), std::string::npos) << alert->alert->reason.english();
  }
  const Event* stop = &t.events.at(*t.attack->stopped_at_event);
  EXPECT_EQ(stop, simfix::fatal_alert_from(t, Actor::client));
}

INSTANTIATE_TEST_SUITE_P(Versions, EarlyCcsDefended, testing::Values(kSsl3, kTls10, kTls11, kTls12));

// A real, fixed OpenSSL server stands where our strict server does: the same ChangeCipherSpec,
// sent after its ServerHelloDone, before any ClientKeyExchange, gets a fatal unexpected_message.
TEST(EarlyCcsInterop, OpenSslServerAnswersUnexpectedMessage) {
  if (testutil::run("openssl version 2>&1").status != 0) GTEST_SKIP() << "no openssl";
  auto dir = testutil::temp_dir("early-ccs");
  auto r = testutil::run("cd " + dir.string() +
                         " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 30 -subj /CN=localhost 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  int port = testutil::free_port();
  auto log = dir / "s_server.log";
  testutil::Background server("exec openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                              (dir / "cert.pem").string() + " -key " + (dir / "key.pem").string() + " -www -tls1_2 > " +
                              log.string() + " 2>&1");
  ASSERT_TRUE(testutil::wait_for_port(port, 5000)) << testutil::read_file(log);

  // Our client's ClientHello, then the bytes by hand.
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  ClientConfig cfg = client_config(o);
  cfg.host = "localhost";
  auto client = make_client(cfg, 1);
  client->start();
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(uint16_t(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  for (auto& e : client->take_sent()) ASSERT_EQ(::send(fd, e.bytes.data(), e.bytes.size(), 0), ssize_t(e.bytes.size()));

  // Reads records until `done` says so (or 5 s pass, or the server closes).
  Bytes in;
  auto read_until = [&](const std::function<bool(uint8_t type, ByteView fragment)>& done) {
    for (int waited = 0; waited < 5000; waited += 50) {
      size_t pos = 0;
      while (in.size() - pos >= 5) {
        size_t len = size_t(in[pos + 3]) << 8 | in[pos + 4];
        if (in.size() - pos < 5 + len) break;
        if (done(in[pos], ByteView(in).subspan(pos + 5, len))) return true;
        pos += 5 + len;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      uint8_t buf[4096];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return false;
      in.insert(in.end(), buf, buf + n);
    }
    return false;
  };
  // The server's flight up to ServerHelloDone (handshake type 14), in one or more records.
  bool done = read_until([](uint8_t type, ByteView f) {
    for (size_t p = 0; type == 22 && p + 4 <= f.size(); p += 4 + (size_t(f[p + 1]) << 16 | size_t(f[p + 2]) << 8 | f[p + 3]))
      if (f[p] == 14) return true;
    return false;
  });
  ASSERT_TRUE(done) << testutil::read_file(log);
  in.clear();
  const uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
  ASSERT_EQ(::send(fd, ccs, sizeof ccs, 0), ssize_t(sizeof ccs));
  Bytes alert;
  read_until([&](uint8_t type, ByteView f) {
    if (type == 21) alert.assign(f.begin(), f.end());
    return type == 21;
  });
  ::close(fd);
  EXPECT_EQ(alert, (Bytes{uint8_t(AlertLevel::fatal), uint8_t(AlertDescription::unexpected_message)}))
      << testutil::read_file(log);
  server.stop();
  std::filesystem::remove_all(dir);
}

TEST(EarlyCcs, NotForTls13) {
  ScenarioOptions o = early_ccs(kTls13, 0, true);
  auto problems = validate(o);
  EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [](const Diagnostic& d) {
    return d.key == "attack" && d.text.en.find("early-ccs") != std::string::npos;
  }));
}

}  // namespace

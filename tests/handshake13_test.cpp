// TLS 1.3 in simulation (RFC 8446): every suite x group, HelloRetryRequest, resumption, 0-RTT,
// client authentication, KeyUpdate, tampering, and the downgrade sentinel. Values that can be
// checked against something other than our own engine (RFC constants, hashes of the wire bytes,
// the peer's independent computation) are.
#include <gtest/gtest.h>

#include <random>

#include "crypto/crypto.hpp"
#include "crypto/keys.hpp"
#include "pki/profiles.hpp"
#include "net/simulation.hpp"
#include "sim_fixtures.hpp"
#include "wire/messages.hpp"

using namespace sim;
using namespace simfix;

namespace {

ScenarioOptions tls13_options() {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls13;
  return o;
}

Trace run(const ScenarioOptions& o, std::shared_ptr<Attacker> a = nullptr) {
  Simulation s(o, std::move(a));
  s.run_to_end();
  EXPECT_TRUE(s.done());
  return s.trace();
}

std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }

// Names of the events of one connection, in order.
std::vector<std::string> names(const Trace& t, int connection = 1) {
  std::vector<std::string> v;
  for (auto& e : t.events)
    if (e.connection == connection) v.push_back(e.name);
  return v;
}

bool has_name(const Trace& t, const std::string& n, int connection = 1) {
  for (auto& x : names(t, connection))
    if (x == n) return true;
  return false;
}

// The handshake message (header included) carried by an unprotected handshake record.
Bytes plaintext_message(const Event& e) { return Bytes(e.bytes.begin() + 5, e.bytes.end()); }

const uint8_t kDowngrd01[8] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01};  // RFC 8446 4.1.3

}  // namespace

struct SuiteGroup {
  uint16_t suite;
  NamedGroup group;
};

class Tls13Matrix : public ::testing::TestWithParam<SuiteGroup> {};

TEST_P(Tls13Matrix, CompletesWithThatSuiteAndGroup) {
  auto p = GetParam();
  ScenarioOptions o = tls13_options();
  o.client_suites = o.server_suites = {p.suite};
  o.client_groups = o.server_groups = {p.group};
  Trace t = run(o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_EQ(t.negotiated.version, kTls13);
  EXPECT_EQ(t.negotiated.cipher_suite, p.suite);
  ASSERT_TRUE(t.negotiated.group);
  EXPECT_EQ(*t.negotiated.group, p.group);
  EXPECT_EQ(t.negotiated.key_exchange_mode, "(EC)DHE");
  EXPECT_EQ(text(t.server_app_received).rfind("GET / HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(text(t.client_app_received).find("HTTP/1.1 200 OK"), std::string::npos);
  // Both sides computed every secret on their own; they must agree.
  for (const char* n : {"handshake_secret", "master_secret", "client_application_traffic_secret_0",
                        "server_application_traffic_secret_0", "resumption_master_secret", "exporter_master_secret"}) {
    auto* c = find_derivation(t, std::string("client/") + n);
    auto* s = find_derivation(t, std::string("server/") + n);
    ASSERT_TRUE(c && s) << n;
    EXPECT_EQ(c->output, s->output) << n;
    EXPECT_EQ(c->output.size(), crypto::hash_len(suite_by_id(p.suite)->prf_hash)) << n;
  }
  // After ServerHello every record is opaque_type application_data with version 0x0303 (5.2),
  // except the compatibility ChangeCipherSpec.
  bool after_sh = false;
  for (auto& e : t.events) {
    if (after_sh && e.name != "ChangeCipherSpec") {
      EXPECT_EQ(e.bytes[0], 23) << e.name;
      EXPECT_EQ(e.bytes[1], 3);
      EXPECT_EQ(e.bytes[2], 3);
    }
    after_sh |= e.name == "ServerHello";
  }
}

INSTANTIATE_TEST_SUITE_P(AllSuitesAndGroups, Tls13Matrix,
                         ::testing::Values(SuiteGroup{0x1301, NamedGroup::x25519}, SuiteGroup{0x1301, NamedGroup::secp256r1},
                                           SuiteGroup{0x1301, NamedGroup::ffdhe2048}, SuiteGroup{0x1302, NamedGroup::x25519},
                                           SuiteGroup{0x1302, NamedGroup::secp256r1}, SuiteGroup{0x1302, NamedGroup::ffdhe2048},
                                           SuiteGroup{0x1303, NamedGroup::x25519}, SuiteGroup{0x1303, NamedGroup::secp256r1},
                                           SuiteGroup{0x1303, NamedGroup::ffdhe2048}),
                         [](const auto& info) {
                           return std::string(suite_by_id(info.param.suite)->name) + "_" + name_of(info.param.group);
                         });

TEST(Tls13, HelloRetryRequestForAGroupWithoutShare) {
  ScenarioOptions o = tls13_options();
  o.client_groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  o.client_key_shares = {NamedGroup::x25519};
  o.server_groups = {NamedGroup::secp256r1};
  Trace t = run(o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_TRUE(t.negotiated.hello_retry_request);
  EXPECT_EQ(*t.negotiated.group, NamedGroup::secp256r1);
  std::vector<std::string> n = names(t);
  ASSERT_GE(n.size(), 4u);
  EXPECT_EQ(n[0], "ClientHello");
  EXPECT_EQ(n[1], "HelloRetryRequest");
  auto ch2 = std::find(n.begin() + 2, n.end(), "ClientHello");
  ASSERT_NE(ch2, n.end());
  const Event& hrr = t.events[1];
  const Event& second = t.events[size_t(ch2 - n.begin())];
  // The HRR random is SHA-256("HelloRetryRequest") (RFC 8446 4.1.3).
  Bytes want = crypto::hash(HashAlg::Sha256, to_bytes("HelloRetryRequest"));
  EXPECT_TRUE(std::equal(want.begin(), want.end(), hrr.bytes.begin() + 5 + 4 + 2));
  // ClientHello2 returns the cookie and carries a secp256r1 share.
  Field f1, f2;
  Bytes m1 = plaintext_message(hrr), m2 = plaintext_message(second);
  Dissector d1(ByteReader(ByteView(m1).subspan(4)), &f1), d2(ByteReader(ByteView(m2).subspan(4)), &f2);
  auto sh = parse_server_hello(d1);
  auto ch = parse_client_hello(d2);
  ASSERT_TRUE(sh.ok() && ch.ok());
  ASSERT_TRUE(sh->cookie && ch->cookie);
  EXPECT_EQ(*sh->cookie, *ch->cookie);
  ASSERT_TRUE(ch->key_shares);
  ASSERT_EQ(ch->key_shares->size(), 1u);
  EXPECT_EQ(ch->key_shares->front().group, uint16_t(NamedGroup::secp256r1));
  // message_hash = 254, 00 00 32, SHA-256(ClientHello1) (RFC 8446 4.4.1), from the wire bytes.
  auto* mh = find_derivation(t, "client/message_hash");
  ASSERT_TRUE(mh);
  Bytes expect = concat({Bytes{254, 0, 0, 32}, crypto::hash(HashAlg::Sha256, plaintext_message(t.events[0]))});
  EXPECT_EQ(mh->output, expect);
  // The handshake traffic secrets hash message_hash + HelloRetryRequest + ClientHello2 + ServerHello.
  auto* chs = find_derivation(t, "client/client_handshake_traffic_secret");
  ASSERT_TRUE(chs);
  auto sh2 = std::find(ch2, n.end(), "ServerHello");
  ASSERT_NE(sh2, n.end());
  Bytes transcript = concat({expect, plaintext_message(hrr), m2, plaintext_message(t.events[size_t(sh2 - n.begin())])});
  EXPECT_EQ(chs->input("messages")->value, transcript);
  // The server rebuilds the same transcript on its side.
  auto* server_mh = find_derivation(t, "server/message_hash");
  ASSERT_TRUE(server_mh);
  EXPECT_EQ(server_mh->output, expect);
  auto* server_chs = find_derivation(t, "server/client_handshake_traffic_secret");
  ASSERT_TRUE(server_chs);
  EXPECT_EQ(server_chs->input("messages")->value, transcript);
}

TEST(Tls13, ResumptionWithPskDheKeAndPskKe) {
  for (auto mode : {ScenarioOptions::Resumption::psk_dhe_ke, ScenarioOptions::Resumption::psk_ke}) {
    ScenarioOptions o = tls13_options();
    o.resumption = mode;
    Trace t = run(o);
    bool dhe = mode == ScenarioOptions::Resumption::psk_dhe_ke;
    ASSERT_EQ(t.outcome, OutcomeKind::completed) << dhe;
    EXPECT_EQ(t.negotiated.key_exchange_mode, dhe ? "psk_dhe_ke" : "psk_ke");
    EXPECT_TRUE(has_name(t, "NewSessionTicket", 1));
    // The resumed handshake has no certificate and no signature.
    EXPECT_FALSE(has_name(t, "Certificate", 2));
    EXPECT_FALSE(has_name(t, "CertificateVerify", 2));
    EXPECT_EQ(find_derivation(t, "client/ecdhe_shared_secret#2") != nullptr, dhe);
    // The resumed early_secret takes the PSK from the first connection's ticket.
    auto* psk = find_derivation(t, "client/ticket_psk_0");
    auto* early = find_derivation(t, "client/early_secret#2");
    auto* server_early = find_derivation(t, "server/early_secret#2");
    ASSERT_TRUE(psk && early && server_early);
    EXPECT_EQ(early->input("IKM")->value, psk->output);
    EXPECT_EQ(server_early->output, early->output);
    EXPECT_EQ(text(t.server_app_received).rfind("GET / HTTP/1.1\r\n", 0), 0u);
  }
}

TEST(Tls13, AlteredBinderIsRejected) {
  ScenarioOptions o = tls13_options();
  o.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  int client_hellos = 0;
  auto flip_binder = std::make_shared<LambdaAttacker>([&](const Event& e) -> std::optional<Bytes> {
    if (e.name != "ClientHello" || ++client_hellos != 2) return std::nullopt;
    Bytes b = e.bytes;
    b.back() ^= 1;  // pre_shared_key is the last extension; its binder the last bytes
    return b;
  });
  Trace t = run(o, flip_binder);
  const Event* a = fatal_alert_from(t, Actor::server);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->alert->description, AlertDescription::decrypt_error);
  EXPECT_NE(a->alert->reason.english().find("binder"), std::string::npos);
}

TEST(Tls13, EarlyDataAcceptedAndRejected) {
  for (auto mode : {ScenarioOptions::EarlyData::accepted, ScenarioOptions::EarlyData::rejected}) {
    bool accepted = mode == ScenarioOptions::EarlyData::accepted;
    ScenarioOptions o = tls13_options();
    o.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
    o.early_data = mode;
    Trace t = run(o);
    ASSERT_EQ(t.outcome, OutcomeKind::completed) << accepted;
    EXPECT_EQ(t.negotiated.early_data, accepted ? "accepted" : "rejected");
    // The request left before the server's first flight, under the early traffic keys.
    std::vector<std::string> n = names(t, 2);
    auto early = std::find(n.begin(), n.end(), "Application Data");
    auto sh = std::find(n.begin(), n.end(), "ServerHello");
    ASSERT_NE(early, n.end());
    EXPECT_LT(early - n.begin(), sh - n.begin());
    EXPECT_EQ(has_name(t, "EndOfEarlyData", 2), accepted);
    // Exactly one request reached the server's application: the early one, or the resent one.
    std::string got = text(t.server_app_received);
    EXPECT_EQ(got.rfind("GET / HTTP/1.1\r\n", 0), 0u);
    EXPECT_EQ(got.find("GET", 1), std::string::npos);
    EXPECT_EQ(find_derivation(t, "server/client_early_traffic_secret#2") != nullptr, accepted);
    ASSERT_TRUE(find_derivation(t, "client/client_early_traffic_secret#2"));
  }
}

TEST(Tls13, ClientAuthenticationWithAndWithoutCertificate) {
  ScenarioOptions o = tls13_options();
  o.client_certificate = true;
  Trace t = run(o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_TRUE(t.negotiated.client_authenticated);
  auto* chk = find_derivation(t, "server/client_certificate_verify_check");
  ASSERT_TRUE(chk);
  EXPECT_EQ(chk->output, Bytes{1});
  // The signed content starts with 64 spaces and the client context string (RFC 8446 4.4.3).
  Bytes content = chk->step("signed_content")->value;
  Bytes prefix = concat({Bytes(64, 0x20), to_bytes("TLS 1.3, client CertificateVerify"), Bytes{0}});
  EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), content.begin()));

  ScenarioOptions none = tls13_options();
  none.request_client_certificate = true;
  Trace u = run(none);
  ASSERT_EQ(u.outcome, OutcomeKind::completed);
  EXPECT_FALSE(u.negotiated.client_authenticated);
  EXPECT_TRUE(has_name(u, "CertificateRequest"));
}

TEST(Tls13, ServerThatRequiresACertificateSendsCertificateRequired) {
  ScenarioOptions o = tls13_options();
  o.request_client_certificate = true;
  ServerConfig sc = server_config(o);
  sc.require_client_certificate = true;
  auto client = make_client(client_config(o), 1);
  auto server = make_server(sc, 1);
  client->start();
  for (int i = 0; i < 50 && !(client->finished() && server->finished()); ++i) {
    for (auto& e : client->take_sent()) server->receive(e.bytes);
    for (auto& e : server->take_sent()) client->receive(e.bytes);
  }
  ASSERT_TRUE(server->failed());
  EXPECT_EQ(server->failure()->alert, AlertDescription::certificate_required);
  ASSERT_TRUE(client->failed());
  EXPECT_EQ(client->failure()->alert, AlertDescription::certificate_required);
}

TEST(Tls13, KeyUpdateInBothDirections) {
  for (auto side : {ScenarioOptions::KeyUpdate::client, ScenarioOptions::KeyUpdate::server}) {
    for (bool request : {false, true}) {
      ScenarioOptions o = tls13_options();
      o.key_update = side;
      o.key_update_request = request;
      Trace t = run(o);
      bool client = side == ScenarioOptions::KeyUpdate::client;
      ASSERT_EQ(t.outcome, OutcomeKind::completed) << client << request;
      std::string own = client ? "client" : "server", peer = client ? "server" : "client";
      // The updater's next secret is HKDF-Expand-Label(secret_0, "traffic upd", "", Hash.length), and the
      // receiver derives the same.
      auto* mine = find_derivation(t, own + "/" + own + "_application_traffic_secret_1");
      auto* theirs = find_derivation(t, peer + "/" + own + "_application_traffic_secret_1");
      ASSERT_TRUE(mine && theirs);
      EXPECT_EQ(mine->output, theirs->output);
      EXPECT_EQ(mine->input("secret")->value, find_derivation(t, own + "/" + own + "_application_traffic_secret_0")->output);
      // update_requested makes the peer update too; otherwise it does not.
      EXPECT_EQ(find_derivation(t, peer + "/" + peer + "_application_traffic_secret_1") != nullptr, request);
      // Application data still flows under the new keys.
      EXPECT_NE(text(t.client_app_received).find("HTTP/1.1 200 OK"), std::string::npos);
      int updates = 0;
      for (auto& n : names(t)) updates += n == "KeyUpdate";
      EXPECT_EQ(updates, request ? 2 : 1);
    }
  }
}

// A KeyUpdate that asks for one back moves both directions to application generation 1: each
// side's records after its own KeyUpdate say so in their protection (the KeyUpdate itself still
// goes under generation 0), with the side's own keys and the negotiated suite.
TEST(Tls13, KeyUpdateGivesGeneration1OnBothSides) {
  ScenarioOptions o = tls13_options();
  o.key_update = ScenarioOptions::KeyUpdate::client;
  o.key_update_request = true;
  Trace t = run(o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  for (Actor side : {Actor::client, Actor::server}) {
    bool updated = false;
    int before = 0, after = 0;
    for (auto& e : t.events) {
      if (e.from != side || e.protection.phase != ProtectionPhase::application) continue;
      EXPECT_EQ(e.protection.side, side == Actor::client ? KeySide::client : KeySide::server) << e.name;
      EXPECT_EQ(e.protection.cipher_suite, t.negotiated.cipher_suite) << e.name;
      EXPECT_EQ(e.protection.number, updated ? 1 : 0) << name_of(side) << " " << e.name;
      (updated ? after : before)++;
      if (e.name == "KeyUpdate") updated = true;
    }
    EXPECT_TRUE(updated) << name_of(side);
    EXPECT_GE(before, 1) << name_of(side);
    EXPECT_GE(after, 1) << name_of(side);  // at least the request or the response, or close_notify
  }
}

TEST(Tls13, TamperedRecordEndsWithBadRecordMac) {
  ScenarioOptions o = tls13_options();
  auto flip = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name != "Certificate") return std::nullopt;
    Bytes b = e.bytes;
    b[b.size() / 2] ^= 0x80;
    return b;
  });
  Trace t = run(o, flip);
  const Event* a = fatal_alert_from(t, Actor::client);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->alert->description, AlertDescription::bad_record_mac);
}

TEST(Tls13, DowngradeSentinelCatchesAStrippedSupportedVersions) {
  // The attacker removes supported_versions from the ClientHello, so a TLS 1.3 server sees a
  // TLS 1.2 client. The server marks its random; the client, which offered TLS 1.3, aborts.
  ScenarioOptions o;
  o.client_max_version = o.server_max_version = kTls13;
  auto strip = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name != "ClientHello") return std::nullopt;
    Bytes msg = plaintext_message(e);
    Field f;
    Dissector d(ByteReader(ByteView(msg).subspan(4)), &f);
    auto ch = parse_client_hello(d);
    if (!ch) return std::nullopt;
    std::vector<Extension> kept;
    for (auto& x : ch->extensions)
      if (x.type != uint16_t(ExtensionType::supported_versions)) kept.push_back(x);
    ch->extensions = kept;
    Bytes body = encode(*ch);
    Bytes hs = handshake_message(HandshakeType::client_hello, body);
    ByteWriter w;
    w.u8(22);
    w.u16(load_be(ByteView(e.bytes).subspan(1, 2)));
    w.vec(2, hs);
    return w.take();
  });
  Trace t = run(o, strip);
  const Event* sh = find_event(t, [](const Event& e) { return e.name.rfind("ServerHello", 0) == 0; });
  ASSERT_TRUE(sh);
  // ServerHello.random sits after the record header (5), handshake header (4) and version (2).
  ByteView random = ByteView(sh->bytes).subspan(11, 32);
  EXPECT_TRUE(std::equal(random.begin() + 24, random.end(), kDowngrd01));
  const Event* a = fatal_alert_from(t, Actor::client);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->alert->description, AlertDescription::illegal_parameter);
  EXPECT_NE(a->alert->reason.english().find("DOWNGRD"), std::string::npos);
}

TEST(Tls13, VersionNegotiationAcrossEngines) {
  // A TLS 1.3 client and a TLS 1.2 server agree on TLS 1.2 without a sentinel...
  ScenarioOptions a;
  a.client_max_version = kTls13;
  Trace ta = run(a);
  ASSERT_EQ(ta.outcome, OutcomeKind::completed);
  EXPECT_EQ(ta.negotiated.version, kTls12);
  // ...and a TLS 1.3 server talking to a TLS 1.2 client marks its random, which that client,
  // not having offered TLS 1.3, accepts (RFC 8446 4.1.3).
  ScenarioOptions b;
  b.server_max_version = kTls13;
  Trace tb = run(b);
  ASSERT_EQ(tb.outcome, OutcomeKind::completed);
  EXPECT_EQ(tb.negotiated.version, kTls12);
  const Event* sh = find_event(tb, [](const Event& e) { return e.name.rfind("ServerHello", 0) == 0; });
  ASSERT_TRUE(sh);
  EXPECT_TRUE(std::equal(sh->bytes.begin() + 11 + 24, sh->bytes.begin() + 11 + 32, kDowngrd01));
  // Both sides up to TLS 1.3 pick it.
  ScenarioOptions c;
  c.client_max_version = c.server_max_version = kTls13;
  EXPECT_EQ(run(c).negotiated.version, kTls13);
}

TEST(Tls13, MiddleboxCompatibilityIsASwitch) {
  for (bool compat : {true, false}) {
    ScenarioOptions o = tls13_options();
    o.middlebox_compat = compat;
    Trace t = run(o);
    ASSERT_EQ(t.outcome, OutcomeKind::completed);
    int ccs = 0;
    for (auto& n : names(t)) ccs += n == "ChangeCipherSpec";
    EXPECT_EQ(ccs, compat ? 2 : 0);
    // legacy_session_id length byte in the ClientHello: 32 or 0 (RFC 8446 D.4).
    EXPECT_EQ(t.events[0].bytes[5 + 4 + 2 + 32], compat ? 32 : 0);
  }
}

TEST(Tls13, RecordPaddingIsZerosAfterTheContentType) {
  ScenarioOptions o = tls13_options();
  o.record_padding = 17;
  Trace t = run(o);
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  const Event* ee = find_event(t, [](const Event& e) { return e.name == "EncryptedExtensions"; });
  ASSERT_TRUE(ee);
  ASSERT_GE(ee->plaintext.size(), 18u);
  Bytes tail(ee->plaintext.end() - 18, ee->plaintext.end());
  EXPECT_EQ(tail, concat({Bytes{22}, Bytes(17, 0)}));
  // The record is the inner plaintext plus the 16-byte tag.
  EXPECT_EQ(ee->bytes.size(), 5 + ee->plaintext.size() + 16);
}

TEST(Tls13, SameSeedGivesAByteIdenticalTrace) {
  ScenarioOptions o = tls13_options();
  o.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  o.early_data = ScenarioOptions::EarlyData::accepted;
  o.key_update = ScenarioOptions::KeyUpdate::client;
  EXPECT_EQ(trace_json_text(run(o)), trace_json_text(run(o)));
  ScenarioOptions other = o;
  other.seed = 2;
  EXPECT_NE(trace_json_text(run(o)), trace_json_text(run(other)));
}

TEST(Tls13, DamagedRecordsEndCleanly) {
  // Every record of the busiest TLS 1.3 runs, damaged in several ways, must end the run
  // cleanly: completed, or a fatal alert with a reason.
  ScenarioOptions hrr = tls13_options();
  hrr.client_groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  hrr.client_key_shares = {NamedGroup::x25519};
  hrr.server_groups = {NamedGroup::secp256r1};
  hrr.client_certificate = true;
  ScenarioOptions resumed = tls13_options();
  resumed.resumption = ScenarioOptions::Resumption::psk_dhe_ke;
  resumed.early_data = ScenarioOptions::EarlyData::accepted;
  resumed.key_update = ScenarioOptions::KeyUpdate::client;
  resumed.key_update_request = true;
  int alerted = 0;
  for (const ScenarioOptions& o : {hrr, resumed}) {
    size_t records = run(o).events.size();
    for (size_t target = 0; target < records; ++target)
      for (uint64_t seed = 0; seed < 6; ++seed) {
        std::mt19937_64 gen(seed * 977 + target);
        size_t seen = 0;
        auto mangle = std::make_shared<LambdaAttacker>([&, target](const Event& e) -> std::optional<Bytes> {
          if (seen++ != target) return std::nullopt;
          Bytes b = e.bytes;
          if (gen() % 2) {
            b[gen() % b.size()] ^= uint8_t(1 + gen() % 255);
          } else {
            b.resize(5 + gen() % (b.size() - 4));
            store_be(&b[3], b.size() - 5, 2);
          }
          return b;
        });
        Simulation s(o, mangle);
        s.run_to_end(1000);
        ASSERT_TRUE(s.done()) << "record " << target;
        if (s.trace().outcome == OutcomeKind::completed) continue;
        const Event* a = fatal_alert_from(s.trace(), Actor::client);
        if (!a) a = fatal_alert_from(s.trace(), Actor::server);
        if (a) {
          ++alerted;
          EXPECT_FALSE(a->alert->reason.empty());
        }
      }
  }
  EXPECT_GT(alerted, 50);
}

TEST(Tls13, ServerKeyTypesSignCertificateVerify) {
  struct Case {
    crypto::KeyType type;
    SignatureScheme scheme;
  } cases[] = {{crypto::KeyType::rsa, SignatureScheme::rsa_pss_rsae_sha256},
               {crypto::KeyType::ecdsa_p256, SignatureScheme::ecdsa_secp256r1_sha256},
               {crypto::KeyType::ed25519, SignatureScheme::ed25519}};
  for (auto c : cases) {
    ScenarioOptions o = tls13_options();
    o.server_key_type = c.type;
    Trace t = run(o);
    ASSERT_EQ(t.outcome, OutcomeKind::completed) << crypto::name_of(c.type);
    ASSERT_TRUE(t.negotiated.signature_scheme);
    EXPECT_EQ(*t.negotiated.signature_scheme, c.scheme);
    auto* chk = find_derivation(t, "client/server_certificate_verify_check");
    ASSERT_TRUE(chk);
    EXPECT_EQ(chk->output, Bytes{1});
    // The signature on the wire verifies with the leaf's key over the RFC 8446 4.4.3 content.
    auto* sig = find_derivation(t, "server/server_certificate_verify_signature");
    ASSERT_TRUE(sig);
    Bytes content = concat({Bytes(64, 0x20), to_bytes("TLS 1.3, server CertificateVerify"), Bytes{0},
                            crypto::hash(HashAlg::Sha256, sig->input("messages")->value)});
    EXPECT_EQ(sig->step("signed_content")->value, content);
  }
}

TEST(Tls13, CertificateProfilesGiveTheSameAlertsAsInTls12) {
  // The validator is shared: each profile must end a TLS 1.3 handshake with the alert it gives
  // in TLS 1.2, sent under the client's handshake traffic keys; with validation off all complete.
  for (auto& info : pki::certificate_profiles()) {
    ScenarioOptions o12;
    o12.certificate_profile = info.name;
    ScenarioOptions o13 = tls13_options();
    o13.certificate_profile = info.name;
    Trace t12 = run(o12), t13 = run(o13);
    if (info.id == pki::CertProfile::rsa_512) {
      // RSA-PSS with SHA-256 needs a modulus of at least 2 * 32 + 2 bytes (RFC 8017 9.1.1), so a
      // 512-bit key cannot sign a TLS 1.3 CertificateVerify at all: the server refuses before
      // the client sees the certificate, validation on or off.
      for (bool verify : {true, false}) {
        o13.verify_certificate = verify;
        Trace t = run(o13);
        const Event* a = fatal_alert_from(t, Actor::server);
        ASSERT_TRUE(a);
        EXPECT_EQ(a->alert->description, AlertDescription::handshake_failure);
        EXPECT_NE(a->alert->reason.english().find("too small"), std::string::npos) << a->alert->reason;
      }
      continue;
    }
    const Event* a12 = fatal_alert_from(t12, Actor::client);
    const Event* a13 = fatal_alert_from(t13, Actor::client);
    ASSERT_EQ(a12 != nullptr, a13 != nullptr) << info.name;
    if (a13) {
      EXPECT_EQ(a13->alert->description, a12->alert->description) << info.name;
      EXPECT_EQ(a13->protection.phase, ProtectionPhase::handshake) << info.name;
      EXPECT_EQ(a13->protection.side, KeySide::client) << info.name;
    } else {
      EXPECT_EQ(t13.outcome, OutcomeKind::completed) << info.name;
    }
    o13.verify_certificate = false;
    EXPECT_EQ(run(o13).outcome, OutcomeKind::completed) << info.name;
  }
}

TEST(Tls13, OcspStapledInTheCertificateEntry) {
  ScenarioOptions o = tls13_options();
  o.certificate_profile = "revoked-ocsp";
  o.ocsp_stapling = true;
  Trace t = run(o);
  const Event* cert = find_event(t, [](const Event& e) { return e.name == "Certificate" && e.from == Actor::server; });
  ASSERT_TRUE(cert);
  // The stapled answer rides in the leaf entry's status_request extension (RFC 8446 4.4.2.1):
  // the responder's DER answer is inside the decrypted Certificate message.
  const Bytes& ocsp = pki::ocsp_response_for_leaf(pki::profile_pki(pki::CertProfile::revoked_ocsp, o.host, o.pki_seed));
  ASSERT_FALSE(ocsp.empty());
  EXPECT_NE(std::search(cert->plaintext.begin(), cert->plaintext.end(), ocsp.begin(), ocsp.end()), cert->plaintext.end());
  const Event* a = fatal_alert_from(t, Actor::client);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->alert->description, AlertDescription::certificate_revoked);
}

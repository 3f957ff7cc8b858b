// SSL 3.0, TLS 1.0 and TLS 1.1: derivations checked against independent computations, every
// suite simulated, version negotiation, client authentication, compression, renegotiation and
// the SSL 3.0 alert set.
#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <crypto++/md5.h>
#include <crypto++/sha.h>
#include <gtest/gtest.h>

#include <functional>

#include "hs/key_schedule.hpp"
#include "record/protection.hpp"
#include "net/simulation.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"

using namespace sim;
using namespace simfix;

namespace {

// Plain Crypto++ hash calls, written here from RFC 6101 rather than reusing the engine's code.
Bytes md5(const Bytes& b) {
  Bytes out(16);
  CryptoPP::Weak::MD5().CalculateDigest(out.data(), b.data(), b.size());
  return out;
}
Bytes sha1(const Bytes& b) {
  Bytes out(20);
  CryptoPP::SHA1().CalculateDigest(out.data(), b.data(), b.size());
  return out;
}
Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes ascii(const std::string& s) { return Bytes(s.begin(), s.end()); }

// RFC 6101 6.1 / 6.2.2: MD5(secret + SHA('A' + secret + seed)) + MD5(secret + SHA('BB' + ...)) ...
Bytes ssl3_kdf(const Bytes& secret, const Bytes& seed, size_t n) {
  Bytes out;
  for (int i = 1; out.size() < n; ++i) {
    Bytes letters(size_t(i), uint8_t('A' + i - 1));
    Bytes block = md5(cat({secret, sha1(cat({letters, secret, seed}))}));
    out.insert(out.end(), block.begin(), block.end());
  }
  out.resize(n);
  return out;
}

// ClientHello.random and ServerHello.random as they travelled on the wire (record header 5,
// handshake header 4, version 2, then 32 bytes).
std::pair<Bytes, Bytes> wire_randoms(const Trace& t) {
  // The ServerHello opens the server's first record, alone or with the rest of its flight.
  const Event* sh = find_event(t, [](const Event& e) { return e.name.rfind("ServerHello", 0) == 0; });
  return {Bytes(t.events[0].bytes.begin() + 11, t.events[0].bytes.begin() + 43),
          Bytes(sh->bytes.begin() + 11, sh->bytes.begin() + 43)};
}

ScenarioOptions options(uint16_t version, const char* suite) {
  ScenarioOptions o;
  o.seed = 11;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  if (suite) o.client_suites = o.server_suites = {suite_by_name(suite)->id};
  return o;
}

}  // namespace

TEST(Ssl3, MasterSecretKeyBlockFinishedAndMacMatchRfc6101) {
  Simulation sim(options(kSsl3, "SSL_RSA_WITH_3DES_EDE_CBC_SHA"));
  sim.run_to_end();
  const Trace& t = sim.trace();
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  auto [cr, sr] = wire_randoms(t);

  const Derivation* pms = find_derivation(t, "client/pre_master_secret");
  const Derivation* ms = find_derivation(t, "client/master_secret");
  const Derivation* kb = find_derivation(t, "client/key_block");
  ASSERT_TRUE(pms && ms && kb);
  EXPECT_EQ(ms->output, ssl3_kdf(pms->output, cat({cr, sr}), 48));
  // 3DES-EDE-CBC-SHA: 2 x (20 MAC + 24 key + 8 IV) = 104 bytes of key block.
  EXPECT_EQ(kb->output, ssl3_kdf(ms->output, cat({sr, cr}), 104));
  EXPECT_EQ(kb->output.size(), 104u);

  // Finished (RFC 6101 5.6.9) over the handshake messages taken from the wire.
  Bytes messages;
  for (auto& e : t.events) {
    if (e.layer == sim::ContentType::change_cipher_spec && e.from == Actor::client) break;
    if (e.layer == sim::ContentType::handshake) messages.insert(messages.end(), e.bytes.begin() + 5, e.bytes.end());
  }
  Bytes sender = ascii("CLNT"), m = ms->output;
  Bytes pad1_md5(48, 0x36), pad2_md5(48, 0x5c), pad1_sha(40, 0x36), pad2_sha(40, 0x5c);
  Bytes expected = cat({md5(cat({m, pad2_md5, md5(cat({messages, sender, m, pad1_md5}))})),
                        sha1(cat({m, pad2_sha, sha1(cat({messages, sender, m, pad1_sha}))}))});
  const Event* fin = find_event(t, [](const Event& e) { return e.name == "Finished" && e.from == Actor::client; });
  ASSERT_NE(fin, nullptr);
  // The decrypted record content: handshake header (4 bytes) then md5_hash + sha_hash.
  ASSERT_GE(fin->plaintext.size(), 40u);
  EXPECT_EQ(Bytes(fin->plaintext.begin() + 4, fin->plaintext.begin() + 40), expected);

  // Record MAC of the client's first application data record (RFC 6101 5.2.3.1).
  const Derivation* seal = find_derivation(t, "client/record_seal client_write seq 1");
  ASSERT_NE(seal, nullptr);
  Bytes mac_key(kb->output.begin(), kb->output.begin() + 20);
  Bytes content = seal->input("content")->value;
  Bytes head = cat({Bytes{0, 0, 0, 0, 0, 0, 0, 1}, Bytes{23}, Bytes{uint8_t(content.size() >> 8), uint8_t(content.size())}});
  Bytes mac = sha1(cat({mac_key, pad2_sha, sha1(cat({mac_key, pad1_sha, head, content}))}));
  const Event* app = find_event(t, [](const Event& e) { return e.layer == sim::ContentType::application_data && e.from == Actor::client; });
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(Bytes(app->plaintext.begin() + content.size(), app->plaintext.begin() + content.size() + 20), mac);
  // SSL 3.0 CBC uses the chained IV: the record carries no IV, so its length is whole blocks.
  EXPECT_EQ((app->bytes.size() - 5) % 8, 0u);
  EXPECT_EQ(app->bytes.size() - 5, app->plaintext.size());
}

TEST(Ssl3, ExportKeysFollowRfc6101) {
  Simulation sim(options(kSsl3, "SSL_RSA_EXPORT_WITH_DES40_CBC_SHA"));
  sim.run_to_end();
  const Trace& t = sim.trace();
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  auto [cr, sr] = wire_randoms(t);
  const Derivation* kb = find_derivation(t, "client/key_block");
  ASSERT_NE(kb, nullptr);
  EXPECT_EQ(kb->output.size(), 2u * (20 + 5));  // export: 5-byte key material, no IVs
  Bytes client_write_key(kb->output.begin() + 40, kb->output.begin() + 45);
  Bytes fk = md5(cat({client_write_key, cr, sr}));
  const Derivation* final_key = find_derivation(t, "client/final_client_write_key");
  ASSERT_NE(final_key, nullptr);
  EXPECT_EQ(final_key->output, Bytes(fk.begin(), fk.begin() + 8));
  Bytes iv = md5(cat({sr, cr}));
  const Derivation* siv = find_derivation(t, "client/server_write_IV");
  ASSERT_NE(siv, nullptr);
  EXPECT_EQ(siv->output, Bytes(iv.begin(), iv.begin() + 8));
  // The ServerKeyExchange carries a temporary 512-bit RSA key.
  const Event* ske = find_event(t, [](const Event& e) { return e.tree.find("ServerKeyExchange") != nullptr; });
  ASSERT_NE(ske, nullptr);
  const Field* mod = ske->tree.find("rsa_modulus");
  ASSERT_NE(mod, nullptr);
  EXPECT_EQ(mod->length, 2u + 64u);
}

// A TLS 1.0 PRF check value in common use (secret "secret", label "label", seed "seed"), which
// OpenSSL's TLS1-PRF with digest MD5-SHA1 reproduces: `openssl kdf -keylen 20 -kdfopt
// digest:MD5-SHA1 -kdfopt secret:secret -kdfopt seed:labelseed TLS1-PRF`.
TEST(Tls10Prf, MatchesKnownVector) {
  EXPECT_EQ(to_hex(prf10(ascii("secret"), "label", ascii("seed"), 20)), "b5baf4722b91851a8816d22ebd8c1d8cc2e94d55");
}

TEST(Tls10Prf, AgreesWithOpenSslForAnOddLengthSecret) {
  Bytes secret(47), seed(64);  // odd length: S1 and S2 share the middle byte
  for (size_t i = 0; i < secret.size(); ++i) secret[i] = uint8_t(i * 13 + 5);
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = uint8_t(i * 29 + 1);
  Bytes ours = prf10(secret, "key expansion", seed, 104);
  auto r = testutil::run("openssl kdf -keylen 104 -kdfopt digest:MD5-SHA1 -kdfopt hexsecret:" + to_hex(secret) +
                         " -kdfopt hexseed:" + to_hex(cat({ascii("key expansion"), seed})) + " TLS1-PRF 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  std::string theirs;
  for (char c : r.output)
    if (std::isxdigit(static_cast<unsigned char>(c))) theirs += char(std::tolower(c));
  EXPECT_EQ(to_hex(ours), theirs);
}

// ---- every suite in every version it allows -------------------------------------------

struct VersionSuite {
  uint16_t version;
  const char* suite;
};

class LegacyMatrix : public testing::TestWithParam<VersionSuite> {};

TEST_P(LegacyMatrix, CompletesAndDeliversHttpIntact) {
  ScenarioOptions o = options(GetParam().version, GetParam().suite);
  Simulation sim(o);
  sim.run_to_end();
  const Trace& t = sim.trace();
  EXPECT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_EQ(t.negotiated.version, GetParam().version);
  EXPECT_EQ(suite_name(t.negotiated.cipher_suite), GetParam().suite);
  EXPECT_EQ(t.server_app_received, http_request_for(o.host));
  EXPECT_EQ(t.client_app_received, http_response_for(o.host));
  const Derivation* c = find_derivation(t, "client/master_secret");
  const Derivation* s = find_derivation(t, "server/master_secret");
  ASSERT_TRUE(c && s);
  EXPECT_EQ(c->output, s->output);
}

std::vector<VersionSuite> legacy_cases() {
  std::vector<VersionSuite> v;
  for (uint16_t ver : {kSsl3, kTls10, kTls11})
    for (auto& s : all_suites())
      if (s.allowed_in(ver)) v.push_back({ver, s.name.data()});
  return v;
}

INSTANTIATE_TEST_SUITE_P(EverySuite, LegacyMatrix, testing::ValuesIn(legacy_cases()),
                         [](const testing::TestParamInfo<VersionSuite>& i) {
                           std::string n = version_option_name(i.param.version) + "_" + std::string(i.param.suite).substr(4);
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// ---- version negotiation ---------------------------------------------------------------

TEST(VersionNegotiation, ServerPicksTheHighestSharedVersion) {
  ScenarioOptions o;
  o.client_min_version = kSsl3;
  o.client_max_version = kTls12;
  o.server_min_version = kSsl3;
  o.server_max_version = kTls11;
  Simulation sim(o);
  sim.run_to_end();
  EXPECT_EQ(sim.trace().outcome, OutcomeKind::completed);
  EXPECT_EQ(sim.trace().negotiated.version, kTls11);
}

TEST(VersionNegotiation, ServerRejectsAClientBelowItsMinimum) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = kTls10;
  o.server_min_version = kTls12;
  Simulation sim(o);
  sim.run_to_end();
  const Event* a = fatal_alert_from(sim.trace(), Actor::server);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::protocol_version);
}

TEST(VersionNegotiation, ClientRejectsAVersionItDidNotOffer) {
  // A rollback attempt: the ServerHello is rewritten to SSL 3.0 for a client whose minimum is TLS 1.0.
  auto attacker = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name.rfind("ServerHello", 0) != 0) return std::nullopt;  // the server's first record
    Bytes b = e.bytes;
    b[9] = 0x03;
    b[10] = 0x00;
    return b;
  });
  Simulation sim(ScenarioOptions{}, attacker);
  sim.run_to_end();
  const Event* a = fatal_alert_from(sim.trace(), Actor::client);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::protocol_version);
}

TEST(VersionNegotiation, Ssl3ServerSaysHandshakeFailureForTooOldOrTooNewProblems) {
  // SSL 3.0 has no protocol_version alert: an SSL 3.0-only server rejecting a TLS-only suite
  // list answers handshake_failure.
  ScenarioOptions o;
  o.server_min_version = o.server_max_version = kSsl3;
  o.client_suites = {suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")->id};
  Simulation sim(o);
  sim.run_to_end();
  const Event* a = fatal_alert_from(sim.trace(), Actor::server);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::handshake_failure);
}

// ---- SSL 3.0 alerts ----------------------------------------------------------------------

TEST(Ssl3Alerts, DecodeErrorsBecomeIllegalParameter) {
  auto attacker = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name != "ClientHello") return std::nullopt;
    return truncated_handshake_record(e.bytes, e.bytes.size() - 3);  // cut inside the cipher_suites vector
  });
  Simulation sim(options(kSsl3, nullptr), attacker);
  sim.run_to_end();
  const Event* a = fatal_alert_from(sim.trace(), Actor::server);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->alert->description, AlertDescription::illegal_parameter);
  EXPECT_NE(a->alert->reason.english().find("SSL 3.0 has no decode_error alert"), std::string::npos) << a->alert->reason;
}

TEST(Ssl3Alerts, AlteredRecordIsBadRecordMacAndAlteredHelloIsHandshakeFailure) {
  auto flip_app = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.layer != sim::ContentType::application_data || e.from != Actor::client) return std::nullopt;
    Bytes b = e.bytes;
    b[7] ^= 1;
    return b;
  });
  Simulation a(options(kSsl3, "SSL_RSA_WITH_RC4_128_MD5"), flip_app);
  a.run_to_end();
  const Event* alert = fatal_alert_from(a.trace(), Actor::server);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::bad_record_mac);

  // The RSA ClientHello random changes the keys: the Finished record fails its MAC. With DHE
  // the signature over the randoms fails: decrypt_error, which SSL 3.0 spells handshake_failure.
  auto flip_random = std::make_shared<LambdaAttacker>([](const Event& e) -> std::optional<Bytes> {
    if (e.name != "ClientHello") return std::nullopt;
    Bytes b = e.bytes;
    b[20] ^= 1;
    return b;
  });
  Simulation b(options(kSsl3, "SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA"), flip_random);
  b.run_to_end();
  alert = fatal_alert_from(b.trace(), Actor::client);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->alert->description, AlertDescription::handshake_failure);
}

// ---- client authentication ---------------------------------------------------------------

TEST(ClientAuth, CertificateVerifyIsCheckedInEveryVersion) {
  for (uint16_t v : {kSsl3, kTls10, kTls11, kTls12}) {
    ScenarioOptions o = options(v, nullptr);
    o.client_certificate = true;
    Simulation sim(o);
    sim.run_to_end();
    EXPECT_EQ(sim.trace().outcome, OutcomeKind::completed) << version_name(v);
    EXPECT_TRUE(sim.trace().negotiated.client_authenticated) << version_name(v);
    EXPECT_NE(find_event(sim.trace(), [](const Event& e) { return e.name == "CertificateVerify"; }), nullptr);
    EXPECT_NE(find_derivation(sim.trace(), "server/certificate_verify_check"), nullptr);
  }
}

TEST(ClientAuth, Ssl3ClientWithoutCertificateSendsNoCertificateAlert) {
  ScenarioOptions o = options(kSsl3, nullptr);
  o.request_client_certificate = true;
  Simulation sim(o);
  sim.run_to_end();
  EXPECT_EQ(sim.trace().outcome, OutcomeKind::completed);
  EXPECT_FALSE(sim.trace().negotiated.client_authenticated);
  const Event* w = find_event(sim.trace(), [](const Event& e) {
    return e.alert && e.alert->description == AlertDescription::no_certificate && e.alert->level == AlertLevel::warning;
  });
  EXPECT_NE(w, nullptr);
}

TEST(ClientAuth, TlsClientWithoutCertificateSendsAnEmptyCertificate) {
  ScenarioOptions o = options(kTls10, nullptr);
  o.request_client_certificate = true;
  Simulation sim(o);
  sim.run_to_end();
  EXPECT_EQ(sim.trace().outcome, OutcomeKind::completed);
  const Event* c = find_event(sim.trace(), [](const Event& e) { return e.name == "Certificate" && e.from == Actor::client; });
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->bytes.size(), 5u + 4u + 3u);  // record header, handshake header, empty list
}

// ---- compression -----------------------------------------------------------------------------

TEST(Compression, DeflateIsNegotiatedAndEveryRecordRoundTrips) {
  for (uint16_t v : {kSsl3, kTls10, kTls12}) {
    ScenarioOptions o = options(v, nullptr);
    o.deflate = true;
    Simulation sim(o);
    sim.run_to_end();
    const Trace& t = sim.trace();
    EXPECT_EQ(t.outcome, OutcomeKind::completed) << version_name(v);
    EXPECT_EQ(t.negotiated.compression_method, 1);
    EXPECT_EQ(t.client_app_received, http_response_for(o.host));
    const Derivation* seal = find_derivation(t, "server/record_seal server_write seq 1");
    ASSERT_NE(seal, nullptr);
    ASSERT_NE(seal->step("compressed"), nullptr);
    // The HTML page compresses: the compressed fragment is shorter than the content.
    EXPECT_LT(seal->step("compressed")->value.size(), seal->input("content")->value.size());
    const Event* app = find_event(t, [](const Event& e) { return e.layer == sim::ContentType::application_data && e.from == Actor::server; });
    ASSERT_NE(app->tree.find("decompressed content"), nullptr);
  }
}

// ---- renegotiation -----------------------------------------------------------------------------

TEST(Renegotiation, ClientAndServerInitiatedInEveryVersion) {
  for (auto who : {ScenarioOptions::Renegotiation::client, ScenarioOptions::Renegotiation::server})
    for (uint16_t v : {kSsl3, kTls10, kTls11, kTls12}) {
      ScenarioOptions o = options(v, nullptr);
      o.renegotiation = who;
      Simulation sim(o);
      sim.run_to_end();
      const Trace& t = sim.trace();
      EXPECT_EQ(t.outcome, OutcomeKind::completed) << version_name(v);
      EXPECT_EQ(t.negotiated.handshakes, 2) << version_name(v);
      EXPECT_EQ(t.server_app_received, http_request_for(o.host));
      // New keys after the second ChangeCipherSpec.
      const Derivation* kb1 = find_derivation(t, "client/key_block", 0);
      const Derivation* kb2 = find_derivation(t, "client/key_block", 1);
      ASSERT_TRUE(kb1 && kb2);
      EXPECT_NE(kb1->output, kb2->output);
      // The second ClientHello travelled encrypted under the first keys.
      int hellos = 0;
      for (auto& e : t.events) {
        if (e.name == "ClientHello" && hellos++ == 1) {
          EXPECT_EQ(e.protection.phase, ProtectionPhase::epoch);
          EXPECT_EQ(e.protection.side, KeySide::client);
          EXPECT_EQ(e.protection.number, 1);
        }
      }
      if (who == ScenarioOptions::Renegotiation::server) {
        EXPECT_NE(find_event(t, [](const Event& e) { return e.name == "HelloRequest"; }), nullptr);
      }
    }
}

TEST(Renegotiation, LegacyRenegotiationIsRefusedUnlessAllowed) {
  ScenarioOptions o;
  o.secure_renegotiation = false;
  o.renegotiation = ScenarioOptions::Renegotiation::client;
  o.allow_legacy_renegotiation = false;
  Simulation refused(o);
  refused.run_to_end();
  EXPECT_EQ(refused.trace().negotiated.handshakes, 1);
  EXPECT_FALSE(refused.trace().negotiated.secure_renegotiation);
  EXPECT_EQ(refused.trace().outcome, OutcomeKind::completed);  // the data still flows under the first keys

  o.allow_legacy_renegotiation = true;
  Simulation allowed(o);
  allowed.run_to_end();
  EXPECT_EQ(allowed.trace().negotiated.handshakes, 2);
}

TEST(Renegotiation, ServerChecksThePreviousVerifyData) {
  // RFC 5746: a renegotiating ClientHello whose renegotiation_info is not the previous client
  // verify_data (here altered in flight... which the record MAC catches first), or a spliced
  // hello, is refused. Simulate the check directly: a client that forgets the extension.
  ScenarioOptions o;
  o.renegotiation = ScenarioOptions::Renegotiation::client;
  Simulation ok(o);
  ok.run_to_end();
  bool matched = false;
  for (auto& e : ok.trace().events)
    for (auto& n : e.notes) matched |= n.english().find("renegotiation_info matches the previous client verify_data") != std::string::npos;
  EXPECT_TRUE(matched);
}

// The handshake messages a record carries, decrypted when it was protected (from the dissection's
// "content" field over Event::plaintext), else its fragment.
Bytes record_content(const Event& e) {
  const Field* c = e.tree.find("content");
  if (c && c->space == ByteSpace::plaintext)
    return Bytes(e.plaintext.begin() + c->offset, e.plaintext.begin() + c->offset + c->length);
  return Bytes(e.bytes.begin() + 5, e.bytes.end());
}

// The nth (0-based) derivation named `name` that `actor` made, in trace order.
const Derivation* nth_named(const Trace& t, Actor actor, const std::string& name, int nth) {
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e))
      if (d.actor == actor && d.name == name && nth-- == 0) return &d;
  return nullptr;
}

bool starts_with(const Bytes& b, const Bytes& prefix) {
  return b.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), b.begin());
}

// A renegotiation starts a new handshake context on both sides: the second handshake's
// handshake_messages (RFC 5246 7.4.9) start at its own ClientHello as sent on the wire (not
// at the first handshake's, nor at a HelloRequest), and RFC 5746 carries the first handshake's
// verify_data, which must survive the reset: client_verify_data in the ClientHello (3.5),
// client + server verify_data in the ServerHello (3.6).
TEST(Renegotiation, SecondHandshakeHasItsOwnTranscriptAndTheFirstVerifyData) {
  for (auto who : {ScenarioOptions::Renegotiation::client, ScenarioOptions::Renegotiation::server})
    for (uint16_t v : {kTls10, kTls12}) {
      std::string what = version_name(v) + (who == ScenarioOptions::Renegotiation::client ? " client" : " server");
      ScenarioOptions o = options(v, nullptr);
      o.renegotiation = who;
      o.one_message_per_record = true;  // each hello alone in its record, to parse it
      Simulation sim(o);
      sim.run_to_end();
      const Trace& t = sim.trace();
      ASSERT_EQ(t.negotiated.handshakes, 2) << what;
      std::vector<Bytes> client_hellos, server_hellos;
      for (auto& e : t.events) {
        if (e.name == "ClientHello") client_hellos.push_back(record_content(e));
        if (e.name == "ServerHello") server_hellos.push_back(record_content(e));
      }
      ASSERT_EQ(client_hellos.size(), 2u) << what;
      ASSERT_EQ(server_hellos.size(), 2u) << what;
      ASSERT_EQ(client_hellos[1][0], uint8_t(HandshakeType::client_hello)) << what;
      for (Actor a : {Actor::client, Actor::server})
        for (const char* name : {"client_verify_data", "server_verify_data"})
          for (int n : {0, 1}) {
            const Derivation* d = nth_named(t, a, name, n);
            ASSERT_TRUE(d) << what << name << n;
            ASSERT_TRUE(d->input("handshake_messages")) << what << name;
            EXPECT_TRUE(starts_with(d->input("handshake_messages")->value, client_hellos[n]))
                << what << ": " << name_of(a) << "'s " << name << " #" << n << " does not hash from its ClientHello";
          }
      // The verify_data of the first handshake, as the client sent them and checked the server's.
      Bytes client_vd = nth_named(t, Actor::client, "client_verify_data", 0)->output;
      Bytes server_vd = nth_named(t, Actor::client, "server_verify_data", 0)->output;
      EXPECT_EQ(client_vd, nth_named(t, Actor::server, "client_verify_data", 0)->output) << what;
      Field f1, f2;
      Dissector d1(ByteReader(ByteView(client_hellos[1]).subspan(4)), &f1);
      Dissector d2(ByteReader(ByteView(server_hellos[1]).subspan(4)), &f2);
      auto ch = parse_client_hello(d1);
      auto sh = parse_server_hello(d2);
      ASSERT_TRUE(ch.ok() && sh.ok()) << what;
      ASSERT_TRUE(ch->renegotiation_info && sh->renegotiation_info) << what;
      EXPECT_EQ(*ch->renegotiation_info, client_vd) << what;
      EXPECT_EQ(*sh->renegotiation_info, cat({client_vd, server_vd})) << what;
    }
}

// decompression_failure (RFC 6101 5.4.2): a record whose MAC is right but whose compressed
// fragment is not a DEFLATE stream, as a buggy peer would send.
TEST(Compression, CorruptDeflateStreamIsDecompressionFailure) {
  const CipherSuiteInfo* s = suite_by_name("SSL_RSA_WITH_3DES_EDE_CBC_SHA");
  Bytes mac_key(20, 1), key(24, 2), iv(8, 3);
  // The sender forgot to compress: its fragment is plain text, MACed and encrypted correctly.
  CipherState sender = CipherState::make(s, kSsl3, "client_write", mac_key, key, iv, false, true);
  CipherState receiver = CipherState::make(s, kSsl3, "client_write", mac_key, key, iv, true, false);
  Rng rng(1, "test");
  Derivation d;
  InnerLayout inner;
  Bytes content = to_bytes("GET / HTTP/1.0\r\n\r\n");
  Bytes frag = seal_record(sender, Actor::client, ContentType::application_data, kSsl3, content, rng, &d, &inner);
  auto opened = open_record(receiver, Actor::server, ContentType::application_data, kSsl3, frag, &d, &inner);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().alert, AlertDescription::decompression_failure);
  // The same record opens fine when nobody expects compression: the MAC itself was right.
  CipherState plain = CipherState::make(s, kSsl3, "client_write", mac_key, key, iv, false, false);
  auto ok = open_record(plain, Actor::server, ContentType::application_data, kSsl3, frag, &d, &inner);
  ASSERT_TRUE(ok.ok()) << ok.error().reason;
  EXPECT_EQ(*ok, content);
}

TEST(Ssl3Alerts, MissingOrMangledServerCertificateIsBadCertificate) {
  for (bool empty : {true, false}) {
    auto attacker = std::make_shared<LambdaAttacker>([empty](const Event& e) -> std::optional<Bytes> {
      if (e.name != "Certificate" || e.from != Actor::server) return std::nullopt;
      Bytes b = e.bytes;
      if (empty) {  // a certificate_list of length 0
        b = {0x16, 0x03, 0x00, 0x00, 0x07, 0x0b, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00};
      } else {  // damage the DER inside the leaf: its outer SEQUENCE length
        b[5 + 4 + 3 + 3 + 2] ^= 0x40;
      }
      return b;
    });
    ScenarioOptions o = options(kSsl3, nullptr);
    o.one_message_per_record = true;  // the Certificate in a record of its own, to replace
    Simulation sim(o, attacker);
    sim.run_to_end();
    const Event* a = fatal_alert_from(sim.trace(), Actor::client);
    ASSERT_NE(a, nullptr) << empty;
    EXPECT_EQ(a->alert->description, AlertDescription::bad_certificate) << a->alert->reason;
  }
}

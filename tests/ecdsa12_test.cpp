// TLS 1.2 ECDHE_ECDSA suites (RFC 8422, RFC 5289, RFC 7905): in-process handshakes with the
// simulated PKI's ECDSA P-256 leaf, the server choosing its certificate by suite, the client's
// checks, and interop judged by OpenSSL both ways (engine client against `openssl s_server` with
// an ECDSA certificate, `openssl s_client` against `tlslab serve`).
#include <gtest/gtest.h>

#include "crypto/keys.hpp"
#include "hs/config.hpp"
#include "net/simulation.hpp"
#include "pki/cert.hpp"
#include "scenario/scenario_io.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"

using namespace sim;
using testutil::Background;

namespace {

const char* const kEcdsaSuites[] = {
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",       "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",          "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",       "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
};

std::string suite_param_name(const testing::TestParamInfo<const char*>& i) { return std::string(i.param).substr(4); }

ScenarioOptions ecdsa_options(const char* suite, NamedGroup g = NamedGroup::x25519) {
  ScenarioOptions o;
  o.seed = 11;
  o.client_suites = o.server_suites = {suite_by_name(suite)->id};
  o.client_groups = o.server_groups = {g};
  return o;
}

// The key type of the leaf the server sent in its Certificate message.
std::optional<crypto::KeyType> server_leaf_key(const Trace& t) {
  for (auto& e : t.events) {
    // The server's Certificate message, alone in its record or packed with the rest of its flight.
    const Field* cert = e.from == Actor::server ? e.tree.find("Certificate") : nullptr;
    const Field* leaf = cert ? cert->find("ASN.1Cert") : nullptr;
    if (!leaf || leaf->space != ByteSpace::wire) continue;
    // The node covers the 3-byte length in front of the DER.
    if (leaf->length < 3 || leaf->offset + leaf->length > e.bytes.size()) return std::nullopt;
    auto spki = pki::certificate_spki(Bytes(e.bytes.begin() + leaf->offset + 3, e.bytes.begin() + leaf->offset + leaf->length));
    if (!spki) return std::nullopt;
    return crypto::key_type_of_spki(*spki);
  }
  return std::nullopt;
}

const Derivation* derivation_named(const Trace& t, Actor a, const std::string& name) {
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e))
      if (d.actor == a && d.name == name) return &d;
  return nullptr;
}

}  // namespace

class Ecdsa12Suite : public testing::TestWithParam<const char*> {};

TEST_P(Ecdsa12Suite, CompletesWithTheEcdsaLeafAndAnEcdsaSignedServerKeyExchange) {
  for (NamedGroup g : {NamedGroup::x25519, NamedGroup::secp256r1}) {
    SCOPED_TRACE(name_of(g));
    ScenarioOptions o = ecdsa_options(GetParam(), g);
    Simulation sim(o);
    sim.run_to_end();
    const Trace& t = sim.trace();
    ASSERT_EQ(t.outcome, OutcomeKind::completed) << t.outcome.message().english();
    EXPECT_EQ(t.negotiated.version, kTls12);
    EXPECT_EQ(t.negotiated.cipher_suite, suite_by_name(GetParam())->id);
    EXPECT_EQ(t.negotiated.group, std::optional<NamedGroup>(g));
    EXPECT_EQ(t.negotiated.signature_scheme, std::optional<SignatureScheme>(SignatureScheme::ecdsa_secp256r1_sha256));
    EXPECT_EQ(server_leaf_key(t), std::optional<crypto::KeyType>(crypto::KeyType::ecdsa_p256));
    EXPECT_EQ(t.server_app_received, http_request_for(o.host));
    EXPECT_EQ(t.client_app_received, http_response_for(o.host));
    // The server's signature and the client's check both name the scheme; the check passed.
    const Derivation* sign = derivation_named(t, Actor::server, "server_key_exchange_signature");
    const Derivation* check = derivation_named(t, Actor::client, "server_key_exchange_signature_check");
    ASSERT_TRUE(sign && check);
    EXPECT_NE(sign->formula.find("ecdsa_secp256r1_sha256"), std::string::npos) << sign->formula;
    EXPECT_NE(check->formula.find("ecdsa_secp256r1_sha256"), std::string::npos) << check->formula;
    EXPECT_EQ(check->output, Bytes{1});
    // The signature is a DER ECDSA-Sig-Value (SEQUENCE), not an RSA block.
    ASSERT_FALSE(sign->output.empty());
    EXPECT_EQ(sign->output[0], 0x30);
    EXPECT_LE(sign->output.size(), 72u);
    // The client's note names the ECDSA key (the notes carry the side, "client: ...").
    bool verified_note = false;
    for (auto& e : t.events)
      for (auto& n : e.notes)
        verified_note |= n.english().find("verified with the certificate's ECDSA P-256 key") != std::string::npos;
    EXPECT_TRUE(verified_note);
  }
}

INSTANTIATE_TEST_SUITE_P(AllSuites, Ecdsa12Suite, testing::ValuesIn(kEcdsaSuites), suite_param_name);

TEST(Ecdsa12, SuitesAreTls12OnlyAndOfferedByDefault) {
  const auto tls10_12 = default_suites(kTls10, kTls12), tls10_11 = default_suites(kTls10, kTls11);
  for (const char* name : kEcdsaSuites) {
    const CipherSuiteInfo* s = suite_by_name(name);
    ASSERT_NE(s, nullptr) << name;
    EXPECT_EQ(s->kx, KeyExchange::ecdhe_ecdsa);
    EXPECT_EQ(s->min_version, kTls12) << name;
    EXPECT_EQ(s->max_version, kTls12) << name;
    EXPECT_EQ(std::count(tls10_12.begin(), tls10_12.end(), s->id), 1) << name;
    EXPECT_EQ(std::count(tls10_11.begin(), tls10_11.end(), s->id), 0) << name;
  }
  EXPECT_EQ(suite_by_name("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")->mac_len, 48u);
  EXPECT_EQ(suite_by_name("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")->prf_hash, HashAlg::Sha384);
  // Right after their RSA twins: a server with both keys still prefers RSA by default.
  auto d = default_suites(kTls12, kTls12);
  auto at = [&](uint16_t id) { return std::find(d.begin(), d.end(), id) - d.begin(); };
  EXPECT_LT(at(0xc02f), at(0xc02b));
  EXPECT_EQ(at(0xcca8) + 1, at(0xc02b));
}

// One server with both certificates: the suite decides which chain it sends.
TEST(Ecdsa12, ServerWithBothCertificatesChoosesByItsPreference) {
  ScenarioOptions o;
  o.seed = 3;
  o.client_suites = {0xc02f, 0xc02b};
  for (bool ecdsa_first : {true, false}) {
    SCOPED_TRACE(ecdsa_first);
    o.server_suites = ecdsa_first ? std::vector<uint16_t>{0xc02b, 0xc02f} : std::vector<uint16_t>{0xc02f, 0xc02b};
    ServerConfig sc = server_config(o);
    ASSERT_FALSE(sc.ecdsa_credential.empty());
    EXPECT_EQ(crypto::key_type_of_pkcs8(sc.ecdsa_credential.private_key_pkcs8), crypto::KeyType::ecdsa_p256);
    EXPECT_EQ(crypto::key_type_of_pkcs8(sc.private_key_pkcs8), crypto::KeyType::rsa);
    Simulation sim(o);
    sim.run_to_end();
    const Trace& t = sim.trace();
    ASSERT_EQ(t.outcome, OutcomeKind::completed);
    EXPECT_EQ(t.negotiated.cipher_suite, ecdsa_first ? 0xc02b : 0xc02f);
    EXPECT_EQ(server_leaf_key(t), ecdsa_first ? crypto::KeyType::ecdsa_p256 : crypto::KeyType::rsa);
    EXPECT_EQ(t.negotiated.signature_scheme,
              ecdsa_first ? SignatureScheme::ecdsa_secp256r1_sha256 : SignatureScheme::rsa_pkcs1_sha256);
  }
}

// Without an ECDSA credential, or for a client that does not accept ecdsa_secp256r1_sha256, the
// server passes over the ECDSA suites.
TEST(Ecdsa12, ServerSkipsEcdsaSuitesItCannotServe) {
  ScenarioOptions o;
  o.client_suites = o.server_suites = {0xc02b, 0xc02f};
  {
    ServerConfig sc = server_config(o);
    sc.ecdsa_credential = {};
    auto [client, server] = simfix::handshake(client_config(o), sc);
    ASSERT_TRUE(client->handshake_complete());
    EXPECT_EQ(client->negotiated().cipher_suite, 0xc02f);
  }
  {
    ClientConfig cc = client_config(o);
    cc.signature_schemes = {SignatureScheme::rsa_pkcs1_sha256};
    auto [client, server] = simfix::handshake(cc, server_config(o));
    ASSERT_TRUE(client->handshake_complete());
    EXPECT_EQ(client->negotiated().cipher_suite, 0xc02f);
  }
  {
    // Only ECDSA offered and no ECDSA key: no common suite.
    o.client_suites = o.server_suites = {0xc02b};
    ServerConfig sc = server_config(o);
    sc.ecdsa_credential = {};
    auto [client, server] = simfix::handshake(client_config(o), sc);
    ASSERT_TRUE(server->failed());
    EXPECT_EQ(server->failure()->alert, AlertDescription::handshake_failure);
    EXPECT_EQ(server->failure()->message().key, "reason.no_common_suite");
  }
}

// A client that gets an RSA certificate for an ECDHE_ECDSA suite refuses it.
TEST(Ecdsa12, ClientRefusesAnRsaLeafForAnEcdsaSuite) {
  ScenarioOptions o = ecdsa_options("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  ServerConfig sc = server_config(o);
  sc.ecdsa_credential = Credential{sc.certificate_chain, sc.private_key_pkcs8};  // RSA, misconfigured
  auto [client, server] = simfix::handshake(client_config(o), sc);
  ASSERT_TRUE(client->failed());
  EXPECT_EQ(client->failure()->alert, AlertDescription::unsupported_certificate);
  EXPECT_EQ(client->failure()->message().key, "reason.server_key_not_ecdsa");
}

// A server whose only key is ECDSA (server_key_type ecdsa) serves TLS 1.2 with ECDHE_ECDSA.
TEST(Ecdsa12, EcdsaOnlyServerNegotiatesEcdsaInTls12) {
  ScenarioOptions o;
  o.server_key_type = crypto::KeyType::ecdsa_p256;
  Simulation sim(o);
  sim.run_to_end();
  const Trace& t = sim.trace();
  ASSERT_EQ(t.outcome, OutcomeKind::completed) << t.outcome.message().english();
  EXPECT_EQ(suite_by_id(t.negotiated.cipher_suite)->kx, KeyExchange::ecdhe_ecdsa);
  EXPECT_EQ(server_leaf_key(t), crypto::KeyType::ecdsa_p256);
}

TEST(Ecdsa12, BuiltInScenarioNegotiatesEcdsaInBothLanguages) {
  auto o = load_scenario("tls12-ecdhe-ecdsa");
  ASSERT_TRUE(o.ok()) << o.error().reason;
  EXPECT_FALSE(o->description_fr.empty());
  Simulation sim(*o);
  sim.run_to_end();
  const Trace& t = sim.trace();
  ASSERT_EQ(t.outcome, OutcomeKind::completed);
  EXPECT_EQ(t.negotiated.cipher_suite, 0xc02b);
  EXPECT_EQ(server_leaf_key(t), crypto::KeyType::ecdsa_p256);
  // The CLI's trace in French carries the French notes.
  auto fr = testutil::run(std::string(TLSLAB_BIN) + " run --scenario tls12-ecdhe-ecdsa --lang fr 2>&1");
  EXPECT_EQ(fr.status, 0) << fr.output;
  EXPECT_NE(fr.output.find("vérifiée avec la clé ECDSA P-256 du certificat"), std::string::npos) << fr.output;
  EXPECT_NE(fr.output.find("le serveur envoie son certificat ECDSA P-256"), std::string::npos) << fr.output;
  EXPECT_NE(fr.output.find("ecdsa_secp256r1_sha256"), std::string::npos) << fr.output;
  auto en = testutil::run(std::string(TLSLAB_BIN) + " run --scenario tls12-ecdhe-ecdsa 2>&1");
  EXPECT_NE(en.output.find("verified with the certificate's ECDSA P-256 key"), std::string::npos) << en.output;
}

// ---- OpenSSL as the judge --------------------------------------------------------------

namespace {

std::string openssl_name(const std::string& iana) {
  static const std::map<std::string, std::string> m = {
      {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
      {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
      {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
      {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
      {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
      {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"},
      {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
  };
  return m.at(iana);
}

class Ecdsa12Interop : public testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    dir_ = testutil::temp_dir("ecdsa12-interop");
    auto r = testutil::run("cd " + dir_.string() +
                           " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key.pem"
                           " -out cert.pem -days 30 -subj /CN=localhost 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::filesystem::path dir_;
};
std::filesystem::path Ecdsa12Interop::dir_;

}  // namespace

TEST_P(Ecdsa12Interop, EngineClientAgainstOpenSslServerWithAnEcdsaCertificate) {
  int port = testutil::free_port();
  std::string log = (dir_ / ("s_server-" + std::to_string(port) + ".log")).string();
  Background server("exec openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " +
                    (dir_ / "cert.pem").string() + " -key " + (dir_ / "key.pem").string() +
                    " -tls1_2 -www -cipher " + openssl_name(GetParam()) + " > " + log + " 2>&1");
  ASSERT_TRUE(testutil::wait_for_port(port, 5000)) << testutil::read_file(log);
  // Without --trust the chain is not validated (as in interop_test.cpp); the leaf's key type and
  // the ServerKeyExchange signature still are.
  auto r = testutil::run(std::string(TLSLAB_BIN) + " connect 127.0.0.1:" + std::to_string(port) +
                         " --host localhost --timeout 20 --suite " + GetParam() + " --derivations 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("cipher suite:           " + std::string(GetParam())), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ecdsa_secp256r1_sha256"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("verified with the certificate's ECDSA P-256 key"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("HTTP/1.0 200 ok\r\nContent-type: text/html"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("</pre></BODY></HTML>"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("outcome:                completed"), std::string::npos) << r.output;
}

TEST_P(Ecdsa12Interop, OpenSslClientAgainstEngineServer) {
  auto out = dir_ / ("serve-" + std::string(GetParam()) + ".log");
  Background serve(std::string(TLSLAB_BIN) + " serve --once --timeout 20 --port 0 --host www.example.com --suite " +
                   GetParam() + " > " + out.string() + " 2>&1");
  int port = testutil::served_port(out, 10000);
  ASSERT_NE(port, 0) << testutil::read_file(out);
  auto r = testutil::run("printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\n\\r\\n' | timeout 20 openssl s_client"
                         " -connect 127.0.0.1:" + std::to_string(port) +
                         " -servername www.example.com -tls1_2 -ign_eof -cipher " + openssl_name(GetParam()) + " 2>&1");
  int serve_status = serve.wait_exit(10000);
  std::string served = testutil::read_file(out);
  Bytes expected = http_response_for("www.example.com");
  EXPECT_NE(r.output.find(std::string(expected.begin(), expected.end())), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Cipher is " + openssl_name(GetParam())), std::string::npos) << r.output;
  // OpenSSL saw an ECDSA P-256 server key and an ECDSA-SHA256 ServerKeyExchange signature.
  EXPECT_NE(r.output.find("Server public key is 256 bit"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Peer signature type: ECDSA"), std::string::npos) << r.output;
  EXPECT_EQ(serve_status, 0) << served;
  EXPECT_NE(served.find("cipher suite:           " + std::string(GetParam())), std::string::npos) << served;
}

INSTANTIATE_TEST_SUITE_P(AllSuites, Ecdsa12Interop, testing::ValuesIn(kEcdsaSuites), suite_param_name);

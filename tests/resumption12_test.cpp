// Issue 14: SSL 3.0-TLS 1.2 session resumption (by session ID and by RFC 5077 ticket), records
// as real stacks cut them (a flight packed into one record, messages fragmented over records,
// max_fragment_length), judged in process, by tests/tools/verify_trace.py, by tshark, and by
// openssl s_client / s_server on loopback.
#include <gtest/gtest.h>

#include <cstdio>

#include "hs/session12.hpp"
#include "present/present.hpp"
#include "net/simulation.hpp"
#include "scenario/option_table.hpp"
#include "sim_fixtures.hpp"
#include "test_util.hpp"
#include "tshark_util.hpp"

using namespace sim;
using testutil::Background;
using testutil::shell_quote;

namespace {

ScenarioOptions at(uint16_t version, ScenarioOptions::Resumption r = ScenarioOptions::Resumption::none) {
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = version;
  o.resumption = r;
  return o;
}

Trace run(const ScenarioOptions& o) {
  auto problems = validate(o);
  EXPECT_TRUE(problems.empty()) << problems.front().text.en;
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

std::vector<const Event*> of_connection(const Trace& t, int n) {
  std::vector<const Event*> out;
  for (auto& e : t.events)
    if (e.connection == n) out.push_back(&e);
  return out;
}

std::vector<std::string> names(const std::vector<const Event*>& evs) {
  std::vector<std::string> out;
  for (auto* e : evs) out.push_back(e->name);
  return out;
}

const Derivation* derivation(const std::vector<const Event*>& evs, Actor a, const std::string& name) {
  for (auto* e : evs)
    for (auto* list : {&e->derivations, &e->receiver_derivations})
      for (auto& d : *list)
        if (d.actor == a && d.name == name) return &d;
  return nullptr;
}

bool has_note(const std::vector<const Event*>& evs, const std::string& part) {
  for (auto* e : evs)
    for (auto& n : e->notes)
      if (n.english().find(part) != std::string::npos) return true;
  return false;
}

// The session_id field of the first hello of that type in these events.
Bytes hello_session_id(const std::vector<const Event*>& evs, const std::string& hello) {
  for (auto* e : evs)
    if (e->name.rfind(hello, 0) == 0)
      if (const Field* m = e->tree.find(hello))
        if (const Field* sid = m->find("session_id")) {
          // The vector node covers its length byte too.
          return Bytes(e->bytes.begin() + sid->offset + 1, e->bytes.begin() + sid->offset + sid->length);
        }
  return {};
}

std::string app_text(const Bytes& b) { return std::string(b.begin(), b.end()); }

}  // namespace

// RFC 5246 7.3 figure 2 (RFC 6101 5.5 for SSL 3.0): the second connection offers the first's
// session ID, the server repeats it and sends ChangeCipherSpec and Finished at once; the master
// secret is the first connection's, the key_block new (new randoms).
class SessionIdResumption : public testing::TestWithParam<uint16_t> {};

TEST_P(SessionIdResumption, SecondConnectionIsAbbreviatedWithTheSameMasterSecret) {
  ScenarioOptions o = at(GetParam(), ScenarioOptions::Resumption::session_id);
  o.client_suites = {suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id};  // RSA key transport: no ServerKeyExchange
  Trace t = run(o);
  ASSERT_EQ(t.connections.size(), 1u);
  EXPECT_EQ(t.connections[0].kind, ConnectionStart::Kind::resumption);
  auto c1 = of_connection(t, 1), c2 = of_connection(t, 2);
  ASSERT_FALSE(c2.empty());
  // The first connection: the server's flight in one record (packed, as OpenSSL-era servers do).
  EXPECT_EQ(c1[1]->name, "ServerHello, Certificate, ServerHelloDone") << c1[1]->name;
  Bytes sid = hello_session_id(c1, "ServerHello");
  ASSERT_EQ(sid.size(), 32u);
  EXPECT_EQ(hello_session_id(c2, "ClientHello"), sid);
  EXPECT_EQ(hello_session_id(c2, "ServerHello"), sid);
  std::vector<std::string> want = {"ClientHello", "ServerHello", "ChangeCipherSpec", "Finished", "ChangeCipherSpec", "Finished"};
  auto got = names(c2);
  ASSERT_GE(got.size(), want.size());
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 6), want);
  EXPECT_EQ(c2[1]->from, Actor::server);
  EXPECT_EQ(c2[3]->from, Actor::server);  // the server's Finished comes first
  EXPECT_EQ(c2[5]->from, Actor::client);
  for (Actor a : {Actor::client, Actor::server}) {
    const Derivation* ms1 = derivation(c1, a, "master_secret");
    const Derivation* ms2 = derivation(c2, a, "master_secret");
    const Derivation* kb1 = derivation(c1, a, "key_block");
    const Derivation* kb2 = derivation(c2, a, "key_block");
    ASSERT_TRUE(ms1 && ms2 && kb1 && kb2);
    EXPECT_EQ(ms2->kind, DerivationKind::resumed_master_secret);
    EXPECT_EQ(ms2->output, ms1->output);
    EXPECT_NE(kb2->output, kb1->output);
    EXPECT_EQ(derivation(c2, a, "pre_master_secret"), nullptr);
  }
  EXPECT_TRUE(has_note(c2, "session ID found in the cache"));
  // The resumed connection carries the page.
  EXPECT_NE(app_text(t.client_app_received).find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_TRUE(t.handshake_complete);
}

INSTANTIATE_TEST_SUITE_P(Versions, SessionIdResumption, testing::Values(kSsl3, kTls10, kTls11, kTls12),
                         [](const auto& i) { return version_option_name(i.param).substr(0, 3) == "ssl" ? std::string("SSL3") : "TLS1" + std::to_string(i.param - 0x0301); });

// RFC 5077: the server seals the session into a NewSessionTicket (after the client's Finished,
// before its ChangeCipherSpec); the client brings it back with a made-up session ID, which the
// server repeats when the ticket opens.
class TicketResumption : public testing::TestWithParam<uint16_t> {};

TEST_P(TicketResumption, TicketIsIssuedOpenedAndResumes) {
  Trace t = run(at(GetParam(), ScenarioOptions::Resumption::ticket));
  auto c1 = of_connection(t, 1), c2 = of_connection(t, 2);
  auto n1 = names(c1);
  auto nst = std::find(n1.begin(), n1.end(), "NewSessionTicket");
  ASSERT_NE(nst, n1.end()) << testing::PrintToString(n1);
  EXPECT_EQ(*(nst + 1), "ChangeCipherSpec");
  const Event& nst_ev = *c1[size_t(nst - n1.begin())];
  const Field* ticket_field = nst_ev.tree.find("ticket");
  ASSERT_NE(ticket_field, nullptr);
  const Derivation* sealed = derivation(c1, Actor::server, "session_ticket");
  ASSERT_NE(sealed, nullptr);
  EXPECT_EQ(sealed->kind, DerivationKind::session_ticket_seal);
  // The sealed state holds the first connection's master secret.
  const Derivation* ms1 = derivation(c1, Actor::server, "master_secret");
  ASSERT_NE(ms1, nullptr);
  Derivation opened;
  auto s = open_ticket12(Actor::server, sealed->input("ticket_key")->value, sealed->output, &opened);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->master_secret, ms1->output);
  // Connection 2 resumes with it.
  const Derivation* open2 = derivation(c2, Actor::server, "session_ticket_open");
  ASSERT_NE(open2, nullptr);
  EXPECT_EQ(open2->input("ticket")->value, sealed->output);
  const Derivation* ms2 = derivation(c2, Actor::client, "master_secret");
  ASSERT_NE(ms2, nullptr);
  EXPECT_EQ(ms2->kind, DerivationKind::resumed_master_secret);
  EXPECT_EQ(ms2->output, ms1->output);
  Bytes sid = hello_session_id(c2, "ClientHello");
  EXPECT_EQ(sid.size(), 32u);
  EXPECT_EQ(hello_session_id(c2, "ServerHello"), sid);
  EXPECT_NE(sid, hello_session_id(c1, "ServerHello"));
  EXPECT_TRUE(has_note(c2, "it took the ticket"));
  EXPECT_NE(app_text(t.client_app_received).find("HTTP/1.1 200 OK"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Versions, TicketResumption, testing::Values(kTls10, kTls12),
                         [](const auto& i) { return "TLS1" + std::to_string(i.param - 0x0301); });

TEST(SessionResumption, CacheMissFallsBackToAFullHandshakeAndSaysWhy) {
  ScenarioOptions o = at(kTls12, ScenarioOptions::Resumption::session_id);
  o.server_session_cache = false;
  Trace t = run(o);
  auto c2 = of_connection(t, 2);
  ASSERT_GE(c2.size(), 3u);
  EXPECT_EQ(c2[1]->name, "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone");
  EXPECT_NE(hello_session_id(c2, "ServerHello"), hello_session_id(c2, "ClientHello"));
  EXPECT_TRUE(has_note(c2, "cache miss"));
  EXPECT_TRUE(has_note(c2, "did not resume the session"));
  EXPECT_TRUE(t.handshake_complete);
}

// RFC 7627 5.3, both rules, with endpoints wired back to back.
TEST(SessionResumption, ExtendedMasterSecretRulesOfRfc7627) {
  ScenarioOptions o = at(kTls12);
  auto first = [&](bool ems) {
    ClientConfig cc = client_config(o);
    ServerConfig sc = server_config(o);
    cc.offer_extended_master_secret = ems;
    auto [c, s] = simfix::handshake(cc, sc, 1, 1);
    EXPECT_TRUE(c->handshake_complete());
    return std::pair{*c->resumable_session(), sc.session_cache};
  };
  // The second connection offers that session, with or without EMS.
  auto second = [&](const Session12& session, std::shared_ptr<SessionCache> cache, bool ems) {
    ClientConfig cc = client_config(o);
    cc.session = session;
    cc.offer_extended_master_secret = ems;
    ServerConfig sc = server_config(o);
    sc.session_cache = std::move(cache);
    return simfix::handshake(cc, sc, 2, 2);
  };
  {
    // Made without EMS, offered again with it: a full handshake.
    auto [session, cache] = first(false);
    EXPECT_FALSE(session.extended_master_secret);
    auto [c, s] = second(session, cache, true);
    EXPECT_TRUE(c->handshake_complete());
    EXPECT_FALSE(s->shape_flags() & kShapeResumed);
    bool noted = false;
    for (auto& e : s->take_received())
      for (auto& n : e.notes) noted |= n.english().find("RFC 7627 5.3") != std::string::npos;
    EXPECT_TRUE(noted);
  }
  {
    // Made with EMS, offered again without it: the server refuses (handshake_failure).
    auto [session, cache] = first(true);
    EXPECT_TRUE(session.extended_master_secret);
    auto [c, s] = second(session, cache, false);
    ASSERT_TRUE(s->failed());
    EXPECT_EQ(s->failure()->alert, AlertDescription::handshake_failure);
  }
}

TEST(RecordCutting, OneMessagePerRecordOnRequest) {
  ScenarioOptions o = at(kTls12);
  o.client_suites = {suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id};
  o.one_message_per_record = true;
  auto n = names(of_connection(run(o), 1));
  ASSERT_GE(n.size(), 4u);
  EXPECT_EQ(n[1], "ServerHello");
  EXPECT_EQ(n[2], "Certificate");
  EXPECT_EQ(n[3], "ServerHelloDone");
}

// A small record size: the Certificate spans records, each shown as a part, and the record that
// ends it carries the whole message, reassembled and dissected.
TEST(RecordCutting, SmallRecordsFragmentTheCertificateAndThePage) {
  ScenarioOptions o = at(kTls12);
  o.max_record_size = 512;
  o.http_response_size = 40960;
  Trace t = run(o);
  ASSERT_TRUE(t.handshake_complete);
  int starts = 0, middles = 0, ends = 0, reassembled = 0, app_records = 0;
  for (auto& e : t.events) {
    if (e.layer == ContentType::handshake && !e.protection.is_protected()) {
      EXPECT_LE(e.bytes.size(), 5u + 512u) << e.name;
    }
    starts += e.name.find("Certificate\u2026") == 0 || e.name.find(", Certificate\u2026") != std::string::npos;
    middles += e.name == "\u2026Certificate\u2026";
    ends += e.name.rfind("\u2026Certificate", 0) == 0 && e.name != "\u2026Certificate\u2026";
    if (!e.reassembled.empty()) {
      ++reassembled;
      EXPECT_EQ(e.reassembled[0], uint8_t(HandshakeType::certificate));
      const Field* node = e.tree.find("reassembled");
      ASSERT_NE(node, nullptr);
      EXPECT_EQ(node->space, ByteSpace::reassembled);
      ASSERT_NE(node->find("certificate_list"), nullptr);
      EXPECT_EQ(node->find("certificate_list")->space, ByteSpace::reassembled);
    }
    if (e.layer == ContentType::application_data && e.from == Actor::server) ++app_records;
  }
  // One event per record (the sender's view, with the receiver's derivations and notes).
  EXPECT_EQ(starts, 1);
  EXPECT_GE(middles, 1);
  EXPECT_EQ(ends, 1);
  EXPECT_EQ(reassembled, 1);
  EXPECT_EQ(app_records, 40960 / 512);
  EXPECT_EQ(t.client_app_received.size(), 40960u);
  EXPECT_EQ(t.client_app_received, http_response_for("www.example.com", http_request_for("www.example.com"), 40960));
}

// RFC 6066 4: the client asks for 512-byte records, the server agrees, both keep to it.
TEST(RecordCutting, MaxFragmentLengthIsNegotiatedAndKept) {
  ScenarioOptions o = at(kTls12);
  o.max_fragment_length = 512;
  o.http_response_size = 4096;
  Trace t = run(o);
  ASSERT_TRUE(t.handshake_complete);
  const Event& sh = t.events[1];
  ASSERT_NE(sh.tree.find("max_fragment_length"), nullptr);
  for (auto& e : t.events) {
    size_t plain = e.plaintext.empty() ? e.bytes.size() - 5 : 0;
    if (!e.plaintext.empty())
      if (const Field* c = e.tree.find("content")) plain = c->length;
    EXPECT_LE(plain, 512u) << e.name;
  }
}

TEST(RecordCutting, BadOptionValuesAreRefused) {
  ScenarioOptions o;
  EXPECT_FALSE(option_row("max_fragment_length")->set(o, 1000));
  EXPECT_FALSE(option_row("max_record_size")->set(o, 10));
  EXPECT_FALSE(option_row("max_record_size")->set(o, 20000));
  EXPECT_TRUE(option_row("max_record_size")->set(o, 1024));
  // The resumption kinds belong to their versions.
  ScenarioOptions v = at(kTls13, ScenarioOptions::Resumption::session_id);
  EXPECT_FALSE(validate(v).empty());
  ScenarioOptions w = at(kSsl3, ScenarioOptions::Resumption::ticket);
  EXPECT_FALSE(validate(w).empty());
  ScenarioOptions x = at(kTls12, ScenarioOptions::Resumption::psk_ke);
  EXPECT_FALSE(validate(x).empty());
}

// ---- independent judges ---------------------------------------------------------------------

namespace {

std::string bin() { return TLSLAB_BIN; }

testutil::CommandResult verify(const std::filesystem::path& trace) {
  return testutil::run("python3 " + shell_quote(std::string(TLSLAB_SOURCE_DIR) + "/tests/tools/verify_trace.py") + " " +
                       shell_quote(trace.string()) + " 2>&1");
}

}  // namespace

class ResumptionVerified : public testing::TestWithParam<std::string> {};

TEST_P(ResumptionVerified, VerifierRecomputesBothConnections) {
  auto dir = testutil::temp_dir("resume-verify");
  auto file = dir / "trace.json";
  auto r = testutil::run(bin() + " run " + GetParam() + " --json " + shell_quote(file.string()) + " >/dev/null 2>&1");
  ASSERT_EQ(r.status, 0) << GetParam();
  auto v = verify(file);
  EXPECT_EQ(v.status, 0) << v.output;
  EXPECT_NE(v.output.find("== connection 2"), std::string::npos) << v.output;
  EXPECT_NE(v.output.find("ok master_secret (client)"), std::string::npos) << v.output;
  EXPECT_EQ(v.output.find("FAIL"), std::string::npos) << v.output;
  // A resumed master secret that is not the session's is caught.
  std::string text = testutil::read_file(file);
  auto j = nlohmann::json::parse(text);
  bool doctored = false;
  for (auto& e : j["events"]) {
    if (e.value("connection", 1) != 2) continue;
    for (auto* list : {&e["derivations"], &e["receiver_derivations"]})
      for (auto& d : *list)
        if (!doctored && d["kind"] == "resumed_master_secret" && d["actor"] == "client") {
          std::string out = d["output"];
          out[0] = out[0] == '0' ? '1' : '0';
          d["output"] = out;
          doctored = true;
        }
  }
  ASSERT_TRUE(doctored);
  testutil::write_file(file, j.dump());
  auto bad = verify(file);
  EXPECT_NE(bad.status, 0) << bad.output;
  EXPECT_NE(bad.output.find("FAIL master_secret (client)"), std::string::npos) << bad.output;
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Runs, ResumptionVerified,
                         testing::Values("--version tls1.2 --resume session_id", "--version tls1.2 --resume ticket",
                                         "--version tls1.0 --resume ticket", "--version ssl3 --resume session_id",
                                         "--version tls1.2 --resume session_id --max-record-size 512"),
                         [](const auto& i) { return "Run" + std::to_string(i.index); });

// tshark decrypts both connections of a resumed capture (the key log covers both) and sees
// the server's flight as one record of three messages.
TEST(ResumptionCapture, TsharkDecryptsTheResumedConnectionAndSeesThePackedFlight) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  auto dir = testutil::temp_dir("resume-pcap");
  Trace t = run(at(kTls12, ScenarioOptions::Resumption::ticket));
  auto file = write_capture(dir, "resumed.pcapng", t);
  // Stream 1 is the resumed connection: its request and page decrypt.
  Followed f = follow_tls(file, 1);
  EXPECT_NE(f.to_server.find(to_hex(to_bytes("GET / HTTP/1.1"))), std::string::npos) << f.to_server;
  EXPECT_NE(f.to_client.find(to_hex(to_bytes("HTTP/1.1 200 OK"))), std::string::npos) << f.to_client;
  // One record carries ServerHello (2), Certificate (11), ServerKeyExchange (12), ServerHelloDone (14).
  std::string types = tshark("-r " + file.string() + " -Y 'tls.handshake.type == 11' -T fields -e tls.handshake.type");
  EXPECT_EQ(types, "2,11,12,14\n") << types;
  // The resumed ServerHello, then the server's ChangeCipherSpec and Finished.
  std::string tickets = tshark("-r " + file.string() + " -Y 'tls.handshake.type == 4' -T fields -e tls.handshake.session_ticket");
  EXPECT_FALSE(tickets.empty());
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

TEST(FragmentCapture, TsharkReassemblesTheFragmentedCertificate) {
  if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
  auto dir = testutil::temp_dir("frag-pcap");
  ScenarioOptions o = at(kTls12);
  o.max_record_size = 512;
  Trace t = run(o);
  auto file = write_capture(dir, "frag.pcapng", t);
  // tshark puts the Certificate back together from its records, as for a real server.
  std::string certs = tshark("-r " + file.string() + " -Y 'tls.handshake.type == 11' -T fields -e tls.handshake.certificates_length");
  EXPECT_FALSE(certs.empty());
  std::string reasm = tshark("-r " + file.string() + " -Y 'tls.handshake.fragments' -T fields -e tls.handshake.fragment.count");
  EXPECT_EQ(reasm, "4\n");  // as our trace shows it: Certificate…, …Certificate…, …Certificate…, …Certificate
  EXPECT_EQ(problems(file), "");
  std::filesystem::remove_all(dir);
}

// ---- openssl on loopback ----------------------------------------------------------------

namespace {

struct Served {
  std::filesystem::path dir, log;
  std::unique_ptr<Background> proc;
  int port = 0;
};

Served serve(const std::string& name, const std::string& args, int connections) {
  Served s;
  s.dir = testutil::temp_dir(name);
  s.log = s.dir / "serve.log";
  s.proc = std::make_unique<Background>(bin() + " serve --port 0 --timeout 20 --connections " + std::to_string(connections) +
                                        " " + args + " > " + s.log.string() + " 2>&1");
  s.port = testutil::served_port(s.log, 10000);
  return s;
}

std::string s_client(int port, const std::string& args) {
  return testutil::run("printf 'GET / HTTP/1.1\\r\\nHost: www.example.com\\r\\n\\r\\n' | timeout 20 openssl s_client -connect 127.0.0.1:" +
                       std::to_string(port) + " -servername www.example.com -ign_eof " + args + " 2>&1")
      .output;
}

}  // namespace

struct OpenSslResume {
  const char* name;
  const char* version;  // s_client's flag
  bool tickets;
};

class OpenSslClientResumes : public testing::TestWithParam<OpenSslResume> {};

TEST_P(OpenSslClientResumes, SessOutThenSessInIsReused) {
  const auto& p = GetParam();
  Served s = serve(std::string("resume-") + p.name, "", 2);
  ASSERT_NE(s.port, 0) << testutil::read_file(s.log);
  auto sess = s.dir / "sess.pem";
  std::string extra = std::string(p.version) + (p.tickets ? "" : " -no_ticket");
  std::string first = s_client(s.port, extra + " -sess_out " + sess.string());
  EXPECT_NE(first.find("New, TLSv1"), std::string::npos) << first;
  std::string second = s_client(s.port, extra + " -sess_in " + sess.string());
  EXPECT_NE(second.find("Reused, TLSv1"), std::string::npos) << second;
  EXPECT_NE(second.find("HTTP/1.1 200 OK"), std::string::npos) << second;
  EXPECT_EQ(s.proc->wait_exit(10000), 0) << testutil::read_file(s.log);
  std::string served = testutil::read_file(s.log);
  EXPECT_NE(served.find(p.tickets ? "the ticket opens with our ticket key" : "session ID found in the cache"), std::string::npos) << served;
  std::filesystem::remove_all(s.dir);
}

INSTANTIATE_TEST_SUITE_P(Modes, OpenSslClientResumes,
                         testing::Values(OpenSslResume{"Tls12Id", "-tls1_2", false}, OpenSslResume{"Tls12Ticket", "-tls1_2", true},
                                         OpenSslResume{"Tls10Id", "-tls1 -cipher DEFAULT@SECLEVEL=0", false},
                                         OpenSslResume{"Tls10Ticket", "-tls1 -cipher DEFAULT@SECLEVEL=0", true}),
                         [](const auto& i) { return std::string(i.param.name); });

class EngineClientResumes : public testing::TestWithParam<std::string> {};

TEST_P(EngineClientResumes, AgainstOpenSslServer) {
  auto dir = testutil::temp_dir("resume-s_server");
  auto r0 = testutil::run("cd " + dir.string() +
                          " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 30 -subj /CN=localhost 2>&1");
  ASSERT_EQ(r0.status, 0) << r0.output;
  int port = testutil::free_port();
  std::string log = (dir / "s_server.log").string();
  Background server("exec openssl s_server -accept 127.0.0.1:" + std::to_string(port) + " -cert " + (dir / "cert.pem").string() +
                    " -key " + (dir / "key.pem").string() + " -tls1_2 -www > " + log + " 2>&1");
  ASSERT_TRUE(testutil::wait_for_port(port, 5000)) << testutil::read_file(log);
  auto r = testutil::run(bin() + " connect 127.0.0.1:" + std::to_string(port) + " --host localhost --timeout 20 --resume " +
                         GetParam() + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(GetParam() == "ticket" ? "it took the ticket" : "the session is resumed"), std::string::npos) << r.output;
  // s_server -www reports its session cache: one hit.
  EXPECT_NE(r.output.find(GetParam() == "ticket" ? "Reused, TLSv1.2" : "Reused, TLSv1.2"), std::string::npos) << r.output;
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Modes, EngineClientResumes, testing::Values("session_id", "ticket"));

// openssl s_client -maxfraglen 512: our server agrees, and no record it sends is larger.
TEST(OpenSslMaxFragmentLength, ServerKeepsToTheLimit) {
  Served s = serve("mfl", "--response-size 8192", 1);
  ASSERT_NE(s.port, 0) << testutil::read_file(s.log);
  std::string out = s_client(s.port, "-tls1_2 -maxfraglen 512 -msg");
  EXPECT_NE(out.find("HTTP/1.1 200 OK"), std::string::npos) << out;
  EXPECT_EQ(out.find("fatal"), std::string::npos) << out;
  // -msg shows each record header received ("<<< ... RecordHeader" then its 5 bytes in hex):
  // none is longer than 512 bytes of plaintext plus the AEAD's 24 bytes.
  size_t records = 0, largest = 0;
  for (size_t at = out.find("<<< "); at != std::string::npos; at = out.find("<<< ", at + 1)) {
    size_t eol = out.find('\n', at);
    if (eol == std::string::npos || out.substr(at, eol - at).find("RecordHeader") == std::string::npos) continue;
    unsigned b[5];
    if (std::sscanf(out.c_str() + eol + 1, " %x %x %x %x %x", &b[0], &b[1], &b[2], &b[3], &b[4]) != 5) continue;
    ++records;
    largest = std::max<size_t>(largest, b[3] * 256u + b[4]);
  }
  EXPECT_GE(records, 8u) << out;
  EXPECT_LE(largest, 512u + 24u) << out;
  EXPECT_EQ(s.proc->wait_exit(10000), 0) << testutil::read_file(s.log);
  std::string served = testutil::read_file(s.log);
  EXPECT_NE(served.find("max_fragment_length agreed"), std::string::npos) << served;
  std::filesystem::remove_all(s.dir);
}

// The ladder names a packed record by its first message and how many more when the arrow is
// short; a record of one message has no short form.
TEST(RecordCutting, LadderShortTitlesForPackedRecords) {
  ScenarioOptions o = at(kTls12);
  o.client_suites = {suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id};
  o.max_record_size = 512;
  auto rows = present::ladder_rows(run(o), Lang::fr);
  ASSERT_GE(rows.size(), 5u);
  EXPECT_EQ(rows[0].short_title, "");                        // ClientHello
  EXPECT_EQ(rows[1].title, "ServerHello, Certificate\u2026");
  EXPECT_EQ(rows[1].short_title, "ServerHello +1");
  std::string last;
  for (auto& r : rows)
    if (r.title.rfind("\u2026Certificate,", 0) == 0) last = r.short_title;
  EXPECT_EQ(last, "\u2026Certificate +1");  // …Certificate, ServerHelloDone
}

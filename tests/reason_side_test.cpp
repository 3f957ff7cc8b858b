// A refusal names the side that caused it: a server configured without RFC 5746 that refuses a
// renegotiation says so about itself, not about the client, which offered RFC 5746 (RFC 5746
// 4.4: a server without the extension treats every renegotiation as legacy).
#include <gtest/gtest.h>

#include <string>

#include "hs/connection.hpp"
#include "net/simulation.hpp"

using namespace sim;

namespace {

// The reason of the first no_renegotiation alert in a run, or null.
const Message* no_renegotiation_reason(const Trace& t, Actor* from) {
  for (const Event& e : t.events)
    if (e.alert && e.alert->description == AlertDescription::no_renegotiation) {
      *from = e.from;
      return &e.alert->reason;
    }
  return nullptr;
}

Trace renegotiation_run(ScenarioOptions::Renegotiation who, bool server_rfc5746, bool client_rfc5746) {
  ScenarioOptions o;
  o.seed = 4;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  o.renegotiation = who;
  o.allow_legacy_renegotiation = false;
  o.server_secure_renegotiation = server_rfc5746;
  o.secure_renegotiation = client_rfc5746;
  Simulation s(o);
  s.run_to_end();
  return s.trace();
}

}  // namespace

TEST(ReasonSide, AServerWithoutRfc5746BlamesItselfNotTheClient) {
  // The client offers RFC 5746 and would renegotiate even without it; the server does not
  // implement RFC 5746 and refuses legacy renegotiation. The scenario options share
  // allow_legacy_renegotiation between the sides, so the two configurations are set here.
  ScenarioOptions o;
  o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls12;
  ClientConfig cc = client_config(o);
  cc.offer_renegotiation_info = true;
  cc.allow_legacy_renegotiation = true;
  cc.renegotiate = true;
  ServerConfig sc = server_config(o);
  sc.support_renegotiation_info = false;
  sc.allow_legacy_renegotiation = false;
  auto client = make_client(cc, 1);
  auto server = make_server(sc, 2);
  client->start();
  std::vector<Event> from_server;
  for (int round = 0; round < 12; ++round) {
    for (Event& e : client->take_sent()) server->receive(e.bytes);
    for (Event& e : server->take_sent()) {
      client->receive(e.bytes);
      from_server.push_back(std::move(e));
    }
  }
  const Message* why = nullptr;
  for (const Event& e : from_server)
    if (e.alert && e.alert->description == AlertDescription::no_renegotiation) why = &e.alert->reason;
  ASSERT_NE(why, nullptr) << "the server refuses the renegotiation";
  EXPECT_EQ(why->key, "reason.server_without_secure_renegotiation");
  const std::string en = why->render(Lang::en), fr = why->render(Lang::fr);
  EXPECT_NE(en.find("this server is configured without secure renegotiation"), std::string::npos) << en;
  EXPECT_EQ(en.find("client"), std::string::npos) << en;
  EXPECT_NE(fr.find("ce serveur"), std::string::npos) << fr;
}

TEST(ReasonSide, AClientWithoutRfc5746SkipsItsRenegotiationAndSaysItIsItsOwnConfiguration) {
  // RFC 5746 off for the client (and so for the server): the client does not even try, and its
  // note names its own configuration, not the server.
  Trace t = renegotiation_run(ScenarioOptions::Renegotiation::client, true, false);
  std::string notes_en, notes_fr;
  for (const Event& e : t.events)
    for (const Message& n : e.notes) notes_en += n.render(Lang::en) + "\n", notes_fr += n.render(Lang::fr) + "\n";
  EXPECT_NE(notes_en.find("renegotiation skipped: this client is configured without RFC 5746"), std::string::npos) << notes_en;
  EXPECT_EQ(notes_en.find("the server does not support RFC 5746"), std::string::npos) << notes_en;
  EXPECT_NE(notes_fr.find("ce client est configuré sans la RFC 5746"), std::string::npos) << notes_fr;
}

TEST(ReasonSide, AClientRefusingHelloRequestNamesTheServerOnlyWhenItIsTheCause) {
  // The server asks for a renegotiation but does not implement RFC 5746: the client refuses and
  // names the server.
  Trace t = renegotiation_run(ScenarioOptions::Renegotiation::server, false, true);
  Actor from{};
  const Message* why = no_renegotiation_reason(t, &from);
  ASSERT_NE(why, nullptr) << "the client refuses the HelloRequest";
  EXPECT_EQ(from, Actor::client);
  EXPECT_EQ(why->key, "reason.server_no_secure_renegotiation");
  EXPECT_NE(why->render(Lang::fr).find("le serveur"), std::string::npos);
}

// The GUI's TLS 1.3 views without a window: the key schedule rows (RFC 8446 7.1 order, each
// row linked to the derivation its input note names), the ladder's connection separator and
// inner content types, and the strings for the new messages and derivations.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "i18n.hpp"
#include "model/key_schedule.hpp"
#include "model/view_model.hpp"
#include "net/simulation.hpp"

namespace {

using namespace gui;

sim::ScenarioOptions tls13_options() {
  sim::ScenarioOptions o;
  o.seed = 11;
  o.client_min_version = o.client_max_version = sim::kTls13;
  o.server_min_version = o.server_max_version = sim::kTls13;
  return o;
}

sim::Trace run(const sim::ScenarioOptions& o) {
  sim::Simulation s(o);
  s.run_to_end();
  return s.trace();
}

std::map<std::string, size_t> index_of(const std::vector<ScheduleRow>& rows, int connection) {
  std::map<std::string, size_t> m;
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].connection == connection) m.emplace(rows[i].name, i);
  return m;
}

const sim::Derivation& deriv(const sim::Trace& t, const ScheduleRow& r) { return sim::derivation_at(t.events[r.event], r.derivation); }

}  // namespace

TEST(GuiTls13, ScheduleRowsComeInRfc8446Order) {
  auto t = run(tls13_options());
  ASSERT_TRUE(t.handshake_complete) << t.outcome;
  ASSERT_TRUE(has_tls13_schedule(t));
  for (sim::Actor side : {sim::Actor::client, sim::Actor::server}) {
    auto rows = key_schedule_rows(t, side);
    ASSERT_FALSE(rows.empty());
    auto at = index_of(rows, 1);
    const char* order[] = {"early_secret", "derived_early", "ecdhe_shared_secret", "handshake_secret",
                           "client_handshake_traffic_secret", "client_handshake_traffic_key",
                           "server_handshake_traffic_secret", "server_handshake_traffic_iv", "derived_handshake",
                           "master_secret", "client_application_traffic_secret_0", "server_application_traffic_secret_0",
                           "exporter_master_secret", "resumption_master_secret"};
    size_t prev = 0;
    for (size_t k = 0; k < std::size(order); ++k) {
      ASSERT_TRUE(at.count(order[k])) << order[k] << " missing for " << sim::name_of(side);
      if (k) {
        EXPECT_LT(prev, at[order[k]]) << order[k - 1] << " should come before " << order[k];
      }
      prev = at[order[k]];
    }
    for (auto& r : rows) {
      EXPECT_EQ(deriv(t, r).actor, side) << r.name;
      EXPECT_EQ(deriv(t, r).name, r.name);
      EXPECT_FALSE(r.name.rfind("record_", 0) == 0) << "record protection is not part of the schedule";
    }
    EXPECT_TRUE(rows.front().connection_start);
    EXPECT_EQ(rows[at["early_secret"]].kind, ScheduleKind::spine);
    EXPECT_EQ(rows[at["master_secret"]].depth, 0);
    EXPECT_EQ(rows[at["client_handshake_traffic_secret"]].depth, 1);
    EXPECT_EQ(rows[at["client_handshake_traffic_key"]].depth, 2);
  }
}

TEST(GuiTls13, EachRowsParentIsTheDerivationItsInputComesFrom) {
  auto o = tls13_options();
  o.resumption = sim::ScenarioOptions::Resumption::psk_dhe_ke;
  o.early_data = sim::ScenarioOptions::EarlyData::accepted;
  auto t = run(o);
  ASSERT_TRUE(t.handshake_complete) << t.outcome;
  auto rows = key_schedule_rows(t, sim::Actor::client);
  size_t with_parent = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (!r.parent) continue;
    ++with_parent;
    const auto& p = rows[*r.parent];
    const sim::NamedBytes* in = deriv(t, r).input(r.parent_input);
    ASSERT_NE(in, nullptr) << r.name << " has no input " << r.parent_input;
    EXPECT_EQ(in->from.kind, sim::Source::Kind::derivation) << r.name;
    EXPECT_EQ(in->from.id, deriv(t, p).id) << r.name;
    EXPECT_EQ(p.connection, r.connection) << r.name;
    EXPECT_LT(*r.parent, i) << r.name << ": a parent comes before its children";
    // Same value: the parent's output is the child's input.
    EXPECT_EQ(in->value, deriv(t, p).output) << r.name;
  }
  EXPECT_GE(with_parent, 20u);

  auto c1 = index_of(rows, 1), c2 = index_of(rows, 2);
  ASSERT_TRUE(c2.count("early_secret") && c2.count("binder_key") && c2.count("psk_binder") &&
              c2.count("client_early_traffic_secret"));
  // Connection 2 starts after all of connection 1, with a separator.
  EXPECT_TRUE(rows[c2["early_secret"]].connection_start);
  EXPECT_GT(c2["early_secret"], c1["resumption_master_secret"]);
  // resumption_master_secret -> ticket PSK -> the next connection's early_secret (its IKM) and binder.
  ASSERT_TRUE(c1.count("ticket_psk_0"));
  EXPECT_EQ(rows[c1["ticket_psk_0"]].parent, c1["resumption_master_secret"]);
  ASSERT_TRUE(rows[c2["early_secret"]].ikm.has_value());
  EXPECT_EQ(*rows[c2["early_secret"]].ikm, c1["ticket_psk_0"]);
  EXPECT_EQ(deriv(t, rows[c2["early_secret"]]).input("IKM")->value, deriv(t, rows[c1["ticket_psk_0"]]).output);
  EXPECT_EQ(rows[c2["binder_key"]].parent, c2["early_secret"]);
  EXPECT_EQ(rows[c2["psk_binder"]].parent, c2["binder_key"]);
  EXPECT_LT(c2["client_early_traffic_secret"], c2["derived_early"]);
  // handshake_secret: salt derived_early, IKM the (EC)DHE shared secret.
  const auto& hs = rows[c1["handshake_secret"]];
  EXPECT_EQ(hs.parent, c1["derived_early"]);
  EXPECT_EQ(hs.parent_input, "salt");
  ASSERT_TRUE(hs.ikm.has_value());
  EXPECT_EQ(rows[*hs.ikm].name, "ecdhe_shared_secret");
  // What each transcript hash covers.
  EXPECT_EQ(rows[c1["client_handshake_traffic_secret"]].messages.english(), "ClientHello, ServerHello");
  EXPECT_EQ(rows[c1["master_secret"]].messages.english(), "");
  EXPECT_EQ(rows[c2["client_early_traffic_secret"]].messages.english(), "ClientHello");
}

TEST(GuiTls13, KeyUpdateAddsTheNextGenerationUnderThePreviousOne) {
  auto o = tls13_options();
  o.key_update = sim::ScenarioOptions::KeyUpdate::client;
  o.key_update_request = true;
  auto t = run(o);
  auto rows = key_schedule_rows(t, sim::Actor::server);
  auto at = index_of(rows, 1);
  ASSERT_TRUE(at.count("client_application_traffic_secret_1"));
  ASSERT_TRUE(at.count("server_application_traffic_secret_1"));
  EXPECT_EQ(rows[at["client_application_traffic_secret_1"]].parent, at["client_application_traffic_secret_0"]);
  EXPECT_EQ(rows[at["client_application_traffic_secret_0"]].depth, 1);
  EXPECT_EQ(rows[at["client_application_traffic_secret_1"]].depth, 2);
  EXPECT_EQ(rows[at["client_application_traffic_1_key"]].depth, 3);
  EXPECT_GT(at["client_application_traffic_secret_1"], at["server_application_traffic_0_iv"]);
  EXPECT_EQ(rows[at["client_application_traffic_1_key"]].parent, at["client_application_traffic_secret_1"]);
  EXPECT_LT(at["server_application_traffic_secret_1"], at["exporter_master_secret"]);
}

TEST(GuiTls13, ScheduleSecretsAreMaskedButNotPublicValues) {
  // Secrets come from the derivation kind registry, asked with the derivations of real runs:
  // a resumption with 0-RTT, a KeyUpdate both ways, a HelloRetryRequest.
  auto resumed = tls13_options();
  resumed.resumption = sim::ScenarioOptions::Resumption::psk_dhe_ke;
  resumed.early_data = sim::ScenarioOptions::EarlyData::accepted;
  auto updated = tls13_options();
  updated.key_update = sim::ScenarioOptions::KeyUpdate::client;
  updated.key_update_request = true;
  auto hrr = tls13_options();
  hrr.client_groups = {sim::NamedGroup::x25519, sim::NamedGroup::secp256r1};
  hrr.client_key_shares = {sim::NamedGroup::x25519};
  hrr.server_groups = {sim::NamedGroup::secp256r1};
  const sim::Trace traces[] = {run(resumed), run(updated), run(hrr)};
  auto named = [&](std::string_view n) -> const sim::Derivation* {
    for (auto& t : traces)
      for (auto& e : t.events)
        for (const sim::Derivation& d : sim::all_derivations(e))
          if (d.name == n) return &d;
    ADD_FAILURE() << "no derivation " << n;
    return nullptr;
  };
  for (const char* n : {"early_secret", "derived_early", "handshake_secret", "client_handshake_traffic_secret",
                        "client_handshake_traffic_key", "server_application_traffic_1_iv", "exporter_master_secret",
                        "resumption_master_secret", "ticket_psk_0", "binder_key", "ecdhe_shared_secret",
                        "client_early_traffic_key"})
    if (auto* d = named(n)) EXPECT_TRUE(is_secret(*d, ItemKind::output)) << n;
  for (const char* n : {"psk_binder", "client_verify_data", "server_certificate_verify_signature", "message_hash"})
    if (auto* d = named(n)) EXPECT_FALSE(is_secret(*d, ItemKind::output)) << n;
  if (auto* d = named("handshake_secret")) {
    ASSERT_NE(d->input("IKM"), nullptr);
    EXPECT_TRUE(is_secret(*d, ItemKind::input, "IKM"));
  }
  if (auto* d = named("client_verify_data")) {
    ASSERT_NE(d->input("base_key"), nullptr);
    EXPECT_TRUE(is_secret(*d, ItemKind::input, "base_key"));
  }
  if (auto* d = named("client_handshake_traffic_secret")) {
    ASSERT_NE(d->input("messages"), nullptr);
    EXPECT_FALSE(is_secret(*d, ItemKind::input, "messages"));
  }
  // The same value under another derivation kind is not secret: the name plays no part.
  if (auto* d = named("early_secret")) {
    sim::Derivation renamed = *d;
    renamed.kind = sim::DerivationKind::tls13_message_hash;
    EXPECT_FALSE(is_secret(renamed, ItemKind::output));
  }
}

TEST(GuiTls13, Tls12TracesHaveNoSchedule) {
  sim::ScenarioOptions o;
  o.seed = 3;
  auto t = run(o);
  EXPECT_FALSE(has_tls13_schedule(t));
  EXPECT_TRUE(key_schedule_rows(t, sim::Actor::client).empty());
}

TEST(GuiTls13, LadderMarksTheSecondConnectionAndInnerContentTypes) {
  auto o = tls13_options();
  o.resumption = sim::ScenarioOptions::Resumption::psk_ke;
  auto t = run(o);
  auto rows = ladder_rows(t, 0);
  size_t starts = 0, first2 = 0;
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].connection_start) ++starts, first2 = i;
  ASSERT_EQ(starts, 1u);
  EXPECT_EQ(rows[first2].connection, 2);
  EXPECT_EQ(t.events[rows[first2].event].name, "ClientHello");
  EXPECT_EQ(rows[first2 - 1].connection, 1);
  bool ee = false;
  for (auto& r : rows) {
    const auto& e = t.events[r.event];
    if (e.name == "EncryptedExtensions") {
      ee = true;
      EXPECT_EQ(r.inner_type, "handshake");
      EXPECT_EQ(r.keys, KeyClass::handshake);
    }
    if (e.name == "ClientHello") {
      EXPECT_EQ(r.inner_type, "");
    }
    if (e.layer == sim::ContentType::application_data) {
      EXPECT_EQ(r.inner_type, "");
    }
    if (e.layer == sim::ContentType::alert && e.protection.is_protected()) {
      EXPECT_EQ(r.inner_type, "alert");
    }
  }
  EXPECT_TRUE(ee);
}

TEST(GuiTls13, NewMessagesAndDerivationsHaveHelpInBothLanguages) {
  for (const char* n : {"EncryptedExtensions", "HelloRetryRequest", "NewSessionTicket", "EndOfEarlyData", "KeyUpdate",
                        "key_share", "pre_shared_key", "early_data", "psk_binder", "binder_key", "early_secret",
                        "derived_early", "derived_handshake", "handshake_secret", "client_handshake_traffic_secret",
                        "server_handshake_traffic_secret", "client_application_traffic_secret_0",
                        "client_application_traffic_secret_1", "server_application_traffic_secret_0",
                        "exporter_master_secret", "resumption_master_secret", "client_early_traffic_secret",
                        "ticket_psk_0", "message_hash", "ecdhe_shared_secret", "TLSInnerPlaintext",
                        "client_handshake_traffic_key", "server_application_traffic_0_iv", "client_verify_data"}) {
    set_lang(Lang::en);
    const char* en = help(n);
    set_lang(Lang::fr);
    const char* fr = help(n);
    ASSERT_NE(en, nullptr) << n;
    ASSERT_NE(fr, nullptr) << n;
    EXPECT_STRNE(en, fr) << n;
  }
  set_lang(Lang::fr);
  EXPECT_NE(std::string(help("handshake_secret")).find("poignée de main"), std::string::npos);
  EXPECT_NE(std::string(help("early_data")).find("rejouable"), std::string::npos);
  set_lang(Lang::en);
}

TEST(GuiTls13, ClickingAScheduleInputJumpsToItsParentsOutput) {
  auto o = tls13_options();
  o.resumption = sim::ScenarioOptions::Resumption::psk_ke;
  auto t = run(o);
  auto rows = key_schedule_rows(t, sim::Actor::client);
  size_t checked = 0;
  for (auto& r : rows) {
    if (!r.parent || r.connection != 2) continue;
    auto loc = find_source(t, ItemRef{r.event, r.derivation, ItemKind::input, r.parent_input, 0, true});
    ASSERT_TRUE(loc.has_value()) << r.name;
    ASSERT_EQ(loc->kind, Location::Kind::derivation) << r.name;
    const auto& src = derivation_of(t, *loc->item);
    EXPECT_EQ(src.name, rows[*r.parent].name) << r.name;
    ++checked;
  }
  EXPECT_GE(checked, 8u);
}

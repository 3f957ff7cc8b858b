// The GUI's pure logic (app/gui/model, i18n, settings), without a window: ladder rows, field
// lookup by byte, provenance both ways, key_block segments, secret masking, record pipelines,
// the string table and the settings file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <unistd.h>

#include "i18n.hpp"
#include "core/catalog_parts.hpp"
#include "model/view_model.hpp"
#include "net/simulation.hpp"
#include "present/present.hpp"
#include "settings.hpp"

namespace {

using namespace gui;

sim::Trace run(const std::string& suite, size_t steps = 100000) {
  sim::ScenarioOptions o;
  o.seed = 7;
  o.client_min_version = o.client_max_version = sim::kTls12;
  o.server_min_version = o.server_max_version = sim::kTls12;
  auto* info = sim::suite_by_name(suite);
  EXPECT_NE(info, nullptr) << suite;
  if (info) o.client_suites = o.server_suites = {info->id};
  sim::Simulation s(o);
  s.run_to_end(steps);
  return s.trace();
}

size_t event_named(const sim::Trace& t, std::string_view name, sim::Actor from) {
  for (size_t i = 0; i < t.events.size(); ++i)
    if (t.events[i].name == name && t.events[i].from == from) return i;
  ADD_FAILURE() << "no event " << name;
  return 0;
}

ItemRef input_of(const sim::Trace& t, std::string_view derivation_id, const std::string& input) {
  auto d = find_derivation(t, derivation_id);
  EXPECT_TRUE(d.has_value()) << derivation_id;
  if (!d) return {};
  return ItemRef{d->first, d->second, ItemKind::input, input, 0, true};
}

const char* kGcm = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
const char* kCbc = "TLS_RSA_WITH_AES_128_CBC_SHA";

}  // namespace

TEST(GuiModel, LadderRowsClassifyKeysAlertsAndTheCurrentStep) {
  auto t = run(kGcm);
  auto rows = ladder_rows(t, 5);
  ASSERT_EQ(rows.size(), t.events.size());
  size_t ch = event_named(t, "ClientHello", sim::Actor::client);
  size_t fin = event_named(t, "Finished", sim::Actor::client);
  size_t app = event_named(t, "Application Data", sim::Actor::client);
  EXPECT_EQ(rows[ch].keys, KeyClass::none);
  // TLS 1.2 (RFC 5246 6.1, 7.1): Finished and application data are protected by the same
  // client write keys, made current by ChangeCipherSpec; no handshake/application split.
  EXPECT_EQ(rows[fin].keys, KeyClass::epoch);
  EXPECT_EQ(rows[app].keys, KeyClass::epoch);
  int alerts = 0;
  for (auto& r : rows) {
    EXPECT_EQ(r.current, t.events[r.event].step == 5);
    alerts += r.alert;
  }
  EXPECT_EQ(alerts, 2);  // the two close_notify
  EXPECT_FALSE(has_attacker(t));
}

TEST(GuiModel, LadderLabelsAreTheSharedRecordTitles) {
  // The ladder's labels are sim/present's titles, as the text, SVG and report exports show them:
  // an alert reads "Alert: <level> <description>", not the record's bare name.
  auto t = run(kGcm);
  auto rows = ladder_rows(t, 0);
  auto shared = sim::present::ladder_rows(t);
  ASSERT_EQ(rows.size(), shared.size());
  int alerts = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].event, shared[i].index);
    EXPECT_EQ(rows[i].label, shared[i].title);
    EXPECT_EQ(rows[i].connection_start, shared[i].connection_start);
    if (rows[i].alert) {
      ++alerts;
      EXPECT_EQ(rows[i].label, "Alert: warning close_notify");
    }
  }
  EXPECT_EQ(alerts, 2);
}

TEST(GuiModel, ClickingAByteFindsTheDeepestField) {
  auto t = run(kGcm);
  const sim::Event& ch = t.events[event_named(t, "ClientHello", sim::Actor::client)];
  const sim::Field* random = ch.tree.find("random");
  ASSERT_NE(random, nullptr);
  auto path = field_at_offset(ch.tree, sim::ByteSpace::wire, random->offset + 3);
  ASSERT_TRUE(path.has_value());
  const sim::Field* f = field_at_path(ch.tree, *path);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name, "random");
  EXPECT_EQ(field_at_path(ch.tree, {}), &ch.tree);
  EXPECT_FALSE(field_at_offset(ch.tree, sim::ByteSpace::wire, ch.bytes.size() + 10).has_value());
  EXPECT_FALSE(field_at_path(ch.tree, {999}));
}

TEST(GuiModel, ProducerOfFinishedAndKeyBytes) {
  auto t = run(kCbc);
  // The verify_data inside the client's (decrypted) Finished comes from client/client_verify_data.
  size_t fin = event_named(t, "Finished", sim::Actor::client);
  const sim::Field* vd = t.events[fin].tree.find("verify_data");
  ASSERT_NE(vd, nullptr);
  EXPECT_EQ(vd->space, sim::ByteSpace::plaintext);
  auto bytes = field_bytes(t.events[fin], *vd);
  ASSERT_TRUE(bytes.has_value());
  auto prod = find_producer(t, *bytes, sim::Actor::client);
  ASSERT_TRUE(prod.has_value());
  EXPECT_EQ(derivation_of(t, *prod).id, "client/client_verify_data");
  EXPECT_EQ(prod->kind, ItemKind::output);
  EXPECT_TRUE(prod->exact);

  // The MAC at the end of the plaintext comes from the sender's record_seal.
  const sim::Field* mac = t.events[fin].tree.find("MAC");
  ASSERT_NE(mac, nullptr);
  auto mp = find_producer(t, *field_bytes(t.events[fin], *mac), sim::Actor::client);
  ASSERT_TRUE(mp.has_value());
  EXPECT_NE(derivation_of(t, *mp).id.find("client/record_seal"), std::string::npos);
  EXPECT_EQ(mp->item, "mac");

  // A key taken from the key_block is found as that part.
  auto kb = find_derivation(t, "client/key_block");
  ASSERT_TRUE(kb.has_value());
  const sim::Derivation& d = sim::derivation_at(t.events[kb->first], kb->second);
  auto key = item_bytes(d, ItemKind::part, "client_write_key");
  ASSERT_TRUE(key.has_value());
  auto kp = find_producer(t, *key, sim::Actor::client);
  ASSERT_TRUE(kp.has_value());
  EXPECT_EQ(kp->kind, ItemKind::part);
  EXPECT_EQ(kp->item, "client_write_key");
  EXPECT_EQ(derivation_of(t, *kp).id, "client/key_block");

  // The record's ciphertext is contained in the record_seal output, not equal to it.
  const sim::Field* ct = t.events[fin].tree.find("ciphertext");
  ASSERT_NE(ct, nullptr);
  auto cp = find_producer(t, *field_bytes(t.events[fin], *ct), sim::Actor::client);
  ASSERT_TRUE(cp.has_value());
  EXPECT_NE(derivation_of(t, *cp).id.find("record_seal"), std::string::npos);

  // Short or unknown values have no producer.
  sim::Bytes junk(16, 0xA5);
  EXPECT_FALSE(find_producer(t, sim::view(junk)).has_value());
  EXPECT_FALSE(find_producer(t, sim::ByteView(key->data(), 4)).has_value());
}

TEST(GuiModel, InputsLeadBackToTheirSource) {
  auto t = run(kGcm);
  // client_random of the signature check: the random field of the ClientHello.
  auto loc = find_source(t, input_of(t, "client/server_key_exchange_signature_check", "client_random"));
  ASSERT_TRUE(loc.has_value());
  ASSERT_EQ(loc->kind, Location::Kind::field);
  EXPECT_EQ(t.events[loc->event].name, "ClientHello");
  EXPECT_EQ(field_at_path(t.events[loc->event].tree, loc->field)->name, "random");

  // pre_master_secret of the master_secret: that side's pre_master_secret derivation.
  loc = find_source(t, input_of(t, "server/master_secret", "pre_master_secret"));
  ASSERT_TRUE(loc.has_value());
  ASSERT_EQ(loc->kind, Location::Kind::derivation);
  EXPECT_EQ(derivation_of(t, *loc->item).id, "server/pre_master_secret");

  // The write key of a record: the key_block part.
  loc = find_source(t, input_of(t, "client/record_seal client_write seq 0", "write_key"));
  ASSERT_TRUE(loc.has_value());
  ASSERT_EQ(loc->kind, Location::Kind::derivation);
  EXPECT_EQ(derivation_of(t, *loc->item).id, "client/key_block");
  EXPECT_EQ(loc->item->item, "client_write_key");

  // The client's public key: the ClientKeyExchange.
  loc = find_source(t, input_of(t, "server/pre_master_secret", "client_public_key"));
  ASSERT_TRUE(loc.has_value());
  ASSERT_EQ(loc->kind, Location::Kind::field);
  EXPECT_EQ(t.events[loc->event].name, "ClientKeyExchange");
}

TEST(GuiModel, RsaEncryptedPreMasterSecretComesFromClientKeyExchange) {
  auto t = run(kCbc);
  auto loc = find_source(t, input_of(t, "server/pre_master_secret", "EncryptedPreMasterSecret"));
  ASSERT_TRUE(loc.has_value());
  ASSERT_EQ(loc->kind, Location::Kind::field);
  EXPECT_EQ(t.events[loc->event].name, "ClientKeyExchange");
  // A label (ASCII constant) has no origin in the trace.
  EXPECT_FALSE(find_source(t, input_of(t, "client/master_secret", "prf")).has_value());
}

TEST(GuiModel, KeyBlockSegmentsAndSecrets) {
  auto t = run(kCbc);
  auto kb = find_derivation(t, "client/key_block");
  ASSERT_TRUE(kb.has_value());
  const sim::Derivation& d = sim::derivation_at(t.events[kb->first], kb->second);
  auto segs = output_segments(d);
  ASSERT_GE(segs.size(), 4u);
  EXPECT_EQ(segs[0].role, SegmentRole::client_mac);
  EXPECT_EQ(segs[1].role, SegmentRole::server_mac);
  EXPECT_EQ(segs[2].role, SegmentRole::client_key);
  EXPECT_EQ(segs[3].role, SegmentRole::server_key);
  size_t covered = 0;
  for (auto& s : segs) {
    EXPECT_EQ(s.offset, covered);
    covered += s.length;
  }
  EXPECT_EQ(covered, d.output.size());

  // What is secret comes from the derivation kind registry, asked with the derivations
  // themselves (RSA key exchange and CBC here, ECDHE and GCM below).
  auto deriv = [](const sim::Trace& tr, std::string_view id) -> const sim::Derivation& {
    auto at = find_derivation(tr, id);
    EXPECT_TRUE(at.has_value()) << id;
    static const sim::Derivation none;
    return at ? sim::derivation_at(tr.events[at->first], at->second) : none;
  };
  auto has = [](const std::vector<sim::NamedBytes>& items, std::string_view n) {
    return std::any_of(items.begin(), items.end(), [&](auto& i) { return i.name == n; });
  };
  EXPECT_TRUE(is_secret(deriv(t, "client/master_secret"), ItemKind::output));
  EXPECT_TRUE(is_secret(d, ItemKind::output));
  EXPECT_TRUE(is_secret(d, ItemKind::part, "client_write_key"));
  EXPECT_TRUE(is_secret(d, ItemKind::part, "client_write_MAC_key"));
  const sim::Derivation* cbc_seal = record_pipeline(t.events[event_named(t, "Application Data", sim::Actor::client)]).seal;
  ASSERT_NE(cbc_seal, nullptr);
  ASSERT_TRUE(has(cbc_seal->inputs, "mac_key"));
  EXPECT_TRUE(is_secret(*cbc_seal, ItemKind::input, "mac_key"));
  EXPECT_FALSE(is_secret(deriv(t, "client/client_verify_data"), ItemKind::output));

  auto g = run(kGcm);
  const sim::Derivation& pms = deriv(g, "client/pre_master_secret");
  ASSERT_TRUE(has(pms.inputs, "client_private_key") && has(pms.inputs, "server_public_key"));
  EXPECT_TRUE(is_secret(pms, ItemKind::input, "client_private_key"));
  EXPECT_FALSE(is_secret(pms, ItemKind::input, "server_public_key"));
  EXPECT_TRUE(is_secret(pms, ItemKind::output));
  // The server's signature over the randoms and parameters: nothing secret in it.
  const sim::Derivation* ske = nullptr;
  for (auto& e : g.events)
    for (const sim::Derivation& x : sim::all_derivations(e))
      if (x.kind == sim::DerivationKind::server_key_exchange_signature) ske = &x;
  ASSERT_NE(ske, nullptr);
  ASSERT_TRUE(has(ske->inputs, "client_random"));
  EXPECT_FALSE(is_secret(*ske, ItemKind::input, "client_random"));
  EXPECT_FALSE(is_secret(*ske, ItemKind::output));
  const sim::Derivation* gcm_seal = record_pipeline(g.events[event_named(g, "Application Data", sim::Actor::client)]).seal;
  ASSERT_NE(gcm_seal, nullptr);
  ASSERT_TRUE(has(gcm_seal->steps, "tag") || has(gcm_seal->inputs, "tag"));
  EXPECT_FALSE(is_secret(*gcm_seal, ItemKind::step, "tag"));
  EXPECT_FALSE(is_secret(*gcm_seal, ItemKind::input, "tag"));
  EXPECT_TRUE(is_secret(*gcm_seal, ItemKind::input, "write_key"));
}

TEST(GuiModel, RecordPipelineShowsEveryStage) {
  auto t = run(kCbc);
  size_t app = event_named(t, "Application Data", sim::Actor::client);
  Pipeline p = record_pipeline(t.events[app]);
  ASSERT_NE(p.seal, nullptr);
  ASSERT_NE(p.open, nullptr);
  std::vector<std::string> names;
  for (auto& s : p.seal_stages) names.push_back(s.name);
  for (const char* want : {"content", "mac_input", "mac", "padding", "iv", "output"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  EXPECT_EQ(names.front(), "content");
  EXPECT_EQ(names.back(), "output");
  ASSERT_TRUE(p.mac_ok.has_value());
  EXPECT_TRUE(*p.mac_ok);

  auto g = run(kGcm);
  Pipeline q = record_pipeline(g.events[event_named(g, "Application Data", sim::Actor::server)]);
  ASSERT_NE(q.seal, nullptr);
  names.clear();
  for (auto& s : q.seal_stages) names.push_back(s.name);
  for (const char* want : {"nonce", "additional_data", "tag"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  EXPECT_FALSE(q.mac_ok.has_value());

  // Unprotected records have no pipeline.
  Pipeline none = record_pipeline(g.events[0]);
  EXPECT_EQ(none.seal, nullptr);
  EXPECT_EQ(none.open, nullptr);
}

TEST(GuiModel, NotesAndAlerts) {
  auto t = run(kGcm);
  auto notes = notes_of(t);
  EXPECT_FALSE(notes.empty());
  for (auto& n : notes) EXPECT_LT(n.event, t.events.size());
  auto alerts = alert_events(t);
  ASSERT_EQ(alerts.size(), 2u);
  for (size_t i : alerts) EXPECT_TRUE(t.events[i].alert.has_value());
}

TEST(GuiI18n, EveryKeyHasBothLanguagesAndIsUnique) {
  std::set<std::string> keys;
  for (auto& e : sim::catalog_ui()) {
    EXPECT_TRUE(keys.insert(e.key).second) << "duplicate key " << e.key;
    ASSERT_NE(e.en, nullptr) << e.key;
    ASSERT_NE(e.fr, nullptr) << e.key;
    EXPECT_GT(std::string(e.en).size(), 0u) << e.key;
    EXPECT_GT(std::string(e.fr).size(), 0u) << e.key;
  }
  EXPECT_GT(keys.size(), 150u);
}

TEST(GuiI18n, EveryKeyThePanelsUseExists) {
  // Scan the GUI sources for tr("...") and help-free literal keys: a typo would show the raw
  // key on screen.
  namespace fs = std::filesystem;
  std::set<std::string> keys;
  for (auto& e : sim::catalog()) keys.insert(e.key);
  std::regex call(R"re(\btr\("([^"]+)"\))re");
  std::regex key_literal(R"re("((?:menu|panel|scenario|controls|ladder|inspector|bytes|keys|record|log|export|word|status|compare|imported|dialog)\.[a-z_]+)")re");
  int seen = 0;
  for (auto& p : fs::recursive_directory_iterator(fs::path(TLSLAB_SOURCE_DIR) / "app" / "gui")) {
    if (p.path().extension() != ".cpp" || p.path().filename() == "i18n.cpp") continue;
    std::ifstream f(p.path());
    std::stringstream ss;
    ss << f.rdbuf();
    std::string text = ss.str();
    for (auto* re : {&call, &key_literal})
      for (auto it = std::sregex_iterator(text.begin(), text.end(), *re); it != std::sregex_iterator(); ++it) {
        ++seen;
        EXPECT_TRUE(keys.count((*it)[1])) << p.path().filename() << ": " << (*it)[1];
      }
  }
  EXPECT_GT(seen, 100);
}

TEST(GuiI18n, SwitchingLanguageChangesTheText) {
  set_lang(Lang::en);
  EXPECT_STREQ(tr("panel.ladder"), "Ladder diagram");
  ASSERT_NE(help("random"), nullptr);
  std::string en_help = help("random");
  set_lang(Lang::fr);
  EXPECT_STREQ(tr("panel.ladder"), "Diagramme en échelle");
  EXPECT_NE(std::string(help("random")), en_help);
  EXPECT_NE(help("A(3)"), nullptr);
  EXPECT_EQ(help("no-such-field"), nullptr);
  EXPECT_STREQ(tr("no.such.key"), "no.such.key");
  set_lang(Lang::en);
  Lang l;
  EXPECT_TRUE(parse_lang("fr", &l));
  EXPECT_EQ(l, Lang::fr);
  EXPECT_FALSE(parse_lang("de", &l));
}

TEST(GuiSettings, RoundTripAndBadInput) {
  Settings s;
  s.width = 1280;
  s.height = 720;
  s.font_scale = 1.6f;
  s.theme = ThemeKind::light;
  s.lang = Lang::fr;
  Settings r = settings_from_json_text(settings_to_json_text(s));
  EXPECT_EQ(r.width, 1280);
  EXPECT_EQ(r.height, 720);
  EXPECT_FLOAT_EQ(r.font_scale, 1.6f);
  EXPECT_EQ(r.theme, ThemeKind::light);
  EXPECT_EQ(r.lang, Lang::fr);

  Settings d = settings_from_json_text("not json");
  EXPECT_EQ(d.width, Settings{}.width);
  Settings c = settings_from_json_text(R"({"font_scale": 50, "width": "wide", "lang": "de"})");
  EXPECT_FLOAT_EQ(c.font_scale, 3.0f);
  EXPECT_EQ(c.width, Settings{}.width);
  EXPECT_EQ(c.lang, Lang::en);

  auto dir = std::filesystem::temp_directory_path() / ("tlslab-gui-settings-" + std::to_string(::getpid()));
  auto path = (dir / "tlslab" / "gui.json").string();
  ASSERT_TRUE(save_settings(path, s));
  EXPECT_EQ(load_settings(path).width, 1280);
  std::filesystem::remove_all(dir);

  const char* old = std::getenv("XDG_CONFIG_HOME");
  std::string saved = old ? old : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
  EXPECT_EQ(settings_path(), "/tmp/xdg-test/tlslab/gui.json");
  if (old) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  else unsetenv("XDG_CONFIG_HOME");
}

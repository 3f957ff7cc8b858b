#include "scenario/scenario_io.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pki/profiles.hpp"

namespace sim {

using nlohmann::json;
using nlohmann::ordered_json;

static ordered_json suites_json(const std::vector<uint16_t>& v) {
  ordered_json a = ordered_json::array();
  for (auto s : v) a.push_back(suite_name(s));
  return a;
}

static ordered_json groups_json(const std::vector<NamedGroup>& v) {
  ordered_json a = ordered_json::array();
  for (auto g : v) a.push_back(name_of(g));
  return a;
}

static const char* renegotiation_name(ScenarioOptions::Renegotiation r) {
  switch (r) {
    case ScenarioOptions::Renegotiation::none: return "none";
    case ScenarioOptions::Renegotiation::client: return "client";
    case ScenarioOptions::Renegotiation::server: return "server";
  }
  return "none";
}

std::string scenario_to_json(const ScenarioOptions& o) {
  ordered_json j;
  j["format"] = "tlslab-scenario";
  j["version"] = 1;
  if (!o.name.empty()) j["name"] = o.name;
  if (!o.description.empty()) j["description"] = o.description;
  j["seed"] = o.seed;
  j["host"] = o.host;
  j["client_versions"] = {version_option_name(o.client_min_version), version_option_name(o.client_max_version)};
  j["server_versions"] = {version_option_name(o.server_min_version), version_option_name(o.server_max_version)};
  j["client_suites"] = suites_json(o.client_suites);
  j["server_suites"] = suites_json(o.server_suites);
  j["client_groups"] = groups_json(o.client_groups);
  j["server_groups"] = groups_json(o.server_groups);
  j["extended_master_secret"] = o.extended_master_secret;
  j["deflate"] = o.deflate;
  j["client_certificate"] = o.client_certificate;
  j["request_client_certificate"] = o.request_client_certificate;
  j["secure_renegotiation"] = o.secure_renegotiation;
  j["renegotiation"] = renegotiation_name(o.renegotiation);
  j["allow_legacy_renegotiation"] = o.allow_legacy_renegotiation;
  j["pki_seed"] = o.pki_seed;
  // TLS 1.3 fields, written only when they differ from the defaults (older files stay as they were).
  ScenarioOptions d;
  if (!o.client_key_shares.empty()) j["client_key_shares"] = groups_json(o.client_key_shares);
  if (o.middlebox_compat != d.middlebox_compat) j["middlebox_compat"] = o.middlebox_compat;
  static const char* kResumption[] = {"none", "psk_dhe_ke", "psk_ke"};
  static const char* kEarly[] = {"none", "accepted", "rejected"};
  static const char* kKeyUpdate[] = {"none", "client", "server"};
  if (o.resumption != d.resumption) j["resumption"] = kResumption[int(o.resumption)];
  if (o.early_data != d.early_data) j["early_data"] = kEarly[int(o.early_data)];
  if (o.key_update != d.key_update) j["key_update"] = kKeyUpdate[int(o.key_update)];
  if (o.key_update_request) j["key_update_request"] = true;
  if (o.record_padding) j["record_padding"] = o.record_padding;
  // Certificate options only when not the default, so older scenario texts stay byte-identical.
  if (!o.certificate_profile.empty()) j["certificate_profile"] = o.certificate_profile;
  if (o.server_key_type != crypto::KeyType::rsa) j["server_key_type"] = crypto::key_type_option(o.server_key_type);
  if (!o.verify_certificate) j["verify_certificate"] = false;
  if (o.revocation_hard_fail) j["revocation_hard_fail"] = true;
  if (o.ocsp_stapling) j["ocsp_stapling"] = true;
  if (o.clock) j["clock"] = o.clock;
  // Leniency switches, only when on.
  for (auto [key, on] : {std::pair{"accept_early_ccs", o.accept_early_ccs},
                         std::pair{"accept_finished_without_ccs", o.accept_finished_without_ccs},
                         std::pair{"skip_finished_check", o.skip_finished_check},
                         std::pair{"accept_unsafe_renegotiation", o.accept_unsafe_renegotiation}})
    if (on) j[key] = true;
  return j.dump(2) + "\n";
}

namespace {

// Reads one field with a precise error; `at` is "source: field".
struct Reader {
  const json& j;
  std::string source;
  std::optional<Failure> error;

  bool fail(const std::string& field, const std::string& what) {
    if (!error) error = Failure{AlertDescription::internal_error, source + ": " + field + ": " + what};
    return false;
  }
  static std::string type_of(const json& v) { return v.type_name(); }

  void boolean(const char* key, bool* out) {
    if (!j.contains(key)) return;
    if (!j[key].is_boolean()) {
      fail(key, "expected true or false, found " + type_of(j[key]));
      return;
    }
    *out = j[key].get<bool>();
  }
  void number(const char* key, uint64_t* out) {
    if (!j.contains(key)) return;
    if (!j[key].is_number_unsigned()) {
      fail(key, "expected a non-negative integer, found " + type_of(j[key]));
      return;
    }
    *out = j[key].get<uint64_t>();
  }
  void string(const char* key, std::string* out, bool non_empty = false) {
    if (!j.contains(key)) return;
    if (!j[key].is_string()) {
      fail(key, "expected a string, found " + type_of(j[key]));
      return;
    }
    *out = j[key].get<std::string>();
    if (non_empty && out->empty()) fail(key, "must not be empty");
  }
  // ["min", "max"] or "version" for both.
  void versions(const char* key, uint16_t* lo, uint16_t* hi) {
    if (!j.contains(key)) return;
    const json& v = j[key];
    auto one = [&](const json& x, const std::string& field, uint16_t* out) {
      if (!x.is_string()) return fail(field, "expected a version name (ssl3, tls1.0, tls1.1, tls1.2, tls1.3), found " + type_of(x));
      auto ver = version_by_option_name(x.get<std::string>());
      if (!ver) return fail(field, "unknown version '" + x.get<std::string>() + "' (ssl3, tls1.0, tls1.1, tls1.2, tls1.3)");
      *out = *ver;
      return true;
    };
    if (v.is_string()) {
      if (one(v, key, lo)) *hi = *lo;
    } else if (v.is_array() && v.size() == 2) {
      if (one(v[0], std::string(key) + "[0]", lo) && one(v[1], std::string(key) + "[1]", hi) && *lo > *hi)
        fail(key, "the first version must not be above the second");
    } else {
      fail(key, "expected [\"min\", \"max\"] or one version name");
    }
  }
  template <class T, class Lookup>
  void names(const char* key, std::vector<T>* out, const char* what, Lookup lookup) {
    if (!j.contains(key)) return;
    if (!j[key].is_array()) {
      fail(key, std::string("expected a list of ") + what + " names, found " + type_of(j[key]));
      return;
    }
    out->clear();
    for (size_t i = 0; i < j[key].size(); ++i) {
      std::string field = std::string(key) + "[" + std::to_string(i) + "]";
      const json& x = j[key][i];
      if (!x.is_string()) {
        fail(field, std::string("expected a ") + what + " name, found " + type_of(x));
        return;
      }
      auto v = lookup(x.get<std::string>());
      if (!v) {
        fail(field, "unknown " + std::string(what) + " '" + x.get<std::string>() + "'");
        return;
      }
      out->push_back(*v);
    }
  }
};

}  // namespace

Result<ScenarioOptions> scenario_from_json(std::string_view text, const std::string& source) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return Failure{AlertDescription::internal_error, source + ": not valid JSON"};
  if (!j.is_object()) return Failure{AlertDescription::internal_error, source + ": expected a JSON object"};
  static const char* kKnown[] = {"format", "version", "name", "description", "seed", "host", "client_versions",
                                 "server_versions", "client_suites", "server_suites", "client_groups",
                                 "server_groups", "extended_master_secret", "deflate", "client_certificate",
                                 "request_client_certificate", "secure_renegotiation", "renegotiation",
                                 "allow_legacy_renegotiation", "pki_seed", "client_key_shares", "middlebox_compat",
                                 "resumption", "early_data", "key_update", "key_update_request", "record_padding",
                                 "certificate_profile", "server_key_type", "verify_certificate", "revocation_hard_fail", "ocsp_stapling",
                                 "clock", "accept_early_ccs", "accept_finished_without_ccs", "skip_finished_check",
                                 "accept_unsafe_renegotiation"};
  for (auto& [k, v] : j.items())
    if (std::find(std::begin(kKnown), std::end(kKnown), k) == std::end(kKnown))
      return Failure{AlertDescription::internal_error, source + ": " + k + ": unknown field"};
  if (j.contains("format") && j["format"] != "tlslab-scenario")
    return Failure{AlertDescription::internal_error, source + ": format: expected \"tlslab-scenario\""};
  if (j.contains("version") && j["version"] != 1)
    return Failure{AlertDescription::internal_error, source + ": version: this tlslab reads scenario version 1"};
  ScenarioOptions o;
  Reader r{j, source, std::nullopt};
  r.string("name", &o.name);
  r.string("description", &o.description);
  r.number("seed", &o.seed);
  r.string("host", &o.host, true);
  r.versions("client_versions", &o.client_min_version, &o.client_max_version);
  r.versions("server_versions", &o.server_min_version, &o.server_max_version);
  auto suite = [](const std::string& n) -> std::optional<uint16_t> {
    if (auto* s = suite_by_name(n)) return s->id;
    return std::nullopt;
  };
  r.names("client_suites", &o.client_suites, "cipher suite", suite);
  r.names("server_suites", &o.server_suites, "cipher suite", suite);
  r.names("client_groups", &o.client_groups, "group", group_by_name);
  r.names("server_groups", &o.server_groups, "group", group_by_name);
  r.boolean("extended_master_secret", &o.extended_master_secret);
  r.boolean("deflate", &o.deflate);
  r.boolean("client_certificate", &o.client_certificate);
  r.boolean("request_client_certificate", &o.request_client_certificate);
  r.boolean("secure_renegotiation", &o.secure_renegotiation);
  r.boolean("allow_legacy_renegotiation", &o.allow_legacy_renegotiation);
  r.number("pki_seed", &o.pki_seed);
  r.string("certificate_profile", &o.certificate_profile);
  if (j.contains("server_key_type")) {
    std::string k;
    r.string("server_key_type", &k);
    if (auto t = crypto::key_type_by_option(k)) o.server_key_type = *t;
    else if (!r.error) r.fail("server_key_type", "expected \"rsa\", \"ecdsa\" or \"ed25519\", found \"" + k + "\"");
  }
  if (!o.certificate_profile.empty() && !pki::profile_by_name(o.certificate_profile) && !r.error)
    r.fail("certificate_profile", "unknown profile '" + o.certificate_profile + "' (see: tlslab pki profiles)");
  r.boolean("verify_certificate", &o.verify_certificate);
  r.boolean("revocation_hard_fail", &o.revocation_hard_fail);
  r.boolean("ocsp_stapling", &o.ocsp_stapling);
  r.number("clock", &o.clock);
  r.boolean("accept_early_ccs", &o.accept_early_ccs);
  r.boolean("accept_finished_without_ccs", &o.accept_finished_without_ccs);
  r.boolean("skip_finished_check", &o.skip_finished_check);
  r.boolean("accept_unsafe_renegotiation", &o.accept_unsafe_renegotiation);
  if (j.contains("renegotiation")) {
    std::string v;
    r.string("renegotiation", &v);
    if (v == "none") o.renegotiation = ScenarioOptions::Renegotiation::none;
    else if (v == "client") o.renegotiation = ScenarioOptions::Renegotiation::client;
    else if (v == "server") o.renegotiation = ScenarioOptions::Renegotiation::server;
    else if (!r.error) r.fail("renegotiation", "expected \"none\", \"client\" or \"server\", found \"" + v + "\"");
  }
  r.names("client_key_shares", &o.client_key_shares, "group", group_by_name);
  r.boolean("middlebox_compat", &o.middlebox_compat);
  r.boolean("key_update_request", &o.key_update_request);
  if (j.contains("record_padding")) {
    uint64_t pad = 0;
    r.number("record_padding", &pad);
    if (pad > 255 && !r.error) r.fail("record_padding", "at most 255 zero bytes per record");
    o.record_padding = size_t(pad);
  }
  auto choice = [&](const char* field, std::initializer_list<const char*> names, auto* out) {
    if (!j.contains(field)) return;
    std::string v;
    r.string(field, &v);
    int i = 0;
    std::string expected;
    for (const char* n : names) {
      if (v == n) {
        *out = std::remove_pointer_t<decltype(out)>(i);
        return;
      }
      expected += std::string(i ? ", " : "") + "\"" + n + "\"";
      ++i;
    }
    if (!r.error) r.fail(field, "expected one of " + expected + ", found \"" + v + "\"");
  };
  choice("resumption", {"none", "psk_dhe_ke", "psk_ke"}, &o.resumption);
  choice("early_data", {"none", "accepted", "rejected"}, &o.early_data);
  choice("key_update", {"none", "client", "server"}, &o.key_update);
  if (r.error) return *r.error;
  if (o.server_key_type != crypto::KeyType::rsa && o.server_max_version < kTls13)
    return Failure{AlertDescription::internal_error, source + ": server_key_type: an " + crypto::key_type_option(o.server_key_type) +
                                                         " key needs TLS 1.3 on the server (the TLS 1.2 suites here are RSA only)"};
  if (o.early_data != ScenarioOptions::EarlyData::none && o.resumption == ScenarioOptions::Resumption::none)
    return Failure{AlertDescription::internal_error, source + ": early_data: 0-RTT needs \"resumption\" (a ticket from a first connection)"};
  for (size_t i = 0; i < o.client_suites.size(); ++i) {
    const CipherSuiteInfo* s = suite_by_id(o.client_suites[i]);
    if (!s->usable_in(o.client_min_version, o.client_max_version))
      return Failure{AlertDescription::internal_error,
                     source + ": client_suites[" + std::to_string(i) + "]: " + std::string(s->name) +
                         " cannot be used with the client's versions " + version_option_name(o.client_min_version) +
                         " to " + version_option_name(o.client_max_version)};
  }
  return o;
}

std::string scenarios_dir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("TLSLAB_ASSETS")) candidates.push_back(fs::path(env) / "scenarios");
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../share/tlslab/scenarios");
    candidates.push_back(exe.parent_path() / "../../assets/scenarios");  // build/app/tlslab
    candidates.push_back(exe.parent_path() / "../../../assets/scenarios");
  }
#ifdef TLSLAB_ASSETS_DIR
  candidates.push_back(fs::path(TLSLAB_ASSETS_DIR) / "scenarios");
#endif
  for (auto& c : candidates)
    if (fs::is_directory(c, ec)) return fs::weakly_canonical(c, ec).string();
  return "";
}

static std::string read_text(const std::string& path, bool* ok) {
  std::ifstream f(path, std::ios::binary);
  *ok = bool(f);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<NamedScenario> list_scenarios() {
  namespace fs = std::filesystem;
  std::vector<NamedScenario> out;
  std::string dir = scenarios_dir();
  if (dir.empty()) return out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".json") continue;
    bool ok;
    std::string text = read_text(e.path().string(), &ok);
    auto s = scenario_from_json(text, e.path().filename().string());
    out.push_back({e.path().stem().string(), s ? s->description : "(broken: " + s.error().reason + ")", e.path().string()});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

Result<ScenarioOptions> load_scenario(const std::string& name_or_path) {
  namespace fs = std::filesystem;
  std::string path = name_or_path;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    std::string dir = scenarios_dir();
    if (!dir.empty() && fs::exists(fs::path(dir) / (name_or_path + ".json"), ec))
      path = (fs::path(dir) / (name_or_path + ".json")).string();
    else
      return Failure{AlertDescription::internal_error,
                     "no scenario named '" + name_or_path + "' and no such file (see: tlslab list scenarios)"};
  }
  bool ok;
  std::string text = read_text(path, &ok);
  if (!ok) return Failure{AlertDescription::internal_error, path + ": cannot be read"};
  auto s = scenario_from_json(text, path);
  if (s && s->name.empty()) s->name = fs::path(path).stem().string();
  return s;
}

}  // namespace sim

// The scenario option table.
//
// Adding an option (e.g. a leniency switch `bool accept_early_ccs` of ScenarioOptions):
//   1. the member in scenario/options.hpp, and its use in client_config/server_config
//      (net/simulation.cpp);
//   2. one row below, in the order its key should appear in scenario files, e.g.
//        rows.push_back(bool_row("accept_early_ccs", &O::accept_early_ccs,
//                                {"Accept an early ChangeCipherSpec", "Accepter un ChangeCipherSpec précoce"},
//                                {"tooltip ...", "infobulle ..."}, Section::handshake));
//        flag(rows.back(), "--accept-early-ccs", {"help ...", "aide ..."});
//        rows.back().max_version = kTls12;   // versions it applies to (validate() enforces)
//        rows.back().sides = Sides::server;  // endpoints it configures
//      bool_row/number_row/text_row/enum_row give the JSON codec, the GUI widget and a sample
//      value; flag()/value_flag() add command-line flags. Nothing else needs to change: the
//      scenario files, tlslab run/connect/serve, tlslab-gui's flags and Scenario panel, and the
//      round-trip test (tests/options_test.cpp) all read this table.
#include "scenario/option_table.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "pki/cert.hpp"
#include "pki/profiles.hpp"
#include "scenario/attacks.hpp"
#include "scenario/edit_spec.hpp"
#include "trace/field.hpp"

namespace sim {

using nlohmann::json;
using ojson = nlohmann::ordered_json;
using O = ScenarioOptions;

namespace {

std::string type_of(const json& v) { return v.type_name(); }

std::optional<FieldError> error(Message what, std::string path = "") { return FieldError{std::move(path), std::move(what)}; }

std::optional<uint64_t> parse_u64(const std::string& s) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// Command-line flags. A row's apply_cli is composed from its flags: each flag given applies
// in the row's flag order (so --server-renegotiate wins over --renegotiate, as before).
using Apply = std::function<void(ScenarioOptions&, const std::vector<std::string>&)>;
void attach(OptionRow& r, CliFlag f, Apply apply) {
  std::string name = f.name;
  r.flags.push_back(std::move(f));
  auto prev = r.apply_cli;
  r.apply_cli = [prev, name, apply](ScenarioOptions& o, const CliGiven& given) {
    if (prev) prev(o, given);
    for (auto& [n, values] : given)
      if (n == name) apply(o, values);
  };
}

// A flag without a value that sets the row to `value` (through the row's codec).
void flag(OptionRow& r, std::string name, Text help, json value = true) {
  auto from = r.from_json;
  attach(r, {std::move(name), CliFlag::Kind::flag, std::move(help)},
         [from, value](ScenarioOptions& o, const std::vector<std::string>&) { from(value, o); });
}

// A flag with one value, given to the row's codec as a JSON string (or number).
void value_flag(OptionRow& r, std::string name, Text help, std::vector<std::string> choices = {},
                std::function<std::string(const std::string&)> check = {}, bool numeric = false) {
  auto from = r.from_json;
  attach(r, {std::move(name), CliFlag::Kind::value, std::move(help), std::move(choices), std::move(check)},
         [from, numeric](ScenarioOptions& o, const std::vector<std::string>& v) {
           if (v.empty()) return;
           if (numeric) from(json(parse_u64(v.front()).value_or(0)), o);
           else from(json(v.front()), o);
         });
}

// A value quoted in an error: at most 40 characters of it, so a huge one does not flood the
// terminal.
std::string excerpt(const std::string& s) {
  return "'" + (s.size() > 40 ? s.substr(0, 40) + "..." : s) + "'";
}

std::function<std::string(const std::string&)> number_check(uint64_t max, uint64_t min = 0, Message too_big = {}) {
  return [max, min, too_big](const std::string& s) { return number_error(s, max, min, too_big); };
}

std::string suite_check(const std::string& v) {
  return suite_by_name(v) ? "" : "unknown cipher suite '" + v + "' (see: tlslab list suites)";
}
std::string group_check(const std::string& v) {
  return group_by_name(v) ? "" : "unknown group '" + v + "' (see: tlslab list groups)";
}

// Offer anything (hs/offer.hpp): code points as 4 hex digits ("c02f", "0x0a0a" too), an
// extension as CODE or CODE=HEXBODY. The same reading serves JSON and the command line.
std::optional<uint16_t> code_point(std::string_view t) {
  if (t.size() == 6 && (t.substr(0, 2) == "0x" || t.substr(0, 2) == "0X")) t.remove_prefix(2);
  if (t.size() != 4) return std::nullopt;
  auto b = from_hex(t);
  if (!b) return std::nullopt;
  return uint16_t((*b)[0] << 8 | (*b)[1]);
}

Message bad_code(const std::string& t) { return msg("option.error.bad_code_point").arg("value", t); }

std::optional<FieldError> read_offer_suites(const json& v, std::vector<uint16_t>* out) {
  if (!v.is_array()) return error(msg("option.error.expected_code_list").arg("found", type_of(v)));
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    std::string path = "[" + std::to_string(i) + "]";
    if (!v[i].is_string()) return error(msg("option.error.expected_string").arg("found", type_of(v[i])), path);
    auto c = code_point(v[i].get<std::string>());
    if (!c) return error(bad_code(v[i].get<std::string>()), path);
    out->push_back(*c);
  }
  return std::nullopt;
}

std::string extension_text(const OfferedExtension& e) {
  std::string t = fmt_hex(e.type, 4).substr(2);
  if (e.body) t += "=" + to_hex(*e.body);
  return t;
}

std::optional<FieldError> read_offer_extensions(const json& v, std::vector<OfferedExtension>* out) {
  if (!v.is_array()) return error(msg("option.error.expected_extension_list").arg("found", type_of(v)));
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    std::string path = "[" + std::to_string(i) + "]";
    if (!v[i].is_string()) return error(msg("option.error.expected_string").arg("found", type_of(v[i])), path);
    std::string t = v[i].get<std::string>();
    size_t eq = t.find('=');
    auto c = code_point(std::string_view(t).substr(0, eq));
    if (!c) return error(bad_code(t.substr(0, eq)), path);
    OfferedExtension e{*c, std::nullopt};
    if (eq != std::string::npos) {
      e.body = from_hex(std::string_view(t).substr(eq + 1));
      if (!e.body) return error(msg("option.error.bad_extension_body").arg("value", t.substr(eq + 1)), path);
      if (e.body->size() > 0xffff) return error(msg("option.error.extension_body_too_long"), path);
    }
    for (auto& o : *out)
      if (o.type == e.type) return error(msg("option.error.duplicate_extension").arg("code", t.substr(0, eq)), path);
    out->push_back(std::move(e));
  }
  return std::nullopt;
}

// "a,b,c" from the command line as a JSON list; an empty value or item is refused by `read`.
json comma_list(const std::string& s) {
  json a = json::array();
  size_t at = 0;
  while (true) {
    size_t comma = s.find(',', at);
    a.push_back(s.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return a;
}

// A command-line value for a code-point list: its error in English, "" when fine.
template <class T>
std::function<std::string(const std::string&)> offer_check(std::optional<FieldError> (*read)(const json&, std::vector<T>*)) {
  return [read](const std::string& s) -> std::string {
    if (s.empty()) return msg("option.error.empty_code_list").english();
    std::vector<T> out;
    if (auto e = read(comma_list(s), &out)) return e->what.english();
    return "";
  };
}

OptionRow base_row(std::string key, Text label, Text help, Widget w, Section s) {
  OptionRow r;
  r.key = std::move(key);
  r.label = std::move(label);
  r.help = std::move(help);
  r.widget = w;
  r.section = s;
  return r;
}

OptionRow bool_row(std::string key, bool O::*m, Text label, Text help, Section s) {
  OptionRow r = base_row(std::move(key), std::move(label), std::move(help), Widget::checkbox, s);
  r.to_json = [m](const O& o) { return ojson(o.*m); };
  r.from_json = [m](const json& v, O& o) -> std::optional<FieldError> {
    if (!v.is_boolean()) return error(msg("option.error.expected_bool").arg("found", type_of(v)));
    o.*m = v.get<bool>();
    return std::nullopt;
  };
  r.sample = [m](O& o) { o.*m = !(O{}.*m); };
  return r;
}

// `too_big` explains the limit when there is one.
template <class T>
OptionRow number_row(std::string key, T O::*m, Text label, Text help, Section s, uint64_t sample,
                     uint64_t max = UINT64_MAX, Message too_big = {}) {
  OptionRow r = base_row(std::move(key), std::move(label), std::move(help), Widget::number, s);
  r.max_number = max;
  r.to_json = [m](const O& o) { return ojson(uint64_t(o.*m)); };
  r.from_json = [m, max, too_big](const json& v, O& o) -> std::optional<FieldError> {
    // JSON text gives unsigned numbers; a value built in C++ (json(255)) may be a signed one.
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0))
      return error(msg("option.error.expected_integer").arg("found", type_of(v)));
    uint64_t n = v.get<uint64_t>();
    if (n > max) return error(too_big.empty() ? msg("option.error.at_most").arg("max", std::to_string(max)) : too_big);
    o.*m = T(n);
    return std::nullopt;
  };
  r.sample = [m, sample](O& o) { o.*m = T(sample); };
  return r;
}

// `check` refuses a value (an empty message when fine); `non_empty` refuses "".
OptionRow text_row(std::string key, std::string O::*m, Text label, Text help, Section s, std::string sample,
                   bool non_empty, std::function<Message(const std::string&)> check = {}) {
  OptionRow r = base_row(std::move(key), std::move(label), std::move(help), Widget::text, s);
  r.to_json = [m](const O& o) { return ojson(o.*m); };
  r.from_json = [m, non_empty, check](const json& v, O& o) -> std::optional<FieldError> {
    if (!v.is_string()) return error(msg("option.error.expected_string").arg("found", type_of(v)));
    std::string t = v.get<std::string>();
    if (non_empty && t.empty()) return error(msg("option.error.empty"));
    if (check)
      if (Message e = check(t); !e.empty()) return error(e);
    o.*m = t;
    return std::nullopt;
  };
  r.sample = [m, sample](O& o) { o.*m = sample; };
  return r;
}

// An enum whose values are choices[0..n). `one_of` picks the wording of the error (both are
// kept from before the table, and tests quote them).
template <class E>
OptionRow enum_row(std::string key, E O::*m, Text label, Text help, Section s, std::vector<Choice> choices,
                   E sample, bool one_of) {
  OptionRow r = base_row(std::move(key), std::move(label), std::move(help), Widget::combo, s);
  r.choices = choices;
  r.to_json = [m, choices](const O& o) { return ojson(choices.at(size_t(o.*m)).name); };
  r.from_json = [m, choices, one_of](const json& v, O& o) -> std::optional<FieldError> {
    // "a", "b", "c" (one_of) or "a", "b" or "c": the last "or" is a word of the language.
    std::string all, head;
    for (size_t i = 0; i < choices.size(); ++i) {
      std::string q = "\"" + choices[i].name + "\"";
      all += (i ? ", " : "") + q;
      if (i + 1 < choices.size()) head += (i ? ", " : "") + q;
    }
    auto expected = [&](std::string found) {
      if (one_of) return msg("option.error.expected_one_of").arg("choices", all).arg("found", std::move(found));
      Message list = choices.size() < 2 ? msg("text").arg("text", all)
                                        : msg("option.error.or").arg("first", head).arg("last", "\"" + choices.back().name + "\"");
      return msg("option.error.expected_choice").arg("choices", std::move(list)).arg("found", std::move(found));
    };
    if (!v.is_string()) return error(expected(type_of(v)));
    std::string t = v.get<std::string>();
    for (size_t i = 0; i < choices.size(); ++i)
      if (choices[i].name == t) {
        o.*m = E(i);
        return std::nullopt;
      }
    return error(expected("\"" + t + "\""));
  };
  r.sample = [m, sample](O& o) { o.*m = sample; };
  return r;
}

// ["min", "max"] or one version name for both.
OptionRow versions_row(std::string key, uint16_t O::*lo, uint16_t O::*hi, Text label, Sides side,
                       std::pair<uint16_t, uint16_t> sample) {
  OptionRow r = base_row(std::move(key), std::move(label), {}, Widget::version_range, Section::general);
  r.sides = side;
  r.per_side = true;
  r.always_written = true;
  r.to_json = [lo, hi](const O& o) { return ojson::array({version_option_name(o.*lo), version_option_name(o.*hi)}); };
  r.from_json = [lo, hi](const json& v, O& o) -> std::optional<FieldError> {
    const std::string names = "ssl3, tls1.0, tls1.1, tls1.2, tls1.3";
    auto one = [&](const json& x, std::string path, uint16_t* out) -> std::optional<FieldError> {
      if (!x.is_string()) return error(msg("option.error.expected_version").arg("names", names).arg("found", type_of(x)), path);
      auto ver = version_by_option_name(x.get<std::string>());
      if (!ver) return error(msg("option.error.unknown_version").arg("name", x.get<std::string>()).arg("names", names), path);
      *out = *ver;
      return std::nullopt;
    };
    uint16_t a = 0, b = 0;
    if (v.is_string()) {
      if (auto e = one(v, "", &a)) return e;
      b = a;
    } else if (v.is_array() && v.size() == 2) {
      if (auto e = one(v[0], "[0]", &a)) return e;
      if (auto e = one(v[1], "[1]", &b)) return e;
      if (a > b) return error(msg("option.error.versions_order"));
    } else {
      return error(msg("option.error.expected_versions"));
    }
    o.*lo = a;
    o.*hi = b;
    return std::nullopt;
  };
  r.sample = [lo, hi, sample](O& o) { o.*lo = sample.first, o.*hi = sample.second; };
  return r;
}

// A list of names (suites, groups) stored as values.
template <class T>
OptionRow names_row(std::string key, std::vector<T> O::*m, Widget w, Section s, Sides side, bool suites,
                    std::function<std::optional<T>(const std::string&)> lookup, std::function<std::string(T)> name,
                    std::vector<T> sample) {
  OptionRow r = base_row(std::move(key), {}, {}, w, s);
  r.sides = side;
  r.always_written = true;
  r.to_json = [m, name](const O& o) {
    ojson a = ojson::array();
    for (auto x : o.*m) a.push_back(name(x));
    return a;
  };
  r.from_json = [m, suites, lookup](const json& v, O& o) -> std::optional<FieldError> {
    if (!v.is_array())
      return error((suites ? msg("option.error.expected_suite_list") : msg("option.error.expected_group_list")).arg("found", type_of(v)));
    std::vector<T> out;
    for (size_t i = 0; i < v.size(); ++i) {
      std::string path = "[" + std::to_string(i) + "]";
      if (!v[i].is_string())
        return error((suites ? msg("option.error.expected_suite_name") : msg("option.error.expected_group_name")).arg("found", type_of(v[i])), path);
      auto x = lookup(v[i].get<std::string>());
      if (!x) return error((suites ? msg("option.error.unknown_suite") : msg("option.error.unknown_group")).arg("name", v[i].get<std::string>()), path);
      out.push_back(*x);
    }
    o.*m = out;
    return std::nullopt;
  };
  r.sample = [m, sample](O& o) { o.*m = sample; };
  return r;
}

std::optional<uint16_t> suite_id(const std::string& n) {
  if (auto* s = suite_by_name(n)) return s->id;
  return std::nullopt;
}
std::string suite_text(uint16_t id) { return suite_name(id); }
std::optional<NamedGroup> group_of(const std::string& n) { return group_by_name(n); }
std::string group_text(NamedGroup g) { return name_of(g); }

// Both sides negotiate TLS 1.3 only (what TLS 1.3 samples need).
void only13(O& o) { o.client_min_version = o.client_max_version = o.server_min_version = o.server_max_version = kTls13; }

template <class F>
std::function<void(O&)> with13(F f) {
  return [f](O& o) {
    only13(o);
    f(o);
  };
}

// {"name": "...", "variant": "...", "defenses": {"name": true}}; every member optional, so that
// a defense named without an attack reaches validate_attack() and is reported there.
OptionRow attack_row() {
  OptionRow r = base_row("attack", {"Attack", "Attaque"},
                         {"A scripted attack on the wire, and its defenses (tlslab list attacks).",
                          "Une attaque scriptée sur le réseau, et ses défenses (tlslab list attacks)."},
                         Widget::none, Section::general);
  r.to_json = [](const O& o) {
    ojson j = ojson::object();
    if (!o.attack.empty()) j["name"] = o.attack;
    if (!o.attack_variant.empty()) j["variant"] = o.attack_variant;
    if (!o.defenses.empty()) {
      ojson d = ojson::object();
      for (auto& [n, on] : o.defenses) d[n] = on;
      j["defenses"] = d;
    }
    return j;
  };
  r.from_json = [](const json& v, O& o) -> std::optional<FieldError> {
    if (!v.is_object()) return error(msg("option.error.expected_object").arg("found", type_of(v)));
    O out = o;
    out.attack.clear(), out.attack_variant.clear(), out.defenses.clear();
    for (auto& [k, x] : v.items()) {
      if (k == "name" || k == "variant") {
        if (!x.is_string()) return error(msg("option.error.expected_string").arg("found", type_of(x)), "." + k);
        (k == "name" ? out.attack : out.attack_variant) = x.get<std::string>();
      } else if (k == "defenses") {
        if (!x.is_object()) return error(msg("option.error.expected_object").arg("found", type_of(x)), ".defenses");
        for (auto& [n, on] : x.items()) {
          if (!on.is_boolean()) return error(msg("option.error.expected_bool").arg("found", type_of(on)), ".defenses." + n);
          out.defenses[n] = on.get<bool>();
        }
      } else {
        return error(msg("option.error.unknown_member").arg("name", k).arg("names", "name, variant, defenses"), "." + k);
      }
    }
    if (!out.attack.empty() && !attack_info(out.attack))
      return error(msg("option.error.unknown_attack").arg("name", out.attack), ".name");
    o = std::move(out);
    return std::nullopt;
  };
  r.sample = [](O& o) {
    o.attack = "mitm-forged-cert";
    o.attack_variant = "own-ca";
    o.defenses["certificate-validation"] = false;
  };
  std::vector<std::string> names;
  for (auto& a : attack_table()) names.push_back(a.name);
  attach(r, {"--attack", CliFlag::Kind::value,
             {"run a scripted attack on the wire (tlslab list attacks)", "jouer une attaque scriptée sur le réseau (tlslab list attacks)"},
             names},
         [](O& o, const std::vector<std::string>& v) {
           if (!v.empty()) o.attack = v.front();
         });
  attach(r, {"--attack-variant", CliFlag::Kind::value,
             {"the attack's variant, e.g. the forged certificate: self-signed, own-ca, other-host",
              "la variante de l'attaque, par exemple le certificat forgé : self-signed, own-ca, other-host"}},
         [](O& o, const std::vector<std::string>& v) {
           if (!v.empty()) o.attack_variant = v.front();
         });
  attach(r, {"--defense", CliFlag::Kind::list,
             {"switch this defense of the attack on (repeatable)", "activer cette défense de l'attaque (répétable)"}},
         [](O& o, const std::vector<std::string>& v) {
           for (auto& n : v) o.defenses[n] = true;
         });
  attach(r, {"--no-defense", CliFlag::Kind::list,
             {"switch this defense of the attack off (repeatable)", "désactiver cette défense de l'attaque (répétable)"}},
         [](O& o, const std::vector<std::string>& v) {
           for (auto& n : v) o.defenses[n] = false;
         });
  return r;
}

}  // namespace

std::string number_error(const std::string& s, uint64_t max, uint64_t min, const Message& too_big) {
  bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return msg("option.error.expected_integer").arg("found", excerpt(s)).english();
  auto v = parse_u64(s);  // nullopt: more than 2^64 - 1
  if (!v || *v > max)
    return msg("option.error.number_found")
        .arg("error", too_big.empty() ? msg("option.error.at_most").arg("max", std::to_string(max)) : too_big)
        .arg("found", excerpt(s))
        .english();
  if (*v < min)
    return msg("option.error.number_found")
        .arg("error", msg("option.error.at_least").arg("min", std::to_string(min)))
        .arg("found", excerpt(s))
        .english();
  return "";
}

Message host_name_error(std::string_view h) {
  if (h.empty()) return msg("option.error.empty");
  // The length first, so a huge value is refused without being scanned or quoted.
  if (h.size() > 253) return msg("option.error.host_too_long").arg("n", std::to_string(h.size()));
  auto is_hex_or = [](char c, std::string_view more) { return std::isxdigit((unsigned char)c) || more.find(c) != std::string_view::npos; };
  if (h.find(':') != std::string_view::npos && std::all_of(h.begin(), h.end(), [&](char c) { return is_hex_or(c, ":."); }))
    return msg("option.error.host_ip_literal").arg("host", std::string(h));
  for (size_t i = 0; i < h.size(); ++i) {
    unsigned char c = (unsigned char)h[i];
    if (std::isalnum(c) && c < 0x80) continue;
    if (c == '-' || c == '.') continue;
    char buf[16];
    if (c >= 0x20 && c < 0x7f) std::snprintf(buf, sizeof buf, "'%c'", c);  // ' ' too: readable
    else std::snprintf(buf, sizeof buf, "0x%02X", c);
    return msg("option.error.host_bad_char").arg("char", buf).arg("pos", std::to_string(i + 1));
  }
  std::string_view last;
  for (size_t at = 0, n = 1;; ++n) {
    size_t dot = h.find('.', at);
    std::string_view label = h.substr(at, dot == std::string_view::npos ? std::string_view::npos : dot - at);
    if (label.empty()) return msg("option.error.host_empty_label");
    if (label.size() > 63)
      return msg("option.error.host_label_too_long").arg("n", std::to_string(n)).arg("length", std::to_string(label.size()));
    if (label.front() == '-' || label.back() == '-') return msg("option.error.host_hyphen").arg("label", std::string(label));
    last = label;
    if (dot == std::string_view::npos) break;
    at = dot + 1;
  }
  // RFC 1123 2.1: a host name's last label is not all digits, so 192.0.2.1 is an address.
  if (std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return msg("option.error.host_ip_literal").arg("host", std::string(h));
  return {};
}

namespace {

std::vector<OptionRow> build_table() {
  std::vector<OptionRow> rows;
  const Section G = Section::general, H = Section::handshake, T = Section::tls13, C = Section::certificate;

  // File metadata: no flag, no widget (the GUI shows them as the scenario's name and tooltip).
  rows.push_back(text_row("name", &O::name, {"Name", "Nom"}, {}, G, "x", false));
  rows.back().widget = Widget::none;
  rows.push_back(text_row("description", &O::description, {"Description", "Description"}, {}, G, "a test", false));
  rows.back().widget = Widget::none;
  // Older files have only the English one; a front end in French falls back to it.
  rows.push_back(text_row("description_fr", &O::description_fr, {"Description in French", "Description en français"}, {}, G, "un essai", false));
  rows.back().widget = Widget::none;

  rows.push_back(number_row("seed", &O::seed, {"Seed", "Graine"},
                            {"Seed of the deterministic random generator: the same seed gives the same bytes.",
                             "Graine du générateur aléatoire déterministe : la même graine donne les mêmes octets."},
                            G, 77));
  rows.back().always_written = true;
  value_flag(rows.back(), "--seed",
             {"seed of the deterministic random generator (connect and serve use the operating system's generator unless it is given)",
              "graine du générateur aléatoire déterministe (connect et serve utilisent le générateur du système sauf si elle est donnée)"},
             {},
             number_check(UINT64_MAX), true);
  rows.back().flags.back().default_text = "1";

  rows.push_back(text_row("host", &O::host, {"Host name (SNI)", "Nom d'hôte (SNI)"},
                          {"The server's name: SNI, the certificate's subject, the HTTP Host.",
                           "Le nom du serveur : SNI, sujet du certificat, en-tête HTTP Host."},
                          G, "lab.example", true, host_name_error));
  rows.back().always_written = true;
  value_flag(rows.back(), "--host", {"server name (SNI, certificate, HTTP Host)", "nom du serveur (SNI, certificat, en-tête HTTP Host)"},
             {}, [](const std::string& s) { return host_name_error(s).english(); });

  rows.push_back(versions_row("client_versions", &O::client_min_version, &O::client_max_version, {"Client", "Client"},
                              Sides::client, {kSsl3, kTls11}));
  {
    // --version, --min-version and --max-version set both sides: a range from tls1.0..tls1.2
    // with the ends given.
    OptionRow& r = rows.back();
    const std::vector<std::string> names = {"ssl3", "tls1.0", "tls1.1", "tls1.2", "tls1.3"};
    r.flags = {
        {"--version", CliFlag::Kind::value,
         {"protocol version for both sides: ssl3, tls1.0, tls1.1, tls1.2, tls1.3",
          "version du protocole des deux côtés : ssl3, tls1.0, tls1.1, tls1.2, tls1.3"},
         names},
        {"--min-version", CliFlag::Kind::value,
         {"lowest version offered/accepted (default tls1.0)", "version la plus basse proposée/acceptée (par défaut tls1.0)"},
         names},
        {"--max-version", CliFlag::Kind::value,
         {"highest version offered/accepted (default tls1.2)", "version la plus haute proposée/acceptée (par défaut tls1.2)"},
         names},
    };
    // `given` is in flag order, so --min-version and --max-version override --version's ends.
    r.apply_cli = [](O& o, const CliGiven& given) {
      if (given.empty()) return;
      uint16_t lo = kTls10, hi = kTls12;
      for (auto& [name, v] : given) {
        if (v.empty()) continue;
        auto ver = version_by_option_name(v.front());
        if (!ver) continue;
        if (name == "--version") lo = hi = *ver;
        else if (name == "--min-version") lo = *ver;
        else if (name == "--max-version") hi = *ver;
      }
      if (lo > hi) std::swap(lo, hi);
      o.client_min_version = o.server_min_version = lo;
      o.client_max_version = o.server_max_version = hi;
    };
  }
  rows.push_back(versions_row("server_versions", &O::server_min_version, &O::server_max_version, {"Server", "Serveur"},
                              Sides::server, {kTls11, kTls13}));

  rows.push_back(names_row<uint16_t>("client_suites", &O::client_suites, Widget::suite_list, Section::suites, Sides::client,
                                     true, suite_id, suite_text,
                                     {suite_by_name("TLS_RSA_WITH_AES_128_CBC_SHA")->id}));
  rows.back().label = {"Cipher suites", "Suites cryptographiques"};
  rows.back().help = {"Ticked: offered by the client / accepted by the server.",
                      "Coché : proposée par le client / acceptée par le serveur."};
  rows.back().per_side = true;
  attach(rows.back(),
         {"--suite", CliFlag::Kind::list,
          {"cipher suite to use (repeatable); default: those valid in the version range, without export, RC4, DES and "
           "IDEA unless the range is SSL 3.0 only",
           "suite cryptographique à utiliser (répétable) ; par défaut : celles valables pour les versions, sans export, "
           "RC4, DES ni IDEA sauf en SSL 3.0 seul"},
          {},
          suite_check},
         [](O& o, const std::vector<std::string>& v) {
           o.client_suites.clear();
           for (auto& n : v) o.client_suites.push_back(suite_by_name(n)->id);
           o.server_suites = o.client_suites;
         });
  rows.push_back(names_row<uint16_t>("server_suites", &O::server_suites, Widget::none, Section::suites, Sides::server,
                                     true, suite_id, suite_text,
                                     {suite_by_name("TLS_RSA_WITH_AES_256_CBC_SHA")->id}));
  rows.back().per_side = true;
  rows.push_back(names_row<NamedGroup>("client_groups", &O::client_groups, Widget::group_list, Section::groups,
                                       Sides::client, false, group_of, group_text, {NamedGroup::secp256r1}));
  rows.back().label = {"Key exchange groups", "Groupes d'échange de clés"};
  rows.back().per_side = true;
  attach(rows.back(),
         {"--group", CliFlag::Kind::list,
          {"key exchange group: x25519, secp256r1, ffdhe2048 (repeatable)",
           "groupe d'échange de clés : x25519, secp256r1, ffdhe2048 (répétable)"},
          {},
          group_check},
         [](O& o, const std::vector<std::string>& v) {
           o.client_groups.clear();
           for (auto& n : v) o.client_groups.push_back(*group_by_name(n));
           o.server_groups = o.client_groups;
         });
  rows.push_back(names_row<NamedGroup>("server_groups", &O::server_groups, Widget::none, Section::groups, Sides::server,
                                       false, group_of, group_text, {NamedGroup::ffdhe2048}));
  rows.back().per_side = true;

  rows.push_back(bool_row("extended_master_secret", &O::extended_master_secret,
                          {"Extended master secret (RFC 7627)", "Extended master secret (RFC 7627)"},
                          {"The master secret also covers the handshake transcript (RFC 7627), against the triple handshake attack.",
                           "Le master secret couvre aussi la transcription de la poignée de main (RFC 7627), contre l'attaque triple handshake."},
                          H));
  rows.back().always_written = true;
  rows.back().min_version = kTls10;
  rows.back().max_version = kTls12;
  flag(rows.back(), "--no-ems", {"do not use the extended master secret (RFC 7627)", "ne pas utiliser l'extended master secret (RFC 7627)"}, false);

  rows.push_back(bool_row("deflate", &O::deflate, {"DEFLATE compression", "Compression DEFLATE"},
                          {"Both sides offer/accept DEFLATE record compression (RFC 3749); TLS 1.3 has no compression.",
                           "Les deux côtés proposent/acceptent la compression DEFLATE des enregistrements (RFC 3749) ; TLS 1.3 n'a pas de compression."},
                          H));
  rows.back().always_written = true;
  rows.back().max_version = kTls12;
  flag(rows.back(), "--deflate", {"offer/accept DEFLATE record compression (RFC 3749)", "proposer/accepter la compression DEFLATE des enregistrements (RFC 3749)"});

  rows.push_back(bool_row("one_message_per_record", &O::one_message_per_record, {"One message per record", "Un message par enregistrement"},
                          {"The server writes each handshake message in a record of its own, instead of packing its flight into as few records as fit (ServerHello, Certificate, ServerHelloDone in one record, as many servers send them). The client always writes one message per record.",
                           "Le serveur écrit chaque message de la poignée de main dans son propre enregistrement, au lieu de regrouper son vol dans le moins d'enregistrements possible (ServerHello, Certificate, ServerHelloDone dans un seul, comme beaucoup de serveurs). Le client écrit toujours un message par enregistrement."},
                          H));
  rows.back().max_version = kTls12;
  rows.back().sides = Sides::server;
  flag(rows.back(), "--one-message-per-record",
       {"the server writes each handshake message in a record of its own (default: its flight packed into as few records as fit)",
        "le serveur écrit chaque message de la poignée de main dans son propre enregistrement (par défaut : son vol regroupé dans le moins d'enregistrements possible)"});

  rows.push_back(number_row("max_record_size", &O::max_record_size, {"Largest record", "Plus grand enregistrement"},
                            {"The most plaintext bytes either side puts in one record (RFC 5246 6.2.1 allows 2^14 = 16384): a smaller value fragments large messages and pages over several records.",
                             "Le plus d'octets de clair que chaque côté met dans un enregistrement (RFC 5246 6.2.1 permet 2^14 = 16384) : une valeur plus petite fragmente les gros messages et pages sur plusieurs enregistrements."},
                            H, 512, 16384, msg("option.error.at_most").arg("max", "16384")));
  {
    auto from = rows.back().from_json;
    rows.back().from_json = [from](const json& v, O& o) -> std::optional<FieldError> {
      if (auto e = from(v, o)) return e;
      if (o.max_record_size < 64) return FieldError{"", msg("option.error.at_least").arg("min", "64")};
      return std::nullopt;
    };
  }
  value_flag(rows.back(), "--max-record-size",
             {"the most plaintext bytes in one record, 64 to 16384 (default 16384 = 2^14)",
              "le plus d'octets de clair par enregistrement, de 64 à 16384 (par défaut 16384 = 2^14)"},
             {},
             number_check(16384, 64), true);

  rows.push_back(number_row("max_fragment_length", &O::max_fragment_length, {"max_fragment_length", "max_fragment_length"},
                            {"The client asks for records of at most this many plaintext bytes (RFC 6066 4: 512, 1024, 2048 or 4096), as a constrained device does; the server agrees and both keep to it.",
                             "Le client demande des enregistrements d'au plus ce nombre d'octets de clair (RFC 6066 4 : 512, 1024, 2048 ou 4096), comme un équipement contraint ; le serveur accepte et les deux s'y tiennent."},
                            H, 512, 4096, msg("option.error.mfl_values")));
  {
    auto from = rows.back().from_json;
    rows.back().from_json = [from](const json& v, O& o) -> std::optional<FieldError> {
      if (auto e = from(v, o)) return e;
      size_t n = o.max_fragment_length;
      if (n != 0 && n != 512 && n != 1024 && n != 2048 && n != 4096) return FieldError{"", msg("option.error.mfl_values")};
      return std::nullopt;
    };
  }
  rows.back().min_version = kTls10;
  rows.back().max_version = kTls12;
  value_flag(rows.back(), "--max-fragment-length",
             {"the client asks for records of at most 512, 1024, 2048 or 4096 bytes (RFC 6066)",
              "le client demande des enregistrements d'au plus 512, 1024, 2048 ou 4096 octets (RFC 6066)"},
             {"512", "1024", "2048", "4096"}, {}, true);

  rows.push_back(number_row("http_response_size", &O::http_response_size, {"Page size", "Taille de la page"},
                            {"The size in bytes of the server's HTTP response (0: its small page): a realistic page (say 40960) spans several records.",
                             "La taille en octets de la réponse HTTP du serveur (0 : sa petite page) : une page réaliste (par exemple 40960) s'étend sur plusieurs enregistrements."},
                            H, 40960, 1 << 20, msg("option.error.at_most").arg("max", "1048576")));
  rows.back().sides = Sides::server;
  value_flag(rows.back(), "--response-size",
             {"the server's HTTP response is this many bytes (up to 1048576; 0: its small page)",
              "la réponse HTTP du serveur fait ce nombre d'octets (jusqu'à 1048576 ; 0 : sa petite page)"},
             {}, number_check(1 << 20), true);

  rows.push_back(bool_row("server_session_tickets", &O::server_session_tickets, {"Server issues tickets", "Le serveur délivre des tickets"},
                          {"SSL 3.0 to TLS 1.2: the server answers a client's SessionTicket extension with a ticket (RFC 5077). Off: it ignores the extension, as servers without ticket support do.",
                           "SSL 3.0 à TLS 1.2 : le serveur répond à l'extension SessionTicket d'un client par un ticket (RFC 5077). Désactivé : il ignore l'extension, comme les serveurs sans tickets."},
                          H));
  rows.back().sides = Sides::server;
  rows.back().min_version = kTls10;
  rows.back().max_version = kTls12;
  flag(rows.back(), "--no-server-tickets",
       {"the server ignores the SessionTicket extension (RFC 5077)", "le serveur ignore l'extension SessionTicket (RFC 5077)"}, false);

  rows.push_back(bool_row("server_session_cache", &O::server_session_cache, {"Server session cache", "Cache de sessions du serveur"},
                          {"SSL 3.0 to TLS 1.2: the server keeps each session under its ID so a client can resume it. Off: every session ID offered is a cache miss, and a full handshake follows.",
                           "SSL 3.0 à TLS 1.2 : le serveur garde chaque session sous son identifiant pour qu'un client la reprenne. Désactivé : chaque identifiant proposé est un échec du cache, et une poignée de main complète suit."},
                          H));
  rows.back().sides = Sides::server;
  rows.back().max_version = kTls12;
  flag(rows.back(), "--no-session-cache",
       {"the server keeps no session cache: a session ID offered is a miss (full handshake)",
        "le serveur ne garde pas de cache de sessions : un identifiant proposé est un échec (poignée de main complète)"}, false);

  rows.push_back(bool_row("client_certificate", &O::client_certificate, {"Client certificate", "Certificat client"},
                          {"The server asks for a client certificate and the client has one.",
                           "Le serveur demande un certificat client et le client en a un."},
                          H));
  rows.back().always_written = true;
  flag(rows.back(), "--client-cert", {"the server asks for a client certificate and the client has one",
                                      "le serveur demande un certificat client et le client en a un"});

  rows.push_back(bool_row("request_client_certificate", &O::request_client_certificate,
                          {"Server asks for a client certificate", "Le serveur demande un certificat client"},
                          {"The server sends CertificateRequest; the client has no certificate unless \"Client certificate\" is ticked.",
                           "Le serveur envoie CertificateRequest ; le client n'a de certificat que si « Certificat client » est coché."},
                          H));
  rows.back().always_written = true;
  rows.back().sides = Sides::server;
  flag(rows.back(), "--request-client-cert",
       {"the server asks for a client certificate (the client has none unless --client-cert)",
        "le serveur demande un certificat client (le client n'en a pas sans --client-cert)"});

  rows.push_back(bool_row("secure_renegotiation", &O::secure_renegotiation,
                          {"Secure renegotiation (RFC 5746)", "Renégociation sécurisée (RFC 5746)"},
                          {"renegotiation_info and the SCSV bind a renegotiation to the connection it renegotiates (RFC 5746).",
                           "renegotiation_info et la SCSV lient une renégociation à la connexion qu'elle renégocie (RFC 5746)."},
                          H));
  rows.back().always_written = true;
  rows.back().max_version = kTls12;
  flag(rows.back(), "--no-secure-renegotiation", {"do not use RFC 5746 (renegotiation_info / SCSV)", "ne pas utiliser la RFC 5746 (renegotiation_info / SCSV)"}, false);

  rows.push_back(enum_row("renegotiation", &O::renegotiation, {"Renegotiation", "Renégociation"},
                          {"Once the first handshake completes, one side starts a second one on the protected connection.",
                           "Une fois la première poignée de main terminée, un côté en lance une seconde sur la connexion protégée."},
                          H,
                          {{"none", {"none", "aucune"}},
                           {"client", {"started by the client", "lancée par le client"}},
                           {"server", {"asked by the server (HelloRequest)", "demandée par le serveur (HelloRequest)"}}},
                          O::Renegotiation::server, false));
  rows.back().always_written = true;
  rows.back().max_version = kTls12;
  flag(rows.back(), "--renegotiate", {"the client renegotiates once the first handshake completes", "le client renégocie une fois la première poignée de main terminée"}, "client");
  flag(rows.back(), "--server-renegotiate", {"the server sends HelloRequest once the first handshake completes", "le serveur envoie HelloRequest une fois la première poignée de main terminée"}, "server");

  rows.push_back(bool_row("allow_legacy_renegotiation", &O::allow_legacy_renegotiation,
                          {"Allow renegotiation without RFC 5746", "Autoriser la renégociation sans RFC 5746"},
                          {"Accept a renegotiation that is not bound to the connection (insecure: the renegotiation attack).",
                           "Accepter une renégociation non liée à la connexion (non sûr : l'attaque par renégociation)."},
                          H));
  rows.back().always_written = true;
  rows.back().max_version = kTls12;
  flag(rows.back(), "--legacy-renegotiation", {"allow renegotiation without RFC 5746 (insecure)", "autoriser la renégociation sans RFC 5746 (non sûr)"});

  rows.push_back(bool_row("server_secure_renegotiation", &O::server_secure_renegotiation,
                          {"Server implements RFC 5746", "Le serveur applique la RFC 5746"},
                          {"Off: the server ignores renegotiation_info and the SCSV, as servers did before 2009 (with secure renegotiation on, the client still uses them).",
                           "Décoché : le serveur ignore renegotiation_info et la SCSV, comme avant 2009 (avec la renégociation sécurisée, le client les utilise toujours)."},
                          H));
  rows.back().max_version = kTls12;
  rows.back().sides = Sides::server;
  flag(rows.back(), "--server-no-secure-renegotiation", {"the server ignores RFC 5746 (a server as before 2009)", "le serveur ignore la RFC 5746 (un serveur d'avant 2009)"}, false);

  rows.push_back(bool_row("require_secure_renegotiation", &O::require_secure_renegotiation,
                          {"Client requires RFC 5746", "Le client exige la RFC 5746"},
                          {"The client refuses a server whose ServerHello has no renegotiation_info (handshake_failure, RFC 5746 4.1).",
                           "Le client refuse un serveur dont le ServerHello n'a pas de renegotiation_info (handshake_failure, RFC 5746 4.1)."},
                          H));
  rows.back().max_version = kTls12;
  rows.back().sides = Sides::client;
  flag(rows.back(), "--require-secure-renegotiation", {"the client refuses a server without RFC 5746", "le client refuse un serveur sans RFC 5746"});

  rows.push_back(text_row("http_cookie", &O::http_cookie, {"Client cookie", "Cookie du client"},
                          {"Sent in the client's HTTP request as a Cookie header (a logged-in session).",
                           "Envoyé dans la requête HTTP du client comme en-tête Cookie (une session ouverte)."},
                          H, "session=1", false, [](const std::string& v) {
                            return v.find_first_of("\r\n") == std::string::npos ? Message{} : msg("option.error.cookie_line_break");
                          }));
  rows.back().sides = Sides::client;
  value_flag(rows.back(), "--cookie", {"the client's Cookie header value", "la valeur de l'en-tête Cookie du client"});

  rows.push_back(bool_row("http_first", &O::http_first, {"Browser visit over http://", "Visite du navigateur en http://"},
                          {"The client is a browser given an http:// address: it asks over plain HTTP (port 80), follows "
                           "the server's redirect to https, then posts the page's login form over TLS.",
                           "Le client est un navigateur à qui l'on donne une adresse http:// : il demande la page en HTTP "
                           "simple (port 80), suit la redirection du serveur vers https, puis envoie le formulaire de "
                           "connexion de la page sur TLS."},
                          H));
  rows.back().sides = Sides::client;
  flag(rows.back(), "--http-first",
       {"the client is a browser given an http:// address: plain HTTP first, then the redirect to https and a login",
        "le client est un navigateur à qui l'on donne une adresse http:// : HTTP simple d'abord, puis la redirection "
        "vers https et une connexion au compte"});

  rows.push_back(bool_row("hsts", &O::hsts, {"HSTS: the browser knows the host", "HSTS : le navigateur connaît l'hôte"},
                          {"The browser has the host in its HSTS list (an earlier visit's Strict-Transport-Security "
                           "header, RFC 6797): it goes to https at once and never speaks plain HTTP to it.",
                           "Le navigateur a l'hôte dans sa liste HSTS (l'en-tête Strict-Transport-Security d'une visite "
                           "précédente, RFC 6797) : il va tout de suite en https et ne lui parle jamais en HTTP simple."},
                          H));
  rows.back().sides = Sides::client;
  rows.back().needs = "http_first";
  rows.back().needs_text = {"HSTS changes what a browser does with an http:// address: it needs {http_first}",
                            "HSTS change ce que fait un navigateur d'une adresse http:// : il nécessite {http_first}"};
  rows.back().sample = [](O& o) {
    o.http_first = true;
    o.hsts = true;
  };
  flag(rows.back(), "--hsts",
       {"the browser has the host in its HSTS list (RFC 6797): it goes to https at once",
        "le navigateur a l'hôte dans sa liste HSTS (RFC 6797) : il va tout de suite en https"});

  rows.push_back(number_row("pki_seed", &O::pki_seed, {"PKI seed", "Graine de la PKI"},
                            {"Seed of the demo PKI: the CA's and the server's keys and certificates. Another seed gives other keys (generated once per seed).",
                             "Graine de la PKI de démonstration : les clés et certificats de l'AC et du serveur. Une autre graine donne d'autres clés (générées une fois par graine)."},
                            C, 7));
  rows.back().always_written = true;

  // TLS 1.3 (written only away from their defaults: older files stay as they were).
  rows.push_back(names_row<NamedGroup>("client_key_shares", &O::client_key_shares, Widget::none, Section::groups,
                                       Sides::client, false, group_of, group_text, {NamedGroup::secp256r1}));
  rows.back().label = {"key_share", "key_share"};
  rows.back().help = {"Groups the client sends a key_share for in its first ClientHello (none ticked: its first group). If the server picks a group without one, it answers HelloRetryRequest.",
                      "Groupes pour lesquels le client envoie une part de clé (key_share) dans son premier ClientHello (aucun coché : son premier groupe). Si le serveur choisit un groupe sans part de clé, il répond HelloRetryRequest."};
  rows.back().always_written = false;
  rows.back().min_version = kTls13;
  rows.back().sample = with13([](O& o) { o.client_key_shares = {NamedGroup::x25519, NamedGroup::secp256r1}; });
  attach(rows.back(),
         {"--key-share", CliFlag::Kind::list,
          {"TLS 1.3: group the client sends a key_share for in its first ClientHello (repeatable; default the first "
           "--group); a group the server does not take forces a HelloRetryRequest",
           "TLS 1.3 : groupe pour lequel le client envoie une part de clé dans son premier ClientHello (répétable ; par "
           "défaut le premier --group) ; un groupe que le serveur ne prend pas force un HelloRetryRequest"},
          {"x25519", "secp256r1", "ffdhe2048"}},
         [](O& o, const std::vector<std::string>& v) {
           o.client_key_shares.clear();
           for (auto& n : v) o.client_key_shares.push_back(*group_by_name(n));
         });

  rows.push_back(bool_row("middlebox_compat", &O::middlebox_compat, {"Middlebox compatibility", "Compatibilité middlebox"},
                          {"RFC 8446 D.4: a legacy session_id and fake ChangeCipherSpec records, so TLS 1.3 looks like a TLS 1.2 resumption to old middleboxes.",
                           "RFC 8446 D.4 : un session_id hérité et de faux enregistrements ChangeCipherSpec, pour que TLS 1.3 ressemble à une reprise TLS 1.2 aux yeux des vieux équipements intermédiaires."},
                          T));
  rows.back().min_version = kTls13;
  rows.back().sample = with13([](O& o) { o.middlebox_compat = false; });
  flag(rows.back(), "--no-middlebox-compat",
       {"TLS 1.3: no legacy_session_id and no dummy ChangeCipherSpec (RFC 8446 D.4)",
        "TLS 1.3 : ni legacy_session_id ni faux ChangeCipherSpec (RFC 8446 D.4)"},
       false);

  rows.push_back(enum_row("resumption", &O::resumption, {"Resumption", "Reprise"},
                          {"A second connection resumes the first: TLS 1.3 with its ticket (NewSessionTicket) in a PSK mode; SSL 3.0 to TLS 1.2 by session ID (the server's cache) or with a session ticket (RFC 5077), in an abbreviated handshake.",
                           "Une seconde connexion reprend la première : en TLS 1.3 avec son ticket (NewSessionTicket) dans un mode PSK ; de SSL 3.0 à TLS 1.2 par identifiant de session (le cache du serveur) ou avec un ticket de session (RFC 5077), en poignée de main abrégée."},
                          T,
                          {{"none", {"none (one connection)", "aucune (une connexion)"}},
                           {"psk_dhe_ke", {"psk_dhe_ke (PSK + (EC)DHE)", "psk_dhe_ke (PSK + (EC)DHE)"}},
                           {"psk_ke", {"psk_ke (PSK only)", "psk_ke (PSK seule)"}},
                           {"session_id", {"session ID (SSL 3.0 to TLS 1.2)", "identifiant de session (SSL 3.0 à TLS 1.2)"}},
                           {"ticket", {"session ticket (TLS 1.0 to 1.2, RFC 5077)", "ticket de session (TLS 1.0 à 1.2, RFC 5077)"}}},
                          O::Resumption::psk_ke, true));
  rows.back().versions_of = [](const O& o) {
    switch (o.resumption) {
      case O::Resumption::session_id: return std::pair{kSsl3, kTls12};
      case O::Resumption::ticket: return std::pair{kTls10, kTls12};
      case O::Resumption::none: return std::pair{kSsl3, kTls13};
      default: return std::pair{kTls13, kTls13};
    }
  };
  rows.back().sample = with13([](O& o) { o.resumption = O::Resumption::psk_ke; });
  value_flag(rows.back(), "--resume",
             {"a second connection resumes the first: psk_dhe_ke or psk_ke (TLS 1.3 ticket), session_id or ticket (SSL 3.0 to TLS 1.2)",
              "une seconde connexion reprend la première : psk_dhe_ke ou psk_ke (ticket TLS 1.3), session_id ou ticket (SSL 3.0 à TLS 1.2)"},
             {"psk_dhe_ke", "psk_ke", "session_id", "ticket"});

  rows.push_back(enum_row("early_data", &O::early_data, {"0-RTT", "0-RTT"},
                          {"On the resumed connection the client sends its request with its first flight: 0-RTT data (replayable), keyed by the PSK alone.",
                           "Sur la connexion reprise, le client envoie sa requête dès son premier vol : données 0-RTT (rejouables), chiffrées avec des clés issues de la seule PSK."},
                          T,
                          {{"none", {"no early data", "pas de données 0-RTT"}},
                           {"accepted", {"accepted by the server", "acceptées par le serveur"}},
                           {"rejected", {"rejected by the server", "refusées par le serveur"}}},
                          O::EarlyData::accepted, true));
  rows.back().min_version = kTls13;
  rows.back().needs = "resumption";
  rows.back().needs_text = {"0-RTT needs {resumption} (a ticket from a first connection)",
                            "le 0-RTT nécessite {resumption} (un ticket d'une première connexion)"};
  rows.back().sample = with13([](O& o) {
    o.resumption = O::Resumption::psk_dhe_ke;
    o.early_data = O::EarlyData::rejected;
  });
  value_flag(rows.back(), "--early-data",
             {"TLS 1.3: the resumed connection sends its request as 0-RTT data, which the server has accepted or rejected (needs --resume)",
              "TLS 1.3 : la connexion reprise envoie sa requête en données 0-RTT, que le serveur accepte ou refuse (nécessite --resume)"},
             {"accepted", "rejected"});

  rows.push_back(enum_row("key_update", &O::key_update, {"KeyUpdate", "KeyUpdate"},
                          {"After the handshake, one side moves to the next application traffic secret (generation N+1).",
                           "Après la poignée de main, une partie passe au secret de trafic applicatif suivant (génération N+1)."},
                          T,
                          {{"none", {"none", "aucun"}},
                           {"client", {"sent by the client", "envoyé par le client"}},
                           {"server", {"sent by the server", "envoyé par le serveur"}}},
                          O::KeyUpdate::server, true));
  rows.back().min_version = kTls13;
  rows.back().sample = with13([](O& o) { o.key_update = O::KeyUpdate::server; });
  value_flag(rows.back(), "--key-update",
             {"TLS 1.3: this side sends a KeyUpdate after the handshake", "TLS 1.3 : ce côté envoie un KeyUpdate après la poignée de main"},
             {"client", "server"});

  rows.push_back(bool_row("key_update_request", &O::key_update_request, {"update_requested", "update_requested"},
                          {"The KeyUpdate asks the peer to update its own keys too.",
                           "Le KeyUpdate demande au pair de mettre à jour ses propres clés aussi."},
                          T));
  rows.back().min_version = kTls13;
  rows.back().needs = "key_update";
  rows.back().needs_text = {"update_requested is a field of the KeyUpdate: it needs {key_update}",
                            "update_requested est un champ du KeyUpdate : il nécessite {key_update}"};
  rows.back().sample = with13([](O& o) {
    o.key_update = O::KeyUpdate::client;
    o.key_update_request = true;
  });
  flag(rows.back(), "--key-update-request",
       {"TLS 1.3: the KeyUpdate sets update_requested, so the peer updates too",
        "TLS 1.3 : le KeyUpdate active update_requested, le pair met donc aussi ses clés à jour"});

  rows.push_back(number_row("record_padding", &O::record_padding, {"Padding", "Bourrage"},
                            {"Zero bytes added inside each encrypted TLS 1.3 record: hides the real length.",
                             "Octets nuls ajoutés dans chaque enregistrement TLS 1.3 chiffré : masque la vraie longueur."},
                            T, 16, 255, msg("option.error.padding_at_most").arg("max", "255")));
  rows.back().min_version = kTls13;
  rows.back().sample = with13([](O& o) { o.record_padding = 16; });
  value_flag(rows.back(), "--record-padding",
             {"TLS 1.3: zero bytes of padding added to each protected record",
              "TLS 1.3 : octets nuls de bourrage ajoutés à chaque enregistrement protégé"},
             {}, number_check(255), true);

  // Certificates (written only away from their defaults).
  rows.push_back(text_row("certificate_profile", &O::certificate_profile, {"Server certificate", "Certificat"},
                          {"The server's chain from a profile of the simulated PKI (tlslab pki profiles), or the demo chain.",
                           "La chaîne du serveur, tirée d'un profil de la PKI simulée (tlslab pki profiles), ou la chaîne de démonstration."},
                          C, "expired", false, [](const std::string& v) -> Message {
                            if (v.empty() || pki::profile_by_name(v)) return {};
                            return msg("option.error.unknown_profile").arg("name", v);
                          }));
  {
    OptionRow& r = rows.back();
    r.widget = Widget::combo;
    r.choices.push_back({"", {"(demo chain)", "(chaîne de démonstration)"}, {}});
    for (auto& p : pki::certificate_profiles())
      r.choices.push_back({p.name, {p.name, p.name}, {p.description.render(Lang::en), p.description.render(Lang::fr)}});
    value_flag(r, "--cert-profile",
               {"server certificate from this profile of the simulated PKI (tlslab pki profiles)",
                "certificat du serveur tiré de ce profil de la PKI simulée (tlslab pki profiles)"},
               {}, [](const std::string& v) -> std::string {
                 return pki::profile_by_name(v) ? "" : "unknown certificate profile '" + v + "' (see: tlslab pki profiles)";
               });
  }

  rows.push_back(enum_row("server_key_type", &O::server_key_type, {"Server key", "Clé du serveur"},
                          {"The key type of the server's certificate, and so the scheme of its CertificateVerify signature (RFC 8446 4.4.3). ECDSA and Ed25519 need TLS 1.3 here (in TLS 1.2 the ECDHE_ECDSA suites bring their own ECDSA certificate).",
                           "Le type de clé du certificat du serveur, donc l'algorithme de sa signature CertificateVerify (RFC 8446 4.4.3). ECDSA et Ed25519 demandent TLS 1.3 ici (en TLS 1.2, les suites ECDHE_ECDSA apportent leur propre certificat ECDSA)."},
                          T,
                          {{"rsa", {"RSA (rsa_pss_rsae_sha256)", "RSA (rsa_pss_rsae_sha256)"}},
                           {"ecdsa", {"ECDSA P-256 (ecdsa_secp256r1_sha256)", "ECDSA P-256 (ecdsa_secp256r1_sha256)"}},
                           {"ed25519", {"Ed25519 (ed25519)", "Ed25519 (ed25519)"}}},
                          crypto::KeyType::ed25519, false));
  rows.back().min_version = kTls13;
  rows.back().version_note = {"in TLS 1.2 the cipher suite picks the key: ECDHE_ECDSA suites use an ECDSA certificate",
                              "en TLS 1.2, la suite choisit la clé : les suites ECDHE_ECDSA utilisent un certificat ECDSA"};
  rows.back().sides = Sides::server;
  rows.back().sample = with13([](O& o) { o.server_key_type = crypto::KeyType::ecdsa_p256; });
  value_flag(rows.back(), "--key-type",
             {"server certificate key: rsa (default), ecdsa (P-256) or ed25519; TLS 1.3 only for the last two "
              "(CertificateVerify with rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256 or ed25519)",
              "clé du certificat du serveur : rsa (par défaut), ecdsa (P-256) ou ed25519 ; TLS 1.3 seulement pour les deux "
              "dernières (CertificateVerify en rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256 ou ed25519)"},
             {"rsa", "ecdsa", "ed25519"});

  rows.push_back(bool_row("verify_certificate", &O::verify_certificate,
                          {"Client validates the certificate", "Le client valide le certificat"},
                          {"The client checks the server's chain against the simulated root and clock.",
                           "Le client vérifie la chaîne du serveur avec la racine et l'horloge simulées."},
                          H));
  rows.back().sides = Sides::client;
  flag(rows.back(), "--no-verify", {"the client does not validate the server's certificate (the trace says so)",
                                    "le client ne valide pas le certificat du serveur (la trace le dit)"},
       false);

  rows.push_back(bool_row("revocation_hard_fail", &O::revocation_hard_fail,
                          {"Fail without a revocation answer", "Échouer sans réponse de révocation"},
                          {"No CRL or OCSP answer: the client fails instead of going on (soft-fail).",
                           "Sans réponse CRL ni OCSP, le client échoue au lieu de continuer (soft-fail)."},
                          H));
  rows.back().sides = Sides::client;
  flag(rows.back(), "--revocation-hard-fail", {"fail when no CRL/OCSP answer is available (default: soft-fail)",
                                               "échouer quand aucune réponse CRL/OCSP n'est disponible (par défaut : continuer)"});

  rows.push_back(bool_row("ocsp_stapling", &O::ocsp_stapling, {"OCSP stapling (status_request)", "Agrafage OCSP (status_request)"},
                          {"The client offers status_request; the server staples an OCSP answer for its certificate.",
                           "Le client propose status_request ; le serveur agrafe une réponse OCSP pour son certificat."},
                          H));
  flag(rows.back(), "--ocsp-stapling", {"the client asks for OCSP stapling (status_request), the server staples",
                                        "le client demande l'agrafage OCSP (status_request), le serveur agrafe"});

  rows.push_back(bool_row("fallback_scsv", &O::fallback_scsv,
                          {"Client sends TLS_FALLBACK_SCSV (RFC 7507)", "Le client envoie TLS_FALLBACK_SCSV (RFC 7507)"},
                          {"The ClientHello is a fallback retry below the client's real highest version: its cipher_suites end with "
                           "TLS_FALLBACK_SCSV, so a server that supports more refuses it (inappropriate_fallback).",
                           "Le ClientHello est une nouvelle tentative sous la vraie version maximale du client : ses cipher_suites se "
                           "terminent par TLS_FALLBACK_SCSV, et un serveur qui connaît mieux le refuse (inappropriate_fallback)."},
                          H));
  rows.back().max_version = kTls12;
  rows.back().version_note = {"a client offering TLS 1.3 is at its highest version", "un client qui propose TLS 1.3 est à sa version maximale"};
  rows.back().sides = Sides::client;
  flag(rows.back(), "--fallback-scsv",
       {"the client sends TLS_FALLBACK_SCSV: this ClientHello is a fallback below its highest version (RFC 7507)",
        "le client envoie TLS_FALLBACK_SCSV : ce ClientHello est un repli sous sa version maximale (RFC 7507)"});

  rows.push_back(bool_row("server_checks_fallback_scsv", &O::server_checks_fallback_scsv,
                          {"Server checks TLS_FALLBACK_SCSV", "Le serveur vérifie TLS_FALLBACK_SCSV"},
                          {"A ClientHello with TLS_FALLBACK_SCSV below the server's highest version is refused with "
                           "inappropriate_fallback (RFC 7507 3). Off: the server lets the downgrade through.",
                           "Un ClientHello avec TLS_FALLBACK_SCSV sous la version maximale du serveur est refusé par "
                           "inappropriate_fallback (RFC 7507 3). Décoché : le serveur laisse passer la rétrogradation."},
                          H));
  rows.back().max_version = kTls12;
  rows.back().version_note = {"only a ClientHello below TLS 1.3 can be a fallback", "seul un ClientHello sous TLS 1.3 peut être un repli"};
  rows.back().sides = Sides::server;
  flag(rows.back(), "--no-fallback-scsv-check",
       {"the server ignores TLS_FALLBACK_SCSV and lets a downgraded client through (RFC 7507 3 says to refuse)",
        "le serveur ignore TLS_FALLBACK_SCSV et laisse passer un client rétrogradé (la RFC 7507 3 demande de refuser)"},
       false);

  rows.push_back(bool_row("client_fallback", &O::client_fallback,
                          {"Client falls back to lower versions", "Le client se replie sur des versions inférieures"},
                          {"When a handshake ends with a server alert or a closed connection before completing, the client "
                           "retries with the next lower version, down to its minimum, as browsers did until 2015. With "
                           "TLS_FALLBACK_SCSV on, only the retries carry it.",
                           "Quand une poignée de main se termine par une alerte du serveur ou une connexion fermée avant la fin, "
                           "le client réessaie avec la version inférieure suivante, jusqu'à son minimum, comme les navigateurs "
                           "jusqu'en 2015. Avec TLS_FALLBACK_SCSV, seules les nouvelles tentatives le portent."},
                          H));
  rows.back().sides = Sides::client;
  flag(rows.back(), "--client-fallback",
       {"after a failed handshake the client retries with a lower version, as browsers did (what a version rollback exploits)",
        "après un échec de la poignée de main, le client réessaie avec une version inférieure, comme les navigateurs (ce "
        "qu'exploite un repli de version)"});

  rows.push_back(bool_row("check_downgrade_sentinel", &O::check_downgrade_sentinel,
                          {"Client checks the downgrade sentinel", "Le client vérifie la sentinelle anti-repli"},
                          {"A TLS 1.3 client aborts with illegal_parameter when a ServerHello below TLS 1.3 ends its random with "
                           "DOWNGRD (RFC 8446 4.1.3). Off: a client that does not enforce it.",
                           "Un client TLS 1.3 interrompt avec illegal_parameter quand un ServerHello sous TLS 1.3 termine son aléa "
                           "par DOWNGRD (RFC 8446 4.1.3). Décoché : un client qui ne la fait pas respecter."},
                          H));
  rows.back().sides = Sides::client;
  flag(rows.back(), "--no-downgrade-sentinel-check",
       {"the client ignores the TLS 1.3 downgrade sentinel in ServerHello.random (RFC 8446 4.1.3 says to abort)",
        "le client ignore la sentinelle anti-repli de TLS 1.3 dans ServerHello.random (la RFC 8446 4.1.3 demande d'interrompre)"},
       false);

  rows.push_back(number_row("clock", &O::clock, {"Clock", "Horloge"},
                            {"The time the client checks the certificates' validity at, in seconds since 1970; 0 is the simulated clock (2026-06-01). 1700000000 (November 2023) is before the demo certificates' notBefore.",
                             "L'instant auquel le client vérifie la validité des certificats, en secondes depuis 1970 ; 0 est l'horloge simulée (2026-06-01). 1700000000 (novembre 2023) est avant le notBefore des certificats de démonstration."},
                            C, 1700000000, uint64_t(pki::kLastX509Time), msg("option.error.clock_at_most")));
  rows.back().sides = Sides::client;
  value_flag(rows.back(), "--clock",
             {"the time certificates are checked at, in seconds since 1970, up to 253402300799 (9999-12-31) (default: the simulated clock, 2026-06-01)",
              "l'instant où les certificats sont vérifiés, en secondes depuis 1970, jusqu'à 253402300799 (9999-12-31) (par défaut : l'horloge simulée, 2026-06-01)"},
             {}, number_check(uint64_t(pki::kLastX509Time), 0, msg("option.error.clock_at_most")), true);

  // Leniency switches: real bugs as overlays on the handshake state tables (hs/config.hpp),
  // written only when on.
  const Section L = Section::leniency;
  rows.push_back(bool_row("accept_early_ccs", &O::accept_early_ccs,
                          {"Accept an early ChangeCipherSpec (CVE-2014-0224)", "Accepter un ChangeCipherSpec précoce (CVE-2014-0224)"},
                          {"Accept ChangeCipherSpec before the keys exist; the keys then come from the master secret as it is, "
                           "e.g. empty (OpenSSL clients, and 1.0.1 servers, before June 2014).",
                           "Accepter ChangeCipherSpec avant que les clés existent ; elles viennent alors du master secret tel "
                           "qu'il est, vide par exemple (clients OpenSSL, et serveurs 1.0.1, avant juin 2014)."},
                          L));
  rows.back().max_version = kTls12;
  flag(rows.back(), "--accept-early-ccs",
       {"lenient, both sides (SSL 3.0-TLS 1.2): accept ChangeCipherSpec before the keys exist; the keys then come from "
        "the master secret as it is, e.g. empty (CVE-2014-0224)",
        "tolérant, les deux côtés (SSL 3.0-TLS 1.2) : accepter ChangeCipherSpec avant que les clés existent ; elles "
        "viennent alors du master secret tel qu'il est, vide par exemple (CVE-2014-0224)"});

  rows.push_back(bool_row("accept_finished_without_ccs", &O::accept_finished_without_ccs,
                          {"Accept Finished without ChangeCipherSpec", "Accepter Finished sans ChangeCipherSpec"},
                          {"Accept Finished with no ChangeCipherSpec before it, so the peer's records stay unprotected "
                           "(SKIP-TLS, CVE-2014-6593 in JSSE).",
                           "Accepter Finished sans ChangeCipherSpec avant lui : les enregistrements du pair restent sans "
                           "protection (SKIP-TLS, CVE-2014-6593 dans JSSE)."},
                          L));
  rows.back().max_version = kTls12;
  flag(rows.back(), "--accept-finished-without-ccs",
       {"lenient, both sides (SSL 3.0-TLS 1.2): accept Finished without a preceding ChangeCipherSpec, so the peer's "
        "records stay unprotected (SKIP-TLS, CVE-2014-6593 in JSSE)",
        "tolérant, les deux côtés (SSL 3.0-TLS 1.2) : accepter Finished sans ChangeCipherSpec avant lui, les "
        "enregistrements du pair restent sans protection (SKIP-TLS, CVE-2014-6593 dans JSSE)"});

  rows.push_back(bool_row("skip_finished_check", &O::skip_finished_check,
                          {"Skip the Finished check", "Ne pas vérifier Finished"},
                          {"Do not compare the peer's Finished verify_data: a tampered handshake goes unnoticed.",
                           "Ne pas comparer le verify_data du Finished du pair : une poignée de main altérée passe inaperçue."},
                          L));
  flag(rows.back(), "--skip-finished-check",
       {"lenient, both sides: do not compare the peer's Finished verify_data (a tampered handshake goes unnoticed)",
        "tolérant, les deux côtés : ne pas comparer le verify_data du Finished du pair (une poignée de main altérée "
        "passe inaperçue)"});

  rows.push_back(bool_row("accept_unsafe_renegotiation", &O::accept_unsafe_renegotiation,
                          {"Accept renegotiation without RFC 5746 (CVE-2009-3555)",
                           "Accepter la renégociation sans RFC 5746 (CVE-2009-3555)"},
                          {"The server accepts a client's renegotiation on a connection that did not use RFC 5746: "
                           "the victim side of the renegotiation attack.",
                           "Le serveur accepte la renégociation d'un client sur une connexion sans RFC 5746 : le côté "
                           "victime de l'attaque par renégociation."},
                          L));
  rows.back().max_version = kTls12;
  rows.back().sides = Sides::server;
  flag(rows.back(), "--accept-unsafe-renegotiation",
       {"lenient, server (SSL 3.0-TLS 1.2): accept a client's renegotiation on a connection without RFC 5746 "
        "(the victim side of CVE-2009-3555)",
        "tolérant, serveur (SSL 3.0-TLS 1.2) : accepter la renégociation d'un client sur une connexion sans RFC 5746 "
        "(le côté victime de CVE-2009-3555)"});

  rows.push_back(bool_row("accept_truncation", &O::accept_truncation,
                          {"Accept a connection cut without close_notify", "Accepter une coupure sans close_notify"},
                          {"The client takes the transport closing without close_notify as the end of the data, as SSL 2.0 "
                           "did: an attacker can cut a response short unnoticed (RFC 5246 7.2.1 requires close_notify).",
                           "Le client prend la fermeture du transport sans close_notify pour la fin des données, comme SSL "
                           "2.0 : un attaquant peut tronquer une réponse sans qu'on le voie (RFC 5246 7.2.1 exige close_notify)."},
                          L));
  rows.back().sides = Sides::client;
  flag(rows.back(), "--accept-truncation",
       {"lenient, client: take a connection cut without close_notify as the end of the data (SSL 2.0-style truncation)",
        "tolérant, client : prendre une coupure de connexion sans close_notify pour la fin des données (troncature à la SSL 2.0)"});

  rows.push_back(bool_row("skip_cbc_padding_check", &O::skip_cbc_padding_check,
                          {"Check only the CBC padding length", "Ne vérifier que la longueur du bourrage CBC"},
                          {"Receivers check the padding length byte of a CBC record but not the padding bytes, which "
                           "RFC 2246 6.2.3.2 requires: the SSL 3.0 padding oracle then works on TLS too (POODLE against "
                           "TLS, CVE-2014-8730).",
                           "Les récepteurs vérifient l'octet de longueur du bourrage d'un enregistrement CBC mais pas les "
                           "octets de bourrage, qu'exige la RFC 2246 6.2.3.2 : l'oracle de bourrage de SSL 3.0 marche alors "
                           "aussi sur TLS (POODLE contre TLS, CVE-2014-8730)."},
                          L));
  rows.back().min_version = kTls10;
  rows.back().max_version = kTls12;
  rows.back().version_note = {"SSL 3.0 never checks its padding bytes; TLS 1.3 has no CBC",
                              "SSL 3.0 ne vérifie jamais ses octets de bourrage ; TLS 1.3 n'a pas de CBC"};
  flag(rows.back(), "--skip-cbc-padding-check",
       {"lenient, both sides (TLS 1.0-1.2): check only the CBC padding length, not the padding bytes (POODLE against TLS)",
        "tolérant, les deux côtés (TLS 1.0-1.2) : ne vérifier que la longueur du bourrage CBC, pas ses octets (POODLE "
        "contre TLS)"});

  rows.push_back(bool_row("reveal_rsa_padding_error", &O::reveal_rsa_padding_error,
                          {"Reveal RSA padding errors", "Révéler les erreurs de bourrage RSA"},
                          {"The server answers a ClientKeyExchange whose PKCS#1 v1.5 block is malformed with its own "
                           "alert, instead of RFC 5246 7.4.7.1's random pre_master_secret: Bleichenbacher's oracle.",
                           "Le serveur répond à un ClientKeyExchange dont le bloc PKCS#1 v1.5 est mal formé par une alerte "
                           "propre, au lieu du pre_master_secret aléatoire de la RFC 5246 7.4.7.1 : l'oracle de "
                           "Bleichenbacher."},
                          L));
  rows.back().max_version = kTls12;
  rows.back().sides = Sides::server;
  flag(rows.back(), "--reveal-rsa-padding-error",
       {"lenient, server (SSL 3.0-TLS 1.2): answer a malformed PKCS#1 block in ClientKeyExchange with its own alert "
        "(Bleichenbacher's oracle)",
        "tolérant, serveur (SSL 3.0-TLS 1.2) : répondre à un bloc PKCS#1 mal formé dans ClientKeyExchange par une alerte "
        "propre (l'oracle de Bleichenbacher)"});

  // The cryptanalytic attacks' work (scenario/attacks.hpp): drawn by the GUI's attack section.
  rows.push_back(number_row("search_bits", &O::search_bits, {"Unknown key bits", "Bits de clé inconnus"},
                            {"How many bits of the secret key the exhaustive search tries; the others are given, so a "
                             "class sees a key fall in seconds. 40 is the whole export key.",
                             "Combien de bits de la clé secrète la recherche exhaustive essaie ; les autres sont donnés, "
                             "pour qu'une classe voie une clé tomber en quelques secondes. 40 : toute la clé export."},
                            G, 16, 40, msg("option.error.between").arg("min", "1").arg("max", "40")));
  rows.back().widget = Widget::none;
  rows.back().sample = [](O& o) {
    o.attack = "export-bruteforce";
    o.search_bits = 16;
  };
  {
    auto from = rows.back().from_json;
    rows.back().from_json = [from](const json& v, O& o) -> std::optional<FieldError> {
      if (v.is_number_integer() && v.get<int64_t>() == 0)
        return error(msg("option.error.between").arg("min", "1").arg("max", "40"));
      return from(v, o);
    };
  }
  value_flag(rows.back(), "--bits",
             {"export-bruteforce: unknown key bits to search, 1-40 (the others are given)",
              "export-bruteforce : bits de clé inconnus à chercher, 1-40 (les autres sont donnés)"},
             {}, [](const std::string& s) -> std::string {
               auto v = parse_u64(s);
               if (!v || *v < 1 || *v > 40) return "expected a number from 1 to 40, found '" + s + "'";
               return "";
             }, true);

  rows.push_back(number_row("query_budget", &O::query_budget, {"Query budget", "Budget de requêtes"},
                            {"The most queries an oracle attack sends before it gives up (0: the attack's own default).",
                             "Le nombre maximal de requêtes qu'une attaque par oracle envoie avant d'abandonner (0 : le "
                             "défaut de l'attaque)."},
                            G, 1000, 100000000));
  rows.back().widget = Widget::none;
  rows.back().sample = [](O& o) {
    o.attack = "bleichenbacher";
    o.query_budget = 1000;
  };
  value_flag(rows.back(), "--budget",
             {"oracle attacks: the most queries to send (0: the attack's default)",
              "attaques par oracle : le nombre maximal de requêtes à envoyer (0 : le défaut de l'attaque)"},
             {}, number_check(100000000), true);

  // The scripted attack and its defenses (scenario/attacks.hpp): written only when chosen. The
  // GUI draws them in its own section from the attack table, so the row has no widget.
  rows.push_back(attack_row());
  // Hand edits (scenario/edit_spec.hpp): kept as written; validate() says which are malformed.
  {
    OptionRow r = base_row("edits", {"Hand edits", "Modifications à la main"},
                           {"Records changed in transit: STEP:FIELD_PATH=HEX, lengths that cover the field re-encoded.",
                            "Enregistrements modifiés en transit : ÉTAPE:CHEMIN_DU_CHAMP=HEX, les longueurs qui couvrent le champ "
                            "réencodées."},
                           Widget::none, G);
    r.to_json = [](const O& o) {
      ojson a = ojson::array();
      for (auto& e : o.edits) a.push_back(e);
      return a;
    };
    r.from_json = [](const json& v, O& o) -> std::optional<FieldError> {
      if (!v.is_array()) return error(msg("edit.expected_list").arg("found", type_of(v)));
      std::vector<std::string> out;
      for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
          return error(msg("option.error.expected_string").arg("found", type_of(v[i])), "[" + std::to_string(i) + "]");
        out.push_back(v[i].get<std::string>());
      }
      o.edits = std::move(out);
      return std::nullopt;
    };
    r.sample = [](O& o) { o.edits = {"0:fragment/ClientHello/random=00"}; };
    rows.push_back(std::move(r));
    attach(rows.back(),
           {"--edit", CliFlag::Kind::list,
            {"tamper with a record in transit: STEP:FIELD_PATH=HEX (repeatable); STEP numbers the records as the ladder "
             "of the run without edits does, FIELD_PATH as --event STEP shows the fields (e.g. "
             "fragment/ClientHello/random), or bytes for the whole record; the lengths that cover the field are "
             "re-encoded",
             "altérer un enregistrement en transit : ÉTAPE:CHEMIN_DU_CHAMP=HEX (répétable) ; ÉTAPE numérote les "
             "enregistrements comme l'échelle de l'exécution sans modification, CHEMIN_DU_CHAMP comme --event ÉTAPE "
             "montre les champs (par exemple fragment/ClientHello/random), ou bytes pour l'enregistrement entier ; les "
             "longueurs qui couvrent le champ sont réencodées"}},
           [](O& o, const std::vector<std::string>& v) { o.edits = v; });
  }
  // Offer anything (issue 14): the client offers code points the engine may not implement. No
  // GUI widget yet (the panel has no list-of-hex widget): files and flags set them.
  {
    OptionRow r = base_row("offer_suites", {"Cipher suites offered, by code point", "Suites proposées, par code"},
                           {"The client's cipher_suites exactly, in order, as 4-digit hex code points, including suites "
                            "the simulator does not implement (offered, never chosen; named from the IANA registry).",
                            "Les cipher_suites du client exactement, dans l'ordre, en codes hexadécimaux de 4 chiffres, y "
                            "compris des suites que le simulateur n'implémente pas (proposées, jamais choisies ; nommées "
                            "d'après le registre de l'IANA)."},
                           Widget::none, Section::suites);
    r.sides = Sides::client;
    r.to_json = [](const O& o) {
      ojson a = ojson::array();
      for (uint16_t c : o.offer_suites) a.push_back(fmt_hex(c, 4).substr(2));
      return a;
    };
    r.from_json = [](const json& v, O& o) -> std::optional<FieldError> {
      std::vector<uint16_t> out;
      if (auto e = read_offer_suites(v, &out)) return e;
      o.offer_suites = std::move(out);
      return std::nullopt;
    };
    r.sample = [](O& o) { o.offer_suites = {0x0004, 0x0a0a, 0x0088, 0xc02f}; };
    rows.push_back(std::move(r));
    auto from = rows.back().from_json;
    attach(rows.back(),
           {"--offer-suites", CliFlag::Kind::value,
            {"the client offers exactly these cipher suites, in order, as hex code points HEX,HEX,... (e.g. "
             "0004,0005,c02f); suites the simulator does not implement are offered but never chosen",
             "le client propose exactement ces suites, dans l'ordre, en codes hexadécimaux HEX,HEX,... (par exemple "
             "0004,0005,c02f) ; les suites que le simulateur n'implémente pas sont proposées mais jamais choisies"},
            {},
            offer_check<uint16_t>(read_offer_suites)},
           [from](O& o, const std::vector<std::string>& v) {
             if (!v.empty()) from(comma_list(v.front()), o);
           });
  }
  {
    OptionRow r = base_row("offer_extensions", {"Extra extensions, by code point", "Extensions en plus, par code"},
                           {"Extensions the client adds to its ClientHello, in order: CODE or CODE=HEXBODY (4-digit hex "
                            "code point, body in hex; none: empty, or the client's own body for an extension it builds, "
                            "which then moves to this place). The server ignores those it does not know.",
                            "Extensions que le client ajoute à son ClientHello, dans l'ordre : CODE ou CODE=CORPSHEX (code "
                            "hexadécimal de 4 chiffres, corps en hexadécimal ; sans corps : vide, ou le corps du client "
                            "pour une extension qu'il construit, qui passe alors à cette place). Le serveur ignore celles "
                            "qu'il ne connaît pas."},
                           Widget::none, Section::handshake);
    r.sides = Sides::client;
    r.to_json = [](const O& o) {
      ojson a = ojson::array();
      for (auto& e : o.offer_extensions) a.push_back(extension_text(e));
      return a;
    };
    r.from_json = [](const json& v, O& o) -> std::optional<FieldError> {
      std::vector<OfferedExtension> out;
      if (auto e = read_offer_extensions(v, &out)) return e;
      o.offer_extensions = std::move(out);
      return std::nullopt;
    };
    r.sample = [](O& o) { o.offer_extensions = {{0x0023, std::nullopt}, {0x000f, Bytes{1}}, {0x1a1a, Bytes{}}}; };
    rows.push_back(std::move(r));
    auto from = rows.back().from_json;
    attach(rows.back(),
           {"--offer-extensions", CliFlag::Kind::value,
            {"the client adds these extensions to its ClientHello, in order: CODE[=HEXBODY],... (e.g. 0023,000f=01); "
             "one the client builds itself moves there, with its own body unless one is given",
             "le client ajoute ces extensions à son ClientHello, dans l'ordre : CODE[=CORPSHEX],... (par exemple "
             "0023,000f=01) ; une extension que le client construit lui-même passe à cette place, avec son propre corps "
             "sauf si un corps est donné"},
            {},
            offer_check<OfferedExtension>(read_offer_extensions)},
           [from](O& o, const std::vector<std::string>& v) {
             if (!v.empty()) from(comma_list(v.front()), o);
           });
  }
  return rows;
}

std::string range_text(uint16_t lo, uint16_t hi, bool french) {
  if (lo == hi) return version_name(lo);
  return version_name(lo) + (french ? " à " : " to ") + version_name(hi);
}

// The versions a run can negotiate: the intersection of the simulated sides' ranges.
std::pair<uint16_t, uint16_t> run_range(const O& o, Sides simulated) {
  uint16_t lo = kSsl3, hi = 0xffff;
  if (overlaps(simulated, Sides::client)) lo = std::max(lo, o.client_min_version), hi = std::min(hi, o.client_max_version);
  if (overlaps(simulated, Sides::server)) lo = std::max(lo, o.server_min_version), hi = std::min(hi, o.server_max_version);
  return {lo, hi};
}

const char* side_name(Sides s, bool french) {
  if (s == Sides::client) return french ? "le client" : "the client";
  return french ? "le serveur" : "the server";
}

}  // namespace

bool OptionRow::is_default(const ScenarioOptions& o) const { return to_json(o) == to_json(ScenarioOptions{}); }

void OptionRow::reset(ScenarioOptions& o) const { from_json(json(to_json(ScenarioOptions{})), o); }

int OptionRow::get_index(const ScenarioOptions& o) const {
  ojson v = to_json(o);
  for (size_t i = 0; i < choices.size(); ++i)
    if (v == choices[i].name) return int(i);
  return 0;
}

bool OptionRow::set(ScenarioOptions& o, const nlohmann::json& v) const {
  ScenarioOptions copy = o;
  if (from_json(v, copy)) return false;
  o = copy;
  return true;
}

const std::vector<OptionRow>& option_table() {
  static const std::vector<OptionRow> table = build_table();
  return table;
}

const OptionRow* option_row(std::string_view key) {
  for (auto& r : option_table())
    if (r.key == key) return &r;
  return nullptr;
}

std::optional<Diagnostic> not_applicable(const OptionRow& row, const ScenarioOptions& o, Sides simulated) {
  if (!overlaps(row.sides, simulated)) {
    if (row.per_side) return std::nullopt;  // the other side's copy of a flag given for both
    Sides run = simulated == Sides::client ? Sides::client : Sides::server;
    return Diagnostic{row.key, "", Severity::warning, "option.side",
                      {std::string("applies only to ") + side_name(row.sides, false) + "; this run simulates only " +
                           side_name(run, false),
                       std::string("ne concerne que ") + side_name(row.sides, true) + " ; cette exécution ne simule que " +
                           side_name(run, true)}};
  }
  // A missing prerequisite first: it is what to fix first (0-RTT needs resumption, which then
  // needs TLS 1.3).
  if (!row.needs.empty()) {
    const OptionRow* need = option_row(row.needs);
    // 0-RTT is offered by the client with a ticket it resumes with; a server alone accepts it
    // from any client that has one.
    if (need && need->is_default(o) && overlaps(simulated, Sides::client))
      return Diagnostic{row.key, "", Severity::error, "option.needs", row.needs_text};
  }
  auto [lo, hi] = run_range(o, simulated);
  auto [rlo, rhi] = row.versions_of ? row.versions_of(o) : std::pair{row.min_version, row.max_version};
  // No common version: the run is a version mismatch, and every option waits for it.
  if (lo <= hi && (hi < rlo || lo > rhi)) {
    Text t{"applies only to " + range_text(rlo, rhi, false) + "; this run is limited to " +
               range_text(lo, hi, false),
           "ne s'applique qu'à " + range_text(rlo, rhi, true) +
               " ; cette exécution est limitée à " + range_text(lo, hi, true)};
    if (!row.version_note.en.empty()) {
      t.en += " (" + row.version_note.en + ")";
      t.fr += " (" + row.version_note.fr + ")";
    }
    return Diagnostic{row.key, "", Severity::error, "option.versions", t};
  }
  return std::nullopt;
}

std::vector<Diagnostic> validate(const ScenarioOptions& o, Sides simulated) {
  std::vector<Diagnostic> out;
  for (auto& row : option_table()) {
    if (row.is_default(o)) continue;
    if (auto d = not_applicable(row, o, simulated)) out.push_back(*d);
  }
  for (auto& d : validate_attack(o)) out.push_back(std::move(d));
  // A suite the client offers must exist in one of its versions.
  for (size_t i = 0; i < o.client_suites.size(); ++i) {
    const CipherSuiteInfo* s = suite_by_id(o.client_suites[i]);
    if (!s || s->usable_in(o.client_min_version, o.client_max_version)) continue;
    std::string name(s->name);
    std::string lo = version_option_name(o.client_min_version), hi = version_option_name(o.client_max_version);
    out.push_back({"client_suites", "[" + std::to_string(i) + "]", Severity::error, "option.suite_versions",
                   {name + " cannot be used with the client's versions " + lo + " to " + hi + " (it needs " +
                        range_text(s->min_version, s->max_version, false) + ")",
                    name + " ne peut pas servir avec les versions du client " + lo + " à " + hi + " (il faut " +
                        range_text(s->min_version, s->max_version, true) + ")"}});
  }
  // Malformed hand edits; and edits need the simulated wire (tlslab connect and serve use a socket).
  auto both = [](const Message& m) { return Text{m.render(Lang::en), m.render(Lang::fr)}; };
  for (size_t i = 0; i < o.edits.size(); ++i) {
    auto parsed = parse_edit(o.edits[i]);
    if (auto* e = std::get_if<EditError>(&parsed))
      out.push_back({"edits", "[" + std::to_string(i) + "]", Severity::error, "option.edit", both(e->message)});
  }
  if (!o.edits.empty() && simulated != Sides::both)
    out.push_back({"edits", "", Severity::error, "option.edit", both(msg("edit.needs_simulation"))});
  // A scripted attack needs an attacker between the two sides: connect and serve have only one.
  if (!o.attack.empty() && simulated != Sides::both)
    out.push_back({"attack", "", Severity::error, "option.attack", both(msg("option.error.attack_needs_simulation"))});
  return out;
}

void drop_inapplicable(ScenarioOptions& o) {
  for (int round = 0; round < 4; ++round) {  // a reset may make another option inapplicable
    bool changed = false;
    for (auto& d : validate(o))
      if (d.severity == Severity::error)
        if (const OptionRow* r = option_row(d.key); r && !r->is_default(o)) {
          if (d.key == "client_suites") {
            // Keep the suites that still fit; none left means the defaults for the versions.
            std::erase_if(o.client_suites, [&](uint16_t id) {
              const CipherSuiteInfo* s = suite_by_id(id);
              return !s || !s->usable_in(o.client_min_version, o.client_max_version);
            });
          } else {
            r->reset(o);
          }
          changed = true;
        }
    if (!changed) break;
  }
}

std::string render(const Text& t, bool french, const std::function<std::string(const std::string&)>& name) {
  const std::string& s = t.in(french);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t close = s[i] == '{' ? s.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += s[i];
      continue;
    }
    out += name(s.substr(i + 1, close - i - 1));
    i = close;
  }
  return out;
}

}  // namespace sim

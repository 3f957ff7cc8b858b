// Every scenario option declared once: its JSON key, command-line flags, help and label in
// English and French, JSON codec, GUI widget, and the versions and sides it applies to. The
// scenario files (scenario_io), the flags of tlslab run/connect/serve and tlslab-gui
// (app/shared/scenario_flags) and the rows of the GUI's Scenario panel are all built from this
// table, and validate() judges a set of options against it for every front end.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/options.hpp"

namespace sim {

// A text in the two languages of tlslab. "{key}" inside names another option; front ends
// render it as they name options (a flag, a JSON key, a GUI label): see render().
struct Text {
  std::string en, fr;
  const std::string& in(bool french) const { return french ? fr : en; }
};

enum class Widget {
  none,           // not drawn (file metadata, or drawn as a column of another row)
  checkbox,       // a boolean
  combo,          // one of `choices`
  number,         // an unsigned integer up to `max_number`
  text,           // a non-empty string
  version_range,  // [min, max] of one side
  suite_list,     // the cipher suites table (client and server columns)
  group_list,     // the groups table (client, server and key_share columns)
};

// Where the GUI draws a row (its panel groups rows under these headings).
enum class Section { general, certificate, handshake, tls13, suites, groups, leniency };

enum class Sides : uint8_t { none = 0, client = 1, server = 2, both = 3 };
inline bool overlaps(Sides a, Sides b) { return (uint8_t(a) & uint8_t(b)) != 0; }

struct Choice {
  Choice(std::string n, Text l, Text h = {}) : name(std::move(n)), label(std::move(l)), hint(std::move(h)) {}
  std::string name;  // in JSON and on the command line
  Text label;        // in the GUI
  Text hint;         // the GUI's tooltip over it (may be empty)
};

// A command-line flag of a row. Several flags may feed one row (--version, --min-version and
// --max-version the versions; --renegotiate and --server-renegotiate the renegotiation).
struct CliFlag {
  enum class Kind { flag, value, list };
  CliFlag(std::string n, Kind k, Text h, std::vector<std::string> c = {},
          std::function<std::string(const std::string&)> ch = {}, std::string d = "")
      : name(std::move(n)), kind(k), help(std::move(h)), choices(std::move(c)), check(std::move(ch)), default_text(std::move(d)) {}
  std::string name;  // "--resume"
  Kind kind = Kind::flag;
  Text help;
  std::vector<std::string> choices;  // accepted values (empty: `check` decides)
  std::function<std::string(const std::string&)> check;  // why a value is refused; "" when fine
  std::string default_text;          // shown by --help ("1" for --seed)
};
// The flags of one row that a command line gave, in the row's flag order, with their values
// (none for a flag).
using CliGiven = std::vector<std::pair<std::string, std::vector<std::string>>>;

// A reading error inside a row's JSON value: `path` follows the key ("[1]"), `what` says why
// (a catalog message, "option.error.*").
struct FieldError {
  std::string path;
  Message what;
};

struct OptionRow {
  std::string key;  // the JSON key; also how diagnostics and tests name the option
  Text label;       // the GUI's label
  Text help;        // the GUI's tooltip (the CLI's help is per flag)
  Widget widget = Widget::none;
  Section section = Section::general;
  std::vector<Choice> choices;  // combo: value i is choices[i].name in JSON
  uint64_t max_number = UINT64_MAX;
  // Applies when the run can negotiate a version in [min_version, max_version]; the note says
  // why, when it is not obvious.
  uint16_t min_version = kSsl3, max_version = kTls13;
  // When the versions depend on the value (resumption: TLS 1.3 PSK modes, or session IDs and
  // tickets below it): the range for the option's current value.
  std::function<std::pair<uint16_t, uint16_t>(const ScenarioOptions&)> versions_of;
  Text version_note;
  Sides sides = Sides::both;  // the endpoints it configures
  bool per_side = false;      // one of a client/server pair one flag sets together: no side check
  // Means something only when the option `needs` is not at its default; needs_text says so.
  std::string needs;
  Text needs_text;
  bool always_written = false;  // in scenario files even at its default (older files have it)
  // The codec: the option's value as JSON, and back (with a precise error). Everything else
  // (is it at its default, reset it, the GUI's accessors) goes through these two.
  std::function<nlohmann::ordered_json(const ScenarioOptions&)> to_json;
  std::function<std::optional<FieldError>(const nlohmann::json&, ScenarioOptions&)> from_json;
  // Sets a value other than the default, and whatever it needs to apply (tests round-trip it).
  std::function<void(ScenarioOptions&)> sample;
  std::vector<CliFlag> flags;
  std::function<void(ScenarioOptions&, const CliGiven&)> apply_cli;

  bool is_default(const ScenarioOptions& o) const;
  void reset(ScenarioOptions& o) const;
  // For the GUI: checkbox and number rows, and the index of a combo row's value.
  bool get_bool(const ScenarioOptions& o) const { return to_json(o).get<bool>(); }
  uint64_t get_number(const ScenarioOptions& o) const { return to_json(o).get<uint64_t>(); }
  std::string get_text(const ScenarioOptions& o) const { return to_json(o).get<std::string>(); }
  int get_index(const ScenarioOptions& o) const;
  // Sets from a JSON value; false (and o unchanged) when the codec refuses it.
  bool set(ScenarioOptions& o, const nlohmann::json& v) const;
};

// The table, in scenario-file order.
const std::vector<OptionRow>& option_table();
const OptionRow* option_row(std::string_view key);

// ---- validation ------------------------------------------------------------------------------

enum class Severity { warning, error };

struct Diagnostic {
  std::string key;          // the option (a row's key)
  std::string path;         // inside it, e.g. "[0]" for the first suite; usually empty
  Severity severity = Severity::error;
  std::string message_key;  // "option.versions", "option.needs", "option.side", "option.suite_versions"
  Text text;                // the reason, without the option's own name; "{key}" names another one
};

// Judges the options of a run that simulates the given endpoints (tlslab connect only the
// client, tlslab serve only the server): an option set away from its default where it cannot
// apply (a version the run cannot negotiate, a prerequisite left unset, a suite outside the
// client's versions) is an error; an option for an endpoint the run does not simulate is a
// warning. Empty when everything applies.
std::vector<Diagnostic> validate(const ScenarioOptions& o, Sides simulated = Sides::both);
// Why a row cannot apply to these options whatever its value (the GUI disables it and says why).
std::optional<Diagnostic> not_applicable(const OptionRow& row, const ScenarioOptions& o,
                                         Sides simulated = Sides::both);
// Resets every option validate() reports as an error (the GUI, after an edit that leaves an
// option behind, e.g. 0-RTT once resumption is off).
void drop_inapplicable(ScenarioOptions& o);
// Why `value` is not a command-line number in [min, max], in English (CLI11 prints one
// language); "" when it is. Decimal digits only: "-1" and a value past 2^64 - 1 are refused, not
// wrapped as CLI11's own conversion (strtoull) would. `too_big` explains the limit when there is one.
std::string number_error(const std::string& value, uint64_t max, uint64_t min = 0, const Message& too_big = {});

// Why `host` cannot be the server's name, or an empty Message when it can. The name goes into
// SNI, the certificate and the HTTP Host header, so it must be a DNS host name (RFC 1035 2.3.1,
// RFC 1123 2.1): labels of ASCII letters, digits and hyphens, 1 to 63 characters, not starting
// or ending with a hyphen, at most 253 characters in all, no trailing dot (RFC 6066 3). An IP
// address is refused: RFC 6066 3 does not permit IP literals in SNI's HostName.
Message host_name_error(std::string_view host);

// The text with each "{key}" replaced by name(key).
std::string render(const Text& t, bool french, const std::function<std::string(const std::string&)>& name);

}  // namespace sim

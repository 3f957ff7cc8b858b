// How a derivation's output reads: text for the kinds whose output is a word (a certificate
// check's verdict, "pass" or "fail"), hex for every other (bytes). A rule by kind, declared
// once, so the views and exports never guess from the bytes.
#pragma once
#include <string>

#include "trace/trace.hpp"

namespace sim {

// Whether the output of `d` is text (its kind says so), not bytes.
bool output_is_text(const Derivation& d);
// The output as a view shows it: the text in quotes for a text output (as value_display does
// for an input), else hex.
std::string output_display(const Derivation& d);
// The same in a reader's language: text values that are words of the engine's small vocabulary
// (a verdict "pass"/"fail", "none", "absent", "yes"/"no", a revocation policy, "N bytes") are
// rendered through the catalog; names, labels and numbers read the same in every language.
std::string value_display(const NamedBytes& n, Lang l);
std::string output_display(const Derivation& d, Lang l);
std::string text_value_in(std::string_view text, Lang l);

// A certificate check's verdict, typed from its formula message (check.pass / check.fail);
// none for any other derivation.
std::optional<bool> check_passed(const Derivation& d);

}  // namespace sim

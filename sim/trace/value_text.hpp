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
// A certificate check's verdict, typed from its formula message (check.pass / check.fail);
// none for any other derivation.
std::optional<bool> check_passed(const Derivation& d);

}  // namespace sim

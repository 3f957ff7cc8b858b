// Every UI string of tlslab-gui, in English and French, from the one message catalog
// (sim/core/catalog_ui.cpp holds the GUI's own labels). Panels never hold a user-visible
// literal: they call tr("key"). Switching the language takes effect at the next
// frame. help(name) gives the one-line explanation shown when hovering a field or derivation,
// from the engine's glossary (sim/present/glossary.hpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/message.hpp"
#include "present/glossary.hpp"

namespace gui {

// The engine's language: the GUI and the trace's messages render in the same one.
using Lang = sim::Lang;

void set_lang(Lang l);
Lang lang();
using sim::lang_code;                         // "en", "fr"
bool parse_lang(std::string_view s, Lang* out);

// The text for key in the current language; the key itself when it is missing (a test
// checks every key used by the panels exists).
const char* tr(std::string_view key);
// An engine message (a note, an alert's reason, the outcome) in the current language; recorded
// for --dump-ui like tr().
std::string tr_msg(const sim::Message& m);
// "label: value" with the language's colon (French puts a space before it).
std::string label_value(std::string_view label, std::string_view value);
// "help.<name>" when it exists, else nullptr: what a field, derivation or stage is for.
const char* help(std::string_view name);
// The same as it applies in `c` (the version, suite and compression of a record): SSL 3.0's MAC
// is not HMAC, TLS 1.0 chains its IV.
const char* help(std::string_view name, const sim::present::GlossaryContext& c);
// The same for a name shown with event `event` of `t` (glossary_context of that event).
// `hello_events` (ViewLists::hellos), when given, spares a search of every event for its ServerHello.
const char* help_for(std::string_view name, const sim::Trace& t, size_t event, const std::vector<size_t>* hello_events = nullptr);

// While recording, every string returned by tr() is appended (for --dump-ui).
void set_tr_recorder(std::vector<std::string>* out);
// While recording, also lists text drawn that is not a UI string (record names in the ladder,
// file names), so --dump-ui shows what a trace put on screen.
void record_drawn(std::string_view s);

}  // namespace gui

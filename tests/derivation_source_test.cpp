// Where each derivation input came from (Source, trace.hpp), checked against the trace itself:
// every input of every derivation of runs covering all versions and suite families carries a
// source; a derivation source names a derivation in the trace whose output (or part) is the
// input's value; a field source points at bytes on the wire (or in a record's plaintext) equal
// to it; a transcript is a concatenation of handshake messages that were really sent; a step
// source is the same derivation's step. Text inputs are stored as text and survive JSON.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "derivation_runs.hpp"
#include "net/simulation.hpp"
#include "trace/sources.hpp"
#include "trace/trace_io.hpp"

namespace {

using namespace sim;
using testutil::runs;

// Why `in` does not match its source in `t`, or "" when it does.
std::string mismatch(const Trace& t, size_t at, const Derivation& d, const NamedBytes& in) {
  const Source& s = in.from;
  switch (s.kind) {
    case Source::Kind::none: return "no source";
    case Source::Kind::transcript: return "transcript not located";
    case Source::Kind::literal:
      if (s.text.empty() && !in.value.empty()) return "empty literal";
      if (in.is_text && to_bytes(s.text) != in.value) return "text input differs from its literal";
      return "";
    case Source::Kind::local: return s.text.empty() ? "local value without a description" : "";
    case Source::Kind::derivation: {
      // Ids repeat across renegotiations: some derivation of that id, at or before this
      // event, has the value.
      bool named = false;
      for (size_t e = 0; e <= at && e < t.events.size(); ++e)
        for (const Derivation& o : all_derivations(t.events[e])) {
          if (o.id != s.id) continue;
          named = true;
          Bytes v = o.output;
          if (!s.part.empty()) {
            v.clear();
            for (auto& p : o.parts)
              if (p.name == s.part) v.assign(o.output.begin() + p.offset, o.output.begin() + p.offset + p.length);
          }
          if (v == in.value) return "";
        }
      if (!s.earlier_connection)
        for (size_t e = at + 1; e < t.events.size(); ++e)
          for (const Derivation& o : all_derivations(t.events[e]))
            if (o.id == s.id) return "names " + s.id + ", which comes only later";
      return named ? "no " + s.id + " (part '" + s.part + "') with this value" : "names " + s.id + ", which is not in the trace";
    }
    default: {
      if (!s.resolved()) return "field " + s.message + " / " + s.path + " not located";
      auto v = source_value(t, d, s);
      if (!v) return "its field or step does not exist";
      return *v == in.value ? "" : "value differs from its source";
    }
  }
}

TEST(DerivationSource, EveryInputOfEveryRunNamesWhereItCameFrom) {
  std::set<Source::Kind> kinds;
  for (auto& [name, opts] : runs()) {
    const Trace t = testutil::trace_of(opts);
    ASSERT_FALSE(t.events.empty()) << name;
    for (size_t i = 0; i < t.events.size(); ++i)
      for (const Derivation& d : all_derivations(t.events[i]))
        for (auto& in : d.inputs) {
          kinds.insert(in.from.kind);
          EXPECT_EQ(mismatch(t, i, d, in), "") << name << ": event " << i << " " << d.id << " input " << in.name;
        }
    // Sources and text values survive the JSON trace.
    auto back = trace_from_json_text(trace_json_text(t));
    ASSERT_TRUE(back) << name << ": " << back.error().reason;
    for (size_t i = 0; i < t.events.size(); ++i)
      for (size_t j = 0; j < derivation_count(t.events[i]); ++j) {
        const Derivation &a = derivation_at(t.events[i], j), &b = derivation_at(back.value().events[i], j);
        ASSERT_EQ(a.inputs.size(), b.inputs.size());
        for (size_t k = 0; k < a.inputs.size(); ++k) {
          Source want = a.inputs[k].from;
          want.earlier_connection = false;  // for the recorder only, not serialized
          EXPECT_EQ(b.inputs[k].from, want) << name << " " << a.id << " " << a.inputs[k].name;
          EXPECT_EQ(b.inputs[k].is_text, a.inputs[k].is_text) << name << " " << a.id << " " << a.inputs[k].name;
        }
      }
  }
  for (auto k : {Source::Kind::derivation, Source::Kind::field, Source::Kind::concat, Source::Kind::literal,
                 Source::Kind::local, Source::Kind::step})
    EXPECT_TRUE(kinds.count(k)) << "no input uses source kind " << int(k);
}

// The checks above can fail: a source that names the wrong derivation, part or field is caught.
TEST(DerivationSource, AWrongSourceIsCaught) {
  ScenarioOptions o;
  Simulation sim(o);
  sim.run_to_end();
  Trace t = sim.trace();
  NamedBytes* ms_in = nullptr;
  Derivation* kb = nullptr;
  size_t at = 0;
  for (size_t i = 0; i < t.events.size() && !kb; ++i)
    for (auto& d : t.events[i].derivations)
      if (d.name == "key_block") kb = &d, at = i, ms_in = &d.inputs[0];
  ASSERT_TRUE(kb);
  ASSERT_EQ(ms_in->name, "master_secret");
  EXPECT_EQ(mismatch(t, at, *kb, *ms_in), "");
  ms_in->from.id = "client/no_such_secret";
  EXPECT_NE(mismatch(t, at, *kb, *ms_in), "");
  // A located field whose path is changed to another field no longer matches.
  const NamedBytes* cr = nullptr;
  for (auto& e : t.events)
    for (const Derivation& d : all_derivations(e))
      if (auto* in = d.input("client_random"); in && !cr) cr = in;
  ASSERT_TRUE(cr);
  ASSERT_EQ(cr->from.kind, Source::Kind::field);
  ASSERT_TRUE(cr->from.event);
  auto v = field_bytes(t, *cr->from.event, cr->from.path);
  ASSERT_TRUE(v);
  EXPECT_EQ(Bytes(v->begin(), v->end()), cr->value);
  std::string other = cr->from.path.substr(0, cr->from.path.rfind('/')) + "/session_id";
  auto w = field_bytes(t, *cr->from.event, other);
  ASSERT_TRUE(w);
  EXPECT_NE(Bytes(w->begin(), w->end()), cr->value);
}

// Field paths are the tree's names from the record down, "[k]" for a repeated name.
TEST(DerivationSource, FieldPathsNameTreeNodes) {
  Field root{"TLS record", "", 0, 6, ByteSpace::wire, {}};
  Field& frag = root.add("fragment", "", 0, 6);
  frag.add("x", "", 0, 2);
  frag.add("x", "", 2, 2);
  Field& v = frag.add("vec", "", 4, 2);
  v.add("length", "1", 4, 1);
  EXPECT_EQ(field_at(root, "TLS record/fragment/x[1]"), &frag.children[1]);
  EXPECT_EQ(field_at(root, "TLS record/fragment/x"), &frag.children[0]);
  EXPECT_EQ(field_at(root, "TLS record/fragment/x[2]"), nullptr);
  EXPECT_EQ(field_at(root, "other/fragment"), nullptr);
  Trace t;
  Event e;
  e.bytes = {1, 2, 3, 4, 1, 9};
  e.tree = root;
  t.events.push_back(e);
  auto body = field_bytes(t, 0, "TLS record/fragment/vec");  // a vector's value is its body
  ASSERT_TRUE(body);
  EXPECT_EQ(Bytes(body->begin(), body->end()), Bytes{9});
  auto slice = field_bytes(t, 0, "TLS record/fragment", 1, 2);
  ASSERT_TRUE(slice);
  EXPECT_EQ(Bytes(slice->begin(), slice->end()), (Bytes{2, 3}));
  EXPECT_FALSE(field_bytes(t, 0, "TLS record/fragment", 5, 2));
  EXPECT_FALSE(field_bytes(t, 1, "TLS record"));
}

}  // namespace

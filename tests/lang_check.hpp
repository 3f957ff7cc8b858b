// What a French view of a trace must not show: every sentence of the trace, in English, that
// reads differently in French (notes, alert reasons, the outcome, certificate checks,
// formulas, where inputs came from, the keys protecting each record). Shared by the French
// export and GUI tests.
#pragma once
#include <set>
#include <string>

#include "core/message.hpp"
#include "trace/record_keys.hpp"
#include "trace/trace.hpp"

namespace testutil {

inline std::set<std::string> english_only_sentences(const sim::Trace& t) {
  std::set<std::string> out;
  auto add = [&](const sim::Message& m) {
    if (m.empty()) return;
    std::string en = m.render(sim::Lang::en), fr = m.render(sim::Lang::fr);
    // Short ones ("none") can be a part of a French word or a value; the long ones are sentences.
    if (en != fr && en.size() > 12) out.insert(en);
  };
  for (auto& e : t.events) {
    for (auto& n : e.notes) add(n);
    if (e.alert) add(e.alert->reason);
    add(sim::protection_message(e.protection));
    for (const sim::Derivation& d : sim::all_derivations(e)) {
      add(d.title);
      add(d.text);
      if (const sim::Message::Param* p = d.text.param("detail"); p && !p->message.empty()) add(p->message[0]);
      for (auto* list : {&d.inputs, &d.steps})
        for (const sim::NamedBytes& n : *list) {
          add(n.note);
          if (n.from.kind != sim::Source::Kind::none) add(sim::source_message(n.from));
        }
    }
  }
  add(t.outcome.message());
  return out;
}

}  // namespace testutil

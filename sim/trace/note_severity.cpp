#include "trace/note_severity.hpp"

#include <algorithm>

namespace sim {

namespace {

using S = NoteSeverity;

// Warnings: the run goes on, but a check was waived or weakened, or data travels unprotected.
// Errors: a side rejected what it received. Keep the keys as in the catalog (catalog_test
// checks each exists).
constexpr NoteSeverityRow kRows[] = {
    // failures
    {"note.rejected", S::error},
    // a check waived by policy
    {"note.revocation_soft_fail", S::warning},
    {"note.revocation_off", S::warning},
    {"note.validation_off", S::warning},
    {"note.key_from_leaf_no_validation", S::warning},
    {"note.downgrade_sentinel_unchecked", S::warning},
    {"note.fallback_scsv_ignored", S::warning},
    // lenient knobs (the attacks' vulnerable peers)
    {"note.lenient_unsafe_renegotiation", S::warning},
    {"note.lenient_skip_finished", S::warning},
    {"note.lenient_early_ccs", S::warning},
    {"note.lenient_early_ccs_key_block_kept", S::warning},
    {"note.lenient_finished_without_ccs", S::warning},
    {"note.lenient_rsa_padding_error", S::warning},
    // refused or skipped, the connection going on without it
    {"note.renegotiation_refused", S::warning},
    {"note.server_refused_renegotiation", S::warning},
    {"note.renegotiation_skipped", S::warning},
    {"note.hello_request_refused", S::warning},
    {"note.handshake_after_close", S::warning},
    {"note.client_no_certificate_warning", S::warning},
    {"note.client_empty_certificate", S::warning},
    {"note.cert_requested_none", S::warning},
    {"note.ticket_does_not_open", S::warning},
    {"note.ticket_hash_mismatch", S::warning},
    {"note.ticket12_does_not_open", S::warning},
    {"note.ticket_already_used", S::warning},
    {"note.client_hello_replayed", S::warning},
    {"note.early_data_lost_hrr", S::warning},
    {"note.early_data_rejected_by_server", S::warning},
    // replayable or in clear
    {"note.early_data_sent", S::warning},
    {"note.early_data_accepted", S::warning},
    {"note.http_page_plain", S::warning},
    {"note.http_done_plain", S::warning},
    {"note.http_request_executed", S::warning},
};

}  // namespace

std::string_view name_of(NoteSeverity s) {
  switch (s) {
    case S::info: return "info";
    case S::warning: return "warning";
    case S::error: return "error";
  }
  return "?";
}

std::span<const NoteSeverityRow> note_severity_table() { return kRows; }

NoteSeverity note_severity(const Message& note) {
  const Message* m = &note;
  // "{side}: {note}": the severity of the note the side said.
  while (m->key == "note.by_side")
    if (const Message::Param* p = m->param("note"); p && !p->message.empty()) m = &p->message.front();
    else break;
  auto it = std::find_if(std::begin(kRows), std::end(kRows), [&](const NoteSeverityRow& r) { return r.key == m->key; });
  return it == std::end(kRows) ? S::info : it->severity;
}

}  // namespace sim

#include "present/present.hpp"

#include <algorithm>
#include <cstdio>

#include "scenario/attacks.hpp"

namespace sim::present {

std::string record_title(const Event& e, Lang lang) {
  if (e.alert)
    return msg("present.alert_title")
        .arg("level", msg(e.alert->level == AlertLevel::fatal ? "present.level_fatal" : "present.level_warning"))
        .arg("description", name_of(e.alert->description))
        .render(lang);
  // An attacker's action is labelled in the language ("dropped ClientHello"); Event::name is English.
  if (e.attack && !e.attack->label.empty()) return e.attack->label.render(lang);
  // Application data the sender wrote (its plaintext is known): the record has no message
  // name of its own. Handshake messages keep the RFC names.
  if (e.layer == ContentType::application_data && !e.plaintext.empty()) return msg("present.application_data").render(lang);
  return e.name;
}

std::string_view protection_class(const Event& e) {
  switch (e.protection.phase) {
    case ProtectionPhase::none: return "none";
    case ProtectionPhase::handshake: return "handshake";
    case ProtectionPhase::application: return "application";
    case ProtectionPhase::epoch: return "protected";
    case ProtectionPhase::early:  // 0-RTT data, and EndOfEarlyData: by what the record carries
    case ProtectionPhase::unknown: break;
  }
  return e.layer == ContentType::handshake || e.layer == ContentType::change_cipher_spec ? "handshake" : "application";
}

std::string step_text(const Event& e) {
  return std::to_string(e.step) + (e.delivered ? " \u2192 " + std::to_string(*e.delivered) : std::string());
}

LadderGeometry ladder_geometry(const Trace& t) {
  LadderGeometry g;
  g.row_y.resize(t.events.size());
  double next = LadderGeometry::kTop;
  for (size_t i = 0; i < t.events.size(); ++i) {
    if (t.events[i].connection != (i ? t.events[i - 1].connection : 1)) next += LadderGeometry::kSeparator;
    g.row_y[i] = next + 20;
    next += LadderGeometry::kRow;
  }
  g.bottom = next;
  return g;
}

uint8_t key_phase_bits(const Event& e) {
  const ProtectionPhase p = e.protection.phase;
  if (p == ProtectionPhase::epoch) return kEpochKeys;
  if (p == ProtectionPhase::handshake || p == ProtectionPhase::application || p == ProtectionPhase::early) return kTls13Keys;
  return 0;
}

std::vector<LegendEntry> legend_entries(const Trace& t) {
  uint8_t phases = 0;
  for (const Event& e : t.events) phases |= key_phase_bits(e);
  return legend_entries(phases, t.negotiated.version);
}

std::vector<LegendEntry> legend_entries(uint8_t key_phases, uint16_t negotiated_version) {
  bool epoch = key_phases & kEpochKeys, tls13 = negotiated_version == kTls13 || (key_phases & kTls13Keys);
  if (negotiated_version && negotiated_version < kTls13) epoch = true;
  std::vector<LegendEntry> out = {{"none", "legend.clear"}};
  if (tls13) {
    out.push_back({"handshake", "legend.hs_traffic"});
    out.push_back({"application", "legend.app_traffic"});
  } else if (epoch) {
    out.push_back({"protected", "legend.epoch"});
  }
  out.push_back({"alert", "legend.alert"});
  return out;
}

// A resumption below TLS 1.3 by session ID: its ClientHello brings neither a ticket
// (SessionTicket, RFC 5077) nor a TLS 1.3 PSK.
static bool resumes_by_session_id(const Trace& t, int connection) {
  for (auto& e : t.events)
    if (e.connection == connection && e.from == Actor::client && e.name == "ClientHello")
      return !e.tree.find("ticket") && !e.tree.find("identities");
  return false;
}

std::string connection_heading(const Trace& t, int connection, Lang lang) {
  for (auto& c : t.connections)
    if (c.connection == connection) {
      if (c.kind == ConnectionStart::Kind::resumption && resumes_by_session_id(t, connection))
        return msg("present.connection_resumes_session_id").arg("n", std::to_string(connection)).render(lang);
      Message m = c.kind == ConnectionStart::Kind::fallback   ? msg("present.connection_fallback")
                  : c.kind == ConnectionStart::Kind::attacker ? msg("present.connection_attacker")
                  : c.kind == ConnectionStart::Kind::redirect ? msg("present.connection_redirect")
                  : c.kind == ConnectionStart::Kind::request  ? msg("present.connection_request")
                                                              : msg("present.connection_resumes");
      return m.arg("n", std::to_string(connection)).arg("version", version_name(c.max_version)).render(lang);
    }
  for (auto& e : t.events)
    if (e.connection == connection) {
      if (e.http) return msg("present.connection_http").arg("n", std::to_string(connection)).render(lang);
      break;
    }
  return msg("present.connection").arg("n", std::to_string(connection)).render(lang);
}

// The handshake messages (and message parts) a record's tree shows, in order.
static std::vector<const Field*> message_nodes(const Event& e) {
  const Field* content = nullptr;
  for (auto& c : e.tree.children) {
    if (c.name == "fragment") content = &c;
    if (c.name == "decrypted")
      for (auto& d : c.children)
        if (d.name == "content" || d.name == "decompressed content") content = &d;
  }
  std::vector<const Field*> out;
  if (content && e.layer == ContentType::handshake)
    for (auto& m : content->children) out.push_back(&m);
  return out;
}

LadderRow ladder_row(const Trace& t, size_t i, Lang lang) {
  const Event& e = t.events[i];
  LadderRow r;
  r.index = i;
  r.step = e.step;
  r.from = e.from;
  r.to = e.to;
  r.title = record_title(e, lang);
  // The first message as the record's name gives it ("…Certificate" when it ends one begun earlier).
  if (auto ms = message_nodes(e); ms.size() > 1 && !e.alert && !e.attack)
    r.short_title = msg("present.title_more").arg("first", e.name.substr(0, e.name.find(", ")))
                        .arg("n", std::to_string(ms.size() - 1)).render(lang);
  r.bytes = e.bytes.size();
  r.protection = protection_message(e.protection).render(lang);
  r.keys = protection_class(e);
  r.alert = e.alert.has_value();
  if (e.alert) r.reason = e.alert->reason.render(lang);
  for (auto& n : e.notes) r.notes.push_back(n.render(lang));
  r.connection = e.connection;
  // A TLS 1.3 trace may hold a second connection that resumes the first with its ticket.
  r.connection_start = e.connection != (i ? t.events[i - 1].connection : 1);
  return r;
}

std::vector<LadderRow> ladder_rows(const Trace& t, Lang lang) {
  std::vector<LadderRow> rows;
  rows.reserve(t.events.size());
  for (size_t i = 0; i < t.events.size(); ++i) rows.push_back(ladder_row(t, i, lang));
  return rows;
}

std::vector<SummaryRow> summary_rows(const Trace& t, Lang lang) {
  const Negotiated& n = t.negotiated;
  auto yes_no = [&](bool b) { return msg(b ? "present.yes" : "present.no").render(lang); };
  auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  auto row = [&](const char* key, Message label, std::string value) { return SummaryRow{key, label.render(lang), std::move(value)}; };
  std::vector<SummaryRow> rows = {
      row("outcome", msg("present.outcome"), t.outcome.message().render(lang)),
      row("version", msg("present.version"), n.version ? version_name(n.version) : "-"),
      row("cipher_suite", msg("present.cipher_suite"), n.cipher_suite ? suite_name(n.cipher_suite) : "-"),
      row("group", msg("present.group"), n.group ? name_of(*n.group) : "-"),
      row("signature_scheme", msg("present.signature_scheme"), n.signature_scheme ? name_of(*n.signature_scheme) : "-"),
  };
  if (n.version == kTls13) {
    // What TLS 1.3 negotiates; EMS, RFC 5746, compression and renegotiation do not exist in it.
    rows.push_back(row("key_exchange_mode", msg("present.key_exchange_mode"), or_dash(n.key_exchange_mode)));
    rows.push_back(row("hello_retry_request", msg("present.hello_retry_request"), yes_no(n.hello_retry_request)));
    rows.push_back(row("early_data", msg("present.early_data"),
                       n.early_data.empty() ? msg("present.not_offered").render(lang)
                                            : msg(n.early_data == "accepted" ? "present.accepted" : "present.rejected").render(lang)));
    rows.push_back(row("client_authenticated", msg("present.client_authenticated"), yes_no(n.client_authenticated)));
    int connections = t.events.empty() ? 0 : t.events.back().connection;
    // The values are the client's last connection's; an attacker's own connection may follow it
    // (Trace::connections says which).
    int client_last = connections;
    for (const ConnectionStart& c : t.connections)
      if (c.kind == ConnectionStart::Kind::attacker) client_last = std::min(client_last, c.connection - 1);
    if (connections > 1)
      rows.push_back(row("connections", msg("present.connections"),
                         (client_last && client_last < connections
                              ? msg("present.connections_value_of").arg("c", std::to_string(client_last))
                              : msg("present.connections_value"))
                             .arg("n", std::to_string(connections))
                             .render(lang)));
  } else {
    rows.push_back(row("extended_master_secret", msg("present.extended_master_secret"), yes_no(n.extended_master_secret)));
    rows.push_back(row("secure_renegotiation", msg("present.secure_renegotiation"), yes_no(n.secure_renegotiation)));
    rows.push_back(row("compression", msg("present.compression"), n.compression_method == 1 ? "DEFLATE" : "null"));
    rows.push_back(row("client_authenticated", msg("present.client_authenticated"), yes_no(n.client_authenticated)));
    rows.push_back(row("handshakes", msg("present.handshakes"), std::to_string(n.handshakes)));
  }
  rows.push_back(row("server_name", msg("present.server_name"), or_dash(n.server_name)));
  rows.push_back(row("client_received", msg("present.client_received"),
                     msg("present.app_bytes").arg("n", std::to_string(t.client_app_received.size())).render(lang)));
  rows.push_back(row("server_received", msg("present.server_received"),
                     msg("present.app_bytes").arg("n", std::to_string(t.server_app_received.size())).render(lang)));
  if (t.attack) {
    for (auto& r : attack_rows(*t.attack, lang)) rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<SummaryRow> attack_rows(const AttackReport& a, Lang lang) {
  std::vector<SummaryRow> rows;
  const AttackInfo* info = attack_info(a.name);
  std::string title = info ? info->title.render(lang) + " (" + a.name + ")" : a.name;
  if (!a.variant.empty()) title += ", " + a.variant;
  rows.push_back({"attack", msg("present.attack").render(lang), title});
  std::string on;
  for (auto& d : a.defenses_on) on += (on.empty() ? "" : ", ") + d;
  rows.push_back({"defenses_on", msg("present.defenses_on").render(lang), on.empty() ? msg("present.none").render(lang) : on});
  rows.push_back({"attack_result", msg("present.attack_result").render(lang), a.summary.render(lang)});
  if (a.work || !a.work_unit.empty()) {
    // A cryptanalytic attack's long work: how much, how long, and whether it was cancelled.
    Message unit = a.work_unit == "candidates" ? msg("present.work_candidates")
                   : a.work_unit == "queries"  ? msg("present.work_queries")
                   : a.work_unit == "requests" ? msg("present.work_requests")
                                               : msg("present.work_other").arg("unit", a.work_unit);
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", a.seconds);
    Message m = msg(a.cancelled ? "present.attack_work_cancelled" : "present.attack_work")
                    .arg("count", std::to_string(a.work))
                    .arg("unit", unit)
                    .arg("seconds", secs);
    rows.push_back({"attack_work", msg("present.attack_work_label").render(lang), m.render(lang)});
  }
  for (auto& e : a.evidence) {
    std::string v = e.is_text ? std::string(e.value.begin(), e.value.end()) : to_hex(e.value);
    // One line: a request's line breaks shown as the escapes a reader knows.
    std::string line;
    for (char c : v) line += c == '\r' ? std::string("\\r") : c == '\n' ? std::string("\\n") : std::string(1, c);
    if (line.size() > 160) line = line.substr(0, 157) + "...";
    if (e.event) line += " " + msg("present.evidence_event").arg("n", std::to_string(*e.event)).render(lang);
    rows.push_back({"evidence." + e.name, e.label.render(lang), line});
  }
  return rows;
}

}  // namespace sim::present

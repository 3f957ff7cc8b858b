#include "present/present.hpp"

namespace sim::present {

std::string record_title(const Event& e) {
  return e.alert ? "Alert: " + name_of(e.alert->level) + " " + name_of(e.alert->description) : e.name;
}

std::string_view protection_class(const Event& e) {
  if (e.protection.empty() || e.protection == "none") return "none";
  if (e.protection.find("handshake") != std::string::npos) return "handshake";
  if (e.protection.find("application") != std::string::npos) return "application";
  return e.layer == "handshake" || e.layer == "change_cipher_spec" ? "handshake" : "application";
}

std::string connection_heading(int connection) {
  if (connection == 2) return "connection 2 (resumes connection 1 with its ticket)";
  return "connection " + std::to_string(connection);
}

std::vector<LadderRow> ladder_rows(const Trace& t) {
  std::vector<LadderRow> rows;
  rows.reserve(t.events.size());
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    LadderRow r;
    r.index = i;
    r.step = e.step;
    r.from = e.from;
    r.to = e.to;
    r.title = record_title(e);
    r.bytes = e.bytes.size();
    r.protection = e.protection;
    r.keys = protection_class(e);
    r.alert = e.alert.has_value();
    if (e.alert) r.reason = e.alert->reason.english();
    for (auto& n : e.notes) r.notes.push_back(n.english());
    r.connection = e.connection;
    // A TLS 1.3 trace may hold a second connection that resumes the first with its ticket.
    r.connection_start = e.connection != (i ? t.events[i - 1].connection : 1);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<SummaryRow> summary_rows(const Trace& t) {
  const Negotiated& n = t.negotiated;
  auto yes_no = [](bool b) { return std::string(b ? "yes" : "no"); };
  auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  std::vector<SummaryRow> rows = {
      {"outcome", "outcome", t.outcome.english()},
      {"version", "version", n.version ? version_name(n.version) : "-"},
      {"cipher_suite", "cipher suite", n.cipher_suite ? suite_name(n.cipher_suite) : "-"},
      {"group", "group", n.group ? name_of(*n.group) : "-"},
      {"signature_scheme", "signature scheme", n.signature_scheme ? name_of(*n.signature_scheme) : "-"},
  };
  if (n.version == kTls13) {
    // What TLS 1.3 negotiates; EMS, RFC 5746, compression and renegotiation do not exist in it.
    rows.push_back({"key_exchange_mode", "key exchange mode", or_dash(n.key_exchange_mode)});
    rows.push_back({"hello_retry_request", "HelloRetryRequest", yes_no(n.hello_retry_request)});
    rows.push_back({"early_data", "0-RTT early data", n.early_data.empty() ? "not offered" : n.early_data});
    rows.push_back({"client_authenticated", "client authenticated", yes_no(n.client_authenticated)});
    int connections = t.events.empty() ? 0 : t.events.back().connection;
    if (connections > 1)
      rows.push_back({"connections", "connections", std::to_string(connections) + " (the values above are the last one's)"});
  } else {
    rows.push_back({"extended_master_secret", "extended master secret", yes_no(n.extended_master_secret)});
    rows.push_back({"secure_renegotiation", "secure renegotiation", yes_no(n.secure_renegotiation)});
    rows.push_back({"compression", "compression", n.compression_method == 1 ? "DEFLATE" : "null"});
    rows.push_back({"client_authenticated", "client authenticated", yes_no(n.client_authenticated)});
    rows.push_back({"handshakes", "handshakes", std::to_string(n.handshakes)});
  }
  rows.push_back({"server_name", "server name", or_dash(n.server_name)});
  rows.push_back({"client_received", "client received",
                  std::to_string(t.client_app_received.size()) + " bytes of application data"});
  rows.push_back({"server_received", "server received",
                  std::to_string(t.server_app_received.size()) + " bytes of application data"});
  return rows;
}

}  // namespace sim::present

#include "export/text.hpp"

#include <cstdio>

namespace sim {

static std::string arrow(const Event& e) {
  std::string from(name_of(e.from)), to(name_of(e.to));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-8s -> %-8s", from.c_str(), to.c_str());
  return buf;
}

std::string connection_separator(int connection) {
  if (connection == 2) return "--- connection 2 (resumes connection 1 with its ticket) ---\n";
  return "--- connection " + std::to_string(connection) + " ---\n";
}

std::string ladder_text(const Trace& t) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%4s %4s  %-20s  %-48s %6s  %s\n", "#", "step", "direction", "record",
                "bytes", "protection");
  out += buf;
  for (size_t i = 0; i < t.events.size(); ++i) {
    const Event& e = t.events[i];
    // A TLS 1.3 trace may hold a second connection that resumes the first with its ticket.
    if (e.connection != (i ? t.events[i - 1].connection : 1))
      out += connection_separator(e.connection);
    std::string what = e.name;
    if (e.alert) what = "Alert: " + name_of(e.alert->level) + " " + name_of(e.alert->description);
    std::snprintf(buf, sizeof buf, "%4zu %4u  %s  %-48s %6zu  %s\n", i, e.step, arrow(e).c_str(),
                  what.c_str(), e.bytes.size(), e.protection.c_str());
    out += buf;
    if (e.alert && !e.alert->reason.empty()) out += "             reason: " + e.alert->reason + "\n";
    for (auto& n : e.notes) out += "             " + n + "\n";
  }
  return out;
}

std::string negotiated_text(const Trace& t) {
  const Negotiated& n = t.negotiated;
  std::string out;
  out += "outcome:                " + t.outcome + "\n";
  out += "version:                " + (n.version ? version_name(n.version) : std::string("-")) + "\n";
  out += "cipher suite:           " + (n.cipher_suite ? suite_name(n.cipher_suite) : std::string("-")) + "\n";
  out += "group:                  " + (n.group ? name_of(*n.group) : std::string("-")) + "\n";
  out += "signature scheme:       " + (n.signature_scheme ? name_of(*n.signature_scheme) : std::string("-")) + "\n";
  if (n.version == kTls13) {
    // What TLS 1.3 negotiates; EMS, RFC 5746, compression and renegotiation do not exist in it.
    out += "key exchange mode:      " + (n.key_exchange_mode.empty() ? std::string("-") : n.key_exchange_mode) + "\n";
    out += "HelloRetryRequest:      " + std::string(n.hello_retry_request ? "yes" : "no") + "\n";
    out += "0-RTT early data:       " + (n.early_data.empty() ? std::string("not offered") : n.early_data) + "\n";
    out += "client authenticated:   " + std::string(n.client_authenticated ? "yes" : "no") + "\n";
    int connections = t.events.empty() ? 0 : t.events.back().connection;
    if (connections > 1) out += "connections:            " + std::to_string(connections) + " (the values above are the last one's)\n";
  } else {
    out += "extended master secret: " + std::string(n.extended_master_secret ? "yes" : "no") + "\n";
    out += "secure renegotiation:   " + std::string(n.secure_renegotiation ? "yes" : "no") + "\n";
    out += "compression:            " + std::string(n.compression_method == 1 ? "DEFLATE" : "null") + "\n";
    out += "client authenticated:   " + std::string(n.client_authenticated ? "yes" : "no") + "\n";
    out += "handshakes:             " + std::to_string(n.handshakes) + "\n";
  }
  out += "server name:            " + (n.server_name.empty() ? std::string("-") : n.server_name) + "\n";
  out += "client received:        " + std::to_string(t.client_app_received.size()) + " bytes of application data\n";
  out += "server received:        " + std::to_string(t.server_app_received.size()) + " bytes of application data\n";
  return out;
}

std::string field_tree_text(const Field& f, int depth) {
  std::string out(depth * 2, ' ');
  char range[64];
  std::snprintf(range, sizeof range, "  [%s %u+%u]", f.space == ByteSpace::wire ? "wire" : "plain", f.offset, f.length);
  std::string value = f.value.size() > 100 ? f.value.substr(0, 97) + "..." : f.value;
  out += f.name + (value.empty() ? "" : ": " + value) + range + "\n";
  for (auto& c : f.children) out += field_tree_text(c, depth + 1);
  return out;
}

std::string derivation_text(const Derivation& d) {
  std::string out = "[" + std::string(name_of(d.actor)) + "] " + d.name + "  (" + d.spec + ")\n";
  out += "  formula: " + d.formula + "\n";
  auto list = [&](const char* head, const std::vector<NamedBytes>& v) {
    for (auto& n : v) {
      std::string hex = to_hex(n.value);
      if (hex.size() > 128) hex = hex.substr(0, 128) + "... (" + std::to_string(n.value.size()) + " bytes)";
      out += std::string("  ") + head + " " + n.name + " = " + hex + (n.note.empty() ? "" : "   <- " + n.note) + "\n";
    }
  };
  list("input", d.inputs);
  list("step ", d.steps);
  out += "  output = " + to_hex(d.output) + "\n";
  for (auto& p : d.parts)
    out += "    " + p.name + " = " + to_hex(ByteView(d.output).subspan(p.offset, p.length)) + "\n";
  return out;
}

std::string keylog_text(const std::vector<std::string>& lines) {
  std::string out = "# NSS key log written by tlslab (SSLKEYLOGFILE format)\n";
  for (auto& l : lines) out += l;
  return out;
}

}  // namespace sim

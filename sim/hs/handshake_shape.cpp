#include "hs/handshake_shape.hpp"

namespace sim {

namespace {
using S = HsState;
using K = RowKind;
using H = HandshakeType;

constexpr ShapeRow kClientHello[] = {
    {S::SendClientHello, K::send},
    {S::SendEarlyData, K::send, H::hello_request, kShapeEarlyData},
    {S::ReadServerHello, K::read, H::server_hello},
};

// SSL 3.0 to TLS 1.2 client (RFC 6101 5.5, RFC 5246 7.3). A resumed session (RFC 5246 7.3
// figure 2) skips certificates and key exchange, and the server sends its Finished first.
constexpr ShapeRow kClient12[] = {
    {S::ReadServerHello, K::read, H::server_hello},
    {S::ReadServerCertificate, K::read, H::certificate, 0, kShapeResumed},
    {S::ReadCertificateStatus, K::read, H::certificate_status, kShapeOcsp, kShapeResumed, true},
    {S::ReadServerKeyExchange, K::read, H::server_key_exchange, kShapeServerKx, kShapeResumed},
    {S::ReadCertificateRequest, K::read, H::certificate_request, kShapeClientAuth, kShapeResumed, true},
    {S::ReadServerHelloDone, K::read, H::server_hello_done, 0, kShapeResumed},
    {S::SendClientCertificate, K::send, H::hello_request, kShapeClientAuth, kShapeResumed},
    {S::SendClientKeyExchange, K::send, H::hello_request, 0, kShapeResumed},
    {S::SendClientCertificateVerify, K::send, H::hello_request, kShapeClientAuth | kShapeClientCert, kShapeResumed},
    {S::SendClientChangeCipherSpec, K::send, H::hello_request, 0, kShapeResumed},
    {S::SendClientFinished, K::send, H::hello_request, 0, kShapeResumed},
    {S::ReadNewSessionTicket, K::read, H::new_session_ticket, kShapeTickets},  // RFC 5077 3.3
    {S::ReadServerChangeCipherSpec, K::read_ccs},
    {S::ReadServerFinished, K::read, H::finished},
    {S::SendClientChangeCipherSpec, K::send, H::hello_request, kShapeResumed},
    {S::SendClientFinished, K::send, H::hello_request, kShapeResumed},
    {S::Connected, K::connected},
    {S::Connected, K::post, H::hello_request},  // the server asks for a renegotiation
};

// TLS 1.3 client (RFC 8446 2, 4), entered at the ServerHello or HelloRetryRequest.
constexpr ShapeRow kClient13[] = {
    {S::ReadServerHello, K::read, H::server_hello},
    {S::SendSecondClientHello, K::send, H::hello_request, kShapeHrr},
    {S::ReadSecondServerHello, K::read, H::server_hello, kShapeHrr},
    {S::ReadEncryptedExtensions, K::read, H::encrypted_extensions},
    {S::ReadCertificateRequest, K::read, H::certificate_request, kShapeClientAuth, kShapePsk, true},
    {S::ReadServerCertificate, K::read, H::certificate, 0, kShapePsk},
    {S::ReadServerCertificateVerify, K::read, H::certificate_verify, 0, kShapePsk},
    {S::ReadServerFinished, K::read, H::finished},
    {S::SendCompatChangeCipherSpec, K::send, H::hello_request, kShapeCompatCcs},
    {S::SendEndOfEarlyData, K::send, H::hello_request, kShapeEarlyAccepted},
    {S::SendClientCertificate, K::send, H::hello_request, kShapeClientAuth},
    {S::SendClientCertificateVerify, K::send, H::hello_request, kShapeClientAuth | kShapeClientCert},
    {S::SendClientFinished, K::send},
    {S::Connected, K::connected},
    {S::Connected, K::post, H::new_session_ticket},
    {S::Connected, K::post, H::key_update},
};

constexpr ShapeRow kServerHello[] = {
    {S::ReadClientHello, K::read, H::client_hello},
};

constexpr ShapeRow kServer12[] = {
    {S::ReadClientHello, K::read, H::client_hello},
    {S::SendServerHello, K::send},
    {S::SendServerCertificate, K::send, H::hello_request, 0, kShapeResumed},
    {S::SendCertificateStatus, K::send, H::hello_request, kShapeOcsp, kShapeResumed},
    {S::SendServerKeyExchange, K::send, H::hello_request, kShapeServerKx, kShapeResumed},
    {S::SendCertificateRequest, K::send, H::hello_request, kShapeClientAuth, kShapeResumed},
    {S::SendServerHelloDone, K::send, H::hello_request, 0, kShapeResumed},
    {S::ReadClientCertificate, K::read, H::certificate, kShapeClientAuth, kShapeResumed},
    {S::ReadClientKeyExchange, K::read, H::client_key_exchange, 0, kShapeResumed},
    {S::ReadClientCertificateVerify, K::read, H::certificate_verify, kShapeClientAuth | kShapeClientCert, kShapeResumed},
    {S::ReadClientChangeCipherSpec, K::read_ccs, H::hello_request, 0, kShapeResumed},
    {S::ReadClientFinished, K::read, H::finished, 0, kShapeResumed},
    {S::SendNewSessionTicket, K::send, H::hello_request, kShapeTickets},  // RFC 5077 3.3
    {S::SendServerChangeCipherSpec, K::send},
    {S::SendServerFinished, K::send},
    {S::ReadClientChangeCipherSpec, K::read_ccs, H::hello_request, kShapeResumed},
    {S::ReadClientFinished, K::read, H::finished, kShapeResumed},
    {S::Connected, K::connected},
    {S::Connected, K::post, H::client_hello},  // a renegotiation (RFC 5746)
};

constexpr ShapeRow kServer13[] = {
    {S::ReadClientHello, K::read, H::client_hello},
    {S::SendHelloRetryRequest, K::send, H::hello_request, kShapeHrr},
    {S::ReadSecondClientHello, K::read, H::client_hello, kShapeHrr},
    {S::SendServerHello, K::send},
    {S::SendCompatChangeCipherSpec, K::send, H::hello_request, kShapeCompatCcs},
    {S::SendEncryptedExtensions, K::send},
    {S::SendCertificateRequest, K::send, H::hello_request, kShapeClientAuth, kShapePsk},
    {S::SendServerCertificate, K::send, H::hello_request, 0, kShapePsk},
    {S::SendServerCertificateVerify, K::send, H::hello_request, 0, kShapePsk},
    {S::SendServerFinished, K::send},
    {S::ReadEndOfEarlyData, K::read, H::end_of_early_data, kShapeEarlyAccepted},
    {S::ReadClientCertificate, K::read, H::certificate, kShapeClientAuth},
    {S::ReadClientCertificateVerify, K::read, H::certificate_verify, kShapeClientAuth | kShapeClientCert},
    {S::ReadClientFinished, K::read, H::finished},
    {S::SendNewSessionTicket, K::send, H::hello_request, kShapeTickets},
    {S::Connected, K::connected},
    {S::Connected, K::post, H::key_update},
};
}  // namespace

std::string_view name_of(Machine m) {
  switch (m) {
    case Machine::client_hello: return "client hello";
    case Machine::client12: return "SSL 3.0-TLS 1.2 client";
    case Machine::client13: return "TLS 1.3 client";
    case Machine::server_hello: return "server hello";
    case Machine::server12: return "SSL 3.0-TLS 1.2 server";
    case Machine::server13: return "TLS 1.3 server";
  }
  return "?";
}

std::span<const ShapeRow> shape_rows(Machine m) {
  switch (m) {
    case Machine::client_hello: return kClientHello;
    case Machine::client12: return kClient12;
    case Machine::client13: return kClient13;
    case Machine::server_hello: return kServerHello;
    case Machine::server12: return kServer12;
    case Machine::server13: return kServer13;
  }
  return {};
}

std::string shape_flags_text(uint32_t flags) {
  static constexpr std::pair<uint32_t, const char*> kNames[] = {
      {kShapeOcsp, "OCSP_STATUS"},   {kShapeServerKx, "SERVER_KEY_EXCHANGE"}, {kShapeClientAuth, "CLIENT_AUTH"},
      {kShapeClientCert, "CLIENT_CERT"}, {kShapeHrr, "HELLO_RETRY_REQUEST"}, {kShapePsk, "PSK"},
      {kShapeEarlyData, "EARLY_DATA"}, {kShapeEarlyAccepted, "EARLY_DATA_ACCEPTED"},
      {kShapeCompatCcs, "MIDDLEBOX_COMPAT"}, {kShapeTickets, "TICKETS"}, {kShapeResumed, "RESUMED"}};
  std::string s;
  for (auto [f, n] : kNames)
    if (flags & f) s += (s.empty() ? "" : "|") + std::string(n);
  return s.empty() ? "FULL" : s;
}

std::string expected_text(const ShapeRow& r) {
  switch (r.kind) {
    case RowKind::read:
    case RowKind::post: return name_of(r.type);
    case RowKind::read_ccs: return "ChangeCipherSpec";
    case RowKind::send: return "nothing (this side is sending)";
    case RowKind::connected: return "no handshake message";
  }
  return "?";
}

std::vector<HsState> expected_states(bool client, bool tls13, uint32_t flags, uint32_t waited) {
  std::vector<HsState> out;
  auto take = [&](Machine m, bool drop_last) {
    auto rows = shape_rows(m);
    for (size_t i = 0; i + (drop_last ? 1 : 0) < rows.size(); ++i)
      if (rows[i].kind != RowKind::post &&
          (row_enabled(rows[i], flags) || (rows[i].optional && row_enabled(rows[i], flags | (waited & rows[i].need)))))
        out.push_back(rows[i].state);
  };
  take(client ? Machine::client_hello : Machine::server_hello, true);
  take(client ? (tls13 ? Machine::client13 : Machine::client12) : (tls13 ? Machine::server13 : Machine::server12), false);
  return out;
}

}  // namespace sim

// The client: the state every version shares (this class, with Connection: configuration,
// rng, and the handshake's transcript, randoms, suite, negotiated parameters in ctx_) and the handlers of three state
// tables (handshake_shape.hpp): the hello machine (client.cpp) sends the ClientHello and reads
// the ServerHello, which picks the SSL 3.0-TLS 1.2 machine (client12.cpp, RFC 6101 5.5,
// RFC 5246 7.3) or the TLS 1.3 one (client13.cpp, RFC 8446 2, 4). Handlers never choose the
// next state: they read or send one message and set shape flags; the table does the rest.
#pragma once
#include <algorithm>
#include "crypto/crypto.hpp"
#include "hs/connection.hpp"
#include "hs/key_exchange.hpp"
#include "hs/key_schedule.hpp"
#include "hs/signatures.hpp"
#include "pki/validate.hpp"
#include "wire/certificate_status.hpp"
#include "pki/cert.hpp"
#include "hs/tls13.hpp"
#include "hs/session12.hpp"

namespace sim::detail {

class Client : public Connection {
 public:
  Client(const ClientConfig& cfg, uint64_t seed);
  void start() override;
  void renegotiate() override;
  std::string state_name() const override;
  std::vector<SessionTicket> session_tickets() const override { return tickets_; }
  std::optional<Session12> resumable_session() const override;

 protected:
  Status on_handshake(HandshakeType t, ByteView body) override;
  Status on_change_cipher_spec() override;
  Status on_read(HsState s, HandshakeType t, Dissector& d) override;
  Status on_send(HsState s) override;
  Status on_skip(HsState s) override;
  void on_close_notify() override { close(); }
  Status on_warning_alert(AlertDescription a) override;
  void after_record() override;

 private:
  // The HTTP request this client sends (early or after the handshake): the configured one, or a
  // GET for the host with the session cookie.
  Bytes http_request() const;
  bool initial() const { return ctx_.neg.handshakes == 0; }
  bool tls13() const { return machine_ == Machine::client13; }
  // Starts a handshake (the first, or a renegotiation) at SendClientHello.
  void begin_client_handshake();

  // ---- hello machine (client.cpp) ----
  Status do_read_server_hello(Dissector& d);
  Status check_downgrade(const ServerHello& sh);
  Result<Bytes> validate_chain(const std::vector<Bytes>& chain, const std::optional<Bytes>& stapled_ocsp);

  // ---- SSL 3.0 to TLS 1.2 (client12.cpp) ----
  void send_client_hello12();
  Status read_server_hello12(const ServerHello& sh);
  Status read_certificate12(Dissector& d);
  Status read_certificate_status(Dissector& d);
  Status finish_certificate(const std::optional<Bytes>& stapled_ocsp);
  Status read_server_key_exchange(Dissector& d);
  Status read_certificate_request12(Dissector& d);
  Status read_server_hello_done(Dissector& d);
  Status send_client_certificate12();
  Status send_client_key_exchange();
  Status send_certificate_verify12();
  Status send_client_finished12();
  Status read_server_finished12(Dissector& d);
  Status read_hello_request(Dissector& d);
  Status resume_session12(const ServerHello& sh);
  Status read_new_session_ticket12(Dissector& d);
  void complete12();  // the handshake is over: the session becomes resumable
  SignatureScheme client_scheme() const;

  // ---- TLS 1.3 (client13.cpp) ----
  void send_client_hello13(bool retry);
  void send_early_data();
  Status on_server_hello13(const ServerHello& sh);
  Status on_hello_retry_request(const ServerHello& sh);
  Status read_second_server_hello(Dissector& d);
  Status read_encrypted_extensions(Dissector& d);
  Status read_certificate_request13(Dissector& d);
  Status read_certificate13(Dissector& d);
  Status read_certificate_verify13(Dissector& d);
  Status read_finished13(Dissector& d);
  void send_compat_ccs13();
  void send_end_of_early_data();
  void install_handshake_write13();
  void send_client_certificate13();
  Status send_certificate_verify13();
  void send_client_finished13();
  Status read_new_session_ticket(Dissector& d);
  void after_record13();
  bool offered_tls12() const { return cfg_.min_version <= kTls12; }

  // TLS 1.3 state
  bool hrr_seen_ = false, early_sent_ = false, early_accepted_ = false, psk_offered_ = false,
       psk_accepted_ = false, compat_ccs_sent_ = false, key_update_done_ = false;
  uint16_t hrr_suite_ = 0;
  std::optional<CipherState> client_hs_write_;
  std::vector<SessionTicket> tickets_;

  // Shared by the machines (the handshake's data is in ctx_)
  ClientConfig cfg_;
  Bytes previous_client_random_;  // restored when the server refuses a renegotiation
  bool request_sent_ = false;
  bool renegotiation_tried_ = false;
  Session12 session_;  // SSL 3.0-TLS 1.2: this connection's session, as it will be resumable
};

}  // namespace sim::detail

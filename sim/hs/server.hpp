// The server: the state every version shares (this class, with Connection) and the handlers
// of three state tables (handshake_shape.hpp): the hello machine reads the ClientHello, which
// picks the SSL 3.0-TLS 1.2 machine (server12.cpp, RFC 6101 5.5, RFC 5246 7.3, with client
// authentication and renegotiation, RFC 5746) or the TLS 1.3 one (server13.cpp, RFC 8446).
// Handlers read or send one message and set shape flags; the table picks the next state.
#pragma once
#include <algorithm>
#include "crypto/crypto.hpp"
#include "hs/connection.hpp"
#include "hs/key_exchange.hpp"
#include "hs/key_schedule.hpp"
#include "hs/signatures.hpp"
#include "wire/certificate_status.hpp"
#include "pki/cert.hpp"
#include "hs/tls13.hpp"
#include "hs/session12.hpp"

namespace sim::detail {

template <class V, class T>
inline bool contains(const V& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

class Server : public Connection {
 public:
  Server(const ServerConfig& cfg, uint64_t seed);
  std::string state_name() const override;
  void renegotiate() override;

 protected:
  Status on_change_cipher_spec() override;
  Status on_read(HsState s, HandshakeType t, Dissector& d) override;
  Status on_send(HsState s) override;
  Status on_warning_alert(AlertDescription a) override;
  // TLS 1.3 answers from after_record13, which may first send a KeyUpdate.
  void on_application_data() override {
    if (!tls13()) maybe_respond();
  }
  void after_record() override;
  void on_close_notify() override { close(); }

 private:
  bool initial() const { return ctx_.neg.handshakes == 0; }
  bool tls13() const { return machine_ == Machine::server13; }
  // Answers the HTTP request once no renegotiation is pending (a requested one must finish
  // first: nothing may follow our close_notify, RFC 5246 7.2.1).
  void maybe_respond();

  // ---- hello machine (server.cpp) ----
  Status read_client_hello(Dissector& d);
  Status read_renegotiation_hello(Dissector& d);

  // ---- SSL 3.0 to TLS 1.2 (server12.cpp) ----
  Status read_client_hello12(const ClientHello& ch);
  Status check_renegotiation_info12(const ClientHello& ch);
  Status check_fallback_scsv(const ClientHello& ch);
  static uint16_t highest_offered(const ClientHello& ch);
  Status choose_suite12(const ClientHello& ch, uint16_t version);
  bool ecdsa_suite_possible(const ClientHello& ch, uint16_t version) const;
  bool serves_ecdsa_credential() const;
  void send_server_hello12();
  void send_server_certificate12();
  // Resumption (RFC 5246 7.3, RFC 5077): the session the ClientHello asks for, if this server
  // can and may resume it (notes say why not), and the NewSessionTicket sent after a full one.
  Result<std::optional<Session12>> find_session12(const ClientHello& ch, uint16_t version, bool* by_ticket);
  Status negotiate_max_fragment_length(const ClientHello& ch, uint16_t version);
  void send_new_session_ticket12();
  void complete12();  // the handshake is over: its session goes into the cache
  void send_certificate_status();
  Status send_server_key_exchange();
  void send_certificate_request12();
  void send_server_hello_done();
  Status read_client_certificate12(Dissector& d);
  Status read_client_key_exchange(Dissector& d);
  Status read_certificate_verify12(Dissector& d);
  Status read_client_finished12(Dissector& d);
  void send_server_finished12();

  // ---- TLS 1.3 (server13.cpp) ----
  Status read_client_hello13(const ClientHello& ch);
  Status read_second_client_hello(Dissector& d);
  Status choose_signature_scheme13(const ClientHello& ch);
  Status send_hello_retry_request();
  Status send_server_hello13();
  void send_compat_ccs13();
  void send_encrypted_extensions();
  void send_certificate_request13();
  void send_server_certificate13();
  Status send_certificate_verify13();
  void send_server_finished13();
  Status read_end_of_early_data(Dissector& d);
  Status read_client_certificate13(Dissector& d);
  Status read_client_certificate_verify13(Dissector& d);
  Status read_client_finished13(Dissector& d);
  void send_tickets();
  void after_record13();
  // Checks the PSK offer; returns the PSK when the ticket opens and the binder matches.
  Result<std::optional<Bytes>> accept_psk(const ClientHello& ch, const CipherSuiteInfo& suite, uint32_t* max_early);
  void install_client_handshake_read();

  // TLS 1.3 state
  bool hrr_sent_ = false, compat_ = false, compat_ccs_sent_ = false, psk_mode_ = false,
       client_sent_psk_modes_ = false, key_update_done_ = false;
  Bytes first_random_;
  std::optional<NamedGroup> hrr_group_;
  uint16_t hrr_suite_ = 0;
  std::optional<CipherState> client_hs_read_;
  std::string sni_;
  // What the ClientHello read decided, for the send states that follow (with ctx_.group and
  // ctx_.peer_share).
  std::optional<NamedGroup> wanted_group_;  // HelloRetryRequest: the group asked for
  bool psk_ke_ = false, accept_early_ = false;

  // Shared by the machines (the handshake's data is in ctx_)
  ServerConfig cfg_;
  const CipherSuiteInfo* hrr_suite_info_ = nullptr;
  bool responded_ = false;
  bool hello_request_sent_ = false;
  Bytes session_id_;  // SSL 3.0-TLS 1.2: this handshake's ServerHello.session_id
  bool mfl_echo_ = false;
};

}  // namespace sim::detail

// SSL 3.0 / TLS 1.0-1.2 client (RFC 6101 5.5, RFC 5246 7.3): one do_ function per state, each
// reading one message. Renegotiation (RFC 5746) restarts the state machine inside the channel.
// The class is in a header so that its TLS 1.3 half can live in client13.cpp.
#pragma once
#include <algorithm>
#include "crypto/crypto.hpp"
#include "hs/connection.hpp"
#include "hs/key_exchange.hpp"
#include "hs/key_schedule.hpp"
#include "hs/signatures.hpp"
#include "pki/validate.hpp"
#include "wire/certificate_status.hpp"
#include "x509/x509.hpp"
#include "hs/tls13.hpp"

namespace sim::detail {


enum class ClientState {
  ReadServerHello,
  ReadCertificate,
  ReadCertificateStatus,
  ReadServerKeyExchange,
  ReadCertificateRequestOrServerHelloDone,
  ReadServerChangeCipherSpec,
  ReadServerFinished,
  Connected,
};

inline const char* state_text(ClientState s) {
  switch (s) {
    case ClientState::ReadServerHello: return "read ServerHello";
    case ClientState::ReadCertificate: return "read Certificate";
    case ClientState::ReadCertificateStatus: return "read CertificateStatus";
    case ClientState::ReadServerKeyExchange: return "read ServerKeyExchange";
    case ClientState::ReadCertificateRequestOrServerHelloDone: return "read ServerHelloDone";
    case ClientState::ReadServerChangeCipherSpec: return "read ChangeCipherSpec";
    case ClientState::ReadServerFinished: return "read Finished";
    case ClientState::Connected: return "connected";
  }
  return "?";
}

class Client : public Connection {
 public:
  Client(const ClientConfig& cfg, uint64_t seed) : Connection(Actor::client, seed), cfg_(cfg) {
    record_version_ = std::min<uint16_t>(cfg_.max_version, kTls10);
  }

  void start() override { send_client_hello(); }

  void renegotiate() override {
    if (!handshake_complete() || handshaking() || failed()) return;
    if (tls13_) {
      note("TLS 1.3 has no renegotiation (RFC 8446 4.1.2)");
      return;
    }
    if (!neg_.secure_renegotiation && !cfg_.allow_legacy_renegotiation) {
      note("renegotiation skipped: the server does not support RFC 5746 and legacy renegotiation is off");
      return;
    }
    note("starting a renegotiation inside the protected channel");
    send_client_hello();
  }

  std::string state_name() const override {
    if (tls13_) return "TLS 1.3 client: " + std::string(handshake_complete() ? "connected" : "handshaking");
    return version_name(version_ ? version_ : cfg_.max_version) + " client: " + state_text(state_);
  }

 protected:
  Status on_handshake(HandshakeType t, ByteView body) override {
    Field scratch;
    Dissector d(ByteReader(body), &scratch);
    if (tls13_) return on_handshake13(t, d);
    if (t == HandshakeType::hello_request) {
      if (!body.empty()) return decode_error("HelloRequest must be empty");
      if (state_ != ClientState::Connected) return Ok{};  // ignored during a handshake (RFC 5246 7.4.1.1)
      if (sent_close_notify() || received_close_notify()) return Ok{};  // the connection is closing
      if (!cfg_.accept_renegotiation || (!neg_.secure_renegotiation && !cfg_.allow_legacy_renegotiation)) {
        note("HelloRequest refused");
        send_alert(AlertLevel::warning, AlertDescription::no_renegotiation,
                   neg_.secure_renegotiation ? "this client does not renegotiate"
                                             : "the server does not support secure renegotiation (RFC 5746)");
        return Ok{};
      }
      note("HelloRequest: renegotiating");
      send_client_hello();
      return Ok{};
    }
    switch (state_) {
      case ClientState::ReadServerHello:
        if (t != HandshakeType::server_hello) break;
        return do_read_server_hello(d);
      case ClientState::ReadCertificate:
        if (t != HandshakeType::certificate) break;
        return do_read_certificate(d);
      case ClientState::ReadCertificateStatus: {
        // RFC 6066 8: the server may acknowledge status_request and still send no
        // CertificateStatus; then the chain is checked without a stapled answer.
        if (t == HandshakeType::certificate_status) {
          auto cs = parse_certificate_status(d);
          if (!cs) return cs.error();
          return finish_certificate(cs->ocsp_response);
        }
        SIM_TRY(finish_certificate(std::nullopt));
        return on_handshake(t, body);
      }
      case ClientState::ReadServerKeyExchange:
        if (t != HandshakeType::server_key_exchange) break;
        return do_read_server_key_exchange(d);
      case ClientState::ReadCertificateRequestOrServerHelloDone:
        if (t == HandshakeType::certificate_request && !cert_request_) return do_read_certificate_request(d);
        if (t != HandshakeType::server_hello_done) break;
        return do_read_server_hello_done(body);
      case ClientState::ReadServerFinished:
        if (t != HandshakeType::finished) break;
        return do_read_server_finished(d);
      default: break;
    }
    return fail(AlertDescription::unexpected_message,
                name_of(t) + " is not expected in state \"" + state_text(state_) + "\"");
  }

  Status on_change_cipher_spec() override {
    if (tls13_ && handshaking()) {  // after a HelloRetryRequest, before any key is in use
      note("compatibility change_cipher_spec ignored (RFC 8446 5)");
      return Ok{};
    }
    if (state_ != ClientState::ReadServerChangeCipherSpec)
      return fail(AlertDescription::unexpected_message, "ChangeCipherSpec before the client's Finished was sent");
    activate_pending_read();
    note("server_write keys now protect records from the server");
    state_ = ClientState::ReadServerFinished;
    return Ok{};
  }

  void on_close_notify() override { close(); }

  Status on_warning_alert(AlertDescription a) override {
    // A refused renegotiation leaves the current session in place (RFC 5246 7.2.2).
    if (a == AlertDescription::no_renegotiation && handshaking() && !initial() && state_ == ClientState::ReadServerHello) {
      note("the server refused to renegotiate; the connection continues with the current keys");
      state_ = ClientState::Connected;
      handshaking_ = false;
      client_random_ = previous_client_random_;
    }
    return Ok{};
  }

  void after_record() override {
    if (tls13_) return after_record13();
    if (!handshake_complete() || handshaking() || received_close_notify() || sent_close_notify()) return;
    if (cfg_.renegotiate && neg_.handshakes == 1 && !renegotiation_tried_) {
      renegotiation_tried_ = true;
      renegotiate();
      if (handshaking()) return;
    }
    if (cfg_.send_http_request && !request_sent_) {
      request_sent_ = true;
      send_application_data(http_request_for(cfg_.host));
    }
  }

 private:
  bool initial() const { return neg_.handshakes == 0; }

  void send_client_hello() {
    if (cfg_.max_version >= kTls13) return send_client_hello13(false);
    previous_client_random_ = client_random_;
    begin_handshake();
    cert_request_.reset();
    ClientHello ch;
    ch.client_version = cfg_.max_version;
    ch.random = rng_.bytes(32);
    client_random_ = ch.random;
    for (uint16_t id : cfg_.suites) {
      const CipherSuiteInfo* s = suite_by_id(id);
      if (!s || !s->usable_in(cfg_.min_version, cfg_.max_version)) continue;
      ch.cipher_suites.push_back(id);
    }
    if (ch.cipher_suites.empty()) {
      fail_locally(fail(AlertDescription::handshake_failure, "none of the configured cipher suites can be used with " +
                                                                version_name(cfg_.min_version) + " to " + version_name(cfg_.max_version)));
      return;
    }
    ch.compression_methods = cfg_.offer_deflate ? Bytes{1, 0} : Bytes{0};
    bool secure = cfg_.offer_renegotiation_info && (initial() || neg_.secure_renegotiation);
    if (cfg_.max_version == kSsl3) {
      // SSL 3.0 has no extensions: signal RFC 5746 with the SCSV (initial handshake only).
      ch.has_extensions_block = false;
      if (secure && initial()) ch.cipher_suites.push_back(kTlsEmptyRenegotiationInfoScsv);
      if (secure && !initial()) {
        ch.has_extensions_block = true;
        ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list(client_verify_data_)});
      }
    } else {
      ch.extensions.push_back({uint16_t(ExtensionType::server_name), ext_server_name(cfg_.host)});
      std::vector<uint16_t> groups;
      for (auto g : cfg_.groups) groups.push_back(uint16_t(g));
      ch.extensions.push_back({uint16_t(ExtensionType::supported_groups), ext_u16_list(groups)});
      ch.extensions.push_back({uint16_t(ExtensionType::ec_point_formats), ext_u8_list(Bytes{0})});
      if (cfg_.max_version >= kTls12) {
        std::vector<uint16_t> schemes;
        for (auto s : cfg_.signature_schemes) schemes.push_back(uint16_t(s));
        ch.extensions.push_back({uint16_t(ExtensionType::signature_algorithms), ext_u16_list(schemes)});
      }
      if (cfg_.offer_extended_master_secret)
        ch.extensions.push_back({uint16_t(ExtensionType::extended_master_secret), {}});
      if (cfg_.validation.request_ocsp_stapling)
        ch.extensions.push_back({uint16_t(ExtensionType::status_request), status_request_extension_data()});
      // RFC 5746 3.5: the renegotiating ClientHello carries the previous client verify_data.
      if (secure) ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list(initial() ? Bytes{} : client_verify_data_)});
    }
    offered_ = ch;
    state_ = ClientState::ReadServerHello;
    send_handshake(HandshakeType::client_hello, encode(ch));
  }

  Status do_read_server_hello(Dissector& d) {
    auto sh = parse_server_hello(d);
    if (!sh) return sh.error();
    if (cfg_.max_version >= kTls13 && (sh->selected_version || sh->is_hello_retry_request())) return on_server_hello13(*sh);
    SIM_TRY(check_downgrade(*sh));
    if (sh->server_version < cfg_.min_version || sh->server_version > cfg_.max_version)
      return fail(AlertDescription::protocol_version,
                  "server chose " + version_name(sh->server_version) + " but the client offered " +
                      version_name(cfg_.min_version) + " to " + version_name(cfg_.max_version));
    if (!initial() && sh->server_version != version_)
      return fail(AlertDescription::protocol_version, "the version may not change in a renegotiation");
    bool offered = std::find(offered_.cipher_suites.begin(), offered_.cipher_suites.end(), sh->cipher_suite) != offered_.cipher_suites.end();
    const CipherSuiteInfo* suite = suite_by_id(sh->cipher_suite);
    if (!offered || !suite)
      return fail(AlertDescription::illegal_parameter, "server selected cipher suite " + suite_name(sh->cipher_suite) + " that the client did not offer");
    if (!suite->allowed_in(sh->server_version))
      return fail(AlertDescription::illegal_parameter, std::string(suite->name) + " cannot be used with " + version_name(sh->server_version));
    if (std::find(offered_.compression_methods.begin(), offered_.compression_methods.end(), sh->compression_method) == offered_.compression_methods.end())
      return fail(AlertDescription::illegal_parameter, "server selected a compression method the client did not offer");
    for (auto& e : sh->extensions) {
      bool ok = e.type == uint16_t(ExtensionType::renegotiation_info) && cfg_.offer_renegotiation_info;  // SCSV counts
      for (auto& o : offered_.extensions) ok |= o.type == e.type;
      if (!ok) return fail(AlertDescription::unsupported_extension, "server sent " + name_of(ExtensionType(e.type)) + ", which the client did not offer");
    }
    if (sh->extended_master_secret && sh->server_version == kSsl3)
      return fail(AlertDescription::illegal_parameter, "extended_master_secret does not exist in SSL 3.0");
    // RFC 5746 3.4 (initial) and 3.5 (renegotiation).
    if (initial()) {
      if (sh->renegotiation_info && !sh->renegotiation_info->empty())
        return fail(AlertDescription::handshake_failure, "renegotiation_info must be empty on an initial handshake (RFC 5746 3.4)");
      neg_.secure_renegotiation = sh->renegotiation_info.has_value();
    } else if (neg_.secure_renegotiation) {
      Bytes expect = concat({client_verify_data_, server_verify_data_});
      if (!sh->renegotiation_info || *sh->renegotiation_info != expect)
        return fail(AlertDescription::handshake_failure, "renegotiation_info does not carry the previous verify_data (RFC 5746 3.5)");
      note("renegotiation_info matches client_verify_data + server_verify_data of the previous handshake");
    } else if (sh->renegotiation_info) {
      return fail(AlertDescription::handshake_failure, "renegotiation_info appeared in a renegotiation of an insecure connection");
    }
    version_ = sh->server_version;
    record_version_ = version_;
    suite_ = suite;
    server_random_ = sh->random;
    compression_ = sh->compression_method;
    neg_.version = version_;
    neg_.cipher_suite = sh->cipher_suite;
    neg_.compression_method = compression_;
    neg_.extended_master_secret = sh->extended_master_secret;
    stapling_acked_ = std::any_of(sh->extensions.begin(), sh->extensions.end(),
                                  [](const Extension& e) { return e.type == uint16_t(ExtensionType::status_request); });
    neg_.server_name = cfg_.host;
    neg_.group.reset();
    neg_.signature_scheme.reset();
    note("server chose " + version_name(version_) + ", " + std::string(suite_->name) + (compression_ ? ", DEFLATE compression" : ""));
    state_ = ClientState::ReadCertificate;
    return Ok{};
  }

  Status do_read_certificate(Dissector& d) {
    auto c = parse_certificate(d);
    if (!c) return c.error();
    if (c->certificate_list.empty()) return fail(AlertDescription::bad_certificate, "the server sent no certificate");
    auto spki = x509::certificate_spki(c->certificate_list[0]);
    if (!spki) return spki.error();
    server_chain_ = c->certificate_list;
    if (stapling_acked_) {
      state_ = ClientState::ReadCertificateStatus;
      return Ok{};
    }
    return finish_certificate(std::nullopt);
  }

  // Validates the chain (with a stapled OCSP answer, if any): one entry point for every
  // client version (sim/pki/validate.hpp). Returns the leaf's key.
  Result<Bytes> validate_chain(const std::vector<Bytes>& chain, const std::optional<Bytes>& stapled_ocsp) {
    auto spki = x509::certificate_spki(chain[0]);
    if (!spki) return spki.error();
    if (cfg_.validation.enabled) {
      auto v = pki::validate_server_chain(chain, cfg_.validation, stapled_ocsp);
      for (auto& x : v.exchanges) add_check(pki::exchange_derivation(Actor::client, x));
      for (auto& d : v.checks) add_check(std::move(d));
      for (auto& n : v.notes) note(n);
      if (!v.ok()) return *v.failure;  // the alert is mapped for SSL 3.0 when sent
      note("server certificate chain validated (" + std::to_string(v.checks.size()) + " checks passed)");
    } else {
      note("server public key taken from the leaf certificate (chain validation is switched off in this scenario)");
    }
    return *spki;
  }

  Status finish_certificate(const std::optional<Bytes>& stapled_ocsp) {
    auto spki = validate_chain(server_chain_, stapled_ocsp);
    if (!spki) return spki.error();
    if (crypto::rsa_modulus_bytes(*spki) == 0)
      return fail(AlertDescription::unsupported_certificate, "the server certificate's key is not RSA, which these suites require");
    server_spki_ = *spki;
    key_transport_spki_ = *spki;
    state_ = suite_->kx == KeyExchange::rsa ? ClientState::ReadCertificateRequestOrServerHelloDone
                                            : ClientState::ReadServerKeyExchange;
    return Ok{};
  }

  Status do_read_server_key_exchange(Dissector& d) {
    auto ske = parse_server_key_exchange(d, parse_context());
    if (!ske) return ske.error();
    SignatureScheme scheme = SignatureScheme(ske->signature_algorithm);
    if (version_ >= kTls12 && std::find(cfg_.signature_schemes.begin(), cfg_.signature_schemes.end(), scheme) == cfg_.signature_schemes.end())
      return fail(AlertDescription::illegal_parameter, "ServerKeyExchange signed with " + name_of(scheme) + ", which the client did not offer");
    Bytes signed_data = concat({client_random_, server_random_, ske->params});
    bool ok = verify_handshake(version_, server_spki_, scheme, signed_data, ske->signature);
    add_check(signature_check_derivation(Actor::client, version_, *ske, client_random_, server_random_, ok));
    if (!ok) return fail(AlertDescription::decrypt_error, "ServerKeyExchange signature does not verify with the certificate's public key");
    note("ServerKeyExchange signature verified with the certificate's RSA key");
    if (version_ >= kTls12) neg_.signature_scheme = scheme;
    if (suite_->kx == KeyExchange::ecdhe_rsa) {
      bool group_offered = false;
      for (auto g : cfg_.groups) group_offered |= uint16_t(g) == ske->named_curve;
      if (!group_offered) return fail(AlertDescription::illegal_parameter, "server chose group " + name_of(NamedGroup(ske->named_curve)) + ", which the client did not offer");
      neg_.group = NamedGroup(ske->named_curve);
    } else if (suite_->kx == KeyExchange::dhe_rsa) {
      if (ske->dh_p.size() < 128) return fail(AlertDescription::insufficient_security, "DHE prime shorter than 1024 bits");
      if (ske->dh_p == crypto::ffdhe2048().p) neg_.group = NamedGroup::ffdhe2048;
    } else {
      // RSA_EXPORT: the premaster secret goes under the temporary key, at most 512 bits.
      auto tmp = crypto::rsa_spki_from_components(ske->rsa_modulus, ske->rsa_exponent);
      if (!tmp) return fail(AlertDescription::illegal_parameter, "the temporary RSA key is not valid");
      if (crypto::rsa_modulus_bytes(*tmp) > 64)
        return fail(AlertDescription::illegal_parameter, "an export temporary RSA key must be at most 512 bits");
      key_transport_spki_ = *tmp;
      note("RSA_EXPORT: the pre_master_secret will be encrypted with the server's temporary 512-bit key");
    }
    ske_ = *ske;
    state_ = ClientState::ReadCertificateRequestOrServerHelloDone;
    return Ok{};
  }

  Status do_read_certificate_request(Dissector& d) {
    auto cr = parse_certificate_request(d, parse_context());
    if (!cr) return cr.error();
    cert_request_ = *cr;
    note(cfg_.certificate.empty() ? "the server asks for a client certificate; this client has none"
                                  : "the server asks for a client certificate");
    return Ok{};
  }

  SignatureScheme client_scheme() const {
    if (cert_request_ && cert_request_->has_signature_algorithms)
      for (auto s : cfg_.signature_schemes)
        if (std::find(cert_request_->signature_algorithms.begin(), cert_request_->signature_algorithms.end(), uint16_t(s)) !=
            cert_request_->signature_algorithms.end())
          return s;
    return SignatureScheme::rsa_pkcs1_sha256;
  }

  Status do_read_server_hello_done(ByteView body) {
    if (!body.empty()) return decode_error("ServerHelloDone must be empty");
    bool send_cert = cert_request_ && !cfg_.certificate.empty();
    if (cert_request_ && !send_cert) {
      if (version_ == kSsl3) send_alert(AlertLevel::warning, AlertDescription::no_certificate, "the client has no certificate (RFC 6101 5.6.6)");
      else send_handshake(HandshakeType::certificate, encode(CertificateMsg{}));
    } else if (send_cert) {
      send_handshake(HandshakeType::certificate, encode(CertificateMsg{cfg_.certificate.chain}));
    }
    ClientKeyExchange cke;
    Bytes pms;
    auto take = [&](KeyExchangeResult& r) {
      cke.exchange = r.exchange;
      pms = r.pre_master_secret;
      for (auto& dv : r.derivations) add_derivation(std::move(dv));
    };
    if (suite_->kx == KeyExchange::rsa || suite_->kx == KeyExchange::rsa_export) {
      auto r = rsa_key_transport_client(rng_, key_transport_spki_, offered_.client_version,
                                        suite_->kx == KeyExchange::rsa_export
                                            ? "ServerKeyExchange (temporary 512-bit RSA key, as SubjectPublicKeyInfo)"
                                            : "Certificate (leaf SubjectPublicKeyInfo)");
      if (!r) return r.error();
      take(*r);
    } else {
      auto r = ephemeral_client(rng_, *ske_);
      if (!r) return r.error();
      take(*r);
    }
    // master_secret and key_block are computed before sending so that they join the record
    // carrying ClientKeyExchange; the extended master secret hashes the transcript including it.
    Bytes cke_body = encode(cke, suite_->kx, version_);
    Bytes with_cke = concat({transcript_, handshake_message(HandshakeType::client_key_exchange, cke_body)});
    std::optional<ByteView> ems;
    if (neg_.extended_master_secret) ems = ByteView(with_cke);
    derive_and_install(pms, ems, false);
    send_handshake(HandshakeType::client_key_exchange, cke_body);
    if (send_cert) {
      SIM_TRY(send_certificate_verify());
      neg_.client_authenticated = true;
    }
    send_change_cipher_spec();
    Derivation vd = derive_finished(Actor::client, version_, *suite_, master_secret_, true, transcript_);
    client_verify_data_ = vd.output;
    add_derivation(std::move(vd));
    send_handshake(HandshakeType::finished, encode(Finished{client_verify_data_}));
    state_ = ClientState::ReadServerChangeCipherSpec;
    return Ok{};
  }

  Status send_certificate_verify() {
    CertificateVerify cv;
    cv.has_algorithm = version_ >= kTls12;
    Derivation d;
    d.actor = Actor::client;
    d.name = "certificate_verify_signature";
    d.id = derivation_id(Actor::client, d.name);
    d.inputs = {{"handshake_messages", transcript_, "ClientHello .. ClientKeyExchange"}};
    std::optional<Bytes> sig;
    if (version_ == kSsl3) {
      Derivation h = derive_ssl3_certificate_verify(Actor::client, master_secret_, transcript_);
      sig = crypto::rsa_sign_raw_pkcs1(cfg_.certificate.private_key_pkcs8, h.output);
      d.spec = "RFC 6101 5.6.8";
      d.formula = "RSA PKCS#1 v1.5 signature over md5_hash + sha_hash (with master_secret and the pads)";
      add_derivation(std::move(h));
    } else {
      SignatureScheme s = client_scheme();
      cv.algorithm = uint16_t(s);
      sig = sign_handshake(version_, cfg_.certificate.private_key_pkcs8, s, transcript_, rng_);
      d.spec = version_ >= kTls12 ? "RFC 5246 7.4.8" : "RFC 2246 7.4.8";
      d.formula = signature_label(version_, s) + " signature over handshake_messages";
    }
    if (!sig) return fail(AlertDescription::internal_error, "signing CertificateVerify failed");
    cv.signature = *sig;
    d.output = *sig;
    add_derivation(std::move(d));
    send_handshake(HandshakeType::certificate_verify, encode(cv));
    return Ok{};
  }

  Status do_read_server_finished(Dissector& d) {
    auto f = parse_finished(d, parse_context());
    if (!f) return f.error();
    Derivation vd = derive_finished(Actor::client, version_, *suite_, master_secret_, false, transcript_before());
    bool ok = vd.output == f->verify_data;
    add_check(std::move(vd));
    if (!ok) return fail(AlertDescription::decrypt_error, "server Finished verify_data does not match the client's computation");
    note("server Finished verify_data matches: the handshake was not tampered with");
    server_verify_data_ = f->verify_data;
    state_ = ClientState::Connected;
    set_complete();
    return Ok{};
  }

  // ---- TLS 1.3 (client13.cpp) ----
 public:
  std::vector<SessionTicket> session_tickets() const override { return tickets_; }

 private:
  enum class State13 { ServerHello, EncryptedExtensions, CertificateOrRequest, Certificate, CertificateVerify, Finished, Connected };
  void send_client_hello13(bool retry);
  Status check_downgrade(const ServerHello& sh);
  Status on_server_hello13(const ServerHello& sh);
  Status on_hello_retry_request(const ServerHello& sh);
  Status on_handshake13(HandshakeType t, Dissector& d);
  Status read_encrypted_extensions(Dissector& d);
  Status read_certificate_request13(Dissector& d);
  Status read_certificate13(Dissector& d);
  Status read_certificate_verify13(Dissector& d);
  Status read_finished13(Dissector& d);
  Status read_new_session_ticket(Dissector& d);
  void after_record13();
  bool offered_tls12() const { return cfg_.min_version <= kTls12; }

  bool tls13_ = false, hrr_seen_ = false, early_sent_ = false, early_accepted_ = false, psk_offered_ = false,
       psk_accepted_ = false, compat_ccs_sent_ = false, key_update_done_ = false;
  State13 s13_ = State13::ServerHello;
  std::vector<tls13::KeyShareKey> shares_;
  tls13::Secrets sec_;
  Bytes cookie_;
  uint16_t hrr_suite_ = 0;
  std::optional<CertificateRequest13> cr13_;
  std::optional<CipherState> client_hs_write_;
  std::vector<SessionTicket> tickets_;

  ClientConfig cfg_;
  ClientState state_ = ClientState::ReadServerHello;
  ClientHello offered_;
  Bytes server_spki_, key_transport_spki_, previous_client_random_;
  std::vector<Bytes> server_chain_;  // the server's Certificate, kept until CertificateStatus
  bool stapling_acked_ = false;      // ServerHello carried status_request (RFC 6066 8)
  std::optional<ServerKeyExchange> ske_;
  std::optional<CertificateRequest> cert_request_;
  bool request_sent_ = false;
  bool renegotiation_tried_ = false;
};

}  // namespace sim::detail

// SSL 3.0 / TLS 1.0-1.2 server (RFC 6101 5.5, RFC 5246 7.3), with client authentication and
// renegotiation (RFC 5746).
// The class is in a header so that its TLS 1.3 half can live in server13.cpp.
#pragma once
#include <algorithm>
#include "crypto/crypto.hpp"
#include "hs/connection.hpp"
#include "hs/key_exchange.hpp"
#include "hs/key_schedule.hpp"
#include "hs/signatures.hpp"
#include "wire/certificate_status.hpp"
#include "x509/x509.hpp"
#include "hs/tls13.hpp"

namespace sim::detail {


enum class ServerState {
  ReadClientHello,
  ReadClientCertificate,
  ReadClientKeyExchange,
  ReadCertificateVerify,
  ReadClientChangeCipherSpec,
  ReadClientFinished,
  Connected,
};

inline const char* state_text(ServerState s) {
  switch (s) {
    case ServerState::ReadClientHello: return "read ClientHello";
    case ServerState::ReadClientCertificate: return "read Certificate";
    case ServerState::ReadClientKeyExchange: return "read ClientKeyExchange";
    case ServerState::ReadCertificateVerify: return "read CertificateVerify";
    case ServerState::ReadClientChangeCipherSpec: return "read ChangeCipherSpec";
    case ServerState::ReadClientFinished: return "read Finished";
    case ServerState::Connected: return "connected";
  }
  return "?";
}

template <class V, class T>
inline bool contains(const V& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

class Server : public Connection {
 public:
  Server(const ServerConfig& cfg, uint64_t seed) : Connection(Actor::server, seed), cfg_(cfg) {
    record_version_ = std::min<uint16_t>(cfg_.max_version, kTls10);  // also picks SSL 3.0 alerts early
  }
  std::string state_name() const override {
    if (tls13_) return "TLS 1.3 server: " + std::string(handshake_complete() ? "connected" : "handshaking");
    return version_name(version_ ? version_ : cfg_.max_version) + " server: " + state_text(state_);
  }

  void renegotiate() override {
    if (!handshake_complete() || handshaking() || failed()) return;
    if (tls13_) {
      note("TLS 1.3 has no renegotiation (RFC 8446 4.1.2)");
      return;
    }
    note("sending HelloRequest to ask the client to renegotiate");
    send_handshake(HandshakeType::hello_request, {});
    transcript_.clear();  // HelloRequest is not part of any handshake's transcript
  }

 protected:
  Status on_handshake(HandshakeType t, ByteView body) override {
    Field scratch;
    Dissector d(ByteReader(body), &scratch);
    if (tls13_) return on_handshake13(t, d);
    switch (state_) {
      case ServerState::ReadClientHello:
        if (t != HandshakeType::client_hello) break;
        return do_read_client_hello(d);
      case ServerState::ReadClientCertificate:
        if (t != HandshakeType::certificate) break;
        return do_read_client_certificate(d);
      case ServerState::ReadClientKeyExchange:
        if (t != HandshakeType::client_key_exchange) break;
        return do_read_client_key_exchange(d);
      case ServerState::ReadCertificateVerify:
        if (t != HandshakeType::certificate_verify) break;
        return do_read_certificate_verify(d);
      case ServerState::ReadClientFinished:
        if (t != HandshakeType::finished) break;
        return do_read_client_finished(d);
      case ServerState::Connected:
        if (t == HandshakeType::client_hello) return do_renegotiation_hello(d);
        break;
      default: break;
    }
    return fail(AlertDescription::unexpected_message, name_of(t) + " is not expected in state \"" + state_text(state_) + "\"");
  }

  Status on_change_cipher_spec() override {
    if (tls13_ && handshaking()) {  // after a HelloRetryRequest, before the client's keys are in use
      note("compatibility change_cipher_spec ignored (RFC 8446 5)");
      return Ok{};
    }
    if (state_ != ServerState::ReadClientChangeCipherSpec)
      return fail(AlertDescription::unexpected_message, "ChangeCipherSpec before ClientKeyExchange");
    activate_pending_read();
    note("client_write keys now protect records from the client");
    state_ = ServerState::ReadClientFinished;
    return Ok{};
  }

  Status on_warning_alert(AlertDescription a) override {
    // SSL 3.0 clients without a certificate answer a CertificateRequest with this warning.
    if (a == AlertDescription::no_certificate && state_ == ServerState::ReadClientCertificate) {
      if (cfg_.require_client_certificate)
        return fail(AlertDescription::handshake_failure, "the client has no certificate and this server requires one");
      note("the client has no certificate (no_certificate warning); continuing without client authentication");
      state_ = ServerState::ReadClientKeyExchange;
    }
    return Ok{};
  }

  // TLS 1.3 answers from after_record13, which may first send a KeyUpdate.
  void on_application_data() override {
    if (!tls13_) maybe_respond();
  }

  // Answers the HTTP request once no renegotiation is pending (a requested one must finish
  // first: nothing may follow our close_notify, RFC 5246 7.2.1).
  void maybe_respond() {
    if (!cfg_.send_http_response || responded_ || handshaking()) return;
    if (hello_request_sent_ && neg_.handshakes < 2) return;
    std::string_view text(reinterpret_cast<const char*>(app_in_.data()), app_in_.size());
    if (text.find("\r\n\r\n") == std::string_view::npos && text.find("\n\n") == std::string_view::npos) return;
    responded_ = true;
    send_application_data(http_response_for(cfg_.host));
    close();
  }

  void after_record() override {
    if (tls13_) return after_record13();
    if (cfg_.request_renegotiation && handshake_complete() && !handshaking() && neg_.handshakes == 1 &&
        !hello_request_sent_ && !sent_close_notify()) {
      hello_request_sent_ = true;
      renegotiate();
    }
    maybe_respond();
  }

  void on_close_notify() override { close(); }

 private:
  bool initial() const { return neg_.handshakes == 0; }

  Status do_renegotiation_hello(Dissector& d) {
    if (!cfg_.accept_renegotiation || (!neg_.secure_renegotiation && !cfg_.allow_legacy_renegotiation)) {
      note("renegotiation refused");
      send_alert(AlertLevel::warning, AlertDescription::no_renegotiation,
                 neg_.secure_renegotiation ? "this server does not renegotiate"
                                           : "the client does not support secure renegotiation (RFC 5746); legacy renegotiation is off");
      return Ok{};
    }
    // The ClientHello starts a new transcript.
    Bytes hello(transcript_.begin() + transcript_before_, transcript_.end());
    begin_handshake();
    append(transcript_, hello);
    transcript_before_ = 0;
    return do_read_client_hello(d);
  }

  Status do_read_client_hello(Dissector& d) {
    auto ch = parse_client_hello(d);
    if (!ch) return ch.error();
    handshaking_ = true;
    // TLS 1.3 when both offer it and share a TLS 1.3 suite; otherwise the highest older version.
    bool common13 = false;
    for (uint16_t id : cfg_.suites) common13 |= tls13::is_tls13_suite(id) && contains(ch->cipher_suites, id);
    if (cfg_.max_version >= kTls13 && initial() && ch->supported_versions && contains(*ch->supported_versions, kTls13) &&
        (common13 || cfg_.min_version >= kTls13))
      return do_read_client_hello13(*ch);
    if (hrr_sent_) return fail(AlertDescription::illegal_parameter, "the second ClientHello no longer offers TLS 1.3");
    bool scsv = contains(ch->cipher_suites, kTlsEmptyRenegotiationInfoScsv);
    bool ext = false;
    for (auto& e : ch->extensions) ext |= e.type == uint16_t(ExtensionType::renegotiation_info);
    // Version: the highest both support (RFC 5246 E.1).
    uint16_t version = std::min({ch->client_version, cfg_.max_version, kTls12});
    if (cfg_.min_version >= kTls13)
      return fail(AlertDescription::protocol_version, "the client does not offer TLS 1.3, the only version this server speaks");
    if (!initial() && version != version_)
      return fail(AlertDescription::protocol_version, "the version may not change in a renegotiation");
    if (ch->client_version < cfg_.min_version || (ch->client_version >> 8) != 3)
      return fail(AlertDescription::protocol_version, "client offers at most " + version_name(ch->client_version) +
                                                          "; this server speaks " + version_name(cfg_.min_version) + " to " + version_name(cfg_.max_version));
    if (!contains(ch->compression_methods, uint8_t(0)))
      return fail(AlertDescription::illegal_parameter, "the client does not offer the null compression method");
    // RFC 5746 3.6 (initial) and 3.7 (renegotiation).
    if (initial()) {
      if (ext && !ch->renegotiation_info->empty())
        return fail(AlertDescription::handshake_failure, "renegotiation_info must be empty on an initial handshake (RFC 5746 3.6)");
      neg_.secure_renegotiation = cfg_.support_renegotiation_info && (ext || scsv);
    } else if (neg_.secure_renegotiation) {
      if (scsv) return fail(AlertDescription::handshake_failure, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV in a renegotiation (RFC 5746 3.7)");
      if (!ext || *ch->renegotiation_info != client_verify_data_)
        return fail(AlertDescription::handshake_failure, "renegotiation_info does not carry the previous client verify_data (RFC 5746 3.7)");
      note("renegotiation_info matches the previous client verify_data");
    } else if (ext && cfg_.support_renegotiation_info) {
      return fail(AlertDescription::handshake_failure, "renegotiation_info in a renegotiation of an insecure connection");
    }
    client_random_ = ch->random;
    // Signature scheme (TLS 1.2): first of ours the client accepts; the RFC 5246 default is SHA-1.
    SignatureScheme scheme = SignatureScheme::rsa_pkcs1_sha1;
    if (version >= kTls12 && ch->signature_algorithms) {
      bool found = false;
      for (auto s : cfg_.signature_schemes)
        if (!found && contains(*ch->signature_algorithms, uint16_t(s))) {
          scheme = s;
          found = true;
        }
      if (!found) return fail(AlertDescription::handshake_failure, "no signature algorithm in common with the client");
    }
    // Suite: server preference among those valid in this version, skipping suites whose key
    // exchange has no common group.
    const CipherSuiteInfo* chosen = nullptr;
    std::optional<NamedGroup> group;
    for (uint16_t id : cfg_.suites) {
      if (!contains(ch->cipher_suites, id)) continue;
      const CipherSuiteInfo* s = suite_by_id(id);
      if (!s || !s->allowed_in(version)) continue;
      std::optional<NamedGroup> g;
      if (s->kx == KeyExchange::ecdhe_rsa) {
        for (auto cand : cfg_.groups)
          if (!g && cand != NamedGroup::ffdhe2048 && (!ch->supported_groups || contains(*ch->supported_groups, uint16_t(cand))))
            g = cand;
        if (!g) continue;
      } else if (s->kx == KeyExchange::dhe_rsa) {
        bool client_lists_ffdhe = false;
        if (ch->supported_groups)
          for (uint16_t x : *ch->supported_groups) client_lists_ffdhe |= (x >> 8) == 0x01;
        // RFC 7919 4: a client listing FFDHE groups but not ours cannot use DHE with us.
        if (client_lists_ffdhe && !contains(*ch->supported_groups, uint16_t(NamedGroup::ffdhe2048))) continue;
        g = NamedGroup::ffdhe2048;
      }
      chosen = s;
      group = g;
      break;
    }
    if (!chosen) return fail(AlertDescription::handshake_failure, "no cipher suite in common with the client in " + version_name(version));
    suite_ = chosen;
    version_ = version;
    record_version_ = version;
    compression_ = cfg_.allow_deflate && contains(ch->compression_methods, uint8_t(1)) ? 1 : 0;
    neg_.version = version;
    neg_.cipher_suite = suite_->id;
    neg_.compression_method = compression_;
    neg_.group = group;
    neg_.signature_scheme = (suite_->kx == KeyExchange::dhe_rsa || suite_->kx == KeyExchange::ecdhe_rsa) && version >= kTls12 ? std::optional(scheme) : std::nullopt;
    neg_.extended_master_secret = ch->extended_master_secret && cfg_.support_extended_master_secret && version >= kTls10;
    neg_.server_name = ch->server_name.value_or("");
    neg_.client_authenticated = false;
    client_version_ = ch->client_version;
    note("server chose " + version_name(version) + ", " + std::string(suite_->name) + (group ? " with " + name_of(*group) : "") +
         (compression_ ? ", DEFLATE compression" : ""));

    ServerHello sh;
    sh.server_version = version;
    sh.random = rng_.bytes(32);
    if (cfg_.max_version >= kTls13 && initial()) {
      // RFC 8446 4.1.3: tell a TLS 1.3 client that it is being downgraded.
      const uint8_t* mark = version == kTls12 ? kDowngradeTls12 : kDowngradeTls11;
      std::copy(mark, mark + 8, sh.random.begin() + 24);
      note("this server speaks TLS 1.3: ServerHello.random ends with the downgrade sentinel \"DOWNGRD\" " +
           std::string(version == kTls12 ? "01" : "00"));
    }
    server_random_ = sh.random;
    sh.session_id = rng_.bytes(32);
    sh.cipher_suite = suite_->id;
    sh.compression_method = compression_;
    if (neg_.secure_renegotiation)
      sh.extensions.push_back({uint16_t(ExtensionType::renegotiation_info),
                               ext_u8_list(initial() ? Bytes{} : concat({client_verify_data_, server_verify_data_}))});
    if (neg_.extended_master_secret) sh.extensions.push_back({uint16_t(ExtensionType::extended_master_secret), {}});
    if (suite_->kx == KeyExchange::ecdhe_rsa && ch->ec_point_formats)
      sh.extensions.push_back({uint16_t(ExtensionType::ec_point_formats), ext_u8_list(Bytes{0})});
    // RFC 6066 8: staple only when the client asked and there is a response to send.
    bool staple = !cfg_.ocsp_response.empty() && version >= kTls10 &&
                  std::any_of(ch->extensions.begin(), ch->extensions.end(),
                              [](const Extension& e) { return e.type == uint16_t(ExtensionType::status_request); });
    if (staple) sh.extensions.push_back({uint16_t(ExtensionType::status_request), {}});
    send_handshake(HandshakeType::server_hello, encode(sh));
    send_handshake(HandshakeType::certificate, encode(CertificateMsg{cfg_.certificate_chain}));
    if (staple) {
      send_handshake(HandshakeType::certificate_status, encode(CertificateStatus{1, cfg_.ocsp_response}));
      note("stapled the OCSP response about the leaf (CertificateStatus, RFC 6066 8)");
    }
    if (suite_->kx != KeyExchange::rsa) {
      ServerKeyExchange ske;
      ske.has_algorithm = version >= kTls12;
      if (suite_->kx == KeyExchange::rsa_export) {
        // RFC 6101 5.6.4: a certificate key longer than 512 bits may not carry export key
        // exchange, so the server signs a temporary 512-bit key.
        TemporaryRsaKey tmp = make_temporary_rsa_key(rng_);
        ske.kx = KeyExchange::rsa_export;
        ske.rsa_modulus = tmp.modulus;
        ske.rsa_exponent = tmp.exponent;
        ske.params = encode_server_params(ske);
        temporary_key_ = tmp.private_pkcs8;
      } else {
        ephemeral_private_ = ephemeral_server_generate(rng_, suite_->kx, *group, &ske);
      }
      ske.has_algorithm = version >= kTls12;
      ske.signature_algorithm = uint16_t(scheme);
      auto sig = sign_handshake(version, cfg_.private_key_pkcs8, scheme, concat({client_random_, server_random_, ske.params}), rng_);
      if (!sig) return fail(AlertDescription::internal_error, "signing ServerKeyExchange failed");
      ske.signature = *sig;
      add_derivation(signature_derivation(Actor::server, version, ske, client_random_, server_random_));
      ske_ = ske;
      send_handshake(HandshakeType::server_key_exchange, encode(ske));
    }
    if (cfg_.request_client_certificate) {
      CertificateRequest cr;
      cr.certificate_types = {1};  // rsa_sign
      cr.has_signature_algorithms = version >= kTls12;
      for (auto s : cfg_.signature_schemes) cr.signature_algorithms.push_back(uint16_t(s));
      send_handshake(HandshakeType::certificate_request, encode(cr));
    }
    send_handshake(HandshakeType::server_hello_done, {});
    state_ = cfg_.request_client_certificate ? ServerState::ReadClientCertificate : ServerState::ReadClientKeyExchange;
    return Ok{};
  }

  Status do_read_client_certificate(Dissector& d) {
    auto c = parse_certificate(d);
    if (!c) return c.error();
    if (c->certificate_list.empty()) {
      if (cfg_.require_client_certificate)
        return fail(AlertDescription::handshake_failure, "the client sent no certificate and this server requires one");
      note("the client sent an empty Certificate; continuing without client authentication");
      state_ = ServerState::ReadClientKeyExchange;
      return Ok{};
    }
    auto spki = x509::certificate_spki(c->certificate_list[0]);
    if (!spki) return spki.error();
    if (crypto::rsa_modulus_bytes(*spki) == 0)
      return fail(AlertDescription::unsupported_certificate, "the client certificate's key is not RSA");
    client_spki_ = *spki;
    state_ = ServerState::ReadClientKeyExchange;
    return Ok{};
  }

  Status do_read_client_key_exchange(Dissector& d) {
    auto cke = parse_client_key_exchange(d, parse_context());
    if (!cke) return cke.error();
    Bytes pms;
    if (suite_->kx == KeyExchange::rsa || suite_->kx == KeyExchange::rsa_export) {
      ByteView key = suite_->kx == KeyExchange::rsa_export ? ByteView(temporary_key_) : ByteView(cfg_.private_key_pkcs8);
      auto r = rsa_key_transport_server(rng_, key, cke->exchange, client_version_);
      pms = r.pre_master_secret;
      for (auto& dv : r.derivations) add_check(std::move(dv));
    } else {
      auto r = ephemeral_server_agree(*ske_, ephemeral_private_, cke->exchange);
      if (!r) return r.error();
      pms = r->pre_master_secret;
      for (auto& dv : r->derivations) add_check(std::move(dv));
    }
    std::optional<ByteView> ems;
    if (neg_.extended_master_secret) ems = ByteView(transcript_);
    derive_and_install(pms, ems, true);
    state_ = client_spki_.empty() ? ServerState::ReadClientChangeCipherSpec : ServerState::ReadCertificateVerify;
    return Ok{};
  }

  Status do_read_certificate_verify(Dissector& d) {
    auto cv = parse_certificate_verify(d, parse_context());
    if (!cv) return cv.error();
    ByteView msgs = transcript_before();
    bool ok;
    Derivation chk;
    chk.actor = Actor::server;
    chk.name = "certificate_verify_check";
    chk.id = derivation_id(Actor::server, chk.name);
    chk.inputs = {{"handshake_messages", Bytes(msgs.begin(), msgs.end()), "ClientHello .. ClientKeyExchange"},
                  {"signature", cv->signature, "CertificateVerify"}};
    if (version_ == kSsl3) {
      Derivation h = derive_ssl3_certificate_verify(Actor::server, master_secret_, msgs);
      ok = crypto::rsa_verify_raw_pkcs1(client_spki_, h.output, cv->signature);
      add_check(std::move(h));
    } else {
      SignatureScheme s = SignatureScheme(cv->algorithm);
      if (version_ >= kTls12 && !contains(cfg_.signature_schemes, s))
        return fail(AlertDescription::illegal_parameter, "CertificateVerify uses a signature scheme the server did not request");
      ok = verify_handshake(version_, client_spki_, s, msgs, cv->signature);
    }
    chk.formula = std::string("verify the client's signature with its certificate's public key: ") + (ok ? "valid" : "INVALID");
    chk.output = Bytes{uint8_t(ok)};
    add_check(std::move(chk));
    if (!ok) return fail(AlertDescription::decrypt_error, "CertificateVerify signature does not verify with the client certificate");
    note("client certificate proven: CertificateVerify signature is valid");
    neg_.client_authenticated = true;
    state_ = ServerState::ReadClientChangeCipherSpec;
    return Ok{};
  }

  Status do_read_client_finished(Dissector& d) {
    auto f = parse_finished(d, parse_context());
    if (!f) return f.error();
    Derivation vd = derive_finished(Actor::server, version_, *suite_, master_secret_, true, transcript_before());
    bool ok = vd.output == f->verify_data;
    add_check(std::move(vd));
    if (!ok) return fail(AlertDescription::decrypt_error, "client Finished verify_data does not match the server's computation");
    note("client Finished verify_data matches");
    client_verify_data_ = f->verify_data;
    send_change_cipher_spec();
    Derivation svd = derive_finished(Actor::server, version_, *suite_, master_secret_, false, transcript_);
    server_verify_data_ = svd.output;
    add_derivation(std::move(svd));
    send_handshake(HandshakeType::finished, encode(Finished{server_verify_data_}));
    state_ = ServerState::Connected;
    client_spki_.clear();
    set_complete();
    return Ok{};
  }

  // ---- TLS 1.3 (server13.cpp) ----
  enum class State13 { ClientHello, EndOfEarlyData, Certificate, CertificateVerify, Finished, Connected };
  Status do_read_client_hello13(const ClientHello& ch);
  Status send_hello_retry_request(const ClientHello& ch, const CipherSuiteInfo& suite, std::optional<NamedGroup> group);
  Status on_handshake13(HandshakeType t, Dissector& d);
  Status read_end_of_early_data(ByteView body);
  Status read_client_certificate13(Dissector& d);
  Status read_client_certificate_verify13(Dissector& d);
  Status read_client_finished13(Dissector& d);
  void send_tickets();
  void after_record13();
  // Checks the PSK offer; returns the PSK when the ticket opens and the binder matches.
  Result<std::optional<Bytes>> accept_psk(const ClientHello& ch, const CipherSuiteInfo& suite, uint32_t* max_early);
  void install_client_handshake_read();

  bool tls13_ = false, hrr_sent_ = false, compat_ = false, compat_ccs_sent_ = false, psk_mode_ = false,
       client_sent_psk_modes_ = false, key_update_done_ = false;
  State13 s13_ = State13::ClientHello;
  tls13::Secrets sec_;
  Bytes hrr_cookie_, first_random_;
  std::optional<NamedGroup> hrr_group_;
  uint16_t hrr_suite_ = 0;
  std::optional<CipherState> client_hs_read_;
  bool cert_requested_ = false;
  std::string sni_;

  ServerConfig cfg_;
  ServerState state_ = ServerState::ReadClientHello;
  std::optional<ServerKeyExchange> ske_;
  Bytes ephemeral_private_, temporary_key_, client_spki_;
  uint16_t client_version_ = kTls12;
  bool responded_ = false;
  bool hello_request_sent_ = false;
};

}  // namespace sim::detail

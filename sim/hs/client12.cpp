// TLS 1.2 client (RFC 5246 7.3): one do_ function per state, each reading one message.
#include "crypto/crypto.hpp"
#include "hs/connection.hpp"
#include "hs/key_exchange.hpp"
#include "hs/key_schedule12.hpp"
#include "x509/x509.hpp"

namespace sim {
namespace {

enum class ClientState {
  ReadServerHello,
  ReadCertificate,
  ReadServerKeyExchange,
  ReadCertificateRequestOrServerHelloDone,
  ReadServerChangeCipherSpec,
  ReadServerFinished,
  Connected,
};

const char* state_text(ClientState s) {
  switch (s) {
    case ClientState::ReadServerHello: return "read ServerHello";
    case ClientState::ReadCertificate: return "read Certificate";
    case ClientState::ReadServerKeyExchange: return "read ServerKeyExchange";
    case ClientState::ReadCertificateRequestOrServerHelloDone: return "read ServerHelloDone";
    case ClientState::ReadServerChangeCipherSpec: return "read ChangeCipherSpec";
    case ClientState::ReadServerFinished: return "read Finished";
    case ClientState::Connected: return "connected";
  }
  return "?";
}

class Client12 : public Connection {
 public:
  Client12(const ClientConfig& cfg, uint64_t seed) : Connection(Actor::client, seed), cfg_(cfg) {}

  void start() override {
    ClientHello ch;
    ch.client_version = kTls12;
    ch.random = rng_.bytes(32);
    client_random_ = ch.random;
    ch.cipher_suites = cfg_.suites;
    ch.extensions.push_back({uint16_t(ExtensionType::server_name), ext_server_name(cfg_.host)});
    std::vector<uint16_t> groups;
    for (auto g : cfg_.groups) groups.push_back(uint16_t(g));
    ch.extensions.push_back({uint16_t(ExtensionType::supported_groups), ext_u16_list(groups)});
    ch.extensions.push_back({uint16_t(ExtensionType::ec_point_formats), ext_u8_list(Bytes{0})});
    std::vector<uint16_t> schemes;
    for (auto s : cfg_.signature_schemes) schemes.push_back(uint16_t(s));
    ch.extensions.push_back({uint16_t(ExtensionType::signature_algorithms), ext_u16_list(schemes)});
    if (cfg_.offer_extended_master_secret)
      ch.extensions.push_back({uint16_t(ExtensionType::extended_master_secret), {}});
    if (cfg_.offer_renegotiation_info)
      ch.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list({})});
    offered_ = ch;
    send_handshake(HandshakeType::client_hello, encode(ch));
  }

  std::string state_name() const override { return std::string("TLS 1.2 client: ") + state_text(state_); }

 protected:
  Status on_handshake(HandshakeType t, ByteView body) override {
    Field scratch;
    Dissector d(ByteReader(body), &scratch);
    if (t == HandshakeType::hello_request) {
      if (state_ == ClientState::Connected) {
        send_alert(AlertLevel::warning, AlertDescription::no_renegotiation, "renegotiation is not supported");
        return Ok{};
      }
      return Ok{};  // ignored during a handshake (RFC 5246 7.4.1.1)
    }
    switch (state_) {
      case ClientState::ReadServerHello:
        if (t != HandshakeType::server_hello) break;
        return do_read_server_hello(d);
      case ClientState::ReadCertificate:
        if (t != HandshakeType::certificate) break;
        return do_read_certificate(d);
      case ClientState::ReadServerKeyExchange:
        if (t != HandshakeType::server_key_exchange) break;
        return do_read_server_key_exchange(d);
      case ClientState::ReadCertificateRequestOrServerHelloDone:
        if (t == HandshakeType::certificate_request && !cert_requested_) return do_read_certificate_request(d);
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
    if (state_ != ClientState::ReadServerChangeCipherSpec)
      return fail(AlertDescription::unexpected_message, "ChangeCipherSpec before the client's Finished was sent");
    activate_pending_read();
    note("server_write keys now protect records from the server");
    state_ = ClientState::ReadServerFinished;
    return Ok{};
  }

  void on_application_data() override {}
  void on_close_notify() override { close(); }

 private:
  Status do_read_server_hello(Dissector& d) {
    auto sh = parse_server_hello(d);
    if (!sh) return sh.error();
    if (sh->server_version != kTls12)
      return fail(AlertDescription::protocol_version,
                  "server chose " + version_name(sh->server_version) + " but the client offered only TLS 1.2");
    bool offered = false;
    for (uint16_t s : offered_.cipher_suites) offered |= s == sh->cipher_suite;
    suite_ = suite_by_id(sh->cipher_suite);
    if (!offered || !suite_)
      return fail(AlertDescription::illegal_parameter, "server selected cipher suite " + suite_name(sh->cipher_suite) + " that the client did not offer");
    if (sh->compression_method != 0)
      return fail(AlertDescription::illegal_parameter, "server selected a compression method the client did not offer");
    for (auto& e : sh->extensions) {
      bool ok = false;
      for (auto& o : offered_.extensions) ok |= o.type == e.type;
      if (!ok) return fail(AlertDescription::unsupported_extension, "server sent " + name_of(ExtensionType(e.type)) + ", which the client did not offer");
    }
    if (sh->renegotiation_info && !sh->renegotiation_info->empty())
      return fail(AlertDescription::handshake_failure, "renegotiation_info must be empty on an initial handshake (RFC 5746 3.4)");
    server_random_ = sh->random;
    record_version_ = kTls12;
    neg_.version = sh->server_version;
    neg_.cipher_suite = sh->cipher_suite;
    neg_.extended_master_secret = sh->extended_master_secret;
    neg_.secure_renegotiation = sh->renegotiation_info.has_value();
    neg_.server_name = cfg_.host;
    note("server chose " + std::string(suite_->name));
    state_ = ClientState::ReadCertificate;
    return Ok{};
  }

  Status do_read_certificate(Dissector& d) {
    auto c = parse_certificate(d);
    if (!c) return c.error();
    if (c->certificate_list.empty()) return fail(AlertDescription::bad_certificate, "the server sent no certificate");
    auto spki = x509::certificate_spki(c->certificate_list[0]);
    if (!spki) return spki.error();
    if (crypto::rsa_modulus_bytes(*spki) == 0)
      return fail(AlertDescription::unsupported_certificate, "the server certificate's key is not RSA, which these suites require");
    server_spki_ = *spki;
    note("server public key taken from the leaf certificate (chain validation is not performed in this scenario)");
    state_ = suite_->kx == KeyExchange::rsa ? ClientState::ReadCertificateRequestOrServerHelloDone
                                            : ClientState::ReadServerKeyExchange;
    return Ok{};
  }

  Status do_read_server_key_exchange(Dissector& d) {
    auto ske = parse_server_key_exchange(d, parse_context());
    if (!ske) return ske.error();
    bool offered = false;
    for (auto s : cfg_.signature_schemes) offered |= uint16_t(s) == ske->signature_algorithm;
    if (!offered)
      return fail(AlertDescription::illegal_parameter, "ServerKeyExchange signed with " + name_of(SignatureScheme(ske->signature_algorithm)) + ", which the client did not offer");
    Bytes signed_data = concat({client_random_, server_random_, ske->params});
    bool ok = crypto::rsa_verify(server_spki_, SignatureScheme(ske->signature_algorithm), signed_data, ske->signature);
    add_check(signature_check_derivation(Actor::client, *ske, client_random_, server_random_, ok));
    if (!ok) return fail(AlertDescription::decrypt_error, "ServerKeyExchange signature does not verify with the certificate's public key");
    note("ServerKeyExchange signature verified with the certificate's RSA key");
    neg_.signature_scheme = SignatureScheme(ske->signature_algorithm);
    if (suite_->kx == KeyExchange::ecdhe_rsa) {
      bool group_offered = false;
      for (auto g : cfg_.groups) group_offered |= uint16_t(g) == ske->named_curve;
      if (!group_offered) return fail(AlertDescription::illegal_parameter, "server chose group " + name_of(NamedGroup(ske->named_curve)) + ", which the client did not offer");
      neg_.group = NamedGroup(ske->named_curve);
    } else {
      if (ske->dh_p.size() < 128)
        return fail(AlertDescription::insufficient_security, "DHE prime shorter than 1024 bits");
      if (ske->dh_p == crypto::ffdhe2048().p) neg_.group = NamedGroup::ffdhe2048;
    }
    ske_ = *ske;
    state_ = ClientState::ReadCertificateRequestOrServerHelloDone;
    return Ok{};
  }

  Status do_read_certificate_request(Dissector& d) {
    auto cr = parse_certificate_request(d);
    if (!cr) return cr.error();
    cert_requested_ = true;
    note("the server asks for a client certificate; this client has none and will send an empty Certificate");
    return Ok{};
  }

  Status do_read_server_hello_done(ByteView body) {
    if (!body.empty()) return decode_error("ServerHelloDone must be empty");
    if (cert_requested_) send_handshake(HandshakeType::certificate, encode(CertificateMsg{}));
    // Key exchange: the pre_master_secret and what the server needs to compute it.
    ClientKeyExchange cke;
    Bytes pms;
    if (suite_->kx == KeyExchange::rsa) {
      auto r = rsa_key_transport_client(rng_, server_spki_, kTls12);
      if (!r) return r.error();
      cke.exchange = r->exchange;
      pms = r->pre_master_secret;
      for (auto& dv : r->derivations) add_derivation(std::move(dv));
    } else {
      auto r = ephemeral_client(rng_, *ske_);
      if (!r) return r.error();
      cke.exchange = r->exchange;
      pms = r->pre_master_secret;
      for (auto& dv : r->derivations) add_derivation(std::move(dv));
    }
    // master_secret and key_block are computed before sending so that they appear with the
    // ClientKeyExchange that carries the secret; the extended master secret hashes the
    // transcript including that message.
    Bytes cke_body = encode(cke, suite_->kx);
    Bytes with_cke = concat({transcript_, handshake_message(HandshakeType::client_key_exchange, cke_body)});
    Derivation ms = neg_.extended_master_secret
                        ? derive_extended_master_secret(Actor::client, suite_->prf_hash, pms, with_cke)
                        : derive_master_secret(Actor::client, suite_->prf_hash, pms, client_random_, server_random_);
    master_secret_ = ms.output;
    Derivation kb = derive_key_block(Actor::client, *suite_, master_secret_, client_random_, server_random_);
    install_keys(kb);
    add_derivation(std::move(ms));
    add_derivation(std::move(kb));
    send_handshake(HandshakeType::client_key_exchange, cke_body);
    send_change_cipher_spec();
    Derivation vd = derive_verify_data(Actor::client, suite_->prf_hash, master_secret_, true, transcript_);
    Bytes verify = vd.output;
    add_derivation(std::move(vd));
    send_handshake(HandshakeType::finished, encode(Finished{verify}));
    state_ = ClientState::ReadServerChangeCipherSpec;
    return Ok{};
  }

  Status do_read_server_finished(Dissector& d) {
    auto f = parse_finished(d);
    if (!f) return f.error();
    Derivation vd = derive_verify_data(Actor::client, suite_->prf_hash, master_secret_, false, transcript_before());
    bool ok = vd.output == f->verify_data;
    add_check(std::move(vd));
    if (!ok) return fail(AlertDescription::decrypt_error, "server Finished verify_data does not match the client's computation");
    note("server Finished verify_data matches: the handshake was not tampered with");
    state_ = ClientState::Connected;
    set_complete();
    return Ok{};
  }

  void after_record() override {
    if (handshake_complete() && cfg_.send_http_request && !request_sent_) {
      request_sent_ = true;
      send_application_data(http_request_for(cfg_.host));
    }
  }

  ClientConfig cfg_;
  ClientState state_ = ClientState::ReadServerHello;
  ClientHello offered_;
  Bytes server_spki_;
  std::optional<ServerKeyExchange> ske_;
  bool cert_requested_ = false;
  bool request_sent_ = false;
};

}  // namespace

std::unique_ptr<Connection> make_client(const ClientConfig& cfg, uint64_t seed) {
  return std::make_unique<Client12>(cfg, seed);
}

}  // namespace sim

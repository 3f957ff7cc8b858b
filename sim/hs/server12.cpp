// TLS 1.2 server (RFC 5246 7.3).
#include <algorithm>

#include "crypto/crypto.hpp"
#include "hs/connection.hpp"
#include "hs/key_exchange.hpp"
#include "hs/key_schedule12.hpp"

namespace sim {
namespace {

enum class ServerState { ReadClientHello, ReadClientKeyExchange, ReadClientChangeCipherSpec, ReadClientFinished, Connected };

const char* state_text(ServerState s) {
  switch (s) {
    case ServerState::ReadClientHello: return "read ClientHello";
    case ServerState::ReadClientKeyExchange: return "read ClientKeyExchange";
    case ServerState::ReadClientChangeCipherSpec: return "read ChangeCipherSpec";
    case ServerState::ReadClientFinished: return "read Finished";
    case ServerState::Connected: return "connected";
  }
  return "?";
}

bool contains(const std::vector<uint16_t>& v, uint16_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

class Server12 : public Connection {
 public:
  Server12(const ServerConfig& cfg, uint64_t seed) : Connection(Actor::server, seed), cfg_(cfg) {}
  std::string state_name() const override { return std::string("TLS 1.2 server: ") + state_text(state_); }

 protected:
  Status on_handshake(HandshakeType t, ByteView body) override {
    Field scratch;
    Dissector d(ByteReader(body), &scratch);
    switch (state_) {
      case ServerState::ReadClientHello:
        if (t != HandshakeType::client_hello) break;
        return do_read_client_hello(d);
      case ServerState::ReadClientKeyExchange:
        if (t != HandshakeType::client_key_exchange) break;
        return do_read_client_key_exchange(d);
      case ServerState::ReadClientFinished:
        if (t != HandshakeType::finished) break;
        return do_read_client_finished(d);
      case ServerState::Connected:
        if (t == HandshakeType::client_hello) {
          send_alert(AlertLevel::warning, AlertDescription::no_renegotiation, "renegotiation is not supported by this server");
          return Ok{};
        }
        break;
      default: break;
    }
    return fail(AlertDescription::unexpected_message, name_of(t) + " is not expected in state \"" + state_text(state_) + "\"");
  }

  Status on_change_cipher_spec() override {
    if (state_ != ServerState::ReadClientChangeCipherSpec)
      return fail(AlertDescription::unexpected_message, "ChangeCipherSpec before ClientKeyExchange");
    activate_pending_read();
    note("client_write keys now protect records from the client");
    state_ = ServerState::ReadClientFinished;
    return Ok{};
  }

  void on_application_data() override {
    if (!cfg_.send_http_response || responded_) return;
    std::string_view text(reinterpret_cast<const char*>(app_in_.data()), app_in_.size());
    if (text.find("\r\n\r\n") == std::string_view::npos && text.find("\n\n") == std::string_view::npos) return;
    responded_ = true;
    send_application_data(http_response_for(cfg_.host));
    close();
  }

  void on_close_notify() override { close(); }

 private:
  Status do_read_client_hello(Dissector& d) {
    auto ch = parse_client_hello(d);
    if (!ch) return ch.error();
    if (ch->client_version < kTls12)
      return fail(AlertDescription::protocol_version, "client offers at most " + version_name(ch->client_version) + "; this server speaks TLS 1.2");
    if (std::find(ch->compression_methods.begin(), ch->compression_methods.end(), 0) == ch->compression_methods.end())
      return fail(AlertDescription::illegal_parameter, "the client does not offer the null compression method");
    if (ch->renegotiation_info && !ch->renegotiation_info->empty())
      return fail(AlertDescription::handshake_failure, "renegotiation_info must be empty on an initial handshake (RFC 5746 3.6)");
    client_random_ = ch->random;
    // Signature scheme: first of ours the client accepts; RFC 5246 7.4.1.4.1 default is SHA-1.
    SignatureScheme scheme = SignatureScheme::rsa_pkcs1_sha1;
    if (ch->signature_algorithms) {
      bool found = false;
      for (auto s : cfg_.signature_schemes)
        if (!found && contains(*ch->signature_algorithms, uint16_t(s))) {
          scheme = s;
          found = true;
        }
      if (!found) return fail(AlertDescription::handshake_failure, "no signature algorithm in common with the client");
    }
    // Suite: server preference, skipping suites whose key exchange has no common group.
    std::optional<NamedGroup> group;
    for (uint16_t id : cfg_.suites) {
      if (!contains(ch->cipher_suites, id)) continue;
      const CipherSuiteInfo* s = suite_by_id(id);
      if (!s) continue;
      if (s->kx == KeyExchange::ecdhe_rsa) {
        for (auto g : cfg_.groups)
          if (!group && g != NamedGroup::ffdhe2048 &&
              (!ch->supported_groups || contains(*ch->supported_groups, uint16_t(g))))
            group = g;
        if (!group) continue;
      } else if (s->kx == KeyExchange::dhe_rsa) {
        bool client_lists_ffdhe = false;
        if (ch->supported_groups)
          for (uint16_t g : *ch->supported_groups) client_lists_ffdhe |= (g >> 8) == 0x01;
        // RFC 7919 4: a client listing FFDHE groups but not ours cannot use DHE with us.
        if (client_lists_ffdhe && !contains(*ch->supported_groups, uint16_t(NamedGroup::ffdhe2048))) continue;
        group = NamedGroup::ffdhe2048;
      }
      suite_ = s;
      break;
    }
    if (!suite_) return fail(AlertDescription::handshake_failure, "no cipher suite in common with the client");
    neg_.version = kTls12;
    neg_.cipher_suite = suite_->id;
    neg_.group = suite_->kx == KeyExchange::rsa ? std::nullopt : group;
    neg_.signature_scheme = suite_->kx == KeyExchange::rsa ? std::nullopt : std::optional(scheme);
    neg_.extended_master_secret = ch->extended_master_secret && cfg_.support_extended_master_secret;
    neg_.secure_renegotiation = ch->renegotiation_info.has_value();
    neg_.server_name = ch->server_name.value_or("");
    record_version_ = kTls12;
    note("server chose " + std::string(suite_->name) + (neg_.group ? " with " + name_of(*neg_.group) : ""));

    ServerHello sh;
    sh.random = rng_.bytes(32);
    server_random_ = sh.random;
    sh.session_id = rng_.bytes(32);
    sh.cipher_suite = suite_->id;
    if (neg_.secure_renegotiation) sh.extensions.push_back({uint16_t(ExtensionType::renegotiation_info), ext_u8_list({})});
    if (neg_.extended_master_secret) sh.extensions.push_back({uint16_t(ExtensionType::extended_master_secret), {}});
    if (suite_->kx == KeyExchange::ecdhe_rsa && ch->ec_point_formats)
      sh.extensions.push_back({uint16_t(ExtensionType::ec_point_formats), ext_u8_list(Bytes{0})});
    send_handshake(HandshakeType::server_hello, encode(sh));
    send_handshake(HandshakeType::certificate, encode(CertificateMsg{cfg_.certificate_chain}));
    if (suite_->kx != KeyExchange::rsa) {
      ServerKeyExchange ske;
      ephemeral_private_ = ephemeral_server_generate(rng_, suite_->kx, *group, &ske);
      ske.signature_algorithm = uint16_t(scheme);
      auto sig = crypto::rsa_sign(cfg_.private_key_pkcs8, scheme, concat({client_random_, server_random_, ske.params}), rng_);
      if (!sig) return fail(AlertDescription::internal_error, "signing ServerKeyExchange failed");
      ske.signature = *sig;
      add_derivation(signature_derivation(Actor::server, ske, client_random_, server_random_));
      ske_ = ske;
      send_handshake(HandshakeType::server_key_exchange, encode(ske));
    }
    send_handshake(HandshakeType::server_hello_done, {});
    client_version_ = ch->client_version;
    state_ = ServerState::ReadClientKeyExchange;
    return Ok{};
  }

  Status do_read_client_key_exchange(Dissector& d) {
    auto cke = parse_client_key_exchange(d, parse_context());
    if (!cke) return cke.error();
    Bytes pms;
    if (suite_->kx == KeyExchange::rsa) {
      auto r = rsa_key_transport_server(rng_, cfg_.private_key_pkcs8, cke->exchange, client_version_);
      pms = r.pre_master_secret;
      for (auto& dv : r.derivations) add_check(std::move(dv));
    } else {
      auto r = ephemeral_server_agree(*ske_, ephemeral_private_, cke->exchange);
      if (!r) return r.error();
      pms = r->pre_master_secret;
      for (auto& dv : r->derivations) add_check(std::move(dv));
    }
    Derivation ms = neg_.extended_master_secret
                        ? derive_extended_master_secret(Actor::server, suite_->prf_hash, pms, transcript_)
                        : derive_master_secret(Actor::server, suite_->prf_hash, pms, client_random_, server_random_);
    master_secret_ = ms.output;
    Derivation kb = derive_key_block(Actor::server, *suite_, master_secret_, client_random_, server_random_);
    install_keys(kb);
    add_check(std::move(ms));
    add_check(std::move(kb));
    state_ = ServerState::ReadClientChangeCipherSpec;
    return Ok{};
  }

  Status do_read_client_finished(Dissector& d) {
    auto f = parse_finished(d);
    if (!f) return f.error();
    Derivation vd = derive_verify_data(Actor::server, suite_->prf_hash, master_secret_, true, transcript_before());
    bool ok = vd.output == f->verify_data;
    add_check(std::move(vd));
    if (!ok) return fail(AlertDescription::decrypt_error, "client Finished verify_data does not match the server's computation");
    note("client Finished verify_data matches");
    send_change_cipher_spec();
    Derivation svd = derive_verify_data(Actor::server, suite_->prf_hash, master_secret_, false, transcript_);
    Bytes verify = svd.output;
    add_derivation(std::move(svd));
    send_handshake(HandshakeType::finished, encode(Finished{verify}));
    state_ = ServerState::Connected;
    set_complete();
    return Ok{};
  }

  ServerConfig cfg_;
  ServerState state_ = ServerState::ReadClientHello;
  std::optional<ServerKeyExchange> ske_;
  Bytes ephemeral_private_;
  uint16_t client_version_ = kTls12;
  bool responded_ = false;
};

}  // namespace

std::unique_ptr<Connection> make_server(const ServerConfig& cfg, uint64_t seed) {
  return std::make_unique<Server12>(cfg, seed);
}

}  // namespace sim

// The data of one handshake that the state machines of a side share (hello, SSL 3.0-TLS 1.2
// and TLS 1.3 handlers alike): the transcript, both randoms, the negotiated parameters, the
// secrets, and the messages one handler keeps for a later one. A Connection owns one; a new
// handshake on the same connection (a renegotiation) starts it again with
// reset_for_new_handshake(). What belongs to the connection rather than to one handshake
// (configuration, rng, cipher states, buffers, failure, key log, tickets) stays in Connection.
#pragma once
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "hs/tls13.hpp"
#include "trace/trace.hpp"
#include "wire/messages.hpp"

namespace sim {

struct HandshakeContext {
  // ---- carried into the next handshake: reset_for_new_handshake() keeps these ----
  // The parameters as negotiated so far; a renegotiation overwrites them one by one and must
  // keep handshakes (the count) and secure_renegotiation (RFC 5746 3.5-3.7).
  Negotiated neg;
  // The version, suite and compression the record layer speaks and dissects with until the
  // next ServerHello; a renegotiation must keep the version (RFC 5246 7.4.1.2).
  uint16_t version = 0;  // 0 before ServerHello
  const CipherSuiteInfo* suite = nullptr;
  uint8_t compression = 0;
  // The verify_data of the last completed handshake: a renegotiation sends and checks them in
  // renegotiation_info (RFC 5746 3.5-3.7).
  Bytes client_verify_data, server_verify_data;
  // Until the new handshake derives its own: an accepted early ChangeCipherSpec
  // (CVE-2014-0224, Leniency::accept_early_ccs) takes its keys from it as it is at that moment.
  Bytes master_secret;

  // ---- this handshake's own: reset_for_new_handshake() clears these ----
  // handshake_messages (RFC 5246 7.4.9) / the TLS 1.3 transcript (RFC 8446 4.4.1); while a
  // received message is handled, it is already in, after transcript_before bytes.
  Bytes transcript;
  size_t transcript_before = 0;
  Bytes client_random, server_random;
  ClientHello client_hello;  // the client's offer (sent, or the one being answered)
  std::optional<ServerKeyExchange> server_key_exchange;
  std::optional<CertificateRequest> certificate_request;      // SSL 3.0 to TLS 1.2 (client)
  std::optional<CertificateRequest13> certificate_request13;  // TLS 1.3 (client)
  // The peer's certificate chain (the client keeps the server's until CertificateStatus) and
  // its leaf's key; the key the client encrypts the pre_master_secret to (the leaf's, or the
  // temporary RSA_EXPORT key of ServerKeyExchange).
  std::vector<Bytes> peer_chain;
  Bytes peer_spki, key_transport_spki;
  // The server's choices for its flight, and its key-exchange private keys.
  std::optional<NamedGroup> group;
  SignatureScheme signature_scheme{};
  Bytes ephemeral_private, temporary_key;
  // TLS 1.3: the key schedule (RFC 8446 7.1; an accepted PSK is in its early secret), the
  // client's own key shares, the server's view of the client's share and the (EC)DHE shared
  // secret, the HelloRetryRequest cookie (sent by the server, echoed by the client, 4.2.2).
  tls13::Secrets secrets;
  std::vector<tls13::KeyShareKey> key_shares;
  Bytes peer_share, shared_secret;
  Bytes cookie;

  // A new handshake on this connection: clears this handshake's own data, keeps what carries
  // over (above). The transcript starts with `first_message` (a ClientHello already read).
  void reset_for_new_handshake(ByteView first_message = {}) {
    HandshakeContext fresh;
    fresh.neg = std::move(neg);
    fresh.version = version;
    fresh.suite = suite;
    fresh.compression = compression;
    fresh.client_verify_data = std::move(client_verify_data);
    fresh.server_verify_data = std::move(server_verify_data);
    fresh.master_secret = std::move(master_secret);
    fresh.transcript.assign(first_message.begin(), first_message.end());  // may point into ours
    *this = std::move(fresh);
  }
};

}  // namespace sim

// The anchor for whole handshakes: OpenSSL (libssl, linked into the benchmark only) running the
// same exchange as a simulated run - a full handshake between two SSL objects over a memory BIO
// pair, the client verifying the same demo chain (root trusted, host name checked), a 99-byte
// request, a 386-byte answer (the sizes of the engine's default HTTP exchange) and close_notify
// both ways - with the same RSA-2048 certificate and key as the engine's demo PKI.
#include <benchmark/benchmark.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "pki/demo.hpp"
#include "scenario/options.hpp"

namespace {

struct Anchor {
  const char* version;  // "tls1.3" or "tls1.2"
  const char* suite;    // OpenSSL's name of the one suite offered
  const char* group;    // the one group offered, OpenSSL's name
};

[[noreturn]] void fail(const char* what) {
  ERR_print_errors_fp(stderr);
  throw std::runtime_error(what);
}

using Ctx = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;

// Both contexts are built once (as a server keeps its context); each iteration creates the two
// connections, as each simulated run creates its two endpoints.
struct Contexts {
  Ctx client{nullptr, SSL_CTX_free}, server{nullptr, SSL_CTX_free};
};

Contexts contexts(const Anchor& a) {
  sim::ScenarioOptions defaults;
  const sim::pki::Credentials& cred = sim::pki::demo_credentials(defaults.host, defaults.pki_seed);
  Contexts c;
  c.client.reset(SSL_CTX_new(TLS_client_method()));
  c.server.reset(SSL_CTX_new(TLS_server_method()));
  int v = std::string(a.version) == "tls1.3" ? TLS1_3_VERSION : TLS1_2_VERSION;
  for (SSL_CTX* ctx : {c.client.get(), c.server.get()}) {
    SSL_CTX_set_min_proto_version(ctx, v);
    SSL_CTX_set_max_proto_version(ctx, v);
    if (v == TLS1_3_VERSION ? !SSL_CTX_set_ciphersuites(ctx, a.suite) : !SSL_CTX_set_cipher_list(ctx, a.suite))
      fail("cipher suite");
    if (!SSL_CTX_set1_groups_list(ctx, a.group)) fail("group");
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    // As the simulated server: one TLS 1.3 NewSessionTicket, no TLS 1.2 ticket.
    if (v == TLS1_2_VERSION) SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  }
  SSL_CTX_set_num_tickets(c.server.get(), v == TLS1_3_VERSION ? 1 : 0);
  SSL_CTX_set_dh_auto(c.server.get(), 1);  // ffdhe2048 for a 2048-bit RSA key

  const unsigned char* p = cred.chain_der[0].data();
  X509* leaf = d2i_X509(nullptr, &p, long(cred.chain_der[0].size()));
  p = cred.leaf_private_pkcs8.data();
  EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, long(cred.leaf_private_pkcs8.size()));
  if (!leaf || !key || SSL_CTX_use_certificate(c.server.get(), leaf) != 1 ||
      SSL_CTX_use_PrivateKey(c.server.get(), key) != 1)
    fail("demo certificate or key");
  X509_free(leaf);
  EVP_PKEY_free(key);
  // The engine's server sends leaf and root; so does this one.
  p = cred.root_der.data();
  X509* root = d2i_X509(nullptr, &p, long(cred.root_der.size()));
  if (!root || SSL_CTX_add1_chain_cert(c.server.get(), root) != 1) fail("root certificate");
  if (X509_STORE_add_cert(SSL_CTX_get_cert_store(c.client.get()), root) != 1) fail("trust store");
  X509_free(root);
  SSL_CTX_set_verify(c.client.get(), SSL_VERIFY_PEER, nullptr);
  return c;
}

// Moves the handshake forward on both sides until both are done; false on an error.
bool handshake(SSL* client, SSL* server) {
  for (int round = 0; round < 16; ++round) {
    int rc = SSL_do_handshake(client), rs = SSL_do_handshake(server);
    if (rc == 1 && rs == 1) return true;
    for (auto [ssl, r] : {std::pair{client, rc}, std::pair{server, rs}}) {
      int e = r == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, r);
      if (e != SSL_ERROR_NONE && e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return false;
    }
  }
  return false;
}

void BM_OpenSsl(benchmark::State& state, Anchor a) {
  Contexts c = contexts(a);
  const std::string host = sim::ScenarioOptions{}.host;
  const std::string request(99, 'q'), answer(386, 'a');
  char buf[1024];
  for (auto _ : state) {
    SSL* client = SSL_new(c.client.get());
    SSL* server = SSL_new(c.server.get());
    BIO *bc = nullptr, *bs = nullptr;
    BIO_new_bio_pair(&bc, 0, &bs, 0);
    SSL_set_bio(client, bc, bc);
    SSL_set_bio(server, bs, bs);
    SSL_set_tlsext_host_name(client, host.c_str());
    SSL_set1_host(client, host.c_str());
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    bool ok = handshake(client, server) && SSL_write(client, request.data(), int(request.size())) > 0 &&
              SSL_read(server, buf, sizeof buf) == int(request.size()) &&
              SSL_write(server, answer.data(), int(answer.size())) > 0 &&
              SSL_read(client, buf, sizeof buf) == int(answer.size());
    SSL_shutdown(server);
    SSL_shutdown(client);
    SSL_read(server, buf, sizeof buf);  // reads the client's close_notify
    SSL_free(client);
    SSL_free(server);
    if (!ok) {
      ERR_print_errors_fp(stderr);
      state.SkipWithError("OpenSSL handshake failed");
      break;
    }
  }
  state.SetLabel(OpenSSL_version(OPENSSL_VERSION));
}

}  // namespace

const char* tlslab_bench_openssl_version() { return OpenSSL_version(OPENSSL_VERSION); }

// Names match the engine's BM_Handshake captures in bench.cpp (the summary pairs them).
BENCHMARK_CAPTURE(BM_OpenSsl, tls13_x25519_aes128, Anchor{"tls1.3", "TLS_AES_128_GCM_SHA256", "X25519"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OpenSsl, tls13_x25519_chacha20, Anchor{"tls1.3", "TLS_CHACHA20_POLY1305_SHA256", "X25519"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OpenSsl, tls12_ecdhe_x25519_gcm, Anchor{"tls1.2", "ECDHE-RSA-AES128-GCM-SHA256", "X25519"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OpenSsl, tls12_dhe_gcm, Anchor{"tls1.2", "DHE-RSA-AES128-GCM-SHA256", "ffdhe2048"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OpenSsl, tls12_rsa_cbc, Anchor{"tls1.2", "AES256-SHA256", "X25519"})
    ->Unit(benchmark::kMillisecond);

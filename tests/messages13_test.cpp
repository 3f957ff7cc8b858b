// TLS 1.3 wire messages (RFC 8446 4.1 - 4.6): parse (= dissect), encode and their failures.
// The positive vectors are the handshake messages printed in RFC 8448 ("Example Handshake
// Traces for TLS 1.3"), each with its 4-byte handshake header; the asserted values are the ones
// the RFC's text and the RFC 8446 structures state, not values produced by this code.
#include <gtest/gtest.h>

#include <string>

#include "wire/messages.hpp"

using namespace sim;

namespace {

Bytes hx(const char* text) {
  std::string clean;
  for (const char* p = text; *p; ++p)
    if (std::isxdigit(static_cast<unsigned char>(*p))) clean += *p;
  auto b = from_hex(clean);
  EXPECT_TRUE(b.has_value());
  return b.value_or(Bytes{});
}

// ---- RFC 8448 section 3: Simple 1-RTT Handshake -------------------------------------
const char* kCH =
    "01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83"
    "02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72 ff 01"
    "00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 23 00 00 00 33 00"
    "26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69"
    "1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01"
    "05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01";
const char* kSH =
    "02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e"
    "d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1"
    "56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04";
const char* kEE =
    "08 00 00 24 00 22 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 1c 00 02"
    "40 01 00 00 00 00";
const char* kCert =
    "0b 00 01 b9 00 00 01 b5 00 01 b0 30 82 01 ac 30 82 01 15 a0 03 02 01 02 02 01 02 30 0d 06 09 2a 86 48"
    "86 f7 0d 01 01 0b 05 00 30 0e 31 0c 30 0a 06 03 55 04 03 13 03 72 73 61 30 1e 17 0d 31 36 30 37 33 30"
    "30 31 32 33 35 39 5a 17 0d 32 36 30 37 33 30 30 31 32 33 35 39 5a 30 0e 31 0c 30 0a 06 03 55 04 03 13"
    "03 72 73 61 30 81 9f 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 03 81 8d 00 30 81 89 02 81 81 00 b4"
    "bb 49 8f 82 79 30 3d 98 08 36 39 9b 36 c6 98 8c 0c 68 de 55 e1 bd b8 26 d3 90 1a 24 61 ea fd 2d e4 9a"
    "91 d0 15 ab bc 9a 95 13 7a ce 6c 1a f1 9e aa 6a f9 8c 7c ed 43 12 09 98 e1 87 a8 0e e0 cc b0 52 4b 1b"
    "01 8c 3e 0b 63 26 4d 44 9a 6d 38 e2 2a 5f da 43 08 46 74 80 30 53 0e f0 46 1c 8c a9 d9 ef bf ae 8e a6"
    "d1 d0 3e 2b d1 93 ef f0 ab 9a 80 02 c4 74 28 a6 d3 5a 8d 88 d7 9f 7f 1e 3f 02 03 01 00 01 a3 1a 30 18"
    "30 09 06 03 55 1d 13 04 02 30 00 30 0b 06 03 55 1d 0f 04 04 03 02 05 a0 30 0d 06 09 2a 86 48 86 f7 0d"
    "01 01 0b 05 00 03 81 81 00 85 aa d2 a0 e5 b9 27 6b 90 8c 65 f7 3a 72 67 17 06 18 a5 4c 5f 8a 7b 33 7d"
    "2d f7 a5 94 36 54 17 f2 ea e8 f8 a5 8c 8f 81 72 f9 31 9c f3 6b 7f d6 c5 5b 80 f2 1a 03 01 51 56 72 60"
    "96 fd 33 5e 5e 67 f2 db f1 02 70 2e 60 8c ca e6 be c1 fc 63 a4 2a 99 be 5c 3e b7 10 7c 3c 54 e9 b9 eb"
    "2b d5 20 3b 1c 3b 84 e0 a8 b2 f7 59 40 9b a3 ea c9 d9 1d 40 2d cc 0c c8 f8 96 12 29 ac 91 87 b4 2b 4d"
    "e1 00 00";
const char* kCV =
    "0f 00 00 84 08 04 00 80 5a 74 7c 5d 88 fa 9b d2 e5 5a b0 85 a6 10 15 b7 21 1f 82 4c d4 84 14 5a b3 ff"
    "52 f1 fd a8 47 7b 0b 7a bc 90 db 78 e2 d3 3a 5c 14 1a 07 86 53 fa 6b ef 78 0c 5e a2 48 ee aa a7 85 c4"
    "f3 94 ca b6 d3 0b be 8d 48 59 ee 51 1f 60 29 57 b1 54 11 ac 02 76 71 45 9e 46 44 5c 9e a5 8c 18 1e 81"
    "8e 95 b8 c3 fb 0b f3 27 84 09 d3 be 15 2a 3d a5 04 3e 06 3d da 65 cd f5 ae a2 0d 53 df ac d4 2f 74 f3";
const char* kServerFinished =
    "14 00 00 20 9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f"
    "07 18";
const char* kNST =
    "04 00 00 c9 00 00 00 1e fa d6 aa c5 02 00 00 00 b2 2c 03 5d 82 93 59 ee 5f f7 af 4e c9 00 00 00 00 26"
    "2a 64 94 dc 48 6d 2c 8a 34 cb 33 fa 90 bf 1b 00 70 ad 3c 49 88 83 c9 36 7c 09 a2 be 78 5a bc 55 cd 22"
    "60 97 a3 a9 82 11 72 83 f8 2a 03 a1 43 ef d3 ff 5d d3 6d 64 e8 61 be 7f d6 1d 28 27 db 27 9c ce 14 50"
    "77 d4 54 a3 66 4d 4e 6d a4 d2 9e e0 37 25 a6 a4 da fc d0 fc 67 d2 ae a7 05 29 51 3e 3d a2 67 7f a5 90"
    "6c 5b 3f 7d 8f 92 f2 28 bd a4 0d da 72 14 70 f9 fb f2 97 b5 ae a6 17 64 6f ac 5c 03 27 2e 97 07 27 c6"
    "21 a7 91 41 ef 5f 7d e6 50 5e 5b fb c3 88 e9 33 43 69 40 93 93 4a e4 d3 57 00 08 00 2a 00 04 00 00 04"
    "00";

// ---- RFC 8448 section 4: Resumed 0-RTT Handshake (ClientHello, 512 octets) -----------
const char* kResumedCH =
    "01 00 01 fc 03 03 1b c3 ce b6 bb e3 9c ff 93 83 55 b5 a5 0a db 6d b2 1b 7a 6a f6 49 d7 b4 bc 41 9d 78"
    "76 48 7d 95 00 00 06 13 01 13 03 13 02 01 00 01 cd 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72 ff 01"
    "00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 33 00 26 00 24 00"
    "1d 00 20 e4 ff b6 8a c0 5f 8d 96 c9 9d a2 66 98 34 6c 6b e1 64 82 ba dd da fe 05 1a 66 b4 f1 8d 66 8f"
    "0b 00 2a 00 00 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01"
    "05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01 00 15 00 57 00 00 00 00"
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 29 00 dd 00 b8 00 b2 2c 03 5d 82 93 59 ee 5f f7 af 4e"
    "c9 00 00 00 00 26 2a 64 94 dc 48 6d 2c 8a 34 cb 33 fa 90 bf 1b 00 70 ad 3c 49 88 83 c9 36 7c 09 a2 be"
    "78 5a bc 55 cd 22 60 97 a3 a9 82 11 72 83 f8 2a 03 a1 43 ef d3 ff 5d d3 6d 64 e8 61 be 7f d6 1d 28 27"
    "db 27 9c ce 14 50 77 d4 54 a3 66 4d 4e 6d a4 d2 9e e0 37 25 a6 a4 da fc d0 fc 67 d2 ae a7 05 29 51 3e"
    "3d a2 67 7f a5 90 6c 5b 3f 7d 8f 92 f2 28 bd a4 0d da 72 14 70 f9 fb f2 97 b5 ae a6 17 64 6f ac 5c 03"
    "27 2e 97 07 27 c6 21 a7 91 41 ef 5f 7d e6 50 5e 5b fb c3 88 e9 33 43 69 40 93 93 4a e4 d3 57 fa d6 aa"
    "cb 00 21 20 3a dd 4f b2 d8 fd f8 22 a0 ca 3c f7 67 8e f5 e8 8d ae 99 01 41 c5 92 4d 57 bb 6f a3 1b 9e"
    "5f 9d";

// ---- RFC 8448 section 5: HelloRetryRequest --------------------------------------------
const char* kHRR =
    "02 00 00 ac 03 03 cf 21 ad 74 e5 9a 61 11 be 1d 8c 02 1e 65 b8 91 c2 a2 11 16 7a bb 8c 5e 07 9e"
    "09 e2 c8 a8 33 9c 00 13 01 00 00 84 00 33 00 02 00 17 00 2c 00 74 00 72 71 dc d0 4b b8 8b c3 18"
    "91 19 39 8a 00 00 00 00 ee fa fc 76 c1 46 b8 23 b0 96 f8 aa ca d3 65 dd 00 30 95 3f 4e df 62 56"
    "36 e5 f2 1b b2 e2 3f cc 65 4b 1b 5b 40 31 8d 10 d1 37 ab cb b8 75 74 e3 6e 8a 1f 02 5f 7d fa 5d"
    "6e 50 78 1b 5e da 4a a1 5b 0c 8b e7 78 25 7d 16 aa 30 30 e9 e7 84 1d d9 e4 c0 34 22 67 e8 ca 0c"
    "af 57 1f b2 b7 cf f0 f9 34 b0 00 2b 00 02 03 04";

// The handshake body (after msg_type and the u24 length), checking the header on the way.
Bytes body_of(const Bytes& msg, HandshakeType t) {
  EXPECT_GE(msg.size(), 4u);
  EXPECT_EQ(msg[0], uint8_t(t));
  EXPECT_EQ(size_t(msg[1]) << 16 | size_t(msg[2]) << 8 | msg[3], msg.size() - 4);
  return Bytes(msg.begin() + 4, msg.end());
}

// Parses a body with `parse` into a fresh Field tree rooted at `root`.
template <class F>
auto parse_body(const Bytes& body, Field& root, F parse) {
  Dissector d(ByteReader(view(body), 4), &root);
  return parse(d);
}

ParseContext ctx13(uint16_t suite = 0x1301) { return ParseContext{suite_by_id(suite), kTls13}; }

const std::vector<uint16_t> kRfc8448Groups = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100,
                                              0x0101, 0x0102, 0x0103, 0x0104};

}  // namespace

// RFC 8448 3: "{client} construct a ClientHello handshake message" (196 octets).
TEST(Messages13, Rfc8448ClientHello) {
  Bytes msg = hx(kCH);
  ASSERT_EQ(msg.size(), 196u);
  Bytes body = body_of(msg, HandshakeType::client_hello);
  Field root;
  auto ch = parse_body(body, root, parse_client_hello);
  ASSERT_TRUE(ch.ok()) << ch.error().reason;
  EXPECT_EQ(ch->client_version, 0x0303);
  EXPECT_EQ(ch->random, hx("cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83 02 4d ec e7"));
  EXPECT_TRUE(ch->session_id.empty());
  EXPECT_EQ(ch->cipher_suites, (std::vector<uint16_t>{0x1301, 0x1303, 0x1302}));
  EXPECT_EQ(ch->server_name, "server");
  EXPECT_EQ(ch->renegotiation_info, Bytes{});
  ASSERT_TRUE(ch->supported_groups);
  EXPECT_EQ(*ch->supported_groups, kRfc8448Groups);
  ASSERT_TRUE(ch->supported_versions);
  EXPECT_EQ(*ch->supported_versions, std::vector<uint16_t>{kTls13});
  ASSERT_TRUE(ch->key_shares);
  ASSERT_EQ(ch->key_shares->size(), 1u);
  EXPECT_EQ((*ch->key_shares)[0].group, 0x001d);  // x25519
  // "{client} create an ephemeral x25519 key pair: public key"
  EXPECT_EQ((*ch->key_shares)[0].key_exchange,
            hx("99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69 1e 52 9a af 2c"));
  ASSERT_TRUE(ch->signature_algorithms);
  EXPECT_EQ(*ch->signature_algorithms,
            (std::vector<uint16_t>{0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501,
                                   0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202}));
  ASSERT_TRUE(ch->psk_key_exchange_modes);
  EXPECT_EQ(*ch->psk_key_exchange_modes, Bytes{1});  // psk_dhe_ke
  EXPECT_FALSE(ch->pre_shared_key);
  EXPECT_FALSE(ch->early_data);
  EXPECT_FALSE(ch->cookie);
  EXPECT_FALSE(ch->status_request);
  ASSERT_EQ(ch->extensions.size(), 9u);
  EXPECT_EQ(ch->extensions.back().type, 28);  // record_size_limit, kept opaque
  // Dissection: the key share and the mode are named.
  const Field* ks = root.find("KeyShareEntry");
  ASSERT_NE(ks, nullptr);
  // Absolute offset inside the message: header 4, version 2, random 32, session_id 1,
  // cipher_suites 8, compression 2, extensions length 2, server_name 15, renegotiation_info 5,
  // supported_groups 24, session_ticket 4, key_share type+length 4, client_shares length 2.
  EXPECT_EQ(ks->offset, 105u);
  EXPECT_EQ(ks->length, 2u + 2u + 32u);
  const Field* mode = root.find("PskKeyExchangeMode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->value, "psk_dhe_ke (1)");
  const Field* ver = root.find("version");
  ASSERT_NE(ver, nullptr);
  EXPECT_NE(ver->value.find("0x0304"), std::string::npos);
  // encode(parse(bytes)) == bytes
  EXPECT_EQ(handshake_message(HandshakeType::client_hello, encode(*ch)), msg);
}

// RFC 8448 3: "{server} construct a ServerHello handshake message" (90 octets).
TEST(Messages13, Rfc8448ServerHello) {
  Bytes msg = hx(kSH);
  ASSERT_EQ(msg.size(), 90u);
  Field root;
  auto sh = parse_body(body_of(msg, HandshakeType::server_hello), root, parse_server_hello);
  ASSERT_TRUE(sh.ok()) << sh.error().reason;
  EXPECT_EQ(sh->server_version, 0x0303);
  EXPECT_EQ(sh->cipher_suite, 0x1301);
  EXPECT_EQ(sh->compression_method, 0);
  EXPECT_TRUE(sh->session_id.empty());
  EXPECT_FALSE(sh->is_hello_retry_request());
  EXPECT_EQ(sh->selected_version, kTls13);
  ASSERT_TRUE(sh->key_share);
  EXPECT_EQ(sh->key_share->group, 0x001d);
  // "{server} create an ephemeral x25519 key pair: public key"
  EXPECT_EQ(sh->key_share->key_exchange,
            hx("c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f"));
  EXPECT_FALSE(sh->hrr_group);
  EXPECT_FALSE(sh->selected_identity);
  EXPECT_EQ(handshake_message(HandshakeType::server_hello, encode(*sh)), msg);

  // The same message rebuilt from the extension encoders.
  ServerHello rebuilt = *sh;
  rebuilt.extensions = {{51, ext_key_share_server(*sh->key_share)}, {43, ext_supported_versions_server(kTls13)}};
  EXPECT_EQ(handshake_message(HandshakeType::server_hello, encode(rebuilt)), msg);
}

// RFC 8448 3: EncryptedExtensions (40 octets): supported_groups, record_size_limit, server_name.
TEST(Messages13, Rfc8448EncryptedExtensions) {
  Bytes msg = hx(kEE);
  ASSERT_EQ(msg.size(), 40u);
  Field root;
  auto ee = parse_body(body_of(msg, HandshakeType::encrypted_extensions), root, parse_encrypted_extensions);
  ASSERT_TRUE(ee.ok()) << ee.error().reason;
  ASSERT_TRUE(ee->supported_groups);
  EXPECT_EQ(*ee->supported_groups, kRfc8448Groups);
  EXPECT_TRUE(ee->server_name);
  EXPECT_FALSE(ee->early_data);
  ASSERT_EQ(ee->extensions.size(), 3u);
  EXPECT_EQ(handshake_message(HandshakeType::encrypted_extensions, encode(*ee)), msg);
}

// RFC 8448 3: Certificate (445 octets): empty context, one RSA certificate "rsa", no extensions.
TEST(Messages13, Rfc8448Certificate) {
  Bytes msg = hx(kCert);
  ASSERT_EQ(msg.size(), 445u);
  Field root;
  auto c = parse_body(body_of(msg, HandshakeType::certificate), root, parse_certificate13);
  ASSERT_TRUE(c.ok()) << c.error().reason;
  EXPECT_TRUE(c->request_context.empty());
  ASSERT_EQ(c->entries.size(), 1u);
  EXPECT_EQ(c->entries[0].cert_data.size(), 0x1b0u);
  EXPECT_EQ(c->entries[0].cert_data[0], 0x30);  // DER SEQUENCE
  EXPECT_TRUE(c->entries[0].extensions.empty());
  EXPECT_FALSE(c->entries[0].ocsp_response);
  const Field* entry = root.find("CertificateEntry");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->value, "leaf: rsa");
  EXPECT_EQ(entry->offset, 4u + 1 + 3);
  EXPECT_EQ(entry->length, 3u + 0x1b0 + 2);
  EXPECT_EQ(handshake_message(HandshakeType::certificate, encode(*c)), msg);
}

// RFC 8448 3: CertificateVerify (rsa_pss_rsae_sha256, 128-byte signature) and Finished (32 bytes).
TEST(Messages13, Rfc8448CertificateVerifyAndFinished) {
  Bytes cv_msg = hx(kCV);
  ASSERT_EQ(cv_msg.size(), 136u);
  Field root;
  auto cv = parse_body(body_of(cv_msg, HandshakeType::certificate_verify), root,
                       [](Dissector& d) { return parse_certificate_verify(d, ctx13()); });
  ASSERT_TRUE(cv.ok()) << cv.error().reason;
  EXPECT_TRUE(cv->has_algorithm);
  EXPECT_EQ(cv->algorithm, 0x0804);
  EXPECT_EQ(cv->signature.size(), 128u);
  EXPECT_EQ(handshake_message(HandshakeType::certificate_verify, encode(*cv)), cv_msg);

  Bytes fin_msg = hx(kServerFinished);
  Bytes fin_body = body_of(fin_msg, HandshakeType::finished);
  Field froot;
  auto fin = parse_body(fin_body, froot, [](Dissector& d) { return parse_finished(d, ctx13()); });
  ASSERT_TRUE(fin.ok()) << fin.error().reason;
  // "{server} calculate finished "tls13 finished": finished (32 octets)"
  EXPECT_EQ(fin->verify_data,
            hx("9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f 07 18"));
  // Hash.length: 32 bytes is wrong for a SHA-384 suite; without a suite 32 and 48 are accepted.
  Field r2;
  auto fin384 = parse_body(fin_body, r2, [](Dissector& d) { return parse_finished(d, ctx13(0x1302)); });
  ASSERT_FALSE(fin384.ok());
  EXPECT_EQ(fin384.error().alert, AlertDescription::decode_error);
  Field r3;
  auto nosuite = parse_body(fin_body, r3, [](Dissector& d) { return parse_finished(d, ParseContext{nullptr, kTls13}); });
  EXPECT_TRUE(nosuite.ok());
  Bytes b48(48, 0xab), b12(12, 0xab);
  Field r4, r5, r6;
  EXPECT_TRUE(parse_body(b48, r4, [](Dissector& d) { return parse_finished(d, ctx13(0x1302)); }).ok());
  EXPECT_FALSE(parse_body(b12, r5, [](Dissector& d) { return parse_finished(d, ctx13()); }).ok());
  // TLS 1.2 still wants 12 bytes.
  EXPECT_TRUE(parse_body(b12, r6, [](Dissector& d) { return parse_finished(d, ParseContext{nullptr, kTls12}); }).ok());
}

// RFC 8448 3: NewSessionTicket (205 octets): lifetime 30 s, age_add 0xfad6aac5, nonce 00 00,
// a 178-byte ticket, early_data max_early_data_size 1024.
TEST(Messages13, Rfc8448NewSessionTicket) {
  Bytes msg = hx(kNST);
  ASSERT_EQ(msg.size(), 205u);
  Field root;
  auto t = parse_body(body_of(msg, HandshakeType::new_session_ticket), root, parse_new_session_ticket);
  ASSERT_TRUE(t.ok()) << t.error().reason;
  EXPECT_EQ(t->ticket_lifetime, 30u);
  EXPECT_EQ(t->ticket_age_add, 0xfad6aac5u);
  EXPECT_EQ(t->ticket_nonce, (Bytes{0, 0}));
  EXPECT_EQ(t->ticket.size(), 178u);
  EXPECT_EQ(t->max_early_data_size, 1024u);
  EXPECT_EQ(handshake_message(HandshakeType::new_session_ticket, encode(*t)), msg);

  NewSessionTicket rebuilt = *t;
  rebuilt.extensions = {{42, ext_early_data_max(1024)}};
  EXPECT_EQ(encode(rebuilt), encode(*t));
}

// RFC 8448 4: the resumed ClientHello offers the section-3 ticket as a PSK, with early_data.
TEST(Messages13, Rfc8448ResumedClientHelloPsk) {
  Bytes msg = hx(kResumedCH);
  ASSERT_EQ(msg.size(), 512u);
  Bytes nst = hx(kNST);
  Bytes ticket(nst.begin() + 4 + 4 + 4 + 1 + 2 + 2, nst.begin() + 4 + 4 + 4 + 1 + 2 + 2 + 178);
  Field root;
  auto ch = parse_body(body_of(msg, HandshakeType::client_hello), root, parse_client_hello);
  ASSERT_TRUE(ch.ok()) << ch.error().reason;
  EXPECT_TRUE(ch->early_data);
  ASSERT_TRUE(ch->pre_shared_key);
  const OfferedPsks& psk = *ch->pre_shared_key;
  ASSERT_EQ(psk.identities.size(), 1u);
  EXPECT_EQ(psk.identities[0].identity, ticket);  // the ticket from the NewSessionTicket
  EXPECT_EQ(psk.identities[0].obfuscated_ticket_age, 0xfad6aacbu);
  ASSERT_EQ(psk.binders.size(), 1u);
  EXPECT_EQ(psk.binders[0].size(), 32u);
  EXPECT_EQ(psk.binders[0],
            hx("3a dd 4f b2 d8 fd f8 22 a0 ca 3c f7 67 8e f5 e8 8d ae 99 01 41 c5 92 4d 57 bb 6f a3 1b 9e 5f 9d"));
  EXPECT_EQ(ch->extensions.back().type, 41);
  // The binders list is the last 2 + 1 + 32 bytes of the message: 00 21 20 <binder>.
  size_t bl = binders_length(psk);
  EXPECT_EQ(bl, 35u);
  EXPECT_EQ(msg[msg.size() - bl], 0x00);
  EXPECT_EQ(msg[msg.size() - bl + 1], 0x21);
  EXPECT_EQ(msg[msg.size() - bl + 2], 0x20);
  // The extension encoders rebuild the pre_shared_key and the whole message.
  EXPECT_EQ(ext_pre_shared_key_client(psk), ch->extensions.back().data);
  EXPECT_EQ(handshake_message(HandshakeType::client_hello, encode(*ch)), msg);
  ClientHello rebuilt = *ch;
  for (auto& e : rebuilt.extensions) {
    if (e.type == 51) e.data = ext_key_share_client(*ch->key_shares);
    if (e.type == 43) e.data = ext_supported_versions_client({kTls13});
    if (e.type == 45) e.data = ext_psk_key_exchange_modes(Bytes{1});
    if (e.type == 13) e.data = ext_signature_algorithms(*ch->signature_algorithms);
  }
  EXPECT_EQ(handshake_message(HandshakeType::client_hello, encode(rebuilt)), msg);
}

// RFC 8448 5: HelloRetryRequest selecting secp256r1 with a cookie.
TEST(Messages13, Rfc8448HelloRetryRequest) {
  Bytes msg = hx(kHRR);
  ASSERT_EQ(msg.size(), 176u);
  Field root;
  auto hrr = parse_body(body_of(msg, HandshakeType::server_hello), root, parse_server_hello);
  ASSERT_TRUE(hrr.ok()) << hrr.error().reason;
  EXPECT_TRUE(hrr->is_hello_retry_request());
  EXPECT_EQ(hrr->cipher_suite, 0x1301);
  EXPECT_EQ(hrr->selected_version, kTls13);
  EXPECT_EQ(hrr->hrr_group, 0x0017);  // secp256r1
  EXPECT_FALSE(hrr->key_share);
  ASSERT_TRUE(hrr->cookie);
  EXPECT_EQ(hrr->cookie->size(), 0x72u);
  EXPECT_EQ(Bytes(hrr->cookie->begin(), hrr->cookie->begin() + 4), hx("71 dc d0 4b"));
  EXPECT_EQ(handshake_message(HandshakeType::server_hello, encode(*hrr)), msg);
  EXPECT_EQ(ext_key_share_hrr(0x0017), hrr->extensions[0].data);
  EXPECT_EQ(ext_cookie(*hrr->cookie), hrr->extensions[1].data);
  // The random's field says it is the HelloRetryRequest value.
  const Field* random = root.find("random");
  ASSERT_NE(random, nullptr);
  EXPECT_NE(random->value.find("HelloRetryRequest"), std::string::npos);

  // In a run of messages the node is named HelloRetryRequest.
  Field out;
  auto names = dissect_handshake_messages(view(msg), 0, ParseContext{}, out);
  ASSERT_EQ(names, std::vector<std::string>{"HelloRetryRequest"});
  ASSERT_EQ(out.children.size(), 1u);
  EXPECT_EQ(out.children[0].name, "HelloRetryRequest");
  EXPECT_EQ(out.find("malformed"), nullptr);
  // A normal ServerHello keeps its name.
  Field out2;
  EXPECT_EQ(dissect_handshake_messages(view(hx(kSH)), 0, ParseContext{}, out2), std::vector<std::string>{"ServerHello"});
}

TEST(Messages13, Constants) {
  // RFC 8446 4.1.3
  EXPECT_EQ(Bytes(kHelloRetryRequestRandom, kHelloRetryRequestRandom + 32),
            hx("CF 21 AD 74 E5 9A 61 11 BE 1D 8C 02 1E 65 B8 91 C2 A2 11 16 7A BB 8C 5E 07 9E 09 E2 C8 A8 33 9C"));
  EXPECT_EQ(Bytes(kDowngradeTls12, kDowngradeTls12 + 8), to_bytes("DOWNGRD\x01"));
  EXPECT_EQ(Bytes(kDowngradeTls11, kDowngradeTls11 + 7), to_bytes("DOWNGRD"));
  EXPECT_EQ(kDowngradeTls11[7], 0);
}

// A TLS 1.2 ServerHello from a TLS 1.3 server carries the downgrade sentinel; the dissection says so.
TEST(Messages13, DowngradeSentinelIsShown) {
  ServerHello sh;
  sh.random = Bytes(24, 0x11);
  sh.random.insert(sh.random.end(), kDowngradeTls12, kDowngradeTls12 + 8);
  sh.cipher_suite = 0xc02f;
  Bytes body = encode(sh);
  Field root;
  auto p = parse_body(body, root, parse_server_hello);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->is_hello_retry_request());
  const Field* random = root.find("random");
  ASSERT_NE(random, nullptr);
  EXPECT_NE(random->value.find("DOWNGRD 01"), std::string::npos) << random->value;
}

// The whole RFC 8448 3 server flight in one run, TLS 1.3 context: every message dissects.
TEST(Messages13, DissectServerFlight) {
  Bytes flight = concat({hx(kEE), hx(kCert), hx(kCV), hx(kServerFinished), hx(kNST)});
  Field out;
  auto names = dissect_handshake_messages(view(flight), 100, ctx13(), out);
  EXPECT_EQ(names, (std::vector<std::string>{"EncryptedExtensions", "Certificate", "CertificateVerify", "Finished",
                                              "NewSessionTicket"}));
  EXPECT_EQ(out.find("malformed"), nullptr);
  const Field* entry = out.find("CertificateEntry");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->value, "leaf: rsa");
  EXPECT_EQ(entry->offset, 100u + 40 + 4 + 1 + 3);
  EXPECT_NE(out.find("ticket_age_add"), nullptr);
  // The same Certificate read as a TLS 1.2 message is malformed (no context byte, no extensions).
  Field out12;
  dissect_handshake_messages(view(hx(kCert)), 0, ParseContext{}, out12);
  EXPECT_NE(out12.find("malformed"), nullptr);
}

// ---- failures ------------------------------------------------------------------------

TEST(Messages13, PreSharedKeyNotLastIsIllegalParameter) {
  ClientHello ch;
  ch.random = Bytes(32, 7);
  ch.cipher_suites = {0x1301};
  OfferedPsks psk;
  psk.identities.push_back({Bytes{1, 2, 3}, 42});
  psk.binders.push_back(Bytes(32, 9));
  ch.extensions = {{43, ext_supported_versions_client({kTls13})},
                   {41, ext_pre_shared_key_client(psk)},
                   {45, ext_psk_key_exchange_modes(Bytes{1})}};
  Bytes body = encode(ch);
  Field root;
  auto r = parse_body(body, root, parse_client_hello);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::illegal_parameter);
  // Moved to the end it is accepted.
  std::swap(ch.extensions[1], ch.extensions[2]);
  Field root2;
  auto ok = parse_body(encode(ch), root2, parse_client_hello);
  ASSERT_TRUE(ok.ok()) << ok.error().reason;
  EXPECT_EQ(ok->pre_shared_key->identities[0].obfuscated_ticket_age, 42u);
  EXPECT_EQ(binders_length(psk), 2u + 1 + 32);
}

TEST(Messages13, TruncatedKeyShareIsDecodeError) {
  ClientHello ch;
  ch.random = Bytes(32, 7);
  ch.cipher_suites = {0x1301};
  Bytes ks = ext_key_share_client({{0x001d, Bytes(32, 5)}});
  ks.pop_back();  // the entry claims 32 bytes of key, 31 follow
  ch.extensions = {{51, ks}};
  Field root;
  auto r = parse_body(encode(ch), root, parse_client_hello);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::decode_error);
  // Same in a ServerHello.
  ServerHello sh;
  sh.random = Bytes(32, 1);
  sh.cipher_suite = 0x1301;
  Bytes sks = ext_key_share_server({0x001d, Bytes(32, 5)});
  sks.resize(sks.size() - 3);
  sh.extensions = {{51, sks}};
  Field root2;
  auto r2 = parse_body(encode(sh), root2, parse_server_hello);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().alert, AlertDescription::decode_error);
}

TEST(Messages13, KeyUpdateValues) {
  for (uint8_t v : {0, 1}) {
    Field root;
    Bytes body = encode(KeyUpdate{v});
    auto r = parse_body(body, root, parse_key_update);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->request_update, v);
    EXPECT_EQ(root.find("request_update")->value, v ? "update_requested (1)" : "update_not_requested (0)");
  }
  Field root;
  auto bad = parse_body(Bytes{2}, root, parse_key_update);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().alert, AlertDescription::illegal_parameter);
  Field r2, r3;
  EXPECT_EQ(parse_body(Bytes{}, r2, parse_key_update).error().alert, AlertDescription::decode_error);
  EXPECT_EQ(parse_body(Bytes{0, 0}, r3, parse_key_update).error().alert, AlertDescription::decode_error);
}

TEST(Messages13, CertificateRequestNeedsSignatureAlgorithms) {
  CertificateRequest13 cr;
  cr.extensions = {{0x002f, Bytes{0, 0}}};  // certificate_authorities (empty list), no signature_algorithms
  Field root;
  auto r = parse_body(encode(cr), root, parse_certificate_request13);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::missing_extension);

  cr.request_context = Bytes{0xaa};
  cr.extensions.push_back({13, ext_signature_algorithms({0x0804, 0x0403})});
  Field root2;
  auto ok = parse_body(encode(cr), root2, parse_certificate_request13);
  ASSERT_TRUE(ok.ok()) << ok.error().reason;
  EXPECT_EQ(ok->request_context, Bytes{0xaa});
  EXPECT_EQ(ok->signature_algorithms, (std::vector<uint16_t>{0x0804, 0x0403}));
  EXPECT_EQ(encode(*ok), encode(cr));
  // Dispatched in TLS 1.3 by dissect_handshake_messages.
  Field out;
  dissect_handshake_messages(view(handshake_message(HandshakeType::certificate_request, encode(cr))), 0, ctx13(), out);
  EXPECT_EQ(out.find("malformed"), nullptr);
  EXPECT_NE(out.find("certificate_request_context"), nullptr);
}

// A Certificate entry with a stapled OCSP response (RFC 8446 4.4.2.1), built with our encoders.
TEST(Messages13, CertificateEntryOcspAndChain) {
  Bytes cert_msg = hx(kCert);
  Bytes der(cert_msg.begin() + 11, cert_msg.begin() + 11 + 0x1b0);
  Certificate13 c;
  c.request_context = Bytes{1, 2};
  CertificateEntry leaf{der, {}, std::nullopt};
  Bytes status = {1, 0, 0, 3, 0xde, 0xad, 0xbf};  // ocsp(1), OCSPResponse<3 bytes>
  leaf.extensions.push_back({5, status});
  c.entries.push_back(leaf);
  c.entries.push_back(CertificateEntry{der, {}, std::nullopt});
  Field root;
  auto p = parse_body(encode(c), root, parse_certificate13);
  ASSERT_TRUE(p.ok()) << p.error().reason;
  ASSERT_EQ(p->entries.size(), 2u);
  EXPECT_EQ(p->entries[0].ocsp_response, (Bytes{0xde, 0xad, 0xbf}));
  EXPECT_FALSE(p->entries[1].ocsp_response);
  EXPECT_EQ(root.children.back().children.size() >= 2, true);
  EXPECT_EQ(encode(*p), encode(c));
  // A bad status_type is a decode_error.
  c.entries[0].extensions[0].data[0] = 2;
  Field root2;
  auto bad = parse_body(encode(c), root2, parse_certificate13);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().alert, AlertDescription::decode_error);
}

TEST(Messages13, ClientHelloCookieStatusRequestEarlyData) {
  ClientHello ch;
  ch.random = Bytes(32, 7);
  ch.cipher_suites = {0x1301};
  ch.extensions = {{5, Bytes{1, 0, 0, 0, 0}},  // status_request: ocsp, no responder ids, no extensions
                   {44, ext_cookie(Bytes{9, 8, 7})},
                   {42, Bytes{}}};
  Field root;
  auto p = parse_body(encode(ch), root, parse_client_hello);
  ASSERT_TRUE(p.ok()) << p.error().reason;
  EXPECT_TRUE(p->status_request);
  EXPECT_EQ(p->cookie, (Bytes{9, 8, 7}));
  EXPECT_TRUE(p->early_data);
  // early_data must be empty in a ClientHello; an empty cookie is malformed.
  ch.extensions = {{42, Bytes{0}}};
  Field r2;
  EXPECT_EQ(parse_body(encode(ch), r2, parse_client_hello).error().alert, AlertDescription::decode_error);
  ch.extensions = {{44, Bytes{0, 0}}};
  Field r3;
  EXPECT_EQ(parse_body(encode(ch), r3, parse_client_hello).error().alert, AlertDescription::decode_error);
}

TEST(Messages13, NewSessionTicketEmptyTicketIsDecodeError) {
  NewSessionTicket t;
  t.ticket_lifetime = 7200;
  Field root;
  auto r = parse_body(encode(t), root, parse_new_session_ticket);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::decode_error);
}

TEST(Messages13, EndOfEarlyDataAndMessageHash) {
  Field out;
  auto names = dissect_handshake_messages(view(hx("05 00 00 00")), 0, ctx13(), out);
  EXPECT_EQ(names, std::vector<std::string>{"EndOfEarlyData"});
  EXPECT_EQ(out.find("malformed"), nullptr);
  Field out2;
  dissect_handshake_messages(view(hx("05 00 00 01 00")), 0, ctx13(), out2);
  EXPECT_NE(out2.find("malformed"), nullptr);
  Field out3;
  Bytes mh = handshake_message(HandshakeType::message_hash, Bytes(32, 0x5a));
  EXPECT_EQ(dissect_handshake_messages(view(mh), 0, ctx13(), out3), std::vector<std::string>{"message_hash"});
  EXPECT_EQ(out3.find("malformed"), nullptr);
  EXPECT_NE(out3.find("hash of ClientHello1"), nullptr);
  Field out4;
  dissect_handshake_messages(view(handshake_message(HandshakeType::key_update, Bytes{3})), 0, ctx13(), out4);
  EXPECT_NE(out4.find("malformed"), nullptr);
}

// Every prefix of every RFC 8448 message fails cleanly (no crash, no out-of-bounds read: run
// under the ASan build too), both through the parsers and through dissect_handshake_messages.
TEST(Messages13, EveryTruncationFailsCleanly) {
  struct Case {
    const char* hex;
    HandshakeType type;
  };
  const Case cases[] = {{kCH, HandshakeType::client_hello},        {kSH, HandshakeType::server_hello},
                        {kEE, HandshakeType::encrypted_extensions}, {kCert, HandshakeType::certificate},
                        {kCV, HandshakeType::certificate_verify},   {kServerFinished, HandshakeType::finished},
                        {kNST, HandshakeType::new_session_ticket},  {kResumedCH, HandshakeType::client_hello},
                        {kHRR, HandshakeType::server_hello}};
  const ParseContext ctx = ctx13();
  for (const Case& c : cases) {
    Bytes msg = hx(c.hex);
    Bytes body(msg.begin() + 4, msg.end());
    for (size_t n = 0; n < body.size(); ++n) {
      Bytes cut(body.begin(), body.begin() + n);  // exact-size buffer: ASan sees any over-read
      Field root;
      Dissector d(ByteReader(view(cut), 0), &root);
      bool ok = true;
      switch (c.type) {
        case HandshakeType::client_hello: ok = parse_client_hello(d).ok(); break;
        case HandshakeType::server_hello: ok = parse_server_hello(d).ok(); break;
        case HandshakeType::encrypted_extensions: ok = parse_encrypted_extensions(d).ok(); break;
        case HandshakeType::certificate: ok = parse_certificate13(d).ok(); break;
        case HandshakeType::certificate_verify: ok = parse_certificate_verify(d, ctx).ok(); break;
        case HandshakeType::finished: ok = parse_finished(d, ctx).ok(); break;
        case HandshakeType::new_session_ticket: ok = parse_new_session_ticket(d).ok(); break;
        default: break;
      }
      // A ClientHello/ServerHello cut exactly before its extensions block is a valid
      // extension-less (TLS 1.2 style) hello; every other prefix must fail.
      if (ok) {
        EXPECT_TRUE(c.type == HandshakeType::client_hello || c.type == HandshakeType::server_hello)
            << name_of(c.type) << " accepted a " << n << "-byte prefix";
      }
      // The same prefix behind a header that claims it is complete.
      Bytes framed = handshake_message(c.type, cut);
      Field out;
      dissect_handshake_messages(view(framed), 0, ctx, out);
      // And the full message with its header cut short: a fragment, no crash.
      Bytes head(msg.begin(), msg.begin() + n);
      Field out2;
      dissect_handshake_messages(view(head), 0, ctx, out2);
    }
  }
}

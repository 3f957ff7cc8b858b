// The TLS 1.3 key schedule (sim/hs/key_schedule13) against RFC 8448, "Example Handshake Traces
// for TLS 1.3": section 3 "Simple 1-RTT Handshake" redone from its inputs (the two x25519 key
// pairs and the exact handshake messages), every intermediate value the RFC prints compared
// byte for byte, and section 4 "Resumed 0-RTT Handshake" for the PSK early secret and binder.
// All hex values below are copied from RFC 8448 (named by the RFC's own step headings).
#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto.hpp"
#include "hs/key_schedule13.hpp"

using namespace sim;
using tls13::Named;

namespace {

Bytes hx(std::string_view spaced) {
  std::string s;
  for (char c : spaced)
    if (c != ' ' && c != '\n') s += c;
  auto b = from_hex(s);
  EXPECT_TRUE(b.has_value()) << "bad hex in the test: " << spaced;
  return b.value_or(Bytes{});
}

std::string hs(std::string_view spaced) { return to_hex(hx(spaced)); }

constexpr HashAlg kH = HashAlg::Sha256;  // TLS_AES_128_GCM_SHA256 throughout RFC 8448 section 3

// ---- RFC 8448 section 3 inputs -------------------------------------------------------------
// {client} create an ephemeral x25519 key pair
const char* kClientPriv = "49 af 42 ba 7f 79 94 85 2d 71 3e f2 78 4b cb ca a7 91 1d e2 6a dc 56 42 cb 63 45 40 e7 ea 50 05";
const char* kClientPub = "99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69 1e 52 9a af 2c";
// {server} create an ephemeral x25519 key pair
const char* kServerPriv = "b1 58 0e ea df 6d d5 89 b8 ef 4f 2d 56 52 57 8c c8 10 e9 98 01 91 ec 8d 05 83 08 ce a2 16 a2 1e";
const char* kServerPub = "c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f";

// {client} construct a ClientHello handshake message (196 octets)
const char* kClientHello =
    "01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef 62 83"
    "02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72 ff 01"
    "00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 23 00 00 00 33 00"
    "26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69"
    "1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01"
    "05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01";
// {server} construct a ServerHello handshake message (90 octets)
const char* kServerHello =
    "02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55 77 2e"
    "d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88 76 11 20 95 fe 66 76 2b db f7 c6 72 e1"
    "56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04";
// {server} construct an EncryptedExtensions handshake message (40 octets)
const char* kEncryptedExtensions =
    "08 00 00 24 00 22 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 1c 00 02"
    "40 01 00 00 00 00";
// {server} construct a Certificate handshake message (445 octets)
const char* kCertificate =
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
// {server} construct a CertificateVerify handshake message (136 octets)
const char* kCertificateVerify =
    "0f 00 00 84 08 04 00 80 5a 74 7c 5d 88 fa 9b d2 e5 5a b0 85 a6 10 15 b7 21 1f 82 4c d4 84 14 5a b3 ff"
    "52 f1 fd a8 47 7b 0b 7a bc 90 db 78 e2 d3 3a 5c 14 1a 07 86 53 fa 6b ef 78 0c 5e a2 48 ee aa a7 85 c4"
    "f3 94 ca b6 d3 0b be 8d 48 59 ee 51 1f 60 29 57 b1 54 11 ac 02 76 71 45 9e 46 44 5c 9e a5 8c 18 1e 81"
    "8e 95 b8 c3 fb 0b f3 27 84 09 d3 be 15 2a 3d a5 04 3e 06 3d da 65 cd f5 ae a2 0d 53 df ac d4 2f 74 f3";
// {server} construct a Finished handshake message (36 octets)
const char* kServerFinished =
    "14 00 00 20 9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f"
    "07 18";
// {client} construct a Finished handshake message (36 octets)
const char* kClientFinished =
    "14 00 00 20 a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1 1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2 ed d5"
    "ce 61";
// {server} construct a NewSessionTicket handshake message (205 octets)
const char* kNewSessionTicket =
    "04 00 00 c9 00 00 00 1e fa d6 aa c5 02 00 00 00 b2 2c 03 5d 82 93 59 ee 5f f7 af 4e c9 00 00 00 00 26"
    "2a 64 94 dc 48 6d 2c 8a 34 cb 33 fa 90 bf 1b 00 70 ad 3c 49 88 83 c9 36 7c 09 a2 be 78 5a bc 55 cd 22"
    "60 97 a3 a9 82 11 72 83 f8 2a 03 a1 43 ef d3 ff 5d d3 6d 64 e8 61 be 7f d6 1d 28 27 db 27 9c ce 14 50"
    "77 d4 54 a3 66 4d 4e 6d a4 d2 9e e0 37 25 a6 a4 da fc d0 fc 67 d2 ae a7 05 29 51 3e 3d a2 67 7f a5 90"
    "6c 5b 3f 7d 8f 92 f2 28 bd a4 0d da 72 14 70 f9 fb f2 97 b5 ae a6 17 64 6f ac 5c 03 27 2e 97 07 27 c6"
    "21 a7 91 41 ef 5f 7d e6 50 5e 5b fb c3 88 e9 33 43 69 40 93 93 4a e4 d3 57 00 08 00 2a 00 04 00 00 04"
    "00";

// ---- RFC 8448 section 3 intermediate values ------------------------------------------------
const char* kEmptyHash = "e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24 27 ae 41 e4 64 9b 93 4c a4 95 99 1b 78 52 b8 55";
// {server} extract secret "early"
const char* kEarlySecret = "33 ad 0a 1c 60 7e c0 3b 09 e6 cd 98 93 68 0c e2 10 ad f3 00 aa 1f 26 60 e1 b2 2e 10 f1 70 f9 2a";
// {server} derive secret for handshake "tls13 derived"
const char* kDerivedInfo =
    "00 20 0d 74 6c 73 31 33 20 64 65 72 69 76 65 64 20 e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24 27"
    "ae 41 e4 64 9b 93 4c a4 95 99 1b 78 52 b8 55";
const char* kDerivedForHandshake = "6f 26 15 a1 08 c7 02 c5 67 8f 54 fc 9d ba b6 97 16 c0 76 18 9c 48 25 0c eb ea c3 57 6c 36 11 ba";
// {server} extract secret "handshake": IKM and secret
const char* kEcdheIkm = "8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d 35 e6 d6 3f 53 75 63 ef d4 62 72 90 0f 89 49 2d";
const char* kHandshakeSecret = "1d c8 26 e9 36 06 aa 6f dc 0a ad c1 2f 74 1b 01 04 6a a6 b9 9f 69 1e d2 21 a9 f0 ca 04 3f be ac";
// {server} derive secret "tls13 c hs traffic" / "tls13 s hs traffic"
const char* kHashChSh = "86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8";
const char* kCHsInfo =
    "00 20 12 74 6c 73 31 33 20 63 20 68 73 20 74 72 61 66 66 69 63 20 86 0c 06 ed c0 78 58 ee 8e 78 f0 e7"
    "42 8c 58 ed d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8";
const char* kClientHsTraffic = "b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21";
const char* kServerHsTraffic = "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38";
// {server} derive secret for master "tls13 derived"; {server} extract secret "master"
const char* kDerivedForMaster = "43 de 77 e0 c7 77 13 85 9a 94 4d b9 db 25 90 b5 31 90 a6 5b 3e e2 e4 f1 2d d7 a0 bb 7c e2 54 b4";
const char* kMasterSecret = "18 df 06 84 3d 13 a0 8b f2 a4 49 84 4c 5f 8a 47 80 01 bc 4d 4c 62 79 84 d5 a4 1d a8 d0 40 29 19";
// write traffic keys: "key info" / "iv info" and the expanded values
const char* kKeyInfo = "00 10 09 74 6c 73 31 33 20 6b 65 79 00";
const char* kIvInfo = "00 0c 08 74 6c 73 31 33 20 69 76 00";
const char* kServerHsKey = "3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc";
const char* kServerHsIv = "5d 31 3e b2 67 12 76 ee 13 00 0b 30";
const char* kClientHsKey = "db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01";
const char* kClientHsIv = "5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f";
// {server}/{client} calculate finished "tls13 finished"
const char* kFinishedInfo = "00 20 0e 74 6c 73 31 33 20 66 69 6e 69 73 68 65 64 00";
const char* kServerFinishedKey = "00 8d 3b 66 f8 16 ea 55 9f 96 b5 37 e8 85 c3 1f c0 68 bf 49 2c 65 2f 01 f2 88 a1 d8 cd c1 9f c8";
const char* kServerVerifyData = "9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f 07 18";
const char* kClientFinishedKey = "b8 0a d0 10 15 fb 2f 0b d6 5f f7 d4 da 5d 6b f8 3f 84 82 1d 1f 87 fd c7 d3 c7 5b 5a 7b 42 d9 c4";
const char* kClientVerifyData = "a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1 1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2 ed d5 ce 61";
// {server} derive secret "tls13 c ap traffic" / "tls13 s ap traffic" / "tls13 exp master"
const char* kHashThroughServerFinished = "96 08 10 2a 0f 1c cc 6d b6 25 0b 7b 7e 41 7b 1a 00 0e aa da 3d aa e4 77 7a 76 86 c9 ff 83 df 13";
const char* kClientApTraffic = "9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5";
const char* kServerApTraffic = "a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43";
const char* kExpMasterInfo =
    "00 20 10 74 6c 73 31 33 20 65 78 70 20 6d 61 73 74 65 72 20 96 08 10 2a 0f 1c cc 6d b6 25 0b 7b 7e 41"
    "7b 1a 00 0e aa da 3d aa e4 77 7a 76 86 c9 ff 83 df 13";
const char* kExporterMaster = "fe 22 f8 81 17 6e da 18 eb 8f 44 52 9e 67 92 c5 0c 9a 3f 89 45 2f 68 d8 ae 31 1b 43 09 d3 cf 50";
const char* kServerApKey = "9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56";
const char* kServerApIv = "cf 78 2b 88 dd 83 54 9a ad f1 e9 84";
const char* kClientApKey = "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51";
const char* kClientApIv = "5b 78 92 3d ee 08 57 90 33 e5 23 d9";
// {client} derive secret "tls13 res master"
const char* kHashThroughClientFinished = "20 91 45 a9 6e e8 e2 a1 22 ff 81 00 47 cc 95 26 84 65 8d 60 49 e8 64 29 42 6d b8 7c 54 ad 14 3d";
const char* kResMaster = "7d f2 35 f2 03 1d 2a 05 12 87 d0 2b 02 41 b0 bf da f8 6c c8 56 23 1f 2d 5a ba 46 c4 34 ec 19 6c";
// {server} generate resumption secret "tls13 resumption"
const char* kResumptionInfo = "00 20 10 74 6c 73 31 33 20 72 65 73 75 6d 70 74 69 6f 6e 02 00 00";
const char* kResumptionPsk = "4e cd 0e b6 ec 3b 4d 87 f5 d6 02 8f 92 2c a4 c5 85 1a 27 7f d4 13 11 c9 e6 2d 2c 94 92 e1 c4 f3";

// ---- RFC 8448 section 4 ("Resumed 0-RTT Handshake") ---------------------------------------
// {client} extract secret "early" (IKM = the PSK above)
const char* kEarlySecretPsk = "9b 21 88 e9 b2 fc 6d 64 d7 1d c3 29 90 0e 20 bb 41 91 50 00 f6 78 aa 83 9c bb 79 7c b7 d8 33 2c";
// {client} calculate PSK binder: the ClientHello prefix (477 octets, up to the binders)
const char* kResumedClientHelloPrefix =
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
    "cb";
const char* kBinderHash = "63 22 4b 2e 45 73 f2 d3 45 4c a8 4b 9d 00 9a 04 f6 be 9e 05 71 1a 83 96 47 3a ef a0 1e 92 4a 14";
const char* kBinderKey = "69 fe 13 1a 3b ba d5 d6 3c 64 ee bc c3 0e 39 5b 9d 81 07 72 6a 13 d0 74 e3 89 db c8 a4 e4 72 56";
const char* kBinderFinishedKey = "55 88 67 3e 72 cb 59 c8 7d 22 0c af fe 94 f2 de a9 a3 b1 60 9f 7d 50 e9 0a 48 22 7d b9 ed 7e aa";
const char* kBinder = "3a dd 4f b2 d8 fd f8 22 a0 ca 3c f7 67 8e f5 e8 8d ae 99 01 41 c5 92 4d 57 bb 6f a3 1b 9e 5f 9d";

// The messages in transcript order.
Bytes through_server_hello() { return concat({hx(kClientHello), hx(kServerHello)}); }
Bytes through_certificate_verify() {
  return concat({hx(kClientHello), hx(kServerHello), hx(kEncryptedExtensions), hx(kCertificate),
                 hx(kCertificateVerify)});
}
Bytes through_server_finished() { return concat({through_certificate_verify(), hx(kServerFinished)}); }
Bytes through_client_finished() { return concat({through_server_finished(), hx(kClientFinished)}); }

const Named kZeros{"0 (Hash.length zeros)", Bytes(32, 0)};
const Named kNoContext{"\"\"", {}};

std::string step_hex(const Derivation& d, std::string_view name) {
  const NamedBytes* s = d.step(name);
  return s ? to_hex(s->value) : "(no step " + std::string(name) + ")";
}
std::string input_hex(const Derivation& d, std::string_view name) {
  const NamedBytes* s = d.input(name);
  return s ? to_hex(s->value) : "(no input " + std::string(name) + ")";
}

// The section 3 schedule as the engine would run it, every step a Derivation.
struct Schedule {
  Derivation early, derived_hs, handshake, c_hs, s_hs, derived_ms, master, c_ap, s_ap, exp, res;
};

Schedule run_section3() {
  Schedule s;
  s.early = tls13::extract(Actor::server, kH, "early_secret", kZeros, {"0 (no PSK)", Bytes(32, 0)});
  s.derived_hs = tls13::derive_secret(Actor::server, kH, "derived_for_handshake", {"early_secret", s.early.output},
                                      "derived", {});
  s.handshake = tls13::extract(Actor::server, kH, "handshake_secret", {"derived", s.derived_hs.output},
                               {"ecdhe_shared_secret", hx(kEcdheIkm)});
  Named hsec{"handshake_secret", s.handshake.output};
  s.c_hs = tls13::derive_secret(Actor::server, kH, "client_handshake_traffic_secret", hsec, "c hs traffic",
                                through_server_hello());
  s.s_hs = tls13::derive_secret(Actor::server, kH, "server_handshake_traffic_secret", hsec, "s hs traffic",
                                through_server_hello());
  s.derived_ms = tls13::derive_secret(Actor::server, kH, "derived_for_master", hsec, "derived", {});
  s.master = tls13::extract(Actor::server, kH, "master_secret", {"derived", s.derived_ms.output}, kZeros);
  Named ms{"master_secret", s.master.output};
  s.c_ap = tls13::derive_secret(Actor::server, kH, "client_application_traffic_secret_0", ms, "c ap traffic",
                                through_server_finished());
  s.s_ap = tls13::derive_secret(Actor::server, kH, "server_application_traffic_secret_0", ms, "s ap traffic",
                                through_server_finished());
  s.exp = tls13::derive_secret(Actor::server, kH, "exporter_master_secret", ms, "exp master",
                               through_server_finished());
  s.res = tls13::derive_secret(Actor::client, kH, "resumption_master_secret", ms, "res master",
                               through_client_finished());
  return s;
}

}  // namespace

// RFC 8448 section 3: the x25519 key pairs give the "IKM" of {server} extract secret "handshake".
TEST(Tls13KeySchedule, Rfc8448Section3EcdheSharedSecret) {
  auto client_view = crypto::ecdh_agree(NamedGroup::x25519, hx(kClientPriv), hx(kServerPub));
  auto server_view = crypto::ecdh_agree(NamedGroup::x25519, hx(kServerPriv), hx(kClientPub));
  ASSERT_TRUE(client_view.has_value());
  ASSERT_TRUE(server_view.has_value());
  EXPECT_EQ(to_hex(*client_view), hs(kEcdheIkm));
  EXPECT_EQ(to_hex(*server_view), hs(kEcdheIkm));
  // The public keys on the wire are the ones in the hellos' key_share extensions.
  EXPECT_NE(to_hex(hx(kClientHello)).find(hs(kClientPub)), std::string::npos);
  EXPECT_NE(to_hex(hx(kServerHello)).find(hs(kServerPub)), std::string::npos);
}

TEST(Tls13KeySchedule, Rfc8448Section3HkdfPrimitives) {
  // {server} derive secret for handshake "tls13 derived": the HkdfLabel ("info") byte for byte.
  EXPECT_EQ(to_hex(tls13::hkdf_label("derived", hx(kEmptyHash), 32)), hs(kDerivedInfo));
  EXPECT_EQ(to_hex(tls13::hkdf_label("c hs traffic", hx(kHashChSh), 32)), hs(kCHsInfo));
  EXPECT_EQ(to_hex(tls13::hkdf_label("key", {}, 16)), hs(kKeyInfo));
  EXPECT_EQ(to_hex(tls13::hkdf_label("iv", {}, 12)), hs(kIvInfo));
  EXPECT_EQ(to_hex(tls13::hkdf_label("finished", {}, 32)), hs(kFinishedInfo));
  EXPECT_EQ(to_hex(tls13::hkdf_extract(kH, Bytes(32, 0), Bytes(32, 0))), hs(kEarlySecret));
  EXPECT_EQ(to_hex(tls13::hkdf_expand(kH, hx(kEarlySecret), hx(kDerivedInfo), 32)), hs(kDerivedForHandshake));
  EXPECT_EQ(to_hex(tls13::hkdf_expand_label(kH, hx(kServerHsTraffic), "key", {}, 16)), hs(kServerHsKey));
  // Output lengths not a multiple of Hash.length come from the first bytes of the last block.
  EXPECT_EQ(to_hex(tls13::hkdf_expand(kH, hx(kEarlySecret), hx(kDerivedInfo), 20)),
            hs(kDerivedForHandshake).substr(0, 40));
  EXPECT_EQ(tls13::hkdf_expand(kH, hx(kEarlySecret), hx(kDerivedInfo), 80).size(), 80u);
  EXPECT_EQ(to_hex(tls13::hkdf_expand(kH, hx(kEarlySecret), hx(kDerivedInfo), 80)).substr(0, 64),
            hs(kDerivedForHandshake));
  EXPECT_EQ(tls13::hash_name(kH), "SHA-256");
  EXPECT_EQ(tls13::hash_name(HashAlg::Sha384), "SHA-384");
}

TEST(Tls13KeySchedule, Rfc8448Section3SecretsFromTheHandshake) {
  Schedule s = run_section3();
  EXPECT_EQ(to_hex(s.early.output), hs(kEarlySecret));
  EXPECT_EQ(to_hex(s.derived_hs.output), hs(kDerivedForHandshake));
  EXPECT_EQ(to_hex(s.handshake.output), hs(kHandshakeSecret));
  EXPECT_EQ(to_hex(s.c_hs.output), hs(kClientHsTraffic));
  EXPECT_EQ(to_hex(s.s_hs.output), hs(kServerHsTraffic));
  EXPECT_EQ(to_hex(s.derived_ms.output), hs(kDerivedForMaster));
  EXPECT_EQ(to_hex(s.master.output), hs(kMasterSecret));
  EXPECT_EQ(to_hex(s.c_ap.output), hs(kClientApTraffic));
  EXPECT_EQ(to_hex(s.s_ap.output), hs(kServerApTraffic));
  EXPECT_EQ(to_hex(s.exp.output), hs(kExporterMaster));
  EXPECT_EQ(to_hex(s.res.output), hs(kResMaster));

  // The intermediate values the RFC prints: transcript hashes ("hash") and HkdfLabels ("info").
  EXPECT_EQ(step_hex(s.derived_hs, "transcript_hash"), hs(kEmptyHash));
  EXPECT_EQ(step_hex(s.derived_hs, "HkdfLabel"), hs(kDerivedInfo));
  EXPECT_EQ(step_hex(s.derived_ms, "HkdfLabel"), hs(kDerivedInfo));
  EXPECT_EQ(step_hex(s.c_hs, "transcript_hash"), hs(kHashChSh));
  EXPECT_EQ(step_hex(s.s_hs, "transcript_hash"), hs(kHashChSh));
  EXPECT_EQ(step_hex(s.c_hs, "HkdfLabel"), hs(kCHsInfo));
  EXPECT_EQ(step_hex(s.c_ap, "transcript_hash"), hs(kHashThroughServerFinished));
  EXPECT_EQ(step_hex(s.exp, "HkdfLabel"), hs(kExpMasterInfo));
  EXPECT_EQ(step_hex(s.res, "transcript_hash"), hs(kHashThroughClientFinished));
}

TEST(Tls13KeySchedule, Rfc8448Section3DerivationsNameTheirInputs) {
  Schedule s = run_section3();
  for (const Derivation* d : {&s.early, &s.handshake, &s.master, &s.c_hs, &s.res}) EXPECT_EQ(d->spec, "RFC 8446 7.1");
  EXPECT_EQ(s.handshake.id, "server/handshake_secret");
  EXPECT_EQ(s.res.id, "client/resumption_master_secret");
  // extract: salt, IKM, hash, with the notes naming where each value came from.
  EXPECT_EQ(input_hex(s.handshake, "salt"), hs(kDerivedForHandshake));
  EXPECT_EQ(input_hex(s.handshake, "IKM"), hs(kEcdheIkm));
  ASSERT_NE(s.handshake.input("IKM"), nullptr);
  EXPECT_EQ(s.handshake.input("IKM")->note.english(), "ecdhe_shared_secret");
  ASSERT_NE(s.handshake.input("hash"), nullptr);
  EXPECT_EQ(s.handshake.input("hash")->value, to_bytes("SHA-256"));
  // Derive-Secret: secret, label (without "tls13 "), the messages themselves and their names.
  EXPECT_EQ(input_hex(s.c_hs, "secret"), hs(kHandshakeSecret));
  ASSERT_NE(s.c_hs.input("secret"), nullptr);
  EXPECT_EQ(s.c_hs.input("secret")->note.english(), "handshake_secret");
  ASSERT_NE(s.c_hs.input("label"), nullptr);
  EXPECT_EQ(s.c_hs.input("label")->value, to_bytes("c hs traffic"));
  ASSERT_NE(s.c_hs.input("messages"), nullptr);
  EXPECT_EQ(s.c_hs.input("messages")->value, through_server_hello());
  EXPECT_EQ(s.c_hs.input("messages")->note.english(), "ClientHello, ServerHello");
  ASSERT_NE(s.derived_hs.input("messages"), nullptr);
  EXPECT_TRUE(s.derived_hs.input("messages")->value.empty());
  EXPECT_EQ(s.res.input("messages")->note.english(),
            "ClientHello, ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished, Finished");
  EXPECT_NE(s.c_hs.formula.find("c hs traffic"), std::string::npos) << s.c_hs.formula;
}

TEST(Tls13KeySchedule, Rfc8448Section3TrafficKeysAndIvs) {
  struct Row {
    const char* secret;
    const char* key;
    const char* iv;
    const char* what;
  };
  for (const Row& r : {Row{kServerHsTraffic, kServerHsKey, kServerHsIv, "server handshake"},
                       Row{kClientHsTraffic, kClientHsKey, kClientHsIv, "client handshake"},
                       Row{kServerApTraffic, kServerApKey, kServerApIv, "server application"},
                       Row{kClientApTraffic, kClientApKey, kClientApIv, "client application"}}) {
    Named secret{"traffic_secret", hx(r.secret)};
    Derivation key = tls13::expand_label(Actor::server, kH, "write_key", secret, "key", kNoContext, 16);
    Derivation iv = tls13::expand_label(Actor::server, kH, "write_iv", secret, "iv", kNoContext, 12);
    EXPECT_EQ(to_hex(key.output), hs(r.key)) << r.what;
    EXPECT_EQ(to_hex(iv.output), hs(r.iv)) << r.what;
    EXPECT_EQ(step_hex(key, "HkdfLabel"), hs(kKeyInfo)) << r.what;
    EXPECT_EQ(step_hex(iv, "HkdfLabel"), hs(kIvInfo)) << r.what;
    EXPECT_EQ(input_hex(key, "length"), "0010") << r.what;
    EXPECT_EQ(input_hex(iv, "length"), "000c") << r.what;
    EXPECT_EQ(input_hex(iv, "secret"), hs(r.secret)) << r.what;
    EXPECT_EQ(input_hex(iv, "context"), "") << r.what;
  }
}

// The Finished messages carry the verify_data; each side recomputes the other's.
TEST(Tls13KeySchedule, Rfc8448Section3FinishedVerifyData) {
  Derivation sf = tls13::finished(Actor::server, kH, false,
                                  {"server_handshake_traffic_secret", hx(kServerHsTraffic)},
                                  through_certificate_verify());
  EXPECT_EQ(to_hex(sf.output), hs(kServerVerifyData));
  EXPECT_EQ(step_hex(sf, "finished_key"), hs(kServerFinishedKey));
  EXPECT_EQ(sf.name, "server_verify_data");
  EXPECT_EQ(sf.id, "server/server_verify_data");
  EXPECT_EQ(sf.spec, "RFC 8446 4.4.4");
  // verify_data is the body of the server's Finished message on the wire.
  EXPECT_EQ(concat({hx("14 00 00 20"), sf.output}), hx(kServerFinished));

  Derivation sf_checked_by_client = tls13::finished(Actor::client, kH, false,
                                                    {"server_handshake_traffic_secret", hx(kServerHsTraffic)},
                                                    through_certificate_verify());
  EXPECT_EQ(sf_checked_by_client.id, "client/server_verify_data/expected");
  EXPECT_EQ(to_hex(sf_checked_by_client.output), hs(kServerVerifyData));

  Derivation cf = tls13::finished(Actor::client, kH, true, {"client_handshake_traffic_secret", hx(kClientHsTraffic)},
                                  through_server_finished());
  EXPECT_EQ(to_hex(cf.output), hs(kClientVerifyData));
  EXPECT_EQ(step_hex(cf, "finished_key"), hs(kClientFinishedKey));
  EXPECT_EQ(step_hex(cf, "transcript_hash"), hs(kHashThroughServerFinished));
  EXPECT_EQ(cf.name, "client_verify_data");
  EXPECT_EQ(cf.id, "client/client_verify_data");
  EXPECT_EQ(concat({hx("14 00 00 20"), cf.output}), hx(kClientFinished));
  ASSERT_NE(cf.input("messages"), nullptr);
  EXPECT_EQ(cf.input("messages")->note.english(),
            "ClientHello, ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished");
  EXPECT_EQ(input_hex(cf, "base_key"), hs(kClientHsTraffic));

  // A different transcript (the client's Finished over CH..CV instead of CH..server Finished) fails.
  Derivation wrong = tls13::finished(Actor::client, kH, true, {"client_handshake_traffic_secret", hx(kClientHsTraffic)},
                                     through_certificate_verify());
  EXPECT_NE(to_hex(wrong.output), hs(kClientVerifyData));
}

// The PSK for the NewSessionTicket: HKDF-Expand-Label(resumption_master_secret, "resumption",
// ticket_nonce, Hash.length), the nonce read from the ticket message of RFC 8448 section 3.
TEST(Tls13KeySchedule, Rfc8448Section3ResumptionPsk) {
  Bytes nst = hx(kNewSessionTicket);
  ASSERT_EQ(nst.size(), 205u);
  ASSERT_EQ(nst[0], 4);  // new_session_ticket
  // ticket_lifetime (4) ticket_age_add (4) ticket_nonce<0..255>
  size_t nonce_len = nst[12];
  Bytes nonce(nst.begin() + 13, nst.begin() + 13 + long(nonce_len));
  EXPECT_EQ(to_hex(nonce), "0000");
  Derivation psk = tls13::expand_label(Actor::server, kH, "resumption_psk", {"resumption_master_secret", hx(kResMaster)},
                                       "resumption", {"ticket_nonce", nonce}, 32);
  EXPECT_EQ(to_hex(psk.output), hs(kResumptionPsk));
  EXPECT_EQ(step_hex(psk, "HkdfLabel"), hs(kResumptionInfo));
  EXPECT_EQ(input_hex(psk, "context"), "0000");
  EXPECT_NE(psk.formula.find("ticket_nonce"), std::string::npos) << psk.formula;
  // The resumption master secret itself from the schedule of the same handshake.
  EXPECT_EQ(to_hex(run_section3().res.output), hs(kResMaster));
}

// RFC 8448 section 4: the resumed handshake's early secret from that PSK, the binder key and the
// PSK binder over the truncated ClientHello (a Finished computation keyed by the binder key).
TEST(Tls13KeySchedule, Rfc8448Section4EarlySecretAndBinder) {
  Derivation early = tls13::extract(Actor::client, kH, "early_secret", kZeros, {"resumption_psk", hx(kResumptionPsk)});
  EXPECT_EQ(to_hex(early.output), hs(kEarlySecretPsk));
  Derivation binder_key = tls13::derive_secret(Actor::client, kH, "binder_key", {"early_secret", early.output},
                                               "res binder", {});
  EXPECT_EQ(to_hex(binder_key.output), hs(kBinderKey));
  Bytes prefix = hx(kResumedClientHelloPrefix);
  ASSERT_EQ(prefix.size(), 477u);
  EXPECT_EQ(to_hex(crypto::hash(kH, prefix)), hs(kBinderHash));
  Derivation binder = tls13::finished(Actor::client, kH, true, {"binder_key", binder_key.output}, prefix);
  EXPECT_EQ(step_hex(binder, "finished_key"), hs(kBinderFinishedKey));
  EXPECT_EQ(step_hex(binder, "transcript_hash"), hs(kBinderHash));
  EXPECT_EQ(to_hex(binder.output), hs(kBinder));
  // {client} send handshake record: the 512-byte ClientHello is the prefix, then the binders
  // list (length 0x0021) with the one 32-byte binder.
  Bytes full = concat({prefix, hx("00 21 20"), binder.output});
  EXPECT_EQ(full.size(), 4u + 0x1fcu);
  EXPECT_EQ(to_hex(Bytes(full.end() - 35, full.end())), "002120" + hs(kBinder));
  // The truncated ClientHello's header announces the whole message (508 bytes), 35 more than there are.
  EXPECT_EQ(tls13::transcript_names(prefix), "ClientHello (truncated)");
  EXPECT_EQ(binder.input("messages")->note.english(), "ClientHello (truncated)");
}

TEST(Tls13KeySchedule, TranscriptNamesFromRfc8448Messages) {
  EXPECT_EQ(tls13::transcript_names(through_server_hello()), "ClientHello, ServerHello");
  EXPECT_EQ(tls13::transcript_names(through_certificate_verify()),
            "ClientHello, ServerHello, EncryptedExtensions, Certificate, CertificateVerify");
  EXPECT_EQ(tls13::transcript_names(through_client_finished()),
            "ClientHello, ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished, Finished");
  EXPECT_EQ(tls13::transcript_names(concat({through_client_finished(), hx(kNewSessionTicket)})),
            "ClientHello, ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished, Finished, "
            "NewSessionTicket");
  EXPECT_EQ(tls13::transcript_names(hx(kClientHello)), "ClientHello");
  EXPECT_EQ(tls13::transcript_names({}), "(no messages)");
  // A message cut short is named and marked; a partial header (under 4 bytes) is not a message.
  Bytes cut = through_server_hello();
  cut.resize(cut.size() - 10);
  EXPECT_EQ(tls13::transcript_names(cut), "ClientHello, ServerHello (truncated)");
  EXPECT_EQ(tls13::transcript_names(concat({hx(kClientHello), hx("02 00")})), "ClientHello");

  // A ServerHello carrying the HelloRetryRequest random (RFC 8446 4.1.3) is named HelloRetryRequest.
  Bytes hrr = hx(kServerHello);
  Bytes hrr_random = hx("cf 21 ad 74 e5 9a 61 11 be 1d 8c 02 1e 65 b8 91 c2 a2 11 16 7a bb 8c 5e 07 9e 09 e2 c8 a8 33 9c");
  std::copy(hrr_random.begin(), hrr_random.end(), hrr.begin() + 6);
  EXPECT_EQ(tls13::transcript_names(concat({hx("fe 00 00 20"), Bytes(32, 0xab), hrr, hx(kClientHello)})),
            "message_hash, HelloRetryRequest, ClientHello");
  // One byte changed in the random: an ordinary ServerHello again.
  hrr[6 + 31] ^= 1;
  EXPECT_EQ(tls13::transcript_names(hrr), "ServerHello");
}

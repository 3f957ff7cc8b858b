// The command line: help, listing, bad input handling (exit status 2), run outputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.hpp"

namespace {
std::string bin() { return TLSLAB_BIN; }
}  // namespace

TEST(Cli, HelpListsEveryCommand) {
  auto r = testutil::run(bin() + " --help 2>&1");
  EXPECT_EQ(r.status, 0);
  for (const char* cmd : {"run", "connect", "serve", "list"}) EXPECT_NE(r.output.find(cmd), std::string::npos) << cmd;
  auto sub = testutil::run(bin() + " run --help 2>&1");
  EXPECT_EQ(sub.status, 0);
  for (const char* opt : {"--suite", "--group", "--seed", "--host", "--json", "--keylog", "--version"})
    EXPECT_NE(sub.output.find(opt), std::string::npos) << opt;
}

TEST(Cli, ListsSuitesAndGroups) {
  auto r = testutil::run(bin() + " list suites");
  EXPECT_EQ(r.status, 0);
  int lines = 0;
  for (char c : r.output) lines += c == '\n';
  EXPECT_EQ(lines, 28);  // 25 suites up to TLS 1.2 (7 ECDHE_ECDSA) and the 3 of TLS 1.3 (RFC 8446 B.4)
  EXPECT_NE(r.output.find("0x1301  TLS_AES_128_GCM_SHA256"), std::string::npos);
  EXPECT_NE(r.output.find("0xcca8  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"), std::string::npos);
  EXPECT_NE(r.output.find("0xc02b  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), std::string::npos);
  auto g = testutil::run(bin() + " list groups");
  EXPECT_NE(g.output.find("0x001d  x25519"), std::string::npos);
  EXPECT_NE(g.output.find("0x0100  ffdhe2048"), std::string::npos);
}

TEST(Cli, BadInputExitsWithStatus2AndAClearMessage) {
  struct Case {
    const char* args;
    const char* message;
  } cases[] = {
      {"run --suite TLS_NOPE", "unknown cipher suite 'TLS_NOPE'"},
      {"run --group x448", "unknown group 'x448'"},
      {"run --version tls9", "tls9"},
      {"run --seed banana", "banana"},
      {"run --frobnicate", "--frobnicate"},
      {"frobnicate", "frobnicate"},
      {"", "subcommand"},
      {"connect", "target"},
      {"serve --port 70000", "70000"},
      {"list colours", "colours"},
  };
  for (auto& c : cases) {
    auto r = testutil::run(bin() + " " + c.args + " 2>&1");
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
  }
  auto r = testutil::run(bin() + " connect no-port-here 2>&1");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("HOST:PORT"), std::string::npos);
}

TEST(Cli, ConnectToAClosedPortFailsCleanly) {
  int port = testutil::free_port();
  auto r = testutil::run(bin() + " connect 127.0.0.1:" + std::to_string(port) + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("cannot connect"), std::string::npos) << r.output;
}

TEST(Cli, RunPrintsLadderAndWritesJsonAndKeylog) {
  auto dir = testutil::temp_dir("cli");
  auto json = dir / "t.json", keys = dir / "k.log";
  auto r = testutil::run(bin() + " run --seed 9 --suite TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 --group secp256r1 --json " +
                         json.string() + " --keylog " + keys.string() + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* m : {"ClientHello", "ServerHello", "Certificate", "ServerKeyExchange", "ServerHelloDone",
                        "ClientKeyExchange", "ChangeCipherSpec", "Finished", "Application Data", "close_notify"})
    EXPECT_NE(r.output.find(m), std::string::npos) << m;
  EXPECT_NE(r.output.find("cipher suite:           TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), std::string::npos);
  EXPECT_NE(r.output.find("group:                  secp256r1"), std::string::npos);
  auto j = nlohmann::json::parse(testutil::read_file(json));
  EXPECT_EQ(j["format"], "tlslab-trace");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["negotiated"]["cipher_suite"], "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  // The key log line pairs the ClientHello random on the wire with the master secret.
  std::string k = testutil::read_file(keys);
  std::string ch = j["events"][0]["bytes"];
  std::string random = ch.substr(2 * 11, 64);
  EXPECT_NE(k.find("CLIENT_RANDOM " + random + " "), std::string::npos) << k;
  std::string ms;
  for (auto& e : j["events"])
    for (const char* list : {"derivations", "receiver_derivations"})
      for (auto& d : e[list])
        if (d["id"] == "client/master_secret") ms = d["output"];
  ASSERT_EQ(ms.size(), 96u);
  EXPECT_NE(k.find(random + " " + ms), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Cli, UnwritableOutputIsAnErrorNotACrash) {
  auto r = testutil::run(bin() + " run --json /nonexistent-dir/t.json 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("cannot write /nonexistent-dir/t.json"), std::string::npos) << r.output;
}

// --lang fr: the ladder, notes and summary in French, none of the engine's English sentences.
TEST(Cli, RunInFrenchPrintsTheLadderNotesAndSummaryInFrench) {
  for (const char* scenario : {"tls12-ecdhe-x25519", "tls13-full"}) {
    auto r = testutil::run(bin() + " run --lang fr --scenario " + scenario + " 2>&1");
    EXPECT_EQ(r.status, 0) << r.output;
    for (const char* fr : {"le serveur a choisi", "résultat :", "terminée", "enregistrement", "octets de données applicatives",
                           "le verify_data du Finished du serveur correspond"})
      EXPECT_NE(r.output.find(fr), std::string::npos) << scenario << ": " << fr << "\n" << r.output;
    for (const char* en : {"server chose", "verify_data matches", "outcome:", "completed", "keys now protect",
                           "bytes of application data", "client received", "record  "})
      EXPECT_EQ(r.output.find(en), std::string::npos) << scenario << ": " << en << "\n" << r.output;
  }
  // A failure: the outcome names the side in French.
  auto bad = testutil::run(bin() + " run --lang fr --cert-profile expired 2>&1");
  EXPECT_EQ(bad.status, 1) << bad.output;
  EXPECT_NE(bad.output.find("échec du client : certificate_expired"), std::string::npos) << bad.output;
  EXPECT_EQ(bad.output.find("client failed"), std::string::npos) << bad.output;
  // English stays the default, word for word.
  auto en = testutil::run(bin() + " run --scenario tls12-ecdhe-x25519 2>&1");
  EXPECT_NE(en.output.find("server Finished verify_data matches"), std::string::npos) << en.output;
  EXPECT_NE(en.output.find("outcome:                completed"), std::string::npos) << en.output;
}

TEST(Cli, AnUnknownLanguageExitsWith2) {
  auto r = testutil::run(bin() + " run --lang de 2>&1");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("unknown language 'de' (expected en or fr)"), std::string::npos) << r.output;
}

// --lang fr reaches the CLI's own lines too: what it wrote, the event details, its errors. No
// English piece of a cli.* catalog entry is left, on success or failure.
TEST(Cli, RunInFrenchPrintsItsOwnLinesInFrench) {
  auto dir = testutil::temp_dir("cli-fr");
  auto english = testutil::english_fragments("cli.");
  ASSERT_GT(english.size(), 30u);
  struct Case {
    const char* args;
    int status;
  };
  for (Case c : {Case{"--scenario tls12-ecdhe-x25519", 0}, Case{"--cert-profile expired", 1}}) {
    std::string out = " --json " + (dir / "t.json").string() + " --keylog " + (dir / "k.log").string() + " --pcap " +
                      (dir / "t.pcapng").string() + " --svg " + (dir / "t.svg").string() + " --report " + (dir / "t.md").string();
    auto r = testutil::run(bin() + " run --lang fr " + c.args + out + " 2>&1");
    EXPECT_EQ(r.status, c.status) << c.args << "\n" << r.output;
    for (const char* fr : {"trace écrite dans", "journal de clés écrit dans", "capture pcapng écrite dans", "paquets",
                           "diagramme en échelle SVG écrit dans", "rapport Markdown écrit dans"})
      EXPECT_NE(r.output.find(fr), std::string::npos) << c.args << ": " << fr << "\n" << r.output;
    // The ladder's direction column names the parties in French.
    EXPECT_NE(r.output.find("serveur  -> client"), std::string::npos) << r.output;
    for (auto& en : english) EXPECT_FALSE(testutil::contains_words(r.output, en)) << c.args << ": \"" << en << "\"\n" << r.output;
    // An event's details: the heading and labels in French (the field tree below them is the
    // dissector's, protocol names and all).
    auto ev = testutil::run(bin() + " run --lang fr " + c.args + " --event 0 --derivations 2>&1");
    for (const char* fr : {"=== événement 0 : ClientHello (client -> serveur) ===", "octets : 16", "=== dérivations ===", "événement 1 [client] ",
                           "  sortie = "})
      EXPECT_NE(ev.output.find(fr), std::string::npos) << c.args << ": " << fr << "\n" << ev.output;
    for (const char* en : {"=== event", "=== derivations", "bytes: ", "  output = ", "  input "})
      EXPECT_EQ(ev.output.find(en), std::string::npos) << c.args << ": " << en << "\n" << ev.output;
  }
  // Errors: an unwritable file, an --event out of range.
  auto bad = testutil::run(bin() + " run --lang fr --json /nonexistent-dir/t.json 2>&1");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.output.find("erreur : impossible d'écrire /nonexistent-dir/t.json"), std::string::npos) << bad.output;
  auto range = testutil::run(bin() + " run --lang fr --event 999 2>&1");
  EXPECT_EQ(range.status, 2);
  EXPECT_NE(range.output.find("erreur : --event 999 : la trace a les événements 0.."), std::string::npos) << range.output;
  for (auto& en : english) {
    EXPECT_FALSE(testutil::contains_words(bad.output, en)) << "\"" << en << "\"\n" << bad.output;
    EXPECT_FALSE(testutil::contains_words(range.output, en)) << "\"" << en << "\"\n" << range.output;
  }
  // English stays the default, word for word.
  auto en = testutil::run(bin() + " run --scenario tls12-ecdhe-x25519 --json " + (dir / "t.json").string() + " --event 0 2>&1");
  EXPECT_NE(en.output.find("trace written to " + (dir / "t.json").string()), std::string::npos) << en.output;
  EXPECT_NE(en.output.find("=== event 0: ClientHello (client -> server) ==="), std::string::npos) << en.output;
  EXPECT_NE(en.output.find("server   -> client"), std::string::npos) << en.output;
  std::filesystem::remove_all(dir);
}

// The built-in scenarios are described in the language asked for; English by default.
TEST(Cli, ListScenariosInFrench) {
  auto fr = testutil::run(bin() + " list scenarios --lang fr 2>&1");
  EXPECT_EQ(fr.status, 0) << fr.output;
  EXPECT_NE(fr.output.find("Poignée de main complète TLS 1.3"), std::string::npos) << fr.output;
  EXPECT_NE(fr.output.find("SSL 3.0, RSA avec RC4-128 et le MAC MD5 à pad_1/pad_2"), std::string::npos) << fr.output;
  EXPECT_EQ(fr.output.find("TLS 1.3 full handshake"), std::string::npos) << fr.output;
  auto en = testutil::run(bin() + " list scenarios 2>&1");
  EXPECT_NE(en.output.find("TLS 1.3 full handshake"), std::string::npos) << en.output;
  EXPECT_EQ(en.output.find("Poignée de main"), std::string::npos) << en.output;
}

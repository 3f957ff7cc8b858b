// tlslab command line: run a simulated handshake, talk to real peers, list what is supported.
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "export/text.hpp"
#include "net.hpp"
#include "net/simulation.hpp"
#include "x509/x509.hpp"

using namespace sim;

namespace {

struct CommonOptions {
  std::string version = "tls1.2";
  std::vector<std::string> suites;
  std::vector<std::string> groups;
  uint64_t seed = 1;
  std::string host;
  std::string json_out, keylog_out;
  bool no_ems = false;
  std::vector<int> events;   // print the field tree and derivations of these events
  bool derivations = false;  // print every derivation
};

std::string suite_names_help() {
  std::string s;
  for (auto& c : all_suites()) s += "\n  " + std::string(c.name);
  return s;
}

CLI::Validator suite_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        return suite_by_name(v) ? "" : "unknown cipher suite '" + v + "' (see: tlslab list suites)";
      },
      "SUITE");
}

CLI::Validator group_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        return group_by_name(v) ? "" : "unknown group '" + v + "' (see: tlslab list groups)";
      },
      "GROUP");
}

void add_common(CLI::App* cmd, CommonOptions& o, bool with_host) {
  cmd->add_option("--version", o.version, "protocol version")
      ->check(CLI::IsMember({"tls1.2"}))
      ->capture_default_str();
  cmd->add_option("--suite", o.suites, "cipher suite to use (repeatable); default: all supported")
      ->check(suite_validator());
  cmd->add_option("--group", o.groups, "key exchange group: x25519, secp256r1, ffdhe2048 (repeatable)")
      ->check(group_validator());
  cmd->add_option("--seed", o.seed, "seed of the deterministic random generator")->capture_default_str();
  if (with_host) cmd->add_option("--host", o.host, "server name (SNI, certificate, HTTP Host)");
  cmd->add_flag("--no-ems", o.no_ems, "do not use the extended master secret (RFC 7627)");
  cmd->add_option("--json", o.json_out, "write the full trace as JSON to this file");
  cmd->add_option("--keylog", o.keylog_out, "write an NSS key log (SSLKEYLOGFILE) to this file");
  cmd->add_option("--event", o.events, "also print the field tree and derivations of event N (repeatable)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--derivations", o.derivations, "also print every derivation (secrets, keys, record protection)");
}

ScenarioOptions scenario_from(const CommonOptions& o) {
  ScenarioOptions s;
  s.seed = o.seed;
  if (!o.host.empty()) s.host = o.host;
  if (!o.suites.empty()) {
    s.client_suites.clear();
    for (auto& n : o.suites) s.client_suites.push_back(suite_by_name(n)->id);
    s.server_suites = s.client_suites;
  }
  if (!o.groups.empty()) {
    s.client_groups.clear();
    for (auto& n : o.groups) s.client_groups.push_back(*group_by_name(n));
    s.server_groups = s.client_groups;
  }
  s.extended_master_secret = !o.no_ems;
  return s;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) {
    std::cerr << "error: cannot write " << path << "\n";
    return false;
  }
  return true;
}

bool write_outputs(const CommonOptions& o, const Trace& t, const std::string& keylog) {
  bool ok = true;
  if (!o.json_out.empty()) {
    ok &= write_file(o.json_out, trace_json_text(t));
    if (ok) std::cout << "trace written to " << o.json_out << "\n";
  }
  if (!o.keylog_out.empty()) {
    ok &= write_file(o.keylog_out, keylog_text({keylog}));
    if (ok) std::cout << "key log written to " << o.keylog_out << "\n";
  }
  return ok;
}

bool print_trace(const Trace& t, const CommonOptions& o) {
  std::cout << ladder_text(t) << "\n" << negotiated_text(t);
  bool ok = true;
  for (int n : o.events) {
    if (n < 0 || size_t(n) >= t.events.size()) {
      std::cerr << "error: --event " << n << ": the trace has events 0.." << t.events.size() - 1 << "\n";
      ok = false;
      continue;
    }
    const Event& e = t.events[size_t(n)];
    std::cout << "\n=== event " << n << ": " << e.name << " (" << name_of(e.from) << " -> " << name_of(e.to) << ") ===\n";
    std::cout << "bytes: " << to_hex(e.bytes) << "\n";
    if (!e.plaintext.empty()) std::cout << "plaintext: " << to_hex(e.plaintext) << "\n";
    std::cout << field_tree_text(e.tree);
    for (auto& d : e.derivations) std::cout << derivation_text(d);
  }
  if (o.derivations) {
    std::cout << "\n=== derivations ===\n";
    for (size_t i = 0; i < t.events.size(); ++i)
      for (auto& d : t.events[i].derivations) std::cout << "event " << i << " " << derivation_text(d);
  }
  return ok;
}

int cmd_run(const CommonOptions& o) {
  Simulation sim(scenario_from(o));
  sim.run_to_end();
  if (!print_trace(sim.trace(), o)) return 2;
  if (!write_outputs(o, sim.trace(), sim.keylog())) return 1;
  return sim.trace().outcome == "completed" ? 0 : 1;
}

int cmd_connect(const CommonOptions& o, const std::string& target, int timeout_s) {
  auto colon = target.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == target.size()) {
    std::cerr << "error: expected HOST:PORT, got '" << target << "'\n";
    return 2;
  }
  std::string host = target.substr(0, colon), port = target.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  ScenarioOptions s = scenario_from(o);
  if (o.host.empty()) s.host = host;
  std::string err;
  int fd = app::tcp_connect(host, port, &err);
  if (fd < 0) {
    std::cerr << "error: " << err << "\n";
    return 1;
  }
  auto client = make_client(client_config(s), s.seed);
  auto run = app::drive(*client, fd, timeout_s * 1000, true);
  ::close(fd);
  run.trace.scenario = s.to_json_text();
  print_trace(run.trace, o);
  if (!run.trace.client_app_received.empty()) {
    std::cout << "\n--- application data received from the server ---\n";
    std::cout.write(reinterpret_cast<const char*>(run.trace.client_app_received.data()),
                    std::streamsize(run.trace.client_app_received.size()));
    std::cout << "\n";
  }
  if (!write_outputs(o, run.trace, client->keylog_line())) return 1;
  return client->handshake_complete() && !client->failed() ? 0 : 1;
}

int cmd_serve(const CommonOptions& o, const std::string& bind, int port, bool once, int timeout_s) {
  ScenarioOptions s = scenario_from(o);
  std::string err;
  int bound = 0;
  int lfd = app::tcp_listen(bind, port, &bound, &err);
  if (lfd < 0) {
    std::cerr << "error: " << err << "\n";
    return 1;
  }
  ServerConfig cfg = server_config(s);
  std::cout << "listening on " << bind << ":" << bound << " as " << s.host << std::endl;
  int status = 0;
  std::string keylog;
  for (uint64_t n = 0;; ++n) {
    int fd = ::accept(lfd, nullptr, nullptr);
    if (fd < 0) continue;
    auto server = make_server(cfg, s.seed + n);
    auto run = app::drive(*server, fd, timeout_s * 1000, false);
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
    run.trace.scenario = s.to_json_text();
    std::cout << "\n=== connection " << n + 1 << " ===\n";
    print_trace(run.trace, o);
    std::cout << std::flush;
    keylog += server->keylog_line();
    CommonOptions out = o;
    if (!write_outputs(out, run.trace, keylog)) status = 1;
    std::cout << std::flush;
    if (once) {
      status = server->handshake_complete() && !server->failed() ? status : 1;
      break;
    }
  }
  ::close(lfd);
  return status;
}

int cmd_list(const std::string& what) {
  if (what == "suites") {
    for (auto& s : all_suites()) {
      std::printf("0x%04x  %-45s %-9s %s\n", s.id, std::string(s.name).c_str(),
                  std::string(name_of(s.kx)).c_str(), std::string(name_of(s.prf_hash)).c_str());
    }
  } else {
    for (auto g : all_groups()) std::printf("0x%04x  %s\n", unsigned(g), name_of(g).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tlslab: run real SSL/TLS handshakes step by step and see every byte, key and alert"};
  app.require_subcommand(1);

  CommonOptions run_o, conn_o, serve_o;
  auto* run = app.add_subcommand("run", "simulate a client and a server in-process and print the ladder");
  add_common(run, run_o, true);

  auto* connect = app.add_subcommand("connect", "run the engine's client against a real TLS server");
  std::string target;
  int conn_timeout = 10;
  connect->add_option("target", target, "HOST:PORT")->required();
  connect->add_option("--timeout", conn_timeout, "seconds to wait for the peer")->check(CLI::Range(1, 3600));
  add_common(connect, conn_o, true);

  auto* serve = app.add_subcommand("serve", "run the engine's server for real TLS clients");
  std::string bind = "127.0.0.1";
  int port = 4433, serve_timeout = 30;
  bool once = false;
  serve->add_option("--port", port, "TCP port (0 picks a free one)")->check(CLI::Range(0, 65535))->capture_default_str();
  serve->add_option("--bind", bind, "address to listen on")->capture_default_str();
  serve->add_flag("--once", once, "serve one connection, then exit");
  serve->add_option("--timeout", serve_timeout, "seconds to wait for a client's next bytes")->check(CLI::Range(1, 3600));
  add_common(serve, serve_o, true);

  auto* list = app.add_subcommand("list", "list supported cipher suites or groups");
  std::string what;
  list->add_option("what", what, "suites | groups")->required()->check(CLI::IsMember({"suites", "groups"}));

  auto is_command = [&](const std::string& name) {
    for (auto* sub : app.get_subcommands({}))
      if (sub->check_name(name)) return true;
    return false;
  };
  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    std::cerr << "error: unknown command '" << argv[1] << "' (commands: run, connect, serve, list; see --help)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  if (*run) return cmd_run(run_o);
  if (*connect) return cmd_connect(conn_o, target, conn_timeout);
  if (*serve) return cmd_serve(serve_o, bind, port, once, serve_timeout);
  if (*list) return cmd_list(what);
  return 2;
}

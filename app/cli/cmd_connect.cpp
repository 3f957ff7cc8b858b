#include "common.hpp"
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "net.hpp"

namespace app {

using namespace sim;

namespace {

int cmd_connect(const CommonOptions& o, const std::string& target, int timeout_s) {
  Lang l = o.language();
  if (std::string err = validate(o); !err.empty()) {
    print_error(l, Message::untranslated(err));
    return 2;
  }
  auto colon = target.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == target.size()) {
    print_error(l, msg("cli.expected_host_port").arg("target", target));
    return 2;
  }
  std::string host = target.substr(0, colon), port = target.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (!valid_port(port)) {
    print_error(l, msg("cli.bad_port").arg("port", port.substr(0, 16)));
    return 2;
  }
  // A real server gets fresh randomness from the operating system; a fixed seed only when the
  // user asks for it (it makes the session's keys predictable).
  bool fixed_seed = o.scenario.given("--seed");
  if (fixed_seed) std::cerr << msg("cli.warning").arg("text", msg("cli.fixed_seed_network").render(l)).render(l) << "\n";
  ScenarioOptions s = scenario_from(o);
  if (!o.scenario.given("--host")) {
    // The target's name becomes the SNI and HTTP Host: a DNS name (as --host), or an IP address,
    // which is kept as it was given (RFC 6066 3 would leave SNI out for it: not done yet).
    bool ip = host.find(':') != std::string::npos ||
              (!host.empty() && std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }));
    if (Message e = host_name_error(host); !ip && !e.empty()) {
      print_error(l, msg("cli.target_host").arg("error", e));
      return 2;
    }
    s.host = host;
  }
  // With --resume, a second connection resumes the first (its TLS 1.3 ticket, or below TLS 1.3
  // its session ID or ticket); both go into one trace (events of the second have connection 2).
  int connections = s.resumption == ScenarioOptions::Resumption::none ? 1 : 2;
  std::unique_ptr<Connection> client;
  SocketRun run;
  Recorder rec(run.trace);
  std::string keylog, earlier_keylog;
  std::chrono::steady_clock::time_point first_done;
  for (int n = 1; n <= connections; ++n) {
    ClientConfig cc = client_config(s);
    // A real server's certificate is not from the simulated PKI: it is validated only against
    // roots given with --trust, at the system time; otherwise validation is off (and the trace
    // says so).
    if (o.trust_files.empty()) cc.validation.enabled = false;
    cc.validation.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (n == 1) {
      cc.send_early_data = false;
    } else if (s.resumption == ScenarioOptions::Resumption::session_id || s.resumption == ScenarioOptions::Resumption::ticket) {
      auto session = client->resumable_session();
      bool want_ticket = s.resumption == ScenarioOptions::Resumption::ticket;
      if (!session || (want_ticket ? session->ticket.empty() : session->session_id.empty())) {
        print_error(l, msg(want_ticket ? "cli.no_ticket12" : "cli.no_session_id"));
        return 1;
      }
      cc.session = *session;
      cc.session->connection = 1;
    } else {
      auto tickets = client->session_tickets();
      if (tickets.empty()) {
        print_error(l, msg("cli.no_ticket"));
        return 1;
      }
      cc.ticket = tickets.front();
      // The real age of the ticket, not the simulated 2 s default: the obfuscated_ticket_age
      // must be the time since the ticket arrived (RFC 8446 4.2.11.1), and OpenSSL rejects
      // 0-RTT when it claims more than the server's clock allows. Measured from the end of
      // the first connection, so it can only be a little low, which servers tolerate.
      cc.ticket_age_ms = uint32_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - first_done).count());
    }
    Message err;
    // --timeout bounds each connection as a whole: the TCP connect, then the server's answers.
    Deadline deadline = Deadline::in(timeout_s);
    int fd = app::tcp_connect(host, port, &err, deadline);
    if (fd < 0) {
      print_error(l, err);
      return 1;
    }
    client = make_client(cc, s.seed + uint64_t(n - 1));
    if (!fixed_seed) client->set_rng(Rng::from_os("client"));
    // Both connections go into one trace, the second one's events tagged as connection 2.
    rec.set_connection(n);
    bool complete_before = n == 1 || run.trace.handshake_complete;
    run.error = app::drive(*client, fd, timeout_s * 1000, true, rec, deadline);
    ::close(fd);
    Recorder::Parties parties;
    parties.client = client.get();
    parties.transport_error = run.error;
    parties.earlier_keylog = earlier_keylog;
    rec.summarize(parties);
    run.trace.handshake_complete = complete_before && run.trace.handshake_complete;
    earlier_keylog += client->keylog_line();
    keylog += client->keylog_line();
    if (n == 1) first_done = std::chrono::steady_clock::now();
    if (!client->handshake_complete()) break;
    if (client->failed()) {
      // A server may end the first connection by closing TCP without close_notify (openssl
      // s_server's echo mode, the only one that takes 0-RTT, can do nothing else). The
      // handshake completed and the tickets came before: the truncation puts that
      // connection's data in doubt, not its tickets, so resumption still goes ahead.
      bool truncated = client->failure()->alert == AlertDescription::close_notify;
      if (!truncated || n == connections || client->session_tickets().empty()) break;
      std::cout << msg("cli.resuming_after_truncation").arg("n", std::to_string(n)).arg("outcome", run.trace.outcome.message()).render(l)
                << "\n";
    }
  }
  run.trace.scenario = s.to_json_text();
  print_trace(run.trace, o);
  if (!run.trace.client_app_received.empty()) {
    std::cout << "\n" << msg("cli.app_data_heading").render(l) << "\n";
    std::cout.write(reinterpret_cast<const char*>(run.trace.client_app_received.data()),
                    std::streamsize(run.trace.client_app_received.size()));
    std::cout << "\n";
  }
  if (!write_outputs(o, run.trace, keylog)) return 1;
  return client->handshake_complete() && !client->failed() ? 0 : 1;
}

}  // namespace

Command add_connect_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto target = std::make_shared<std::string>();
  auto timeout = std::make_shared<int>(10);
  auto* cmd = app.add_subcommand("connect", "run the engine's client against a real TLS server");
  cmd->add_option("target", *target, "HOST:PORT")->required();
  cmd->add_option("--timeout", *timeout, "seconds each connection may take, from the TCP connect to the last answer")->check(CLI::Range(1, 3600));
  add_common(cmd, *o);
  return {cmd, [=] { return cmd_connect(*o, *target, *timeout); }};
}

}  // namespace app

#include "common.hpp"
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "net.hpp"

namespace app {

using namespace sim;

namespace {

int cmd_connect(const CommonOptions& o, const std::string& target, int timeout_s) {
  if (std::string err = validate(o); !err.empty()) {
    std::cerr << "error: " << err << "\n";
    return 2;
  }
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
  ClientConfig cc = client_config(s);
  // A real server's certificate is not from the simulated PKI: it is validated only against
  // roots given with --trust, at the system time; otherwise validation is off (and the trace
  // says so).
  if (o.trust_files.empty()) cc.validation.enabled = false;
  cc.validation.now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto client = make_client(cc, s.seed);
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

}  // namespace

Command add_connect_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto target = std::make_shared<std::string>();
  auto timeout = std::make_shared<int>(10);
  auto* cmd = app.add_subcommand("connect", "run the engine's client against a real TLS server");
  cmd->add_option("target", *target, "HOST:PORT")->required();
  cmd->add_option("--timeout", *timeout, "seconds to wait for the peer")->check(CLI::Range(1, 3600));
  add_common(cmd, *o, true);
  return {cmd, [=] { return cmd_connect(*o, *target, *timeout); }};
}

}  // namespace app

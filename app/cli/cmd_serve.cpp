#include "common.hpp"
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>

#include "net.hpp"

namespace app {

using namespace sim;

namespace {

int cmd_serve(const CommonOptions& o, const std::string& bind, int port, int count, int timeout_s) {
  Lang l = o.language();
  if (std::string err = validate(o); !err.empty()) {
    print_error(l, Message::untranslated(err));
    return 2;
  }
  ScenarioOptions s = scenario_from(o);
  Message err;
  int bound = 0;
  int lfd = app::tcp_listen(bind, port, &bound, &err);
  if (lfd < 0) {
    print_error(l, err);
    return 1;
  }
  ServerConfig cfg = server_config(s);
  std::cout << msg("cli.listening").arg("address", bind).arg("port", std::to_string(bound)).arg("host", s.host).render(l) << std::endl;
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
    std::cout << "\n" << msg("cli.connection_heading").arg("n", std::to_string(n + 1)).render(l) << "\n";
    print_trace(run.trace, o);
    std::cout << std::flush;
    keylog += server->keylog_line();
    CommonOptions out = o;
    if (!write_outputs(out, run.trace, keylog)) status = 1;
    std::cout << std::flush;
    if (!server->handshake_complete() || server->failed()) status = 1;
    if (count > 0 && n + 1 >= uint64_t(count)) break;
  }
  ::close(lfd);
  return status;
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto bind = std::make_shared<std::string>("127.0.0.1");
  auto port = std::make_shared<int>(4433);
  auto timeout = std::make_shared<int>(30);
  auto once = std::make_shared<bool>(false);
  auto count = std::make_shared<int>(0);
  auto* cmd = app.add_subcommand("serve", "run the engine's server for real TLS clients");
  cmd->add_option("--port", *port, "TCP port (0 picks a free one)")->check(CLI::Range(0, 65535))->capture_default_str();
  cmd->add_option("--bind", *bind, "address to listen on")->capture_default_str();
  cmd->add_flag("--once", *once, "serve one connection, then exit (same as --connections 1)");
  cmd->add_option("--connections", *count, "serve this many connections, then exit (exit status 0 only if every handshake completed)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--timeout", *timeout, "seconds to wait for a client's next bytes")->check(CLI::Range(1, 3600));
  add_common(cmd, *o);
  return {cmd, [=] { return cmd_serve(*o, *bind, *port, *once ? 1 : *count, *timeout); }};
}

}  // namespace app

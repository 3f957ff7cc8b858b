// tlslab command line. Each subcommand lives in its own cmd_*.cpp file.
#include <iostream>

#include "common.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tlslab: run real SSL/TLS handshakes step by step and see every byte, key and alert"};
  app.require_subcommand(1);
  std::vector<app::Command> commands = {
      app::add_run_command(app),
      app::add_connect_command(app),
      app::add_serve_command(app),
      app::add_intercept_command(app),
      app::add_show_command(app),
      app::add_list_command(app),
      app::add_pki_command(app),
      app::add_lesson_command(app),
  };
  auto is_command = [&](const std::string& name) {
    for (auto& c : commands)
      if (c.sub->check_name(name)) return true;
    return false;
  };
  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    std::cerr << "error: unknown command '" << argv[1] << "' (see tlslab --help)\n";
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
  for (auto& c : commands)
    if (c.sub->parsed()) return c.run();
  return 2;
}

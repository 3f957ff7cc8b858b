// tlslab command line. Each subcommand lives in its own cmd_*.cpp file.
#include <iostream>

#include "common.hpp"
#include "core/file_io.hpp"

namespace {

// Errors quote the arguments back: a long one (a pasted file, an attack string) only as a short
// excerpt. Replaced where it appears whole, after '=' or between commas, as the parser splits it.
std::string shorten_arguments(std::string text, int argc, char** argv) {
  constexpr size_t kLong = 80;
  auto shorten = [&](std::string_view a) {
    if (a.size() <= kLong) return;
    std::string cut = sim::excerpt(a);
    for (size_t p = text.find(a); p != std::string::npos; p = text.find(a, p + cut.size())) text.replace(p, a.size(), cut);
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    shorten(a);
    if (auto eq = a.find('='); eq != std::string_view::npos) a.remove_prefix(eq + 1), shorten(a);
    for (size_t from = 0; from <= a.size();) {
      size_t comma = std::min(a.find(',', from), a.size());
      shorten(a.substr(from, comma - from));
      from = comma + 1;
    }
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tlslab: run real SSL/TLS handshakes step by step and see every byte, key and alert"};
  app.failure_message([argc, argv](const CLI::App* a, const CLI::Error& e) {
    return shorten_arguments(CLI::FailureMessage::simple(a, e), argc, argv);
  });
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
    std::cerr << "error: unknown command '" << sim::excerpt(argv[1]) << "' (see tlslab --help)\n";
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

#include "common.hpp"

#include "trace/trace_io.hpp"

namespace app {

using namespace sim;

namespace {

int cmd_show(const CommonOptions& o, const std::string& path) {
  TraceFileRead how;
  auto trace = trace_from_json_file(path, &how);
  if (!trace) {
    // The file's own errors name it already.
    print_error(o.language(), how.content_error ? msg("cli.file_error").arg("file", path).arg("error", trace.error().message())
                                            : trace.error().message());
    return 1;
  }
  if (!print_trace(*trace, o)) return 2;
  std::string keylog;
  for (auto& line : trace->keylog) keylog += line + "\n";
  return write_outputs(o, *trace, keylog) ? 0 : 1;
}

}  // namespace

Command add_show_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("show", "read a JSON trace written by --json, print its ladder and export it again");
  cmd->add_option("file", *path, "trace file (JSON, tlslab-trace version 1)")->required();
  add_details(cmd, *o);
  add_outputs(cmd, *o);
  return {cmd, [=] { return cmd_show(*o, *path); }};
}

}  // namespace app

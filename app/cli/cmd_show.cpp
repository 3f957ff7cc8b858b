#include "common.hpp"

#include "core/file_io.hpp"
#include "trace/trace_io.hpp"

namespace app {

using namespace sim;

namespace {

int cmd_show(const CommonOptions& o, const std::string& path) {
  auto text = read_file_capped(path, kMaxTraceFileBytes);
  if (!text) {
    print_error(o.language(), text.error().message());
    return 1;
  }
  auto trace = trace_from_json_text(*text);
  std::string().swap(*text);  // not needed any more: the export below is as big
  if (!trace) {
    print_error(o.language(), msg("cli.file_error").arg("file", path).arg("error", trace.error().message()));
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

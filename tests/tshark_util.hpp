// tshark as an independent judge of our captures (shared by the export and legacy tests).
#pragma once
#include <filesystem>
#include <string>

#include "export/pcapng.hpp"
#include "test_util.hpp"

namespace {

using sim::Capture;
using sim::CaptureOptions;
using sim::Trace;

bool have_tshark() { return testutil::run("command -v tshark >/dev/null 2>&1 && echo yes").output == "yes\n"; }

// tshark with no key log configured, quiet about running as root.
std::string tshark(const std::string& args) {
  return testutil::run("tshark -o tls.keylog_file: " + args + " 2>/dev/null").output;
}

std::filesystem::path write_capture(const std::filesystem::path& dir, const std::string& name, const Trace& t,
                                    const CaptureOptions& o = {}) {
  auto path = dir / name;
  Capture c = capture_file(t, o);
  testutil::write_file(path, std::string(c.file.begin(), c.file.end()));
  return path;
}

// "-z follow,tls,raw,N": client-to-server lines first-column, server-to-client lines indented.
struct Followed {
  std::string to_server, to_client;
};
Followed follow_tls(const std::filesystem::path& file, int stream) {
  std::string out = tshark("-r " + file.string() + " -q -z follow,tls,raw," + std::to_string(stream));
  Followed f;
  bool body = false, server_first = false;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    std::string line = out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? out.size() : nl + 1;
    // Node 0 sent the first decrypted bytes: in TLS 1.3 that can be the server (its encrypted
    // handshake), and then the unindented lines are the server's.
    if (line.rfind("Node 0:", 0) == 0) server_first = line.find(" 10.0.0.1:") == std::string::npos;
    if (line.rfind("Node 1:", 0) == 0) {
      body = true;
      continue;
    }
    if (!body || line.empty() || line[0] == '=') continue;
    if (line[0] == '\t') f.to_client += line.substr(1);
    else f.to_server += line;
  }
  if (server_first) std::swap(f.to_client, f.to_server);
  return f;
}

// Packets tshark flags as malformed, with TCP analysis warnings, or any expert warning.
std::string problems(const std::filesystem::path& file) {
  return tshark("-r " + file.string() + " -Y '_ws.malformed or tcp.analysis.flags or _ws.expert.severity >= warning'");
}

}  // namespace

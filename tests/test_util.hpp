// Helpers shared by the test suites: running commands, temp files, free loopback ports.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/message.hpp"

namespace testutil {

struct CommandResult {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string output;  // stdout (and stderr when merged by the command line)
};

inline CommandResult run(const std::string& cmd) {
  CommandResult r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline std::filesystem::path temp_dir(const std::string& name) {
  static std::mt19937_64 gen(std::random_device{}());
  auto dir = std::filesystem::temp_directory_path() /
             ("tlslab-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(gen() % 1000000));
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

// Asks the kernel for a free loopback port (released before returning; a small race is fine).
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  int port = ntohs(sa.sin_port);
  ::close(fd);
  return port;
}

// A shell command running in the background in its own process group, killed on destruction.
class Background {
 public:
  explicit Background(const std::string& cmd) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);
  }
  ~Background() { stop(); }
  // Waits up to timeout_ms for the process to exit by itself; returns its status or -1.
  int wait_exit(int timeout_ms) {
    for (int waited = 0; pid_ > 0 && waited <= timeout_ms; waited += 20) {
      int st;
      pid_t r = ::waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
      }
      ::usleep(20000);
    }
    return -1;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    int st;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

// True once something accepts TCP connections on 127.0.0.1:port (polls up to timeout_ms).
inline bool wait_for_port(int port, int timeout_ms) {
  for (int waited = 0; waited <= timeout_ms; waited += 50) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(uint16_t(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
    ::close(fd);
    if (ok) return true;
    ::usleep(50000);
  }
  return false;
}

// True once the file contains `text` (polls up to timeout_ms).
inline bool wait_for_text(const std::filesystem::path& file, const std::string& text, int timeout_ms) {
  for (int waited = 0; waited <= timeout_ms; waited += 50) {
    if (read_file(file).find(text) != std::string::npos) return true;
    ::usleep(50000);
  }
  return false;
}

// The port `tlslab serve --port 0` printed in its log ("listening on 127.0.0.1:N as ..."), or 0.
inline int served_port(const std::filesystem::path& log, int timeout_ms) {
  for (int waited = 0; waited <= timeout_ms; waited += 50) {
    std::string text = read_file(log);
    auto at = text.find("listening on 127.0.0.1:");
    if (at != std::string::npos && text.find(" as ", at) != std::string::npos) return std::atoi(text.c_str() + at + 23);
    ::usleep(50000);
  }
  return 0;
}

// How many times `needle` occurs in `hay`.
inline size_t count_of(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
  return n;
}

// True if one line of `text` contains every one of `parts` (for ladder lines: "client   -> server", "KeyUpdate").
inline bool has_line(const std::string& text, std::initializer_list<std::string> parts) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    bool all = true;
    for (auto& p : parts) all = all && line.find(p) != std::string::npos;
    if (all) return true;
  }
  return false;
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The English words of the catalog entries whose key starts with `prefix` ("cli."): each
// template cut at its {placeholders} (a trailing colon kept: "warning:" is the CLI's, "Alert:
// warning" the protocol's), keeping the pieces of 4 characters or more that the French
// template does not also hold (names such as "openssl verify -attime" are the same in both).
// Output in French must contain none of them (see contains_words).
inline std::vector<std::string> english_fragments(const std::string& prefix) {
  std::vector<std::string> out;
  auto trim = [](std::string t) {
    while (!t.empty() && std::string(" (),:;").find(t.front()) != std::string::npos) t.erase(0, 1);
    while (!t.empty() && (t.back() == ' ' || t.back() == ')')) t.pop_back();
    return t;
  };
  for (const sim::CatalogEntry& e : sim::catalog()) {
    if (std::string(e.key).rfind(prefix, 0) != 0) continue;
    std::string en = e.en, fr = e.fr;
    size_t at = 0;
    while (at <= en.size()) {
      size_t open = en.find('{', at);
      std::string piece = trim(en.substr(at, open == std::string::npos ? std::string::npos : open - at));
      if (piece.size() >= 4 && fr.find(piece) == std::string::npos) out.push_back(piece);
      if (open == std::string::npos) break;
      at = en.find('}', open) + 1;
    }
  }
  return out;
}

// Does `text` hold `piece` as whole words ("event" is not in "certificate_event" nor in the
// flag "--event")?
inline bool contains_words(const std::string& text, const std::string& piece) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  for (size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) {
    bool before = at > 0 && word(piece.front()) && word(text[at - 1]);
    size_t end = at + piece.size();
    bool after = end < text.size() && word(piece.back()) && word(text[end]);
    if (!before && !after) return true;
  }
  return false;
}

}  // namespace testutil

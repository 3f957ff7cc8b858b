#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace sim {

namespace {

std::string quoted_name(const std::string& path) { return excerpt(path, 160); }

Failure fail_io(Message m) { return Failure{AlertDescription::internal_error, std::move(m)}; }
Failure no_such_file(const std::string& path) { return fail_io(msg("io.no_such_file").arg("file", quoted_name(path))); }
Failure cannot_read(const std::string& path, int err) {
  return fail_io(msg("io.cannot_read_reason").arg("file", quoted_name(path)).arg("reason", std::strerror(err)));
}
Failure cannot_write(const std::string& path, int err) {
  return fail_io(msg("io.cannot_write_reason").arg("file", quoted_name(path)).arg("reason", std::strerror(err)));
}

Failure not_regular(const std::string& path, mode_t mode) {
  Message kind = S_ISDIR(mode)                      ? msg("io.kind_folder")
                 : S_ISCHR(mode) || S_ISBLK(mode)   ? msg("io.kind_device")
                 : S_ISFIFO(mode) || S_ISSOCK(mode) ? msg("io.kind_pipe")
                                                    : msg("io.kind_special");
  return fail_io(msg("io.not_regular_file").arg("file", quoted_name(path)).arg("kind", kind));
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    data.remove_prefix(size_t(n));
  }
  return true;
}

}  // namespace

std::string excerpt(std::string_view value, size_t max) {
  size_t n = value.size() <= max ? value.size() : max;
  // Not inside a UTF-8 sequence: back up over continuation bytes.
  if (n < value.size())
    while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0u) == 0x80u) --n;
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    out += c < 0x20 || c == 0x7f ? '?' : char(c);
  }
  if (n < value.size()) out += "...";
  return out;
}

Message size_message(uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return msg("io.size_mib").arg("n", std::to_string(bytes >> 20));
  if (bytes >= 1024 && bytes % 1024 == 0) return msg("io.size_kib").arg("n", std::to_string(bytes >> 10));
  return msg("io.size_bytes").arg("n", std::to_string(bytes));
}

Result<std::string> read_file_capped(const std::string& path, uint64_t max_bytes) {
  // O_NONBLOCK: opening a pipe with no writer would otherwise wait forever before fstat can
  // refuse it. It changes nothing for a regular file.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return no_such_file(path);
    return cannot_read(path, e);
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return cannot_read(path, errno);
  if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode);
  auto too_large = [&] {
    return fail_io(msg("io.file_too_large").arg("file", quoted_name(path)).arg("max", size_message(max_bytes)));
  };
  if (uint64_t(st.st_size) > max_bytes) return too_large();
  // The size can change while we read (a file still being written): the cap holds regardless.
  std::string out;
  out.reserve(size_t(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return cannot_read(path, errno);
    if (n == 0) break;
    if (out.size() + size_t(n) > max_bytes) return too_large();
    out.append(buf, size_t(n));
  }
  return out;
}

Status write_file_atomic(const std::string& path, std::string_view data, const WriteOptions& opt) {
  return write_file_atomic(path, [&](const WriteChunk& write) { write(data); }, opt);
}

Status write_file_atomic(const std::string& path, const std::function<void(const WriteChunk& write)>& produce,
                         const WriteOptions& opt) {
  // Every piece to fd; false (errno kept) once one write failed.
  auto write_all_of = [&](int fd) {
    bool ok = true;
    int err = 0;
    produce([&](std::string_view piece) {
      if (ok && !write_all(fd, piece)) ok = false, err = errno;
    });
    errno = err;
    return ok;
  };
  namespace fs = std::filesystem;
  if (path.empty()) return no_such_file(path);
  std::string target = path;
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) return not_regular(path, st.st_mode);
  if (exists && !S_ISREG(st.st_mode)) {
    // A device or pipe: there is no old content to keep, and renaming would replace the node.
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return cannot_write(path, errno);
    bool ok = write_all_of(fd);
    int e = errno;
    if (::close(fd) != 0 && ok) ok = false, e = errno;
    if (!ok) return cannot_write(path, e);
    return Ok{};
  }
  if (exists) {
    // Through a symbolic link, the file it names is replaced, not the link.
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    if (!ec) target = real.string();
  }
  fs::path t(target);
  fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");

  std::string tmp;
  int fd = -1;
  const bool injected = !opt.temp_path_for_test.empty();
  if (injected) {
    tmp = opt.temp_path_for_test;
    fd = ::open(tmp.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  } else {
    // O_EXCL on a random name: never someone else's file; the mode follows the umask as a plain
    // create would (mkstemp's 0600 would hide an exported report from the group).
    std::random_device rd;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
      char suffix[32];
      std::snprintf(suffix, sizeof suffix, ".tmp-%d-%08x", int(::getpid()), unsigned(rd()));
      tmp = (dir / ("." + t.filename().string() + suffix)).string();
      fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
      if (fd < 0 && errno != EEXIST) break;
    }
  }
  if (fd < 0) return cannot_write(path, errno);
  auto give_up = [&](int e) -> Status {
    ::close(fd);
    if (!injected) ::unlink(tmp.c_str());
    return cannot_write(path, e);
  };
  if (exists && !injected) (void)::fchmod(fd, st.st_mode & 07777);  // keep the old file's permissions
  if (!write_all_of(fd)) return give_up(errno);
  // fsync before rename: otherwise a crash can leave the new name on an empty file. EINVAL: the
  // file system cannot sync (some special ones); the data were written all the same.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) return give_up(errno);
  if (::close(fd) != 0) {
    int e = errno;
    if (!injected) ::unlink(tmp.c_str());
    return cannot_write(path, e);
  }
  if (injected) return Ok{};  // a test's path is never renamed over the target
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return cannot_write(path, e);
  }
  // The folder's entry too, so the rename itself survives a crash; a failure here loses nothing.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Ok{};
}

}  // namespace sim

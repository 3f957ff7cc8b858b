// Reading and writing whole files, for every front end and loader: a read is capped while it
// reads (a device or a huge file never fills memory) and refuses what is not a regular file; a
// write goes to a temporary file in the target's folder, is flushed to disk and renamed over the
// target, so a failure (full disk, no permission) leaves the old file as it was.
// Errors are catalog messages naming the file and, where the system gave one, its reason.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sim {

// A value as an error quotes it: control characters shown as '?', and cut to at most `max`
// bytes (on a UTF-8 boundary) followed by "...", so a hostile value cannot fill the screen or
// move the cursor.
std::string excerpt(std::string_view value, size_t max = 60);

// "16 MiB", "4 MiB", "512 KiB", "100 bytes" (Mio, Kio, octets in French): a limit as errors state it.
Message size_message(uint64_t bytes);

// The whole file at `path` if it is a regular file of at most `max_bytes`; else a failure:
// no such file, not a regular file (a folder, a device, a pipe), larger than the limit (found
// while reading: at most max_bytes + 1 bytes are ever read), or the system's reason.
Result<std::string> read_file_capped(const std::string& path, uint64_t max_bytes);

// The largest trace file `tlslab show` and the GUI open: a long capture of 100,000 records is
// about 1 GB of JSON (each record with its derivations); a larger file is refused before it is
// parsed. The importer reads one event at a time, so memory stays near the trace's own size.
inline constexpr uint64_t kMaxTraceFileBytes = uint64_t(2) << 30;

struct WriteOptions {
  // Tests only: write the data to this path instead of a fresh temporary file (e.g. /dev/full,
  // to see a write fail after the temporary file was opened). It is never removed or renamed.
  std::string temp_path_for_test;
};

// Writes `data` to `path` through a temporary file in the same folder, flushed, checked and
// renamed over `path`. An existing device or pipe (/dev/stdout, /dev/null) is written in place:
// renaming over it would replace it. On failure the old file is untouched and the reason says why.
Status write_file_atomic(const std::string& path, std::string_view data, const WriteOptions& opt = {});

// The same, for data made piece by piece (a big export that never exists whole in memory):
// `produce` calls `write` with each piece in order. Once a write fails, the rest are ignored and
// the failure is returned.
using WriteChunk = std::function<void(std::string_view)>;
Status write_file_atomic(const std::string& path, const std::function<void(const WriteChunk& write)>& produce,
                         const WriteOptions& opt = {});

}  // namespace sim

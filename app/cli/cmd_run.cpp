#include "common.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

namespace app {

using namespace sim;

namespace {

// Ctrl-C during an attack's long work cancels it (the report then says what it found); a second
// Ctrl-C ends the program as usual.
std::atomic<Progress*> g_interruptible{nullptr};
extern "C" void on_interrupt(int) {
  if (Progress* p = g_interruptible.load()) p->cancel();
  std::signal(SIGINT, SIG_DFL);
}

// On a terminal, the long work of a cryptanalytic attack (a key search, an oracle's queries)
// shows its progress on one line of stderr while it runs.
class ProgressLine {
 public:
  ProgressLine(std::shared_ptr<Progress> p, Lang lang) : p_(std::move(p)), lang_(lang) {
    g_interruptible = p_.get();
    std::signal(SIGINT, on_interrupt);
    if (isatty(STDERR_FILENO)) thread_ = std::thread([this] { loop(); });
  }
  ~ProgressLine() {
    {
      std::lock_guard<std::mutex> l(m_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (shown_) std::cerr << "\n";
    std::signal(SIGINT, SIG_DFL);
    g_interruptible = nullptr;
  }

 private:
  void loop() {
    auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> l(m_);
    while (!cv_.wait_for(l, std::chrono::milliseconds(250), [this] { return stop_; })) {
      uint64_t done = p_->done(), total = p_->total();
      if (!done) continue;
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double rate = secs > 0 ? double(done) / secs : 0;
      Message m = total ? msg("cli.progress").arg("total", std::to_string(total))
                              .arg("left", std::to_string(rate > 0 ? uint64_t(double(total > done ? total - done : 0) / rate) : 0))
                        : msg("cli.progress_open");
      std::string line = m.arg("done", std::to_string(done))
                             .arg("rate", std::to_string(uint64_t(rate)))
                             .arg("partial", p_->partial())
                             .render(lang_);
      if (line.size() > 150) line = line.substr(0, 147) + "...";
      std::cerr << "\r\033[K" << line << std::flush;
      shown_ = true;
    }
  }

  std::shared_ptr<Progress> p_;
  Lang lang_;
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false, shown_ = false;
};

int cmd_run(const CommonOptions& o) {
  if (std::string err = validate(o); !err.empty()) {
    print_error(o.language(), Message::untranslated(err));
    return 2;
  }
  Simulation sim(scenario_from(o));
  {
    ProgressLine progress(sim.progress(), o.language());
    sim.run_to_end();
  }
  // An edit that could not be applied (no such record or field, a protected field): the run is
  // not the one asked for, so it is a usage error like a malformed option.
  if (auto errors = sim.edit_errors(); !errors.empty()) {
    for (auto& e : errors) print_error(o.language(), e.message);
    return 2;
  }
  if (!print_trace(sim.trace(), o)) return 2;
  if (!write_outputs(o, sim.trace(), sim.keylog())) return 1;
  return sim.trace().outcome == OutcomeKind::completed ? 0 : 1;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto o = std::make_shared<CommonOptions>();
  auto* cmd = app.add_subcommand("run", "simulate a client and a server in-process and print the ladder");
  add_common(cmd, *o);
  return {cmd, [o] { return cmd_run(*o); }};
}

}  // namespace app

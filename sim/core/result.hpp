// Failures are values: parse and handshake functions return Result<T>, whose error side
// carries the TLS alert to send and a human reason. No exception crosses the engine boundary.
#pragma once
#include <string>
#include <utility>
#include <variant>

#include "core/enums.hpp"
#include "core/message.hpp"

namespace sim {

struct Failure {
  Failure() = default;
  Failure(AlertDescription a, std::string r, Message k = {}) : alert(a), reason(std::move(r)), keyed(std::move(k)) {}
  AlertDescription alert = AlertDescription::internal_error;
  std::string reason;  // in English: for logs, error output and tests
  // The same reason as a catalog message, for the trace and the translated views; empty for a
  // failure not yet given a key (message() then shows `reason` untranslated).
  Message keyed;
  Message message() const { return keyed.empty() ? Message::untranslated(reason) : keyed; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T v) : v_(std::move(v)) {}
  Result(Failure f) : v_(std::move(f)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }
  const Failure& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Failure> v_;
};

struct Ok {};
using Status = Result<Ok>;

inline Failure fail(AlertDescription a, std::string reason) { return Failure{a, std::move(reason), {}}; }
inline Failure fail(AlertDescription a, Message m) {
  std::string english = m.english();
  return Failure{a, std::move(english), std::move(m)};
}
inline Failure decode_error(std::string reason) {
  return Failure{AlertDescription::decode_error, std::move(reason)};
}

}  // namespace sim

// Early return of the failure side of a Result expression.
#define SIM_TRY(expr)                                  \
  do {                                                 \
    auto _sim_r = (expr);                              \
    if (!_sim_r.ok()) return _sim_r.error();           \
  } while (0)

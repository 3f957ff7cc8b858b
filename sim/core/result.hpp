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
  // A failure's reason is always a catalog message (tests/catalog_test.cpp checks that no
  // engine source builds one from an English literal): the trace and every view render it in
  // their language.
  Failure(AlertDescription a, Message m) : alert(a), reason(m.english()), keyed(std::move(m)) {}
  AlertDescription alert = AlertDescription::internal_error;
  std::string reason;  // the English rendering of `keyed`: for logs, error output and tests
  Message keyed;       // the reason as a catalog message
  const Message& message() const { return keyed; }
  std::string render(Lang l) const { return keyed.render(l); }
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

inline Failure fail(AlertDescription a, Message m) { return Failure{a, std::move(m)}; }
inline Failure decode_error(Message m) { return Failure{AlertDescription::decode_error, std::move(m)}; }

}  // namespace sim

// Early return of the failure side of a Result expression.
#define SIM_TRY(expr)                                  \
  do {                                                 \
    auto _sim_r = (expr);                              \
    if (!_sim_r.ok()) return _sim_r.error();           \
  } while (0)

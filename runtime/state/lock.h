// hako::state::Lock — an flock on the container directory, held for the lifetime of the
// object. Exclusive for mutating verbs, shared for readers. The fd is O_CLOEXEC, so neither
// the container init nor hooks can inherit it (docs/design/cli-contract.md §3.3).
#pragma once

#include <string>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::state {

class Lock {
 public:
  enum class Kind { kShared, kExclusive };
  static Result<Lock> acquire(const std::string& dir, Kind kind);
  // As acquire, but EWOULDBLOCK instead of waiting when another process holds a conflicting lock.
  static Result<Lock> try_acquire(const std::string& dir, Kind kind);
  // As acquire / try_acquire for `name` relative to the directory fd `at` (`dir` names it in
  // errors): `list` opens the root once instead of walking its path for every container.
  static Result<Lock> acquire_at(int at, const std::string& name, const std::string& dir, Kind kind);
  static Result<Lock> try_acquire_at(int at, const std::string& name, const std::string& dir,
                                     Kind kind);
  int dir_fd() const { return fd_.get(); }

 private:
  explicit Lock(UniqueFd fd) : fd_(std::move(fd)) {}
  static Result<Lock> take(int at, const std::string& name, const std::string& dir, int op);
  UniqueFd fd_;
};

}  // namespace hako::state

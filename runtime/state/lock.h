// hako::state::Lock — an flock on the container directory, held for the lifetime of the
// object. Exclusive for mutating verbs, shared for readers. The fd is O_CLOEXEC, so neither
// the container init nor hooks can inherit it (cli-contract.md §3.3).
#pragma once

#include <string>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::state {

class Lock {
 public:
  enum class Kind { kShared, kExclusive };
  static Result<Lock> acquire(const std::string& dir, Kind kind);
  int dir_fd() const { return fd_.get(); }

 private:
  explicit Lock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace hako::state

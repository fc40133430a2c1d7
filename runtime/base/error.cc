#include "runtime/base/error.h"

#include <cerrno>
#include <cstring>

namespace hako {

Error Error::from_errno(int err, std::string what) {
  return Error(err != 0 ? err : EIO, std::move(what), /*with_strerror=*/true);
}

Error Error::invalid(std::string what) { return Error(EINVAL, std::move(what), false); }

Error Error::with_code(int code, std::string what) {
  return Error(code != 0 ? code : EINVAL, std::move(what), false);
}

Error&& Error::context(std::string_view outer) && {
  context(outer);
  return std::move(*this);
}

Error& Error::context(std::string_view outer) & {
  std::string s;
  s.reserve(outer.size() + 2 + what_.size());
  s.append(outer).append(": ").append(what_);
  what_ = std::move(s);
  return *this;
}

std::string Error::to_string() const {
  if (!with_strerror_) return what_;
  std::string s = what_;
  s.append(": ").append(std::strerror(code_));
  return s;
}

}  // namespace hako

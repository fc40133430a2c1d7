// hako::Error — an errno-carrying error with a context chain.
// Owned by base; every layer may use it. Child roles build Errors only before clone or
// after the sync socket exists (docs/design/conventions.md §7); never log from library code.
#pragma once

#include <string>
#include <string_view>

namespace hako {

class Error {
 public:
  // Call right after the failing syscall, before anything can clobber errno.
  static Error from_errno(int err, std::string what);
  // EINVAL-class error that is rendered without a strerror suffix (spec, usage, state).
  static Error invalid(std::string what);
  // An error with an explicit code that should still render without strerror.
  static Error with_code(int code, std::string what);

  // Prepends "outer: " to the message chain.
  Error&& context(std::string_view outer) &&;
  Error& context(std::string_view outer) &;

  int code() const noexcept { return code_; }
  const std::string& message() const noexcept { return what_; }
  bool has_strerror() const noexcept { return with_strerror_; }
  // "<chain>: <strerror>" (strerror only for syscall errors).
  std::string to_string() const;

 private:
  Error(int code, std::string what, bool with_strerror)
      : code_(code), what_(std::move(what)), with_strerror_(with_strerror) {}
  int code_;
  std::string what_;
  bool with_strerror_;
};

}  // namespace hako

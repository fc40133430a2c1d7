// How C++ failures cross into Python. Binding code turns a failed Result into one of the C++
// exceptions below; the translator registered by register_error_translator() raises the
// matching class of python/hako/_errors.py: hako.HakoError (an OSError carrying errno and the
// message chain; ENOENT also a FileNotFoundError, ...), hako.SpecError (also a ValueError) for an
// invalid config, hako.RuntimeCommandError for a runtime binary that ran and failed.
// Only binding code (bind_*.cc) throws these; the adapters return Results like the library.
#pragma once

#include <pybind11/pybind11.h>

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "runtime/base/result.h"

namespace hako::py {

enum class ErrorKind { kOs, kSpec };

class CoreError : public std::exception {
 public:
  CoreError(Error e, ErrorKind kind)
      : error_(std::move(e)), kind_(kind), text_(error_.to_string()) {}
  const char* what() const noexcept override { return text_.c_str(); }
  const Error& error() const { return error_; }
  ErrorKind kind() const { return kind_; }

 private:
  Error error_;
  ErrorKind kind_;
  std::string text_;
};

// A runtime binary that ran and did not succeed: its argv, how it ended, and its stderr.
class CommandError : public std::exception {
 public:
  CommandError(std::vector<std::string> argv, int exit_status, std::string status_text,
               std::string stderr_text, std::string message)
      : argv_(std::move(argv)),
        exit_status_(exit_status),
        status_text_(std::move(status_text)),
        stderr_(std::move(stderr_text)),
        message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }
  const std::vector<std::string>& argv() const { return argv_; }
  int exit_status() const { return exit_status_; }
  const std::string& status_text() const { return status_text_; }
  const std::string& stderr_text() const { return stderr_; }

 private:
  std::vector<std::string> argv_;
  int exit_status_;
  std::string status_text_, stderr_, message_;
};

template <typename T>
T unwrap(Result<T>&& r, ErrorKind kind = ErrorKind::kOs) {
  if (!r) throw CoreError(std::move(r).error(), kind);
  return std::move(r).value();
}

inline void unwrap(Status&& s, ErrorKind kind = ErrorKind::kOs) {
  if (!s) throw CoreError(std::move(s).error(), kind);
}

void register_error_translator();

}  // namespace hako::py

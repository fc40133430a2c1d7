// hako::Result<T> / hako::Status: a small subset of std::expected<T, Error>
// (g++ 12 only offers std::expected under -std=c++23, without monadic operations).
// HAKO_TRY and HAKO_ASSIGN_OR_RETURN are the only control-flow macros of the project.
#pragma once

#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "runtime/base/error.h"

namespace hako {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error err) : v_(std::in_place_index<1>, std::move(err)) {}  // NOLINT
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Result> &&
                                                    !std::is_same_v<std::decay_t<U>, Error>>>
  Result(U&& u) : v_(std::in_place_index<0>, T(std::forward<U>(u))) {}  // NOLINT

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { return std::get<1>(v_); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

  // Prepends "outer: " to the error, if any.
  Result&& context(std::string_view outer) && {
    if (!has_value()) error().context(outer);
    return std::move(*this);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error err) : err_(std::move(err)) {}  // NOLINT: implicit by design

  bool has_value() const noexcept { return !err_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  Error& error() & { return *err_; }
  const Error& error() const& { return *err_; }
  Error&& error() && { return std::move(*err_); }

  // Prepends "outer: " to the error, if any.
  Result&& context(std::string_view outer) && {
    if (err_) err_->context(outer);
    return std::move(*this);
  }

 private:
  std::optional<Error> err_;
};

using Status = Result<void>;

}  // namespace hako

#define HAKO_CONCAT_INNER_(a, b) a##b
#define HAKO_CONCAT_(a, b) HAKO_CONCAT_INNER_(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define HAKO_TRY(expr)                                       \
  do {                                                       \
    auto hako_try_result_ = (expr);                          \
    if (!hako_try_result_) return std::move(hako_try_result_).error(); \
  } while (0)

// `HAKO_ASSIGN_OR_RETURN(auto x, f());` declares x from the value, or returns the error.
#define HAKO_ASSIGN_OR_RETURN(lhs, expr) \
  HAKO_ASSIGN_OR_RETURN_IMPL_(HAKO_CONCAT_(hako_aor_, __LINE__), lhs, expr)
#define HAKO_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp) return std::move(tmp).error();          \
  lhs = std::move(tmp).value()

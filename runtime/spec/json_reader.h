// Internal to spec/: typed access to nlohmann::json with the JSON path of every value kept
// as a cheap linked list, rendered (`process.rlimits[2].type`) only when an error is made.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/base/result.h"
#include "runtime/base/str.h"

namespace hako::spec::internal {

using Json = nlohmann::json;

struct Path {
  const Path* parent = nullptr;
  const char* key = nullptr;  // object member, or nullptr for an array index
  size_t index = 0;

  Path member(const char* k) const { return Path{this, k, 0}; }
  Path at(size_t i) const { return Path{this, nullptr, i}; }
  std::string render() const;
};

inline Error path_error(const Path& p, const std::string& what) {
  return Error::invalid(str_cat(p.render(), ": ", what));
}

std::string_view type_name(const Json& j);

// A JSON object under a path. Absent members and explicit nulls read as "not set".
class Obj {
 public:
  Obj(const Json& j, Path p) : j_(j), p_(p) {}
  static Result<Obj> of(const Json& j, Path p);

  const Path& path() const { return p_; }
  const Json* find(const char* key) const;

  Status str(const char* key, std::string& out, bool required = false) const;
  Status str_opt(const char* key, std::optional<std::string>& out) const;
  Status boolean(const char* key, bool& out) const;
  Status boolean_opt(const char* key, std::optional<bool>& out) const;
  Status strings(const char* key, std::vector<std::string>& out, bool required = false) const;
  Status string_map(const char* key, std::map<std::string, std::string>& out) const;

  template <typename T>
  Status num(const char* key, T& out, bool required = false) const {
    const Json* v = find(key);
    if (!v) return required ? missing(key) : Status{};
    HAKO_ASSIGN_OR_RETURN(out, number<T>(*v, p_.member(key)));
    return {};
  }
  template <typename T>
  Status num_opt(const char* key, std::optional<T>& out) const {
    const Json* v = find(key);
    if (!v) return {};
    HAKO_ASSIGN_OR_RETURN(T t, number<T>(*v, p_.member(key)));
    out = t;
    return {};
  }

  // Calls fn(Obj, Path) for each element of an array of objects.
  template <typename Fn>
  Status each_object(const char* key, Fn&& fn) const {
    const Json* v = find(key);
    if (!v) return {};
    Path ap = p_.member(key);
    if (!v->is_array()) return path_error(ap, str_cat("expected array, got ", type_name(*v)));
    for (size_t i = 0; i < v->size(); ++i) {
      HAKO_ASSIGN_OR_RETURN(Obj o, Obj::of((*v)[i], ap.at(i)));
      HAKO_TRY(fn(o));
    }
    return {};
  }
  // Calls fn(Obj) for the member object when present.
  template <typename Fn>
  Status object(const char* key, Fn&& fn) const {
    const Json* v = find(key);
    if (!v) return {};
    HAKO_ASSIGN_OR_RETURN(Obj o, Obj::of(*v, p_.member(key)));
    return fn(o);
  }

  Error missing(const char* key) const {
    return path_error(p_.member(key), "required field is missing");
  }

  template <typename T>
  static Result<T> number(const Json& v, const Path& p) {
    constexpr bool is_signed = std::is_signed_v<T>;
    if (!v.is_number_integer())
      return path_error(p, str_cat("expected ", is_signed ? "integer" : "unsigned integer",
                                   ", got ", type_name(v)));
    bool fits;
    if (v.is_number_unsigned()) {
      fits = v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max());
    } else {
      int64_t s = v.get<int64_t>();
      fits = s < 0 ? is_signed && s >= static_cast<int64_t>(std::numeric_limits<T>::min())
                   : static_cast<uint64_t>(s) <= static_cast<uint64_t>(std::numeric_limits<T>::max());
    }
    if (!fits)
      return path_error(p, str_cat("value ", v.dump(), " out of range for ",
                                   is_signed ? "signed " : "unsigned ", sizeof(T) * 8,
                                   "-bit integer"));
    return v.is_number_unsigned() ? static_cast<T>(v.get<uint64_t>())
                                  : static_cast<T>(v.get<int64_t>());
  }

 private:
  const Json& j_;
  Path p_;
};

}  // namespace hako::spec::internal

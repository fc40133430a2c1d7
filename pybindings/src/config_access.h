// Typed properties over a ConfigDoc: each Python attribute is one JSON member at a fixed
// pointer, read with a default when absent and written with intermediate objects created.
// pybind11 converts the Python value to T on assignment, so `cfg.hostname = 5` is a TypeError;
// a document holding the wrong JSON type at that place raises hako.SpecError on read.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config_doc.h"
#include "config_values.h"
#include "errors.h"

namespace hako::py {

// A part of the config reached through an attribute (cfg.process, cfg.root, ...). Views share
// the document: writes through a view change the config it came from.
template <int Tag>
struct ConfigView {
  std::shared_ptr<ConfigDoc> doc;
};
using ProcessView = ConfigView<0>;
using UserView = ConfigView<1>;
using RootView = ConfigView<2>;
using LinuxView = ConfigView<3>;

template <typename Owner>
constexpr const char* base_of();
template <>
constexpr const char* base_of<ConfigDoc>() {
  return "";
}
template <>
constexpr const char* base_of<ProcessView>() {
  return "/process";
}
template <>
constexpr const char* base_of<UserView>() {
  return "/process/user";
}
template <>
constexpr const char* base_of<RootView>() {
  return "/root";
}
template <>
constexpr const char* base_of<LinuxView>() {
  return "/linux";
}

inline ConfigDoc& doc_of(ConfigDoc& d) { return d; }
inline const ConfigDoc& doc_of(const ConfigDoc& d) { return d; }
template <int Tag>
ConfigDoc& doc_of(ConfigView<Tag>& v) {
  return *v.doc;
}
template <int Tag>
const ConfigDoc& doc_of(const ConfigView<Tag>& v) {
  return *v.doc;
}

inline const Json* find_or_throw(const ConfigDoc& d, const std::string& ptr) {
  return unwrap(d.find(ptr), ErrorKind::kSpec);
}

inline void store(ConfigDoc& d, const std::string& ptr, Json value) {
  *unwrap(d.ensure(ptr), ErrorKind::kSpec) = std::move(value);
}

template <typename T>
std::optional<T> read_value(const ConfigDoc& d, const std::string& ptr) {
  const Json* j = find_or_throw(d, ptr);
  if (!j || j->is_null()) return std::nullopt;
  try {
    return j->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw CoreError(Error::invalid(ptr + ": unexpected " + j->type_name()), ErrorKind::kSpec);
  }
}

// `name`: a member T with `fallback` when absent.
template <typename T, typename Cls>
void def_member(Cls& cls, const char* name, const char* member, const char* doc, T fallback = T{}) {
  using Owner = typename Cls::type;
  const std::string ptr = std::string(base_of<Owner>()) + "/" + member;
  cls.def_property(
      name,
      [ptr, fallback](const Owner& o) { return read_value<T>(doc_of(o), ptr).value_or(fallback); },
      [ptr](Owner& o, const T& v) { store(doc_of(o), ptr, Json(v)); }, doc);
}

// `name`: an optional member; None when absent, and assigning None removes it.
template <typename T, typename Cls>
void def_optional_member(Cls& cls, const char* name, const char* member, const char* doc) {
  using Owner = typename Cls::type;
  const std::string ptr = std::string(base_of<Owner>()) + "/" + member;
  cls.def_property(
      name, [ptr](const Owner& o) { return read_value<T>(doc_of(o), ptr); },
      [ptr](Owner& o, const std::optional<T>& v) {
        if (v) {
          store(doc_of(o), ptr, Json(*v));
        } else {
          unwrap(doc_of(o).erase(ptr), ErrorKind::kSpec);
        }
      },
      doc);
}

// `name`: a list of value objects (hako.Mount, ...), read with `read`; assigning replaces it.
template <typename V, typename Cls>
void def_value_list(Cls& cls, const char* name, const char* member, const char* doc,
                    Result<V> (*read)(const Json&, const std::string&)) {
  using Owner = typename Cls::type;
  const std::string ptr = std::string(base_of<Owner>()) + "/" + member;
  cls.def_property(
      name,
      [ptr, read](const Owner& o) {
        return unwrap(list_from_json<V>(find_or_throw(doc_of(o), ptr), ptr, read),
                      ErrorKind::kSpec);
      },
      [ptr](Owner& o, const std::vector<V>& v) { store(doc_of(o), ptr, list_to_json(v)); }, doc);
}

void bind_config_values(pybind11::module_& m);
void bind_config_views(pybind11::module_& m);
void bind_config(pybind11::module_& m);

}  // namespace hako::py

// Conversion between nlohmann JSON values and Python objects (None, bool, int, float, str,
// list, dict with str keys). Used for the config's untyped escape hatch (get/set by JSON
// pointer, resources, seccomp) and to hand JSON exports to Python without re-parsing text.
#pragma once

#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

namespace hako::py {

pybind11::object to_python(const nlohmann::ordered_json& j);
// Throws pybind11::type_error for values JSON cannot represent (sets, objects, non-str keys).
nlohmann::ordered_json from_python(pybind11::handle h);

}  // namespace hako::py

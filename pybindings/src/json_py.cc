#include "json_py.h"

#include <cmath>
#include <string>

namespace hako::py {

namespace pyb = pybind11;
using Json = nlohmann::ordered_json;

pyb::object to_python(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return pyb::none();
    case Json::value_t::boolean:
      return pyb::bool_(j.get<bool>());
    case Json::value_t::number_integer:
      return pyb::int_(j.get<int64_t>());
    case Json::value_t::number_unsigned:
      return pyb::int_(j.get<uint64_t>());
    case Json::value_t::number_float:
      return pyb::float_(j.get<double>());
    case Json::value_t::string:
      return pyb::str(j.get_ref<const std::string&>());
    case Json::value_t::array: {
      pyb::list out;
      for (const auto& v : j) out.append(to_python(v));
      return out;
    }
    case Json::value_t::object: {
      pyb::dict out;
      for (const auto& [k, v] : j.items()) out[pyb::str(k)] = to_python(v);
      return out;
    }
    default:
      return pyb::none();  // binary and discarded values do not occur in parsed text
  }
}

namespace {

Json from_int(pyb::handle h) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(h.ptr(), &overflow);
  if (overflow == 0) return Json(static_cast<int64_t>(v));
  if (overflow > 0) {
    unsigned long long u = PyLong_AsUnsignedLongLong(h.ptr());
    if (!PyErr_Occurred()) return Json(static_cast<uint64_t>(u));
    PyErr_Clear();
  }
  throw pyb::type_error("integer " + pyb::str(h).cast<std::string>() + " does not fit in 64 bits");
}

}  // namespace

Json from_python(pyb::handle h) {
  if (h.is_none()) return nullptr;
  if (pyb::isinstance<pyb::bool_>(h)) return h.cast<bool>();
  if (pyb::isinstance<pyb::int_>(h)) return from_int(h);
  if (pyb::isinstance<pyb::float_>(h)) {
    double d = h.cast<double>();
    if (!std::isfinite(d)) throw pyb::type_error("JSON has no NaN or infinity");
    return d;
  }
  if (pyb::isinstance<pyb::str>(h)) return h.cast<std::string>();
  if (pyb::isinstance<pyb::dict>(h)) {
    Json out = Json::object();
    for (auto [k, v] : h.cast<pyb::dict>()) {
      if (!pyb::isinstance<pyb::str>(k))
        throw pyb::type_error(
            "JSON object keys must be str, not " +
            pyb::str(pyb::type::handle_of(k).attr("__name__")).cast<std::string>());
      out[k.cast<std::string>()] = from_python(v);
    }
    return out;
  }
  if (pyb::isinstance<pyb::list>(h) || pyb::isinstance<pyb::tuple>(h)) {
    Json out = Json::array();
    for (auto v : h) out.push_back(from_python(v));
    return out;
  }
  throw pyb::type_error("cannot store a " +
                        pyb::str(pyb::type::handle_of(h).attr("__name__")).cast<std::string>() +
                        " in JSON");
}

}  // namespace hako::py

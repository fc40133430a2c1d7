#include "errors.h"

#include <pybind11/stl.h>

#include <cerrno>

namespace hako::py {

namespace pyb = pybind11;

namespace {

// Raises the exception object `exc` built by hako._errors.
void raise(const pyb::object& exc) {
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
}

pyb::object factory(const char* name) { return pyb::module_::import("hako._errors").attr(name); }

}  // namespace

void register_error_translator() {
  pyb::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const CoreError& e) {
      try {
        // A spec error is one the parser or validator produced (no strerror); an I/O failure
        // while loading or saving a config stays an OSError of its errno.
        // Other errors without strerror and with EINVAL are invalid arguments (ValueError).
        const bool plain = !e.error().has_strerror();
        const char* kind = !plain                         ? "os"
                           : e.kind() == ErrorKind::kSpec ? "spec"
                           : e.error().code() == EINVAL   ? "invalid"
                                                          : "os";
        raise(factory("_from_core")(kind, e.error().code(), e.what()));
      } catch (pyb::error_already_set& inner) {
        inner.restore();  // hako._errors itself failed: surface that
      }
    } catch (const CommandError& e) {
      try {
        raise(factory("_command_error")(e.argv(), e.exit_status(), e.status_text(), e.stderr_text(),
                                        e.what()));
      } catch (pyb::error_already_set& inner) {
        inner.restore();
      }
    }
  });
}

}  // namespace hako::py

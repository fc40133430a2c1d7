// B.4 #16: linux.readonlyPaths cannot be written.
#include "conformance/runtimetest/probes.h"
#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

Status validate_readonly_paths(Checker& c, const json& spec) {
  const json& paths = at(spec, {"linux", "readonlyPaths"});
  if (paths.is_null()) {
    c.tap().skip("linux.readonlyPaths not set");
    return {};
  }
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string path = paths[i].get<std::string>();
    std::string label = str_cat(go_quote(path), " (linux.readonlyPaths[", i, "])");
    auto readable = read_access(path);
    if (!readable && (readable.error().code() == ENOENT || readable.error().code() == ELOOP)) {
      // Upstream aborted the whole checker here; a missing or looping path cannot be written.
      c.tap().skip(str_cat(label, " does not resolve to a file"));
      continue;
    }
    if (!readable && !is_cannot_test(readable.error())) return readable.error();
    if (!readable || !*readable) c.tap().skip(str_cat(label, " is not readable"));
    auto writable = write_access(path);
    if (!writable && !is_cannot_test(writable.error())) return writable.error();
    // Also require a read-only mount: a write to a device node fails for reasons unrelated to
    // the mount (no driver), and upstream passed such cases vacuously.
    bool ok = !(writable && *writable) && on_readonly_mount(path);
    c.tap().ok(ok, str_cat(label, " is not writable"));
  }
  return {};
}

}  // namespace hako::conformance::runtimetest

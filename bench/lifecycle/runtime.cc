#include "bench/lifecycle/runtime.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

Argv Runtime::verb(std::initializer_list<std::string> args) const {
  Argv argv = wrapper;
  argv.push_back(binary);
  argv.push_back("--root");
  argv.push_back(root);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

Argv Runtime::bare(std::initializer_list<std::string> args) const {
  Argv argv = wrapper;
  argv.push_back(binary);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

namespace {

bool executable(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

Result<RuntimeRef> from_path(const std::string& label, const std::string& path) {
  if (!executable(path))
    return Error::with_code(ENOENT, str_cat("runtime ", quote(label), ": ", quote(path),
                                            " is not an executable file"));
  return RuntimeRef{label, sys::absolute_path(path)};
}

}  // namespace

Result<RuntimeRef> resolve_runtime(const std::string& spec, const std::string& source_dir) {
  if (spec.empty()) return Error::invalid("runtime: empty name");
  const size_t eq = spec.find('=');
  if (eq != std::string::npos) return from_path(spec.substr(0, eq), spec.substr(eq + 1));
  if (spec.find('/') != std::string::npos) {
    std::string base = spec.substr(spec.find_last_of('/') + 1);
    return from_path(base.empty() ? spec : base, spec);
  }
  std::vector<std::string> looked;
  if (spec == "hako") {
    if (const char* env = std::getenv("HAKO_BIN"); env && *env) return from_path("hako", env);
    looked.push_back("$HAKO_BIN");
    const std::string built = source_dir + "/build/runtime/hako";
    if (executable(built)) return RuntimeRef{"hako", built};
    looked.push_back(built);
  }
  auto found = subprocess::find_program(spec);
  if (found) return RuntimeRef{spec, sys::absolute_path(*found)};
  looked.push_back(str_cat(quote(spec), " in $PATH"));
  std::string where;
  for (size_t i = 0; i < looked.size(); ++i)
    where += str_cat(i == 0 ? "" : (i + 1 == looked.size() ? " and " : ", "), looked[i]);
  return Error::with_code(ENOENT, str_cat("runtime ", quote(spec), ": not found (looked for ",
                                          where, ")"));
}

std::string sanitize_label(const std::string& label) {
  std::string out;
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    out.push_back(ok ? c : '_');
  }
  return out.empty() ? "rt" : out;
}

std::string runtime_version(const Runtime& rt) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(10);
  auto out = subprocess::run(rt.bare({"--version"}), o);
  if (!out) return out.error().to_string();
  if (!out->success()) return str_cat("`--version` failed: ", out->describe());
  // "runc version 1.1.5+ds1; commit: 1.1.5+ds1-1+deb12u1": the version and, when the runtime
  // prints one on its second line, the commit it was built from.
  std::string_view text = out->out;
  const size_t nl = text.find('\n');
  std::string first(sys::trim(text.substr(0, nl)));
  if (nl == std::string_view::npos) return first;
  std::string_view rest = text.substr(nl + 1);
  std::string second(sys::trim(rest.substr(0, rest.find('\n'))));
  return second.rfind("commit", 0) == 0 ? first + "; " + second : first;
}

}  // namespace hako::bench::lifecycle

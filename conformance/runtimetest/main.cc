// runtimetest: runs inside the container as its process and compares the live environment
// with <path>/config.json, printing TAP 13 (catalog section B). With --check=<name> it runs one
// of the focused checks of the youki group instead (checks.h).
//
// Unlike the Go original, a validator error does not end the stream silently: it becomes a
// failing point, the plan is still printed and the exit status is 1.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "conformance/common/spec_error.h"
#include "conformance/common/tap.h"
#include "conformance/runtimetest/checks.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {
namespace {

struct Options {
  std::string path = ".";
  std::string compliance = "must";
  std::string check;
};

// Accepts "--flag=value" and "--flag value" (urfave/cli style, single or double dash).
Result<Options> parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    while (!a.empty() && a.front() == '-') a.remove_prefix(1);
    std::string_view key = a.substr(0, a.find('='));
    std::string value;
    if (a.find('=') != std::string_view::npos) value = std::string(a.substr(a.find('=') + 1));
    else if (i + 1 < argc) value = argv[++i];
    if (key == "path") o.path = value;
    else if (key == "compliance-level") o.compliance = value;
    else if (key == "log-level") continue;
    else if (key == "check") o.check = value;
    else return Error::invalid(str_cat("unknown flag ", quote(argv[i])));
  }
  return o;
}

Result<json> load_config(const std::string& dir) {
  std::string path = str_cat(dir, dir.empty() || dir.back() == '/' ? "" : "/", "config.json");
  auto text = sys::read_file(path);
  if (!text) {
    if (text.error().code() == ENOENT)
      return Error::invalid(
          SpecError{SpecCode::kConfigInRootBundleDir, text.error().to_string()}.to_string());
    return text.error();
  }
  json spec = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (spec.is_discarded() || !spec.is_object()) return Error::invalid(str_cat("parse ", path));
  return spec;
}

int abort_run(Tap& tap, std::string_view what, const Error& e) {
  std::string msg = str_cat(what, ": ", e.to_string());
  tap.fail(msg);
  tap.auto_plan();
  std::fprintf(stderr, "runtimetest: %s\n", msg.c_str());
  return 1;
}

int run(int argc, char** argv) {
  Tap tap = Tap::to_stdout();
  auto opts = parse_args(argc, argv);
  tap.header();
  if (!opts) return abort_run(tap, "arguments", opts.error());
  auto spec = load_config(opts->path);
  if (!spec) return abort_run(tap, "load config", spec.error());
  auto level = parse_level(opts->compliance);
  if (!level) std::fprintf(stderr, "runtimetest: %s, using 'MUST' by default.\n",
                           level.error().to_string().c_str());
  std::string version = spec->value("ociVersion", std::string(kSpecVersion));
  Checker checker(tap, level ? *level : Level::kMust, version);
  if (!opts->check.empty()) {
    const FocusedCheck* check = find_check(opts->check);
    if (!check) return abort_run(tap, "check", Error::invalid(str_cat("unknown check ", opts->check)));
    if (auto st = check->run(checker, *spec); !st) return abort_run(tap, check->name, st.error());
    tap.auto_plan();
    return 0;
  }
  for (const auto& v : kValidators) {
    if (auto st = v.run(checker, *spec); !st)
      return abort_run(tap, str_cat(v.name, " validator aborted"), st.error());
  }
  tap.auto_plan();
  return 0;
}

}  // namespace
}  // namespace hako::conformance::runtimetest

int main(int argc, char** argv) { return hako::conformance::runtimetest::run(argc, argv); }

#include "conformance/validation/path_programs.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "conformance/harness/tap_parse.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

namespace {

Status write_text(const std::string& path, std::string_view text) {
  return sys::write_file_atomic(path, text, 0777);
}

// The outer point for a container that ran: its runtimetest TAP must be complete and clean.
void nested_point(Tap& t, const CreateAttempt& a, std::string_view desc) {
  TapSummary nested = parse_tap(a.out);
  t.ok(a.created && nested.not_ok == 0 && nested.complete(), desc);
  t.yaml(nlohmann::json{{"stdout", a.out}, {"stderr", a.created ? a.err : a.stderr_text}});
}

}  // namespace

int run_path_program(const Suite& suite, const PathProgram& p) {
  Tap t = Tap::to_stdout();
  t.header();
  std::string dir = str_cat("/", p.prefix, "-dir"), file = str_cat("/", p.prefix, "-file");
  std::string subdir = str_cat(dir, "/", p.prefix, "-subdir");
  std::string sub_file = str_cat(dir, "/", p.prefix, "-file");
  std::string subsub_file = str_cat(subdir, "/", p.prefix, "-file");

  // 1. Nested directories and files.
  Generator g = Generator::harness_default();
  for (const auto& path : {dir, file, subdir, sub_file, subsub_file}) (g.*p.add)(path);
  auto nested = attempt_container(suite, g, [&](const std::string& b) -> Status {
    HAKO_TRY(sys::mkdir_p(b + subdir, 0777));
    for (const auto& f : {subsub_file, sub_file, file}) HAKO_TRY(write_text(b + f, p.content));
    return {};
  });
  if (!nested) return abort_program(t, nested.error());
  nested_point(t, *nested, str_cat("check ", p.label, " paths"));

  // 2. A relative path. The spec requires absolute paths, so the config is invalid and
  // create must fail (config.md#valid-values). Upstream's pre-function failed before any
  // container existed and counted that as the expected error.
  std::string rel = str_cat(p.prefix, "-relpath");
  Generator g_rel = Generator::harness_default();
  (g_rel.*p.add)(rel);
  auto relative = attempt_container(suite, g_rel, [&](const std::string& b) -> Status {
    return write_text(str_cat(b, "/", rel), p.content);
  });
  if (!relative) return abort_program(t, relative.error());
  SpecError abs{p.absolute_code, str_cat("check ", p.label, " relative paths: create MUST fail for a relative path")};
  t.ok(!relative->created, abs.message);
  t.yaml(nlohmann::json{{"reference", abs.reference()},
                        {"stderr", relative->created ? relative->out : relative->stderr_text}});

  // 3. A symlink that resolves to itself: the runtime may refuse it, or the path must stay
  // protected in the running container.
  std::string link = str_cat("/", p.prefix, "-symlink");
  Generator g_link = Generator::harness_default();
  (g_link.*p.add)(link);
  auto symlink = attempt_container(suite, g_link, [&](const std::string& b) -> Status {
    if (::symlink(str_cat("..", link).c_str(), (b + link).c_str()) < 0)
      return Error::from_errno(errno, str_cat("symlink ", b + link));
    return {};
  });
  if (!symlink) return abort_program(t, symlink.error());
  if (symlink->created) nested_point(t, *symlink, str_cat("check ", p.label, " symlinks"));
  else t.pass(str_cat("check ", p.label, " symlinks (create refused the symlink loop)"));

  // 4. Device nodes: block, character, FIFO, each with device number 0.
  std::string device = str_cat("/", p.prefix, "-device");
  for (mode_t mode : {S_IFBLK | 0666, S_IFCHR | 0666, S_IFIFO | 0666}) {
    Generator g_dev = Generator::harness_default();
    (g_dev.*p.add)(device);
    auto dev = attempt_container(suite, g_dev, [&](const std::string& b) -> Status {
      if (::mknod((b + device).c_str(), mode, makedev(0, 0)) < 0)
        return Error::from_errno(errno, str_cat("mknod ", b + device));
      return {};
    });
    if (!dev) return abort_program(t, dev.error());
    nested_point(t, *dev, str_cat("check ", p.label, " device nodes"));
  }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation

// process (catalog C.2): process.cwd in a directory the pre-function creates, and extra env.
#include <sys/stat.h>

#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"

namespace hako::conformance::validation {

int program_process(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.set_process_cwd("/test");
  g.add_process_env("testa", "valuea");
  g.add_process_env("testb", "123");
  return run_inside_raw(suite, g, [](const std::string& bundle) -> Status {
    std::string dir = str_cat(bundle, "/test");
    if (::mkdir(dir.c_str(), 0700) < 0 && errno != EEXIST)
      return Error::from_errno(errno, str_cat("mkdir ", quote(dir)));
    return {};
  });
}

}  // namespace hako::conformance::validation

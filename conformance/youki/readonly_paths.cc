// youki_readonly_paths (catalog D.3): writes to read-only paths fail with EROFS (not just
// "fail"), and a read-only path that does not exist does not stop the container.
#include <sys/stat.h>

#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

int program_readonly_paths(const Suite& suite) {
  Generator g = check_config("readonly_erofs");
  for (const char* p : {"/ro-dir", "/ro-file", "/does-not-exist"}) g.add_readonly_path(p);
  return validation::run_inside_raw(suite, g, [](const std::string& b) -> Status {
    HAKO_TRY(sys::mkdir_p(b + "/ro-dir", 0755));
    return sys::write_file_atomic(b + "/ro-file", "immutable", 0644);
  });
}

}  // namespace hako::conformance::youki

// youki_masked_paths (catalog D.3): a masked path that does not exist is not an error; the
// existing one is masked (checked by runtimetest's default validators).
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/sys.h"

namespace hako::conformance::youki {

int program_masked_paths(const Suite& suite) {
  Generator g = Generator::harness_default();
  g.add_masked_path("/does-not-exist");
  g.add_masked_path("/masked-file");
  return validation::run_inside_raw(suite, g, [](const std::string& b) -> Status {
    return sys::write_file_atomic(b + "/masked-file", "secrets", 0644);
  });
}

}  // namespace hako::conformance::youki

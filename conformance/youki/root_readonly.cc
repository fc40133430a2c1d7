// youki_root_readonly (catalog D.3): root.readonly false leaves "/" writable and readable;
// a read-only root inside a user namespace refuses writes with EROFS.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_root_readonly(const Suite& suite) {
  Generator writable = check_config("root_writable");
  Generator userns = check_config("root_erofs");
  userns.set_root_readonly(true);
  userns.add_or_replace_namespace("user");
  userns.add_uid_mapping(/*host=*/1000, /*container=*/0, /*size=*/2000);
  userns.add_gid_mapping(/*host=*/1000, /*container=*/0, /*size=*/3000);
  return run_cases(suite, {{"root.readonly false: / is writable", writable},
                           {"root.readonly true in a user namespace: writes fail with EROFS", userns}});
}

}  // namespace hako::conformance::youki

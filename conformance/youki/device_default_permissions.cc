// youki_device_default_permissions (catalog D.3): a device without fileMode is created with
// mode 0666. This is youki's expectation (and runc's behaviour); runtime-spec leaves the
// default unspecified.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_device_default_permissions(const Suite& suite) {
  Generator g = check_config("device_modes");
  g.add_device(Json{{"path", "/dev/kmsg"}, {"type", "c"}, {"major", 1}, {"minor", 11}});
  return validation::run_inside_raw(suite, g);
}

}  // namespace hako::conformance::youki

// linux_devices (catalog C.2): a character, a block and a FIFO device in linux.devices.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_devices(const Suite& suite) {
  Generator g = Generator::harness_default();
  constexpr unsigned kMode0660 = 432;
  g.add_device(Json{{"path", "/dev/test1"}, {"type", "c"}, {"major", 10}, {"minor", 666},
                    {"fileMode", kMode0660}, {"uid", 0}, {"gid", 0}});
  g.add_device(Json{{"path", "/dev/test2"}, {"type", "b"}, {"major", 8}, {"minor", 666},
                    {"fileMode", kMode0660}, {"uid", 0}, {"gid", 0}});
  // The FIFO's major/minor are given but meaningless, as upstream.
  g.add_device(Json{{"path", "/dev/test3"}, {"type", "p"}, {"major", 8}, {"minor", 666},
                    {"fileMode", kMode0660}});
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation

// mounts (catalog C.2): eleven extra mounts with every propagation option; presence and
// order are checked, propagation itself is not.
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_mounts(const Suite& suite) {
  struct Extra {
    const char* destination;
    const char* type;  // "" for bind mounts (type omitted)
    const char* source;
    std::vector<std::string> options;
  };
  const Extra extras[] = {
      {"/tmp/test-shared", "tmpfs", "tmpfs", {"shared"}},
      {"/tmp/test-slave", "tmpfs", "tmpfs", {"slave"}},
      {"/tmp/test-private", "tmpfs", "tmpfs", {"private"}},
      {"/mnt/etc-shared", "", "/etc", {"bind", "shared"}},
      {"/mnt/etc-rshared", "", "/etc", {"rbind", "rshared"}},
      {"/mnt/etc-slave", "", "/etc", {"bind", "slave"}},
      {"/mnt/etc-rslave", "", "/etc", {"rbind", "rslave"}},
      {"/mnt/etc-private", "", "/etc", {"bind", "private"}},
      {"/mnt/etc-rprivate", "", "/etc", {"rbind", "rprivate"}},
      {"/mnt/etc-unbindable", "", "/etc", {"bind", "unbindable"}},
      {"/mnt/etc-runbindable", "", "/etc", {"rbind", "runbindable"}},
  };
  Generator g = Generator::harness_default();
  for (const Extra& e : extras) {
    std::vector<std::string> options = {"nosuid", "strictatime", "mode=755", "size=1k"};
    options.insert(options.end(), e.options.begin(), e.options.end());
    Json m = Json::object();
    m["destination"] = e.destination;
    if (*e.type) m["type"] = e.type;
    m["source"] = e.source;
    m["options"] = options;
    g.add_mount(std::move(m));
  }
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation

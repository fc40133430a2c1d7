// youki_process_capabilities (catalog D.3): the five capability sets inside are exactly the
// configured ones (runtime-tools compares bit by bit; this compares whole masks).
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"

namespace hako::conformance::youki {

int program_process_capabilities(const Suite& suite) {
  Generator g = check_config("capability_sets");
  Json caps = Json::object();
  caps["bounding"] = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  // Effective and permitted equal bounding: for uid 0, execve(2) recomputes permitted as
  // inheritable | bounding, so a narrower permitted set cannot survive the exec.
  caps["effective"] = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  caps["inheritable"] = {"CAP_KILL"};
  caps["permitted"] = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  caps["ambient"] = {"CAP_KILL"};
  g.process()["capabilities"] = caps;
  return validation::run_inside_raw(suite, g);
}

}  // namespace hako::conformance::youki

// youki_memory_policy (contest "memory_policy"): valid linux.memoryPolicy values are applied
// to the process; invalid ones make create fail.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

int program_memory_policy(const Suite& suite) {
  auto policy = [](const char* mode, const char* nodes, std::vector<std::string> flags) {
    Json p = Json::object();
    if (*mode) p["mode"] = mode;
    if (*nodes) p["nodes"] = nodes;
    if (!flags.empty()) p["flags"] = flags;
    return p;
  };
  struct Spec {
    const char* name;
    Json policy;
    bool must_fail;
  } const specs[] = {
      {"MPOL_INTERLEAVE nodes 0", policy("MPOL_INTERLEAVE", "0", {}), false},
      {"MPOL_BIND|MPOL_F_STATIC_NODES nodes 0", policy("MPOL_BIND", "0", {"MPOL_F_STATIC_NODES"}), false},
      {"MPOL_PREFERRED|MPOL_F_RELATIVE_NODES nodes 0", policy("MPOL_PREFERRED", "0", {"MPOL_F_RELATIVE_NODES"}), false},
      {"MPOL_DEFAULT", policy("MPOL_DEFAULT", "", {}), false},
      {"an invalid mode string is rejected", policy("INTERLEAVE", "0", {}), true},
      {"an invalid flag is rejected", policy("MPOL_INTERLEAVE", "0", {"badflag"}), true},
      {"nodes without a mode are rejected", policy("", "0", {}), true},
      {"MPOL_DEFAULT with nodes and flags is rejected",
       policy("MPOL_DEFAULT", "0", {"MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"}), true},
      {"MPOL_BIND with nodes 0-9876543210 is rejected", policy("MPOL_BIND", "0-9876543210", {}), true},
  };
  std::vector<CheckCase> cases;
  for (const auto& s : specs) {
    Generator g = check_config("memory_policy");
    // youki's contest spec has no seccomp profile; the runtime-tools default one refuses
    // get_mempolicy (moby allows it only with CAP_SYS_NICE), which the in-container check needs.
    g.linux_section().erase("seccomp");
    g.linux_section()["memoryPolicy"] = s.policy;
    cases.push_back({str_cat("linux.memoryPolicy ", s.name), g, {}, s.must_fail});
  }
  return run_cases(suite, cases);
}

}  // namespace hako::conformance::youki

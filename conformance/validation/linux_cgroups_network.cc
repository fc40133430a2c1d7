// linux_cgroups_network (catalog C.4): classID x priority x interface x network namespace.
// Upstream also multiplied by "with user namespace", which only ever removed a namespace the
// default lacks, so every config ran twice; the duplicate half is dropped (16 cases).
#include <net/if.h>

#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

Json network_resources(std::uint32_t class_id, const std::string& iface, std::uint32_t prio) {
  return Json{{"classID", class_id},
              {"priorities", Json::array({Json{{"name", iface}, {"priority", prio}}})}};
}

namespace {

// The first two host interfaces in index order (upstream crashed with fewer than two).
std::vector<std::string> two_interfaces() {
  std::vector<std::string> out;
  if (struct if_nameindex* list = ::if_nameindex()) {
    for (auto* i = list; i->if_index != 0 && out.size() < 2; ++i) out.emplace_back(i->if_name);
    ::if_freenameindex(list);
  }
  if (out.size() < 2) out = {"lo", "eth0"};
  return out;
}

}  // namespace

int program_linux_cgroups_network(const Suite& suite) {
  if (auto why = missing_cgroup_v1({"net_cls", "net_prio"})) return blocked(*why);
  Tap t = Tap::to_stdout();
  t.header();
  for (std::uint32_t class_id : {255, 550})
    for (std::uint32_t prio : {10, 30})
      for (const auto& iface : two_interfaces())
        for (bool with_netns : {true, false}) {
          Generator g = Generator::harness_default();
          g.set_cgroups_path(kAbsCgroupPath);
          g.resources()["network"] = network_resources(class_id, iface, prio);
          if (!with_netns) g.remove_namespace("network");
          run_cgroup_case(suite, g, t, check_network);
        }
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::validation

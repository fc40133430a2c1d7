// youki_net_devices (contest "net_devices"): linux.netDevices moves a host device into the
// container's network namespace (optionally renamed); a missing device makes create fail.
// The "host" is a private network namespace the runner gives this program, where it makes
// veth pairs, so the machine's own network is never touched.
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"

namespace hako::conformance::youki {

namespace {

// A veth pair (the kernel here has no dummy link type); one end is handed to the container.
Status add_pair(const std::string& name, const std::string& peer) {
  HAKO_ASSIGN_OR_RETURN(auto o, subprocess::run({"ip", "link", "add", name, "type", "veth", "peer", "name", peer}));
  if (!o.success()) return Error::invalid(str_cat("ip link add ", name, ": ", o.err));
  return {};
}

}  // namespace

int program_net_devices(const Suite& suite) {
  if (!subprocess::find_program("ip")) return blocked("the `ip` tool (iproute2) is not installed");
  for (auto [a, b] : {std::pair{"hako-veth0", "hako-peer0"}, std::pair{"hako-veth1", "hako-peer1"}})
    if (auto st = add_pair(a, b); !st) return fatal(st.error());
  auto net_devices = [](Json devices) {
    Generator g = check_config("net_devices");
    g.linux_section()["netDevices"] = devices;
    return g;
  };
  std::vector<CheckCase> cases = {
      {"a host device is moved into the container", net_devices(Json{{"hako-veth0", Json::object()}})},
      {"a host device is moved and renamed", net_devices(Json{{"hako-veth1", Json{{"name", "ctr1"}}}})},
      {"a device that does not exist makes create fail", net_devices(Json{{"hako-missing", Json::object()}}), {}, true},
  };
  int rc = run_cases(suite, cases);
  // The moved devices go away with the container's namespace; none may remain here.
  for (const char* d : {"hako-veth0", "hako-veth1", "hako-peer0", "hako-peer1"})
    if (auto shown = subprocess::run({"ip", "link", "show", "dev", d}); shown && shown->success())
      (void)subprocess::run({"ip", "link", "del", d});
  return rc;
}

}  // namespace hako::conformance::youki

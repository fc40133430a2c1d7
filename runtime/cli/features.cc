#include "runtime/cli/features.h"

#include <nlohmann/json.hpp>

#include "runtime/cgroups/manager.h"
#include "runtime/linux/mount_options.h"
#include "runtime/seccomp/features.h"
#include "runtime/spec/names.h"

namespace hako::cli {

std::string features_json() {
  using nlohmann::ordered_json;
  ordered_json j;
  j["ociVersionMin"] = "1.0.0";
  j["ociVersionMax"] = HAKO_SPEC_VERSION;
  j["hooks"] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
  j["mountOptions"] = mounts::known_option_names();
  ordered_json l;
  auto ns = ordered_json::array();
  for (int t = 0; t < spec::kNsTypeCount; ++t)
    ns.push_back(spec::namespace_oci_name(static_cast<spec::NsType>(t)));
  l["namespaces"] = ns;
  l["capabilities"] = spec::all_capability_names();
  auto mode = cgroups::detect_mode();
  bool v1 = mode && (*mode == cgroups::Mode::kLegacy || *mode == cgroups::Mode::kHybrid);
  bool v2 = mode && (*mode == cgroups::Mode::kUnified || *mode == cgroups::Mode::kHybrid);
  l["cgroup"] = {{"v1", v1}, {"v2", v2}, {"systemd", true}, {"systemdUser", true}, {"rdma", true}};
  seccomp::Features sf = seccomp::features();
  l["seccomp"] = {{"enabled", sf.enabled},       {"actions", sf.actions},
                  {"operators", sf.operators},   {"archs", sf.archs},
                  {"knownFlags", sf.known_flags}, {"supportedFlags", sf.supported_flags}};
  l["apparmor"] = {{"enabled", true}};  // supported; applied where the host has AppArmor
  l["selinux"] = {{"enabled", false}};
  l["intelRdt"] = {{"enabled", false}};
  l["mountExtensions"] = {{"idmap", {{"enabled", true}}}};
  l["netDevices"] = {{"enabled", true}};
  l["memoryPolicy"] = {{"modes", spec::all_memory_policy_modes()}, {"flags", spec::all_memory_policy_flags()}};
  j["linux"] = l;
  j["annotations"] = {{"io.github.seccomp.libseccomp.version", sf.libseccomp_version},
                      {"org.opencontainers.runc.checkpoint.enabled", "true"}};
  return j.dump(4);
}

}  // namespace hako::cli

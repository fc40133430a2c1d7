// The config generator: the runtime-tools default config for linux/amd64 (catalog A.3) and
// the edits the validation programs make to it. The config is kept as ordered JSON in the
// field order of runtime-spec's Go types, and serialised tab-indented with Go's omitempty
// effects that matter to the suite (empty `linux` and empty `hostname` are dropped).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/base/result.h"

namespace hako::conformance {

using Json = nlohmann::ordered_json;

// The 14 capabilities of the default config, in the generator's order.
const std::vector<std::string>& default_capabilities();
// CAP_CHOWN .. CAP_CHECKPOINT_RESTORE (numbers 0..40), as runtime-tools' "known" list.
const std::vector<std::string>& known_capabilities();

class Generator {
 public:
  // The generator default before the harness overrides: root.path "rootfs", args ["sh"].
  static Generator upstream_default();
  // The harness default (A.2 step 3): root.path ".", args ["/runtimetest", "--path=/"].
  static Generator harness_default();

  Json& config() { return config_; }
  const Json& config() const { return config_; }

  // process
  Json& process();  // created when absent
  void remove_process() { config_.erase("process"); }
  void set_process_args(std::vector<std::string> args);
  void set_process_cwd(std::string cwd);
  void add_process_env(std::string_view key, std::string_view value);  // replaces KEY=...
  void set_process_uid(std::uint32_t uid);
  void set_process_gid(std::uint32_t gid);
  void add_process_additional_gid(std::uint32_t gid);
  void set_process_umask(std::uint32_t umask);
  // Replaces the entry of the same type in place, or appends (AddProcessRlimits).
  void add_process_rlimit(std::string_view type, std::uint64_t hard, std::uint64_t soft);
  void set_process_oom_score_adj(int adj);
  void set_process_apparmor_profile(std::string profile);
  void set_process_no_new_privileges(bool on);
  // set: "bounding", "effective", "inheritable", "permitted" or "ambient".
  void add_capability(std::string_view set, std::string_view cap);
  void add_capability_all_sets(std::string_view cap);
  // All known capabilities in all five sets; seccomp, apparmor and selinux removed.
  void setup_privileged();

  // top level
  void set_root_path(std::string path);
  void set_root_readonly(bool readonly);
  void set_hostname(std::string hostname);  // "" removes it (omitempty)
  void add_annotation(std::string_view key, std::string_view value);
  void add_mount(Json mount);
  // kind: "prestart", "poststart", "poststop", "createRuntime", ...
  void add_hook(std::string_view kind, Json hook);

  // linux
  Json& linux_section();  // created when absent
  void add_or_replace_namespace(std::string_view type, std::string_view path = {});
  void remove_namespace(std::string_view type);
  void clear_namespaces();
  void set_cgroups_path(std::string path);
  Json& resources();  // linux.resources, created when absent
  void add_device(Json device);
  void add_masked_path(std::string path);
  void add_readonly_path(std::string path);
  void set_sysctl(std::string_view key, std::string_view value);
  void add_uid_mapping(std::uint32_t host, std::uint32_t container, std::uint32_t size);
  void add_gid_mapping(std::uint32_t host, std::uint32_t container, std::uint32_t size);
  void set_rootfs_propagation(std::string mode);
  void set_mount_label(std::string label);
  void remove_seccomp();
  // SetDefaultSeccompAction: also drops the rules whose action equals the new default.
  void set_default_seccomp_action(std::string_view action);
  void add_seccomp_rule(std::vector<std::string> names, std::string_view action);

  // Tab-indented JSON, as the Go generator's SaveToFile writes it.
  std::string to_json_text() const;
  Status save(const std::string& path) const;

 private:
  Json config_ = Json::object();
};

}  // namespace hako::conformance

// Internal to container/: the container's resources as `update` keeps them. The merged
// LinuxResources in effect live in <state dir>/resources.json once an update happened; before
// that, the `linux.resources` of the state dir's config.json (the config as created) apply.
// config.json is never rewritten: it stays the config the container was created from.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::container::internal {

inline constexpr const char* kResourcesFile = "resources.json";

// OCI LinuxResources JSON (config-linux.md#control-groups); spec::parse_resources reads it back.
nlohmann::ordered_json resources_to_json(const spec::Resources& r);

// `patch` over `base`, field by field: a field set in `patch` replaces the stored one, except
// 0 where the cgroup writers treat 0 as "leave unchanged" (cgroups/normalize.h: memory limit/
// reservation/swap/kernel/kernelTCP, cpu shares/quota/period/realtime*, pids limit, blockIO
// weight/leafWeight, network classID) and empty cpus/mems. Per-
// device, per-page-size and per-key entries replace the entry with the same key. Devices are
// not merged: `update` never changes device rules (runc sets SkipDevices).
spec::Resources merge_resources(const spec::Resources& base, const spec::Resources& patch);

// The resources in effect for the container in `dir` (see above); empty when none are set.
Result<spec::Resources> load_resources(const std::string& dir);
Status save_resources(const std::string& dir, const spec::Resources& r);

}  // namespace hako::container::internal

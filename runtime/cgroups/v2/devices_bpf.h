// hako::cgroups::v2 — the devices "controller" of cgroup v2: an eBPF program of type
// BPF_PROG_TYPE_CGROUP_DEVICE attached to the cgroup. The program is generated here from the
// emulated rule list (devices_emulator.h), instruction by instruction, and loaded with bpf(2).
// Roles: parent only.
#pragma once

#include <linux/bpf.h>

#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/devices_emulator.h"
#include "runtime/spec/spec.h"

namespace hako::cgroups::v2 {

// The program: r2 = device type, r3 = requested access, r4 = major, r5 = minor; one block per
// exception (first match wins, all exceptions share one verdict), then the default verdict.
std::vector<struct bpf_insn> device_program(const DevicesEmulator& rules);

Result<UniqueFd> load_device_program(const std::vector<struct bpf_insn>& insns);
// Attaches `prog_fd` to the cgroup (BPF_F_ALLOW_MULTI) and detaches the device programs that
// were attached before (none on a cgroup we just created: `fresh` skips the query).
Status attach_device_program(int cgroup_fd, int prog_fd, bool fresh);

// Generates, loads and attaches the program for `rules` (no-op when empty).
Status apply_devices(int cgroup_fd, const std::vector<spec::DeviceRule>& rules, bool fresh);

}  // namespace hako::cgroups::v2

// Name tables of the runtime-spec vocabulary (capabilities, rlimits, namespaces, memory
// policies, signals):
// one place for the parser, the validator, the `features` verb and exec's CLI flags.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/spec/spec.h"

namespace hako::spec {

// CAP_CHOWN -> 0 ... CAP_CHECKPOINT_RESTORE -> 40; nullopt when unknown.
std::optional<int> capability_number(std::string_view name);
std::string_view capability_name(int number);  // "" when unknown
int capability_last();                         // highest number in the table
std::vector<std::string> all_capability_names();

std::optional<int> rlimit_resource(std::string_view name);  // "RLIMIT_NOFILE" -> RLIMIT_NOFILE
std::vector<std::string> all_rlimit_names();

std::optional<NsType> namespace_type(std::string_view oci_name);  // "network" -> kNetwork
std::string_view namespace_oci_name(NsType t);                    // kNetwork -> "network"
std::string_view namespace_proc_name(NsType t);                   // kNetwork -> "net"
int namespace_clone_flag(NsType t);                               // kNetwork -> CLONE_NEWNET

// linux.memoryPolicy: "MPOL_BIND" -> MPOL_BIND, "MPOL_F_STATIC_NODES" -> MPOL_F_STATIC_NODES.
std::optional<int> memory_policy_mode(std::string_view name);
std::optional<int> memory_policy_flag(std::string_view name);
std::vector<std::string> all_memory_policy_modes();
std::vector<std::string> all_memory_policy_flags();

// "KILL", "SIGKILL", "sigkill", "9" -> 9; nullopt when unknown.
std::optional<int> signal_number(std::string_view name);

}  // namespace hako::spec

// Internal to spec/: per-object parsers shared by parse*.cc.
#pragma once

#include "runtime/spec/json_reader.h"
#include "runtime/spec/spec.h"

namespace hako::spec::internal {

Status parse_process_obj(const Obj& o, Process& out);
Status parse_linux_obj(const Obj& o, Linux& out);
Status parse_resources_obj(const Obj& o, Resources& out);
Status parse_seccomp_obj(const Obj& o, Seccomp& out);
Status parse_memory_policy_obj(const Obj& o, MemoryPolicy& out);
Status parse_exec_cpu_affinity_obj(const Obj& o, ExecCpuAffinity& out);
Status parse_id_mappings(const Obj& o, const char* key, std::vector<IdMapping>& out);
// linux.netDevices of the `linux` object `o` (parse_net_devices.cc).
Status parse_net_devices(const Obj& o, std::map<std::string, NetDevice>& out);
// Parses JSON text (json_text.cc) and never throws: a syntax error becomes "syntax error at
// line L, column C: ...", any other failure of the reader (a number out of double's range) is
// reported with the JSON path of the value it was reading: "process.env[1]: number overflow ...".
Result<Json> parse_json(std::string_view text);

}  // namespace hako::spec::internal

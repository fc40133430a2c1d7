// Parsing of OCI documents into spec structs. Errors name the JSON path and the problem:
// `process.rlimits[2].type: unknown rlimit "RLIMIT_TEST"`; load_* prefix the file name.
// Unknown members are ignored, as config.md#extensibility requires.
#pragma once

#include <string>
#include <string_view>

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::spec {

Result<Spec> parse_config(std::string_view json_text);
Result<Spec> load_config(const std::string& path);

// A standalone `process` object (exec --process FILE).
Result<Process> parse_process(std::string_view json_text);
// A standalone LinuxResources object (update --resources FILE).
Result<Resources> parse_resources(std::string_view json_text);

}  // namespace hako::spec

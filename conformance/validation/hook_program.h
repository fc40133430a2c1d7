// The shape shared by the prestart/poststart/poststop programs and their _fail variants: one
// lifecycle run whose callbacks check a host-side output file, reported as one point.
// Upstream emitted no point at all for these programs (a YAML block on failure, nothing on
// success), so a TAP consumer saw them as skipped whatever happened.
#pragma once

#include <string>

#include "conformance/harness/bundle.h"
#include "conformance/validation/common.h"

namespace hako::conformance::validation {

// `echo '<text>' >> <file>` as a hook run by the bundle's busybox.
Json echo_hook(const Bundle& bundle, std::string_view text, const std::string& file);
// The container process `sh -c "echo '<text>' >> /output"`.
std::vector<std::string> echo_process(std::string_view text);

// Prints the program's single point: passes when `st` holds no error.
int report_hook_program(const SpecError& spec, const Status& st, const std::string& output_file,
                        const std::string& stderr_text = {});

}  // namespace hako::conformance::validation

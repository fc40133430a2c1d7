// The runner's table of every validation program: the runtime-tools group (upstream names)
// followed by the youki group.
#pragma once

#include <span>
#include <string_view>

#include "conformance/validation/program.h"

namespace hako::conformance::runner {

std::span<const validation::Program> all_programs();
const validation::Program* find_program(std::string_view name);

}  // namespace hako::conformance::runner

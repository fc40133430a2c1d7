// The youki extras (catalog D): tests from youki's contest with no runtime-tools counterpart,
// and the stricter checks youki added to its ports. Group "youki".
#pragma once

#include <span>

#include "conformance/validation/program.h"

namespace hako::conformance::youki {

std::span<const validation::Program> youki_programs();

}  // namespace hako::conformance::youki

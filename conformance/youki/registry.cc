#include "conformance/youki/programs.h"

namespace hako::conformance::youki {

std::span<const validation::Program> youki_programs() { return {}; }

}  // namespace hako::conformance::youki

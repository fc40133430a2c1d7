// Lists of small ids in the kernel's list format ("0-3,7"): CPUs (process.execCPUAffinity) and
// NUMA nodes (linux.memoryPolicy.nodes), as a bit mask ready for sched_setaffinity or
// set_mempolicy.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace hako::spec {

// Bit N of word N / 64 is id N. Strict: digits, ',' and 'a-b' with a <= b, every id < `limit`,
// no empty items. The empty string is the empty mask. Errors say what is wrong, without a path.
Result<std::vector<uint64_t>> parse_id_list(std::string_view text, unsigned limit);

}  // namespace hako::spec

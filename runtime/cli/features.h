// The runtime-spec Features document (features.md, features-linux.md) that `hako features`
// prints: only what hako implements (Docker and containerd act on it: docs/design/cli-contract.md
// §5.15).
#pragma once

#include <string>

namespace hako::cli {

std::string features_json();

}  // namespace hako::cli

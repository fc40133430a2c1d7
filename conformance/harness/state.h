// The OCI state document (runtime.md#state) as the harness reads it from `<runtime> state`,
// plus the status bitmask used when waiting for a container (catalog A.6).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::conformance {

struct State {
  std::string oci_version;
  std::string id;
  std::string status;
  int pid = 0;
  std::string bundle;
  std::map<std::string, std::string> annotations;

  bool operator==(const State&) const = default;
};

// Decodes a state document. Unknown fields (runc's rootfs, created, owner) are ignored; a
// document that is not a JSON object with string/number fields of the right types fails.
Result<State> parse_state(std::string_view json_text);

// Bits of the statuses a wait accepts (creating=1, created=2, running=4, stopped=8).
enum StatusBit : unsigned {
  kCreating = 1,
  kCreated = 2,
  kRunning = 4,
  kStopped = 8,
};
// The bit of a status string; 0 for a status the spec does not define.
unsigned status_bit(std::string_view status);

}  // namespace hako::conformance

#include "conformance/runtimetest/checker.h"

namespace hako::conformance::runtimetest {

void Checker::ok_level(bool passed, SpecCode code, std::string_view description, json fields) {
  const SpecCodeInfo& info = spec_code_info(code);
  if (passed) tap_.pass(description);
  else if (info.level < compliance_) tap_.skip(description);
  else tap_.fail(description);
  fields["level"] = level_name(info.level);
  fields["reference"] = reference(code);
  tap_.yaml(fields);
}

}  // namespace hako::conformance::runtimetest

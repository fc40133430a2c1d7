// B.4 #1: root.readonly against the writability of "/".
#include "conformance/runtimetest/probes.h"
#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"

namespace hako::conformance::runtimetest {

Status validate_root_fs(Checker& c, const json& spec) {
  const json& root = at(spec, {"root"});
  if (root.is_null()) {
    c.tap().skip("root not set");
    return {};
  }
  bool writable = directory_writable("/");
  bool readonly = at(root, {"readonly"}).is_boolean() && root["readonly"].get<bool>();
  if (readonly) {
    c.ok_level(!writable, SpecCode::kRootReadonlyImplement, "root filesystem is readonly");
  } else if (!writable) {
    c.tap().skip("root.readonly is false but the root filesystem is still not writable");
  }
  return {};
}

}  // namespace hako::conformance::runtimetest

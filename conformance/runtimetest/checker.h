// runtimetest's reporting core: the TAP stream plus the compliance level that decides whether
// a failing levelled check prints "not ok" or "ok # SKIP" (catalog B.2).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "conformance/common/spec_error.h"
#include "conformance/common/tap.h"
#include "runtime/base/result.h"

namespace hako::conformance::runtimetest {

using nlohmann::json;

class Checker {
 public:
  Checker(Tap& tap, Level compliance, std::string version)
      : tap_(tap), compliance_(compliance), version_(std::move(version)) {}

  Tap& tap() { return tap_; }
  // A levelled point: passes, or fails as "not ok" when the code's level is at or above the
  // compliance level and as "ok # SKIP" below it. Then a YAML block holding "level" and
  // "reference" plus the given fields.
  void ok_level(bool passed, SpecCode code, std::string_view description, json fields = json::object());
  std::string reference(SpecCode code) const { return spec_reference(code, version_); }

 private:
  Tap& tap_;
  Level compliance_;
  std::string version_;
};

// A validator: emits points for one area of the config; an Error aborts the run.
using Validator = Status (*)(Checker&, const json& spec);

}  // namespace hako::conformance::runtimetest

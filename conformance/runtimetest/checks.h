// The focused in-container checks of the youki group (catalog D), selected with
// `runtimetest --check=<name>`. Each reads /config.json like the default validators and
// prints TAP points; they cover what runtime-tools' validators do not look at.
#pragma once

#include <string_view>

#include "conformance/runtimetest/checker.h"

namespace hako::conformance::runtimetest {

struct FocusedCheck {
  const char* name;
  Validator run;
};

const FocusedCheck* find_check(std::string_view name);

}  // namespace hako::conformance::runtimetest

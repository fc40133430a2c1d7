// linux_masked_paths and linux_readonly_paths share one structure (catalog C.3): nested
// paths, a relative path, a symlink loop, and device nodes of three types.
#pragma once

#include "conformance/validation/common.h"

namespace hako::conformance::validation {

struct PathProgram {
  const char* prefix;        // "masked" or "readonly"
  const char* content;       // "secrets" or "immutable"
  const char* label;         // "masked" or "read-only", for the TestName annotations
  void (Generator::*add)(std::string);  // add_masked_path or add_readonly_path
  SpecCode absolute_code;    // MaskedPathsAbs or ReadonlyPathsAbs
};

int run_path_program(const Suite& suite, const PathProgram& p);

}  // namespace hako::conformance::validation

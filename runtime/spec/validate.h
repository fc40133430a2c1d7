// Cross-field checks of a parsed Spec, before any side effect (youki's Validator).
// Each rule cites its spec anchor; errors name the JSON path like the parser's.
#pragma once

#include "runtime/base/result.h"
#include "runtime/spec/spec.h"

namespace hako::spec {

// Checks what create needs: root, linux-specific rules, namespaces, mappings, sysctls.
// A missing `process` is allowed here (runtime.md#start: start fails instead).
Status validate(const Spec& spec);

Status validate_process(const Process& p, const char* prefix = "process");

// True for "1.0.0", "1.2.1-dev", ... (config.md#specification-version, SemVer 2 major 1).
bool supported_oci_version(std::string_view v);

}  // namespace hako::spec

// What every validation program needs to know about the run: the runtime command, where the
// static checker and the rootfs tarball are, and where bundles go.
#pragma once

#include <string>

#include "conformance/harness/runtime.h"

namespace hako::conformance {

struct Suite {
  RuntimeCommand runtime;
  std::string runtimetest;     // static runtimetest binary, copied into every bundle
  std::string rootfs_tarball;  // busybox rootfs (catalog A.2), unpacked per bundle
  std::string tmpdir;          // parent of the ocitest* bundle directories

  RuntimeUnderTest runtime_for(std::string bundle_dir) const {
    return RuntimeUnderTest(runtime, std::move(bundle_dir));
  }
};

}  // namespace hako::conformance

// Fixtures shared by the micro-benchmarks: the benchmark bundle's config.json (the same text
// `hako-bench lifecycle` runs, bench/lifecycle/bundle.cc), with or without its docker-like
// seccomp profile, moby's default profile for amd64 (runtime/seccomp/testdata), and a
// temporary directory. A fixture that cannot be built aborts the benchmark binary with one line.
#pragma once

#include <string>

#include "runtime/spec/spec.h"

namespace hako::bench::micro {

// Where the fixtures pretend the bundle lives (plan_mounts resolves relative sources there).
inline constexpr const char* kBundleDir = "/var/lib/hako-micro/bundle";
inline constexpr const char* kRootfsDir = "/var/lib/hako-micro/bundle/rootfs";

// The lifecycle benchmark bundle's config.json; `seccomp`: with its docker-like profile
// (every syscall libseccomp knows minus Docker's deny list, plus Docker's arg rules).
std::string bundle_config_text(bool seccomp);

// moby's default profile converted for amd64 (377 names), as a complete config.json.
std::string moby_profile_config_text();

// Parses `json` and returns the spec; aborts with the parse error.
spec::Spec must_parse(const std::string& json);

// The `linux.seccomp` object of a parsed config; aborts when there is none.
const spec::Seccomp& seccomp_of(const spec::Spec& s);

[[noreturn]] void die(const std::string& what);

// A fresh directory below `parent`, removed with its contents on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& parent);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hako::bench::micro

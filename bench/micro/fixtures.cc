#include "bench/micro/fixtures.h"

#include <stdlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "bench/lifecycle/bundle.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/spec/parse.h"

namespace hako::bench::micro {

void die(const std::string& what) {
  std::fprintf(stderr, "hako-micro: %s\n", what.c_str());
  std::exit(1);
}

std::string bundle_config_text(bool seccomp) {
  return lifecycle::bundle_config(kRootfsDir, lifecycle::BundleSpec{{"true"}, seccomp});
}

std::string moby_profile_config_text() {
  const std::string path = std::string(HAKO_SECCOMP_TESTDATA) + "/docker-default-amd64.json";
  auto profile = sys::read_file(path);
  if (!profile) die(profile.error().to_string());
  return str_cat(R"({"ociVersion":"1.2.0","root":{"path":"rootfs"},"linux":{"seccomp":)", *profile,
                 "}}");
}

spec::Spec must_parse(const std::string& json) {
  auto s = spec::parse_config(json);
  if (!s) die(str_cat("fixture config: ", s.error().to_string()));
  return std::move(*s);
}

const spec::Seccomp& seccomp_of(const spec::Spec& s) {
  if (!s.linux_ || !s.linux_->seccomp) die("fixture config has no linux.seccomp");
  return *s.linux_->seccomp;
}

TempDir::TempDir(const std::string& parent) {
  std::string templ = parent + "/hako-micro.XXXXXX";
  if (!::mkdtemp(templ.data())) die(str_cat("mkdtemp in `", parent, "`: ", std::strerror(errno)));
  path_ = templ;
}

TempDir::~TempDir() {
  if (!sys::remove_tree(path_))
    std::fprintf(stderr, "hako-micro: could not remove %s\n", path_.c_str());
}

}  // namespace hako::bench::micro

// Bundle directories (catalog A.2): a fresh $TMPDIR/ocitestXXXXXX with the busybox rootfs
// unpacked into it; the bundle is also the container's root (root.path "."). Removal first
// lazily unmounts anything a runtime left mounted below it (a container without a mount
// namespace mounts into the host's), then removes the tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conformance/harness/suite.h"
#include "runtime/base/result.h"

namespace hako::conformance {

class Bundle {
 public:
  static Result<Bundle> prepare(const Suite& suite);
  Bundle(Bundle&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  Bundle& operator=(Bundle&&) = delete;
  Bundle(const Bundle&) = delete;
  ~Bundle();

  const std::string& path() const { return path_; }
  std::string file(std::string_view name) const;  // <bundle>/<name>
  Status copy_runtimetest(const Suite& suite) const;

 private:
  explicit Bundle(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Mount points at or below `dir`, deepest first, from /proc/self/mountinfo text (octal
// escapes such as \040 decoded).
std::vector<std::string> mounts_below(std::string_view mountinfo, std::string_view dir);
// umount2(MNT_DETACH) of every mount at or below `dir`; errors are ignored (best effort).
void unmount_below(const std::string& dir);
// Unmounts leftovers, then removes the tree.
Status remove_bundle_dir(const std::string& dir);
// Copies a regular file, keeping its permission bits.
Status copy_file(const std::string& from, const std::string& to);
// mkdtemp under `parent` with the given prefix.
Result<std::string> make_temp_dir(const std::string& parent, std::string_view prefix);

}  // namespace hako::conformance

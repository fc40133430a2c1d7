// hako::fd_mount — bind mounts from one open file to another (open_tree + move_mount), so that
// neither end is looked up by path again after it was checked. Child side (the container
// init, after pivot_root), where the container's image and mounts decide what a path means.
// SECURITY: CVE-2025-52565 (/dev/console swapped for a symlink), CVE-2025-31133 (/dev/null
// made a symlink in the image).
#pragma once

#include <string>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::fd_mount {

// openat2(`path`, O_PATH | `flags`) refusing every symlink on the way (RESOLVE_NO_SYMLINKS).
Result<UniqueFd> open_no_symlinks(const std::string& path, int flags = 0) noexcept;

// Bind-mounts the file or directory `source_fd` (any fd, O_PATH included) onto `target_fd`.
// `what` names the mount in errors.
Status bind(int source_fd, int target_fd, const std::string& what) noexcept;

// /dev/null of the current root, checked to be the character device 1:3.
Result<UniqueFd> open_dev_null() noexcept;

}  // namespace hako::fd_mount

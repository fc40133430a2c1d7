// hako::sys — thin EINTR-safe wrappers over the syscalls every module needs, returning
// Result/Status with the object named in the message. No allocation in the *_fd helpers
// except for the error path, so child roles may call them.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <string>
#include <string_view>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::sys {

Result<UniqueFd> open_at(int dirfd, const std::string& path, int flags, mode_t mode = 0);
Result<std::string> read_fd(int fd, size_t limit = 64 << 20);
Result<std::string> read_file(const std::string& path, size_t limit = 64 << 20);
Result<std::string> read_file_at(int dirfd, const std::string& path, size_t limit = 64 << 20);
// The same for a regular file (a state file): a read shorter than asked is its end, so a small
// file takes one read, not two (issue 15: `list` reads one per container). Not for /proc or
// sysfs files, whose reads may be short before the end.
Result<std::string> read_regular_at(int dirfd, const std::string& path, size_t limit = 64 << 20);
// The step both share with cgroups::fs::read_short: one read(2) into `buf` of `size` bytes; a
// read shorter than that is the whole file, a full one is followed by read_fd for the rest.
// Errors name `what`.
Result<std::string> read_once_fd(int fd, char* buf, size_t size, size_t limit, std::string_view what);
Status write_all(int fd, std::string_view data);
// The two ends of a pipe(2), each the sole owner of its fd.
struct Pipe {
  UniqueFd read, write;
};
// pipe2(2) with O_CLOEXEC added to `flags`. `what` names the pipe in the error; no allocation
// on success, so child roles may call it.
Result<Pipe> make_pipe(int flags = 0, std::string_view what = "pipe") noexcept;
// Control data with room for one fd (SCM_RIGHTS); lives as long as the msghdr using it.
struct FdControl {
  alignas(struct cmsghdr) char buf[CMSG_SPACE(sizeof(int))];
};
// Makes `msg` carry the borrowed `fd` (SCM_RIGHTS) in `control`; the receiver gets its own
// copy. No allocation, so child roles may call it.
void attach_fd(struct msghdr& msg, FdControl& control, int fd) noexcept;
// Opens O_WRONLY|O_TRUNC (no O_CREAT) and writes: for cgroup, proc and sysfs files.
Status write_file(const std::string& path, std::string_view data);
Status write_file_at(int dirfd, const std::string& path, std::string_view data);
// Writes via a unique temp file, fsync-free rename into place (tmpfs state dirs).
Status write_file_atomic(const std::string& path, std::string_view data, mode_t mode);
// mkdir -p; existing directories are fine.
Status mkdir_p(const std::string& path, mode_t mode);
// rm -rf of a directory tree without following symlinks or crossing mounts.
Status remove_tree(const std::string& path);
// waitpid retried on EINTR.
Result<int> wait_pid(pid_t pid, int flags = 0);
bool path_exists(const std::string& path);
// Absolute form of `path` against the current directory (no symlink resolution).
std::string absolute_path(const std::string& path);
// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);
// The last line of `text` once trimmed (the whole of it when it has one line): the line of a
// tool's stderr that says why it failed.
std::string_view last_line(std::string_view text);

// True unless `uid_map` (the text of /proc/self/uid_map) is the initial namespace's single
// identity line "0 0 4294967295" (runc's userns.RunningInUserNS). A process in a user namespace
// cannot mknod devices nor write what the initial namespace owns, even as uid 0.
bool is_user_namespace_map(std::string_view uid_map);
// is_user_namespace_map() of this process; false when /proc/self/uid_map cannot be read
// (a kernel without user namespaces).
bool running_in_user_namespace();

}  // namespace hako::sys

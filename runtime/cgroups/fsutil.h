// hako::cgroups::fs — cgroup file I/O relative to a directory fd. Every error names the file;
// a missing file reads "`x` does not exist on this kernel" (the caller prepends the resource).
// Also the directory chain helpers shared by the drivers (mkdir with ownership, rmdir, procs).
// Roles: parent only.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"
#include "runtime/spec/spec.h"

namespace hako::cgroups::fs {

// Opens `file` O_WRONLY|O_TRUNC and writes `value` in one write(2).
Status write(int dirfd, std::string_view file, std::string_view value);
Status write_u64(int dirfd, std::string_view file, uint64_t v);
Status write_i64(int dirfd, std::string_view file, int64_t v);
Result<std::string> read(int dirfd, std::string_view file);
// A file of a few bytes (cgroup.freeze, freezer.state): open, one read(2) into a stack buffer,
// close; only a longer file takes further reads. `file` may be absolute (dirfd AT_FDCWD), so a
// check needs no directory fd: 3 syscalls where open_dir + read take 7 (issue 15: `list`
// reads the freezer of every container on cgroup v2).
Result<std::string> read_short(int dirfd, std::string_view file);
// Reads a single number; "max" reads as UINT64_MAX.
Result<uint64_t> read_u64(int dirfd, std::string_view file);
bool exists(int dirfd, std::string_view file);

// "key value" lines (cpu.stat, memory.stat, memory.events).
std::vector<std::pair<std::string, uint64_t>> parse_flat_keyed(std::string_view text);
uint64_t keyed_value(std::string_view text, std::string_view key, uint64_t dflt = 0);
// Number or "max" (UINT64_MAX); false when malformed.
bool parse_u64(std::string_view s, uint64_t& out);

// Opens a cgroup directory (O_RDONLY|O_DIRECTORY).
Result<UniqueFd> open_dir(const std::string& path);

// Creates `path` and any missing parents below `floor` (a directory that must exist, e.g. the
// hierarchy's mount point). Returns the topmost directory created, or "" when `path` existed.
// One mkdir(2) when only the leaf is new.
Result<std::string> make_path(const std::string& floor, const std::string& path);
// Removes `leaf` (sub-cgroups depth first, retrying EBUSY briefly while exiting tasks drain),
// then its parents up to and including `top`. Missing directories are fine.
Status remove_path(const std::string& leaf, const std::string& top);

// The pids in `dirfd`'s cgroup.procs (not recursive).
Result<std::vector<pid_t>> read_procs(int dirfd);
// Every pid in the tree rooted at `path` (runc GetAllPids), sorted.
Result<std::vector<pid_t>> read_procs_recursive(const std::string& path);
Status write_procs(int dirfd, pid_t pid);

// "a/b/../c" joins used for cgroup paths: `base` + "/" + `rel` without a doubled slash.
std::string join(std::string_view base, std::string_view rel);
// Parent directory of an absolute path ("/" for "/x").
std::string dirname(std::string_view path);

// Prefixes an error with the spec field it came from: "linux.resources.<field>: ...".
Status in_field(Status st, std::string_view field);

// rdma.max lines ("<hca> hca_handle=N hca_object=M"), the same on v1 and v2.
Status apply_rdma(int dirfd, const std::map<std::string, spec::Rdma>& rdma);

namespace internal {
// Test seam: observes each successful write (file name, value). Not for production use.
using WriteObserver = void (*)(std::string_view file, std::string_view value, void* ctx);
void set_write_observer(WriteObserver obs, void* ctx);
}  // namespace internal

}  // namespace hako::cgroups::fs

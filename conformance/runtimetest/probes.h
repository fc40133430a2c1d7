// Access probes of catalog B.3: can this process read or write a path? Regular files and
// character devices are opened, directories listed (read) or given a temp file (write).
// Other file types give a "cannot test" error that callers may tolerate.
#pragma once

#include <string>

#include "runtime/base/result.h"

namespace hako::conformance::runtimetest {

// Error code of the "cannot test <read|write> access for <path> (mode N)" marker.
inline constexpr int kCannotTest = 0x10001;
inline bool is_cannot_test(const Error& e) { return e.code() == kCannotTest; }

// stat (following symlinks) fails → that error (ENOENT for a missing path).
Result<bool> read_access(const std::string& path);
// Files: opened O_WRONLY|O_CREAT|O_TRUNC and one byte written (destructive, as upstream).
// Directories: a temp file "Test<random>" is created and removed again.
Result<bool> write_access(const std::string& path);
// The directory probe alone (root writability, catalog B.4 #1).
bool directory_writable(const std::string& dir);
// statvfs reports ST_RDONLY for the filesystem (mount) holding `path`.
bool on_readonly_mount(const std::string& path);
// Something is mounted exactly at `path` (a mountinfo entry has it as mount point).
bool is_mount_point(const std::string& path);

}  // namespace hako::conformance::runtimetest

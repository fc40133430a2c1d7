// hako::cgroups — readers that fill Stats from cgroup files (v1: per-controller directories;
// v2: one directory). Missing files leave their fields zero, as runc does. Roles: later verbs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/cgroups/stats.h"

namespace hako::cgroups {

Status read_v1_stats(const std::map<std::string, std::string>& paths, Stats& s);
Status read_v2_stats(int dirfd, Stats& s);
Status read_v2_hugetlb_stats(int dirfd, Stats& s);

// Host huge page sizes as cgroup file names use them ("2MB", "1GB"), from
// /sys/kernel/mm/hugepages (or `sysfs_dir` in tests).
std::vector<std::string> hugepage_sizes(const std::string& sysfs_dir = "/sys/kernel/mm/hugepages");
// "hugepages-2048kB" -> "2MB".
std::string hugepage_name(std::string_view dirent_name);

// Parsers shared with tests.
std::vector<uint16_t> parse_cpu_list(std::string_view s);  // "0-2,4" -> {0,1,2,4}
std::vector<BlkioEntry> parse_blkio_v1(std::string_view text);
void parse_io_stat_v2(std::string_view text, BlkioStats& out);

}  // namespace hako::cgroups

// Small helpers of the in-container checker: config access, path cleaning, Go-style quoting,
// /proc/self/mountinfo parsing. Everything here must work in the static, libc-less rootfs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/common/text.h"
#include "runtime/base/result.h"

namespace hako::conformance::runtimetest {

// spec[a][b]... or null when any level is absent.
const nlohmann::json& at(const nlohmann::json& j, std::initializer_list<std::string_view> path);
std::string str_or(const nlohmann::json& j, std::string_view key, std::string fallback = {});
bool has_nonempty(const nlohmann::json& j, std::string_view key);

// Lexical cleaning as Go's filepath.Clean ("" → ".", "a//b/../c" → "a/c").
std::string clean_path(std::string_view p);
std::string base_name(std::string_view p);
// Go's %q for plain strings: double quotes, backslash escapes for " \ and control bytes.
std::string go_quote(std::string_view s);

struct MountInfo {
  std::string root;
  std::string mount_point;
  std::string options;        // per-mount options ("rw,nosuid")
  std::string fs_type;
  std::string source;
  std::string super_options;
};
Result<std::vector<MountInfo>> read_mountinfo(const std::string& path = "/proc/self/mountinfo");
std::vector<MountInfo> parse_mountinfo(std::string_view text);
bool has_option(std::string_view csv, std::string_view option);

}  // namespace hako::conformance::runtimetest

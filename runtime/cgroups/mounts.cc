#include "runtime/cgroups/mounts.h"

#include <sys/vfs.h>

#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::cgroups {

namespace {

constexpr long kCgroup2Magic = 0x63677270;

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      int v = (s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0');
      out.push_back(static_cast<char>(v));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool under(const std::string& path, const std::string& root) {
  if (path == root) return true;
  if (root == "/") return true;
  return path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
         path[root.size()] == '/';
}

}  // namespace

Result<Mounts> parse_mountinfo(std::string_view text, const std::string& mount_root) {
  Mounts m;
  bool root_is_v2 = false;
  for (std::string_view line : split(text, '\n')) {
    if (line.empty()) continue;
    auto dash = line.find(" - ");
    if (dash == std::string_view::npos) continue;
    auto pre = split(line.substr(0, dash), ' ');
    auto post = split(line.substr(dash + 3), ' ');
    if (pre.size() < 5 || post.size() < 3) continue;
    std::string_view fstype = post[0];
    if (fstype != "cgroup" && fstype != "cgroup2") continue;
    Hierarchy h{unescape(pre[4]), unescape(pre[3])};
    if (!under(h.mountpoint, mount_root)) continue;
    if (fstype == "cgroup2") {
      if (h.mountpoint == mount_root) root_is_v2 = true;
      m.unified = std::move(h);
      continue;
    }
    // Super options name the controllers ("rw,cpu,cpuacct", "rw,name=systemd").
    for (std::string_view opt : split(post[2], ',')) {
      static constexpr std::string_view kNotControllers[] = {
          "rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode", "favordynmods",
          "nofavordynmods"};
      bool skip = false;
      for (auto n : kNotControllers) skip = skip || opt == n;
      if (skip || opt.empty() || opt.find("release_agent=") == 0) continue;
      if (opt.find("name=") == 0 && opt != "name=systemd") continue;
      m.v1.emplace(std::string(opt), h);
    }
  }
  if (root_is_v2) {
    m.mode = Mode::kUnified;
    m.v1.clear();
  } else if (m.v1.empty() && m.unified) {
    // cgroup2 mounted below the root but no v1 hierarchy: still unified for our purposes.
    m.mode = Mode::kUnified;
  } else if (m.v1.empty()) {
    return Error::with_code(ENOENT, str_cat("no cgroup hierarchy is mounted at ", quote(mount_root)));
  } else {
    m.mode = m.unified ? Mode::kHybrid : Mode::kLegacy;
  }
  return m;
}

Result<Mounts> read_mounts(const std::string& mount_root) {
  // Fast path: a pure v2 host needs no mountinfo parsing.
  struct statfs st;
  if (::statfs(mount_root.c_str(), &st) == 0 && st.f_type == kCgroup2Magic) {
    Mounts m;
    m.mode = Mode::kUnified;
    m.unified = Hierarchy{mount_root, "/"};
    return m;
  }
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file("/proc/self/mountinfo"));
  return parse_mountinfo(text, mount_root);
}

Result<OwnCgroups> parse_proc_cgroup(std::string_view text) {
  OwnCgroups own;
  for (std::string_view line : split(text, '\n')) {
    if (line.empty()) continue;
    auto c1 = line.find(':');
    auto c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
    if (c2 == std::string_view::npos)
      return Error::invalid(str_cat("/proc/self/cgroup: malformed line ", quote(line)));
    std::string_view ids = line.substr(0, c1);
    std::string_view ctrls = line.substr(c1 + 1, c2 - c1 - 1);
    std::string path(line.substr(c2 + 1));
    if (ids == "0" && ctrls.empty()) {
      own.unified = path;
      continue;
    }
    for (std::string_view c : split(ctrls, ',')) own.v1[std::string(c)] = path;
  }
  return own;
}

Result<OwnCgroups> read_own_cgroups() {
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file("/proc/self/cgroup"));
  return parse_proc_cgroup(text);
}

std::map<std::string, std::vector<std::string>> v1_hierarchies(const Mounts& m) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [ctrl, h] : m.v1) out[h.mountpoint].push_back(ctrl);
  return out;
}

Result<Mode> detect_mode(const std::string& mount_root) {
  HAKO_ASSIGN_OR_RETURN(Mounts m, read_mounts(mount_root));
  return m.mode;
}

}  // namespace hako::cgroups

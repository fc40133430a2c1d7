#include "runtime/linux/mount_options.h"

#include <sys/mount.h>

#include <string_view>

#include "runtime/linux/missing.h"

namespace hako::mounts {
namespace {

struct FlagOpt {
  std::string_view name;
  bool clear;
  unsigned long flag;
};

constexpr FlagOpt kFlags[] = {
    {"ro", false, MS_RDONLY},           {"rw", true, MS_RDONLY},
    {"nosuid", false, MS_NOSUID},       {"suid", true, MS_NOSUID},
    {"nodev", false, MS_NODEV},         {"dev", true, MS_NODEV},
    {"noexec", false, MS_NOEXEC},       {"exec", true, MS_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS},    {"async", true, MS_SYNCHRONOUS},
    {"dirsync", false, MS_DIRSYNC},     {"mand", false, MS_MANDLOCK},
    {"nomand", true, MS_MANDLOCK},      {"noatime", false, MS_NOATIME},
    {"atime", true, MS_NOATIME},        {"nodiratime", false, MS_NODIRATIME},
    {"diratime", true, MS_NODIRATIME},  {"relatime", false, MS_RELATIME},
    {"norelatime", true, MS_RELATIME},  {"strictatime", false, MS_STRICTATIME},
    {"nostrictatime", true, MS_STRICTATIME}, {"lazytime", false, MS_LAZYTIME},
    {"nolazytime", true, MS_LAZYTIME},  {"silent", false, MS_SILENT},
    {"loud", true, MS_SILENT},          {"nosymfollow", false, MS_NOSYMFOLLOW},
    {"symfollow", true, MS_NOSYMFOLLOW}, {"bind", false, MS_BIND},
    {"rbind", false, MS_BIND | MS_REC}, {"defaults", false, 0},
};

struct PropOpt {
  std::string_view name;
  unsigned long flags;
};

constexpr PropOpt kPropagation[] = {
    {"private", MS_PRIVATE},          {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},            {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},              {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE},    {"runbindable", MS_UNBINDABLE | MS_REC},
};

struct AttrOpt {
  std::string_view name;
  bool clear;
  uint64_t attr;
};

constexpr AttrOpt kAttrs[] = {
    {"rro", false, MOUNT_ATTR_RDONLY},          {"rrw", true, MOUNT_ATTR_RDONLY},
    {"rnosuid", false, MOUNT_ATTR_NOSUID},      {"rsuid", true, MOUNT_ATTR_NOSUID},
    {"rnodev", false, MOUNT_ATTR_NODEV},        {"rdev", true, MOUNT_ATTR_NODEV},
    {"rnoexec", false, MOUNT_ATTR_NOEXEC},      {"rexec", true, MOUNT_ATTR_NOEXEC},
    {"rnodiratime", false, MOUNT_ATTR_NODIRATIME}, {"rdiratime", true, MOUNT_ATTR_NODIRATIME},
    {"rrelatime", false, MOUNT_ATTR_RELATIME},  {"rnorelatime", true, MOUNT_ATTR__ATIME},
    {"rnoatime", false, MOUNT_ATTR_NOATIME},    {"ratime", true, MOUNT_ATTR__ATIME},
    {"rstrictatime", false, MOUNT_ATTR_STRICTATIME}, {"rnostrictatime", true, MOUNT_ATTR__ATIME},
    {"rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW}, {"rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW},
};

}  // namespace

ParsedOptions parse_options(const std::vector<std::string>& options) {
  ParsedOptions p;
  for (const std::string& o : options) {
    bool done = false;
    for (const FlagOpt& f : kFlags)
      if (f.name == o) {
        if (f.clear) {
          p.flags &= ~f.flag;
          p.clear |= f.flag;
        } else {
          p.flags |= f.flag;
          p.clear &= ~f.flag;
        }
        done = true;
        break;
      }
    if (done) continue;
    for (const PropOpt& pr : kPropagation)
      if (pr.name == o) {
        p.propagation = pr.flags;
        done = true;
        break;
      }
    if (done) continue;
    for (const AttrOpt& a : kAttrs)
      if (a.name == o) {
        // The atime family is one field: setting one mode clears the others.
        if (a.attr == MOUNT_ATTR_NOATIME || a.attr == MOUNT_ATTR_STRICTATIME ||
            a.attr == MOUNT_ATTR_RELATIME) {
          p.attr_clr |= MOUNT_ATTR__ATIME;
          p.attr_set &= ~static_cast<uint64_t>(MOUNT_ATTR__ATIME);
          p.attr_set |= a.attr;
        } else if (a.clear) {
          p.attr_clr |= a.attr;
          p.attr_set &= ~a.attr;
        } else {
          p.attr_set |= a.attr;
          p.attr_clr &= ~a.attr;
        }
        done = true;
        break;
      }
    if (done) continue;
    if (o == "tmpcopyup") {
      p.tmpcopyup = true;
    } else if (o == "idmap" || o == "ridmap") {
      p.idmap = true;
      p.recursive_idmap = o == "ridmap";
    } else if (!o.empty()) {
      if (!p.data.empty()) p.data.push_back(',');
      p.data.append(o);
    }
  }
  return p;
}

std::vector<std::string> known_option_names() {
  std::vector<std::string> out;
  for (const FlagOpt& f : kFlags) out.emplace_back(f.name);
  for (const PropOpt& p : kPropagation) out.emplace_back(p.name);
  for (const AttrOpt& a : kAttrs) out.emplace_back(a.name);
  out.emplace_back("tmpcopyup");
  return out;
}

}  // namespace hako::mounts

#include "runtime/container/host_leniency.h"

#include <sys/vfs.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako::container::internal {

namespace {
constexpr long kSelinuxMagic = 0xf97cff8c;  // SELINUX_MAGIC, linux/magic.h
}

HostFacts detect_host_facts() {
  HostFacts f;
  struct statfs sfs;
  f.selinux_enabled = ::statfs("/sys/fs/selinux", &sfs) == 0 && sfs.f_type == kSelinuxMagic;
  return f;
}

Status relax_for_host(spec::Spec& s, const HostFacts& host,
                      const std::function<void(const std::string&)>& warn) {
  if (!s.linux_) return {};
  spec::Linux& l = *s.linux_;
  if (!l.mount_label.empty()) {
    if (host.selinux_enabled)
      return Error::with_code(EOPNOTSUPP,
                              "linux.mountLabel: hako does not apply SELinux labels, and SELinux "
                              "is enabled on this host");
    if (warn)
      warn(str_cat("linux.mountLabel ", quote(l.mount_label),
                   ": SELinux is not enabled on this host, ignoring the label"));
    l.mount_label.clear();
  }
  if (l.resources && l.resources->memory && l.resources->memory->kernel) {
    if (*l.resources->memory->kernel != 0 && warn)
      warn(str_cat("linux.resources.memory.kernel (", *l.resources->memory->kernel,
                   "): kernel memory limits are not supported (runtime-spec: NOT RECOMMENDED), "
                   "ignoring"));
    l.resources->memory->kernel.reset();
  }
  return {};
}

}  // namespace hako::container::internal

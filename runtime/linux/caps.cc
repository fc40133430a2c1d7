#include "runtime/linux/caps.h"

#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "runtime/base/parse_int.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/spec/names.h"

namespace hako::caps {
namespace {

// One capability set of the runtime itself from /proc/self/status ("CapBnd:", "CapInh:").
Result<uint64_t> own_set(const char* field) {
  HAKO_ASSIGN_OR_RETURN(std::string status, sys::read_file("/proc/self/status"));
  auto pos = status.find(field);
  if (pos == std::string::npos) return Error::with_code(EIO, str_cat("no ", field, " in /proc/self/status"));
  std::string_view v = sys::trim(std::string_view(status).substr(pos + 7, 20));
  v = v.substr(0, v.find('\n'));
  auto mask = parse_int<uint64_t>(v, 16);
  if (!mask) return Error::with_code(EIO, str_cat(field, " ", quote(v), " in /proc/self/status"));
  return *mask;
}

std::string names_of(uint64_t mask) {
  std::string out;
  for (int i = 0; i < 64; ++i)
    if (mask & (uint64_t{1} << i)) {
      if (!out.empty()) out += ", ";
      std::string_view n = spec::capability_name(i);
      out += n.empty() ? str_cat("cap ", i) : std::string(n);
    }
  return out;
}

}  // namespace

Result<CapPlan> plan_caps(const spec::Process& p, bool /*new_user_namespace*/) {
  CapPlan plan;
  auto last = sys::read_file("/proc/sys/kernel/cap_last_cap");
  if (last) {
    if (auto n = parse_int<int>(sys::trim(*last))) plan.last_cap = *n;
  }
  if (!p.capabilities) return plan;
  const spec::Capabilities& c = *p.capabilities;
  plan.set = true;
  plan.bounding = c.bounding.value_or(0);
  plan.effective = c.effective.value_or(0);
  plan.permitted = c.permitted.value_or(0);
  plan.inheritable = c.inheritable.value_or(0);
  plan.ambient = c.ambient.value_or(0);
  uint64_t known = plan.last_cap >= 63 ? ~uint64_t{0} : (uint64_t{1} << (plan.last_cap + 1)) - 1;
  HAKO_ASSIGN_OR_RETURN(uint64_t own, own_set("CapBnd:"));
  HAKO_ASSIGN_OR_RETURN(uint64_t own_inheritable, own_set("CapInh:"));
  struct Set {
    const char* name;
    uint64_t mask;
  };
  const Set sets[] = {{"bounding", plan.bounding},       {"effective", plan.effective},
                      {"permitted", plan.permitted},     {"inheritable", plan.inheritable},
                      {"ambient", plan.ambient}};
  for (const Set& s : sets) {
    // config-linux.md#linux-process: a capability the kernel does not know cannot be mapped.
    if (uint64_t unknown = s.mask & ~known)
      return Error::invalid(str_cat("process.capabilities.", s.name, ": ", names_of(unknown),
                                    " not supported by this kernel (cap_last_cap ", plan.last_cap, ")"));
    if (uint64_t missing = s.mask & ~own)
      return Error::with_code(EPERM, str_cat("process.capabilities.", s.name, ": ", names_of(missing),
                                             " not in the runtime's bounding set, cannot be granted"));
  }
  // capset(2) refuses inheritable capabilities outside the (new) bounding set and the caller's
  // own inheritable set: refuse them at create, not when the init applies them after start.
  if (uint64_t extra = plan.inheritable & ~(plan.bounding | own_inheritable))
    return Error::with_code(EPERM, str_cat("process.capabilities.inheritable: ", names_of(extra),
                                           " not in process.capabilities.bounding, cannot be inherited"));
  return plan;
}

Status apply_identity(const IdentityPlan& id) noexcept {
  if (id.set_groups &&
      ::setgroups(id.additional_gids.size(), id.additional_gids.data()) < 0)
    return Error::from_errno(errno, "setgroups");
  if (::setresgid(id.gid, id.gid, id.gid) < 0)
    return Error::from_errno(errno, str_cat("setresgid ", id.gid));
  if (::setresuid(id.uid, id.uid, id.uid) < 0)
    return Error::from_errno(errno, str_cat("setresuid ", id.uid));
  if (id.umask) ::umask(*id.umask);
  return {};
}

Status apply(const CapPlan& c, const IdentityPlan& id) noexcept {
  if (!c.set) return apply_identity(id);
  for (int cap = 0; cap <= c.last_cap; ++cap) {
    if (c.bounding & (uint64_t{1} << cap)) continue;
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      return Error::from_errno(errno, str_cat("drop ", spec::capability_name(cap), " from the bounding set"));
  }
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return Error::from_errno(errno, "prctl(PR_SET_KEEPCAPS)");
  HAKO_TRY(apply_identity(id));
  if (::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) return Error::from_errno(errno, "prctl(PR_SET_KEEPCAPS)");
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {};
  for (int i = 0; i < 2; ++i) {
    data[i].effective = static_cast<uint32_t>(c.effective >> (32 * i));
    data[i].permitted = static_cast<uint32_t>(c.permitted >> (32 * i));
    data[i].inheritable = static_cast<uint32_t>(c.inheritable >> (32 * i));
  }
  if (::syscall(SYS_capset, &hdr, data) < 0) return Error::from_errno(errno, "capset");
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return Error::from_errno(errno, "clear ambient capabilities");
  // The kernel only raises ambient capabilities that are permitted and inheritable; like runc,
  // others are left out rather than failing (runc's own `spec` template relies on this).
  uint64_t ambient = c.ambient & c.permitted & c.inheritable;
  for (int cap = 0; cap <= c.last_cap; ++cap)
    if ((ambient & (uint64_t{1} << cap)) &&
        ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      return Error::from_errno(errno, str_cat("raise ambient ", spec::capability_name(cap)));
  return {};
}

}  // namespace hako::caps

#include "runtime/linux/idmap.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/base/child_process.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::idmap {

std::string format_map(const std::vector<spec::IdMapping>& m) {
  std::string out;
  for (const auto& e : m) out += str_cat(e.container_id, " ", e.host_id, " ", e.size, "\n");
  return out;
}

Result<UniqueFd> make_userns(const std::vector<spec::IdMapping>& uid,
                             const std::vector<spec::IdMapping>& gid) {
  HAKO_ASSIGN_OR_RETURN(sys::Pipe gate, sys::make_pipe(0, "pipe for the idmap user namespace"));
  long rc = ::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  if (rc < 0) return Error::from_errno(errno, "clone a user namespace for an idmapped mount");
  if (rc == 0) {  // holds the namespace open until the parent has its fd
    gate.write.reset();
    char c;
    while (::read(gate.read.get(), &c, 1) < 0 && errno == EINTR) {
    }
    ::_exit(0);
  }
  ChildProcess owner(static_cast<pid_t>(rc));
  gate.read.reset();
  std::string proc = str_cat("/proc/", rc);
  HAKO_TRY(sys::write_file(proc + "/uid_map", format_map(uid)).context("idmapped mount: uidMappings"));
  HAKO_TRY(sys::write_file(proc + "/gid_map", format_map(gid)).context("idmapped mount: gidMappings"));
  UniqueFd ns(::open((proc + "/ns/user").c_str(), O_RDONLY | O_CLOEXEC));
  if (!ns) return Error::from_errno(errno, "open the idmapped mount's user namespace");
  gate.write.reset();  // the owner exits
  owner.reset();  // reaps it
  return ns;
}

}  // namespace hako::idmap

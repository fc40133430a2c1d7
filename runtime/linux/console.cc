#include "runtime/linux/console.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/linux/fd_mount.h"

namespace hako::console {
namespace {

// SECURITY: CVE-2025-52565. /dev/console comes from the image or a /dev the container can
// write: a symlink there, or swapped in later, would carry the bind mount of the pty onto any
// file (/proc/sys/kernel/core_pattern, say). The target is created and opened without
// following symlinks, must be a regular file or a character device, and the pty is mounted
// onto that very inode.
Status bind_console(int slave_fd) noexcept {
  HAKO_ASSIGN_OR_RETURN(UniqueFd dev, fd_mount::open_no_symlinks("/dev", O_DIRECTORY));
  UniqueFd made(
      ::openat(dev.get(), "console", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!made && errno != EEXIST) return Error::from_errno(errno, "create `/dev/console`");
  made.reset();  // only the inode was wanted, as the mount target
  UniqueFd target(::openat(dev.get(), "console", O_PATH | O_NOFOLLOW | O_CLOEXEC));
  if (!target) return Error::from_errno(errno, "open `/dev/console`");
  struct stat st;
  if (::fstat(target.get(), &st) < 0) return Error::from_errno(errno, "stat `/dev/console`");
  if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
    return Error::with_code(EPERM, "`/dev/console` is not a regular file or a character device");
  return fd_mount::bind(slave_fd, target.get(), "pty on `/dev/console`");
}

}  // namespace

Result<UniqueFd> setup_pty(const std::optional<spec::ConsoleSize>& size, bool mount_console) noexcept {
  int m = ::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (m < 0) return Error::from_errno(errno, "open `/dev/ptmx`");
  UniqueFd master(m);
  int unlock = 0;
  if (::ioctl(m, TIOCSPTLCK, &unlock) < 0) return Error::from_errno(errno, "unlock pty");
  int n = 0;
  if (::ioctl(m, TIOCGPTN, &n) < 0) return Error::from_errno(errno, "get pty number");
  std::string slave_path = str_cat("/dev/pts/", n);
  int s = ::open(slave_path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (s < 0) return Error::from_errno(errno, str_cat("open ", quote(slave_path)));
  UniqueFd slave(s);
  if (size) {
    struct winsize ws = {};
    ws.ws_row = static_cast<unsigned short>(size->height);
    ws.ws_col = static_cast<unsigned short>(size->width);
    if (::ioctl(m, TIOCSWINSZ, &ws) < 0) return Error::from_errno(errno, "set console size");
  }
  if (mount_console) HAKO_TRY(bind_console(s));
  for (int fd = 0; fd < 3; ++fd)
    if (::dup2(s, fd) < 0) return Error::from_errno(errno, "dup pty to stdio");
  if (::ioctl(0, TIOCSCTTY, 0) < 0) return Error::from_errno(errno, "set controlling terminal");
  return master;
}

Status check_socket(const std::string& socket_path) {
  struct stat st;
  if (::stat(socket_path.c_str(), &st) < 0)
    return Error::from_errno(errno, str_cat("console socket ", quote(socket_path)));
  if (!S_ISSOCK(st.st_mode))
    return Error::with_code(ENOTSOCK, str_cat("console socket ", quote(socket_path), ": not a socket"));
  return {};
}

Status send_master(const std::string& socket_path, int master) {
  int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return Error::from_errno(errno, "socket");
  UniqueFd sock(s);
  std::string path = socket_path;
  UniqueFd path_fd;
  if (path.size() >= sizeof(sockaddr_un::sun_path)) {
    // Long paths: connect through the O_PATH fd's magic link, as crun does.
    int pf = ::open(path.c_str(), O_PATH | O_CLOEXEC);
    if (pf < 0) return Error::from_errno(errno, str_cat("open console socket ", quote(socket_path)));
    path_fd.reset(pf);
    path = str_cat("/proc/self/fd/", pf);
  }
  struct sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size());
  if (::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
    return Error::from_errno(errno, str_cat("connect console socket ", quote(socket_path)));
  static const char kName[] = "/dev/ptmx";
  struct iovec iov = {const_cast<char*>(kName), sizeof kName - 1};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  sys::FdControl control;
  sys::attach_fd(msg, control, master);
  if (::sendmsg(s, &msg, MSG_NOSIGNAL) < 0)
    return Error::from_errno(errno, str_cat("send pty master to ", quote(socket_path)));
  return {};
}

}  // namespace hako::console

#include "runtime/seccomp/listener.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

namespace hako::seccomp {
namespace {

// The directory part of `path` ("/" for "/x", "." for "x").
std::string parent_dir(const std::string& path, size_t slash) {
  if (slash == std::string::npos) return ".";
  return slash == 0 ? std::string(1, '/') : path.substr(0, slash);
}

Status connect_unix(int sock, const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  UniqueFd dir;
  std::string target;
  if (path.size() < sizeof addr.sun_path) {
    target = path;
  } else {
    // Too long for sun_path: name the socket relative to an O_PATH fd of its directory.
    size_t slash = path.rfind('/');
    std::string parent = parent_dir(path, slash);
    dir.reset(::open(parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir) return Error::from_errno(errno, str_cat("open ", quote(parent)));
    target = str_cat("/proc/self/fd/", dir.get(), '/',
                     slash == std::string::npos ? path : path.substr(slash + 1));
    if (target.size() >= sizeof addr.sun_path)
      return Error::with_code(ENAMETOOLONG, str_cat("socket name ", quote(path), " is too long"));
  }
  std::memcpy(addr.sun_path, target.data(), target.size());
  int rc;
  do {
    rc = ::connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) return Error::from_errno(errno, "connect");
  return {};
}

// The fd travels with the first chunk; spec: "the file descriptors MUST be sent only in the
// first call" when the payload takes several sendmsg(2) calls.
Status send_with_fd(int sock, std::string_view payload, int fd) {
  sys::FdControl control;
  bool fd_sent = false;
  while (!payload.empty() || !fd_sent) {
    iovec iov{const_cast<char*>(payload.data()), payload.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (!fd_sent) sys::attach_fd(msg, control, fd);
    ssize_t n = ::sendmsg(sock, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::from_errno(errno, "sendmsg");
    }
    fd_sent = true;
    payload.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

Result<std::string> process_state_json(std::string_view oci_version, pid_t pid,
                                       std::string_view metadata, std::string_view state_json) {
  nlohmann::json state = nlohmann::json::parse(state_json, nullptr, /*allow_exceptions=*/false);
  if (!state.is_object())
    return Error::invalid("container process state: the state is not a JSON object");
  nlohmann::json doc = {
      {"ociVersion", oci_version}, {"fds", nlohmann::json::array({"seccompFd"})}, {"pid", pid}};
  if (!metadata.empty()) doc["metadata"] = metadata;
  doc["state"] = std::move(state);
  return doc.dump();
}

Status send_listener(const std::string& listener_path, int listener_fd,
                     const std::string& process_state_json) {
  auto fail = [&](Error e) {
    return std::move(e).context(str_cat("seccomp listener ", quote(listener_path)));
  };
  if (listener_fd < 0) return fail(Error::from_errno(EBADF, "no listener fd"));
  UniqueFd sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!sock) return fail(Error::from_errno(errno, "socket"));
  if (auto st = connect_unix(sock.get(), listener_path); !st) return fail(std::move(st).error());
  if (auto st = send_with_fd(sock.get(), process_state_json, listener_fd); !st)
    return fail(std::move(st).error());
  return {};  // closing `sock` ends the one-shot connection
}

}  // namespace hako::seccomp

// hako::sync — the typed protocol between the runtime parent and the container init over a
// SOCK_SEQPACKET socketpair (docs/design/conventions.md §6; sequence: docs/design/create-start.md
// §2, §4). Every frame is one datagram: {type, errno, payload}; fds travel with SCM_RIGHTS.
// No raw write(&pid, sizeof pid) outside this file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::sync {

enum class Msg : uint8_t {
  kGo = 1,            // parent -> init: id maps written, cgroups joined, rlimits set
  kInitPid,           // stage1 -> parent: payload = decimal pid of the init (parent's pid ns)
  kRuntimeHooks,      // init -> parent: namespaces and mounts exist; run prestart/createRuntime
  kRuntimeHooksDone,  // parent -> init
  kConsole,           // init -> parent: fd = pty master
  kSeccompListener,   // init -> parent: fd = seccomp notify listener
  kInitReady,         // init -> parent: set up, waiting for start
  kCommitted,         // parent -> init: the state names the init; init -> parent: death signal off
  kStart,             // parent -> init (run): start without the exec fifo
  kError,             // any -> parent: errno + message
};

std::string_view msg_name(Msg m);

struct Frame {
  Msg type;
  int32_t err = 0;
  std::string payload;
  UniqueFd fd;  // at most one fd per frame
};

Status send(int sock, Msg type, std::string_view payload = {}, int fd = -1) noexcept;
Status send_error(int sock, const Error& e) noexcept;
// Receives one frame. EOF is an error (ECONNRESET) naming the expected message.
Result<Frame> recv(int sock);
// Receives the expected frame. kError frames are turned back into their Error.
Result<Frame> expect(int sock, Msg want);

// Forks a sibling (CLONE_PARENT) that carries on the role: the caller reports the sibling's
// pid as kInitPid and exits. Returns in the sibling only, once that report is on the socket, so
// the sibling's own frames can never overtake it.
Status fork_and_report_pid(int sock) noexcept;

// A SOCK_SEQPACKET socketpair, both ends CLOEXEC.
Result<std::pair<UniqueFd, UniqueFd>> make_pair();

}  // namespace hako::sync

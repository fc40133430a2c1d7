// Internal to container/: bridges the runtime's own terminal and the container's pty for a
// foreground `run` with terminal:true (raw mode, SIGWINCH resize, restore on exit).
#pragma once

#include <poll.h>
#include <termios.h>

#include <memory>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::container {

class TtyBridge {
 public:
  static Result<std::unique_ptr<TtyBridge>> make(UniqueFd master);
  ~TtyBridge();
  int poll_fds(struct pollfd* fds);     // fills up to 2 entries, returns the count
  void pump(const struct pollfd* fds);  // copies what poll reported
  void drain();                         // copies remaining container output
  void resize();

 private:
  explicit TtyBridge(UniqueFd master) : master_(std::move(master)) {}
  UniqueFd master_;
  bool raw_ = false;
  bool stdin_open_ = true;
  struct termios saved_ {};
};

}  // namespace hako::container

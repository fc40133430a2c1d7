#include "runtime/container/tty_bridge.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>

namespace hako::container {

Result<std::unique_ptr<TtyBridge>> TtyBridge::make(UniqueFd master) {
  std::unique_ptr<TtyBridge> b(new TtyBridge(std::move(master)));
  if (::isatty(0) && ::tcgetattr(0, &b->saved_) == 0) {
    struct termios raw = b->saved_;
    ::cfmakeraw(&raw);
    if (::tcsetattr(0, TCSANOW, &raw) == 0) b->raw_ = true;
  }
  b->resize();
  return b;
}

TtyBridge::~TtyBridge() {
  if (raw_) ::tcsetattr(0, TCSANOW, &saved_);
}

int TtyBridge::poll_fds(struct pollfd* fds) {
  int n = 0;
  fds[n++] = {master_.get(), POLLIN, 0};
  if (stdin_open_) fds[n++] = {0, POLLIN, 0};
  return n;
}

namespace {
bool copy_once(int from, int to) {
  char buf[8192];
  ssize_t n = ::read(from, buf, sizeof buf);
  if (n <= 0) return false;
  for (ssize_t off = 0; off < n;) {
    ssize_t w = ::write(to, buf + off, static_cast<size_t>(n - off));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    off += w;
  }
  return true;
}
}  // namespace

void TtyBridge::pump(const struct pollfd* fds) {
  if (fds[0].revents & (POLLIN | POLLHUP)) copy_once(master_.get(), 1);
  if (stdin_open_ && (fds[1].revents & (POLLIN | POLLHUP)))
    if (!copy_once(0, master_.get())) stdin_open_ = false;
}

void TtyBridge::drain() {
  int flags = ::fcntl(master_.get(), F_GETFL);
  ::fcntl(master_.get(), F_SETFL, flags | O_NONBLOCK);
  while (copy_once(master_.get(), 1)) {
  }
}

void TtyBridge::resize() {
  struct winsize ws;
  if (::ioctl(0, TIOCGWINSZ, &ws) == 0) ::ioctl(master_.get(), TIOCSWINSZ, &ws);
}

}  // namespace hako::container

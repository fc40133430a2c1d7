#include "conformance/harness/wait.h"

#include <thread>

#include "conformance/common/text.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance {

Status wait_for_status(RuntimeUnderTest& r, unsigned mask, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds interval) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    HAKO_ASSIGN_OR_RETURN(State st, r.state());
    if (status_bit(st.status) & mask) return {};
    if (std::chrono::steady_clock::now() + interval > deadline)
      return Error::invalid("timeout in waiting for the container status");
    std::this_thread::sleep_for(interval);
  }
}

Status wait_for_signal_handler(int pid, int signo, std::chrono::milliseconds timeout) {
  std::string path = str_cat("/proc/", pid, "/status");
  bool caught = poll_until(
      [&] {
        auto status = sys::read_file(path);
        if (!status) return false;
        for (const auto& line : split(*status, '\n')) {
          if (line.rfind("SigCgt:", 0) != 0) continue;
          unsigned long long mask = std::stoull(std::string(sys::trim(line.substr(7))), nullptr, 16);
          return ((mask >> (signo - 1)) & 1) != 0;
        }
        return false;
      },
      timeout);
  if (caught) return {};
  return Error::invalid(str_cat("process ", pid, " installed no handler for signal ", signo));
}

}  // namespace hako::conformance

#include "conformance/harness/wait.h"

#include <thread>

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

}  // namespace hako::conformance

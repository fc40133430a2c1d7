// Polling a container's status against a deadline (catalog A.6). Upstream slept 1 s between
// polls; we poll every kPollInterval, which is the only sleep in the harness.
#pragma once

#include <chrono>

#include "conformance/harness/runtime.h"
#include "runtime/base/result.h"

namespace hako::conformance {

inline constexpr std::chrono::milliseconds kPollInterval{25};

// Returns once `state` reports a status whose bit (state.h) is in `mask`. A failing `state`
// ends the wait with that error at once; unknown status strings are ignored. On timeout:
// "timeout in waiting for the container status".
Status wait_for_status(RuntimeUnderTest& r, unsigned mask, std::chrono::milliseconds timeout,
                       std::chrono::milliseconds interval = kPollInterval);

// Waits until process `pid` has a handler for `signo` (its SigCgt mask in /proc/<pid>/status),
// so a test can signal a shell only after its `trap` is installed.
Status wait_for_signal_handler(int pid, int signo, std::chrono::milliseconds timeout);

// Polls `probe` until it returns true or the deadline passes; returns the last result.
template <typename F>
bool poll_until(F probe, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = kPollInterval);

}  // namespace hako::conformance

#include <thread>

template <typename F>
bool hako::conformance::poll_until(F probe, std::chrono::milliseconds timeout,
                                   std::chrono::milliseconds interval) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (probe()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

// hako::trace — phase timestamps for `hako --trace FILE` (where does a container's start-up
// time go?). Each mark is one line appended to FILE with a single write(2):
//   {"ns":<CLOCK_MONOTONIC>,"pid":<pid>,"phase":"<phase>"}
// The fd survives clone, so the container init marks its own phases into the same file until
// it execs (the fd is close-on-exec). scripts/trace-phases.py prints the breakdown.
// Disabled (the default) a mark is one predictable branch.
#pragma once

namespace hako::trace {

// Starts appending marks to `fd` (owned by the trace module from now on).
void enable(int fd) noexcept;
bool enabled() noexcept;
// The trace file's fd, or -1 (the container init keeps it open while it closes the others).
int fd() noexcept;

// Records `phase` (a string literal without quotes or backslashes). Async-signal-safe: no
// allocation, no locks; safe in the child after clone.
void mark(const char* phase) noexcept;

}  // namespace hako::trace

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

// Fault injection for crash-safety tests (tests/integration/killed_create_test.cc): the process
// that reaches the mark named `phase` SIGKILLs itself there, as if killed from outside at that
// point. Set from the environment variable HAKO_FAULT_KILL_AT by the CLI; null disarms.
void arm_fault_injection(const char* phase) noexcept;

// Records `phase` (a string literal without quotes or backslashes). Async-signal-safe: no
// allocation, no locks; safe in the child after clone.
void mark(const char* phase) noexcept;

}  // namespace hako::trace

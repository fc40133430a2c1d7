// hako::bench interrupt flag — SIGINT/SIGTERM handlers that only set a flag (async-signal-
// safe), so the benchmark stops between runs and tears down what it created (containers, state
// directories, bundles) instead of dying half-way.
#pragma once

namespace hako::bench {

// Installs the handlers (without SA_RESTART, so a blocking wait4 returns EINTR and is retried).
void install_interrupt_handlers();
bool interrupted();
// The signal that set the flag (0 if none); the CLI exits with 128 + it.
int interrupt_signal();

}  // namespace hako::bench

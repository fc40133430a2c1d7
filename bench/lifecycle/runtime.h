// hako::bench::lifecycle::Runtime — one OCI runtime under test: where its binary is, the
// optional wrapper every invocation goes through, and its private `--root` state directory.
// Builds the argv of each verb; never runs anything itself except `--version`.
#pragma once

#include <string>
#include <vector>

#include "bench/engine/spawn.h"
#include "runtime/base/result.h"

namespace hako::bench::lifecycle {

struct Runtime {
  std::string label;    // "runc", "crun", "hako", or LABEL from LABEL=PATH
  std::string binary;   // absolute path
  Argv wrapper;         // argv prefix (may be empty)
  std::string root;     // private state directory passed as --root

  // wrapper + binary + --root ROOT + args.
  Argv verb(std::initializer_list<std::string> args) const;
  // wrapper + binary + args (no --root: `--version`).
  Argv bare(std::initializer_list<std::string> args) const;
};

// Where a runtime named on the command line lives. `hako` is looked up in $HAKO_BIN, then in
// <source>/build/runtime/hako, then in $PATH; `runc`/`crun`/other names in $PATH; a path is
// used as is; LABEL=PATH names a path. Fails with one line naming the runtime.
struct RuntimeRef {
  std::string label;
  std::string binary;
};
Result<RuntimeRef> resolve_runtime(const std::string& spec, const std::string& source_dir);

// Labels become part of container ids and cgroup names: keep [A-Za-z0-9_.-], map the rest.
std::string sanitize_label(const std::string& label);

// `BINARY --version`: its first line, plus the "commit: …" line if one follows (or the error).
std::string runtime_version(const Runtime& rt);

}  // namespace hako::bench::lifecycle

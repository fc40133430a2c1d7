// Command line of hako-conformance, parsed from a table of {flag, takes value, handler}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace hako::conformance::runner {

struct Options {
  std::string runtime;                 // --runtime PATH (required unless --list)
  std::string wrap;                    // --wrap CMD, split like a shell would
  std::vector<std::string> filters;    // --filter GLOB (repeatable, or comma-separated)
  int jobs = 1;                        // --jobs N
  bool tap = false;                    // --tap: print every program's TAP
  std::string json_file;               // --json FILE
  std::string group = "runtime-tools"; // --group runtime-tools|youki|all
  std::string known_gaps;              // --known-gaps FILE
  std::string runtimetest;             // --runtimetest PATH (default: the build's)
  std::string rootfs;                  // --rootfs TARBALL (default: the build's)
  std::string tmpdir;                  // --tmpdir DIR (default: $TMPDIR or /tmp)
  int timeout_seconds = 180;           // --timeout SECONDS per program
  bool list = false;                   // --list
  bool show_stderr = false;            // --show-stderr: stderr of failing programs
  bool help = false;
  // Internal: run one program in this process (the runner re-executes itself per program).
  std::string run_program;
  std::string journal;
};

Result<Options> parse_options(const std::vector<std::string>& args);
std::string usage();

// Splits a command line the way sh does for plain words, '…' and "…" quoting and backslash
// escapes (no expansions). Used for --wrap.
Result<std::vector<std::string>> shell_split(std::string_view text);
// Quotes one argument for sh ('…' with embedded quotes escaped), for re-executing --wrap.
std::string shell_quote(std::string_view arg);

}  // namespace hako::conformance::runner

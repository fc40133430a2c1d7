// What one program run produced, and the verdict the runner draws from it.
#pragma once

#include <string>

#include "conformance/harness/tap_parse.h"
#include "conformance/runner/known_gaps.h"

namespace hako::conformance::runner {

struct ProgramRun {
  std::string name;
  std::string group;
  int exit_code = 0;
  bool timed_out = false;
  bool crashed = false;  // killed by a signal
  double seconds = 0;
  std::string out, err;
  TapSummary tap;
};

enum class Outcome {
  kPass,
  kFail,
  kBlocked,   // a stated host prerequisite is missing; neither pass nor fail
  kKnownGap,  // failed, and listed in the known-gaps file
};

struct Verdict {
  Outcome outcome = Outcome::kFail;
  std::string text;          // "pass", "FAIL: 2 not ok", "blocked: ...", "known gap: ..."
  bool stale_gap = false;    // passed although listed as a known gap
};

// pass: exit 0, every TAP document planned and complete, at least one point, no failing
// point (TODOs are not failures). blocked: every document is "1..0 # SKIP blocked: ...".
// Anything else fails: a crash, a timeout, a non-zero exit, missing or short TAP.
Verdict judge(const ProgramRun& run, const KnownGaps& gaps);

}  // namespace hako::conformance::runner

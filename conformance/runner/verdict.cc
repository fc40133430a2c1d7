#include "conformance/runner/verdict.h"

#include "runtime/base/str.h"

namespace hako::conformance::runner {

namespace {

std::string failure_reason(const ProgramRun& r) {
  if (r.timed_out) return "timed out";
  if (r.crashed) return str_cat("crashed (", r.exit_code, ")");
  if (r.tap.documents.empty()) return str_cat("no TAP output (exit ", r.exit_code, ")");
  if (r.tap.not_ok > 0) return str_cat(r.tap.not_ok, " not ok");
  if (!r.tap.complete()) return "incomplete TAP (missing plan or plan mismatch)";
  if (r.exit_code != 0) return str_cat("exit status ", r.exit_code);
  if (r.tap.points() == 0) return "no test points";
  return {};
}

}  // namespace

Verdict judge(const ProgramRun& r, const KnownGaps& gaps) {
  Verdict v;
  std::string blocked = r.tap.skipped_all();
  auto gap = gaps.find(r.name);
  if (!r.timed_out && !r.crashed && r.exit_code == 0 && !blocked.empty()) {
    v.outcome = Outcome::kBlocked;
    v.text = blocked.rfind("blocked: ", 0) == 0 ? blocked : str_cat("blocked: ", blocked);
    return v;
  }
  std::string why = failure_reason(r);
  if (why.empty()) {
    v.outcome = Outcome::kPass;
    v.text = "pass";
    if (gap != gaps.end()) {
      v.stale_gap = true;
      v.text = "pass (listed as a known gap: remove it)";
    }
    return v;
  }
  if (gap != gaps.end()) {
    v.outcome = Outcome::kKnownGap;
    v.text = str_cat("known gap (", why, "): ", gap->second);
    return v;
  }
  v.outcome = Outcome::kFail;
  v.text = str_cat("FAIL: ", why);
  return v;
}

}  // namespace hako::conformance::runner

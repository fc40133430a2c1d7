// The end-of-run report: a fixed-width table (program, ok, not ok, skip, seconds, verdict)
// with totals, and the same data as JSON.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/runner/verdict.h"

namespace hako::conformance::runner {

struct Totals {
  int ok = 0, not_ok = 0, skip = 0;
  int passed = 0, failed = 0, blocked = 0, known_gaps = 0, stale_gaps = 0;
  double seconds = 0;  // sum of program times
};

Totals totals(const std::vector<ProgramRun>& runs, const std::vector<Verdict>& verdicts);
std::string render_table(const std::vector<ProgramRun>& runs, const std::vector<Verdict>& verdicts,
                         double wall_seconds);
nlohmann::json to_json(const std::vector<ProgramRun>& runs, const std::vector<Verdict>& verdicts);
std::string_view outcome_name(Outcome o);

}  // namespace hako::conformance::runner

#include "conformance/runner/summary.h"

#include <algorithm>
#include <cstdio>

#include "runtime/base/str.h"

namespace hako::conformance::runner {

namespace {

std::string pad(std::string s, size_t width, bool right = false) {
  if (s.size() >= width) return s;
  std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", s);
  return buf;
}

}  // namespace

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kPass: return "pass";
    case Outcome::kFail: return "fail";
    case Outcome::kBlocked: return "blocked";
    case Outcome::kKnownGap: return "known-gap";
  }
  return "fail";
}

Totals totals(const std::vector<ProgramRun>& runs, const std::vector<Verdict>& verdicts) {
  Totals t;
  for (size_t i = 0; i < runs.size(); ++i) {
    t.ok += runs[i].tap.ok;
    t.not_ok += runs[i].tap.not_ok;
    t.skip += runs[i].tap.skip;
    t.seconds += runs[i].seconds;
    switch (verdicts[i].outcome) {
      case Outcome::kPass: ++t.passed; break;
      case Outcome::kFail: ++t.failed; break;
      case Outcome::kBlocked: ++t.blocked; break;
      case Outcome::kKnownGap: ++t.known_gaps; break;
    }
    if (verdicts[i].stale_gap) ++t.stale_gaps;
  }
  return t;
}

std::string render_table(const std::vector<ProgramRun>& runs, const std::vector<Verdict>& verdicts,
                         double wall_seconds) {
  size_t w = 7;
  for (const auto& r : runs) w = std::max(w, r.name.size());
  auto row = [&](std::string a, std::string b, std::string c, std::string d, std::string e,
                 std::string f) {
    return str_cat(pad(std::move(a), w), "  ", pad(std::move(b), 5, true), "  ",
                   pad(std::move(c), 6, true), "  ", pad(std::move(d), 5, true), "  ",
                   pad(std::move(e), 7, true), "  ", f, "\n");
  };
  std::string out = row("program", "ok", "not ok", "skip", "seconds", "verdict");
  out += row(std::string(w, '-'), "-----", "------", "-----", "-------", "-------");
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    out += row(r.name, std::to_string(r.tap.ok), std::to_string(r.tap.not_ok),
               std::to_string(r.tap.skip), seconds_text(r.seconds), verdicts[i].text);
  }
  Totals t = totals(runs, verdicts);
  out += row(std::string(w, '-'), "-----", "------", "-----", "-------", "-------");
  out += row("total", std::to_string(t.ok), std::to_string(t.not_ok), std::to_string(t.skip),
             seconds_text(t.seconds),
             str_cat(runs.size(), " programs: ", t.passed, " pass, ", t.failed, " fail, ",
                     t.blocked, " blocked, ", t.known_gaps, " known gap",
                     t.stale_gaps ? str_cat(", ", t.stale_gaps, " stale known gap") : ""));
  out += str_cat("wall time ", seconds_text(wall_seconds), " s\n");
  return out;
}

nlohmann::json to_json(const std::vector<ProgramRun>& runs, const std::vector<Verdict>& verdicts) {
  nlohmann::json programs = nlohmann::json::array();
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    programs.push_back({{"name", r.name},
                        {"group", r.group},
                        {"ok", r.tap.ok},
                        {"not_ok", r.tap.not_ok},
                        {"skip", r.tap.skip},
                        {"todo", r.tap.todo},
                        {"seconds", r.seconds},
                        {"exit_code", r.exit_code},
                        {"timed_out", r.timed_out},
                        {"outcome", outcome_name(verdicts[i].outcome)},
                        {"verdict", verdicts[i].text},
                        {"stale_gap", verdicts[i].stale_gap},
                        {"failures", r.tap.failures}});
  }
  Totals t = totals(runs, verdicts);
  return {{"programs", programs},
          {"totals",
           {{"ok", t.ok}, {"not_ok", t.not_ok}, {"skip", t.skip}, {"pass", t.passed},
            {"fail", t.failed}, {"blocked", t.blocked}, {"known_gap", t.known_gaps},
            {"stale_gap", t.stale_gaps}, {"seconds", t.seconds}}}};
}

}  // namespace hako::conformance::runner

// B.4 #14: process.oomScoreAdj against /proc/self/oom_score_adj.
#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

Status validate_oom_score_adj(Checker& c, const json& spec) {
  const json& want = at(spec, {"process", "oomScoreAdj"});
  if (want.is_null()) {
    c.tap().skip("process.oomScoreAdj not set");
    return {};
  }
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file("/proc/self/oom_score_adj"));
  for (const auto& line : split(text, '\n')) {
    std::string_view v = sys::trim(line);
    if (v.empty()) continue;
    int actual = std::stoi(std::string(v));
    c.ok_level(actual == want.get<int>(), SpecCode::kLinuxProcOomScoreAdjSet,
               "has expected OOM score adjustment",
               json{{"expected", want.get<int>()}, {"actual", actual}});
  }
  return {};
}

}  // namespace hako::conformance::runtimetest

// hyperfine 1.15's parameterised benchmarks: --parameter-scan VAR MIN MAX [-D STEP] and
// --parameter-list VAR V1,V2,... (repeatable), expanded into one command per combination with
// `{VAR}` replaced in the command, its name and its --prepare/--conclude. Same order as
// hyperfine: values outer, commands inner; with several lists the first list varies fastest.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace hako::bench::cli {

struct ParameterList {
  std::string name;
  std::vector<std::string> values;
};

struct ParameterScan {
  std::string name, min, max;
};

// The values of a scan: integers from MIN to MAX (inclusive) in steps of 1, or of STEP when
// given (then decimals, printed without trailing zeros as hyperfine does: 0, 0.1, 0.2).
Result<ParameterList> scan_values(const ParameterScan& scan, const std::string& step);

// Every combination, in hyperfine's order (the first list varies fastest).
std::vector<std::map<std::string, std::string>> combinations(const std::vector<ParameterList>& lists);

// `text` with every `{NAME}` of `values` replaced.
std::string substitute(const std::string& text, const std::map<std::string, std::string>& values);

}  // namespace hako::bench::cli

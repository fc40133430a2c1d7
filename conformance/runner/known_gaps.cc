#include "conformance/runner/known_gaps.h"

#include "conformance/common/text.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runner {

Result<KnownGaps> parse_known_gaps(std::string_view text) {
  KnownGaps gaps;
  int lineno = 0;
  for (const auto& raw : split(text, '\n')) {
    ++lineno;
    std::string_view line = sys::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    size_t sp = line.find_first_of(" \t");
    std::string name(line.substr(0, sp));
    std::string reason(sp == std::string_view::npos ? "" : sys::trim(line.substr(sp)));
    if (reason.empty())
      return Error::invalid(str_cat("line ", lineno, ": ", quote(name), " has no reason"));
    if (!gaps.emplace(name, reason).second)
      return Error::invalid(str_cat("line ", lineno, ": ", quote(name), " is listed twice"));
  }
  return gaps;
}

Result<KnownGaps> load_known_gaps(const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(path));
  auto gaps = parse_known_gaps(text);
  if (!gaps) return std::move(gaps).error().context(path);
  return gaps;
}

}  // namespace hako::conformance::runner

#include "runtime/cli/ps_table.h"

#include <algorithm>
#include <charconv>

#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::cli {
namespace {

// Go strings.Fields: split on runs of ASCII whitespace.
std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::string_view(" \t\r\n\v\f").find(s[i]) != std::string_view::npos)
      ++i;
    size_t start = i;
    while (i < s.size() && std::string_view(" \t\r\n\v\f").find(s[i]) == std::string_view::npos)
      ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::vector<std::string> ps_arguments(const std::vector<std::string>& extra) {
  if (extra.empty()) return {"-ef"};
  if (extra.size() > 1) return extra;
  std::vector<std::string> out;
  for (std::string_view f : fields(extra[0])) out.emplace_back(f);
  if (out.empty()) out.push_back("-ef");
  return out;
}

Result<std::string> filter_ps_table(std::string_view output, const std::vector<pid_t>& pids) {
  size_t eol = output.find('\n');
  std::string_view header = output.substr(0, eol);
  auto titles = fields(header);
  auto it = std::find(titles.begin(), titles.end(), "PID");
  if (it == titles.end()) return Error::invalid("couldn't find PID field in ps output");
  size_t index = static_cast<size_t>(it - titles.begin());
  std::vector<pid_t> sorted = pids;
  std::sort(sorted.begin(), sorted.end());
  std::string out = str_cat(header, "\n");
  std::string_view rest =
      eol == std::string_view::npos ? std::string_view() : output.substr(eol + 1);
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.empty()) continue;
    auto f = fields(line);
    pid_t pid = 0;
    std::string_view field = index < f.size() ? f[index] : std::string_view();
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), pid);
    if (field.empty() || ec != std::errc() || end != field.data() + field.size())
      return Error::invalid(
          str_cat("unable to parse pid: ", quote(field), " in ps line ", quote(line)));
    if (std::binary_search(sorted.begin(), sorted.end(), pid)) out += str_cat(line, "\n");
  }
  return out;
}

Result<std::string> ps_table(const std::vector<std::string>& extra,
                             const std::vector<pid_t>& pids) {
  std::vector<std::string> argv = {"ps"};
  for (auto& a : ps_arguments(extra)) argv.push_back(std::move(a));
  auto r = subprocess::run(argv);
  if (!r) return std::move(r).error().context("run ps");
  if (!r->success())
    return Error::invalid(str_cat("ps: ", r->describe(), ": ", sys::trim(r->out + r->err)));
  return filter_ps_table(r->out, pids);
}

}  // namespace hako::cli

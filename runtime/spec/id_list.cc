#include "runtime/spec/id_list.h"

#include <charconv>

#include "runtime/base/str.h"

namespace hako::spec {
namespace {

Result<unsigned> parse_id(std::string_view s, std::string_view item, unsigned limit) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec == std::errc::invalid_argument || end != s.data() + s.size())
    return Error::invalid(str_cat("invalid item ", quote(item), " (want N or N-M)"));
  if (ec == std::errc::result_out_of_range || v >= limit)
    return Error::invalid(str_cat(s, " is out of range (0-", limit - 1, ")"));
  return static_cast<unsigned>(v);
}

}  // namespace

Result<std::vector<uint64_t>> parse_id_list(std::string_view text, unsigned limit) {
  std::vector<uint64_t> mask;
  if (text.empty()) return mask;
  mask.assign((limit + 63) / 64, 0);
  while (true) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    size_t dash = item.find('-');
    HAKO_ASSIGN_OR_RETURN(unsigned first, parse_id(item.substr(0, dash), item, limit));
    unsigned last = first;
    if (dash != std::string_view::npos) {
      HAKO_ASSIGN_OR_RETURN(last, parse_id(item.substr(dash + 1), item, limit));
      if (last < first) return Error::invalid(str_cat("invalid range ", quote(item), " (end before start)"));
    }
    for (unsigned id = first; id <= last; ++id) mask[id / 64] |= uint64_t{1} << (id % 64);
    if (comma == std::string_view::npos) return mask;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace hako::spec

// Small text helpers shared by bench/ (kept here so bench does not depend on helper names in
// runtime/base that are still moving).
#pragma once

#include <string>
#include <string_view>

namespace hako::bench {

// "`x`" — how error messages quote an object (the project's error grammar).
inline std::string ticked(std::string_view v) {
  std::string s = "`";
  s.append(v);
  s.push_back('`');
  return s;
}

}  // namespace hako::bench

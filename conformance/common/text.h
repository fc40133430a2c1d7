// Text helpers shared by the harness and runtimetest: field splitting and the octal escapes
// of /proc/self/mountinfo.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hako::conformance {

// Space-separated fields of one line (runs of spaces give no empty fields).
std::vector<std::string_view> split_fields(std::string_view line);
// split_fields with owned strings.
std::vector<std::string> split_fields_owned(std::string_view line);
// Splits on every `sep`, keeping empty pieces ("a,,b" → "a", "", "b").
std::vector<std::string> split(std::string_view s, char sep);
// Decodes mountinfo's \ooo escapes (\040 is a space).
std::string decode_octal_escapes(std::string_view s);

}  // namespace hako::conformance

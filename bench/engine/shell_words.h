// hako::bench::shell_words — split a command line the way hyperfine -N does (the `shell-words`
// crate: POSIX quote removal, backslash escapes, line continuations and `#` comments; no
// expansions, no operators), and quote argv back into a line for display.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"

namespace hako::bench::shell_words {

// Fails only on an unmatched quote ("missing closing quote").
Result<std::vector<std::string>> split(std::string_view line);

// Quotes one word so that split() gives it back unchanged; plain words stay as they are.
std::string quote(std::string_view word);

// quote() of each word, joined by single spaces.
std::string join(const std::vector<std::string>& words);

}  // namespace hako::bench::shell_words

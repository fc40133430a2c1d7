#include "bench/engine/shell_words.h"

#include "runtime/base/str.h"

namespace hako::bench::shell_words {

namespace {

// The states of the shell-words tokenizer (POSIX "Token Recognition", quote removal only).
enum class State {
  kDelimiter,
  kBackslash,          // after a backslash, before a word started
  kUnquoted,
  kUnquotedBackslash,
  kSingleQuoted,
  kDoubleQuoted,
  kDoubleQuotedBackslash,
  kComment,
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Inside double quotes a backslash only escapes $ ` " \ and newline (POSIX 2.2.3).
bool escapable_in_double_quotes(char c) { return c == '$' || c == '`' || c == '"' || c == '\\'; }

State step(State s, char c, std::string& word, std::vector<std::string>& words) {
  switch (s) {
    case State::kDelimiter:
      if (c == '\'') return State::kSingleQuoted;
      if (c == '"') return State::kDoubleQuoted;
      if (c == '\\') return State::kBackslash;
      if (is_blank(c)) return State::kDelimiter;
      if (c == '#') return State::kComment;
      word.push_back(c);
      return State::kUnquoted;
    case State::kBackslash:
      if (c == '\n') return State::kDelimiter;
      word.push_back(c);
      return State::kUnquoted;
    case State::kUnquoted:
      if (c == '\'') return State::kSingleQuoted;
      if (c == '"') return State::kDoubleQuoted;
      if (c == '\\') return State::kUnquotedBackslash;
      if (is_blank(c)) {
        words.push_back(std::move(word));
        word.clear();
        return State::kDelimiter;
      }
      word.push_back(c);
      return State::kUnquoted;
    case State::kUnquotedBackslash:
      if (c != '\n') word.push_back(c);
      return State::kUnquoted;
    case State::kSingleQuoted:
      if (c == '\'') return State::kUnquoted;
      word.push_back(c);
      return State::kSingleQuoted;
    case State::kDoubleQuoted:
      if (c == '"') return State::kUnquoted;
      if (c == '\\') return State::kDoubleQuotedBackslash;
      word.push_back(c);
      return State::kDoubleQuoted;
    case State::kDoubleQuotedBackslash:
      if (c == '\n') return State::kDoubleQuoted;
      if (!escapable_in_double_quotes(c)) word.push_back('\\');
      word.push_back(c);
      return State::kDoubleQuoted;
    case State::kComment:
      return c == '\n' ? State::kDelimiter : State::kComment;
  }
  return s;
}

}  // namespace

Result<std::vector<std::string>> split(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  State s = State::kDelimiter;
  for (char c : line) s = step(s, c, word, words);
  switch (s) {
    case State::kSingleQuoted:
    case State::kDoubleQuoted:
    case State::kDoubleQuotedBackslash:
      return Error::invalid(str_cat("split ", hako::quote(line), ": missing closing quote"));
    case State::kBackslash:
    case State::kUnquotedBackslash:
      word.push_back('\\');  // a trailing backslash stays literal
      words.push_back(std::move(word));
      break;
    case State::kUnquoted:
      words.push_back(std::move(word));
      break;
    case State::kDelimiter:
    case State::kComment:
      break;
  }
  return words;
}

std::string quote(std::string_view word) {
  if (word.empty()) return "''";
  bool special = false;
  for (char c : word) {
    if (std::string_view("\n'|&;<>()$`\\\" \t*?[#~=%").find(c) != std::string_view::npos) {
      special = true;
      break;
    }
  }
  if (!special) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string line;
  for (const auto& w : words) {
    if (!line.empty()) line.push_back(' ');
    line += quote(w);
  }
  return line;
}

}  // namespace hako::bench::shell_words

#include "conformance/runner/options.h"

#include <charconv>
#include <functional>

#include "conformance/common/text.h"
#include "runtime/base/str.h"

namespace hako::conformance::runner {

namespace {

Result<int> parse_int(std::string_view flag, std::string_view v, int min) {
  int n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < min)
    return Error::invalid(str_cat(flag, ": expected an integer >= ", min, ", got ", quote(v)));
  return n;
}

struct Flag {
  std::string_view name;
  bool takes_value;
  std::function<Status(Options&, const std::string&)> set;
};

const std::vector<Flag>& flags() {
  static const std::vector<Flag> table = {
      {"--runtime", true, [](Options& o, const std::string& v) -> Status { o.runtime = v; return {}; }},
      {"--wrap", true, [](Options& o, const std::string& v) -> Status { o.wrap = v; return {}; }},
      {"--filter", true, [](Options& o, const std::string& v) -> Status {
         for (auto& f : split(v, ','))
           if (!f.empty()) o.filters.push_back(f);
         return {};
       }},
      {"--jobs", true, [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(o.jobs, parse_int("--jobs", v, 1));
         return {};
       }},
      {"--tap", false, [](Options& o, const std::string&) -> Status { o.tap = true; return {}; }},
      {"--json", true, [](Options& o, const std::string& v) -> Status { o.json_file = v; return {}; }},
      {"--group", true, [](Options& o, const std::string& v) -> Status {
         if (v != "runtime-tools" && v != "youki" && v != "all")
           return Error::invalid(str_cat("--group: expected runtime-tools, youki or all, got ", quote(v)));
         o.group = v;
         return {};
       }},
      {"--known-gaps", true, [](Options& o, const std::string& v) -> Status { o.known_gaps = v; return {}; }},
      {"--runtimetest", true, [](Options& o, const std::string& v) -> Status { o.runtimetest = v; return {}; }},
      {"--rootfs", true, [](Options& o, const std::string& v) -> Status { o.rootfs = v; return {}; }},
      {"--tmpdir", true, [](Options& o, const std::string& v) -> Status { o.tmpdir = v; return {}; }},
      {"--timeout", true, [](Options& o, const std::string& v) -> Status {
         HAKO_ASSIGN_OR_RETURN(o.timeout_seconds, parse_int("--timeout", v, 1));
         return {};
       }},
      {"--list", false, [](Options& o, const std::string&) -> Status { o.list = true; return {}; }},
      {"--show-stderr", false, [](Options& o, const std::string&) -> Status { o.show_stderr = true; return {}; }},
      {"--help", false, [](Options& o, const std::string&) -> Status { o.help = true; return {}; }},
      {"--run-program", true, [](Options& o, const std::string& v) -> Status { o.run_program = v; return {}; }},
      {"--journal", true, [](Options& o, const std::string& v) -> Status { o.journal = v; return {}; }},
  };
  return table;
}

}  // namespace

Result<Options> parse_options(const std::vector<std::string>& args) {
  Options o;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i], value;
    bool inline_value = false;
    if (auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (name == "-h") name = "--help";
    const Flag* flag = nullptr;
    for (const auto& f : flags())
      if (f.name == name) flag = &f;
    if (!flag) return Error::invalid(str_cat("unknown argument ", quote(args[i]), " (see --help)"));
    if (flag->takes_value && !inline_value) {
      if (i + 1 >= args.size()) return Error::invalid(str_cat(name, " needs a value"));
      value = args[++i];
    }
    if (!flag->takes_value && inline_value)
      return Error::invalid(str_cat(name, " takes no value"));
    HAKO_TRY(flag->set(o, value));
  }
  if (!o.help && !o.list && o.runtime.empty()) return Error::invalid("--runtime PATH is required");
  return o;
}

std::string usage() {
  return "usage: hako-conformance --runtime PATH [--wrap CMD] [--filter GLOB[,GLOB...]]\n"
         "         [--jobs N] [--tap] [--json FILE] [--group runtime-tools|youki|all]\n"
         "         [--known-gaps FILE] [--timeout SECONDS] [--show-stderr]\n"
         "         [--runtimetest PATH] [--rootfs TARBALL] [--tmpdir DIR]\n"
         "       hako-conformance --list [--group ...]\n"
         "Runs the OCI runtime-tools validation suite (and the youki extras) against any\n"
         "runtime binary. Exit status 0 only if no program failed (known gaps excepted).\n"
         "--wrap CMD prefixes every runtime call; the runtime path and its arguments follow,\n"
         "e.g. --wrap conformance/wrappers/cgroup-v1-only.sh for crun 1.8 on a hybrid host.\n";
}

Result<std::vector<std::string>> shell_split(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) out.push_back(std::move(cur)), cur.clear(), in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      size_t end = text.find('\'', i + 1);
      if (end == std::string_view::npos) return Error::invalid("unterminated ' in --wrap");
      cur.append(text.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() &&
            (text[j + 1] == '"' || text[j + 1] == '\\' || text[j + 1] == '$' || text[j + 1] == '`'))
          ++j;
        cur.push_back(text[j]);
      }
      if (j >= text.size()) return Error::invalid("unterminated \" in --wrap");
      i = j;
    } else if (c == '\\' && i + 1 < text.size()) {
      cur.push_back(text[++i]);
    } else {
      cur.push_back(c);
    }
  }
  if (in_word) out.push_back(std::move(cur));
  return out;
}

std::string shell_quote(std::string_view arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') out.append("'\\''");
    else out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace hako::conformance::runner

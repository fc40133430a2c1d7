#include "runtime/cli/args.h"

#include "runtime/base/str.h"

namespace hako::cli {

bool Args::has(const std::string& name) const { return raw.count(name) > 0; }

bool Args::flag(const std::string& name) const {
  auto it = raw.find(name);
  if (it == raw.end() || it->second.empty()) return false;
  const std::string& v = it->second.back();
  return v != "false" && v != "0";
}

std::string Args::value(const std::string& name, const std::string& def) const {
  auto it = raw.find(name);
  return it == raw.end() || it->second.empty() ? def : it->second.back();
}

std::vector<std::string> Args::values(const std::string& name) const {
  auto it = raw.find(name);
  return it == raw.end() ? std::vector<std::string>{} : it->second;
}

namespace {
const Flag* find(const std::vector<Flag>& flags, const std::string& name) {
  for (const Flag& f : flags)
    if (name == f.name || (*f.short_name && name == f.short_name)) return &f;
  return nullptr;
}
}  // namespace

Result<Args> parse_args(const std::vector<Flag>& flags, const std::vector<std::string>& argv,
                        size_t start, Order order) {
  Args a;
  size_t i = start;
  for (; i < argv.size(); ++i) {
    const std::string& tok = argv[i];
    if (tok == "--") {
      ++i;
      break;
    }
    if (tok.size() < 2 || tok[0] != '-') {
      if (order == Order::kFlagsFirst) break;
      a.positional.push_back(tok);
      continue;
    }
    std::string body = tok.substr(tok[1] == '-' ? 2 : 1);
    std::optional<std::string> inline_value;
    if (auto eq = body.find('='); eq != std::string::npos) {
      inline_value = body.substr(eq + 1);
      body = body.substr(0, eq);
    }
    const Flag* f = find(flags, body);
    if (!f) return Error::invalid(str_cat("flag provided but not defined: -", body));
    if (f->kind == Flag::kBool) {
      std::string v = inline_value.value_or("true");
      if (v != "true" && v != "false" && v != "1" && v != "0")
        return Error::invalid(str_cat("invalid boolean value ", dquote(v), " for -", body));
      a.raw[f->name].push_back(v);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size())
        return Error::invalid(str_cat("flag needs an argument: ", tok.substr(0, tok.find('='))));
      inline_value = argv[++i];
    }
    a.raw[f->name].push_back(*inline_value);
  }
  for (; i < argv.size(); ++i) a.positional.push_back(argv[i]);
  return a;
}

std::string flags_help(const std::vector<Flag>& flags) {
  std::string out;
  for (const Flag& f : flags) {
    std::string left = str_cat("  --", f.name);
    if (*f.short_name) left += str_cat(", -", f.short_name);
    if (f.kind != Flag::kBool) left += " value";
    if (left.size() < 30) left.resize(30, ' ');
    out += str_cat(left, " ", f.help, "\n");
  }
  return out;
}

}  // namespace hako::cli

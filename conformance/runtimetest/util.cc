#include "conformance/runtimetest/util.h"

#include "conformance/common/text.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runtimetest {

const nlohmann::json& at(const nlohmann::json& j, std::initializer_list<std::string_view> path) {
  static const nlohmann::json null_value;
  const nlohmann::json* cur = &j;
  for (std::string_view k : path) {
    if (!cur->is_object()) return null_value;
    auto it = cur->find(std::string(k));
    if (it == cur->end()) return null_value;
    cur = &*it;
  }
  return *cur;
}

std::string str_or(const nlohmann::json& j, std::string_view key, std::string fallback) {
  const auto& v = at(j, {key});
  return v.is_string() ? v.get<std::string>() : fallback;
}

bool has_nonempty(const nlohmann::json& j, std::string_view key) {
  const auto& v = at(j, {key});
  if (v.is_null()) return false;
  if (v.is_string() || v.is_array() || v.is_object()) return !v.empty();
  return true;
}

std::string clean_path(std::string_view p) {
  if (p.empty()) return ".";
  bool rooted = p.front() == '/';
  std::vector<std::string> parts;
  for (const auto& part : split(p, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!rooted) parts.push_back("..");
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out.push_back('/');
    out.append(parts[i]);
  }
  return out.empty() ? "." : out;
}

std::string base_name(std::string_view p) {
  std::string c = clean_path(p);
  if (c == "/") return "/";
  auto slash = c.rfind('/');
  return slash == std::string::npos ? c : c.substr(slash + 1);
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  static const char* hex = "0123456789abcdef";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out.append("\\x");
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

std::vector<MountInfo> parse_mountinfo(std::string_view text) {
  std::vector<MountInfo> out;
  for (const auto& line : split(text, '\n')) {
    auto f = split_fields(line);
    // id parent maj:min root mountpoint options [optional...] - fstype source superopts
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (f.size() < 7 || dash + 2 >= f.size()) continue;
    MountInfo m;
    m.root = decode_octal_escapes(f[3]);
    m.mount_point = decode_octal_escapes(f[4]);
    m.options = std::string(f[5]);
    m.fs_type = std::string(f[dash + 1]);
    m.source = decode_octal_escapes(f[dash + 2]);
    if (dash + 3 < f.size()) m.super_options = std::string(f[dash + 3]);
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<MountInfo>> read_mountinfo(const std::string& path) {
  HAKO_ASSIGN_OR_RETURN(std::string text, sys::read_file(path));
  return parse_mountinfo(text);
}

bool has_option(std::string_view csv, std::string_view option) {
  for (const auto& o : split(csv, ','))
    if (o == option) return true;
  return false;
}

}  // namespace hako::conformance::runtimetest

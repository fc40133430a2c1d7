#include "config_doc.h"

#include <sys/stat.h>
#include <unistd.h>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/spec/default_spec.h"
#include "runtime/spec/parse.h"
#include "runtime/spec/validate.h"

namespace hako::py {

using Json = ConfigDoc::Json;

namespace {

std::string type_name(const Json& j) { return j.is_null() ? "null" : j.type_name(); }

bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Array index token of RFC 6901: "0" or digits without a leading zero; "-" is one past the end.
Result<size_t> array_index(const std::string& token, size_t size, bool allow_end,
                           std::string_view pointer) {
  if (allow_end && token == "-") return size;
  bool digits = !token.empty() && token.size() < 10 && (token == "0" || token[0] != '0');
  for (char c : token) digits = digits && c >= '0' && c <= '9';
  if (!digits)
    return Error::invalid(str_cat(quote(pointer), ": ", quote(token), " is not an array index"));
  size_t i = std::stoul(token);
  if (i > size || (i == size && !allow_end))
    return Error::invalid(
        str_cat(quote(pointer), ": index ", i, " is out of range (size ", size, ")"));
  return i;
}

std::vector<std::string> tokens_of(Json::json_pointer ptr) {
  std::vector<std::string> tokens;
  for (; !ptr.empty(); ptr.pop_back()) tokens.insert(tokens.begin(), ptr.back());
  return tokens;
}

}  // namespace

Result<Json::json_pointer> make_pointer(std::string_view pointer) {
  try {
    return Json::json_pointer(std::string(pointer));
  } catch (const nlohmann::json::exception& e) {
    return Error::invalid(str_cat(quote(pointer), ": not a JSON pointer (", e.what(), ")"));
  }
}

Result<ConfigDoc> ConfigDoc::parse(std::string_view text, std::string origin) {
  // The runtime's own parser first: its messages name the JSON path (and line:col for syntax).
  auto spec = spec::parse_config(text);
  if (!spec)
    return origin.empty() ? std::move(spec).error() : std::move(spec).error().context(origin);
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Error::invalid(str_cat(origin.empty() ? "config" : origin, ": not a JSON object"));
  return ConfigDoc(std::move(doc), std::move(origin));
}

Result<ConfigDoc> ConfigDoc::load(const std::string& path) {
  const std::string file = is_directory(path) ? str_cat(path, "/config.json") : path;
  auto text = sys::read_file(file);
  if (!text) return std::move(text).error().context(str_cat("load ", quote(file)));
  return parse(*text, file);
}

ConfigDoc ConfigDoc::make_default(bool rootless) {
  return ConfigDoc(Json::parse(spec::default_config_json(rootless, ::getuid(), ::getgid())), "");
}

Status ConfigDoc::check(bool parse_only) const {
  auto spec = spec::parse_config(doc_.dump());
  const std::string where = origin_.empty() ? "config" : origin_;
  if (!spec) return std::move(spec).error().context(where);
  if (parse_only) return {};
  return spec::validate(*spec).context(where);
}

std::string ConfigDoc::dump(int indent) const { return doc_.dump(indent); }

Result<std::string> ConfigDoc::save(const std::string& path, bool check_first) const {
  if (check_first) HAKO_TRY(check());
  const std::string file = is_directory(path) ? str_cat(path, "/config.json") : path;
  HAKO_TRY(
      sys::write_file_atomic(file, dump(4) + "\n", 0644).context(str_cat("save ", quote(file))));
  return file;
}

Result<const Json*> ConfigDoc::find(std::string_view pointer) const {
  HAKO_ASSIGN_OR_RETURN(auto ptr, make_pointer(pointer));
  const Json* cur = &doc_;
  std::string walked;
  // Walk token by token so that a type mismatch names where it happened.
  const std::vector<std::string> tokens = tokens_of(ptr);
  for (const std::string& token : tokens) {
    if (cur->is_object()) {
      auto it = cur->find(token);
      if (it == cur->end()) return static_cast<const Json*>(nullptr);
      cur = &*it;
    } else if (cur->is_array()) {
      HAKO_ASSIGN_OR_RETURN(size_t i, array_index(token, cur->size(), false, pointer));
      cur = &(*cur)[i];
    } else if (cur->is_null()) {
      return static_cast<const Json*>(nullptr);
    } else {
      return Error::invalid(str_cat(quote(pointer), ": ", quote(walked.empty() ? "/" : walked),
                                    " is ", type_name(*cur), ", not an object or array"));
    }
    walked += "/" + token;
  }
  return cur;
}

Result<Json*> ConfigDoc::ensure(std::string_view pointer) {
  HAKO_ASSIGN_OR_RETURN(auto ptr, make_pointer(pointer));
  const std::vector<std::string> tokens = tokens_of(ptr);
  Json* cur = &doc_;
  std::string walked;
  for (const std::string& token : tokens) {
    if (cur->is_null()) *cur = Json::object();
    if (cur->is_object()) {
      cur = &(*cur)[token];
    } else if (cur->is_array()) {
      HAKO_ASSIGN_OR_RETURN(size_t i, array_index(token, cur->size(), true, pointer));
      if (i == cur->size()) cur->push_back(nullptr);
      cur = &(*cur)[i];
    } else {
      return Error::invalid(str_cat(quote(pointer), ": ", quote(walked.empty() ? "/" : walked),
                                    " is ", type_name(*cur), ", not an object or array"));
    }
    walked += "/" + token;
  }
  return cur;
}

Status ConfigDoc::erase(std::string_view pointer) {
  HAKO_ASSIGN_OR_RETURN(auto ptr, make_pointer(pointer));
  if (ptr.empty()) return Error::invalid("cannot delete the whole document");
  const std::string last = ptr.back();
  Json::json_pointer parent_ptr = ptr;
  parent_ptr.pop_back();
  HAKO_ASSIGN_OR_RETURN(const Json* parent, find(parent_ptr.to_string()));
  if (!parent) return {};
  Json* p = const_cast<Json*>(parent);
  if (p->is_object()) {
    p->erase(last);
  } else if (p->is_array()) {
    HAKO_ASSIGN_OR_RETURN(size_t i, array_index(last, p->size(), false, pointer));
    p->erase(p->begin() + static_cast<std::ptrdiff_t>(i));
  }
  return {};
}

}  // namespace hako::py

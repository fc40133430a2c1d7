#include "runtime/spec/json_reader.h"

#include <algorithm>

namespace hako::spec::internal {

std::string Path::render() const {
  std::vector<const Path*> chain;
  for (const Path* p = this; p; p = p->parent) chain.push_back(p);
  std::reverse(chain.begin(), chain.end());
  std::string s;
  for (const Path* p : chain) {
    if (p->key) {
      if (!*p->key) continue;  // the root
      if (!s.empty()) s.push_back('.');
      s.append(p->key);
    } else {
      s.append(str_cat('[', p->index, ']'));
    }
  }
  return s.empty() ? "(root)" : s;
}

std::string_view type_name(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    case Json::value_t::number_float: return "number";
    default: return "value";
  }
}

Result<Obj> Obj::of(const Json& j, Path p) {
  if (!j.is_object()) return path_error(p, str_cat("expected object, got ", type_name(j)));
  return Obj(j, p);
}

const Json* Obj::find(const char* key) const {
  auto it = j_.find(key);
  if (it == j_.end() || it->is_null()) return nullptr;
  return &*it;
}

Status Obj::str(const char* key, std::string& out, bool required) const {
  const Json* v = find(key);
  if (!v) return required ? missing(key) : Status{};
  if (!v->is_string())
    return path_error(p_.member(key), str_cat("expected string, got ", type_name(*v)));
  out = v->get<std::string>();
  return {};
}

Status Obj::str_opt(const char* key, std::optional<std::string>& out) const {
  std::string s;
  if (!find(key)) return {};
  HAKO_TRY(str(key, s));
  out = std::move(s);
  return {};
}

Status Obj::boolean(const char* key, bool& out) const {
  const Json* v = find(key);
  if (!v) return {};
  if (!v->is_boolean())
    return path_error(p_.member(key), str_cat("expected boolean, got ", type_name(*v)));
  out = v->get<bool>();
  return {};
}

Status Obj::boolean_opt(const char* key, std::optional<bool>& out) const {
  bool b = false;
  if (!find(key)) return {};
  HAKO_TRY(boolean(key, b));
  out = b;
  return {};
}

Status Obj::strings(const char* key, std::vector<std::string>& out, bool required) const {
  const Json* v = find(key);
  if (!v) return required ? missing(key) : Status{};
  Path ap = p_.member(key);
  if (!v->is_array()) return path_error(ap, str_cat("expected array of strings, got ", type_name(*v)));
  out.clear();
  out.reserve(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    const Json& e = (*v)[i];
    if (!e.is_string()) return path_error(ap.at(i), str_cat("expected string, got ", type_name(e)));
    out.push_back(e.get<std::string>());
  }
  return {};
}

Status Obj::string_map(const char* key, std::map<std::string, std::string>& out) const {
  const Json* v = find(key);
  if (!v) return {};
  Path mp = p_.member(key);
  if (!v->is_object()) return path_error(mp, str_cat("expected object, got ", type_name(*v)));
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!it->is_string())
      return path_error(mp, str_cat("value of ", quote(it.key()), ": expected string, got ",
                                    type_name(*it)));
    out.emplace(it.key(), it->get<std::string>());
  }
  return {};
}

}  // namespace hako::spec::internal

// hako::py::ConfigDoc — a bundle's config.json as the Python `Config` edits it. The document
// is kept as JSON (key order and members hako does not model survive a load/save round trip);
// checking is runtime/spec's: parse_config for types and values, validate for cross-field
// rules. Pure, in-process work: no container is touched (docs/design/conventions.md §7).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::py {

class ConfigDoc {
 public:
  using Json = nlohmann::ordered_json;

  // `origin` names the text in errors (a file name, or "" for a string).
  static Result<ConfigDoc> parse(std::string_view text, std::string origin);
  // `path` is a config.json or a bundle directory (its config.json is read).
  static Result<ConfigDoc> load(const std::string& path);
  // runc's `spec` template as `hako spec` writes it (rootless: user namespace for the caller).
  static ConfigDoc make_default(bool rootless);

  // parse_config on the current document, then spec::validate unless `parse_only`.
  Status check(bool parse_only = false) const;
  std::string dump(int indent) const;
  // Writes atomically to `path` (a directory means DIR/config.json) and returns the file
  // written; checks first unless `check_first` is false (to write broken configs on purpose).
  Result<std::string> save(const std::string& path, bool check_first) const;

  const std::string& origin() const { return origin_; }
  void set_origin(std::string o) { origin_ = std::move(o); }
  Json& json() { return doc_; }
  const Json& json() const { return doc_; }

  // The value at an RFC 6901 pointer, or nullptr when absent.
  Result<const Json*> find(std::string_view pointer) const;
  // The value at `pointer`, created (with intermediate objects) when absent. Fails when a
  // parent on the way is not an object.
  Result<Json*> ensure(std::string_view pointer);
  // Removes the member at `pointer` (absent: nothing happens).
  Status erase(std::string_view pointer);

 private:
  ConfigDoc(Json doc, std::string origin) : doc_(std::move(doc)), origin_(std::move(origin)) {}
  Json doc_;
  std::string origin_;
};

// "a/b" → "/a/b"-style pointer parsing errors name the pointer: "`/process/x`: ...".
Result<nlohmann::ordered_json::json_pointer> make_pointer(std::string_view pointer);

}  // namespace hako::py

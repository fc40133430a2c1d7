#include "tests/fuzz/checks.h"

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"
#include "runtime/spec/parse.h"
#include "runtime/spec/validate.h"
#include "runtime/state/canonical.h"
#include "runtime/state/state.h"

namespace hako::fuzz {
namespace {

using nlohmann::json;

// A user reads errors on one line (and the CLI's JSON log keeps one record per line).
std::string bad_message(const char* what, const Error& e) {
  std::string m = e.to_string();
  if (m.empty()) return str_cat(what, ": empty error message");
  if (m.find('\n') != std::string::npos) return str_cat(what, ": multi-line error: ", m);
  return "";
}

template <typename T>
std::string check_error(const char* what, const Result<T>& r) {
  return r ? "" : bad_message(what, r.error());
}

// The value the state reader kept for `key` must equal the file's (json compares numbers by
// value across integer and float kinds, so 1.5 != 1 and 4294967297 != 1).
template <typename T>
std::string same_number(const json& doc, const char* key, T kept) {
  auto it = doc.find(key);
  if (it == doc.end() || *it == json(kept)) return "";
  return str_cat("state: \"", key, "\" ", it->dump(), " read as ", json(kept).dump());
}

}  // namespace

std::string check_config(std::string_view input) {
  auto spec = spec::parse_config(input);
  if (!spec) return check_error("parse_config", spec);
  if (auto v = spec::validate(*spec); !v) {
    if (auto m = bad_message("validate", v.error()); !m.empty()) return m;
  }
  if (auto m = check_error("parse_process", spec::parse_process(input)); !m.empty()) return m;
  return check_error("parse_resources", spec::parse_resources(input));
}

namespace {

// The canonical fast reader (state/canonical.h) may only answer where the full parse gives the
// same state (what it refuses goes to the full parse anyway).
std::string check_canonical(const std::string& text) {
  auto fast = state::internal::read_canonical(text);
  if (!fast) return "";
  auto full = state::internal::deserialize_full(text);
  if (!full) return str_cat("state: the canonical reader accepted what the full parse refuses: ",
                            full.error().to_string());
  if (state::serialize(*fast) != state::serialize(*full))
    return str_cat("state: the canonical reader and the full parse disagree on ", text);
  return "";
}

}  // namespace

std::string check_state(std::string_view input) {
  std::string text(input);
  if (auto m = check_canonical(text); !m.empty()) return m;
  auto s = state::deserialize(text);
  if (!s) return check_error("deserialize", s);
  if (s->pid < 0) return str_cat("state: accepted a negative pid ", s->pid);
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return "state: accepted a document that is not a JSON object";
  for (auto m : {same_number(doc, "pid", s->pid), same_number(doc, "startTime", s->start_time),
                 same_number(doc, "owner", s->owner)})
    if (!m.empty()) return m;
  std::string once = state::serialize(*s);
  auto again = state::deserialize(once);
  if (!again) return str_cat("state: its own serialization does not read back: ", again.error().to_string());
  std::string twice = state::serialize(*again);
  if (twice != once) return str_cat("state: round trip changed ", once, " into ", twice);
  return "";
}

}  // namespace hako::fuzz

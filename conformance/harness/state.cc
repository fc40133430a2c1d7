#include "conformance/harness/state.h"

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"

namespace hako::conformance {

namespace {

// Go's decoder leaves absent fields at their zero value and rejects wrong types.
template <typename T>
bool take(const nlohmann::json& doc, const char* key, T& out) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return true;
  try {
    out = it->get<T>();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace

Result<State> parse_state(std::string_view json_text) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Error::invalid("state: output is not a JSON object");
  State s;
  if (!take(doc, "ociVersion", s.oci_version) || !take(doc, "id", s.id) ||
      !take(doc, "status", s.status) || !take(doc, "pid", s.pid) ||
      !take(doc, "bundle", s.bundle) || !take(doc, "annotations", s.annotations))
    return Error::invalid("state: a field has the wrong type");
  return s;
}

unsigned status_bit(std::string_view status) {
  if (status == "creating") return kCreating;
  if (status == "created") return kCreated;
  if (status == "running") return kRunning;
  if (status == "stopped") return kStopped;
  return 0;
}

}  // namespace hako::conformance

// Reads back TAP 13 streams: used by the in-container driver (nested runtimetest output) and
// the runner (one program's stdout, which may hold several concatenated documents).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hako::conformance {

struct TapDocument {
  int points = 0;
  int planned = -1;            // -1: no plan line seen
  std::string skip_all;        // reason of a "1..0 # SKIP reason" plan
};

struct TapSummary {
  int ok = 0;                  // passing points, SKIPs excluded
  int not_ok = 0;              // failing points, TODOs excluded
  int skip = 0;
  int todo = 0;
  std::vector<TapDocument> documents;
  std::vector<std::string> failures;  // descriptions of the not-ok points
  std::vector<std::string> stray;     // lines that are neither TAP nor YAML

  int points() const { return ok + not_ok + skip + todo; }
  // Every document has a plan and the plan matches the points it printed.
  bool complete() const;
  // All documents are "1..0 # SKIP reason" and nothing ran: the joined reasons.
  std::string skipped_all() const;
};

TapSummary parse_tap(std::string_view text);

}  // namespace hako::conformance

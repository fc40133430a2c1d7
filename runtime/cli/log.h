// The CLI's log: errors go to stderr as a bare line and, with --log, as one structured record
// (text: logrus style; json: {"level","msg","time"} with an RFC 3339 time), the shape that
// containerd and podman parse (docs/design/cli-contract.md §1.6, §2.1). Only the CLI logs; the
// library returns errors.
#pragma once

#include <string>

#include "runtime/base/result.h"

namespace hako::cli::log {

enum class Level { kError, kWarning, kInfo, kDebug };

// Opens the log file (created even when nothing is logged) and sets the format and level.
Status configure(const std::string& path, const std::string& format, bool debug);
void write(Level level, const std::string& msg);
inline void error(const std::string& msg) { write(Level::kError, msg); }
inline void warn(const std::string& msg) { write(Level::kWarning, msg); }
inline void debug(const std::string& msg) { write(Level::kDebug, msg); }

}  // namespace hako::cli::log

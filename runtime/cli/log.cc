#include "runtime/cli/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"
#include "runtime/state/state.h"

namespace hako::cli::log {
namespace {

struct Config {
  UniqueFd fd;  // empty: stderr only
  bool json = false;
  bool debug = false;
};

Config& config() {
  static Config c;
  return c;
}

std::string_view level_name(Level l) {
  switch (l) {
    case Level::kError: return "error";
    case Level::kWarning: return "warning";
    case Level::kInfo: return "info";
    case Level::kDebug: return "debug";
  }
  return "info";
}

std::string text_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string record(Level level, const std::string& msg, bool json) {
  std::string time = state::now_rfc3339();
  if (json) {
    nlohmann::ordered_json j;
    j["level"] = level_name(level);
    j["msg"] = msg;
    j["time"] = time;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  return str_cat("time=\"", time, "\" level=", level_name(level), " msg=\"", text_escape(msg), "\"\n");
}

}  // namespace

Status configure(const std::string& path, const std::string& format, bool debug) {
  Config& c = config();
  if (format != "text" && format != "json") return Error::invalid(str_cat("invalid log-format: ", format));
  c.json = format == "json";
  c.debug = debug;
  if (path.empty()) return {};
  std::string p = path.rfind("file:", 0) == 0 ? path.substr(5) : path;
  int fd = ::open(p.c_str(), O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Error::from_errno(errno, str_cat("open log file ", quote(p)));
  c.fd.reset(fd);
  return {};
}

void write(Level level, const std::string& msg) {
  Config& c = config();
  if (level == Level::kDebug && !c.debug) return;
  if (c.fd) {
    std::string r = record(level, msg, c.json);
    (void)sys::write_all(c.fd.get(), r);
    // runc prints the bare error on stderr as well when --log points elsewhere.
    if (level == Level::kError) (void)sys::write_all(2, msg + "\n");
    return;
  }
  if (level == Level::kError) {
    (void)sys::write_all(2, msg + "\n");
  } else {
    (void)sys::write_all(2, record(level, msg, c.json));
  }
}

}  // namespace hako::cli::log

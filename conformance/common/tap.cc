#include "conformance/common/tap.h"

#include <cstdio>

#include "runtime/base/str.h"

namespace hako::conformance {

Tap Tap::to_stdout() {
  return Tap([](std::string_view s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
  });
}

void Tap::line(std::string_view text) {
  std::string s(text);
  s.push_back('\n');
  sink_(s);
}

void Tap::header() { line("TAP version 13"); }

void Tap::ok(bool passed, std::string_view description) {
  ++count_;
  if (!passed) ++failures_;
  line(str_cat(passed ? "ok " : "not ok ", count_, " - ", one_line(description)));
}

void Tap::skip(std::string_view reason) {
  ++count_;
  line(str_cat("ok ", count_, " # SKIP ", one_line(reason)));
}

void Tap::todo_fail(std::string_view description) {
  ++count_;
  line(str_cat("not ok ", count_, " # TODO ", one_line(description)));
}

void Tap::diagnostic(std::string_view message) {
  std::string out = "# ";
  for (char c : message) {
    if (c == '\n') out.append("\n# ");
    else out.push_back(c);
  }
  line(out);
}

void Tap::yaml(const nlohmann::json& message) {
  sink_(str_cat("  ---\n", render_yaml(message), "\n  ...\n"));
}

void Tap::yaml(const nlohmann::ordered_json& message) {
  sink_(str_cat("  ---\n", render_yaml(message), "\n  ...\n"));
}

void Tap::plan(int count) { line(str_cat("1..", count)); }

void Tap::skip_all(std::string_view reason) { line(str_cat("1..0 # SKIP ", one_line(reason))); }

std::string render_yaml_json(const std::string& dumped) {
  std::string out = "  ";
  for (char c : dumped) {
    switch (c) {
      case '\n': out.append("\n  "); break;
      case '<': out.append("\\u003c"); break;
      case '>': out.append("\\u003e"); break;
      case '&': out.append("\\u0026"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string render_yaml(const nlohmann::json& message) {
  return render_yaml_json(message.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string render_yaml(const nlohmann::ordered_json& message) {
  return render_yaml_json(
      message.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace hako::conformance

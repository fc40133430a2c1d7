// A TAP 13 writer with the conventions of tap-go, which the runtime-tools suite uses
// (catalog A.8): "ok N - desc", "ok N # SKIP desc", "not ok N # TODO desc", "# diagnostic",
// YAML blocks rendered as indented JSON. Shared by the harness and the static runtimetest.
// Output goes line by line to a sink, so a checker that dies midway keeps what it printed.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hako::conformance {

class Tap {
 public:
  using Sink = std::function<void(std::string_view)>;

  explicit Tap(Sink sink) : sink_(std::move(sink)) {}
  // Writes to stdout and flushes after every line.
  static Tap to_stdout();

  void header();                                   // "TAP version 13"
  void ok(bool passed, std::string_view description);
  void pass(std::string_view description) { ok(true, description); }
  void fail(std::string_view description) { ok(false, description); }
  void skip(std::string_view reason);              // "ok N # SKIP reason"
  void todo_fail(std::string_view description);    // "not ok N # TODO description"
  void diagnostic(std::string_view message);       // "# message", one "# " per line
  // "  ---", the message as two-space indented JSON prefixed by two spaces, "  ...".
  void yaml(const nlohmann::json& message);
  void yaml(const nlohmann::ordered_json& message);
  void plan(int count);                            // "1..count"
  void auto_plan() { plan(count_); }
  // A document that runs nothing: "1..0 # SKIP reason".
  void skip_all(std::string_view reason);

  int count() const { return count_; }
  int failures() const { return failures_; }

 private:
  void line(std::string_view text);
  Sink sink_;
  int count_ = 0;
  int failures_ = 0;
};

// The YAML block body for `message` (without the --- and ... lines): JSON with a two-space
// prefix and two-space indentation; <, > and & escaped as \u003c, \u003e, \u0026 like Go's
// encoding/json; invalid UTF-8 replaced rather than thrown on.
std::string render_yaml_json(const std::string& dumped_json);
std::string render_yaml(const nlohmann::json& message);
std::string render_yaml(const nlohmann::ordered_json& message);

// Descriptions are printed on one line: newlines become spaces so the TAP stays parseable
// (runtime-tools printed them raw, which spilled "Refer to:" lines into the stream).
std::string one_line(std::string_view text);

}  // namespace hako::conformance

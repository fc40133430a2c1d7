#include "conformance/harness/tap_parse.h"

#include <cctype>
#include <charconv>

namespace hako::conformance {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string upper(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

// "ok 3 - desc # SKIP why" -> directive "SKIP" (or "TODO"), description before the '#'.
void classify_point(std::string_view rest, bool passed, TapSummary& s) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  size_t i = 0;
  while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
  rest.remove_prefix(i);
  std::string_view desc = rest;
  std::string directive;
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    std::string d = upper(rest.substr(hash + 1));
    size_t k = d.find_first_not_of(' ');
    if (k != std::string::npos) d = d.substr(k);
    if (starts_with(d, "SKIP")) directive = "SKIP";
    if (starts_with(d, "TODO")) directive = "TODO";
    if (!directive.empty()) desc = rest.substr(0, hash);
  }
  if (starts_with(desc, " - ")) desc.remove_prefix(3);
  else if (starts_with(desc, " ")) desc.remove_prefix(1);
  if (directive == "SKIP") ++s.skip;
  else if (directive == "TODO") ++s.todo;
  else if (passed) ++s.ok;
  else {
    ++s.not_ok;
    s.failures.emplace_back(desc);
  }
}

bool parse_plan(std::string_view line, TapDocument& doc) {
  if (!starts_with(line, "1..")) return false;
  std::string_view rest = line.substr(3);
  int n = 0;
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc()) return false;
  doc.planned = n;
  std::string_view tail(p, static_cast<size_t>(rest.data() + rest.size() - p));
  if (auto hash = tail.find('#'); hash != std::string_view::npos) {
    std::string_view d = tail.substr(hash + 1);
    while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
    if (upper(d.substr(0, 4)) == "SKIP") {
      d.remove_prefix(4);
      while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
      doc.skip_all = std::string(d.empty() ? "skipped" : d);
    }
  }
  return true;
}

}  // namespace

bool TapSummary::complete() const {
  if (documents.empty()) return false;
  for (const auto& d : documents)
    if (d.planned < 0 || d.planned != d.points) return false;
  return true;
}

std::string TapSummary::skipped_all() const {
  if (documents.empty() || points() != 0) return {};
  std::string out;
  for (const auto& d : documents) {
    if (d.skip_all.empty()) return {};
    if (out.find(d.skip_all) != std::string::npos) continue;
    if (!out.empty()) out.append("; ");
    out.append(d.skip_all);
  }
  return out;
}

TapSummary parse_tap(std::string_view text) {
  TapSummary s;
  bool in_yaml = false;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (in_yaml) {
      if (line == "  ...") in_yaml = false;
      continue;
    }
    if (line == "  ---") {
      in_yaml = true;
      continue;
    }
    if (starts_with(line, "TAP version")) {
      s.documents.emplace_back();
      continue;
    }
    if (line.empty() || starts_with(line, "#")) continue;
    if (s.documents.empty()) s.documents.emplace_back();
    TapDocument& doc = s.documents.back();
    if (starts_with(line, "ok")) {
      ++doc.points;
      classify_point(line.substr(2), true, s);
    } else if (starts_with(line, "not ok")) {
      ++doc.points;
      classify_point(line.substr(6), false, s);
    } else if (!parse_plan(line, doc)) {
      s.stray.emplace_back(line);
    }
  }
  return s;
}

}  // namespace hako::conformance

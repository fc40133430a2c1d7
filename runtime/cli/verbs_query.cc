// state, list, spec, features.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <map>
#include <string_view>
#include <vector>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cli/args.h"
#include "runtime/cli/features.h"
#include "runtime/cli/log.h"
#include "runtime/cli/verbs.h"
#include "runtime/spec/default_spec.h"

namespace hako::cli {

int verb_state(Context& c) {
  Args a;
  if (auto r = parse(c, {kHelp}, "<container-id>", a)) return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  auto j = container::state_json(c.globals, *id);
  if (!j) return fail(j.error());
  std::cout << *j << "\n";
  return 0;
}

int verb_list(Context& c) {
  auto a = parse_args({{"format", "f", Flag::kValue, "table or json"},
                       {"quiet", "q", Flag::kBool, "display only container ids"},
                       {"help", "h", Flag::kBool, "show help"}},
                      c.argv);
  if (!a) return usage_error(c.verb, a.error().to_string());
  if (a->flag("help")) {
    std::cout << "Usage: hako list [--format table|json] [--quiet]\n";
    return 0;
  }
  std::string format = a->value("format", "table");
  if (format != "table" && format != "json") return fail(Error::invalid(str_cat("invalid format option: ", format)));
  auto entries = container::list(c.globals);
  if (!entries) return fail(entries.error());
  if (a->flag("quiet")) {
    for (const auto& e : *entries) std::cout << e.st.id << "\n";
    return 0;
  }
  // /etc/passwd is read once per owner, not once per container.
  std::map<uid_t, std::string> owners;
  auto owner = [&owners](uid_t uid) -> const std::string& {
    auto it = owners.find(uid);
    if (it == owners.end()) it = owners.emplace(uid, state::owner_name(uid)).first;
    return it->second;
  };
  if (format == "json") {
    if (entries->empty()) {
      std::cout << "null\n";
      return 0;
    }
    // The compact documents joined by commas: what dumping them as one array writes.
    std::string out = "[";
    for (const auto& e : *entries) {
      if (out.size() > 1) out += ',';
      out += state::to_oci_json(e.st, e.status, -1, owner(e.st.owner));
    }
    std::cout << out << "]\n";
    return 0;
  }
  // The columns as views of the entries (no copy per cell), padded to the widest cell + 4.
  constexpr size_t kCols = 6;
  using Row = std::array<std::string_view, kCols>;
  std::vector<std::string> pids;
  pids.reserve(entries->size());
  std::vector<Row> rows;
  rows.reserve(entries->size() + 1);
  rows.push_back({"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
  for (const auto& e : *entries) {
    pids.push_back(std::to_string(e.status == state::ContainerStatus::kStopped ? 0 : e.st.pid));
    rows.push_back({e.st.id, pids.back(), state::status_name(e.status), e.st.bundle, e.st.created,
                    owner(e.st.owner)});
  }
  std::array<size_t, kCols> width{};
  for (const Row& r : rows)
    for (size_t i = 0; i < kCols; ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const Row& r : rows) {
    for (size_t i = 0; i < kCols; ++i) {
      out += r[i];
      if (i + 1 < kCols) out.append(width[i] - r[i].size() + 4, ' ');
    }
    out += '\n';
  }
  std::cout << out;
  return 0;
}

int verb_spec(Context& c) {
  auto a = parse_args({{"bundle", "b", Flag::kValue, "path to the bundle directory"},
                       {"rootless", "", Flag::kBool, "generate a configuration for a rootless container"},
                       {"help", "h", Flag::kBool, "show help"}},
                      c.argv);
  if (!a) return usage_error(c.verb, a.error().to_string());
  if (a->flag("help")) {
    std::cout << "Usage: hako spec [--bundle DIR] [--rootless]\n";
    return 0;
  }
  std::string path = str_cat(absolute(a->value("bundle", ".")), "/config.json");
  if (sys::path_exists(path)) return fail(Error::with_code(EEXIST, "File config.json exists. Remove it first"));
  std::string text = spec::default_config_json(a->flag("rootless"), ::geteuid(), ::getegid());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return fail(Error::from_errno(errno, str_cat("create ", quote(path))));
  UniqueFd f(fd);
  if (auto st = sys::write_all(fd, text); !st) return fail(st.error());
  return 0;
}

int verb_features(Context& c) {
  auto a = parse_args({{"help", "h", Flag::kBool, "show help"}}, c.argv);
  if (!a) return usage_error(c.verb, a.error().to_string());
  if (a->flag("help")) {
    std::cout << "Usage: hako features\n";
    return 0;
  }
  std::cout << features_json() << "\n";
  return 0;
}

}  // namespace hako::cli

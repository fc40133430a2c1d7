// pause, resume, ps, events, update: the verbs backed by the container's cgroup
// (docs/design/cli-contract.md §4, §5.8-§5.12). stdout of `ps --format json` and `events`
// is JSON only.
#include <iostream>

#include <nlohmann/json.hpp>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cli/args.h"
#include "runtime/cli/go_duration.h"
#include "runtime/cli/log.h"
#include "runtime/cli/ps_table.h"
#include "runtime/cli/update_flags.h"
#include "runtime/cli/verbs.h"
#include "runtime/spec/parse.h"

namespace hako::cli {
namespace {

int simple_verb(Context& c, Status (*op)(const container::Globals&, const std::string&)) {
  Args a;
  if (auto r = parse(c, {kHelp}, "<container-id>", a)) return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  if (auto st = op(c.globals, *id); !st) return fail(st.error());
  return 0;
}

// runc: Intel RDT flags are checked in both modes, and refused when RDT is not enabled.
Status check_rdt(const Args& a) {
  struct Rdt {
    const char* flag;
    const char* info;
    const char* disabled;
  };
  for (const Rdt& r : {Rdt{"l3-cache-schema", "/sys/fs/resctrl/info/L3",
                           "Intel RDT/CAT: l3 cache schema is not enabled"},
                       Rdt{"mem-bw-schema", "/sys/fs/resctrl/info/MB",
                           "Intel RDT/MBA: memory bandwidth schema is not enabled"}}) {
    if (a.value(r.flag).empty()) continue;
    if (!sys::path_exists(r.info)) return Error::with_code(EOPNOTSUPP, r.disabled);
    return Error::with_code(EOPNOTSUPP,
                            str_cat("--", r.flag, ": Intel RDT is not supported by hako"));
  }
  return {};
}

// --resources FILE|-: an OCI LinuxResources object; all other resource flags are ignored.
Result<spec::Resources> resources_from_file(const std::string& in) {
  auto text = in == "-" ? sys::read_fd(0, 16 << 20) : sys::read_file(absolute(in), 16 << 20);
  if (!text) return std::move(text).error().context("--resources");
  auto r = spec::parse_resources(*text);
  if (!r)
    return std::move(r).error().context(in == "-" ? "--resources (stdin)"
                                                  : str_cat("--resources ", quote(in)));
  return r;
}

Result<spec::Resources> update_request(const Args& a) {
  HAKO_TRY(check_rdt(a));
  if (a.has("resources")) return resources_from_file(a.value("resources"));
  std::map<std::string, std::string> given;
  for (const auto& f : update_flag_infos())
    if (a.has(f.name)) given[f.name] = a.value(f.name);
  HAKO_ASSIGN_OR_RETURN(UpdateRequest req, resources_from_flags(given));
  for (const auto& w : req.warnings) log::warn(w);
  return std::move(req.resources);
}

}  // namespace

int verb_pause(Context& c) { return simple_verb(c, container::pause); }
int verb_resume(Context& c) { return simple_verb(c, container::resume); }

int verb_ps(Context& c) {
  Args a;
  if (auto r = parse(c, {{"format", "f", Flag::kValue, "table or json"}, kHelp},
                     "[options] <container-id> [ps options]", a, Order::kFlagsFirst))
    return *r;
  if (a.positional.empty()) return fail(Error::invalid("ps: container id cannot be empty"));
  std::string format = a.value("format", "table");
  if (format != "table" && format != "json") return fail(Error::invalid("invalid format option"));
  auto pids = container::processes(c.globals, a.positional[0]);
  if (!pids) return fail(pids.error());
  if (format == "json") {
    // runc encodes a nil slice: `null` when there are no processes.
    std::cout << (pids->empty() ? nlohmann::json(nullptr) : nlohmann::json(*pids)).dump() << "\n";
    return 0;
  }
  auto table = ps_table({a.positional.begin() + 1, a.positional.end()}, *pids);
  if (!table) return fail(table.error());
  std::cout << *table;
  return 0;
}

int verb_events(Context& c) {
  Args a;
  if (auto r = parse(
          c,
          {{"interval", "", Flag::kValue, "stats collection interval (Go duration, default 5s)"},
           {"stats", "", Flag::kBool, "display the container's stats then exit"},
           kHelp},
          "[options] <container-id>", a))
    return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  std::string text = a.value("interval", "5s");
  auto interval = parse_go_duration(text);
  if (!interval)
    return fail(
        Error::invalid(str_cat("invalid value ", dquote(text), " for flag -interval: parse error")));
  container::EventsOptions o{*interval, a.flag("stats")};
  auto st = container::events(
      c.globals, *id, o, [](const std::string& line) { return sys::write_all(1, line + "\n"); });
  if (!st) return fail(st.error());
  return 0;
}

int verb_update(Context& c) {
  std::vector<Flag> flags = {
      {"resources", "r", Flag::kValue, "file with OCI LinuxResources JSON, or - for stdin"}};
  for (const auto& f : update_flag_infos()) flags.push_back({f.name, "", Flag::kValue, f.help});
  flags.push_back(kHelp);
  Args a;
  if (auto r = parse(c, flags, "[options] <container-id>", a)) return *r;
  auto id = one_id(c, a);
  if (!id) return fail(id.error());
  auto resources = update_request(a);
  if (!resources) return fail(resources.error());
  if (auto st = container::update(c.globals, *id, *resources); !st) return fail(st.error());
  return 0;
}

}  // namespace hako::cli

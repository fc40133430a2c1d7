// Parsing of the `process` object (config.md#process, config.md#linux-process).
#include "runtime/spec/names.h"
#include "runtime/spec/parse_internal.h"

namespace hako::spec::internal {
namespace {

Status parse_user(const Obj& o, User& u) {
  HAKO_TRY(o.num("uid", u.uid));
  HAKO_TRY(o.num("gid", u.gid));
  HAKO_TRY(o.num_opt("umask", u.umask));
  HAKO_TRY(o.str("username", u.username));
  const Json* g = o.find("additionalGids");
  if (!g) return {};
  Path gp = o.path().member("additionalGids");
  if (!g->is_array()) return path_error(gp, str_cat("expected array, got ", type_name(*g)));
  for (size_t i = 0; i < g->size(); ++i) {
    HAKO_ASSIGN_OR_RETURN(uint32_t gid, Obj::number<uint32_t>((*g)[i], gp.at(i)));
    u.additional_gids.push_back(gid);
  }
  return {};
}

Status parse_cap_set(const Obj& o, const char* key, std::optional<uint64_t>& out) {
  const Json* v = o.find(key);
  if (!v) return {};
  std::vector<std::string> names;
  HAKO_TRY(o.strings(key, names));
  uint64_t mask = 0;
  Path sp = o.path().member(key);
  for (size_t i = 0; i < names.size(); ++i) {
    auto n = capability_number(names[i]);
    // config.md#linux-process: a value that cannot be mapped to a kernel interface MUST
    // cause an error (runc 1.1 ignores unknown names with a warning; we do not).
    if (!n) return path_error(sp.at(i), str_cat("unknown capability ", dquote(names[i])));
    mask |= uint64_t{1} << *n;
  }
  out = mask;
  return {};
}

Status parse_capabilities(const Obj& o, Capabilities& c) {
  HAKO_TRY(parse_cap_set(o, "bounding", c.bounding));
  HAKO_TRY(parse_cap_set(o, "effective", c.effective));
  HAKO_TRY(parse_cap_set(o, "inheritable", c.inheritable));
  HAKO_TRY(parse_cap_set(o, "permitted", c.permitted));
  return parse_cap_set(o, "ambient", c.ambient);
}

Status parse_rlimit(const Obj& o, Rlimit& r) {
  HAKO_TRY(o.str("type", r.type, true));
  auto res = rlimit_resource(r.type);
  if (!res) return path_error(o.path().member("type"), str_cat("unknown rlimit ", dquote(r.type)));
  r.resource = *res;
  HAKO_TRY(o.num("soft", r.soft, true));
  return o.num("hard", r.hard, true);
}

Status parse_scheduler(const Obj& o, Scheduler& s) {
  HAKO_TRY(o.str("policy", s.policy, true));
  HAKO_TRY(o.num("nice", s.nice));
  HAKO_TRY(o.num("priority", s.priority));
  HAKO_TRY(o.strings("flags", s.flags));
  HAKO_TRY(o.num("runtime", s.runtime));
  HAKO_TRY(o.num("deadline", s.deadline));
  return o.num("period", s.period);
}

}  // namespace

Status parse_process_obj(const Obj& o, Process& p) {
  HAKO_TRY(o.boolean("terminal", p.terminal));
  HAKO_TRY(o.object("consoleSize", [&](const Obj& c) -> Status {
    ConsoleSize cs;
    HAKO_TRY(c.num("height", cs.height, true));
    HAKO_TRY(c.num("width", cs.width, true));
    p.console_size = cs;
    return {};
  }));
  HAKO_TRY(o.object("user", [&](const Obj& u) { return parse_user(u, p.user); }));
  HAKO_TRY(o.strings("args", p.args));
  HAKO_TRY(o.str_opt("commandLine", p.command_line));
  HAKO_TRY(o.strings("env", p.env));
  HAKO_TRY(o.str("cwd", p.cwd, true));
  HAKO_TRY(o.object("capabilities", [&](const Obj& c) -> Status {
    p.capabilities.emplace();
    return parse_capabilities(c, *p.capabilities);
  }));
  HAKO_TRY(o.each_object("rlimits", [&](const Obj& r) -> Status {
    p.rlimits.emplace_back();
    return parse_rlimit(r, p.rlimits.back());
  }));
  HAKO_TRY(o.boolean("noNewPrivileges", p.no_new_privileges));
  HAKO_TRY(o.num_opt("oomScoreAdj", p.oom_score_adj));
  HAKO_TRY(o.str("apparmorProfile", p.apparmor_profile));
  HAKO_TRY(o.str("selinuxLabel", p.selinux_label));
  HAKO_TRY(o.object("scheduler", [&](const Obj& s) -> Status {
    p.scheduler.emplace();
    return parse_scheduler(s, *p.scheduler);
  }));
  HAKO_TRY(o.object("execCPUAffinity", [&](const Obj& a) -> Status {
    p.exec_cpu_affinity.emplace();
    return parse_exec_cpu_affinity_obj(a, *p.exec_cpu_affinity);
  }));
  return o.object("ioPriority", [&](const Obj& io) -> Status {
    p.io_priority.emplace();
    HAKO_TRY(io.str("class", p.io_priority->io_class, true));
    return io.num("priority", p.io_priority->priority);
  });
}

}  // namespace hako::spec::internal

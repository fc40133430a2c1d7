#include "bench/lifecycle/workspace.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>

#include "bench/lifecycle/bundle.h"
#include "bench/lifecycle/exe_guard.h"
#include "bench/lifecycle/teardown.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::bench::lifecycle {

Result<std::unique_ptr<Workspace>> Workspace::create(const WorkspaceOptions& opts) {
  std::string parent = opts.tmpdir;
  if (parent.empty()) {
    const char* env = std::getenv("TMPDIR");
    parent = env && *env ? env : "/tmp";
  }
  std::string templ = sys::absolute_path(parent) + "/hako-bench.XXXXXX";
  if (!::mkdtemp(templ.data()))
    return Error::from_errno(errno, str_cat("create a temporary directory in ", quote(parent)));
  return std::unique_ptr<Workspace>(new Workspace(opts, templ));
}

Workspace::~Workspace() {
  for (const auto& problem : teardown())
    std::fprintf(stderr, "hako-bench: warning: teardown: could not remove %s\n", problem.c_str());
}

Result<const Runtime*> Workspace::add_runtime(const RuntimeRef& ref, const Argv& wrapper) {
  const std::string label = sanitize_label(ref.label);
  for (const auto& rt : runtimes_) {
    if (rt.label == label)
      return Error::invalid(str_cat("--runtimes: ", quote(label), " is listed twice"));
  }
  Runtime rt{label, ref.binary, wrapper, str_cat(dir_, "/state-", label)};
  if (::mkdir(rt.root.c_str(), 0700) < 0) return Error::from_errno(errno, str_cat("mkdir ", quote(rt.root)));
  runtimes_.push_back(std::move(rt));
  return &runtimes_.back();
}

Status Workspace::prepare_rootfs(const std::string& rootfs, const std::string& script) {
  if (!rootfs.empty()) {
    if (!sys::path_exists(rootfs + "/bin"))
      return Error::with_code(ENOENT, str_cat("--rootfs: ", quote(rootfs), " has no bin/ directory"));
    rootfs_ = sys::absolute_path(rootfs);
    return {};
  }
  rootfs_ = dir_ + "/rootfs";
  return build_rootfs(script, rootfs_);
}

Result<Bundles> Workspace::bundles(bool seccomp) {
  auto& cached = seccomp ? seccomp_ : plain_;
  if (cached) return *cached;
  const std::string tag = seccomp ? "-seccomp" : "";
  Bundles b{str_cat(dir_, "/bundle-true", tag), str_cat(dir_, "/bundle-sleep", tag)};
  HAKO_TRY(write_bundle(b.oneshot, rootfs_, BundleSpec{{"true"}, seccomp}));
  HAKO_TRY(write_bundle(b.long_lived, rootfs_, BundleSpec{{"sleep", "1000000"}, seccomp}));
  cached = b;
  return b;
}

Result<std::string> Workspace::limited_bundle(int64_t limit, bool seccomp) {
  const auto key = std::make_pair(limit, seccomp);
  if (auto it = limited_.find(key); it != limited_.end()) return it->second;
  std::string dir = str_cat(dir_, "/bundle-true-mem", limit, seccomp ? "-seccomp" : "");
  BundleSpec spec{{"true"}, seccomp};
  spec.memory_limit = limit;
  HAKO_TRY(write_bundle(dir, rootfs_, spec));
  limited_[key] = dir;
  return dir;
}

namespace {

Result<BundleSpec> config_spec(const std::string& dimension, uint64_t n, uint64_t salt) {
  BundleSpec spec{{"true"}, false};
  if (dimension == "binds") {
    spec.bind_mounts = n;
  } else if (dimension == "rules" || dimension == "rules-cold") {
    spec.seccomp_rules = n;
    if (dimension == "rules-cold") spec.seccomp_salt = salt;
  } else if (dimension == "env") {
    spec.env_kib = n;
  } else {
    return Error::invalid(str_cat("config-size: unknown dimension ", quote(dimension)));
  }
  return spec;
}

}  // namespace

Result<std::string> Workspace::config_bundle(const std::string& dimension, uint64_t n) {
  const auto key = std::make_pair(dimension, n);
  if (auto it = config_.find(key); it != config_.end()) return it->second;
  std::string dir = str_cat(dir_, "/bundle-true-", dimension, n);
  HAKO_ASSIGN_OR_RETURN(BundleSpec spec, config_spec(dimension, n, 0));
  HAKO_TRY(write_bundle(dir, rootfs_, spec));
  config_[key] = dir;
  return dir;
}

Status Workspace::refresh_cold_bundle(uint64_t n, uint64_t salt) {
  HAKO_ASSIGN_OR_RETURN(std::string dir, config_bundle("rules-cold", n));
  HAKO_ASSIGN_OR_RETURN(BundleSpec spec, config_spec("rules-cold", n, salt));
  return sys::write_file_atomic(dir + "/config.json", bundle_config(rootfs_, spec), 0644);
}

Result<Workspace::CopiedRuntimes> Workspace::binary_copies(const Runtime& rt) {
  if (auto it = copies_.find(rt.label); it != copies_.end()) return it->second;
  HAKO_ASSIGN_OR_RETURN(BinaryCopies files, make_binary_copies(rt.binary, str_cat(dir_, "/exe-guard-", rt.label)));
  HAKO_ASSIGN_OR_RETURN(const Runtime* rw, add_runtime({rt.label + "-exe-rw", files.writable}, rt.wrapper));
  HAKO_ASSIGN_OR_RETURN(const Runtime* ro, add_runtime({rt.label + "-exe-ro", files.read_only}, rt.wrapper));
  return copies_[rt.label] = CopiedRuntimes{rw, ro};
}

std::vector<std::string> Workspace::teardown() {
  std::vector<std::string> problems;
  if (torn_down_) return problems;
  torn_down_ = true;
  for (const auto& rt : runtimes_) {
    for (auto& p : delete_leftover_containers(rt)) problems.push_back(std::move(p));
  }
  // ORDER: after the deletes (an exe-guard runtime's binary is one of these mounts), before
  // removing the directory (a mounted file cannot be unlinked).
  for (auto& p : unmount_below(dir_)) problems.push_back(std::move(p));
  if (!opts_.private_mount.empty()) {
    // ORDER: after the deletes (no runtime uses the cache any more).
    if (::umount2(opts_.private_mount.c_str(), MNT_DETACH) < 0)
      problems.push_back(str_cat("the private mount on ", quote(opts_.private_mount)));
    else if (opts_.remove_private_mount_point && ::rmdir(opts_.private_mount.c_str()) < 0)
      problems.push_back(quote(opts_.private_mount));
  }
  for (auto& p : remove_stale_cgroups(opts_.id_prefix, opts_.hidden_unified)) problems.push_back(std::move(p));
  if (!sys::remove_tree(dir_)) problems.push_back(quote(dir_));
  return problems;
}

}  // namespace hako::bench::lifecycle

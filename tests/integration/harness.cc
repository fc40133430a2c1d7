#include "tests/integration/harness.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::testing {

std::string hako_binary() { return HAKO_TEST_BINARY; }
std::string test_rootfs() { return HAKO_TEST_ROOTFS_DIR; }

Sandbox::Sandbox() {
  char tmpl[] = "/tmp/hako-it.XXXXXX";
  dir_ = ::mkdtemp(tmpl);
  root_ = dir_ + "/root";
  bundle_ = dir_ + "/bundle";
  ::mkdir(bundle_.c_str(), 0755);
  auto spec = subprocess::run({hako_binary(), "spec", "--bundle", bundle_});
  config = nlohmann::json::parse(*sys::read_file(bundle_ + "/config.json"));
  config["process"]["terminal"] = false;
  config["root"]["path"] = test_rootfs();
  config["hostname"] = "hako-test";
}

Sandbox::~Sandbox() {
  for (const auto& id : ids_) (void)subprocess::run({hako_binary(), "--root", root_, "delete", "--force", id});
  (void)sys::remove_tree(dir_);
}

void Sandbox::set_args(const std::vector<std::string>& args) { config["process"]["args"] = args; }

void Sandbox::write_config() const {
  (void)sys::write_file_atomic(bundle_ + "/config.json", config.dump(2), 0644);
}

subprocess::Outcome Sandbox::hako(const std::vector<std::string>& args,
                                  const subprocess::Options& opts) const {
  std::vector<std::string> argv = {hako_binary(), "--root", root_};
  argv.insert(argv.end(), args.begin(), args.end());
  subprocess::Options o = opts;
  if (o.timeout.count() == 0) o.timeout = std::chrono::seconds(30);
  // Files, not pipes: `create` hands its stdio to the container (docs/design/cli-contract.md §6.5).
  // Each call gets a new file under the same name: a detached container keeps writing to the
  // file of its own `run`, and truncating that one would mix its output into this call's (a
  // counter's numbers inside `state`'s JSON).
  if (o.stdout_file.empty()) {
    o.stdout_file = dir_ + "/hako.out";
    ::unlink(o.stdout_file.c_str());
  }
  if (o.stderr_file.empty()) {
    o.stderr_file = dir_ + "/hako.err";
    ::unlink(o.stderr_file.c_str());
  }
  auto r = subprocess::run(argv, o);
  if (!r) {
    subprocess::Outcome bad;
    bad.status = 255 << 8;
    bad.err = r.error().to_string();
    return bad;
  }
  return *r;
}

std::string Sandbox::unique_id(const std::string& stem) const {
  static int n = 0;
  std::string id = str_cat(stem, "-", ::getpid(), "-", ++n);
  ids_.push_back(id);
  return id;
}

subprocess::Outcome Sandbox::run(const std::string& id) const {
  write_config();
  return hako({"run", "--bundle", bundle_, id});
}

nlohmann::json Sandbox::state(const std::string& id) const {
  auto r = hako({"state", id});
  if (!r.success()) return nullptr;
  return nlohmann::json::parse(r.out, nullptr, false);
}

std::string Sandbox::wait_status(const std::string& id, const std::string& want) const {
  std::string last;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    auto s = state(id);
    last = s.is_object() ? s.value("status", "") : "";
    if (last == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return last;
}

bool mount_exists_under(const std::string& path) {
  auto info = sys::read_file("/proc/self/mountinfo");
  return info && info->find(" " + path) != std::string::npos;
}

bool process_alive(pid_t pid) {
  if (pid <= 0) return false;
  auto stat = sys::read_file(str_cat("/proc/", pid, "/stat"));
  if (!stat) return false;
  auto rp = stat->rfind(')');
  return rp != std::string::npos && rp + 2 < stat->size() && (*stat)[rp + 2] != 'Z';
}

std::vector<std::string> cgroup_dirs_named(const std::string& name) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& h : std::filesystem::directory_iterator("/sys/fs/cgroup", ec)) {
    std::filesystem::path p = h.path() / name;
    if (std::filesystem::exists(p, ec)) out.push_back(p.string());
  }
  return out;
}

}  // namespace hako::testing

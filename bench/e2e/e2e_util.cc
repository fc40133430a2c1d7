#include "bench/e2e/e2e_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "runtime/base/dir.h"
#include "runtime/base/sys.h"

extern char** environ;

namespace hako::bench::e2e {

namespace {

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> out;
  auto d = Dir::open(dir);
  if (!d) return out;
  for (const struct dirent& e : *d) out.emplace_back(e.d_name);
  return out;
}

}  // namespace

ScratchDir::ScratchDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string t = std::string(tmp && *tmp ? tmp : "/tmp") + "/hako-bench-e2e.XXXXXX";
  if (::mkdtemp(t.data())) path_ = t;
}

ScratchDir::~ScratchDir() {
  if (!path_.empty()) (void)sys::remove_tree(path_);
}

std::vector<std::string> ScratchDir::entries() const { return list_dir(path_); }

pid_t spawn_bench(const std::vector<std::string>& args) {
  std::vector<std::string> all{HAKO_BENCH_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  return ::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0 ? pid : -1;
}

std::string unique_prefix(const char* tag) {
  return std::string("hbe2e-") + tag + "-" + std::to_string(::getpid()) + "-";
}

void expect_nothing_left(const ScratchDir& dir, const std::string& prefix) {
  using ::testing::IsEmpty;
  EXPECT_THAT(dir.entries(), IsEmpty()) << "workspace left in " << dir.path();
  EXPECT_THAT(cgroups_with_prefix(prefix), IsEmpty());
  EXPECT_THAT(hidden_unified_entries(prefix), IsEmpty());
  EXPECT_THAT(processes_mentioning(prefix), IsEmpty());
}

subprocess::Outcome run_bench(const std::vector<std::string>& args) {
  std::vector<std::string> argv{HAKO_BENCH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  subprocess::Options o;
  o.timeout = std::chrono::seconds(60);
  auto out = subprocess::run(argv, o);
  if (!out) {
    subprocess::Outcome failed;
    failed.status = 255 << 8;
    failed.err = out.error().to_string();
    return failed;
  }
  return *out;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
}

std::vector<std::string> cgroups_with_prefix(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& controller : list_dir("/sys/fs/cgroup")) {
    for (const auto& name : list_dir("/sys/fs/cgroup/" + controller)) {
      if (name.rfind(prefix, 0) == 0) out.push_back(controller + "/" + name);
    }
  }
  return out;
}

std::vector<std::string> hidden_unified_entries(const std::string& prefix) {
  subprocess::Options o;
  o.timeout = std::chrono::seconds(10);
  auto r = subprocess::run({"unshare", "-m", "sh", "-c",
                            "mount --make-rprivate / && "
                            "{ mountpoint -q /sys/fs/cgroup/unified || exit 0; } && "
                            "umount /sys/fs/cgroup/unified && ls -1 /sys/fs/cgroup/unified"},
                           o);
  std::vector<std::string> out;
  if (!r) return {"(could not look: " + r.error().to_string() + ")"};
  std::stringstream ss(r->out);
  for (std::string line; std::getline(ss, line);) {
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  }
  return out;
}

std::vector<pid_t> processes_mentioning(const std::string& needle) {
  std::vector<pid_t> out;
  for (const auto& name : list_dir("/proc")) {
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in("/proc/" + name + "/cmdline");
    std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmd.find(needle) != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

bool is_root() { return ::geteuid() == 0; }

bool have_program(const std::string& name) { return subprocess::find_program(name).has_value(); }

}  // namespace hako::bench::e2e

#include "conformance/runner/executor.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "conformance/common/text.h"
#include "conformance/harness/bundle.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"

namespace hako::conformance::runner {

void sweep(const RuntimeCommand& runtime, const std::string& journal, const std::string& dir) {
  if (auto ids = sys::read_file(journal); ids) {
    std::set<std::string> seen;
    for (const auto& id : split(*ids, '\n')) {
      if (id.empty() || !seen.insert(id).second) continue;
      RuntimeUnderTest r(runtime, "");
      r.set_id(id);
      if (r.state()) (void)r.force_remove();
    }
  }
  (void)remove_bundle_dir(dir);
}

namespace {

ProgramRun run_one(const validation::Program& p, const ExecutorConfig& cfg) {
  ProgramRun run;
  run.name = p.name;
  run.group = p.group;
  std::string dir = str_cat(cfg.scratch, "/", p.name);
  std::string journal = str_cat(dir, "/journal");
  // 0711: a container with a user namespace (linux_uid_mappings) runs as an unprivileged
  // host uid that must be able to traverse to its bundle.
  if (auto st = sys::mkdir_p(dir, 0711); !st || ::chmod(dir.c_str(), 0711) < 0) {
    run.exit_code = -1;
    run.err = st ? "chmod scratch directory failed" : st.error().to_string();
    return run;
  }
  std::vector<std::string> argv;
  if (p.private_mounts || p.private_network) {
    argv = {"unshare"};
    if (p.private_mounts) argv.insert(argv.end(), {"--mount", "--propagation", "private"});
    if (p.private_network) argv.push_back("--net");
  }
  argv.insert(argv.end(), {cfg.self_exe, "--run-program", p.name, "--tmpdir", dir, "--journal", journal});
  argv.insert(argv.end(), cfg.child_args.begin(), cfg.child_args.end());
  subprocess::Options opts;
  opts.timeout = std::chrono::seconds(cfg.timeout_seconds);
  auto outcome = subprocess::run(argv, opts);
  if (!outcome) {
    run.exit_code = -1;
    run.err = outcome.error().to_string();
  } else {
    run.out = std::move(outcome->out);
    run.err = std::move(outcome->err);
    run.timed_out = outcome->timed_out;
    run.crashed = !outcome->timed_out && WIFSIGNALED(outcome->status);
    run.exit_code = outcome->exit_code();
    run.seconds = std::chrono::duration<double>(outcome->wall).count();
  }
  run.tap = parse_tap(run.out);
  sweep(cfg.runtime, journal, dir);
  return run;
}

}  // namespace

std::vector<ProgramRun> run_programs(const std::vector<const validation::Program*>& programs,
                                     const ExecutorConfig& cfg, const ProgressFn& progress) {
  std::vector<ProgramRun> results(programs.size());
  std::vector<bool> started(programs.size(), false);
  std::set<std::string> busy;  // serial keys in use
  std::mutex mu;
  std::condition_variable cv;
  size_t remaining = programs.size();

  auto worker = [&] {
    std::unique_lock lock(mu);
    for (;;) {
      size_t pick = programs.size();
      bool pending = false;
      for (size_t i = 0; i < programs.size(); ++i) {
        if (started[i]) continue;
        pending = true;
        const char* key = programs[i]->serial;
        if (key && *key && busy.count(key)) continue;
        pick = i;
        break;
      }
      if (!pending) return;
      if (pick == programs.size()) {
        cv.wait(lock);
        continue;
      }
      started[pick] = true;
      const char* key = programs[pick]->serial;
      if (key && *key) busy.insert(key);
      lock.unlock();
      ProgramRun r = run_one(*programs[pick], cfg);
      lock.lock();
      if (key && *key) busy.erase(key);
      results[pick] = std::move(r);
      --remaining;
      if (progress) progress(results[pick]);
      cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  int n = std::max(1, std::min<int>(cfg.jobs, static_cast<int>(programs.size())));
  for (int i = 0; i < n; ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace hako::conformance::runner

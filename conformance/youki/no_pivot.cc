// youki_no_pivot (contest "no_pivot"): `create --no-pivot` still gives the container exactly
// the rootfs's directories as its "/".
#include <sys/stat.h>

#include <algorithm>

#include "conformance/harness/bundle.h"
#include "conformance/harness/tap_parse.h"
#include "conformance/harness/wait.h"
#include "conformance/youki/common.h"
#include "conformance/youki/programs_list.h"
#include "runtime/base/dir.h"
#include "runtime/base/str.h"

namespace hako::conformance::youki {

namespace {

std::string directories(const std::string& dir) {
  std::vector<std::string> names;
  if (auto d = Dir::open(dir)) {
    for (const struct dirent& e : *d) {
      std::string n = e.d_name;
      struct stat st;
      if (::lstat((dir + "/" + n).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) names.push_back(n);
    }
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

}  // namespace

int program_no_pivot(const Suite& suite) {
  Tap t = Tap::to_stdout();
  t.header();
  auto bundle = Bundle::prepare(suite);
  if (!bundle) return validation::abort_program(t, bundle.error());
  Generator g = check_config("root_dirs");
  set_expectation(g, "root-dirs", directories(bundle->path()));
  RuntimeUnderTest r = suite.runtime_for(bundle->path());
  if (auto st = r.set_config(g); !st) return validation::abort_program(t, st.error());
  if (auto st = bundle->copy_runtimetest(suite); !st) return validation::abort_program(t, st.error());
  r.set_id(new_uuid());
  r.set_create_extra_args({"--no-pivot"});
  Status st = r.create();
  if (st) st = r.start();
  if (st) st = wait_for_status(r, kStopped, kStopTimeout);
  std::string out;
  if (auto s = r.read_standard_streams(); s) out = s->out;
  TapSummary nested = parse_tap(out);
  t.ok(st && nested.not_ok == 0 && nested.complete() && nested.points() > 0,
       "create --no-pivot: / holds the rootfs's directories");
  t.yaml(nlohmann::json{{"stdout", out}, {"error", st ? "" : st.error().to_string()}, {"stderr", r.last_stderr()}});
  (void)r.force_remove();
  t.auto_plan();
  return 0;
}

}  // namespace hako::conformance::youki

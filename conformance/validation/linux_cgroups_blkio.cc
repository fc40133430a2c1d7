// linux_cgroups_blkio (catalog C.4): four documents, rate x with/without weight. Needs the
// CFQ-era blkio files and a block device 8:0.
#include "conformance/harness/host.h"
#include "conformance/validation/cgroup_checks.h"
#include "conformance/validation/cgroup_program.h"
#include "conformance/validation/programs.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako::conformance::validation {

std::optional<std::string> missing_blkio_prerequisites() {
  if (auto why = missing_cgroup_v1({"blkio"})) return why;
  auto root = cgroup_v1_mount("blkio");
  for (const char* f : {"blkio.weight", "blkio.leaf_weight", "blkio.weight_device",
                        "blkio.leaf_weight_device"})
    if (!sys::path_exists(str_cat(*root, "/", f))) {
      // BFQ's weights are other files, and it has no leaf weights (docs/conformance.md).
      auto sched = sys::read_file("/sys/dev/block/8:0/queue/scheduler");
      if (sched && sched->find("[bfq]") != std::string::npos)
        return str_cat("the kernel's blkio controller has no ", f,
                       " (CFQ's, removed in Linux 5.0): BFQ, the scheduler of 8:0 here, has "
                       "blkio.bfq.weight and blkio.bfq.weight_device but no leaf weights, which "
                       "every document of this program sets");
      return str_cat("the kernel's blkio controller has no ", f,
                     " (CFQ-era file, absent without the CFQ scheduler)");
    }
  if (!sys::path_exists("/sys/dev/block/8:0")) return std::string("no block device 8:0 on this host");
  return std::nullopt;
}

Json blkio_resources(std::uint64_t rate, bool with_weight) {
  Json b = Json::object();
  if (with_weight) {
    b["weight"] = 500;
    b["leafWeight"] = 300;
  }
  Json dev = Json{{"major", 8}, {"minor", 0}, {"weight", 500}, {"leafWeight", 300}};
  b["weightDevice"] = Json::array({dev});
  Json rate_dev = Json{{"major", 8}, {"minor", 0}, {"rate", rate}};
  for (const char* k : {"throttleReadBpsDevice", "throttleWriteBpsDevice", "throttleReadIOPSDevice",
                        "throttleWriteIOPSDevice"})
    b[k] = Json::array({rate_dev});
  return b;
}

int program_linux_cgroups_blkio(const Suite& suite) {
  if (auto why = missing_blkio_prerequisites()) return blocked(*why);
  for (bool empty : {false, true}) {
    for (std::uint64_t rate : {102400, 204800}) {
      Tap t = Tap::to_stdout();
      t.header();
      Generator g = Generator::harness_default();
      g.set_cgroups_path(kAbsCgroupPath);
      g.resources()["blockIO"] = blkio_resources(rate, !empty);
      run_cgroup_case(suite, g, t, check_blkio);
      t.auto_plan();
    }
  }
  return 0;
}

}  // namespace hako::conformance::validation

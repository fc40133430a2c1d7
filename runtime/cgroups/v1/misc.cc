// cgroup v1 pids, blkio, hugetlb, net_cls and net_prio controllers.
#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/v1/controllers.h"

namespace hako::cgroups::v1 {

Status apply_pids(int dirfd, const spec::Pids& pids) {
  // runc 1.1: 0 leaves the limit alone, a negative limit means "max".
  if (!pids.limit || *pids.limit == 0) return {};
  std::string v = *pids.limit > 0 ? std::to_string(*pids.limit) : "max";
  return fs::in_field(fs::write(dirfd, "pids.max", v), "pids.limit");
}

namespace {
std::string dev(int64_t major, int64_t minor) { return str_cat(major, ':', minor); }

Status write_throttle(int dirfd, const char* file, const char* field,
                      const std::vector<spec::ThrottleDevice>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& t = list[i];
    HAKO_TRY(fs::in_field(fs::write(dirfd, file, str_cat(dev(t.major, t.minor), ' ', t.rate)),
                          str_cat("blockIO.", field, "[", i, "]")));
  }
  return {};
}
}  // namespace

Status apply_blkio(int dirfd, const spec::BlockIo& io) {
  bool cfq = true;
  if (io.weight || !io.weight_device.empty()) cfq = fs::exists(dirfd, "blkio.weight");
  // Without CFQ (kernels >= 5.0) the proportional weight lives in BFQ's files.
  const char* weight_file = cfq ? "blkio.weight" : "blkio.bfq.weight";
  const char* weight_dev_file = cfq ? "blkio.weight_device" : "blkio.bfq.weight_device";
  if (io.weight) HAKO_TRY(fs::in_field(fs::write_u64(dirfd, weight_file, *io.weight), "blockIO.weight"));
  if (io.leaf_weight)
    HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "blkio.leaf_weight", *io.leaf_weight), "blockIO.leafWeight"));
  for (size_t i = 0; i < io.weight_device.size(); ++i) {
    const auto& wd = io.weight_device[i];
    if (wd.weight)
      HAKO_TRY(fs::in_field(fs::write(dirfd, weight_dev_file, str_cat(dev(wd.major, wd.minor), ' ', *wd.weight)),
                            str_cat("blockIO.weightDevice[", i, "].weight")));
    if (wd.leaf_weight)
      HAKO_TRY(fs::in_field(fs::write(dirfd, "blkio.leaf_weight_device",
                                      str_cat(dev(wd.major, wd.minor), ' ', *wd.leaf_weight)),
                            str_cat("blockIO.weightDevice[", i, "].leafWeight")));
  }
  HAKO_TRY(write_throttle(dirfd, "blkio.throttle.read_bps_device", "throttleReadBpsDevice",
                          io.throttle_read_bps_device));
  HAKO_TRY(write_throttle(dirfd, "blkio.throttle.write_bps_device", "throttleWriteBpsDevice",
                          io.throttle_write_bps_device));
  HAKO_TRY(write_throttle(dirfd, "blkio.throttle.read_iops_device", "throttleReadIOPSDevice",
                          io.throttle_read_iops_device));
  HAKO_TRY(write_throttle(dirfd, "blkio.throttle.write_iops_device", "throttleWriteIOPSDevice",
                          io.throttle_write_iops_device));
  return {};
}

Status apply_hugetlb(int dirfd, const std::vector<spec::HugepageLimit>& limits) {
  bool rsvd = true;
  for (size_t i = 0; i < limits.size(); ++i) {
    const auto& l = limits[i];
    std::string field = str_cat("hugepageLimits[", i, "]");
    // A page size the host does not have has no file: that is the error for "3MB".
    HAKO_TRY(fs::in_field(fs::write_u64(dirfd, str_cat("hugetlb.", l.page_size, ".limit_in_bytes"), l.limit), field));
    if (!rsvd) continue;
    auto st = fs::write_u64(dirfd, str_cat("hugetlb.", l.page_size, ".rsvd.limit_in_bytes"), l.limit);
    if (!st && st.error().code() == ENOENT) rsvd = false;  // kernels before 5.7 have no rsvd files
    else HAKO_TRY(fs::in_field(std::move(st), field));
  }
  return {};
}

Status apply_net_cls(int dirfd, const spec::Network& net) {
  if (!net.class_id) return {};
  return fs::in_field(fs::write_u64(dirfd, "net_cls.classid", *net.class_id), "network.classID");
}

Status apply_net_prio(int dirfd, const spec::Network& net) {
  for (size_t i = 0; i < net.priorities.size(); ++i) {
    const auto& p = net.priorities[i];
    HAKO_TRY(fs::in_field(fs::write(dirfd, "net_prio.ifpriomap", str_cat(p.name, ' ', p.priority)),
                          str_cat("network.priorities[", i, "]")));
  }
  return {};
}

}  // namespace hako::cgroups::v1

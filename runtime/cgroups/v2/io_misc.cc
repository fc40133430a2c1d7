// cgroup v2 io, hugetlb and unified key/values.
#include <cerrno>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/cgroups/fsutil.h"
#include "runtime/cgroups/v2/controllers.h"

namespace hako::cgroups::v2 {

uint64_t blkio_to_io_weight(uint64_t weight) {
  if (weight == 0) return 0;
  if (weight < 10) weight = 10;
  return 1 + (weight - 10) * 9999 / 990;
}

namespace {
std::string dev(int64_t major, int64_t minor) { return str_cat(major, ':', minor); }

Status write_max(int dirfd, const char* key, const char* field, const std::vector<spec::ThrottleDevice>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& t = list[i];
    HAKO_TRY(fs::in_field(fs::write(dirfd, "io.max", str_cat(dev(t.major, t.minor), ' ', key, '=', t.rate)),
                          str_cat("blockIO.", field, "[", i, "]")));
  }
  return {};
}
}  // namespace

Status apply_io(int dirfd, const spec::BlockIo& io) {
  if (io.leaf_weight)
    return Error::with_code(EOPNOTSUPP, "linux.resources.blockIO.leafWeight: cgroup v2 has no leaf weight");
  // BFQ takes blkio-style weights (1..1000) in io.bfq.weight; otherwise convert for io.weight.
  bool bfq = (io.weight || !io.weight_device.empty()) && fs::exists(dirfd, "io.bfq.weight");
  if (io.weight) {
    if (bfq) HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "io.bfq.weight", *io.weight), "blockIO.weight"));
    else HAKO_TRY(fs::in_field(fs::write_u64(dirfd, "io.weight", blkio_to_io_weight(*io.weight)), "blockIO.weight"));
  }
  for (size_t i = 0; i < io.weight_device.size(); ++i) {
    const auto& wd = io.weight_device[i];
    std::string field = str_cat("blockIO.weightDevice[", i, "]");
    if (wd.leaf_weight)
      return Error::with_code(EOPNOTSUPP, str_cat("linux.resources.", field, ".leafWeight: cgroup v2 has no leaf weight"));
    if (!wd.weight) continue;
    std::string line = bfq ? str_cat(dev(wd.major, wd.minor), ' ', *wd.weight)
                           : str_cat(dev(wd.major, wd.minor), ' ', blkio_to_io_weight(*wd.weight));
    HAKO_TRY(fs::in_field(fs::write(dirfd, bfq ? "io.bfq.weight" : "io.weight", line), field));
  }
  HAKO_TRY(write_max(dirfd, "rbps", "throttleReadBpsDevice", io.throttle_read_bps_device));
  HAKO_TRY(write_max(dirfd, "wbps", "throttleWriteBpsDevice", io.throttle_write_bps_device));
  HAKO_TRY(write_max(dirfd, "riops", "throttleReadIOPSDevice", io.throttle_read_iops_device));
  HAKO_TRY(write_max(dirfd, "wiops", "throttleWriteIOPSDevice", io.throttle_write_iops_device));
  return {};
}

Status apply_hugetlb(int dirfd, const std::vector<spec::HugepageLimit>& limits) {
  bool rsvd = true;
  for (size_t i = 0; i < limits.size(); ++i) {
    const auto& l = limits[i];
    std::string field = str_cat("hugepageLimits[", i, "]");
    HAKO_TRY(fs::in_field(fs::write_u64(dirfd, str_cat("hugetlb.", l.page_size, ".max"), l.limit), field));
    if (!rsvd) continue;
    auto st = fs::write_u64(dirfd, str_cat("hugetlb.", l.page_size, ".rsvd.max"), l.limit);
    if (!st && st.error().code() == ENOENT) rsvd = false;
    else HAKO_TRY(fs::in_field(std::move(st), field));
  }
  return {};
}

Status apply_unified(int dirfd, const std::map<std::string, std::string>& unified) {
  for (const auto& [key, value] : unified) {
    std::string field = str_cat("unified[", quote(key), "]");
    if (key.empty() || key.find('/') != std::string::npos || key == "." || key == "..")
      return Error::invalid(str_cat("linux.resources.", field, ": must be a file name"));
    auto dot = key.find('.');
    if (dot == std::string::npos || dot == 0)
      return Error::invalid(str_cat("linux.resources.", field, ": must be CONTROLLER.PARAMETER"));
    // Multi-line values (io.max, ...) take one write per line.
    std::string_view v = value;
    do {
      auto nl = v.find('\n');
      std::string_view line = v.substr(0, nl);
      v.remove_prefix(nl == std::string_view::npos ? v.size() : nl + 1);
      if (sys::trim(line).empty() && !value.empty()) continue;
      auto st = fs::write(dirfd, key, line);
      if (!st && st.error().code() == ENOENT) {
        std::string ctrl = key.substr(0, dot);
        auto have = fs::read(dirfd, "cgroup.controllers");
        bool listed = have && (" " + *have + " ").find(" " + ctrl + " ") != std::string::npos;
        if (ctrl != "cgroup" && !listed)
          return Error::with_code(ENOENT, str_cat("linux.resources.", field, ": controller ", quote(ctrl),
                                                  " is not available in this cgroup"));
      }
      HAKO_TRY(fs::in_field(std::move(st), field));
    } while (!v.empty());
  }
  return {};
}

}  // namespace hako::cgroups::v2

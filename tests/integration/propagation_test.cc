// Mount propagation as containerd's CRI asks for it (Kubernetes volumes with
// mountPropagation): linux.rootfsPropagation "rshared" with bind mounts that are rprivate
// (the default), rslave (HostToContainer) and rshared (Bidirectional), from a host directory
// that is a shared mount. runc's results are the reference: a Bidirectional mount shares the
// host's peer group, so a mount made under it in the container appears on the host, and a
// private bind stays private. (Found by tests/engines/cri: hako made the tree a slave first and
// re-applied rshared recursively at the end.)
#include <sys/mount.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

// The optional fields ("shared:N master:M") of the mountinfo line for `mount_point`, or
// "absent".
std::string optional_fields(const std::string& mountinfo, const std::string& mount_point) {
  std::istringstream in(mountinfo);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string id, parent, dev, root, mp, opts, field, tags;
    f >> id >> parent >> dev >> root >> mp >> opts;
    if (mp != mount_point) continue;
    while (f >> field && field != "-") tags += (tags.empty() ? "" : " ") + field;
    return tags;
  }
  return "absent";
}

class PropagationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vol_ = sb_.dir() + "/vol";
    ASSERT_EQ(::mkdir(vol_.c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((vol_ + "/sub").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((vol_ + "/sub/m").c_str(), 0755), 0);
    // The host's "/" is private here: make the volume a shared mount, as containerd requires
    // for Bidirectional.
    ASSERT_EQ(::mount(vol_.c_str(), vol_.c_str(), nullptr, MS_BIND, nullptr), 0);
    mounted_ = true;
    ASSERT_EQ(::mount(nullptr, vol_.c_str(), nullptr, MS_SHARED, nullptr), 0);
  }
  void TearDown() override {
    ::umount2((vol_ + "/sub/m").c_str(), MNT_DETACH);
    if (mounted_) ::umount2(vol_.c_str(), MNT_DETACH);
  }

  nlohmann::json bind(const std::string& dest, const std::string& src, const char* prop) {
    return {{"destination", dest}, {"type", "bind"}, {"source", src},
            {"options", {"rbind", prop}}};
  }

  Sandbox sb_;
  std::string vol_;
  bool mounted_ = false;
};

TEST_F(PropagationTest, RsharedRootKeepsEachBindsPropagation) {
  sb_.config["linux"]["rootfsPropagation"] = "rshared";
  auto& mounts = sb_.config["mounts"];
  mounts.push_back(bind("/data", vol_, "rprivate"));
  mounts.push_back(bind("/hc", vol_ + "/sub", "rslave"));
  mounts.push_back(bind("/bi", vol_ + "/sub", "rshared"));
  for (const char* set : {"bounding", "effective", "permitted"})
    sb_.config["process"]["capabilities"][set].push_back("CAP_SYS_ADMIN");
  sb_.set_args({"sh", "-c", "mount -t tmpfs bidi /bi/m && cat /proc/self/mountinfo"});
  sb_.write_config();
  auto r = sb_.run(sb_.unique_id("prop"));
  ASSERT_TRUE(r.success()) << r.describe() << ": " << r.err;
  std::string data = optional_fields(r.out, "/data");
  std::string hc = optional_fields(r.out, "/hc");
  std::string bi = optional_fields(r.out, "/bi");
  EXPECT_EQ(data, "") << "rprivate bind is not private";
  EXPECT_TRUE(hc.rfind("master:", 0) == 0 && hc.find("shared:") == std::string::npos)
      << "rslave bind: " << hc;
  EXPECT_TRUE(bi.rfind("shared:", 0) == 0 && bi.find("master:") == std::string::npos)
      << "rshared bind is not in the host's peer group: " << bi;
  auto host = sys::read_file("/proc/self/mountinfo");
  ASSERT_TRUE(host);
  EXPECT_NE(optional_fields(*host, vol_ + "/sub/m"), "absent")
      << "a mount made under the Bidirectional bind did not reach the host";
}

}  // namespace
}  // namespace hako::testing

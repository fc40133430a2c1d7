// A container with a user namespace mapping root to an unprivileged host range.
#include <gtest/gtest.h>

#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

TEST(UserNamespaceTest, RootMapsToUnprivilegedRange) {
  Sandbox sb;
  sb.config["linux"]["namespaces"].push_back({{"type", "user"}});
  sb.config["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
  sb.config["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 100000}, {"size", 65536}}};
  sb.set_args({"sh", "-c", "id -u; cat /proc/self/uid_map /proc/self/gid_map; stat -c %U /; "
                           "touch /dev/shm/ok && echo writable-shm; cat /dev/null && echo devnull"});
  auto r = sb.run(sb.unique_id("userns"));
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out,
            "0\n         0     100000      65536\n         0     100000      65536\n"
            "nobody\nwritable-shm\ndevnull\n");
}

TEST(UserNamespaceTest, HostSeesTheMappedUid) {
  Sandbox sb;
  sb.config["linux"]["namespaces"].push_back({{"type", "user"}});
  sb.config["linux"]["uidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 1000}}};
  sb.config["linux"]["gidMappings"] = {{{"containerID", 0}, {"hostID", 200000}, {"size", 1000}}};
  sb.set_args({"sleep", "100"});
  sb.write_config();
  std::string id = sb.unique_id("userns-host");
  ASSERT_TRUE(sb.hako({"run", "--detach", "--bundle", sb.bundle(), id}).success());
  pid_t pid = sb.state(id)["pid"].get<pid_t>();
  auto status = subprocess::run({"grep", "^Uid:", "/proc/" + std::to_string(pid) + "/status"});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->out, "Uid:\t200000\t200000\t200000\t200000\n");
  ASSERT_TRUE(sb.hako({"delete", "--force", id}).success());
}

}  // namespace
}  // namespace hako::testing

// A container with a user namespace mapping root to an unprivileged host range.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "runtime/base/sys.h"
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

// An idmapped bind mount (mount_setattr MOUNT_ATTR_IDMAP): files owned by 0 on disk show as
// 1000 in the container, unmapped owners as the overflow id, and the disk is not touched.
TEST(UserNamespaceTest, IdmappedBindMountShowsMappedOwners) {
  Sandbox sb;
  std::string src = sb.dir() + "/idsrc";
  std::filesystem::create_directory(src);
  ASSERT_TRUE(sys::write_file_atomic(src + "/root-owned", "x", 0644));
  ASSERT_TRUE(sys::write_file_atomic(src + "/uid5", "y", 0644));
  ASSERT_EQ(::chown((src + "/root-owned").c_str(), 0, 0), 0);
  ASSERT_EQ(::chown((src + "/uid5").c_str(), 5, 5), 0);
  sb.config["mounts"].push_back({{"destination", "/mnt"}, {"type", "bind"}, {"source", src},
                                 {"options", {"bind", "idmap"}},
                                 {"uidMappings", {{{"containerID", 0}, {"hostID", 1000}, {"size", 1}}}},
                                 {"gidMappings", {{{"containerID", 0}, {"hostID", 1000}, {"size", 1}}}}});
  sb.set_args({"stat", "-c", "%n %u:%g", "/mnt/root-owned", "/mnt/uid5"});
  auto r = sb.run(sb.unique_id("idmap"));
  ASSERT_TRUE(r.success()) << r.err;
  EXPECT_EQ(r.out, "/mnt/root-owned 1000:1000\n/mnt/uid5 65534:65534\n");
  struct stat st;
  ASSERT_EQ(::stat((src + "/root-owned").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u);  // only the view is shifted
}

TEST(UserNamespaceTest, IdmapOnANonBindMountIsAnError) {
  Sandbox sb;
  sb.config["mounts"].push_back({{"destination", "/mnt"}, {"type", "tmpfs"}, {"source", "tmpfs"},
                                 {"options", {"idmap"}}});
  sb.set_args({"true"});
  std::string id = sb.unique_id("idmap-bad");
  auto r = sb.run(id);
  EXPECT_EQ(r.exit_code(), 1);
  EXPECT_NE(r.err.find("idmap is supported on bind mounts only"), std::string::npos) << r.err;
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
}

}  // namespace
}  // namespace hako::testing

// parse_options: OCI/mount(8) option names to mount(2) flags, propagation, mount_setattr
// attributes and the fs-specific data string. One row per case.
#include "runtime/linux/mount_options.h"

#include <sys/mount.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "runtime/linux/missing.h"

namespace hako::mounts {
namespace {

struct Row {
  const char* name;
  std::vector<std::string> options;
  unsigned long flags, clear, propagation;
  uint64_t attr_set, attr_clr;
  std::string data;
  bool tmpcopyup = false, idmap = false, recursive_idmap = false;
};

class ParseOptionsTest : public ::testing::TestWithParam<Row> {};

TEST_P(ParseOptionsTest, Translates) {
  const Row& r = GetParam();
  ParsedOptions p = parse_options(r.options);
  EXPECT_EQ(p.flags, r.flags);
  EXPECT_EQ(p.clear, r.clear);
  EXPECT_EQ(p.propagation, r.propagation);
  EXPECT_EQ(p.attr_set, r.attr_set);
  EXPECT_EQ(p.attr_clr, r.attr_clr);
  EXPECT_EQ(p.data, r.data);
  EXPECT_EQ(p.tmpcopyup, r.tmpcopyup);
  EXPECT_EQ(p.idmap, r.idmap);
  EXPECT_EQ(p.recursive_idmap, r.recursive_idmap);
}

constexpr uint64_t kAtime = MOUNT_ATTR__ATIME;

INSTANTIATE_TEST_SUITE_P(
    Table, ParseOptionsTest,
    ::testing::Values(
        Row{"empty", {}, 0, 0, 0, 0, 0, ""},
        Row{"defaults_is_nothing", {"defaults"}, 0, 0, 0, 0, 0, ""},
        Row{"flags", {"ro", "nosuid", "nodev", "noexec"}, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
            0, 0, 0, 0, ""},
        // The last of a pair wins, and the cleared flag is remembered for remounts.
        Row{"ro_then_rw", {"ro", "rw"}, 0, MS_RDONLY, 0, 0, 0, ""},
        Row{"rw_then_ro", {"rw", "ro"}, MS_RDONLY, 0, 0, 0, 0, ""},
        Row{"atime_family", {"noatime", "nodiratime", "strictatime"},
            MS_NOATIME | MS_NODIRATIME | MS_STRICTATIME, 0, 0, 0, 0, ""},
        Row{"bind", {"bind"}, MS_BIND, 0, 0, 0, 0, ""},
        Row{"rbind", {"rbind", "ro"}, MS_BIND | MS_REC | MS_RDONLY, 0, 0, 0, 0, ""},
        Row{"propagation", {"rprivate"}, 0, 0, MS_PRIVATE | MS_REC, 0, 0, ""},
        Row{"propagation_last_wins", {"shared", "rslave"}, 0, 0, MS_SLAVE | MS_REC, 0, 0, ""},
        Row{"unbindable", {"unbindable"}, 0, 0, MS_UNBINDABLE, 0, 0, ""},
        Row{"recursive_attrs", {"rro", "rnosuid", "rnodev", "rnoexec"}, 0, 0, 0,
            MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, 0, ""},
        Row{"recursive_clear", {"rrw", "rsuid"}, 0, 0, 0, 0, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, ""},
        Row{"recursive_set_then_clear", {"rro", "rrw"}, 0, 0, 0, 0, MOUNT_ATTR_RDONLY, ""},
        // The atime attributes are one field: choosing a mode clears the whole field first.
        Row{"rnoatime", {"rnoatime"}, 0, 0, 0, MOUNT_ATTR_NOATIME, kAtime, ""},
        Row{"rrelatime_then_rstrictatime", {"rrelatime", "rstrictatime"}, 0, 0, 0,
            MOUNT_ATTR_STRICTATIME, kAtime, ""},
        Row{"ratime_clears_field", {"ratime"}, 0, 0, 0, 0, kAtime, ""},
        Row{"data_passthrough", {"mode=755", "size=65536k"}, 0, 0, 0, 0, 0, "mode=755,size=65536k"},
        Row{"data_mixed_with_flags", {"nosuid", "mode=620", "ptmxmode=0666", "newinstance"}, MS_NOSUID,
            0, 0, 0, 0, "mode=620,ptmxmode=0666,newinstance"},
        Row{"empty_option_ignored", {"", "ro"}, MS_RDONLY, 0, 0, 0, 0, ""},
        Row{"tmpcopyup", {"tmpcopyup"}, 0, 0, 0, 0, 0, "", true},
        Row{"idmap", {"bind", "idmap"}, MS_BIND, 0, 0, 0, 0, "", false, true, false},
        Row{"ridmap", {"rbind", "ridmap"}, MS_BIND | MS_REC, 0, 0, 0, 0, "", false, true, true}),
    [](const ::testing::TestParamInfo<Row>& i) { return std::string(i.param.name); });

TEST(KnownOptionNamesTest, ListsEveryTableAndNoData) {
  auto names = known_option_names();
  for (const char* n : {"ro", "rbind", "rprivate", "rro", "rnosymfollow", "tmpcopyup", "defaults"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  // Every listed name is understood: none of them ends up in the fs data string.
  for (const auto& n : names) EXPECT_EQ(parse_options({n}).data, "") << n;
}

}  // namespace
}  // namespace hako::mounts

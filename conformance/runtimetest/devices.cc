// B.4 #10 and #11: the default devices (config-linux.md#default-devices) and linux.devices.
#include <sys/stat.h>

#include <optional>

#include "conformance/runtimetest/util.h"
#include "conformance/runtimetest/validators.h"
#include "runtime/base/str.h"

namespace hako::conformance::runtimetest {

namespace {

struct Device {
  std::string path;
  std::string type;
  std::int64_t major = 0, minor = 0;
  std::optional<std::uint32_t> file_mode, uid, gid;
};

Device from_config(const json& d) {
  Device dev;
  dev.path = str_or(d, "path");
  dev.type = str_or(d, "type");
  dev.major = d.value("major", std::int64_t{0});
  dev.minor = d.value("minor", std::int64_t{0});
  if (d.contains("fileMode")) dev.file_mode = d["fileMode"].get<std::uint32_t>();
  if (d.contains("uid")) dev.uid = d["uid"].get<std::uint32_t>();
  if (d.contains("gid")) dev.gid = d["gid"].get<std::uint32_t>();
  return dev;
}

std::string type_letter(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFCHR: return "c";
    case S_IFBLK: return "b";
    case S_IFIFO: return "p";
    default: return "unmatched";
  }
}

// The device check of B.4 #10, for one device and description `d`.
Status check_device(Checker& c, const Device& dev, SpecCode code, const std::string& d) {
  struct stat st;
  bool exists = ::stat(dev.path.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) return Error::from_errno(errno, str_cat("stat ", dev.path));
  c.ok_level(exists, code, str_cat("has a file at ", d), json{{"path", dev.path}});
  if (!exists) return {};
  std::string want_type = dev.type == "u" ? "c" : dev.type;
  std::string type = type_letter(st.st_mode);
  c.ok_level(type == want_type, code, str_cat(d, " has the expected type"),
             json{{"path", dev.path}, {"expected", want_type}, {"actual", type}});
  if (type != want_type) return {};
  if (type != "p") {
    // glibc's gnu_dev_major/minor formula, as upstream.
    std::uint64_t rdev = st.st_rdev;
    std::int64_t major = static_cast<std::int64_t>((rdev >> 8) & 0xfff);
    std::int64_t minor = static_cast<std::int64_t>((rdev & 0xff) | ((rdev >> 12) & 0xfff00));
    c.ok_level(major == dev.major, code, str_cat(d, " has the expected major ID"),
               json{{"path", dev.path}, {"expected", dev.major}, {"actual", major}});
    c.ok_level(minor == dev.minor, code, str_cat(d, " has the expected minor ID"),
               json{{"path", dev.path}, {"expected", dev.minor}, {"actual", minor}});
  }
  if (!dev.file_mode) {
    c.tap().skip(str_cat(d, " has unconfigured permissions"));
  } else {
    std::uint32_t want = *dev.file_mode & 0777, have = st.st_mode & 0777;
    c.ok_level(want == have, code, str_cat(d, " has the expected permissions"),
               json{{"path", dev.path}, {"expected", want}, {"actual", have}});
  }
  if (d == "/dev/console (default device)") {
    c.tap().todo_fail("we need the major/minor from the controlling TTY");
    return {};
  }
  if (!dev.uid) {
    c.tap().skip(str_cat(d, " has an unconfigured user ID"));
  } else {
    c.ok_level(st.st_uid == *dev.uid, code, str_cat(d, " has the expected user ID"),
               json{{"path", dev.path}, {"expected", *dev.uid}, {"actual", st.st_uid}});
  }
  if (!dev.gid) {
    c.tap().skip(str_cat(d, " has an unconfigured group ID"));
  } else {
    c.ok_level(st.st_gid == *dev.gid, code, str_cat(d, " has the expected group ID"),
               json{{"path", dev.path}, {"expected", *dev.gid}, {"actual", st.st_gid}});
  }
  return {};
}

}  // namespace

Status validate_default_devices(Checker& c, const json& spec) {
  std::vector<Device> devices = {
      {"/dev/null", "c", 1, 3},   {"/dev/zero", "c", 1, 5},    {"/dev/full", "c", 1, 7},
      {"/dev/random", "c", 1, 8}, {"/dev/urandom", "c", 1, 9}, {"/dev/tty", "c", 5, 0},
      {"/dev/ptmx", "c", 5, 2},
  };
  const json& terminal = at(spec, {"process", "terminal"});
  if (terminal.is_boolean() && terminal.get<bool>()) devices.push_back({"/dev/console", "c"});
  for (const auto& dev : devices)
    HAKO_TRY(check_device(c, dev, SpecCode::kDefaultDevices, str_cat(dev.path, " (default device)")));
  return {};
}

Status validate_linux_devices(Checker& c, const json& spec) {
  const json& devices = at(spec, {"linux", "devices"});
  if (devices.is_null()) {
    c.tap().skip("linux.devices is not set");
    return {};
  }
  for (size_t i = 0; i < devices.size(); ++i) {
    Device dev = from_config(devices[i]);
    HAKO_TRY(check_device(c, dev, SpecCode::kDevicesAvailable,
                          str_cat(go_quote(dev.path), " (linux.devices[", i, "])")));
  }
  return {};
}

}  // namespace hako::conformance::runtimetest

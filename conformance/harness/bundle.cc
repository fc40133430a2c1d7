#include "conformance/harness/bundle.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "conformance/common/text.h"
#include "runtime/base/str.h"
#include "runtime/base/subprocess.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

namespace hako::conformance {

std::vector<std::string> mounts_below(std::string_view mountinfo, std::string_view dir) {
  std::vector<std::string> out;
  std::string prefix = std::string(dir);
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  while (!mountinfo.empty()) {
    size_t nl = mountinfo.find('\n');
    std::string_view line = mountinfo.substr(0, nl);
    mountinfo.remove_prefix(nl == std::string_view::npos ? mountinfo.size() : nl + 1);
    // Fields: id parent major:minor root mountpoint options ...
    std::vector<std::string_view> fields = split_fields(line);
    if (fields.size() < 5) continue;
    std::string mp = decode_octal_escapes(fields[4]);
    if (mp == prefix || (mp.size() > prefix.size() && mp.compare(0, prefix.size(), prefix) == 0 &&
                         mp[prefix.size()] == '/'))
      out.push_back(std::move(mp));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

void unmount_below(const std::string& dir) {
  // Stacked mounts on one point need one umount each; a few passes cover that.
  for (int pass = 0; pass < 8; ++pass) {
    auto info = sys::read_file("/proc/self/mountinfo");
    if (!info) return;
    auto points = mounts_below(*info, dir);
    if (points.empty()) return;
    for (const auto& p : points) ::umount2(p.c_str(), MNT_DETACH);
  }
}

Status remove_bundle_dir(const std::string& dir) {
  if (dir.empty()) return {};
  unmount_below(dir);
  return sys::remove_tree(dir);
}

Status copy_file(const std::string& from, const std::string& to) {
  struct stat st;
  if (::stat(from.c_str(), &st) < 0) return Error::from_errno(errno, str_cat("stat ", quote(from)));
  HAKO_ASSIGN_OR_RETURN(std::string data, sys::read_file(from, 256 << 20));
  HAKO_ASSIGN_OR_RETURN(UniqueFd fd, sys::open_at(AT_FDCWD, to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                                                  st.st_mode & 07777));
  HAKO_TRY(sys::write_all(fd.get(), data));
  if (::fchmod(fd.get(), st.st_mode & 07777) < 0)
    return Error::from_errno(errno, str_cat("chmod ", quote(to)));
  return {};
}

Result<std::string> make_temp_dir(const std::string& parent, std::string_view prefix) {
  std::string tmpl = str_cat(parent.empty() ? "/tmp" : parent, "/", prefix, "XXXXXX");
  if (!::mkdtemp(tmpl.data())) return Error::from_errno(errno, str_cat("mkdtemp ", quote(tmpl)));
  return tmpl;
}

Result<Bundle> Bundle::prepare(const Suite& suite) {
  HAKO_ASSIGN_OR_RETURN(std::string dir, make_temp_dir(suite.tmpdir, "ocitest"));
  Bundle b(dir);
  HAKO_ASSIGN_OR_RETURN(subprocess::Outcome o,
                        subprocess::run({"tar", "-xf", suite.rootfs_tarball, "-C", dir}));
  if (!o.success())
    return Error::invalid(str_cat("untar ", quote(suite.rootfs_tarball), ": ", o.describe(), ": ",
                                  o.err, o.out));
  return b;
}

Bundle::~Bundle() {
  if (path_.empty()) return;
  if (auto st = remove_bundle_dir(path_); !st)
    std::fprintf(stderr, "Clean: %s\n", st.error().to_string().c_str());
}

std::string Bundle::file(std::string_view name) const { return str_cat(path_, "/", name); }

Status Bundle::copy_runtimetest(const Suite& suite) const {
  return copy_file(suite.runtimetest, file("runtimetest"));
}

}  // namespace hako::conformance

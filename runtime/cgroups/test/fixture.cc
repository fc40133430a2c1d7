#include "runtime/cgroups/test/fixture.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "runtime/base/sys.h"
#include "runtime/cgroups/fsutil.h"

namespace hako::cgroups::testing {

TmpTree::TmpTree() {
  char tmpl[] = "/tmp/hako-cgroups-test-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
  root_ = tmpl;
}

TmpTree::~TmpTree() { (void)sys::remove_tree(root_); }

std::string TmpTree::path(const std::string& rel) const { return rel.empty() ? root_ : root_ + "/" + rel; }

void TmpTree::dir(const std::string& rel) { (void)sys::mkdir_p(path(rel), 0755); }

void TmpTree::file(const std::string& rel, const std::string& content) {
  auto slash = rel.rfind('/');
  if (slash != std::string::npos) dir(rel.substr(0, slash));
  std::ofstream(path(rel), std::ios::trunc) << content;
}

std::string TmpTree::read(const std::string& rel) const {
  std::ifstream in(path(rel));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool TmpTree::exists(const std::string& rel) const { return ::access(path(rel).c_str(), F_OK) == 0; }

UniqueFd TmpTree::open_dir(const std::string& rel) const {
  return UniqueFd(::open(path(rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

}  // namespace hako::cgroups::testing

namespace hako::cgroups::testing {

WriteLog::WriteLog() {
  fs::internal::set_write_observer(
      [](std::string_view file, std::string_view value, void* ctx) {
        static_cast<WriteLog*>(ctx)->writes_.emplace_back(std::string(file), std::string(value));
      },
      this);
}

WriteLog::~WriteLog() { fs::internal::set_write_observer(nullptr, nullptr); }

std::vector<std::string> WriteLog::values_of(std::string_view file) const {
  std::vector<std::string> out;
  for (const auto& [f, v] : writes_)
    if (f == file) out.push_back(v);
  return out;
}

}  // namespace hako::cgroups::testing

// Test helpers: a temporary directory tree standing in for cgroup directories.
#pragma once

#include <string>

#include "runtime/base/unique_fd.h"

namespace hako::cgroups::testing {

class TmpTree {
 public:
  TmpTree();
  ~TmpTree();
  TmpTree(const TmpTree&) = delete;
  TmpTree& operator=(const TmpTree&) = delete;

  const std::string& root() const { return root_; }
  std::string path(const std::string& rel) const;
  // Creates the file (and its parent directories) with `content`.
  void file(const std::string& rel, const std::string& content = "");
  void dir(const std::string& rel);
  std::string read(const std::string& rel) const;
  bool exists(const std::string& rel) const;
  UniqueFd open_dir(const std::string& rel = "") const;

 private:
  std::string root_;
};

}  // namespace hako::cgroups::testing

#include <string_view>
#include <utility>
#include <vector>

namespace hako::cgroups::testing {

// Records every successful fs::write (file, value) in order while alive: files such as
// devices.allow or io.max take several writes, and a regular fixture file keeps the last only.
class WriteLog {
 public:
  WriteLog();
  ~WriteLog();
  const std::vector<std::pair<std::string, std::string>>& writes() const { return writes_; }
  std::vector<std::string> values_of(std::string_view file) const;

 private:
  std::vector<std::pair<std::string, std::string>> writes_;
};

}  // namespace hako::cgroups::testing

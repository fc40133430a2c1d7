// hako::TestDir — a fresh directory under /tmp for one test, removed with everything in it
// when the test is done (the removal is checked: it exercises sys::remove_tree). Tests only.
#pragma once

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"

namespace hako {

class TestDir {
 public:
  explicit TestDir(std::string_view prefix) {
    std::string tmpl = str_cat("/tmp/", prefix, ".XXXXXX");
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
    EXPECT_FALSE(path_.empty()) << "mkdtemp " << tmpl << ": " << std::strerror(errno);
  }
  ~TestDir() {
    if (!path_.empty()) {
      EXPECT_TRUE(sys::remove_tree(path_)) << path_;
    }
  }
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hako

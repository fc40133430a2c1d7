#include "runtime/base/error.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "runtime/base/result.h"

namespace hako {
namespace {

TEST(ErrorTest, ErrnoErrorRendersStrerrorOnce) {
  Error e = Error::from_errno(ENOENT, "open `/x`");
  EXPECT_EQ(e.code(), ENOENT);
  EXPECT_EQ(e.to_string(), "open `/x`: No such file or directory");
  std::move(e).context("prepare rootfs").context("create `web`");
  EXPECT_EQ(e.to_string(),
            "create `web`: prepare rootfs: open `/x`: No such file or directory");
}

TEST(ErrorTest, InvalidErrorHasNoStrerror) {
  Error e = Error::invalid("process.args: must not be empty");
  EXPECT_EQ(e.code(), EINVAL);
  EXPECT_EQ(e.to_string(), "process.args: must not be empty");
}

TEST(ErrorTest, ZeroErrnoBecomesEio) { EXPECT_EQ(Error::from_errno(0, "x").code(), EIO); }

Result<int> half(int x) {
  if (x % 2) return Error::invalid("odd");
  return x / 2;
}

Result<int> quarter(int x) {
  HAKO_ASSIGN_OR_RETURN(int h, half(x));
  HAKO_ASSIGN_OR_RETURN(int q, half(h));
  return q;
}

Status check_even(int x) {
  HAKO_TRY(half(x));
  return {};
}

TEST(ResultTest, PropagatesValuesAndErrors) {
  ASSERT_TRUE(quarter(8));
  EXPECT_EQ(*quarter(8), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "odd");
  EXPECT_TRUE(check_even(2));
  EXPECT_FALSE(check_even(3));
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

}  // namespace
}  // namespace hako

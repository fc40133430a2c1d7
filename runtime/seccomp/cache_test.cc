#include "runtime/seccomp/cache.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "runtime/seccomp/test_support.h"

namespace hako::seccomp {
namespace {

using testing::must_compile;
using testing::parse_profile;
namespace fs = std::filesystem;

spec::Seccomp deny(const std::string& name, const char* flags = "[]") {
  return parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW", "flags": )", flags,
                               R"(, "syscalls": [{"names": [")", name,
                               R"("], "action": "SCMP_ACT_ERRNO"}]})"));
}

class CacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hako-seccomp-cache-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    opt_.cache_dir = root_ + "/.cache/seccomp";  // created on the first store
  }
  void TearDown() override { fs::remove_all(root_); }
  std::vector<std::string> entries() const {
    std::vector<std::string> v;
    for (const auto& e : fs::directory_iterator(opt_.cache_dir)) v.push_back(e.path().filename());
    std::sort(v.begin(), v.end());
    return v;
  }
  std::string entry_path(const spec::Seccomp& s) const {
    return opt_.cache_dir + "/" + to_hex(internal::cache_key(s, internal::current_env()));
  }
  std::string root_;
  CompileOptions opt_;
};

TEST_F(CacheTest, MissThenHitGivesTheSameProgram) {
  auto s = deny("getcwd");
  CacheStats before = cache_stats();
  Program first = must_compile(s, opt_);
  EXPECT_EQ(first.cache, CacheResult::kMiss);
  Program second = must_compile(s, opt_);
  EXPECT_EQ(second.cache, CacheResult::kHit);
  CacheStats after = cache_stats();
  EXPECT_EQ(after.misses - before.misses, 1u);
  EXPECT_EQ(after.hits - before.hits, 1u);
  EXPECT_EQ(after.stores - before.stores, 1u);
  ASSERT_EQ(first.filter.size(), second.filter.size());
  EXPECT_EQ(0, std::memcmp(first.filter.data(), second.filter.data(),
                           first.filter.size() * sizeof(sock_filter)));
  EXPECT_EQ(first.flags, second.flags);
  EXPECT_EQ(entries(), std::vector<std::string>{fs::path(entry_path(s)).filename()});
  EXPECT_EQ(fs::status(opt_.cache_dir).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST_F(CacheTest, HitKeepsSkippedNamesAndListenerBit) {
  auto s = parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
      {"names": ["getcwd", "no_such_call"], "action": "SCMP_ACT_NOTIFY"}]})");
  Program first = must_compile(s, opt_);
  Program hit = must_compile(s, opt_);
  ASSERT_EQ(hit.cache, CacheResult::kHit);
  EXPECT_TRUE(hit.needs_listener);
  EXPECT_EQ(hit.skipped_syscalls, std::vector<std::string>{"no_such_call"});
  EXPECT_EQ(hit.skipped_syscalls, first.skipped_syscalls);
}

TEST_F(CacheTest, CorruptOrTruncatedEntriesAreRecompiled) {
  auto s = deny("getcwd");
  Program good = must_compile(s, opt_);
  std::string path = entry_path(s);
  auto original = sys::read_file(path);
  ASSERT_TRUE(original);

  std::string flipped = *original;
  flipped[flipped.size() / 2] ^= 0x20;  // one bit in the instructions
  std::string truncated = original->substr(0, original->size() - 9);
  for (const std::string& bad : {flipped, truncated, std::string("garbage"), std::string()}) {
    ASSERT_TRUE(sys::write_file_atomic(path, bad, 0600));
    CacheStats before = cache_stats();
    Program p = must_compile(s, opt_);
    EXPECT_EQ(p.cache, CacheResult::kRepaired) << bad.size();
    EXPECT_EQ(cache_stats().corrupt - before.corrupt, 1u);
    EXPECT_EQ(p.filter.size(), good.filter.size());
    EXPECT_EQ(*sys::read_file(path), *original) << "the entry was rewritten";
    EXPECT_EQ(must_compile(s, opt_).cache, CacheResult::kHit);
  }
}

TEST_F(CacheTest, EntryFromAnotherKeyIsRejected) {
  auto a = deny("getcwd"), b = deny("mkdir");
  must_compile(a, opt_);
  // Put a's (valid) entry under b's name: the key inside the header must not match.
  fs::copy_file(entry_path(a), entry_path(b));
  EXPECT_EQ(must_compile(b, opt_).cache, CacheResult::kRepaired);
}

TEST(CacheKey, CoversProfileFlagsAndEnvironment) {
  auto env = internal::current_env();
  auto key = [&](const spec::Seccomp& s) { return internal::cache_key(s, env); };
  auto base = deny("getcwd");
  EXPECT_EQ(key(base), key(deny("getcwd")));
  EXPECT_NE(key(base), key(deny("mkdir")));
  EXPECT_NE(key(base), key(deny("getcwd", R"(["SECCOMP_FILTER_FLAG_LOG"])")));
  auto errno_ret = base;
  errno_ret.syscalls[0].errno_ret = 1;  // explicit EPERM is still a different input
  EXPECT_NE(key(base), key(errno_ret));
  auto arch = base;
  arch.architectures = {"SCMP_ARCH_X86"};
  EXPECT_NE(key(base), key(arch));
  auto arg = base;
  arg.syscalls[0].args.push_back({0, 1, 0, spec::SeccompOp::kEqualTo});
  auto arg2 = arg;
  arg2.syscalls[0].args[0].op = spec::SeccompOp::kNotEqual;
  EXPECT_NE(key(arg), key(arg2));
  // Length-prefixed: moving a character between two names changes the key.
  auto split1 = base, split2 = base;
  split1.syscalls[0].names = {"ab", "c"};
  split2.syscalls[0].names = {"a", "bc"};
  EXPECT_NE(key(split1), key(split2));

  auto other = env;
  other.kernel_release += "+1";
  EXPECT_NE(internal::cache_key(base, env), internal::cache_key(base, other));
  other = env;
  other.libseccomp_version = "2.6.0";
  EXPECT_NE(internal::cache_key(base, env), internal::cache_key(base, other));
  other = env;
  other.hako_version = "0.0.0-other";
  EXPECT_NE(internal::cache_key(base, env), internal::cache_key(base, other));
}

TEST_F(CacheTest, EvictsLeastRecentlyUsedBeyondTheBound) {
  opt_.cache_max_entries = 3;
  std::vector<spec::Seccomp> profiles;
  for (const char* n : {"getcwd", "mkdir", "rmdir", "chdir", "fchdir"}) profiles.push_back(deny(n));
  // Give each stored entry a distinct, increasing atime (coarse timestamps could tie).
  auto set_atime = [&](const spec::Seccomp& s, time_t t) {
    const struct timespec times[2] = {{t, 0}, {0, UTIME_OMIT}};
    ASSERT_EQ(::utimensat(AT_FDCWD, entry_path(s).c_str(), times, 0), 0);
  };
  for (size_t i = 0; i < 3; ++i) {
    must_compile(profiles[i], opt_);
    set_atime(profiles[i], 1000 + static_cast<time_t>(i));
  }
  // A hit refreshes profile 0's atime, so profile 1 is now the least recently used.
  EXPECT_EQ(must_compile(profiles[0], opt_).cache, CacheResult::kHit);
  CacheStats before = cache_stats();
  must_compile(profiles[3], opt_);
  EXPECT_EQ(cache_stats().evicted - before.evicted, 1u);
  EXPECT_FALSE(sys::path_exists(entry_path(profiles[1])));
  EXPECT_TRUE(sys::path_exists(entry_path(profiles[0])));
  EXPECT_TRUE(sys::path_exists(entry_path(profiles[2])));
  EXPECT_TRUE(sys::path_exists(entry_path(profiles[3])));
  EXPECT_EQ(entries().size(), 3u);
}

TEST_F(CacheTest, StaleTempFilesAreRemoved) {
  must_compile(deny("getcwd"), opt_);
  std::string stale = opt_.cache_dir + "/.tmp-0123456789abcdef-1-0";
  std::string fresh = opt_.cache_dir + "/.tmp-0123456789abcdef-2-0";
  ASSERT_TRUE(sys::write_file_atomic(stale, "x", 0600));
  ASSERT_TRUE(sys::write_file_atomic(fresh, "x", 0600));
  const struct timespec old[2] = {{1000, 0}, {1000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, stale.c_str(), old, 0), 0);
  must_compile(deny("mkdir"), opt_);
  EXPECT_FALSE(sys::path_exists(stale));
  EXPECT_TRUE(sys::path_exists(fresh)) << "a writer may still be using it";
}

TEST_F(CacheTest, UnwritableCacheStillCompiles) {
  opt_.cache_dir = "/dev/null/seccomp";
  CacheStats before = cache_stats();
  Program p = must_compile(deny("getcwd"), opt_);
  EXPECT_FALSE(p.empty());
  EXPECT_EQ(p.cache, CacheResult::kMiss);
  EXPECT_EQ(cache_stats().store_errors - before.store_errors, 1u);
}

TEST(CacheEntry, RoundTripAndRejects) {
  Program p;
  p.filter = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  p.flags = 4;
  p.needs_listener = true;
  p.skipped_syscalls = {"a", "bc"};
  Digest key{}, other{};
  key[0] = 1;
  other[0] = 2;
  std::string e = internal::encode_entry(key, p);
  Program out;
  ASSERT_TRUE(internal::decode_entry(e, key, out));
  EXPECT_EQ(out.flags, 4u);
  EXPECT_TRUE(out.needs_listener);
  EXPECT_EQ(out.skipped_syscalls, p.skipped_syscalls);
  EXPECT_FALSE(internal::decode_entry(e, other, out));
  EXPECT_FALSE(internal::decode_entry(e + "x", key, out));
  EXPECT_FALSE(internal::decode_entry(e.substr(0, e.size() - 1), key, out));
  for (size_t i = 0; i < e.size(); ++i) {
    std::string bad = e;
    bad[i] ^= 1;
    EXPECT_FALSE(internal::decode_entry(bad, key, out)) << "byte " << i;
  }
}

}  // namespace
}  // namespace hako::seccomp

// Argument conditions: every operator, every argument index, 64-bit values, and runc's
// handling of several conditions on one index. The probe is sendto(2): its six arguments are
// all free, and with a first argument that is not an open fd the real call fails with EBADF,
// so errno 77 (the rule's errnoRet) shows exactly when the rule matched.
#include <sys/syscall.h>

#include "runtime/seccomp/test_support.h"

namespace hako::seccomp {
namespace {

using testing::exited_with;
using testing::must_compile;
using testing::parse_profile;
using testing::run_filtered;

constexpr int kMatched = 77;
constexpr uint64_t kNoFd = 4000;  // not an open fd in the child

struct Probe {
  uint64_t a[6] = {kNoFd, 0, 0, 0, 0, 0};
};

bool matched(const Probe& p) {
  errno = 0;
  long r = ::syscall(SYS_sendto, p.a[0], p.a[1], p.a[2], p.a[3], p.a[4], p.a[5]);
  return r < 0 && errno == kMatched;
}

// Loads a rule "sendto with `args` → ERRNO(77)" and reports for each probe whether it matched.
std::vector<bool> run_probes(const std::string& args_json, const std::vector<Probe>& probes) {
  Program p = must_compile(parse_profile(str_cat(R"({"defaultAction": "SCMP_ACT_ALLOW",
      "syscalls": [{"names": ["sendto"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77,
                    "args": )",
                                                 args_json, "}]}")));
  EXPECT_LE(probes.size(), 7u);
  int st = run_filtered(p, [&] {
    int bits = 0;
    for (size_t i = 0; i < probes.size(); ++i)
      if (matched(probes[i])) bits |= 1 << i;
    return bits;
  });
  std::vector<bool> out;
  if (!WIFEXITED(st)) {
    ADD_FAILURE() << "child status " << st;
    return out;
  }
  for (size_t i = 0; i < probes.size(); ++i) out.push_back(WEXITSTATUS(st) & (1 << i));
  return out;
}

Probe with(unsigned index, uint64_t v) {
  Probe p;
  p.a[index] = v;
  return p;
}

struct OpCase {
  const char* op;
  uint64_t value, value_two;
  uint64_t yes, no;  // an argument value that matches, one that does not
};

TEST(Args, EveryOperatorOnEveryIndex) {
  // Values stay above kNoFd so that index 0 is never an open fd.
  const OpCase cases[] = {
      {"SCMP_CMP_EQ", 5005, 0, 5005, 5006},
      {"SCMP_CMP_NE", 5005, 0, 5006, 5005},
      {"SCMP_CMP_LT", 5005, 0, 5004, 5005},
      {"SCMP_CMP_LE", 5005, 0, 5005, 5006},
      {"SCMP_CMP_GE", 5005, 0, 5005, 5004},
      {"SCMP_CMP_GT", 5005, 0, 5006, 5005},
      // value is the mask, valueTwo the expected masked value (libseccomp datum_a/datum_b).
      {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0x1035, 0x1045},
  };
  for (const auto& c : cases) {
    for (unsigned index = 0; index < 6; ++index) {
      std::string args = str_cat(R"([{"index": )", index, R"(, "value": )", c.value,
                                 R"(, "valueTwo": )", c.value_two, R"(, "op": ")", c.op, "\"}]");
      auto got = run_probes(args, {with(index, c.yes), with(index, c.no)});
      EXPECT_EQ(got, (std::vector<bool>{true, false})) << c.op << " index " << index;
    }
  }
}

TEST(Args, SixtyFourBitValuesCompareBothHalves) {
  constexpr uint64_t kBig = 0x100000000ull + 5005;
  auto got = run_probes(R"([{"index": 1, "value": 4294972301, "op": "SCMP_CMP_EQ"}])",
                        {with(1, kBig), with(1, 5005), with(1, 0x200000000ull + 5005)});
  EXPECT_EQ(got, (std::vector<bool>{true, false, false}));
  got = run_probes(R"([{"index": 2, "value": 4294972301, "op": "SCMP_CMP_GT"}])",
                   {with(2, kBig + 1), with(2, 0xffffffffull), with(2, kBig)});
  EXPECT_EQ(got, (std::vector<bool>{true, false, false}));
}

TEST(Args, DistinctIndexesAreAnded) {
  Probe both, first, second;
  both.a[1] = 7;
  both.a[2] = 9;
  first.a[1] = 7;
  second.a[2] = 9;
  auto got = run_probes(R"([{"index": 1, "value": 7, "op": "SCMP_CMP_EQ"},
                            {"index": 2, "value": 9, "op": "SCMP_CMP_EQ"}])",
                        {both, first, second});
  EXPECT_EQ(got, (std::vector<bool>{true, false, false}));
}

TEST(Args, RepeatedIndexSplitsIntoOredRules) {
  // runc (matchCall) and crun: when an index repeats, every condition becomes its own rule,
  // including conditions on other indexes; the syscall matches if any one holds.
  Probe a7, a8, a9, only_idx2;
  a7.a[1] = 7;
  a8.a[1] = 8;
  a9.a[1] = 9;
  only_idx2.a[1] = 9;
  only_idx2.a[2] = 3;
  auto got = run_probes(R"([{"index": 1, "value": 7, "op": "SCMP_CMP_EQ"},
                            {"index": 1, "value": 8, "op": "SCMP_CMP_EQ"},
                            {"index": 2, "value": 3, "op": "SCMP_CMP_EQ"}])",
                        {a7, a8, a9, only_idx2});
  EXPECT_EQ(got, (std::vector<bool>{true, true, false, true}));
}

}  // namespace
}  // namespace hako::seccomp

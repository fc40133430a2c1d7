#include "runtime/cgroups/v2/devices_bpf.h"

#include <gtest/gtest.h>

#include <cstring>

namespace hako::cgroups::v2 {
namespace {

// A tiny interpreter for exactly the instruction forms device_program() emits, so that the
// generated program can be checked against the emulator without root.
int run(const std::vector<bpf_insn>& prog, uint32_t type, uint32_t access, uint32_t major, uint32_t minor) {
  uint32_t ctx[3] = {access << 16 | type, major, minor};
  uint64_t r[11] = {};
  size_t pc = 0;
  for (int steps = 0; steps < 10000 && pc < prog.size(); ++steps) {
    const bpf_insn& i = prog[pc++];
    uint8_t cls = BPF_CLASS(i.code);
    if (cls == BPF_LDX) {
      EXPECT_EQ(i.src_reg, BPF_REG_1);
      r[i.dst_reg] = ctx[i.off / 4];
    } else if (cls == BPF_ALU) {
      uint32_t src = BPF_SRC(i.code) == BPF_X ? static_cast<uint32_t>(r[i.src_reg]) : static_cast<uint32_t>(i.imm);
      uint32_t dst = static_cast<uint32_t>(r[i.dst_reg]);
      switch (BPF_OP(i.code)) {
        case BPF_AND: dst &= src; break;
        case BPF_RSH: dst >>= src; break;
        case BPF_MOV: dst = src; break;
        default: ADD_FAILURE() << "unexpected ALU op"; return -1;
      }
      r[i.dst_reg] = dst;
    } else if (cls == BPF_JMP) {
      if (BPF_OP(i.code) == BPF_EXIT) return static_cast<int>(r[0]);
      EXPECT_EQ(BPF_OP(i.code), BPF_JNE);
      uint64_t src = BPF_SRC(i.code) == BPF_X ? r[i.src_reg] : static_cast<uint64_t>(static_cast<uint32_t>(i.imm));
      if (r[i.dst_reg] != src) pc += i.off;
    } else {
      ADD_FAILURE() << "unexpected instruction class";
      return -1;
    }
  }
  ADD_FAILURE() << "fell off the program";
  return -1;
}

spec::DeviceRule rule(bool allow, std::optional<char> type, std::optional<int64_t> major,
                      std::optional<int64_t> minor, std::string access) {
  spec::DeviceRule r;
  r.allow = allow;
  r.type = type;
  r.major = major;
  r.minor = minor;
  r.access = std::move(access);
  return r;
}

void expect_program_matches_emulator(const std::vector<spec::DeviceRule>& rules) {
  auto emu = DevicesEmulator::from_spec(rules);
  ASSERT_TRUE(emu) << emu.error().to_string();
  auto prog = device_program(*emu);
  int checked = 0;
  for (char type : {'b', 'c'})
    for (uint32_t major : {0u, 1u, 5u, 10u, 136u})
      for (uint32_t minor : {0u, 1u, 3u, 5u, 200u, 229u})
        for (uint8_t acc = 1; acc <= 7; ++acc) {
          uint32_t bacc = (acc & kRead ? BPF_DEVCG_ACC_READ : 0) | (acc & kWrite ? BPF_DEVCG_ACC_WRITE : 0) |
                          (acc & kMknod ? BPF_DEVCG_ACC_MKNOD : 0);
          uint32_t btype = type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
          int got = run(prog, btype, bacc, major, minor);
          ASSERT_EQ(got, emu->allows(type, major, minor, acc) ? 1 : 0)
              << type << ' ' << major << ':' << minor << " acc=" << int(acc);
          ++checked;
        }
  EXPECT_EQ(checked, 2 * 5 * 6 * 7);
}

TEST(DevicesBpf, WhitelistMatchesEmulator) {
  expect_program_matches_emulator({rule(false, std::nullopt, std::nullopt, std::nullopt, "rwm"),
                                   rule(true, 'c', 1, 3, "rwm"), rule(true, 'c', 1, 5, "rw"),
                                   rule(true, 'c', 136, std::nullopt, "rwm"), rule(true, 'b', std::nullopt, std::nullopt, "m"),
                                   rule(true, 'c', 10, 229, "r")});
}

TEST(DevicesBpf, BlacklistMatchesEmulator) {
  expect_program_matches_emulator({rule(false, 'c', 5, 1, "rwm"), rule(false, 'b', 10, std::nullopt, "w")});
}

TEST(DevicesBpf, AllowAllIsTwoInstructionsAfterLoads) {
  auto emu = DevicesEmulator::from_spec({rule(true, 'a', std::nullopt, std::nullopt, "rwm")});
  ASSERT_TRUE(emu);
  auto prog = device_program(*emu);
  EXPECT_EQ(prog.size(), 8u);
  EXPECT_EQ(run(prog, BPF_DEVCG_DEV_CHAR, BPF_DEVCG_ACC_READ, 1, 1), 1);
}

}  // namespace
}  // namespace hako::cgroups::v2

// Test helper: a classic-BPF interpreter over struct seccomp_data, enough for the programs
// libseccomp and stitch() emit, to compare filters on many inputs without loading them.
#pragma once

#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstring>
#include <span>

namespace hako::seccomp::testing {

inline uint32_t run_bpf(std::span<const sock_filter> prog, const seccomp_data& d) {
  uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {};
  auto cond = [&](const sock_filter& in, uint32_t v) {
    switch (BPF_OP(in.code)) {
      case BPF_JEQ:
        return a == v;
      case BPF_JGT:
        return a > v;
      case BPF_JGE:
        return a >= v;
      case BPF_JSET:
        return (a & v) != 0;
    }
    ADD_FAILURE() << "bad jump op " << in.code;
    return false;
  };
  for (size_t pc = 0; pc < prog.size(); ++pc) {
    const sock_filter& in = prog[pc];
    switch (BPF_CLASS(in.code)) {
      case BPF_LD:
        if (in.code == (BPF_LD | BPF_W | BPF_ABS) && in.k % 4 == 0 && in.k < sizeof d)
          std::memcpy(&a, reinterpret_cast<const char*>(&d) + in.k, 4);
        else if (in.code == (BPF_LD | BPF_MEM))
          a = mem[in.k % BPF_MEMWORDS];
        else if (in.code == (BPF_LD | BPF_IMM))
          a = in.k;
        else
          return ADD_FAILURE() << "bad load " << in.code, 0xdeadbeef;
        break;
      case BPF_LDX:
        x = BPF_MODE(in.code) == BPF_MEM ? mem[in.k % BPF_MEMWORDS] : in.k;
        break;
      case BPF_ST:
        mem[in.k % BPF_MEMWORDS] = a;
        break;
      case BPF_STX:
        mem[in.k % BPF_MEMWORDS] = x;
        break;
      case BPF_ALU: {
        uint32_t v = BPF_SRC(in.code) == BPF_X ? x : in.k;
        switch (BPF_OP(in.code)) {
          case BPF_AND:
            a &= v;
            break;
          case BPF_OR:
            a |= v;
            break;
          case BPF_ADD:
            a += v;
            break;
          case BPF_SUB:
            a -= v;
            break;
          default:
            return ADD_FAILURE() << "bad alu " << in.code, 0xdeadbeef;
        }
        break;
      }
      case BPF_JMP:
        if (BPF_OP(in.code) == BPF_JA)
          pc += in.k;
        else
          pc += cond(in, BPF_SRC(in.code) == BPF_X ? x : in.k) ? in.jt : in.jf;
        break;
      case BPF_RET:
        return BPF_RVAL(in.code) == BPF_A ? a : in.k;
      case BPF_MISC:
        if (BPF_MISCOP(in.code) == BPF_TAX)
          x = a;
        else
          a = x;
        break;
    }
  }
  ADD_FAILURE() << "program ran off its end";
  return 0xdeadbeef;
}

}  // namespace hako::seccomp::testing
